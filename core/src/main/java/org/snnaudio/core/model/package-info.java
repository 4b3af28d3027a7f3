/**
 * The model vocabulary: NIR-style node records, graphs and their validation. Pure data, no runtime.
 */
package org.snnaudio.core.model;
