package org.snnaudio.cli.tune;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

import java.util.SplittableRandom;

/**
 * A zero-mean Gaussian-process regression model with an anisotropic Matern 5/2 kernel and
 * Gaussian observation noise, solved by Cholesky factorisation (EJML).
 *
 * <p>Kernel: {@code k(x, x') = s2 (1 + sqrt5 r + 5/3 r^2) exp(-sqrt5 r)} with
 * {@code r^2 = sum_d ((x_d - x'_d) / l_d)^2}. Posterior at {@code x*}: mean {@code k*^T (K + n2 I)^-1 y},
 * variance {@code k(x*, x*) - k*^T (K + n2 I)^-1 k*} (of the latent function, without noise).
 * Callers standardise {@code y} themselves.
 */
public final class GaussianProcess {
    private static final double SQRT5 = Math.sqrt(5);
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /** Bounds of the hyperparameter search, for inputs scaled to the unit cube and standardised targets. */
    static final double MIN_LENGTH = 0.01;
    static final double MAX_LENGTH = 20;
    static final double MIN_SIGNAL = 0.05;
    static final double MAX_SIGNAL = 20;
    static final double MIN_NOISE = 1e-6;
    static final double MAX_NOISE = 1;

    /**
     * Kernel hyperparameters: one length scale per input coordinate, the signal variance and the
     * noise variance.
     */
    public record Hyper(double[] lengthScales, double signalVariance, double noiseVariance) {
        public Hyper {
            lengthScales = lengthScales.clone();
            for (double l : lengthScales) {
                if (!(l > 0)) {
                    throw new IllegalArgumentException("length scales must be > 0, got " + l);
                }
            }
            if (!(signalVariance > 0)) {
                throw new IllegalArgumentException("signalVariance must be > 0, got " + signalVariance);
            }
            if (!(noiseVariance >= 0)) {
                throw new IllegalArgumentException("noiseVariance must be >= 0, got " + noiseVariance);
            }
        }

        @Override
        public double[] lengthScales() {
            return lengthScales.clone();
        }

        double[] toLog() {
            double[] t = new double[lengthScales.length + 2];
            for (int i = 0; i < lengthScales.length; i++) {
                t[i] = Math.log(lengthScales[i]);
            }
            t[lengthScales.length] = Math.log(signalVariance);
            t[lengthScales.length + 1] = Math.log(Math.max(noiseVariance, MIN_NOISE));
            return t;
        }

        static Hyper fromLog(double[] t) {
            int d = t.length - 2;
            double[] l = new double[d];
            for (int i = 0; i < d; i++) {
                l[i] = Math.exp(t[i]);
            }
            return new Hyper(l, Math.exp(t[d]), Math.exp(t[d + 1]));
        }
    }

    private final double[][] x;
    private final Hyper hyper;
    private final double[] l;      // lower Cholesky factor of K + noise I, row-major n x n
    private final double[] alpha;  // (K + noise I)^-1 y
    private final double logMarginalLikelihood;

    private GaussianProcess(double[][] x, Hyper hyper, double[] l, double[] alpha, double lml) {
        this.x = x;
        this.hyper = hyper;
        this.l = l;
        this.alpha = alpha;
        this.logMarginalLikelihood = lml;
    }

    /**
     * The posterior for observations {@code y} at inputs {@code x} with fixed hyperparameters;
     * a jitter up to 1e-6 is added to the diagonal when {@code K} is numerically singular.
     *
     * @throws IllegalArgumentException when the kernel matrix cannot be factorised even with jitter
     */
    public static GaussianProcess fit(double[][] x, double[] y, Hyper hyper) {
        return fit(x, y, hyper, null);
    }

