package org.snnaudio.core.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GraphTest {
    private static Node.LIF lif(int n) {
        return new Node.LIF(Tensor.filled(n, 0.01f), Tensor.filled(n, 1f), Tensor.filled(n, 0f),
                Tensor.filled(n, 1f), Tensor.filled(n, 0f), ResetMode.SUBTRACT);
    }

    @Test
    void validGraphWithRecurrenceIsAccepted() {
        Graph g = Graph.builder()
                .node("in", new Node.Input(Shape.of(3)))
                .node("fc", new Node.Linear(Tensor.matrix(new float[6], 2, 3)))
                .node("lif", lif(2))
                .node("rec", new Node.Linear(Tensor.matrix(new float[4], 2, 2)))
                .node("out", new Node.Output(Shape.of(2)))
                .chain("in", "fc", "lif", "out")
                .chain("lif", "rec", "lif")
                .build();
        assertTrue(g.hasCycle());
        assertEquals(java.util.List.of("fc", "rec"), g.predecessors("lif"));
        assertEquals(java.util.List.of("in"), g.inputIds());
    }

    @Test
    void shapeMismatchNamesTheEdge() {
        var b = Graph.builder()
                .node("in", new Node.Input(Shape.of(3)))
                .node("fc", new Node.Linear(Tensor.matrix(new float[6], 2, 3)))
                .node("lif", lif(4))
                .chain("in", "fc", "lif");
        var ex = assertThrows(IllegalArgumentException.class, b::build);
        assertEquals("edge fc -> lif: fc (Linear) gives out [2] but lif (LIF) takes [4]", ex.getMessage());
    }

    @Test
    void unknownNodeAndEdgesIntoInputAreRejected() {
        var ex = assertThrows(IllegalArgumentException.class, () -> Graph.builder()
                .node("in", new Node.Input(Shape.of(3))).edge("in", "missing").build());
        assertTrue(ex.getMessage().contains("unknown target node 'missing'"), ex.getMessage());
        var ex2 = assertThrows(IllegalArgumentException.class, () -> Graph.builder()
                .node("a", new Node.Input(Shape.of(3))).node("b", new Node.Input(Shape.of(3))).edge("a", "b").build());
        assertTrue(ex2.getMessage().contains("Input node cannot have incoming edges"), ex2.getMessage());
    }

    @Test
    void feedForwardGraphHasNoCycle() {
        Graph g = Graph.builder().node("in", new Node.Input(Shape.of(2))).node("lif", lif(2))
                .node("out", new Node.Output(Shape.of(2))).chain("in", "lif", "out").build();
        assertFalse(g.hasCycle());
    }

    @Test
    void nodeParametersAreValidatedWithNamedMessages() {
        var ex = assertThrows(IllegalArgumentException.class, () -> new Node.LIF(Tensor.vector(0.01f, -0.02f),
                Tensor.filled(2, 1f), Tensor.filled(2, 0f), Tensor.filled(2, 1f), Tensor.filled(2, 0f), ResetMode.SUBTRACT));
        assertEquals("LIF.tau must be > 0 s, got -0.02 at index 1", ex.getMessage());
        var ex2 = assertThrows(IllegalArgumentException.class, () -> new Node.Affine(Tensor.matrix(new float[6], 2, 3),
                Tensor.filled(3, 0f)));
        assertEquals("Affine.bias must have 2 values (one per neuron), got 3", ex2.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.vector(1f, Float.NaN));
    }

    @Test
    void tensorIsImmutable() {
        float[] data = {1, 2, 3};
        Tensor t = Tensor.vector(data);
        data[0] = 99;
        t.toArray()[1] = 42;
        assertEquals(1f, t.get(0));
        assertEquals(2f, t.get(1));
        assertEquals(Tensor.vector(1, 2, 3), t);
    }
}
