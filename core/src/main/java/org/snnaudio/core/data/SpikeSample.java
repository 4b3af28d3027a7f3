package org.snnaudio.core.data;

import java.util.Arrays;

/**
 * Spike input as per-step event lists (compressed sparse rows): the events of step {@code t} are
 * {@code channelIndex[stepStart[t] .. stepStart[t+1])}. A channel listed twice in one step counts as
 * two spikes (binned spike trains such as SHD's can hold several spikes per bin). Arrays are owned by
 * the sample and must not be changed after construction.
 */
public record SpikeSample(int[] stepStart, int[] channelIndex, int steps, int channels, int label) implements Sample {
    public SpikeSample {
        if (steps <= 0 || channels <= 0) {
            throw new IllegalArgumentException("sample must have steps > 0 and channels > 0, got " + steps + " x " + channels);
        }
        if (stepStart.length != steps + 1 || stepStart[0] != 0 || stepStart[steps] != channelIndex.length) {
            throw new IllegalArgumentException("stepStart must have steps + 1 = " + (steps + 1)
                    + " entries from 0 to the event count " + channelIndex.length);
        }
        for (int t = 0; t < steps; t++) {
            if (stepStart[t + 1] < stepStart[t]) {
                throw new IllegalArgumentException("stepStart must not decrease (step " + t + ")");
            }
        }
        for (int c : channelIndex) {
            if (c < 0 || c >= channels) {
                throw new IllegalArgumentException("spike channel " + c + " out of range [0, " + channels + ")");
            }
        }
    }

    /** Builds a sample from a dense raster: a value v at (t, c) gives round(v) spikes (v must be >= 0). */
    public static SpikeSample fromRaster(float[] raster, int steps, int channels, int label) {
        if (raster.length != steps * channels) {
            throw new IllegalArgumentException("raster holds " + raster.length + " values, expected " + steps + " x " + channels);
        }
        int[] start = new int[steps + 1];
        int[] idx = new int[16];
        int n = 0;
        for (int t = 0; t < steps; t++) {
            start[t] = n;
            for (int c = 0; c < channels; c++) {
                float v = raster[t * channels + c];
                if (!(v >= 0) || !Float.isFinite(v)) {
                    throw new IllegalArgumentException("spike raster value at step " + t + ", channel " + c
                            + " must be a finite count >= 0, got " + v);
                }
                for (int k = Math.round(v); k > 0; k--) {
                    if (n == idx.length) {
                        idx = Arrays.copyOf(idx, n * 2);
                    }
                    idx[n++] = c;
                }
            }
        }
        start[steps] = n;
        return new SpikeSample(start, Arrays.copyOf(idx, n), steps, channels, label);
    }

    /** Total number of spikes. */
    public int spikeCount() {
        return channelIndex.length;
    }

    @Override
    public float[] toDense() {
        float[] d = new float[steps * channels];
        for (int t = 0; t < steps; t++) {
            for (int e = stepStart[t]; e < stepStart[t + 1]; e++) {
                d[t * channels + channelIndex[e]] += 1f;
            }
        }
        return d;
    }

    @Override
    public Sample withLabel(int newLabel) {
        return new SpikeSample(stepStart, channelIndex, steps, channels, newLabel);
    }
}
