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
    /** Samples per push when processing a whole clip. */
    private static final int OFFLINE_BLOCK = 8192;

    private final FrontendConfig config;
    private final int sampleRate;
    private final int nFft;
    private final int hop;
    private final boolean center;
    private final double power;
    private final LogScale log;
    private final double topDb;
    /** 10 for power, 20 for magnitude, as AmplitudeToDB. */
    private final float dbMultiplier;
    private final float[] window;
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
        this.dbMultiplier = power == 1 ? 20f : 10f;
        this.window = window(window, winLength == 0 ? nFft : winLength, nFft);
        int nFreqs = nFft / 2 + 1;
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
        long expected = 2 + (audio.length + (long) nFft) / hop;
        FrameCollector c = new FrameCollector(channels, (int) Math.min(Integer.MAX_VALUE / 8, expected));
        // pushed in blocks so the padded signal buffer stays small and in cache (same frames as one push)
        Stream s = new Stream(OFFLINE_BLOCK + 2 * nFft, (int) Math.min(Integer.MAX_VALUE / 8, expected));
        for (int at = 0; at < audio.length; at += OFFLINE_BLOCK) {
            s.push(audio, at, Math.min(OFFLINE_BLOCK, audio.length - at), c);
        }
        s.finish(c);
        Features f = c.features(framePeriod());
        if (topDb > 0 && dct == null && f.frames() > 0) {
            clampTopDb(f);
        }
        return f;
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
        private final FloatFFT_1D fft = new FloatFFT_1D(nFft);
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
        private boolean finished;
        /** The first nFft/2 + 1 samples, needed for the left reflection. */
        private final float[] head = new float[nFft / 2 + 1];
        private int headLen;
        /** Last nFft/2 + 1 samples seen, for the right reflection. */
        private final float[] tail = new float[nFft / 2 + 1];
        /** dB mel rows kept for the whole-clip top-dB clamp (MFCC with topDb > 0 only), row after row. */
        private float[] melRows;
        private int melRowCount;

        @Override
        public void push(float[] samples, int offset, int length, FrameSink sink) {
            if (finished) {
                throw new SnnaudioException("frontend stream already finished");
            }
            // a max reduction the JIT vectorises; NaN and infinities make it fail, then the slow loop names the sample
            float peak = 0f;
            for (int i = 0; i < length; i++) {
                peak = Math.max(peak, Math.abs(samples[offset + i]));
            }
            if (!(peak <= Float.MAX_VALUE)) {
                for (int i = 0; i < length; i++) {
                    float x = samples[offset + i];
                    if (!Float.isFinite(x)) {
                        throw new SnnaudioException("audio sample " + (received + i) + " is " + x + "; audio must be finite");
                    }
                }
            }
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
                frame((int) (nextFrameStart - base), sink);
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
                    throw new SnnaudioException("audio of " + received + " samples is too short for centred frames with nFft "
                            + nFft + " (reflect padding needs more than " + pad + " samples)");
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
                    throw new SnnaudioException("audio of " + received + " samples is shorter than one frame (nFft " + nFft + ")");
                }
                emit(sink);
            }
            if (melRows != null) {
                flushTopDb(sink);
            }
        }

        private void frame(int at, FrameSink sink) {
            float[] f = frameBuf;
            float[] w = window;
            for (int k = 0; k < nFft; k++) {
                f[k] = buf[at + k] * w[k];
            }
            fft.realForward(f);
            int half = nFft / 2;
            spec[0] = mag(f[0], 0);
            if ((nFft & 1) == 0) {
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
                    a0 += d[r0 + n] * x;
                    a1 += d[r1 + n] * x;
                    a2 += d[r2 + n] * x;
                    a3 += d[r3 + n] * x;
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

        private void flushTopDb(FrameSink sink) {
            int nm = melOut.length;
            int total = melRowCount * nm;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < total; i++) {
                max = Math.max(max, melRows[i]);
            }
            float floor = (float) (max - topDb);
            for (int r = 0; r < melRowCount; r++) {
                for (int i = 0; i < nm; i++) {
                    melOut[i] = Math.max(melRows[r * nm + i], floor);
                }
                dctFrame(melOut, sink);
            }
            melRowCount = 0;
        }

        private float mag(float re, float im) {
            float p = re * re + im * im;
            return power == 2 ? p : (float) Math.sqrt(p);
        }

        private void compress(float[] in, float[] o, int n) {
            switch (log) {
                case NONE -> System.arraycopy(in, 0, o, 0, n);
                case DB -> {
                    for (int i = 0; i < n; i++) {
                        o[i] = dbMultiplier * FastLog.log10(Math.max(in[i], AMIN));
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
