package org.snnaudio.cli.audio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnaudio.audio.config.Presets;
import org.snnaudio.audio.frontend.Features;
import org.snnaudio.audio.io.AudioReader;
import org.snnaudio.audio.io.WavWriter;
import org.snnaudio.cli.Main;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeaturesCommandTest {
    @TempDir
    Path tmp;

    private Path tone(String name, int rate) throws Exception {
        float[] x = new float[rate];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / rate));
        }
        Path p = tmp.resolve(name);
        Files.write(p, WavWriter.encode(x, rate, false));
        return p;
    }

    private static int run(StringWriter err, String... args) {
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void writesOneCsvPerFileEqualToTheFrontendOutput() throws Exception {
        Path wav = tone("a.wav", 8000);
        Path out = tmp.resolve("out");
        assertEquals(0, run(new StringWriter(), "features", "--config", "talamo-mfcc", wav.toString(), "--out", out.toString()));
        List<String> lines = Files.readAllLines(out.resolve("a.csv"));
        Features expected = Presets.frontend("talamo-mfcc").create().process(AudioReader.read(wav).samples());
        assertEquals(1 + expected.frames(), lines.size());
        assertTrue(lines.get(0).startsWith("mfcc_0,mfcc_1,"));
        String[] row = lines.get(3).split(",");
        assertEquals(32, row.length);
        assertEquals(expected.get(2, 5), Float.parseFloat(row[5]));
    }

    @Test
    void yamlConfigWithPreprocessingResamples() throws Exception {
        Path wav = tone("b.wav", 16000);
        Path cfg = tmp.resolve("fb.yaml");
        Files.writeString(cfg, "frontend:\n  type: filterbank\n  sample_rate: 8000\n  bin_seconds: 0.01\npreprocess:\n  length: 4000\n");
        Path out = tmp.resolve("out");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "features", "--config", cfg.toString(), wav.toString(), "--out", out.toString()));
        List<String> lines = Files.readAllLines(out.resolve("b.csv"));
        assertEquals(1 + 50, lines.size()); // 4000 samples at 8 kHz in 10 ms bins
        assertEquals(11, lines.get(0).split(",").length); // 16 filters, the 5 above 4 kHz dropped
    }

    @Test
    void badInputsGiveOneLineErrors() throws Exception {
        Path bad = tmp.resolve("bad.wav");
        Files.writeString(bad, "not audio at all");
        StringWriter err = new StringWriter();
        assertEquals(1, run(err, "features", "--config", "talamo-mfcc", bad.toString(), "--out", tmp.resolve("o").toString(), "--strict"));
        assertTrue(err.toString().contains("bad.wav: not a WAV, AIFF or FLAC file"), err.toString());
        StringWriter err2 = new StringWriter();
        assertEquals(1, run(err2, "features", "--config", "nope-mfcc", bad.toString(), "--out", tmp.toString()));
        assertTrue(err2.toString().contains("--config nope-mfcc: neither a config file nor a built-in frontend"), err2.toString());
        Path cfg = tmp.resolve("x.yaml");
        Files.writeString(cfg, "type: mfcc\nn_mfcc: 500\n");
        StringWriter err3 = new StringWriter();
        assertEquals(1, run(err3, "features", "--config", cfg.toString(), bad.toString(), "--out", tmp.toString()));
        assertTrue(err3.toString().contains("x.yaml: frontend mfcc: nMfcc must be <= nMels = 128, got 500"), err3.toString());
    }
}
