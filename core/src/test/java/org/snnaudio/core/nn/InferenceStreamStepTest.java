package org.snnaudio.core.nn;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.data.DenseSample;
import org.snnaudio.core.loss.Readout;
import org.snnaudio.core.loss.Regularizer;
import org.snnaudio.core.model.ResetMode;
import org.snnaudio.core.neuron.AdaptiveLif;
import org.snnaudio.core.neuron.CubaLif;
import org.snnaudio.core.neuron.Li;
import org.snnaudio.core.neuron.Lif;
import org.snnaudio.core.neuron.NeuronModel;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link InferenceStream#step} gives the state, spikes and output of {@link InferenceStream#advance}, bit for bit. */
class InferenceStreamStepTest {

    /** The NWAVE shape: diagonal frontend LIF, dense LIF, spiking readout counted, a firing-rate regulariser. */
    static Network nwaveLike(long seed, int channels, boolean bias) {
        return Network.builder(channels)
                .layer(new LayerSpec("frontend", channels, Synapse.DIAGONAL, false, bias, new Lif(0.010, 0.05), 0.1))
                .layer(new LayerSpec("hidden", 20, Synapse.DENSE, false, bias, new Lif(0.064, 1.0), 20.0))
                .layer(new LayerSpec("readout", 3, Synapse.DENSE, false, false, new Lif(0.064, 1.0), 30.0))
                .options(NetworkOptions.defaults().withDt(0.008).withReadout(new Readout.SpikeCount())
                        .withRegularizers(List.of(new Regularizer.FiringRateTarget("readout", 0.15, 10))))
                .seed(seed).build();
    }

    /** Dense analog input into a recurrent CuBa-LIF layer with bias, then a leaky-integrator readout. */
    static Network recurrent(long seed, int channels) {
        return Network.builder(channels)
                .layer(new LayerSpec("hidden", 24, Synapse.DENSE, true, true, new CubaLif(0.005, 0.02, 1.0), 8.0))
                .layer(new LayerSpec("readout", 4, Synapse.DENSE, false, false, new Li(0.02), 4.0))
                .options(NetworkOptions.defaults().withDt(0.004)).seed(seed).build();
    }

    static float[][] inputs(Random r, int steps, int channels) {
        float[][] x = new float[steps][channels];
        for (float[] row : x) {
            for (int c = 0; c < channels; c++) {
                // values in [0, 1] with exact zeros, as scaled and clamped features give
                row[c] = r.nextInt(5) == 0 ? 0f : r.nextFloat();
            }
        }
        return x;
    }

    /** Runs both paths over {@code x} and checks every output row and the scores; returns the step path's outputs. */
    static float[][] compare(Network net, float[][] x) {
        InferenceStream byStep = net.stream();
        InferenceStream byAdvance = net.stream();
        int classes = net.classes();
        float[][] outs = new float[x.length][classes];
        for (int t = 0; t < x.length; t++) {
            byStep.step(x[t], outs[t]);
            float[] want = byAdvance.advance(new DenseSample(x[t].clone(), 1, x[t].length, -1));
            assertArrayEquals(want, outs[t], 0f, "output at step " + t);
        }
        assertEquals(x.length, byStep.steps());
        assertArrayEquals(byAdvance.scores(), byStep.scores(), 0.0);
        return outs;
    }

