package org.snnaudio.cli.tune;

import java.util.List;

/**
 * Chooses the values of each trial. Proposals depend only on the seed, the trial number and the
 * results so far, so a resumed search proposes what the interrupted one would have.
 */
public sealed interface Strategy permits GridSearch, RandomSearch, BayesianOptimization {

    /** Number of trials the search runs. */
    int budget();

    /**
     * The values for trial {@code trial}, given the finished trials and the values of the trials
     * still running (which a proposal should not repeat).
     */
    Assignment propose(int trial, List<TrialResult> finished, List<Assignment> running);

    /** A seed for trial {@code trial} of a search seeded {@code seed}, decorrelated by SplitMix64. */
    static long trialSeed(long seed, int trial) {
        long z = seed + 0x9E3779B97F4A7C15L * (trial + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
