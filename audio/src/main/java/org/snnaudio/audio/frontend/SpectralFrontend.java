package org.snnaudio.audio.frontend;

import org.jtransforms.fft.FloatFFT_1D;
import org.snnaudio.audio.frontend.FrontendConfig.LogScale;
import org.snnaudio.audio.frontend.FrontendConfig.MelNorm;
import org.snnaudio.audio.frontend.FrontendConfig.MelScale;
import org.snnaudio.audio.frontend.FrontendConfig.Window;
import org.snnaudio.core.SnnaudioException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * STFT, mel spectrogram and MFCC frontends: frames of {@code nFft} samples every {@code hop} samples
 * (reflect-padded by nFft/2 when centred, as torch.stft does), windowed, real FFT (JTransforms),
 * magnitude or power, then optionally mel filters, log/dB and an orthonormal DCT-II.
 */
final class SpectralFrontend implements Frontend {
    private static final float AMIN = 1e-10f;
    private static final float LOG_OFFSET = 1e-6f;

    private final FrontendConfig config;
    private final int sampleRate;
    private final int nFft;
    private final int hop;
    private final boolean center;
    private final double power;
    private final LogScale log;
    private final double topDb;
    /** 10 log10(2) for power, 20 log10(2) for magnitude (AmplitudeToDB's multiplier), so dB come from log2. */
    private final float dbLog2;
    private final float[] window;
    /**
     * Even nFft: the frame is transformed as nFft/2 complex points (JTransforms' complex FFT, which is
     * what its real FFT does inside) and the real spectrum's power is taken straight from that packed
     * output in one pass ({@link Stream#halfPower}); cos/sin of 2 pi k / nFft for k in [0, nFft/4].
     */
    private final boolean packed;
    private final float[] twCos;
    private final float[] twSin;
    private final MelFilters mel;
    /** [nMfcc x nMels] row-major, or null. */
    private final float[] dct;
    private final int nMfcc;
    private final int channels;
    private final List<String> names;

    SpectralFrontend(FrontendConfig.Stft c) {
        this(c, c.sampleRate(), c.nFft(), c.winLength(), c.hop(), c.window(), c.center(), c.power(), c.log(), 0,
                0, 0, 0, null, null, 0);
    }

    SpectralFrontend(FrontendConfig.MelSpectrogram c) {
        this(c, c.sampleRate(), c.nFft(), c.winLength(), c.hop(), c.window(), c.center(), c.power(), c.log(), c.topDb(),
                c.nMels(), c.fMin(), c.fMax(), c.melScale(), c.melNorm(), 0);
    }

    SpectralFrontend(FrontendConfig.Mfcc c) {
        this(c, c.sampleRate(), c.nFft(), c.winLength(), c.hop(), c.window(), c.center(), 2.0, c.log(), c.topDb(),
                c.nMels(), c.fMin(), c.fMax(), c.melScale(), c.melNorm(), c.nMfcc());
    }

