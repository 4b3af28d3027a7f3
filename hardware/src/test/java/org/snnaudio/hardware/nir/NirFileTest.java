package org.snnaudio.hardware.nir;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.model.Edge;
import org.snnaudio.core.model.Graph;
import org.snnaudio.core.model.Node;
import org.snnaudio.core.model.ResetMode;
import org.snnaudio.core.model.Shape;
import org.snnaudio.core.model.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NirFileTest {
    @TempDir
    Path dir;

    static Tensor v(float... x) {
        return Tensor.vector(x);
    }

    /** One graph holding every node type NIR shares with snnaudio, with a recurrent cycle. */
    static Graph everyNodeType() {
        return Graph.builder()
                .node("in", new Node.Input(Shape.of(3)))
                .node("aff", new Node.Affine(Tensor.matrix(new float[]{1, -2, 3, 0.5f, 0.25f, -0.125f, 7, 8, 9, -1, -1, -1}, 4, 3),
                        v(0.1f, 0.2f, 0.3f, 0.4f)))
                .node("lif", new Node.LIF(v(0.02f, 0.03f, 0.04f, 0.05f), v(1, 1, 2, 2), v(0, 0, 0.1f, 0.1f),
                        v(1, 1.5f, 2, 2.5f), v(0, 0, -0.5f, 0), ResetMode.SUBTRACT))
                .node("lin", new Node.Linear(Tensor.matrix(new float[]{
                        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}, 5, 4)))
                .node("cuba", new Node.CubaLIF(v(0.005f, 0.005f, 0.006f, 0.007f, 0.008f), v(0.01f, 0.02f, 0.03f, 0.04f, 0.05f),
                        v(1, 1, 1, 1, 1), v(0, 0, 0, 0, 0), v(1, 1, 1, 1, 1), v(0.1f, 0, 0, 0, 0), v(1, 2, 1, 2, 1),
                        ResetMode.TO_RESET))
                .node("rec", new Node.Linear(Tensor.matrix(new float[25], 5, 5)))
                .node("scale", new Node.Scale(v(1, 2, 3, 4, 5)))
                .node("li", new Node.LI(v(0.1f, 0.1f, 0.1f, 0.1f, 0.2f), v(1, 1, 1, 1, 1), v(0, 0, 0, 0, 0.5f)))
                .node("out", new Node.Output(Shape.of(5)))
                .node("in2", new Node.Input(Shape.of(2)))
                .node("if", new Node.IF(v(1, 2), v(0.5f, 0.75f), v(0, 0.1f), ResetMode.SUBTRACT))
                .node("th", new Node.Threshold(v(0.5f, 0.6f)))
                .node("cubali", new Node.CubaLI(v(0.003f, 0.004f), v(0.02f, 0.03f), v(1, 1), v(0, 0), v(1, 0.5f)))
                .node("out2", new Node.Output(Shape.of(2)))
                .chain("in", "aff", "lif", "lin", "cuba", "scale", "li", "out")
                .edge("cuba", "rec").edge("rec", "cuba")
                .chain("in2", "if", "th", "cubali", "out2")
                .build();
    }

    @Test
    void roundTripsEveryNodeTypeAndTheRecurrentCycle() {
        Graph g = everyNodeType();
        Path f = dir.resolve("model.nir");
        NirFile.write(g, f);
        Graph back = NirFile.read(f);
        assertEquals(g.nodes(), back.nodes());
        assertEquals(g.edges(), back.edges());
        assertTrue(back.hasCycle());
        assertEquals(NirFile.NIR_VERSION, NirFile.readVersion(f));
        // every node record type of the vocabulary that NIR has is covered
        assertEquals(List.of("Input", "Affine", "LIF", "Linear", "CubaLIF", "Scale", "LI", "Output", "IF", "Threshold",
                        "CubaLI"),
                g.nodes().values().stream().map(Node::typeName).distinct().toList());
    }

    @Test
    void subtractiveResetSurvivesTheRoundTripAndDefaultsToNirSemanticsWithoutTheAttribute() throws IOException {
        Path f = dir.resolve("m.nir");
        NirFile.write(everyNodeType(), f);
        Graph back = NirFile.read(f);
        assertEquals(ResetMode.SUBTRACT, ((Node.LIF) back.node("lif")).reset());
        assertEquals(ResetMode.TO_RESET, ((Node.CubaLIF) back.node("cuba")).reset());
        assertEquals(ResetMode.SUBTRACT, ((Node.IF) back.node("if")).reset());
        // the reference writer has no such attribute: its LIF is read with reset-to-v_reset
        Graph ref = NirFile.read(copyFixture());
        assertEquals(ResetMode.TO_RESET, ((Node.LIF) ref.node("lif")).reset());
    }

    @Test
    void zeroBiasDiagonalBecomesScale() {
        Graph g = Graph.builder().node("in", new Node.Input(Shape.of(3)))
                .node("fe", new Node.Diagonal(v(0.1f, 0.2f, 0.3f), v(0, 0, 0)))
                .node("out", new Node.Output(Shape.of(3))).chain("in", "fe", "out").build();
        Path f = dir.resolve("d.nir");
        NirFile.write(g, f);
        Node fe = NirFile.read(f).node("fe");
        assertEquals(new Node.Scale(v(0.1f, 0.2f, 0.3f)), fe);
    }

    @Test
    void unmappableNodesAreAllNamedAndNothingIsWritten() {
        Graph g = Graph.builder().node("in", new Node.Input(Shape.of(2)))
                .node("frontend", new Node.Diagonal(v(0.1f, 0.2f), v(0.5f, 0)))
                .node("alif", new Node.AdaptiveLIF(v(0.02f, 0.02f), v(1, 1), v(0, 0), v(1, 1), v(0, 0), v(0.2f, 0.2f),
                        v(0.1f, 0.1f), ResetMode.SUBTRACT))
                .node("out", new Node.Output(Shape.of(2))).chain("in", "frontend", "alif", "out").build();
        Path f = dir.resolve("bad.nir");
        SnnaudioException e = assertThrows(SnnaudioException.class, () -> NirFile.write(g, f));
        assertTrue(e.getMessage().contains("node 'frontend' (Diagonal) has a non-zero bias"), e.getMessage());
        assertTrue(e.getMessage().contains("node 'alif' (AdaptiveLIF) has no NIR equivalent"), e.getMessage());
        assertFalse(Files.exists(f));
        assertEquals(2, NirFile.unexportable(g).size());
    }

    private Path copyFixture() throws IOException {
        Path f = dir.resolve("reference-layout.nir");
        try (InputStream in = NirFileTest.class.getResourceAsStream("reference-layout.nir")) {
            Files.copy(in, f);
        }
        return f;
    }

    @Test
    void readsAFileInTheReferenceLayoutWithVariableLengthStringsGzipAndFloat64() throws IOException {
        Graph g = NirFile.read(copyFixture());
        assertEquals("1.0.8", NirFile.readVersion(copyFixtureAs("again.nir")));
        Node.Affine fc = assertInstanceOf(Node.Affine.class, g.node("fc"));
        assertArrayEquals(new float[]{0.5f, -1f, 2f, 1.5f, 0.25f, -0.75f}, fc.weight().toArray());
        assertArrayEquals(new int[]{2, 3}, fc.weight().shape());
        assertArrayEquals(new float[]{0.1f, -0.2f}, fc.bias().toArray());
        Node.LIF lif = assertInstanceOf(Node.LIF.class, g.node("lif"));
        assertArrayEquals(new float[]{0.02f, 0.03f}, lif.tau().toArray());
        assertArrayEquals(new float[]{0f, -0.1f}, lif.vReset().toArray());
        assertEquals(new Node.Input(Shape.of(3)), g.node("input"));
        assertEquals(new Node.Output(Shape.of(2)), g.node("output"));
        assertInstanceOf(Node.LI.class, g.node("li"));
        assertEquals(new Node.Scale(v(2, 3)), g.node("scale"));
        assertTrue(g.edges().contains(new Edge("rec", "lif")));
        assertEquals(7, g.edges().size());
        assertTrue(g.hasCycle());
    }

    private Path copyFixtureAs(String name) throws IOException {
        Path f = dir.resolve(name);
        try (InputStream in = NirFileTest.class.getResourceAsStream("reference-layout.nir")) {
            Files.copy(in, f);
        }
        return f;
    }

    @Test
    void badFilesGiveMessagesNamingFileAndProblem() throws IOException {
        Path missing = dir.resolve("none.nir");
        assertTrue(assertThrows(SnnaudioException.class, () -> NirFile.read(missing)).getMessage()
                .contains("does not exist"));

        Path garbage = dir.resolve("garbage.nir");
        Files.writeString(garbage, "this is not HDF5 at all, just text ".repeat(20));
        SnnaudioException e = assertThrows(SnnaudioException.class, () -> NirFile.read(garbage));
        assertTrue(e.getMessage().contains(garbage.toString()) && e.getMessage().contains("not a readable HDF5"),
                e.getMessage());

        Path good = dir.resolve("good.nir");
        NirFile.write(everyNodeType(), good);
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = dir.resolve("truncated.nir");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        e = assertThrows(SnnaudioException.class, () -> NirFile.read(truncated));
        assertTrue(e.getMessage().contains(truncated.toString()), e.getMessage());
    }

    /** A hand-built file in the reference layout with one node replaced by {@code bad}. */
    private Path handBuilt(String name, java.util.function.Consumer<io.jhdf.api.WritableGroup> bad) {
        Path f = dir.resolve(name);
        try (io.jhdf.WritableHdfFile h = io.jhdf.HdfFile.write(f)) {
            h.putDataset("version", "1.0.8");
            io.jhdf.api.WritableGroup node = h.putGroup("node");
            node.putDataset("type", "NIRGraph");
            io.jhdf.api.WritableGroup nodes = node.putGroup("nodes");
            io.jhdf.api.WritableGroup in = nodes.putGroup("input");
            in.putDataset("type", "Input");
            in.putDataset("shape", new long[]{2});
            bad.accept(nodes.putGroup("mid"));
            io.jhdf.api.WritableGroup out = nodes.putGroup("output");
            out.putDataset("type", "Output");
            out.putDataset("shape", new long[]{2});
            node.putDataset("edges", new String[][]{{"input", "mid"}, {"mid", "output"}});
        }
        return f;
    }

    @Test
    void unsupportedTypesAndMissingOrWrongParametersAreNamed() {
        Path conv = handBuilt("conv.nir", g -> {
            g.putDataset("type", "Conv1d");
            g.putDataset("weight", new float[]{1, 2});
        });
        SnnaudioException e = assertThrows(SnnaudioException.class, () -> NirFile.read(conv));
        assertTrue(e.getMessage().contains("node 'mid' has NIR type 'Conv1d', which snnaudio does not support"),
                e.getMessage());

        Path noTau = handBuilt("notau.nir", g -> {
            g.putDataset("type", "LIF");
            g.putDataset("r", new float[]{1, 1});
        });
        e = assertThrows(SnnaudioException.class, () -> NirFile.read(noTau));
        assertTrue(e.getMessage().contains("node 'mid' has no dataset 'tau'"), e.getMessage());

        Path wrongLength = handBuilt("len.nir", g -> {
            g.putDataset("type", "LI");
            g.putDataset("tau", new float[]{0.1f, 0.1f});
            g.putDataset("r", new float[]{1, 1, 1});
            g.putDataset("v_leak", new float[]{0, 0});
        });
        e = assertThrows(SnnaudioException.class, () -> NirFile.read(wrongLength));
        assertTrue(e.getMessage().contains("node 'mid' dataset 'r' has 3 values, expected 2"), e.getMessage());

        Path negativeTau = handBuilt("neg.nir", g -> {
            g.putDataset("type", "LI");
            g.putDataset("tau", new float[]{0.1f, -0.02f});
            g.putDataset("r", new float[]{1, 1});
            g.putDataset("v_leak", new float[]{0, 0});
        });
        e = assertThrows(SnnaudioException.class, () -> NirFile.read(negativeTau));
        assertTrue(e.getMessage().contains("node 'mid' (LI)") && e.getMessage().contains("-0.02"), e.getMessage());

        Path badShape = handBuilt("shape.nir", g -> {
            g.putDataset("type", "Scale");
            g.putDataset("scale", new float[]{1, 2, 3});
        });
        e = assertThrows(SnnaudioException.class, () -> NirFile.read(badShape));
        assertTrue(e.getMessage().contains("edge input -> mid"), e.getMessage());

        Path scalarBroadcast = handBuilt("scalar.nir", g -> {
            g.putDataset("type", "LI");
            g.putDataset("tau", new float[]{0.1f, 0.2f});
            g.putDataset("r", 2.0);
            g.putDataset("v_leak", new double[]{0});
        });
        Node.LI li = (Node.LI) NirFile.read(scalarBroadcast).node("mid");
        assertArrayEquals(new float[]{2, 2}, li.r().toArray());
        assertArrayEquals(new float[]{0, 0}, li.vLeak().toArray());
    }
}
