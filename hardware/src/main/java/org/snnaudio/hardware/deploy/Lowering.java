package org.snnaudio.hardware.deploy;

import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.model.Graph;
import org.snnaudio.core.model.Node;
import org.snnaudio.core.model.ResetMode;
import org.snnaudio.core.model.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lowers a model {@link Graph} to a {@link LayeredNetwork}: chains of synapse nodes (Affine, Linear,
 * Scale, Diagonal) between populations are multiplied into one matrix, and each neuron's input gain is
 * folded into its rows. Gains follow the engine's discretisation with exact exponential decay
 * ({@code alpha = exp(-dt/tau_syn)}, {@code beta = exp(-dt/tau_mem)}): LIF and LI {@code (1-beta) r},
 * CubaLIF and CubaLI {@code (1-alpha) w_in (1-beta) r}, IF {@code r dt}; so a graph exported by the engine
 * (NIR convention {@code r = 1/(1-beta)}, {@code w_in = 1/(1-alpha)}, IF {@code r = 1/dt}) has gain 1.
 */
public final class Lowering {
    private Lowering() {
    }

    /** Lowers {@code graph} for time step {@code dt} seconds. */
    public static LayeredNetwork lower(Graph graph, double dt) {
        if (!(dt > 0)) {
            throw new SnnaudioException("time step must be > 0 s, got " + dt);
        }
        List<String> inputs = graph.inputIds();
        if (inputs.size() != 1) {
            throw new SnnaudioException("hardware deployment needs exactly one Input node, the graph has " + inputs.size());
        }
        List<String> outputs = graph.outputIds();
        if (outputs.size() != 1) {
            throw new SnnaudioException("hardware deployment needs exactly one Output node, the graph has " + outputs.size());
        }
        String inputId = inputs.get(0);
        // update order: populations in breadth-first order from the input
        List<String> order = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Deque<String> queue = new ArrayDeque<>(List.of(inputId));
        seen.add(inputId);
        while (!queue.isEmpty()) {
            String id = queue.poll();
            if (isPopulation(graph.node(id)) && !(graph.node(id) instanceof Node.Input)) {
                order.add(id);
            }
            for (String s : graph.successors(id)) {
                if (seen.add(s)) {
                    queue.add(s);
                }
            }
        }
        for (var e : graph.nodes().entrySet()) {
            if (!seen.contains(e.getKey())) {
                throw new SnnaudioException("node '" + e.getKey() + "' (" + e.getValue().typeName()
                        + ") is not reachable from the input '" + inputId + "'");
            }
            if (e.getValue() instanceof Node.Threshold || e.getValue() instanceof Node.AdaptiveLIF) {
                throw new SnnaudioException("node '" + e.getKey() + "' (" + e.getValue().typeName()
                        + ") has no hardware mapping");
            }
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            index.put(order.get(i), i);
        }
        index.put(inputId, LayeredNetwork.INPUT);

        List<LayeredNetwork.Layer> layers = new ArrayList<>();
        for (int li = 0; li < order.size(); li++) {
            String id = order.get(li);
            Node node = graph.node(id);
            int n = node.inputShape().size();
            Terms terms = new Terms(n);
            for (String p : graph.predecessors(id)) {
                terms.add(expand(graph, p, new HashSet<>(Set.of(id))));
            }
            layers.add(layer(id, node, n, terms, index, li, dt));
        }
        String outId = outputs.get(0);
        List<String> outPreds = graph.predecessors(outId);
        if (outPreds.size() != 1 || !index.containsKey(outPreds.get(0)) || outPreds.get(0).equals(inputId)) {
            throw new SnnaudioException("the Output node '" + outId + "' must be fed by exactly one neuron layer, got "
                    + outPreds);
        }
        return new LayeredNetwork(graph.node(inputId).outputShape().size(), layers, index.get(outPreds.get(0)), dt);
    }

    static boolean isPopulation(Node n) {
        return switch (n) {
            case Node.Input i -> true;
            case Node.LIF l -> true;
            case Node.CubaLIF c -> true;
            case Node.LI l -> true;
            case Node.CubaLI c -> true;
            case Node.IF f -> true;
            default -> false;
        };
    }

