package org.snnaudio.cli.eval;

import org.snnaudio.core.SnnaudioException;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Receiver operating characteristic of scores for a binary task and the area under it. Tied scores
 * form one step (a diagonal segment), so the AUC equals the Mann-Whitney probability that a random
 * positive scores above a random negative, ties counting one half.
 *
 * @param fpr       false-positive rates, from 0 to 1
 * @param tpr       true-positive rates, matching {@code fpr}
 * @param thresholds score threshold of each point (a sample is positive when its score >= threshold;
 *                  the first point's threshold is +infinity)
 * @param auc       area under the curve
 */
public record Roc(double[] fpr, double[] tpr, double[] thresholds, double auc) {

    /** The ROC of {@code scores} against binary labels ({@code true} = positive). */
    public static Roc of(double[] scores, boolean[] positive) {
        if (scores.length != positive.length) {
            throw new SnnaudioException("roc: " + scores.length + " scores but " + positive.length + " labels");
        }
        int pos = 0;
        for (boolean p : positive) {
            pos += p ? 1 : 0;
        }
        int neg = scores.length - pos;
        if (pos == 0 || neg == 0) {
            throw new SnnaudioException("roc: needs both positive and negative samples, got " + pos + " positive and "
                    + neg + " negative");
        }
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new SnnaudioException("roc: score of sample " + i + " is NaN");
            }
        }
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        double[] f = new double[scores.length + 1];
        double[] t = new double[scores.length + 1];
        double[] th = new double[scores.length + 1];
        th[0] = Double.POSITIVE_INFINITY;
        int n = 1;
        int tp = 0;
        int fp = 0;
        double auc = 0;
        int i = 0;
        while (i < order.length) {
            double s = scores[order[i]];
            int prevTp = tp;
            int prevFp = fp;
            while (i < order.length && scores[order[i]] == s) {
                if (positive[order[i]]) {
                    tp++;
                } else {
                    fp++;
                }
                i++;
            }
            // trapezoid over the tied block: exact Mann-Whitney with ties counting one half
            auc += (fp - prevFp) * (tp + prevTp) / 2.0;
            f[n] = (double) fp / neg;
            t[n] = (double) tp / pos;
            th[n] = s;
            n++;
        }
        return new Roc(Arrays.copyOf(f, n), Arrays.copyOf(t, n), Arrays.copyOf(th, n), auc / ((double) pos * neg));
    }

    /** JSON-ready form. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("auc", auc);
        m.put("fpr", fpr);
        m.put("tpr", tpr);
        return m;
    }
}
