package org.snnaudio.audio.frontend;

import org.snnaudio.core.SnnaudioException;

/**
 * A frontend's output: a row-major [frames x channels] array, one row every {@code framePeriod}
 * seconds. The array is owned by this record and must not be changed after construction.
 */
public record Features(float[] values, int frames, int channels, double framePeriod) {
    public Features {
        if (frames < 0 || channels <= 0 || values.length != (long) frames * channels) {
            throw new SnnaudioException("features must hold frames x channels = " + frames + " x " + channels
                    + " values, got " + values.length);
        }
        if (!(framePeriod > 0)) {
            throw new SnnaudioException("framePeriod must be > 0 s, got " + framePeriod);
        }
    }

    /** Value of frame {@code t}, channel {@code c}. */
    public float get(int t, int c) {
        return values[t * channels + c];
    }

    /** A copy of frame {@code t}. */
    public float[] frame(int t) {
        float[] f = new float[channels];
        System.arraycopy(values, t * channels, f, 0, channels);
        return f;
    }
}
