package org.snnaudio.cli.tune;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpectedImprovementTest {

    @Test
    void normalCdfMatchesTabulatedValues() {
        assertEquals(0.5, Normal.cdf(0), 1e-16);
        assertEquals(0.8413447460685429, Normal.cdf(1), 1e-15);
        assertEquals(0.022750131948179195, Normal.cdf(-2), 1e-16);
        assertEquals(0.9986501019683699, Normal.cdf(3), 1e-15);
        // Tail values: relative accuracy survives where 1 - Phi(-x) would give 0.
        assertEquals(2.866515718791939e-07, Normal.cdf(-5), 1e-20);
        assertEquals(7.61985302416047e-24, Normal.cdf(-10), 1e-36);
        assertEquals(0.3989422804014327, Normal.pdf(0), 1e-16);
    }

    @Test
    void closedFormAtAHandComputedPoint() {
        // mean 1, sd 2, best 0.5, xi 0.1: imp 0.4, z 0.2.
        double z = 0.2;
        double expected = 0.4 * 0.579259709439103 + 2 * Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
        assertEquals(expected, ExpectedImprovement.of(1, 2, 0.5, 0.1), 1e-14);
    }

    @RepeatedTest(10)
    void closedFormEqualsTheIntegralOfTheImprovement(RepetitionInfo info) {
        Random rnd = new Random(100 + info.getCurrentRepetition());
        double mean = rnd.nextGaussian();
        double sd = 0.05 + rnd.nextDouble() * 2;
        double best = rnd.nextGaussian();
        double xi = rnd.nextDouble() * 0.1;
        // E[max(f - best - xi, 0)] by Simpson's rule over mean +- 12 sd.
        int steps = 20000;
        double lo = mean - 12 * sd;
        double hi = mean + 12 * sd;
        double h = (hi - lo) / steps;
        double sum = 0;
        for (int i = 0; i <= steps; i++) {
            double f = lo + i * h;
            double w = i == 0 || i == steps ? 1 : (i % 2 == 1 ? 4 : 2);
            double dens = Math.exp(-0.5 * Math.pow((f - mean) / sd, 2)) / (sd * Math.sqrt(2 * Math.PI));
            sum += w * Math.max(f - best - xi, 0) * dens;
        }
        double integral = sum * h / 3;
        assertEquals(integral, ExpectedImprovement.of(mean, sd, best, xi), 1e-7 + 1e-6 * integral);
    }

    @Test
    void zeroSpreadGivesThePlainImprovementAndMoreSpreadNeverLowersIt() {
        assertEquals(0.7, ExpectedImprovement.of(1.0, 0, 0.3, 0), 1e-15);
        assertEquals(0, ExpectedImprovement.of(0.2, 0, 0.3, 0), 0);
        double prev = ExpectedImprovement.of(0.2, 0, 0.3, 0);
        for (double sd = 0.1; sd < 3; sd += 0.1) {
            double ei = ExpectedImprovement.of(0.2, sd, 0.3, 0);
            assertTrue(ei > prev);
            prev = ei;
        }
    }
}
