package org.snnaudio.cli.data;

import org.snnaudio.core.SnnaudioException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Seeded splits of a labelled set into parts, as index lists: stratified (every class in the same
 * proportions in each part, Talamo's {@code stratified_split}), grouped by speaker (no speaker in two
 * parts) and stratified K-fold.
 */
public final class Splits {
    private Splits() {
    }

    /**
     * Splits indices {@code 0..labels.length} into parts of the given fractions (summing to 1), each class
     * spread over the parts in proportion. The rounding remainder goes to the first part.
     */
    public static List<int[]> stratified(int[] labels, double[] fractions, long seed) {
        checkFractions(fractions);
        Map<Integer, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            byClass.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> parts = new ArrayList<>();
        for (int p = 0; p < fractions.length; p++) {
            parts.add(new ArrayList<>());
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (List<Integer> idx : byClass.values()) {
            shuffle(idx, rnd);
            int n = idx.size();
            int[] sizes = new int[fractions.length];
            int rest = n;
            for (int p = 1; p < fractions.length; p++) {
                sizes[p] = (int) Math.round(fractions[p] * n);
                rest -= sizes[p];
            }
            sizes[0] = rest;
            int at = 0;
            for (int p = 0; p < fractions.length; p++) {
                parts.get(p).addAll(idx.subList(at, at + Math.max(0, sizes[p])));
                at += Math.max(0, sizes[p]);
            }
        }
        return toArrays(parts);
    }

    /**
     * Splits by speaker: whole speakers go to parts so that each part gets about its fraction of the
     * samples; no speaker appears in two parts.
     */
    public static List<int[]> bySpeaker(String[] speakers, double[] fractions, long seed) {
        checkFractions(fractions);
        Map<String, List<Integer>> bySpeaker = new LinkedHashMap<>();
        for (int i = 0; i < speakers.length; i++) {
            bySpeaker.computeIfAbsent(speakers[i], k -> new ArrayList<>()).add(i);
        }
        if (bySpeaker.size() < fractions.length) {
            throw new SnnaudioException("speaker split into " + fractions.length + " parts needs at least as many speakers, got "
                    + bySpeaker.size());
        }
        List<String> names = new ArrayList<>(new TreeMap<>(bySpeaker).keySet());
        shuffle(names, new SplittableRandom(seed));
        List<List<Integer>> parts = new ArrayList<>();
        for (int p = 0; p < fractions.length; p++) {
            parts.add(new ArrayList<>());
        }
        double total = speakers.length;
        // later parts (validation, test) are filled first to their share; the first part takes the rest
        int s = 0;
        for (int p = fractions.length - 1; p >= 1; p--) {
            double want = fractions[p] * total;
            while (s < names.size() - p && (parts.get(p).isEmpty() || parts.get(p).size() + bySpeaker.get(names.get(s)).size() / 2.0 <= want)) {
                parts.get(p).addAll(bySpeaker.get(names.get(s)));
                s++;
                if (fractions[p] == 0) {
                    break;
                }
            }
        }
        for (; s < names.size(); s++) {
            parts.get(0).addAll(bySpeaker.get(names.get(s)));
        }
        return toArrays(parts);
    }

    /** Stratified K-fold: fold {@code k} is the test part of the k-th pair (train, test). */
    public static List<int[][]> kFold(int[] labels, int folds, long seed) {
        if (folds < 2) {
            throw new SnnaudioException("k-fold needs at least 2 folds, got " + folds);
        }
        Map<Integer, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            byClass.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> fold = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            fold.add(new ArrayList<>());
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int offset = 0;
        for (List<Integer> idx : byClass.values()) {
            shuffle(idx, rnd);
            for (int i = 0; i < idx.size(); i++) {
                fold.get((i + offset) % folds).add(idx.get(i));
            }
            offset += idx.size();
        }
        List<int[][]> out = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            List<Integer> train = new ArrayList<>();
            for (int g = 0; g < folds; g++) {
                if (g != f) {
                    train.addAll(fold.get(g));
                }
            }
            train.sort(null);
            List<Integer> test = new ArrayList<>(fold.get(f));
            test.sort(null);
            out.add(new int[][]{train.stream().mapToInt(Integer::intValue).toArray(),
                    test.stream().mapToInt(Integer::intValue).toArray()});
        }
        return out;
    }

    private static void checkFractions(double[] f) {
        double s = 0;
        for (double v : f) {
            if (!(v >= 0)) {
                throw new SnnaudioException("split fractions must be >= 0, got " + v);
            }
            s += v;
        }
        if (Math.abs(s - 1) > 1e-9) {
            throw new SnnaudioException("split fractions must sum to 1, got " + s);
        }
    }

    private static <T> void shuffle(List<T> l, SplittableRandom r) {
        for (int i = l.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            T t = l.get(i);
            l.set(i, l.get(j));
            l.set(j, t);
        }
    }

    private static List<int[]> toArrays(List<List<Integer>> parts) {
        List<int[]> out = new ArrayList<>();
        for (List<Integer> p : parts) {
            p.sort(null);
            out.add(p.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }
}