    @RepeatedTest(6)
    void nwaveShapedNetworkStepsLikeAdvanceAndLikeTheWholeSample(RepetitionInfo info) {
        Random r = new Random(40 + info.getCurrentRepetition());
        int channels = 5 + r.nextInt(12);
        Network net = nwaveLike(info.getCurrentRepetition(), channels, info.getCurrentRepetition() % 2 == 0);
        float[][] x = inputs(r, 80, channels);
        float[][] outs = compare(net, x);
        int spikes = 0;
        for (float[] o : outs) {
            for (float v : o) {
                assertTrue(v == 0f || v == 1f, "a spike-count readout outputs spikes, got " + v);
                spikes += (int) v;
            }
        }
        assertTrue(spikes > 0, "the readout spikes, so the comparison covers the event path");
        // a feed-forward network gives the same rows in one chunk as step by step
        float[] flat = new float[x.length * channels];
        for (int t = 0; t < x.length; t++) {
            System.arraycopy(x[t], 0, flat, t * channels, channels);
        }
        float[] whole = net.stream().advance(new DenseSample(flat, x.length, channels, -1));
        for (int t = 0; t < x.length; t++) {
            assertArrayEquals(Arrays.copyOfRange(whole, t * 3, t * 3 + 3), outs[t], 0f, "whole-sample row " + t);
        }
    }

    @RepeatedTest(4)
    void recurrentLayerWithBiasAndLeakyReadoutStepsLikeAdvance(RepetitionInfo info) {
        Random r = new Random(90 + info.getCurrentRepetition());
        Network net = recurrent(info.getCurrentRepetition(), 7);
        float[][] outs = compare(net, inputs(r, 60, 7));
        double energy = 0;
        for (float[] o : outs) {
            for (float v : o) {
                energy += Math.abs(v);
            }
        }
        assertTrue(energy > 0, "the readout membrane moves");
    }

    @Test
    void stepsAndAdvancesMixOnOneStream() {
        Network net = nwaveLike(3, 6, false);
        float[][] x = inputs(new Random(5), 30, 6);
        InferenceStream mixed = net.stream();
        InferenceStream byAdvance = net.stream();
        float[] out = new float[3];
        for (int t = 0; t < x.length; t++) {
            float[] want = byAdvance.advance(new DenseSample(x[t].clone(), 1, 6, -1));
            float[] got;
            if (t % 3 == 0) {
                got = mixed.advance(new DenseSample(x[t].clone(), 1, 6, -1));
            } else {
                mixed.step(x[t], out);
                got = out;
            }
            assertArrayEquals(want, got, 0f, "step " + t);
        }
        mixed.reset();
        assertEquals(0, mixed.steps());
    }

    @Test
    void aStreamWithoutHistoryGivesTheSameOutputsAndRefusesWholeInputScores() {
        Network net = nwaveLike(3, 6, false);
        float[][] x = inputs(new Random(9), 40, 6);
        InferenceStream kept = net.stream();
        InferenceStream live = net.stream(false);
        float[] a = new float[3];
        float[] b = new float[3];
        for (int t = 0; t < x.length; t++) {
            if (t % 4 == 0) {
                assertArrayEquals(kept.advance(new DenseSample(x[t].clone(), 1, 6, -1)),
                        live.advance(new DenseSample(x[t].clone(), 1, 6, -1)), 0f, "step " + t);
            } else {
                kept.step(x[t], a);
                live.step(x[t], b);
                assertArrayEquals(a, b, 0f, "step " + t);
            }
        }
        assertEquals(x.length, live.steps());
        assertEquals(3, kept.scores().length);
        SnnaudioException e = assertThrows(SnnaudioException.class, live::scores);
        assertTrue(e.getMessage().contains("without history"), e.getMessage());
    }

    @Test
    void otherNetworksTakeTheGeneralPathWithTheSameResult() {
        Network adaptive = Network.builder(4)
                .layer(new LayerSpec("hidden", 8, Synapse.DENSE, false, false,
                        new AdaptiveLif(0.02, 0.05, 0.2, 0.6, ResetMode.SUBTRACT, 0), 6.0))
                .layer(new LayerSpec("readout", 2, Synapse.DENSE, false, false, new Li(0.02), 4.0))
                .options(NetworkOptions.defaults().withDt(0.004)).seed(2).build();
        assertTrue(!StreamStep.supports(adaptive, adaptive.options()));
        compare(adaptive, inputs(new Random(8), 40, 4));
        Network toZero = Network.builder(4)
                .layer(new LayerSpec("hidden", 8, Synapse.DENSE, false, false, new Lif(0.02, 0.5, ResetMode.TO_RESET, 0), 6.0))
                .layer(new LayerSpec("readout", 2, Synapse.DENSE, false, false, new Li(0.02), 4.0))
                .options(NetworkOptions.defaults().withDt(0.004)).seed(2).build();
        assertTrue(!StreamStep.supports(toZero, toZero.options()));
        compare(toZero, inputs(new Random(9), 40, 4));
        Network smooth = recurrent(4, 3);
        smooth.options(smooth.options().withSmooth(true));
        assertTrue(!StreamStep.supports(smooth, smooth.options()));
        compare(smooth, inputs(new Random(10), 40, 3));
        assertTrue(StreamStep.supports(recurrent(4, 3), recurrent(4, 3).options()));
    }

