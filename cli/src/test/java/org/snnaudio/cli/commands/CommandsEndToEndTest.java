package org.snnaudio.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnaudio.cli.Main;
import org.snnaudio.cli.Tones;
import org.snnaudio.core.model.ResetMode;
import org.snnaudio.core.neuron.AdaptiveLif;
import org.snnaudio.core.neuron.CubaLif;
import org.snnaudio.core.neuron.Li;
import org.snnaudio.core.neuron.Lif;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The commands end to end on sine tones made here: train, evaluate, predict, inspect, listen, errors. */
class CommandsEndToEndTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path run;
    static String trainOut;

    record Result(int code, String out, String err) {
    }

    static synchronized Result run(String... args) {
        PrintStream oldOut = System.out;
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(bo, true, StandardCharsets.UTF_8));
            CommandLine cl = Main.commandLine();
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute(args);
            return new Result(code, bo.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(oldOut);
        }
    }

    @BeforeAll
    static void train() throws Exception {
        data = dir.resolve("tones");
        Tones.write(data, new String[]{"high", "low", "mid"}, new double[]{1800, 300, 800}, 16, 8000, 1);
        Path cfg = dir.resolve("tones.yaml");
        Files.writeString(cfg, Tones.CONFIG);
        run = dir.resolve("run");
        Result r = run("train", "--config", cfg.toString(), "--data", data.toString(), "--out", run.toString(), "--epochs", "18");
        assertEquals(0, r.code(), r.err());
        trainOut = r.out();
    }

    @Test
    void trainWritesModelMetricsAndReport() throws Exception {
        assertTrue(Files.isRegularFile(run.resolve("model.snnm")));
        assertTrue(Files.isRegularFile(run.resolve("report.html")));
        JsonNode m = new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
        assertEquals(18, m.get("history").size(), "the --epochs override is applied");
        assertTrue(m.get("accuracy").asDouble() >= 0.8, "tones are easy: " + m.get("accuracy"));
        assertTrue(m.get("test").has("confusion_matrix"));
        assertTrue(trainOut.contains("firing-rate health of the initial network"), trainOut);
        assertTrue(trainOut.contains("test accuracy"), trainOut);
        String html = Files.readString(run.resolve("report.html"));
        for (String s : List.of("Training curves", "Confusion matrix", "Spike rasters and membrane traces", "Firing-rate health",
                "Weights and thresholds", "Configuration and provenance")) {
            assertTrue(html.contains(s), s);
        }
    }

    @Test
    void evaluateWritesTheMetricsAndPredictAgreesWithIt() throws Exception {
        Path out = dir.resolve("eval");
        Result r = run("evaluate", "--model", run.toString(), "--data", data.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertTrue(m.has("accuracy") && m.has("per_class") && m.has("confusion_matrix"));
        assertEquals(3, m.get("per_class").size());
        long total = 0;
        long correct = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                total += m.get("confusion_matrix").get(i).get(j).asLong();
            }
            correct += m.get("confusion_matrix").get(i).get(i).asLong();
        }
        assertEquals(48, total);
        assertEquals((double) correct / total, m.get("accuracy").asDouble(), 1e-12);
        assertTrue(m.get("per_class").get("low").has("f1"));

        // predict each file; the predicted classes must reproduce evaluate's confusion matrix
        List<String> files = new ArrayList<>();
        Map<String, String> truth = new HashMap<>();
        for (String c : List.of("high", "low", "mid")) {
            try (var s = Files.list(data.resolve(c))) {
                s.sorted().forEach(f -> {
                    files.add(f.toString());
                    truth.put(f.toString(), c);
                });
            }
        }
        List<String> args = new ArrayList<>(List.of("predict", "--json", "--model", run.toString()));
        args.addAll(files);
        Result p = run(args.toArray(String[]::new));
        assertEquals(0, p.code(), p.err());
        String[] lines = p.out().strip().split("\n");
        assertEquals(files.size(), lines.length);
        List<String> names = List.of("high", "low", "mid");
        long[][] conf = new long[3][3];
        ObjectMapper om = new ObjectMapper();
        for (String l : lines) {
            JsonNode j = om.readTree(l);
            double sum = 0;
            for (String n : names) {
                sum += j.get("scores").get(n).asDouble();
            }
            assertEquals(1.0, sum, 1e-9, "scores are probabilities");
            conf[names.indexOf(truth.get(j.get("file").asText()))][names.indexOf(j.get("class").asText())]++;
        }
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < 3; k++) {
                assertEquals(m.get("confusion_matrix").get(i).get(k).asLong(), conf[i][k], "cell " + i + "," + k);
            }
        }
    }

    @Test
    void evaluateScoresADeployedIntegerNetwork() throws Exception {
        Path dep = dir.resolve("deployed");
        Result d = run("deploy", "--model", run.resolve("model.snnm").toString(), "--target", "digital-int8", "--out",
                dep.toString(), "--input-max", "1");
        assertEquals(0, d.code(), d.err());
        Path out = dir.resolve("eval-deployed");
        Result r = run("evaluate", "--model", dep.toString(), "--data", data.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("scoring the deployed integer network"), r.out());
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertTrue(m.get("data").asText().contains("integer simulator"));
        assertTrue(m.get("accuracy").asDouble() >= 0.6, "the quantised network still classifies: " + m.get("accuracy"));
    }

    @Test
    void predictTextShowsClassAndScores() {
        Path f = data.resolve("low").resolve("spk0_0.wav");
        Result r = run("predict", "--model", run.resolve("model.snnm").toString(), f.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith(f + ": "), r.out());
        assertTrue(r.out().contains("("), r.out());
    }

    @Test
    void inspectShowsLayersParametersAndHealth() {
        Result r = run("inspect", "--model", run.toString(), "--data", data.toString(), "--samples", "6");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("hidden.weight"), r.out());
        assertTrue(r.out().contains("readout.weight"), r.out());
        assertTrue(r.out().contains("histogram of hidden.weight"), r.out());
        assertTrue(r.out().contains("firing-rate health"), r.out());
        assertTrue(r.out().contains("energy per inference"), r.out());
        assertFalse(r.out().contains("Lif[") || r.out().contains("000000"), "neuron details in readable units: " + r.out());
        Result t = run("inspect", "--model", run.toString(), "--params", "*.threshold");
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("hidden.threshold") && !t.out().contains("hidden.weight  "), t.out());
        Result bad = run("inspect", "--model", run.toString(), "--params", "nothing*");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("--params 'nothing*' matches no parameter"), bad.err());
    }

    @Test
    void neuronDetailsReadInMillisecondsWithoutFloatNoise() {
        assertEquals("tau_mem 100 ms, threshold 1, reset by subtraction",
                InspectCommand.describe(new Lif((float) 0.1, 1.0, ResetMode.SUBTRACT, 0.0)));
        assertEquals("tau_syn 5 ms, tau_mem 20 ms, threshold 0.5, reset to -0.25",
                InspectCommand.describe(new CubaLif(0.005, 0.02, 0.5, ResetMode.TO_RESET, -0.25)));
        assertEquals("tau_mem 250 ms", InspectCommand.describe(new Li(0.25)));
        assertEquals("tau_mem 33.33 ms, tau_adapt 700 ms, beta_adapt 1.8, threshold 1, reset by subtraction",
                InspectCommand.describe(new AdaptiveLif(1 / 30.0, 0.7, 1.8, 1.0, ResetMode.SUBTRACT, 0.0)));
    }

    @Test
    void listenStreamsAFile() {
        Path f = data.resolve("mid").resolve("spk1_1.wav");
        Result r = run("listen", "--model", run.toString(), "--file", f.toString(), "--window", "0.3", "--hop", "0.1",
                "--min-level", "-80", "--all");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("streaming " + f), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+[0-9.]+ s\\s+(high|low|mid)\\s+[0-9.]+")), r.out());
    }

    @Test
    void anEnsembleWorksInEveryCommandAndDeployAndExportRefuseIt() throws Exception {
        Path ens = dir.resolve("ensemble");
        Result t = run("train", "--config", dir.resolve("tones.yaml").toString(), "--data", data.toString(), "--out",
                ens.toString(), "--epochs", "6", "--ensemble", "2");
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("ensemble: 2 networks, seeds 1 to 2"), t.out());
        assertTrue(t.out().contains("ensemble member 2/2 (seed 2)"), t.out());
        JsonNode m = new ObjectMapper().readTree(ens.resolve("metrics.json").toFile());
        assertEquals(2, m.get("ensemble").asInt());
        assertEquals(2, m.get("members").get(1).get("seed").asInt());
        assertEquals(6, m.get("members").get(1).get("epochs").asInt());
        String ensReport = Files.readString(ens.resolve("report.html"));
        assertTrue(ensReport.contains("2 networks, seeds 1 to 2"));
        assertTrue(ensReport.contains("networks (seed ensemble)") && ensReport.contains("training time (member 1)")
                && ensReport.contains("plots below show member 1"), "the summary says what belongs to member 1");

        Result i = run("inspect", "--model", ens.toString());
        assertEquals(0, i.code(), i.err());
        assertTrue(i.out().contains("seed ensemble of 2 networks"), i.out());
        assertTrue(i.out().lines().anyMatch(l -> l.matches("\\s+2\\s+2\\s+\\d+\\s+[0-9.e-]+")), i.out());
        Result i2 = run("inspect", "--model", ens.toString(), "--member", "2", "--data", data.toString(), "--samples", "4");
        assertEquals(0, i2.code(), i2.err());
        assertTrue(i2.out().contains("shown below: member 2"), i2.out());
        assertTrue(i2.out().contains("inferences of member 2; the ensemble runs 2 networks per inference"), i2.out());
        Result i3 = run("inspect", "--model", ens.toString(), "--member", "3");
        assertEquals(1, i3.code());
        assertTrue(i3.err().contains("--member must be from 1 to 2 (the model " + ens.resolve("model.snnm") + " holds 2 networks),"
                + " got 3"), i3.err());

        Path f = data.resolve("high").resolve("spk2_2.wav");
        Result p = run("predict", "--json", "--model", ens.toString(), f.toString());
        assertEquals(0, p.code(), p.err());
        JsonNode pj = new ObjectMapper().readTree(p.out().strip());
        double sum = 0;
        for (String c : List.of("high", "low", "mid")) {
            sum += pj.get("scores").get(c).asDouble();
        }
        assertEquals(1.0, sum, 1e-9, "mean of probabilities is a probability vector");

        Path ev = dir.resolve("ens-eval");
        Result e = run("evaluate", "--model", ens.toString(), "--data", data.toString(), "--out", ev.toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(Files.readString(ev.resolve("report.html")).contains("2 networks, seeds 1 to 2"));

        Result l = run("listen", "--model", ens.toString(), "--file", f.toString(), "--window", "0.3", "--hop", "0.1",
                "--min-level", "-80", "--all");
        assertEquals(0, l.code(), l.err());
        assertTrue(l.out().lines().anyMatch(x -> x.matches("\\s+[0-9.]+ s\\s+(high|low|mid)\\s+[0-9.]+")), l.out());

        Result d = run("deploy", "--model", ens.toString(), "--target", "digital-int8", "--out", dir.resolve("dep-ens").toString());
        assertEquals(1, d.code());
        assertTrue(d.err().contains("model " + ens + " is a seed ensemble of 2 networks; ensembles cannot be deployed to hardware"),
                d.err());
        Result x = run("export", "--model", ens.toString(), "--nir", dir.resolve("ens.nir").toString());
        assertEquals(1, x.code());
        assertTrue(x.err().contains("model " + ens + " is a seed ensemble of 2 networks; ensembles cannot be exported to NIR"),
                x.err());
        assertTrue(!Files.exists(dir.resolve("ens.nir")));

        Result bad = run("train", "--config", dir.resolve("tones.yaml").toString(), "--data", data.toString(), "--out", "x",
                "--ensemble", "0");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("--ensemble must be a number of networks from 1 to 32, got 0"), bad.err());
    }

    @Test
    void errorsAreOneLineMessagesWithExitCode1() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "network:\n  hidden: 0\n");
        Result r = run("train", "--config", bad.toString(), "--data", data.toString(), "--out", dir.resolve("x").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("snnaudio: error: bad.yaml: network.hidden must be > 0, got 0"), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace without --debug");
        Result m = run("evaluate", "--model", dir.resolve("missing").toString(), "--data", data.toString(), "--out", "x");
        assertEquals(1, m.code());
        assertTrue(m.err().contains("missing: model file not found"), m.err());
        Result e = run("train", "--config", dir.resolve("tones.yaml").toString(), "--data", data.toString(), "--out", "x",
                "--epochs", "0");
        assertEquals(1, e.code());
        assertTrue(e.err().contains("--epochs must be > 0, got 0"), e.err());
        Result d = run("train", "--config", bad.toString(), "--data", dir.resolve("nodata").toString(), "--out", "x", "--debug");
        assertEquals(1, d.code());
        assertTrue(d.err().contains("\tat "), "--debug shows the trace");
    }
}
