package org.snnaudio.audio.io;

import org.snnaudio.core.SnnaudioException;

/**
 * Rational-ratio sample-rate conversion with a Kaiser-windowed sinc low-pass in polyphase form. The
 * cut-off sits at {@code rolloff} times the lower of the two Nyquist frequencies, so nothing above the
 * new Nyquist frequency aliases back (stop band about -90 dB with the default settings), and each
 * polyphase branch is normalised to unit DC gain so amplitudes are kept.
 */
public final class Resampler {
    /** Zero crossings of the sinc on each side, at the lower rate. */
    private static final int DEFAULT_HALF_WIDTH = 32;
    private static final double DEFAULT_ROLLOFF = 0.90;
    private static final double KAISER_BETA = 9.0;

    private final int from;
    private final int to;
    private final int up;
    private final int down;
    private final int taps;
    private final int halfTaps;
    /** [up][taps] filter coefficients; phase p holds the taps for output offset p/up. */
    private final float[][] phases;

    public Resampler(int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new SnnaudioException("resampling rates must be > 0 Hz, got " + fromRate + " -> " + toRate);
        }
        this.from = fromRate;
        this.to = toRate;
        int g = gcd(fromRate, toRate);
        this.up = toRate / g;
        this.down = fromRate / g;
        double scale = Math.min(1.0, (double) up / down); // cut-off relative to the input Nyquist
        double cutoff = DEFAULT_ROLLOFF * scale;
        this.halfTaps = (int) Math.ceil(DEFAULT_HALF_WIDTH / scale);
        this.taps = 2 * halfTaps;
        if ((long) up * taps > 50_000_000L) {
            throw new SnnaudioException("resampling " + fromRate + " Hz -> " + toRate + " Hz needs a " + up
                    + "-phase filter; pick rates with a larger common divisor");
        }
        phases = new float[up][taps];
        for (int p = 0; p < up; p++) {
            // output sample lies at input position base + p/up; tap k reads input base - halfTaps + 1 + k
            double frac = (double) p / up;
            double sum = 0;
            double[] h = new double[taps];
            for (int k = 0; k < taps; k++) {
                double t = (k - halfTaps + 1) - frac; // input index minus exact position
                double x = t * cutoff;
                double sinc = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
                double w = kaiser(t / halfTaps);
                h[k] = sinc * w;
                sum += h[k];
            }
            for (int k = 0; k < taps; k++) {
                phases[p][k] = (float) (h[k] / sum);
            }
        }
    }

    private static double kaiser(double r) {
        if (Math.abs(r) >= 1) {
            return 0;
        }
        return bessel0(KAISER_BETA * Math.sqrt(1 - r * r)) / bessel0(KAISER_BETA);
    }

    private static double bessel0(double x) {
        double sum = 1;
        double term = 1;
        for (int k = 1; k < 60; k++) {
            term *= (x / (2 * k)) * (x / (2 * k));
            sum += term;
            if (term < 1e-17 * sum) {
                break;
            }
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** Resamples a clip to {@code toRate}; returns the clip itself when the rate already matches. */
    public static AudioClip resample(AudioClip clip, int toRate) {
        if (clip.sampleRate() == toRate) {
            return clip;
        }
        return clip.with(new Resampler(clip.sampleRate(), toRate).process(clip.samples()), toRate);
    }

    /**
     * Converts a whole signal. The output has {@code ceil(n * to / from)} samples; the signal is taken
     * as zero outside its ends.
     */
    public float[] process(float[] in) {
        int n = in.length;
        int outLen = (int) (((long) n * up + down - 1) / down);
        float[] out = new float[outLen];
        for (int i = 0; i < outLen; i++) {
            long num = (long) i * down;
            int base = (int) (num / up);
            int p = (int) (num % up);
            float[] h = phases[p];
            int start = base - halfTaps + 1;
            float acc = 0;
            if (start >= 0 && start + taps <= n) {
                for (int k = 0; k < taps; k++) {
                    acc += h[k] * in[start + k];
                }
            } else {
                for (int k = 0; k < taps; k++) {
                    int j = start + k;
                    if (j >= 0 && j < n) {
                        acc += h[k] * in[j];
                    }
                }
            }
            out[i] = acc;
        }
        return out;
    }

    public int fromRate() {
        return from;
    }

    public int toRate() {
        return to;
    }
}
