package org.snnaudio.hardware.train;

import org.snnaudio.core.neuron.Discretisation;
import org.snnaudio.core.nn.Parameter;
import org.snnaudio.hardware.target.HardwareTarget;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One chip's device mismatch on a network's parameters: a factor {@code 1 + sigma z} per weight (each synapse),
 * threshold and time constant (each neuron), drawn once from the target's spreads ({@code z} standard normal;
 * a time constant's factor is kept above 0). The same perturbation {@link Mismatch#draw} applies to a graph, here
 * on the parameters a trainer updates, so that training can run on a fresh chip per batch
 * ({@link MismatchAwareTraining}) or on one chip throughout ({@link ChipInTheLoop}).
 *
 * <p>{@link #applyTo} multiplies the parameters in place and returns the handle that restores the nominal
 * values. A graph neuron's input gain {@code r} stays fixed when its time constant is drawn, so a drawn
 * {@code tau'} also changes the input per step by {@code (1 - decay(tau')) / (1 - decay(tau))} (the product over
 * both time constants of a current-based neuron); the engine's inputs are not scaled by {@code 1 - beta}, so with
 * {@code tauGain} that factor is applied to every incoming weight, recurrent weight and bias of the neuron, and the
 * network runs exactly as the drawn graph does. Without it a drawn time constant changes the leak alone.
 */
public final class DrawnChip {
    private final Map<String, double[]> factors;

    private DrawnChip(Map<String, double[]> factors) {
        this.factors = factors;
    }

    /**
     * Draws a chip for {@code parameters}: in their order, for each weight, threshold and time constant whose
     * spread is not 0, one factor per value from {@code rng}.
     */
    public static DrawnChip draw(List<Parameter> parameters, HardwareTarget.Mismatch m, SplittableRandom rng) {
        Map<String, double[]> f = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            double sigma = switch (p.kind()) {
                case WEIGHT -> m.weight();
                case THRESHOLD -> m.threshold();
                case TIME_CONSTANT -> m.tau();
                default -> 0;
            };
            if (sigma == 0) {
                continue;
            }
            boolean positive = p.kind() == Parameter.Kind.TIME_CONSTANT;
            double[] a = new double[p.size()];
            for (int i = 0; i < a.length; i++) {
                double x = 1 + sigma * Mismatch.gaussian(rng);
                // a time constant stays positive (the engine rejects tau <= 0), as in Mismatch.draw
                a[i] = positive ? Math.max(x, 1e-3) : x;
            }
            f.put(p.name(), a);
        }
        return new DrawnChip(f);
    }

    /** The drawn factors by parameter name (read-only). */
    public Map<String, double[]> factors() {
        return Collections.unmodifiableMap(factors);
    }

    /**
     * Puts this chip's values into {@code parameters} (every drawn one must be there, with the drawn size);
     * {@link Applied#close} restores the values they had.
     *
     * @param discretisation the network's, which turns a drawn time constant into its per-step gain
     * @param tauGain        whether a drawn time constant also scales the neuron's inputs (as on the drawn graph)
     */
    public Applied applyTo(List<Parameter> parameters, Discretisation discretisation, boolean tauGain) {
        Map<String, Parameter> byName = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            byName.put(p.name(), p);
        }
        Map<Parameter, float[]> nominal = new LinkedHashMap<>();
        for (var e : factors.entrySet()) {
            Parameter p = byName.get(e.getKey());
            double[] f = e.getValue();
            if (p == null || p.size() != f.length) {
                throw new IllegalArgumentException("the chip was drawn for parameter " + e.getKey() + " of " + f.length
                        + " values, but the network has " + (p == null ? "no such parameter" : p.size() + " values"));
            }
            float[] v = p.value();
            nominal.put(p, v.clone());
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (v[i] * f[i]);
            }
        }
        if (tauGain) {
            applyTimeConstantGains(parameters, nominal, discretisation);
        }
        return new Applied(nominal);
    }

    /**
     * Per layer (parameters named {@code LAYER.tau_mem} / {@code LAYER.tau_syn}): the gain of each neuron's drawn
     * time constants against its nominal ones, applied to the layer's incoming weights ({@code LAYER.weight},
     * {@code [in, n]} or diagonal {@code [n]}), recurrent weights ({@code LAYER.recurrent}, {@code [n, n]}) and
     * bias ({@code LAYER.bias}), as a graph node with fixed {@code r} gets it on conversion.
     */
    private static void applyTimeConstantGains(List<Parameter> parameters, Map<Parameter, float[]> nominal,
                                               Discretisation discretisation) {
        Map<String, double[]> gains = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            String name = p.name();
            if (p.kind() != Parameter.Kind.TIME_CONSTANT || !(name.endsWith(".tau_mem") || name.endsWith(".tau_syn"))) {
                continue;
            }
            float[] before = nominal.get(p);
            if (before == null) {
                continue;
            }
            float[] after = p.value();
            double[] g = gains.computeIfAbsent(name.substring(0, name.lastIndexOf('.')), k -> filled(after.length));
            if (g.length != after.length) {
                continue;
            }
            for (int i = 0; i < after.length; i++) {
                g[i] *= (1 - discretisation.decay(after[i])) / (1 - discretisation.decay(before[i]));
            }
        }
        if (gains.isEmpty()) {
            return;
        }
        for (Parameter p : parameters) {
            String name = p.name();
            int dot = name.lastIndexOf('.');
            if (dot < 0) {
                continue;
            }
            double[] g = gains.get(name.substring(0, dot));
            String what = name.substring(dot + 1);
            if (g == null || !(what.equals("weight") || what.equals("recurrent") || what.equals("bias"))) {
                continue;
            }
            int n = g.length;
            float[] v = p.value();
            if (v.length % n != 0) {
                continue;
            }
            nominal.computeIfAbsent(p, k -> v.clone());
            // [in, n] rows (a diagonal or a bias is one row): element c * n + i feeds neuron i
            for (int k = 0; k < v.length; k++) {
                v[k] = (float) (v[k] * g[k % n]);
            }
        }
    }

    private static double[] filled(int n) {
        double[] a = new double[n];
        Arrays.fill(a, 1.0);
        return a;
    }

    /** A chip's values in place in a network's parameters; {@link #close} puts the nominal values back. */
    public static final class Applied implements AutoCloseable {
        private final Map<Parameter, float[]> nominal;

        private Applied(Map<Parameter, float[]> nominal) {
            this.nominal = nominal;
        }

        /** Restores the values the parameters had before (once; later calls do nothing). */
        @Override
        public void close() {
            for (var e : nominal.entrySet()) {
                System.arraycopy(e.getValue(), 0, e.getKey().value(), 0, e.getValue().length);
            }
            nominal.clear();
        }
    }
}
