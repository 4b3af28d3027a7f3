package org.snnaudio.core.train;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.nn.Parameter;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptimizerTest {

    private static Parameter scalar(String name, float value) {
        return new Parameter(name, Parameter.Kind.WEIGHT, new float[] {value}, 1);
    }

    /** Runs one optimiser step per gradient on a one-value parameter and returns the values after each. */
    private static double[] steps(OptimizerConfig cfg, float p0, double... grads) {
        Parameter p = scalar("w", p0);
        Optimizer opt = new Optimizer(cfg, List.of(), List.of(p));
        double[] out = new double[grads.length];
        for (int i = 0; i < grads.length; i++) {
            opt.zeroGrad();
            p.grad()[0] = (float) grads[i];
            opt.step(1);
            out[i] = p.value()[0];
        }
        return out;
    }

    @Test
    void sgdWithMomentumMatchesHandComputedSteps() {
        // b1 = g = 1, p = 1 - 0.1 = 0.9; b2 = 0.9 + 1 = 1.9, p = 0.71; b3 = 1.71 + 1 = 2.71, p = 0.439
        double[] p = steps(OptimizerConfig.Sgd.of(0.1, 0.9), 1f, 1, 1, 1);
        assertArrayEquals(new double[] {0.9, 0.71, 0.439}, p, 1e-6);
    }

    @Test
    void sgdWithoutMomentumIsPlainGradientDescent() {
        double[] p = steps(OptimizerConfig.Sgd.of(0.5, 0), 1f, 0.25, -1);
        assertArrayEquals(new double[] {0.875, 1.375}, p, 1e-7);
    }

    @Test
    void nesterovMatchesHandComputedSteps() {
        // step 1: b = 1, d = 1 + 0.9 * 1 = 1.9, p = 0.81; step 2: b = 1.9, d = 1 + 0.9 * 1.9 = 2.71, p = 0.539
        double[] p = steps(new OptimizerConfig.Sgd(0.1, 0.9, 0, true, 0), 1f, 1, 1);
        assertArrayEquals(new double[] {0.81, 0.539}, p, 1e-6);
    }

    @Test
    void dampeningScalesNewGradientsAfterTheFirstStep() {
        // step 1: b = g = 1 (no dampening on the first step), p = 0.9; step 2: b = 0.9 + 0.5 = 1.4, p = 0.76
        double[] p = steps(new OptimizerConfig.Sgd(0.1, 0.9, 0.5, false, 0), 1f, 1, 1);
        assertArrayEquals(new double[] {0.9, 0.76}, p, 1e-6);
    }

    @Test
    void sgdWeightDecayAddsToTheGradient() {
        // g = 0 + 0.1 * 1, p = 1 - 0.1 * 0.1 = 0.99
        double[] p = steps(new OptimizerConfig.Sgd(0.1, 0, 0, false, 0.1), 1f, 0);
        assertArrayEquals(new double[] {0.99}, p, 1e-7);
    }

    @Test
    void adamMatchesTheDocumentedAlgorithm() {
        // PyTorch's Adam, lr 0.1, betas (0.9, 0.999), eps 1e-8:
        // t=1: m = 0.05, v = 2.5e-4, p = 1 - (0.1/0.1) * 0.05 / (sqrt(2.5e-4)/sqrt(1e-3) + 1e-8) = 0.900000002
        // t=2: m = 0.045 - 0.025 = 0.02, v = 2.4975e-4 + 6.25e-5 = 3.1225e-4,
        //      p = 0.9 - (0.1/0.19) * 0.02 / (sqrt(3.1225e-4)/sqrt(0.001999) + 1e-8) = 0.87336630
        double[] p = steps(OptimizerConfig.Adam.of(0.1), 1f, 0.5, -0.25);
        assertArrayEquals(new double[] {0.900000002, 0.8733662987}, p, 1e-6);
    }

    @Test
    void adamFirstStepMovesByTheLearningRateWhateverTheGradientScale() {
        for (double g : new double[] {1e-3, 1, 1e3}) {
            assertEquals(1 - 0.01, steps(OptimizerConfig.Adam.of(0.01), 1f, g)[0], 1e-6, "gradient " + g);
            assertEquals(1 + 0.01, steps(OptimizerConfig.Adam.of(0.01), 1f, -g)[0], 1e-6, "gradient " + -g);
        }
    }

    @Test
    void adamCouplesWeightDecayAndAdamWDecouplesIt() {
        // Adam: g += 0.5 p. AdamW: p *= 1 - lr * 0.5 before the Adam update of the raw gradient.
        double[] adam = steps(new OptimizerConfig.Adam(0.1, 0.9, 0.999, 1e-8, 0.5), 2f, 0.5, -0.25);
        double[] adamw = steps(new OptimizerConfig.AdamW(0.1, 0.9, 0.999, 1e-8, 0.5), 2f, 0.5, -0.25);
        assertArrayEquals(new double[] {1.9000000007, 1.8078044931}, adam, 1e-6);
        assertArrayEquals(new double[] {1.800000002, 1.6833662986}, adamw, 1e-6);
        // with a zero gradient AdamW only decays: 2 * (1 - 0.05) = 1.9
        assertArrayEquals(new double[] {1.9}, steps(new OptimizerConfig.AdamW(0.1, 0.9, 0.999, 1e-8, 0.5), 2f, 0), 1e-6);
    }

    @Test
    void parameterGroupsSelectByGroupTagOrNameGlobAndFirstMatchWins() {
        Parameter front = new Parameter("frontend.weight", Parameter.Kind.WEIGHT, new float[] {1}, 1).group("frontend");
        Parameter hid = scalar("hidden.weight", 1);
        Parameter thr = new Parameter("hidden.threshold", Parameter.Kind.THRESHOLD, new float[] {1}, 1);
        Parameter out = scalar("out.weight", 1);
        Optimizer opt = new Optimizer(OptimizerConfig.Sgd.of(1e-3, 0),
                List.of(ParamGroup.of("frontend", 1e-5), new ParamGroup("*.threshold", 1e-2, 0.5), ParamGroup.of("hidden.*", 1e-1)),
                List.of(front, hid, thr, out));
        assertEquals(1e-5, opt.baseLearningRate(front));
        assertEquals(1e-1, opt.baseLearningRate(hid));
        assertEquals(1e-2, opt.baseLearningRate(thr), "the earlier *.threshold group wins over hidden.*");
        assertEquals(0.5, opt.weightDecay(thr));
        assertEquals(1e-3, opt.baseLearningRate(out));
        assertEquals("frontend", opt.groupOf(front));
        assertNull(opt.groupOf(out));
        for (Parameter p : List.of(front, hid, thr, out)) {
            p.grad()[0] = 1;
        }
        opt.step(0.5);
        // each value is the float nearest to 1 - factor * lr * (g + wd * w)
        assertEquals((float) (1 - 0.5e-5), front.value()[0]);
        assertEquals((float) (1 - 0.5e-1), hid.value()[0]);
        assertEquals((float) (1 - 0.5e-2 * (1 + 0.5)), thr.value()[0]);
        assertEquals((float) (1 - 0.5e-3), out.value()[0]);
    }

    @Test
    void frozenParametersAreNotUpdated() {
        Parameter a = scalar("a", 1);
        Parameter b = scalar("b", 1).trainable(false);
        Optimizer opt = new Optimizer(OptimizerConfig.Adam.of(0.1), List.of(), List.of(a, b));
        a.grad()[0] = 1;
        b.grad()[0] = 1;
        opt.step(1);
        assertEquals(0.9f, a.value()[0], 1e-6);
        assertEquals(1f, b.value()[0]);
        assertEquals(0, opt.steps(b));
    }

    @Test
    void aGroupThatMatchesNothingIsAnError() {
        var e = assertThrows(SnnaudioException.class, () -> new Optimizer(OptimizerConfig.Adam.of(1e-3),
                List.of(ParamGroup.of("frontnd", 1e-5)), List.of(scalar("hidden.weight", 1))));
        assertTrue(e.getMessage().contains("'frontnd' matches no parameter"), e.getMessage());
        assertTrue(e.getMessage().contains("hidden.weight"), e.getMessage());
    }

    @Test
    void duplicateParameterNamesAreAnError() {
        var e = assertThrows(SnnaudioException.class,
                () -> new Optimizer(OptimizerConfig.Adam.of(1e-3), List.of(), List.of(scalar("w", 1), scalar("w", 2))));
        assertTrue(e.getMessage().contains("two parameters are named 'w'"), e.getMessage());
    }

    @Test
    void clipGradNormScalesToTheMaxNormLikePyTorch() {
        Parameter a = new Parameter("a", Parameter.Kind.WEIGHT, new float[2], 2);
        Parameter b = scalar("b", 0);
        Parameter frozen = scalar("frozen", 0).trainable(false);
        a.grad()[0] = 3;
        b.grad()[0] = 4;
        frozen.grad()[0] = 100;
        double norm = Optimizer.clipGradNorm(List.of(a, b, frozen), 0.5);
        assertEquals(5, norm, 1e-9, "frozen parameters do not count");
        double coef = 0.5 / (5 + 1e-6);
        assertEquals(3 * coef, a.grad()[0], 1e-6);
        assertEquals(4 * coef, b.grad()[0], 1e-6);
        assertEquals(0.5, Optimizer.gradNorm(List.of(a, b)), 1e-6);
        assertEquals(100, frozen.grad()[0]);
        // below the limit nothing changes
        double n2 = Optimizer.clipGradNorm(List.of(a, b), 1);
        assertEquals(0.5, n2, 1e-6);
        assertEquals(3 * coef, a.grad()[0], 1e-7);
    }

    @Test
    void clipGradNormRejectsNonPositiveLimits() {
        var e = assertThrows(IllegalArgumentException.class, () -> Optimizer.clipGradNorm(List.of(), 0));
        assertTrue(e.getMessage().contains("max norm must be > 0, got 0"), e.getMessage());
    }

    @RepeatedTest(5)
    void savedStateContinuesBitIdentically(org.junit.jupiter.api.RepetitionInfo info) throws IOException {
        Random r = new Random(info.getCurrentRepetition());
        OptimizerConfig[] cfgs = {OptimizerConfig.Adam.of(0.01), OptimizerConfig.AdamW.of(0.01),
            new OptimizerConfig.Sgd(0.05, 0.9, 0, true, 1e-3)};
        OptimizerConfig cfg = cfgs[info.getCurrentRepetition() % cfgs.length];
        float[] init = new float[7];
        for (int i = 0; i < init.length; i++) {
            init[i] = (float) r.nextGaussian();
        }
        float[][] grads = new float[10][7];
        for (float[] g : grads) {
            for (int i = 0; i < g.length; i++) {
                g[i] = (float) r.nextGaussian();
            }
        }
        Parameter a = new Parameter("w", Parameter.Kind.WEIGHT, init.clone(), 7);
        Optimizer oa = new Optimizer(cfg, List.of(), List.of(a));
        for (int s = 0; s < 4; s++) {
            System.arraycopy(grads[s], 0, a.grad(), 0, 7);
            oa.step(1);
        }
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        oa.writeState(new DataOutputStream(bos));
        Parameter b = new Parameter("w", Parameter.Kind.WEIGHT, a.value().clone(), 7);
        Optimizer ob = new Optimizer(cfg, List.of(), List.of(b));
        ob.readState(new DataInputStream(new ByteArrayInputStream(bos.toByteArray())));
        assertEquals(4, ob.steps(b));
        for (int s = 4; s < 10; s++) {
            System.arraycopy(grads[s], 0, a.grad(), 0, 7);
            System.arraycopy(grads[s], 0, b.grad(), 0, 7);
            oa.step(0.7);
            ob.step(0.7);
        }
        assertArrayEquals(a.value(), b.value(), "restored optimiser must continue bit-identically");
        // a fresh optimiser without the state ends elsewhere (the state matters)
        Parameter c = new Parameter("w", Parameter.Kind.WEIGHT, init.clone(), 7);
        Optimizer oc = new Optimizer(cfg, List.of(), List.of(c));
        for (int s = 0; s < 4; s++) {
            System.arraycopy(grads[s], 0, c.grad(), 0, 7);
            oc.step(1);
        }
        Optimizer fresh = new Optimizer(cfg, List.of(), List.of(c));
        for (int s = 4; s < 10; s++) {
            System.arraycopy(grads[s], 0, c.grad(), 0, 7);
            fresh.step(0.7);
        }
        assertTrue(!java.util.Arrays.equals(a.value(), c.value()));
    }

    @Test
    void stateOfAnotherOptimiserOrModelIsRejected() throws IOException {
        Parameter a = scalar("w", 1);
        Optimizer adam = new Optimizer(OptimizerConfig.Adam.of(0.1), List.of(), List.of(a));
        a.grad()[0] = 1;
        adam.step(1);
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        adam.writeState(new DataOutputStream(bos));
        byte[] state = bos.toByteArray();
        Optimizer sgd = new Optimizer(OptimizerConfig.Sgd.of(0.1, 0.9), List.of(), List.of(a));
        var e1 = assertThrows(IOException.class, () -> sgd.readState(new DataInputStream(new ByteArrayInputStream(state))));
        assertTrue(e1.getMessage().contains("state is for adam, this optimiser is sgd"), e1.getMessage());
        Optimizer other = new Optimizer(OptimizerConfig.Adam.of(0.1), List.of(), List.of(scalar("v", 1)));
        var e2 = assertThrows(IOException.class, () -> other.readState(new DataInputStream(new ByteArrayInputStream(state))));
        assertTrue(e2.getMessage().contains("parameter 0 is 'w', the model's is 'v'"), e2.getMessage());
        Optimizer bigger = new Optimizer(OptimizerConfig.Adam.of(0.1), List.of(),
                List.of(new Parameter("w", Parameter.Kind.WEIGHT, new float[3], 3)));
        var e3 = assertThrows(IOException.class, () -> bigger.readState(new DataInputStream(new ByteArrayInputStream(state))));
        assertTrue(e3.getMessage().contains("'w' holds 1 values, the parameter 3"), e3.getMessage());
    }

    @Test
    void configValidationNamesTheSettingAndValue() {
        assertMessage("learning rate must be a finite number > 0, got -0.1", () -> OptimizerConfig.Adam.of(-0.1));
        assertMessage("adam beta1 must be in [0, 1), got 1.0", () -> new OptimizerConfig.Adam(0.1, 1, 0.999, 1e-8, 0));
        assertMessage("adam beta2 must be in [0, 1), got -0.5", () -> new OptimizerConfig.AdamW(0.1, 0.9, -0.5, 1e-8, 0));
        assertMessage("adam eps must be > 0, got 0.0", () -> new OptimizerConfig.Adam(0.1, 0.9, 0.999, 0, 0));
        assertMessage("weight decay must be a finite number >= 0, got -1.0", () -> new OptimizerConfig.AdamW(0.1, 0.9, 0.999, 1e-8, -1));
        assertMessage("sgd momentum must be in [0, 1), got 1.5", () -> OptimizerConfig.Sgd.of(0.1, 1.5));
        assertMessage("sgd dampening must be in [0, 1], got 2.0", () -> new OptimizerConfig.Sgd(0.1, 0.9, 2, false, 0));
        assertMessage("sgd nesterov needs momentum > 0 and dampening 0", () -> new OptimizerConfig.Sgd(0.1, 0, 0, true, 0));
        assertMessage("parameter group 'core': learning rate must be a finite number > 0, got 0.0", () -> ParamGroup.of("core", 0));
        assertMessage("parameter group selector must not be blank", () -> ParamGroup.of(" ", 0.1));
        assertMessage("parameter group 'core': weight decay must be >= 0", () -> new ParamGroup("core", 0.1, -2));
    }

    static void assertMessage(String expected, org.junit.jupiter.api.function.Executable e) {
        var ex = assertThrows(SnnaudioException.class, e);
        assertTrue(ex.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + ex.getMessage());
    }
}
