package org.snnaudio.hardware.rules;

import org.junit.jupiter.api.Test;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.model.Graph;
import org.snnaudio.core.model.Node;
import org.snnaudio.core.model.ResetMode;
import org.snnaudio.core.model.Shape;
import org.snnaudio.core.model.Tensor;
import org.snnaudio.hardware.target.Targets;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DesignRulesTest {
    static Node.LIF lif(int n, ResetMode reset, float tau) {
        return new Node.LIF(Tensor.filled(n, tau), Tensor.filled(n, 1), Tensor.filled(n, 0), Tensor.filled(n, 1),
                Tensor.filled(n, 0), reset);
    }

    /** An NWAVE-shaped network: 16-channel frontend, diagonal LIF, dense 16-10 LIF, dense 10-2 LIF. */
    static Graph nwaveShaped(float[] frontend, float[] w1, float[] w2, ResetMode reset) {
        return Graph.builder().node("in", new Node.Input(Shape.of(16)))
                .node("fe", new Node.Diagonal(Tensor.vector(frontend), Tensor.filled(16, 0)))
                .node("fe_lif", lif(16, ResetMode.SUBTRACT, 0.01f))
                .node("fc1", new Node.Linear(Tensor.matrix(w1, 10, 16)))
                .node("hid", lif(10, reset, 0.064f))
                .node("fc2", new Node.Linear(Tensor.matrix(w2, 2, 10)))
                .node("outl", lif(2, ResetMode.SUBTRACT, 0.064f))
                .node("out", new Node.Output(Shape.of(2)))
                .chain("in", "fe", "fe_lif", "fc1", "hid", "fc2", "outl", "out").build();
    }

    static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @Test
    void aCompliantNetworkPassesTheAnalogTarget() {
        Graph g = nwaveShaped(filled(16, 0.1f), filled(160, 0.3f), filled(20, -0.5f), ResetMode.SUBTRACT);
        assertEquals(List.of(), DesignRules.check(g, Targets.load("analog-nwave"), 0.008));
    }

    @Test
    void everyViolationIsReportedAtOnce() {
        float[] fe = filled(16, 0.1f);
        fe[3] = -0.2f;
        float[] w1 = filled(160, 0.3f);
        w1[0] = 1.5f;           // |w| > 0.9, and input 0's group of outputs 0..4 stays positive
        w1[16 * 2 + 5] = -0.1f; // input 5, output 2: mixes signs with outputs 0,1,3,4 of input 5
        Graph g = nwaveShaped(fe, w1, filled(20, 0.2f), ResetMode.TO_RESET);
        List<DesignRules.Violation> v = DesignRules.check(g, Targets.load("analog-nwave"), 0.008);
        List<String> rules = v.stream().map(DesignRules.Violation::rule).toList();
        assertEquals(List.of("reset-rule", "frontend", "weight-magnitude", "sign-groups"), rules, v.toString());
        assertTrue(v.get(2).message().contains("1 weight(s) exceed |w| <= 0.9 (largest 1.5)"), v.get(2).message());
        assertTrue(v.get(3).message().contains("first: input 5, outputs 0..4"), v.get(3).message());
        assertTrue(v.get(1).message().contains("1 frontend weight(s) are not positive"), v.get(1).message());

        SnnaudioException e = assertThrows(SnnaudioException.class,
                () -> DesignRules.require(g, Targets.load("analog-nwave"), 0.008));
        assertTrue(e.getMessage().startsWith("the model breaks 4 design rules of target analog-nwave:"), e.getMessage());
        assertTrue(e.getMessage().contains("[sign-groups] fc1"), e.getMessage());
    }

    @Test
    void sizeTypeRecurrenceAndDecayRules() {
        Graph g = Graph.builder().node("in", new Node.Input(Shape.of(20)))
                .node("fc", new Node.Linear(Tensor.matrix(filled(20 * 20, 0.1f), 20, 20)))
                .node("h", lif(20, ResetMode.SUBTRACT, 1000f))
                .node("rec", new Node.Linear(Tensor.matrix(filled(400, 0.1f), 20, 20)))
                .node("th", new Node.Threshold(Tensor.filled(20, 0.5f)))
                .node("out", new Node.Output(Shape.of(20)))
                .chain("in", "fc", "h", "th", "out").edge("h", "rec").edge("rec", "h").build();
        List<DesignRules.Violation> v = DesignRules.check(g, Targets.load("analog-nwave"), 0.008);
        List<String> rules = v.stream().map(DesignRules.Violation::rule).toList();
        assertTrue(rules.containsAll(List.of("node-types", "recurrence", "input-channels", "frontend", "decay-range")),
                rules.toString());
        assertTrue(v.stream().anyMatch(x -> x.message().contains("Threshold nodes have no hardware mapping")));
        assertTrue(v.stream().anyMatch(x -> x.message().contains("time constant(s) up to 1000.0 s need a decay shift > 15")));
        assertTrue(v.stream().anyMatch(x -> x.message().contains("20 input channels > the frontend's 16 filters")));
    }
}
