package org.snnaudio.core.nn;

/** How a layer's input reaches its neurons. */
public enum Synapse {
    /** All-to-all weights, parameter shape {@code [in, out]} (one row per presynaptic input). */
    DENSE,
    /** One weight per channel ({@code in == out}), NWAVE's one-to-one frontend synapse. */
    DIAGONAL
}
