package org.snnaudio.core.nn;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.snnaudio.core.Simd;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The Vector API kernels against their plain-Java twins: the same bits for every shape. */
class VectorKernelsTest {

    /** The build's tests run with the module, so the engine's equivalence tests exercise these kernels too. */
    @Test
    void theTestJvmRunsTheVectorKernels() {
        assumeTrue(Simd.moduleAvailable(), "jdk.incubator.vector is not in the boot layer");
        assertTrue(Kernels.VECTOR);
    }

    @RepeatedTest(30)
    void lanesSet4GivesTheBitsOfThePlainKernel(RepetitionInfo info) {
        assumeTrue(Simd.moduleAvailable(), "jdk.incubator.vector is not in the boot layer");
        Random r = new Random(300 + info.getCurrentRepetition());
        // widths below, at and around the vector tiles (8, 16 floats on AVX2), rows from 1 to 140
        int n = info.getCurrentRepetition() <= 6 ? new int[] {1, 7, 8, 16, 20, 128}[info.getCurrentRepetition() - 1] : 1 + r.nextInt(150);
        int m = 1 + r.nextInt(140);
        float[][] rows = KernelsTest.rows(r, m, n);
        float[][] a = KernelsTest.rows(r, 4, m);
        if (r.nextBoolean()) {
            // surrogate-weighted adjoints: many exact zeros and signed zeros
            for (float[] row : a) {
                for (int k = 0; k < m; k++) {
                    if (r.nextInt(3) == 0) {
                        row[k] = r.nextBoolean() ? 0f : -0f;
                    }
                }
            }
        }
        float[][] plain = KernelsTest.rows(r, 4, n);
        float[][] vector = KernelsTest.rows(r, 4, n);
        Kernels.gemvLanesSetPlain(a, rows, plain, 4);
        VectorKernels.lanesSet4(a, rows, vector);
        for (int j = 0; j < 4; j++) {
            for (int i = 0; i < n; i++) {
                assertEquals(Float.floatToRawIntBits(plain[j][i]), Float.floatToRawIntBits(vector[j][i]),
                        m + " rows of " + n + ", lane " + j + ", element " + i);
            }
        }
    }

    @RepeatedTest(30)
    void appendEventsListsWhatThePlainKernelLists(RepetitionInfo info) {
        assumeTrue(Simd.moduleAvailable(), "jdk.incubator.vector is not in the boot layer");
        Random r = new Random(400 + info.getCurrentRepetition());
        int n = 1 + r.nextInt(300);
        double rate = new double[] {0, 0.02, 0.1, 0.5, 1}[info.getCurrentRepetition() % 5];
        float[] spk = new float[n];
        for (int i = 0; i < n; i++) {
            spk[i] = r.nextDouble() < rate ? 1f : 0f;
        }
        if (info.getCurrentRepetition() % 7 == 0) {
            spk[r.nextInt(n)] = Float.NaN;
        }
        int start = r.nextInt(6);
        // a list with room to spare, and one just long enough (the careful path near the end)
        for (int extra : new int[] {9, 0}) {
            int[] plain = new int[start + n + extra];
            Arrays.fill(plain, -3);
            int[] vector = plain.clone();
            int endPlain = Kernels.appendEventsPlain(spk, n, plain, start);
            int endVector = VectorKernels.appendEvents(spk, n, vector, start);
            assertEquals(endPlain, endVector, n + " neurons at rate " + rate);
            assertArrayEquals(Arrays.copyOf(plain, endPlain), Arrays.copyOf(vector, endVector), n + " neurons at rate " + rate);
        }
    }

