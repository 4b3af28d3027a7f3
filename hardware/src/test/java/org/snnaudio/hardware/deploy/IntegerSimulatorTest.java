package org.snnaudio.hardware.deploy;

import org.junit.jupiter.api.Test;
import org.snnaudio.core.model.ResetMode;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IntegerSimulatorTest {
    static final int[] INPUT = {1, 0, 1, 1, 0, 0, 1, 1, 0, 1}; // 5 steps x 2 channels of spike counts

    static IntegerNetwork oneLayer(IntegerNetwork.Layer layer) {
        return new IntegerNetwork("test", 2, 1, 8, 8, 8, List.of(layer), 0, IntegerNetwork.Readout.SPIKE_COUNT, 1e-3);
    }

    /** Two LIF neurons, k_mem = 2 (decay 3/4), 8-bit registers: the trace computed by hand in the comments. */
    @Test
    void lifMatchesAHandComputedIntegerTraceWithSaturationAndArithmeticShift() {
        IntegerNetwork.Layer lif = new IntegerNetwork.Layer("h", "LIF", 2, new int[]{-1, -1}, new int[]{2, 2},
                new int[]{10, 126}, new int[]{0, 0}, ResetMode.SUBTRACT, true, new int[]{0, 0}, 1.0,
                List.of(new IntegerNetwork.Projection(LayeredNetwork.INPUT, new int[]{6, 3, 100, 100}, 2, 2, false)));
        IntegerSimulator.Run run = new IntegerSimulator(oneLayer(lif)).runInts(INPUT, 5, true);
        // neuron 0: t0 a=6 v=6 | t1 a=9 v=6-1+9=14 spike | t2 v=14-3-10=1 | t3 a=9 v=1-0+9=10 (not > 10) | t4 a=3 v=10-2+3=11 spike
        // neuron 1: t0 v=100 | t1 a=sat(200)=127 v=sat(100-25+127)=127 spike | t2 v=127-31-126=-30
        //           t3 v=-30-(-30>>2=-8)+127=105 | t4 v=sat(105-26+100)=127 spike
        assertArrayEquals(new int[]{6, 100, 14, 127, 1, -30, 10, 105, 11, 127}, run.membrane().get(0));
        assertArrayEquals(new int[]{0, 0, 1, 1, 0, 0, 0, 0, 1, 1}, run.spikes().get(0));
        assertArrayEquals(new float[]{2, 2}, run.scores());
        // events: channel 0 fires 3 times, channel 1 three times, each reaching 2 non-zero synapses
        assertArrayEquals(new long[]{12, 4, 10, 20}, new long[]{run.activity().synapticEvents(), run.activity().spikes(),
                run.activity().neuronUpdates(), run.activity().denseMacs()});
    }

    @Test
    void cubaLifAndToResetMatchHandComputedTraces() {
        IntegerNetwork.Layer cuba = new IntegerNetwork.Layer("c", "CubaLIF", 1, new int[]{1}, new int[]{1}, new int[]{100},
                new int[]{0}, ResetMode.SUBTRACT, true, new int[]{0}, 1.0,
                List.of(new IntegerNetwork.Projection(LayeredNetwork.INPUT, new int[]{8, 0}, 1, 2, false)));
        // syn: 8, 8-4+8=12, 12-6=6, 6-3+8=11, 11-5=6; v: 8, 8-4+12=16, 16-8+6=14, 14-7+11=18, 18-9+6=15
        assertArrayEquals(new int[]{8, 16, 14, 18, 15}, new IntegerSimulator(oneLayer(cuba)).runInts(INPUT, 5, true)
                .membrane().get(0));

        IntegerNetwork.Layer reset = new IntegerNetwork.Layer("r", "LIF", 1, new int[]{-1}, new int[]{2}, new int[]{10},
                new int[]{-4}, ResetMode.TO_RESET, true, new int[]{1}, 1.0,
                List.of(new IntegerNetwork.Projection(LayeredNetwork.INPUT, new int[]{6, 3}, 1, 2, false)));
        // bias 1: t0 v=7 | t1 v=7-1+10=16 spike | t2 v=-4+1=-3 | t3 v=-3-(-1)+10=8 | t4 v=8-2+4=10
        assertArrayEquals(new int[]{7, 16, -3, 8, 10}, new IntegerSimulator(oneLayer(reset)).runInts(INPUT, 5, true)
                .membrane().get(0));
    }

    /** A weight shift of 3: each weight adds w << 3 to the membrane; thresholds and leak work in the finer unit. */
    @Test
    void weightShiftMultipliesEachWeightInTheHandComputedTrace() {
        IntegerNetwork.Layer lif = new IntegerNetwork.Layer("h", "LIF", 1, new int[]{-1}, new int[]{2}, new int[]{20},
                new int[]{0}, ResetMode.SUBTRACT, true, new int[]{1}, 0.125, 3,
                List.of(new IntegerNetwork.Projection(LayeredNetwork.INPUT, new int[]{3, -1}, 1, 2, false)));
        IntegerNetwork net = new IntegerNetwork("test", 2, 1, 8, 4, 16, List.of(lif), 0, IntegerNetwork.Readout.SPIKE_COUNT, 1e-3);
        IntegerSimulator.Run run = new IntegerSimulator(net).runInts(INPUT, 5, true);
        // a = 1 + 24 x0 - 8 x1: t0 a=25 v=25 spike | t1 a=17 v=25-6+17-20=16 | t2 a=1 v=16-4+1=13
        //                       t3 a=17 v=13-3+17=27 spike | t4 a=-7 v=27-6-7-20=-6
        assertArrayEquals(new int[]{25, 16, 13, 27, -6}, run.membrane().get(0));
        assertArrayEquals(new float[]{2}, run.scores());
        assertThrows(IllegalArgumentException.class, () -> new IntegerNetwork.Layer("h", "LIF", 1, new int[]{-1},
                new int[]{2}, new int[]{20}, new int[]{0}, ResetMode.SUBTRACT, true, new int[]{1}, 0.125, -1, List.of()));
    }

    @Test
    void recurrentProjectionCarriesThePreviousStepsSpikes() {
        // one IF neuron (no leak), threshold 5, input weight 6 on channel 0, self-connection +3 delayed
        IntegerNetwork.Layer l = new IntegerNetwork.Layer("i", "IF", 1, new int[]{-1}, new int[]{-1}, new int[]{5},
                new int[]{0}, ResetMode.SUBTRACT, true, new int[]{0}, 1.0,
                List.of(new IntegerNetwork.Projection(LayeredNetwork.INPUT, new int[]{6, 0}, 1, 2, false),
                        new IntegerNetwork.Projection(0, new int[]{3}, 1, 1, true)));
        // t0 v=6 spike | t1 v=6+6+3-5=10 spike | t2 v=10+0+3-5=8 spike | t3 v=8+6+3-5=12 spike | t4 v=12+3-5=10 spike
        IntegerSimulator.Run run = new IntegerSimulator(oneLayer(l)).runInts(INPUT, 5, true);
        assertArrayEquals(new int[]{6, 10, 8, 12, 10}, run.membrane().get(0));
        assertArrayEquals(new float[]{5}, run.scores());
    }

    @Test
    void membraneReadoutsScaleRegistersBackToFloat() {
        IntegerNetwork.Layer lif = new IntegerNetwork.Layer("h", "LIF", 1, new int[]{-1}, new int[]{2}, new int[]{10},
                new int[]{0}, ResetMode.SUBTRACT, true, new int[]{0}, 0.5,
                List.of(new IntegerNetwork.Projection(LayeredNetwork.INPUT, new int[]{6, 3}, 1, 2, false)));
        float[] expected = {7f, 4.2f, 5.5f}; // registers 6, 14, 1, 10, 11 times scale 0.5: max, mean, last
        IntegerNetwork.Readout[] modes = {IntegerNetwork.Readout.MAX_MEMBRANE, IntegerNetwork.Readout.MEAN_MEMBRANE,
                IntegerNetwork.Readout.LAST_MEMBRANE};
        for (int i = 0; i < modes.length; i++) {
            IntegerNetwork net = new IntegerNetwork("test", 2, 1, 8, 8, 8, List.of(lif), 0, modes[i], 1e-3);
            org.junit.jupiter.api.Assertions.assertEquals(expected[i], new IntegerSimulator(net).runInts(INPUT, 5, false)
                    .scores()[0], 1e-5, modes[i].name());
        }
    }
}
