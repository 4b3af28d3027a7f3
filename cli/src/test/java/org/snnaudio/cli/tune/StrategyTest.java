package org.snnaudio.cli.tune;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StrategyTest {

    /** Branin-Hoo, global minimum 0.397887 at (-pi, 12.275), (pi, 2.275), (9.42478, 2.475). */
    static double branin(double x1, double x2) {
        double a = 1;
        double b = 5.1 / (4 * Math.PI * Math.PI);
        double c = 5 / Math.PI;
        double r = 6;
        double s = 10;
        double t = 1 / (8 * Math.PI);
        return a * Math.pow(x2 - b * x1 * x1 + c * x1 - r, 2) + s * (1 - t) * Math.cos(x1) + s;
    }

    static final double BRANIN_MIN = 0.397887;

    static SearchSpace braninSpace(int gridPoints) {
        return new SearchSpace(List.of(new ParamSpec.Continuous("x1", -5, 10, false, gridPoints, null),
                new ParamSpec.Continuous("x2", 0, 15, false, gridPoints, null)));
    }

    static double negBranin(Assignment a) {
        return -branin((Double) a.get("x1"), (Double) a.get("x2"));
    }

    /** Runs a strategy sequentially and returns the objective of each trial in order. */
    static double[] run(Strategy s, ToDoubleFunction<Assignment> f) {
        List<TrialResult> done = new ArrayList<>();
        double[] values = new double[s.budget()];
        for (int t = 0; t < s.budget(); t++) {
            Assignment a = s.propose(t, done, List.of());
            double v = f.applyAsDouble(a);
            values[t] = v;
            done.add(TrialResult.of(t, a, List.of(new FoldScore(0, Map.of(FoldScore.ACCURACY, v))),
                    new Metric.Accuracy(), TrialResult.Aggregate.MEAN, 0));
        }
        return values;
    }

    /** 1-based number of evaluations until the best so far first reaches {@code target}, or MAX_VALUE. */
    static int evaluationsToReach(double[] values, double target) {
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < values.length; i++) {
            best = Math.max(best, values[i]);
            if (best >= target) {
                return i + 1;
            }
        }
        return Integer.MAX_VALUE;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void bayesReachesTheBraninOptimumInFewerEvaluationsThanTheGrid(long seed) {
        GridSearch grid = new GridSearch(braninSpace(8));
        double[] g = run(grid, StrategyTest::negBranin);
        double gridBest = java.util.Arrays.stream(g).max().orElseThrow();
        assertEquals(64, grid.budget());
        // The 8 x 8 grid misses all three minima by a wide margin.
        assertTrue(-gridBest > 1.0, "grid best " + -gridBest);

        BayesianOptimization bo = BayesianOptimization.withDefaults(braninSpace(8), 30, seed);
        double[] b = run(bo, StrategyTest::negBranin);
        int boToGrid = evaluationsToReach(b, gridBest);
        assertTrue(boToGrid < evaluationsToReach(g, gridBest) && boToGrid <= 25,
                "BO needed " + boToGrid + " evaluations to match the grid's best");
        double boBest = -java.util.Arrays.stream(b).max().orElseThrow();
        // Within 0.2 of the optimum after 30 evaluations; the 64-point grid stays 0.9 away.
        assertTrue(boBest < BRANIN_MIN + 0.2, "BO best " + boBest + " vs optimum " + BRANIN_MIN);
    }

    @Test
    void bayesBeatsRandomSearchOnAverageOnBranin() {
        double boSum = 0;
        double rsSum = 0;
        for (long seed = 10; seed < 13; seed++) {
            boSum += -java.util.Arrays.stream(run(BayesianOptimization.withDefaults(braninSpace(5), 20, seed),
                    StrategyTest::negBranin)).max().orElseThrow();
            rsSum += -java.util.Arrays.stream(run(new RandomSearch(braninSpace(5), 20, seed),
                    StrategyTest::negBranin)).max().orElseThrow();
        }
        assertTrue(boSum < rsSum, "BO mean best " + boSum / 3 + ", random " + rsSum / 3);
    }

    @Test
    void bayesHandlesIntegerAndCategoricalParametersWithoutRepeats() {
        // Best at n = 7 with mode "b"; the discrete space has 20 x 3 = 60 points.
        SearchSpace space = new SearchSpace(List.of(new ParamSpec.IntRange("n", 1, 20, false, 5, null),
                new ParamSpec.Categorical("mode", List.of("a", "b", "c"))));
        ToDoubleFunction<Assignment> f = a -> -Math.pow((Integer) a.get("n") - 7, 2)
                + ("b".equals(a.get("mode")) ? 5 : 0);
        BayesianOptimization bo = BayesianOptimization.withDefaults(space, 20, 5);
        List<TrialResult> done = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        double best = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < bo.budget(); t++) {
            Assignment a = bo.propose(t, done, List.of());
            assertTrue(keys.add(a.key()), "repeated " + a);
            double v = f.applyAsDouble(a);
            best = Math.max(best, v);
            done.add(TrialResult.of(t, a, List.of(new FoldScore(0, Map.of(FoldScore.ACCURACY, v))),
                    new Metric.Accuracy(), TrialResult.Aggregate.MEAN, 0));
        }
        assertEquals(5.0, best, 0.0);
    }

    @Test
    void pendingTrialsPushParallelProposalsApart() {
        SearchSpace space = braninSpace(5);
        BayesianOptimization bo = BayesianOptimization.withDefaults(space, 30, 4);
        List<TrialResult> done = new ArrayList<>();
        for (int t = 0; t < 12; t++) {
            Assignment a = bo.propose(t, done, List.of());
            done.add(TrialResult.of(t, a, List.of(new FoldScore(0, Map.of(FoldScore.ACCURACY, negBranin(a)))),
                    new Metric.Accuracy(), TrialResult.Aggregate.MEAN, 0));
        }
        Assignment first = bo.propose(12, done, List.of());
        Assignment second = bo.propose(13, done, List.of(first));
        double[] u1 = space.encode(first);
        double[] u2 = space.encode(second);
        double dist = Math.hypot(u1[0] - u2[0], u1[1] - u2[1]);
        assertTrue(dist > 1e-3, "second proposal coincides with the running one: " + first + " / " + second);
    }

    @Test
    void proposalsAreReproducibleFromTheSeedAndHistory() {
        BayesianOptimization a = BayesianOptimization.withDefaults(braninSpace(5), 15, 9);
        BayesianOptimization b = BayesianOptimization.withDefaults(braninSpace(5), 15, 9);
        assertEquals(java.util.Arrays.toString(run(a, StrategyTest::negBranin)),
                java.util.Arrays.toString(run(b, StrategyTest::negBranin)));
        RandomSearch r = new RandomSearch(braninSpace(5), 10, 3);
        assertEquals(r.propose(4, List.of(), List.of()), r.propose(4, List.of(), List.of()));
        assertTrue(!r.propose(4, List.of(), List.of()).equals(r.propose(5, List.of(), List.of())));
    }

    @Test
    void latinHypercubeVisitsEveryStratumOfEveryCoordinateOnce() {
        BayesianOptimization bo = new BayesianOptimization(braninSpace(5), 30, 2, 10, 100, 0.01, 1);
        double[][] pts = bo.latinHypercube();
        for (int j = 0; j < 2; j++) {
            boolean[] hit = new boolean[10];
            for (double[] p : pts) {
                hit[(int) (p[j] * 10)] = true;
            }
            for (boolean h : hit) {
                assertTrue(h);
            }
        }
    }

    @Test
    void gridVisitsEveryPointOnce() {
        GridSearch g = new GridSearch(braninSpace(4));
        Set<String> keys = new HashSet<>();
        for (int t = 0; t < g.budget(); t++) {
            keys.add(g.propose(t, List.of(), List.of()).key());
        }
        assertEquals(16, keys.size());
    }
}
