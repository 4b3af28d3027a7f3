package org.snnaudio.cli.stream;

import org.junit.jupiter.api.Test;
import org.snnaudio.audio.frontend.Features;
import org.snnaudio.audio.io.AudioClip;
import org.snnaudio.cli.config.ConfigIO;
import org.snnaudio.cli.pipeline.Pipeline;
import org.snnaudio.core.data.Sample;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Streaming a recording in chunks gives the same network input and scores as processing it whole. */
class StreamingTest {
    static final String CONFIG = """
            name: stream
            audio: {sample_rate: 8000, duration: 0, normalise: none}
            frontend: {type: %s, n_mfcc: 12, n_fft: 256, hop: 128, n_mels: 24, channels: 8, f_min: 100, f_max: 3500, frame: 0.008}
            encoder: {type: %s, threshold: 0.3, steps_per_frame: 3}
            network: {dt: 0.005, hidden: [16], recurrent: true, neuron: {tau_mem: 0.03}, readout: {tau_mem: 0.03}, init: {gain: 4}}
            training: {seed: 5}
            """;

    static float[] signal(long seed, int n) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int t = 0; t < n; t++) {
            x[t] = (float) (0.4 * Math.sin(2 * Math.PI * 440 * t / 8000.0) * Math.sin(Math.PI * t / n)
                    + 0.2 * Math.sin(2 * Math.PI * 1300 * t / 8000.0) + 0.02 * r.nextGaussian());
        }
        return x;
    }

    /** A pipeline of {@code yaml} with its scaler fitted on {@code x} and its network built, and {@code x} encoded offline. */
    record Ready(Pipeline p, Sample offline) {
    }

    static Ready ready(String yaml, List<String> classes, float[] x) {
        Pipeline p = new Pipeline(ConfigIO.parse(yaml, "stream.yaml"), classes);
        Features f = p.features(new AudioClip(x, 8000, "test"));
        p.fitScaler(List.of(f));
        Sample offline = p.encode(f, 0);
        p.buildNetwork(offline.channels());
        return new Ready(p, offline);
    }

    void check(String frontend, String encoder, int[] chunks) {
        float[] x = signal(frontend.hashCode() + encoder.hashCode(), 6000);
        Ready ready = ready(CONFIG.formatted(frontend, encoder), List.of("a", "b", "c"), x);
        Pipeline p = ready.p();
        Sample offline = ready.offline();

        StreamingClassifier s = new StreamingClassifier(p, 0.05, 0.02, 0, true);
        Random r = new Random(7);
        int at = 0;
        int k = 0;
        while (at < x.length) {
            int n = Math.min(x.length - at, chunks[k++ % chunks.length] + r.nextInt(3));
            s.push(x, at, n);
            at += n;
        }
        s.finish();
        float[] dense = offline.toDense();
        List<float[]> rows = s.inputRows();
        assertEquals(offline.steps(), rows.size(), "same number of steps");
        int spikes = 0;
        for (int t = 0; t < rows.size(); t++) {
            float[] want = java.util.Arrays.copyOfRange(dense, t * offline.channels(), (t + 1) * offline.channels());
            assertArrayEquals(want, rows.get(t), 0f, "network input at step " + t);
            for (float v : want) {
                spikes += v != 0 ? 1 : 0;
            }
        }
        assertTrue(spikes > 10, "the input is not empty");
        float[] logits = p.network().predict(List.of(offline))[0];
        double[] streamed = s.totalScores();
        for (int i = 0; i < logits.length; i++) {
            assertEquals(logits[i], streamed[i], 1e-4 * Math.max(1, Math.abs(logits[i])), "score " + i);
        }
    }

    @Test
    void mfccIfEncoderInOddChunks() {
        check("mfcc", "if", new int[]{1, 37, 200, 5, 999});
    }

    @Test
    void filterbankDirectInput() {
        check("filterbank", "direct", new int[]{64, 3, 511});
    }

    @Test
    void melDeltaEncoder() {
        check("mel", "delta", new int[]{128});
    }

    @Test
    void eachDecisionScoresTheLastWindowOfTheReadout() {
        // a leaky-integrator readout decoded by its largest membrane: every row of the window counts
        String yaml = CONFIG.formatted("filterbank", "direct")
                .replace("readout: {tau_mem: 0.03}", "readout: {neuron: li, tau_mem: 0.03}") + "decoder: max-membrane\nloss: {type: max-membrane}\n";
        float[] x = signal(11, 8000);
        Ready ready = ready(yaml, List.of("a", "b", "c"), x);
        Pipeline p = ready.p();
        Sample offline = ready.offline();
        StreamingClassifier s = new StreamingClassifier(p, 0.1, 0.03, 0, false);
        List<StreamingClassifier.Decision> ds = new java.util.ArrayList<>();
        for (int at = 0; at < x.length; at += 100) {
            ds.addAll(s.push(x, at, Math.min(100, x.length - at)));
        }
        ds.addAll(s.finish());
        assertTrue(ds.size() > 20, "decisions over several wraps of the window ring, got " + ds.size());
        assertTrue(!p.network().options().readout().usesSpikes(), "membrane readout");
        org.snnaudio.core.nn.Trace tr = p.network().trace(offline);
        int out = tr.layers().size() - 1;
        int classes = 3;
        float[] rows = tr.membranes().get(out);
        boolean spikes = p.network().options().readout().usesSpikes();
        if (spikes) {
            rows = tr.spikes().get(out);
        }
        int window = (int) Math.round(0.1 / s.stepSeconds());
        for (StreamingClassifier.Decision d : ds) {
            int end = (int) Math.round(d.timeSeconds() / s.stepSeconds());
            for (int k = 0; k < classes; k++) {
                double want = spikes ? 0 : Double.NEGATIVE_INFINITY;
                for (int t = end - window; t < end; t++) {
                    want = spikes ? want + rows[t * classes + k] : Math.max(want, rows[t * classes + k]);
                }
                assertEquals(want, d.scores()[k], 1e-4 * Math.max(1, Math.abs(want)), "class " + k + " at " + d.timeSeconds() + " s");
            }
        }
    }

    @Test
    void decisionsComeEveryHopOnceTheWindowIsFull() {
        float[] x = signal(3, 8000);
        Pipeline p = ready(CONFIG.formatted("mfcc", "if"), List.of("a", "b"), x).p();
        StreamingClassifier s = new StreamingClassifier(p, 0.2, 0.1, 0, false);
        List<StreamingClassifier.Decision> ds = new java.util.ArrayList<>();
        for (int at = 0; at < x.length; at += 160) {
            ds.addAll(s.push(x, at, Math.min(160, x.length - at)));
        }
        ds.addAll(s.finish());
        assertFalse(ds.isEmpty());
        assertTrue(ds.get(0).timeSeconds() >= 0.2 - 1e-9, "first decision after one window");
        for (int i = 1; i < ds.size(); i++) {
            assertEquals(0.1, ds.get(i).timeSeconds() - ds.get(i - 1).timeSeconds(), 0.011);
        }
        StreamingClassifier quiet = new StreamingClassifier(p, 0.2, 0.1, 10.0, false);
        assertTrue(quiet.push(x, 0, x.length).isEmpty(), "below --min-level no decision is made");
    }

    @Test
    void theDecisionsDoNotDependOnTheChunkSizesAndEachComesOnce() {
        float[] x = signal(11, 12000);
        Pipeline p = ready(CONFIG.formatted("filterbank", "direct").replace("steps_per_frame: 3", "steps_per_frame: 1"),
                List.of("a", "b"), x).p();
        StreamingClassifier whole = new StreamingClassifier(p, 0.2, 0.05, 0, false);
        List<StreamingClassifier.Decision> want = new java.util.ArrayList<>(whole.push(x, 0, x.length));
        want.addAll(whole.finish());
        assertTrue(want.size() > 20, "decisions every 50 ms after the first 200 ms, got " + want.size());
        for (int chunk : new int[] {1, 37, 160, 1000}) {
            StreamingClassifier s = new StreamingClassifier(p, 0.2, 0.05, 0, false);
            List<StreamingClassifier.Decision> got = new java.util.ArrayList<>();
            int empty = 0;
            for (int at = 0; at < x.length; at += chunk) {
                List<StreamingClassifier.Decision> ds = s.push(x, at, Math.min(chunk, x.length - at));
                empty += ds.isEmpty() ? 1 : 0;
                got.addAll(ds);
            }
            got.addAll(s.finish());
            assertEquals(want.size(), got.size(), "chunks of " + chunk);
            for (int i = 0; i < want.size(); i++) {
                assertEquals(want.get(i).timeSeconds(), got.get(i).timeSeconds(), 0.0, "chunks of " + chunk);
                assertEquals(want.get(i).label(), got.get(i).label());
                assertArrayEquals(want.get(i).scores(), got.get(i).scores(), 0.0, "chunks of " + chunk + ", decision " + i);
            }
            if (chunk < 400) {
                assertTrue(empty > 0, "chunks shorter than the hop complete no decision at times");
            }
        }
    }
}
