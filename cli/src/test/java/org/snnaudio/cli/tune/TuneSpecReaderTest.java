package org.snnaudio.cli.tune;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnaudio.core.SnnaudioException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TuneSpecReaderTest {

    @Test
    void readsEveryParameterTypeMetricAndSetting() {
        TuneSpec s = TuneSpecReader.parse("""
                parameters:
                  network.neuron.tau_mem: {type: log, low: 0.005, high: 0.1}
                  network.hidden: {type: int, low: 32, high: 256, log: true, grid: 4}
                  training.optimizer.lr: {type: float, low: 1e-4, high: 1e-2, log: true}
                  network.surrogate.slope: {type: float, values: [5, 10, 25]}
                  encoder.type: {type: categorical, values: [if, rate, 3, true]}
                metric: {name: energy_aware, lambda: 0.02, energy_unit: nJ, aggregate: median}
                strategy: random
                trials: 12
                seed: 42
                validation: {scheme: speaker_kfold, folds: 4, seed: 9}
                bayes: {initial: 6, candidates: 500, xi: 0.05, restarts: 1}
                """, "space.yaml");
        List<ParamSpec> p = s.space().params();
        assertEquals(new ParamSpec.Continuous("network.neuron.tau_mem", 0.005, 0.1, true, 5, null), p.get(0));
        assertEquals(new ParamSpec.IntRange("network.hidden", 32, 256, true, 4, null), p.get(1));
        assertEquals(new ParamSpec.Continuous("training.optimizer.lr", 1e-4, 1e-2, true, 5, null), p.get(2));
        assertEquals(new ParamSpec.Continuous("network.surrogate.slope", 5, 25, false, 5, List.of(5.0, 10.0, 25.0)),
                p.get(3));
        assertEquals(new ParamSpec.Categorical("encoder.type", List.of("if", "rate", 3, true)), p.get(4));
        assertEquals(new Metric.EnergyAware(0.02, Metric.EnergyUnit.NJ), s.metric());
        assertEquals(TrialResult.Aggregate.MEDIAN, s.aggregate());
        assertEquals(TuneSpec.Kind.RANDOM, s.strategy());
        assertEquals(12, s.trials());
        assertEquals(42, s.seed());
        assertEquals(new Validation.SpeakerKFold(4), s.validation());
        assertEquals(9, s.validationSeed());
        assertEquals(new TuneSpec.BayesSettings(6, 500, 0.05, 1), s.bayes());
    }

    @Test
    void defaultsAreBayesAccuracyMeanAndStratifiedThreeFold() {
        TuneSpec s = TuneSpecReader.parse("parameters: {dt: {type: float, low: 0.001, high: 0.01}}", "s.yaml");
        assertEquals(TuneSpec.Kind.BAYES, s.strategy());
        assertInstanceOf(Metric.Accuracy.class, s.metric());
        assertEquals(TrialResult.Aggregate.MEAN, s.aggregate());
        assertEquals(new Validation.StratifiedKFold(3), s.validation());
        assertEquals(1, s.validationSeed());
        assertEquals(20, s.trials());
        BayesianOptimization bo = (BayesianOptimization) s.createStrategy();
        assertEquals(5, bo.initial());
        assertEquals(new Validation.Holdout(0.3, null),
                TuneSpecReader.parse("parameters: {dt: {type: float, low: 0.001, high: 0.01}}\n"
                        + "validation: {scheme: holdout, fraction: 0.3}", "s.yaml").validation());
        assertInstanceOf(Metric.Auc.class, TuneSpecReader.parse(
                "parameters: {dt: {type: float, low: 0.001, high: 0.01}}\nmetric: auc", "s.yaml").metric());
    }

    @Test
    void fingerprintIgnoresTheBudgetButNotTheSpace() {
        String a = "parameters: {dt: {type: float, low: 0.001, high: 0.01}}\ntrials: 5";
        assertEquals(TuneSpecReader.parse(a, "s").fingerprint(), TuneSpecReader.parse(a.replace("5", "9"), "s").fingerprint());
        assertNotEquals(TuneSpecReader.parse(a, "s").fingerprint(),
                TuneSpecReader.parse(a.replace("0.01", "0.02"), "s").fingerprint());
    }

    private static String error(String yaml) {
        return assertThrows(SnnaudioException.class, () -> TuneSpecReader.parse(yaml, "space.yaml")).getMessage();
    }

    private static final String P = "parameters: {dt: {type: float, low: 0.001, high: 0.01}}\n";

    @Test
    void everyBadInputNamesTheFileAndTheKey() {
        assertEquals("space.yaml: search space file is empty", error(""));
        assertEquals("space.yaml: expected a mapping with 'parameters', 'metric', ... at the top", error("[1, 2]"));
        assertEquals("space.yaml: params is not a known key (known: bayes, metric, parameters, seed, strategy, trials, "
                + "validation)", error("params: {}"));
        assertEquals("space.yaml: parameters must be a mapping from config paths to parameter specs, e.g. "
                + "'network.neuron.tau_mem: {type: log, low: 0.005, high: 0.1}'", error("metric: accuracy"));
        assertEquals("space.yaml: parameters.dt must be a mapping with 'type' (float, log, int or categorical)",
                error("parameters: {dt: 0.001}"));
        assertEquals("space.yaml: parameters.dt.type is required", error("parameters: {dt: {low: 1, high: 2}}"));
        assertEquals("space.yaml: parameters.dt.type must be float, log, int or categorical, got 'gaussian'",
                error("parameters: {dt: {type: gaussian, low: 1, high: 2}}"));
        assertEquals("space.yaml: parameters.dt.lo is not a known key (known: grid, high, log, low, type, values)",
                error("parameters: {dt: {type: float, lo: 1, high: 2}}"));
        assertEquals("space.yaml: parameters.dt.low must be a number, got 'small'",
                error("parameters: {dt: {type: float, low: small, high: 2}}"));
        assertEquals("space.yaml: parameters.dt needs low and high (or a list of values)",
                error("parameters: {dt: {type: float, low: 1}}"));
        assertEquals("space.yaml: parameters.dt: low must be < high and both finite, got low 2.0, high 1.0",
                error("parameters: {dt: {type: float, low: 2, high: 1}}"));
        assertEquals("space.yaml: parameters.lr: a log-scale range needs low > 0, got 0.0",
                error("parameters: {lr: {type: log, low: 0, high: 1}}"));
        assertEquals("space.yaml: parameters.n.low must be an integer, got 1.5",
                error("parameters: {n: {type: int, low: 1.5, high: 4}}"));
        assertEquals("space.yaml: parameters.n.log must be true or false, got \"yes\"",
                error("parameters: {n: {type: int, low: 1, high: 4, log: \"yes\"}}"));
        assertEquals("space.yaml: parameters.e.values is required for a categorical parameter",
                error("parameters: {e: {type: categorical}}"));
        assertEquals("space.yaml: parameters.e.values must be a non-empty list",
                error("parameters: {e: {type: categorical, values: []}}"));
        assertEquals("space.yaml: parameters.e.low does not apply to a categorical parameter",
                error("parameters: {e: {type: categorical, values: [a], low: 1}}"));
        assertEquals("space.yaml: parameters.e.values[1] must be a string, number or true/false",
                error("parameters: {e: {type: categorical, values: [a, [b]]}}"));
        assertEquals("space.yaml: parameters.e: categorical values must be distinct, got [a, a]",
                error("parameters: {e: {type: categorical, values: [a, a]}}"));
        assertEquals("space.yaml: metric.name must be accuracy, auc or energy_aware, got 'f1'", error(P + "metric: f1"));
        assertEquals("space.yaml: metric.lambda is required", error(P + "metric: energy_aware"));
        assertEquals("space.yaml: energy_unit must be one of nJ, uJ, mJ, J, got 'kWh'",
                error(P + "metric: {name: energy_aware, lambda: 1, energy_unit: kWh}"));
        assertEquals("space.yaml: metric.lambda must be >= 0 and finite, got -1.0",
                error(P + "metric: {name: energy_aware, lambda: -1}"));
        assertEquals("space.yaml: metric.aggregate must be mean or median, got 'max'",
                error(P + "metric: {name: auc, aggregate: max}"));
        assertEquals("space.yaml: metric.weight is not a known key (known: aggregate, energy_unit, lambda, name)",
                error(P + "metric: {name: auc, weight: 2}"));
        assertEquals("space.yaml: strategy must be grid, random or bayes, got 'tpe'", error(P + "strategy: tpe"));
        assertEquals("space.yaml: trials must be >= 1, got 0", error(P + "trials: 0"));
        assertEquals("space.yaml: trials must be an integer, got 'many'", error(P + "trials: many"));
        assertEquals("space.yaml: validation.scheme must be stratified_kfold, speaker_kfold or holdout, got 'loo'",
                error(P + "validation: loo"));
        assertEquals("space.yaml: validation.seed must be a number, got 'x'",
                error(P + "validation: {scheme: holdout, seed: x}"));
        assertEquals("space.yaml: validation.folds must be >= 2, got 1",
                error(P + "validation: {scheme: stratified_kfold, folds: 1}"));
        assertEquals("space.yaml: validation.fraction must be in (0, 1), got 1.5",
                error(P + "validation: {scheme: holdout, fraction: 1.5}"));
        assertEquals("space.yaml: bayes.candidates must be >= 10, got 5", error(P + "bayes: {candidates: 5}"));
        assertEquals("space.yaml: bayes.initial must be >= 0 (0: automatic), got -1", error(P + "bayes: {initial: -1}"));
        assertEquals("space.yaml: bayes.xi must be >= 0, got -0.1", error(P + "bayes: {xi: -0.1}"));
        assertEquals("space.yaml: bayes.kappa is not a known key (known: candidates, initial, restarts, xi)",
                error(P + "bayes: {kappa: 2}"));
        assertEquals("space.yaml: parameters span a grid of 1000000 points, more than 100000",
                error("strategy: grid\nparameters:\n" + "  a: {type: float, low: 0, high: 1, grid: 100}\n"
                        + "  b: {type: float, low: 0, high: 1, grid: 100}\n  c: {type: float, low: 0, high: 1, grid: 100}"));
        assertEquals("space.yaml: not valid YAML/JSON at line 1: ", error("parameters: {a: [").substring(0, 43));
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("nope.yaml");
        assertEquals(f + ": search space file not found",
                assertThrows(SnnaudioException.class, () -> TuneSpecReader.read(f)).getMessage());
        Files.writeString(f, P);
        assertEquals(1, TuneSpecReader.read(f).space().params().size());
    }
}
