package org.snnaudio.cli.pipeline;

import org.snnaudio.core.SnnaudioException;

import java.util.Locale;

/**
 * Per-channel scaling of frontend features to about [0, 1] with statistics of the training set:
 * {@code x' = clamp(0.5 + (x - mean) / (4 std), 0, 1)}, so two standard deviations either side of the
 * mean span the range. Stored with the model so new recordings are scaled exactly as training data were.
 *
 * @param mean per-channel mean
 * @param std  per-channel standard deviation (> 0)
 */
public record FeatureScaler(float[] mean, float[] std) {
    public FeatureScaler {
        if (mean.length != std.length) {
            throw new SnnaudioException("feature scaler: " + mean.length + " means but " + std.length + " deviations");
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Statistics of {@code frames} (each [channels]). */
    public static FeatureScaler fit(Iterable<float[]> frames, int channels) {
        double[] s = new double[channels];
        double[] ss = new double[channels];
        long n = 0;
        for (float[] f : frames) {
            for (int c = 0; c < channels; c++) {
                s[c] += f[c];
                ss[c] += (double) f[c] * f[c];
            }
            n++;
        }
        if (n == 0) {
            throw new SnnaudioException("feature scaler: no frames to fit");
        }
        float[] m = new float[channels];
        float[] d = new float[channels];
        for (int c = 0; c < channels; c++) {
            double mu = s[c] / n;
            double var = Math.max(0, ss[c] / n - mu * mu);
            m[c] = (float) mu;
            d[c] = (float) Math.max(Math.sqrt(var), 1e-6);
        }
        return new FeatureScaler(m, d);
    }

    /** Scales one frame in place. */
    public void apply(float[] frame) {
        for (int c = 0; c < mean.length; c++) {
            float v = 0.5f + (frame[c] - mean[c]) / (4 * std[c]);
            frame[c] = v < 0 ? 0 : v > 1 ? 1 : v;
        }
    }

    public int channels() {
        return mean.length;
    }

    /** Text form for model metadata. */
    public String encode() {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < mean.length; c++) {
            if (c > 0) {
                sb.append(';');
            }
            sb.append(Float.toString(mean[c])).append(',').append(Float.toString(std[c]));
        }
        return sb.toString();
    }

    /** Parses {@link #encode()}'s form. */
    public static FeatureScaler decode(String s) {
        String[] parts = s.split(";");
        float[] m = new float[parts.length];
        float[] d = new float[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                String[] p = parts[i].split(",");
                m[i] = Float.parseFloat(p[0]);
                d[i] = Float.parseFloat(p[1]);
            }
        } catch (RuntimeException e) {
            throw new SnnaudioException("model metadata: feature scaler is corrupt (" + e.getMessage() + ")", e);
        }
        return new FeatureScaler(m, d);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "FeatureScaler[%d channels]", mean.length);
    }
}
