package org.snnaudio.core.train;

import org.snnaudio.core.nn.Parameter;

import java.util.List;

/**
 * Where training is when a {@link StepHook} is called.
 *
 * @param epoch      0-based epoch
 * @param batch      0-based batch within the epoch, or -1 around validation
 * @param parameters the model's parameters (live; hooks may change values and gradients)
 * @param lrFactor   the schedule's learning-rate factor this epoch
 */
public record StepContext(int epoch, int batch, List<Parameter> parameters, double lrFactor) {
}
