package org.snnaudio.cli.tune;

/** The standard normal density and distribution function (relative error about 1e-15 in the lower tail, absolute about 1e-16 elsewhere). */
final class Normal {
    private static final double LOG_SQRT_2PI = 0.9189385332046727417803297;

    private Normal() {
    }

    static double pdf(double x) {
        return Math.exp(-0.5 * x * x - LOG_SQRT_2PI);
    }

    /**
     * Phi(x). Marsaglia's Taylor series (J. Stat. Software 11(4), 2004) near the centre; in the
     * lower tail a continued fraction of Mills' ratio, because 0.5 + series loses every digit there.
     */
    static double cdf(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x <= -2) {
            return lowerTail(x);
        }
        if (x >= 2) {
            return 1 - lowerTail(-x);
        }
        double s = x;
        double t = 0;
        double b = x;
        double q = x * x;
        double i = 1;
        while (s != t) {
            t = s;
            i += 2;
            b *= q / i;
            s = t + b;
        }
        return 0.5 + s * Math.exp(-0.5 * q - LOG_SQRT_2PI);
    }

    /** Phi(x) for x <= -2 from the continued fraction (200 terms: converged to double precision there) phi(x) / (-x + 1/(-x + 2/(-x + ...))). */
    private static double lowerTail(double x) {
        double z = -x;
        double f = z;
        for (int k = 200; k >= 1; k--) {
            f = z + k / f;
        }
        return pdf(x) / f;
    }
}
