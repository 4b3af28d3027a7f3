package org.snnaudio.core.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of the {@link Kernels} whose plain loops the JIT cannot arrange well: each performs,
 * for every output element, exactly the float operations of its twin in the same order, so both give the
 * same bits (tested). Linked only when {@link org.snnaudio.core.Simd#enabled()} says so.
 *
 * <p>The neuron-step kernels repeat their few lines of arithmetic and their scalar tails on purpose. Sharing
 * them through a helper that takes or returns a vector, or ending such a kernel with a call to the plain loop
 * for the tail, made shd inference 1.6-3.8x slower (commit ed01645, reverted): C2 then stops inlining somewhere in
 * the engine's large forward method, and a vector that crosses a call it did not inline becomes a heap
 * object. Measure with {@code bench/compare-builds.sh} before folding them.
 */
final class VectorKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final VectorSpecies<Integer> IS = IntVector.SPECIES_PREFERRED;

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
     * {@link Kernels#cubaStepState}. The spike is {@code 1} where {@code m - thr > 0}, otherwise {@code +0},
     * and {@code m - thr} itself where that is NaN: what {@code Math.max(0f, Math.signum(m - thr))} gives, as
     * one comparison and two blends instead of the plain loop's signum and max, whose NaN and signed-zero
     * rules the JIT spells out in about ten instructions per vector. No pre-loop either: the plain loop spends
     * a quarter of its time in scalar iterations that align its stores.
     */
    static void cubaStepState(float[] alpha, float[] beta, float[] thr, float[] cur, float[] stSyn, float[] stMem,
                              float[] stSpk) {
        int n = cur.length;
        int i = 0;
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector zero = FloatVector.zero(S);
        for (int upper = S.loopBound(n); i < upper; i += L) {
            FloatVector sy = FloatVector.fromArray(S, alpha, i).mul(FloatVector.fromArray(S, stSyn, i))
                    .add(FloatVector.fromArray(S, cur, i));
            FloatVector th = FloatVector.fromArray(S, thr, i);
            FloatVector m = FloatVector.fromArray(S, beta, i).mul(FloatVector.fromArray(S, stMem, i)).add(sy)
                    .sub(th.mul(FloatVector.fromArray(S, stSpk, i)));
            sy.intoArray(stSyn, i);
            m.intoArray(stMem, i);
            spike(m.sub(th), one, zero).intoArray(stSpk, i);
        }
        for (; i < n; i++) {
            float sy = alpha[i] * stSyn[i] + cur[i];
            float m = beta[i] * stMem[i] + sy - thr[i] * stSpk[i];
            stSyn[i] = sy;
            stMem[i] = m;
            stSpk[i] = Math.max(0f, Math.signum(m - thr[i]));
        }
    }

    /** {@link Kernels#cubaStep}: {@link #cubaStepState} that also writes the step's tape rows. */
    static void cubaStep(float[] alpha, float[] beta, float[] thr, float[] cur, float[] stSyn, float[] stMem,
                         float[] stSpk, float[] synR, float[] memR, float[] spkR) {
        int n = cur.length;
        int i = 0;
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector zero = FloatVector.zero(S);
        for (int upper = S.loopBound(n); i < upper; i += L) {
            FloatVector sy = FloatVector.fromArray(S, alpha, i).mul(FloatVector.fromArray(S, stSyn, i))
                    .add(FloatVector.fromArray(S, cur, i));
            FloatVector th = FloatVector.fromArray(S, thr, i);
            FloatVector m = FloatVector.fromArray(S, beta, i).mul(FloatVector.fromArray(S, stMem, i)).add(sy)
                    .sub(th.mul(FloatVector.fromArray(S, stSpk, i)));
            FloatVector s = spike(m.sub(th), one, zero);
            sy.intoArray(stSyn, i);
            m.intoArray(stMem, i);
            s.intoArray(stSpk, i);
            sy.intoArray(synR, i);
            m.intoArray(memR, i);
            s.intoArray(spkR, i);
        }
        for (; i < n; i++) {
            float sy = alpha[i] * stSyn[i] + cur[i];
            float m = beta[i] * stMem[i] + sy - thr[i] * stSpk[i];
            float s = Math.max(0f, Math.signum(m - thr[i]));
            stSyn[i] = sy;
            stMem[i] = m;
            stSpk[i] = s;
            synR[i] = sy;
            memR[i] = m;
            spkR[i] = s;
        }
    }

    /**
     * {@link Kernels#cubaStepFastSigmoid}: {@link #cubaStepState} and {@code 1 / (k |m - thr| + 1)^2} (a
     * multiply and an add, not fused, as in the plain loop).
     */
    static void cubaStepFastSigmoid(float[] alpha, float[] beta, float[] thr, float[] cur, float[] stSyn,
                                    float[] stMem, float[] stSpk, float k, float[] sg) {
        int n = cur.length;
        int i = 0;
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector zero = FloatVector.zero(S);
        FloatVector kv = FloatVector.broadcast(S, k);
        for (int upper = S.loopBound(n); i < upper; i += L) {
            FloatVector sy = FloatVector.fromArray(S, alpha, i).mul(FloatVector.fromArray(S, stSyn, i))
                    .add(FloatVector.fromArray(S, cur, i));
            FloatVector th = FloatVector.fromArray(S, thr, i);
            FloatVector m = FloatVector.fromArray(S, beta, i).mul(FloatVector.fromArray(S, stMem, i)).add(sy)
                    .sub(th.mul(FloatVector.fromArray(S, stSpk, i)));
            FloatVector u = m.sub(th);
            sy.intoArray(stSyn, i);
            m.intoArray(stMem, i);
            spike(u, one, zero).intoArray(stSpk, i);
            FloatVector d = kv.mul(u.abs()).add(one);
            one.div(d.mul(d)).intoArray(sg, i);
        }
        for (; i < n; i++) {
            float sy = alpha[i] * stSyn[i] + cur[i];
            float m = beta[i] * stMem[i] + sy - thr[i] * stSpk[i];
            stSyn[i] = sy;
            stMem[i] = m;
            stSpk[i] = Math.max(0f, Math.signum(m - thr[i]));
            float d = k * Math.abs(m - thr[i]) + 1f;
            sg[i] = 1f / (d * d);
        }
    }

    /** {@code Math.max(0f, Math.signum(u))} per lane: 1 above 0, +0 at or below it (-0 included), NaN kept. */
    private static FloatVector spike(FloatVector u, FloatVector one, FloatVector zero) {
        return zero.blend(one, u.compare(VectorOperators.GT, 0f)).blend(u, u.compare(VectorOperators.NE, u));
    }

    /** {@link Kernels#liStep}. */
    static void liStep(float[] alpha, float[] beta, float[] cur, float[] stSyn, float[] stMem, float[] synR,
                       float[] memR) {
        int n = cur.length;
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += L) {
            FloatVector sy = FloatVector.fromArray(S, alpha, i).mul(FloatVector.fromArray(S, stSyn, i))
                    .add(FloatVector.fromArray(S, cur, i));
            FloatVector m = FloatVector.fromArray(S, beta, i).mul(FloatVector.fromArray(S, stMem, i)).add(sy);
            sy.intoArray(stSyn, i);
            m.intoArray(stMem, i);
            sy.intoArray(synR, i);
            m.intoArray(memR, i);
        }
        for (; i < n; i++) {
            float sy = alpha[i] * stSyn[i] + cur[i];
            float m = beta[i] * stMem[i] + sy;
            stSyn[i] = sy;
            stMem[i] = m;
            synR[i] = sy;
            memR[i] = m;
        }
    }

    /**
     * {@link Kernels#maxOverTime}: the running maximum and its step for a vector of classes at once, with
     * one comparison and two blends per step instead of a branch per class that mispredicts while the
     * membranes rise.
     */
    static void maxOverTime(float[][] mem, int steps, int classes, float[] best, int[] at) {
        int k = 0;
        if (IS.length() == L) {
            for (int upper = S.loopBound(classes); k < upper; k += L) {
                FloatVector b = FloatVector.fromArray(S, mem[0], k);
                IntVector a = IntVector.zero(IS);
                for (int t = 1; t < steps; t++) {
                    FloatVector r = FloatVector.fromArray(S, mem[t], k);
                    VectorMask<Float> gt = r.compare(VectorOperators.GT, b);
                    b = b.blend(r, gt);
                    a = a.blend(t, gt.cast(IS));
                }
                b.intoArray(best, k);
                a.intoArray(at, k);
            }
        }
        Kernels.maxOverTimePlain(mem, steps, k, classes, best, at);
    }

    /*
     * The row sums of Kernels.addRows and Kernels.sumRows, one group of rows per pass over dst: the same
     * additions in the same order per element as the plain group loops, without their scalar pre-loop
     * (which aligns the stores) and with the bounds checks hoisted (the plain loops over eight source arrays
     * keep several in the loop body).
     */

    static void set8(float[] s0, float[] s1, float[] s2, float[] s3, float[] s4, float[] s5, float[] s6,
                     float[] s7, float[] dst) {
        int n = dst.length;
        int i = 0;
        FloatVector zero = FloatVector.zero(S);
        for (int upper = S.loopBound(n); i < upper; i += L) {
            zero.add(sum8(s0, s1, s2, s3, s4, s5, s6, s7, i)).intoArray(dst, i);
        }
        for (; i < n; i++) {
            dst[i] = 0f + (((s0[i] + s1[i]) + (s2[i] + s3[i])) + ((s4[i] + s5[i]) + (s6[i] + s7[i])));
        }
    }

    static void add8(float[] s0, float[] s1, float[] s2, float[] s3, float[] s4, float[] s5, float[] s6,
                     float[] s7, float[] dst) {
        int n = dst.length;
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += L) {
            FloatVector.fromArray(S, dst, i).add(sum8(s0, s1, s2, s3, s4, s5, s6, s7, i)).intoArray(dst, i);
        }
        for (; i < n; i++) {
            dst[i] += ((s0[i] + s1[i]) + (s2[i] + s3[i])) + ((s4[i] + s5[i]) + (s6[i] + s7[i]));
        }
    }

    private static FloatVector sum8(float[] s0, float[] s1, float[] s2, float[] s3, float[] s4, float[] s5,
                                    float[] s6, float[] s7, int i) {
        return sum4(s0, s1, s2, s3, i).add(sum4(s4, s5, s6, s7, i));
    }

    private static FloatVector sum4(float[] s0, float[] s1, float[] s2, float[] s3, int i) {
        return FloatVector.fromArray(S, s0, i).add(FloatVector.fromArray(S, s1, i))
                .add(FloatVector.fromArray(S, s2, i).add(FloatVector.fromArray(S, s3, i)));
    }

    static void set4(float[] s0, float[] s1, float[] s2, float[] s3, float[] dst) {
        int n = dst.length;
        int i = 0;
        FloatVector zero = FloatVector.zero(S);
        for (int upper = S.loopBound(n); i < upper; i += L) {
            zero.add(sum4(s0, s1, s2, s3, i)).intoArray(dst, i);
        }
        for (; i < n; i++) {
            dst[i] = 0f + ((s0[i] + s1[i]) + (s2[i] + s3[i]));
        }
    }

    static void add4(float[] s0, float[] s1, float[] s2, float[] s3, float[] dst) {
        int n = dst.length;
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += L) {
            FloatVector.fromArray(S, dst, i).add(sum4(s0, s1, s2, s3, i)).intoArray(dst, i);
        }
        for (; i < n; i++) {
            dst[i] += (s0[i] + s1[i]) + (s2[i] + s3[i]);
        }
    }

    static void set3(float[] s0, float[] s1, float[] s2, float[] dst) {
        int n = dst.length;
        int i = 0;
        FloatVector zero = FloatVector.zero(S);
        for (int upper = S.loopBound(n); i < upper; i += L) {
            zero.add(FloatVector.fromArray(S, s0, i).add(FloatVector.fromArray(S, s1, i))
                    .add(FloatVector.fromArray(S, s2, i))).intoArray(dst, i);
        }
        for (; i < n; i++) {
            dst[i] = 0f + ((s0[i] + s1[i]) + s2[i]);
        }
    }

    static void add3(float[] s0, float[] s1, float[] s2, float[] dst) {
        int n = dst.length;
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += L) {
            FloatVector.fromArray(S, dst, i).add(FloatVector.fromArray(S, s0, i).add(FloatVector.fromArray(S, s1, i))
                    .add(FloatVector.fromArray(S, s2, i))).intoArray(dst, i);
        }
        for (; i < n; i++) {
            dst[i] += (s0[i] + s1[i]) + s2[i];
        }
    }

    static void set2(float[] s0, float[] s1, float[] dst) {
        int n = dst.length;
        int i = 0;
        FloatVector zero = FloatVector.zero(S);
        for (int upper = S.loopBound(n); i < upper; i += L) {
            zero.add(FloatVector.fromArray(S, s0, i).add(FloatVector.fromArray(S, s1, i))).intoArray(dst, i);
        }
        for (; i < n; i++) {
            dst[i] = 0f + (s0[i] + s1[i]);
        }
    }

    static void add2(float[] s0, float[] s1, float[] dst) {
        int n = dst.length;
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += L) {
            FloatVector.fromArray(S, dst, i).add(FloatVector.fromArray(S, s0, i).add(FloatVector.fromArray(S, s1, i)))
                    .intoArray(dst, i);
        }
        for (; i < n; i++) {
            dst[i] += s0[i] + s1[i];
        }
    }

    static void set1(float[] s0, float[] dst) {
        int n = dst.length;
        int i = 0;
        FloatVector zero = FloatVector.zero(S);
        for (int upper = S.loopBound(n); i < upper; i += L) {
            zero.add(FloatVector.fromArray(S, s0, i)).intoArray(dst, i);
        }
        for (; i < n; i++) {
            dst[i] = 0f + s0[i];
        }
    }

    static void add1(float[] s0, float[] dst) {
        int n = dst.length;
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += L) {
            FloatVector.fromArray(S, dst, i).add(FloatVector.fromArray(S, s0, i)).intoArray(dst, i);
        }
        for (; i < n; i++) {
            dst[i] += s0[i];
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
