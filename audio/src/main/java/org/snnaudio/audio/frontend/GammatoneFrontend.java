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
    /** Inner-hair-cell membrane low-pass cut-off in hertz; drive and spikes are computed after it. */
    static final double HAIR_CELL_CUTOFF = 1000.0;
    private final float[] g0;
    private final float[] c1;
    private final float[] c2;
    private final float[] c3;
    private final float[] c4;
    private final float[] fa1;
    private final float[] fa2;
    private final float lpAlpha;
    private final float compression;
    /** Audio samples per hair-cell update (about 4 kHz). */
    private final int decimation;
    private final double drivePerStep;
    private final int refractorySteps;
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
        this.decimation = Math.max(1, (int) Math.round(c.sampleRate() / 4000.0));
        double stepRate = c.sampleRate() / (double) decimation;
        this.drivePerStep = c.maxRate() / stepRate;
        this.refractorySteps = (int) Math.round(c.refractorySeconds() * stepRate);
        this.compression = (float) c.compression();
        this.lpAlpha = (float) (1 - Math.exp(-2 * Math.PI * HAIR_CELL_CUTOFF / c.sampleRate()));
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
        g0 = new float[n];
        c1 = new float[n];
        c2 = new float[n];
        c3 = new float[n];
        c4 = new float[n];
        fa1 = new float[n];
        fa2 = new float[n];
        for (int i = 0; i < n; i++) {
            g0[i] = (float) bs[i][0];
            c1[i] = (float) bs[i][1];
            c2[i] = (float) bs[i][4];
            c3[i] = (float) bs[i][7];
            c4[i] = (float) bs[i][10];
            fa1[i] = (float) a1[i];
            fa2[i] = (float) a2[i];
        }
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

    /**
     * One stream. Channels are processed in pairs over the whole chunk (time in the inner loop, two
     * independent filter cascades interleaved so the CPU overlaps them); the rectified output is
     * smoothed by the hair cell's one-pole low-pass ({@link #HAIR_CELL_CUTOFF}) and every
     * {@code decimation}-th sample the compressed drive feeds the channel's spike generator. Spikes are
     * reported to the listener channel by channel within a chunk (not in time order).
     */
    private final class Stream implements FrameStream {
        private final int n = centres.length;
        /** Per channel: 8 filter states and the low-pass state. */
        private final float[] st = new float[n * 9];
        private final double[] membrane = new double[n];
        private final int[] refractory = new int[n];
        private final double[] acc = new double[n];
        private final SpikeListener listener;
        private float[] pending = new float[0];
        private int inBin;
        private int phase;
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
            int ch = 0;
            for (; ch + 3 < n; ch += 4) {
                runQuad(x, offset, length, ch);
            }
            for (; ch + 1 < n; ch += 2) {
                runPair(x, offset, length, ch);
            }
            if (ch < n) {
                runPair(x, offset, length, ch); // the last channel twice is harmless: state is per channel
            }
            inBin = (inBin + length) % binSamples;
            phase = (phase + length) % decimation;
            received += length;
            float[] frame = new float[n];
            for (int bi = 0; bi < bins; bi++) {
                System.arraycopy(pending, bi * n, frame, 0, n);
                sink.frame(frame);
            }
        }

        /** Four channels a..a+3 in lockstep: four independent cascades keep the floating-point units busy. */
        private void runQuad(float[] x, int offset, int length, int a) {
            int ca = a + 0;
            float ga = g0[ca], k1a = c1[ca], k2a = c2[ca], k3a = c3[ca], k4a = c4[ca], p1a = fa1[ca], p2a = fa2[ca];
            int oa = ca * 9;
            float a10 = st[oa], a11 = st[oa + 1], a20 = st[oa + 2], a21 = st[oa + 3], a30 = st[oa + 4], a31 = st[oa + 5],
                    a40 = st[oa + 6], a41 = st[oa + 7], alp = st[oa + 8];
            int cb = a + 1;
            float gb = g0[cb], k1b = c1[cb], k2b = c2[cb], k3b = c3[cb], k4b = c4[cb], p1b = fa1[cb], p2b = fa2[cb];
            int ob = cb * 9;
            float b10 = st[ob], b11 = st[ob + 1], b20 = st[ob + 2], b21 = st[ob + 3], b30 = st[ob + 4], b31 = st[ob + 5],
                    b40 = st[ob + 6], b41 = st[ob + 7], blp = st[ob + 8];
            int cc = a + 2;
            float gc = g0[cc], k1c = c1[cc], k2c = c2[cc], k3c = c3[cc], k4c = c4[cc], p1c = fa1[cc], p2c = fa2[cc];
            int oc = cc * 9;
            float c10 = st[oc], c11 = st[oc + 1], c20 = st[oc + 2], c21 = st[oc + 3], c30 = st[oc + 4], c31 = st[oc + 5],
                    c40 = st[oc + 6], c41 = st[oc + 7], clp = st[oc + 8];
            int cd = a + 3;
            float gd = g0[cd], k1d = c1[cd], k2d = c2[cd], k3d = c3[cd], k4d = c4[cd], p1d = fa1[cd], p2d = fa2[cd];
            int od = cd * 9;
            float d10 = st[od], d11 = st[od + 1], d20 = st[od + 2], d21 = st[od + 3], d30 = st[od + 4], d31 = st[od + 5],
                    d40 = st[od + 6], d41 = st[od + 7], dlp = st[od + 8];
            float alpha = lpAlpha;
            int ph = phase;
            int pos = inBin;
            int bin = 0;
            for (int k = 0; k < length; k++) {
                float in = x[offset + k];
                float y1a = ga * in + a10;
                float y1b = gb * in + b10;
                float y1c = gc * in + c10;
                float y1d = gd * in + d10;
                a10 = k1a * in - p1a * y1a + a11;
                b10 = k1b * in - p1b * y1b + b11;
                c10 = k1c * in - p1c * y1c + c11;
                d10 = k1d * in - p1d * y1d + d11;
                a11 = -p2a * y1a;
                b11 = -p2b * y1b;
                c11 = -p2c * y1c;
                d11 = -p2d * y1d;
                float y2a = ga * y1a + a20;
                float y2b = gb * y1b + b20;
                float y2c = gc * y1c + c20;
                float y2d = gd * y1d + d20;
                a20 = k2a * y1a - p1a * y2a + a21;
                b20 = k2b * y1b - p1b * y2b + b21;
                c20 = k2c * y1c - p1c * y2c + c21;
                d20 = k2d * y1d - p1d * y2d + d21;
                a21 = -p2a * y2a;
                b21 = -p2b * y2b;
                c21 = -p2c * y2c;
                d21 = -p2d * y2d;
                float y3a = ga * y2a + a30;
                float y3b = gb * y2b + b30;
                float y3c = gc * y2c + c30;
                float y3d = gd * y2d + d30;
                a30 = k3a * y2a - p1a * y3a + a31;
                b30 = k3b * y2b - p1b * y3b + b31;
                c30 = k3c * y2c - p1c * y3c + c31;
                d30 = k3d * y2d - p1d * y3d + d31;
                a31 = -p2a * y3a;
                b31 = -p2b * y3b;
                c31 = -p2c * y3c;
                d31 = -p2d * y3d;
                float y4a = ga * y3a + a40;
                float y4b = gb * y3b + b40;
                float y4c = gc * y3c + c40;
                float y4d = gd * y3d + d40;
                a40 = k4a * y3a - p1a * y4a + a41;
                b40 = k4b * y3b - p1b * y4b + b41;
                c40 = k4c * y3c - p1c * y4c + c41;
                d40 = k4d * y3d - p1d * y4d + d41;
                a41 = -p2a * y4a;
                b41 = -p2b * y4b;
                c41 = -p2c * y4c;
                d41 = -p2d * y4d;
                alp += alpha * (Math.max(y4a, 0f) - alp);
                blp += alpha * (Math.max(y4b, 0f) - blp);
                clp += alpha * (Math.max(y4c, 0f) - clp);
                dlp += alpha * (Math.max(y4d, 0f) - dlp);
                if (++ph == decimation) {
                    ph = 0;
                    hairCell(ca, alp, received + k);
                    hairCell(cb, blp, received + k);
                    hairCell(cc, clp, received + k);
                    hairCell(cd, dlp, received + k);
                }
                if (++pos == binSamples) {
                    pos = 0;
                    pending[bin * n + ca] = binValue(ca, binSamples);
                    pending[bin * n + cb] = binValue(cb, binSamples);
                    pending[bin * n + cc] = binValue(cc, binSamples);
                    pending[bin * n + cd] = binValue(cd, binSamples);
                    bin++;
                }
            }
            st[oa + 0] = a10;
            st[oa + 1] = a11;
            st[oa + 2] = a20;
            st[oa + 3] = a21;
            st[oa + 4] = a30;
            st[oa + 5] = a31;
            st[oa + 6] = a40;
            st[oa + 7] = a41;
            st[oa + 8] = alp;
            st[ob + 0] = b10;
            st[ob + 1] = b11;
            st[ob + 2] = b20;
            st[ob + 3] = b21;
            st[ob + 4] = b30;
            st[ob + 5] = b31;
            st[ob + 6] = b40;
            st[ob + 7] = b41;
            st[ob + 8] = blp;
            st[oc + 0] = c10;
            st[oc + 1] = c11;
            st[oc + 2] = c20;
            st[oc + 3] = c21;
            st[oc + 4] = c30;
            st[oc + 5] = c31;
            st[oc + 6] = c40;
            st[oc + 7] = c41;
            st[oc + 8] = clp;
            st[od + 0] = d10;
            st[od + 1] = d11;
            st[od + 2] = d20;
            st[od + 3] = d21;
            st[od + 4] = d30;
            st[od + 5] = d31;
            st[od + 6] = d40;
            st[od + 7] = d41;
            st[od + 8] = dlp;
        }

        private void runPair(float[] x, int offset, int length, int a) {
            int b = Math.min(a + 1, n - 1);
            boolean twin = b == a;
            float ga = g0[a], gb = g0[b];
            float a1a = c1[a], a2a = c2[a], a3a = c3[a], a4a = c4[a];
            float b1b = c1[b], b2b = c2[b], b3b = c3[b], b4b = c4[b];
            float pa1 = fa1[a], pa2 = fa2[a], pb1 = fa1[b], pb2 = fa2[b];
            int sa = a * 9;
            int sb = b * 9;
            float u10 = st[sa], u11 = st[sa + 1], u20 = st[sa + 2], u21 = st[sa + 3], u30 = st[sa + 4], u31 = st[sa + 5],
                    u40 = st[sa + 6], u41 = st[sa + 7], ulp = st[sa + 8];
            float v10 = st[sb], v11 = st[sb + 1], v20 = st[sb + 2], v21 = st[sb + 3], v30 = st[sb + 4], v31 = st[sb + 5],
                    v40 = st[sb + 6], v41 = st[sb + 7], vlp = st[sb + 8];
            float alpha = lpAlpha;
            int ph = phase;
            int pos = inBin;
            int bin = 0;
            for (int k = 0; k < length; k++) {
                float in = x[offset + k];
                float ya1 = ga * in + u10;
                float yb1 = gb * in + v10;
                u10 = a1a * in - pa1 * ya1 + u11;
                v10 = b1b * in - pb1 * yb1 + v11;
                u11 = -pa2 * ya1;
                v11 = -pb2 * yb1;
                float ya2 = ga * ya1 + u20;
                float yb2 = gb * yb1 + v20;
                u20 = a2a * ya1 - pa1 * ya2 + u21;
                v20 = b2b * yb1 - pb1 * yb2 + v21;
                u21 = -pa2 * ya2;
                v21 = -pb2 * yb2;
                float ya3 = ga * ya2 + u30;
                float yb3 = gb * yb2 + v30;
                u30 = a3a * ya2 - pa1 * ya3 + u31;
                v30 = b3b * yb2 - pb1 * yb3 + v31;
                u31 = -pa2 * ya3;
                v31 = -pb2 * yb3;
                float ya4 = ga * ya3 + u40;
                float yb4 = gb * yb3 + v40;
                u40 = a4a * ya3 - pa1 * ya4 + u41;
                v40 = b4b * yb3 - pb1 * yb4 + v41;
                u41 = -pa2 * ya4;
                v41 = -pb2 * yb4;
                ulp += alpha * (Math.max(ya4, 0f) - ulp);
                vlp += alpha * (Math.max(yb4, 0f) - vlp);
                if (++ph == decimation) {
                    ph = 0;
                    hairCell(a, ulp, received + k);
                    if (!twin) {
                        hairCell(b, vlp, received + k);
                    }
                }
                if (++pos == binSamples) {
                    pos = 0;
                    pending[bin * n + a] = binValue(a, binSamples);
                    if (!twin) {
                        pending[bin * n + b] = binValue(b, binSamples);
                    }
                    bin++;
                }
            }
            st[sa] = u10;
            st[sa + 1] = u11;
            st[sa + 2] = u20;
            st[sa + 3] = u21;
            st[sa + 4] = u30;
            st[sa + 5] = u31;
            st[sa + 6] = u40;
            st[sa + 7] = u41;
            st[sa + 8] = ulp;
            if (!twin) {
                st[sb] = v10;
                st[sb + 1] = v11;
                st[sb + 2] = v20;
                st[sb + 3] = v21;
                st[sb + 4] = v30;
                st[sb + 5] = v31;
                st[sb + 6] = v40;
                st[sb + 7] = v41;
                st[sb + 8] = vlp;
            }
        }

        private float binValue(int ch, int samples) {
            double v = config.spikes() ? acc[ch] : acc[ch] / binSteps(samples);
            acc[ch] = 0;
            return (float) v;
        }

        /** Compression and spike generation of one channel at the decimated rate. */
        private void hairCell(int ch, float v, long sampleIndex) {
            boolean spikes = config.spikes();
            if (spikes && refractory[ch] > 0) {
                // the drive is not used while refractory, so its power law is not computed
                refractory[ch]--;
                return;
            }
            double drive = v > 0 ? (compression == 1f ? v : FastLog.pow(v, compression)) : 0;
            if (!spikes) {
                acc[ch] += drive;
                return;
            }
            double m = membrane[ch] + drive * drivePerStep;
            if (m >= 1) {
                m -= 1;
                acc[ch] += 1;
                refractory[ch] = refractorySteps;
                if (listener != null) {
                    listener.spike(sampleIndex, ch);
                }
            }
            membrane[ch] = m;
        }

        /** Hair-cell updates that fall in a bin of {@code samples} audio samples (for the analog mean). */
        private double binSteps(int samples) {
            return Math.max(1.0, samples / (double) decimation);
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
                    frame[ch] = binValue(ch, inBin);
                }
                sink.frame(frame);
            }
        }
    }
}
