package org.snnaudio.cli.audio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnaudio.audio.io.WavWriter;
import org.snnaudio.cli.Main;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataCheckCommandTest {
    @TempDir
    Path tmp;

    @Test
    void reportsCountsSplitsSpeakersAndSkippedFiles() throws Exception {
        Path rec = tmp.resolve("fsdd/recordings");
        Files.createDirectories(rec);
        float[] x = new float[4000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.2 * Math.sin(i * 0.3));
        }
        for (String n : new String[]{"3_anna_0.wav", "3_anna_7.wav", "5_bert_2.wav", "5_bert_9.wav"}) {
            Files.write(rec.resolve(n), WavWriter.encode(x, 8000, false));
        }
        Files.write(rec.resolve("5_bert_10.wav"), new byte[0]);
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            CommandLine cl = Main.commandLine();
            cl.setErr(new PrintWriter(new StringWriter()));
            code = cl.execute("data", "check", "--fsdd", tmp.resolve("fsdd").toString(), "--config", "talamo-mfcc", "--threads", "1");
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, out);
        assertTrue(out.contains("fsdd: 5 entries, 4 loaded, 1 skipped, 10 classes"), out);
        assertTrue(out.contains("groups (speakers): 2 [anna, bert]"), out);
        assertTrue(out.contains("speakers in both test and train: 2"), out);
        assertTrue(out.contains("skipped " + rec.resolve("5_bert_10.wav") + ": empty file (0 bytes)"), out);
        assertTrue(out.contains("total          2          2          4"), out);
    }
}
