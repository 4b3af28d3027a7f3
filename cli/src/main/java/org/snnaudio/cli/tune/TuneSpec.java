package org.snnaudio.cli.tune;

import org.snnaudio.core.SnnaudioException;

/**
 * A whole search as a space file describes it: the parameters, the metric and how folds are
 * aggregated, the strategy and its budget, the seed and the validation scheme.
 *
 * @param seed        seeds the strategy's proposals
 * @param validationSeed seeds the folds ({@code validation.seed}, default 1), kept apart from {@code seed} so
 *                    that searches with different seeds score their trials on the same folds
 * @param fingerprint SHA-256 of the space file's content without {@code trials}, so that a resumed
 *                    search is recognised as the same search even when its budget was raised
 */
public record TuneSpec(SearchSpace space, Metric metric, TrialResult.Aggregate aggregate, Kind strategy, int trials,
                       long seed, Validation validation, long validationSeed, BayesSettings bayes, String fingerprint) {

    /** The search strategies. */
    public enum Kind { GRID, RANDOM, BAYES }

    /**
     * Settings of Bayesian optimisation; {@code initial} 0 means the default max(5, 2 d + 1).
     */
    public record BayesSettings(int initial, int candidates, double xi, int restarts) {
        /** Defaults: automatic initial design, 2000 candidates, xi 0.01, 3 restarts. */
        public static BayesSettings defaults() {
            return new BayesSettings(0, 2000, 0.01, 3);
        }
    }

    public TuneSpec {
        if (trials < 1) {
            throw new SnnaudioException("trials must be >= 1, got " + trials);
        }
    }

    /** The strategy this spec describes. */
    public Strategy createStrategy() {
        return switch (strategy) {
            case GRID -> new GridSearch(space);
            case RANDOM -> new RandomSearch(space, trials, seed);
            case BAYES -> new BayesianOptimization(space, trials, seed,
                    bayes.initial() > 0 ? bayes.initial() : Math.max(5, 2 * space.dims() + 1),
                    bayes.candidates(), bayes.xi(), bayes.restarts());
        };
    }

    /** The same search with another strategy, budget or seed (command-line overrides). */
    public TuneSpec with(Kind strategy, Integer trials, Long seed) {
        return new TuneSpec(space, metric, aggregate, strategy == null ? this.strategy : strategy,
                trials == null ? this.trials : trials, seed == null ? this.seed : seed, validation, validationSeed, bayes,
                fingerprint);
    }
}
