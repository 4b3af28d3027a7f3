package org.snnaudio.core.nn;

import org.snnaudio.core.Simd;

/**
 * The innermost float loops: adding a weight row (one input spike) and a scaled row (analog input, or a
 * backward row update). Source and target are separate arrays indexed alike, so the JIT can vectorise.
 */
final class Kernels {
    /**
     * Whether {@link VectorKernels} run ({@link Simd#enabled()}); constant, so the JIT drops the other branch,
     * and {@link VectorKernels} is never linked where the module is absent.
     */
    static final boolean VECTOR = Simd.enabled();

    private Kernels() {
    }

    /** {@code dst[i] += src[i]} for every {@code i} of {@code dst}. */
    static void addRow(float[] src, float[] dst) {
        for (int i = 0; i < dst.length; i++) {
            dst[i] += src[i];
        }
    }

    /** {@code dst[i] += a * src[i]} for every {@code i} of {@code dst}. */
    static void axpy(float a, float[] src, float[] dst) {
        for (int i = 0; i < dst.length; i++) {
            dst[i] = Math.fma(a, src[i], dst[i]);
        }
    }

    /**
     * One step of CuBa-LIF neurons (LIF and IF when alpha is 0, IF when beta is 1) with reset by
     * subtraction of the previous spike: the fast path of {@code CubaLif.kernel} in float. Writes the new
     * state into {@code st*} and the step's row of the tape into {@code *R}.
     */
    static void cubaStep(float[] alpha, float[] beta, float[] thr, float[] cur, float[] stSyn, float[] stMem,
                         float[] stSpk, float[] synR, float[] memR, float[] spkR) {
        if (VECTOR) {
            VectorKernels.cubaStep(alpha, beta, thr, cur, stSyn, stMem, stSpk, synR, memR, spkR);
        } else {
            cubaStepPlain(alpha, beta, thr, cur, stSyn, stMem, stSpk, synR, memR, spkR);
        }
    }

