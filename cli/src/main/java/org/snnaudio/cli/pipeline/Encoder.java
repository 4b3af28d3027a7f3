package org.snnaudio.cli.pipeline;

import org.snnaudio.cli.config.PipelineConfig.EncoderConfig;

import java.util.SplittableRandom;

/**
 * Turns scaled feature frames into network input steps, frame by frame with its state kept between
 * frames, so that a stream of frames gives exactly what a whole clip gives. Each frame becomes
 * {@code stepsPerFrame} steps. Spiking encoders emit 0/1 values (counts), {@code direct} the analog value.
 *
 * <ul>
 *   <li>{@code if}: per channel {@code v += gain x}; a spike when {@code v >= threshold}, then {@code v -= threshold}
 *       (Talamo's IFEncoder).</li>
 *   <li>{@code rate}: a spike with probability {@code min(1, gain x)} per step, from a seeded stream.</li>
 *   <li>{@code delta}: two channels per feature (up, down); on a frame's first step an up (down) spike when the
 *       feature rose (fell) by at least {@code threshold} since the last spike, which moves the reference.</li>
 *   <li>{@code latency}: one spike per frame and channel, earlier for larger values; none for {@code x <= 0}.</li>
 *   <li>{@code direct}: the value {@code gain x} as an input current on every step.</li>
 * </ul>
 */
public final class Encoder {
    private final EncoderConfig config;
    private final int channels;

    public Encoder(EncoderConfig config, int channels) {
        this.config = config;
        this.channels = channels;
    }

    /** Network input channels for {@code channels} features (delta doubles them). */
    public int outputChannels() {
        return config.type().equals("delta") ? 2 * channels : channels;
    }

    /** Whether the output is spikes (else analog currents). */
    public boolean spiking() {
        return !config.type().equals("direct");
    }

    public int stepsPerFrame() {
        return config.stepsPerFrame();
    }

    /** A fresh encoder state. */
    public Stream newStream() {
        return new Stream();
    }

    /** Encoder state of one signal; not thread-safe. */
    public final class Stream {
        private final double[] v = new double[channels];
        private final double[] ref = new double[channels];
        private boolean first = true;
        private final SplittableRandom rnd = new SplittableRandom(config.seed());

        /**
         * Encodes one frame of scaled features into {@code stepsPerFrame} rows of
         * {@link #outputChannels()} values written to {@code out} from {@code offset}.
         */
        public void frame(float[] x, float[] out, int offset) {
            int oc = outputChannels();
            int k = config.stepsPerFrame();
            double gain = config.gain();
            double thr = config.threshold();
            java.util.Arrays.fill(out, offset, offset + k * oc, 0f);
            switch (config.type()) {
                case "if" -> {
                    for (int s = 0; s < k; s++) {
                        for (int c = 0; c < channels; c++) {
                            v[c] += gain * x[c];
                            if (v[c] >= thr) {
                                out[offset + s * oc + c] = 1f;
                                v[c] -= thr;
                            }
                        }
                    }
                }
                case "rate" -> {
                    for (int s = 0; s < k; s++) {
                        for (int c = 0; c < channels; c++) {
                            double p = Math.min(1, Math.max(0, gain * x[c]));
                            if (rnd.nextDouble() < p) {
                                out[offset + s * oc + c] = 1f;
                            }
                        }
                    }
                }
                case "delta" -> {
                    for (int c = 0; c < channels; c++) {
                        double val = gain * x[c];
                        if (first) {
                            ref[c] = val;
                            continue;
                        }
                        if (val - ref[c] >= thr) {
                            out[offset + c] = 1f;
                            ref[c] += thr * Math.floor((val - ref[c]) / thr);
                        } else if (ref[c] - val >= thr) {
                            out[offset + channels + c] = 1f;
                            ref[c] -= thr * Math.floor((ref[c] - val) / thr);
                        }
                    }
                    first = false;
                }
                case "latency" -> {
                    for (int c = 0; c < channels; c++) {
                        double val = Math.min(1, gain * x[c]);
                        if (val > 0) {
                            int step = (int) Math.floor((1 - val) * (k - 1) + 1e-9);
                            out[offset + step * oc + c] = 1f;
                        }
                    }
                }
                case "direct" -> {
                    for (int s = 0; s < k; s++) {
                        for (int c = 0; c < channels; c++) {
                            out[offset + s * oc + c] = (float) (gain * x[c]);
                        }
                    }
                }
                default -> throw new IllegalStateException("encoder " + config.type() + " has no frame encoding");
            }
        }
    }
}
