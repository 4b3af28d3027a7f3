package org.snnaudio.core.data;

/**
 * Analog input: a row-major [steps x channels] array of values. The array is owned by the sample
 * and must not be changed after construction (it is not copied, to keep large datasets cheap).
 */
public record DenseSample(float[] values, int steps, int channels, int label) implements Sample {
    public DenseSample {
        if (steps <= 0 || channels <= 0) {
            throw new IllegalArgumentException("sample must have steps > 0 and channels > 0, got " + steps + " x " + channels);
        }
        if (values.length != steps * channels) {
            throw new IllegalArgumentException("sample holds " + values.length + " values, expected steps x channels = "
                    + steps + " x " + channels);
        }
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("sample value at step " + (i / channels) + ", channel " + (i % channels)
                        + " is not finite: " + values[i]);
            }
        }
    }

    /** Value at step {@code t}, channel {@code c}. */
    public float get(int t, int c) {
        return values[t * channels + c];
    }

    @Override
    public float[] toDense() {
        return values.clone();
    }

    @Override
    public Sample withLabel(int newLabel) {
        return new DenseSample(values, steps, channels, newLabel);
    }
}
