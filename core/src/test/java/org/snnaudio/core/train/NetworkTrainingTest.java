package org.snnaudio.core.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.snnaudio.core.data.Dataset;
import org.snnaudio.core.data.Sample;
import org.snnaudio.core.data.SpikeSample;
import org.snnaudio.core.io.DatasetHash;
import org.snnaudio.core.io.ModelFile;
import org.snnaudio.core.io.Provenance;
import org.snnaudio.core.io.SavedModel;
import org.snnaudio.core.model.ResetMode;
import org.snnaudio.core.neuron.CubaLif;
import org.snnaudio.core.neuron.Li;
import org.snnaudio.core.nn.LayerSpec;
import org.snnaudio.core.nn.Network;
import org.snnaudio.core.nn.NetworkOptions;
import org.snnaudio.core.nn.Parameter;
import org.snnaudio.core.nn.Synapse;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trainer and the model file with the real spiking network. */
class NetworkTrainingTest {
    @TempDir
    Path dir;

    static final String OPTION_PREFIX = "network.";

    static Network network(long seed, int threads) {
        return Network.builder(10)
                .layer(new LayerSpec("hidden", 12, Synapse.DENSE, true, true, new CubaLif(0.005, 0.01, 1.0, ResetMode.SUBTRACT, 0), 6.0))
                .layer(new LayerSpec("readout", 3, Synapse.DENSE, false, false, new Li(0.01), 4.0))
                .options(NetworkOptions.defaults().withThreads(threads).withTrainable("*.weight,*.bias,*.recurrent,*.tau_mem"))
                .seed(seed)
                .build();
    }

    /** Class k fires channels 3k..3k+2 more often; channel 9 is noise. */
    static Dataset data(int n, long seed) {
        Random r = new Random(seed);
        List<Sample> out = new ArrayList<>();
        int steps = 25;
        for (int i = 0; i < n; i++) {
            int label = i % 3;
            float[] raster = new float[steps * 10];
            for (int t = 0; t < steps; t++) {
                for (int c = 0; c < 10; c++) {
                    double p = c / 3 == label ? 0.3 : 0.05;
                    raster[t * 10 + c] = r.nextDouble() < p ? 1 : 0;
                }
            }
            out.add(SpikeSample.fromRaster(raster, steps, 10, label));
        }
        return new Dataset(out, List.of("a", "b", "c"));
    }

    static final Dataset TRAIN = data(48, 1);
    static final Dataset VAL = data(24, 2);

    TrainerConfig config(Path ck) {
        return TrainerConfig.builder().epochs(4).batchSize(8).seed(3).optimizer(OptimizerConfig.Adam.of(5e-3))
                .groups(ParamGroup.of("*.tau_mem", 1e-4)).schedule(new LrSchedule.Cosine(4, 0.1, 1)).clipNorm(1.0)
                .monitor(Monitor.VAL_LOSS).checkpoint(ck).resume(ck != null).build();
    }

    static float[][] weights(Network n) {
        return n.parameters().stream().map(p -> p.value().clone()).toArray(float[][]::new);
    }

