package org.snnaudio.cli.tune;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * What a search optimises: trains and scores one pipeline config on every validation fold.
 * This is the only point where tuning touches training; implementations must be safe to call
 * from several threads at once (one call per trial).
 */
@FunctionalInterface
public interface Objective {

    /**
     * Trains and scores {@code config} (the base config with the trial's values applied) on each
     * fold of {@code context.validation()}, using at most {@code context.threads()} threads.
     *
     * @return one score per fold, in fold order
     * @throws org.snnaudio.core.SnnaudioException when the config cannot be trained (the trial is
     *         recorded as failed and the search goes on)
     */
    List<FoldScore> evaluate(ObjectNode config, TrialContext context);

    /**
     * Checks, before any training, that a config with the search's values applied is valid
     * (e.g. that every dotted path names a real setting); the default accepts everything.
     */
    default void check(ObjectNode config) {
    }
}
