package org.snnaudio.core.nn;

import org.junit.jupiter.api.Test;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.data.DenseSample;
import org.snnaudio.core.data.Sample;
import org.snnaudio.core.loss.Readout;
import org.snnaudio.core.loss.Regularizer;
import org.snnaudio.core.model.Graph;
import org.snnaudio.core.model.Node;
import org.snnaudio.core.model.ResetMode;
import org.snnaudio.core.model.Tensor;
import org.snnaudio.core.neuron.AdaptiveLif;
import org.snnaudio.core.neuron.CubaLi;
import org.snnaudio.core.neuron.CubaLif;
import org.snnaudio.core.neuron.If;
import org.snnaudio.core.neuron.Li;
import org.snnaudio.core.neuron.Lif;
import org.snnaudio.core.neuron.Surrogate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Options and graph round trips, parameter naming, traces and every validation message of the network. */
class NetworkTest {

    private static Network every(NetworkOptions o, long seed) {
        return Network.builder(6)
                .layer(new LayerSpec("front", 6, Synapse.DIAGONAL, false, true, new Lif(0.01, 0.5, ResetMode.TO_RESET, 0.1), 1.5))
                .layer(new LayerSpec("hidden", 9, Synapse.DENSE, true, true, new CubaLif(0.005, 0.01, 0.8), 5.0))
                .layer(new LayerSpec("adapt", 7, Synapse.DENSE, false, false,
                        new AdaptiveLif(0.02, 0.05, 0.2, 0.6, ResetMode.SUBTRACT, 0), 5.0))
                .layer(new LayerSpec("integ", 5, Synapse.DENSE, false, false, new If(1.0, ResetMode.SUBTRACT, 0), 3.0))
                .layer(new LayerSpec("readout", 3, Synapse.DENSE, false, true, new CubaLi(0.005, 0.02), 4.0))
                .options(o).seed(seed).build();
    }

    @Test
    void optionsRoundTripThroughAMap() {
        NetworkOptions o = NetworkOptions.defaults().withDt(0.008).withSurrogate(new Surrogate.Arctan(3))
                .withReadout(new Readout.SumExpMembrane())
                .withRegularizers(List.of(new Regularizer.FiringRateTarget("hidden", 0.15, 10), new Regularizer.SpikeCountL1("a", 1e-5)))
                .withThreads(3).withTrainable("*.weight,hidden.tau_mem").withDetachReset(false).withSmooth(true).withReference(true);
        assertEquals(o, NetworkOptions.fromMap(o.toMap()));
        assertEquals(NetworkOptions.defaults(), NetworkOptions.fromMap(Map.of()));
        assertEquals("network option 'tau' is unknown (known: " + NetworkOptions.defaults().toMap().keySet() + ")",
                assertThrows(SnnaudioException.class, () -> NetworkOptions.fromMap(Map.of("tau", "1"))).getMessage());
        assertEquals("network option 'dt' must be a number, got 'fast'",
                assertThrows(SnnaudioException.class, () -> NetworkOptions.fromMap(Map.of("dt", "fast"))).getMessage());
        assertEquals("network options: dt must be > 0 s, got -1.0",
                assertThrows(SnnaudioException.class, () -> NetworkOptions.fromMap(Map.of("dt", "-1"))).getMessage());
        assertEquals("network option 'smooth' must be true or false, got 'yes'",
                assertThrows(SnnaudioException.class, () -> NetworkOptions.fromMap(Map.of("smooth", "yes"))).getMessage());
    }

