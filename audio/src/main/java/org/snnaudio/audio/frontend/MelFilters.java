package org.snnaudio.audio.frontend;

import org.snnaudio.audio.frontend.FrontendConfig.MelNorm;
import org.snnaudio.audio.frontend.FrontendConfig.MelScale;

/**
 * Triangular mel filters over the bins of a real FFT, built as torchaudio's {@code melscale_fbanks}
 * builds them (bin frequencies {@code linspace(0, sampleRate div 2, nFreqs)}), stored sparsely: filter
 * m covers bins {@code start[m] .. start[m] + weights[m].length}.
 */
public final class MelFilters {
    final int[] start;
    final float[][] weights;
    final double[] centres;

    MelFilters(int sampleRate, int nFreqs, int nMels, double fMin, double fMax, MelScale scale, MelNorm norm) {
        double[] allFreqs = new double[nFreqs];
        double top = sampleRate / 2; // integer division, as torchaudio does
        for (int i = 0; i < nFreqs; i++) {
            allFreqs[i] = nFreqs == 1 ? 0 : top * i / (nFreqs - 1);
        }
        double mMin = hzToMel(fMin, scale);
        double mMax = hzToMel(fMax, scale);
        double[] fPts = new double[nMels + 2];
        for (int i = 0; i < nMels + 2; i++) {
            fPts[i] = melToHz(mMin + (mMax - mMin) * i / (nMels + 1), scale);
        }
        start = new int[nMels];
        weights = new float[nMels][];
        centres = new double[nMels];
        for (int m = 0; m < nMels; m++) {
            double lo = fPts[m];
            double mid = fPts[m + 1];
            double hi = fPts[m + 2];
            centres[m] = mid;
            double enorm = norm == MelNorm.SLANEY ? 2.0 / (hi - lo) : 1.0;
            int first = -1;
            int last = -1;
            double[] w = new double[nFreqs];
            for (int k = 0; k < nFreqs; k++) {
                double down = (allFreqs[k] - lo) / (mid - lo);
                double up = (hi - allFreqs[k]) / (hi - mid);
                double v = Math.max(0, Math.min(down, up));
                if (v > 0) {
                    w[k] = v * enorm;
                    if (first < 0) {
                        first = k;
                    }
                    last = k;
                }
            }
            if (first < 0) {
                start[m] = 0;
                weights[m] = new float[0]; // an empty filter gives zeros, as torchaudio's does
            } else {
                start[m] = first;
                weights[m] = new float[last - first + 1];
                for (int k = first; k <= last; k++) {
                    weights[m][k - first] = (float) w[k];
                }
            }
        }
        buildPairs(nFreqs);
    }

    static double hzToMel(double f, MelScale scale) {
        if (scale == MelScale.HTK) {
            return 2595.0 * Math.log10(1.0 + f / 700.0);
        }
        double fSp = 200.0 / 3;
        double mels = f / fSp;
        double minLogHz = 1000.0;
        double minLogMel = minLogHz / fSp;
        double logstep = Math.log(6.4) / 27.0;
        if (f >= minLogHz) {
            mels = minLogMel + Math.log(f / minLogHz) / logstep;
        }
        return mels;
    }

    static double melToHz(double m, MelScale scale) {
        if (scale == MelScale.HTK) {
            return 700.0 * (Math.pow(10.0, m / 2595.0) - 1.0);
        }
        double fSp = 200.0 / 3;
        double f = fSp * m;
        double minLogHz = 1000.0;
        double minLogMel = minLogHz / fSp;
        double logstep = Math.log(6.4) / 27.0;
        if (m >= minLogMel) {
            f = minLogHz * Math.exp(logstep * (m - minLogMel));
        }
        return f;
    }

    /** out[m] = sum_k w[m][k] spec[k]. */
    void apply(float[] spec, float[] out) {
        if (pairs) {
            // each bin feeds at most two neighbouring filters: one pass over the bins, in runs of bins with
            // the same lower filter; each run's two sums start from zero, so runs do not wait on each other
            // (a latency chain through all bins would otherwise set the speed)
            java.util.Arrays.fill(out, 0f);
            int n = out.length;
            float[] wl = wLower;
            float[] wu = wUpper;
            int[] rf = runFilter;
            int[] from = runFrom;
            int[] end = runTo;
            for (int r = 0; r < rf.length; r++) {
                int m = rf[r];
                int to = end[r];
                float a = 0f;
                float c = 0f;
                for (int k = from[r]; k < to; k++) {
                    float v = spec[k];
                    a = Math.fma(wl[k], v, a);
                    c = Math.fma(wu[k], v, c);
                }
                out[m] += a;
                if (m + 1 < n) {
                    out[m + 1] += c;
                }
            }
            return;
        }
        for (int m = 0; m < weights.length; m++) {
            float[] w = weights[m];
            int s = start[m];
            float acc = 0;
            for (int k = 0; k < w.length; k++) {
                acc += w[k] * spec[s + k];
            }
            out[m] = acc;
        }
    }

    /** Per bin: the lower of the (at most two) filters it feeds, or -1, and the two weights. */
    private int[] lower;
    private float[] wLower;
    private float[] wUpper;
    private int binFrom;
    private int binTo;
    private boolean pairs;
    /** Maximal runs of bins with the same lower filter: filter, first bin, end bin (exclusive). */
    private int[] runFilter;
    private int[] runFrom;
    private int[] runTo;

    /** Switches to the one-pass form when no bin feeds more than two consecutive filters. */
    private void buildPairs(int nFreqs) {
        int n = weights.length;
        lower = new int[nFreqs];
        wLower = new float[nFreqs];
        wUpper = new float[nFreqs];
        java.util.Arrays.fill(lower, -2);
        for (int m = 0; m < n; m++) {
            for (int j = 0; j < weights[m].length; j++) {
                int k = start[m] + j;
                float w = weights[m][j];
                if (w == 0f) {
                    continue;
                }
                if (lower[k] == -2) {
                    lower[k] = m;
                    wLower[k] = w;
                } else if (lower[k] == m - 1 && wUpper[k] == 0f) {
                    wUpper[k] = w;
                } else {
                    return; // a bin in three filters (or non-consecutive ones): keep the per-filter form
                }
            }
        }
        binFrom = nFreqs;
        binTo = 0;
        for (int k = 0; k < nFreqs; k++) {
            if (lower[k] == -2) {
                lower[k] = -1;
                wLower[k] = 0f;
            } else {
                binFrom = Math.min(binFrom, k);
                binTo = k + 1;
            }
        }
        int[] lowerOrNone = lower;
        pairs = binTo > binFrom;
        java.util.List<int[]> runs = new java.util.ArrayList<>();
        for (int k = 0; k < nFreqs; ) {
            if (lowerOrNone[k] < 0) {
                k++;
                continue;
            }
            int m = lowerOrNone[k];
            int e = k + 1;
            while (e < nFreqs && lowerOrNone[e] == m) {
                e++;
            }
            runs.add(new int[] {m, k, e});
            k = e;
        }
        runFilter = new int[runs.size()];
        runFrom = new int[runs.size()];
        runTo = new int[runs.size()];
        for (int r = 0; r < runs.size(); r++) {
            runFilter[r] = runs.get(r)[0];
            runFrom[r] = runs.get(r)[1];
            runTo[r] = runs.get(r)[2];
        }
    }
}
