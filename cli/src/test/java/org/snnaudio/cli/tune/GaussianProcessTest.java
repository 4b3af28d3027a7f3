package org.snnaudio.cli.tune;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GaussianProcessTest {

    /** Matern 5/2 with unit length scale at distance r, written out by hand. */
    private static double matern(double r, double s2, double l) {
        double z = r / l;
        return s2 * (1 + Math.sqrt(5) * z + 5.0 / 3.0 * z * z) * Math.exp(-Math.sqrt(5) * z);
    }

    @Test
    void kernelMatchesTheMatern52Formula() {
        GaussianProcess.Hyper h = new GaussianProcess.Hyper(new double[]{0.5, 2.0}, 1.7, 0);
        double[] a = {0.1, 0.4};
        double[] b = {0.3, -0.2};
        double r = Math.sqrt(Math.pow(0.2 / 0.5, 2) + Math.pow(0.6 / 2.0, 2));
        assertEquals(1.7 * (1 + Math.sqrt(5) * r + 5.0 / 3 * r * r) * Math.exp(-Math.sqrt(5) * r),
                GaussianProcess.kernel(a, b, h), 1e-14);
        assertEquals(1.7, GaussianProcess.kernel(a, a, h), 1e-15);
    }

    @Test
    void twoPointPosteriorMatchesHandComputation() {
        // Observations y = (1, -0.5) at x = 0 and x = 1; length 0.8, signal 2, noise 0.01.
        double l = 0.8;
        double s2 = 2;
        double n2 = 0.01;
        GaussianProcess gp = GaussianProcess.fit(new double[][]{{0}, {1}}, new double[]{1, -0.5},
                new GaussianProcess.Hyper(new double[]{l}, s2, n2));
        // K + n2 I = [[a, c], [c, a]], inverse = 1/(a^2 - c^2) [[a, -c], [-c, a]].
        double a = s2 + n2;
        double c = matern(1, s2, l);
        double det = a * a - c * c;
        double[] alpha = {(a * 1 - c * -0.5) / det, (-c * 1 + a * -0.5) / det};
        double xs = 0.3;
        double k1 = matern(0.3, s2, l);
        double k2 = matern(0.7, s2, l);
        double mean = k1 * alpha[0] + k2 * alpha[1];
        double quad = (a * k1 * k1 - 2 * c * k1 * k2 + a * k2 * k2) / det;
        double var = s2 - quad;
        double[] mv = gp.predict(new double[]{xs});
        assertEquals(mean, mv[0], 1e-12);
        assertEquals(var, mv[1], 1e-12);
        // log marginal likelihood: -1/2 y^T K^-1 y - 1/2 log det K - log 2 pi.
        double yKy = 1 * alpha[0] + -0.5 * alpha[1];
        assertEquals(-0.5 * yKy - 0.5 * Math.log(det) - Math.log(2 * Math.PI), gp.logMarginalLikelihood(), 1e-12);
    }

    @Test
    void noiselessPosteriorInterpolatesTheData() {
        GaussianProcess gp = GaussianProcess.fit(new double[][]{{0.1, 0.2}, {0.7, 0.9}, {0.4, 0.5}},
                new double[]{0.3, -1.2, 2.0}, new GaussianProcess.Hyper(new double[]{0.3, 0.3}, 1, 0));
        double[] mv = gp.predict(new double[]{0.7, 0.9});
        assertEquals(-1.2, mv[0], 1e-6);
        assertEquals(0, mv[1], 1e-6);
    }

    @RepeatedTest(5)
    void posteriorVarianceNeverExceedsPriorAndShrinksNearData(org.junit.jupiter.api.RepetitionInfo info) {
        Random rnd = new Random(11 + info.getCurrentRepetition());
        int n = 8;
        double[][] x = new double[n][3];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = rnd.nextDouble();
            }
            y[i] = rnd.nextGaussian();
        }
        GaussianProcess gp = GaussianProcess.fit(x, y, new GaussianProcess.Hyper(new double[]{0.4, 0.4, 0.4}, 1.5, 1e-4));
        for (int t = 0; t < 20; t++) {
            double[] q = {rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble()};
            double v = gp.predict(q)[1];
            assertTrue(v >= 0 && v <= 1.5 + 1e-12, "variance " + v);
        }
        assertTrue(gp.predict(x[0])[1] < 0.01);
    }

    @Test
    void maximumLikelihoodRecoversALongerLengthScaleForASmootherFunction() {
        int n = 25;
        double[][] x = new double[n][1];
        double[] smooth = new double[n];
        double[] rough = new double[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = i / (double) (n - 1);
            smooth[i] = Math.sin(2 * Math.PI * x[i][0]);
            rough[i] = Math.sin(12 * Math.PI * x[i][0]);
        }
        GaussianProcess gs = GaussianProcess.fitMaximumLikelihood(x, smooth, 3, new SplittableRandom(1), null);
        GaussianProcess gr = GaussianProcess.fitMaximumLikelihood(x, rough, 3, new SplittableRandom(1), null);
        assertTrue(gs.hyper().lengthScales()[0] > 2 * gr.hyper().lengthScales()[0],
                gs.hyper().lengthScales()[0] + " vs " + gr.hyper().lengthScales()[0]);
        // The fitted hyperparameters beat the starting guess on marginal likelihood.
        GaussianProcess guess = GaussianProcess.fit(x, smooth, new GaussianProcess.Hyper(new double[]{0.3}, 1, 1e-3));
        assertTrue(gs.logMarginalLikelihood() >= guess.logMarginalLikelihood());
        // And predict a held-out point of the smooth function well.
        assertEquals(Math.sin(2 * Math.PI * 0.51), gs.predict(new double[]{0.51})[0], 0.02);
    }
}
