package org.snnaudio.cli.tune;

import org.snnaudio.core.SnnaudioException;

/**
 * How each trial is scored: K-fold cross-validation stratified by class, K-fold grouped by
 * speaker (no speaker in both training and validation folds), or one fixed validation split.
 */
public sealed interface Validation permits Validation.StratifiedKFold, Validation.SpeakerKFold, Validation.Holdout {

    /** Number of models trained per trial. */
    int folds();

    /** K folds, each class spread evenly over them. */
    record StratifiedKFold(int k) implements Validation {
        public StratifiedKFold {
            if (k < 2) {
                throw new SnnaudioException("validation.folds must be >= 2, got " + k);
            }
        }

        @Override
        public int folds() {
            return k;
        }
    }

    /** K folds of whole speakers. */
    record SpeakerKFold(int k) implements Validation {
        public SpeakerKFold {
            if (k < 2) {
                throw new SnnaudioException("validation.folds must be >= 2, got " + k);
            }
        }

        @Override
        public int folds() {
            return k;
        }
    }

    /**
     * One split: either the given validation data ({@code validationData} not null), or a
     * stratified {@code fraction} of the data held out.
     */
    record Holdout(double fraction, String validationData) implements Validation {
        public Holdout {
            if (validationData == null && !(fraction > 0 && fraction < 1)) {
                throw new SnnaudioException("validation.fraction must be in (0, 1), got " + fraction);
            }
        }

        @Override
        public int folds() {
            return 1;
        }
    }
}
