package org.snnaudio.cli.eval;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.snnaudio.core.SnnaudioException;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsTest {
    @Test
    void confusionAndPerClassByHand() {
        // true:      a a a a b b b c c c
        // predicted: a a b c b b a c c b
        int[] y = {0, 0, 0, 0, 1, 1, 1, 2, 2, 2};
        int[] p = {0, 0, 1, 2, 1, 1, 0, 2, 2, 1};
        var m = ClassificationMetrics.of(y, p, List.of("a", "b", "c"));
        assertArrayEquals(new long[]{2, 1, 1}, m.confusion()[0]);
        assertArrayEquals(new long[]{1, 2, 0}, m.confusion()[1]);
        assertArrayEquals(new long[]{0, 1, 2}, m.confusion()[2]);
        assertEquals(0.6, m.accuracy(), 1e-12);
        var pc = m.perClass();
        // a: tp 2, predicted 3, actual 4 -> p 2/3, r 1/2, f1 = 2*(1/3)/(7/6) = 4/7
        assertEquals(2.0 / 3, pc.get(0).precision(), 1e-12);
        assertEquals(0.5, pc.get(0).recall(), 1e-12);
        assertEquals(4.0 / 7, pc.get(0).f1(), 1e-12);
        assertEquals(4, pc.get(0).support());
        // b: tp 2, predicted 4, actual 3 -> p 1/2, r 2/3, f1 4/7
        assertEquals(0.5, pc.get(1).precision(), 1e-12);
        assertEquals(2.0 / 3, pc.get(1).recall(), 1e-12);
        // c: tp 2, predicted 3, actual 3 -> 2/3 each
        assertEquals(2.0 / 3, pc.get(2).f1(), 1e-12);
        assertEquals((4.0 / 7 + 4.0 / 7 + 2.0 / 3) / 3, m.macroF1(), 1e-12);
        Map<String, Object> map = m.toMap();
        assertEquals(0.6, (double) map.get("accuracy"), 1e-12);
        assertTrue(map.containsKey("per_class"));
        assertTrue(map.containsKey("confusion_matrix"));
    }

    @Test
    void neverPredictedClassHasZeroPrecision() {
        var m = ClassificationMetrics.of(new int[]{0, 1}, new int[]{0, 0}, List.of("x", "y"));
        assertEquals(0, m.perClass().get(1).precision());
        assertEquals(0, m.perClass().get(1).f1());
    }

    @Test
    void labelOutOfRangeIsRejected() {
        var e = assertThrows(SnnaudioException.class,
                () -> ClassificationMetrics.of(new int[]{0, 3}, new int[]{0, 0}, List.of("x", "y")));
        assertEquals("metrics: sample 1 has label 3 / prediction 0 outside [0, 2)", e.getMessage());
        e = assertThrows(SnnaudioException.class,
                () -> ClassificationMetrics.of(new int[]{0}, new int[]{0, 0}, List.of("x", "y")));
        assertEquals("metrics: 1 labels but 2 predictions", e.getMessage());
    }

    @Test
    void aucOfAKnownRoc() {
        // scores desc: 0.9 P, 0.8 N, 0.7 P, 0.6 P, 0.5 N, 0.4 N -> pairs P>N: P0.9 beats 3, P0.7 beats 2, P0.6 beats 2 = 7/9
        double[] s = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4};
        boolean[] pos = {true, false, true, true, false, false};
        Roc r = Roc.of(s, pos);
        assertEquals(7.0 / 9, r.auc(), 1e-12);
        assertArrayEquals(new double[]{0, 0, 1.0 / 3, 1.0 / 3, 1.0 / 3, 2.0 / 3, 1}, r.fpr(), 1e-12);
        assertArrayEquals(new double[]{0, 1.0 / 3, 1.0 / 3, 2.0 / 3, 1, 1, 1}, r.tpr(), 1e-12);
    }

    @Test
    void perfectRandomAndInvertedScores() {
        assertEquals(1.0, Roc.of(new double[]{1, 2, 3, 4}, new boolean[]{false, false, true, true}).auc(), 1e-12);
        assertEquals(0.0, Roc.of(new double[]{1, 2, 3, 4}, new boolean[]{true, true, false, false}).auc(), 1e-12);
        assertEquals(0.5, Roc.of(new double[]{1, 1, 1, 1}, new boolean[]{true, false, true, false}).auc(), 1e-12);
    }

    @RepeatedTest(20)
    void aucEqualsMannWhitneyWithTies(org.junit.jupiter.api.RepetitionInfo info) {
        Random rnd = new Random(info.getCurrentRepetition());
        int n = 5 + rnd.nextInt(40);
        double[] s = new double[n];
        boolean[] pos = new boolean[n];
        for (int i = 0; i < n; i++) {
            s[i] = rnd.nextInt(6);
            pos[i] = i < 2 ? i == 0 : rnd.nextBoolean();
        }
        double wins = 0;
        int np = 0;
        int nn = 0;
        for (int i = 0; i < n; i++) {
            if (pos[i]) {
                np++;
            } else {
                nn++;
            }
            for (int j = 0; j < n; j++) {
                if (pos[i] && !pos[j]) {
                    wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                }
            }
        }
        assertEquals(wins / ((double) np * nn), Roc.of(s, pos).auc(), 1e-12);
    }

    @Test
    void rocNeedsBothClasses() {
        var e = assertThrows(SnnaudioException.class, () -> Roc.of(new double[]{1, 2}, new boolean[]{true, true}));
        assertEquals("roc: needs both positive and negative samples, got 2 positive and 0 negative", e.getMessage());
        e = assertThrows(SnnaudioException.class, () -> Roc.of(new double[]{Double.NaN, 2}, new boolean[]{true, false}));
        assertEquals("roc: score of sample 0 is NaN", e.getMessage());
    }

    @Test
    void summaryMeanStdMedian() {
        Summary s = Summary.of(0.9, 0.8, 1.0, 0.7);
        assertEquals(0.85, s.mean(), 1e-12);
        assertEquals(Math.sqrt((0.0025 + 0.0025 + 0.0225 + 0.0225) / 3), s.std(), 1e-12);
        assertEquals(0.85, s.median(), 1e-12);
        assertEquals("0.850 +- 0.129", s.format(3));
        assertEquals(0, Summary.of(0.5).std());
    }

    @Test
    void healthFlagsDeadAndSaturatedNeurons() {
        var h = new FiringRateHealth(List.of(new FiringRateHealth.Layer("hidden", new double[]{0.01, 0.2, 0.95, 0.5}),
                new FiringRateHealth.Layer("readout", new double[]{0.1, 0.3})));
        assertEquals(1, h.layers().get(0).dead());
        assertEquals(1, h.layers().get(0).saturated());
        assertEquals("WARNING: 1 dead (<5 %), 1 saturated (>90 %)", h.layers().get(0).status());
        assertEquals("OK", h.layers().get(1).status());
        assertFalse(h.healthy());
        assertTrue(h.format().contains("hidden"));
    }
}
