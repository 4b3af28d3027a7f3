package org.snnaudio.audio.frontend;

import org.snnaudio.core.SnnaudioException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cochlea model: a gammatone filterbank (Slaney's "efficient implementation": four cascaded biquads per
 * channel, normalised to unit gain at the centre frequency) on the ERB-rate scale, inner-hair-cell
 * half-wave rectification and power-law compression, and per-channel integrate-and-fire spike generation
 * at audio rate with a refractory period. Frames hold spike counts (or mean drive) per bin; the exact
 * spike times are available through {@link #spikeEvents}.
 */
public final class GammatoneFrontend implements Frontend {
    private static final double EAR_Q = 9.26449;
    private static final double MIN_BW = 24.7;

    private final FrontendConfig.Gammatone config;
    private final int binSamples;
    private final double[] centres;
    /** Per channel: 4 sections x (b0, b1, b2), shared a1, a2. */
    private final double[][] bs;
    private final double[] a1;
    private final double[] a2;
    private final double drivePerSample;
    private final int refractorySamples;
    private final List<String> names;

    /** Spikes of one clip: time in seconds of each spike and its channel, ordered by time. */
    public record SpikeEvents(double[] times, int[] units, int channels) {
    }

    /** Receives each spike as it is generated. */
    @FunctionalInterface
    public interface SpikeListener {
        void spike(long sampleIndex, int channel);
    }

    GammatoneFrontend(FrontendConfig.Gammatone c) {
        this.config = c;
        int n = c.channels();
        this.binSamples = (int) Math.round(c.binSeconds() * c.sampleRate());
        this.drivePerSample = c.maxRate() / c.sampleRate();
        this.refractorySamples = (int) Math.round(c.refractorySeconds() * c.sampleRate());
        centres = new double[n];
        double eLo = erbRate(c.fLow());
        double eHi = erbRate(c.fHigh());
        bs = new double[n][12];
        a1 = new double[n];
        a2 = new double[n];
        double t = 1.0 / c.sampleRate();
        List<String> nm = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double cf = n == 1 ? c.fLow() : erbRateInverse(eLo + (eHi - eLo) * i / (n - 1));
            centres[i] = cf;
            double erb = cf / EAR_Q + MIN_BW;
            double b = 1.019 * 2 * Math.PI * erb;
            double arg = 2 * cf * Math.PI * t;
            double e = Math.exp(b * t);
            double cs = Math.cos(arg);
            double sn = Math.sin(arg);
            double p = Math.sqrt(3 + Math.pow(2, 1.5));
            double m = Math.sqrt(3 - Math.pow(2, 1.5));
            double[] a1x = {
                    -(2 * t * cs / e + 2 * p * t * sn / e) / 2,
                    -(2 * t * cs / e - 2 * p * t * sn / e) / 2,
                    -(2 * t * cs / e + 2 * m * t * sn / e) / 2,
                    -(2 * t * cs / e - 2 * m * t * sn / e) / 2};
            a1[i] = -2 * cs / e;
            a2[i] = Math.exp(-2 * b * t);
            for (int s = 0; s < 4; s++) {
                bs[i][3 * s] = t;
                bs[i][3 * s + 1] = a1x[s];
                bs[i][3 * s + 2] = 0;
            }
            // normalise the cascade to unit gain at the centre frequency, per section
            double g = Math.pow(gainAt(bs[i], a1[i], a2[i], arg), 0.25);
            for (int k = 0; k < 12; k++) {
                bs[i][k] /= g;
            }
            nm.add(String.format(Locale.ROOT, "cf_%.0fHz", cf));
        }
        names = List.copyOf(nm);
    }

    /** |H(e^{jw})| of the four-section cascade. */
    private static double gainAt(double[] b, double a1, double a2, double w) {
        double re = 1;
        double im = 0;
        double c1 = Math.cos(w);
        double s1 = Math.sin(w);
        double c2 = Math.cos(2 * w);
        double s2 = Math.sin(2 * w);
        for (int s = 0; s < 4; s++) {
            // numerator b0 + b1 z^-1 + b2 z^-2, denominator 1 + a1 z^-1 + a2 z^-2 at z = e^{jw}
            double nr = b[3 * s] + b[3 * s + 1] * c1 + b[3 * s + 2] * c2;
            double ni = -b[3 * s + 1] * s1 - b[3 * s + 2] * s2;
            double dr = 1 + a1 * c1 + a2 * c2;
            double di = -a1 * s1 - a2 * s2;
            double d = dr * dr + di * di;
            double hr = (nr * dr + ni * di) / d;
            double hi = (ni * dr - nr * di) / d;
            double r = re * hr - im * hi;
            im = re * hi + im * hr;
            re = r;
        }
        return Math.hypot(re, im);
    }

    /** Glasberg and Moore's ERB-rate scale (number of ERBs below f). */
    static double erbRate(double f) {
        return 21.4 * Math.log10(1 + 0.00437 * f);
    }

    static double erbRateInverse(double e) {
        return (Math.pow(10, e / 21.4) - 1) / 0.00437;
    }

    /** Centre frequencies in hertz, low to high. */
    public double[] centres() {
        return centres.clone();
    }

    @Override
    public FrontendConfig config() {
        return config;
    }

    @Override
    public int sampleRate() {
        return config.sampleRate();
    }

    @Override
    public int channels() {
        return centres.length;
    }

    @Override
    public double framePeriod() {
        return binSamples / (double) config.sampleRate();
    }

    @Override
    public List<String> channelNames() {
        return names;
    }

    @Override
    public List<String> warnings() {
        return List.of();
    }

    @Override
    public FrameStream newStream() {
        return new Stream(null);
    }

    /** A stream that also reports every spike to {@code listener}. */
    public FrameStream newStream(SpikeListener listener) {
        return new Stream(listener);
    }

    /** The exact spike times of a clip (the SHD representation: times in seconds and channel units). */
    public SpikeEvents spikeEvents(float[] audio) {
        if (!config.spikes()) {
            throw new SnnaudioException("gammatone: spikeEvents needs spikes: true");
        }
        List<long[]> ev = new ArrayList<>();
        FrameStream s = newStream((idx, ch) -> ev.add(new long[]{idx, ch}));
        FrameSink none = f -> { };
        s.push(audio, none);
        s.finish(none);
        ev.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
        double[] times = new double[ev.size()];
        int[] units = new int[ev.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = ev.get(i)[0] / (double) config.sampleRate();
            units[i] = (int) ev.get(i)[1];
        }
        return new SpikeEvents(times, units, centres.length);
    }

    private final class Stream implements FrameStream {
        private final int n = centres.length;
        /** 4 sections x 2 state values per channel. */
        private final double[] state = new double[n * 8];
        private final double[] membrane = new double[n];
        private final int[] refractory = new int[n];
        private final double[] acc = new double[n];
        private final SpikeListener listener;
        private float[] pending = new float[0];
        private int inBin;
        private long received;
        private boolean finished;

        Stream(SpikeListener listener) {
            this.listener = listener;
        }

        @Override
        public void push(float[] x, int offset, int length, FrameSink sink) {
            if (finished) {
                throw new SnnaudioException("frontend stream already finished");
            }
            for (int k = 0; k < length; k++) {
                if (!Float.isFinite(x[offset + k])) {
                    throw new SnnaudioException("audio sample " + (received + k) + " is " + x[offset + k] + "; audio must be finite");
                }
            }
            int bins = (inBin + length) / binSamples;
            if (pending.length < bins * n) {
                pending = new float[bins * n];
            }
            double c = config.compression();
            boolean cube = Math.abs(c - 1.0 / 3) < 1e-12;
            boolean spikes = config.spikes();
            for (int ch = 0; ch < n; ch++) {
                double[] b = bs[ch];
                double p1 = a1[ch];
                double p2 = a2[ch];
                int so = ch * 8;
                double z10 = state[so], z11 = state[so + 1], z20 = state[so + 2], z21 = state[so + 3];
                double z30 = state[so + 4], z31 = state[so + 5], z40 = state[so + 6], z41 = state[so + 7];
                double v = membrane[ch];
                int refr = refractory[ch];
                double sum = acc[ch];
                int pos = inBin;
                int bin = 0;
                for (int k = 0; k < length; k++) {
                    double in = x[offset + k];
                    // transposed direct form II, four sections sharing the denominator
                    double y = b[0] * in + z10;
                    z10 = b[1] * in - p1 * y + z11;
                    z11 = b[2] * in - p2 * y;
                    double y2 = b[3] * y + z20;
                    z20 = b[4] * y - p1 * y2 + z21;
                    z21 = b[5] * y - p2 * y2;
                    double y3 = b[6] * y2 + z30;
                    z30 = b[7] * y2 - p1 * y3 + z31;
                    z31 = b[8] * y2 - p2 * y3;
                    double y4 = b[9] * y3 + z40;
                    z40 = b[10] * y3 - p1 * y4 + z41;
                    z41 = b[11] * y3 - p2 * y4;
                    double drive = 0;
                    if (y4 > 0) {
                        drive = cube ? Math.cbrt(y4) : Math.pow(y4, c);
                    }
                    if (spikes) {
                        if (refr > 0) {
                            refr--;
                        } else {
                            v += drive * drivePerSample;
                            if (v >= 1) {
                                v -= 1;
                                sum += 1;
                                refr = refractorySamples;
                                if (listener != null) {
                                    listener.spike(received + k, ch);
                                }
                            }
                        }
                    } else {
                        sum += drive;
                    }
                    if (++pos == binSamples) {
                        pending[bin * n + ch] = (float) (spikes ? sum : sum / binSamples);
                        bin++;
                        sum = 0;
                        pos = 0;
                    }
                }
                state[so] = z10;
                state[so + 1] = z11;
                state[so + 2] = z20;
                state[so + 3] = z21;
                state[so + 4] = z30;
                state[so + 5] = z31;
                state[so + 6] = z40;
                state[so + 7] = z41;
                membrane[ch] = v;
                refractory[ch] = refr;
                acc[ch] = sum;
            }
            inBin = (inBin + length) % binSamples;
            received += length;
            float[] frame = new float[n];
            for (int bi = 0; bi < bins; bi++) {
                System.arraycopy(pending, bi * n, frame, 0, n);
                sink.frame(frame);
            }
        }

        @Override
        public void finish(FrameSink sink) {
            if (finished) {
                return;
            }
            finished = true;
            if (inBin > 0) {
                float[] frame = new float[n];
                for (int ch = 0; ch < n; ch++) {
                    frame[ch] = (float) (config.spikes() ? acc[ch] : acc[ch] / inBin);
                }
                sink.frame(frame);
            }
        }
    }
}
