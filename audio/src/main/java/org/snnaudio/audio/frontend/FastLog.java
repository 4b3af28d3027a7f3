package org.snnaudio.audio.frontend;

/**
 * Logarithms for the frontends' inner loops, several times faster than {@link Math#log10}: exponent
 * from the float's bits, mantissa reduced to [sqrt(1/2), sqrt(2)) and an odd series of
 * {@code atanh}; absolute error below 1e-7 in log2, far inside the 1e-3 agreement asked of features.
 * Arguments must be positive, finite and normal (the callers clamp to 1e-10 or add 1e-6 first).
 */
final class FastLog {
    private static final float LN2_INV = 1.4426950408889634f;
    private static final float LOG10_2 = 0.30102999566398120f;
    private static final float LN2 = 0.6931471805599453f;

    private FastLog() {
    }

    static float log2(float x) {
        // branch-free reduction to m in [sqrt(1/2), sqrt(2)) (as musl's logf does)
        int ix = Float.floatToRawIntBits(x) + (0x3F800000 - 0x3F3504F3);
        int e = (ix >> 23) - 0x7F;
        float m = Float.intBitsToFloat((ix & 0x007FFFFF) + 0x3F3504F3);
        float t = (m - 1f) / (m + 1f);
        float t2 = t * t;
        float ln = 2f * t * (1f + t2 * (1f / 3 + t2 * (1f / 5 + t2 * (1f / 7 + t2 * (1f / 9)))));
        return e + ln * LN2_INV;
    }

    static float log10(float x) {
        return log2(x) * LOG10_2;
    }

    static float ln(float x) {
        return log2(x) * LN2;
    }

    /** 2^x for |x| < 126, relative error below 2e-7. */
    static float exp2(float x) {
        float r = Math.round(x);
        float f = x - r; // [-0.5, 0.5]
        float t = f * LN2;
        float p = 1f + t * (1f + t * (0.5f + t * (1f / 6 + t * (1f / 24 + t * (1f / 120 + t * (1f / 720))))));
        return p * Float.intBitsToFloat(((int) r + 127) << 23);
    }

    /** x^c for x > 0 (normal) and moderate c. */
    static float pow(float x, float c) {
        return exp2(c * log2(x));
    }
}
