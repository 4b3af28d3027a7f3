package org.snnaudio.hardware.train;

import org.snnaudio.core.neuron.Discretisation;
import org.snnaudio.core.train.StepContext;
import org.snnaudio.core.train.StepHook;

/**
 * Per-chip tuning in the loop: every training batch and every validation pass runs on one fixed chip
 * ({@link DrawnChip}, its drawn time constants with their input gains, as on the drawn graph), and the nominal
 * values are restored after the backward pass, so the gradient the chip's forward pass gives updates the values
 * programmed into it, and the best epoch is the one that is best on that chip. What hardware-in-the-loop training
 * does on a real chip; here the chip is simulated and its backward pass runs through the chip's own values, where
 * on hardware the host backpropagates through its nominal model with the chip's recorded spikes and membrane
 * potentials. Add it after {@link QuantisationAwareTraining}, so that the chip's factors land on the programmed
 * (quantised) weights, and leave mismatch-aware training out.
 */
public final class ChipInTheLoop implements StepHook {
    private final DrawnChip chip;
    private final Discretisation discretisation;
    private DrawnChip.Applied applied;

    /**
     * @param chip           the chip trained on
     * @param discretisation the network's, which turns the chip's time constants into their input gains
     */
    public ChipInTheLoop(DrawnChip chip, Discretisation discretisation) {
        this.chip = chip;
        this.discretisation = discretisation;
    }

    @Override
    public void beforeForward(StepContext ctx) {
        apply(ctx);
    }

    @Override
    public void afterBackward(StepContext ctx) {
        restore();
    }

    @Override
    public void beforeEvaluate(StepContext ctx) {
        apply(ctx);
    }

    @Override
    public void afterEvaluate(StepContext ctx) {
        restore();
    }

    private void apply(StepContext ctx) {
        restore();
        applied = chip.applyTo(ctx.parameters(), discretisation, true);
    }

    private void restore() {
        if (applied != null) {
            applied.close();
            applied = null;
        }
    }
}
