package org.snnaudio.core.nn;

import org.junit.jupiter.api.Test;
import org.snnaudio.core.data.Dataset;
import org.snnaudio.core.data.Sample;
import org.snnaudio.core.data.SpikeSample;
import org.snnaudio.core.neuron.CubaLif;
import org.snnaudio.core.neuron.Li;
import org.snnaudio.core.train.OptimizerConfig;
import org.snnaudio.core.train.Trainer;
import org.snnaudio.core.train.TrainerConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end: a recurrent CuBa-LIF network trained with the real trainer learns the order of two input
 * bursts (A then B vs B then A), a task in which both classes have the same spike-count statistics, so
 * that no model of input rates alone can solve it (checked below with a nearest-centroid rate model).
 */
class LearningTest {
    private static final int CHANNELS = 8;
    private static final int STEPS = 50;

    /** Group A is channels 0-3, group B 4-7; class 0 is A in [5, 15) then B in [25, 35), class 1 the reverse. */
    static Dataset orderTask(int count, long seed) {
        Random r = new Random(seed);
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int label = i % 2;
            float[] raster = new float[STEPS * CHANNELS];
            for (int t = 0; t < STEPS; t++) {
                for (int c = 0; c < CHANNELS; c++) {
                    boolean groupA = c < 4;
                    boolean first = t >= 5 && t < 15;
                    boolean second = t >= 25 && t < 35;
                    boolean active = label == 0 ? (groupA && first) || (!groupA && second) : (!groupA && first) || (groupA && second);
                    double p = active ? 0.4 : 0.02;
                    raster[t * CHANNELS + c] = r.nextDouble() < p ? 1 : 0;
                }
            }
            out.add(SpikeSample.fromRaster(raster, STEPS, CHANNELS, label));
        }
        return new Dataset(out, List.of("A-then-B", "B-then-A"));
    }

    @Test
    void recurrentCubaNetworkLearnsBurstOrderThatRatesCannotTell() {
        Dataset train = orderTask(256, 1);
        Dataset test = orderTask(200, 2);
        assertTrue(rateModelAccuracy(train, test) < 0.7, "the task must not be solvable from spike counts");

        Network net = Network.builder(CHANNELS)
                .layer(new LayerSpec("hidden", 32, Synapse.DENSE, true, false, new CubaLif(0.005, 0.02, 1.0), 6.0))
                .layer(new LayerSpec("readout", 2, Synapse.DENSE, false, false, new Li(0.02), 4.0))
                .options(NetworkOptions.defaults().withThreads(2)).seed(3).build();
        TrainerConfig cfg = TrainerConfig.builder().epochs(25).batchSize(32).seed(5)
                .optimizer(OptimizerConfig.Adam.of(5e-3)).build();
        new Trainer(net, cfg).fit(train, test);
        double acc = net.evaluateBatch(test.samples()).accuracy();
        assertTrue(acc > 0.95, "test accuracy " + acc);
    }

    /** Nearest class centroid of per-channel spike counts. */
    private static double rateModelAccuracy(Dataset train, Dataset test) {
        double[][] centroid = new double[2][CHANNELS];
        int[] n = new int[2];
        for (Sample s : train.samples()) {
            float[] d = s.toDense();
            for (int k = 0; k < d.length; k++) {
                centroid[s.label()][k % CHANNELS] += d[k];
            }
            n[s.label()]++;
        }
        for (int c = 0; c < 2; c++) {
            for (int k = 0; k < CHANNELS; k++) {
                centroid[c][k] /= n[c];
            }
        }
        int correct = 0;
        for (Sample s : test.samples()) {
            double[] counts = new double[CHANNELS];
            float[] d = s.toDense();
            for (int k = 0; k < d.length; k++) {
                counts[k % CHANNELS] += d[k];
            }
            double best = Double.MAX_VALUE;
            int pred = 0;
            for (int c = 0; c < 2; c++) {
                double dist = 0;
                for (int k = 0; k < CHANNELS; k++) {
                    dist += (counts[k] - centroid[c][k]) * (counts[k] - centroid[c][k]);
                }
                if (dist < best) {
                    best = dist;
                    pred = c;
                }
            }
            correct += pred == s.label() ? 1 : 0;
        }
        return (double) correct / test.size();
    }
}
