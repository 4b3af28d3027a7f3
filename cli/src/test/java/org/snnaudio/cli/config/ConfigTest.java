package org.snnaudio.cli.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snnaudio.core.SnnaudioException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigTest {
    static Path configs() {
        Path p = Path.of("../configs");
        return Files.isDirectory(p) ? p : Path.of("configs");
    }

    @Test
    void everyConfigOfTheRepositoryIsReadyByNameAndEqualsItsFile() throws Exception {
        List<String> files;
        try (var s = Files.list(configs())) {
            files = s.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".yaml")).map(f -> f.replace(".yaml", ""))
                    .sorted().toList();
        }
        assertEquals(files, ConfigIO.BUILT_IN.stream().sorted().toList(), "configs/ and ConfigIO.BUILT_IN");
        for (String name : files) {
            assertEquals(ConfigIO.read(configs().resolve(name + ".yaml")), ConfigIO.read(Path.of(name)), name);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"talamo-digits.yaml", "nwave-kws.yaml", "shd.yaml", "whale-detect.yaml", "spoken-digits.yaml", "spoken-digits-16k.yaml",
            "spoken-digits-16k-masked.yaml", "spoken-digits-16k-ensemble.yaml", "nwave-digits.yaml"})
    void readyConfigsParseAndRoundTrip(String name) {
        PipelineConfig c = ConfigIO.read(configs().resolve(name));
        assertEquals(name.replace(".yaml", ""), c.name());
        PipelineConfig again = ConfigIO.parse(ConfigIO.toJson(c), "stored");
        assertEquals(c, again);
        assertEquals(c, ConfigIO.parse(ConfigIO.toYaml(c), "stored.yaml"));
    }

    @Test
    void theArabicEnsembleConfigIsTheMaskedConfigWithThreeSeeds() {
        // docs/accuracy.md: the ensemble config was chosen as candidate (b), the masked config with ensemble: 3
        PipelineConfig ens = ConfigIO.read(configs().resolve("spoken-digits-16k-ensemble.yaml"));
        PipelineConfig masked = ConfigIO.read(configs().resolve("spoken-digits-16k-masked.yaml"));
        assertEquals(3, ens.training().ensemble());
        assertEquals(1, masked.training().ensemble());
        assertEquals(ConfigIO.toJson(masked.withTraining(masked.training().withEnsemble(3))).replace("spoken-digits-16k-masked",
                "spoken-digits-16k-ensemble"), ConfigIO.toJson(ens));
    }

    @Test
    void talamoConfigHasTheTutorialsSettings() {
        PipelineConfig c = ConfigIO.read(configs().resolve("talamo-digits.yaml"));
        assertEquals(8000, c.audio().sampleRate());
        assertEquals(8000, c.audio().lengthSamples());
        assertEquals("mfcc", c.frontend().type());
        assertEquals(32, c.frontend().nMfcc());
        assertEquals(512, c.frontend().nFft());
        assertEquals(512, c.frontend().hop());
        assertEquals(128, c.frontend().nMels());
        assertEquals("if", c.encoder().type());
        assertEquals(List.of(128), c.network().hidden());
        assertEquals("lif", c.network().readout().neuron());
        assertEquals("max-rate", c.decoder());
        assertEquals("spike-count", c.loss().type());
    }

    @Test
    void nwaveConfigHasFrontendGroupAndClipping() {
        PipelineConfig c = ConfigIO.read(configs().resolve("nwave-kws.yaml"));
        assertEquals("diagonal", c.network().hiddenLayers().get(0).type());
        assertEquals(64, c.network().hiddenLayers().get(1).size());
        assertEquals(0.01, c.training().groups().get(0).lrScale());
        assertEquals(0.5, c.training().clipNorm());
        assertEquals("firing-rate", c.regularisers().get(0).type());
        assertEquals(16, c.frontend().channels());
    }

    @Test
    void shdConfigIsRecurrentWithMaxMembrane() {
        PipelineConfig c = ConfigIO.read(configs().resolve("shd.yaml"));
        assertEquals("recurrent", c.network().hiddenLayers().get(0).type());
        assertEquals(128, c.network().hiddenLayers().get(0).size());
        assertEquals("max-membrane", c.decoder());
        assertEquals("spikes", c.frontend().type());
    }

    @Test
    void defaultsFillAMinimalConfig() {
        PipelineConfig c = ConfigIO.parse("name: tiny\n", "tiny.yaml");
        assertEquals("mfcc", c.frontend().type());
        assertEquals(1, c.network().hiddenLayers().size());
        assertEquals(20, c.training().epochs());
    }

    @Test
    void hiddenSizeZeroNamesFileAndKey() {
        var e = assertThrows(SnnaudioException.class,
                () -> ConfigIO.parse("network:\n  hidden: 0\n", "talamo-digits.yaml"));
        assertEquals("talamo-digits.yaml: network.hidden must be > 0, got 0", e.getMessage());
    }

    @Test
    void secondHiddenLayerIsIndexed() {
        var e = assertThrows(SnnaudioException.class,
                () -> ConfigIO.parse("network:\n  hidden: [64, -3]\n", "c.yaml"));
        assertEquals("c.yaml: network.hidden[1] must be > 0, got -3", e.getMessage());
    }

    @Test
    void unknownKeyIsNamedWithItsPath() {
        var e = assertThrows(SnnaudioException.class,
                () -> ConfigIO.parse("network:\n  hiden: [64]\n", "c.yaml"));
        assertTrue(e.getMessage().startsWith("c.yaml: unknown key network.hiden"), e.getMessage());
        assertTrue(e.getMessage().contains("hidden"), e.getMessage());
    }

    @Test
    void wrongTypeIsNamed() {
        var e = assertThrows(SnnaudioException.class,
                () -> ConfigIO.parse("training:\n  epochs: many\n", "c.yaml"));
        assertEquals("c.yaml: training.epochs must be an integer, got 'many'", e.getMessage());
    }

    @Test
    void badYamlSyntaxGivesLine() {
        var e = assertThrows(SnnaudioException.class, () -> ConfigIO.parse("name: a: b\n", "c.yaml"));
        assertTrue(e.getMessage().startsWith("c.yaml: not valid YAML/JSON at line"), e.getMessage());
    }

    @Test
    void emptyAndMissingFiles(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        var e = assertThrows(SnnaudioException.class, () -> ConfigIO.parse("  \n", "e.yaml"));
        assertEquals("e.yaml: config is empty", e.getMessage());
        Path missing = dir.resolve("nope.yaml");
        e = assertThrows(SnnaudioException.class, () -> ConfigIO.read(missing));
        assertEquals(missing + ": config file not found", e.getMessage());
    }

    @Test
    void everyRuleReportsKeyAndValue() {
        String[][] cases = {
                {"task: regression", "c.yaml: task must be one of classification, detection, got 'regression'"},
                {"decoder: vote", "c.yaml: decoder must be one of max-rate, max-membrane, first-spike, got 'vote'"},
                {"audio: {sample_rate: 0}", "c.yaml: audio.sample_rate must be > 0, got 0"},
                {"audio: {duration: -1}", "c.yaml: audio.duration must be >= 0 s, got -1.0"},
                {"audio: {normalise: loud}", "c.yaml: audio.normalise must be one of none, peak, rms, got 'loud'"},
                {"frontend: {type: wavelet}", "c.yaml: frontend.type must be one of stft, mel, mfcc, filterbank, gammatone, spikes, got 'wavelet'"},
                {"frontend: {n_fft: 0, hop: 128}", "c.yaml: frontend.n_fft must be > 0, got 0"},
                {"frontend: {n_mfcc: 40, n_mels: 20}", "c.yaml: frontend.n_mfcc must be <= frontend.n_mels (20), got 40"},
                {"frontend: {type: filterbank, frame: 0}", "c.yaml: frontend.frame must be > 0 s, got 0.0"},
                {"frontend: {type: mel, f_max: 9000}", "c.yaml: frontend.f_max must be <= Nyquist (8000.0 Hz), got 9000.0"},
                {"encoder: {type: poisson}", "c.yaml: encoder.type must be one of if, rate, delta, latency, direct, none, got 'poisson'"},
                {"encoder: {threshold: 0}", "c.yaml: encoder.threshold must be > 0, got 0.0"},
                {"encoder: {type: none}", "c.yaml: encoder.type must be 'none' exactly when frontend.type is 'spikes', got encoder 'none' with frontend 'mfcc'"},
                {"network: {dt: -0.001}", "c.yaml: network.dt must be > 0 s, got -0.001"},
                {"network: {neuron: {tau_mem: -0.02}}", "c.yaml: network.neuron.tau_mem must be > 0 s, got -0.02"},
                {"network: {neuron: {model: hh}}", "c.yaml: network.neuron.model must be one of lif, cuba-lif, adaptive-lif, if, got 'hh'"},
                {"network: {layers: [{type: dense, size: 4}]}", "c.yaml: network.layers[0].name must be given"},
                {"network: {layers: [{name: a, size: 4}, {name: a, size: 4}]}", "c.yaml: network.layers[1].name must be unique (and not 'readout'), got 'a'"},
                {"network: {layers: [{name: a, type: conv, size: 4}]}", "c.yaml: network.layers[0].type must be one of dense, recurrent, diagonal, got 'conv'"},
                {"network: {readout: {neuron: li}}", "c.yaml: decoder 'max-rate' needs a spiking readout (network.readout.neuron: lif), got 'li'; c.yaml: loss.type 'spike-count' needs a spiking readout (network.readout.neuron: lif), got 'li'"},
                {"network: {init: {type: uniform, low: 1, high: 0}}", "c.yaml: network.init.high must be > network.init.low (1.0), got 0.0"},
                {"network: {surrogate: {slope: 0}}", "c.yaml: network.surrogate.slope must be > 0, got 0.0"},
                {"loss: {type: max-membrane}", "c.yaml: decoder 'max-rate' decodes output spike counts, so loss.type must be 'spike-count', got 'max-membrane'"},
                {"decoder: max-membrane", "c.yaml: decoder 'max-membrane' needs a membrane loss (max-membrane, mean-membrane, sum-exp, last-membrane) on a non-spiking readout, got loss.type 'spike-count'"},
                {"loss: {type: hinge}", "c.yaml: loss.type must be one of spike-count, max-membrane, sum-exp, mean-membrane, last-membrane, got 'hinge'"},
                {"regularisers: [{weight: 1}]", "c.yaml: regularisers[0].type must be given, one of [firing-rate, l1-spikes, l2-spikes]"},
                {"regularisers: [{type: firing-rate, target: 1.5}]", "c.yaml: regularisers[0].target must be a spike probability in [0, 1], got 1.5"},
                {"training: {epochs: 0}", "c.yaml: training.epochs must be > 0, got 0"},
                {"training: {batch_size: -2}", "c.yaml: training.batch_size must be > 0, got -2"},
                {"training: {optimizer: {lr: 0}}", "c.yaml: training.optimizer.lr must be > 0, got 0.0"},
                {"training: {optimizer: {type: lbfgs}}", "c.yaml: training.optimizer.type must be one of adam, adamw, sgd, got 'lbfgs'"},
                {"training: {optimizer: {beta1: 1.0}}", "c.yaml: training.optimizer.beta1 must be in [0, 1), got 1.0"},
                {"training: {schedule: {gamma: 2}}", "c.yaml: training.schedule.gamma must be in (0, 1], got 2.0"},
                {"training: {clip_norm: -1}", "c.yaml: training.clip_norm must be >= 0, got -1.0"},
                {"training: {threads: -1}", "c.yaml: training.threads must be >= 0, got -1"},
                {"training: {groups: [{name: f}]}", "c.yaml: training.groups[0].params must be a glob on parameter names, e.g. 'frontend.*'"},
                {"split: {method: random}", "c.yaml: split.method must be one of auto, official, stratified, speaker, kfold, got 'random'"},
                {"split: {val_fraction: 0.5, test_fraction: 0.5}", "c.yaml: split.val_fraction + split.test_fraction must be < 1, got 1.0"},
                {"split: {folds: 1}", "c.yaml: split.folds must be >= 2, got 1"},
        };
        for (String[] c : cases) {
            var e = assertThrows(SnnaudioException.class, () -> ConfigIO.parse(c[0], "c.yaml"), c[0]);
            assertEquals(c[1], e.getMessage(), c[0]);
        }
    }

    @Test
    void overridesChangeOnlyTheGivenValues() {
        PipelineConfig c = ConfigIO.read(configs().resolve("talamo-digits.yaml"));
        var t = c.training().with(3, null, 0.1, 9L, null);
        assertEquals(3, t.epochs());
        assertEquals(c.training().batchSize(), t.batchSize());
        assertEquals(0.1, t.optimizer().lr());
        assertEquals(9L, t.seed());
        assertEquals(c.training().optimizer().type(), t.optimizer().type());
    }
}