    @Test
    void parametersAreNamedAndOnlyDifferentiableOnesTrain() {
        Network net = every(NetworkOptions.defaults(), 1);
        assertEquals(List.of("front.weight", "front.bias", "front.tau_mem", "front.threshold", "front.v_reset"),
                net.parameters("front.*").stream().map(Parameter::name).toList());
        assertEquals(List.of(9, 9), List.of(net.parameter("hidden.recurrent").shape()[0], net.parameter("hidden.recurrent").shape()[1]));
        assertArrayEquals(new int[] {6, 9}, net.parameter("hidden.weight").shape());
        assertTrue(net.parameter("hidden.weight").trainable());
        assertFalse(net.parameter("hidden.tau_mem").trainable(), "time constants are frozen by default");
        net.options(net.options().withTrainable("*"));
        assertTrue(net.parameter("hidden.tau_mem").trainable());
        assertTrue(net.parameter("adapt.threshold").trainable());
        assertFalse(net.parameter("front.v_reset").trainable(), "v_reset has no gradient and never trains");
        assertFalse(net.parameter("adapt.tau_adapt").trainable());
        assertEquals(4, net.parameters("*.threshold").size());
        assertTrue(assertThrows(SnnaudioException.class, () -> net.parameter("hidden.w")).getMessage()
                .startsWith("no parameter 'hidden.w' (parameters: [front.weight"));
    }

