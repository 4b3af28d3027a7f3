/**
 * snnaudio's file formats: the versioned, checksummed model file with provenance
 * ({@link org.snnaudio.core.io.ModelFile}), the container envelope shared with checkpoints, atomic
 * writes and deterministic dataset hashes.
 */
package org.snnaudio.core.io;
