package org.snnaudio.audio.data;

import java.util.List;
import java.util.Locale;

/** Per-class sample counts of a dataset and its splits, as a plain-text table. */
public final class ClassBalance {
    private ClassBalance() {
    }

    /** Counts of each class among the given indices (all samples when {@code indices} is null). */
    public static int[] counts(int[] labels, int[] indices, int classes) {
        int[] c = new int[classes];
        if (indices == null) {
            for (int l : labels) {
                if (l >= 0) {
                    c[l]++;
                }
            }
        } else {
            for (int i : indices) {
                if (labels[i] >= 0) {
                    c[labels[i]]++;
                }
            }
        }
        return c;
    }

    /**
     * A table with one row per class and one column per split (name and indices), plus totals and the
     * ratio of the largest to the smallest class.
     */
    public static String summary(int[] labels, List<String> classNames, List<String> splitNames, List<int[]> splits) {
        int k = classNames.size();
        StringBuilder sb = new StringBuilder();
        int w = 5;
        for (String n : classNames) {
            w = Math.max(w, n.length());
        }
        sb.append(String.format(Locale.ROOT, "%-" + w + "s", "class"));
        for (String s : splitNames) {
            sb.append(String.format(Locale.ROOT, " %10s", s));
        }
        sb.append(String.format(Locale.ROOT, " %10s%n", "all"));
        int[][] per = new int[splits.size()][];
        for (int s = 0; s < splits.size(); s++) {
            per[s] = counts(labels, splits.get(s), k);
        }
        int[] all = counts(labels, null, k);
        for (int c = 0; c < k; c++) {
            sb.append(String.format(Locale.ROOT, "%-" + w + "s", classNames.get(c)));
            for (int[] p : per) {
                sb.append(String.format(Locale.ROOT, " %10d", p[c]));
            }
            sb.append(String.format(Locale.ROOT, " %10d%n", all[c]));
        }
        sb.append(String.format(Locale.ROOT, "%-" + w + "s", "total"));
        for (int[] p : per) {
            sb.append(String.format(Locale.ROOT, " %10d", java.util.Arrays.stream(p).sum()));
        }
        sb.append(String.format(Locale.ROOT, " %10d%n", java.util.Arrays.stream(all).sum()));
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int v : all) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        sb.append(String.format(Locale.ROOT, "imbalance (largest / smallest class): %s%n",
                min == 0 ? "a class has no samples" : String.format(Locale.ROOT, "%.2f", max / (double) min)));
        return sb.toString();
    }
}
