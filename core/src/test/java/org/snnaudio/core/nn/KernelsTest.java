package org.snnaudio.core.nn;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The row kernels against plain double-precision sums: event rows of every width, and the lockstep products. */
class KernelsTest {

    static float[][] rows(Random r, int count, int width) {
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

    @RepeatedTest(12)
    void sumRowsEqualsAddingTheEventRowsToZero(org.junit.jupiter.api.RepetitionInfo info) {
        Random r = new Random(300 + info.getCurrentRepetition());
        int width = 1 + r.nextInt(40);
        float[][] w = rows(r, 30, width);
        int events = r.nextInt(20);
        int[] idx = new int[events + 1];
        for (int e = 0; e < idx.length; e++) {
            idx[e] = r.nextInt(30);
        }
        float[] dst = new float[width];
        java.util.Arrays.fill(dst, Float.NaN);
        Kernels.sumRows(w, idx, 1, 1 + events, dst);
        float[] onZero = new float[width];
        Kernels.addRows(w, idx, 1, 1 + events, onZero);
        for (int i = 0; i < width; i++) {
            assertEquals(Float.floatToIntBits(onZero[i]), Float.floatToIntBits(dst[i]), "bit for bit as addRows onto zero");
            double want = 0;
            for (int e = 1; e < 1 + events; e++) {
                want += w[idx[e]][i];
            }
            assertEquals(want, dst[i], 1e-5 * (1 + events), events + " events, entry " + i);
        }
    }

    @Test
    void gemvSetEqualsGemvOntoZero() {
        Random r = new Random(10);
        for (int m : new int[] {0, 2, 4, 5, 12, 16, 21}) {
            float[][] rows = rows(r, m, 37);
            float[] a = new float[m + 3];
            for (int k = 0; k < a.length; k++) {
                a[k] = (float) r.nextGaussian();
            }
            float[] want = new float[37];
            double[] exact = new double[37];
            for (int i = 0; i < 37; i++) {
                for (int k = 0; k < m; k++) {
                    exact[i] += (double) a[3 + k] * rows[k][i];
                }
            }
            Kernels.gemv(a, 3, rows, want);
            float[] got = new float[37];
            java.util.Arrays.fill(got, Float.NaN);
            Kernels.gemvSet(a, 3, rows, got);
            for (int i = 0; i < 37; i++) {
                assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(got[i]), m + " rows, entry " + i);
                assertEquals(exact[i], got[i], 1e-5 * (1 + m), m + " rows, entry " + i);
            }
        }
    }

    @Test
    void setKernelsGivePlusZeroWhereAddingToZeroDoes() {
        // zero inputs times negative weights are -0; added to a cleared row they give +0, and so must the set forms
        float[][] rows = new float[9][6];
        for (float[] row : rows) {
            java.util.Arrays.fill(row, -0f);
        }
        float[] got = new float[6];
        for (int count = 1; count <= 9; count++) {
            int[] idx = new int[count];
            Kernels.sumRows(rows, idx, 0, count, got);
            for (float v : got) {
                assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(v), count + " rows of -0");
            }
        }
        for (float[] row : rows) {
            java.util.Arrays.fill(row, -1f);
        }
        Kernels.gemvSet(new float[9], 0, rows, got);
        for (float v : got) {
            assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(v), "zero coefficients");
        }
    }

    @Test
    void cubaStepFastSigmoidIsTheStateStepAndTheSurrogateAtTheNewMembrane() {
        Random r = new Random(11);
        int n = 45;
        float[][] p = rows(r, 4, n);
        float[] alpha = new float[n];
        float[] beta = new float[n];
        float[] thr = new float[n];
        float[] cur = p[0];
        for (int i = 0; i < n; i++) {
            alpha[i] = 0.5f + 0.4f * r.nextFloat();
            beta[i] = 0.5f + 0.4f * r.nextFloat();
            thr[i] = 0.5f + r.nextFloat();
        }
        float[] syn1 = p[1].clone();
        float[] mem1 = p[2].clone();
        float[] spk1 = new float[n];
        for (int i = 0; i < n; i++) {
            spk1[i] = r.nextBoolean() ? 1f : 0f;
        }
        float[] syn2 = syn1.clone();
        float[] mem2 = mem1.clone();
        float[] spk2 = spk1.clone();
        float[] sg = new float[n];
        Kernels.cubaStepState(alpha, beta, thr, cur, syn1, mem1, spk1);
        Kernels.cubaStepFastSigmoid(alpha, beta, thr, cur, syn2, mem2, spk2, 25f, sg);
        assertArrayEquals(syn1, syn2, 0f);
        assertArrayEquals(mem1, mem2, 0f);
        assertArrayEquals(spk1, spk2, 0f);
        int spikes = 0;
        for (int i = 0; i < n; i++) {
            double d = 25.0 * Math.abs(mem1[i] - thr[i]) + 1;
            assertEquals(1 / (d * d), sg[i], 1e-6, "surrogate of neuron " + i);
            assertEquals(mem1[i] > thr[i] ? 1f : 0f, spk1[i], 0f, "spike of neuron " + i);
            spikes += (int) spk1[i];
        }
        assertTrue(spikes > 0 && spikes < n, "some neurons spike, some do not (" + spikes + ")");
    }

    @Test
    void gemvLanesSetIsBitIdenticalToGemvSetPerLaneAndLeavesOtherLanesAlone() {
        Random r = new Random(12);
        for (int m : new int[] {2, 4, 6, 12, 13, 128}) {
            float[][] rows = rows(r, m, 23);
            float[][] a = rows(r, 4, m);
            float[][] lanes = rows(r, 4, 23);
            float[] untouched = lanes[3].clone();
            Kernels.gemvLanesSet(a, rows, lanes, 3);
            for (int j = 0; j < 3; j++) {
                float[] alone = new float[23];
                java.util.Arrays.fill(alone, Float.NaN);
                Kernels.gemvSet(a[j], 0, rows, alone);
                for (int i = 0; i < 23; i++) {
                    assertEquals(Float.floatToIntBits(alone[i]), Float.floatToIntBits(lanes[j][i]), m + " rows, lane " + j);
                }
            }
            assertArrayEquals(untouched, lanes[3], 0f, "lane beyond the count");
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
