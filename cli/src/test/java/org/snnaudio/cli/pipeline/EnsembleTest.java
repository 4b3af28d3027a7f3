package org.snnaudio.cli.pipeline;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnaudio.audio.io.AudioReader;
import org.snnaudio.cli.Tones;
import org.snnaudio.cli.config.ConfigIO;
import org.snnaudio.cli.config.PipelineConfig;
import org.snnaudio.cli.data.DataSource;
import org.snnaudio.cli.data.LabelledData;
import org.snnaudio.cli.stream.StreamingClassifier;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.data.Dataset;
import org.snnaudio.core.io.ModelFile;
import org.snnaudio.core.io.Provenance;
import org.snnaudio.core.nn.Network;
import org.snnaudio.core.nn.Parameter;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seed ensembles: members are the plain models of their seeds, scores their mean, files keep them all. */
class EnsembleTest {
    @TempDir
    static Path dir;
    static LabelledData data;
    static PipelineConfig config;
    /** Plain models with seeds 1 and 2, and the ensemble of two with seed 1. */
    static Pipeline plain1;
    static Pipeline plain2;
    static Pipeline ensemble;

    @BeforeAll
    static void train() throws Exception {
        Path tones = dir.resolve("tones");
        Tones.write(tones, new String[]{"high", "low", "mid"}, new double[]{1800, 300, 800}, 8, 8000, 3);
        List<DataSource.Item> items = DataSource.list(tones, null);
        data = LabelledData.audio(items, DataSource.classes(items));
        config = ConfigIO.parse(Tones.CONFIG.replace("epochs: 20", "epochs: 4"), "tones.yaml");
        plain1 = fit(config);
        plain2 = fit(config.withTraining(config.training().withSeed(2)));
        ensemble = fit(config.withTraining(config.training().withEnsemble(2)));
    }

    static Pipeline fit(PipelineConfig c) {
        return Experiment.fit(c, data, null, Experiment.Listener.none()).pipeline();
    }

    static void assertSameWeights(Network expected, Network actual) {
        List<Parameter> e = expected.parameters();
        List<Parameter> a = actual.parameters();
        assertEquals(e.size(), a.size());
        for (int i = 0; i < e.size(); i++) {
            assertEquals(e.get(i).name(), a.get(i).name());
            assertArrayEquals(e.get(i).value(), a.get(i).value(), e.get(i).name());
        }
    }

    static boolean sameWeights(Network x, Network y) {
        for (int i = 0; i < x.parameters().size(); i++) {
            if (!java.util.Arrays.equals(x.parameters().get(i).value(), y.parameters().get(i).value())) {
                return false;
            }
        }
        return true;
    }

    @Test
    void membersAreThePlainModelsOfSeedsSeedAndSeedPlusOne() {
        assertTrue(ensemble.isEnsemble());
        assertEquals(2, ensemble.members().size());
        assertSameWeights(plain1.network(), ensemble.members().get(0));
        assertSameWeights(plain2.network(), ensemble.members().get(1));
        assertFalse(sameWeights(ensemble.members().get(0), ensemble.members().get(1)), "the seeds differ");
        assertEquals(plain1.scaler(), ensemble.scaler(), "one scaler for all members");
    }

    @Test
    void ensembleScoresAreTheMeanOfTheMembersSoftmaxProbabilities() {
        Dataset samples = Experiment.samples(ensemble, data, 1);
        List<Pipeline.Prediction> ens = ensemble.predict(samples.samples());
        List<Pipeline.Prediction> a = plain1.predict(samples.samples());
        List<Pipeline.Prediction> b = plain2.predict(samples.samples());
        boolean disagreeing = false;
        for (int i = 0; i < samples.size(); i++) {
            double[] expected = new double[3];
            int best = 0;
            for (int k = 0; k < 3; k++) {
                expected[k] = (a.get(i).scores()[k] + b.get(i).scores()[k]) / 2;
                best = expected[k] > expected[best] ? k : best;
            }
            assertArrayEquals(expected, ens.get(i).scores(), 0.0, "sample " + i);
            assertEquals(best, ens.get(i).index());
            assertEquals(ensemble.classNames().get(best), ens.get(i).label());
            disagreeing |= !java.util.Arrays.equals(a.get(i).scores(), b.get(i).scores());
        }
        assertTrue(disagreeing, "the members' scores differ, so the mean is not trivially either one");
        // the single-recording path averages the same way
        Pipeline.Prediction one = ensemble.predict(AudioReader.read(data.items().get(0).file()));
        assertArrayEquals(ens.get(0).scores(), one.scores(), 0.0);
    }