    private SpectralFrontend(FrontendConfig config, int sampleRate, int nFft, int winLength, int hop, Window window,
                             boolean center, double power, LogScale log, double topDb, int nMels, double fMin,
                             double fMax, MelScale melScale, MelNorm melNorm, int nMfcc) {
        this.config = config;
        this.sampleRate = sampleRate;
        this.nFft = nFft;
        this.hop = hop;
        this.center = center;
        this.power = power;
        this.log = log;
        this.topDb = topDb;
        this.dbLog2 = (float) ((power == 1 ? 20 : 10) * Math.log10(2));
        int nFreqs = nFft / 2 + 1;
        this.packed = (nFft & 1) == 0 && nFft >= 4;
        float[] w = window(window, winLength == 0 ? nFft : winLength, nFft);
        if (packed) {
            // halving the window (exact in binary) halves the spectrum, which is the 1/2 of the real-FFT split
            for (int i = 0; i < w.length; i++) {
                w[i] *= 0.5f;
            }
        }
        this.window = w;
        int quarter = nFft / 4 + 1;
        this.twCos = new float[quarter];
        this.twSin = new float[quarter];
        for (int k = 0; k < quarter; k++) {
            twCos[k] = (float) Math.cos(2 * Math.PI * k / nFft);
            twSin[k] = (float) Math.sin(2 * Math.PI * k / nFft);
        }
        this.mel = nMels > 0 ? new MelFilters(sampleRate, nFreqs, nMels, fMin, fMax == 0 ? sampleRate / 2 : fMax,
                melScale, melNorm) : null;
        this.nMfcc = nMfcc;
        this.dct = nMfcc > 0 ? dct(nMfcc, nMels) : null;
        this.channels = nMfcc > 0 ? nMfcc : nMels > 0 ? nMels : nFreqs;
        List<String> n = new ArrayList<>(channels);
        for (int i = 0; i < channels; i++) {
            if (nMfcc > 0) {
                n.add("mfcc_" + i);
            } else if (nMels > 0) {
                n.add(String.format(Locale.ROOT, "mel_%d_%.0fHz", i, mel.centres[i]));
            } else {
                n.add(String.format(Locale.ROOT, "bin_%d_%.0fHz", i, i * (double) sampleRate / nFft));
            }
        }
        this.names = List.copyOf(n);
    }

    /** Periodic window of length winLength, zero-padded symmetrically to nFft (as torch.stft does). */
    static float[] window(Window kind, int winLength, int nFft) {
        float[] w = new float[nFft];
        int left = (nFft - winLength) / 2;
        for (int i = 0; i < winLength; i++) {
            double x = 2 * Math.PI * i / winLength;
            double v = switch (kind) {
                case HANN -> 0.5 - 0.5 * Math.cos(x);
                case HAMMING -> 0.54 - 0.46 * Math.cos(x);
                case RECTANGULAR -> 1.0;
            };
            w[left + i] = (float) v;
        }
        return w;
    }

    /** torchaudio's create_dct(nMfcc, nMels, "ortho"), transposed to [nMfcc x nMels]. */
    static float[] dct(int nMfcc, int nMels) {
        float[] d = new float[nMfcc * nMels];
        for (int k = 0; k < nMfcc; k++) {
            double scale = Math.sqrt(2.0 / nMels) * (k == 0 ? 1 / Math.sqrt(2) : 1);
            for (int n = 0; n < nMels; n++) {
                d[k * nMels + n] = (float) (scale * Math.cos(Math.PI / nMels * (n + 0.5) * k));
            }
        }
        return d;
    }

    @Override
    public FrontendConfig config() {
        return config;
    }

