package org.snnaudio.hardware.nir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnaudio.core.model.Graph;
import org.snnaudio.core.model.Node;
import org.snnaudio.core.model.ResetMode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Checks NIR files against h5py, the HDF5 library of the NIR reference package: h5py sees in our files
 * the datasets the reference writes, with string types it dispatches on, and we read files h5py writes
 * in the reference layout. Skipped where python3 with h5py is not installed.
 */
class NirH5pyInteropTest {
    static final String PYTHON = "/usr/bin/python3";
    static Path script;

    @TempDir
    static Path dir;

    @BeforeAll
    static void findH5py() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of(PYTHON)), "python3 not installed");
        Process p = new ProcessBuilder(PYTHON, "-c", "import h5py, numpy").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "h5py not installed");
        script = dir.resolve("h5py_check.py");
        try (InputStream in = NirH5pyInteropTest.class.getResourceAsStream("h5py_check.py")) {
            Files.copy(in, script);
        }
    }

    static String python(String mode, Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PYTHON, script.toString(), mode, file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python timed out");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void h5pySeesTheReferenceDatasetsInOurFiles() throws Exception {
        Graph g = NirFileTest.everyNodeType();
        Path f = dir.resolve("ours.nir");
        NirFile.write(g, f);
        JsonNode dump = new ObjectMapper().readTree(python("dump", f));
        JsonNode ds = dump.get("datasets");

        assertEquals(NirFile.NIR_VERSION, dump.get("version_decoded").asText());
        assertEquals("string", ds.get("version").get("dtype").asText());
        assertEquals("utf-8", ds.get("version").get("encoding").asText());
        assertEquals("NIRGraph", ds.get("node/type").get("value").asText());

        // the parameter datasets per type are exactly those nir.serialization.read_node looks up
        Map<String, List<String>> expected = Map.ofEntries(
                Map.entry("in", List.of("shape", "type")), Map.entry("out", List.of("shape", "type")),
                Map.entry("aff", List.of("bias", "type", "weight")), Map.entry("lin", List.of("type", "weight")),
                Map.entry("lif", List.of("r", "tau", "type", "v_leak", "v_reset", "v_threshold")),
                Map.entry("cuba", List.of("r", "tau_mem", "tau_syn", "type", "v_leak", "v_reset", "v_threshold", "w_in")),
                Map.entry("li", List.of("r", "tau", "type", "v_leak")),
                Map.entry("cubali", List.of("r", "tau_mem", "tau_syn", "type", "v_leak", "w_in")),
                Map.entry("if", List.of("r", "type", "v_reset", "v_threshold")),
                Map.entry("th", List.of("threshold", "type")), Map.entry("scale", List.of("scale", "type")));
        for (var e : expected.entrySet()) {
            TreeSet<String> seen = new TreeSet<>();
            ds.fieldNames().forEachRemaining(k -> {
                String prefix = "node/nodes/" + e.getKey() + "/";
                if (k.startsWith(prefix)) {
                    seen.add(k.substring(prefix.length()));
                }
            });
            assertEquals(new TreeSet<>(e.getValue()), seen, "datasets of node " + e.getKey());
            assertTrue(dump.get("type_dispatch").get(e.getKey()).asBoolean(), "type of " + e.getKey());
        }
        JsonNode w = ds.get("node/nodes/aff/weight");
        assertEquals("float32", w.get("dtype").asText());
        assertEquals("[4,3]", w.get("shape").toString());
        assertEquals(-0.125, w.get("value").get(1).get(2).asDouble(), 0.0);
        assertEquals("int64", ds.get("node/nodes/in/shape").get("dtype").asText());
        assertEquals("[3]", ds.get("node/nodes/in/shape").get("value").toString());
        assertEquals("utf-8", ds.get("node/nodes/lif/type").get("encoding").asText());

        List<String> edges = new ArrayList<>();
        dump.get("edges_decoded").forEach(e -> edges.add(e.get(0).asText() + "->" + e.get(1).asText()));
        assertEquals(g.edges().stream().map(e -> e.source() + "->" + e.target()).toList(), edges);
        assertEquals("[" + g.edges().size() + ",2]", ds.get("node/edges").get("shape").toString());

        assertEquals("subtract", dump.get("attributes").get("node/nodes/lif@" + NirFile.RESET_ATTRIBUTE).asText());
        assertEquals("to_reset", dump.get("attributes").get("node/nodes/cuba@" + NirFile.RESET_ATTRIBUTE).asText());
    }

    @Test
    void readsEveryNodeTypeFromAFileH5pyWritesInTheReferenceLayout() throws Exception {
        Path f = dir.resolve("theirs.nir");
        python("write", f);
        Graph g = NirFile.read(f);
        assertEquals(12, g.nodes().size());
        assertEquals(12, g.edges().size());
        assertTrue(g.hasCycle());
        Node.CubaLIF cuba = assertInstanceOf(Node.CubaLIF.class, g.node("cuba"));
        assertEquals(2f, cuba.wIn().get(1));
        assertEquals(0.02f, cuba.tauMem().get(0));
        assertEquals(ResetMode.TO_RESET, cuba.reset());
        assertInstanceOf(Node.IF.class, g.node("if"));
        assertInstanceOf(Node.Threshold.class, g.node("th"));
        assertInstanceOf(Node.CubaLI.class, g.node("cli"));
        assertEquals(4f, ((Node.Affine) g.node("aff")).weight().get(1, 1));
        assertEquals(-0.5f, ((Node.Linear) g.node("rec")).weight().get(1, 0));

        // and what we write from it is read back identically
        Path again = dir.resolve("again.nir");
        NirFile.write(g, again);
        assertEquals(g, NirFile.read(again));
    }
}
