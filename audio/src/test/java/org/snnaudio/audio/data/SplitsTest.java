package org.snnaudio.audio.data;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.snnaudio.core.SnnaudioException;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitsTest {

    static int[] randomLabels(Random r, int n, int k) {
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            l[i] = r.nextInt(k);
        }
        return l;
    }

    static void assertPartition(int n, int[]... parts) {
        boolean[] seen = new boolean[n];
        int total = 0;
        for (int[] p : parts) {
            for (int i : p) {
                assertFalse(seen[i], "index " + i + " in two parts");
                seen[i] = true;
                total++;
            }
        }
        assertEquals(n, total);
    }

    @RepeatedTest(10)
    void stratifiedKeepsClassSharesInEverySplit(RepetitionInfo info) {
        Random r = new Random(info.getCurrentRepetition());
        int[] labels = randomLabels(r, 100 + r.nextInt(400), 2 + r.nextInt(8));
        int[][] s = Splits.stratified(labels, new double[]{0.8, 0.2}, 42);
        assertPartition(labels.length, s);
        int k = Arrays.stream(labels).max().getAsInt() + 1;
        int[] all = ClassBalance.counts(labels, null, k);
        int[] test = ClassBalance.counts(labels, s[1], k);
        for (int c = 0; c < k; c++) {
            assertTrue(Math.abs(test[c] - 0.2 * all[c]) <= 1, "class " + c + ": " + test[c] + " of " + all[c]);
        }
        assertArrayEquals(s[1], Splits.stratified(labels, new double[]{0.8, 0.2}, 42)[1], "same seed, same split");
        double[] three = {0.7, 0.1, 0.2};
        int[][] t = Splits.stratified(labels, three, 5);
        assertPartition(labels.length, t);
        for (int part = 0; part < 3; part++) {
            int[] got = ClassBalance.counts(labels, t[part], k);
            for (int c = 0; c < k; c++) {
                assertTrue(Math.abs(got[c] - three[part] * all[c]) < 1, "part " + part + " class " + c + ": " + got[c] + " of " + all[c]);
            }
        }
    }

    @RepeatedTest(5)
    void kFoldTestsEverySampleOnceAndStratifies(RepetitionInfo info) {
        Random r = new Random(50 + info.getCurrentRepetition());
        int[] labels = randomLabels(r, 200, 4);
        int k = 3 + r.nextInt(4);
        List<Splits.Fold> folds = Splits.stratifiedKFold(labels, k, 1);
        assertEquals(k, folds.size());
        int[][] tests = folds.stream().map(Splits.Fold::test).toArray(int[][]::new);
        assertPartition(labels.length, tests);
        for (Splits.Fold f : folds) {
            assertPartition(labels.length, f.train(), f.test());
            int[] all = ClassBalance.counts(labels, null, 4);
            int[] t = ClassBalance.counts(labels, f.test(), 4);
            for (int c = 0; c < 4; c++) {
                assertTrue(Math.abs(t[c] - all[c] / (double) k) <= 1.0 + 1e-9);
            }
        }
    }

    @RepeatedTest(10)
    void groupedSplitsNeverShareASpeaker(RepetitionInfo info) {
        Random r = new Random(90 + info.getCurrentRepetition());
        int n = 300;
        int speakers = 6 + r.nextInt(20);
        int[] labels = randomLabels(r, n, 10);
        String[] groups = new String[n];
        for (int i = 0; i < n; i++) {
            groups[i] = "spk" + r.nextInt(speakers);
        }
        int[][] s = Splits.grouped(labels, groups, new double[]{0.6, 0.2, 0.2}, 3);
        assertPartition(n, s);
        List<Set<String>> sets = new java.util.ArrayList<>();
        for (int[] part : s) {
            Set<String> g = new HashSet<>();
            for (int i : part) {
                g.add(groups[i]);
            }
            sets.add(g);
            assertFalse(part.length == 0);
        }
        for (int a = 0; a < 3; a++) {
            for (int b = a + 1; b < 3; b++) {
                Set<String> both = new HashSet<>(sets.get(a));
                both.retainAll(sets.get(b));
                assertTrue(both.isEmpty(), "speakers in two splits: " + both);
            }
        }
    }

    @Test
    void groupedKFoldKeepsEverySpeakerInOneFoldAndBalancesSizes() {
        List<String> g = new java.util.ArrayList<>();
        String[] speakers = {"ana", "bo", "cy", "dee", "ed", "fay", "gus"};
        int[] counts = {50, 50, 50, 40, 30, 20, 10};
        for (int s = 0; s < speakers.length; s++) {
            for (int i = 0; i < counts[s]; i++) {
                g.add(speakers[s]);
            }
        }
        String[] groups = g.toArray(new String[0]);
        List<Splits.Fold> folds = Splits.groupedKFold(groups, 3, 7);
        assertEquals(3, folds.size());
        assertPartition(groups.length, folds.stream().map(Splits.Fold::test).toArray(int[][]::new));
        for (Splits.Fold f : folds) {
            assertPartition(groups.length, f.train(), f.test());
            Set<String> trainSpk = new HashSet<>();
            for (int i : f.train()) {
                trainSpk.add(groups[i]);
            }
            for (int i : f.test()) {
                assertFalse(trainSpk.contains(groups[i]), "speaker " + groups[i] + " in train and test");
            }
            // 250 samples over 3 folds: greedy largest-first keeps each within one speaker of 83
            assertTrue(Math.abs(f.test().length - 250 / 3.0) <= 20, "fold of " + f.test().length);
        }
        List<Splits.Fold> again = Splits.groupedKFold(groups, 3, 7);
        for (int f = 0; f < 3; f++) {
            assertArrayEquals(folds.get(f).test(), again.get(f).test(), "same seed, same folds");
        }
        assertEquals("a grouped K-fold with 3 folds needs at least 3 groups (speakers), got 2",
                assertThrows(SnnaudioException.class, () -> Splits.groupedKFold(new String[]{"a", "b", "a"}, 3, 1)).getMessage());
        assertEquals("sample 1 has no group (speaker); a grouped K-fold needs one for every sample (use a stratified K-fold "
                        + "for data without speakers)",
                assertThrows(SnnaudioException.class, () -> Splits.groupedKFold(new String[]{"a", null, "b"}, 2, 1)).getMessage());
        assertEquals("k must be >= 2 folds, got 1",
                assertThrows(SnnaudioException.class, () -> Splits.groupedKFold(new String[]{"a", "b"}, 1, 1)).getMessage());
    }

    @Test
    void tagsAndBalanceTable() {
        int[][] s = Splits.byTag(new String[]{"train", "test", null, "train"}, "train", "test");
        assertArrayEquals(new int[]{0, 3}, s[0]);
        assertArrayEquals(new int[]{1}, s[1]);
        String table = ClassBalance.summary(new int[]{0, 1, 1, 0, 1}, List.of("cat", "dog"), List.of("train", "test"),
                List.of(new int[]{0, 1, 2}, new int[]{3, 4}));
        assertEquals("""
                class      train       test        all
                cat            1          1          2
                dog            2          1          3
                total          3          2          5
                imbalance (largest / smallest class): 1.50
                """, table);
    }

    @Test
    void validation() {
        assertEquals("split fractions must sum to 1, got [0.8, 0.3] (sum 1.1)",
                assertThrows(SnnaudioException.class, () -> Splits.stratified(new int[4], new double[]{0.8, 0.3}, 0)).getMessage());
        assertEquals("k must be >= 2 folds, got 1",
                assertThrows(SnnaudioException.class, () -> Splits.stratifiedKFold(new int[4], 1, 0)).getMessage());
        assertEquals("a grouped split into 2 non-empty parts needs at least 2 groups (speakers), got 1",
                assertThrows(SnnaudioException.class,
                        () -> Splits.grouped(new int[3], new String[]{"a", "a", "a"}, new double[]{0.5, 0.5}, 0)).getMessage());
    }
}
