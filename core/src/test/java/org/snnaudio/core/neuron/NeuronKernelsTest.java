package org.snnaudio.core.neuron;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.snnaudio.core.model.ResetMode;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden trajectories computed by hand for every neuron kernel, and the properties every spiking kernel
 * must have: no input gives no spikes, the reset rule holds after a spike, more current never fires less.
 * Time constants are chosen so that the decays are exactly 1/2 (membrane) and 1/4 (synapse).
 */
class NeuronKernelsTest {
    private static final double DT = 1e-3;
    /** exp(-dt/tau) = 1/2. */
    private static final double TAU_HALF = DT / Math.log(2);
    /** exp(-dt/tau) = 1/4. */
    private static final double TAU_QUARTER = DT / Math.log(4);
    private static final Discretisation D = Discretisation.exact(DT);
    private static final DoubleUnaryOperator H = NeuronModel.heaviside();

    private static double[][] run(NeuronModel m, double[] inputs) {
        NeuronParams p = m.discretise(1, D);
        NeuronState s = NeuronState.zero(1);
        double[][] out = new double[inputs.length][];
        for (int t = 0; t < inputs.length; t++) {
            s = m.step(new double[] {inputs[t]}, s, p, H);
            out[t] = new double[] {s.syn()[0], s.mem()[0], s.spike()[0], s.adapt()[0]};
        }
        return out;
    }

