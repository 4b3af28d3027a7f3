package org.snnaudio.cli.tune;

import org.snnaudio.core.SnnaudioException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * K-fold cross-validation over groups (speakers): every group's samples land in one fold, so no
 * speaker is heard in training and validation of the same fold. Groups are shuffled with the seed,
 * then each, largest first, goes to the fold with the fewest samples so far, which keeps the folds
 * balanced when speakers have different numbers of recordings.
 */
public final class GroupedKFold {
    private GroupedKFold() {
    }

    /** Fold {@code f}'s validation indices are {@code folds.get(f)[1]}, its training indices {@code [0]}. */
    public static List<int[][]> split(String[] groups, int k, long seed) {
        if (k < 2) {
            throw new SnnaudioException("validation.folds must be >= 2, got " + k);
        }
        Map<String, List<Integer>> byGroup = new LinkedHashMap<>();
        for (int i = 0; i < groups.length; i++) {
            if (groups[i] == null || groups[i].isEmpty()) {
                throw new SnnaudioException("sample " + i + " has no speaker; speaker_kfold needs a speaker for every "
                        + "recording (use stratified_kfold for data without speakers)");
            }
            byGroup.computeIfAbsent(groups[i], g -> new ArrayList<>()).add(i);
        }
        if (byGroup.size() < k) {
            throw new SnnaudioException("speaker_kfold with " + k + " folds needs at least " + k + " speakers, the data have "
                    + byGroup.size());
        }
        List<List<Integer>> gs = new ArrayList<>(byGroup.values());
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = gs.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            List<Integer> t = gs.get(i);
            gs.set(i, gs.get(j));
            gs.set(j, t);
        }
        // Stable sort keeps the shuffled order among equal sizes.
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
        List<int[][]> out = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            final int ff = f;
            int[] val = java.util.stream.IntStream.range(0, groups.length).filter(i -> foldOf[i] == ff).toArray();
            int[] train = java.util.stream.IntStream.range(0, groups.length).filter(i -> foldOf[i] != ff).toArray();
            out.add(new int[][]{train, val});
        }
        return out;
    }

    static String describe(List<int[][]> folds) {
        return Arrays.toString(folds.stream().mapToInt(f -> f[1].length).toArray());
    }
}
