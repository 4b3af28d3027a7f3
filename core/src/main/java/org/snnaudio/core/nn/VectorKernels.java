package org.snnaudio.core.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of the {@link Kernels} whose plain loops the JIT cannot arrange well: each performs,
 * for every output element, exactly the float operations of its twin in the same order, so both give the
 * same bits (tested). Linked only when {@link org.snnaudio.core.Simd#enabled()} says so.
 */
final class VectorKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorKernels() {
    }

    /**
     * {@link Kernels#gemvLanesSet} for four lanes: {@code dst[j] = sum_k a[j][k] rows[k]}, one fused
     * multiply-add chain per element from +0 with the rows in order. The four lanes' sums for two vectors of
     * elements stay in eight registers while every row passes, so each row segment is loaded once for all
     * four lanes and no partial sum goes through memory (the plain kernel loads a row once per lane and
     * loads and stores the sums once per eight rows).
     */
    static void lanesSet4(float[][] a, float[][] rows, float[][] dst) {
        float[] a0 = a[0];
        float[] a1 = a[1];
        float[] a2 = a[2];
        float[] a3 = a[3];
        float[] d0 = dst[0];
        float[] d1 = dst[1];
        float[] d2 = dst[2];
        float[] d3 = dst[3];
        int m = rows.length;
        int n = d0.length;
        int i = 0;
        for (; i + 2 * L <= n; i += 2 * L) {
            int i2 = i + L;
            FloatVector x0 = FloatVector.zero(S);
            FloatVector y0 = x0;
            FloatVector x1 = x0;
            FloatVector y1 = x0;
            FloatVector x2 = x0;
            FloatVector y2 = x0;
            FloatVector x3 = x0;
            FloatVector y3 = x0;
            for (int k = 0; k < m; k++) {
                float[] r = rows[k];
                FloatVector r0 = FloatVector.fromArray(S, r, i);
                FloatVector r1 = FloatVector.fromArray(S, r, i2);
                FloatVector b0 = FloatVector.broadcast(S, a0[k]);
                FloatVector b1 = FloatVector.broadcast(S, a1[k]);
                FloatVector b2 = FloatVector.broadcast(S, a2[k]);
                FloatVector b3 = FloatVector.broadcast(S, a3[k]);
                x0 = r0.fma(b0, x0);
                y0 = r1.fma(b0, y0);
                x1 = r0.fma(b1, x1);
                y1 = r1.fma(b1, y1);
                x2 = r0.fma(b2, x2);
                y2 = r1.fma(b2, y2);
                x3 = r0.fma(b3, x3);
                y3 = r1.fma(b3, y3);
            }
            x0.intoArray(d0, i);
            y0.intoArray(d0, i2);
            x1.intoArray(d1, i);
            y1.intoArray(d1, i2);
            x2.intoArray(d2, i);
            y2.intoArray(d2, i2);
            x3.intoArray(d3, i);
            y3.intoArray(d3, i2);
        }
        for (; i + L <= n; i += L) {
            FloatVector x0 = FloatVector.zero(S);
            FloatVector x1 = x0;
            FloatVector x2 = x0;
            FloatVector x3 = x0;
            for (int k = 0; k < m; k++) {
                FloatVector r0 = FloatVector.fromArray(S, rows[k], i);
                x0 = r0.fma(FloatVector.broadcast(S, a0[k]), x0);
                x1 = r0.fma(FloatVector.broadcast(S, a1[k]), x1);
                x2 = r0.fma(FloatVector.broadcast(S, a2[k]), x2);
                x3 = r0.fma(FloatVector.broadcast(S, a3[k]), x3);
            }
            x0.intoArray(d0, i);
            x1.intoArray(d1, i);
            x2.intoArray(d2, i);
            x3.intoArray(d3, i);
        }
        for (; i < n; i++) {
            float s0 = 0f;
            float s1 = 0f;
            float s2 = 0f;
            float s3 = 0f;
            for (int k = 0; k < m; k++) {
                float r = rows[k][i];
                s0 = Math.fma(a0[k], r, s0);
                s1 = Math.fma(a1[k], r, s1);
                s2 = Math.fma(a2[k], r, s2);
                s3 = Math.fma(a3[k], r, s3);
            }
            d0[i] = s0;
            d1[i] = s1;
            d2[i] = s2;
            d3[i] = s3;
        }
    }

    /**
     * {@link Kernels#appendEvents}: the spike bits of each 64 neurons come from vector comparisons (one mask
     * per vector, turned into bits) instead of a scalar OR per neuron; the indices are then written as the
     * plain kernel writes them. A spike is a value above 0, so a NaN (a diverged membrane) lists no event, as
     * in the plain kernel.
     */
    static int appendEvents(float[] spk, int n, int[] ev, int ne) {
        for (int w = 0; w < n; w += 64) {
            int len = Math.min(64, n - w);
            long bits = 0;
            int j = 0;
            for (; j + L <= len; j += L) {
                bits |= FloatVector.fromArray(S, spk, w + j).compare(VectorOperators.GT, 0f).toLong() << j;
            }
            for (; j < len; j++) {
                if (spk[w + j] > 0f) {
                    bits |= 1L << j;
                }
            }
            ne = Kernels.appendBits(bits, w, ev, ne);
        }
        return ne;
    }
}
