package org.snnaudio.audio.frontend;

import org.snnaudio.core.SnnaudioException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

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
    /** Per filter: b0 (b1 = 0, b2 = -b0), and the feedback coefficients c1 = -a1, c2 = -a2 (normalised by a0). */
    private final double[] b0;
    private final double[] c1;
    private final double[] c2;
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
        c1 = new double[n];
        c2 = new double[n];
        List<String> nm = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double f = keep.get(i);
            centres[i] = f;
            double w0 = 2 * Math.PI * f / c.sampleRate();
            double alpha = Math.sin(w0) / (2 * c.q());
            double a0 = 1 + alpha;
            b0[i] = alpha / a0;
            c1[i] = 2 * Math.cos(w0) / a0;
            c2[i] = -(1 - alpha) / a0;
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
        /**
         * Direct form I state per filter, structure of arrays: the two previous outputs (divided by b0).
         * With b1 = 0 and b2 = -b0 the recursion is y[n] = (x[n] - x[n-2]) + c1 y[n-1] + c2 y[n-2] with
         * c1 = -a1, c2 = -a2; the input difference is shared by all filters, so each step is one loop over
         * the filters that the JIT vectorises.
         */
        private final double[] y1 = new double[centres.length];
        private final double[] y2 = new double[centres.length];
        private final double[] acc = new double[centres.length];
        private final float[] out = new float[centres.length];
        /** Per filter: b0, halved for half-wave rectification (see {@link #run}). */
        private final double[] binScale = new double[centres.length];
        /** The two previous input samples. */
        private double x1;
        private double x2;
        private int inBin;
        private boolean finished;
        private long received;

        Stream() {
            for (int f = 0; f < binScale.length; f++) {
                binScale[f] = half ? b0[f] * 0.5 : b0[f];
            }
        }

        @Override
        public void push(float[] x, int offset, int length, FrameSink sink) {
            if (finished) {
                throw new SnnaudioException("frontend stream already finished");
            }
            Objects.checkFromIndexSize(offset, length, x.length);
            // a maximum of magnitudes (measured faster here than an integer test of the exponent bits): NaN or
            // infinite exactly when a sample is, as Math.max passes NaN on; then the slow loop names the sample
            float peak = 0f;
            for (int k = 0; k < length; k++) {
                peak = Math.max(peak, Math.abs(x[offset + k]));
            }
            if (!(peak <= Float.MAX_VALUE)) {
                for (int k = 0; k < length; k++) {
                    if (!Float.isFinite(x[offset + k])) {
                        throw new SnnaudioException("audio sample " + (received + k) + " is " + x[offset + k] + "; audio must be finite");
                    }
                }
            }
            int i = 0;
            while (i < length) {
                int take = Math.min(length - i, binSamples - inBin);
                int from = offset + i;
                run(x, from, from + take, half);
                inBin += take;
                i += take;
                if (inBin == binSamples) {
                    flushBin(sink);
                }
            }
            received += length;
        }

        /*
         * The state is kept divided by b0 (the filter is linear, so y / b0 obeys the same recursion with
         * input x[n] - x[n-2]); the rectified sums are scaled back by b0 once per bin. Four samples per pass
         * over the filters: each filter's state and sum are loaded and stored once per four samples, and the
         * loop-control cost of a pass (the filters are few, so it is a large part) is shared by four samples.
         * Each output is one fused multiply-add on y[n-1] after one on y[n-2], so the chain from sample to
         * sample is a single fused operation. The leftover samples of a range go one at a time with the same
         * expression, and the rectified values are added into acc in sample order in both loops, so the result
         * does not depend on how the audio is split into chunks. Half-wave rectification adds y + |y|, which is
         * exactly 2 max(0, y); the 1/2 is applied per bin.
         */
        private void run(float[] x, int from, int to, boolean halfWave) {
            double[] p1 = c1;
            double[] p2 = c2;
            double[] u1 = y1;
            double[] u2 = y2;
            double[] s = acc;
            int n = p1.length;
            double xm1 = x1;
            double xm2 = x2;
            int k = from;
            for (; k + 3 < to; k += 4) {
                double i0 = x[k];
                double i1 = x[k + 1];
                double i2 = x[k + 2];
                double i3 = x[k + 3];
                double d0 = i0 - xm2;
                double d1 = i1 - xm1;
                double d2 = i2 - i0;
                double d3 = i3 - i1;
                xm2 = i2;
                xm1 = i3;
                if (halfWave) {
                    for (int f = 0; f < n; f++) {
                        double q1 = p1[f];
                        double q2 = p2[f];
                        double w1 = u1[f];
                        double w2 = u2[f];
                        double ya = Math.fma(q1, w1, Math.fma(q2, w2, d0));
                        double yb = Math.fma(q1, ya, Math.fma(q2, w1, d1));
                        double yc = Math.fma(q1, yb, Math.fma(q2, ya, d2));
                        double yd = Math.fma(q1, yc, Math.fma(q2, yb, d3));
                        u2[f] = yc;
                        u1[f] = yd;
                        double a = s[f] + (ya + Math.abs(ya));
                        a = a + (yb + Math.abs(yb));
                        a = a + (yc + Math.abs(yc));
                        s[f] = a + (yd + Math.abs(yd));
                    }
                } else {
                    for (int f = 0; f < n; f++) {
                        double q1 = p1[f];
                        double q2 = p2[f];
                        double w1 = u1[f];
                        double w2 = u2[f];
                        double ya = Math.fma(q1, w1, Math.fma(q2, w2, d0));
                        double yb = Math.fma(q1, ya, Math.fma(q2, w1, d1));
                        double yc = Math.fma(q1, yb, Math.fma(q2, ya, d2));
                        double yd = Math.fma(q1, yc, Math.fma(q2, yb, d3));
                        u2[f] = yc;
                        u1[f] = yd;
                        double a = s[f] + Math.abs(ya);
                        a = a + Math.abs(yb);
                        a = a + Math.abs(yc);
                        s[f] = a + Math.abs(yd);
                    }
                }
            }
            for (; k < to; k++) {
                double in = x[k];
                double d = in - xm2;
                xm2 = xm1;
                xm1 = in;
                for (int f = 0; f < n; f++) {
                    double y = Math.fma(p1[f], u1[f], Math.fma(p2[f], u2[f], d));
                    u2[f] = u1[f];
                    u1[f] = y;
                    s[f] += halfWave ? y + Math.abs(y) : Math.abs(y);
                }
            }
            x1 = xm1;
            x2 = xm2;
        }

        private void flushBin(FrameSink sink) {
            for (int f = 0; f < out.length; f++) {
                out[f] = (float) (acc[f] * binScale[f] / inBin);
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
