package org.snnaudio.hardware.deploy;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.snnaudio.core.SnnaudioException;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadoutCalibrationTest {
    private static final int CLASSES = 10;

    /** A chip's readout: the class neuron counts about 8 more spikes, then each neuron's own gain and offset. */
    private record Chip(double[] gain, double[] offset) {
        static Chip draw(Random r) {
            double[] g = new double[CLASSES];
            double[] o = new double[CLASSES];
            for (int k = 0; k < CLASSES; k++) {
                g[k] = 0.3 + 2.7 * r.nextDouble();
                o[k] = -5 + 25 * r.nextDouble();
            }
            return new Chip(g, o);
        }

        float[][] scores(int[] labels, Random r) {
            float[][] s = new float[labels.length][CLASSES];
            for (int i = 0; i < labels.length; i++) {
                for (int k = 0; k < CLASSES; k++) {
                    double clean = (k == labels[i] ? 8 : 0) + 1.5 * r.nextGaussian();
                    s[i][k] = (float) (gain[k] * clean + offset[k]);
                }
            }
            return s;
        }
    }

    private static int[] labels(Random r, int n) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(CLASSES);
        }
        return y;
    }

    private static double argmaxAccuracy(float[][] s, int[] y) {
        int ok = 0;
        for (int i = 0; i < s.length; i++) {
            int best = 0;
            for (int k = 1; k < s[i].length; k++) {
                if (s[i][k] > s[i][best]) {
                    best = k;
                }
            }
            ok += best == y[i] ? 1 : 0;
        }
        return (double) ok / s.length;
    }

    /** Per-neuron gains and offsets wreck the argmax; a decoder fit on 400 recordings of that chip undoes them. */
    @RepeatedTest(5)
    void theDecoderUndoesEachNeuronsGainAndOffset(RepetitionInfo info) {
        Random r = new Random(40 + info.getCurrentRepetition());
        Chip chip = Chip.draw(r);
        int[] yCal = labels(r, 400);
        int[] yTest = labels(r, 1000);
        float[][] cal = chip.scores(yCal, r);
        float[][] test = chip.scores(yTest, r);
        // the clean problem: about 99.9 % by argmax (8 against noise of 1.5 per neuron, 9 rivals)
        double raw = argmaxAccuracy(test, yTest);
        ReadoutCalibration c = ReadoutCalibration.fit(cal, yCal, CLASSES);
        double calibrated = c.accuracy(test, yTest);
        assertTrue(raw < 0.8, "the distorted chip should lose accuracy by argmax: " + raw);
        assertTrue(calibrated > 0.97, "calibrated " + calibrated + " (argmax " + raw + ")");
    }

    /** On an undistorted readout the decoder keeps what the argmax gets. */
    @Test
    void anUndistortedReadoutKeepsItsAccuracy() {
        Random r = new Random(5);
        Chip ideal = new Chip(java.util.stream.DoubleStream.generate(() -> 1).limit(CLASSES).toArray(), new double[CLASSES]);
        int[] yCal = labels(r, 300);
        int[] yTest = labels(r, 1000);
        float[][] test = ideal.scores(yTest, r);
        ReadoutCalibration c = ReadoutCalibration.fit(ideal.scores(yCal, r), yCal, CLASSES);
        assertTrue(c.accuracy(test, yTest) >= argmaxAccuracy(test, yTest) - 0.01);
    }

    @Test
    void fittingIsDeterministicAndCopesWithASilentNeuron() {
        Random r = new Random(9);
        int[] y = labels(r, 200);
        float[][] s = Chip.draw(r).scores(y, r);
        for (float[] row : s) {
            row[3] = 0f; // a readout neuron that never fired on this chip
        }
        ReadoutCalibration a = ReadoutCalibration.fit(s, y, CLASSES);
        ReadoutCalibration b = ReadoutCalibration.fit(s, y, CLASSES);
        for (int k = 0; k < CLASSES; k++) {
            assertArrayEquals(a.weight()[k], b.weight()[k]);
            for (double w : a.weight()[k]) {
                assertTrue(Double.isFinite(w));
            }
        }
        assertArrayEquals(a.bias(), b.bias());
        assertEquals(1.0, a.scale()[3], "a constant neuron is left unscaled");
        assertEquals(CLASSES, a.classes());
    }

    @Test
    void binnedCountsSumEachNeuronsSpikesPerTimeBin() {
        // 5 steps x 2 neurons, 2 bins: steps 0-2 in bin 0 (t * 2 / 5 = 0, 0, 0), steps 3-4 in bin 1
        float[] spikes = {1, 0, 0, 1, 1, 1, 0, 0, 1, 1};
        assertArrayEquals(new float[]{2, 2, 1, 1}, ReadoutCalibration.binnedCounts(spikes, 5, 2, 2));
        assertArrayEquals(new float[]{3, 3}, ReadoutCalibration.binnedCounts(spikes, 5, 2, 1), "one bin: the counts");
        SnnaudioException e = assertThrows(SnnaudioException.class, () -> ReadoutCalibration.binnedCounts(spikes, 4, 2, 2));
        assertTrue(e.getMessage().contains("cannot bin 10 spikes as 4 steps x 2 neurons"), e.getMessage());
    }

    /**
     * When the class shows in when a neuron fires rather than how often (the same total count for every class,
     * the class neuron's spikes early, the others' late), the total counts cannot tell the classes apart and the
     * time bins can.
     */
    @Test
    void timeBinsDecodeWhatTheTotalCountsCannot() {
        Random r = new Random(12);
        int n = 600;
        int[] y = labels(r, n);
        float[][] total = new float[n][CLASSES];
        float[][] binned = new float[n][2 * CLASSES];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < CLASSES; k++) {
                double early = (k == y[i] ? 8 : 2) + r.nextGaussian();
                double late = (k == y[i] ? 2 : 8) + r.nextGaussian();
                binned[i][k] = (float) early;
                binned[i][CLASSES + k] = (float) late;
                total[i][k] = (float) (early + late);
            }
        }
        int half = n / 2;
        int[] yFit = java.util.Arrays.copyOf(y, half);
        int[] yTest = java.util.Arrays.copyOfRange(y, half, n);
        double withTotals = ReadoutCalibration.fit(java.util.Arrays.copyOf(total, half), yFit, CLASSES)
                .accuracy(java.util.Arrays.copyOfRange(total, half, n), yTest);
        double withBins = ReadoutCalibration.fit(java.util.Arrays.copyOf(binned, half), yFit, CLASSES)
                .accuracy(java.util.Arrays.copyOfRange(binned, half, n), yTest);
        assertTrue(withTotals < 0.3, "totals: " + withTotals);
        assertTrue(withBins > 0.95, "bins: " + withBins);
    }

    @Test
    void badCalibrationDataIsAClearError() {
        float[][] s = {{1f, 2f}, {2f, Float.NaN}};
        SnnaudioException nan = assertThrows(SnnaudioException.class, () -> ReadoutCalibration.fit(s, new int[]{0, 1}, 2));
        assertTrue(nan.getMessage().contains("recording 1") && nan.getMessage().contains("neuron 1"), nan.getMessage());
        SnnaudioException label = assertThrows(SnnaudioException.class,
                () -> ReadoutCalibration.fit(new float[][]{{1f, 2f}}, new int[]{2}, 2));
        assertTrue(label.getMessage().contains("label 2"), label.getMessage());
        assertThrows(SnnaudioException.class, () -> ReadoutCalibration.fit(new float[0][], new int[0], 2));
        assertThrows(SnnaudioException.class, () -> ReadoutCalibration.fit(new float[][]{{1f, 2f}}, new int[]{0, 1}, 2));
        ReadoutCalibration c = ReadoutCalibration.fit(new float[][]{{1f, 2f}, {2f, 1f}}, new int[]{1, 0}, 2);
        SnnaudioException width = assertThrows(SnnaudioException.class, () -> c.predict(new float[]{1f, 2f, 3f}));
        assertTrue(width.getMessage().contains("3 scores"), width.getMessage());
    }
}
