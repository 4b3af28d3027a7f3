package org.snnaudio.core.train;

import java.util.List;

/**
 * The outcome of {@link Trainer#fit}: the per-epoch history (including epochs restored from a
 * checkpoint), which epoch was best and why training stopped.
 *
 * @param history       one record per finished epoch, in order
 * @param bestEpoch     0-based epoch with the best monitored metric (-1 if none was finite)
 * @param bestMetric    the monitored metric at the best epoch
 * @param monitor       which metric was monitored
 * @param stop          why training stopped
 * @param resumedEpochs epochs taken from a checkpoint instead of trained in this call
 * @param restoredBest  whether the model now holds the best epoch's weights (otherwise the last epoch's)
 */
public record TrainingResult(List<EpochRecord> history, int bestEpoch, double bestMetric, Monitor monitor,
                             StopReason stop, int resumedEpochs, boolean restoredBest) {
    public TrainingResult {
        history = List.copyOf(history);
    }

    /** Why a training run ended. */
    public enum StopReason {
        /** All configured epochs ran. */
        COMPLETED,
        /** The monitored metric did not improve for {@code patience} epochs. */
        EARLY_STOPPED
    }

    /** The last epoch's record. */
    public EpochRecord last() {
        return history.get(history.size() - 1);
    }
}
