package org.snnaudio.cli.tune;

/**
 * Expected improvement for maximisation: {@code E[max(f - best - xi, 0)]} under a normal
 * posterior {@code f ~ N(mean, sd^2)}, in closed form
 * {@code (mean - best - xi) Phi(z) + sd phi(z)}, {@code z = (mean - best - xi) / sd}.
 */
public final class ExpectedImprovement {
    private ExpectedImprovement() {
    }

    /** The expected improvement; {@code max(mean - best - xi, 0)} when {@code sd} is 0. */
    public static double of(double mean, double sd, double best, double xi) {
        double imp = mean - best - xi;
        if (!(sd > 1e-12)) {
            return Math.max(imp, 0);
        }
        double z = imp / sd;
        return imp * Normal.cdf(z) + sd * Normal.pdf(z);
    }
}
