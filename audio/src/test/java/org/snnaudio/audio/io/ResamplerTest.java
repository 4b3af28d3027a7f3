package org.snnaudio.audio.io;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.snnaudio.audio.TestAudio;
import org.snnaudio.core.SnnaudioException;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResamplerTest {

    @RepeatedTest(6)
    void passBandSinesKeepAmplitudeAndFrequency(org.junit.jupiter.api.RepetitionInfo info) {
        Random r = new Random(100 + info.getCurrentRepetition());
        int[][] pairs = {{16000, 8000}, {44100, 16000}, {8000, 16000}, {48000, 16000}, {22050, 8000}, {16000, 44100}};
        int[] p = pairs[info.getCurrentRepetition() - 1];
        int to = p[1];
        double f = (0.05 + 0.7 * r.nextDouble()) * Math.min(p[0], to) / 2; // inside the pass band
        double amp = 0.2 + 0.7 * r.nextDouble();
        float[] x = TestAudio.sine(f, amp, p[0], p[0]);
        float[] y = new Resampler(p[0], to).process(x);
        assertEquals((int) Math.ceil((double) x.length * to / p[0]), y.length);
        int from = to / 10;
        int end = y.length - to / 10;
        double a = TestAudio.amplitudeAt(y, from, end, f, to);
        assertEquals(amp, a, 0.01 * amp, "amplitude of a " + f + " Hz sine, " + p[0] + " -> " + to);
        assertEquals(amp / Math.sqrt(2), TestAudio.rms(y, from, end), 0.01 * amp);
    }

    @Test
    void componentsAboveTheNewNyquistDoNotAlias() {
        // 6 kHz and 7.5 kHz at 16 kHz would alias to 2 kHz and 0.5 kHz at 8 kHz
        for (double f : new double[]{4500, 6000, 7500}) {
            float[] x = TestAudio.sine(f, 1.0, 16000, 16000);
            float[] y = new Resampler(16000, 8000).process(x);
            double residual = TestAudio.rms(y, 800, y.length - 800);
            assertTrue(residual < 1e-3, f + " Hz leaked with RMS " + residual);
        }
        float[] x = TestAudio.sine(12000, 1.0, 44100, 44100);
        float[] y = new Resampler(44100, 16000).process(x);
        assertTrue(TestAudio.rms(y, 1600, y.length - 1600) < 1e-3);
    }

    @Test
    void upsamplingLeavesNoImageAboveTheOldNyquist() {
        float[] x = TestAudio.sine(1000, 0.5, 8000, 8000);
        float[] y = new Resampler(8000, 16000).process(x);
        assertTrue(TestAudio.amplitudeAt(y, 1600, 14400, 7000, 16000) < 1e-3); // image at 8000 - 1000
        assertEquals(0.5, TestAudio.amplitudeAt(y, 1600, 14400, 1000, 16000), 0.005);
    }

    @Test
    void sameRateIsIdentityAndBadRatesAreRejected() {
        AudioClip c = new AudioClip(new float[]{1, 2, 3}, 8000, "x");
        assertTrue(Resampler.resample(c, 8000) == c);
        SnnaudioException e = assertThrows(SnnaudioException.class, () -> new Resampler(0, 8000));
        assertEquals("resampling rates must be > 0 Hz, got 0 -> 8000", e.getMessage());
    }
}
