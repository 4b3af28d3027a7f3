package org.snnaudio.audio.encode;

import org.snnaudio.audio.frontend.Features;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.data.Sample;

import java.util.SplittableRandom;

/**
 * Runs an {@link EncoderConfig} over frames: offline ({@link #encode}) or frame by frame
 * ({@link #newStream}); both give the same steps. Thread-safe; streams are not.
 */
public final class Encoder {
    private final EncoderConfig config;

    Encoder(EncoderConfig config) {
        this.config = config;
    }

    public EncoderConfig config() {
        return config;
    }

    /** Output channels for the given input channel count. */
    public int channels(int inputChannels) {
        return config.channels(inputChannels);
    }

    /**
     * Encodes a clip's features. {@code key} individualises random encoders per sample (use a hash of the
     * source); deterministic encoders ignore it.
     */
    public Sample encode(Features features, int label, long key) {
        if (features.frames() == 0) {
            throw new SnnaudioException("cannot encode a clip with no frames");
        }
        int c = features.channels();
        SampleBuilder b = new SampleBuilder(config.channels(c));
        EncoderStream s = newStream(c, key);
        float[] frame = new float[c];
        for (int t = 0; t < features.frames(); t++) {
            System.arraycopy(features.values(), t * c, frame, 0, c);
            s.push(frame, b);
        }
        return b.build(label);
    }

    /** A fresh stream with empty state for frames of {@code inputChannels} values. */
    public EncoderStream newStream(int inputChannels, long key) {
        if (inputChannels <= 0) {
            throw new SnnaudioException("encoder input must have > 0 channels, got " + inputChannels);
        }
        return switch (config) {
            case EncoderConfig.IntegrateAndFire c -> new IfStream(c, inputChannels);
            case EncoderConfig.Rate c -> new RateStream(c, inputChannels, key);
            case EncoderConfig.Delta c -> new DeltaStream(c, inputChannels);
            case EncoderConfig.Latency c -> new LatencyStream(c, inputChannels);
            case EncoderConfig.DirectCurrent c -> new DirectStream(c, inputChannels);
            case EncoderConfig.SpikeCounts c -> new CountStream(inputChannels);
        };
    }

    private static void check(float[] frame, int channels) {
        if (frame.length != channels) {
            throw new SnnaudioException("encoder expects frames of " + channels + " channels, got " + frame.length);
        }
        for (int i = 0; i < frame.length; i++) {
            if (!Float.isFinite(frame[i])) {
                throw new SnnaudioException("feature value in channel " + i + " is " + frame[i] + "; features must be finite");
            }
        }
    }

    private static final class IfStream implements EncoderStream {
        private final EncoderConfig.IntegrateAndFire c;
        private final int n;
        private final double[] v;
        private final int[] out;

        IfStream(EncoderConfig.IntegrateAndFire c, int n) {
            this.c = c;
            this.n = n;
            this.v = new double[c.bipolar() ? 2 * n : n];
            this.out = new int[v.length * 8];
        }

        @Override
        public void push(float[] frame, StepSink sink) {
            check(frame, n);
            double th = c.threshold();
            int[] o = out;
            for (int s = 0; s < c.stepsPerFrame(); s++) {
                int k = 0;
                for (int i = 0; i < n; i++) {
                    double drive = c.gain() * (frame[i] - c.offset());
                    k = integrate(i, c.bipolar() ? Math.max(0, drive) : drive, th, o, k);
                    if (c.bipolar()) {
                        k = integrate(n + i, Math.max(0, -drive), th, o, k);
                    }
                }
                sink.spikes(o, k);
            }
        }

        /** One neuron: may fire once per step (the potential keeps the remainder above threshold). */
        private int integrate(int i, double drive, double th, int[] o, int k) {
            double x = Math.max(0, v[i] + drive);
            if (x >= th) {
                x -= th;
                o[k++] = i;
            }
            v[i] = x;
            return k;
        }
    }

    private static final class RateStream implements EncoderStream {
        private final EncoderConfig.Rate c;
        private final int n;
        private final SplittableRandom rnd;
        private int[] out;

        RateStream(EncoderConfig.Rate c, int n, long key) {
            this.c = c;
            this.n = n;
            this.rnd = new SplittableRandom(c.seed() * 0x9E3779B97F4A7C15L ^ key);
            this.out = new int[n * 4];
        }

