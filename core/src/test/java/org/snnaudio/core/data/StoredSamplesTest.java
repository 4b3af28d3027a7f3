package org.snnaudio.core.data;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.model.ResetMode;
import org.snnaudio.core.neuron.CubaLif;
import org.snnaudio.core.neuron.Li;
import org.snnaudio.core.nn.LayerSpec;
import org.snnaudio.core.nn.Network;
import org.snnaudio.core.nn.NetworkOptions;
import org.snnaudio.core.nn.Synapse;
import org.snnaudio.core.train.LrSchedule;
import org.snnaudio.core.train.Monitor;
import org.snnaudio.core.train.OptimizerConfig;
import org.snnaudio.core.train.Trainer;
import org.snnaudio.core.train.TrainerConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The on-disk sample store, its bounded cache, and training from it. */
class StoredSamplesTest {
    @TempDir
    Path dir;

    static List<Sample> mixed(int n, long seed) {
        Random r = new Random(seed);
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int steps = 1 + r.nextInt(30);
            if (i % 2 == 0) {
                float[] v = new float[steps * 6];
                for (int k = 0; k < v.length; k++) {
                    v[k] = (float) r.nextGaussian() * (k % 7 == 0 ? 1e-30f : 3f);
                }
                out.add(new DenseSample(v, steps, 6, r.nextInt(4)));
            } else {
                float[] raster = new float[steps * 6];
                for (int k = 0; k < raster.length; k++) {
                    raster[k] = r.nextDouble() < 0.2 ? 1 + r.nextInt(2) : 0;
                }
                out.add(SpikeSample.fromRaster(raster, steps, 6, r.nextInt(4)));
            }
        }
        return out;
    }

    static SampleStore store(Path file, List<Sample> samples) {
        SampleStore.Writer w = SampleStore.create(file);
        for (Sample s : samples) {
            w.append(s);
        }
        return w.finish();
    }

    static void assertSameSample(Sample a, Sample b) {
        assertEquals(a.label(), b.label());
        assertEquals(a.steps(), b.steps());
        assertEquals(a.channels(), b.channels());
        assertEquals(a.getClass(), b.getClass());
        if (a instanceof DenseSample d) {
            float[] x = d.values();
            float[] y = ((DenseSample) b).values();
            assertEquals(x.length, y.length);
            for (int i = 0; i < x.length; i++) {
                assertEquals(Float.floatToRawIntBits(x[i]), Float.floatToRawIntBits(y[i]), "value " + i);
            }
        } else {
            SpikeSample s = (SpikeSample) a;
            assertArrayEquals(s.stepStart(), ((SpikeSample) b).stepStart());
            assertArrayEquals(s.channelIndex(), ((SpikeSample) b).channelIndex());
        }
    }

    @RepeatedTest(5)
    void samplesRoundTripBitForBit(RepetitionInfo info) {
        List<Sample> samples = mixed(40, info.getCurrentRepetition());
        try (SampleStore st = store(dir.resolve("s" + info.getCurrentRepetition() + ".bin"), samples)) {
            assertEquals(samples.size(), st.size());
            assertEquals(6, st.channels());
            for (int i = samples.size() - 1; i >= 0; i--) {
                assertSameSample(samples.get(i), st.read(i));
                assertEquals(samples.get(i).label(), st.label(i));
            }
        }
    }

    @Test
    void writerRejectsMixedChannelsAndReuse() throws Exception {
        Path f = dir.resolve("bad.bin");
        SampleStore.Writer w = SampleStore.create(f);
        w.append(new DenseSample(new float[4], 2, 2, 0));
        SnnaudioException e = assertThrows(SnnaudioException.class, () -> w.append(new DenseSample(new float[3], 1, 3, 0)));
        assertTrue(e.getMessage().contains("sample 1 has 3 channels, the store holds 2"), e.getMessage());
        w.close();
        assertFalse(Files.exists(f), "an abandoned store leaves no file");
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "the temporary file is removed too");
        }
        SampleStore.Writer w2 = SampleStore.create(f);
        w2.finish().close();
        SnnaudioException again = assertThrows(SnnaudioException.class, () -> w2.append(new DenseSample(new float[4], 2, 2, 0)));
        assertTrue(again.getMessage().contains("already finished"), again.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> StoredSamples.of(SampleStore.create(dir.resolve("e.bin")).finish(), 2).get(0));
        SnnaudioException cap = assertThrows(SnnaudioException.class, () -> StoredSamples.of(null, 0));
        assertTrue(cap.getMessage().contains("capacity must be >= 1, got 0"), cap.getMessage());
    }

    @RepeatedTest(3)
    void cacheNeverHoldsMoreThanItsCapacity(RepetitionInfo info) {
        List<Sample> samples = mixed(200, 10 + info.getCurrentRepetition());
        SampleStore st = store(dir.resolve("c.bin"), samples);
        StoredSamples list = StoredSamples.of(st, 7);
        Random r = new Random(info.getCurrentRepetition());
        for (int k = 0; k < 2000; k++) {
            int i = r.nextInt(samples.size());
            assertSameSample(samples.get(i), list.get(i));
            assertTrue(list.resident() <= 7, "resident " + list.resident());
        }
        assertEquals(7, list.maxResident());
        assertTrue(list.reads() > 1000, "random access over 200 samples with room for 7 reads most from disk: " + list.reads());
        // a view shares the cache: its samples count against the same bound
        StoredSamples view = list.select(new int[]{3, 5, 199});
        assertEquals(3, view.size());
        assertSameSample(samples.get(199), view.get(2));
        assertEquals(samples.get(5).label(), view.label(1));
        assertTrue(list.resident() <= 7);
        st.close();
    }

    @Test
    void datasetOnStoreNeedsNoReadsForLabelsChannelsAndSubsets() {
        List<Sample> samples = mixed(30, 4);
        StoredSamples list = StoredSamples.of(store(dir.resolve("d.bin"), samples), 3);
        Dataset d = new Dataset(list, List.of("a", "b", "c", "d"));
        assertFalse(d.inMemory());
        assertEquals(30, d.size());
        assertEquals(6, d.channels());
        int[] expected = samples.stream().mapToInt(Sample::label).toArray();
        assertArrayEquals(expected, d.labels());
        Dataset sub = d.subset(new int[]{29, 0, 7});
        assertFalse(sub.inMemory());
        assertArrayEquals(new int[]{expected[29], expected[0], expected[7]}, sub.labels());
        assertEquals(0, list.reads(), "nothing was read for labels, channels and subsets");
        assertSameSample(samples.get(7), sub.get(2));
        assertEquals(1, list.reads());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dataset(list, List.of("a", "b")));
        assertTrue(e.getMessage().contains("has label") && e.getMessage().contains("expected [0, 2)"), e.getMessage());
        assertTrue(new Dataset(samples, List.of("a", "b", "c", "d")).inMemory());
    }

    @Test
    void aStoreMarkedTemporaryIsDeletedOnceUnreachable() throws Exception {
        Path f = dir.resolve("tmp.bin");
        StoredSamples list = StoredSamples.of(store(f, mixed(5, 1)).deleteWhenUnreachable(), 2);
        StoredSamples view = list.select(new int[]{4});
        list = null;
        for (int i = 0; i < 20; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(Files.exists(f), "a view still uses the store");
        assertEquals(1, view.size());
        view.get(0);
        view = null;
        for (int i = 0; i < 250 && Files.exists(f); i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertFalse(Files.exists(f), "the file of an unreachable store is deleted");
    }

    static Network network() {
        return Network.builder(6)
                .layer(new LayerSpec("hidden", 10, Synapse.DENSE, true, true, new CubaLif(0.005, 0.01, 1.0, ResetMode.SUBTRACT, 0), 6.0))
                .layer(new LayerSpec("readout", 4, Synapse.DENSE, false, false, new Li(0.01), 4.0))
                .options(NetworkOptions.defaults().withThreads(1).withTrainable("*.weight,*.bias,*.recurrent"))
                .seed(11)
                .build();
    }

    static float[][] train(Dataset train, Dataset val) {
        Network n = network();
        TrainerConfig c = TrainerConfig.builder().epochs(3).batchSize(6).seed(5).optimizer(OptimizerConfig.Adam.of(5e-3))
                .schedule(new LrSchedule.Constant()).monitor(Monitor.VAL_LOSS).build();
        new Trainer(n, c).fit(train, val);
        return n.parameters().stream().map(p -> p.value().clone()).toArray(float[][]::new);
    }

    @Test
    void trainingFromDiskGivesBitIdenticalWeights() {
        List<Sample> trainSamples = mixed(36, 21);
        List<Sample> valSamples = mixed(12, 22);
        List<String> classes = List.of("a", "b", "c", "d");
        float[][] inMemory = train(new Dataset(trainSamples, classes), new Dataset(valSamples, classes));
        StoredSamples tr = StoredSamples.of(store(dir.resolve("train.bin"), trainSamples), 4);
        StoredSamples va = StoredSamples.of(store(dir.resolve("val.bin"), valSamples), 4);
        float[][] onDisk = train(new Dataset(tr, classes), new Dataset(va, classes));
        assertEquals(inMemory.length, onDisk.length);
        for (int p = 0; p < inMemory.length; p++) {
            assertEquals(inMemory[p].length, onDisk[p].length);
            for (int i = 0; i < inMemory[p].length; i++) {
                assertEquals(Float.floatToRawIntBits(inMemory[p][i]), Float.floatToRawIntBits(onDisk[p][i]),
                        "parameter " + p + " element " + i);
            }
        }
        assertTrue(tr.maxResident() <= 4 && va.maxResident() <= 4, "resident " + tr.maxResident() + ", " + va.maxResident());
        assertTrue(tr.reads() >= 36, "every training sample came from disk at least once: " + tr.reads());
        // the training changed the weights, so equal weights are not equal initial weights
        boolean changed = false;
        float[][] initial = network().parameters().stream().map(p -> p.value().clone()).toArray(float[][]::new);
        for (int p = 0; p < initial.length && !changed; p++) {
            for (int i = 0; i < initial[p].length; i++) {
                if (initial[p][i] != onDisk[p][i]) {
                    changed = true;
                    break;
                }
            }
        }
        assertTrue(changed, "training moved the weights");
    }
}
