/**
 * The network runtime: layers (dense, diagonal, recurrent), the {@link org.snnaudio.core.nn.Network} with
 * surrogate-gradient BPTT on fast float kernels and a scalar reference engine, traces and streaming
 * inference, and conversion to and from the model graph.
 */
package org.snnaudio.core.nn;