    /** A sum of matrices from source populations plus a bias, all with {@code rows} rows. */
    private static final class Terms {
        final int rows;
        final Map<String, double[][]> bySource = new LinkedHashMap<>();
        final Map<String, List<String>> origin = new LinkedHashMap<>();
        final double[] bias;

        Terms(int rows) {
            this.rows = rows;
            this.bias = new double[rows];
        }

        void add(Terms t) {
            for (var e : t.bySource.entrySet()) {
                double[][] m = bySource.get(e.getKey());
                if (m == null) {
                    bySource.put(e.getKey(), e.getValue());
                    origin.put(e.getKey(), new ArrayList<>(t.origin.get(e.getKey())));
                } else {
                    for (int r = 0; r < rows; r++) {
                        for (int c = 0; c < m[r].length; c++) {
                            m[r][c] += e.getValue()[r][c];
                        }
                    }
                    origin.get(e.getKey()).addAll(t.origin.get(e.getKey()));
                }
            }
            for (int r = 0; r < rows; r++) {
                bias[r] += t.bias[r];
            }
        }
    }

    /** What node {@code id}'s output is, as terms over source populations. */
    private static Terms expand(Graph g, String id, Set<String> path) {
        Node node = g.node(id);
        int out = node.outputShape().size();
        if (isPopulation(node)) {
            Terms t = new Terms(out);
            double[][] eye = new double[out][out];
            for (int i = 0; i < out; i++) {
                eye[i][i] = 1;
            }
            t.bySource.put(id, eye);
            t.origin.put(id, new ArrayList<>());
            return t;
        }
        if (!path.add(id)) {
            throw new SnnaudioException("synapse node '" + id + "' is on a cycle without a neuron (an algebraic loop)");
        }
        Terms inner = new Terms(node.inputShape().size());
        for (String p : g.predecessors(id)) {
            inner.add(expand(g, p, path));
        }
        path.remove(id);
        Terms t = new Terms(out);
        double[] b;
        switch (node) {
            case Node.Affine a -> {
                multiply(a.weight(), inner, t);
                b = a.bias().toDoubleArray();
            }
            case Node.Linear l -> {
                multiply(l.weight(), inner, t);
                b = new double[out];
            }
            case Node.Scale s -> {
                scale(s.scale(), inner, t);
                b = new double[out];
            }
            case Node.Diagonal d -> {
                scale(d.weight(), inner, t);
                b = d.bias().toDoubleArray();
            }
            default -> throw new SnnaudioException("node '" + id + "' (" + node.typeName()
                    + ") cannot sit between neuron layers on hardware");
        }
        for (var e : t.origin.values()) {
            e.add(id);
        }
        for (int r = 0; r < out; r++) {
            t.bias[r] += b[r];
        }
        return t;
    }

    private static void multiply(Tensor w, Terms inner, Terms t) {
        int out = w.dim(0);
        int in = w.dim(1);
        for (var e : inner.bySource.entrySet()) {
            double[][] m = e.getValue();
            int cols = m[0].length;
            double[][] r = new double[out][cols];
            for (int i = 0; i < out; i++) {
                for (int k = 0; k < in; k++) {
                    double wik = w.get(i, k);
                    if (wik != 0) {
                        for (int c = 0; c < cols; c++) {
                            r[i][c] += wik * m[k][c];
                        }
                    }
                }
            }
            t.bySource.put(e.getKey(), r);
            t.origin.put(e.getKey(), new ArrayList<>(inner.origin.get(e.getKey())));
        }
        for (int i = 0; i < out; i++) {
            for (int k = 0; k < in; k++) {
                t.bias[i] += w.get(i, k) * inner.bias[k];
            }
        }
    }

    private static void scale(Tensor s, Terms inner, Terms t) {
        for (var e : inner.bySource.entrySet()) {
            double[][] m = e.getValue();
            double[][] r = new double[m.length][];
            for (int i = 0; i < m.length; i++) {
                r[i] = m[i].clone();
                for (int c = 0; c < r[i].length; c++) {
                    r[i][c] *= s.get(i);
                }
            }
            t.bySource.put(e.getKey(), r);
            t.origin.put(e.getKey(), new ArrayList<>(inner.origin.get(e.getKey())));
        }
        for (int i = 0; i < inner.rows; i++) {
            t.bias[i] += s.get(i) * inner.bias[i];
        }
    }

