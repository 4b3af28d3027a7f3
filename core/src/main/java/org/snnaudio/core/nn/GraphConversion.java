package org.snnaudio.core.nn;

import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.model.Graph;
import org.snnaudio.core.model.Node;
import org.snnaudio.core.model.ResetMode;
import org.snnaudio.core.model.Shape;
import org.snnaudio.core.model.Tensor;
import org.snnaudio.core.neuron.AdaptiveLif;
import org.snnaudio.core.neuron.CubaLi;
import org.snnaudio.core.neuron.CubaLif;
import org.snnaudio.core.neuron.If;
import org.snnaudio.core.neuron.Li;
import org.snnaudio.core.neuron.Lif;
import org.snnaudio.core.neuron.NeuronModel;

import java.util.ArrayList;
import java.util.List;

/**
 * Network to and from the model vocabulary. A layer called {@code hidden} becomes a synapse node
 * {@code hidden.fc} (Affine with bias, Linear without; Diagonal for a diagonal synapse with bias, NIR's
 * Scale without), a neuron node
 * {@code hidden} and, when recurrent, a Linear node {@code hidden.rec} on the cycle
 * {@code hidden -> hidden.rec -> hidden}. Matrices are NIR's {@code [out, in]}.
 *
 * <p>NIR's neuron ODEs scale their input by {@code r} (and {@code w_in}); our discrete update adds the
 * input directly. With exact decay per equation, {@code r = 1/(1-beta)} and {@code w_in = 1/(1-alpha)}
 * (IF: {@code r = 1/dt}) make NIR's ODE give our update, so {@link #toGraph} writes those and
 * {@link #fromGraph} folds any other gain {@code g} (for example snnTorch's {@code r = tau/dt}) into the
 * incoming weights and bias. A nonzero {@code v_leak} is not supported.
 */
final class GraphConversion {
    private GraphConversion() {
    }

    static Graph toGraph(Network net) {
        double dt = net.options().discretisation().dt();
        Graph.Builder g = Graph.builder();
        g.node("input", new Node.Input(Shape.of(net.inputs())));
        String prev = "input";
        for (Layer L : net.layers) {
            L.prepare(net.options().discretisation(), false, true);
            int n = L.n;
            String fc = L.name + ".fc";
            float[] w = L.weight.value();
            if (L.diagonal()) {
                g.node(fc, L.bias == null ? new Node.Scale(Tensor.vector(w)) : new Node.Diagonal(Tensor.vector(w),
                        Tensor.vector(L.bias.value())));
            } else {
                Tensor wt = Tensor.matrix(transpose(w, L.in, n), n, L.in);
                g.node(fc, L.bias == null ? new Node.Linear(wt) : new Node.Affine(wt, Tensor.vector(L.bias.value())));
            }
            g.node(L.name, neuronNode(L, dt));
            g.edge(prev, fc).edge(fc, L.name);
            if (L.recurrent != null) {
                String rec = L.name + ".rec";
                g.node(rec, new Node.Linear(Tensor.matrix(transpose(L.recurrent.value(), n, n), n, n)));
                g.edge(L.name, rec).edge(rec, L.name);
            }
            prev = L.name;
        }
        g.node("output", new Node.Output(Shape.of(net.classes())));
        g.edge(prev, "output");
        return g.build();
    }

