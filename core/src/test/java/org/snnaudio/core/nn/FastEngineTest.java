package org.snnaudio.core.nn;

import org.junit.jupiter.api.Test;
import org.snnaudio.core.data.Sample;
import org.snnaudio.core.loss.Readout;
import org.snnaudio.core.loss.Regularizer;
import org.snnaudio.core.model.ResetMode;
import org.snnaudio.core.neuron.AdaptiveLif;
import org.snnaudio.core.neuron.CubaLif;
import org.snnaudio.core.neuron.If;
import org.snnaudio.core.neuron.Li;
import org.snnaudio.core.neuron.Lif;
import org.snnaudio.core.neuron.Surrogate;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fast float kernels against the scalar reference (forward scores and every gradient), and the
 * batch-level guarantees: batch of N equals N batches of one, 1 thread equals many, same seed gives
 * bit-identical results.
 */
class FastEngineTest {

    static Network shdLike(NetworkOptions o, long seed) {
        return Network.builder(40)
                .layer(new LayerSpec("hidden", 24, Synapse.DENSE, true, true, new CubaLif(0.005, 0.01, 1.0), 6.0))
                .layer(new LayerSpec("readout", 5, Synapse.DENSE, false, false, new Li(0.01), 4.0))
                .options(o).seed(seed).build();
    }

    static Network mixed(NetworkOptions o) {
        return Network.builder(8)
                .layer(new LayerSpec("front", 8, Synapse.DIAGONAL, false, true, new Lif(0.01, 0.5, ResetMode.TO_RESET, 0.1), 1.5))
                .layer(new LayerSpec("hidden", 12, Synapse.DENSE, true, false,
                        new AdaptiveLif(0.02, 0.05, 0.2, 0.6, ResetMode.SUBTRACT, 0), 5.0))
                .layer(new LayerSpec("hidden2", 10, Synapse.DENSE, false, true, new If(1.0, ResetMode.SUBTRACT, 0), 2.0))
                .layer(new LayerSpec("out", 3, Synapse.DENSE, false, false, new Lif(0.01, 0.5), 6.0))
                .options(o).seed(5).build();
    }

