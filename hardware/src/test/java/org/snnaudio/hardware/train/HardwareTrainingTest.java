package org.snnaudio.hardware.train;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.snnaudio.core.data.Dataset;
import org.snnaudio.core.data.DenseSample;
import org.snnaudio.core.data.Sample;
import org.snnaudio.core.loss.Readout;
import org.snnaudio.core.model.Graph;
import org.snnaudio.core.neuron.Discretisation;
import org.snnaudio.core.neuron.Lif;
import org.snnaudio.core.nn.LayerSpec;
import org.snnaudio.core.nn.Network;
import org.snnaudio.core.nn.NetworkOptions;
import org.snnaudio.core.nn.Parameter;
import org.snnaudio.core.train.ParameterPenalty;
import org.snnaudio.core.train.StepContext;
import org.snnaudio.core.train.Trainer;
import org.snnaudio.core.train.TrainerConfig;
import org.snnaudio.hardware.rules.DesignRules;
import org.snnaudio.hardware.target.HardwareTarget;
import org.snnaudio.hardware.target.Targets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HardwareTrainingTest {
    static Parameter matrix(Random r, String name, int in, int out) {
        float[] w = new float[in * out];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (r.nextGaussian() * 0.8);
        }
        return new Parameter(name, Parameter.Kind.WEIGHT, w, in, out);
    }

    static Parameter diagonal(Random r, String name, int n) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) (r.nextGaussian() * 0.1);
        }
        return new Parameter(name, Parameter.Kind.WEIGHT, w, n);
    }

    /** Central differences of the penalty against the gradient it adds (away from kinks). */
    @RepeatedTest(5)
    void penaltyGradientsMatchFiniteDifferences(RepetitionInfo info) {
        Random r = new Random(100 + info.getCurrentRepetition());
        List<Parameter> ps = List.of(matrix(r, "h.weight", 7, 12), diagonal(r, "fe.weight", 6));
        for (ParameterPenalty pen : List.of(ConstraintPenalties.weightMagnitude(0.7, 0.9),
                ConstraintPenalties.signGroups(0.3, 5, true), ConstraintPenalties.signGroups(0.3, 5, false),
                ConstraintPenalties.positiveDiagonal(2.0, 0.01))) {
            ps.forEach(Parameter::zeroGrad);
            pen.apply(ps);
            for (Parameter p : ps) {
                float[] w = p.value();
                for (int i = 0; i < w.length; i++) {
                    float keep = w[i];
                    float h = 1e-3f;
                    w[i] = keep + h;
                    double up = pen.apply(ps);
                    w[i] = keep - h;
                    double down = pen.apply(ps);
                    w[i] = keep;
                    double fd = (up - down) / (2 * h);
                    ps.forEach(Parameter::zeroGrad);
                    pen.apply(ps);
                    assertEquals(fd, p.grad()[i], 2e-3 + 1e-2 * Math.abs(fd), pen.name() + " " + p.name() + "[" + i + "]");
                }
            }
        }
    }

    @Test
    void penaltiesAreZeroExactlyWhenTheRulesHold() {
        Parameter ok = new Parameter("h.weight", Parameter.Kind.WEIGHT,
                new float[]{0.5f, 0.2f, 0f, 0.9f, 0.1f, -0.3f, -0.2f, -0.9f, 0f, -0.1f}, 2, 5);
        assertEquals(0, ConstraintPenalties.signGroups(1, 5, true).apply(List.of(ok)));
        assertEquals(0, ConstraintPenalties.weightMagnitude(1, 0.9).apply(List.of(ok)));
        Parameter bad = new Parameter("h.weight", Parameter.Kind.WEIGHT,
                new float[]{0.5f, 0.2f, -0.25f, 1.0f, 0.1f, -0.3f, -0.2f, -0.9f, 0f, -0.1f}, 2, 5);
        assertEquals(0.25, ConstraintPenalties.signGroups(1, 5, true).apply(List.of(bad)), 1e-6);
        assertEquals(0.01, ConstraintPenalties.weightMagnitude(1, 0.9).apply(List.of(bad)), 1e-6);
    }

    @Test
    void qatShowsQuantisedWeightsToTheForwardPassAndRestoresTheMasters() {
        Random r = new Random(3);
        Parameter w = matrix(r, "h.weight", 4, 6);
        Parameter rec = matrix(r, "h.recurrent", 6, 6);
        Parameter bias = new Parameter("h.bias", Parameter.Kind.BIAS, new float[]{0.123f, 0, 0, 0, 0, 0}, 6);
        float[] master = w.value().clone();
        QuantisationAwareTraining qat = new QuantisationAwareTraining(4);
        StepContext ctx = new StepContext(0, 0, List.of(w, rec, bias), 1);
        qat.beforeForward(ctx);
        double maxAbs = 0;
        for (float x : master) {
            maxAbs = Math.max(maxAbs, Math.abs(x));
        }
        for (float x : rec.value()) {
            maxAbs = Math.max(maxAbs, Math.abs(x));
        }
        double s = maxAbs / 7;
        java.util.Set<Long> levels = new java.util.HashSet<>();
        for (int i = 0; i < master.length; i++) {
            double q = w.value()[i] / s;
            assertEquals(Math.round(q), q, 1e-4, "on the 4-bit grid");
            assertTrue(Math.abs(w.value()[i] - master[i]) <= s / 2 + 1e-6, "within half a step");
            levels.add(Math.round(q));
        }
        assertTrue(levels.size() <= 15);
        assertEquals(0.123f, bias.value()[0], "biases are not weights");
        w.grad()[0] = 5f;
        qat.afterBackward(ctx);
        assertArrayEquals(master, w.value());
        assertEquals(5f, w.grad()[0], "the straight-through gradient is kept");
    }

    @Test
    void monteCarloIsSeededAndSpreadsParametersBySigma() {
        Graph g = net(1).toGraph();
        HardwareTarget.Mismatch none = new HardwareTarget.Mismatch(0, 0, 0, "");
        Mismatch.Summary s0 = Mismatch.monteCarlo(g, none, 3, 1, x -> x.equals(g) ? 1 : 0);
        assertEquals(1, s0.mean());
        assertEquals(0, s0.std());
        HardwareTarget.Mismatch m = Targets.load("analog-nwave").mismatch();
        Graph d = Mismatch.draw(g, m, new SplittableRandom(5));
        assertEquals(d, Mismatch.draw(g, m, new SplittableRandom(5)), "same seed, same draw");
        float[] a = ((org.snnaudio.core.model.Node.Linear) g.node("h.fc")).weight().toArray();
        float[] b = ((org.snnaudio.core.model.Node.Linear) d.node("h.fc")).weight().toArray();
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < a.length; i++) {
            double f = b[i] / a[i] - 1;
            sum += f;
            sq += f * f;
        }
        double mean = sum / a.length;
        double std = Math.sqrt(sq / a.length - mean * mean);
        assertEquals(0, mean, 0.03);
        assertEquals(m.weight(), std, 0.03);
        Mismatch.Summary s = Mismatch.monteCarlo(g, m, 4, 9, x -> ((org.snnaudio.core.model.Node.Linear) x.node("h.fc"))
                .weight().get(0));
        assertEquals(s.mean(), Mismatch.monteCarlo(g, m, 4, 9, x -> ((org.snnaudio.core.model.Node.Linear) x.node("h.fc"))
                .weight().get(0)).mean());
        assertTrue(s.std() > 0);
    }

    static Network net(long seed) {
        return net(seed, false);
    }

    static Network net(long seed, boolean bias) {
        NetworkOptions o = NetworkOptions.defaults().withDt(1e-3);
        o = new NetworkOptions(o.discretisation(), o.surrogate(), new Readout.SpikeCount(), o.regularizers(), 1,
                o.trainable(), o.detachReset(), o.smooth(), o.reference());
        return Network.builder(6).options(o).seed(seed)
                .layer(LayerSpec.dense("h", 12, new Lif(0.02, 1.0)).withWeightScale(6).withBias(bias))
                .layer(LayerSpec.dense("o", 2, new Lif(0.02, 1.0)).withWeightScale(20)).build();
    }

    /** Two classes of analog input: energy in the first or the second half of the channels. */
    static Dataset toy(int n, long seed) {
        Random r = new Random(seed);
        List<Sample> s = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int label = k % 2;
            float[] x = new float[30 * 6];
            for (int t = 0; t < 30; t++) {
                for (int c = 0; c < 6; c++) {
                    boolean on = (c < 3) == (label == 0);
                    x[t * 6 + c] = (float) Math.max(0, (on ? 0.6 : 0.1) + 0.1 * r.nextGaussian());
                }
            }
            s.add(new DenseSample(x, 30, 6, label));
        }
        return new Dataset(s, List.of("low", "high"));
    }

    /**
     * With a clip quantile the grid's largest level sits at that quantile of |w|: larger weights are clipped,
     * the rest rounded on the finer grid; after training, clampToGrid leaves weights whose largest is the clip,
     * so the deployment's largest-weight scale is the grid trained on and quantises to the same values.
     */
    @RepeatedTest(10)
    void clippedQatTrainsOnAFinerGridThatDeploymentFindsAgain(RepetitionInfo info) {
        Random r = new Random(40 + info.getCurrentRepetition());
        Parameter w = matrix(r, "h.weight", 10, 20);
        w.value()[3] = 9f; // a heavy tail: one weight ten times the rest
        float[] master = w.value().clone();
        double[] abs = new double[master.length];
        for (int i = 0; i < abs.length; i++) {
            abs[i] = Math.abs(master[i]);
        }
        java.util.Arrays.sort(abs);
        double clipValue = abs[(int) Math.ceil(0.9 * abs.length) - 1];
        double s = clipValue / 7;
        assertEquals(s, QuantisationAwareTraining.scale(List.of(toDouble(master)), 4, 0.9), 1e-12);
        QuantisationAwareTraining qat = new QuantisationAwareTraining(4, 0.9);
        StepContext ctx = new StepContext(0, 0, List.of(w), 1);
        qat.beforeForward(ctx);
        float[] trained = w.value().clone();
        int clipped = 0;
        for (int i = 0; i < master.length; i++) {
            double expected = Math.max(-7, Math.min(7, Math.round(master[i] / s))) * s;
            assertEquals(expected, trained[i], 1e-5, "weight " + i);
            clipped += Math.abs(master[i]) > clipValue + s / 2 ? 1 : 0;
        }
        assertTrue(clipped >= 10, "about a tenth of the weights are clipped: " + clipped);
        assertEquals(7 * s, trained[3], 1e-5, "the outlier sits at the largest level");
        qat.afterBackward(ctx);
        assertArrayEquals(master, w.value(), "the masters are back");

        qat.clampToGrid(List.of(w));
        double deployScale = org.snnaudio.hardware.deploy.Quantiser.scale(List.of(toDouble(w.value())), 4);
        assertEquals(s, deployScale, 1e-6 * s, "deployment finds the trained grid");
        for (int i = 0; i < master.length; i++) {
            assertEquals(trained[i], Math.max(-7, Math.min(7, Math.round(w.value()[i] / deployScale))) * deployScale, 1e-5,
                    "weight " + i + " deploys to the value it was trained with");
        }
        assertEquals(1, new QuantisationAwareTraining(4).clip(), "without a clip the largest weight sets the scale");
        assertEquals(0.9, QuantisationAwareTraining.defaultClip(4));
        assertEquals(1, QuantisationAwareTraining.defaultClip(8));
        org.snnaudio.core.SnnaudioException e = assertThrows(org.snnaudio.core.SnnaudioException.class,
                () -> new QuantisationAwareTraining(4, 0));
        assertTrue(e.getMessage().contains("clip quantile must be in (0, 1]"), e.getMessage());
    }

    static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    @Test
    void constraintTrainingWithProjectionAndQatEndsWithinTheAnalogRulesAndLearns() {
        Network n = net(2, true);
        HardwareTarget analog = Targets.load("analog-nwave");
        Trainer t = new Trainer(n, TrainerConfig.builder().epochs(8).batchSize(8).seed(1).optimizer(org.snnaudio.core.train.OptimizerConfig.Adam.of(1e-2)).build());
        ConstraintPenalties.forTarget(analog, 1.0, 0.05, 1.0).forEach(t::addPenalty);
        t.addHook(new QuantisationAwareTraining(analog)).addHook(new TargetProjection(analog));
        Dataset train = toy(64, 1);
        t.fit(train, toy(32, 2));
        double acc = t.evaluate(toy(32, 3)).accuracy();
        assertTrue(acc >= 0.9, "accuracy " + acc);
        List<DesignRules.Violation> v = DesignRules.check(n.toGraph(), analog, 1e-3);
        List<String> rules = v.stream().map(DesignRules.Violation::rule).toList();
        assertTrue(!rules.contains("weight-magnitude") && !rules.contains("sign-groups") && !rules.contains("bias"),
                v.toString());
    }

    @Test
    void mismatchAwareTrainingPerturbsEachBatchBySigmaAndRestoresTheNominalValues() {
        Random r = new Random(4);
        Parameter w = matrix(r, "h.weight", 20, 30);
        Parameter th = new Parameter("h.threshold", Parameter.Kind.THRESHOLD, new float[]{1, 1, 1, 1}, 4);
        float[] taus = new float[400];
        java.util.Arrays.fill(taus, 0.02f);
        Parameter tau = new Parameter("h.tau_mem", Parameter.Kind.TIME_CONSTANT, taus.clone(), 400);
        Parameter bias = new Parameter("h.bias", Parameter.Kind.BIAS, new float[]{0.5f}, 1);
        float[] nominal = w.value().clone();
        MismatchAwareTraining hook = new MismatchAwareTraining(new HardwareTarget.Mismatch(0.1, 0.05, 0.1, "test"), 7,
                Discretisation.exact(0.001), true);
        StepContext ctx = new StepContext(0, 3, List.of(w, th, tau, bias), 1);
        hook.beforeForward(ctx);
        double sq = 0;
        for (int i = 0; i < nominal.length; i++) {
            double f = w.value()[i] / nominal[i] - 1;
            sq += f * f;
        }
        assertEquals(0.1, Math.sqrt(sq / nominal.length), 0.015, "relative spread of the weights");
        assertTrue(th.value()[0] != 1f, "thresholds are perturbed");
        double sqTau = 0;
        for (float t : tau.value()) {
            assertTrue(t > 0, "time constants stay positive");
            sqTau += (t / 0.02 - 1) * (t / 0.02 - 1);
        }
        assertEquals(0.1, Math.sqrt(sqTau / taus.length), 0.015, "relative spread of the time constants");
        // (the time constants' gain reaches weights and biases only where their shapes match the layer's
        // neurons, which these stand-alone parameters do not)
        assertEquals(0.5f, bias.value()[0], "biases are not jittered by the mismatch model");
        float[] drawn = w.value().clone();
        hook.afterBackward(ctx);
        assertArrayEquals(nominal, w.value());
        assertArrayEquals(new float[]{1, 1, 1, 1}, th.value());
        assertArrayEquals(taus, tau.value());
        hook.beforeForward(ctx);
        assertArrayEquals(drawn, w.value(), "the same epoch and batch draw the same mismatch");
        hook.afterBackward(ctx);
    }

    /**
     * A drawn time constant in training acts as in {@link Mismatch#draw}: the graph node keeps its {@code r},
     * so the network converted from a graph whose nodes carry the drawn taus (and nothing else changed) runs
     * exactly as the network inside the hook.
     */
    @Test
    void aDrawnTimeConstantChangesLeakAndGainAsTheMonteCarloGraphDoes() {
        NetworkOptions o = net(3).options();
        Network n = Network.builder(6).options(o).seed(5)
                .layer(LayerSpec.dense("h", 12, new Lif(0.02, 1.0)).withWeightScale(40))
                .layer(LayerSpec.dense("o", 2, new Lif(0.05, 1.0)).withWeightScale(60)).build();
        Dataset d = toy(12, 5);
        Graph nominalGraph = n.toGraph();
        MismatchAwareTraining hook = new MismatchAwareTraining(new HardwareTarget.Mismatch(0, 0, 0.3, "test"), 13,
                o.discretisation(), true);
        StepContext ctx = new StepContext(1, 4, n.parameters(), 1);
        hook.beforeForward(ctx);
        float[][] inHook = n.predict(d.samples());
        java.util.Map<String, org.snnaudio.core.model.Node> nodes = new java.util.LinkedHashMap<>(nominalGraph.nodes());
        for (String id : List.of("h", "o")) {
            float[] drawn = n.parameters().stream().filter(p -> p.name().equals(id + ".tau_mem")).findFirst().orElseThrow()
                    .value().clone();
            org.snnaudio.core.model.Node.LIF l = (org.snnaudio.core.model.Node.LIF) nodes.get(id);
            nodes.put(id, new org.snnaudio.core.model.Node.LIF(org.snnaudio.core.model.Tensor.vector(drawn), l.r(), l.vLeak(),
                    l.vThreshold(), l.vReset(), l.reset()));
        }
        hook.afterBackward(ctx);
        float[][] fromGraph = Network.fromGraph(new Graph(nodes, nominalGraph.edges()), o).predict(d.samples());
        float[][] nominal = n.predict(d.samples());
        boolean differs = false;
        for (int i = 0; i < inHook.length; i++) {
            assertArrayEquals(fromGraph[i], inHook[i], 1e-4f, "sample " + i);
            differs |= !java.util.Arrays.equals(inHook[i], nominal[i]);
        }
        assertTrue(differs, "a 30 % tau spread changes some output");
    }

    /** Without the time-constant gain, a drawn tau changes the leak only: incoming weights keep their values. */
    @Test
    void leakOnlyTimeConstantDrawsLeaveTheInputsAlone() {
        NetworkOptions o = net(3).options();
        Network n = Network.builder(6).options(o).seed(5)
                .layer(LayerSpec.dense("h", 12, new Lif(0.02, 1.0)).withWeightScale(40))
                .layer(LayerSpec.dense("o", 2, new Lif(0.05, 1.0)).withWeightScale(60)).build();
        Parameter w = n.parameters().stream().filter(p -> p.name().equals("h.weight")).findFirst().orElseThrow();
        Parameter tau = n.parameters().stream().filter(p -> p.name().equals("h.tau_mem")).findFirst().orElseThrow();
        float[] w0 = w.value().clone();
        float[] tau0 = tau.value().clone();
        StepContext ctx = new StepContext(1, 4, n.parameters(), 1);
        for (boolean gain : new boolean[] {false, true}) {
            MismatchAwareTraining hook = new MismatchAwareTraining(new HardwareTarget.Mismatch(0, 0, 0.3, "test"), 13,
                    o.discretisation(), gain);
            hook.beforeForward(ctx);
            assertTrue(!java.util.Arrays.equals(tau0, tau.value()), "the time constants are drawn");
            assertEquals(!gain, java.util.Arrays.equals(w0, w.value()), "weights scaled by the tau gain: " + gain);
            hook.afterBackward(ctx);
            assertArrayEquals(w0, w.value());
            assertArrayEquals(tau0, tau.value());
        }
    }

    @Test
    void aMismatchDrawChangesTheForwardPassAsTheDrawnGraphDoes() {
        NetworkOptions o = net(3).options();
        Network n = Network.builder(6).options(o).seed(3)
                .layer(LayerSpec.dense("h", 12, new Lif(0.02, 1.0)).withWeightScale(40))
                .layer(LayerSpec.dense("o", 2, new Lif(0.02, 1.0)).withWeightScale(60)).build();
        Dataset d = toy(12, 5);
        float[][] nominal = n.predict(d.samples());
        double total = 0;
        for (float[] row : nominal) {
            total += row[0] + row[1];
        }
        assertTrue(total > 0, "the nominal network fires");
        Graph nominalGraph = n.toGraph();
        MismatchAwareTraining hook = new MismatchAwareTraining(new HardwareTarget.Mismatch(0.3, 0.2, 0.3, "test"), 11,
                o.discretisation(), true);
        StepContext ctx = new StepContext(2, 0, n.parameters(), 1);
        hook.beforeForward(ctx);
        float[][] drawn = n.predict(d.samples());
        Graph drawnGraph = n.toGraph();
        hook.afterBackward(ctx);
        // the network drawn in the hook is the nominal one with every tau, threshold and weight scaled
        org.snnaudio.core.model.Node.LIF h0 = (org.snnaudio.core.model.Node.LIF) nominalGraph.node("h");
        org.snnaudio.core.model.Node.LIF h1 = (org.snnaudio.core.model.Node.LIF) drawnGraph.node("h");
        float[] t0 = h0.tau().toArray();
        float[] t1 = h1.tau().toArray();
        int changed = 0;
        for (int i = 0; i < t0.length; i++) {
            double f = t1[i] / t0[i];
            assertTrue(f > 0 && f < 2.5, "tau factor " + f);
            changed += f != 1 ? 1 : 0;
        }
        assertEquals(t0.length, changed, "every neuron's time constant is drawn");
        float[][] rebuilt = Network.fromGraph(drawnGraph, n.options()).predict(d.samples());
        for (int i = 0; i < drawn.length; i++) {
            assertArrayEquals(rebuilt[i], drawn[i], 1e-4f, "the forward pass runs on the drawn values");
        }
        boolean differs = false;
        for (int i = 0; i < drawn.length; i++) {
            differs |= !java.util.Arrays.equals(drawn[i], nominal[i]);
        }
        assertTrue(differs, "a 30 % draw changes some spike count " + java.util.Arrays.deepToString(nominal));
        float[][] after = n.predict(d.samples());
        for (int i = 0; i < after.length; i++) {
            assertArrayEquals(nominal[i], after[i], "nominal values are restored");
        }
    }

    @Test
    void breakdownDrawsEachSpreadAndEachLayerAlone() {
        Graph g = net(1).toGraph();
        HardwareTarget.Mismatch m = Targets.load("analog-nwave").mismatch();
        // scores 1 when the named part of the graph was changed by the draw, else 0
        java.util.function.Function<String, java.util.function.ToDoubleFunction<Graph>> changed =
                id -> x -> x.node(id).equals(g.node(id)) ? 0 : 1;
        var hiddenWeights = Mismatch.breakdown(g, m, List.of("h", "o"), 3, 2, changed.apply("h.fc"));
        assertEquals(List.of("weights", "thresholds", "time constants", "layer h", "layer o"),
                List.copyOf(hiddenWeights.keySet()));
        assertEquals(1, hiddenWeights.get("weights").mean());
        assertEquals(0, hiddenWeights.get("thresholds").mean());
        assertEquals(0, hiddenWeights.get("time constants").mean());
        assertEquals(1, hiddenWeights.get("layer h").mean());
        assertEquals(0, hiddenWeights.get("layer o").mean(), "drawing layer o leaves layer h's weights nominal");
        var outputNeuron = Mismatch.breakdown(g, m, List.of("h", "o"), 3, 2, changed.apply("o"));
        assertEquals(0, outputNeuron.get("weights").mean());
        assertEquals(1, outputNeuron.get("thresholds").mean());
        assertEquals(1, outputNeuron.get("time constants").mean());
        assertEquals(0, outputNeuron.get("layer h").mean());
        assertEquals(1, outputNeuron.get("layer o").mean());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Mismatch.breakdown(g, m, List.of("nope"), 1, 1, x -> 0));
        assertTrue(e.getMessage().contains("no node of layer 'nope'"), e.getMessage());
    }

    /** The two-output network's spike counts on {@code d}, asserted not all zero. */
    private static float[][] firingPredictions(Network n, Dataset d) {
        float[][] out = n.predict(d.samples());
        double total = 0;
        for (float[] row : out) {
            total += row[0] + row[1];
        }
        assertTrue(total > 0, "the network fires");
        return out;
    }

    private static float maxAbs(float[]... arrays) {
        float m = 0;
        for (float[] a : arrays) {
            for (float v : a) {
                m = Math.max(m, Math.abs(v));
            }
        }
        return m;
    }

    @Test
    void rescalingToTheWeightLimitKeepsEverySpikeAndMeetsTheLimit() {
        NetworkOptions o = net(3).options();
        Network n = Network.builder(6).options(o).seed(4)
                .layer(LayerSpec.dense("h", 12, new Lif(0.02, 1.0)).withWeightScale(40))
                .layer(LayerSpec.dense("o", 2, new Lif(0.02, 1.0)).withWeightScale(60)).build();
        Dataset d = toy(12, 5);
        float[][] before = firingPredictions(n, d);
        float maxBefore = maxAbs(n.parameter("h.weight").value());
        assertTrue(maxBefore > 0.9, "the test needs weights above the limit, got " + maxBefore);
        HardwareTarget analog = Targets.load("analog-nwave");
        var factors = TargetProjection.rescaleToLimit(n.parameters(), analog);
        assertEquals(maxBefore / 0.9, factors.get("h"), 1e-4);
        assertEquals(factors.get("h"), 1 / n.parameter("h.threshold").value()[0], 1e-4, "the threshold shrinks by the same factor");
        for (Parameter p : n.parameters("*.weight")) {
            for (float w : p.value()) {
                assertTrue(Math.abs(w) <= 0.9f, p.name() + " " + w);
            }
        }
        float[][] after = n.predict(d.samples());
        for (int i = 0; i < before.length; i++) {
            assertArrayEquals(before[i], after[i], "spike counts of sample " + i);
        }
        assertEquals(Map.of(), TargetProjection.rescaleToLimit(n.parameters(), analog), "a second call has nothing to do");
        assertEquals(Map.of(), TargetProjection.rescaleToLimit(n.parameters(), Targets.load("digital-int8")),
                "no magnitude limit, no rescaling");
    }

    @Test
    void equalisingNeuronsKeepsEverySpikeAndGivesEachNeuronTheLayersRange() {
        NetworkOptions o = net(3).options();
        Network n = Network.builder(6).options(o).seed(4)
                .layer(LayerSpec.recurrent("h", 12, new Lif(0.02, 1.0)).withWeightScale(40))
                .layer(LayerSpec.dense("o", 2, new Lif(0.02, 1.0)).withWeightScale(60)).build();
        Dataset d = toy(12, 5);
        float[][] before = firingPredictions(n, d);
        float maxBefore = maxAbs(n.parameter("h.weight").value(), n.parameter("h.recurrent").value());
        float[] th0 = n.parameter("h.threshold").value().clone();
        var counts = TargetProjection.equaliseNeurons(n.parameters());
        assertEquals(11, counts.get("h"), "all but the neuron holding the layer's largest weight");
        float[] w = n.parameter("h.weight").value();
        float[] r = n.parameter("h.recurrent").value();
        for (int k = 0; k < 12; k++) {
            double m = 0;
            for (int j = 0; j < 6; j++) {
                m = Math.max(m, Math.abs(w[j * 12 + k]));
            }
            for (int j = 0; j < 12; j++) {
                m = Math.max(m, Math.abs(r[j * 12 + k]));
            }
            assertEquals(maxBefore, m, 1e-4 * maxBefore, "neuron " + k + " reaches the layer's largest |w|");
            assertTrue(n.parameter("h.threshold").value()[k] >= th0[k], "thresholds only grow");
        }
        float[][] after = n.predict(d.samples());
        for (int i = 0; i < before.length; i++) {
            assertArrayEquals(before[i], after[i], "spike counts of sample " + i);
        }
    }
}
