package org.snnaudio.core.train;

import org.snnaudio.core.nn.Parameter;

import java.util.List;

/**
 * A loss term computed from parameter values alone (no data): hardware constraint losses such as a
 * weight-magnitude limit or sign agreement within groups of synapses, or an explicit L1/L2 term.
 * The trainer calls it once per training batch, after the model's backward pass, and adds its value
 * to the batch loss; the penalty adds its own gradient into the parameters' {@link Parameter#grad()}.
 * A penalty's weight (lambda) is part of the penalty.
 */
public interface ParameterPenalty {
    /** Name for history and reports ({@code weight_magnitude}). */
    String name();

    /**
     * Computes the penalty over {@code parameters} (all of the model's, trainable or not; penalise
     * only what the penalty is about) and adds {@code d penalty / d value} into each affected
     * parameter's gradient.
     *
     * @return the penalty's value
     */
    double apply(List<Parameter> parameters);
}