    @Test
    void graphRoundTripKeepsEveryParameterAndPrediction() {
        Network net = every(NetworkOptions.defaults().withDt(2e-3), 2);
        Random r = new Random(3);
        for (Parameter p : net.parameters("*.threshold")) {
            for (int i = 0; i < p.size(); i++) {
                p.value()[i] = 0.5f + r.nextFloat(); // heterogeneous
            }
        }
        for (Parameter p : net.parameters("*.tau_mem")) {
            for (int i = 0; i < p.size(); i++) {
                p.value()[i] = 0.005f + 0.02f * r.nextFloat();
            }
        }
        Graph g = net.toGraph();
        assertTrue(g.hasCycle(), "recurrence is a cycle through a Linear node");
        assertInstanceOf(Node.Diagonal.class, g.node("front.fc"));
        assertInstanceOf(Node.Affine.class, g.node("hidden.fc"));
        assertInstanceOf(Node.Linear.class, g.node("hidden.rec"));
        assertInstanceOf(Node.Linear.class, g.node("adapt.fc"));
        assertInstanceOf(Node.CubaLIF.class, g.node("hidden"));
        assertInstanceOf(Node.AdaptiveLIF.class, g.node("adapt"));
        assertInstanceOf(Node.IF.class, g.node("integ"));
        assertInstanceOf(Node.CubaLI.class, g.node("readout"));
        // NIR layout [out, in]
        assertEquals(net.parameter("hidden.weight").value()[2 * 9 + 4], ((Node.Affine) g.node("hidden.fc")).weight().get(4, 2));
        Network back = Network.fromGraph(g, net.options());
        for (Parameter p : net.parameters()) {
            assertArrayEquals(p.value(), back.parameter(p.name()).value(), p.name());
        }
        List<Sample> batch = Fixtures.dense(3, 20, 6, 3, 1.0, 4);
        float[][] a = net.predict(batch);
        float[][] b = back.predict(batch);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], 0f);
        }
    }

    @Test
    void graphInputGainsOtherThanOursAreFoldedIntoTheWeights() {
        // an snnTorch-style export: LIF with r = tau/dt instead of 1/(1-beta)
        double dt = 1e-3;
        float tau = 0.01f;
        float r = (float) (tau / dt);
        float[] w = {0.5f, -0.2f, 0.3f, 0.9f};
        Graph g = Graph.builder()
                .node("in", new Node.Input(org.snnaudio.core.model.Shape.of(2)))
                .node("fc", new Node.Linear(Tensor.matrix(w, 2, 2)))
                .node("lif", new Node.LIF(Tensor.filled(2, tau), Tensor.filled(2, r), Tensor.filled(2, 0), Tensor.filled(2, 1),
                        Tensor.filled(2, 0), ResetMode.SUBTRACT))
                .node("ro", new Node.Linear(Tensor.matrix(new float[] {1, 0, 0, 1}, 2, 2)))
                .node("li", new Node.LI(Tensor.filled(2, tau), Tensor.filled(2, (float) (1 / (1 - Math.exp(-dt / tau)))), Tensor.filled(2, 0)))
                .node("out", new Node.Output(org.snnaudio.core.model.Shape.of(2)))
                .chain("in", "fc", "lif", "ro", "li", "out").build();
        Network net = Network.fromGraph(g, NetworkOptions.defaults().withDt(dt));
        double gain = (1 - Math.exp(-dt / tau)) * r;
        // weight from input 1 to neuron 0 is w[0*2 + 1] in [out, in]; ours is [in, out]
        assertEquals((float) (gain * w[1]), net.parameter("lif.weight").value()[1 * 2 + 0], 1e-7);
        assertEquals((float) (gain * w[2]), net.parameter("lif.weight").value()[0 * 2 + 1], 1e-7);
        assertEquals(1f, net.parameter("li.weight").value()[0], 0f);
    }

    @Test
    void badGraphsAreClearErrors() {
        Graph leak = Graph.builder()
                .node("in", new Node.Input(org.snnaudio.core.model.Shape.of(1)))
                .node("fc", new Node.Linear(Tensor.matrix(new float[] {1}, 1, 1)))
                .node("li", new Node.LI(Tensor.filled(1, 0.01f), Tensor.filled(1, 1), Tensor.filled(1, 0.5f)))
                .node("out", new Node.Output(org.snnaudio.core.model.Shape.of(1)))
                .chain("in", "fc", "li", "out").build();
        assertEquals("graph: node 'li' has a nonzero v_leak, which the engine does not support",
                assertThrows(SnnaudioException.class, () -> Network.fromGraph(leak, NetworkOptions.defaults())).getMessage());
        Graph noSynapse = Graph.builder()
                .node("in", new Node.Input(org.snnaudio.core.model.Shape.of(1)))
                .node("li", new Node.LI(Tensor.filled(1, 0.01f), Tensor.filled(1, 1), Tensor.filled(1, 0)))
                .node("out", new Node.Output(org.snnaudio.core.model.Shape.of(1)))
                .chain("in", "li", "out").build();
        assertEquals("graph: node 'li' (LI) after 'in' must be a synapse (Affine, Linear, Diagonal or Scale)",
                assertThrows(SnnaudioException.class, () -> Network.fromGraph(noSynapse, NetworkOptions.defaults())).getMessage());
    }

    @Test
    void invalidNetworksAndInputsAreClearErrors() {
        assertEquals("readout max-membrane reads a membrane and needs a non-spiking (LI or CubaLI) output layer, but out is "
                + "a spiking LIF; use readout spike-count or add an LI readout layer", assertThrows(SnnaudioException.class,
                () -> Network.builder(2).layer(LayerSpec.dense("out", 2, new Lif(0.01, 1))).build()).getMessage());
        assertEquals("readout spike-count needs a spiking output layer, but ro is a non-spiking LI",
                assertThrows(SnnaudioException.class, () -> Network.builder(2).layer(LayerSpec.dense("ro", 2, new Li(0.01)))
                        .options(NetworkOptions.defaults().withReadout(new Readout.SpikeCount())).build()).getMessage());
        assertEquals("layer ro: a non-spiking LI layer can only be the last (readout) layer",
                assertThrows(SnnaudioException.class, () -> Network.builder(2).layer(LayerSpec.dense("ro", 2, new Li(0.01)))
                        .layer(LayerSpec.dense("ro2", 2, new Li(0.01))).build()).getMessage());
        assertEquals("layer name 'h' is used twice", assertThrows(SnnaudioException.class, () -> Network.builder(2)
                .layer(LayerSpec.dense("h", 2, new Lif(0.01, 1))).layer(LayerSpec.dense("h", 2, new Li(0.01))).build()).getMessage());
        assertEquals("layer d: a diagonal synapse needs as many neurons as inputs (2), got 3", assertThrows(SnnaudioException.class,
                () -> Network.builder(2).layer(LayerSpec.diagonal("d", 3, new Lif(0.01, 1))).layer(LayerSpec.dense("r", 2,
                        new Li(0.01))).build()).getMessage());
        assertEquals("regularizer rate:x:0.1:1.0: no layer 'x' (layers: [h, r])", assertThrows(SnnaudioException.class,
                () -> Network.builder(2).layer(LayerSpec.dense("h", 2, new Lif(0.01, 1))).layer(LayerSpec.dense("r", 2, new Li(0.01)))
                        .options(NetworkOptions.defaults().withRegularizers(List.of(new Regularizer.FiringRateTarget("x", 0.1, 1))))
                        .build()).getMessage());
        assertEquals("layer r: a non-spiking LI layer cannot be recurrent",
                assertThrows(IllegalArgumentException.class, () -> LayerSpec.recurrent("r", 2, new Li(0.01))).getMessage());
        assertEquals("layer name must be a letter followed by letters, digits or _, got 'a.b'",
                assertThrows(IllegalArgumentException.class, () -> LayerSpec.dense("a.b", 2, new Li(0.01))).getMessage());
        Network net = Network.builder(2).layer(LayerSpec.dense("h", 3, new Lif(0.01, 1))).layer(LayerSpec.dense("r", 2, new Li(0.01)))
                .build();
        assertEquals("sample 1 of the batch has 3 channels, but the network has 2 inputs", assertThrows(SnnaudioException.class,
                () -> net.predict(List.of(new DenseSample(new float[4], 2, 2, 0), new DenseSample(new float[6], 2, 3, 0)))).getMessage());
        assertEquals("sample 0 of the batch has label 5, but the network has 2 classes", assertThrows(SnnaudioException.class,
                () -> net.trainBatch(List.of(new DenseSample(new float[4], 2, 2, 5)))).getMessage());
        assertEquals("training needs labelled samples; a sample of the batch has label -1", assertThrows(SnnaudioException.class,
                () -> net.trainBatch(List.of(new DenseSample(new float[4], 2, 2, -1)))).getMessage());
        assertEquals("batch is empty", assertThrows(SnnaudioException.class, () -> net.predict(List.of())).getMessage());
        net.parameter("h.tau_mem").value()[1] = -0.01f;
        assertEquals("parameter h.tau_mem[1] must be > 0 s, got -0.01", assertThrows(SnnaudioException.class,
                () -> net.predict(List.of(new DenseSample(new float[4], 2, 2, 0)))).getMessage());
    }

    @Test
    void zeroInputGivesNoSpikesAndTracesAgreeWithPredictions() {
        Network net = every(NetworkOptions.defaults(), 5);
        Sample zero = new DenseSample(new float[30 * 6], 30, 6, 0);
        Trace tr = net.trace(zero);
        for (String layer : List.of("front", "hidden", "adapt", "integ")) {
            for (double rate : tr.firingRates(layer)) {
                assertEquals(0, rate, layer);
            }
        }
        Sample s = Fixtures.dense(1, 30, 6, 3, 1.5, 6).get(0);
        Trace t = net.trace(s);
        float[] scores = net.predict(List.of(s))[0];
        for (int k = 0; k < 3; k++) {
            assertEquals(t.logits()[k], scores[k], 1e-4, "class " + k);
        }
        double[] layerRates = net.firingRates(List.of(s));
        for (int l = 0; l < 4; l++) {
            double mean = java.util.Arrays.stream(t.firingRates(t.layers().get(l))).average().orElseThrow();
            assertEquals(mean, layerRates[l], 1e-9, t.layers().get(l));
        }
        assertEquals(30 * 9, t.membranes().get(t.layerIndex("hidden")).length);
        assertEquals("no layer 'x' (layers: [front, hidden, adapt, integ, readout])",
                assertThrows(IllegalArgumentException.class, () -> t.layerIndex("x")).getMessage());
        Map<String, String> m = new HashMap<>(net.options().toMap());
        assertEquals("max-membrane", m.get("readout"));
    }
}
