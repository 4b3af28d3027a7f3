package org.snnaudio.core.loss;

/** Softmax cross-entropy on class scores, computed stably (log-sum-exp shifted by the maximum). */
public final class CrossEntropy {
    private CrossEntropy() {
    }

    /**
     * Returns {@code -log softmax(logits)[label]} and writes its gradient {@code softmax - onehot} into
     * {@code dLogits} (which may be null when only the loss is wanted).
     */
    public static double lossAndGrad(double[] logits, int classes, int label, double[] dLogits) {
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException("label must be in [0, " + classes + "), got " + label);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            max = Math.max(max, logits[k]);
        }
        double sum = 0;
        for (int k = 0; k < classes; k++) {
            sum += Math.exp(logits[k] - max);
        }
        double logZ = max + Math.log(sum);
        if (dLogits != null) {
            for (int k = 0; k < classes; k++) {
                dLogits[k] = Math.exp(logits[k] - logZ) - (k == label ? 1 : 0);
            }
        }
        return logZ - logits[label];
    }

    /** Index of the largest score (the first on ties). */
    public static int argmax(double[] logits, int classes) {
        int best = 0;
        for (int k = 1; k < classes; k++) {
            if (logits[k] > logits[best]) {
                best = k;
            }
        }
        return best;
    }
}
