package org.snnaudio.cli.tune;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnaudio.core.SnnaudioException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Metrics, per-trial statistics, the thread budget, grouped folds and the report files. */
class TuneSupportTest {

    @Test
    void energyAwareMetricSubtractsLambdaTimesEnergyInTheChosenUnit() {
        FoldScore f = new FoldScore(0, Map.of(FoldScore.ACCURACY, 0.9, FoldScore.ENERGY_J, 2.5e-6));
        assertEquals(0.9 - 0.01 * 2.5, new Metric.EnergyAware(0.01, Metric.EnergyUnit.UJ).score(f), 1e-12);
        assertEquals(0.9 - 1e-4 * 2500, new Metric.EnergyAware(1e-4, Metric.EnergyUnit.NJ).score(f), 1e-12);
        assertEquals(0.9, new Metric.Accuracy().score(f), 0);
        SnnaudioException e = assertThrows(SnnaudioException.class, () -> new Metric.Auc().score(f));
        assertTrue(e.getMessage().startsWith("metric auc needs 'auc' but fold 0 reported only "), e.getMessage());
    }

    @Test
    void trialStatisticsAreMeanPopulationStdAndMedian() {
        List<FoldScore> folds = new ArrayList<>();
        double[] acc = {0.5, 0.9, 0.7, 0.8};
        for (int i = 0; i < acc.length; i++) {
            folds.add(new FoldScore(i, Map.of(FoldScore.ACCURACY, acc[i])));
        }
        Assignment a = new Assignment(Map.of("x", 1.0));
        TrialResult r = TrialResult.of(3, a, folds, new Metric.Accuracy(), TrialResult.Aggregate.MEAN, 1.5);
        assertEquals(0.725, r.mean(), 1e-15);
        assertEquals(Math.sqrt((0.225 * 0.225 + 0.175 * 0.175 + 0.025 * 0.025 + 0.075 * 0.075) / 4), r.std(), 1e-15);
        assertEquals(0.75, r.median(), 1e-15);
        assertEquals(0.725, r.objective(), 1e-15);
        assertEquals(0.75, TrialResult.of(3, a, folds, new Metric.Accuracy(), TrialResult.Aggregate.MEDIAN, 1).objective(),
                1e-15);
        assertArrayEquals(acc, r.perFold());
    }

    @Test
    void threadBudgetNeverOversubscribes() {
        assertEquals(new ThreadBudget(8, 8, 1), ThreadBudget.resolve(8, null, null, 20));
        assertEquals(new ThreadBudget(8, 3, 2), ThreadBudget.resolve(8, null, null, 3));
        assertEquals(new ThreadBudget(8, 2, 4), ThreadBudget.resolve(8, 2, null, 20));
        assertEquals(new ThreadBudget(8, 4, 2), ThreadBudget.resolve(8, null, 2, 20));
        assertEquals(new ThreadBudget(2, 1, 2), ThreadBudget.resolve(2, 1, 2, 20));
        assertEquals("--parallel 2 x --threads-per-trial 2 = 4 threads, more than the 2 cores (--cores); lower one of them",
                assertThrows(SnnaudioException.class, () -> ThreadBudget.resolve(2, 2, 2, 9)).getMessage());
        assertEquals("--parallel must be >= 1, got 0",
                assertThrows(SnnaudioException.class, () -> ThreadBudget.resolve(2, 0, 1, 9)).getMessage());
        assertEquals("--cores must be >= 1, got 0",
                assertThrows(SnnaudioException.class, () -> ThreadBudget.resolve(0, null, null, 9)).getMessage());
        for (int cores = 1; cores <= 16; cores++) {
            for (int trials = 1; trials <= 20; trials++) {
                ThreadBudget b = ThreadBudget.resolve(cores, null, null, trials);
                assertTrue(b.parallel() * b.threadsPerTrial() <= cores);
            }
        }
    }

    static List<TrialResult> gridResults(TuneSpec spec) {
        List<TrialResult> out = new ArrayList<>();
        GridSearch g = new GridSearch(spec.space());
        for (int t = 0; t < g.budget(); t++) {
            Assignment a = g.propose(t, out, List.of());
            double beta = (Double) a.get("beta");
            int steps = (Integer) a.get("num_steps");
            if (steps == 1) {
                out.add(TrialResult.failed(t, a, "diverged, with a comma", 0.1));
                continue;
            }
            Map<String, Double> m = new LinkedHashMap<>();
            m.put(FoldScore.AUC, 0.7 + 0.2 * beta - 0.001 * Math.abs(steps - 30));
            out.add(TrialResult.of(t, a, List.of(new FoldScore(0, m), new FoldScore(1, m)), spec.metric(),
                    spec.aggregate(), 0.5));
        }
        return out;
    }

    @Test
    void reportWritesTablesHeatmapAndBestSoFar(@TempDir Path dir) throws Exception {
        TuneSpec spec = TuneSpecReader.parse("""
                parameters:
                  beta: {type: float, values: [0.8, 0.9, 0.95]}
                  num_steps: {type: int, values: [1, 10, 20, 30, 40, 50]}
                metric: {name: auc, aggregate: median}
                strategy: grid
                """, "whale.yaml");
        List<TrialResult> r = gridResults(spec);
        assertEquals(18, r.size());
        TuneReport.writeTables(dir, spec, r);
        TuneReport.writeHtml(dir, spec, r, Map.of("config", "whale-detect.yaml"));
        List<String> csv = Files.readAllLines(dir.resolve(TuneReport.CSV));
        assertEquals("trial,status,beta,num_steps,objective,mean,std,median,fold0,fold1,seconds,error", csv.get(0));
        assertEquals("0,failed,0.8,1,,,,,,,0.100,\"diverged, with a comma\"", csv.get(1));
        assertEquals(19, csv.size());
        String json = Files.readString(dir.resolve(TuneReport.JSON));
        assertTrue(json.contains("\"best_trial\" : 15"), json.substring(0, 200));
        String html = Files.readString(dir.resolve(TuneReport.HTML));
        // best-so-far, one plot per parameter, the heatmap.
        assertEquals(4, html.split("data:image/png;base64,", -1).length - 1);
        assertTrue(html.contains("<tr class=\"best\"><td>15</td>"));
        var heat = TuneReport.heatmap(spec, r);
        assertNotNull(heat);
        // The colour legend's ends are the cells' range rounded outwards to 3 decimals, not raw doubles.
        double min = heat.getStyler().getMin();
        double max = heat.getStyler().getMax();
        assertEquals(Math.round(min * 1000) / 1000.0, min, 0.0);
        assertEquals(Math.round(max * 1000) / 1000.0, max, 0.0);
        assertTrue(max >= 0.7 + 0.2 * 0.95, "max " + max);
        assertNull(TuneReport.heatmap(spec.with(TuneSpec.Kind.RANDOM, null, null), r));
        double[] bsf = TuneReport.bestSoFar(r);
        assertTrue(Double.isNaN(bsf[0]));
        for (int i = 2; i < bsf.length; i++) {
            assertTrue(bsf[i] >= bsf[i - 1]);
        }
        // Best: beta 0.95 with 30 steps (trial 2 x 6 + 3).
        assertEquals(0.7 + 0.2 * 0.95, bsf[bsf.length - 1], 1e-12);
    }
}
