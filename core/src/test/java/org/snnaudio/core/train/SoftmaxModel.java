package org.snnaudio.core.train;

import org.snnaudio.core.data.Dataset;
import org.snnaudio.core.data.DenseSample;
import org.snnaudio.core.data.Sample;
import org.snnaudio.core.nn.Parameter;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A small real model for trainer tests: softmax regression on the per-channel mean over time of a
 * sample. Loss is the mean cross-entropy; the "firing rate" reported is the mean predicted
 * probability of the true class, so rate bookkeeping can be checked.
 */
final class SoftmaxModel implements TrainableModel {
    final Parameter weight;
    final Parameter bias;
    final int classes;
    final int channels;
    /** Batches seen by trainBatch, for hook tests. */
    final List<float[]> weightsSeenInForward = new ArrayList<>();
    boolean recordForward;

    SoftmaxModel(int channels, int classes, long seed) {
        this.channels = channels;
        this.classes = classes;
        Random r = new Random(seed);
        float[] w = new float[classes * channels];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (r.nextGaussian() * 0.1);
        }
        weight = new Parameter("out.weight", Parameter.Kind.WEIGHT, w, classes, channels);
        bias = new Parameter("out.bias", Parameter.Kind.BIAS, new float[classes], classes);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    static float[] features(Sample s) {
        float[] d = s.toDense();
        int c = s.channels();
        float[] f = new float[c];
        for (int t = 0; t < s.steps(); t++) {
            for (int k = 0; k < c; k++) {
                f[k] += d[t * c + k];
            }
        }
        for (int k = 0; k < c; k++) {
            f[k] /= s.steps();
        }
        return f;
    }

    double[] probabilities(float[] f) {
        double[] z = new double[classes];
        double max = Double.NEGATIVE_INFINITY;
        float[] w = weight.value();
        for (int k = 0; k < classes; k++) {
            double s = bias.value()[k];
            for (int c = 0; c < channels; c++) {
                s += w[k * channels + c] * f[c];
            }
            z[k] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int k = 0; k < classes; k++) {
            z[k] = Math.exp(z[k] - max);
            sum += z[k];
        }
        for (int k = 0; k < classes; k++) {
            z[k] /= sum;
        }
        return z;
    }

    private StepResult run(List<? extends Sample> batch, boolean backward) {
        if (backward && recordForward) {
            weightsSeenInForward.add(weight.value().clone());
        }
        double loss = 0;
        int correct = 0;
        double pTrue = 0;
        float[] gw = weight.grad();
        float[] gb = bias.grad();
        for (Sample s : batch) {
            float[] f = features(s);
            double[] p = probabilities(f);
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (p[k] > p[best]) {
                    best = k;
                }
            }
            correct += best == s.label() ? 1 : 0;
            loss -= Math.log(p[s.label()]);
            pTrue += p[s.label()];
            if (backward) {
                for (int k = 0; k < classes; k++) {
                    double d = (p[k] - (k == s.label() ? 1 : 0)) / batch.size();
                    gb[k] += (float) d;
                    for (int c = 0; c < channels; c++) {
                        gw[k * channels + c] += (float) (d * f[c]);
                    }
                }
            }
        }
        return new StepResult(loss / batch.size(), correct, batch.size(), new double[] {pTrue / batch.size()});
    }

    @Override
    public StepResult trainBatch(List<? extends Sample> batch) {
        return run(batch, true);
    }

    @Override
    public float[][] predict(List<? extends Sample> batch) {
        float[][] out = new float[batch.size()][];
        for (int i = 0; i < out.length; i++) {
            double[] p = probabilities(features(batch.get(i)));
            out[i] = new float[classes];
            for (int k = 0; k < classes; k++) {
                out[i][k] = (float) p[k];
            }
        }
        return out;
    }

    @Override
    public StepResult evaluateBatch(List<? extends Sample> batch) {
        return run(batch, false);
    }

    /**
     * A dataset of {@code n} samples, {@code classes} classes: class k raises channel k by 1 over
     * Gaussian noise of the given standard deviation.
     */
    static Dataset data(int n, int channels, int classes, double noise, long seed) {
        Random r = new Random(seed);
        List<Sample> samples = new ArrayList<>();
        int steps = 4;
        for (int i = 0; i < n; i++) {
            int label = i % classes;
            float[] v = new float[steps * channels];
            for (int t = 0; t < steps; t++) {
                for (int c = 0; c < channels; c++) {
                    v[t * channels + c] = (float) ((c == label ? 1 : 0) + noise * r.nextGaussian());
                }
            }
            samples.add(new DenseSample(v, steps, channels, label));
        }
        List<String> names = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            names.add("c" + k);
        }
        return new Dataset(samples, names);
    }
}
