package org.snnaudio.core.train;

/**
 * Progress after one training batch, for progress bars: running means over the epoch so far and a
 * time estimate for the whole run.
 *
 * @param epoch       0-based epoch
 * @param epochs      total epochs configured
 * @param batch       0-based batch index within the epoch
 * @param batches     batches per epoch
 * @param loss        running mean training loss of the epoch
 * @param accuracy    running training accuracy of the epoch
 * @param firingRates running mean firing rate per spiking layer
 * @param elapsedSeconds wall time since this run (or resume) started
 * @param etaSeconds  estimated seconds until the last epoch ends (validation included), NaN before it can be estimated
 */
public record BatchProgress(int epoch, int epochs, int batch, int batches, double loss, double accuracy,
                            double[] firingRates, double elapsedSeconds, double etaSeconds) {
    public BatchProgress {
        firingRates = firingRates.clone();
    }

    @Override
    public double[] firingRates() {
        return firingRates.clone();
    }

    /** Fraction of the whole run done, in [0, 1]. */
    public double fractionDone() {
        return (epoch + (batch + 1.0) / batches) / epochs;
    }
}
