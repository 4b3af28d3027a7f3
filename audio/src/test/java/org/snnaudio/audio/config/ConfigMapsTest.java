package org.snnaudio.audio.config;

import org.junit.jupiter.api.Test;
import org.snnaudio.audio.data.DatasetConfig;
import org.snnaudio.audio.encode.EncoderConfig;
import org.snnaudio.audio.frontend.FrontendConfig;
import org.snnaudio.audio.io.Preprocess;
import org.snnaudio.core.SnnaudioException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConfigMapsTest {

    @Test
    void everyFrontendKindRoundTrips() {
        for (String name : Presets.frontendNames()) {
            FrontendConfig c = Presets.frontend(name);
            assertEquals(c, ConfigMaps.frontend(ConfigMaps.toMap((Record) c)), name);
        }
        assertEquals(List.of("stft", "mel", "mfcc", "filterbank", "gammatone"), ConfigMaps.kinds(FrontendConfig.class));
    }

    @Test
    void everyEncoderKindRoundTrips() {
        List<EncoderConfig> all = List.of(EncoderConfig.IntegrateAndFire.defaults(), EncoderConfig.Rate.defaults(),
                EncoderConfig.Delta.defaults(), EncoderConfig.Latency.defaults(), EncoderConfig.DirectCurrent.defaults(),
                EncoderConfig.SpikeCounts.defaults());
        for (EncoderConfig c : all) {
            assertEquals(c, ConfigMaps.encoder(ConfigMaps.toMap((Record) c)), c.name());
        }
        assertEquals(List.of("if", "rate", "delta", "latency", "direct", "counts"), ConfigMaps.kinds(EncoderConfig.class));
    }

    @Test
    void datasetsAndPreprocessRoundTrip() {
        List<DatasetConfig> all = List.of(new DatasetConfig.FolderPerClass(Path.of("data/x"), List.of("a", "b"), "^([a-z]+)_"),
                new DatasetConfig.Fsdd(Path.of("fsdd")), new DatasetConfig.SpeechCommands(Path.of("sc"), List.of("yes", "no")),
                new DatasetConfig.CsvManifest(List.of(Path.of("t.csv"), Path.of("v.csv")), List.of(), ""),
                new DatasetConfig.Shd(List.of(Path.of("shd_train.h5")), 100, 1.4, 700));
        for (DatasetConfig c : all) {
            assertEquals(c, ConfigMaps.dataset(ConfigMaps.toMap((Record) c)), c.name());
        }
        Preprocess p = new Preprocess(true, 8000, Preprocess.Position.CENTER, Preprocess.Position.START, Preprocess.Normalize.RMS, 0.1, 32768);
        assertEquals(p, ConfigMaps.preprocess(ConfigMaps.toMap(p)));
    }

    @Test
    void pythonStyleKeysAndDefaults() {
        FrontendConfig c = ConfigMaps.frontend(Map.of("type", "mfcc", "sample_rate", 16000, "n_mfcc", 13, "mel-scale", "Slaney",
                "hop", "160"));
        FrontendConfig.Mfcc m = (FrontendConfig.Mfcc) c;
        assertEquals(16000, m.sampleRate());
        assertEquals(13, m.nMfcc());
        assertEquals(160, m.hop());
        assertEquals(FrontendConfig.MelScale.SLANEY, m.melScale());
        assertEquals(128, m.nMels()); // default of the kind
    }

    @Test
    void errorsNameTheSetting() {
        assertEquals("frontend mfcc: unknown setting \"nmfc\"; known: [sampleRate, nMfcc, nFft, winLength, hop, window, center, nMels,"
                + " fMin, fMax, melScale, melNorm, log, topDb]",
                assertThrows(SnnaudioException.class, () -> ConfigMaps.frontend(Map.of("type", "mfcc", "nmfc", 3))).getMessage());
        assertEquals("frontend mfcc: nMfcc must be an integer, got 3.5",
                assertThrows(SnnaudioException.class, () -> ConfigMaps.frontend(Map.of("type", "mfcc", "nMfcc", 3.5))).getMessage());
        assertEquals("frontend: unknown type \"wavelet\"; known: [stft, mel, mfcc, filterbank, gammatone]",
                assertThrows(SnnaudioException.class, () -> ConfigMaps.frontend(Map.of("type", "wavelet"))).getMessage());
        assertEquals("frontend stft: window must be one of [hann, hamming, rectangular], got blackman",
                assertThrows(SnnaudioException.class, () -> ConfigMaps.frontend(Map.of("type", "stft", "window", "blackman"))).getMessage());
        assertEquals("frontend mfcc: nMfcc must be > 0, got -1",
                assertThrows(SnnaudioException.class, () -> ConfigMaps.frontend(Map.of("type", "mfcc", "nMfcc", -1))).getMessage());
        assertEquals("dataset fsdd: root is required",
                assertThrows(SnnaudioException.class, () -> ConfigMaps.dataset(Map.of("type", "fsdd"))).getMessage());
        assertEquals("encoder: give its type, one of [if, rate, delta, latency, direct, counts]",
                assertThrows(SnnaudioException.class, () -> ConfigMaps.encoder(Map.of("threshold", 1))).getMessage());
    }
}
