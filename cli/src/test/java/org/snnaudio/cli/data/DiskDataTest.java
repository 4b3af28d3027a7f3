package org.snnaudio.cli.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnaudio.audio.frontend.Features;
import org.snnaudio.audio.io.WavWriter;
import org.snnaudio.cli.config.ConfigIO;
import org.snnaudio.cli.config.PipelineConfig;
import org.snnaudio.cli.pipeline.Evaluation;
import org.snnaudio.cli.pipeline.Experiment;
import org.snnaudio.cli.pipeline.Pipeline;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.data.Dataset;
import org.snnaudio.core.data.DenseSample;
import org.snnaudio.core.data.Sample;
import org.snnaudio.core.data.SpikeSample;
import org.snnaudio.core.data.StoredSamples;
import org.snnaudio.core.nn.Parameter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training through disk: same samples and weights as in memory, bounded residency, the cache reused. */
class DiskDataTest {
    @TempDir
    Path dir;

    static final String CONFIG = """
            audio: {sample_rate: 8000, duration: 0.25}
            frontend: {type: mel, n_fft: 256, hop: 128, n_mels: 12}
            encoder: {type: if, threshold: 0.4, steps_per_frame: 2}
            network: {dt: 0.008, hidden: [10], init: {gain: 4}}
            training: {seed: 9, epochs: 2, batch_size: 3, threads: 2, augment: {copies: 1, speed: 0.1, seed: 3}}
            """;

    /** Three classes of tones (300, 700, 1500 Hz) with noise, six recordings each. */
    List<DataSource.Item> recordings(String sub, int perClass) throws Exception {
        Path d = Files.createDirectories(dir.resolve(sub));
        Random r = new Random(sub.hashCode());
        List<DataSource.Item> items = new ArrayList<>();
        String[] names = {"low", "mid", "high"};
        double[] freq = {300, 700, 1500};
        for (int i = 0; i < perClass; i++) {
            for (int c = 0; c < 3; c++) {
                float[] x = new float[1600 + r.nextInt(800)];
                for (int t = 0; t < x.length; t++) {
                    x[t] = (float) (0.4 * Math.sin(2 * Math.PI * freq[c] * (1 + 0.05 * r.nextGaussian()) * t / 8000.0)
                            + 0.02 * r.nextGaussian());
                }
                Path f = d.resolve(names[c] + "_" + i + ".wav");
                Files.write(f, WavWriter.encode(x, 8000, false));
                items.add(new DataSource.Item(f, names[c], "s" + i, DataSource.Part.NONE));
            }
        }
        return items;
    }

    static final List<String> CLASSES = List.of("low", "mid", "high");

    DiskData.Settings settings(DiskData.Mode mode, int resident) {
        return new DiskData.Settings(mode, dir.resolve("cache"), 1L << 40, resident);
    }

    static void assertSameSample(Sample a, Sample b) {
        assertEquals(a.label(), b.label());
        assertEquals(a.steps(), b.steps());
        assertEquals(a.channels(), b.channels());
        if (a instanceof SpikeSample s) {
            assertArrayEquals(s.stepStart(), ((SpikeSample) b).stepStart());
            assertArrayEquals(s.channelIndex(), ((SpikeSample) b).channelIndex());
        } else {
            assertArrayEquals(((DenseSample) a).values(), ((DenseSample) b).values());
        }
    }

