package org.snnaudio.hardware.train;

import org.snnaudio.core.neuron.Discretisation;
import org.snnaudio.core.nn.Parameter;
import org.snnaudio.core.train.StepContext;
import org.snnaudio.core.train.StepHook;
import org.snnaudio.hardware.target.HardwareTarget;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Mismatch-aware training: every training batch runs on a fresh draw of the target's device mismatch, the
 * same perturbation {@link Mismatch#draw} applies to a graph, and the nominal values are restored after the
 * backward pass, so the gradient at the perturbed point updates the nominal weights and the network learns
 * to tolerate the spread. Weights are multiplied by {@code 1 + sigma_w z} per synapse, thresholds by
 * {@code 1 + sigma_th z} and time constants by {@code 1 + sigma_tau z} per neuron. A graph neuron's input
 * gain {@code r} stays fixed when its time constant is drawn, so a drawn {@code tau'} changes the input per
 * step by {@code (1 - decay(tau')) / (1 - decay(tau))} (the product over both time constants of a
 * current-based neuron) besides the leak: the engine's inputs are not scaled by {@code 1 - beta}, so that
 * factor is applied here to every incoming weight and bias of the neuron, and training sees the leak and
 * gain errors the Monte-Carlo evaluation applies (without it, a longer tau meant a larger gain in training
 * and a smaller input per step in evaluation). With {@code tauGain} off, a drawn time constant changes only
 * the leak: a milder perturbation than the evaluation's, for when the per-neuron gain errors are left to a
 * per-chip calibration of the readout ({@code ReadoutCalibration}). Time constants are perturbed whether or not they are
 * trained: on a chip the leak of every neuron is off by its own factor. Validation runs on the nominal values.
 * Add it after {@link QuantisationAwareTraining} so that the perturbation lands on quantised weights, as
 * on a chip programmed with them. Draws come from a stream seeded per epoch and batch, so a resumed run
 * draws what an uninterrupted one would.
 */
public final class MismatchAwareTraining implements StepHook {
    private final HardwareTarget.Mismatch mismatch;
    private final long seed;
    private final Discretisation discretisation;
    private final boolean tauGain;
    private final Map<Parameter, float[]> nominal = new LinkedHashMap<>();

    /**
     * @param mismatch       the target's spreads
     * @param seed           seed of the draws (one stream per epoch and batch)
     * @param discretisation the network's, which turns a drawn time constant into its per-step gain
     * @param tauGain        whether a drawn time constant also scales the neuron's inputs (as in the evaluation)
     */
    public MismatchAwareTraining(HardwareTarget.Mismatch mismatch, long seed, Discretisation discretisation,
                                 boolean tauGain) {
        this.mismatch = mismatch;
        this.seed = seed;
        this.discretisation = discretisation;
        this.tauGain = tauGain;
    }

    @Override
    public void beforeForward(StepContext ctx) {
        nominal.clear();
        SplittableRandom rng = new SplittableRandom(seed ^ (1_000_003L * ctx.epoch() + ctx.batch()));
        for (Parameter p : ctx.parameters()) {
            double sigma = switch (p.kind()) {
                case WEIGHT -> mismatch.weight();
                case THRESHOLD -> mismatch.threshold();
                case TIME_CONSTANT -> mismatch.tau();
                default -> 0;
            };
            if (sigma == 0) {
                continue;
            }
            boolean positive = p.kind() == Parameter.Kind.TIME_CONSTANT;
            float[] v = p.value();
            nominal.put(p, v.clone());
            for (int i = 0; i < v.length; i++) {
                double f = 1 + sigma * Mismatch.gaussian(rng);
                // a time constant stays positive (the engine rejects tau <= 0), as in Mismatch.draw
                v[i] = (float) (v[i] * (positive ? Math.max(f, 1e-3) : f));
            }
        }
        if (tauGain) {
            applyTimeConstantGains(ctx);
        }
    }

    /**
     * Per layer (parameters named {@code LAYER.tau_mem} / {@code LAYER.tau_syn}): the gain of each neuron's drawn
     * time constants against its nominal ones, applied to the layer's incoming weights ({@code LAYER.weight},
     * {@code [in, n]} or diagonal {@code [n]}), recurrent weights ({@code LAYER.recurrent}, {@code [n, n]}) and
     * bias ({@code LAYER.bias}), as a graph node with fixed {@code r} gets it on conversion.
     */
    private void applyTimeConstantGains(StepContext ctx) {
        Map<String, double[]> gains = new LinkedHashMap<>();
        for (Parameter p : ctx.parameters()) {
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
        for (Parameter p : ctx.parameters()) {
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
        java.util.Arrays.fill(a, 1.0);
        return a;
    }

    @Override
    public void afterBackward(StepContext ctx) {
        for (var e : nominal.entrySet()) {
            System.arraycopy(e.getValue(), 0, e.getKey().value(), 0, e.getValue().length);
        }
        nominal.clear();
    }
}
