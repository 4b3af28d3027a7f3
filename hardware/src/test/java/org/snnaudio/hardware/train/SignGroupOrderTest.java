package org.snnaudio.hardware.train;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.snnaudio.core.data.Dataset;
import org.snnaudio.core.neuron.Lif;
import org.snnaudio.core.nn.LayerSpec;
import org.snnaudio.core.nn.Network;
import org.snnaudio.core.nn.Parameter;
import org.snnaudio.hardware.target.HardwareTarget;
import org.snnaudio.hardware.target.Targets;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignGroupOrderTest {
    private static final HardwareTarget ANALOG = Targets.load("analog-nwave");

    private static Network net(int hidden, long seed) {
        return Network.builder(6).options(HardwareTrainingTest.net(3).options()).seed(seed)
                .layer(LayerSpec.dense("h", hidden, new Lif(0.02, 1.0)).withWeightScale(6))
                .layer(LayerSpec.dense("o", 2, new Lif(0.02, 1.0)).withWeightScale(20)).build();
    }

    /** Reordering the hidden neurons moves every per-neuron value and the readout's rows with them: the same spikes. */
    @Test
    void reorderingKeepsEverySpike() {
        Network n = net(15, 4);
        Dataset d = HardwareTrainingTest.toy(12, 5);
        float[] th = n.parameter("h.threshold").value();
        for (int k = 0; k < th.length; k++) {
            th[k] = 1 + 0.05f * k; // distinct per-neuron values, so a neuron that loses its own threshold shows
        }
        float[][] before = n.predict(d.samples());
        float[] w0 = n.parameter("h.weight").value().clone();
        float[] th0 = th.clone();
        float[] out0 = n.parameter("o.weight").value().clone();
        List<SignGroupOrder.Result> r = SignGroupOrder.align(n.parameters(), ANALOG, 1);
        assertEquals(1, r.size(), "only the hidden layer is reordered (the readout's neurons are the classes)");
        assertTrue(r.get(0).cutAfter() < r.get(0).cutBefore(), r.toString());
        float[] w = n.parameter("h.weight").value();
        boolean moved = false;
        for (int q = 0; q < 15; q++) {
            int k = (int) Math.round((n.parameter("h.threshold").value()[q] - 1) / 0.05);
            moved |= k != q;
            assertEquals(th0[k], n.parameter("h.threshold").value()[q]);
            for (int row = 0; row < 6; row++) {
                assertEquals(w0[row * 15 + k], w[row * 15 + q], "input weight " + row + " of neuron " + k);
            }
            for (int c = 0; c < 2; c++) {
                assertEquals(out0[k * 2 + c], n.parameter("o.weight").value()[q * 2 + c], "readout row of neuron " + k);
            }
        }
        assertTrue(moved, "some neuron moved");
        float[][] after = n.predict(d.samples());
        for (int i = 0; i < before.length; i++) {
            assertArrayEquals(before[i], after[i], "spike counts of sample " + i);
        }
    }

    /** Two sign patterns of five neurons each, interleaved: the right order lets every group keep all its weights. */
    @Test
    void findsTheOrderInWhichNoGroupCutsAWeight() {
        Network n = interleaved();
        var r = SignGroupOrder.align(n.parameters(), ANALOG, 3).get(0);
        assertTrue(r.cutBefore() > 0.5, "interleaved signs cut weight: " + r);
        assertEquals(0.0, r.cutAfter(), 1e-9);
        float[] aligned = n.parameter("h.weight").value().clone();
        TargetProjection.project(n.parameters(), ANALOG);
        assertArrayEquals(aligned, n.parameter("h.weight").value(), "the projection has nothing left to zero");
    }

    /** The cut the search reports is what the projection zeroes, and it is never more than the given order's. */
    @RepeatedTest(10)
    void theReportedCutIsWhatTheProjectionZeroes(RepetitionInfo info) {
        Random rng = new Random(100 + info.getCurrentRepetition());
        int hidden = 7 + rng.nextInt(20);
        Network n = net(hidden, rng.nextLong());
        for (Parameter p : n.parameters("*.weight")) {
            float[] v = p.value();
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (0.8 * (2 * rng.nextDouble() - 1)); // within |w| <= 0.9: the projection only cuts signs
            }
        }
        Network copy = net(hidden, 0);
        for (int i = 0; i < n.parameters().size(); i++) {
            System.arraycopy(n.parameters().get(i).value(), 0, copy.parameters().get(i).value(), 0,
                    n.parameters().get(i).size());
        }
        double total = 0;
        for (float x : copy.parameter("h.weight").value()) {
            total += Math.abs(x);
        }
        var r = SignGroupOrder.align(n.parameters(), ANALOG, info.getCurrentRepetition()).get(0);
        assertEquals(total, r.total(), 1e-3);
        assertEquals(zeroedMass(copy), r.cutBefore(), 1e-4, "the given order");
        assertEquals(zeroedMass(n), r.cutAfter(), 1e-4, "the found order");
        assertTrue(r.cutAfter() <= r.cutBefore() + 1e-9);
    }

    /** Ten hidden neurons of two sign patterns, alternating, so that the given order puts both in every group. */
    private static Network interleaved() {
        Network n = net(10, 2);
        float[] w = n.parameter("h.weight").value();
        Random rng = new Random(9);
        for (int row = 0; row < 6; row++) {
            for (int k = 0; k < 10; k++) {
                double sign = (k % 2 == 0) == (row % 3 == 0) ? 1 : -1;
                w[row * 10 + k] = (float) (sign * (0.1 + 0.5 * rng.nextDouble()));
            }
        }
        return n;
    }

    /** Fine-tuning's set-up reorders before it projects when asked, and otherwise projects in the trained order. */
    @Test
    void targetTrainingReordersBeforeProjectingWhenAsked() {
        for (boolean reorder : new boolean[]{false, true}) {
            Network n = interleaved();
            org.snnaudio.core.train.Trainer t = new org.snnaudio.core.train.Trainer(n,
                    org.snnaudio.core.train.TrainerConfig.builder().epochs(1).batchSize(8).seed(1).build());
            TargetTraining.install(t, n, ANALOG, TargetTraining.Options.defaults().tauGain(false).reorder(reorder));
            long zeros = 0;
            for (float x : n.parameter("h.weight").value()) {
                zeros += x == 0 ? 1 : 0;
            }
            if (reorder) {
                assertEquals(0, zeros, "reordered: every group already shares a sign");
            } else {
                assertTrue(zeros >= 6, "in the trained order the projection zeroes weights: " + zeros);
            }
        }
    }

    @Test
    void targetsWithoutSignGroupsKeepTheOrder() {
        Network n = net(10, 2);
        float[] w0 = n.parameter("h.weight").value().clone();
        assertEquals(List.of(), SignGroupOrder.align(n.parameters(), Targets.load("digital-int8"), 1));
        assertArrayEquals(w0, n.parameter("h.weight").value());
    }

    /** |w| of the hidden layer's weights that {@link TargetProjection#project} sets to zero. */
    private static double zeroedMass(Network n) {
        float[] before = n.parameter("h.weight").value().clone();
        TargetProjection.project(n.parameters(), ANALOG);
        double zeroed = 0;
        float[] after = n.parameter("h.weight").value();
        for (int i = 0; i < before.length; i++) {
            if (after[i] == 0 && before[i] != 0) {
                zeroed += Math.abs(before[i]);
            }
        }
        return zeroed;
    }
}
