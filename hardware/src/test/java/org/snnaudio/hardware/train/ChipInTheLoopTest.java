package org.snnaudio.hardware.train;

import org.junit.jupiter.api.Test;
import org.snnaudio.core.data.Dataset;
import org.snnaudio.core.nn.Network;
import org.snnaudio.core.nn.Parameter;
import org.snnaudio.core.train.OptimizerConfig;
import org.snnaudio.core.train.StepContext;
import org.snnaudio.core.train.Trainer;
import org.snnaudio.core.train.TrainerConfig;
import org.snnaudio.hardware.rules.DesignRules;
import org.snnaudio.hardware.target.HardwareTarget;
import org.snnaudio.hardware.target.Targets;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChipInTheLoopTest {
    private static final HardwareTarget.Mismatch SPREADS = new HardwareTarget.Mismatch(0.1, 0.05, 0.1, "test");

    private static float[][] values(List<Parameter> ps) {
        return ps.stream().map(p -> p.value().clone()).toArray(float[][]::new);
    }

    @Test
    void everyBatchAndEveryValidationPassRunOnTheSameChipAndTheNominalValuesComeBack() {
        Network n = HardwareTrainingTest.net(3);
        List<Parameter> ps = n.parameters();
        float[][] nominal = values(ps);
        DrawnChip chip = DrawnChip.draw(ps, SPREADS, new SplittableRandom(4));
        ChipInTheLoop hook = new ChipInTheLoop(chip, n.options().discretisation());

        hook.beforeForward(new StepContext(0, 0, ps, 1));
        float[][] first = values(ps);
        hook.afterBackward(new StepContext(0, 0, ps, 1));
        assertTrue(Arrays.deepEquals(nominal, values(ps)), "nominal values restored after the backward pass");

        hook.beforeForward(new StepContext(3, 7, ps, 1));
        assertTrue(Arrays.deepEquals(first, values(ps)), "a later batch runs on the same chip");
        hook.afterBackward(new StepContext(3, 7, ps, 1));
        hook.beforeEvaluate(new StepContext(3, -1, ps, 1));
        assertTrue(Arrays.deepEquals(first, values(ps)), "validation runs on the chip too");
        hook.afterEvaluate(new StepContext(3, -1, ps, 1));
        assertTrue(Arrays.deepEquals(nominal, values(ps)), "nominal values restored after validation");

        for (int i = 0; i < ps.size(); i++) {
            Parameter.Kind k = ps.get(i).kind();
            if (k == Parameter.Kind.WEIGHT || k == Parameter.Kind.THRESHOLD || k == Parameter.Kind.TIME_CONSTANT) {
                assertFalse(Arrays.equals(nominal[i], first[i]), ps.get(i).name() + " is drawn");
            }
        }
        // the chip's values are the draw's, with the time constants' input gains (as the drawn graph runs)
        DrawnChip.Applied on = chip.applyTo(ps, n.options().discretisation(), true);
        assertTrue(Arrays.deepEquals(first, values(ps)));
        on.close();
        assertTrue(Arrays.deepEquals(nominal, values(ps)));
    }

    @Test
    void aChipDrawnForAnotherNetworkIsRejectedByName() {
        Network small = HardwareTrainingTest.net(3);
        DrawnChip chip = DrawnChip.draw(small.parameters(), SPREADS, new SplittableRandom(1));
        Network other = Network.builder(6).options(small.options()).seed(3)
                .layer(org.snnaudio.core.nn.LayerSpec.dense("h", 7, new org.snnaudio.core.neuron.Lif(0.02, 1.0)))
                .layer(org.snnaudio.core.nn.LayerSpec.dense("o", 2, new org.snnaudio.core.neuron.Lif(0.02, 1.0))).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> chip.applyTo(other.parameters(), other.options().discretisation(), true));
        assertTrue(e.getMessage().contains("h.weight") && e.getMessage().contains("72 values"), e.getMessage());
    }

    /**
     * A trained network tuned in the loop on chip A fits chip A better than before and better than the same
     * network tuned the same way off the chip, gains more on chip A than on another chip B, and still passes the
     * target's rules.
     */
    @Test
    void tuningInTheLoopFitsTheChipItRanOnAndKeepsTheRules() {
        HardwareTarget analog = Targets.load("analog-nwave");
        HardwareTarget.Mismatch strong = new HardwareTarget.Mismatch(0.4, 0.2, 0.3, "test");
        Dataset heldOut = HardwareTrainingTest.toy(64, 7);
        Network n = trained(analog);
        Network offChip = trained(analog);
        DrawnChip a = DrawnChip.draw(n.parameters(), strong, new SplittableRandom(11));
        DrawnChip b = DrawnChip.draw(n.parameters(), strong, new SplittableRandom(12));
        double a0 = lossOn(a, n, heldOut);
        double b0 = lossOn(b, n, heldOut);
        assertEquals(a0, lossOn(a, offChip, heldOut), 1e-9, "the two copies start equal");

        tune(n, analog, a);
        tune(offChip, analog, null);
        double a1 = lossOn(a, n, heldOut);
        double b1 = lossOn(b, n, heldOut);
        double aOff = lossOn(a, offChip, heldOut);

        assertTrue(a1 < a0, "chip A's held-out loss " + a0 + " -> " + a1);
        assertTrue(a1 < aOff, "tuned on chip A " + a1 + " against tuned off the chip " + aOff);
        assertTrue(a0 - a1 > b0 - b1, "gain on chip A " + (a0 - a1) + " against chip B " + (b0 - b1));
        List<String> rules = DesignRules.check(n.toGraph(), analog, 1e-3).stream().map(DesignRules.Violation::rule).toList();
        assertFalse(rules.contains("weight-magnitude") || rules.contains("sign-groups"), rules.toString());
    }

    private static Network trained(HardwareTarget target) {
        Network n = HardwareTrainingTest.net(2, false);
        Trainer t = new Trainer(n, TrainerConfig.builder().epochs(8).batchSize(8).seed(1)
                .optimizer(OptimizerConfig.Adam.of(1e-2)).build());
        TargetTraining.install(t, n, target, TargetTraining.Options.defaults().mismatchAware(false));
        t.fit(HardwareTrainingTest.toy(64, 1), HardwareTrainingTest.toy(32, 2));
        return n;
    }

    /** Six epochs for {@code target}, on {@code chip} in the loop (null: off any chip). */
    private static void tune(Network n, HardwareTarget target, DrawnChip chip) {
        Trainer t = new Trainer(n, TrainerConfig.builder().epochs(6).batchSize(8).seed(2)
                .optimizer(OptimizerConfig.Adam.of(5e-3)).build());
        TargetTraining tt = TargetTraining.install(t, n, target, TargetTraining.Options.defaults().mismatchAware(false));
        if (chip != null) {
            t.addHook(new ChipInTheLoop(chip, n.options().discretisation()));
        }
        t.fit(HardwareTrainingTest.toy(64, 1), HardwareTrainingTest.toy(32, 2));
        tt.finish();
    }

    private static double lossOn(DrawnChip chip, Network n, Dataset d) {
        DrawnChip.Applied on = chip.applyTo(n.parameters(), n.options().discretisation(), true);
        try {
            return n.evaluateBatch(d.samples()).loss();
        } finally {
            on.close();
        }
    }

    @Test
    void mismatchAwareTrainingDrawsTheChipOfItsEpochAndBatch() {
        Network n = HardwareTrainingTest.net(5);
        List<Parameter> ps = n.parameters();
        MismatchAwareTraining hook = new MismatchAwareTraining(SPREADS, 17, n.options().discretisation(), true);
        hook.beforeForward(new StepContext(2, 3, ps, 1));
        float[][] inHook = values(ps);
        hook.afterBackward(new StepContext(2, 3, ps, 1));
        DrawnChip chip = DrawnChip.draw(ps, SPREADS, new SplittableRandom(17 ^ (1_000_003L * 2 + 3)));
        DrawnChip.Applied on = chip.applyTo(ps, n.options().discretisation(), true);
        assertTrue(Arrays.deepEquals(inHook, values(ps)));
        on.close();
        assertEquals(0, chip.factors().values().stream().filter(f -> f.length == 0).count());
    }
}
