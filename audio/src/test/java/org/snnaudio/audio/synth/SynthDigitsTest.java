package org.snnaudio.audio.synth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnaudio.audio.data.DatasetConfig;
import org.snnaudio.audio.data.EntryList;
import org.snnaudio.audio.data.Layouts;
import org.snnaudio.audio.io.AudioClip;
import org.snnaudio.audio.io.AudioReader;
import org.snnaudio.core.SnnaudioException;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SynthDigitsTest {
    @TempDir
    Path tmp;

    static boolean haveEspeak() {
        try {
            SynthDigits.espeak();
            return true;
        } catch (SnnaudioException e) {
            return false;
        }
    }

    @Test
    void writesTwentyClassesWithHeldOutVoicesAsTheTestSplit() {
        assumeTrue(haveEspeak(), "espeak-ng is not installed");
        SynthDigits.Options o = new SynthDigits.Options(tmp, 8000, List.of("m1", "f2"), List.of("f2"), 1, 150, 170, 40, 60, 3, 8);
        AtomicInteger progress = new AtomicInteger();
        SynthDigits.Summary s = SynthDigits.generate(o, (done, total) -> progress.accumulateAndGet(done, Math::max));
        assertEquals(40, s.clips());
        assertEquals(20, s.testClips());
        assertEquals(40, progress.get());
        EntryList l = Layouts.list(new DatasetConfig.CsvManifest(List.of(tmp.resolve("manifest.csv")), List.of(), ""), true);
        assertEquals(new java.util.TreeSet<>(SynthDigits.classNames()), new java.util.TreeSet<>(l.classNames()));
        assertEquals(40, l.entries().size());
        for (var e : l.entries()) {
            assertEquals(e.group().equals("f2") ? "test" : "train", e.split());
            AudioClip c = AudioReader.read(e.file());
            assertEquals(8000, c.sampleRate());
            assertTrue(c.seconds() > 0.1 && c.seconds() < 2, e.file() + " lasts " + c.seconds() + " s");
        }
        // the folder-per-class layout sees the same clips
        assertEquals(40, Layouts.list(new DatasetConfig.FolderPerClass(tmp, SynthDigits.classNames(), ""), true).entries().size());
    }

    @Test
    void trimmingKeepsTheSoundAndAShortMargin() {
        float[] x = new float[1000];
        for (int i = 400; i < 500; i++) {
            x[i] = 0.5f;
        }
        AudioClip t = SynthDigits.trimSilence(new AudioClip(x, 1000, "t"));
        assertEquals(100 + 2 * 20, t.length());
    }

    @Test
    void validation() {
        assertEquals("testVoices: \"zz\" is not one of the voices [m1, f2]", assertThrows(SnnaudioException.class,
                () -> new SynthDigits.Options(tmp, 8000, List.of("m1", "f2"), List.of("zz"), 1, 150, 170, 40, 60, 3, 8)).getMessage());
        assertEquals("testVoices must leave at least one voice for training", assertThrows(SnnaudioException.class,
                () -> new SynthDigits.Options(tmp, 8000, List.of("m1", "f2"), List.of("m1", "f2"), 1, 150, 170, 40, 60, 3, 8)).getMessage());
        assertEquals("pitches must satisfy 0 <= minPitch <= maxPitch <= 99, got 40..120", assertThrows(SnnaudioException.class,
                () -> new SynthDigits.Options(tmp, 8000, List.of("m1", "f2"), List.of(), 1, 150, 170, 40, 120, 3, 8)).getMessage());
    }
}