        @Override
        public void push(float[] frame, StepSink sink) {
            check(frame, n);
            double span = c.high() - c.low();
            for (int s = 0; s < c.stepsPerFrame(); s++) {
                int k = 0;
                for (int i = 0; i < n; i++) {
                    double p = c.maxProbability() * Math.min(1, Math.max(0, (frame[i] - c.low()) / span));
                    if (c.distribution() == EncoderConfig.Distribution.BERNOULLI) {
                        if (rnd.nextDouble() < p) {
                            out[k++] = i;
                        }
                    } else {
                        // Knuth's method: p is a per-step mean, small
                        double l = Math.exp(-p);
                        double prod = rnd.nextDouble();
                        while (prod > l) {
                            if (k == out.length) {
                                out = java.util.Arrays.copyOf(out, out.length * 2);
                            }
                            out[k++] = i;
                            prod *= rnd.nextDouble();
                        }
                    }
                }
                sink.spikes(out, k);
            }
        }
    }

    private static final int[] NONE = new int[0];

    private static final class DeltaStream implements EncoderStream {
        private final EncoderConfig.Delta c;
        private final int n;
        private final double[] ref;
        private int[] out;

        DeltaStream(EncoderConfig.Delta c, int n) {
            this.c = c;
            this.n = n;
            this.ref = new double[n];
            this.out = new int[2 * n];
        }

        @Override
        public void push(float[] frame, StepSink sink) {
            check(frame, n);
            double th = c.threshold();
            int k = 0;
            for (int i = 0; i < n; i++) {
                double d = frame[i] - ref[i];
                if (Math.abs(d) < th) {
                    continue;
                }
                int ch = d > 0 ? i : n + i;
                if (c.sigmaDelta()) {
                    int count = (int) Math.floor(Math.abs(d) / th);
                    if (k + count > out.length) {
                        out = java.util.Arrays.copyOf(out, Math.max(out.length * 2, k + count));
                    }
                    for (int j = 0; j < count; j++) {
                        out[k++] = ch;
                    }
                    ref[i] += Math.signum(d) * count * th;
                } else {
                    out[k++] = ch;
                    ref[i] = frame[i];
                }
            }
            sink.spikes(out, k);
            for (int s = 1; s < c.stepsPerFrame(); s++) {
                sink.spikes(NONE, 0);
            }
        }
    }

    private static final class LatencyStream implements EncoderStream {
        private final EncoderConfig.Latency c;
        private final int n;
        private final int[] stepOf;
        private final int[] out;

        LatencyStream(EncoderConfig.Latency c, int n) {
            this.c = c;
            this.n = n;
            this.stepOf = new int[n];
            this.out = new int[n];
        }

        @Override
        public void push(float[] frame, StepSink sink) {
            check(frame, n);
            int w = c.stepsPerFrame();
            for (int i = 0; i < n; i++) {
                double v = Math.min(1, Math.max(0, (frame[i] - c.low()) / (c.high() - c.low())));
                stepOf[i] = v > c.minValue() ? (int) Math.round((1 - v) * (w - 1)) : -1;
            }
            for (int s = 0; s < w; s++) {
                int k = 0;
                for (int i = 0; i < n; i++) {
                    if (stepOf[i] == s) {
                        out[k++] = i;
                    }
                }
                sink.spikes(out, k);
            }
        }
    }

    private static final class DirectStream implements EncoderStream {
        private final EncoderConfig.DirectCurrent c;
        private final int n;
        private final float[] out;

        DirectStream(EncoderConfig.DirectCurrent c, int n) {
            this.c = c;
            this.n = n;
            this.out = new float[n];
        }

        @Override
        public void push(float[] frame, StepSink sink) {
            check(frame, n);
            for (int i = 0; i < n; i++) {
                out[i] = (float) (c.gain() * (frame[i] - c.offset()));
            }
            for (int s = 0; s < c.stepsPerFrame(); s++) {
                sink.current(out);
            }
        }
    }

    private static final class CountStream implements EncoderStream {
        private final int n;
        private int[] out;

        CountStream(int n) {
            this.n = n;
            this.out = new int[n * 2];
        }

        @Override
        public void push(float[] frame, StepSink sink) {
            check(frame, n);
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (frame[i] < 0) {
                    throw new SnnaudioException("spike count in channel " + i + " must be >= 0, got " + frame[i]);
                }
                int count = Math.round(frame[i]);
                if (k + count > out.length) {
                    out = java.util.Arrays.copyOf(out, Math.max(out.length * 2, k + count));
                }
                for (int j = 0; j < count; j++) {
                    out[k++] = i;
                }
            }
            sink.spikes(out, k);
        }
    }
}
