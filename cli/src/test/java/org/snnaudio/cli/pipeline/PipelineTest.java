package org.snnaudio.cli.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnaudio.audio.io.AudioClip;
import org.snnaudio.cli.config.ConfigIO;
import org.snnaudio.cli.config.PipelineConfig;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.io.Provenance;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelineTest {
    static PipelineConfig.EncoderConfig enc(String type, double thr, int k) {
        return new PipelineConfig.EncoderConfig(type, thr, 1.0, k, true, 1L);
    }

    @Test
    void ifEncoderByHand() {
        Encoder e = new Encoder(enc("if", 1.0, 3), 2);
        Encoder.Stream s = e.newStream();
        float[] out = new float[6];
        // channel 0: 0.4 per step -> v 0.4, 0.8, 1.2 -> spike at step 2 (v 0.2); channel 1: 1.0 -> spike every step
        s.frame(new float[]{0.4f, 1.0f}, out, 0);
        assertArrayEquals(new float[]{0, 1, 0, 1, 1, 1}, out);
        s.frame(new float[]{0.4f, 0f}, out, 0);
        // channel 0 continues from 0.2: 0.6, 1.0 -> spike (0), 0.4
        assertArrayEquals(new float[]{0, 0, 1, 0, 0, 0}, out);
    }

    @Test
    void deltaEncoderSpikesOnChangeAndDirectPassesValues() {
        Encoder d = new Encoder(enc("delta", 0.25, 2), 1);
        Encoder.Stream s = d.newStream();
        float[] out = new float[4];
        s.frame(new float[]{0.5f}, out, 0);
        assertArrayEquals(new float[]{0, 0, 0, 0}, out, "the first frame sets the reference");
        s.frame(new float[]{0.8f}, out, 0);
        assertArrayEquals(new float[]{1, 0, 0, 0}, out, "up spike on the first step");
        s.frame(new float[]{0.2f}, out, 0);
        assertArrayEquals(new float[]{0, 1, 0, 0}, out, "down spike");
        Encoder direct = new Encoder(new PipelineConfig.EncoderConfig("direct", 1.0, 2.0, 2, true, 1L), 2);
        float[] o2 = new float[4];
        direct.newStream().frame(new float[]{0.25f, 0.5f}, o2, 0);
        assertArrayEquals(new float[]{0.5f, 1f, 0.5f, 1f}, o2);
        assertEquals(2, d.outputChannels());
    }

    @Test
    void latencyEncoderFiresEarlierForLargerValues() {
        Encoder e = new Encoder(enc("latency", 1.0, 5), 3);
        float[] out = new float[15];
        e.newStream().frame(new float[]{1f, 0.5f, 0f}, out, 0);
        assertEquals(1f, out[0], "value 1 at step 0");
        assertEquals(1f, out[2 * 3 + 1], "value 0.5 at step 2");
        float sum = 0;
        for (int t = 0; t < 5; t++) {
            sum += out[t * 3 + 2];
        }
        assertEquals(0f, sum, "no spike for 0");
    }

    @Test
    void meanNormalisationRemovesEachRecordingsChannelMeans() {
        PipelineConfig c = ConfigIO.parse("encoder: {type: direct, mean_norm: true}\naudio: {sample_rate: 8000}\n", "m.yaml");
        Pipeline p = new Pipeline(c, List.of("a", "b"));
        var f = new org.snnaudio.audio.frontend.Features(new float[]{1, 10, 3, 20, 5, 30}, 3, 2, 0.01);
        var g = p.meanNormalised(f);
        assertArrayEquals(new float[]{-2, -10, 0, 0, 2, 10}, g.values(), 1e-6f);
        Pipeline off = new Pipeline(ConfigIO.parse("audio: {sample_rate: 8000}\n", "o.yaml"), List.of("a", "b"));
        assertEquals(f, off.meanNormalised(f), "off by default");
        float[] x = new float[4000];
        for (int t = 0; t < x.length; t++) {
            x[t] = (float) Math.sin(t * 0.3);
        }
        AudioClip clip = new AudioClip(x, 8000, "s");
        p.fitScaler(List.of(p.features(clip)));
        p.buildNetwork(p.encode(p.features(clip), 0).channels());
        var e = assertThrows(SnnaudioException.class,
                () -> new org.snnaudio.cli.stream.StreamingClassifier(p, 1, 0.25, 0, false));
        assertTrue(e.getMessage().contains("encoder.mean_norm"), e.getMessage());
    }

    @Test
    void scalerMapsPercentilesToTheUnitRange() {
        List<float[]> frames = new java.util.ArrayList<>();
        for (int i = 0; i <= 100; i++) {
            frames.add(new float[]{i, -1000});
        }
        FeatureScaler s = FeatureScaler.fit(frames, 2);
        assertEquals(1f, s.low()[0]);
        assertEquals(99f, s.high()[0]);
        float[] f = {50, -1000};
        s.apply(f);
        assertEquals(49f / 98f, f[0], 1e-6);
        assertEquals(0f, f[1], "a constant channel maps to 0");
        assertEquals(s, FeatureScaler.decode(s.encode()));
        var e = assertThrows(SnnaudioException.class, () -> FeatureScaler.decode("1,x"));
        assertEquals("model metadata: feature scaler is corrupt (For input string: \"x\")", e.getMessage());
    }

    @Test
    void savedPipelinePredictsTheSame(@TempDir Path dir) {
        PipelineConfig c = ConfigIO.parse("""
                audio: {sample_rate: 8000, duration: 0.5}
                frontend: {type: mel, n_fft: 256, hop: 128, n_mels: 20}
                encoder: {type: if, threshold: 0.4, steps_per_frame: 2}
                network: {dt: 0.008, hidden: [12], init: {gain: 4}}
                training: {seed: 9}
                """, "p.yaml");
        Pipeline p = new Pipeline(c, List.of("a", "b", "c"));
        float[] x = new float[4000];
        for (int t = 0; t < x.length; t++) {
            x[t] = (float) (0.5 * Math.sin(2 * Math.PI * 600 * t / 8000.0));
        }
        AudioClip clip = new AudioClip(x, 8000, "sine");
        p.fitScaler(List.of(p.features(clip)));
        p.buildNetwork(p.encode(p.features(clip), 0).channels());
        Path f = dir.resolve("m.snnm");
        p.save(f, Provenance.capture(ConfigIO.toJson(c), 9, null));
        Pipeline q = Pipeline.load(f);
        assertEquals(c, q.config());
        assertEquals(p.classNames(), q.classNames());
        assertEquals(p.scaler(), q.scaler());
        assertArrayEquals(p.predict(clip).scores(), q.predict(clip).scores(), 1e-6);
        var e = assertThrows(SnnaudioException.class, () -> new Pipeline(c, List.of("only")));
        assertEquals("a classifier needs at least 2 classes, got [only]", e.getMessage());
    }
}
