package org.snnaudio.cli.tune;

import java.util.Arrays;
import java.util.List;

/**
 * The outcome of one trial: its values, the per-fold scores, the metric per fold and its mean,
 * standard deviation (population, as scikit-learn reports) and median; or the error that stopped it.
 *
 * @param objective the value the search maximises ({@code mean} or {@code median} of the metric,
 *                  per the space file); NaN for a failed trial
 */
public record TrialResult(int trial, Assignment assignment, List<FoldScore> folds, double[] perFold,
                          double mean, double std, double median, double objective, double seconds,
                          String error) {
    public TrialResult {
        folds = List.copyOf(folds);
        perFold = perFold.clone();
    }

    /** Whether the trial trained and scored on every fold. */
    public boolean ok() {
        return error == null;
    }

    @Override
    public double[] perFold() {
        return perFold.clone();
    }

    /** Scores {@code folds} with {@code metric} and aggregates them. */
    public static TrialResult of(int trial, Assignment a, List<FoldScore> folds, Metric metric, Aggregate aggregate,
                                 double seconds) {
        if (folds.isEmpty()) {
            throw new org.snnaudio.core.SnnaudioException("trial " + trial + ": the objective returned no folds");
        }
        double[] v = new double[folds.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = metric.score(folds.get(i));
        }
        double mean = mean(v);
        double std = std(v, mean);
        double median = median(v);
        double obj = aggregate == Aggregate.MEDIAN ? median : mean;
        return new TrialResult(trial, a, folds, v, mean, std, median, obj, seconds, null);
    }

    /** A trial that could not be trained or scored. */
    public static TrialResult failed(int trial, Assignment a, String error, double seconds) {
        return new TrialResult(trial, a, List.of(), new double[0], Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                seconds, error == null ? "failed" : error);
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    static double std(double[] v, double mean) {
        double s = 0;
        for (double x : v) {
            s += (x - mean) * (x - mean);
        }
        return Math.sqrt(s / v.length);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    /** How the per-fold metric becomes the one number the search maximises. */
    public enum Aggregate { MEAN, MEDIAN }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrialResult t && trial == t.trial && assignment.equals(t.assignment)
                && folds.equals(t.folds) && Arrays.equals(perFold, t.perFold)
                && Double.compare(objective, t.objective) == 0 && java.util.Objects.equals(error, t.error);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(trial, assignment, folds, Arrays.hashCode(perFold), objective, error);
    }

    @Override
    public String toString() {
        return "TrialResult[trial=" + trial + ", " + assignment + ", objective=" + objective
                + (error == null ? "" : ", error=" + error) + "]";
    }
}