    @Test
    void anEnsembleOfOneIsThePlainModelBitForBit() throws Exception {
        PipelineConfig one = config.withTraining(config.training().withEnsemble(1));
        Pipeline p = fit(one);
        assertFalse(p.isEnsemble());
        assertEquals(1, p.members().size());
        assertSameWeights(plain1.network(), p.network());
        Dataset samples = Experiment.samples(p, data, 1);
        List<Pipeline.Prediction> x = p.predict(samples.samples());
        List<Pipeline.Prediction> y = plain1.predict(samples.samples());
        for (int i = 0; i < x.size(); i++) {
            assertArrayEquals(y.get(i).scores(), x.get(i).scores(), 0.0);
        }
        Provenance prov = Provenance.capture(ConfigIO.toJson(config), 1, null);
        Path f1 = dir.resolve("one.snnm");
        Path f2 = dir.resolve("plain.snnm");
        p.save(f1, prov);
        plain1.save(f2, prov);
        assertArrayEquals(Files.readAllBytes(f2), Files.readAllBytes(f1), "same model file, byte for byte");
        assertEquals(1, ByteBuffer.wrap(Files.readAllBytes(f1)).getInt(8), "one network is written as format version 1");
    }

    @Test
    void saveAndLoadKeepEveryMemberInOrder() throws Exception {
        Path f = dir.resolve("ens.snnm");
        ensemble.save(f, Provenance.capture(ConfigIO.toJson(ensemble.config()), 1, null));
        assertEquals(2, ByteBuffer.wrap(Files.readAllBytes(f)).getInt(8), "an ensemble needs format version 2");
        assertEquals(2, ModelFile.read(f).networks());
        Pipeline back = Pipeline.load(f);
        assertEquals(2, back.members().size());
        assertSameWeights(ensemble.members().get(0), back.members().get(0));
        assertSameWeights(ensemble.members().get(1), back.members().get(1));
        assertEquals(ensemble.config(), back.config());
        Dataset samples = Experiment.samples(back, data, 1);
        List<Pipeline.Prediction> before = ensemble.predict(samples.samples());
        List<Pipeline.Prediction> after = back.predict(samples.samples());
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i).scores(), after.get(i).scores(), 0.0);
        }
        var e = assertThrows(SnnaudioException.class, () -> ModelFile.read(f).requireSingleNetwork("model " + f, "exported to NIR"));
        assertEquals("model " + f + " is a seed ensemble of 2 networks; ensembles cannot be exported to NIR (train one network "
                + "with training.ensemble: 1 or --ensemble 1)", e.getMessage());
    }

    @Test
    void evaluationScoresTheEnsemble() {
        Evaluation ev = Experiment.evaluate(ensemble, data);
        Dataset samples = Experiment.samples(ensemble, data, 1);
        List<Pipeline.Prediction> ens = ensemble.predict(samples.samples());
        int correct = 0;
        for (int i = 0; i < ens.size(); i++) {
            assertEquals(ens.get(i).index(), ev.predictions().get(i).index());
            correct += ens.get(i).index() == samples.labels()[i] ? 1 : 0;
        }
        assertEquals(correct / (double) ens.size(), ev.accuracy(), 1e-12);
    }

    @Test
    void streamingStepsEveryMemberAndAveragesTheirDecisions() throws Exception {
        float[] audio = ensemble.prepare(AudioReader.read(data.items().get(5).file()));
        List<StreamingClassifier.Decision> ens = stream(ensemble, audio);
        List<List<StreamingClassifier.Decision>> each = new ArrayList<>();
        for (Network m : ensemble.members()) {
            Pipeline single = new Pipeline(ensemble.config(), ensemble.classNames());
            single.scaler(ensemble.scaler());
            single.network(m);
            each.add(stream(single, audio));
        }
        assertTrue(ens.size() >= 3, "decisions: " + ens.size());
        for (int d = 0; d < ens.size(); d++) {
            List<double[]> probabilities = new ArrayList<>();
            for (List<StreamingClassifier.Decision> m : each) {
                assertEquals(ens.size(), m.size());
                assertEquals(ens.get(d).timeSeconds(), m.get(d).timeSeconds(), 0.0);
                probabilities.add(ensemble.decision(m.get(d).scores()).scores());
            }
            double[] mean = new double[3];
            for (int k = 0; k < 3; k++) {
                mean[k] = (probabilities.get(0)[k] + probabilities.get(1)[k]) / 2;
            }
            assertArrayEquals(mean, ens.get(d).scores(), 0.0, "decision " + d);
            assertEquals(mean[ens.get(d).index()], ens.get(d).confidence(), 0.0);
        }
    }

    private static List<StreamingClassifier.Decision> stream(Pipeline p, float[] audio) {
        StreamingClassifier s = new StreamingClassifier(p, 0.1, 0.05, 0, false);
        List<StreamingClassifier.Decision> out = new ArrayList<>();
        for (int from = 0; from < audio.length; from += 333) {
            out.addAll(s.push(audio, from, Math.min(333, audio.length - from)));
        }
        out.addAll(s.finish());
        return out;
    }

    @Test
    void badEnsembleValuesAreClearErrorsNamingTheKey() {
        for (String v : new String[]{"0", "-2", "33"}) {
            var e = assertThrows(SnnaudioException.class,
                    () -> ConfigIO.parse(Tones.CONFIG.replace("seed: 1}", "seed: 1, ensemble: " + v + "}"), "c.yaml"));
            assertEquals("c.yaml: training.ensemble must be a number of networks from 1 to 32, got " + v, e.getMessage());
        }
        var e = assertThrows(SnnaudioException.class,
                () -> ConfigIO.parse(Tones.CONFIG.replace("seed: 1}", "seed: 1, ensemble: three}"), "c.yaml"));
        assertEquals("c.yaml: training.ensemble must be an integer, got 'three'", e.getMessage());
        assertEquals(3, ConfigIO.parse(Tones.CONFIG.replace("seed: 1}", "seed: 1, ensemble: 3}"), "c.yaml").training().ensemble());
        assertEquals(1, config.training().ensemble(), "default: one network");
        var m = assertThrows(SnnaudioException.class, () -> ensemble.ensemble(List.of()));
        assertEquals("an ensemble needs at least one network", m.getMessage());
    }

    @Test
    void anEnsembleTrainedThroughDiskEqualsTheOneTrainedInMemory() {
        var disk = new org.snnaudio.cli.data.DiskData.Settings(org.snnaudio.cli.data.DiskData.Mode.DISK, dir.resolve("cache"),
                1L << 40, 4);
        Pipeline p = Experiment.fit(config.withTraining(config.training().withEnsemble(2)), data, null,
                Experiment.Listener.none(), null, disk).pipeline();
        assertEquals(2, p.members().size());
        assertSameWeights(ensemble.members().get(0), p.members().get(0));
        assertSameWeights(ensemble.members().get(1), p.members().get(1));
    }

    @Test
    void aKilledEnsembleRunResumesEachMemberFromItsOwnCheckpoint() throws Exception {
        Path ck = dir.resolve("resume").resolve("checkpoint.ckpt");
        Files.createDirectories(ck.getParent());
        PipelineConfig c = config.withTraining(config.training().withEnsemble(2));
        Experiment.FitResult first = Experiment.fit(c, data, null, Experiment.Listener.none(), ck);
        assertTrue(Files.isRegularFile(ck) && Files.isRegularFile(Experiment.memberCheckpoint(ck, 1)));
        assertSameWeights(ensemble.members().get(1), first.pipeline().members().get(1));
        // run again: both members come back from their checkpoints, the same networks
        Experiment.FitResult again = Experiment.fit(c, data, null, Experiment.Listener.none(), ck);
        assertEquals(2, again.members().size());
        assertTrue(again.members().get(1).resumedEpochs() > 0, "member 2 resumed from checkpoint-member2.ckpt");
        assertSameWeights(ensemble.members().get(0), again.pipeline().members().get(0));
        assertSameWeights(ensemble.members().get(1), again.pipeline().members().get(1));
    }

    @Test
    void memberCheckpointsAreSiblingsOfTheFirst() {
        Path c = Path.of("run", "checkpoint.ckpt");
        assertEquals(c, Experiment.memberCheckpoint(c, 0));
        assertEquals(Path.of("run", "checkpoint-member2.ckpt"), Experiment.memberCheckpoint(c, 1));
        assertEquals(Path.of("run", "ck-member3"), Experiment.memberCheckpoint(Path.of("run", "ck"), 2));
        assertEquals(null, Experiment.memberCheckpoint(null, 1));
    }
}
