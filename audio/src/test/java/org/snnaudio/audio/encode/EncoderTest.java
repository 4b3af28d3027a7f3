package org.snnaudio.audio.encode;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.snnaudio.audio.frontend.Features;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.data.DenseSample;
import org.snnaudio.core.data.Sample;
import org.snnaudio.core.data.SpikeSample;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EncoderTest {

    static Features frames(int channels, float... v) {
        return new Features(v, v.length / channels, channels, 0.01);
    }

    static float[] raster(Sample s) {
        return s.toDense();
    }

    @Test
    void integrateAndFireGoldenTrain() {
        // x = 0.375, threshold 1: potentials .375, .75, 1.125 -> spike, .5, .875, 1.25 -> spike, .625, 1.0 -> spike
        Sample s = new EncoderConfig.IntegrateAndFire(1, 1, 0, 1, false).create()
                .encode(frames(1, 0.375f, 0.375f, 0.375f, 0.375f, 0.375f, 0.375f, 0.375f, 0.375f), 3, 0);
        assertEquals(3, s.label());
        assertArrayEquals(new float[]{0, 0, 1, 0, 0, 1, 0, 1}, raster(s));
        // stepsPerFrame 2 holds each frame for two steps; negative drive never charges (potential >= 0)
        Sample s2 = new EncoderConfig.IntegrateAndFire(1, 2, 0.25, 2, false).create().encode(frames(2, 0.75f, -5f, 0.25f, 0.5f), 0, 0);
        // ch0: drive 1.0, 0 -> spikes at steps 0 and 1, then nothing; ch1: drive -10 (0), then 0.5 -> spike at step 3
        assertArrayEquals(new float[]{1, 0, 1, 0, 0, 0, 0, 1}, raster(s2));
    }

    @Test
    void bipolarIfSendsNegativeDriveToOffChannels() {
        Sample s = new EncoderConfig.IntegrateAndFire(1, 1, 0, 1, true).create().encode(frames(2, 1f, -1f), 0, 0);
        assertEquals(4, s.channels());
        assertArrayEquals(new float[]{1, 0, 0, 1}, raster(s));
    }

    @Test
    void rateCodingIsSeededAndHitsTheTargetRate() {
        EncoderConfig.Rate cfg = new EncoderConfig.Rate(EncoderConfig.Distribution.BERNOULLI, 1, 0, 1, 2000, 5);
        Encoder e = cfg.create();
        Features f = frames(3, 0.1f, 0.5f, 2.0f);
        SpikeSample a = (SpikeSample) e.encode(f, 0, 77);
        SpikeSample b = (SpikeSample) e.encode(f, 0, 77);
        assertArrayEquals(a.channelIndex(), b.channelIndex());
        assertArrayEquals(a.stepStart(), b.stepStart());
        SpikeSample c = (SpikeSample) e.encode(f, 0, 78);
        assertFalse(java.util.Arrays.equals(a.channelIndex(), c.channelIndex()), "another key gives another draw");
        int[] counts = new int[3];
        for (int ch : a.channelIndex()) {
            counts[ch]++;
        }
        assertEquals(200, counts[0], 40); // p = 0.1 over 2000 steps: 200 +- 4.7 sigma
        assertEquals(1000, counts[1], 110);
        assertEquals(2000, counts[2]); // clamped to p = 1
    }

    @Test
    void poissonCountsHaveTheRequestedMean() {
        Encoder e = new EncoderConfig.Rate(EncoderConfig.Distribution.POISSON, 3, 0, 1, 5000, 9).create();
        SpikeSample s = (SpikeSample) e.encode(frames(1, 0.5f), 0, 1);
        assertEquals(1.5 * 5000, s.spikeCount(), 5 * Math.sqrt(1.5 * 5000));
    }

    @Test
    void deltaGolden() {
        // threshold 0.5, reference starts at 0: 0.2 (no), 0.8 (up, ref 0.8), 0.5 (no), 0.1 (down, ref 0.1)
        Sample s = new EncoderConfig.Delta(0.5, false, 1).create().encode(frames(1, 0.2f, 0.8f, 0.5f, 0.1f), 0, 0);
        assertEquals(2, s.channels());
        assertArrayEquals(new float[]{0, 0, 1, 0, 0, 0, 0, 1}, raster(s));
    }

    @RepeatedTest(5)
    void sigmaDeltaSpikesIntegrateBackToTheSignal(RepetitionInfo info) {
        Random r = new Random(info.getCurrentRepetition());
        double th = 0.05 + r.nextDouble() * 0.2;
        int n = 200;
        float[] x = new float[n];
        double v = 0;
        for (int t = 0; t < n; t++) {
            v += r.nextGaussian() * 0.3;
            x[t] = (float) v;
        }
        Sample s = new EncoderConfig.Delta(th, true, 1).create().encode(frames(1, x), 0, 0);
        float[] d = s.toDense();
        double rec = 0;
        for (int t = 0; t < n; t++) {
            rec += th * (d[2 * t] - d[2 * t + 1]);
            assertTrue(Math.abs(x[t] - rec) < th + 1e-6, "step " + t + ": " + x[t] + " vs " + rec);
        }
    }

    @Test
    void latencyStrongInputsFireFirstOncePerFrame() {
        Sample s = new EncoderConfig.Latency(5, 0, 1, 0.05).create().encode(frames(3, 1f, 0.5f, 0.01f), 0, 0);
        // v = 1 -> step 0; v = 0.5 -> round(0.5 * 4) = step 2; v = 0.01 is below minValue -> no spike
        assertArrayEquals(new float[]{1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0}, raster(s));
    }

    @Test
    void directCurrentIsDenseAndHeld() {
        Sample s = new EncoderConfig.DirectCurrent(2, 0.5, 2).create().encode(frames(2, 1f, 0f, 0.5f, 1.5f), 4, 0);
        DenseSample d = assertInstanceOf(DenseSample.class, s);
        assertEquals(4, d.steps());
        assertArrayEquals(new float[]{1, -1, 1, -1, 0, 2, 0, 2}, d.values());
        assertFalse(new EncoderConfig.DirectCurrent(1, 0, 1).spiking());
    }

    @Test
    void spikeCountsBecomeThatManySpikes() {
        SpikeSample s = (SpikeSample) EncoderConfig.SpikeCounts.defaults().create().encode(frames(3, 0f, 2f, 1f, 3f, 0f, 0f), 0, 0);
        assertEquals(6, s.spikeCount());
        assertArrayEquals(new float[]{0, 2, 1, 3, 0, 0}, s.toDense());
        assertThrows(SnnaudioException.class,
                () -> EncoderConfig.SpikeCounts.defaults().create().encode(frames(1, -1f), 0, 0));
    }

    @Test
    void streamingFrameByFrameEqualsOffline() {
        EncoderConfig cfg = new EncoderConfig.Rate(EncoderConfig.Distribution.POISSON, 0.5, -1, 1, 3, 11);
        Features f = frames(4, 0.1f, 0.9f, -0.5f, 0.3f, 0.7f, 0.2f, 0f, 1f, -1f, 0.4f, 0.6f, 0.8f);
        Sample offline = cfg.create().encode(f, 1, 99);
        SampleBuilder b = new SampleBuilder(4);
        EncoderStream s = cfg.create().newStream(4, 99);
        for (int t = 0; t < f.frames(); t++) {
            s.push(f.frame(t), b);
        }
        assertArrayEquals(offline.toDense(), b.build(1).toDense());
        assertNotEquals(0, ((SpikeSample) offline).spikeCount());
    }

    @Test
    void validationMessages() {
        assertEquals("threshold must be > 0, got 0.0", assertThrows(SnnaudioException.class,
                () -> new EncoderConfig.IntegrateAndFire(0, 1, 0, 1, false)).getMessage());
        assertEquals("maxProbability must be <= 1 for Bernoulli rate coding, got 2.0", assertThrows(SnnaudioException.class,
                () -> new EncoderConfig.Rate(EncoderConfig.Distribution.BERNOULLI, 2, 0, 1, 1, 0)).getMessage());
        assertEquals("high must be > low = 1.0, got 1.0", assertThrows(SnnaudioException.class,
                () -> new EncoderConfig.Latency(4, 1, 1, 0)).getMessage());
        assertEquals("stepsPerFrame must be >= 2 for latency coding, got 1", assertThrows(SnnaudioException.class,
                () -> new EncoderConfig.Latency(1, 0, 1, 0)).getMessage());
        assertEquals("stepsPerFrame must be > 0, got 0", assertThrows(SnnaudioException.class,
                () -> new EncoderConfig.Delta(0.1, false, 0)).getMessage());
        assertEquals("encoder expects frames of 2 channels, got 3", assertThrows(SnnaudioException.class,
                () -> EncoderConfig.IntegrateAndFire.defaults().create().newStream(2, 0).push(new float[3], new SampleBuilder(2))).getMessage());
        assertEquals("feature value in channel 1 is NaN; features must be finite", assertThrows(SnnaudioException.class,
                () -> EncoderConfig.IntegrateAndFire.defaults().create().encode(frames(2, 0f, Float.NaN), 0, 0)).getMessage());
    }
}