    @Override
    public int sampleRate() {
        return sampleRate;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public double framePeriod() {
        return hop / (double) sampleRate;
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
        if (topDb > 0) {
            throw new SnnaudioException(config.name() + ": topDb " + topDb + " clamps to the whole clip's maximum and cannot"
                    + " be streamed; set topDb: 0 for streaming");
        }
        return new Stream(Math.max(4 * nFft, 4096), 64);
    }

    @Override
    public Features process(float[] audio) {
        // frames are windowed straight out of the clip (no copy of the signal); only the frames that reach
        // into the reflect padding are assembled in a small buffer. Same values as the stream gives.
        checkFinite(audio, 0, audio.length, 0);
        int pad = center ? nFft / 2 : 0;
        int n = audio.length;
        if (center && n <= pad) {
            throw tooShortCentred(n);
        }
        if (!center && n < nFft) {
            throw tooShortUncentred(n);
        }
        long padded = n + 2L * pad;
        long count = 1 + (padded - nFft) / hop;
        if (count > Integer.MAX_VALUE / Math.max(channels, mel == null ? 1 : mel.weights.length)) {
            throw new SnnaudioException("audio of " + n + " samples gives too many frames (" + count + ") for one array");
        }
        int frames = (int) count;
        FrameCollector c = new FrameCollector(channels, frames);
        Stream s = new Stream(0, frames);
        float[] edge = new float[nFft];
        for (int t = 0; t < frames; t++) {
            long from = (long) t * hop - pad;
            if (from >= 0 && from + nFft <= n) {
                s.frame(audio, (int) from, c);
            } else {
                for (int j = 0; j < nFft; j++) {
                    long i = from + j;
                    // torch.stft's reflect padding: x[-i] on the left, x[2(n-1) - i] on the right
                    edge[j] = audio[(int) (i < 0 ? -i : i >= n ? 2L * (n - 1) - i : i)];
                }
                s.frame(edge, 0, c);
            }
        }
        s.finished = true;
        if (s.melRows != null) {
            s.flushTopDb(c);
        }
        Features f = c.features(framePeriod());
        if (topDb > 0 && dct == null && f.frames() > 0) {
            clampTopDb(f);
        }
        return f;
    }

    /** Throws when a sample is NaN or infinite, naming it ({@code first} is the index of samples[offset]). */
    private static void checkFinite(float[] samples, int offset, int length, long first) {
        // a max reduction the JIT vectorises; NaN and infinities make it fail, then the slow loop names the sample
        float peak = 0f;
        for (int i = 0; i < length; i++) {
            peak = Math.max(peak, Math.abs(samples[offset + i]));
        }
        if (!(peak <= Float.MAX_VALUE)) {
            for (int i = 0; i < length; i++) {
                float x = samples[offset + i];
                if (!Float.isFinite(x)) {
                    throw new SnnaudioException("audio sample " + (first + i) + " is " + x + "; audio must be finite");
                }
            }
        }
    }

    private SnnaudioException tooShortCentred(long received) {
        return new SnnaudioException("audio of " + received + " samples is too short for centred frames with nFft "
                + nFft + " (reflect padding needs more than " + nFft / 2 + " samples)");
    }

    private SnnaudioException tooShortUncentred(long received) {
        return new SnnaudioException("audio of " + received + " samples is shorter than one frame (nFft " + nFft + ")");
    }

    /** torchaudio's AmplitudeToDB top_db: values below (clip maximum - topDb) are raised to it. */
    private void clampTopDb(Features f) {
        float[] v = f.values();
        if (dct == null) {
            float max = Float.NEGATIVE_INFINITY;
            for (float x : v) {
                max = Math.max(max, x);
            }
            float floor = (float) (max - topDb);
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.max(v[i], floor);
            }
            return;
        }
    }

    /** One stream: buffers the (padded) signal and turns each complete window into a frame. */
    private final class Stream implements FrameStream {
        private final FloatFFT_1D fft = new FloatFFT_1D(packed ? nFft / 2 : nFft);
        private final float[] frameBuf = new float[nFft];
        private final float[] spec = new float[nFft / 2 + 1];
        private final float[] melOut = mel == null ? null : new float[mel.weights.length];
        private final float[] out = new float[channels];
        private final float[] dctSum = mel == null ? null : new float[mel.weights.length / 2 + 1];
        private final float[] dctDiff = mel == null ? null : new float[mel.weights.length / 2 + 1];
        private final float[] dctSum2 = mel == null ? null : new float[mel.weights.length / 4 + 1];
        private final float[] dctDiff2 = mel == null ? null : new float[mel.weights.length / 4 + 1];

        /** A stream whose buffers start with room for {@code samples} padded samples and {@code frames} frames. */
        Stream(int samples, int frames) {
            buf = new float[Math.max(samples, 2 * nFft)];
            melRows = topDb > 0 && dct != null ? new float[Math.max(1, frames) * mel.weights.length] : null;
        }
        /** Padded signal not yet consumed; buf[0] is padded position {@code base}. */
        private float[] buf;
        private int len;
        private long base;
        private long nextFrameStart;
        private long received;
        private boolean started;
        boolean finished;
        /** The first nFft/2 + 1 samples, needed for the left reflection. */
        private final float[] head = new float[nFft / 2 + 1];
        private int headLen;
        /** Last nFft/2 + 1 samples seen, for the right reflection. */
        private final float[] tail = new float[nFft / 2 + 1];
        /** dB mel rows kept for the whole-clip top-dB clamp (MFCC with topDb > 0 only), row after row. */
        float[] melRows;
        private int melRowCount;