    @Test
    void aKilledNetworkRunResumesToBitIdenticalWeightsWithTwoThreads() {
        Network ref = network(7, 2);
        TrainingResult rr = new Trainer(ref, config(dir.resolve("ref.ckpt"))).fit(TRAIN, VAL);
        assertTrue(rr.last().trainLoss() < rr.history().get(0).trainLoss(), "the network learns: " + rr.history());

        Path ck = dir.resolve("run.ckpt");
        Trainer killed = new Trainer(network(7, 2), config(ck)).progress(new ProgressListener() {
            public void onBatch(BatchProgress p) {
                if (p.epoch() == 2 && p.batch() == 3) {
                    throw new TrainerTest.Killed();
                }
            }
        });
        assertThrows(TrainerTest.Killed.class, () -> killed.fit(TRAIN, VAL));
        Network resumed = network(99, 2);
        TrainingResult r2 = new Trainer(resumed, config(ck)).fit(TRAIN, VAL);
        assertEquals(2, r2.resumedEpochs());
        float[][] a = weights(ref);
        float[][] b = weights(resumed);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], ref.parameters().get(i).name() + " must be bit-identical");
        }
        assertEquals(rr.history().stream().map(TrainerTest::noTime).toList(), r2.history().stream().map(TrainerTest::noTime).toList());
        assertEquals(1, rr.history().get(0).firingRates().length, "one spiking layer");
    }

    static SavedModel save(Network n, Provenance p) {
        Map<String, String> meta = new LinkedHashMap<>();
        n.options().toMap().forEach((k, v) -> meta.put(OPTION_PREFIX + k, v));
        return new SavedModel(n.toGraph(), meta, p);
    }

    static Network load(SavedModel m) {
        Map<String, String> opts = new LinkedHashMap<>();
        m.metadata().forEach((k, v) -> {
            if (k.startsWith(OPTION_PREFIX)) {
                opts.put(k.substring(OPTION_PREFIX.length()), v);
            }
        });
        return Network.fromGraph(m.graph(), NetworkOptions.fromMap(opts));
    }

    @Test
    void aTrainedNetworkSavedAndLoadedPredictsTheSameScores() {
        Network n = network(5, 1);
        new Trainer(n, config(null).toBuilder().epochs(2).build()).fit(TRAIN, VAL);
        Path f = dir.resolve("net" + ModelFile.EXTENSION);
        ModelFile.write(f, save(n, Provenance.capture("{\"epochs\":2}", 3, DatasetHash.sha256(TRAIN))));
        SavedModel m = ModelFile.read(f);
        assertEquals(DatasetHash.sha256(TRAIN), m.provenance().datasetSha256());
        Network back = load(m);
        float[][] expected = n.predict(VAL.samples());
        float[][] got = back.predict(VAL.samples());
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], got[i], "sample " + i);
        }
        for (Parameter p : n.parameters()) {
            assertArrayEquals(p.value(), back.parameter(p.name()).value(), p.name());
        }
    }

    private static final String FIXTURE = "fixtures/network-v1.snnm";
    private static final String SCORES_KEY = "fixture.scores";
    private static final int FIXTURE_SAMPLES = 6;

    /** Writes the frozen network fixture: a network trained for two epochs and its scores on the first validation samples. */
    @Test
    @EnabledIfSystemProperty(named = "snnaudio.writeFixtures", matches = "true")
    void writeFixture() {
        Network n = network(5, 1);
        new Trainer(n, config(null).toBuilder().epochs(2).build()).fit(TRAIN, VAL);
        SavedModel m = save(n, new Provenance("{\"fixture\":\"network-v1\"}", 3, DatasetHash.sha256(TRAIN), "0.1.0-SNAPSHOT",
                "25", "amd64", Instant.parse("2026-11-22T15:10:00Z")));
        Map<String, String> meta = new LinkedHashMap<>(m.metadata());
        StringBuilder sb = new StringBuilder();
        for (float[] row : n.predict(VAL.samples().subList(0, FIXTURE_SAMPLES))) {
            for (float v : row) {
                sb.append(sb.isEmpty() ? "" : ",").append(v);
            }
        }
        meta.put(SCORES_KEY, sb.toString());
        ModelFile.write(Path.of("src/test/resources", FIXTURE), new SavedModel(m.graph(), meta, m.provenance()));
    }

    @Test
    void theFrozenVersion1NetworkStillLoadsAndPredictsItsScores() throws Exception {
        var url = getClass().getClassLoader().getResource(FIXTURE);
        assertTrue(url != null, "fixture " + FIXTURE + " missing from test resources");
        SavedModel m = ModelFile.read(Path.of(url.toURI()));
        assertEquals(DatasetHash.sha256(TRAIN), m.provenance().datasetSha256(), "the fixture was trained on TRAIN");
        Network n = load(m);
        String[] expected = m.metadata().get(SCORES_KEY).split(",");
        float[][] got = n.predict(VAL.samples().subList(0, FIXTURE_SAMPLES));
        assertEquals(expected.length, got.length * n.classes());
        for (int i = 0; i < got.length; i++) {
            for (int k = 0; k < n.classes(); k++) {
                float e = Float.parseFloat(expected[i * n.classes() + k]);
                // within float rounding of a reordered sum, so kernels may be reorganised without a new fixture
                assertEquals(e, got[i][k], 1e-5 * Math.max(1, Math.abs(e)), "sample " + i + ", class " + k);
            }
        }
    }
}
