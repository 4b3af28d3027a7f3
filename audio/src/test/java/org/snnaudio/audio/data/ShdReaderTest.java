package org.snnaudio.audio.data;

import org.junit.jupiter.api.Test;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.data.SpikeSample;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SHD-layout fixtures from src/test/python/make_shd_fixtures.py. */
class ShdReaderTest {

    static Path file(String name) throws Exception {
        return Path.of(ShdReaderTest.class.getResource("/shd/" + name).toURI());
    }

    @Test
    void float16AndFloat32VariantsBinTheSameSpikes() throws Exception {
        for (String name : List.of("shd_f16.h5", "shd_f32.h5")) {
            LoadedDataset d = ShdReader.read(new DatasetConfig.Shd(List.of(file(name)), 100, 1.0, 700));
            assertEquals(3, d.dataset().size(), name);
            assertEquals(20, d.dataset().classes());
            assertEquals("en-3", d.entries().get(0).className());
            assertEquals("de-9", d.entries().get(1).className());
            assertEquals("1", d.entries().get(0).group());
            assertEquals(0.01, d.stepSeconds(), 1e-12);
            SpikeSample s = (SpikeSample) d.dataset().get(0);
            // times 0.0, 0.05, 0.051, 0.9 (float16: 0.0, 0.04999, 0.05099, 0.8999) on units 0, 5, 5, 699
            float[] dense = s.toDense();
            assertEquals(1f, dense[0]);
            assertEquals(2f, dense[4 * 700 + 5] + dense[5 * 700 + 5]);
            assertEquals(1f, dense[89 * 700 + 699]);
            assertEquals(4, s.spikeCount());
            assertEquals(0, ((SpikeSample) d.dataset().get(2)).spikeCount());
            assertEquals(19, d.dataset().get(1).label());
        }
        // spikes after maxTime are dropped: with 0.5 s only the first three spikes of sample 0 remain
        LoadedDataset shortWindow = ShdReader.read(new DatasetConfig.Shd(List.of(file("shd_f32.h5")), 50, 0.5, 700));
        assertEquals(3, ((SpikeSample) shortWindow.dataset().get(0)).spikeCount());
        assertArrayEquals(new int[]{10}, java.util.Arrays.stream(((SpikeSample) shortWindow.dataset().get(1)).channelIndex()).toArray());
    }

    @Test
    void badFilesNameTheFileAndProblem() throws Exception {
        Path truncated = file("shd_truncated.h5");
        SnnaudioException e = assertThrows(SnnaudioException.class,
                () -> ShdReader.read(new DatasetConfig.Shd(List.of(truncated), 100, 1.0, 700)));
        assertTrue(e.getMessage().startsWith(truncated.toString() + ": "), e.getMessage());
        Path noLabels = file("shd_nolabels.h5");
        e = assertThrows(SnnaudioException.class, () -> ShdReader.read(new DatasetConfig.Shd(List.of(noLabels), 100, 1.0, 700)));
        assertTrue(e.getMessage().startsWith(noLabels + ": missing or unreadable dataset 'labels'"), e.getMessage());
        e = assertThrows(SnnaudioException.class, () -> ShdReader.read(new DatasetConfig.Shd(List.of(file("shd_f16.h5")), 100, 1.0, 64)));
        assertTrue(e.getMessage().endsWith("sample 0 has a spike on unit 699, outside [0, 64) channels"), e.getMessage());
        assertEquals("steps must be > 0, got 0", assertThrows(SnnaudioException.class,
                () -> new DatasetConfig.Shd(List.of(noLabels), 0, 1.0, 700)).getMessage());
        Path missing = Path.of("nowhere/shd_test.h5");
        assertEquals("nowhere/shd_test.h5: SHD file not found", assertThrows(SnnaudioException.class,
                () -> ShdReader.read(new DatasetConfig.Shd(List.of(missing), 10, 1.0, 700))).getMessage());
    }
}