    /**
     * As {@link #fit(double[][], double[], Hyper)}; {@code sqDiff} (when not null) holds the squared
     * coordinate differences {@code (x_i,k - x_j,k)^2} at {@code [(i * n + j) * d + k]}, which the
     * marginal-likelihood search computes once instead of at every step.
     */
    static GaussianProcess fit(double[][] x, double[] y, Hyper hyper, double[] sqDiff) {
        int n = x.length;
        if (n == 0 || y.length != n) {
            throw new IllegalArgumentException("need n >= 1 inputs and as many targets, got " + n + " and " + y.length);
        }
        double[][] xs = new double[n][];
        for (int i = 0; i < n; i++) {
            if (x[i].length != hyper.lengthScales.length) {
                throw new IllegalArgumentException("input " + i + " has " + x[i].length + " coordinates, expected "
                        + hyper.lengthScales.length);
            }
            xs[i] = x[i].clone();
        }
        DMatrixRMaj k = new DMatrixRMaj(n, n);
        int d = hyper.lengthScales.length;
        double[] inv2 = new double[d];
        for (int c = 0; c < d; c++) {
            inv2[c] = 1 / (hyper.lengthScales[c] * hyper.lengthScales[c]);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v;
                if (sqDiff == null) {
                    v = kernel(xs[i], xs[j], hyper);
                } else {
                    double r2 = 0;
                    int base = (i * n + j) * d;
                    for (int c = 0; c < d; c++) {
                        r2 += sqDiff[base + c] * inv2[c];
                    }
                    v = matern(r2, hyper.signalVariance);
                }
                k.set(i, j, v);
                k.set(j, i, v);
            }
        }
        double jitter = 0;
        for (int attempt = 0; attempt < 6; attempt++) {
            DMatrixRMaj a = k.copy();
            for (int i = 0; i < n; i++) {
                a.add(i, i, hyper.noiseVariance + jitter);
            }
            CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(n, true);
            if (chol.decompose(a)) {
                DMatrixRMaj lower = chol.getT(null);
                double[] lData = lower.data;
                double[] al = y.clone();
                TriangularSolver_DDRM.solveL(lData, al, n);
                double fit = 0;
                for (double v : al) {
                    fit += v * v;
                }
                TriangularSolver_DDRM.solveTranL(lData, al, n);
                double logDet = 0;
                for (int i = 0; i < n; i++) {
                    logDet += Math.log(lData[i * n + i]);
                }
                double lml = -0.5 * fit - logDet - 0.5 * n * LOG_2PI;
                return new GaussianProcess(xs, hyper, lData, al, lml);
            }
            jitter = jitter == 0 ? 1e-10 : jitter * 10;
        }
        throw new IllegalArgumentException("kernel matrix is not positive definite even with jitter 1e-6");
    }

    /**
     * The posterior with hyperparameters that maximise the log marginal likelihood: Nelder-Mead in
     * log space from {@code warmStart} (when not null), from all length scales 0.3, and from
     * {@code restarts} random length scales drawn log-uniformly in [0.05, 2].
     */
    public static GaussianProcess fitMaximumLikelihood(double[][] x, double[] y, int restarts, SplittableRandom rng,
                                                       Hyper warmStart) {
        int d = x[0].length;
        double[] lo = new double[d + 2];
        double[] hi = new double[d + 2];
        for (int i = 0; i < d; i++) {
            lo[i] = Math.log(MIN_LENGTH);
            hi[i] = Math.log(MAX_LENGTH);
        }
        lo[d] = Math.log(MIN_SIGNAL);
        hi[d] = Math.log(MAX_SIGNAL);
        lo[d + 1] = Math.log(MIN_NOISE);
        hi[d + 1] = Math.log(MAX_NOISE);
        java.util.List<double[]> starts = new java.util.ArrayList<>();
        if (warmStart != null && warmStart.lengthScales.length == d) {
            starts.add(clamp(warmStart.toLog(), lo, hi));
        }
        double[] s0 = new double[d + 2];
        java.util.Arrays.fill(s0, 0, d, Math.log(0.3));
        s0[d] = 0;
        s0[d + 1] = Math.log(1e-3);
        starts.add(s0);
        for (int r = 0; r < restarts; r++) {
            double[] s = new double[d + 2];
            for (int i = 0; i < d; i++) {
                s[i] = Math.log(0.05) + rng.nextDouble() * (Math.log(2) - Math.log(0.05));
            }
            s[d] = Math.log(0.5) + rng.nextDouble() * Math.log(4);
            s[d + 1] = Math.log(1e-4) + rng.nextDouble() * (Math.log(0.1) - Math.log(1e-4));
            starts.add(s);
        }
        int n = x.length;
        double[] sq = new double[n * n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int c = 0; c < d; c++) {
                    double diff = x[i][c] - x[j][c];
                    sq[(i * n + j) * d + c] = diff * diff;
                }
            }
        }
        GaussianProcess best = null;
        for (double[] s : starts) {
            NelderMead.Result r = NelderMead.minimize(t -> {
                double penalty = 0;
                for (int i = 0; i < t.length; i++) {
                    if (t[i] < lo[i]) {
                        penalty += (lo[i] - t[i]) * 1e3;
                    } else if (t[i] > hi[i]) {
                        penalty += (t[i] - hi[i]) * 1e3;
                    }
                }
                try {
                    return -fit(x, y, Hyper.fromLog(clamp(t, lo, hi)), sq).logMarginalLikelihood + penalty;
                } catch (IllegalArgumentException e) {
                    return Double.POSITIVE_INFINITY;
                }
            }, s, 0.5, 40 * (d + 2), 1e-6);
            GaussianProcess g;
            try {
                g = fit(x, y, Hyper.fromLog(clamp(r.x(), lo, hi)));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (best == null || g.logMarginalLikelihood > best.logMarginalLikelihood) {
                best = g;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no hyperparameters gave a positive definite kernel matrix");
        }
        return best;
    }

    private static double[] clamp(double[] t, double[] lo, double[] hi) {
        double[] c = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            c[i] = Math.min(hi[i], Math.max(lo[i], t[i]));
        }
        return c;
    }

    /** Matern 5/2 kernel value between two inputs. */
    static double kernel(double[] a, double[] b, Hyper h) {
        double r2 = 0;
        for (int i = 0; i < a.length; i++) {
            double z = (a[i] - b[i]) / h.lengthScales[i];
            r2 += z * z;
        }
        return matern(r2, h.signalVariance);
    }

    private static double matern(double r2, double s2) {
        double r = Math.sqrt(r2);
        return s2 * (1 + SQRT5 * r + 5.0 / 3.0 * r2) * Math.exp(-SQRT5 * r);
    }

    /** Posterior mean and variance of the latent function at {@code xs}: {@code {mean, variance}}. */
    public double[] predict(double[] xs) {
        int n = x.length;
        double[] ks = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            ks[i] = kernel(x[i], xs, hyper);
            mean += ks[i] * alpha[i];
        }
        TriangularSolver_DDRM.solveL(l, ks, n);
        double vv = 0;
        for (double v : ks) {
            vv += v * v;
        }
        double var = Math.max(hyper.signalVariance - vv, 0);
        return new double[]{mean, var};
    }

    /** log p(y | X, hyperparameters). */
    public double logMarginalLikelihood() {
        return logMarginalLikelihood;
    }

    public Hyper hyper() {
        return hyper;
    }

    /** Number of observations. */
    public int size() {
        return x.length;
    }
}
