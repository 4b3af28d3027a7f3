package org.snnaudio.core.train;

/**
 * Callbacks around each training step, for training schemes that change weights around the
 * forward and backward passes. The trainer calls, per batch and in this order:
 * <ol>
 *   <li>{@link #beforeForward} (gradients already zeroed),</li>
 *   <li>the model's forward and backward pass ({@link TrainableModel#trainBatch}),</li>
 *   <li>{@link #afterBackward},</li>
 *   <li>every {@link ParameterPenalty} (on the values as {@code afterBackward} left them),</li>
 *   <li>the finite-loss check, gradient clipping and the optimiser step,</li>
 *   <li>{@link #afterStep}.</li>
 * </ol>
 * Validation is bracketed by {@link #beforeEvaluate} and {@link #afterEvaluate}. Several hooks are
 * called in the order they were added for the "before" callbacks and in reverse order for the
 * "after" ones, so that nested swaps unwind correctly.
 *
 * <p>Quantisation-aware training with a straight-through estimator: keep the float master weights,
 * write quantised weights into {@code value()} in {@code beforeForward}, write the masters back in
 * {@code afterBackward}; the gradient computed at the quantised point then updates the masters. Do the
 * same in {@code beforeEvaluate}/{@code afterEvaluate} to validate the quantised model. Projections
 * (for example clamping {@code |w| <= 0.9}) belong in {@code afterStep}.
 *
 * <p>Hooks must be deterministic functions of the parameters for resumed runs to equal uninterrupted
 * ones; state they keep across steps is not checkpointed.
 */
public interface StepHook {
    /** Before the forward pass of a training batch. */
    default void beforeForward(StepContext ctx) {
    }

    /** After the backward pass: gradients are in the parameters, the optimiser has not run. */
    default void afterBackward(StepContext ctx) {
    }

    /** After the optimiser step. */
    default void afterStep(StepContext ctx) {
    }

    /** Before the validation passes of an epoch ({@code ctx.batch() == -1}). */
    default void beforeEvaluate(StepContext ctx) {
    }

    /** After the validation passes of an epoch. */
    default void afterEvaluate(StepContext ctx) {
    }
}