    /** {@link #cubaStep} in plain Java. */
    static void cubaStepPlain(float[] alpha, float[] beta, float[] thr, float[] cur, float[] stSyn, float[] stMem,
                              float[] stSpk, float[] synR, float[] memR, float[] spkR) {
        for (int i = 0; i < cur.length; i++) {
            float sy = alpha[i] * stSyn[i] + cur[i];
            float m = beta[i] * stMem[i] + sy - thr[i] * stSpk[i];
            // max(0, signum(.)) is H(m - thr), 0 at equality, and unlike a ternary it vectorises
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
     * {@link #cubaStepState} and the fast-sigmoid surrogate derivative {@code 1 / (k |m - thr| + 1)^2} at the
     * new membrane, in one pass (training without membrane rows).
     */
    static void cubaStepFastSigmoid(float[] alpha, float[] beta, float[] thr, float[] cur, float[] stSyn, float[] stMem,
                                    float[] stSpk, float k, float[] sg) {
        if (VECTOR) {
            VectorKernels.cubaStepFastSigmoid(alpha, beta, thr, cur, stSyn, stMem, stSpk, k, sg);
        } else {
            cubaStepFastSigmoidPlain(alpha, beta, thr, cur, stSyn, stMem, stSpk, k, sg);
        }
    }

    /** {@link #cubaStepFastSigmoid} in plain Java. */
    static void cubaStepFastSigmoidPlain(float[] alpha, float[] beta, float[] thr, float[] cur, float[] stSyn, float[] stMem,
                                         float[] stSpk, float k, float[] sg) {
        for (int i = 0; i < cur.length; i++) {
            float sy = alpha[i] * stSyn[i] + cur[i];
            float m = beta[i] * stMem[i] + sy - thr[i] * stSpk[i];
            stSyn[i] = sy;
            stMem[i] = m;
            stSpk[i] = Math.max(0f, Math.signum(m - thr[i]));
            float d = k * Math.abs(m - thr[i]) + 1f;
            sg[i] = 1f / (d * d);
        }
    }

    /** {@link #cubaStep} without the tape rows: the new state only (inference). */
    static void cubaStepState(float[] alpha, float[] beta, float[] thr, float[] cur, float[] stSyn, float[] stMem,
                              float[] stSpk) {
        if (VECTOR) {
            VectorKernels.cubaStepState(alpha, beta, thr, cur, stSyn, stMem, stSpk);
        } else {
            cubaStepStatePlain(alpha, beta, thr, cur, stSyn, stMem, stSpk);
        }
    }

    /** {@link #cubaStepState} in plain Java. */
    static void cubaStepStatePlain(float[] alpha, float[] beta, float[] thr, float[] cur, float[] stSyn, float[] stMem,
                                   float[] stSpk) {
        for (int i = 0; i < cur.length; i++) {
            float sy = alpha[i] * stSyn[i] + cur[i];
            float m = beta[i] * stMem[i] + sy - thr[i] * stSpk[i];
            stSyn[i] = sy;
            stMem[i] = m;
            stSpk[i] = Math.max(0f, Math.signum(m - thr[i]));
        }
    }

    /**
     * Backward of {@link #cubaStep} for one step with the reset detached: from the spike gradient
     * ({@code g + recG}) and surrogate {@code sg} to the input-current gradient {@code dI}, carrying the
     * membrane and current adjoints {@code dmem}, {@code dsyn} to the previous step.
     */
    static void cubaBackStep(float[] g, float[] recG, float[] sg, float[] alpha, float[] beta, float[] dmem,
                             float[] dsyn, float[] dI) {
        for (int i = 0; i < dI.length; i++) {
            float du = (g[i] + recG[i]) * sg[i];
            float dm = du + beta[i] * dmem[i];
            float ds = dm + alpha[i] * dsyn[i];
            dmem[i] = dm;
            dsyn[i] = ds;
            dI[i] = ds;
        }
    }

    /**
     * {@code dst += rows[idx[from]] + ... + rows[idx[to-1]]}: the rows of the inputs that spiked, eight at a
     * time (then four, then the last one to three in one pass), so that {@code dst} is loaded and stored
     * once per group. The grouping fixes the order of the additions for a given event list.
     */
    static void addRows(float[][] rows, int[] idx, int from, int to, float[] dst) {
        int e = from;
        for (; e + 7 < to; e += 8) {
            add8G(rows[idx[e]], rows[idx[e + 1]], rows[idx[e + 2]], rows[idx[e + 3]], rows[idx[e + 4]],
                    rows[idx[e + 5]], rows[idx[e + 6]], rows[idx[e + 7]], dst);
        }
        if (e + 3 < to) {
            add4G(rows[idx[e]], rows[idx[e + 1]], rows[idx[e + 2]], rows[idx[e + 3]], dst);
            e += 4;
        }
        switch (to - e) {
            case 3 -> add3G(rows[idx[e]], rows[idx[e + 1]], rows[idx[e + 2]], dst);
            case 2 -> add2G(rows[idx[e]], rows[idx[e + 1]], dst);
            case 1 -> add1G(rows[idx[e]], dst);
            default -> {
            }
        }
    }

    /**
     * {@code dst = rows[idx[from]] + ... + rows[idx[to-1]]} (zero without events): bit for bit
     * {@link #addRows} onto a cleared {@code dst} (the first group's sum is added to +0, which turns a -0 into
     * +0), with the first group written instead of added (one pass over {@code dst} less).
     */
    static void sumRows(float[][] rows, int[] idx, int from, int to, float[] dst) {
        int e = from;
        switch (Math.min(to - from, 8)) {
            case 8 -> {
                set8G(rows[idx[e]], rows[idx[e + 1]], rows[idx[e + 2]], rows[idx[e + 3]], rows[idx[e + 4]],
                        rows[idx[e + 5]], rows[idx[e + 6]], rows[idx[e + 7]], dst);
                addRows(rows, idx, from + 8, to, dst);
            }
            case 4, 5, 6, 7 -> {
                set4G(rows[idx[e]], rows[idx[e + 1]], rows[idx[e + 2]], rows[idx[e + 3]], dst);
                addRows(rows, idx, from + 4, to, dst);
            }
            case 3 -> set3G(rows[idx[e]], rows[idx[e + 1]], rows[idx[e + 2]], dst);
            case 2 -> set2G(rows[idx[e]], rows[idx[e + 1]], dst);
            case 1 -> set1G(rows[idx[e]], dst);
            default -> java.util.Arrays.fill(dst, 0f);
        }
    }

    // group dispatchers: the Vector API loops where they run (same bits), else the plain ones below

    private static void set8G(float[] s0, float[] s1, float[] s2, float[] s3, float[] s4, float[] s5, float[] s6,
                              float[] s7, float[] dst) {
        if (VECTOR) {
            VectorKernels.set8(s0, s1, s2, s3, s4, s5, s6, s7, dst);
        } else {
            set8(s0, s1, s2, s3, s4, s5, s6, s7, dst);
        }
    }

    private static void add8G(float[] s0, float[] s1, float[] s2, float[] s3, float[] s4, float[] s5, float[] s6,
                              float[] s7, float[] dst) {
        if (VECTOR) {
            VectorKernels.add8(s0, s1, s2, s3, s4, s5, s6, s7, dst);
        } else {
            add8(s0, s1, s2, s3, s4, s5, s6, s7, dst);
        }
    }

    private static void set4G(float[] s0, float[] s1, float[] s2, float[] s3, float[] dst) {
        if (VECTOR) {
            VectorKernels.set4(s0, s1, s2, s3, dst);
        } else {
            set4(s0, s1, s2, s3, dst);
        }
    }

    private static void add4G(float[] s0, float[] s1, float[] s2, float[] s3, float[] dst) {
        if (VECTOR) {
            VectorKernels.add4(s0, s1, s2, s3, dst);
        } else {
            add4(s0, s1, s2, s3, dst);
        }
    }

    private static void set3G(float[] s0, float[] s1, float[] s2, float[] dst) {
        if (VECTOR) {
            VectorKernels.set3(s0, s1, s2, dst);
        } else {
            set3(s0, s1, s2, dst);
        }
    }

    private static void add3G(float[] s0, float[] s1, float[] s2, float[] dst) {
        if (VECTOR) {
            VectorKernels.add3(s0, s1, s2, dst);
        } else {
            add3(s0, s1, s2, dst);
        }
    }

    private static void set2G(float[] s0, float[] s1, float[] dst) {
        if (VECTOR) {
            VectorKernels.set2(s0, s1, dst);
        } else {
            set2(s0, s1, dst);
        }
    }

    private static void add2G(float[] s0, float[] s1, float[] dst) {
        if (VECTOR) {
            VectorKernels.add2(s0, s1, dst);
        } else {
            add2(s0, s1, dst);
        }
    }

    private static void set1G(float[] s0, float[] dst) {
        if (VECTOR) {
            VectorKernels.set1(s0, dst);
        } else {
            set1(s0, dst);
        }
    }

    private static void add1G(float[] s0, float[] dst) {
        if (VECTOR) {
            VectorKernels.add1(s0, dst);
        } else {
            addRow(s0, dst);
        }
    }

    static void set8(float[] s0, float[] s1, float[] s2, float[] s3, float[] s4, float[] s5, float[] s6,
                     float[] s7, float[] dst) {
        for (int i = 0; i < dst.length; i++) {
            dst[i] = 0f + (((s0[i] + s1[i]) + (s2[i] + s3[i])) + ((s4[i] + s5[i]) + (s6[i] + s7[i])));
        }
    }

    static void set4(float[] s0, float[] s1, float[] s2, float[] s3, float[] dst) {
        for (int i = 0; i < dst.length; i++) {
            dst[i] = 0f + ((s0[i] + s1[i]) + (s2[i] + s3[i]));
        }
    }

    static void set3(float[] s0, float[] s1, float[] s2, float[] dst) {
        for (int i = 0; i < dst.length; i++) {
            dst[i] = 0f + ((s0[i] + s1[i]) + s2[i]);
        }
    }

    static void set2(float[] s0, float[] s1, float[] dst) {
        for (int i = 0; i < dst.length; i++) {
            dst[i] = 0f + (s0[i] + s1[i]);
        }
    }

    static void set1(float[] s0, float[] dst) {
        for (int i = 0; i < dst.length; i++) {
            dst[i] = 0f + s0[i];
        }
    }

    static void add8(float[] s0, float[] s1, float[] s2, float[] s3, float[] s4, float[] s5, float[] s6,
                     float[] s7, float[] dst) {
        for (int i = 0; i < dst.length; i++) {
            dst[i] += ((s0[i] + s1[i]) + (s2[i] + s3[i])) + ((s4[i] + s5[i]) + (s6[i] + s7[i]));
        }
    }

    static void add4(float[] s0, float[] s1, float[] s2, float[] s3, float[] dst) {
        for (int i = 0; i < dst.length; i++) {
            dst[i] += (s0[i] + s1[i]) + (s2[i] + s3[i]);
        }
    }

    static void add3(float[] s0, float[] s1, float[] s2, float[] dst) {
        for (int i = 0; i < dst.length; i++) {
            dst[i] += (s0[i] + s1[i]) + s2[i];
        }
    }

    static void add2(float[] s0, float[] s1, float[] dst) {
        for (int i = 0; i < dst.length; i++) {
            dst[i] += s0[i] + s1[i];
        }
    }

    /** {@code BIT[j] = 1 << j}: the spike bit of neuron {@code j} of a 32-neuron word. */
    private static final int[] BIT = new int[32];

    static {
        for (int j = 0; j < 32; j++) {
            BIT[j] = 1 << j;
        }
    }

    /**
     * Appends the indices {@code i} in {@code [0, n)} with {@code spk[i] != 0} to {@code ev} from position
     * {@code ne}, in increasing order, and returns the new end; {@code spk} holds only 0 and 1 (hard
     * spikes; a NaN lists nothing). Each 64 neurons are first packed into one long (with the Vector API, one
     * comparison per vector; in plain Java, two vectorisable 32-bit ORs), so the scalar part runs once per
     * spike (spikes are rare) and once per 64 neurons, not once per neuron. Entries of {@code ev} past the
     * returned end may be overwritten.
     */
    static int appendEvents(float[] spk, int n, int[] ev, int ne) {
        return VECTOR ? VectorKernels.appendEvents(spk, n, ev, ne) : appendEventsPlain(spk, n, ev, ne);
    }

    /** {@link #appendEvents} in plain Java. */
    static int appendEventsPlain(float[] spk, int n, int[] ev, int ne) {
        for (int w = 0; w < n; w += 64) {
            int len = Math.min(64, n - w);
            long bits = word(spk, w, Math.min(32, len)) & 0xFFFFFFFFL;
            if (len > 32) {
                bits |= (long) word(spk, w + 32, len - 32) << 32;
            }
            ne = appendBits(bits, w, ev, ne);
        }
        return ne;
    }

    /** Appends {@code w + j} for every set bit {@code j} of {@code bits}, in increasing order; returns the new end. */
    static int appendBits(long bits, int w, int[] ev, int ne) {
        if (ev.length - ne < 8) {
            while (bits != 0) {
                ev[ne++] = w + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
            }
            return ne;
        }
        // eight slots are written whatever the count (the ones past the spikes are overwritten later or
        // lie past the end), so the common word needs no branch per spike, whose exit would mispredict
        int count = Long.bitCount(bits);
        ev[ne] = w + Long.numberOfTrailingZeros(bits);
        bits &= bits - 1;
        ev[ne + 1] = w + Long.numberOfTrailingZeros(bits);
        bits &= bits - 1;
        ev[ne + 2] = w + Long.numberOfTrailingZeros(bits);
        bits &= bits - 1;
        ev[ne + 3] = w + Long.numberOfTrailingZeros(bits);
        bits &= bits - 1;
        ev[ne + 4] = w + Long.numberOfTrailingZeros(bits);
        bits &= bits - 1;
        ev[ne + 5] = w + Long.numberOfTrailingZeros(bits);
        bits &= bits - 1;
        ev[ne + 6] = w + Long.numberOfTrailingZeros(bits);
        bits &= bits - 1;
        ev[ne + 7] = w + Long.numberOfTrailingZeros(bits);
        bits &= bits - 1;
        int q = ne + 8;
        while (bits != 0) {
            ev[q++] = w + Long.numberOfTrailingZeros(bits);
            bits &= bits - 1;
        }
        return ne + count;
    }

    /** Bit {@code j} set where {@code spk[w + j]} is 1, for {@code j < len <= 32}. */
    private static int word(float[] spk, int w, int len) {
        int bits = 0;
        for (int j = 0; j < len; j++) {
            bits |= -(int) spk[w + j] & BIT[j];
        }
        return bits;
    }

    /** {@code dst += sum_k a[k] rows[k]} over all rows (a matrix-vector product by rows); see {@link #gemv(float[], int, float[][], float[])}. */
    static void gemv(float[] a, float[][] rows, float[] dst) {
        gemv(a, 0, rows, dst);
    }

    /**
     * {@code dst += sum_k a[off + k] rows[k]} over all rows: one fused multiply-add chain per element, rows in
     * order, eight rows per pass over {@code dst} (which saves stores and loads).
     */
    static void gemv(float[] a, int off, float[][] rows, float[] dst) {
        rowSums(a, off, 1, rows, 0, rows.length, dst);
    }

    /**
     * {@code dst = sum_k a[off + k] rows[k]}: bit for bit {@link #gemv} onto a cleared {@code dst} (the first
     * block is added to +0), the first block of four rows written instead of added (one pass over {@code dst} less).
     */
    static void gemvSet(float[] a, int off, float[][] rows, float[] dst) {
        if (rows.length < 4) {
            java.util.Arrays.fill(dst, 0f);
            gemv(a, off, rows, dst);
            return;
        }
        float a0 = a[off];
        float a1 = a[off + 1];
        float a2 = a[off + 2];
        float a3 = a[off + 3];
        float[] s0 = rows[0];
        float[] s1 = rows[1];
        float[] s2 = rows[2];
        float[] s3 = rows[3];
        for (int i = 0; i < dst.length; i++) {
            dst[i] = Math.fma(a3, s3[i], Math.fma(a2, s2[i], Math.fma(a1, s1[i], Math.fma(a0, s0[i], 0f))));
        }
        rowSums(a, off, 1, rows, 4, rows.length, dst);
    }

    /**
     * {@code dst += sum_{k < m} a[off + k * stride] rows[k]}: {@link #gemv} over the first {@code m} rows with
     * coefficients from a column of a row-major matrix (the analog input's column of one channel).
     */
    static void gemvStrided(float[] a, int off, int stride, float[][] rows, int m, float[] dst) {
        rowSums(a, off, stride, rows, 0, m, dst);
    }

    /** {@code dst += sum_{from <= k < m} a[off + k * stride] rows[k]}, rows in order: the body of the gemv kernels. */
    private static void rowSums(float[] a, int off, int stride, float[][] rows, int from, int m, float[] dst) {
        int k = from;
        for (; k + 7 < m; k += 8) {
            int o = off + k * stride;
            axpy4x2(a[o], rows[k], a[o + stride], rows[k + 1], a[o + 2 * stride], rows[k + 2], a[o + 3 * stride], rows[k + 3],
                    a[o + 4 * stride], rows[k + 4], a[o + 5 * stride], rows[k + 5], a[o + 6 * stride], rows[k + 6],
                    a[o + 7 * stride], rows[k + 7], dst);
        }
        for (; k + 3 < m; k += 4) {
            int o = off + k * stride;
            axpy4(a[o], rows[k], a[o + stride], rows[k + 1], a[o + 2 * stride], rows[k + 2], a[o + 3 * stride], rows[k + 3], dst);
        }
        for (; k < m; k++) {
            axpy(a[off + k * stride], rows[k], dst);
        }
    }

    /**
     * {@link #gemv} for the first {@code g} pairs {@code (a[j], dst[j])}: row block by row block, every
     * target gets exactly the additions {@code gemv} would make, in the same order (bit-identical), while a
     * block of rows stays in the L1 cache for all targets.
     */
    static void gemvLanes(float[][] a, float[][] rows, float[][] dst, int g) {
        lanesFrom(a, rows, dst, g, 0);
    }

    /**
     * {@link #gemvLanes} onto cleared targets, bit for bit {@link #gemvSet} per lane: the first block of four
     * rows is written (added to +0) instead of added, so the targets need no clearing pass. Four lanes run
     * {@link VectorKernels#lanesSet4} where the Vector API is on (the same bits, about twice as fast: the
     * recurrent adjoint product of training).
     */
    static void gemvLanesSet(float[][] a, float[][] rows, float[][] dst, int g) {
        if (VECTOR && g == 4) {
            VectorKernels.lanesSet4(a, rows, dst);
        } else {
            gemvLanesSetPlain(a, rows, dst, g);
        }
    }

    /** {@link #gemvLanesSet} in plain Java. */
    static void gemvLanesSetPlain(float[][] a, float[][] rows, float[][] dst, int g) {
        int m = rows.length;
        if (m < 4) {
            for (int j = 0; j < g; j++) {
                java.util.Arrays.fill(dst[j], 0f);
            }
            gemvLanes(a, rows, dst, g);
            return;
        }
        float[] r0 = rows[0];
        float[] r1 = rows[1];
        float[] r2 = rows[2];
        float[] r3 = rows[3];
        for (int j = 0; j < g; j++) {
            float[] aj = a[j];
            float a0 = aj[0];
            float a1 = aj[1];
            float a2 = aj[2];
            float a3 = aj[3];
            float[] d = dst[j];
            for (int i = 0; i < d.length; i++) {
                d[i] = Math.fma(a3, r3[i], Math.fma(a2, r2[i], Math.fma(a1, r1[i], Math.fma(a0, r0[i], 0f))));
            }
        }
        lanesFrom(a, rows, dst, g, 4);
    }

    /** {@link #gemvLanes} from row {@code from} on. */
    private static void lanesFrom(float[][] a, float[][] rows, float[][] dst, int g, int from) {
        int k = from;
        int m = rows.length;
        for (; k + 7 < m; k += 8) {
            float[] r0 = rows[k];
            float[] r1 = rows[k + 1];
            float[] r2 = rows[k + 2];
            float[] r3 = rows[k + 3];
            float[] r4 = rows[k + 4];
            float[] r5 = rows[k + 5];
            float[] r6 = rows[k + 6];
            float[] r7 = rows[k + 7];
            for (int j = 0; j < g; j++) {
                float[] aj = a[j];
                axpy4x2(aj[k], r0, aj[k + 1], r1, aj[k + 2], r2, aj[k + 3], r3, aj[k + 4], r4, aj[k + 5], r5, aj[k + 6], r6,
                        aj[k + 7], r7, dst[j]);
            }
        }
        for (; k + 3 < m; k += 4) {
            float[] r0 = rows[k];
            float[] r1 = rows[k + 1];
            float[] r2 = rows[k + 2];
            float[] r3 = rows[k + 3];
            for (int j = 0; j < g; j++) {
                float[] aj = a[j];
                axpy4(aj[k], r0, aj[k + 1], r1, aj[k + 2], r2, aj[k + 3], r3, dst[j]);
            }
        }
        for (; k < m; k++) {
            for (int j = 0; j < g; j++) {
                axpy(a[j][k], rows[k], dst[j]);
            }
        }
    }

    /** Eight rows in one pass over {@code dst}: the same fused multiply-add chain as two {@link #axpy4} calls. */
    private static void axpy4x2(float a0, float[] s0, float a1, float[] s1, float a2, float[] s2, float a3, float[] s3,
                                float a4, float[] s4, float a5, float[] s5, float a6, float[] s6, float a7, float[] s7,
                                float[] dst) {
        for (int i = 0; i < dst.length; i++) {
            float d = Math.fma(a3, s3[i], Math.fma(a2, s2[i], Math.fma(a1, s1[i], Math.fma(a0, s0[i], dst[i]))));
            dst[i] = Math.fma(a7, s7[i], Math.fma(a6, s6[i], Math.fma(a5, s5[i], Math.fma(a4, s4[i], d))));
        }
    }

    private static void axpy4(float a0, float[] s0, float a1, float[] s1, float a2, float[] s2, float a3, float[] s3,
                              float[] dst) {
        for (int i = 0; i < dst.length; i++) {
            dst[i] = Math.fma(a3, s3[i], Math.fma(a2, s2[i], Math.fma(a1, s1[i], Math.fma(a0, s0[i], dst[i]))));
        }
    }

    /**
     * {@code dstRows[idx[e]] += src} for each event {@code e} in {@code [from, to)} (outer product with spikes).
     * One row at a time: a single source and target indexed alike is the form the JIT vectorises even when
     * two events name the same row.
     */
    static void addToRows(float[] src, float[][] dstRows, int[] idx, int from, int to) {
        for (int e = from; e < to; e++) {
            addRow(src, dstRows[idx[e]]);
        }
    }

    /** {@code dstRows[c] += x[c] src} for every row {@code c} (outer product with an analog input). */
    static void outer(float[] x, float[] src, float[][] dstRows) {
        int c = 0;
        int m = dstRows.length;
        for (; c + 3 < m; c += 4) {
            axpyTo4(src, x[c], dstRows[c], x[c + 1], dstRows[c + 1], x[c + 2], dstRows[c + 2], x[c + 3], dstRows[c + 3]);
        }
        for (; c < m; c++) {
            axpy(x[c], src, dstRows[c]);
        }
    }

    private static void axpyTo4(float[] src, float a0, float[] d0, float a1, float[] d1, float a2, float[] d2, float a3,
                                float[] d3) {
        for (int i = 0; i < src.length; i++) {
            float v = src[i];
            d0[i] += a0 * v;
            d1[i] += a1 * v;
            d2[i] += a2 * v;
            d3[i] += a3 * v;
        }
    }

    /** One step of leaky integrators (CubaLI; LI when alpha is 0): the non-spiking readout. */
    static void liStep(float[] alpha, float[] beta, float[] cur, float[] stSyn, float[] stMem, float[] synR, float[] memR) {
        if (VECTOR) {
            VectorKernels.liStep(alpha, beta, cur, stSyn, stMem, synR, memR);
        } else {
            liStepPlain(alpha, beta, cur, stSyn, stMem, synR, memR);
        }
    }

    /** {@link #liStep} in plain Java. */
    static void liStepPlain(float[] alpha, float[] beta, float[] cur, float[] stSyn, float[] stMem, float[] synR, float[] memR) {
        for (int i = 0; i < cur.length; i++) {
            float sy = alpha[i] * stSyn[i] + cur[i];
            float m = beta[i] * stMem[i] + sy;
            stSyn[i] = sy;
            stMem[i] = m;
            synR[i] = sy;
            memR[i] = m;
        }
    }

    /** Backward of {@link #liStep} for one step: {@code g} is the gradient on the membrane at this step. */
    static void liBackStep(float[] g, float[] alpha, float[] beta, float[] dmem, float[] dsyn, float[] dI) {
        for (int i = 0; i < dI.length; i++) {
            float dm = g[i] + beta[i] * dmem[i];
            float ds = dm + alpha[i] * dsyn[i];
            dmem[i] = dm;
            dsyn[i] = ds;
            dI[i] = ds;
        }
    }

    /**
     * The maximum over steps {@code 0..steps-1} of {@code mem[t][k]} into {@code best[k]} and the first step
     * attaining it into {@code at[k]}, for every class {@code k < classes}: a later step replaces the maximum
     * only when strictly greater (so a NaN never does, and a NaN at step 0 stays).
     */
    static void maxOverTime(float[][] mem, int steps, int classes, float[] best, int[] at) {
        if (VECTOR) {
            VectorKernels.maxOverTime(mem, steps, classes, best, at);
        } else {
            maxOverTimePlain(mem, steps, 0, classes, best, at);
        }
    }

    /** {@link #maxOverTime} in plain Java for the classes {@code from <= k < to}. */
    static void maxOverTimePlain(float[][] mem, int steps, int from, int to, float[] best, int[] at) {
        for (int k = from; k < to; k++) {
            best[k] = mem[0][k];
            at[k] = 0;
        }
        for (int t = 1; t < steps; t++) {
            float[] row = mem[t];
            for (int k = from; k < to; k++) {
                if (row[k] > best[k]) {
                    best[k] = row[k];
                    at[k] = t;
                }
            }
        }
    }
}