    @Test
    void trainingFromDiskGivesBitIdenticalWeights() throws Exception {
        PipelineConfig c = ConfigIO.parse(CONFIG, "d.yaml");
        LabelledData train = LabelledData.audio(recordings("train", 4), CLASSES);
        LabelledData val = LabelledData.audio(recordings("val", 2), CLASSES);
        Experiment.FitResult mem = Experiment.fit(c, train, val, Experiment.Listener.none(), null,
                settings(DiskData.Mode.MEMORY, 4));
        Experiment.FitResult disk = Experiment.fit(c, train, val, Experiment.Listener.none(), null,
                settings(DiskData.Mode.DISK, 4));
        List<Parameter> a = mem.pipeline().network().parameters();
        List<Parameter> b = disk.pipeline().network().parameters();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            float[] x = a.get(i).value();
            float[] y = b.get(i).value();
            assertEquals(x.length, y.length);
            for (int k = 0; k < x.length; k++) {
                assertEquals(Float.floatToRawIntBits(x[k]), Float.floatToRawIntBits(y[k]), a.get(i).name() + "[" + k + "]");
            }
        }
        assertEquals(mem.pipeline().scaler(), disk.pipeline().scaler());
        assertEquals(mem.validation().accuracy(), disk.validation().accuracy());
        assertEquals(mem.training().history().size(), disk.training().history().size());
        for (int e = 0; e < mem.training().history().size(); e++) {
            assertEquals(mem.training().history().get(e).trainLoss(), disk.training().history().get(e).trainLoss());
        }
        try (Stream<Path> s = Files.walk(dir.resolve("cache/features"))) {
            assertEquals(12 + 6, s.filter(f -> f.toString().endsWith(".feat")).count(), "one cache entry per recording");
        }
    }

    @Test
    void evaluationFromDiskGivesTheSameMetrics() throws Exception {
        PipelineConfig c = ConfigIO.parse(CONFIG, "d.yaml");
        LabelledData train = LabelledData.audio(recordings("train", 4), CLASSES);
        LabelledData test = LabelledData.audio(recordings("test", 3), CLASSES);
        Pipeline p = Experiment.fit(c, train, null, Experiment.Listener.none(), null,
                settings(DiskData.Mode.MEMORY, 4)).pipeline();
        Evaluation mem = Experiment.evaluate(p, test, null, settings(DiskData.Mode.MEMORY, 2));
        Evaluation disk = Experiment.evaluate(p, test, null, settings(DiskData.Mode.DISK, 2));
        assertEquals(mem.metrics().accuracy(), disk.metrics().accuracy());
        assertEquals(mem.metrics().confusion().length, disk.metrics().confusion().length);
        for (int i = 0; i < mem.metrics().confusion().length; i++) {
            assertArrayEquals(mem.metrics().confusion()[i], disk.metrics().confusion()[i], "confusion row " + i);
        }
        try (Stream<Path> s = Files.walk(dir.resolve("cache/features"))) {
            assertEquals(9, s.filter(f -> f.toString().endsWith(".feat")).count(), "the test recordings went through the cache");
        }
    }

    @Test
    void samplesMatchAndMemoryStaysBounded() throws Exception {
        PipelineConfig c = ConfigIO.parse(CONFIG, "d.yaml");
        List<DataSource.Item> items = recordings("train", 5);
        LabelledData train = LabelledData.audio(items, CLASSES);
        AtomicInteger calls = new AtomicInteger();
        DiskData disk = new DiskData(settings(DiskData.Mode.DISK, 3), (done, total) -> {
            calls.incrementAndGet();
            assertTrue(done >= 1 && done <= total, done + " of " + total);
        });
        Pipeline p = new Pipeline(c, CLASSES);
        Dataset d = disk.trainingSet(p, train, c.training().augment(), 2);
        assertFalse(d.inMemory());
        assertEquals(30, d.size(), "15 recordings and one augmented copy each");
        assertEquals(15 + 30, calls.get(), "progress after each recording of both passes");
        assertTrue(disk.maxInFlight() <= 4, "at most 2 x threads recordings in flight, got " + disk.maxInFlight());

        // the same samples the in-memory path makes
        Pipeline q = new Pipeline(c, CLASSES);
        List<Features> feats = new ArrayList<>();
        for (DataSource.Item it : items) {
            feats.add(q.features(it.file()));
        }
        q.fitScaler(feats);
        assertEquals(q.scaler(), p.scaler());
        StoredSamples stored = (StoredSamples) d.samples();
        for (int i = 0; i < 15; i++) {
            assertSameSample(q.encode(feats.get(i), train.labels()[i]), d.get(i));
            assertTrue(stored.resident() <= 3, "resident " + stored.resident());
        }
        List<Features> extra = org.snnaudio.cli.pipeline.Augmenter.features(q, items.stream().map(DataSource.Item::file).toList(),
                c.training().augment(), 1);
        for (int i = 0; i < 15; i++) {
            assertSameSample(q.encode(extra.get(i), train.labels()[i]), d.get(15 + i));
        }
        assertEquals(3, stored.maxResident());

        // a second run reads the features back from the cache instead of writing them again
        Path anyEntry;
        try (Stream<Path> s = Files.walk(dir.resolve("cache/features"))) {
            anyEntry = s.filter(f -> f.toString().endsWith(".feat")).findFirst().orElseThrow();
        }
        var before = Files.getLastModifiedTime(anyEntry);
        Thread.sleep(20);
        new DiskData(settings(DiskData.Mode.DISK, 3), (x, y) -> { }).samples(p, train, 2);
        assertEquals(before, Files.getLastModifiedTime(anyEntry));
    }

    @Test
    void autoGoesToDiskOnlyAboveTheBudget() throws Exception {
        PipelineConfig c = ConfigIO.parse(CONFIG, "d.yaml");
        List<DataSource.Item> items = recordings("auto", 2);
        Pipeline p = new Pipeline(c, CLASSES);
        long est = DiskData.estimateBytes(p, items, 1);
        assertTrue(est > 6 * 2 * 4 * 12, "features and samples of 6 recordings and their copies, got " + est);
        assertEquals(2 * DiskData.estimateBytes(p, items, 0), est, "one copy doubles the estimate");
        DiskData.Settings s = settings(DiskData.Mode.AUTO, 4);
        assertFalse(new DiskData(s, null).useDisk(p, items, 1));
        assertTrue(new DiskData(new DiskData.Settings(DiskData.Mode.AUTO, s.cacheDir(), est - 1, 4), null).useDisk(p, items, 1));
        assertFalse(new DiskData(new DiskData.Settings(DiskData.Mode.AUTO, s.cacheDir(), est, 4), null).useDisk(p, items, 1));
        assertTrue(new DiskData(settings(DiskData.Mode.DISK, 4), null).useDisk(p, items, 0));
        assertFalse(new DiskData(new DiskData.Settings(DiskData.Mode.MEMORY, s.cacheDir(), 1, 4), null).useDisk(p, items, 9));
    }

    @Test
    void badSettingsAreRejected() {
        assertEquals(DiskData.Mode.DISK, DiskData.Mode.parse("false"));
        assertEquals(DiskData.Mode.MEMORY, DiskData.Mode.parse(" True "));
        assertEquals(DiskData.Mode.AUTO, DiskData.Mode.parse("auto"));
        var e = assertThrows(SnnaudioException.class, () -> DiskData.Mode.parse("sometimes"));
        assertEquals("data in-memory setting must be true, false or auto, got 'sometimes'", e.getMessage());
        e = assertThrows(SnnaudioException.class, () -> new DiskData.Settings(DiskData.Mode.AUTO, dir, 0, 4));
        assertEquals("data memory budget must be > 0 bytes, got 0", e.getMessage());
        e = assertThrows(SnnaudioException.class, () -> new DiskData.Settings(DiskData.Mode.AUTO, dir, 10, 0));
        assertEquals("resident samples must be >= 1, got 0", e.getMessage());
        e = assertThrows(SnnaudioException.class, () -> new DiskData.Settings(null, dir, 10, 1));
        assertEquals("data settings need a mode and a cache folder", e.getMessage());
    }

    @Test
    void aMissingRecordingIsNamed() throws Exception {
        PipelineConfig c = ConfigIO.parse(CONFIG, "d.yaml");
        List<DataSource.Item> items = new ArrayList<>(recordings("miss", 1));
        Path gone = dir.resolve("miss/gone.wav");
        items.add(new DataSource.Item(gone, "low", "s9", DataSource.Part.NONE));
        var e = assertThrows(SnnaudioException.class, () -> new DiskData(settings(DiskData.Mode.DISK, 2), (a, b) -> { })
                .samples(new Pipeline(c, CLASSES), LabelledData.audio(items, CLASSES), 2));
        assertEquals(gone + ": file not found", e.getMessage());
        Path samples = dir.resolve("cache/samples");
        if (Files.exists(samples)) {
            try (Stream<Path> s = Files.list(samples)) {
                assertEquals(0, s.count(), "no half-written sample store is left behind");
            }
        }
    }
}
