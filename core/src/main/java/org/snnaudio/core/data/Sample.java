package org.snnaudio.core.data;

/**
 * One labelled example as the network sees it: {@code steps} time steps of {@code channels} inputs.
 * Analog inputs (filterbank, MFCC, direct current) are {@link DenseSample}s; spikes are
 * {@link SpikeSample}s, stored as event lists so the engine touches only the inputs that fired.
 */
public sealed interface Sample permits DenseSample, SpikeSample {
    /** Number of time steps. */
    int steps();

    /** Number of input channels. */
    int channels();

    /** Class index in [0, classes), or -1 when unlabelled. */
    int label();

    /** The sample as a dense, row-major [steps x channels] array (a fresh copy the caller owns). */
    float[] toDense();

    /** The same data with another label. */
    Sample withLabel(int label);
}
