package org.snnaudio.audio.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnaudio.audio.TestAudio;
import org.snnaudio.audio.io.WavWriter;
import org.snnaudio.core.SnnaudioException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayoutsTest {
    @TempDir
    Path tmp;

    static void wav(Path p) throws Exception {
        Files.createDirectories(p.getParent());
        Files.write(p, WavWriter.encode(TestAudio.sine(440, 0.3, 8000, 800), 8000, false));
    }

    @Test
    void folderPerClassWithGroupsFromFileNames() throws Exception {
        wav(tmp.resolve("yes/alice_1.wav"));
        wav(tmp.resolve("yes/bob_1.wav"));
        wav(tmp.resolve("no/alice_2.wav"));
        Files.writeString(tmp.resolve("no/notes.txt"), "not audio");
        Files.createDirectories(tmp.resolve("_background_noise_"));
        EntryList l = Layouts.list(new DatasetConfig.FolderPerClass(tmp, List.of(), "^([a-z]+)_"), false);
        assertEquals(List.of("no", "yes"), l.classNames());
        assertEquals(3, l.entries().size());
        Entry first = l.entries().get(0);
        assertEquals("no", first.className());
        assertEquals(0, first.label());
        assertEquals("alice", first.group());
        assertNull(first.split());
        EntryList fixed = Layouts.list(new DatasetConfig.FolderPerClass(tmp, List.of("yes", "no"), ""), false);
        assertEquals(0, fixed.entries().get(0).label());
        assertEquals("yes", fixed.entries().get(0).className());
        assertEquals(tmp.resolve("nope") + ": dataset folder not found",
                assertThrows(SnnaudioException.class, () -> Layouts.list(new DatasetConfig.FolderPerClass(tmp.resolve("nope"), null, null), false)).getMessage());
        assertEquals(tmp + ": class folder \"maybe\" not found",
                assertThrows(SnnaudioException.class, () -> Layouts.list(new DatasetConfig.FolderPerClass(tmp, List.of("maybe"), null), false)).getMessage());
        assertEquals("groupPattern \"[a-z]+\" needs a capture group, e.g. ^([^_]+)_",
                assertThrows(SnnaudioException.class, () -> Layouts.list(new DatasetConfig.FolderPerClass(tmp, null, "[a-z]+"), false)).getMessage());
    }

    @Test
    void fsddNamesGiveDigitSpeakerAndOfficialSplit() throws Exception {
        Path rec = tmp.resolve("fsdd/recordings");
        wav(rec.resolve("7_jackson_4.wav"));
        wav(rec.resolve("7_jackson_5.wav"));
        wav(rec.resolve("0_theo_49.wav"));
        wav(rec.resolve("readme_extra.wav"));
        EntryList l = Layouts.list(new DatasetConfig.Fsdd(tmp.resolve("fsdd")), false);
        assertEquals(10, l.classNames().size());
        assertEquals(3, l.entries().size());
        Entry theo = l.entries().get(0);
        assertEquals(0, theo.label());
        assertEquals("theo", theo.group());
        assertEquals("train", theo.split());
        assertEquals("test", l.entries().get(1).split()); // index 4
        assertEquals("train", l.entries().get(2).split()); // index 5
        assertEquals(1, l.skipped().size());
        assertTrue(l.skipped().get(0).reason().contains("{digit}_{speaker}_{index}.wav"));
        SnnaudioException e = assertThrows(SnnaudioException.class, () -> Layouts.list(new DatasetConfig.Fsdd(tmp.resolve("fsdd")), true));
        assertTrue(e.getMessage().startsWith(rec.resolve("readme_extra.wav").toString()), e.getMessage());
    }

    @Test
    void speechCommandsListsGiveSplitsAndSpeakers() throws Exception {
        wav(tmp.resolve("yes/0a7c2a8d_nohash_0.wav"));
        wav(tmp.resolve("yes/0a7c2a8d_nohash_1.wav"));
        wav(tmp.resolve("no/1b2c3d4e_nohash_0.wav"));
        wav(tmp.resolve("up/ffffffff_nohash_0.wav"));
        Files.writeString(tmp.resolve("validation_list.txt"), "yes/0a7c2a8d_nohash_1.wav\n");
        Files.writeString(tmp.resolve("testing_list.txt"), "no/1b2c3d4e_nohash_0.wav\n");
        EntryList l = Layouts.list(new DatasetConfig.SpeechCommands(tmp, List.of("yes", "no")), false);
        assertEquals(List.of("yes", "no"), l.classNames());
        assertEquals(3, l.entries().size());
        assertEquals("train", l.entries().get(0).split());
        assertEquals("validation", l.entries().get(1).split());
        assertEquals("test", l.entries().get(2).split());
        assertEquals("0a7c2a8d", l.entries().get(0).group());
    }

    @Test
    void csvManifestsLikeTheArabicSpeechCommandsLayout() throws Exception {
        // dataset/<class>/<speaker>_NO_<round>.wav with train.csv and val.csv (columns file,class) beside it
        wav(tmp.resolve("dataset/one/00000001_NO_01.wav"));
        wav(tmp.resolve("dataset/two/00000001_NO_01.wav"));
        wav(tmp.resolve("dataset/one/00000002_NO_01.wav"));
        Files.writeString(tmp.resolve("train.csv"), "file,class\ndataset/one/00000001_NO_01.wav,one\ndataset/two/00000001_NO_01.wav,two\n");
        Files.writeString(tmp.resolve("val.csv"), "file,class\ndataset/one/00000002_NO_01.wav,one\ndataset/one/missing.wav,one\n");
        DatasetConfig.CsvManifest cfg = new DatasetConfig.CsvManifest(List.of(tmp.resolve("train.csv"), tmp.resolve("val.csv")),
                List.of(), "^(\\d{8})_");
        EntryList l = Layouts.list(cfg, false);
        assertEquals(List.of("one", "two"), l.classNames());
        assertEquals(3, l.entries().size());
        assertEquals("train", l.entries().get(0).split());
        assertEquals("val", l.entries().get(2).split());
        assertEquals("00000002", l.entries().get(2).group());
        assertEquals(1, l.skipped().size());
        assertEquals(tmp.resolve("dataset/one/missing.wav") + ": file not found (named in val.csv line 3)", l.skipped().get(0).toString());
        SnnaudioException e = assertThrows(SnnaudioException.class, () -> Layouts.list(cfg, true));
        assertEquals(tmp.resolve("dataset/one/missing.wav") + ": file not found (named in val.csv line 3)", e.getMessage());
    }

    @Test
    void csvWithLabelGroupAndSplitColumns() throws Exception {
        wav(tmp.resolve("a.wav"));
        wav(tmp.resolve("sub/b.wav"));
        Files.writeString(tmp.resolve("m.csv"), "file,label,speaker,split\na.wav,cat,s1,train\n\"sub/b.wav\",dog,s2,test\n");
        EntryList l = Layouts.list(new DatasetConfig.CsvManifest(List.of(tmp.resolve("m.csv")), List.of(), ""), false);
        assertEquals("s2", l.entries().get(1).group());
        assertEquals("test", l.entries().get(1).split());
        Files.writeString(tmp.resolve("bad.csv"), "path_to,thing\nx,y\n");
        assertEquals(tmp.resolve("bad.csv") + ": header must name a file column (file) and a label column (label or class), got [path_to, thing]",
                assertThrows(SnnaudioException.class,
                        () -> Layouts.list(new DatasetConfig.CsvManifest(List.of(tmp.resolve("bad.csv")), null, null), false)).getMessage());
        Files.writeString(tmp.resolve("unknown.csv"), "file,label\na.wav,cat\n");
        assertEquals(tmp.resolve("unknown.csv") + ": the manifest names no usable recordings (first problem: " + tmp.resolve("a.wav")
                + ": label \"cat\" is not one of the classes [dog])", assertThrows(SnnaudioException.class,
                () -> Layouts.list(new DatasetConfig.CsvManifest(List.of(tmp.resolve("unknown.csv")), List.of("dog"), ""), false)).getMessage());
    }

    @Test
    void detectTellsTheLayoutFromThePathsContents() throws Exception {
        wav(tmp.resolve("classes/yes/a_1.wav"));
        wav(tmp.resolve("classes/no/session2/b_1.wav"));
        assertEquals("folder", Layouts.detect(tmp.resolve("classes")));
        wav(tmp.resolve("fsdd/recordings/3_jackson_4.wav"));
        assertEquals("fsdd", Layouts.detect(tmp.resolve("fsdd")));
        assertEquals("fsdd", Layouts.detect(tmp.resolve("fsdd/recordings")));
        wav(tmp.resolve("sc/yes/abc_nohash_0.wav"));
        Files.writeString(tmp.resolve("sc/testing_list.txt"), "yes/abc_nohash_0.wav\n");
        assertEquals("speech-commands", Layouts.detect(tmp.resolve("sc")));
        Files.writeString(tmp.resolve("m.csv"), "file,label\n");
        assertEquals("csv", Layouts.detect(tmp.resolve("m.csv")));
        Files.writeString(tmp.resolve("x.h5"), "");
        assertEquals("shd", Layouts.detect(tmp.resolve("x.h5")));
        assertEquals(tmp.resolve("nope") + ": data path does not exist",
                assertThrows(SnnaudioException.class, () -> Layouts.detect(tmp.resolve("nope"))).getMessage());
        Files.createDirectories(tmp.resolve("empty/sub"));
        assertEquals(tmp.resolve("empty") + ": cannot tell the data layout (no class folders with audio, no FSDD names, no Speech "
                        + "Commands lists); name it: folder, fsdd, speech-commands, csv, shd",
                assertThrows(SnnaudioException.class, () -> Layouts.detect(tmp.resolve("empty"))).getMessage());
        Files.writeString(tmp.resolve("notes.txt"), "x");
        assertEquals(tmp.resolve("notes.txt") + ": a data file must be a .csv manifest or an SHD .h5 file; give a folder for the "
                + "other layouts", assertThrows(SnnaudioException.class, () -> Layouts.detect(tmp.resolve("notes.txt"))).getMessage());
        // a detected layout lists through its config; recordings in a class folder's sub-folders count
        EntryList l = Layouts.list(Layouts.config(tmp.resolve("classes"), "folder"), true);
        assertEquals(List.of("no", "yes"), l.classNames());
        assertEquals(tmp.resolve("classes/no/session2/b_1.wav"), l.entries().get(0).file());
        assertEquals(new DatasetConfig.Fsdd(tmp.resolve("fsdd")), Layouts.config(tmp.resolve("fsdd"), "fsdd"));
        assertEquals("layout must be one of folder, fsdd, speech-commands, csv, shd, got 'mp3'",
                assertThrows(SnnaudioException.class, () -> Layouts.config(tmp, "mp3")).getMessage());
    }

    @Test
    void csvWithoutHeaderAliasesAndRepeatedFiles() throws Exception {
        wav(tmp.resolve("a.wav"));
        wav(tmp.resolve("b.wav"));
        Files.writeString(tmp.resolve("plain.csv"), "a.wav,cat\nb.wav,dog\na.wav,cat\n");
        EntryList l = Layouts.list(new DatasetConfig.CsvManifest(List.of(tmp.resolve("plain.csv")), List.of(), ""), true);
        assertEquals(List.of("cat", "dog"), l.classNames());
        assertEquals(2, l.entries().size(), "a file named twice is one recording");
        assertEquals(tmp.resolve("b.wav"), l.entries().get(1).file());
        Files.writeString(tmp.resolve("alias.csv"), "path,category,speaker_id,subset\na.wav,cat,s1,dev\n");
        Entry e = Layouts.list(new DatasetConfig.CsvManifest(List.of(tmp.resolve("alias.csv")), List.of(), ""), true).entries().get(0);
        assertEquals("cat", e.className());
        assertEquals("s1", e.group());
        assertEquals("dev", e.split());
    }
}