    private static LayeredNetwork.Layer layer(String id, Node node, int n, Terms terms, Map<String, Integer> index, int li,
                                              double dt) {
        double[] alpha = new double[n];
        double[] beta = new double[n];
        double[] gain = new double[n];
        double[] th = new double[n];
        double[] vr = new double[n];
        double[] leakBias = new double[n];
        ResetMode reset = ResetMode.SUBTRACT;
        boolean spiking = true;
        String type = node.typeName();
        switch (node) {
            case Node.LIF l -> {
                for (int i = 0; i < n; i++) {
                    beta[i] = Math.exp(-dt / l.tau().get(i));
                    gain[i] = (1 - beta[i]) * l.r().get(i);
                    leakBias[i] = (1 - beta[i]) * l.vLeak().get(i);
                }
                copy(l.vThreshold(), th);
                copy(l.vReset(), vr);
                reset = l.reset();
            }
            case Node.LI l -> {
                for (int i = 0; i < n; i++) {
                    beta[i] = Math.exp(-dt / l.tau().get(i));
                    gain[i] = (1 - beta[i]) * l.r().get(i);
                    leakBias[i] = (1 - beta[i]) * l.vLeak().get(i);
                }
                spiking = false;
            }
            case Node.CubaLIF c -> {
                requireZero(id, "v_leak", c.vLeak());
                for (int i = 0; i < n; i++) {
                    alpha[i] = Math.exp(-dt / c.tauSyn().get(i));
                    beta[i] = Math.exp(-dt / c.tauMem().get(i));
                    gain[i] = (1 - alpha[i]) * c.wIn().get(i) * (1 - beta[i]) * c.r().get(i);
                }
                copy(c.vThreshold(), th);
                copy(c.vReset(), vr);
                reset = c.reset();
            }
            case Node.CubaLI c -> {
                requireZero(id, "v_leak", c.vLeak());
                for (int i = 0; i < n; i++) {
                    alpha[i] = Math.exp(-dt / c.tauSyn().get(i));
                    beta[i] = Math.exp(-dt / c.tauMem().get(i));
                    gain[i] = (1 - alpha[i]) * c.wIn().get(i) * (1 - beta[i]) * c.r().get(i);
                }
                spiking = false;
            }
            case Node.IF f -> {
                Arrays.fill(beta, 1);
                for (int i = 0; i < n; i++) {
                    gain[i] = f.r().get(i) * dt;
                }
                copy(f.vThreshold(), th);
                copy(f.vReset(), vr);
                reset = f.reset();
            }
            default -> throw new IllegalStateException("not a population: " + type);
        }
        List<LayeredNetwork.Projection> projections = new ArrayList<>();
        for (var e : terms.bySource.entrySet()) {
            double[][] m = e.getValue();
            int cols = m[0].length;
            double[] w = new double[n * cols];
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < cols; c++) {
                    w[r * cols + c] = gain[r] * m[r][c];
                }
            }
            int src = index.get(e.getKey());
            projections.add(new LayeredNetwork.Projection(src, w, n, cols, src >= li, terms.origin.get(e.getKey())));
        }
        double[] bias = new double[n];
        for (int r = 0; r < n; r++) {
            bias[r] = gain[r] * terms.bias[r] + leakBias[r];
        }
        return new LayeredNetwork.Layer(id, type, n, alpha, beta, th, vr, reset, spiking, bias, projections);
    }

    private static void requireZero(String id, String name, Tensor t) {
        if (!t.allEqual(0f)) {
            throw new SnnaudioException("node '" + id + "': " + name + " must be 0 for hardware deployment, got "
                    + Arrays.toString(t.toArray()));
        }
    }

    private static void copy(Tensor t, double[] dst) {
        for (int i = 0; i < dst.length; i++) {
            dst[i] = t.get(i);
        }
    }
}
