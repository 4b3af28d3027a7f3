package org.snnaudio.audio.data;

import org.snnaudio.core.SnnaudioException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Train/validation/test splits as index arrays: stratified (Talamo's {@code stratified_split}),
 * stratified K-fold, grouped by speaker (no group in two splits), grouped K-fold, and by official split tag. All
 * shuffles use a {@link SplittableRandom} from the given seed, so a split is reproducible.
 */
public final class Splits {
    private Splits() {
    }

    /** One fold of a K-fold split. */
    public record Fold(int[] train, int[] test) {
    }

    private static void checkFractions(double[] fractions) {
        if (fractions.length < 2) {
            throw new SnnaudioException("give at least two split fractions, got " + fractions.length);
        }
        double sum = 0;
        for (double f : fractions) {
            if (!(f >= 0) || !Double.isFinite(f)) {
                throw new SnnaudioException("split fractions must be >= 0, got " + Arrays.toString(fractions));
            }
            sum += f;
        }
        if (Math.abs(sum - 1) > 1e-6) {
            throw new SnnaudioException("split fractions must sum to 1, got " + Arrays.toString(fractions) + " (sum " + sum + ")");
        }
    }

    private static void shuffle(int[] a, SplittableRandom r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static Map<Integer, int[]> byClass(int[] labels) {
        Map<Integer, List<Integer>> m = new java.util.TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            m.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
        }
        Map<Integer, int[]> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
        return out;
    }

    /**
     * Stratified split: within each class, a shuffled share {@code fractions[s]} of its samples goes to
     * split s (largest-remainder rounding, so every sample lands in exactly one split).
     */
    public static int[][] stratified(int[] labels, double[] fractions, long seed) {
        checkFractions(fractions);
        SplittableRandom r = new SplittableRandom(seed);
        List<List<Integer>> parts = new ArrayList<>();
        for (int s = 0; s < fractions.length; s++) {
            parts.add(new ArrayList<>());
        }
        for (int[] idx : byClass(labels).values()) {
            int[] a = idx.clone();
            shuffle(a, r);
            int[] counts = apportion(a.length, fractions);
            int p = 0;
            for (int s = 0; s < fractions.length; s++) {
                for (int k = 0; k < counts[s]; k++) {
                    parts.get(s).add(a[p++]);
                }
            }
        }
        return toArrays(parts, r);
    }

    /** Splits n items into counts proportional to the fractions (largest remainder). */
    static int[] apportion(int n, double[] fractions) {
        int[] c = new int[fractions.length];
        double[] rem = new double[fractions.length];
        int used = 0;
        for (int s = 0; s < fractions.length; s++) {
            double exact = n * fractions[s];
            c[s] = (int) Math.floor(exact);
            rem[s] = exact - c[s];
            used += c[s];
        }
        while (used < n) {
            int best = 0;
            for (int s = 1; s < rem.length; s++) {
                if (rem[s] > rem[best]) {
                    best = s;
                }
            }
            c[best]++;
            rem[best] = -1;
            used++;
        }
        return c;
    }

    private static int[][] toArrays(List<List<Integer>> parts, SplittableRandom r) {
        int[][] out = new int[parts.size()][];
        for (int s = 0; s < out.length; s++) {
            out[s] = parts.get(s).stream().mapToInt(Integer::intValue).toArray();
            shuffle(out[s], r);
        }
        return out;
    }

    /**
     * Stratified K-fold: each class's shuffled samples are dealt round-robin to k folds; fold i tests on
     * its share and trains on the rest. Every sample is tested exactly once.
     */
    public static List<Fold> stratifiedKFold(int[] labels, int k, long seed) {
        if (k < 2) {
            throw new SnnaudioException("k must be >= 2 folds, got " + k);
        }
        if (k > labels.length) {
            throw new SnnaudioException("k = " + k + " folds needs at least " + k + " samples, got " + labels.length);
        }
        SplittableRandom r = new SplittableRandom(seed);
        int[] foldOf = new int[labels.length];
        int offset = 0;
        for (int[] idx : byClass(labels).values()) {
            int[] a = idx.clone();
            shuffle(a, r);
            for (int i = 0; i < a.length; i++) {
                foldOf[a[i]] = (offset + i) % k;
            }
            offset += a.length; // continue the deal so small classes do not all start at fold 0
        }
        return folds(foldOf, k);
    }

    /**
     * Grouped split: whole groups (speakers, voices) are assigned to splits so that no group is in two
     * splits; groups are shuffled and each goes to the split furthest below its target sample count.
     * Samples with a null group each form their own group.
     */
    public static int[][] grouped(int[] labels, String[] groups, double[] fractions, long seed) {
        checkFractions(fractions);
        if (groups.length != labels.length) {
            throw new SnnaudioException("groups has " + groups.length + " entries, expected one per sample (" + labels.length + ")");
        }
        Map<String, List<Integer>> members = new LinkedHashMap<>();
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i] == null ? "\u0000sample-" + i : groups[i];
            members.computeIfAbsent(g, x -> new ArrayList<>()).add(i);
        }
        int nonEmpty = 0;
        for (double f : fractions) {
            if (f > 0) {
                nonEmpty++;
            }
        }
        if (members.size() < nonEmpty) {
            throw new SnnaudioException("a grouped split into " + nonEmpty + " non-empty parts needs at least " + nonEmpty
                    + " groups (speakers), got " + members.size());
        }
        List<String> names = new ArrayList<>(members.keySet());
        java.util.Collections.sort(names);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = names.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            String t = names.get(i);
            names.set(i, names.get(j));
            names.set(j, t);
        }
        List<List<Integer>> parts = new ArrayList<>();
        for (int s = 0; s < fractions.length; s++) {
            parts.add(new ArrayList<>());
        }
        double total = labels.length;
        // first give each non-empty split one group, then fill by deficit
        int gi = 0;
        for (int s = 0; s < fractions.length && gi < names.size(); s++) {
            if (fractions[s] > 0) {
                parts.get(s).addAll(members.get(names.get(gi++)));
            }
        }
        for (; gi < names.size(); gi++) {
            int best = -1;
            double bestDeficit = Double.NEGATIVE_INFINITY;
            for (int s = 0; s < fractions.length; s++) {
                if (fractions[s] == 0) {
                    continue;
                }
                double deficit = fractions[s] * total - parts.get(s).size();
                if (deficit > bestDeficit) {
                    bestDeficit = deficit;
                    best = s;
                }
            }
            parts.get(best).addAll(members.get(names.get(gi)));
        }
        return toArrays(parts, r);
    }

    /**
     * Grouped K-fold: every group's (speaker's) samples land in one fold, so no speaker is heard in the
     * training and test parts of the same fold. Groups are shuffled with the seed, then each, largest
     * first, goes to the fold with the fewest samples so far, which keeps the folds balanced when
     * speakers have different numbers of recordings. Every sample is tested exactly once.
     */
    public static List<Fold> groupedKFold(String[] groups, int k, long seed) {
        if (k < 2) {
            throw new SnnaudioException("k must be >= 2 folds, got " + k);
        }
        Map<String, List<Integer>> members = new LinkedHashMap<>();
        for (int i = 0; i < groups.length; i++) {
            if (groups[i] == null || groups[i].isEmpty()) {
                throw new SnnaudioException("sample " + i + " has no group (speaker); a grouped K-fold needs one for every sample"
                        + " (use a stratified K-fold for data without speakers)");
            }
            members.computeIfAbsent(groups[i], g -> new ArrayList<>()).add(i);
        }
        if (members.size() < k) {
            throw new SnnaudioException("a grouped K-fold with " + k + " folds needs at least " + k + " groups (speakers), got "
                    + members.size());
        }
        List<List<Integer>> gs = new ArrayList<>(members.values());
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = gs.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            List<Integer> t = gs.get(i);
            gs.set(i, gs.get(j));
            gs.set(j, t);
        }
        // a stable sort keeps the shuffled order among groups of equal size
        gs.sort((a, b) -> Integer.compare(b.size(), a.size()));
        int[] foldOf = new int[groups.length];
        int[] size = new int[k];
        for (List<Integer> g : gs) {
            int f = 0;
            for (int i = 1; i < k; i++) {
                if (size[i] < size[f]) {
                    f = i;
                }
            }
            for (int idx : g) {
                foldOf[idx] = f;
            }
            size[f] += g.size();
        }
        return folds(foldOf, k);
    }

    private static List<Fold> folds(int[] foldOf, int k) {
        List<Fold> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            int nTest = 0;
            for (int v : foldOf) {
                if (v == f) {
                    nTest++;
                }
            }
            int[] test = new int[nTest];
            int[] train = new int[foldOf.length - nTest];
            int a = 0;
            int b = 0;
            for (int i = 0; i < foldOf.length; i++) {
                if (foldOf[i] == f) {
                    test[a++] = i;
                } else {
                    train[b++] = i;
                }
            }
            folds.add(new Fold(train, test));
        }
        return folds;
    }

    /** Indices whose tag equals each of {@code names} in turn (e.g. "train", "test"). */
    public static int[][] byTag(String[] tags, String... names) {
        int[][] out = new int[names.length][];
        Map<String, Integer> pos = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            pos.put(names[i], i);
        }
        List<List<Integer>> parts = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            parts.add(new ArrayList<>());
        }
        for (int i = 0; i < tags.length; i++) {
            Integer p = tags[i] == null ? null : pos.get(tags[i]);
            if (p != null) {
                parts.get(p).add(i);
            }
        }
        for (int i = 0; i < names.length; i++) {
            out[i] = parts.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }
}
