package org.snnaudio.audio.frontend;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class IirBankTest {
    private static boolean vectorModule() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** RBJ band-pass feedback coefficients for n centre frequencies spread over (20 Hz, 0.45 rate). */
    private static double[][] filters(Random r, int n, double rate) {
        double[] c1 = new double[n];
        double[] c2 = new double[n];
        double q = 0.7 + 4 * r.nextDouble();
        for (int f = 0; f < n; f++) {
            double w0 = 2 * Math.PI * (20 + r.nextDouble() * (0.45 * rate - 20)) / rate;
            double alpha = Math.sin(w0) / (2 * q);
            c1[f] = 2 * Math.cos(w0) / (1 + alpha);
            c2[f] = -(1 - alpha) / (1 + alpha);
        }
        return new double[][] {c1, c2};
    }

    /** The build's tests run with the module, so the kernel the product uses in `listen` is the one tested. */
    @Test
    void theTestJvmRunsTheVectorKernel() {
        assumeTrue(vectorModule(), "jdk.incubator.vector is not in the boot layer");
        assertEquals("vector", IirBank.kernelName());
    }

    @RepeatedTest(12)
    void vectorAndScalarKernelsGiveTheSameBitsForAnyFilterCountAndChunking(RepetitionInfo info) {
        assumeTrue(vectorModule(), "jdk.incubator.vector is not in the boot layer");
        Random r = new Random(40 + info.getCurrentRepetition());
        int n = info.getCurrentRepetition() <= 4 ? new int[] {1, 13, 16, 17}[info.getCurrentRepetition() - 1] : 1 + r.nextInt(40);
        double[][] c = filters(r, n, 16000);
        IirBank a = new IirBank(c[0], c[1]);
        IirBank b = new IirBank(c[0], c[1]);
        IirBank.Kernel scalar = new ScalarIir();
        IirBank.Kernel vector = new VectorIir();
        boolean half = r.nextBoolean();
        float[] x = new float[3000 + r.nextInt(3000)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * 0.3);
        }
        for (int pos = 0; pos < x.length; ) {
            int take = Math.min(x.length - pos, r.nextInt(9) == 0 ? r.nextInt(3) : r.nextInt(300));
            scalar.run(a, x, pos, pos + take, half);
            vector.run(b, x, pos, pos + take, half);
            pos += take;
            if (r.nextInt(5) == 0) {
                // the padding lanes of the vector kernel are computed and never read
                assertArrayEquals(Arrays.copyOf(a.acc, n), Arrays.copyOf(b.acc, n), 0f, "sums after sample " + pos);
                a.clearSums();
                b.clearSums();
            }
        }
        for (int f = 0; f < n; f++) {
            assertEquals(Float.floatToRawIntBits(a.y1[f]), Float.floatToRawIntBits(b.y1[f]), "y1 of filter " + f);
            assertEquals(Float.floatToRawIntBits(a.y2[f]), Float.floatToRawIntBits(b.y2[f]), "y2 of filter " + f);
            assertEquals(Float.floatToRawIntBits(a.acc[f]), Float.floatToRawIntBits(b.acc[f]), "sum of filter " + f);
        }
        assertEquals(a.x1, b.x1, 0f);
        assertEquals(a.x2, b.x2, 0f);
    }

    @RepeatedTest(4)
    void aRangeSplitAnywhereGivesTheSameStateAsOneCall(RepetitionInfo info) {
        Random r = new Random(7 + info.getCurrentRepetition());
        double[][] c = filters(r, 13, 16000);
        float[] x = new float[2049];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        IirBank whole = new IirBank(c[0], c[1]);
        whole.run(x, 0, x.length, true);
        IirBank parts = new IirBank(c[0], c[1]);
        for (int pos = 0; pos < x.length; ) {
            int take = Math.min(x.length - pos, r.nextInt(7));
            parts.run(x, pos, pos + take, true);
            pos += take;
        }
        assertArrayEquals(whole.y1, parts.y1, 0f);
        assertArrayEquals(whole.y2, parts.y2, 0f);
        assertArrayEquals(whole.acc, parts.acc, 0f);
    }

    @Test
    void oneFilterFollowsTheRecursionByHand() {
        // c1 = 0.5, c2 = -0.25: y[n] = (x[n] - x[n-2]) + 0.5 y[n-1] - 0.25 y[n-2]
        IirBank b = new IirBank(new double[] {0.5}, new double[] {-0.25});
        float[] x = {1, 0, 0, 2};
        b.run(x, 0, 4, false);
        // y0 = 1; y1 = 0 + 0.5 = 0.5; y2 = (0 - 1) + 0.25 - 0.25 = -1; y3 = (2 - 0) - 0.5 - 0.125 = 1.375
        assertEquals(1.375f, b.y1[0], 0f);
        assertEquals(-1f, b.y2[0], 0f);
        assertEquals(1 + 0.5f + 1 + 1.375f, b.acc[0], 0f);
        b.clearSums();
        b.run(x, 0, 1, true);
        // y4 = (1 - 0) + 0.6875 + 0.25 = 1.9375; half-wave sums y + |y|
        assertEquals(2 * 1.9375f, b.acc[0], 0f);
    }
}
