package org.snnaudio.audio.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnaudio.audio.TestAudio;
import org.snnaudio.audio.config.Presets;
import org.snnaudio.audio.encode.EncoderConfig;
import org.snnaudio.audio.frontend.Features;
import org.snnaudio.audio.frontend.FrontendConfig;
import org.snnaudio.audio.io.Preprocess;
import org.snnaudio.audio.io.WavWriter;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.data.DenseSample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureExtractorTest {
    @TempDir
    Path tmp;

    private Path dataset() throws Exception {
        Path root = tmp.resolve("data");
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 4; i++) {
                Path f = root.resolve("c" + c).resolve("s" + i + "_" + c + ".wav");
                Files.createDirectories(f.getParent());
                Files.write(f, WavWriter.encode(TestAudio.sine(300 + 700 * c + 20 * i, 0.4, 8000, 4000), 8000, false));
            }
        }
        Files.write(root.resolve("c0/broken.wav"), "RIFF....WAVEjunk".getBytes());
        Files.write(root.resolve("c1/rate.wav"), WavWriter.encode(new float[2000], 16000, false));
        return root;
    }

    @Test
    void buildsSkipsBadFilesWithReasonsAndReportsProgress() throws Exception {
        Path root = dataset();
        Preprocess noResample = new Preprocess(false, 0, null, null, null, 1, 1);
        FeatureExtractor fx = new FeatureExtractor(noResample, Presets.frontend("talamo-mfcc"),
                EncoderConfig.DirectCurrent.defaults(), null);
        AtomicInteger last = new AtomicInteger();
        LoadedDataset d = fx.build(Layouts.list(new DatasetConfig.FolderPerClass(root, null, "^(s\\d)_"), false),
                new FeatureExtractor.Options(2, false, (done, total) -> last.accumulateAndGet(done, Math::max)));
        assertEquals(10, last.get());
        assertEquals(8, d.dataset().size());
        assertEquals(2, d.skipped().size());
        assertEquals(root.resolve("c0/broken.wav") + ": corrupt WAV: no 'fmt ' chunk before the audio data", d.skipped().get(0).toString());
        assertEquals(root.resolve("c1/rate.wav") + ": sample rate 16000 Hz differs from the pipeline's 8000 Hz (enable resampling or convert the file)",
                d.skipped().get(1).toString());
        DenseSample s = assertInstanceOf(DenseSample.class, d.dataset().get(0));
        assertEquals(32, s.channels());
        assertEquals(1 + 4000 / 512, s.steps());
        assertEquals("s0", d.groups()[0]);
        assertEquals(0.064, d.stepSeconds(), 1e-12);
        SnnaudioException e = assertThrows(SnnaudioException.class, () -> fx.build(Layouts.list(new DatasetConfig.FolderPerClass(root, null, null), true),
                new FeatureExtractor.Options(1, true, null)));
        assertTrue(e.getMessage().startsWith(root.resolve("c0/broken.wav").toString()), e.getMessage());
    }

    @Test
    void buildOnDiskGivesTheSameSamplesWithBoundedResidency() throws Exception {
        Path root = dataset();
        Preprocess noResample = new Preprocess(false, 0, null, null, null, 1, 1);
        FeatureExtractor fx = new FeatureExtractor(noResample, Presets.frontend("talamo-mfcc"),
                EncoderConfig.IntegrateAndFire.defaults(), null);
        var list = Layouts.list(new DatasetConfig.FolderPerClass(root, null, "^(s\\d)_"), false);
        LoadedDataset mem = fx.build(list, new FeatureExtractor.Options(2, false, null));
        AtomicInteger last = new AtomicInteger();
        LoadedDataset disk = fx.buildOnDisk(list, new FeatureExtractor.Options(2, false,
                (done, total) -> last.accumulateAndGet(done, Math::max)), tmp.resolve("store/samples.bin"), 2);
        assertEquals(10, last.get());
        assertTrue(Files.isRegularFile(tmp.resolve("store/samples.bin")));
        assertFalse(disk.dataset().inMemory());
        assertEquals(mem.entries(), disk.entries());
        assertEquals(mem.skipped().toString(), disk.skipped().toString());
        assertArrayEquals(mem.dataset().labels(), disk.dataset().labels());
        var stored = (org.snnaudio.core.data.StoredSamples) disk.dataset().samples();
        for (int i = 0; i < mem.dataset().size(); i++) {
            var a = (org.snnaudio.core.data.SpikeSample) mem.dataset().get(i);
            var b = (org.snnaudio.core.data.SpikeSample) disk.dataset().get(i);
            assertArrayEquals(a.stepStart(), b.stepStart());
            assertArrayEquals(a.channelIndex(), b.channelIndex());
            assertTrue(stored.resident() <= 2);
        }
        assertEquals(2, stored.maxResident());
        SnnaudioException e = assertThrows(SnnaudioException.class, () -> fx.buildOnDisk(
                Layouts.list(new DatasetConfig.FolderPerClass(root, null, null), true), new FeatureExtractor.Options(1, true, null),
                tmp.resolve("strict/samples.bin"), 2));
        assertTrue(e.getMessage().startsWith(root.resolve("c0/broken.wav").toString()), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("strict/samples.bin")), "no store is left by a failed strict run");
    }

    @Test
    void cacheIsKeyedByContentAndConfiguration() throws Exception {
        Path root = dataset();
        Path cacheDir = tmp.resolve("cache");
        FeatureCache cache = new FeatureCache(cacheDir);
        FeatureExtractor fx = new FeatureExtractor(Preprocess.defaults(), Presets.frontend("talamo-mfcc"),
                EncoderConfig.DirectCurrent.defaults(), cache);
        Path f = root.resolve("c1/s2_1.wav");
        Features first = fx.features(f);
        assertEquals(1, countFiles(cacheDir));
        Features again = fx.features(f);
        assertArrayEquals(first.values(), again.values());
        // a cache entry is what is read back: corrupting the stored values shows up on the next read
        String key = FeatureCache.key(FeatureCache.sha256(Files.readAllBytes(f)), Preprocess.defaults() + "|" + Presets.frontend("talamo-mfcc"));
        Features tampered = new Features(new float[first.values().length], first.frames(), first.channels(), first.framePeriod());
        cache.put(key, tampered);
        assertEquals(0f, fx.features(f).values()[0]);
        // another configuration or other content is another entry
        FeatureExtractor other = new FeatureExtractor(Preprocess.defaults(), new FrontendConfig.Mfcc(8000, 13, 512, 0, 256,
                null, true, 40, 0, 0, null, null, null, 0), EncoderConfig.DirectCurrent.defaults(), cache);
        other.features(f);
        assertEquals(2, countFiles(cacheDir));
        Files.write(f, WavWriter.encode(TestAudio.sine(999, 0.4, 8000, 4000), 8000, false));
        assertNotEquals(0f, fx.features(f).values()[0]);
        assertEquals(3, countFiles(cacheDir));
        // a damaged entry is a miss, not an error
        try (Stream<Path> s = Files.walk(cacheDir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Files.write(p, new byte[]{1, 2, 3});
            }
        }
        assertNotEquals(0f, fx.features(f).values()[0]);
    }

    private static long countFiles(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".feat")).count();
        }
    }

    @Test
    void aNewFileIsProcessedExactlyAsInTraining() throws Exception {
        Path root = dataset();
        FeatureExtractor fx = new FeatureExtractor(Preprocess.defaults().withLength(8000), Presets.frontend("talamo-mfcc"),
                new EncoderConfig.Rate(EncoderConfig.Distribution.BERNOULLI, 0.5, -100, 100, 4, 3), null);
        LoadedDataset d = fx.build(Layouts.list(new DatasetConfig.FolderPerClass(root, List.of("c0", "c1"), null), false),
                FeatureExtractor.Options.defaults());
        int i = 5;
        assertArrayEquals(d.dataset().get(i).toDense(), fx.sample(d.entries().get(i).file(), d.dataset().get(i).label()).toDense());
        assertEquals((1 + 8000 / 512) * 4, d.dataset().get(i).steps());
    }
}
