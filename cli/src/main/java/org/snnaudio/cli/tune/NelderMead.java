package org.snnaudio.cli.tune;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/**
 * Derivative-free minimisation (Nelder and Mead's simplex with the standard coefficients), for
 * the few-dimensional fits of tuning: GP hyperparameters and the refinement of expected improvement.
 */
final class NelderMead {
    private NelderMead() {
    }

    /** Result of a minimisation: the best point found and its value. */
    record Result(double[] x, double value) {
    }

    /**
     * Minimises {@code f} from {@code start} with initial simplex steps {@code step} per coordinate,
     * stopping after {@code maxEvals} evaluations or when the simplex values agree within {@code tol}.
     */
    static Result minimize(ToDoubleFunction<double[]> f, double[] start, double step, int maxEvals, double tol) {
        int n = start.length;
        double[][] p = new double[n + 1][];
        double[] v = new double[n + 1];
        p[0] = start.clone();
        v[0] = safe(f.applyAsDouble(p[0]));
        for (int i = 0; i < n; i++) {
            p[i + 1] = start.clone();
            p[i + 1][i] += step;
            v[i + 1] = safe(f.applyAsDouble(p[i + 1]));
        }
        int evals = n + 1;
        Integer[] order = new Integer[n + 1];
        while (evals < maxEvals) {
            for (int i = 0; i <= n; i++) {
                order[i] = i;
            }
            final double[] vv = v;
            Arrays.sort(order, (a, b) -> Double.compare(vv[a], vv[b]));
            double[][] ps = new double[n + 1][];
            double[] vs = new double[n + 1];
            for (int i = 0; i <= n; i++) {
                ps[i] = p[order[i]];
                vs[i] = v[order[i]];
            }
            p = ps;
            v = vs;
            if (Math.abs(v[n] - v[0]) <= tol * (Math.abs(v[0]) + tol)) {
                break;
            }
            double[] c = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    c[j] += p[i][j] / n;
                }
            }
            double[] xr = lerp(c, p[n], -1);
            double fr = safe(f.applyAsDouble(xr));
            evals++;
            if (fr < v[0]) {
                double[] xe = lerp(c, p[n], -2);
                double fe = safe(f.applyAsDouble(xe));
                evals++;
                if (fe < fr) {
                    p[n] = xe;
                    v[n] = fe;
                } else {
                    p[n] = xr;
                    v[n] = fr;
                }
            } else if (fr < v[n - 1]) {
                p[n] = xr;
                v[n] = fr;
            } else {
                boolean outside = fr < v[n];
                double[] xc = outside ? lerp(c, xr, 0.5) : lerp(c, p[n], 0.5);
                double fc = safe(f.applyAsDouble(xc));
                evals++;
                if (fc < (outside ? fr : v[n])) {
                    p[n] = xc;
                    v[n] = fc;
                } else {
                    for (int i = 1; i <= n; i++) {
                        p[i] = lerp(p[0], p[i], 0.5);
                        v[i] = safe(f.applyAsDouble(p[i]));
                        evals++;
                    }
                }
            }
        }
        int best = 0;
        for (int i = 1; i <= n; i++) {
            if (v[i] < v[best]) {
                best = i;
            }
        }
        return new Result(p[best].clone(), v[best]);
    }

    /** c + t (x - c). */
    private static double[] lerp(double[] c, double[] x, double t) {
        double[] r = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            r[i] = c[i] + t * (x[i] - c[i]);
        }
        return r;
    }

    private static double safe(double v) {
        return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
    }
}
