package org.snnaudio.cli.tune;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnaudio.audio.io.AudioClip;
import org.snnaudio.audio.io.WavWriter;
import org.snnaudio.cli.Main;
import org.snnaudio.cli.config.ConfigIO;
import org.snnaudio.cli.config.PipelineConfig;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole command on a tiny synthetic data set: real feature extraction, training and scoring. */
class TuneCommandTest {
    static final String CONFIG = """
            name: tones
            audio: {sample_rate: 8000, duration: 0.25, align: start, normalise: peak}
            frontend: {type: mfcc, n_mfcc: 8, n_fft: 256, hop: 128, n_mels: 16, window: hann}
            encoder: {type: if, normalise: true, threshold: 0.5, steps_per_frame: 2}
            network:
              dt: 0.004
              hidden: [8]
              neuron: {model: lif, tau_mem: 0.05, threshold: 1.0}
              readout: {neuron: lif, tau_mem: 0.05, threshold: 1.0}
            decoder: max-rate
            loss: {type: spike-count}
            training: {epochs: 2, batch_size: 4, optimizer: {type: adam, lr: 0.01}, seed: 3}
            """;

    static Path tones(Path dir) throws Exception {
        Random rnd = new Random(5);
        for (String cls : List.of("low", "high")) {
            Files.createDirectories(dir.resolve(cls));
            for (int i = 0; i < 6; i++) {
                float[] x = new float[2000];
                double f = (cls.equals("low") ? 300 : 1500) * (1 + 0.05 * i);
                for (int t = 0; t < x.length; t++) {
                    x[t] = (float) (0.5 * Math.sin(2 * Math.PI * f * t / 8000) + 0.02 * rnd.nextGaussian());
                }
                WavWriter.write(dir.resolve(cls).resolve(cls + i + ".wav"), new AudioClip(x, 8000, cls + i), false);
            }
        }
        return dir;
    }

    static int run(StringWriter err, String... args) {
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void tunesARealPipelineAndWritesABestConfigThatTrainReads(@TempDir Path tmp) throws Exception {
        Path data = tones(tmp.resolve("data"));
        Path config = Files.writeString(tmp.resolve("tones.yaml"), CONFIG);
        Path space = Files.writeString(tmp.resolve("space.yaml"), """
                parameters:
                  network.neuron.tau_mem: {type: float, values: [0.02, 0.08]}
                  network.hidden.0: {type: int, values: [4, 8]}
                metric: {name: accuracy, aggregate: median}
                strategy: grid
                validation: {scheme: stratified_kfold, folds: 2}
                """);
        Path out = tmp.resolve("out");
        StringWriter err = new StringWriter();
        int code = run(err, "tune", "--config", config.toString(), "--space", space.toString(), "--data", data.toString(),
                "--out", out.toString(), "--cores", "1", "-q");
        assertEquals(0, code, err.toString());
        List<String> csv = Files.readAllLines(out.resolve(TuneReport.CSV));
        assertEquals(5, csv.size(), String.join("\n", csv));
        for (String row : csv.subList(1, 5)) {
            assertTrue(row.contains(",ok,"), row);
        }
        PipelineConfig best = ConfigIO.read(out.resolve(TuneCommand.BEST_CONFIG));
        TrialResult b = TuneRunner.best(Journal.read(out, headerSearch(out), TuneSpecReader.read(space).space(),
                new Metric.Accuracy(), TrialResult.Aggregate.MEDIAN).finished().values().stream().toList()).orElseThrow();
        assertEquals((Double) b.assignment().get("network.neuron.tau_mem"), best.network().neuron().tauMem(), 0);
        assertEquals(List.of((Integer) b.assignment().get("network.hidden.0")), best.network().hidden());
        assertTrue(Files.readString(out.resolve(TuneReport.HTML)).contains("data:image/png;base64,"));

        // Running it again resumes a finished search: nothing to do, same best.
        assertEquals(0, run(err, "tune", "--config", config.toString(), "--space", space.toString(), "--data",
                data.toString(), "--out", out.toString(), "--cores", "1", "-q"));
        assertEquals(csv, Files.readAllLines(out.resolve(TuneReport.CSV)));
    }

    @Test
    void aMisspeltPathFailsBeforeTrainingNamingTheKey(@TempDir Path tmp) throws Exception {
        Path data = tones(tmp.resolve("data"));
        Path config = Files.writeString(tmp.resolve("tones.yaml"), CONFIG);
        Path space = Files.writeString(tmp.resolve("space.yaml"),
                "parameters: {network.nueron.tau_mem: {type: float, low: 0.01, high: 0.1}}\n");
        StringWriter err = new StringWriter();
        int code = run(err, "tune", "--config", config.toString(), "--space", space.toString(), "--data", data.toString(),
                "--out", tmp.resolve("out").toString(), "--cores", "1", "-q");
        assertEquals(1, code);
        assertTrue(err.toString().startsWith("snnaudio: error: tones.yaml: unknown key network.nueron"), err.toString());
        assertTrue(!Files.exists(tmp.resolve("out").resolve(TuneReport.CSV)));

        StringWriter err2 = new StringWriter();
        assertEquals(1, run(err2, "tune", "--config", config.toString(), "--space", space.toString(), "--data",
                data.toString(), "--out", tmp.resolve("o2").toString(), "--cores", "2", "--parallel", "2",
                "--threads-per-trial", "2"));
        assertTrue(err2.toString().contains("--parallel 2 x --threads-per-trial 2 = 4 threads, more than the 2 cores"),
                err2.toString());
    }

    private static String headerSearch(Path out) throws Exception {
        String first = Files.readAllLines(out.resolve(Journal.FILE)).get(0);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(first).get("search").asText();
    }
}
