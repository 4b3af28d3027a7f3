package org.snnaudio.core.nn;

/**
 * The innermost float loops, kept tiny and branch-free so that the JIT vectorises them: adding a weight
 * row (one input spike) and a scaled row (analog input, or a backward row update).
 */
final class Kernels {
    private Kernels() {
    }

    /** {@code dst[do + i] += src[so + i]} for {@code i < n}. */
    static void addRow(float[] src, int so, float[] dst, int dOff, int n) {
        for (int i = 0; i < n; i++) {
            dst[dOff + i] += src[so + i];
        }
    }

    /** {@code dst[i] += src[so + i]} for {@code i < n}. */
    static void addRow(float[] src, int so, float[] dst, int n) {
        for (int i = 0; i < n; i++) {
            dst[i] += src[so + i];
        }
    }

    /** {@code dst[do + i] += a * src[so + i]} for {@code i < n}. */
    static void axpy(float a, float[] src, int so, float[] dst, int dOff, int n) {
        for (int i = 0; i < n; i++) {
            dst[dOff + i] += a * src[so + i];
        }
    }
}
