package org.snnaudio.audio.encode;

/**
 * Receives an encoder's output one network time step at a time. Spike encoders call {@link #spikes},
 * the direct-current encoder calls {@link #current}; arrays are valid only during the call.
 */
public interface StepSink {
    /** The channels that spiked in this step: {@code channels[0..count)} (a channel may repeat). */
    void spikes(int[] channels, int count);

    /** The analog input of this step. */
    void current(float[] values);
}
