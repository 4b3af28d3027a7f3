package org.snnaudio.hardware.deploy;

import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.loss.CrossEntropy;

/**
 * Per-chip calibration of the readout: a linear decoder from one chip's class scores (spike counts or
 * membrane scores of its readout neurons) to the class, fit on labelled calibration recordings run through
 * that chip. Device mismatch gives every readout neuron of a chip its own gain and offset (its threshold,
 * time constant and the sum of its input weights' errors), and a readout that decides by a few spikes loses
 * most of its accuracy to them; the decoder, computed on the host, undoes them for that chip.
 *
 * <p>The scores are standardised per class neuron (mean and standard deviation over the calibration set),
 * then a multinomial logistic regression ({@code softmax(W z + b)}, L2 penalty {@link #L2} on {@code W}) is fit
 * by full-batch gradient descent from {@code W = I, b = 0}, i.e. from the argmax of the standardised scores.
 * Deterministic: the same scores and labels give the same decoder.
 *
 * <p>The scores may also be each readout neuron's spike counts in consecutive time bins
 * ({@link #binnedCounts}; {@code bins x neurons} numbers per recording, bin-major): the decoder then starts from
 * the sum over bins and learns when in the recording each neuron's spikes tell the class apart.
 *
 * @param mean   per-neuron mean score over the calibration set
 * @param scale  per-neuron standard deviation (1 where a neuron's score never changed)
 * @param weight {@code [classes][neurons]} decoder weights on the standardised scores
 * @param bias   per-class decoder bias
 */
public record ReadoutCalibration(double[] mean, double[] scale, double[][] weight, double[] bias) {
    /**
     * L2 penalty on the decoder weights (on the mean loss per recording): chosen among 1e-3, 1e-2, 3e-2 and 1e-1
     * on recordings of training speakers held out from fine-tuning and calibration (hardware/README.md).
     */
    public static final double L2 = 1e-2;
    /** Gradient-descent iterations of {@link #fit}. */
    public static final int ITERATIONS = 500;
    private static final double STEP = 0.5;

    public ReadoutCalibration {
        if (mean.length != scale.length || bias.length != weight.length) {
            throw new IllegalArgumentException("calibration arrays of different lengths");
        }
        mean = mean.clone();
        scale = scale.clone();
        bias = bias.clone();
        double[][] w = new double[weight.length][];
        for (int k = 0; k < w.length; k++) {
            if (weight[k].length != mean.length) {
                throw new IllegalArgumentException("decoder row " + k + " has " + weight[k].length + " weights for "
                        + mean.length + " readout neurons");
            }
            w[k] = weight[k].clone();
        }
        weight = w;
    }

