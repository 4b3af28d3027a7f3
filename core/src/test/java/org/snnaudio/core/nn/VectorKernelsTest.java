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
}
