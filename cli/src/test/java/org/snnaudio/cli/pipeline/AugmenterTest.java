package org.snnaudio.cli.pipeline;

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
}
