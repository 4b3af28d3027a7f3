package org.snnaudio.hardware.nir;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.WritableGroup;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.model.Edge;
import org.snnaudio.core.model.Graph;
import org.snnaudio.core.model.Node;
import org.snnaudio.core.model.ResetMode;
import org.snnaudio.core.model.Shape;
import org.snnaudio.core.model.Tensor;
import org.snnaudio.core.io.AtomicFiles;

import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and writes models as NIR (Neuromorphic Intermediate Representation) HDF5 files in the layout
 * of the reference Python package ({@code nir.write}/{@code nir.read}): a root string dataset
 * {@code version} and a group {@code node} of type {@code NIRGraph} holding {@code type},
 * {@code nodes/<id>} (each with a string {@code type} and its parameter datasets) and {@code edges}, an
 * {@code [n, 2]} string dataset of source and target ids.
 *
 * <p>Mapping of snnaudio nodes: {@link Node.Diagonal} with zero bias becomes NIR {@code Scale};
 * with a bias, and {@link Node.AdaptiveLIF}, have no NIR node and are refused with a message naming the
 * node. NIR's LIF, CubaLIF and IF reset to {@code v_reset}; a node whose {@link ResetMode} is
 * {@code SUBTRACT} is written with the group attribute {@value #RESET_ATTRIBUTE} = {@code "subtract"},
 * which the reference reader ignores (it reads datasets only) and this reader restores. A file without
 * the attribute is read with NIR's semantics ({@link ResetMode#TO_RESET}).
 *
 * <p>jHDF writes strings as fixed-length, null-terminated UTF-8 (the reference writes variable-length
 * UTF-8); both are HDF5 strings that h5py returns as {@code bytes}, which is what the reference reader
 * compares against, and this reader accepts both.
 */
public final class NirFile {
    /** The NIR version this layout follows, written to the root {@code version} dataset. */
    public static final String NIR_VERSION = "1.0.8";
    /** Group attribute carrying snnaudio's reset rule; NIR readers ignore attributes. */
    public static final String RESET_ATTRIBUTE = "snnaudio_reset";

    private NirFile() {
    }

    /**
     * Writes {@code graph} to {@code file} (atomically: a temporary file in the same folder renamed
     * into place). Fails, writing nothing, when a node has no NIR equivalent.
     */
    public static void write(Graph graph, Path file) {
        checkExportable(graph);
        if (graph.edges().isEmpty()) {
            throw new SnnaudioException("cannot export to NIR file " + file + ": the graph has no edges");
        }
        AtomicFiles.write(file, tmp -> {
            try (WritableHdfFile hdf = HdfFile.write(tmp)) {
                hdf.putDataset("version", NIR_VERSION);
                WritableGroup root = hdf.putGroup("node");
                root.putDataset("type", "NIRGraph");
                WritableGroup nodes = root.putGroup("nodes");
                for (Map.Entry<String, Node> e : graph.nodes().entrySet()) {
                    writeNode(nodes.putGroup(e.getKey()), e.getValue());
                }
                String[][] edges = new String[graph.edges().size()][];
                for (int i = 0; i < edges.length; i++) {
                    Edge edge = graph.edges().get(i);
                    edges[i] = new String[]{edge.source(), edge.target()};
                }
                root.putDataset("edges", edges);
            }
        });
    }

    /** Every node the graph has that NIR cannot express, reported at once; nothing when all map. */
    public static List<String> unexportable(Graph graph) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Node> e : graph.nodes().entrySet()) {
            String id = e.getKey();
            switch (e.getValue()) {
                case Node.Diagonal d when !d.bias().allEqual(0f) -> problems.add("node '" + id
                        + "' (Diagonal) has a non-zero bias; NIR has no diagonal node with a bias (only Scale)");
                case Node.AdaptiveLIF a -> problems.add("node '" + id
                        + "' (AdaptiveLIF) has no NIR equivalent (threshold adaptation is not in NIR)");
                default -> {
                }
            }
        }
        return problems;
    }

    private static void checkExportable(Graph graph) {
        List<String> problems = unexportable(graph);
        if (!problems.isEmpty()) {
            throw new SnnaudioException("cannot export to NIR: " + String.join("; ", problems));
        }
    }

    private static void writeNode(WritableGroup g, Node node) {
        switch (node) {
            case Node.Input in -> {
                g.putDataset("type", "Input");
                g.putDataset("shape", longs(in.shape()));
            }
            case Node.Output out -> {
                g.putDataset("type", "Output");
                g.putDataset("shape", longs(out.shape()));
            }
            case Node.Affine a -> {
                g.putDataset("type", "Affine");
                g.putDataset("weight", matrix(a.weight()));
                g.putDataset("bias", a.bias().toArray());
            }
            case Node.Linear l -> {
                g.putDataset("type", "Linear");
                g.putDataset("weight", matrix(l.weight()));
            }
            case Node.Scale s -> {
                g.putDataset("type", "Scale");
                g.putDataset("scale", s.scale().toArray());
            }
            case Node.Diagonal d -> {
                g.putDataset("type", "Scale");
                g.putDataset("scale", d.weight().toArray());
            }
            case Node.LIF n -> {
                g.putDataset("type", "LIF");
                g.putDataset("tau", n.tau().toArray());
                g.putDataset("r", n.r().toArray());
                g.putDataset("v_leak", n.vLeak().toArray());
                g.putDataset("v_threshold", n.vThreshold().toArray());
                g.putDataset("v_reset", n.vReset().toArray());
                putReset(g, n.reset());
            }
            case Node.CubaLIF n -> {
                g.putDataset("type", "CubaLIF");
                g.putDataset("tau_syn", n.tauSyn().toArray());
                g.putDataset("tau_mem", n.tauMem().toArray());
                g.putDataset("r", n.r().toArray());
                g.putDataset("v_leak", n.vLeak().toArray());
                g.putDataset("v_threshold", n.vThreshold().toArray());
                g.putDataset("v_reset", n.vReset().toArray());
                g.putDataset("w_in", n.wIn().toArray());
                putReset(g, n.reset());
            }
            case Node.LI n -> {
                g.putDataset("type", "LI");
                g.putDataset("tau", n.tau().toArray());
                g.putDataset("r", n.r().toArray());
                g.putDataset("v_leak", n.vLeak().toArray());
            }
            case Node.CubaLI n -> {
                g.putDataset("type", "CubaLI");
                g.putDataset("tau_syn", n.tauSyn().toArray());
                g.putDataset("tau_mem", n.tauMem().toArray());
                g.putDataset("r", n.r().toArray());
                g.putDataset("v_leak", n.vLeak().toArray());
                g.putDataset("w_in", n.wIn().toArray());
            }
            case Node.IF n -> {
                g.putDataset("type", "IF");
                g.putDataset("r", n.r().toArray());
                g.putDataset("v_threshold", n.vThreshold().toArray());
                g.putDataset("v_reset", n.vReset().toArray());
                putReset(g, n.reset());
            }
            case Node.Threshold t -> {
                g.putDataset("type", "Threshold");
                g.putDataset("threshold", t.threshold().toArray());
            }
            case Node.AdaptiveLIF a -> throw new IllegalStateException("unreachable: checked before writing");
        }
    }

    private static void putReset(WritableGroup g, ResetMode mode) {
        g.putAttribute(RESET_ATTRIBUTE, mode == ResetMode.SUBTRACT ? "subtract" : "to_reset");
    }

    private static long[] longs(Shape s) {
        return Arrays.stream(s.toArray()).asLongStream().toArray();
    }

    private static float[][] matrix(Tensor t) {
        float[][] m = new float[t.dim(0)][t.dim(1)];
        for (int r = 0; r < m.length; r++) {
            for (int c = 0; c < m[r].length; c++) {
                m[r][c] = t.get(r, c);
            }
        }
        return m;
    }

    // ------------------------------------------------------------------ reading

    /** Reads a NIR file written by this class, by the reference Python package, or by hand in its layout. */
    public static Graph read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new SnnaudioException("NIR file " + file + " does not exist or is not a file");
        }
        try (HdfFile hdf = new HdfFile(file)) {
            io.jhdf.api.Node root = child(hdf, "node", file, "/");
            if (!(root instanceof Group graphGroup)) {
                throw new SnnaudioException("NIR file " + file + ": /node must be a group");
            }
            String type = string(graphGroup, "type", file, "/node");
            if (!type.equals("NIRGraph")) {
                throw new SnnaudioException("NIR file " + file + ": /node has type '" + type + "', expected 'NIRGraph'");
            }
            io.jhdf.api.Node nodesNode = child(graphGroup, "nodes", file, "/node");
            if (!(nodesNode instanceof Group nodesGroup)) {
                throw new SnnaudioException("NIR file " + file + ": /node/nodes must be a group");
            }
            Map<String, Node> nodes = new LinkedHashMap<>();
            for (Map.Entry<String, io.jhdf.api.Node> e : nodesGroup.getChildren().entrySet()) {
                if (!(e.getValue() instanceof Group ng)) {
                    throw new SnnaudioException("NIR file " + file + ": /node/nodes/" + e.getKey() + " must be a group");
                }
                nodes.put(e.getKey(), readNode(ng, e.getKey(), file));
            }
            List<Edge> edges = readEdges(graphGroup, file);
            try {
                return new Graph(nodes, edges);
            } catch (IllegalArgumentException ex) {
                throw new SnnaudioException("NIR file " + file + ": " + ex.getMessage(), ex);
            }
        } catch (SnnaudioException e) {
            throw e;
        } catch (RuntimeException e) {
            // jHDF reports corrupt or truncated files with its own unchecked exceptions.
            throw new SnnaudioException("NIR file " + file + " is not a readable HDF5 file: " + e.getMessage(), e);
        }
    }

    /** The NIR version string in the root {@code version} dataset. */
    public static String readVersion(Path file) {
        try (HdfFile hdf = new HdfFile(file)) {
            return string(hdf, "version", file, "/");
        } catch (SnnaudioException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SnnaudioException("NIR file " + file + " is not a readable HDF5 file: " + e.getMessage(), e);
        }
    }

    private static Node readNode(Group g, String id, Path file) {
        String where = "/node/nodes/" + id;
        String type = string(g, "type", file, where);
        NodeReader r = new NodeReader(g, id, file);
        try {
            return switch (type) {
                case "Input" -> new Node.Input(r.shape());
                case "Output" -> new Node.Output(r.shape());
                case "Affine" -> {
                    Tensor w = r.matrix("weight");
                    yield new Node.Affine(w, r.vector("bias", w.dim(0)));
                }
                case "Linear" -> new Node.Linear(r.matrix("weight"));
                case "Scale" -> new Node.Scale(r.vector("scale", -1));
                case "LIF" -> {
                    Tensor tau = r.vector("tau", -1);
                    int n = tau.size();
                    Tensor th = r.vector("v_threshold", n);
                    yield new Node.LIF(tau, r.vector("r", n), r.vector("v_leak", n), th,
                            r.optionalVector("v_reset", n, 0f), r.reset());
                }
                case "CubaLIF" -> {
                    Tensor tauMem = r.vector("tau_mem", -1);
                    int n = tauMem.size();
                    yield new Node.CubaLIF(r.vector("tau_syn", n), tauMem, r.vector("r", n), r.vector("v_leak", n),
                            r.vector("v_threshold", n), r.optionalVector("v_reset", n, 0f),
                            r.optionalVector("w_in", n, 1f), r.reset());
                }
                case "LI" -> {
                    Tensor tau = r.vector("tau", -1);
                    int n = tau.size();
                    yield new Node.LI(tau, r.vector("r", n), r.vector("v_leak", n));
                }
                case "CubaLI" -> {
                    Tensor tauMem = r.vector("tau_mem", -1);
                    int n = tauMem.size();
                    yield new Node.CubaLI(r.vector("tau_syn", n), tauMem, r.vector("r", n), r.vector("v_leak", n),
                            r.optionalVector("w_in", n, 1f));
                }
                case "IF" -> {
                    Tensor th = r.vector("v_threshold", -1);
                    int n = th.size();
                    yield new Node.IF(r.vector("r", n), th, r.optionalVector("v_reset", n, 0f), r.reset());
                }
                case "Threshold" -> new Node.Threshold(r.vector("threshold", -1));
                case "NIRGraph" -> throw new SnnaudioException("NIR file " + file + ": node '" + id
                        + "' is a nested NIRGraph, which snnaudio does not read (flatten the graph before writing it)");
                default -> throw new SnnaudioException("NIR file " + file + ": node '" + id + "' has NIR type '" + type
                        + "', which snnaudio does not support (supported: Input, Output, Affine, Linear, Scale, LIF, "
                        + "CubaLIF, LI, CubaLI, IF, Threshold)");
            };
        } catch (IllegalArgumentException e) {
            throw new SnnaudioException("NIR file " + file + ": node '" + id + "' (" + type + "): " + e.getMessage(), e);
        }
    }

    private static List<Edge> readEdges(Group graph, Path file) {
        io.jhdf.api.Node n = child(graph, "edges", file, "/node");
        if (!(n instanceof Dataset ds)) {
            throw new SnnaudioException("NIR file " + file + ": /node/edges must be a dataset");
        }
        int[] dims = ds.getDimensions();
        if (dims.length == 1 && dims[0] == 0) {
            return List.of();
        }
        if (dims.length != 2 || dims[1] != 2) {
            throw new SnnaudioException("NIR file " + file + ": /node/edges must have shape [n, 2], got "
                    + Arrays.toString(dims));
        }
        Object data = ds.getData();
        List<Edge> edges = new ArrayList<>();
        for (int i = 0; i < dims[0]; i++) {
            Object row = Array.get(data, i);
            edges.add(new Edge(asString(Array.get(row, 0), file, "/node/edges"),
                    asString(Array.get(row, 1), file, "/node/edges")));
        }
        return edges;
    }

    private static io.jhdf.api.Node child(Group g, String name, Path file, String where) {
        io.jhdf.api.Node n = g.getChildren().get(name);
        if (n == null) {
            throw new SnnaudioException("NIR file " + file + ": " + where + " has no '" + name + "'");
        }
        return n;
    }

    private static String string(Group g, String name, Path file, String where) {
        io.jhdf.api.Node n = child(g, name, file, where);
        if (!(n instanceof Dataset ds)) {
            throw new SnnaudioException("NIR file " + file + ": " + where + "/" + name + " must be a string dataset");
        }
        return asString(ds.getData(), file, where + "/" + name);
    }

    private static String asString(Object data, Path file, String where) {
        Object v = data;
        while (v != null && v.getClass().isArray() && Array.getLength(v) == 1) {
            v = Array.get(v, 0);
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof byte[] b) {
            return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        }
        throw new SnnaudioException("NIR file " + file + ": " + where + " must be a string, got "
                + (v == null ? "nothing" : v.getClass().getSimpleName()));
    }

    /** Reads the parameter datasets of one node group, with messages naming the node and dataset. */
    private record NodeReader(Group g, String id, Path file) {
        private String where(String name) {
            return "node '" + id + "' dataset '" + name + "'";
        }

        private Dataset dataset(String name) {
            io.jhdf.api.Node n = g.getChildren().get(name);
            if (n == null) {
                throw new SnnaudioException("NIR file " + file + ": node '" + id + "' has no dataset '" + name + "'");
            }
            if (!(n instanceof Dataset ds)) {
                throw new SnnaudioException("NIR file " + file + ": " + where(name) + " is not a dataset");
            }
            return ds;
        }

        Shape shape() {
            Dataset ds = dataset("shape");
            float[] v = numbers(ds, "shape");
            int[] dims = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                dims[i] = Math.round(v[i]);
                if (dims[i] != v[i] || dims[i] <= 0) {
                    throw new SnnaudioException("NIR file " + file + ": " + where("shape")
                            + " must hold positive integers, got " + Arrays.toString(v));
                }
            }
            return Shape.of(dims);
        }

        Tensor matrix(String name) {
            Dataset ds = dataset(name);
            int[] dims = ds.getDimensions();
            if (dims.length != 2) {
                throw new SnnaudioException("NIR file " + file + ": " + where(name) + " must be a 2-D [out, in] matrix, got shape "
                        + Arrays.toString(dims));
            }
            return Tensor.matrix(numbers(ds, name), dims[0], dims[1]);
        }

        /** A vector of n values (any n when -1); a scalar or one-element dataset is broadcast to n. */
        Tensor vector(String name, int n) {
            Dataset ds = dataset(name);
            float[] v = numbers(ds, name);
            if (n >= 0 && v.length == 1 && n != 1) {
                float[] b = new float[n];
                Arrays.fill(b, v[0]);
                v = b;
            }
            if (n >= 0 && v.length != n) {
                throw new SnnaudioException("NIR file " + file + ": " + where(name) + " has " + v.length
                        + " values, expected " + n + " (one per neuron)");
            }
            if (v.length == 0) {
                throw new SnnaudioException("NIR file " + file + ": " + where(name) + " is empty");
            }
            return Tensor.vector(v);
        }

        Tensor optionalVector(String name, int n, float missing) {
            return g.getChildren().containsKey(name) ? vector(name, n) : Tensor.filled(n, missing);
        }

        ResetMode reset() {
            Attribute a = g.getAttribute(RESET_ATTRIBUTE);
            if (a == null) {
                return ResetMode.TO_RESET;
            }
            String v = asString(a.getData(), file, "node '" + id + "' attribute '" + RESET_ATTRIBUTE + "'");
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "subtract" -> ResetMode.SUBTRACT;
                case "to_reset" -> ResetMode.TO_RESET;
                default -> throw new SnnaudioException("NIR file " + file + ": node '" + id + "' attribute '"
                        + RESET_ATTRIBUTE + "' must be 'subtract' or 'to_reset', got '" + v + "'");
            };
        }

        private float[] numbers(Dataset ds, String name) {
            Object data = ds.getData();
            List<Float> out = new ArrayList<>();
            flatten(data, out, name);
            float[] f = new float[out.size()];
            for (int i = 0; i < f.length; i++) {
                f[i] = out.get(i);
                if (!Float.isFinite(f[i])) {
                    throw new SnnaudioException("NIR file " + file + ": " + where(name) + " value [" + i
                            + "] is not finite: " + f[i]);
                }
            }
            return f;
        }

        private void flatten(Object data, List<Float> out, String name) {
            if (data == null) {
                return;
            }
            if (data.getClass().isArray()) {
                int len = Array.getLength(data);
                for (int i = 0; i < len; i++) {
                    flatten(Array.get(data, i), out, name);
                }
            } else if (data instanceof Number num) {
                out.add(num.floatValue());
            } else if (data instanceof Boolean b) {
                out.add(b ? 1f : 0f);
            } else {
                throw new SnnaudioException("NIR file " + file + ": " + where(name) + " must be numeric, got "
                        + data.getClass().getSimpleName());
            }
        }
    }
}
