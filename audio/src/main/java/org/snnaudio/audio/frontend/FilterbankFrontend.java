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
 *
 * <p>Each filter runs as direct form I with b1 = 0 and b2 = -b0, its state divided by b0 (the filter is
 * linear, so y / b0 obeys the same recursion with input x[n] - x[n-2], shared by all filters); the rectified
 * sums are scaled back by b0 once per bin. The recursion runs in single precision ({@link IirBank}): against
 * the textbook biquad in double precision the bins differ by at most a few parts in 10^5 of the channel's
 * peak, below the quantisation step of 16-bit audio (3 parts in 10^5 of full scale), and single precision
 * doubles the filters per vector register, which is what lets the streaming path run faster than the
 * network it feeds.
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
        /** The recursions' state and bin sums (see {@link IirBank}: the state is kept divided by b0). */
        private final IirBank bank = new IirBank(c1, c2);
        private final float[] out = new float[centres.length];
        /** Per filter: b0, halved for half-wave rectification (the kernels add y + |y| = 2 max(0, y)). */
        private final double[] binScale = new double[centres.length];
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
                bank.run(x, from, from + take, half);
                inBin += take;
                i += take;
                if (inBin == binSamples) {
                    flushBin(sink);
                }
            }
            received += length;
        }

        private void flushBin(FrameSink sink) {
            float[] acc = bank.acc;
            for (int f = 0; f < out.length; f++) {
                out[f] = (float) (acc[f] * binScale[f] / inBin);
            }
            bank.clearSums();
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
