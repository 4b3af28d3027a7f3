package org.snnaudio.hardware.train;

import org.snnaudio.core.neuron.Discretisation;
import org.snnaudio.core.train.StepContext;
import org.snnaudio.core.train.StepHook;
import org.snnaudio.hardware.target.HardwareTarget;

import java.util.SplittableRandom;

/**
 * Mismatch-aware training: every training batch runs on a fresh chip ({@link DrawnChip}: each weight, threshold
 * and time constant multiplied by its own {@code 1 + sigma z}, the perturbation {@link Mismatch#draw} applies to a
 * graph), and the nominal values are restored after the backward pass, so the gradient at the perturbed point
 * updates the nominal weights and the network learns to tolerate the spread. With {@code tauGain} a drawn time
 * constant also changes the neuron's input gain, as in the Monte-Carlo evaluation; without it, the leak alone: a
 * milder perturbation, for when the per-neuron gain errors are left to a per-chip calibration of the readout
 * ({@code ReadoutCalibration}). Time constants are perturbed whether or not they are trained: on a chip the leak of
 * every neuron is off by its own factor. Validation runs on the nominal values. Add it after
 * {@link QuantisationAwareTraining} so that the perturbation lands on quantised weights, as on a chip programmed
 * with them. Draws come from a stream seeded per epoch and batch, so a resumed run draws what an uninterrupted one
 * would.
 */
public final class MismatchAwareTraining implements StepHook {
    private final HardwareTarget.Mismatch mismatch;
    private final long seed;
    private final Discretisation discretisation;
    private final boolean tauGain;
    private DrawnChip.Applied drawn;

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
        SplittableRandom rng = new SplittableRandom(seed ^ (1_000_003L * ctx.epoch() + ctx.batch()));
        drawn = DrawnChip.draw(ctx.parameters(), mismatch, rng).applyTo(ctx.parameters(), discretisation, tauGain);
    }

    @Override
    public void afterBackward(StepContext ctx) {
        if (drawn != null) {
            drawn.close();
            drawn = null;
        }
    }
}
