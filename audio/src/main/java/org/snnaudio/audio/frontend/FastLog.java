package org.snnaudio.audio.frontend;

/**
 * Logarithms for the frontends' inner loops, several times faster than {@link Math#log10}: exponent
 * from the float's bits, the mantissa's logarithm from a 128-entry table plus a cubic for the small
 * remainder (no division, no branch); absolute error about 1e-7 in log2, far inside the 1e-3 agreement
 * asked of features.
 * Arguments must be positive, finite and normal (the callers clamp to 1e-10 or add 1e-6 first).
 */
final class FastLog {
    private static final float LN2_INV = 1.4426950408889634f;
    private static final float LOG10_2 = 0.30102999566398120f;
    private static final float LN2 = 0.6931471805599453f;

    private FastLog() {
    }

    /** 1/c and log2(c) for c the centre of each of the 128 mantissa intervals of [1, 2). */
    private static final float[] INV_C = new float[128];
    private static final float[] LOG2_C = new float[128];

    static {
        for (int i = 0; i < 128; i++) {
            double c = 1 + (i + 0.5) / 128;
            INV_C[i] = (float) (1 / c);
            LOG2_C[i] = (float) (Math.log(c) / Math.log(2));
        }
    }

    static float log2(float x) {
        // x = 2^e * m with m in [1, 2); m = c * (1 + r) with c from a 128-entry table, |r| < 1/256, so
        // log2(1 + r) = (r - r^2/2) / ln 2 leaves out r^3/3 < 2e-8, below float rounding of the sum
        int bits = Float.floatToRawIntBits(x);
        int e = (bits >>> 23) - 127;
        float m = Float.intBitsToFloat((bits & 0x007FFFFF) | 0x3F800000);
        int i = (bits >>> 16) & 0x7F;
        float r = Math.fma(m, INV_C[i], -1f);
        return (e + LOG2_C[i]) + r * Math.fma(r, -0.5f * LN2_INV, LN2_INV);
    }

    static float log10(float x) {
        return log2(x) * LOG10_2;
    }

    static float ln(float x) {
        return log2(x) * LN2;
    }

    /** 2^x for |x| < 126, relative error below 3e-7. */
    static float exp2(float x) {
        float fl = (float) Math.floor(x); // an intrinsic, unlike Math.round
        float t = (x - fl) * LN2; // [0, ln 2)
        float p = 1f + t * (1f + t * (0.5f + t * (1f / 6 + t * (1f / 24 + t * (1f / 120 + t * (1f / 720 + t * (1f / 5040)))))));
        return p * Float.intBitsToFloat(((int) fl + 127) << 23);
    }

    /** x^c for x > 0 (normal) and moderate c. */
    static float pow(float x, float c) {
        return exp2(c * log2(x));
    }
}