    private static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = a[r * cols + c];
            }
        }
        return t;
    }

    private static Node neuronNode(Layer L, double dt) {
        int n = L.n;
        float[] r = new float[n];
        float[] wIn = new float[n];
        for (int i = 0; i < n; i++) {
            r[i] = L.leaky ? (float) (1.0 / (1.0 - L.beta[i])) : (float) (1.0 / dt);
            wIn[i] = L.cuba ? (float) (1.0 / (1.0 - L.alpha[i])) : 1f;
        }
        Tensor zero = Tensor.filled(n, 0);
        Tensor rt = Tensor.vector(r);
        return switch (L.model) {
            case Lif m -> new Node.LIF(v(L.tauMem), rt, zero, v(L.threshold), v(L.vReset), L.reset);
            case CubaLif m -> new Node.CubaLIF(v(L.tauSyn), v(L.tauMem), rt, zero, v(L.threshold), v(L.vReset),
                    Tensor.vector(wIn), L.reset);
            case AdaptiveLif m -> new Node.AdaptiveLIF(v(L.tauMem), rt, zero, v(L.threshold), v(L.vReset), v(L.tauAdapt),
                    v(L.betaAdapt), L.reset);
            case If m -> new Node.IF(rt, v(L.threshold), v(L.vReset), L.reset);
            case Li m -> new Node.LI(v(L.tauMem), rt, zero);
            case CubaLi m -> new Node.CubaLI(v(L.tauSyn), v(L.tauMem), rt, zero, Tensor.vector(wIn));
        };
    }

    private static Tensor v(Parameter p) {
        return Tensor.vector(p.value());
    }

    // ------------------------------------------------------------------ from graph

    private record Parsed(LayerSpec spec, Node synapse, Node neuron, Node.Linear rec) {
    }

    static Network fromGraph(Graph graph, NetworkOptions options) {
        List<String> ins = graph.inputIds();
        List<String> outs = graph.outputIds();
        if (ins.size() != 1 || outs.size() != 1) {
            throw new SnnaudioException("graph: a network needs exactly one Input and one Output node, got "
                    + ins.size() + " and " + outs.size());
        }
        int inputs = graph.node(ins.get(0)).outputShape().size();
        List<Parsed> layers = new ArrayList<>();
        String prev = ins.get(0);
        while (true) {
            List<String> next = graph.successors(prev).stream()
                    .filter(id -> !(graph.node(id) instanceof Node.Linear && graph.successors(id).contains(layersLast(layers))))
                    .toList();
            if (next.size() != 1) {
                throw new SnnaudioException("graph: node '" + prev + "' must lead to exactly one synapse node, got " + next);
            }
            String synId = next.get(0);
            Node syn = graph.node(synId);
            if (syn instanceof Node.Output) {
                break;
            }
            if (!(syn instanceof Node.Affine || syn instanceof Node.Linear || syn instanceof Node.Diagonal
                    || syn instanceof Node.Scale)) {
                throw new SnnaudioException("graph: node '" + synId + "' (" + syn.typeName() + ") after '" + prev
                        + "' must be a synapse (Affine, Linear, Diagonal or Scale)");
            }
            List<String> after = graph.successors(synId);
            if (after.size() != 1) {
                throw new SnnaudioException("graph: synapse '" + synId + "' must lead to exactly one neuron node, got " + after);
            }
            String nid = after.get(0);
            Node neuron = graph.node(nid);
            Node.Linear rec = null;
            for (String p : graph.predecessors(nid)) {
                if (p.equals(synId)) {
                    continue;
                }
                if (graph.node(p) instanceof Node.Linear lin && graph.predecessors(p).equals(List.of(nid))) {
                    rec = lin;
                } else {
                    throw new SnnaudioException("graph: neuron node '" + nid + "' has an input from '" + p
                            + "' that is neither its synapse nor a Linear recurrence from itself");
                }
            }
            layers.add(new Parsed(spec(nid, syn, neuron, rec, options.discretisation().dt()), syn, neuron, rec));
            prev = nid;
        }
        if (layers.isEmpty()) {
            throw new SnnaudioException("graph: no layer between Input and Output");
        }
        Network net = Network.create(inputs, layers.stream().map(Parsed::spec).toList(), options);
        double dt = options.discretisation().dt();
        for (int l = 0; l < layers.size(); l++) {
            load(net.layers.get(l), layers.get(l), dt);
        }
        return net;
    }

    private static String layersLast(List<Parsed> layers) {
        return layers.isEmpty() ? "" : layers.get(layers.size() - 1).spec.name();
    }

    private static LayerSpec spec(String id, Node syn, Node neuron, Node.Linear rec, double dt) {
        if (!id.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw new SnnaudioException("graph: neuron node id '" + id + "' must be a letter followed by letters, "
                    + "digits or _ to name a layer");
        }
        NeuronModel model;
        try {
            model = switch (neuron) {
                case Node.LIF m -> new Lif(m.tau().get(0), m.vThreshold().get(0), m.reset(), m.vReset().get(0));
                case Node.CubaLIF m -> new CubaLif(m.tauSyn().get(0), m.tauMem().get(0), m.vThreshold().get(0), m.reset(),
                        m.vReset().get(0));
                case Node.AdaptiveLIF m -> new AdaptiveLif(m.tau().get(0), m.tauAdapt().get(0), m.betaAdapt().get(0),
                        m.vThreshold().get(0), m.reset(), m.vReset().get(0));
                case Node.IF m -> new If(m.vThreshold().get(0), m.reset(), m.vReset().get(0));
                case Node.LI m -> new Li(m.tau().get(0));
                case Node.CubaLI m -> new CubaLi(m.tauSyn().get(0), m.tauMem().get(0));
                default -> throw new SnnaudioException("graph: node '" + id + "' after a synapse must be a neuron "
                        + "(LIF, CubaLIF, AdaptiveLIF, IF, LI, CubaLI), got " + neuron.typeName());
            };
        } catch (IllegalArgumentException e) {
            throw new SnnaudioException("graph: node '" + id + "': " + e.getMessage(), e);
        }
        Tensor vLeak = switch (neuron) {
            case Node.LIF m -> m.vLeak();
            case Node.CubaLIF m -> m.vLeak();
            case Node.AdaptiveLIF m -> m.vLeak();
            case Node.LI m -> m.vLeak();
            case Node.CubaLI m -> m.vLeak();
            default -> null;
        };
        if (vLeak != null && !vLeak.allEqual(0f)) {
            throw new SnnaudioException("graph: node '" + id + "' has a nonzero v_leak, which the engine does not support");
        }
        boolean diagonal = syn instanceof Node.Diagonal || syn instanceof Node.Scale;
        boolean bias = syn instanceof Node.Affine || syn instanceof Node.Diagonal;
        return new LayerSpec(id, neuron.inputShape().size(), diagonal ? Synapse.DIAGONAL : Synapse.DENSE, rec != null,
                bias, model, 1.0);
    }

    private static void load(Layer L, Parsed p, double dt) {
        int n = L.n;
        Node nd = p.neuron();
        switch (nd) {
            case Node.LIF m -> setAll(L, m.tau(), null, m.vThreshold(), m.vReset(), null, null);
            case Node.CubaLIF m -> setAll(L, m.tauMem(), m.tauSyn(), m.vThreshold(), m.vReset(), null, null);
            case Node.AdaptiveLIF m -> setAll(L, m.tau(), null, m.vThreshold(), m.vReset(), m.tauAdapt(), m.betaAdapt());
            case Node.IF m -> setAll(L, null, null, m.vThreshold(), m.vReset(), null, null);
            case Node.LI m -> setAll(L, m.tau(), null, null, null, null, null);
            case Node.CubaLI m -> setAll(L, m.tauMem(), m.tauSyn(), null, null, null, null);
            default -> throw new SnnaudioException("graph: unexpected neuron node " + nd.typeName());
        }
        double[] gain = new double[n];
        for (int i = 0; i < n; i++) {
            double g = switch (nd) {
                case Node.LIF m -> (1 - decay(m.tau().get(i), dt)) * m.r().get(i);
                case Node.AdaptiveLIF m -> (1 - decay(m.tau().get(i), dt)) * m.r().get(i);
                case Node.LI m -> (1 - decay(m.tau().get(i), dt)) * m.r().get(i);
                case Node.CubaLIF m -> (1 - decay(m.tauSyn().get(i), dt)) * m.wIn().get(i)
                        * (1 - decay(m.tauMem().get(i), dt)) * m.r().get(i);
                case Node.CubaLI m -> (1 - decay(m.tauSyn().get(i), dt)) * m.wIn().get(i)
                        * (1 - decay(m.tauMem().get(i), dt)) * m.r().get(i);
                case Node.IF m -> dt * m.r().get(i);
                default -> 1;
            };
            // the gain of a graph written by toGraph is 1 up to float rounding of r: keep weights bit-exact then
            gain[i] = Math.abs(g - 1) < 1e-5 ? 1 : g;
        }
        float[] w = L.weight.value();
        switch (p.synapse()) {
            case Node.Affine a -> {
                loadMatrix(a.weight(), w, L.in, n, gain);
                for (int i = 0; i < n; i++) {
                    L.bias.value()[i] = (float) (gain[i] * a.bias().get(i));
                }
            }
            case Node.Linear lin -> loadMatrix(lin.weight(), w, L.in, n, gain);
            case Node.Diagonal d -> {
                for (int i = 0; i < n; i++) {
                    w[i] = (float) (gain[i] * d.weight().get(i));
                    if (L.bias != null) {
                        L.bias.value()[i] = (float) (gain[i] * d.bias().get(i));
                    }
                }
            }
            case Node.Scale s -> {
                for (int i = 0; i < n; i++) {
                    w[i] = (float) (gain[i] * s.scale().get(i));
                }
            }
            default -> throw new SnnaudioException("graph: unexpected synapse node " + p.synapse().typeName());
        }
        if (p.rec() != null) {
            loadMatrix(p.rec().weight(), L.recurrent.value(), n, n, gain);
        }
    }

    private static double decay(double tau, double dt) {
        return Math.exp(-dt / tau);
    }

    /** NIR {@code [out, in]} into our {@code [in, out]} rows, scaling neuron {@code i}'s inputs by {@code gain[i]}. */
    private static void loadMatrix(Tensor t, float[] dst, int in, int n, double[] gain) {
        if (t.dim(0) != n || t.dim(1) != in) {
            throw new SnnaudioException("graph: weight of shape [" + t.dim(0) + ", " + t.dim(1) + "] where [" + n + ", "
                    + in + "] was expected");
        }
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < in; c++) {
                float v = t.get(i, c);
                dst[c * n + i] = gain[i] == 1 ? v : (float) (gain[i] * v);
            }
        }
    }

    private static void setAll(Layer L, Tensor tauMem, Tensor tauSyn, Tensor thr, Tensor vReset, Tensor tauAdapt,
                               Tensor betaAdapt) {
        copy(tauMem, L.tauMem);
        copy(tauSyn, L.tauSyn);
        copy(thr, L.threshold);
        copy(vReset, L.vReset);
        copy(tauAdapt, L.tauAdapt);
        copy(betaAdapt, L.betaAdapt);
    }

    private static void copy(Tensor t, Parameter p) {
        if (t != null && p != null) {
            float[] v = p.value();
            for (int i = 0; i < v.length; i++) {
                v[i] = t.get(i);
            }
        }
    }

}
