package org.snnaudio.core.train;

/**
 * Outcome of a forward (and backward) pass over a minibatch.
 *
 * @param loss             mean loss over the batch (task loss plus regularisers)
 * @param correct          samples whose predicted class equals the label
 * @param count            samples in the batch
 * @param layerFiringRates mean spike probability per step of each spiking layer, in layer order
 */
public record StepResult(double loss, int correct, int count, double[] layerFiringRates) {
    public double accuracy() {
        return count == 0 ? Double.NaN : (double) correct / count;
    }
}
