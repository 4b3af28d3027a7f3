package org.snnaudio.audio.encode;

import org.snnaudio.audio.Check;
import org.snnaudio.core.SnnaudioException;

/**
 * How analog frames become network input, as plain records a pipeline config can hold. Every encoder
 * turns one frame into {@link #stepsPerFrame()} network time steps; spike encoders give
 * {@link org.snnaudio.core.data.SpikeSample}s, {@link DirectCurrent} a
 * {@link org.snnaudio.core.data.DenseSample}.
 */
public sealed interface EncoderConfig {

    /** Stable name of the encoder kind, used as {@code type} in config files. */
    String name();

    /** Network time steps per input frame. */
    int stepsPerFrame();

    /** Output channels for {@code inputChannels} input channels. */
    default int channels(int inputChannels) {
        return inputChannels;
    }

    /** Whether the output is spikes (true) or analog current (false). */
    default boolean spiking() {
        return true;
    }

    /** Builds the encoder. */
    default Encoder create() {
        return new Encoder(this);
    }

    /** Rate-code distribution: at most one spike per step (Bernoulli) or a Poisson count. */
    enum Distribution { BERNOULLI, POISSON }

    /**
     * Talamo's IFEncoder: per channel an integrate-and-fire neuron driven by {@code gain * (x - offset)};
     * it spikes when its potential reaches {@code threshold} and subtracts the threshold; the potential
     * never goes below 0. With {@code bipolar} each input gets an ON channel (positive drive) and an OFF
     * channel (negative drive), channels {@code c} and {@code C + c}.
     */
    record IntegrateAndFire(double threshold, double gain, double offset, int stepsPerFrame, boolean bipolar)
            implements EncoderConfig {
        public IntegrateAndFire {
            Check.positive("threshold", threshold, "");
            Check.positive("gain", gain, "");
            if (!Double.isFinite(offset)) {
                throw new SnnaudioException("offset must be finite, got " + offset);
            }
            Check.positive("stepsPerFrame", stepsPerFrame);
        }

        public static IntegrateAndFire defaults() {
            return new IntegrateAndFire(1.0, 1.0, 0.0, 1, false);
        }

        @Override
        public String name() {
            return "if";
        }

        @Override
        public int channels(int inputChannels) {
            return bipolar ? 2 * inputChannels : inputChannels;
        }
    }

    /**
     * Rate code: value x maps to {@code p = maxProbability * clamp((x - low) / (high - low), 0, 1)}, the
     * per-step spike probability (Bernoulli) or mean count (Poisson). Random draws come from a
     * {@link java.util.SplittableRandom} seeded by {@code seed} and the sample's key, so a sample encodes
     * the same way every time.
     */
    record Rate(Distribution distribution, double maxProbability, double low, double high, int stepsPerFrame, long seed)
            implements EncoderConfig {
        public Rate {
            if (distribution == null) {
                distribution = Distribution.BERNOULLI;
            }
            Check.positive("maxProbability", maxProbability, "");
            if (distribution == Distribution.BERNOULLI && maxProbability > 1) {
                throw new SnnaudioException("maxProbability must be <= 1 for Bernoulli rate coding, got " + maxProbability);
            }
            if (!(high > low)) {
                throw new SnnaudioException("high must be > low = " + low + ", got " + high);
            }
            Check.positive("stepsPerFrame", stepsPerFrame);
        }

        public static Rate defaults() {
            return new Rate(Distribution.BERNOULLI, 1.0, 0.0, 1.0, 10, 42);
        }

        @Override
        public String name() {
            return "rate";
        }
    }

    /**
     * Delta modulation, one UP and one DOWN channel per input ({@code c} and {@code C + c}): a spike when
     * the value moved by at least {@code threshold} from the reference. Plain delta then sets the
     * reference to the value (one spike); {@code sigmaDelta} moves the reference by whole thresholds and
     * emits one spike per threshold crossed, so the spikes integrate back to the signal. The reference
     * starts at 0. Spikes fall on the first step of each frame.
     */
    record Delta(double threshold, boolean sigmaDelta, int stepsPerFrame) implements EncoderConfig {
        public Delta {
            Check.positive("threshold", threshold, "");
            Check.positive("stepsPerFrame", stepsPerFrame);
        }

        public static Delta defaults() {
            return new Delta(0.1, false, 1);
        }

        @Override
        public String name() {
            return "delta";
        }

        @Override
        public int channels(int inputChannels) {
            return 2 * inputChannels;
        }
    }

    /**
     * Latency (time-to-first-spike) code: each frame opens a window of {@code stepsPerFrame} steps; a
     * channel whose normalised value {@code v = clamp((x - low) / (high - low), 0, 1)} exceeds
     * {@code minValue} spikes once, at step {@code round((1 - v) * (stepsPerFrame - 1))}: strong inputs
     * fire early.
     */
    record Latency(int stepsPerFrame, double low, double high, double minValue) implements EncoderConfig {
        public Latency {
            if (stepsPerFrame < 2) {
                throw new SnnaudioException("stepsPerFrame must be >= 2 for latency coding, got " + stepsPerFrame);
            }
            if (!(high > low)) {
                throw new SnnaudioException("high must be > low = " + low + ", got " + high);
            }
            Check.range("minValue", minValue, 0, 1);
        }

        public static Latency defaults() {
            return new Latency(10, 0.0, 1.0, 0.05);
        }

        @Override
        public String name() {
            return "latency";
        }
    }

    /**
     * Direct current: the analog value {@code gain * (x - offset)} fed straight into the first layer (as
     * NWAVE's frontend layer and the whale-call slides do), held for {@code stepsPerFrame} steps.
     */
    record DirectCurrent(double gain, double offset, int stepsPerFrame) implements EncoderConfig {
        public DirectCurrent {
            if (!Double.isFinite(gain) || gain == 0) {
                throw new SnnaudioException("gain must be finite and non-zero, got " + gain);
            }
            if (!Double.isFinite(offset)) {
                throw new SnnaudioException("offset must be finite, got " + offset);
            }
            Check.positive("stepsPerFrame", stepsPerFrame);
        }

        public static DirectCurrent defaults() {
            return new DirectCurrent(1.0, 0.0, 1);
        }

        @Override
        public String name() {
            return "direct";
        }

        @Override
        public boolean spiking() {
            return false;
        }
    }

    /**
     * Frames that already are spike counts (the gammatone cochlea with spikes): each value, a count >= 0,
     * becomes that many spikes in the frame's step.
     */
    record SpikeCounts() implements EncoderConfig {
        public static SpikeCounts defaults() {
            return new SpikeCounts();
        }

        @Override
        public String name() {
            return "counts";
        }

        @Override
        public int stepsPerFrame() {
            return 1;
        }
    }
}