        @Override
        public void push(float[] samples, int offset, int length, FrameSink sink) {
            if (finished) {
                throw new SnnaudioException("frontend stream already finished");
            }
            checkFinite(samples, offset, length, received);
            updateTail(samples, offset, length);
            int pad = nFft / 2;
            int i = 0;
            if (center && !started) {
                while (i < length && headLen < head.length) {
                    head[headLen++] = samples[offset + i++];
                }
                if (headLen < head.length) {
                    received += length;
                    return;
                }
                // left reflection: x[pad], ..., x[1]
                for (int k = pad; k >= 1; k--) {
                    append(head[k]);
                }
                for (int k = 0; k < headLen; k++) {
                    append(head[k]);
                }
                started = true;
            } else if (!center) {
                started = true;
            }
            if (i < length) {
                appendBulk(samples, offset + i, length - i);
            }
            received += length;
            emit(sink);
        }

        private void updateTail(float[] samples, int offset, int length) {
            int t = tail.length;
            if (length >= t) {
                System.arraycopy(samples, offset + length - t, tail, 0, t);
            } else {
                System.arraycopy(tail, length, tail, 0, t - length);
                System.arraycopy(samples, offset, tail, t - length, length);
            }
        }

        private void append(float x) {
            if (len == buf.length) {
                int drop = (int) Math.min(len, Math.max(0, nextFrameStart - base));
                if (drop > len / 2) {
                    System.arraycopy(buf, drop, buf, 0, len - drop);
                    len -= drop;
                    base += drop;
                } else {
                    buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                }
            }
            buf[len++] = x;
        }

        private void appendBulk(float[] src, int from, int n) {
            if (len + n > buf.length) {
                int drop = (int) Math.min(len, Math.max(0, nextFrameStart - base));
                System.arraycopy(buf, drop, buf, 0, len - drop);
                len -= drop;
                base += drop;
                if (len + n > buf.length) {
                    buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
                }
            }
            System.arraycopy(src, from, buf, len, n);
            len += n;
        }

        private void emit(FrameSink sink) {
            while (nextFrameStart + nFft <= base + len) {
                frame(buf, (int) (nextFrameStart - base), sink);
                nextFrameStart += hop;
            }
        }

        @Override
        public void finish(FrameSink sink) {
            if (finished) {
                return;
            }
            finished = true;
            int pad = nFft / 2;
            if (center) {
                if (received <= pad) {
                    throw tooShortCentred(received);
                }
                if (!started) {
                    for (int k = pad; k >= 1; k--) {
                        append(head[k]);
                    }
                    for (int k = 0; k < headLen; k++) {
                        append(head[k]);
                    }
                    started = true;
                }
                // right reflection: x[n-2], ..., x[n-1-pad]; tail holds the last pad + 1 samples
                int t = tail.length;
                for (int k = 1; k <= pad; k++) {
                    append(tail[t - 1 - k]);
                }
                emit(sink);
            } else {
                if (received < nFft) {
                    throw tooShortUncentred(received);
                }
                emit(sink);
            }
            if (melRows != null) {
                flushTopDb(sink);
            }
        }

