package org.snnaudio.cli.tune;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.snnaudio.core.SnnaudioException;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchSpaceTest {
    static SearchSpace mixed() {
        return new SearchSpace(List.of(
                new ParamSpec.Continuous("network.neuron.tau_mem", 0.005, 0.1, true, 4, null),
                new ParamSpec.Continuous("network.surrogate.slope", 1, 50, false, 3, null),
                new ParamSpec.IntRange("network.hidden", 16, 256, true, 3, null),
                new ParamSpec.Categorical("encoder.type", List.of("if", "rate", "delta"))));
    }

    @RepeatedTest(20)
    void decodeThenEncodeThenDecodeIsStable(RepetitionInfo info) {
        SearchSpace s = mixed();
        Random rnd = new Random(info.getCurrentRepetition());
        double[] u = new double[s.dims()];
        for (int i = 0; i < u.length; i++) {
            u[i] = rnd.nextDouble();
        }
        Assignment a = s.decode(u);
        assertEquals(a, s.decode(s.encode(a)));
        double tau = (Double) a.get("network.neuron.tau_mem");
        assertTrue(tau >= 0.005 && tau <= 0.1, "tau " + tau);
        int hidden = (Integer) a.get("network.hidden");
        assertTrue(hidden >= 16 && hidden <= 256);
        assertTrue(List.of("if", "rate", "delta").contains(a.get("encoder.type")));
    }

    @Test
    void logScaleMapsTheMiddleOfTheCubeToTheGeometricMean() {
        ParamSpec.Continuous p = new ParamSpec.Continuous("lr", 1e-4, 1e-2, true, 3, null);
        assertEquals(1e-3, (Double) p.decode(new double[]{0.5}, 0), 1e-15);
        assertEquals(List.of(1e-4, 1e-3, 1e-2).toString(), p.gridValues().stream()
                .map(v -> (Object) (Math.round((Double) v * 1e8) / 1e8)).toList().toString());
    }

    @Test
    void integersOwnEqualSharesAndBothEndsAreReachable() {
        ParamSpec.IntRange p = new ParamSpec.IntRange("n", 1, 4, false, 5, null);
        int[] counts = new int[5];
        for (int i = 0; i < 4000; i++) {
            counts[(Integer) p.decode(new double[]{(i + 0.5) / 4000}, 0)]++;
        }
        for (int v = 1; v <= 4; v++) {
            assertEquals(1000, counts[v], 1, "value " + v);
        }
        assertEquals(List.of(1, 2, 3, 4), p.gridValues());
        ParamSpec.IntRange big = new ParamSpec.IntRange("h", 16, 256, true, 5, null);
        assertEquals(List.of(16, 32, 64, 128, 256), big.gridValues());
    }

    @Test
    void categoricalIsOneHotAndDecodesByTheLargestCoordinate() {
        ParamSpec.Categorical c = new ParamSpec.Categorical("e", List.of("if", "rate", 3));
        double[] u = new double[3];
        c.encode("rate", u, 0);
        assertEquals(List.of(0.0, 1.0, 0.0), List.of(u[0], u[1], u[2]));
        assertEquals(3, c.decode(new double[]{0.1, 0.2, 0.9}, 0));
        assertEquals(2, c.indexOf(3.0));
        SnnaudioException e = assertThrows(SnnaudioException.class, () -> c.indexOf("latency"));
        assertEquals("e: latency is not one of [if, rate, 3]", e.getMessage());
    }

    @Test
    void gridEnumeratesTheProductOnceLastParameterFastest() {
        SearchSpace s = mixed();
        assertEquals(4L * 3 * 3 * 3, s.gridSize());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < s.gridSize(); i++) {
            assertTrue(seen.add(s.gridPoint(i).key()));
        }
        assertEquals("if", s.gridPoint(0).get("encoder.type"));
        assertEquals("rate", s.gridPoint(1).get("encoder.type"));
        assertEquals(64, s.gridPoint(3).get("network.hidden")); // 3 log-spaced points: 16, 64, 256
        assertEquals(0.005, (Double) s.gridPoint(0).get("network.neuron.tau_mem"), 1e-15);
        assertEquals(0.1, (Double) s.gridPoint(s.gridSize() - 1).get("network.neuron.tau_mem"), 1e-12);
    }

    @Test
    void explicitGridValuesAreVisitedAsGiven() {
        ParamSpec.Continuous beta = new ParamSpec.Continuous("beta", 0.8, 0.95, false, 5, List.of(0.8, 0.9, 0.95));
        assertEquals(List.of(0.8, 0.9, 0.95), beta.gridValues());
        ParamSpec.IntRange steps = new ParamSpec.IntRange("steps", 1, 50, false, 5, List.of(1, 10, 20, 30, 40, 50));
        assertEquals(18, new SearchSpace(List.of(beta, steps)).gridSize());
    }

    @Test
    void invalidRangesAreRejectedWithTheirPath() {
        assertEquals("a: low must be < high and both finite, got low 2.0, high 1.0", assertThrows(SnnaudioException.class,
                () -> new ParamSpec.Continuous("a", 2, 1, false, 3, null)).getMessage());
        assertEquals("a: a log-scale range needs low > 0, got 0.0", assertThrows(SnnaudioException.class,
                () -> new ParamSpec.Continuous("a", 0, 1, true, 3, null)).getMessage());
        assertEquals("a: grid must be >= 2 points, got 1", assertThrows(SnnaudioException.class,
                () -> new ParamSpec.Continuous("a", 0, 1, false, 1, null)).getMessage());
        assertEquals("a: grid value 2.0 lies outside [0.0, 1.0]", assertThrows(SnnaudioException.class,
                () -> new ParamSpec.Continuous("a", 0, 1, false, 3, List.of(2.0))).getMessage());
        assertEquals("n: low must be <= high, got low 5, high 4", assertThrows(SnnaudioException.class,
                () -> new ParamSpec.IntRange("n", 5, 4, false, 3, null)).getMessage());
        assertEquals("n: a log-scale range needs low > 0, got 0", assertThrows(SnnaudioException.class,
                () -> new ParamSpec.IntRange("n", 0, 4, true, 3, null)).getMessage());
        assertEquals("c: categorical values must be distinct, got [a, a]", assertThrows(SnnaudioException.class,
                () -> new ParamSpec.Categorical("c", List.of("a", "a"))).getMessage());
        assertEquals("parameter x is named twice", assertThrows(SnnaudioException.class,
                () -> new SearchSpace(List.of(new ParamSpec.Categorical("x", List.of(1)),
                        new ParamSpec.Categorical("x", List.of(2))))).getMessage());
    }

    @Test
    void samplesCoverTheLogRangeEvenly() {
        ParamSpec.Continuous p = new ParamSpec.Continuous("lr", 1e-4, 1e-1, true, 3, null);
        SplittableRandom rng = new SplittableRandom(3);
        int below1e3 = 0;
        for (int i = 0; i < 3000; i++) {
            if ((Double) p.sample(rng) < 1e-3) {
                below1e3++;
            }
        }
        // One decade of three: a third of the draws.
        assertEquals(1000, below1e3, 90);
    }
}
