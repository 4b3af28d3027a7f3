package org.snnaudio.core.train;

/**
 * The per-epoch metric that picks the best model, drives early stopping and reduce-on-plateau.
 * Validation metrics need a validation set. Training metrics are running means over the epoch while
 * the weights change, so "best" by a training metric is only approximate; prefer validation metrics.
 */
public enum Monitor {
    VAL_ACCURACY(true, true),
    VAL_LOSS(false, true),
    TRAIN_ACCURACY(true, false),
    TRAIN_LOSS(false, false);

    private final boolean higherIsBetter;
    private final boolean needsValidation;

    Monitor(boolean higherIsBetter, boolean needsValidation) {
        this.higherIsBetter = higherIsBetter;
        this.needsValidation = needsValidation;
    }

    /** Whether a larger value is an improvement (accuracy) or a smaller one (loss). */
    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    public boolean needsValidation() {
        return needsValidation;
    }

    /** The metric's value in an epoch record. */
    public double of(EpochRecord r) {
        return switch (this) {
            case VAL_ACCURACY -> r.valAccuracy();
            case VAL_LOSS -> r.valLoss();
            case TRAIN_ACCURACY -> r.trainAccuracy();
            case TRAIN_LOSS -> r.trainLoss();
        };
    }

    /** Whether {@code value} beats {@code best} by more than {@code minDelta}; anything beats NaN. */
    public boolean improves(double value, double best, double minDelta) {
        if (Double.isNaN(value)) {
            return false;
        }
        if (Double.isNaN(best)) {
            return true;
        }
        return higherIsBetter ? value > best + minDelta : value < best - minDelta;
    }
}
