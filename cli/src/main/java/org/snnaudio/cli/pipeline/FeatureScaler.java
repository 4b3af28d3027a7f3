package org.snnaudio.cli.pipeline;

import org.snnaudio.core.SnnaudioException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Per-channel scaling of frontend features to [0, 1] with percentiles of the training set:
 * {@code x' = clamp((x - low) / (high - low), 0, 1)} with {@code low} the 1st and {@code high} the 99th
 * percentile of the channel. Percentiles, not mean and deviation, because clips padded with silence
 * make feature distributions bimodal, and a mean-based scale would squash all speech frames into
 * the top of the range. Stored with the model so new recordings are scaled exactly as training data.
 *
 * @param low  per-channel value mapped to 0
 * @param high per-channel value mapped to 1 (> low)
 */
public record FeatureScaler(float[] low, float[] high) {
    /** Lower percentile of the fit. */
    public static final double LOW_PERCENTILE = 0.01;
    /** Upper percentile of the fit. */
    public static final double HIGH_PERCENTILE = 0.99;
    /** Most frames a fit uses (evenly picked from more). */
    static final int MAX_FRAMES = 200_000;

    public FeatureScaler {
        if (low.length != high.length) {
            throw new SnnaudioException("feature scaler: " + low.length + " lows but " + high.length + " highs");
        }
        low = low.clone();
        high = high.clone();
        for (int c = 0; c < low.length; c++) {
            if (!(high[c] > low[c])) {
                throw new SnnaudioException("feature scaler: channel " + c + " high " + high[c] + " must be > low " + low[c]);
            }
        }
    }

    /** Percentiles of {@code frames} (each [channels]); at most 200000 frames, evenly picked, are used. */
    public static FeatureScaler fit(List<float[]> frames, int channels) {
        if (frames.isEmpty()) {
            throw new SnnaudioException("feature scaler: no frames to fit");
        }
        List<float[]> use = frames;
        if (frames.size() > MAX_FRAMES) {
            use = new ArrayList<>(MAX_FRAMES);
            double step = frames.size() / (double) MAX_FRAMES;
            for (int i = 0; i < MAX_FRAMES; i++) {
                use.add(frames.get((int) (i * step)));
            }
        }
        float[] lo = new float[channels];
        float[] hi = new float[channels];
        float[] col = new float[use.size()];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < col.length; i++) {
                col[i] = use.get(i)[c];
            }
            Arrays.sort(col);
            lo[c] = col[(int) Math.floor(LOW_PERCENTILE * (col.length - 1))];
            hi[c] = col[(int) Math.ceil(HIGH_PERCENTILE * (col.length - 1))];
            if (!(hi[c] > lo[c])) {
                // a constant channel: any unit range maps it to 0 and keeps it silent
                hi[c] = lo[c] + Math.max(1e-6f, Math.abs(lo[c]) * 1e-6f);
            }
        }
        return new FeatureScaler(lo, hi);
    }

    /** Scales one frame in place. */
    public void apply(float[] frame) {
        for (int c = 0; c < low.length; c++) {
            float v = (frame[c] - low[c]) / (high[c] - low[c]);
            frame[c] = v < 0 ? 0 : v > 1 ? 1 : v;
        }
    }

    public int channels() {
        return low.length;
    }

    /** Text form for model metadata. */
    public String encode() {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < low.length; c++) {
            if (c > 0) {
                sb.append(';');
            }
            sb.append(Float.toString(low[c])).append(',').append(Float.toString(high[c]));
        }
        return sb.toString();
    }

    /** Parses {@link #encode()}'s form. */
    public static FeatureScaler decode(String s) {
        String[] parts = s.split(";");
        float[] lo = new float[parts.length];
        float[] hi = new float[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                String[] p = parts[i].split(",");
                lo[i] = Float.parseFloat(p[0]);
                hi[i] = Float.parseFloat(p[1]);
            }
        } catch (RuntimeException e) {
            throw new SnnaudioException("model metadata: feature scaler is corrupt (" + e.getMessage() + ")", e);
        }
        return new FeatureScaler(lo, hi);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureScaler f && Arrays.equals(low, f.low) && Arrays.equals(high, f.high);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(low) + Arrays.hashCode(high);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "FeatureScaler[%d channels]", low.length);
    }
}
