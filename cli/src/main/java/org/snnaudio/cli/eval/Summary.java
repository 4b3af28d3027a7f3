package org.snnaudio.cli.eval;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mean, sample standard deviation, median, minimum and maximum of a metric over folds or repeats,
 * for K-fold reports written as {@code mean +- std}.
 */
public record Summary(double mean, double std, double median, double min, double max, int n) {

    /** Summary of {@code values} (std is the sample standard deviation, 0 for one value). */
    public static Summary of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("summary of no values");
        }
        double s = 0;
        for (double v : values) {
            s += v;
        }
        double mean = s / values.length;
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double std = values.length > 1 ? Math.sqrt(ss / (values.length - 1)) : 0;
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        double median = sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
        return new Summary(mean, std, median, sorted[0], sorted[sorted.length - 1], values.length);
    }

    /** {@code 0.912 +- 0.013} with the given decimals. */
    public String format(int decimals) {
        return String.format(java.util.Locale.ROOT, "%." + decimals + "f +- %." + decimals + "f", mean, std);
    }

    /** JSON-ready form. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mean", mean);
        m.put("std", std);
        m.put("median", median);
        m.put("min", min);
        m.put("max", max);
        m.put("n", n);
        return m;
    }
}