    private static void assertTrajectory(double[][] got, int col, double... expected) {
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t], got[t][col], 1e-12, "step " + t);
        }
    }

    @Test
    void lifSubtractGolden() {
        // v = v/2 + x - 1*s_prev; spike when v > 1
        double[][] r = run(new Lif(TAU_HALF, 1.0), new double[] {0.8, 0.8, 0.8, 0, 0.3});
        // v: 0.8, 1.2 (spike), 0.6+0.8-1 = 0.4, 0.2, 0.4
        assertTrajectory(r, 1, 0.8, 1.2, 0.4, 0.2, 0.4);
        assertTrajectory(r, 2, 0, 1, 0, 0, 0);
    }

    @Test
    void lifToResetGolden() {
        // after a spike the membrane restarts at v_reset = 0.1, then integrates the step's input
        double[][] r = run(new Lif(TAU_HALF, 1.0, ResetMode.TO_RESET, 0.1), new double[] {1.5, 0.2, 0.2});
        // v: 1.5 (spike), 0.1 + 0.2 = 0.3, 0.15 + 0.2 = 0.35
        assertTrajectory(r, 1, 1.5, 0.3, 0.35);
        assertTrajectory(r, 2, 1, 0, 0);
    }

    @Test
    void cubaLifGolden() {
        // I = I/4 + x; v = v/2 + I - s_prev; threshold 1
        double[][] r = run(new CubaLif(TAU_QUARTER, TAU_HALF, 1.0), new double[] {1.0, 0, 0, 0.8});
        // I: 1, 0.25, 0.0625, 0.815625
        assertTrajectory(r, 0, 1.0, 0.25, 0.0625, 0.815625);
        // v: 1 (not > 1), 0.5 + 0.25 = 0.75, 0.375 + 0.0625 = 0.4375, 0.21875 + 0.815625 = 1.034375 (spike)
        assertTrajectory(r, 1, 1.0, 0.75, 0.4375, 1.034375);
        assertTrajectory(r, 2, 0, 0, 0, 1);
    }

    @Test
    void adaptiveLifGolden() {
        // a = a/2 + s_prev; threshold 1 + 0.5 a; reset subtracts the threshold the neuron fired at
        AdaptiveLif m = new AdaptiveLif(TAU_HALF, TAU_HALF, 0.5, 1.0, ResetMode.SUBTRACT, 0);
        double[][] r = run(m, new double[] {1.2, 1.2, 1.2});
        // t0: a 0, th 1, v 1.2 spike
        // t1: a 1, th 1.5, v 0.6 + 1.2 - 1 = 0.8, no spike
        // t2: a 0.5, th 1.25, v 0.4 + 1.2 = 1.6, spike
        assertTrajectory(r, 3, 0, 1, 0.5);
        assertTrajectory(r, 1, 1.2, 0.8, 1.6);
        assertTrajectory(r, 2, 1, 0, 1);
    }

    @Test
    void ifGolden() {
        double[][] r = run(new If(1.0, ResetMode.SUBTRACT, 0), new double[] {0.4, 0.4, 0.4, 0.4});
        // v: 0.4, 0.8, 1.2 (spike), 1.6 - 1 = 0.6
        assertTrajectory(r, 1, 0.4, 0.8, 1.2, 0.6);
        assertTrajectory(r, 2, 0, 0, 1, 0);
    }

    @Test
    void liAndCubaLiGolden() {
        assertTrajectory(run(new Li(TAU_HALF), new double[] {1, 0, 2}), 1, 1, 0.5, 2.25);
        double[][] c = run(new CubaLi(TAU_QUARTER, TAU_HALF), new double[] {1, 0, 0});
        assertTrajectory(c, 0, 1, 0.25, 0.0625);
        assertTrajectory(c, 1, 1, 0.75, 0.4375);
        assertTrajectory(c, 2, 0, 0, 0);
    }

    @Test
    void discretisationIsExactExponential() {
        assertEquals(Math.exp(-0.1), Discretisation.exact(1e-3).decay(0.01), 1e-15);
        NeuronParams p = new CubaLif(0.005, 0.01, 1).discretise(3, Discretisation.exact(1e-3));
        assertArrayEquals(new double[] {Math.exp(-0.2), Math.exp(-0.2), Math.exp(-0.2)}, p.alpha(), 1e-15);
        double tau = 0.02;
        double h = 1e-7;
        Discretisation d = Discretisation.exact(1e-3);
        assertEquals((d.decay(tau + h) - d.decay(tau - h)) / (2 * h), d.decayDerivative(tau), 1e-6);
    }

    private static NeuronModel randomSpiking(Random r) {
        double thr = 0.5 + r.nextDouble();
        ResetMode mode = r.nextBoolean() ? ResetMode.SUBTRACT : ResetMode.TO_RESET;
        double tau = 0.002 + 0.05 * r.nextDouble();
        return switch (r.nextInt(4)) {
            case 0 -> new Lif(tau, thr, mode, 0.1 * r.nextDouble());
            case 1 -> new CubaLif(0.001 + 0.01 * r.nextDouble(), tau, thr, mode, 0);
            case 2 -> new AdaptiveLif(tau, 0.1, r.nextDouble(), thr, mode, 0);
            default -> new If(thr, mode, 0);
        };
    }

    @RepeatedTest(20)
    void zeroInputGivesNoSpikes(RepetitionInfo info) {
        Random r = new Random(100 + info.getCurrentRepetition());
        NeuronModel m = randomSpiking(r);
        double[][] tr = run(m, new double[200]);
        for (double[] row : tr) {
            assertEquals(0, row[2], m.toString());
            assertEquals(0, row[1], m.toString());
        }
    }

    @RepeatedTest(20)
    void resetRuleHoldsAfterEverySpike(RepetitionInfo info) {
        Random r = new Random(200 + info.getCurrentRepetition());
        NeuronModel m = randomSpiking(r);
        NeuronParams p = m.discretise(1, D);
        double beta = p.beta()[0];
        NeuronState s = NeuronState.zero(1);
        int spikes = 0;
        for (int t = 0; t < 300; t++) {
            double x = r.nextDouble() * 0.6;
            NeuronState next = m.step(new double[] {x}, s, p, H);
            if (s.spike()[0] == 1) {
                double drive = m instanceof CubaLif ? next.syn()[0] : x;
                double before = beta * s.mem()[0] + drive;
                double expected = switch (p.reset()) {
                    case SUBTRACT -> before - (p.threshold()[0] + p.betaAdapt()[0] * s.adapt()[0]);
                    case TO_RESET -> p.vReset()[0] + drive;
                };
                assertEquals(expected, next.mem()[0], 1e-12, m + " at step " + t);
                spikes++;
            }
            s = next;
        }
        assertTrue(spikes > 0, "the random input made no spike for " + m);
    }

    @RepeatedTest(20)
    void firingRateIsMonotoneInInputCurrent(RepetitionInfo info) {
        Random r = new Random(300 + info.getCurrentRepetition());
        NeuronModel m = randomSpiking(r);
        int previous = -1;
        for (double current = 0; current <= 1.5; current += 0.05) {
            double[] in = new double[300];
            java.util.Arrays.fill(in, current);
            int count = 0;
            for (double[] row : run(m, in)) {
                count += (int) row[2];
            }
            assertTrue(count >= previous, m + ": " + count + " spikes at current " + current + " < " + previous);
            previous = count;
        }
        assertTrue(previous > 0, m + " never fired");
    }

    @Test
    void surrogatePrimitivesHaveTheSurrogateAsDerivative() {
        for (Surrogate s : new Surrogate[] {new Surrogate.FastSigmoid(10), new Surrogate.Arctan(3), new Surrogate.Triangle(2),
                new Surrogate.Sigmoid(5)}) {
            for (double u = -1.3; u <= 1.3; u += 0.1) {
                double h = 1e-6;
                double fd = (s.primitive(u + h) - s.primitive(u - h)) / (2 * h);
                assertEquals(s.grad(u), fd, 1e-4, s + " at " + u);
                assertEquals(s.grad(u), s.gradF((float) u), 1e-5 * Math.max(1, s.grad(u)), s + " float at " + u);
            }
            assertEquals(0, s.primitive(-1e9), 1e-6, s.name());
            assertEquals(s instanceof Surrogate.FastSigmoid ? 2.0 / s.slope() : 1.0, s.primitive(1e9), 1e-6, s.name());
            assertEquals(s, Surrogate.of(s.name(), s.slope()));
        }
        // SuperSpike: 1 / (k|u| + 1)^2
        assertEquals(1.0 / 36, new Surrogate.FastSigmoid(10).grad(-0.5), 1e-15);
    }

    @Test
    void invalidParametersAreRejectedWithTheirName() {
        assertEquals("tauMem must be > 0 s, got -0.02",
                assertThrows(IllegalArgumentException.class, () -> new Lif(-0.02, 1)).getMessage());
        assertEquals("tauSyn must be > 0 s, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> new CubaLif(0, 0.01, 1)).getMessage());
        assertEquals("tauAdapt must be > 0 s, got -1.0", assertThrows(IllegalArgumentException.class,
                () -> new AdaptiveLif(0.01, -1, 0.1, 1, ResetMode.SUBTRACT, 0)).getMessage());
        assertEquals("betaAdapt must be >= 0, got -0.1", assertThrows(IllegalArgumentException.class,
                () -> new AdaptiveLif(0.01, 0.1, -0.1, 1, ResetMode.SUBTRACT, 0)).getMessage());
        assertEquals("threshold must be finite, got NaN",
                assertThrows(IllegalArgumentException.class, () -> new If(Double.NaN, ResetMode.SUBTRACT, 0)).getMessage());
        assertEquals("dt must be > 0 s, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> Discretisation.exact(0)).getMessage());
        assertEquals("discretisation must be 'exact-exponential', got 'euler'",
                assertThrows(IllegalArgumentException.class, () -> new Discretisation(1e-3, "euler")).getMessage());
        assertEquals("FastSigmoid slope must be > 0 and finite, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> new Surrogate.FastSigmoid(-1)).getMessage());
        assertTrue(assertThrows(org.snnaudio.core.SnnaudioException.class, () -> Surrogate.of("relu", 1)).getMessage()
                .contains("got 'relu'"));
        assertEquals("step: input (2), state (1) and parameters (1) must have the same size",
                assertThrows(IllegalArgumentException.class, () -> new Lif(0.01, 1).step(new double[2], NeuronState.zero(1),
                        new Lif(0.01, 1).discretise(1, D), H)).getMessage());
    }
}
