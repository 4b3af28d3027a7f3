package org.snnaudio.hardware.train;

import org.snnaudio.core.nn.Parameter;
import org.snnaudio.core.train.StepContext;
import org.snnaudio.core.train.StepHook;
import org.snnaudio.hardware.target.HardwareTarget;

import java.util.List;

/**
 * Projects weights onto a target's rules after every optimiser step (and on demand before deployment):
 * clamps {@code |w| <= max_abs}, zeroes the weights of each sign group whose sign differs from the group's
 * dominant sign, raises non-positive frontend (diagonal) weights to a small positive value and zeroes biases
 * on targets without bias currents. After a projection the weights pass the target's magnitude, sign-group,
 * frontend and bias design rules.
 */
public final class TargetProjection implements StepHook {
    private final HardwareTarget target;

    public TargetProjection(HardwareTarget target) {
        this.target = target;
    }

    @Override
    public void afterStep(StepContext ctx) {
        project(ctx.parameters(), target);
    }

    /**
     * Brings every layer within the target's weight limit without changing what the network computes:
     * a layer whose largest |weight| (input and recurrent) exceeds {@code max_abs} has its weights, bias,
     * threshold, reset value and threshold adaptation divided by {@code c = max|w| / max_abs}. With
     * subtractive or to-value reset every membrane is then {@code v / c} against a threshold {@code th / c},
     * so every spike stays where it was (a non-spiking readout's scores shrink by {@code c}, which leaves
     * their order alone), while clamping would cut the largest weights and lose what they did. Run it before
     * the first {@link #project}; it does nothing on targets without a magnitude limit.
     *
     * @return the factor {@code c} of each rescaled layer, by layer name
     */
    public static java.util.Map<String, Double> rescaleToLimit(List<Parameter> parameters, HardwareTarget t) {
        double lim = t.weights().maxAbs();
        java.util.Map<String, Double> factors = new java.util.LinkedHashMap<>();
        if (Double.isNaN(lim)) {
            return factors;
        }
        java.util.Map<String, List<Parameter>> layers = new java.util.LinkedHashMap<>();
        for (Parameter p : parameters) {
            int dot = p.name().lastIndexOf('.');
            String layer = dot < 0 ? "" : p.name().substring(0, dot);
            layers.computeIfAbsent(layer, k -> new java.util.ArrayList<>()).add(p);
        }
        for (var e : layers.entrySet()) {
            double max = 0;
            for (Parameter p : e.getValue()) {
                if (p.kind() == Parameter.Kind.WEIGHT) {
                    for (float w : p.value()) {
                        max = Math.max(max, Math.abs(w));
                    }
                }
            }
            if (!(max > lim)) {
                continue;
            }
            double c = max / lim;
            for (Parameter p : e.getValue()) {
                String leaf = p.name().substring(p.name().lastIndexOf('.') + 1);
                boolean scaled = p.kind() == Parameter.Kind.WEIGHT || p.kind() == Parameter.Kind.BIAS
                        || p.kind() == Parameter.Kind.THRESHOLD || leaf.equals("v_reset") || leaf.equals("beta_adapt");
                if (scaled) {
                    float[] v = p.value();
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) (v[i] / c);
                    }
                    // keep the clamp below exact: rounding may leave max|w| a hair above the limit
                    if (p.kind() == Parameter.Kind.WEIGHT) {
                        for (int i = 0; i < v.length; i++) {
                            v[i] = (float) Math.max(-lim, Math.min(lim, v[i]));
                        }
                    }
                }
            }
            factors.put(e.getKey(), c);
        }
        return factors;
    }

    /**
     * Per-neuron scaling for quantisers with one scale per layer: every spiking neuron's incoming weights
     * (input and recurrent column), bias, threshold and reset value are multiplied by {@code M / m_k}, where
     * {@code m_k} is the neuron's largest incoming |weight| and {@code M} the layer's. The membrane of neuron
     * {@code k} is then {@code v_k M / m_k} against a threshold scaled alike, so every spike stays where it was,
     * no weight exceeds the layer's largest (a magnitude limit still holds), and each neuron's weights use the
     * whole grid of the layer's scale: the per-channel quantisation of ANN toolchains on a core with one weight
     * scale per layer and a threshold register per neuron. Layers without a threshold (non-spiking readouts,
     * whose scores would change) and adaptive neurons are left alone; so are neurons with no weight at all.
     *
     * @return the number of neurons rescaled, by layer name
     */
    public static java.util.Map<String, Integer> equaliseNeurons(List<Parameter> parameters) {
        java.util.Map<String, java.util.Map<String, Parameter>> layers = byLayer(parameters);
        java.util.Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        for (var e : layers.entrySet()) {
            java.util.Map<String, Parameter> ps = e.getValue();
            Parameter w = ps.get("weight");
            Parameter th = ps.get("threshold");
            if (w == null || th == null || ps.containsKey("beta_adapt")) {
                continue;
            }
            int n = th.size();
            boolean diagonal = w.shape().length == 1;
            Parameter rec = ps.get("recurrent");
            int in = diagonal ? 1 : w.shape()[0];
            if ((diagonal ? w.size() : w.shape()[1]) != n) {
                continue;
            }
            double[] m = new double[n];
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < in; j++) {
                    m[k] = Math.max(m[k], Math.abs(w.value()[diagonal ? k : j * n + k]));
                }
                if (rec != null) {
                    for (int j = 0; j < n; j++) {
                        m[k] = Math.max(m[k], Math.abs(rec.value()[j * n + k]));
                    }
                }
            }
            double max = java.util.Arrays.stream(m).max().orElse(0);
            int changed = 0;
            for (int k = 0; k < n; k++) {
                if (m[k] == 0 || m[k] == max) {
                    continue;
                }
                double f = max / m[k];
                for (int j = 0; j < in; j++) {
                    int i = diagonal ? k : j * n + k;
                    w.value()[i] = (float) (w.value()[i] * f);
                }
                if (rec != null) {
                    for (int j = 0; j < n; j++) {
                        rec.value()[j * n + k] = (float) (rec.value()[j * n + k] * f);
                    }
                }
                for (String name : new String[]{"threshold", "bias", "v_reset"}) {
                    Parameter q = ps.get(name);
                    if (q != null && q.size() == n) {
                        q.value()[k] = (float) (q.value()[k] * f);
                    }
                }
                changed++;
            }
            counts.put(e.getKey(), changed);
        }
        return counts;
    }

    /**
     * The parameters named {@code LAYER.LEAF}, by layer in the order they come and by leaf within a layer
     * ({@code hidden -> {weight, threshold, ...}}); parameters without a layer prefix are left out.
     */
    static java.util.Map<String, java.util.Map<String, Parameter>> byLayer(List<Parameter> parameters) {
        java.util.Map<String, java.util.Map<String, Parameter>> layers = new java.util.LinkedHashMap<>();
        for (Parameter p : parameters) {
            int dot = p.name().lastIndexOf('.');
            if (dot > 0) {
                layers.computeIfAbsent(p.name().substring(0, dot), k -> new java.util.LinkedHashMap<>())
                        .put(p.name().substring(dot + 1), p);
            }
        }
        return layers;
    }

    /** Projects {@code parameters} in place. */
    public static void project(List<Parameter> parameters, HardwareTarget t) {
        double lim = t.weights().maxAbs();
        int size = t.weights().signGroup();
        boolean alongOutputs = t.weights().groupAxis().equals("outputs");
        for (Parameter p : parameters) {
            float[] w = p.value();
            if (p.kind() == Parameter.Kind.BIAS && !t.allowBias()) {
                java.util.Arrays.fill(w, 0f);
                continue;
            }
            if (ConstraintPenalties.isMatrix(p) || ConstraintPenalties.isDiagonal(p)) {
                if (!Double.isNaN(lim)) {
                    for (int i = 0; i < w.length; i++) {
                        w[i] = (float) Math.max(-lim, Math.min(lim, w[i]));
                    }
                }
            }
            if (ConstraintPenalties.isMatrix(p) && size > 1) {
                int in = p.shape()[0];
                int out = p.shape()[1];
                int lines = alongOutputs ? in : out;
                int len = alongOutputs ? out : in;
                for (int line = 0; line < lines; line++) {
                    for (int start = 0; start < len; start += size) {
                        int end = Math.min(len, start + size);
                        double sum = 0;
                        for (int k = start; k < end; k++) {
                            sum += w[ConstraintPenalties.index(line, k, alongOutputs, out)];
                        }
                        for (int k = start; k < end; k++) {
                            int i = ConstraintPenalties.index(line, k, alongOutputs, out);
                            if (w[i] * sum < 0) {
                                w[i] = 0;
                            }
                        }
                    }
                }
            }
            if (ConstraintPenalties.isDiagonal(p) && t.frontend() != null && t.frontend().positiveDiagonal()) {
                for (int i = 0; i < w.length; i++) {
                    if (w[i] <= 0) {
                        w[i] = 1e-3f;
                    }
                }
            }
        }
    }
}