        /** One frame from {@code b[at .. at + nFft)}. */
        void frame(float[] b, int at, FrameSink sink) {
            float[] f = frameBuf;
            float[] w = window;
            // copy, then multiply in place: with source and target at the same index the JIT can prove the
            // loop free of overlap and uses SIMD (b[at + k] into f[k] it cannot, b might be f)
            System.arraycopy(b, at, f, 0, nFft);
            for (int k = 0; k < nFft; k++) {
                f[k] *= w[k];
            }
            int half = nFft / 2;
            if (packed) {
                // the unscaled inverse transform is the forward one read backwards, Y[k] = Z[M-k], and runs
                // a little faster in JTransforms (no conjugating bit reversal)
                fft.complexInverse(f, false);
                halfPower(f);
            } else {
                fft.realForward(f);
                spec[0] = mag(f[0], 0);
            }
            if (packed) {
                if (power != 2) {
                    for (int k = 0; k <= half; k++) {
                        spec[k] = (float) Math.sqrt(spec[k]);
                    }
                }
            } else if ((nFft & 1) == 0) {
                for (int k = 1; k < half; k++) {
                    spec[k] = mag(f[2 * k], f[2 * k + 1]);
                }
                spec[half] = mag(f[1], 0);
            } else {
                for (int k = 1; k < half; k++) {
                    spec[k] = mag(f[2 * k], f[2 * k + 1]);
                }
                spec[half] = mag(f[nFft - 1], f[1]);
            }
            if (mel == null) {
                compress(spec, out, spec.length);
                sink.frame(out);
                return;
            }
            mel.apply(spec, melOut);
            if (dct == null) {
                compress(melOut, out, melOut.length);
                sink.frame(out);
                return;
            }
            compress(melOut, melOut, melOut.length);
            if (melRows != null) {
                int nm = melOut.length;
                if ((melRowCount + 1) * nm > melRows.length) {
                    melRows = java.util.Arrays.copyOf(melRows, Math.max(melRows.length * 2, (melRowCount + 1) * nm));
                }
                System.arraycopy(melOut, 0, melRows, melRowCount * nm, nm);
                melRowCount++;
                return;
            }
            dctFrame(melOut, sink);
        }

        /**
         * DCT-II using the basis symmetry cos(pi k (N - 1 - n + 0.5) / N) = (-1)^k cos(pi k (n + 0.5) / N):
         * even coefficients see m[n] + m[N-1-n], odd ones m[n] - m[N-1-n], halving the multiplications
         * (and, when N is a multiple of 4, halving them again for the even ones).
         */
        private void dctFrame(float[] m, FrameSink sink) {
            int nm = m.length;
            int half = nm / 2;
            float[] sum = dctSum;
            float[] diff = dctDiff;
            for (int n = 0; n < half; n++) {
                float a = m[n];
                float b = m[nm - 1 - n];
                sum[n] = a + b;
                diff[n] = a - b;
            }
            float mid = (nm & 1) == 1 ? m[half] : 0f;
            float[] d = dct;
            float[] o = out;
            boolean quarter = (nm & 3) == 0;
            int q = half / 2;
            if (quarter) {
                // even coefficients are a half-length DCT-II of sum[], symmetric again about nm/4
                float[] s2 = dctSum2;
                float[] d2 = dctDiff2;
                for (int n = 0; n < q; n++) {
                    float a = sum[n];
                    float b = sum[half - 1 - n];
                    s2[n] = a + b;
                    d2[n] = a - b;
                }
            }
            if (quarter) {
                dotRows(0, 4, dctSum2, q, nm);
                dotRows(2, 4, dctDiff2, q, nm);
            } else {
                dotRows(0, 2, sum, half, nm);
            }
            dotRows(1, 2, diff, half, nm);
            if ((nm & 1) == 1) {
                for (int k = 0; k < nMfcc; k++) {
                    o[k] += d[k * nm + half] * mid;
                }
            }
            sink.frame(o);
        }

        /**
         * out[k] = dot(dct row k, v[0..len)) for k = first, first + step, ... below nMfcc: four rows per pass
         * over v, so each v[n] is loaded once for four products and the four sums run in parallel.
         */
        private void dotRows(int first, int step, float[] v, int len, int nm) {
            float[] d = dct;
            float[] o = out;
            int k = first;
            for (; k + 3 * step < nMfcc; k += 4 * step) {
                int r0 = k * nm;
                int r1 = r0 + step * nm;
                int r2 = r1 + step * nm;
                int r3 = r2 + step * nm;
                float a0 = 0;
                float a1 = 0;
                float a2 = 0;
                float a3 = 0;
                for (int n = 0; n < len; n++) {
                    float x = v[n];
                    a0 = Math.fma(d[r0 + n], x, a0);
                    a1 = Math.fma(d[r1 + n], x, a1);
                    a2 = Math.fma(d[r2 + n], x, a2);
                    a3 = Math.fma(d[r3 + n], x, a3);
                }
                o[k] = a0;
                o[k + step] = a1;
                o[k + 2 * step] = a2;
                o[k + 3 * step] = a3;
            }
            for (; k < nMfcc; k += step) {
                int row = k * nm;
                float a0 = 0;
                float a1 = 0;
                int n = 0;
                for (; n + 1 < len; n += 2) {
                    a0 += d[row + n] * v[n];
                    a1 += d[row + n + 1] * v[n + 1];
                }
                if (n < len) {
                    a0 += d[row + n] * v[n];
                }
                o[k] = a0 + a1;
            }
        }

