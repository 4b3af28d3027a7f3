package org.snnaudio.cli.pipeline;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnaudio.audio.frontend.Features;
import org.snnaudio.audio.io.AudioClip;
import org.snnaudio.cli.config.ConfigIO;
import org.snnaudio.cli.config.PipelineConfig;
import org.snnaudio.cli.config.PipelineConfig.EncoderConfig;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.data.Sample;
import org.snnaudio.core.io.Provenance;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureTransformTest {
    private static EncoderConfig enc(boolean mean, boolean var, int deltas) {
        return new EncoderConfig("direct", 1.0, 1.0, 1, true, 1L, mean, var, deltas);
    }

    @RepeatedTest(5)
    void cmvnGivesEveryChannelZeroMeanAndUnitDeviation() {
        Random r = new Random(11);
        int n = 5 + r.nextInt(40);
        int c = 1 + r.nextInt(6);
        float[] v = new float[n * c];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * (1 + 5 * (i % c)) + 30 * (i % c) - 7);
        }
        Features g = FeatureTransform.apply(new Features(v, n, c, 0.01), enc(true, true, 0));
        for (int k = 0; k < c; k++) {
            double s = 0;
            double ss = 0;
            for (int t = 0; t < n; t++) {
                s += g.get(t, k);
                ss += g.get(t, k) * g.get(t, k);
            }
            assertEquals(0, s / n, 1e-4, "mean of channel " + k);
            assertEquals(1, ss / n, 1e-3, "variance of channel " + k);
        }
    }

    @Test
    void varianceNormalisationAloneOnlyScalesAndAConstantChannelStaysFinite() {
        // channel 0: 1, 3, 5 (std sqrt(8/3)); channel 1 constant 4
        Features f = new Features(new float[]{1, 4, 3, 4, 5, 4}, 3, 2, 0.01);
        Features g = FeatureTransform.apply(f, enc(false, true, 0));
        double sd = Math.sqrt(8.0 / 3);
        assertArrayEquals(new float[]{(float) (1 / sd), 4000, (float) (3 / sd), 4000, (float) (5 / sd), 4000}, g.values(), 1e-3f);
        assertSame(f, FeatureTransform.apply(f, enc(false, false, 0)), "nothing asked, nothing done");
    }

    @Test
    void deltasOfARampAreItsSlopeWithRepeatedEdges() {
        // one channel rising by 2 per frame over 11 frames
        float[] v = new float[11];
        for (int t = 0; t < 11; t++) {
            v[t] = 2 * t;
        }
        Features g = FeatureTransform.apply(new Features(v, 11, 1, 0.01), enc(false, false, 2));
        assertEquals(3, g.channels());
        assertEquals(3, FeatureTransform.channels(1, enc(false, false, 2)));
        for (int t = 0; t < 11; t++) {
            assertEquals(2 * t, g.get(t, 0), 1e-6, "statics kept");
        }
        for (int t = 2; t < 9; t++) {
            assertEquals(2, g.get(t, 1), 1e-6, "slope inside, frame " + t);
        }
        for (int t = 4; t < 7; t++) {
            // the second difference sees frames t-4..t+4 of the ramp: away from both edges it is 0
            assertEquals(0, g.get(t, 2), 1e-6, "second difference of a ramp, frame " + t);
        }
        // frame 0 with repeated edges: (1 * (2 - 0) + 2 * (4 - 0)) / 10 = 1
        assertEquals(1, g.get(0, 1), 1e-6);
        // frame 1: (1 * (4 - 0) + 2 * (6 - 0)) / 10 = 1.6
        assertEquals(1.6, g.get(1, 1), 1e-6);
        assertEquals(2, FeatureTransform.apply(new Features(new float[0], 0, 1, 0.01), enc(false, false, 1)).channels(),
                "an empty recording still reports the channels the encoder expects");
    }

    @Test
    void pipelineScalesAndEncodesTheTransformedChannelsAndSavesThem(@TempDir Path dir) {
        PipelineConfig c = ConfigIO.parse("""
                audio: {sample_rate: 8000, duration: 0.5}
                frontend: {type: mfcc, n_fft: 256, hop: 128, n_mels: 20, n_mfcc: 8, top_db: 60}
                encoder: {type: direct, mean_norm: true, var_norm: true, deltas: 1}
                network: {dt: 0.016, hidden: [6]}
                training: {seed: 3}
                """, "d.yaml");
        assertEquals(60.0, c.frontend().topDb());
        Pipeline p = new Pipeline(c, List.of("a", "b"));
        assertEquals(16, p.featureChannels());
        float[] x = new float[4000];
        for (int t = 0; t < x.length; t++) {
            x[t] = (float) (0.5 * Math.sin(2 * Math.PI * (300 + t / 10.0) * t / 8000.0) * (t > 1000 && t < 3000 ? 1 : 0.001));
        }
        AudioClip clip = new AudioClip(x, 8000, "chirp");
        p.fitScaler(List.of(p.features(clip)));
        assertEquals(16, p.scaler().channels());
        Sample s = p.sample(clip, 0);
        assertEquals(16, s.channels());
        p.buildNetwork(s.channels());
        p.save(dir.resolve("m.snnm"), Provenance.capture("{}", 3, "0".repeat(64)));
        Pipeline q = Pipeline.load(dir.resolve("m.snnm"));
        assertEquals(c, q.config(), "the transform's settings travel with the model");
        assertArrayEquals(p.predict(clip).scores(), q.predict(clip).scores(), 1e-6);
        var e = assertThrows(SnnaudioException.class, () -> new org.snnaudio.cli.stream.StreamingClassifier(q, 1, 0.25, 0, false));
        assertTrue(e.getMessage().contains("(encoder.mean_norm, var_norm) or appends deltas (encoder.deltas)"), e.getMessage());
    }

    @Test
    void badSettingsAreNamed() {
        var e = assertThrows(SnnaudioException.class,
                () -> ConfigIO.parse("encoder: {type: direct, deltas: 3}\n", "e.yaml"));
        assertTrue(e.getMessage().contains("e.yaml: encoder.deltas must be 0, 1 or 2, got 3"), e.getMessage());
        e = assertThrows(SnnaudioException.class,
                () -> ConfigIO.parse("frontend: {type: stft, top_db: 60}\n", "f.yaml"));
        assertTrue(e.getMessage().contains("f.yaml: frontend.top_db applies to dB features (frontend.type mfcc, or mel with "
                + "log: true), got top_db 60.0 with frontend 'stft'"), e.getMessage());
        e = assertThrows(SnnaudioException.class,
                () -> ConfigIO.parse("frontend: {type: mfcc, top_db: -1}\n", "g.yaml"));
        assertTrue(e.getMessage().contains("g.yaml: frontend.top_db must be >= 0 dB, got -1.0"), e.getMessage());
    }
}
