package org.snnaudio.hardware.train;

import org.snnaudio.core.nn.Parameter;
import org.snnaudio.core.train.StepContext;
import org.snnaudio.core.train.StepHook;
import org.snnaudio.hardware.target.HardwareTarget;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Mismatch-aware training: every training batch runs on a fresh draw of the target's device mismatch
 * (weights times {@code 1 + sigma_w z} per synapse, thresholds times {@code 1 + sigma_th z} and time
 * constants times {@code 1 + sigma_tau z} per neuron, as {@link Mismatch#draw} perturbs a graph), and the
 * nominal values are restored after the backward pass, so the gradient at the perturbed point updates the
 * nominal weights and the network learns to tolerate the spread. Time constants are perturbed whether or
 * not they are trained: on a chip the leak of every neuron is off by its own factor, and in a network
 * whose inputs are not scaled by {@code 1 - beta} a time constant sets the neuron's gain, so leaving it
 * out trains against only part of the mismatch. Validation runs on the nominal values.
 * Add it after {@link QuantisationAwareTraining} so that the perturbation lands on quantised weights, as
 * on a chip programmed with them. Draws come from a stream seeded per epoch and batch, so a resumed run
 * draws what an uninterrupted one would.
 */
public final class MismatchAwareTraining implements StepHook {
    private final HardwareTarget.Mismatch mismatch;
    private final long seed;
    private final Map<Parameter, float[]> nominal = new LinkedHashMap<>();

    public MismatchAwareTraining(HardwareTarget.Mismatch mismatch, long seed) {
        this.mismatch = mismatch;
        this.seed = seed;
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
                double u = 1 - rng.nextDouble();
                double z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
                double f = 1 + sigma * z;
                // a time constant stays positive (the engine rejects tau <= 0), as in Mismatch.draw
                v[i] = (float) (v[i] * (positive ? Math.max(f, 1e-3) : f));
            }
        }
    }

    @Override
    public void afterBackward(StepContext ctx) {
        for (var e : nominal.entrySet()) {
            System.arraycopy(e.getValue(), 0, e.getKey().value(), 0, e.getValue().length);
        }
        nominal.clear();
    }
}