    @Test
    void theFastPathFollowsOptionChanges() throws Exception {
        Network net = recurrent(1, 3);
        InferenceStream s = net.stream();
        float[] out = new float[4];
        s.step(new float[] {0.5f, 0.1f, 0f}, out);
        java.lang.reflect.Field f = InferenceStream.class.getDeclaredField("fast");
        f.setAccessible(true);
        assertNotNull(f.get(s));
        net.options(net.options().withSmooth(true));
        s.step(new float[] {0.5f, 0.1f, 0f}, out);
        assertNull(f.get(s), "smooth mode is not the fast path's arithmetic");
    }

    /**
     * Random feed-forward networks of spiking layers (diagonal or dense first layer, dense layers of 1 to 70
     * neurons, so both the fused dense pass and the per-neuron sum of narrow layers run, with or without bias, LIF or
     * CuBa-LIF) and a spiking or leaky-integrator readout, driven by inputs whose strength changes from step to step
     * so that a layer's input events number from none to many: every step equals advance bit for bit.
     */
    @RepeatedTest(12)
    void randomFeedForwardNetworksStepLikeAdvance(RepetitionInfo info) throws Exception {
        Random r = new Random(700 + info.getCurrentRepetition());
        int channels = 1 + r.nextInt(20);
        Network.Builder b = Network.builder(channels);
        boolean diagonal = r.nextBoolean();
        // a low first threshold: strong input makes most of the first layer spike at once
        b.layer(new LayerSpec("l0", channels, diagonal ? Synapse.DIAGONAL : Synapse.DENSE, false, r.nextBoolean(),
                new Lif(0.01, 0.02 + 0.05 * r.nextDouble()), 1.0));
        int hidden = 1 + r.nextInt(2);
        for (int h = 0; h < hidden; h++) {
            int size = r.nextBoolean() ? 1 + r.nextInt(StreamStep.NARROW) : 1 + r.nextInt(70);
            b.layer(new LayerSpec("h" + h, size, Synapse.DENSE, false, r.nextBoolean(), neuron(r), 4.0 + 20 * r.nextDouble()));
        }
        int classes = 1 + r.nextInt(10);
        boolean spikingReadout = r.nextBoolean();
        b.layer(new LayerSpec("readout", classes, Synapse.DENSE, false, r.nextBoolean(),
                spikingReadout ? neuron(r) : new Li(0.02), 10.0));
        Network net = b.options(NetworkOptions.defaults().withDt(0.004)
                .withReadout(spikingReadout ? new Readout.SpikeCount() : NetworkOptions.defaults().readout()))
                .seed(info.getCurrentRepetition()).build();
        assertTrue(StreamStep.supports(net, net.options()));
        float[][] x = new float[200][channels];
        for (int t = 0; t < x.length; t++) {
            // the input's strength sweeps from silence to saturation and back, with either sign (the weights
            // have either sign)
            float gain = (float) Math.sin(t * 0.07) * 10f;
            for (int c = 0; c < channels; c++) {
                x[t][c] = r.nextInt(4) == 0 ? 0f : gain * r.nextFloat();
            }
        }
        InferenceStream byStep = net.stream();
        InferenceStream byAdvance = net.stream();
        java.lang.reflect.Field fast = InferenceStream.class.getDeclaredField("fast");
        fast.setAccessible(true);
        java.lang.reflect.Field counts = StreamStep.class.getDeclaredField("eventCount");
        counts.setAccessible(true);
        float[] out = new float[classes];
        int fewest = Integer.MAX_VALUE;
        int most = 0;
        for (int t = 0; t < x.length; t++) {
            byStep.step(x[t], out);
            float[] want = byAdvance.advance(new DenseSample(x[t].clone(), 1, channels, -1));
            assertArrayEquals(want, out, 0f, "output at step " + t);
            int first = ((int[]) counts.get(fast.get(byStep)))[0];
            fewest = Math.min(fewest, first);
            most = Math.max(most, first);
        }
        assertArrayEquals(byAdvance.scores(), byStep.scores(), 0.0);
        assertEquals(0, fewest, "some steps have no input events");
        assertTrue(most > Math.min(channels - 1, 4), "some steps have many input events, got at most " + most);
    }