    /**
     * Fits the decoder of one chip: {@code scores[i]} are the chip's readout scores for calibration recording
     * {@code i}, {@code labels[i]} its class in {@code [0, classes)}.
     */
    public static ReadoutCalibration fit(float[][] scores, int[] labels, int classes) {
        int n = scores.length;
        if (n == 0) {
            throw new SnnaudioException("readout calibration needs at least one calibration recording");
        }
        if (labels.length != n) {
            throw new SnnaudioException("readout calibration: " + n + " score rows but " + labels.length + " labels");
        }
        int m = scores[0].length;
        if (classes < 2 || classes > m) {
            throw new SnnaudioException("readout calibration: " + classes + " classes for " + m + " readout neurons");
        }
        double[] mean = new double[m];
        for (int i = 0; i < n; i++) {
            if (scores[i].length != m) {
                throw new SnnaudioException("readout calibration: recording " + i + " has " + scores[i].length
                        + " readout scores, the first has " + m);
            }
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new SnnaudioException("readout calibration: recording " + i + " has label " + labels[i]
                        + ", outside [0, " + classes + ")");
            }
            for (int j = 0; j < m; j++) {
                if (!Float.isFinite(scores[i][j])) {
                    throw new SnnaudioException("readout calibration: recording " + i + " has a non-finite score ("
                            + scores[i][j] + ") at readout neuron " + j);
                }
                mean[j] += scores[i][j];
            }
        }
        double[] scale = new double[m];
        for (int j = 0; j < m; j++) {
            mean[j] /= n;
            double v = 0;
            for (float[] s : scores) {
                v += (s[j] - mean[j]) * (s[j] - mean[j]);
            }
            double sd = Math.sqrt(v / n);
            scale[j] = sd > 1e-12 ? sd : 1;
        }
        double[][] z = new double[n][];
        for (int i = 0; i < n; i++) {
            z[i] = standardise(scores[i], mean, scale);
        }
        double[][] w = new double[classes][m];
        for (int k = 0; k < classes; k++) {
            // start from the argmax of the summed (standardised) scores: with time bins (m = bins x classes)
            // every bin of a class neuron counts for its class
            for (int j = k; j < m; j += m % classes == 0 ? classes : m) {
                w[k][j] = 1;
            }
        }
        double[] b = new double[classes];
        double[][] gw = new double[classes][m];
        double[] gb = new double[classes];
        double[] logits = new double[classes];
        double[] p = new double[classes];
        for (int it = 0; it < ITERATIONS; it++) {
            for (int k = 0; k < classes; k++) {
                java.util.Arrays.fill(gw[k], 0);
            }
            java.util.Arrays.fill(gb, 0);
            for (int i = 0; i < n; i++) {
                double[] zi = z[i];
                // p = softmax(W z + b) - onehot(label): the gradient of the cross-entropy on the logits
                CrossEntropy.lossAndGrad(logits(w, b, zi, logits), classes, labels[i], p);
                for (int k = 0; k < classes; k++) {
                    double g = p[k] / n;
                    gb[k] += g;
                    double[] row = gw[k];
                    for (int j = 0; j < m; j++) {
                        row[j] += g * zi[j];
                    }
                }
            }
            for (int k = 0; k < classes; k++) {
                for (int j = 0; j < m; j++) {
                    w[k][j] -= STEP * (gw[k][j] + L2 * w[k][j]);
                }
                b[k] -= STEP * gb[k];
            }
        }
        return new ReadoutCalibration(mean, scale, w, b);
    }

    /**
     * The spike counts of each neuron in {@code bins} consecutive time bins of equal length (step {@code t} falls in
     * bin {@code t * bins / steps}), bin-major: element {@code b * neurons + j} is neuron {@code j}'s count in bin
     * {@code b}.
     *
     * @param spikes row-major {@code [steps x neurons]} spikes (0/1) of the readout layer
     */
    public static float[] binnedCounts(float[] spikes, int steps, int neurons, int bins) {
        if (bins < 1 || steps < 1 || neurons < 1 || spikes.length != steps * neurons) {
            throw new SnnaudioException("readout calibration: cannot bin " + spikes.length + " spikes as " + steps + " steps x "
                    + neurons + " neurons into " + bins + " bins");
        }
        float[] x = new float[bins * neurons];
        for (int t = 0; t < steps; t++) {
            int b = (int) ((long) t * bins / steps);
            for (int j = 0; j < neurons; j++) {
                x[b * neurons + j] += spikes[t * neurons + j];
            }
        }
        return x;
    }

    /** Number of classes the decoder tells apart. */
    public int classes() {
        return bias.length;
    }

    /** The class the decoder picks for one recording's readout scores (the first of equal maxima). */
    public int predict(float[] scores) {
        if (scores.length != mean.length) {
            throw new SnnaudioException("readout calibration: " + scores.length + " scores for a decoder of "
                    + mean.length + " readout neurons");
        }
        return CrossEntropy.argmax(logits(weight, bias, standardise(scores, mean, scale), new double[bias.length]),
                bias.length);
    }

    /** Fraction of {@code scores} whose decoded class is {@code labels[i]}. */
    public double accuracy(float[][] scores, int[] labels) {
        if (scores.length != labels.length) {
            throw new SnnaudioException("readout calibration: " + scores.length + " score rows but " + labels.length + " labels");
        }
        if (scores.length == 0) {
            return Double.NaN;
        }
        int ok = 0;
        for (int i = 0; i < scores.length; i++) {
            if (predict(scores[i]) == labels[i]) {
                ok++;
            }
        }
        return (double) ok / scores.length;
    }

    /** {@code (s - mean) / scale} per readout neuron. */
    private static double[] standardise(float[] s, double[] mean, double[] scale) {
        double[] z = new double[s.length];
        for (int j = 0; j < s.length; j++) {
            z[j] = (s[j] - mean[j]) / scale[j];
        }
        return z;
    }

    /** {@code out = W z + b}; returns {@code out}. */
    private static double[] logits(double[][] w, double[] b, double[] z, double[] out) {
        for (int k = 0; k < b.length; k++) {
            double v = b[k];
            double[] row = w[k];
            for (int j = 0; j < z.length; j++) {
                v += row[j] * z[j];
            }
            out[k] = v;
        }
        return out;
    }
}