    /** Fast gradients of every trainable parameter equal the reference's within 5e-4 of its largest; returns the nonzero count. */
    private static int assertGradientsMatch(Network net, List<Sample> batch, String what) {
        double[][] ref = Fixtures.referenceGrad(net, batch);
        float[][] fast = Fixtures.trainGrad(net, batch);
        int nonzero = 0;
        for (int pi = 0; pi < ref.length; pi++) {
            Parameter p = net.parameters().get(pi);
            if (!p.trainable()) {
                continue;
            }
            double scale = 0;
            for (double v : ref[pi]) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int k = 0; k < ref[pi].length; k++) {
                assertEquals(ref[pi][k], fast[pi][k], 5e-4 * scale + 1e-7, what + ": " + p.name() + "[" + k + "]");
                if (fast[pi][k] != 0) {
                    nonzero++;
                }
            }
        }
        return nonzero;
    }

    private static void compare(Network net, List<Sample> batch, String what) {
        int nonzero = assertGradientsMatch(net, batch, what);
        assertTrue(nonzero > 20, what + ": too few nonzero gradient entries (" + nonzero + ")");
        NetworkOptions o = net.options();
        net.options(o.withReference(true));
        float[][] refScores = net.predict(batch);
        net.options(o);
        float[][] fastScores = net.predict(batch);
        for (int b = 0; b < batch.size(); b++) {
            assertArrayEquals(refScores[b], fastScores[b], 1e-4f, what + ": scores of sample " + b);
        }
    }

    @Test
    void fastMatchesReferenceOnSpikeInputWithRecurrenceAndTrainableTausAndThresholds() {
        NetworkOptions o = NetworkOptions.defaults().withTrainable("*")
                .withRegularizers(List.of(new Regularizer.FiringRateTarget("hidden", 0.1, 1.0)));
        compare(shdLike(o, 1), Fixtures.spikes(4, 30, 40, 5, 0.1, 11), "spikes");
        compare(shdLike(o.withDetachReset(false), 1), Fixtures.spikes(4, 30, 40, 5, 0.1, 11), "spikes, exact reset");
    }

    @Test
    void fastMatchesReferenceOnDenseInputAndEveryNeuronKind() {
        NetworkOptions o = NetworkOptions.defaults().withTrainable("*").withReadout(new Readout.SpikeCount())
                .withSurrogate(new Surrogate.Arctan(2))
                .withRegularizers(List.of(new Regularizer.SpikeCountL2("hidden", 0.001)));
        compare(mixed(o), Fixtures.dense(4, 25, 8, 3, 1.0, 12), "dense");
        compare(mixed(o.withDetachReset(false)), Fixtures.dense(4, 25, 8, 3, 1.0, 12), "dense, exact reset");
        compare(mixed(o.withSmooth(true).withSurrogate(new Surrogate.Sigmoid(3))), Fixtures.dense(3, 15, 8, 3, 1.0, 13),
                "smooth");
    }

    @Test
    void batchOfNEqualsNBatchesOfOne() {
        Network net = shdLike(NetworkOptions.defaults(), 3);
        List<Sample> batch = Fixtures.spikes(6, 40, 40, 5, 0.1, 14);
        float[][] whole = Fixtures.trainGrad(net, batch);
        float[][] sum = new float[whole.length][];
        for (int i = 0; i < whole.length; i++) {
            sum[i] = new float[whole[i].length];
        }
        for (Sample s : batch) {
            float[][] one = Fixtures.trainGrad(net, List.of(s));
            for (int i = 0; i < one.length; i++) {
                for (int k = 0; k < one[i].length; k++) {
                    sum[i][k] += one[i][k] / batch.size();
                }
            }
        }
        for (int i = 0; i < whole.length; i++) {
            assertArrayEquals(sum[i], whole[i], 1e-6f, net.parameters().get(i).name());
        }
        float[][] scores = net.predict(batch);
        for (int b = 0; b < batch.size(); b++) {
            assertArrayEquals(net.predict(List.of(batch.get(b)))[0], scores[b], 0f, "scores of sample " + b);
        }
    }

    @Test
    void oneThreadEqualsManyAndSameThreadsAreBitIdentical() {
        List<Sample> batch = Fixtures.spikes(7, 40, 40, 5, 0.1, 15);
        Network one = shdLike(NetworkOptions.defaults(), 4);
        Network three = shdLike(NetworkOptions.defaults().withThreads(3), 4);
        Network threeAgain = shdLike(NetworkOptions.defaults().withThreads(3), 4);
        float[][] g1 = Fixtures.trainGrad(one, batch);
        float[][] g3 = Fixtures.trainGrad(three, batch);
        float[][] g3b = Fixtures.trainGrad(threeAgain, batch);
        for (int i = 0; i < g1.length; i++) {
            assertArrayEquals(g1[i], g3[i], 1e-6f, one.parameters().get(i).name());
            assertArrayEquals(g3[i], g3b[i], 0f, "bit-identical " + one.parameters().get(i).name());
        }
        assertArrayEquals(flat(one.predict(batch)), flat(three.predict(batch)), 0f);
    }

    @Test
    void lockstepTrainingIsBitIdenticalToSampleBySample() {
        // groups of 4, then a shorter sample that breaks a group, then a group of 3; 1 and 2 threads
        List<Sample> batch = new ArrayList<>(Fixtures.spikes(6, 40, 40, 5, 0.1, 16));
        batch.addAll(Fixtures.spikes(1, 31, 40, 5, 0.1, 17));
        batch.addAll(Fixtures.spikes(3, 40, 40, 5, 0.1, 18));
        for (int threads : new int[] {1, 2}) {
            Network lock = shdLike(NetworkOptions.defaults().withThreads(threads), 6);
            Network single = shdLike(NetworkOptions.defaults().withThreads(threads), 6);
            single.lanes = 1;
            float[][] gl = Fixtures.trainGrad(lock, batch);
            float[][] gs = Fixtures.trainGrad(single, batch);
            int nonzero = 0;
            for (int i = 0; i < gl.length; i++) {
                assertArrayEquals(gs[i], gl[i], 0f, threads + " threads: " + lock.parameters().get(i).name());
                for (float v : gl[i]) {
                    nonzero += v != 0f ? 1 : 0;
                }
            }
            assertTrue(nonzero > 100, "too few nonzero gradient entries (" + nonzero + ")");
            // and a lane count that does not divide the chunk
            Network three = shdLike(NetworkOptions.defaults().withThreads(threads), 6);
            three.lanes = 3;
            float[][] g3 = Fixtures.trainGrad(three, batch);
            for (int i = 0; i < gl.length; i++) {
                assertArrayEquals(gs[i], g3[i], 0f, threads + " threads, 3 lanes: " + lock.parameters().get(i).name());
            }
        }
    }

    @Test
    void lockstepTrainingAndTapelessInferenceMatchTheReference() {
        Network net = shdLike(NetworkOptions.defaults(), 7);
        assertTrue(net.lanes > 1, "lockstep is on by default");
        List<Sample> batch = Fixtures.spikes(9, 30, 40, 5, 0.1, 19);
        assertGradientsMatch(net, batch, "lockstep");
        // inference without regularizers keeps no hidden tape rows: scores and firing rates as the reference
        float[][] scores = net.predict(batch);
        double[] rates = net.firingRates(batch);
        net.options(net.options().withReference(true));
        float[][] refScores = net.predict(batch);
        double[] refRates = net.firingRates(batch);
        for (int b = 0; b < batch.size(); b++) {
            assertArrayEquals(refScores[b], scores[b], 1e-4f, "scores of sample " + b);
        }
        assertTrue(rates[0] > 0.01, "hidden layer fires (" + rates[0] + ")");
        assertArrayEquals(refRates, rates, 1e-9);
    }

    @Test
    void streamingInChunksEqualsOfflineScores() {
        Network net = shdLike(NetworkOptions.defaults(), 6);
        Sample s = Fixtures.spikes(1, 50, 40, 5, 0.1, 16).get(0);
        float[] offline = net.predict(List.of(s))[0];
        InferenceStream st = net.stream();
        float[] dense = s.toDense();
        List<float[]> traces = new ArrayList<>();
        int[] cuts = {0, 7, 8, 30, 50};
        for (int c = 0; c + 1 < cuts.length; c++) {
            int len = cuts[c + 1] - cuts[c];
            float[] part = java.util.Arrays.copyOfRange(dense, cuts[c] * 40, cuts[c + 1] * 40);
            traces.add(st.advance(org.snnaudio.core.data.SpikeSample.fromRaster(part, len, 40, -1)));
        }
        double[] scores = st.scores();
        for (int k = 0; k < 5; k++) {
            assertEquals(offline[k], (float) scores[k], 0f, "class " + k);
        }
        assertEquals(50, st.steps());
        st.reset();
        float[] whole = st.advance(s);
        float[] joined = new float[0];
        for (float[] t : traces) {
            float[] j = java.util.Arrays.copyOf(joined, joined.length + t.length);
            System.arraycopy(t, 0, j, joined.length, t.length);
            joined = j;
        }
        assertArrayEquals(whole, joined, 0f);
    }

    private static float[] flat(float[][] a) {
        int n = 0;
        for (float[] r : a) {
            n += r.length;
        }
        float[] f = new float[n];
        int o = 0;
        for (float[] r : a) {
            System.arraycopy(r, 0, f, o, r.length);
            o += r.length;
        }
        return f;
    }
}
