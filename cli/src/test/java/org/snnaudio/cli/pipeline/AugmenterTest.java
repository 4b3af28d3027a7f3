package org.snnaudio.cli.pipeline;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnaudio.audio.frontend.Features;
import org.snnaudio.audio.io.AudioClip;
import org.snnaudio.audio.io.WavWriter;
import org.snnaudio.cli.config.ConfigIO;
import org.snnaudio.cli.config.PipelineConfig;
import org.snnaudio.cli.config.PipelineConfig.AugmentConfig;
import org.snnaudio.core.SnnaudioException;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AugmenterTest {
    private static AudioClip sine(double hz, int n, int rate) {
        float[] x = new float[n];
        for (int t = 0; t < n; t++) {
            x[t] = (float) (0.5 * Math.sin(2 * Math.PI * hz * t / rate));
        }
        return new AudioClip(x, rate, "sine");
    }

    private static int upwardZeroCrossings(float[] x, int from, int to) {
        int n = 0;
        for (int i = from + 1; i < to; i++) {
            if (x[i - 1] < 0 && x[i] >= 0) {
                n++;
            }
        }
        return n;
    }

    @Test
    void speedRaisesPitchAndShortensTheClipAfterResampling() {
        PipelineConfig c = ConfigIO.parse("audio: {sample_rate: 8000, duration: 0}\n", "a.yaml");
        Pipeline p = new Pipeline(c, List.of("a", "b"));
        float[] fast = p.prepare(Augmenter.speed(sine(500, 8000, 8000), 1.2));
        // 8000 samples played 1.2x faster last 1/1.2 s: 6667 samples at 8 kHz, and 500 Hz becomes 600 Hz
        assertEquals(6667, fast.length, 2);
        assertEquals(600, upwardZeroCrossings(fast, 0, 6667) * 1.2, 3);
        var e = assertThrows(SnnaudioException.class, () -> Augmenter.speed(sine(500, 100, 8000), 1.6));
        assertEquals("speed factor must be in (0.5, 1.5), got 1.6", e.getMessage());
    }

    @Test
    void noiseHasTheRequestedSignalToNoiseRatio() {
        AudioClip clean = sine(300, 40000, 8000);
        AudioClip noisy = Augmenter.noise(clean, 10, new SplittableRandom(3));
        double ps = 0;
        double pn = 0;
        for (int i = 0; i < clean.samples().length; i++) {
            double d = noisy.samples()[i] - clean.samples()[i];
            ps += clean.samples()[i] * clean.samples()[i];
            pn += d * d;
        }
        assertEquals(10, 10 * Math.log10(ps / pn), 0.2);
        AudioClip silent = new AudioClip(new float[10], 8000, "s");
        assertArrayEquals(silent.samples(), Augmenter.noise(silent, 10, new SplittableRandom(1)).samples());
    }

    @Test
    void perturbationsAreSeededPerCopyAndRecording() {
        AugmentConfig cfg = new AugmentConfig(2, 0.1, 15.0, 7L);
        AudioClip clip = sine(400, 4000, 8000);
        AudioClip a = Augmenter.perturb(clip, cfg, 1, 5);
        AudioClip b = Augmenter.perturb(clip, cfg, 1, 5);
        assertEquals(a.sampleRate(), b.sampleRate());
        assertArrayEquals(a.samples(), b.samples());
        AudioClip other = Augmenter.perturb(clip, cfg, 0, 5);
        assertFalse(java.util.Arrays.equals(a.samples(), other.samples()));
        for (int copy = 0; copy < 20; copy++) {
            int rate = Augmenter.perturb(clip, cfg, copy, 2).sampleRate();
            assertTrue(rate >= 7200 && rate <= 8800, "speed within 10 %: " + rate);
        }
    }

    @Test
    void featuresAreCopyMajorAndMatchPerturbedClips(@TempDir Path dir) {
        PipelineConfig c = ConfigIO.parse("""
                audio: {sample_rate: 8000, duration: 0.5}
                frontend: {type: mel, n_fft: 256, hop: 128, n_mels: 20}
                training: {augment: {copies: 2, speed: 0.15, noise_snr_db: 20}}
                """, "p.yaml");
        AugmentConfig cfg = c.training().augment();
        assertEquals(2, cfg.copies());
        assertEquals(0.15, cfg.speed());
        assertEquals(20.0, cfg.noiseSnrDb());
        Pipeline p = new Pipeline(c, List.of("a", "b"));
        Path f0 = dir.resolve("a.wav");
        Path f1 = dir.resolve("b.wav");
        WavWriter.write(f0, sine(300, 4000, 8000), true);
        WavWriter.write(f1, sine(900, 4000, 8000), true);
        List<Features> feats = Augmenter.features(p, List.of(f0, f1), cfg, 2);
        assertEquals(4, feats.size());
        // order: copy 0 of a, copy 0 of b, copy 1 of a, copy 1 of b
        Features expected = p.features(Augmenter.perturb(sine(300, 4000, 8000), cfg, 1, 0));
        assertArrayEquals(expected.values(), feats.get(2).values(), 1e-5f);
        Features expectedB = p.features(Augmenter.perturb(sine(900, 4000, 8000), cfg, 0, 1));
        assertArrayEquals(expectedB.values(), feats.get(1).values(), 1e-5f);
    }

    @Test
    void badAugmentSettingsAreNamed() {
        var e = assertThrows(SnnaudioException.class,
                () -> ConfigIO.parse("training:\n  augment: {copies: 1, speed: 0.7}\n", "c.yaml"));
        assertTrue(e.getMessage().contains("training.augment.speed must be in [0, 0.5), got 0.7"), e.getMessage());
        e = assertThrows(SnnaudioException.class,
                () -> ConfigIO.parse("training:\n  augment: {copies: -1}\n", "c.yaml"));
        assertTrue(e.getMessage().contains("training.augment.copies must be in [0, 20], got -1"), e.getMessage());
        assertEquals(0, ConfigIO.parse("name: x\n", "c.yaml").training().augment().copies());
    }

    @Test
    void shiftMovesTheRecordingAndFillsTheGapWithSilence() {
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        AudioClip clip = new AudioClip(x, 10, "r");
        assertArrayEquals(new float[]{0, 0, 0, 1, 2, 3, 4, 5, 6, 7}, Augmenter.shift(clip, 0.3).samples());
        assertArrayEquals(new float[]{3, 4, 5, 6, 7, 8, 9, 10, 0, 0}, Augmenter.shift(clip, -0.2).samples());
        assertArrayEquals(new float[10], Augmenter.shift(clip, 1.5).samples(), "shifted out entirely");
        AugmentConfig cfg = new AugmentConfig(4, 0.0, null, 3L, 0.25, null, null, null, null);
        AudioClip impulse = new AudioClip(new float[]{0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0}, 20, "i");
        java.util.Set<Integer> positions = new java.util.HashSet<>();
        for (int copy = 0; copy < 30; copy++) {
            float[] y = Augmenter.perturb(impulse, cfg, copy, 0).samples();
            int at = -1;
            for (int i = 0; i < y.length; i++) {
                if (y[i] == 1) {
                    at = i;
                }
            }
            assertTrue(at >= 0 && Math.abs(at - 5) <= 5, "moved by at most 0.25 s = 5 samples, got " + at);
            positions.add(at);
        }
        assertTrue(positions.size() > 3, "the shift varies between copies: " + positions);
    }

    @RepeatedTest(5)
    void masksSetWholeRunsToTheChannelMeanWithinTheirWidths() {
        Random r = new Random(21);
        int n = 20 + r.nextInt(20);
        int c = 8 + r.nextInt(8);
        float[] v = new float[n * c];
        for (int i = 0; i < v.length; i++) {
            v[i] = 100 + i; // all distinct and far from every channel mean
        }
        Features f = new Features(v, n, c, 0.01);
        Features m = Augmenter.mask(f, 1, 3, 0, 0, new SplittableRandom(r.nextLong()));
        int maskedFrames = 0;
        for (int t = 0; t < n; t++) {
            boolean frameMasked = m.get(t, 0) != f.get(t, 0);
            for (int k = 0; k < c; k++) {
                assertEquals(frameMasked, m.get(t, k) != f.get(t, k), "a time mask covers whole frames");
                if (frameMasked) {
                    double mean = 0;
                    for (int u = 0; u < n; u++) {
                        mean += f.get(u, k) / (double) n;
                    }
                    assertEquals(mean, m.get(t, k), 1e-3);
                }
            }
            maskedFrames += frameMasked ? 1 : 0;
        }
        assertTrue(maskedFrames >= 1 && maskedFrames <= 3, "one mask of 1 to 3 frames, got " + maskedFrames);
        Features fm = Augmenter.mask(f, 0, 0, 2, 2, new SplittableRandom(r.nextLong()));
        int maskedChannels = 0;
        for (int k = 0; k < c; k++) {
            maskedChannels += fm.get(0, k) != f.get(0, k) ? 1 : 0;
        }
        assertTrue(maskedChannels >= 1 && maskedChannels <= 4, "two channel masks of 1 to 2, got " + maskedChannels);
        assertArrayEquals(v, f.values(), "the input is not changed");
    }

    @Test
    void maskedCopiesAreSeededAndParsedFromTheConfig() {
        PipelineConfig c = ConfigIO.parse("""
                audio: {sample_rate: 8000, duration: 0.5}
                frontend: {type: mel, n_fft: 256, hop: 128, n_mels: 20}
                training: {augment: {copies: 1, shift: 0.05, time_masks: 2, time_mask_frames: 3, freq_masks: 1, freq_mask_channels: 4}}
                """, "m.yaml");
        AugmentConfig cfg = c.training().augment();
        assertEquals(0.05, cfg.shift());
        assertEquals(2, cfg.timeMasks());
        assertEquals(3, cfg.timeMaskFrames());
        assertEquals(1, cfg.freqMasks());
        assertEquals(4, cfg.freqMaskChannels());
        Pipeline p = new Pipeline(c, List.of("a", "b"));
        AudioClip clip = sine(500, 4000, 8000);
        Features a = Augmenter.perturbedFeatures(p, clip, cfg, 0, 3);
        assertArrayEquals(a.values(), Augmenter.perturbedFeatures(p, clip, cfg, 0, 3).values());
        assertFalse(java.util.Arrays.equals(a.values(), p.features(Augmenter.perturb(clip, cfg, 0, 3)).values()),
                "masks change the features");
        AugmentConfig speedOnly = new AugmentConfig(2, 0.1, 15.0, 7L);
        AudioClip before = Augmenter.perturb(clip, speedOnly, 1, 5);
        AudioClip withMasks = Augmenter.perturb(clip, new AugmentConfig(2, 0.1, 15.0, 7L, 0.0, 2, 3, 0, 0), 1, 5);
        assertEquals(before.sampleRate(), withMasks.sampleRate(), "masks leave the speed of a copy as it was");
        assertArrayEquals(before.samples(), withMasks.samples(), "and its noise");
    }

    @Test
    void badShiftAndMaskSettingsAreNamed() {
        var e = assertThrows(SnnaudioException.class,
                () -> ConfigIO.parse("training:\n  augment: {copies: 1, shift: 0.6}\n", "c.yaml"));
        assertTrue(e.getMessage().contains("training.augment.shift must be in [0, 0.5) s, got 0.6"), e.getMessage());
        e = assertThrows(SnnaudioException.class,
                () -> ConfigIO.parse("training:\n  augment: {copies: 1, time_masks: 2}\n", "c.yaml"));
        assertTrue(e.getMessage().contains("training.augment.time_mask_frames must be > 0 when time_masks is 2, got 0"),
                e.getMessage());
        e = assertThrows(SnnaudioException.class,
                () -> ConfigIO.parse("training:\n  augment: {copies: 1, freq_masks: 11, freq_mask_channels: 2}\n", "c.yaml"));
        assertTrue(e.getMessage().contains("training.augment.freq_masks must be in [0, 10], got 11"), e.getMessage());
        e = assertThrows(SnnaudioException.class,
                () -> ConfigIO.parse("training:\n  augment: {copies: 1, freq_mask_channels: -1}\n", "c.yaml"));
        assertTrue(e.getMessage().contains("training.augment.freq_mask_channels must be >= 0, got -1"), e.getMessage());
    }
}
