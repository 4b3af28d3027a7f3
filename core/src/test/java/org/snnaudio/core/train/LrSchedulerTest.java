package org.snnaudio.core.train;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.snnaudio.core.train.OptimizerTest.assertMessage;

class LrSchedulerTest {

    private static double[] factors(LrSchedule s, int epochs) {
        LrScheduler sch = new LrScheduler(s);
        double[] f = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            sch.startEpoch(e);
            f[e] = sch.factor();
        }
        return f;
    }

    @Test
    void constantIsOne() {
        assertArrayEquals(new double[] {1, 1, 1}, factors(new LrSchedule.Constant(), 3));
    }

    @Test
    void stepLrMultipliesByGammaEveryStepSizeEpochs() {
        assertArrayEquals(new double[] {1, 1, 0.5, 0.5, 0.25, 0.25, 0.125}, factors(new LrSchedule.Step(2, 0.5), 7), 1e-15);
    }

    @Test
    void cosineFollowsTheClosedFormAndStaysAtItsFloor() {
        // min + (1 - min)(1 + cos(pi e / 4)) / 2 with min = 0.1: e=1 -> 0.1 + 0.9 * (1 + 0.70711) / 2 = 0.868198
        double[] f = factors(new LrSchedule.Cosine(4, 0.1, 0), 6);
        assertArrayEquals(new double[] {1, 0.8681980515, 0.55, 0.2318019485, 0.1, 0.1}, f, 1e-9);
    }

    @Test
    void cosineWarmUpRampsLinearlyThenAnneals() {
        // warm-up 2: (e+1)/3 = 1/3, 2/3; cosine over epochs 2..6 (tMax 6, length 4) from 1 to 0
        double[] f = factors(new LrSchedule.Cosine(6, 0, 2), 8);
        assertArrayEquals(new double[] {1 / 3.0, 2 / 3.0, 1, 0.8535533906, 0.5, 0.1464466094, 0, 0}, f, 1e-9);
    }

    private static EpochRecord rec(int epoch, double valLoss) {
        return new EpochRecord(epoch, 1, 0.5, valLoss, 0.5, 1e-3, 1, new double[0], Map.of(), 0, 0);
    }

    @Test
    void plateauReducesAfterPatienceAndWaitsOutTheCooldown() {
        // patience 1: two non-improving epochs in a row reduce; cooldown 1 ignores the next epoch
        LrScheduler s = new LrScheduler(new LrSchedule.Plateau(Monitor.VAL_LOSS, 0.5, 1, 0, 1, 0.2));
        double[] losses = {1.0, 0.9, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95};
        double[] expected = {1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.2};
        for (int e = 0; e < losses.length; e++) {
            s.startEpoch(e);
            s.endEpoch(rec(e, losses[e]));
            assertEquals(expected[e], s.factor(), 1e-12, "after epoch " + e);
        }
    }

    @Test
    void plateauCountsOnlyImprovementsBeyondMinDelta() {
        LrScheduler s = new LrScheduler(new LrSchedule.Plateau(Monitor.VAL_LOSS, 0.1, 0, 0.01, 0, 0));
        s.endEpoch(rec(0, 1.0));
        assertEquals(1, s.factor());
        s.endEpoch(rec(1, 0.995)); // better by less than minDelta: a bad epoch, patience 0 -> reduce
        assertEquals(0.1, s.factor(), 1e-12);
        s.endEpoch(rec(2, 0.5));
        assertEquals(0.1, s.factor(), 1e-12);
    }

    @Test
    void plateauStateRoundTripsExactly() throws IOException {
        LrSchedule.Plateau p = new LrSchedule.Plateau(Monitor.VAL_LOSS, 0.5, 2, 0, 0, 0);
        LrScheduler a = new LrScheduler(p);
        a.endEpoch(rec(0, 1));
        a.endEpoch(rec(1, 2));
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        a.writeState(new DataOutputStream(bos));
        LrScheduler b = new LrScheduler(p);
        b.readState(new DataInputStream(new ByteArrayInputStream(bos.toByteArray())));
        for (int e = 2; e < 8; e++) {
            a.endEpoch(rec(e, 2));
            b.endEpoch(rec(e, 2));
            assertEquals(a.factor(), b.factor(), "epoch " + e);
        }
        assertEquals(0.25, b.factor(), 1e-12);
    }

    @Test
    void validationNamesTheSetting() {
        assertMessage("step schedule stepSize must be >= 1 epoch, got 0", () -> new LrSchedule.Step(0, 0.5));
        assertMessage("step schedule gamma must be in (0, 1], got 1.5", () -> new LrSchedule.Step(1, 1.5));
        assertMessage("cosine schedule tMax must be > warmupEpochs (3), got 3", () -> new LrSchedule.Cosine(3, 0, 3));
        assertMessage("cosine schedule warmupEpochs must be >= 0, got -1", () -> new LrSchedule.Cosine(3, 0, -1));
        assertMessage("cosine schedule minFactor must be in [0, 1], got 2.0", () -> new LrSchedule.Cosine(3, 2, 0));
        assertMessage("plateau schedule factor must be in (0, 1), got 1.0",
                () -> new LrSchedule.Plateau(Monitor.VAL_LOSS, 1, 1, 0, 0, 0));
        assertMessage("plateau schedule patience must be >= 0 epochs, got -1",
                () -> new LrSchedule.Plateau(Monitor.VAL_LOSS, 0.5, -1, 0, 0, 0));
        assertMessage("plateau schedule cooldown must be >= 0 epochs, got -2",
                () -> new LrSchedule.Plateau(Monitor.VAL_LOSS, 0.5, 1, 0, -2, 0));
    }
}
