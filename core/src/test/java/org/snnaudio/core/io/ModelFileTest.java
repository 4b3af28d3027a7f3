package org.snnaudio.core.io;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.model.Graph;
import org.snnaudio.core.model.Node;
import org.snnaudio.core.model.ResetMode;
import org.snnaudio.core.model.Shape;
import org.snnaudio.core.model.Tensor;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFileTest {
    @TempDir
    Path dir;

    /** Values drawn from {@code r}, or a fixed ramp when {@code r} is null (for the frozen fixture). */
    static Tensor t(Random r, float lo, float hi, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            double u = r == null ? (i + 0.5) / n : r.nextDouble();
            v[i] = (float) (lo + (hi - lo) * u);
        }
        return Tensor.of(v, shape);
    }

    /** A graph holding every node type, with a recurrent cycle, heterogeneous parameters and both reset modes. */
    static Graph everyNodeType(Random r) {
        int n = 4;
        return Graph.builder()
                .node("in", new Node.Input(Shape.of(3)))
                .node("fc", new Node.Affine(t(r, -1, 1, n, 3), t(r, -0.1f, 0.1f, n)))
                .node("lin", new Node.Linear(t(r, -1, 1, n, n)))
                .node("scale", new Node.Scale(t(r, 0.5f, 2, n)))
                .node("diag", new Node.Diagonal(t(r, 0.5f, 2, n), t(r, -0.1f, 0.1f, n)))
                .node("lif", new Node.LIF(t(r, 0.005f, 0.05f, n), t(r, 0.9f, 1.1f, n), t(r, -0.1f, 0, n), t(r, 0.8f, 1.2f, n),
                        t(r, -0.2f, 0, n), ResetMode.SUBTRACT))
                .node("rec", new Node.Linear(t(r, -0.5f, 0.5f, n, n)))
                .node("cuba", new Node.CubaLIF(t(r, 0.002f, 0.01f, n), t(r, 0.01f, 0.03f, n), t(r, 0.9f, 1.1f, n),
                        t(r, -0.1f, 0, n), t(r, 0.8f, 1.2f, n), t(r, -0.1f, 0, n), t(r, 0.5f, 1.5f, n), ResetMode.TO_RESET))
                .node("alif", new Node.AdaptiveLIF(t(r, 0.005f, 0.05f, n), t(r, 0.9f, 1.1f, n), t(r, -0.1f, 0, n),
                        t(r, 0.8f, 1.2f, n), t(r, -0.1f, 0, n), t(r, 0.1f, 0.5f, n), t(r, 0, 0.2f, n), ResetMode.SUBTRACT))
                .node("li", new Node.LI(t(r, 0.01f, 0.02f, n), t(r, 0.9f, 1.1f, n), t(r, -0.1f, 0, n)))
                .node("culi", new Node.CubaLI(t(r, 0.002f, 0.01f, n), t(r, 0.01f, 0.03f, n), t(r, 0.9f, 1.1f, n),
                        t(r, -0.1f, 0, n), t(r, 0.5f, 1.5f, n)))
                .node("if", new Node.IF(t(r, 0.5f, 1.5f, n), t(r, 0.8f, 1.2f, n), t(r, -0.1f, 0, n), ResetMode.TO_RESET))
                .node("thr", new Node.Threshold(t(r, 0, 1, n)))
                .node("out", new Node.Output(Shape.of(n)))
                .chain("in", "fc", "lin", "scale", "diag", "lif", "cuba", "alif", "li", "culi", "if", "thr", "out")
                .edge("lif", "rec").edge("rec", "lif")
                .build();
    }

    static Provenance provenance() {
        return new Provenance("{\"network\":{\"hidden\":[128]},\"seed\":7}", 7, "ab".repeat(32), "0.1.0-SNAPSHOT", "25",
                "amd64", Instant.parse("2026-11-22T15:00:00.123Z"));
    }

    static Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("network.dt", "0.001");
        m.put("network.surrogate", "fast_sigmoid(10)");
        m.put("pipeline", "{\"frontend\":\"mfcc\",\"päd\":\"ünïcode ✓\"}");
        m.put("", "empty key");
        return m;
    }

    @Test
    void theTestGraphHoldsEveryNodeType() {
        Set<Class<?>> present = new HashSet<>();
        everyNodeType(new Random(1)).nodes().values().forEach(n -> present.add(n.getClass()));
        Set<Class<?>> all = new HashSet<>(Arrays.asList(Node.class.getPermittedSubclasses()));
        assertEquals(all, present, "add new node types to everyNodeType so they are round-tripped");
    }

    @RepeatedTest(5)
    void everyNodeTypeRoundTripsExactly(RepetitionInfo info) {
        Graph g = everyNodeType(new Random(info.getCurrentRepetition()));
        SavedModel m = new SavedModel(g, metadata(), provenance());
        Path f = dir.resolve("m" + ModelFile.EXTENSION);
        ModelFile.write(f, m);
        SavedModel back = ModelFile.read(f);
        assertEquals(g, back.graph());
        assertEquals(g.edges(), back.graph().edges());
        assertEquals(g.nodes().keySet().stream().toList(), back.graph().nodes().keySet().stream().toList(), "node order kept");
        assertEquals(m.metadata(), back.metadata());
        assertEquals(m.provenance(), back.provenance());
        assertEquals(m, back);
    }

    @Test
    void provenanceCaptureRecordsThisMachineAndOptionalFieldsRoundTrip() {
        Provenance p = Provenance.capture(null, -3, null);
        assertEquals(System.getProperty("java.version"), p.javaVersion());
        assertEquals(System.getProperty("os.arch"), p.osArch());
        assertEquals(LibraryVersion.VERSION, p.libraryVersion());
        assertTrue(Math.abs(p.createdAt().toEpochMilli() - System.currentTimeMillis()) < 60_000);
        Path f = dir.resolve("p.snnm");
        ModelFile.write(f, new SavedModel(everyNodeType(new Random(2)), Map.of(), p));
        Provenance back = ModelFile.read(f).provenance();
        assertNull(back.config());
        assertNull(back.datasetSha256());
        assertEquals(-3, back.seed());
        assertEquals(p, back);
        var e = assertThrows(IllegalArgumentException.class, () -> Provenance.capture("", 1, "xyz"));
        assertTrue(e.getMessage().contains("datasetSha256 must be 64 lower-case hex digits, got 'xyz'"), e.getMessage());
    }

    private static final String FIXTURE = "fixtures/model-v1.snnm";

    /** The model frozen in the fixture: every node type with ramp values, written by format version 1. */
    static SavedModel fixtureModel() {
        return new SavedModel(everyNodeType(null), metadata(), provenance());
    }

    @Test
    @EnabledIfSystemProperty(named = "snnaudio.writeFixtures", matches = "true")
    void writeFixture() {
        ModelFile.write(Path.of("src/test/resources", FIXTURE), fixtureModel());
    }

    static Path fixture() throws URISyntaxException {
        var url = ModelFileTest.class.getClassLoader().getResource(FIXTURE);
        assertTrue(url != null, "fixture " + FIXTURE + " missing from test resources");
        return Path.of(url.toURI());
    }

    @Test
    void theFrozenVersion1FileStillLoads() throws Exception {
        SavedModel m = ModelFile.read(fixture());
        assertEquals(fixtureModel(), m);
    }

    @Test
    void theWriterStillProducesTheFrozenBytes() throws Exception {
        // if this fails the version-1 layout changed: bump ModelFile.VERSION, keep reading version 1, add a new fixture
        assertArrayEquals(Files.readAllBytes(fixture()), Container.encode(ModelFile.MAGIC, 1, ModelFile.encode(fixtureModel())));
    }

    private static final String FIXTURE_V2 = "fixtures/model-v2-ensemble.snnm";

    /** The ensemble frozen in the version-2 fixture: the version-1 fixture's graph and two further members. */
    static SavedModel fixtureEnsemble() {
        return new SavedModel(everyNodeType(null), metadata(), provenance(),
                java.util.List.of(everyNodeType(new Random(11)), everyNodeType(new Random(12))));
    }

    @Test
    @EnabledIfSystemProperty(named = "snnaudio.writeFixtures", matches = "true")
    void writeEnsembleFixture() {
        ModelFile.write(Path.of("src/test/resources", FIXTURE_V2), fixtureEnsemble());
    }

    @Test
    void theFrozenVersion2EnsembleStillLoads() throws Exception {
        var url = ModelFileTest.class.getClassLoader().getResource(FIXTURE_V2);
        assertTrue(url != null, "fixture " + FIXTURE_V2 + " missing from test resources");
        Path f = Path.of(url.toURI());
        SavedModel m = ModelFile.read(f);
        assertEquals(fixtureEnsemble(), m);
        assertEquals(3, m.networks());
        // if this fails the version-2 layout changed: bump ModelFile.VERSION, keep reading version 2, add a new fixture
        assertArrayEquals(Files.readAllBytes(f), Container.encode(ModelFile.MAGIC, 2, ModelFile.encode(fixtureEnsemble())));
    }

    @Test
    void anEnsembleRoundTripsAsVersion2AndOneNetworkStaysVersion1() throws IOException {
        Path f = dir.resolve("ens.snnm");
        SavedModel ens = new SavedModel(everyNodeType(new Random(5)), metadata(), provenance(),
                java.util.List.of(everyNodeType(new Random(6))));
        ModelFile.write(f, ens);
        assertEquals(2, java.nio.ByteBuffer.wrap(Files.readAllBytes(f)).getInt(8));
        SavedModel back = ModelFile.read(f);
        assertEquals(ens, back);
        assertEquals(2, back.networks());
        assertEquals(1, java.nio.ByteBuffer.wrap(Files.readAllBytes(written())).getInt(8));
        assertEquals(0, ModelFile.read(written()).members().size());
        var e = assertThrows(IllegalArgumentException.class, () -> ModelFile.encode(ens, 1));
        assertEquals("a model of 2 networks cannot be written as format version 1", e.getMessage());
        // a single network written as version 2 (zero further members) reads back the same
        SavedModel one = ModelFile.read(written());
        Path g = dir.resolve("one-v2.snnm");
        Files.write(g, Container.encode(ModelFile.MAGIC, 2, ModelFile.encode(one, 2)));
        assertEquals(one, ModelFile.read(g));
    }

    @Test
    void aVersion2FileMissingAMemberIsAClearError() throws IOException {
        SavedModel ens = new SavedModel(everyNodeType(new Random(5)), metadata(), provenance(),
                java.util.List.of(everyNodeType(new Random(6))));
        byte[] payload = ModelFile.encode(ens, 2);
        byte[] one = ModelFile.encode(new SavedModel(ens.graph(), ens.metadata(), ens.provenance()), 2);
        // the member count says 1 but the member's graph is cut off
        byte[] cut = Arrays.copyOf(payload, one.length);
        java.nio.ByteBuffer.wrap(cut).putInt(one.length - 4, 1);
        Path f = dir.resolve("cut.snnm");
        Files.write(f, Container.encode(ModelFile.MAGIC, 2, cut));
        assertMessage("snnaudio model file " + f + " is corrupt (payload ends early)", () -> ModelFile.read(f));
    }

    @Test
    void requireSingleNetworkNamesTheModelAndTheUse() {
        SavedModel ens = fixtureEnsemble();
        assertMessage("runs/x is a seed ensemble of 3 networks; ensembles cannot be deployed to hardware (train one network "
                + "with training.ensemble: 1 or --ensemble 1)", () -> ens.requireSingleNetwork("runs/x", "deployed to hardware"));
        fixtureModel().requireSingleNetwork("runs/y", "deployed to hardware");
    }

    private Path written() {
        Path f = dir.resolve("model.snnm");
        ModelFile.write(f, new SavedModel(everyNodeType(new Random(3)), metadata(), provenance()));
        return f;
    }

    static void assertMessage(String expected, org.junit.jupiter.api.function.Executable e) {
        var ex = assertThrows(SnnaudioException.class, e);
        assertEquals(expected, ex.getMessage());
    }

    @Test
    void aMissingFileIsAClearError() {
        Path f = dir.resolve("nope.snnm");
        assertMessage("snnaudio model file " + f + " does not exist", () -> ModelFile.read(f));
    }

    @Test
    void wrongMagicIsAClearError() throws IOException {
        Path f = dir.resolve("text.snnm");
        Files.writeString(f, "this is a text file, not a model");
        assertMessage(f + " is not a snnaudio model file (wrong magic bytes; expected 'SNNAMODL')", () -> ModelFile.read(f));
        Path empty = dir.resolve("empty.snnm");
        Files.write(empty, new byte[0]);
        assertMessage(empty + " is not a snnaudio model file (wrong magic bytes; expected 'SNNAMODL')", () -> ModelFile.read(empty));
    }

    @Test
    void anUnknownVersionIsAClearError() throws IOException {
        Path f = dir.resolve("v3.snnm");
        Files.write(f, Container.encode(ModelFile.MAGIC, 3, new byte[] {1, 2, 3}));
        assertMessage("snnaudio model file " + f + " has format version 3, this snnaudio reads versions 1 to 2"
                + " (written by a newer snnaudio?)", () -> ModelFile.read(f));
    }

    @Test
    void aTruncatedFileIsAClearErrorAtEveryLength() throws IOException {
        Path f = written();
        byte[] b = Files.readAllBytes(f);
        Path cut = dir.resolve("cut.snnm");
        for (int len = 8; len < b.length; len += 1 + len / 50) {
            Files.write(cut, Arrays.copyOf(b, len));
            var e = assertThrows(SnnaudioException.class, () -> ModelFile.read(cut), "length " + len);
            assertTrue(e.getMessage().startsWith("snnaudio model file " + cut + " is truncated"), e.getMessage());
        }
    }

    @RepeatedTest(3)
    void everyCorruptByteIsDetected(RepetitionInfo info) throws IOException {
        Path f = written();
        byte[] b = Files.readAllBytes(f);
        Random r = new Random(info.getCurrentRepetition());
        Path bad = dir.resolve("bad.snnm");
        for (int k = 0; k < 100; k++) {
            byte[] c = b.clone();
            int pos = r.nextInt(c.length);
            c[pos] ^= (byte) (1 << r.nextInt(8));
            Files.write(bad, c);
            var e = assertThrows(SnnaudioException.class, () -> ModelFile.read(bad), "byte " + pos);
            assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
            assertTrue(e.getMessage().matches(".*(corrupt|truncated|format version|wrong magic).*"), e.getMessage());
        }
    }

    @Test
    void trailingBytesAreCorruption() throws IOException {
        Path f = written();
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length + 3));
        assertMessage("snnaudio model file " + f + " is corrupt (3 unexpected bytes after the end)", () -> ModelFile.read(f));
    }

    @Test
    void aCheckedPayloadWithAnUnknownNodeTypeOrBadGraphIsAClearError() throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bos);
        out.writeInt(1);
        Binary.writeString(out, "hidden");
        Binary.writeString(out, "Conv2d");
        Path f = dir.resolve("unknown.snnm");
        Files.write(f, Container.encode(ModelFile.MAGIC, 1, bos.toByteArray()));
        assertMessage("snnaudio model file " + f + " (format version 1) is corrupt: unknown node type 'Conv2d' for node 'hidden'",
                () -> ModelFile.read(f));

        bos.reset();
        out.writeInt(1);
        Binary.writeString(out, "in");
        Binary.writeString(out, "Input");
        Binary.writeInts(out, new int[] {3});
        out.writeInt(1);
        Binary.writeString(out, "in");
        Binary.writeString(out, "ghost");
        Path g = dir.resolve("edge.snnm");
        Files.write(g, Container.encode(ModelFile.MAGIC, 1, bos.toByteArray()));
        assertMessage("snnaudio model file " + g + " (format version 1) is corrupt: edge in -> ghost: unknown target node 'ghost'",
                () -> ModelFile.read(g));

        Path h = dir.resolve("short.snnm");
        Files.write(h, Container.encode(ModelFile.MAGIC, 1, Arrays.copyOf(bos.toByteArray(), 10)));
        assertMessage("snnaudio model file " + h + " is corrupt (payload ends early)", () -> ModelFile.read(h));
    }

    @Test
    void aCheckpointIsNotAModel() throws IOException {
        Path f = dir.resolve("ck.snnm");
        Files.write(f, Container.encode("SNNACKPT", 1, new byte[0]));
        assertMessage(f + " is not a snnaudio model file (wrong magic bytes; expected 'SNNAMODL')", () -> ModelFile.read(f));
    }

    @Test
    void writesAreAtomicAndLeaveNoTemporaryFiles() throws IOException {
        Path f = dir.resolve("sub/folder/model.snnm");
        SavedModel a = new SavedModel(everyNodeType(new Random(4)), Map.of("k", "a"), provenance());
        SavedModel b = new SavedModel(everyNodeType(new Random(5)), Map.of("k", "b"), provenance());
        ModelFile.write(f, a);
        ModelFile.write(f, b);
        assertEquals(b, ModelFile.read(f));
        try (Stream<Path> s = Files.list(f.getParent())) {
            assertEquals(1, s.count(), "only the model itself remains");
        }
    }

    @Test
    void anUnwritableTargetIsAClearError() throws IOException {
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "x");
        Path f = blocker.resolve("model.snnm");
        var e = assertThrows(SnnaudioException.class, () -> ModelFile.write(f, fixtureModel()));
        assertTrue(e.getMessage().startsWith("cannot write " + f + ": "), e.getMessage());
    }
}
