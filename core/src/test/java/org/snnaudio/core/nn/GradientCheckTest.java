package org.snnaudio.core.nn;

import org.junit.jupiter.api.Test;
import org.snnaudio.core.data.Sample;
import org.snnaudio.core.loss.Readout;
import org.snnaudio.core.loss.Regularizer;
import org.snnaudio.core.model.ResetMode;
import org.snnaudio.core.neuron.AdaptiveLif;
import org.snnaudio.core.neuron.CubaLi;
import org.snnaudio.core.neuron.CubaLif;
import org.snnaudio.core.neuron.If;
import org.snnaudio.core.neuron.Li;
import org.snnaudio.core.neuron.Lif;
import org.snnaudio.core.neuron.Surrogate;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Finite differences (central, double precision) against the reference engine's BPTT gradient in smooth
 * mode, where the forward spike is the surrogate's primitive, with the exact (non-detached) reset, for
 * every kind of parameter: dense, diagonal and recurrent weights, biases, time constants and thresholds.
 */
class GradientCheckTest {

    private static NetworkOptions smooth(Surrogate s, Readout r, List<Regularizer> regs) {
        return NetworkOptions.defaults().withSurrogate(s).withReadout(r).withRegularizers(regs).withSmooth(true)
                .withDetachReset(false).withTrainable("*");
    }

    /** Checks up to {@code perParam} random entries of every trainable parameter. */
    static void check(Network net, List<Sample> batch, int perParam) {
        double[][] ana = Fixtures.referenceGrad(net, batch);
        Random r = new Random(42);
        int checked = 0;
        StringBuilder bad = new StringBuilder();
        for (int pi = 0; pi < net.parameters().size(); pi++) {
            Parameter p = net.parameters().get(pi);
            if (!p.trainable()) {
                continue;
            }
            float[] v = p.value();
            for (int c = 0; c < Math.min(perParam, v.length); c++) {
                int k = v.length <= perParam ? c : r.nextInt(v.length);
                float orig = v[k];
                double eps = p.kind() == Parameter.Kind.TIME_CONSTANT ? 1e-3 * orig : 1e-3;
                v[k] = (float) (orig + eps);
                double up = v[k] - (double) orig;
                double fUp = Fixtures.loss(net, batch);
                v[k] = (float) (orig - eps);
                double down = (double) orig - v[k];
                double fDown = Fixtures.loss(net, batch);
                v[k] = orig;
                double num = (fUp - fDown) / (up + down);
                double a = ana[pi][k];
                double tol = 1e-6 + 2e-3 * Math.max(Math.abs(num), Math.abs(a));
                if (Math.abs(num - a) > tol) {
                    bad.append(String.format("%s[%d]: numeric %.8g analytic %.8g%n", p.name(), k, num, a));
                }
                checked++;
            }
        }
        assertTrue(checked > 10, "too few entries checked: " + checked);
        if (!bad.isEmpty()) {
            fail("gradient mismatches:\n" + bad);
        }
    }

    /**
     * The default, detached reset: its BPTT gradient is the exact gradient of the forward pass in which the
     * spikes in the reset (and adaptation) terms are constants, which finite differences can check.
     */
    @Test
    void detachedResetGradientIsTheGradientWithFrozenResetSpikes() {
        Network net = Network.builder(5)
                .layer(new LayerSpec("hidden", 6, Synapse.DENSE, true, true, new CubaLif(0.005, 0.01, 0.7), 5.0))
                .layer(new LayerSpec("adapt", 4, Synapse.DENSE, false, false, new AdaptiveLif(0.01, 0.03, 0.3, 0.5,
                        ResetMode.TO_RESET, 0.1), 4.0))
                .layer(new LayerSpec("readout", 3, Synapse.DENSE, false, false, new Li(0.01), 3.0))
                .options(smooth(new Surrogate.Sigmoid(4), new Readout.MeanMembrane(), List.of()).withDetachReset(true))
                .seed(7).build();
        List<Sample> batch = Fixtures.dense(2, 12, 5, 3, 1.5, 17);
        List<double[][]> frozen = new java.util.ArrayList<>();
        for (Sample s : batch) {
            ReferenceEngine.LayerTape[] tapes = ReferenceEngine.forward(net, s);
            double[][] f = new double[tapes.length][];
            for (int l = 0; l < tapes.length; l++) {
                f[l] = tapes[l].spk.clone();
            }
            frozen.add(f);
        }
        double[][] ana = Fixtures.referenceGrad(net, batch);
        java.util.function.DoubleSupplier loss = () -> {
            double sum = 0;
            for (int b = 0; b < batch.size(); b++) {
                sum += ReferenceEngine.run(net, batch.get(b), null, 1, new double[3], new double[3], frozen.get(b));
            }
            return sum / batch.size();
        };
        int checked = 0;
        StringBuilder bad = new StringBuilder();
        for (int pi = 0; pi < net.parameters().size(); pi++) {
            Parameter p = net.parameters().get(pi);
            if (!p.trainable()) {
                continue;
            }
            for (int k = 0; k < Math.min(6, p.size()); k++) {
                float[] v = p.value();
                float orig = v[k];
                double eps = p.kind() == Parameter.Kind.TIME_CONSTANT ? 1e-3 * orig : 1e-3;
                v[k] = (float) (orig + eps);
                double up = v[k] - (double) orig;
                double fUp = loss.getAsDouble();
                v[k] = (float) (orig - eps);
                double down = (double) orig - v[k];
                double fDown = loss.getAsDouble();
                v[k] = orig;
                double num = (fUp - fDown) / (up + down);
                if (Math.abs(num - ana[pi][k]) > 1e-6 + 2e-3 * Math.max(Math.abs(num), Math.abs(ana[pi][k]))) {
                    bad.append(String.format("%s[%d]: numeric %.8g analytic %.8g%n", p.name(), k, num, ana[pi][k]));
                }
                checked++;
            }
        }
        assertTrue(checked > 30, "checked " + checked);
        if (!bad.isEmpty()) {
            fail("detached-reset gradient mismatches:\n" + bad);
        }
    }

