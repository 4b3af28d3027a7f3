package org.snnaudio.cli.tune;

import org.snnaudio.core.SnnaudioException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Bayesian optimisation: a Latin-hypercube start of {@code initial} trials, then each trial at the
 * maximum of expected improvement under a Gaussian process (Matern 5/2, hyperparameters by maximum
 * marginal likelihood) fitted to the standardised results.
 *
 * <p>Expected improvement is maximised over {@code candidates} uniform points plus perturbations of
 * the best trials, then refined by Nelder-Mead from the three best candidates. Integer and
 * categorical coordinates are projected onto their legal values before the GP sees them, so the
 * acquisition is evaluated where trials can actually run. The incumbent of expected improvement is
 * the best posterior mean at a tried point (the plug-in rule for noisy scores).
 * Trials still running are counted at their
 * posterior mean ("kriging believer"), so parallel proposals spread out instead of coinciding.
 */
public record BayesianOptimization(SearchSpace space, int budget, long seed, int initial, int candidates, double xi,
                                   int restarts) implements Strategy {
    public BayesianOptimization {
        if (budget < 1) {
            throw new SnnaudioException("trials must be >= 1, got " + budget);
        }
        if (initial < 1) {
            throw new SnnaudioException("bayes.initial must be >= 1, got " + initial);
        }
        if (candidates < 10) {
            throw new SnnaudioException("bayes.candidates must be >= 10, got " + candidates);
        }
        if (!(xi >= 0)) {
            throw new SnnaudioException("bayes.xi must be >= 0, got " + xi);
        }
        if (restarts < 0) {
            throw new SnnaudioException("bayes.restarts must be >= 0, got " + restarts);
        }
    }

    /** Defaults: max(5, 2 d + 1) initial trials, 2000 candidates, xi 0.01, 3 restarts. */
    public static BayesianOptimization withDefaults(SearchSpace space, int budget, long seed) {
        return new BayesianOptimization(space, budget, seed, Math.max(5, 2 * space.dims() + 1), 2000, 0.01, 3);
    }

    @Override
    public Assignment propose(int trial, List<TrialResult> finished, List<Assignment> running) {
        if (trial < initial) {
            Assignment a = space.decode(latinHypercube()[trial]);
            if (!seen(finished, running).contains(a.key())) {
                return a;
            }
            return RandomSearch.fresh(space, new SplittableRandom(Strategy.trialSeed(seed, trial)), finished, running);
        }
        SplittableRandom rng = new SplittableRandom(Strategy.trialSeed(seed, trial));
        List<TrialResult> ok = finished.stream().filter(r -> r.ok() && Double.isFinite(r.objective())).toList();
        if (ok.size() < 2) {
            return RandomSearch.fresh(space, rng, finished, running);
        }
        int n = ok.size();
        int d = space.dims();
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = space.encode(ok.get(i).assignment());
            y[i] = ok.get(i).objective();
        }
        double mu = TrialResult.mean(y);
        double sd = TrialResult.std(y, mu);
        if (!(sd > 1e-12)) {
            sd = 1;
        }
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            y[i] = (y[i] - mu) / sd;
            best = Math.max(best, y[i]);
        }
        GaussianProcess gp = GaussianProcess.fitMaximumLikelihood(x, y, restarts, rng, null);
        if (!running.isEmpty()) {
            double[][] xa = Arrays.copyOf(x, n + running.size());
            double[] ya = Arrays.copyOf(y, n + running.size());
            for (int i = 0; i < running.size(); i++) {
                xa[n + i] = space.encode(running.get(i));
                ya[n + i] = gp.predict(xa[n + i])[0];
            }
            gp = GaussianProcess.fit(xa, ya, gp.hyper());
        }
        final GaussianProcess model = gp;
        // The incumbent is the best posterior mean at a tried point, not the best raw score: with noisy
        // scores (cross-validated accuracy) the raw maximum is biased upwards by its own noise and
        // would make every point look hopeless; for noise-free scores the two coincide.
        double bestMean = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            bestMean = Math.max(bestMean, model.predict(x[i])[0]);
        }
        final double incumbent = Math.min(best, bestMean);
        Set<String> seen = seen(finished, running);

        List<double[]> cands = new ArrayList<>();
        for (int i = 0; i < candidates; i++) {
            double[] u = new double[d];
            for (int j = 0; j < d; j++) {
                u[j] = rng.nextDouble();
            }
            cands.add(u);
        }
        Integer[] byY = new Integer[n];
        for (int i = 0; i < n; i++) {
            byY[i] = i;
        }
        Arrays.sort(byY, Comparator.comparingDouble(i -> -y[i]));
        for (int t = 0; t < Math.min(5, n); t++) {
            for (int k = 0; k < 20; k++) {
                double[] u = x[byY[t]].clone();
                for (int j = 0; j < d; j++) {
                    u[j] = clamp01(u[j] + 0.05 * gaussian(rng));
                }
                cands.add(u);
            }
        }
        List<Scored> scored = new ArrayList<>();
        for (double[] u : cands) {
            double[] p = project(u);
            scored.add(new Scored(p, acquisition(model, p, incumbent)));
        }
        scored.sort(Comparator.comparingDouble(s -> -s.value));
        for (int r = 0; r < Math.min(3, scored.size()); r++) {
            NelderMead.Result res = NelderMead.minimize(u -> -acquisition(model, project(clamp01(u)), incumbent),
                    scored.get(r).u, 0.05, 40 * (d + 1), 1e-9);
            double[] p = project(clamp01(res.x()));
            scored.add(new Scored(p, acquisition(model, p, incumbent)));
        }
        scored.sort(Comparator.comparingDouble(s -> -s.value));
        for (Scored s : scored) {
            Assignment a = space.decode(s.u);
            if (!seen.contains(a.key())) {
                return a;
            }
        }
        return RandomSearch.fresh(space, rng, finished, running);
    }

    private record Scored(double[] u, double value) {
    }

    private double acquisition(GaussianProcess gp, double[] u, double incumbent) {
        double[] mv = gp.predict(u);
        return ExpectedImprovement.of(mv[0], Math.sqrt(mv[1]), incumbent, xi);
    }

    /** The encoding of the legal point that {@code u} decodes to. */
    private double[] project(double[] u) {
        return space.encode(space.decode(u));
    }

    /** The initial design: one point per trial, each coordinate's strata visited once, seeded. */
    double[][] latinHypercube() {
        SplittableRandom rng = new SplittableRandom(seed);
        int d = space.dims();
        double[][] pts = new double[initial][d];
        for (int j = 0; j < d; j++) {
            int[] perm = new int[initial];
            for (int i = 0; i < initial; i++) {
                perm[i] = i;
            }
            for (int i = initial - 1; i > 0; i--) {
                int k = rng.nextInt(i + 1);
                int t = perm[i];
                perm[i] = perm[k];
                perm[k] = t;
            }
            for (int i = 0; i < initial; i++) {
                pts[i][j] = (perm[i] + rng.nextDouble()) / initial;
            }
        }
        return pts;
    }

    private static Set<String> seen(List<TrialResult> finished, List<Assignment> running) {
        Set<String> seen = new HashSet<>();
        finished.forEach(r -> seen.add(r.assignment().key()));
        running.forEach(a -> seen.add(a.key()));
        return seen;
    }

    private static double clamp01(double v) {
        return Math.min(1, Math.max(0, v));
    }

    private static double[] clamp01(double[] u) {
        double[] c = new double[u.length];
        for (int i = 0; i < u.length; i++) {
            c[i] = clamp01(u[i]);
        }
        return c;
    }

    private static double gaussian(SplittableRandom rng) {
        double u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
