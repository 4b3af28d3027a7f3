package org.snnaudio.cli.hardware;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnaudio.cli.Main;
import org.snnaudio.core.data.Sample;
import org.snnaudio.core.data.SpikeSample;
import org.snnaudio.core.io.ModelFile;
import org.snnaudio.core.io.Provenance;
import org.snnaudio.core.io.SavedModel;
import org.snnaudio.core.loss.Readout;
import org.snnaudio.core.neuron.Lif;
import org.snnaudio.core.nn.LayerSpec;
import org.snnaudio.core.nn.Network;
import org.snnaudio.core.nn.NetworkOptions;
import org.snnaudio.hardware.deploy.DeployedModel;
import org.snnaudio.hardware.nir.NirFile;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HardwareCommandsTest {
    @TempDir
    Path dir;

    record Result(int code, String err) {
    }

    static Result run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, err.toString());
    }

    /** tau whose decay exp(-dt/tau) is exactly 1 - 2^-4, so the bit-shift leak adds no error beyond the weights'. */
    static final double TAU = -1e-3 / Math.log(1 - 1.0 / 16);

    static Network network() {
        NetworkOptions o = NetworkOptions.defaults().withDt(1e-3);
        o = new NetworkOptions(o.discretisation(), o.surrogate(), new Readout.SpikeCount(), o.regularizers(), 1,
                o.trainable(), o.detachReset(), o.smooth(), o.reference());
        return Network.builder(8).options(o).seed(4)
                .layer(LayerSpec.recurrent("hidden", 16, new Lif(TAU, 1.0)).withWeightScale(10))
                .layer(LayerSpec.dense("readout", 3, new Lif(TAU, 1.0)).withWeightScale(10)).build();
    }

    Path saveModel(Network net) {
        Map<String, String> meta = new LinkedHashMap<>();
        net.options().toMap().forEach((k, v) -> meta.put("network." + k, v));
        Path f = dir.resolve("model.snnm");
        ModelFile.write(f, new SavedModel(net.toGraph(), meta, Provenance.capture(null, 1, null)));
        return f;
    }

    @Test
    void exportThenImportKeepsTheGraph() {
        Network net = network();
        Path model = saveModel(net);
        Path nir = dir.resolve("model.nir");
        assertEquals(0, run("export", "--model", model.toString(), "--nir", nir.toString()).code());
        assertEquals(net.toGraph(), NirFile.read(nir));
        Path back = dir.resolve("back.snnm");
        assertEquals(0, run("import", nir.toString(), "--out", back.toString()).code());
        assertEquals(net.toGraph(), ModelFile.read(back).graph());
    }

    @Test
    void deployWritesAnIntegerNetworkThatAgreesWithTheEngine() {
        Network net = network();
        Path model = saveModel(net);
        Path out = dir.resolve("deployed");
        Result r = run("deploy", "--model", model.toString(), "--target", "digital-int8", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(out.resolve("network.json")) && Files.isRegularFile(out.resolve("weights.bin"))
                && Files.isRegularFile(out.resolve("model.snnm")) && Files.isRegularFile(out.resolve("target.yaml")));
        DeployedModel dm = DeployedModel.load(out);
        assertEquals("digital-int8", DeployedModel.target(out).name());
        Random rng = new Random(2);
        List<Sample> samples = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            float[] raster = new float[80 * 8];
            for (int i = 0; i < raster.length; i++) {
                raster[i] = rng.nextDouble() < 0.2 ? 1 : 0;
            }
            samples.add(SpikeSample.fromRaster(raster, 80, 8, 0));
        }
        float[][] a = net.predict(samples);
        float[][] b = dm.predict(samples);
        double ta = 0;
        double tb = 0;
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < 3; k++) {
                ta += a[i][k];
                tb += b[i][k];
            }
        }
        assertTrue(ta > 20, "the network is active: " + ta);
        assertEquals(ta, tb, 0.2 * ta, "output spike counts of engine and integer simulator");
    }

    @Test
    void deployReportsEveryDesignRuleViolation() {
        Path model = saveModel(network());
        Result r = run("deploy", "--model", model.toString(), "--target", "analog-nwave", "--out", dir.resolve("x").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("design rules of target analog-nwave") && r.err().contains("[recurrence]")
                && r.err().contains("[frontend]") && r.err().contains("[sign-groups] hidden.rec"), r.err());
        assertTrue(!Files.exists(dir.resolve("x/network.json")));
        Result bad = run("deploy", "--model", model.toString(), "--target", "no-such", "--out", dir.resolve("y").toString());
        assertTrue(bad.err().contains("neither a built-in target"), bad.err());
    }

    @Test
    void trainDeployWithFineTuningAndEvaluateOnRecordings() throws Exception {
        Path data = dir.resolve("tones");
        org.snnaudio.cli.Tones.write(data, new String[]{"high", "low", "mid"}, new double[]{1800, 300, 800}, 12, 8000, 1);
        Path cfg = dir.resolve("tones.yaml");
        Files.writeString(cfg, org.snnaudio.cli.Tones.CONFIG);
        Path runDir = dir.resolve("run");
        assertEquals(0, run("train", "--config", cfg.toString(), "--data", data.toString(), "--out", runDir.toString(),
                "--epochs", "15", "-q").code());
        Path out = dir.resolve("dep");
        Result r = run("deploy", "--model", runDir.toString(), "--target", "digital-int8", "--out", out.toString(),
                "--data", data.toString(), "--fine-tune-epochs", "2", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        com.fasterxml.jackson.databind.JsonNode rep = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(out.resolve("deploy-report.json").toFile());
        double f = rep.get("float_accuracy").asDouble();
        double d = rep.get("deployed_accuracy").asDouble();
        assertTrue(f >= 0.8 && d >= 0.8, rep.toString());
        assertTrue(rep.has("original_float_accuracy") && rep.get("energy_per_inference_j").asDouble() > 0, rep.toString());
        // the deployment's model copy is the fine-tuned one, and its integer network loads
        assertTrue(Files.isRegularFile(out.resolve("model.snnm")));
        assertEquals(3, DeployedModel.load(out).network().layers().get(DeployedModel.load(out).network().output()).size());
        assertTrue(rep.get("readout_margin_median").asDouble() >= 0, rep.toString());

        // 4 bits: fine-tuning clips each layer's grid at the 0.9 quantile of |w| and leaves the weights clamped to it,
        // so the deployment's grid is the one trained on: about a tenth of each dense layer's weights sit at +-7
        // (with the largest weight setting the scale, one would)
        Path out4 = dir.resolve("dep4");
        Result r4 = run("deploy", "--model", runDir.toString(), "--target", "digital-int4", "--out", out4.toString(),
                "--data", data.toString(), "--fine-tune-epochs", "2", "--threads", "1");
        assertEquals(0, r4.code(), r4.err());
        int checked = 0;
        for (var layer : DeployedModel.load(out4).network().layers()) {
            int[] w = layer.projections().get(0).weight();
            checked++;
            long atMax = java.util.Arrays.stream(w).filter(x -> Math.abs(x) == 7).count();
            long nonZero = java.util.Arrays.stream(w).filter(x -> x != 0).count();
            assertTrue(atMax >= 0.08 * nonZero && atMax <= 0.2 * nonZero, layer.id() + ": " + atMax + " of " + nonZero + " at +-7");
        }
        assertEquals(2, checked, "hidden and readout layers");

        Path out2 = dir.resolve("dep2");
        Result r2 = run("deploy", "--model", runDir.toString(), "--target", "digital-int8", "--out", out2.toString(),
                "--data", data.toString(), "--test-data", data.toString(), "--fine-tune-epochs", "1", "--fine-tune-batch", "4",
                "--fine-tune-rate-weight", "0", "--fine-tune-cosine", "--no-fine-tune-augment", "--threads", "1");
        assertEquals(0, r2.code(), r2.err());
        com.fasterxml.jackson.databind.JsonNode rep2 = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(out2.resolve("deploy-report.json").toFile());
        assertEquals(36, rep2.get("samples").asInt(), "--test-data evaluates on all of its recordings");

        // per-chip readout calibration under device mismatch: a target file with spreads
        Path mmTarget = dir.resolve("int8-mismatch.yaml");
        try (var in = org.snnaudio.hardware.target.Targets.class.getResourceAsStream(
                "/org/snnaudio/hardware/targets/digital-int8.yaml")) {
            Files.writeString(mmTarget, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).replace(
                    "name: digital-int8", "name: digital-int8-mismatch")
                    + "\nmismatch:\n  weight: 0.05\n  threshold: 0.02\n  tau: 0.0\n  source: \"test spreads\"\n");
        }
        com.fasterxml.jackson.databind.JsonNode rep3 = calibratedReport(runDir, mmTarget, data, "dep3", 2);
        assertEquals(20, rep3.get("mismatch_calibration_recordings").asInt(), rep3.toString());
        double calMm = rep3.get("mismatch_calibrated_accuracy_mean").asDouble();
        assertTrue(calMm > 0.6 && calMm <= 1.0, rep3.toString());
        assertTrue(rep3.get("calibrated_float_accuracy").asDouble() >= 0.8, rep3.toString());
        assertEquals(1, rep3.get("mismatch_calibration_bins").asInt(), "a membrane readout is calibrated on its scores");
        Result binsOnMembrane = run("deploy", "--model", runDir.toString(), "--target", mmTarget.toString(), "--out",
                dir.resolve("dep3b").toString(), "--data", data.toString(), "--test-data", data.toString(), "--mismatch-draws", "1",
                "--mismatch-calibration", "20", "--calibration-bins", "4", "--threads", "1");
        assertTrue(binsOnMembrane.code() != 0 && binsOnMembrane.err().contains("--calibration-bins 4 decodes readout spikes "
                + "in time bins"), binsOnMembrane.err());

        // a spike-count readout is calibrated on its spike counts in 4 time bins by default
        Path spikeCfg = dir.resolve("tones-spikes.yaml");
        Files.writeString(spikeCfg, org.snnaudio.cli.Tones.CONFIG.replace("readout: {neuron: li, tau_mem: 0.05}",
                "readout: {neuron: lif, tau_mem: 0.05}").replace("decoder: max-membrane", "decoder: max-rate")
                .replace("loss: {type: max-membrane}", "loss: {type: spike-count}"));
        Path spikeRun = dir.resolve("run-spikes");
        Result rs = run("train", "--config", spikeCfg.toString(), "--data", data.toString(), "--out", spikeRun.toString(),
                "--epochs", "15", "-q");
        assertEquals(0, rs.code(), rs.err());
        com.fasterxml.jackson.databind.JsonNode rep5 = calibratedReport(spikeRun, mmTarget, data, "dep5", 1);
        assertEquals(4, rep5.get("mismatch_calibration_bins").asInt(), rep5.toString());
        assertTrue(rep5.get("calibrated_float_accuracy").asDouble() >= 0.6, rep5.toString());

        // each drawn chip tuned in the loop after fine-tuning without mismatch draws: scored before and after, raw and
        // calibrated, and every tuned chip within the target's rules
        Path out6 = dir.resolve("dep6");
        Result r6 = run("deploy", "--model", spikeRun.toString(), "--target", mmTarget.toString(), "--out", out6.toString(),
                "--data", data.toString(), "--test-data", data.toString(), "--fine-tune-epochs", "1", "--no-fine-tune-augment",
                "--no-fine-tune-mismatch", "--mismatch-draws", "2", "--mismatch-calibration", "20", "--chip-tuning-epochs", "2",
                "--chip-tuning-lr", "0.002", "--threads", "1");
        assertEquals(0, r6.code(), r6.err());
        com.fasterxml.jackson.databind.JsonNode rep6 = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(out6.resolve("deploy-report.json").toFile());
        assertEquals(2, rep6.get("chip_tuning_chips").asInt(), rep6.toString());
        assertEquals(2, rep6.get("chip_tuning_epochs").asInt(), rep6.toString());
        assertEquals(0.002, rep6.get("chip_tuning_lr").asDouble(), 1e-12, rep6.toString());
        assertEquals(0, rep6.get("chip_tuned_design_rule_violations").asInt(), rep6.toString());
        for (String k : List.of("chip_untuned_accuracy_mean", "chip_tuned_accuracy_mean", "chip_untuned_calibrated_accuracy_mean",
                "chip_tuned_calibrated_accuracy_mean")) {
            double v = rep6.get(k).asDouble();
            assertTrue(v > 0.3 && v <= 1.0, k + " " + rep6);
        }

        String[][] bad = {
                {"--mismatch-calibration", "5", "--data", data.toString()},
                {"--mismatch-calibration", "5", "--mismatch-draws", "1", "--data", data.toString()},
                {"--fine-tune-rate-weight", "-1", "--fine-tune-epochs", "1", "--data", data.toString()},
                {"--fine-tune-batch", "0", "--fine-tune-epochs", "1", "--data", data.toString()},
                {"--calibration-bins", "0", "--data", data.toString()},
                {"--fine-tune-clip", "1.5", "--fine-tune-epochs", "1", "--data", data.toString()},
                {"--test-data", data.toString()},
                {"--mismatch-breakdown", "--data", data.toString()},
                {"--chip-tuning-epochs", "2", "--data", data.toString()},
                {"--chip-tuning-epochs", "2", "--chip-tuning-lr", "0", "--mismatch-draws", "1", "--data", data.toString()},
        };
        String[] messages = {"--mismatch-calibration needs --mismatch-draws >= 1", "has no training part",
                "--fine-tune-rate-weight must be >= 0, got -1.0", "--fine-tune-batch must be >= 1, got 0",
                "--calibration-bins must be in [1, 64], got 0", "--fine-tune-clip must be in (0, 1], got 1.5", "--test-data needs --data", "--mismatch-breakdown needs --mismatch-draws >= 1",
                "--chip-tuning-epochs needs --data (its training part is tuned on) and --mismatch-draws >= 1",
                "--chip-tuning-lr must be > 0, got 0.0"};
        for (int i = 0; i < bad.length; i++) {
            List<String> args = new java.util.ArrayList<>(List.of("deploy", "--model", runDir.toString(), "--target",
                    i == 1 ? mmTarget.toString() : "digital-int8", "--out", dir.resolve("bad" + i).toString(), "--threads", "1"));
            args.addAll(List.of(bad[i]));
            Result b = run(args.toArray(String[]::new));
            assertTrue(b.code() != 0 && b.err().contains(messages[i]), i + ": " + b.err());
        }
    }

    /** Deploys {@code model} to {@code target} with {@code draws} mismatch draws, each calibrated on 20 recordings; the report. */
    private com.fasterxml.jackson.databind.JsonNode calibratedReport(Path model, Path target, Path data, String out, int draws)
            throws IOException {
        Result r = run("deploy", "--model", model.toString(), "--target", target.toString(), "--out",
                dir.resolve(out).toString(), "--data", data.toString(), "--test-data", data.toString(), "--mismatch-draws",
                String.valueOf(draws), "--mismatch-calibration", "20", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve(out).resolve("deploy-report.json").toFile());
    }

    /** training.target trains for the target from the first epoch: here the analog limit |w| <= 0.9 holds throughout. */
    @Test
    void trainingForATargetKeepsItsWeightLimitFromTheStart() throws Exception {
        Path data = dir.resolve("tones");
        org.snnaudio.cli.Tones.write(data, new String[]{"high", "low", "mid"}, new double[]{1800, 300, 800}, 8, 8000, 1);
        double[] largest = new double[2];
        for (int k = 0; k < 2; k++) {
            String training = "training: {epochs: 4, batch_size: 8, optimizer: {lr: 0.01}, threads: 1, seed: 1"
                    + (k == 1 ? ", target: analog-nwave}" : "}");
            Path cfg = dir.resolve("tones" + k + ".yaml");
            // large initial weights (gain 12), so that plain training ends above the limit
            Files.writeString(cfg, org.snnaudio.cli.Tones.CONFIG.replace("init: {gain: 3.0}", "init: {gain: 12.0}")
                    .replaceAll("training: \\{[^\n]*}", java.util.regex.Matcher.quoteReplacement(training)));
            Path runDir = dir.resolve("run" + k);
            Result r = run("train", "--config", cfg.toString(), "--data", data.toString(), "--out", runDir.toString(), "-q");
            assertEquals(0, r.code(), r.err());
            var net = org.snnaudio.cli.pipeline.Pipeline.fromSaved(ModelFile.read(runDir.resolve("model.snnm")), "run").network();
            for (var param : net.parameters()) {
                if (param.name().endsWith(".weight")) {
                    for (float w : param.value()) {
                        largest[k] = Math.max(largest[k], Math.abs(w));
                    }
                }
            }
        }
        assertTrue(largest[0] > 0.9, "plain training goes past the analog limit: " + largest[0]);
        assertTrue(largest[1] <= 0.9 + 1e-6, "trained for analog-nwave: " + largest[1]);

        Path bad = dir.resolve("bad-target.yaml");
        Files.writeString(bad, org.snnaudio.cli.Tones.CONFIG.replace("seed: 1}", "seed: 1, target: no-such-chip}"));
        Result r = run("train", "--config", bad.toString(), "--data", data.toString(), "--out", dir.resolve("x").toString());
        assertTrue(r.code() != 0 && r.err().contains("training.target"), r.err());
    }

    @Test
    void fineTuningScalesOrDropsFiringRateTargets() {
        NetworkOptions o = network().options();
        o = new NetworkOptions(o.discretisation(), o.surrogate(), o.readout(), List.of(
                new org.snnaudio.core.loss.Regularizer.FiringRateTarget("readout", 0.15, 10),
                new org.snnaudio.core.loss.Regularizer.SpikeCountL2("hidden", 0.5)), o.threads(), o.trainable(),
                o.detachReset(), o.smooth(), o.reference());
        NetworkOptions half = FineTuning.withRateWeight(o, 0.5);
        assertEquals(List.of(new org.snnaudio.core.loss.Regularizer.FiringRateTarget("readout", 0.15, 5),
                o.regularizers().get(1)), half.regularizers());
        assertEquals(List.of(o.regularizers().get(1)), FineTuning.withRateWeight(o, 0).regularizers(),
                "0 drops the rate targets and keeps the other regularisers");
    }
}