    @Test
    void recurrentCubaWithLiReadoutMaxMembrane() {
        Network net = Network.builder(6)
                .layer(new LayerSpec("hidden", 5, Synapse.DENSE, true, true, new CubaLif(0.005, 0.01, 1.0), 3.0))
                .layer(new LayerSpec("readout", 3, Synapse.DENSE, false, true, new Li(0.01), 3.0))
                .options(smooth(new Surrogate.Sigmoid(4), new Readout.MaxMembrane(),
                        List.of(new Regularizer.FiringRateTarget("hidden", 0.2, 0.5), new Regularizer.SpikeCountL2("hidden", 0.01))))
                .seed(1).build();
        check(net, Fixtures.dense(3, 12, 6, 3, 1.5, 7), 8);
    }

    @Test
    void diagonalToResetAdaptiveAndSpikingOutputWithSpikeCount() {
        Network net = Network.builder(4)
                .layer(new LayerSpec("front", 4, Synapse.DIAGONAL, false, true, new Lif(0.01, 0.8, ResetMode.TO_RESET, 0.1), 2.0))
                .layer(new LayerSpec("hidden", 5, Synapse.DENSE, true, false, new AdaptiveLif(0.02, 0.05, 0.3, 0.7,
                        ResetMode.SUBTRACT, 0), 4.0))
                .layer(new LayerSpec("out", 3, Synapse.DENSE, false, false, new Lif(0.01, 0.6), 4.0))
                .options(smooth(new Surrogate.FastSigmoid(3), new Readout.SpikeCount(),
                        List.of(new Regularizer.SpikeCountL1("front", 0.01))))
                .seed(2).build();
        check(net, Fixtures.dense(2, 10, 4, 3, 1.5, 8), 6);
    }

    @Test
    void ifLayerWithCubaLiReadoutAndSumExp() {
        Network net = Network.builder(5)
                .layer(new LayerSpec("hidden", 4, Synapse.DENSE, false, false, new If(1.0, ResetMode.TO_RESET, 0), 1.0))
                .layer(new LayerSpec("readout", 3, Synapse.DENSE, false, false, new CubaLi(0.005, 0.02), 3.0))
                .options(smooth(new Surrogate.Arctan(2), new Readout.SumExpMembrane(), List.of()).withDt(0.01))
                .seed(3).build();
        check(net, Fixtures.dense(2, 10, 5, 3, 0.6, 9), 8);
    }

    @Test
    void meanAndLastMembraneReadoutsWithTriangleSurrogate() {
        for (Readout r : List.of(new Readout.MeanMembrane(), new Readout.LastMembrane())) {
            Network net = Network.builder(5)
                    .layer(new LayerSpec("hidden", 4, Synapse.DENSE, true, false, new CubaLif(0.005, 0.01, 0.5), 4.0))
                    .layer(new LayerSpec("readout", 2, Synapse.DENSE, false, false, new Li(0.01), 3.0))
                    .options(smooth(new Surrogate.Sigmoid(2), r, List.of())).seed(4).build();
            check(net, Fixtures.dense(2, 8, 5, 2, 1.0, 10), 6);
        }
    }
}
