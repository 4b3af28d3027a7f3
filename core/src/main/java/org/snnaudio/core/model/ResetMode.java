package org.snnaudio.core.model;

/**
 * What a spiking neuron's membrane does after a spike.
 * NIR's LIF/CubaLIF/IF reset to {@code v_reset} ({@link #TO_RESET}); snnTorch, Talamo's digital
 * neurons and most hardware subtract the threshold ({@link #SUBTRACT}).
 */
public enum ResetMode {
    /** {@code v <- v - v_threshold} (keeps the excess charge). */
    SUBTRACT,
    /** {@code v <- v_reset}. */
    TO_RESET
}