        void flushTopDb(FrameSink sink) {
            int nm = melOut.length;
            int total = melRowCount * nm;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < total; i++) {
                max = Math.max(max, melRows[i]);
            }
            float floor = (float) (max - topDb);
            float[] m = melOut;
            for (int r = 0; r < melRowCount; r++) {
                // copy, then clamp in place (same index on both sides, so the clamp is SIMD)
                System.arraycopy(melRows, r * nm, m, 0, nm);
                for (int i = 0; i < nm; i++) {
                    m[i] = Math.max(m[i], floor);
                }
                dctFrame(m, sink);
            }
            melRowCount = 0;
        }

        /**
         * Power spectrum of the real frame from Z = FFT(z), z[j] = x[2j] + i x[2j+1], M = nFft/2 points,
         * given as the unscaled inverse FFT of z (so Z[k] is at index M - k). With E = Z[k] + conj(Z[M-k]) and T = W^k (-i)(Z[k] - conj(Z[M-k])), W = exp(-2 pi i / nFft),
         * X[k] = (E + T)/2 and X[M-k] = conj(E - T)/2, so each pair of bins comes from one pair of loads.
         * The frame was windowed with half the window, which supplies the 1/2.
         */
        private void halfPower(float[] z) {
            int m = nFft / 2;
            float[] p = spec;
            float[] cs = twCos;
            float[] sn = twSin;
            float r0 = z[0];
            float i0 = z[1];
            // the window was halved, so X[k] = E + T with no further scaling
            float dc = 2 * (r0 + i0);
            float ny = 2 * (r0 - i0);
            p[0] = dc * dc;
            p[m] = ny * ny;
            int q = m / 2;
            // odd M: the loop's last k = q pairs bin q with bin q + 1 (the twiddle tables reach nFft/4)
            for (int k = 1, end = (m + 1) / 2; k < end; k++) {
                float ar = z[2 * (m - k)];
                float ai = z[2 * (m - k) + 1];
                float br = z[2 * k];
                float bi = z[2 * k + 1];
                float er = ar + br;
                float ei = ai - bi;
                // O = -i (a - conj b) = (ai + bi, br - ar); T = W^k O with W^k = c - i s
                float or = ai + bi;
                float oi = br - ar;
                float c = cs[k];
                float sv = sn[k];
                float tr = Math.fma(c, or, sv * oi);
                float ti = Math.fma(c, oi, -(sv * or));
                float ur = er + tr;
                float ui = ei + ti;
                float vr = er - tr;
                float vi = ei - ti;
                p[k] = Math.fma(ur, ur, ui * ui);
                p[m - k] = Math.fma(vr, vr, vi * vi);
            }
            if ((m & 1) == 0) {
                // k = M/2: W^k = -i and Z[k] pairs with itself, X[k] = 2 conj(Z[k])
                float ar = z[m];
                float ai = z[m + 1];
                p[q] = 4 * (ar * ar + ai * ai);
            }
        }

        private float mag(float re, float im) {
            float p = re * re + im * im;
            return power == 2 ? p : (float) Math.sqrt(p);
        }

        private void compress(float[] in, float[] o, int n) {
            switch (log) {
                case NONE -> System.arraycopy(in, 0, o, 0, n);
                case DB -> {
                    float k = dbLog2;
                    for (int i = 0; i < n; i++) {
                        o[i] = k * FastLog.log2(Math.max(in[i], AMIN));
                    }
                }
                case LOG -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = FastLog.ln(in[i] + LOG_OFFSET);
                    }
                }
            }
        }
    }
}
