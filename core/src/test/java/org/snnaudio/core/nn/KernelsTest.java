package org.snnaudio.core.nn;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The row kernels against plain double-precision sums: event rows of every width, and the lockstep products. */
class KernelsTest {

    private static float[][] rows(Random r, int count, int width) {
        float[][] a = new float[count][width];
        for (float[] row : a) {
            for (int i = 0; i < width; i++) {
                row[i] = (float) r.nextGaussian();
            }
        }
        return a;
    }

    @RepeatedTest(40)
    void addRowsOfEveryWidthSumsTheEventRows(org.junit.jupiter.api.RepetitionInfo info) {
        Random r = new Random(100 + info.getCurrentRepetition());
        int width = 1 + r.nextInt(20);
        float[][] w = rows(r, 30, width);
        // 0 to 23 events: every remainder after the groups of eight and four
        int events = r.nextInt(24);
        int[] idx = new int[events + 2];
        for (int e = 0; e < idx.length; e++) {
            idx[e] = r.nextInt(30);
        }
        float[] dst = new float[width];
        double[] want = new double[width];
        for (int i = 0; i < width; i++) {
            dst[i] = (float) r.nextGaussian();
            want[i] = dst[i];
        }
        // events [1, 1 + events): the first and last entries of idx must be ignored
        for (int e = 1; e < 1 + events; e++) {
            for (int i = 0; i < width; i++) {
                want[i] += w[idx[e]][i];
            }
        }
        Kernels.addRows(w, idx, 1, 1 + events, dst);
        for (int i = 0; i < width; i++) {
            assertEquals(want[i], dst[i], 1e-5 * (1 + events), "width " + width + " entry " + i);
        }
    }

    @RepeatedTest(20)
    void appendEventsListsTheSpikingNeuronsInOrder(org.junit.jupiter.api.RepetitionInfo info) {
        Random r = new Random(200 + info.getCurrentRepetition());
        // widths around the 32-neuron words, rates from silent to saturated
        int n = 1 + r.nextInt(100);
        double rate = new double[] {0, 0.05, 0.3, 1}[info.getCurrentRepetition() % 4];
        float[] spk = new float[n];
        for (int i = 0; i < n; i++) {
            spk[i] = r.nextDouble() < rate ? 1f : 0f;
        }
        int start = r.nextInt(5);
        int[] ev = new int[start + n + 1];
        java.util.Arrays.fill(ev, -7);
        int end = Kernels.appendEvents(spk, n, ev, start);
        int want = start;
        int[] expected = ev.clone();
        for (int i = 0; i < n; i++) {
            if (spk[i] != 0f) {
                expected[want++] = i;
            }
        }
        assertEquals(want, end, "end of the list for " + n + " neurons");
        for (int e = 0; e < start; e++) {
            assertEquals(-7, ev[e], "entries before the start are left alone");
        }
        assertArrayEquals(java.util.Arrays.copyOfRange(expected, start, want), java.util.Arrays.copyOfRange(ev, start, end),
                n + " neurons at rate " + rate);
    }

    @Test
    void gemvLanesIsBitIdenticalToGemvPerLane() {
        Random r = new Random(7);
        for (int m : new int[] {3, 4, 9, 130}) {
            float[][] rows = rows(r, m, 21);
            float[][] a = rows(r, 3, m);
            float[][] lanes = rows(r, 3, 21);
            float[][] alone = new float[3][];
            for (int j = 0; j < 3; j++) {
                alone[j] = lanes[j].clone();
                Kernels.gemv(a[j], rows, alone[j]);
            }
            Kernels.gemvLanes(a, rows, lanes, 3);
            for (int j = 0; j < 3; j++) {
                assertArrayEquals(alone[j], lanes[j], 0f, m + " rows, lane " + j);
            }
        }
    }

    @Test
    void gemvStridedSumsTheCoefficientColumnTimesTheRows() {
        Random r = new Random(9);
        for (int m : new int[] {0, 1, 3, 4, 7, 8, 13, 125}) {
            int stride = 5;
            int col = 2;
            float[][] rows = rows(r, m + 2, 19);
            float[] a = new float[(m + 2) * stride];
            for (int k = 0; k < a.length; k++) {
                a[k] = (float) r.nextGaussian();
            }
            float[] dst = new float[19];
            double[] want = new double[19];
            for (int i = 0; i < 19; i++) {
                dst[i] = (float) r.nextGaussian();
                want[i] = dst[i];
                for (int k = 0; k < m; k++) {
                    want[i] += (double) a[k * stride + col] * rows[k][i];
                }
            }
            // only the first m rows count, whatever follows them
            Kernels.gemvStrided(a, col, stride, rows, m, dst);
            for (int i = 0; i < 19; i++) {
                assertEquals(want[i], dst[i], 1e-5 * (1 + m), m + " rows, entry " + i);
            }
        }
    }

    @Test
    void gemvLanesLeavesLanesBeyondTheCountAlone() {
        Random r = new Random(8);
        float[][] rows = rows(r, 8, 16);
        float[][] a = rows(r, 2, 8);
        float[][] lanes = new float[2][16];
        Kernels.gemvLanes(a, rows, lanes, 1);
        assertArrayEquals(new float[16], lanes[1], 0f);
        double s = 0;
        for (int k = 0; k < 8; k++) {
            s += a[0][k] * rows[k][3];
        }
        assertEquals(s, lanes[0][3], 1e-5);
    }
}