    /** Gaussian values with signed zeros, infinities and a NaN mixed in where {@code special}. */
    private static float[][] values(Random r, int count, int width, boolean special) {
        float[][] a = KernelsTest.rows(r, count, width);
        if (special) {
            float[] odd = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.MIN_VALUE};
            for (float[] row : a) {
                for (int i = 0; i < width; i++) {
                    if (r.nextInt(6) == 0) {
                        row[i] = odd[r.nextInt(odd.length)];
                    }
                }
            }
        }
        return a;
    }

    /**
     * The same float in every element, signed zeros told apart; NaNs match as NaNs (which NaN an operation
     * on two NaNs returns depends on the order in which the JIT puts the operands, not on Java semantics).
     */
    private static void assertSameBits(float[] plain, float[] vector, String what) {
        assertEquals(plain.length, vector.length, what);
        for (int i = 0; i < plain.length; i++) {
            assertEquals(Float.floatToIntBits(plain[i]), Float.floatToIntBits(vector[i]),
                    what + ", element " + i + " of " + plain.length + ": " + plain[i] + " against " + vector[i]);
        }
    }

    /** Widths below, at and around the vector lengths (8 and 16 floats on AVX2), then random ones. */
    private static int width(RepetitionInfo info, Random r) {
        int[] fixed = {1, 7, 8, 9, 16, 20, 64, 128};
        int k = info.getCurrentRepetition() - 1;
        return k < fixed.length ? fixed[k] : 1 + r.nextInt(200);
    }

    @RepeatedTest(30)
    void rowGroupSumsGiveTheBitsOfThePlainLoops(RepetitionInfo info) {
        assumeTrue(Simd.moduleAvailable(), "jdk.incubator.vector is not in the boot layer");
        Random r = new Random(500 + info.getCurrentRepetition());
        int n = width(info, r);
        boolean special = info.getCurrentRepetition() % 3 == 0;
        float[][] s = values(r, 8, n, special);
        float[] start = values(r, 1, n, special)[0];
        for (int g = 1; g <= 8; g++) {
            if (g >= 5 && g <= 7) {
                continue;
            }
            for (boolean set : new boolean[] {true, false}) {
                float[] plain = start.clone();
                float[] vector = start.clone();
                switch (g) {
                    case 8 -> {
                        if (set) {
                            Kernels.set8(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], plain);
                            VectorKernels.set8(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], vector);
                        } else {
                            Kernels.add8(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], plain);
                            VectorKernels.add8(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], vector);
                        }
                    }
                    case 4 -> {
                        if (set) {
                            Kernels.set4(s[0], s[1], s[2], s[3], plain);
                            VectorKernels.set4(s[0], s[1], s[2], s[3], vector);
                        } else {
                            Kernels.add4(s[0], s[1], s[2], s[3], plain);
                            VectorKernels.add4(s[0], s[1], s[2], s[3], vector);
                        }
                    }
                    case 3 -> {
                        if (set) {
                            Kernels.set3(s[0], s[1], s[2], plain);
                            VectorKernels.set3(s[0], s[1], s[2], vector);
                        } else {
                            Kernels.add3(s[0], s[1], s[2], plain);
                            VectorKernels.add3(s[0], s[1], s[2], vector);
                        }
                    }
                    case 2 -> {
                        if (set) {
                            Kernels.set2(s[0], s[1], plain);
                            VectorKernels.set2(s[0], s[1], vector);
                        } else {
                            Kernels.add2(s[0], s[1], plain);
                            VectorKernels.add2(s[0], s[1], vector);
                        }
                    }
                    default -> {
                        if (set) {
                            Kernels.set1(s[0], plain);
                            VectorKernels.set1(s[0], vector);
                        } else {
                            Kernels.addRow(s[0], plain);
                            VectorKernels.add1(s[0], vector);
                        }
                    }
                }
                assertSameBits(plain, vector, (set ? "set" : "add") + g + " over " + n);
            }
        }
    }

    /** A sum of one row onto a cleared row turns -0 into +0 (0 + -0 = +0), in both kernels. */
    @Test
    void settingARowSumAddsItToPositiveZero() {
        assumeTrue(Simd.moduleAvailable(), "jdk.incubator.vector is not in the boot layer");
        float[] negZero = new float[16];
        Arrays.fill(negZero, -0f);
        float[] dst = new float[16];
        Arrays.fill(dst, 5f);
        VectorKernels.set1(negZero, dst);
        assertEquals(0, Float.floatToRawIntBits(dst[3]));
        VectorKernels.set2(negZero, negZero, dst);
        assertEquals(0, Float.floatToRawIntBits(dst[9]));
    }

    @RepeatedTest(30)
    void neuronStepsGiveTheBitsOfThePlainLoops(RepetitionInfo info) {
        assumeTrue(Simd.moduleAvailable(), "jdk.incubator.vector is not in the boot layer");
        Random r = new Random(600 + info.getCurrentRepetition());
        int n = width(info, r);
        boolean special = info.getCurrentRepetition() % 3 == 0;
        float[][] p = values(r, 7, n, special);
        float[] alpha = p[0];
        float[] beta = p[1];
        float[] thr = p[2];
        float[] cur = p[3];
        float[] spk = new float[n];
        for (int i = 0; i < n; i++) {
            alpha[i] = Math.abs(alpha[i]) % 1f;
            beta[i] = Math.abs(beta[i]) % 1f;
            spk[i] = r.nextBoolean() ? 1f : 0f;
            if (r.nextInt(5) == 0) {
                // a membrane exactly at the threshold (no spike) and one a signed zero away from it
                p[5][i] = 0f;
                p[4][i] = 0f;
                cur[i] = thr[i] + thr[i] * spk[i];
            }
        }
        float k = 1f + r.nextInt(30);
        // cubaStepState, cubaStep, cubaStepFastSigmoid, liStep from the same state
        float[][] a = {p[4].clone(), p[5].clone(), spk.clone()};
        float[][] b = {p[4].clone(), p[5].clone(), spk.clone()};
        Kernels.cubaStepStatePlain(alpha, beta, thr, cur, a[0], a[1], a[2]);
        VectorKernels.cubaStepState(alpha, beta, thr, cur, b[0], b[1], b[2]);
        for (int j = 0; j < 3; j++) {
            assertSameBits(a[j], b[j], "cubaStepState state " + j);
        }
        float[][] ra = new float[6][];
        float[][] rb = new float[6][];
        for (int j = 0; j < 3; j++) {
            ra[j] = new float[][] {p[4], p[5], spk}[j].clone();
            rb[j] = ra[j].clone();
            ra[j + 3] = new float[n];
            rb[j + 3] = new float[n];
        }
        Kernels.cubaStepPlain(alpha, beta, thr, cur, ra[0], ra[1], ra[2], ra[3], ra[4], ra[5]);
        VectorKernels.cubaStep(alpha, beta, thr, cur, rb[0], rb[1], rb[2], rb[3], rb[4], rb[5]);
        for (int j = 0; j < 6; j++) {
            assertSameBits(ra[j], rb[j], "cubaStep array " + j);
        }
        for (int j = 0; j < 3; j++) {
            assertSameBits(a[j], ra[j], "cubaStep against cubaStepState, state " + j);
        }
        float[][] fa = {p[4].clone(), p[5].clone(), spk.clone(), new float[n]};
        float[][] fb = {p[4].clone(), p[5].clone(), spk.clone(), new float[n]};
        Kernels.cubaStepFastSigmoidPlain(alpha, beta, thr, cur, fa[0], fa[1], fa[2], k, fa[3]);
        VectorKernels.cubaStepFastSigmoid(alpha, beta, thr, cur, fb[0], fb[1], fb[2], k, fb[3]);
        for (int j = 0; j < 4; j++) {
            assertSameBits(fa[j], fb[j], "cubaStepFastSigmoid array " + j);
        }
        float[][] la = {p[4].clone(), p[5].clone(), new float[n], new float[n]};
        float[][] lb = {p[4].clone(), p[5].clone(), new float[n], new float[n]};
        Kernels.liStepPlain(alpha, beta, cur, la[0], la[1], la[2], la[3]);
        VectorKernels.liStep(alpha, beta, cur, lb[0], lb[1], lb[2], lb[3]);
        for (int j = 0; j < 4; j++) {
            assertSameBits(la[j], lb[j], "liStep array " + j);
        }
    }

    /** The spike of the vector step: 1 above the threshold, +0 at it or below, NaN for a NaN membrane. */
    @Test
    void vectorSpikeIsTheHeavisideOfTheMembraneAboveThreshold() {
        assumeTrue(Simd.moduleAvailable(), "jdk.incubator.vector is not in the boot layer");
        int n = 8;
        float[] thr = new float[n];
        Arrays.fill(thr, 1f);
        float[] cur = {2f, 1f, 0.5f, Float.NaN, 1.0000001f, -3f, 1f, 1f};
        float[] syn = new float[n];
        float[] mem = new float[n];
        float[] spk = new float[n];
        VectorKernels.cubaStepState(new float[n], new float[n], thr, cur, syn, mem, spk);
        assertEquals(1f, spk[0]);
        assertEquals(0, Float.floatToRawIntBits(spk[1]), "at the threshold: +0");
        assertEquals(0, Float.floatToRawIntBits(spk[2]));
        assertTrue(Float.isNaN(spk[3]));
        assertEquals(1f, spk[4]);
        assertEquals(0, Float.floatToRawIntBits(spk[5]));
    }

    @RepeatedTest(30)
    void maxOverTimeFindsWhatThePlainLoopFinds(RepetitionInfo info) {
        assumeTrue(Simd.moduleAvailable(), "jdk.incubator.vector is not in the boot layer");
        Random r = new Random(700 + info.getCurrentRepetition());
        int classes = width(info, r) % 40 + 1;
        int steps = 1 + r.nextInt(120);
        float[][] mem = values(r, steps, classes, info.getCurrentRepetition() % 3 == 0);
        for (float[] row : mem) {
            for (int k = 0; k < classes; k++) {
                if (r.nextInt(4) == 0) {
                    // ties: the first step reaching the maximum is the one reported
                    row[k] = Math.round(row[k]);
                }
            }
        }
        float[] bestPlain = new float[classes];
        int[] atPlain = new int[classes];
        float[] bestVector = new float[classes];
        int[] atVector = new int[classes];
        Kernels.maxOverTimePlain(mem, steps, 0, classes, bestPlain, atPlain);
        VectorKernels.maxOverTime(mem, steps, classes, bestVector, atVector);
        assertSameBits(bestPlain, bestVector, steps + " steps of " + classes + " classes");
        assertArrayEquals(atPlain, atVector, steps + " steps of " + classes + " classes");
    }

    @Test
    void maxOverTimeReportsTheFirstStepOfTheMaximum() {
        float[][] mem = {{0f, 5f, Float.NaN}, {2f, 5f, 9f}, {2f, 4f, 1f}, {1f, 6f, 3f}};
        float[] best = new float[3];
        int[] at = new int[3];
        Kernels.maxOverTime(mem, 4, 3, best, at);
        assertArrayEquals(new int[] {1, 3, 0}, at);
        assertEquals(2f, best[0]);
        assertEquals(6f, best[1]);
        assertTrue(Float.isNaN(best[2]), "a NaN at the first step is never replaced");
    }
}
