package org.snnaudio.core.train;

import org.snnaudio.core.data.Sample;
import org.snnaudio.core.nn.Parameter;

import java.util.List;

/**
 * What a trainer needs from a model: its parameters, a forward and backward pass over a minibatch
 * that leaves gradients in the parameters, and predictions. The network runtime implements it.
 */
public interface TrainableModel {
    /** All parameters, trainable or frozen, in a stable order. */
    List<Parameter> parameters();

    /**
     * Runs forward and backward over {@code batch} and adds the gradient of the mean loss over the batch
     * (loss and regularisers) into each trainable parameter's {@link Parameter#grad()}; the caller zeroes
     * gradients before. Deterministic for a given batch order and thread count.
     */
    StepResult trainBatch(List<? extends Sample> batch);

    /** Forward only: class scores (higher is more likely) for each sample, [batch][classes]. */
    float[][] predict(List<? extends Sample> batch);

    /** Loss and correctness of a forward pass without gradients (for validation). */
    StepResult evaluateBatch(List<? extends Sample> batch);
}
