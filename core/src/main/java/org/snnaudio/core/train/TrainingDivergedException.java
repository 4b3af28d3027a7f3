package org.snnaudio.core.train;

import org.snnaudio.core.SnnaudioException;

/**
 * Thrown when a training loss turns NaN or infinite: names the epoch and batch; the last checkpoint
 * (of the last finished epoch) is left untouched so training can resume from it with other settings.
 */
public class TrainingDivergedException extends SnnaudioException {
    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int batch;

    public TrainingDivergedException(String message, int epoch, int batch) {
        super(message);
        this.epoch = epoch;
        this.batch = batch;
    }

    /** 0-based epoch in which the loss diverged. */
    public int epoch() {
        return epoch;
    }

    /** 0-based batch in which the loss diverged. */
    public int batch() {
        return batch;
    }
}
