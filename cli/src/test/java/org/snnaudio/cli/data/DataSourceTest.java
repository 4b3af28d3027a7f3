package org.snnaudio.cli.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnaudio.cli.Tones;
import org.snnaudio.core.SnnaudioException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataSourceTest {
    @TempDir
    Path dir;

    static void wav(Path f) throws Exception {
        Files.createDirectories(f.getParent());
        Tones.writeWav(f, new float[]{0.1f, -0.1f, 0.2f}, 8000);
    }

    @Test
    void folderLayoutIsDetectedAndListed() throws Exception {
        wav(dir.resolve("yes/a_1.wav"));
        wav(dir.resolve("yes/b_1.wav"));
        wav(dir.resolve("no/a_2.wav"));
        assertEquals("folder", DataSource.detect(dir));
        var items = DataSource.list(dir, null);
        assertEquals(3, items.size());
        assertEquals(List.of("no", "yes"), DataSource.classes(items));
        assertEquals("a", items.get(0).speaker());
        assertEquals(DataSource.Part.NONE, items.get(0).part());
    }

    @Test
    void fsddNamesGiveSpeakerAndTheOfficialSplit() throws Exception {
        wav(dir.resolve("recordings/3_jackson_4.wav"));
        wav(dir.resolve("recordings/3_jackson_5.wav"));
        wav(dir.resolve("recordings/7_theo_49.wav"));
        assertEquals("fsdd", DataSource.detect(dir.resolve("recordings")));
        assertEquals("fsdd", DataSource.detect(dir));
        var items = DataSource.list(dir, null);
        assertEquals(List.of("3", "7"), DataSource.classes(items));
        var byName = items.stream().collect(java.util.stream.Collectors.toMap(i -> i.file().getFileName().toString(), i -> i));
        assertEquals(DataSource.Part.TEST, byName.get("3_jackson_4.wav").part());
        assertEquals(DataSource.Part.TRAIN, byName.get("3_jackson_5.wav").part());
        assertEquals("theo", byName.get("7_theo_49.wav").speaker());
    }

    @Test
    void speechCommandsListsChooseTheParts() throws Exception {
        wav(dir.resolve("yes/abc_nohash_0.wav"));
        wav(dir.resolve("yes/def_nohash_0.wav"));
        wav(dir.resolve("no/abc_nohash_1.wav"));
        wav(dir.resolve("_background_noise_/noise.wav"));
        Files.writeString(dir.resolve("validation_list.txt"), "yes/def_nohash_0.wav\n");
        Files.writeString(dir.resolve("testing_list.txt"), "no/abc_nohash_1.wav\n");
        assertEquals("speech-commands", DataSource.detect(dir));
        var items = DataSource.list(dir, null);
        assertEquals(3, items.size(), "the background-noise folder is not a class");
        var parts = items.stream().map(i -> i.label() + ":" + i.part() + ":" + i.speaker()).sorted().toList();
        assertEquals(List.of("no:TEST:abc", "yes:TRAIN:abc", "yes:VALIDATION:def"), parts);
    }

    @Test
    void csvManifestWithSpeakerAndSplitColumns() throws Exception {
        wav(dir.resolve("d/x.wav"));
        wav(dir.resolve("d/y.wav"));
        Path csv = dir.resolve("m.csv");
        Files.writeString(csv, "file,label,group,split\nd/x.wav,cat,s1,train\nd/y.wav,dog,s2,test\n");
        assertEquals("csv", DataSource.detect(csv));
        var items = DataSource.list(csv, null);
        assertEquals("s1", items.get(0).speaker());
        assertEquals(DataSource.Part.TEST, items.get(1).part());
        Files.writeString(csv, "file,label\nd/x.wav,cat\nd/missing.wav,dog\n");
        var e = assertThrows(SnnaudioException.class, () -> DataSource.list(csv, null));
        assertEquals(dir.resolve("d/missing.wav") + ": file not found (named in m.csv line 3)", e.getMessage());
        Files.writeString(csv, "file,label,split\nd/x.wav,cat,holdout\n");
        e = assertThrows(SnnaudioException.class, () -> DataSource.list(csv, null));
        assertEquals(csv + ": x.wav: split must be train, validation or test, got 'holdout'", e.getMessage());
    }

    @Test
    void badPathsAndFormatsAreNamed() throws Exception {
        var e = assertThrows(SnnaudioException.class, () -> DataSource.detect(dir.resolve("nope")));
        assertEquals(dir.resolve("nope") + ": data path does not exist", e.getMessage());
        Files.createDirectories(dir.resolve("empty"));
        e = assertThrows(SnnaudioException.class, () -> DataSource.detect(dir.resolve("empty")));
        assertTrue(e.getMessage().contains("cannot tell the data layout"), e.getMessage());
        e = assertThrows(SnnaudioException.class, () -> DataSource.list(dir, "mp3"));
        assertEquals("--format must be one of folder, fsdd, speech-commands, csv, shd, got 'mp3'", e.getMessage());
    }

    @Test
    void labelsSortNumbersNumerically() {
        assertTrue(DataSource.compareLabels("2", "10") < 0);
        assertTrue(DataSource.compareLabels("9", "a") < 0);
        assertTrue(DataSource.compareLabels("b", "a") > 0);
    }
}
