package org.snnaudio.core.nn;

import org.snnaudio.core.data.DenseSample;
import org.snnaudio.core.data.Sample;
import org.snnaudio.core.data.SpikeSample;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small random inputs and gradient helpers shared by the engine tests. */
final class Fixtures {
    private Fixtures() {
    }

    static List<Sample> dense(int count, int steps, int channels, int classes, double scale, long seed) {
        Random r = new Random(seed);
        List<Sample> out = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            float[] v = new float[steps * channels];
            for (int k = 0; k < v.length; k++) {
                v[k] = (float) (r.nextDouble() * scale);
            }
            out.add(new DenseSample(v, steps, channels, r.nextInt(classes)));
        }
        return out;
    }

    static List<Sample> spikes(int count, int steps, int channels, int classes, double p, long seed) {
        Random r = new Random(seed);
        List<Sample> out = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            float[] v = new float[steps * channels];
            for (int k = 0; k < v.length; k++) {
                v[k] = r.nextDouble() < p ? 1 : 0;
            }
            out.add(SpikeSample.fromRaster(v, steps, channels, r.nextInt(classes)));
        }
        return out;
    }

    /** Mean loss over the batch by the reference engine (double precision). */
    static double loss(Network net, List<Sample> batch) {
        double sum = 0;
        for (Sample s : batch) {
            sum += ReferenceEngine.run(net, s, null, 1, new double[net.classes()], new double[net.layers.size()]);
        }
        return sum / batch.size();
    }

    /** Gradient of the mean loss by the reference engine, indexed like {@link Network#parameters()}. */
    static double[][] referenceGrad(Network net, List<Sample> batch) {
        double[][] g = new double[net.parameters().size()][];
        for (int i = 0; i < g.length; i++) {
            g[i] = new double[net.parameters().get(i).size()];
        }
        for (Sample s : batch) {
            ReferenceEngine.run(net, s, g, 1.0 / batch.size(), new double[net.classes()], new double[net.layers.size()]);
        }
        return g;
    }

    /** Gradient left in the parameters by {@link Network#trainBatch} (after zeroing). */
    static float[][] trainGrad(Network net, List<Sample> batch) {
        for (Parameter p : net.parameters()) {
            p.zeroGrad();
        }
        net.trainBatch(batch);
        float[][] g = new float[net.parameters().size()][];
        for (int i = 0; i < g.length; i++) {
            g[i] = net.parameters().get(i).grad().clone();
        }
        return g;
    }
}
