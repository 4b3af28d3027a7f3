package org.snnaudio.cli.tune;

import org.snnaudio.core.SnnaudioException;

import java.util.List;

/** Every point of the grid spanned by the parameters' grid values, the last parameter varying fastest. */
public record GridSearch(SearchSpace space) implements Strategy {
    /** Largest grid a search accepts. */
    public static final long MAX_POINTS = 100_000;

    public GridSearch {
        if (space.gridSize() > MAX_POINTS) {
            throw new SnnaudioException("the grid has " + space.gridSize() + " points, more than " + MAX_POINTS
                    + "; give fewer grid values or use random or bayes");
        }
    }

    @Override
    public int budget() {
        return (int) space.gridSize();
    }

    @Override
    public Assignment propose(int trial, List<TrialResult> finished, List<Assignment> running) {
        if (trial < 0 || trial >= budget()) {
            throw new IllegalArgumentException("trial " + trial + " outside the grid of " + budget());
        }
        return space.gridPoint(trial);
    }
}
