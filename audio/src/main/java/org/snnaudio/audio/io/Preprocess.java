package org.snnaudio.audio.io;

import org.snnaudio.core.SnnaudioException;

/**
 * Clip-level preparation applied before a frontend, as a plain record so a pipeline config can hold it:
 * resampling to the frontend's rate, fixing the length (Talamo pads and centres to 8000 samples),
 * peak or RMS normalisation, and a final gain (Talamo scales by 32768).
 *
 * @param resample   resample clips whose rate differs from the target; when false such a clip is an error
 * @param length     output length in samples at the target rate; 0 keeps each clip's length
 * @param pad        where a short clip sits inside the fixed length
 * @param crop       which part of a long clip is kept
 * @param normalize  none, peak (max |x| becomes {@code level}) or RMS (RMS becomes {@code level})
 * @param level      target peak or RMS level, full scale = 1
 * @param gain       factor applied last
 */
public record Preprocess(boolean resample, int length, Position pad, Position crop, Normalize normalize, double level,
                         double gain) {

    /** Where a clip sits inside a fixed-length window. */
    public enum Position { START, CENTER, END }

    /** Level normalisation. */
    public enum Normalize { NONE, PEAK, RMS }

    public Preprocess {
        if (length < 0) {
            throw new SnnaudioException("length must be >= 0 samples (0 keeps the clip length), got " + length);
        }
        if (pad == null) {
            pad = Position.CENTER;
        }
        if (crop == null) {
            crop = Position.START;
        }
        if (normalize == null) {
            normalize = Normalize.NONE;
        }
        if (!(level > 0) || !Double.isFinite(level)) {
            throw new SnnaudioException("level must be > 0 (full scale = 1), got " + level);
        }
        if (!(gain > 0) || !Double.isFinite(gain)) {
            throw new SnnaudioException("gain must be > 0, got " + gain);
        }
    }

    /** Resample, keep the length, no normalisation, unit gain. */
    public static Preprocess defaults() {
        return new Preprocess(true, 0, Position.CENTER, Position.START, Normalize.NONE, 1.0, 1.0);
    }

    public Preprocess withLength(int samples) {
        return new Preprocess(resample, samples, pad, crop, normalize, level, gain);
    }

    public Preprocess withGain(double g) {
        return new Preprocess(resample, length, pad, crop, normalize, level, g);
    }

    public Preprocess withNormalize(Normalize n, double lvl) {
        return new Preprocess(resample, length, pad, crop, n, lvl, gain);
    }

    /** Applies resampling, length fixing, normalisation and gain; the input clip is not changed. */
    public AudioClip apply(AudioClip clip, int targetRate) {
        AudioClip c = clip;
        if (c.sampleRate() != targetRate) {
            if (!resample) {
                throw new SnnaudioException(clip.source() + ": sample rate " + c.sampleRate() + " Hz differs from the pipeline's "
                        + targetRate + " Hz (enable resampling or convert the file)");
            }
            c = Resampler.resample(c, targetRate);
        }
        float[] x = length > 0 ? fixLength(c.samples(), length, pad, crop) : c.samples().clone();
        double factor = gain;
        if (normalize != Normalize.NONE) {
            double m = normalize == Normalize.PEAK ? peak(x) : rms(x);
            if (m == 0) {
                throw new SnnaudioException(clip.source() + ": cannot " + normalize.name().toLowerCase(java.util.Locale.ROOT)
                        + "-normalise a silent clip (all samples are zero)");
            }
            factor *= level / m;
        }
        if (factor != 1.0) {
            float f = (float) factor;
            for (int i = 0; i < x.length; i++) {
                x[i] *= f;
            }
        }
        return c.with(x, c.sampleRate());
    }

    /** Pads with zeros or crops {@code x} to exactly {@code n} samples. */
    public static float[] fixLength(float[] x, int n, Position pad, Position crop) {
        float[] out = new float[n];
        if (x.length >= n) {
            int from = switch (crop) {
                case START -> 0;
                case CENTER -> (x.length - n) / 2;
                case END -> x.length - n;
            };
            System.arraycopy(x, from, out, 0, n);
        } else {
            int at = switch (pad) {
                case START -> 0;
                case CENTER -> (n - x.length) / 2;
                case END -> n - x.length;
            };
            System.arraycopy(x, 0, out, at, x.length);
        }
        return out;
    }

    public static double peak(float[] x) {
        double m = 0;
        for (float v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    public static double rms(float[] x) {
        double s = 0;
        for (float v : x) {
            s += (double) v * v;
        }
        return x.length == 0 ? 0 : Math.sqrt(s / x.length);
    }
}
