package org.snnaudio.cli.pipeline;

import org.snnaudio.audio.frontend.Features;
import org.snnaudio.cli.config.PipelineConfig.EncoderConfig;

/**
 * Per-recording feature processing between the frontend and the feature scaler: mean removal
 * ({@code encoder.mean_norm}), division by the standard deviation ({@code encoder.var_norm}; both together
 * are CMVN) and appended time differences ({@code encoder.deltas}). Both training and prediction call
 * {@link #apply}, so a saved model processes new recordings exactly as its training data.
 */
public final class FeatureTransform {
    /** Frames either side of the delta regression (HTK's and Kaldi's default window of 2). */
    public static final int DELTA_WINDOW = 2;
    /** Smallest standard deviation divided by: a constant channel stays constant instead of blowing up. */
    static final double MIN_STD = 1e-3;

    private FeatureTransform() {
    }

    /** Channels after {@link #apply} for {@code channels} frontend channels. */
    public static int channels(int channels, EncoderConfig e) {
        return channels * (1 + e.deltas());
    }

    /** Whether {@link #apply} changes anything for these settings. */
    public static boolean active(EncoderConfig e) {
        return e.meanNorm() || e.varNorm() || e.deltas() > 0;
    }

    /** The features after the per-recording normalisation and deltas {@code e} asks for (unchanged when none). */
    public static Features apply(Features f, EncoderConfig e) {
        if (!active(e) || f.frames() == 0) {
            return e.deltas() > 0 && f.frames() == 0
                    ? new Features(new float[0], 0, channels(f.channels(), e), f.framePeriod()) : f;
        }
        int n = f.frames();
        int c = f.channels();
        float[] v = f.values().clone();
        if (e.meanNorm() || e.varNorm()) {
            normalise(v, n, c, e.meanNorm(), e.varNorm());
        }
        if (e.deltas() == 0) {
            return new Features(v, n, c, f.framePeriod());
        }
        float[] d1 = delta(v, n, c);
        float[] d2 = e.deltas() >= 2 ? delta(d1, n, c) : null;
        int oc = channels(c, e);
        float[] out = new float[n * oc];
        for (int t = 0; t < n; t++) {
            System.arraycopy(v, t * c, out, t * oc, c);
            System.arraycopy(d1, t * c, out, t * oc + c, c);
            if (d2 != null) {
                System.arraycopy(d2, t * c, out, t * oc + 2 * c, c);
            }
        }
        return new Features(out, n, oc, f.framePeriod());
    }

    /** Per-channel mean removal and/or division by the standard deviation over the frames, in place. */
    static void normalise(float[] v, int n, int c, boolean mean, boolean variance) {
        for (int k = 0; k < c; k++) {
            double s = 0;
            for (int t = 0; t < n; t++) {
                s += v[t * c + k];
            }
            double m = s / n;
            double ss = 0;
            for (int t = 0; t < n; t++) {
                double d = v[t * c + k] - m;
                ss += d * d;
            }
            double scale = variance ? 1 / Math.max(MIN_STD, Math.sqrt(ss / n)) : 1;
            double shift = mean ? m : 0;
            for (int t = 0; t < n; t++) {
                v[t * c + k] = (float) ((v[t * c + k] - shift) * scale);
            }
        }
    }

    /**
     * Time differences by regression over +-{@value #DELTA_WINDOW} frames,
     * {@code d_t = sum_k k (x_{t+k} - x_{t-k}) / (2 sum_k k^2)}, with the edge frames repeated.
     */
    static float[] delta(float[] v, int n, int c) {
        float[] d = new float[v.length];
        double norm = 0;
        for (int k = 1; k <= DELTA_WINDOW; k++) {
            norm += 2.0 * k * k;
        }
        for (int t = 0; t < n; t++) {
            for (int ch = 0; ch < c; ch++) {
                double s = 0;
                for (int k = 1; k <= DELTA_WINDOW; k++) {
                    int after = Math.min(n - 1, t + k);
                    int before = Math.max(0, t - k);
                    s += k * (v[after * c + ch] - v[before * c + ch]);
                }
                d[t * c + ch] = (float) (s / norm);
            }
        }
        return d;
    }
}
