package org.snnaudio.cli.tune;

import org.snnaudio.core.SnnaudioException;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Points drawn independently and uniformly (each parameter on its own scale), never repeating a
 * point already tried when the space is discrete.
 */
public record RandomSearch(SearchSpace space, int budget, long seed) implements Strategy {
    public RandomSearch {
        if (budget < 1) {
            throw new SnnaudioException("trials must be >= 1, got " + budget);
        }
    }

    @Override
    public Assignment propose(int trial, List<TrialResult> finished, List<Assignment> running) {
        return fresh(space, new SplittableRandom(Strategy.trialSeed(seed, trial)), finished, running);
    }

    /** A uniform point not among those tried or running (after 1000 draws, whatever was drawn last). */
    static Assignment fresh(SearchSpace space, SplittableRandom rng, List<TrialResult> finished,
                            List<Assignment> running) {
        Set<String> seen = new HashSet<>();
        finished.forEach(r -> seen.add(r.assignment().key()));
        running.forEach(a -> seen.add(a.key()));
        Assignment a = space.sample(rng);
        for (int i = 0; i < 1000 && seen.contains(a.key()); i++) {
            a = space.sample(rng);
        }
        return a;
    }
}
