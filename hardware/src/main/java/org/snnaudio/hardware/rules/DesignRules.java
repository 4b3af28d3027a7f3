package org.snnaudio.hardware.rules;

import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.model.Graph;
import org.snnaudio.core.model.Node;
import org.snnaudio.core.model.ResetMode;
import org.snnaudio.core.model.Tensor;
import org.snnaudio.hardware.target.HardwareTarget;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Design-rule checks of a model graph against a {@link HardwareTarget}: small named rules, each adding
 * every violation it finds, so one check reports everything that stands between the model and the chip.
 * All violations are errors.
 */
public final class DesignRules {
    /** One broken rule at one node. */
    public record Violation(String rule, String node, String message) {
        @Override
        public String toString() {
            return "[" + rule + "] " + node + ": " + message;
        }
    }

    private DesignRules() {
    }

    /** Names of the rules, in the order they run. */
    public static final List<String> RULES = List.of("node-types", "reset-rule", "bias", "recurrence", "layer-size",
            "neuron-count", "fan-in", "input-channels", "frontend", "weight-magnitude", "sign-groups", "decay-range");

    /** Every violation of every rule; empty when the graph fits the target. */
    public static List<Violation> check(Graph g, HardwareTarget t, double dt) {
        List<Violation> v = new ArrayList<>();
        int totalNeurons = 0;
        for (Map.Entry<String, Node> e : g.nodes().entrySet()) {
            String id = e.getKey();
            Node n = e.getValue();
            switch (n) {
                case Node.Input in -> {
                    int ch = in.shape().size();
                    if (t.limits().inputChannels() > 0 && ch > t.limits().inputChannels()) {
                        v.add(new Violation("input-channels", id, ch + " input channels > the target's "
                                + t.limits().inputChannels()));
                    }
                }
                case Node.Output o -> {
                }
                case Node.Affine a -> {
                    checkWeights(id, a.weight(), t, v);
                    if (!t.allowBias() && !a.bias().allEqual(0f)) {
                        v.add(new Violation("bias", id, "non-zero bias, but target " + t.name() + " has no bias currents"));
                    }
                }
                case Node.Linear l -> checkWeights(id, l.weight(), t, v);
                case Node.Scale s -> checkMagnitude(id, s.scale(), t, v);
                case Node.Diagonal d -> {
                    checkMagnitude(id, d.weight(), t, v);
                    if (!t.allowBias() && !d.bias().allEqual(0f)) {
                        v.add(new Violation("bias", id, "non-zero bias, but target " + t.name() + " has no bias currents"));
                    }
                }
                case Node.Threshold th -> v.add(new Violation("node-types", id,
                        "Threshold nodes have no hardware mapping"));
                default -> {
                    String type = n.typeName();
                    int size = n.inputShape().size();
                    totalNeurons += size;
                    if (!t.neuronTypes().contains(type)) {
                        v.add(new Violation("node-types", id, type + " neurons are not implemented by target " + t.name()
                                + " (it has " + t.neuronTypes() + ")"));
                    }
                    ResetMode r = reset(n);
                    if (r != null && r != t.reset()) {
                        v.add(new Violation("reset-rule", id, "reset " + r + " but the target's neurons reset by "
                                + t.reset()));
                    }
                    if (t.limits().neuronsPerLayer() > 0 && size > t.limits().neuronsPerLayer()) {
                        v.add(new Violation("layer-size", id, size + " neurons > the target's " + t.limits().neuronsPerLayer()
                                + " per layer"));
                    }
                    checkDecays(id, n, t, dt, v);
                }
            }
        }
        if (t.limits().neurons() > 0 && totalNeurons > t.limits().neurons()) {
            v.add(new Violation("neuron-count", "(graph)", totalNeurons + " neurons > the target's " + t.limits().neurons()));
        }
        if (!t.recurrent() && g.hasCycle()) {
            v.add(new Violation("recurrence", "(graph)", "the graph has a recurrent cycle; target " + t.name()
                    + " is feed-forward only"));
        }
        checkFrontend(g, t, v);
        // re-order by rule so reports group by rule
        List<Violation> sorted = new ArrayList<>(v);
        sorted.sort(java.util.Comparator.comparingInt(x -> RULES.indexOf(x.rule())));
        return sorted;
    }

    /** Throws an {@link SnnaudioException} listing every violation, when there are any. */
    public static void require(Graph g, HardwareTarget t, double dt) {
        List<Violation> v = check(g, t, dt);
        if (!v.isEmpty()) {
            StringBuilder sb = new StringBuilder("the model breaks " + v.size() + " design rule"
                    + (v.size() > 1 ? "s" : "") + " of target " + t.name() + ":");
            for (Violation x : v) {
                sb.append("\n  ").append(x);
            }
            throw new SnnaudioException(sb.toString());
        }
    }

    private static ResetMode reset(Node n) {
        return switch (n) {
            case Node.LIF l -> l.reset();
            case Node.CubaLIF c -> c.reset();
            case Node.IF f -> f.reset();
            case Node.AdaptiveLIF a -> a.reset();
            default -> null;
        };
    }