    private static NeuronModel neuron(Random r) {
        double threshold = 0.2 + r.nextDouble();
        return r.nextBoolean() ? new Lif(0.005 + 0.05 * r.nextDouble(), threshold)
                : new CubaLif(0.002 + 0.01 * r.nextDouble(), 0.005 + 0.05 * r.nextDouble(), threshold);
    }

    @Test
    void eventSumGroupsLikeAddRows() {
        Random r = new Random(3);
        for (int m = 0; m <= 21; m++) {
            float[][] rows = new float[24][5];
            for (float[] row : rows) {
                for (int o = 0; o < row.length; o++) {
                    // magnitudes far apart, so that another grouping of the sum rounds differently
                    row[o] = (float) ((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(8)));
                }
            }
            int[] ev = new int[24];
            for (int e = 0; e < m; e++) {
                ev[e] = r.nextInt(24);
            }
            float[] bias = {1e-3f, -2f, 0f, -0f, 7e5f};
            float[] want = bias.clone();
            Kernels.addRows(rows, ev, 0, m, want);
            float[] got = new float[5];
            StreamStep.eventSum(rows, ev, m, bias, got);
            assertArrayEquals(want, got, 0f, m + " events");
            float[] wantZero = new float[5];
            Kernels.addRows(rows, ev, 0, m, wantZero);
            StreamStep.eventSum(rows, ev, m, null, got);
            assertArrayEquals(wantZero, got, 0f, m + " events without bias");
        }
    }

    @Test
    void eventsListTheSpikingNeuronsInOrder() {
        float[] spk = {0, 1, 1, 0, 0, 1, Float.NaN, 0, 1};
        int[] ev = new int[spk.length];
        assertEquals(4, StreamStep.events(spk, spk.length, ev));
        assertArrayEquals(new int[] {1, 2, 5, 8}, Arrays.copyOf(ev, 4));
        int[] viaKernels = new int[spk.length];
        assertEquals(4, Kernels.appendEvents(spk, spk.length, viaKernels, 0));
        assertArrayEquals(Arrays.copyOf(viaKernels, 4), Arrays.copyOf(ev, 4));
        assertEquals(0, StreamStep.events(new float[7], 7, ev));
    }

    @Test
    void badInputIsNamed() {
        InferenceStream s = nwaveLike(1, 4, false).stream();
        assertEquals("stream step has 3 input values, but the network has 4 inputs",
                assertThrows(SnnaudioException.class, () -> s.step(new float[3], new float[3])).getMessage());
        assertEquals("stream step output has room for 2 values, but the network has 3 classes",
                assertThrows(SnnaudioException.class, () -> s.step(new float[4], new float[2])).getMessage());
        assertEquals("stream step input 2 is not finite: NaN",
                assertThrows(SnnaudioException.class, () -> s.step(new float[] {0, 0, Float.NaN, 0}, new float[3])).getMessage());
        assertEquals(0, s.steps(), "a rejected step changes nothing");
    }
}
