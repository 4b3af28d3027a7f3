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
