package org.snnaudio.core.train;

import java.util.Map;

/**
 * What one training epoch did, for history, reports and plots.
 *
 * @param epoch         0-based epoch index
 * @param trainLoss     mean training loss over the epoch's samples (task loss, model regularisers and penalties)
 * @param trainAccuracy fraction of training samples classified correctly (during training, weights changing)
 * @param valLoss       mean validation loss after the epoch, NaN without a validation set
 * @param valAccuracy   validation accuracy after the epoch, NaN without a validation set
 * @param lr            learning rate of the base group this epoch (base lr times the schedule's factor)
 * @param lrFactor      the schedule's factor this epoch
 * @param firingRates   mean firing rate of each spiking layer over the epoch's training batches
 * @param penalties     mean value per batch of each {@link ParameterPenalty}, by name
 * @param gradNorm      mean global gradient norm per batch, before clipping
 * @param seconds       wall time of the epoch, validation included
 */
public record EpochRecord(int epoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy,
                          double lr, double lrFactor, double[] firingRates, Map<String, Double> penalties, double gradNorm,
                          double seconds) {
    public EpochRecord {
        firingRates = firingRates.clone();
        penalties = Map.copyOf(penalties);
    }

    @Override
    public double[] firingRates() {
        return firingRates.clone();
    }

    /** Whether this epoch has validation metrics. */
    public boolean hasValidation() {
        return !Double.isNaN(valLoss);
    }
}
