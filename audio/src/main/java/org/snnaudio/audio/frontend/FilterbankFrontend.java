package org.snnaudio.audio.frontend;

import org.snnaudio.core.SnnaudioException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * NWAVE-style IIR peak filterbank: band-pass biquads (RBJ, constant 0 dB peak gain) log-spaced in
 * centre frequency, each output rectified and averaged over bins of {@code round(binSeconds * rate)}
 * samples. Filters at or above the Nyquist frequency are dropped and a warning says how many remain.
 * The last, partial bin is emitted by {@code finish} averaged over the samples it holds.
 */
final class FilterbankFrontend implements Frontend {
    private static final System.Logger LOG = System.getLogger(FilterbankFrontend.class.getName());

    private final FrontendConfig.IirFilterbank config;
    private final int binSamples;
    private final double[] centres;
    /** Per filter: b0, b2 (b1 = 0), a1, a2 (normalised by a0). */
    private final double[] b0;
    private final double[] a1;
    private final double[] a2;
    private final boolean half;
    private final List<String> warnings;
    private final List<String> names;

    FilterbankFrontend(FrontendConfig.IirFilterbank c) {
        this.config = c;
        this.binSamples = (int) Math.round(c.binSeconds() * c.sampleRate());
        this.half = c.rectify() == FrontendConfig.Rectify.HALF;
        double nyquist = c.sampleRate() / 2.0;
        List<Double> keep = new ArrayList<>();
        for (int i = 0; i < c.filters(); i++) {
            double f = c.filters() == 1 ? c.fLow() : c.fLow() * Math.pow(c.fHigh() / c.fLow(), i / (double) (c.filters() - 1));
            if (f < nyquist) {
                keep.add(f);
            }
        }
        if (keep.isEmpty()) {
            throw new SnnaudioException("filterbank: all " + c.filters() + " filters lie at or above the Nyquist frequency "
                    + nyquist + " Hz of " + c.sampleRate() + " Hz audio");
        }
        List<String> w = new ArrayList<>();
        if (keep.size() < c.filters()) {
            String msg = String.format(Locale.ROOT, "filterbank: using %d of %d filters for %d Hz audio (%d lie above the"
                    + " Nyquist frequency %.1f Hz)", keep.size(), c.filters(), c.sampleRate(), c.filters() - keep.size(), nyquist);
            w.add(msg);
            LOG.log(System.Logger.Level.WARNING, msg);
        }
        this.warnings = List.copyOf(w);
        int n = keep.size();
        centres = new double[n];
        b0 = new double[n];
        a1 = new double[n];
        a2 = new double[n];
        List<String> nm = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double f = keep.get(i);
            centres[i] = f;
            double w0 = 2 * Math.PI * f / c.sampleRate();
            double alpha = Math.sin(w0) / (2 * c.q());
            double a0 = 1 + alpha;
            b0[i] = alpha / a0;
            a1[i] = -2 * Math.cos(w0) / a0;
            a2[i] = (1 - alpha) / a0;
            nm.add(String.format(Locale.ROOT, "f_%.0fHz", f));
        }
        this.names = List.copyOf(nm);
    }

    /** Centre frequencies (hertz) of the filters kept. */
    double[] centres() {
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
        return warnings;
    }

    @Override
    public FrameStream newStream() {
        return new Stream();
    }

    private final class Stream implements FrameStream {
        /** Transposed direct form II state per filter. */
        private final double[] s1 = new double[centres.length];
        private final double[] s2 = new double[centres.length];
        private final double[] acc = new double[centres.length];
        private final float[] out = new float[centres.length];
        private int inBin;
        private boolean finished;
        private long received;

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
            int n = centres.length;
            int i = 0;
            while (i < length) {
                int take = Math.min(length - i, binSamples - inBin);
                int from = offset + i;
                int f = 0;
                // four filters per pass: their recursions are independent, so the CPU overlaps them
                for (; f + 3 < n; f += 4) {
                    run4(x, from, from + take, f);
                }
                for (; f < n; f++) {
                    run1(x, from, from + take, f);
                }
                inBin += take;
                i += take;
                if (inBin == binSamples) {
                    flushBin(sink);
                }
            }
            received += length;
        }

        private double rect(double y) {
            return half ? Math.max(0, y) : Math.abs(y);
        }

        private void run1(float[] x, int from, int to, int f) {
            double b = b0[f];
            double p1 = a1[f];
            double p2 = a2[f];
            double z1 = s1[f];
            double z2 = s2[f];
            double sum = acc[f];
            for (int k = from; k < to; k++) {
                double in = x[k];
                double y = b * in + z1;
                z1 = z2 - p1 * y;
                z2 = -b * in - p2 * y;
                sum += rect(y);
            }
            s1[f] = z1;
            s2[f] = z2;
            acc[f] = sum;
        }

        private void run4(float[] x, int from, int to, int f) {
            double ba = b0[f], bb = b0[f + 1], bc = b0[f + 2], bd = b0[f + 3];
            double pa1 = a1[f], pb1 = a1[f + 1], pc1 = a1[f + 2], pd1 = a1[f + 3];
            double pa2 = a2[f], pb2 = a2[f + 1], pc2 = a2[f + 2], pd2 = a2[f + 3];
            double za1 = s1[f], zb1 = s1[f + 1], zc1 = s1[f + 2], zd1 = s1[f + 3];
            double za2 = s2[f], zb2 = s2[f + 1], zc2 = s2[f + 2], zd2 = s2[f + 3];
            double sa = acc[f], sb = acc[f + 1], sc = acc[f + 2], sd = acc[f + 3];
            for (int k = from; k < to; k++) {
                double in = x[k];
                double ya = ba * in + za1;
                double yb = bb * in + zb1;
                double yc = bc * in + zc1;
                double yd = bd * in + zd1;
                za1 = za2 - pa1 * ya;
                zb1 = zb2 - pb1 * yb;
                zc1 = zc2 - pc1 * yc;
                zd1 = zd2 - pd1 * yd;
                za2 = -ba * in - pa2 * ya;
                zb2 = -bb * in - pb2 * yb;
                zc2 = -bc * in - pc2 * yc;
                zd2 = -bd * in - pd2 * yd;
                sa += rect(ya);
                sb += rect(yb);
                sc += rect(yc);
                sd += rect(yd);
            }
            s1[f] = za1;
            s1[f + 1] = zb1;
            s1[f + 2] = zc1;
            s1[f + 3] = zd1;
            s2[f] = za2;
            s2[f + 1] = zb2;
            s2[f + 2] = zc2;
            s2[f + 3] = zd2;
            acc[f] = sa;
            acc[f + 1] = sb;
            acc[f + 2] = sc;
            acc[f + 3] = sd;
        }

        private void flushBin(FrameSink sink) {
            for (int f = 0; f < out.length; f++) {
                out[f] = (float) (acc[f] / inBin);
                acc[f] = 0;
            }
            inBin = 0;
            sink.frame(out);
        }

        @Override
        public void finish(FrameSink sink) {
            if (finished) {
                return;
            }
            finished = true;
            if (inBin > 0) {
                flushBin(sink);
            }
        }
    }
}