    private static void checkWeights(String id, Tensor w, HardwareTarget t, List<Violation> v) {
        checkMagnitude(id, w, t, v);
        int rows = w.dim(0);
        int cols = w.dim(1);
        if (t.limits().fanIn() > 0) {
            for (int r = 0; r < rows; r++) {
                int nz = 0;
                for (int c = 0; c < cols; c++) {
                    nz += w.get(r, c) != 0 ? 1 : 0;
                }
                if (nz > t.limits().fanIn()) {
                    v.add(new Violation("fan-in", id, "neuron " + r + " has " + nz + " input synapses > the target's "
                            + t.limits().fanIn()));
                }
            }
        }
        int g = t.weights().signGroup();
        if (g > 1) {
            boolean alongOutputs = t.weights().groupAxis().equals("outputs");
            int lines = alongOutputs ? cols : rows;
            int len = alongOutputs ? rows : cols;
            int bad = 0;
            String first = null;
            for (int line = 0; line < lines; line++) {
                for (int start = 0; start < len; start += g) {
                    boolean pos = false;
                    boolean neg = false;
                    for (int k = start; k < Math.min(len, start + g); k++) {
                        float x = alongOutputs ? w.get(k, line) : w.get(line, k);
                        pos |= x > 0;
                        neg |= x < 0;
                    }
                    if (pos && neg) {
                        bad++;
                        if (first == null) {
                            first = (alongOutputs ? "input " + line + ", outputs " : "output " + line + ", inputs ")
                                    + start + ".." + (Math.min(len, start + g) - 1);
                        }
                    }
                }
            }
            if (bad > 0) {
                v.add(new Violation("sign-groups", id, bad + " group(s) of " + g + " contiguous synapses mix signs (first: "
                        + first + ")"));
            }
        }
    }

    private static void checkMagnitude(String id, Tensor w, HardwareTarget t, List<Violation> v) {
        double lim = t.weights().maxAbs();
        if (!Double.isNaN(lim)) {
            int over = 0;
            float worst = 0;
            for (int i = 0; i < w.size(); i++) {
                if (Math.abs(w.get(i)) > lim) {
                    over++;
                    worst = Math.max(worst, Math.abs(w.get(i)));
                }
            }
            if (over > 0) {
                v.add(new Violation("weight-magnitude", id, over + " weight(s) exceed |w| <= " + lim + " (largest "
                        + worst + ")"));
            }
        }
    }

    private static void checkDecays(String id, Node n, HardwareTarget t, double dt, List<Violation> v) {
        Tensor[] taus = switch (n) {
            case Node.LIF l -> new Tensor[]{l.tau()};
            case Node.LI l -> new Tensor[]{l.tau()};
            case Node.CubaLIF c -> new Tensor[]{c.tauSyn(), c.tauMem()};
            case Node.CubaLI c -> new Tensor[]{c.tauSyn(), c.tauMem()};
            case Node.AdaptiveLIF a -> new Tensor[]{a.tau()};
            default -> new Tensor[0];
        };
        for (Tensor tau : taus) {
            double worst = 0;
            int bad = 0;
            for (int i = 0; i < tau.size(); i++) {
                double beta = Math.exp(-dt / tau.get(i));
                double k = -Math.log(1 - beta) / Math.log(2);
                if (Math.round(k) > t.maxShift()) {
                    bad++;
                    worst = Math.max(worst, tau.get(i));
                }
            }
            if (bad > 0) {
                v.add(new Violation("decay-range", id, bad + " time constant(s) up to " + worst + " s need a decay shift > "
                        + t.maxShift() + " at dt = " + dt + " s"));
            }
        }
    }

    private static void checkFrontend(Graph g, HardwareTarget t, List<Violation> v) {
        HardwareTarget.Frontend fe = t.frontend();
        if (fe == null) {
            return;
        }
        for (String in : g.inputIds()) {
            int ch = g.node(in).outputShape().size();
            if (ch > fe.channels()) {
                v.add(new Violation("frontend", in, ch + " input channels > the frontend's " + fe.channels() + " filters"));
            }
            if (!fe.positiveDiagonal()) {
                continue;
            }
            for (String s : g.successors(in)) {
                Node n = g.node(s);
                Tensor w = switch (n) {
                    case Node.Diagonal d -> d.weight();
                    case Node.Scale sc -> sc.scale();
                    default -> null;
                };
                if (w == null) {
                    v.add(new Violation("frontend", s, "the input must feed a one-to-one (Diagonal or Scale) synapse, got "
                            + n.typeName()));
                } else if (w.min() <= 0) {
                    int bad = 0;
                    for (int i = 0; i < w.size(); i++) {
                        bad += w.get(i) <= 0 ? 1 : 0;
                    }
                    v.add(new Violation("frontend", s, bad + " frontend weight(s) are not positive (smallest " + w.min() + ")"));
                }
            }
        }
    }
}
