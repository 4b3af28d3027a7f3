package org.snnaudio.cli.tune;

/**
 * What an {@link Objective} gets besides the config: the trial number, the seed of the folds (the
 * same for every trial, so trials differ only by their values), the validation scheme and the
 * trial's share of the machine's threads.
 */
public record TrialContext(int trial, long seed, Validation validation, int threads) {
    public TrialContext {
        if (trial < 0) {
            throw new IllegalArgumentException("trial must be >= 0, got " + trial);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }
}
