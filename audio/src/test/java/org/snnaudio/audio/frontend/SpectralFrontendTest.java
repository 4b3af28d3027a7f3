package org.snnaudio.audio.frontend;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.snnaudio.audio.TestAudio;
import org.snnaudio.audio.config.Presets;
import org.snnaudio.audio.frontend.FrontendConfig.LogScale;
import org.snnaudio.audio.frontend.FrontendConfig.MelNorm;
import org.snnaudio.audio.frontend.FrontendConfig.MelScale;
import org.snnaudio.audio.frontend.FrontendConfig.Window;
import org.snnaudio.audio.io.AudioReader;
import org.snnaudio.core.SnnaudioException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Frontends against torchaudio's output (fixtures from src/test/python/make_torchaudio_fixtures.py). */
class SpectralFrontendTest {

    static float[] audio(String name) throws Exception {
        return AudioReader.read(Path.of(SpectralFrontendTest.class.getResource("/torchaudio/" + name + ".wav").toURI())).samples();
    }

    static double[][] csv(String name) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(SpectralFrontendTest.class.getResource("/torchaudio/" + name + ".csv").toURI()));
        double[][] m = new double[lines.size()][];
        for (int i = 0; i < m.length; i++) {
            String[] cells = lines.get(i).split(",");
            m[i] = new double[cells.length];
            for (int j = 0; j < cells.length; j++) {
                m[i][j] = Double.parseDouble(cells[j]);
            }
        }
        return m;
    }

    /** RMS of the difference relative to the RMS of the reference. */
    static double relativeRms(Features f, double[][] ref) {
        assertEquals(ref.length, f.frames(), "frames");
        assertEquals(ref[0].length, f.channels(), "channels");
        double num = 0;
        double den = 0;
        for (int t = 0; t < ref.length; t++) {
            for (int c = 0; c < ref[t].length; c++) {
                double d = f.get(t, c) - ref[t][c];
                num += d * d;
                den += ref[t][c] * ref[t][c];
            }
        }
        return Math.sqrt(num / den);
    }

    @Test
    void talamoMfccMatchesTorchaudio() throws Exception {
        // torchaudio.transforms.MFCC(8000, n_mfcc=32, melkwargs={n_fft: 512, hop_length: 512, n_mels: 128}), top_db 80
        FrontendConfig.Mfcc c = new FrontendConfig.Mfcc(8000, 32, 512, 0, 512, Window.HANN, true, 128, 0, 0, MelScale.HTK,
                MelNorm.NONE, LogScale.DB, 80);
        double err = relativeRms(c.create().process(audio("talamo_mfcc")), csv("talamo_mfcc"));
        assertTrue(err < 1e-3, "relative RMS " + err);
    }

    @Test
    void torchaudioDefaultMfccMatches() throws Exception {
        double err = relativeRms(Presets.frontend("torchaudio-mfcc").create().process(audio("default_mfcc")), csv("default_mfcc"));
        assertTrue(err < 1e-3, "relative RMS " + err);
    }

    @Test
    void slaneyLogMelMatchesTorchaudio() throws Exception {
        FrontendConfig.MelSpectrogram c = new FrontendConfig.MelSpectrogram(16000, 512, 300, 160, Window.HANN, false, 40,
                50, 7000, MelScale.SLANEY, MelNorm.SLANEY, 1, LogScale.DB, 0);
        double err = relativeRms(c.create().process(audio("slaney_mel")), csv("slaney_mel"));
        assertTrue(err < 1e-3, "relative RMS " + err);
    }

    @Test
    void hammingPowerSpectrogramMatchesTorchaudio() throws Exception {
        Frontend f = Presets.frontend("whale-stft").create();
        assertEquals(257, f.channels());
        assertEquals(26 / 2000.0, f.framePeriod(), 1e-12);
        double err = relativeRms(f.process(audio("hamming_stft")), csv("hamming_stft"));
        assertTrue(err < 1e-3, "relative RMS " + err);
    }

    @RepeatedTest(8)
    void streamingInRandomChunksEqualsOffline(RepetitionInfo info) {
        Random r = new Random(7 + info.getCurrentRepetition());
        List<FrontendConfig> configs = List.of(
                Presets.frontend("talamo-mfcc"), Presets.frontend("speech-mfcc"), Presets.frontend("log-mel"),
                Presets.frontend("whale-stft"),
                new FrontendConfig.Stft(8000, 255, 200, 77, Window.HAMMING, true, 1, LogScale.LOG));
        FrontendConfig c = configs.get(r.nextInt(configs.size()));
        float[] x = new float[300 + r.nextInt(9000)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * 0.3);
        }
        Frontend f = c.create();
        Features offline = f.process(x);
        FrameCollector col = new FrameCollector(f.channels());
        FrameStream s = f.newStream();
        int pos = 0;
        while (pos < x.length) {
            int n = Math.min(x.length - pos, r.nextInt(700));
            s.push(x, pos, n, col);
            pos += n;
        }
        s.finish(col);
        Features streamed = col.features(f.framePeriod());
        assertEquals(offline.frames(), streamed.frames(), c.name());
        assertArrayEquals(offline.values(), streamed.values(), 0f, c.toString());
    }

    @Test
    void powerSpectrumEqualsADirectDftForEveryKindOfEvenNFft() {
        // nFft 4j and 4j + 2 take different paths through the half-length complex FFT's split
        Random r = new Random(17);
        for (int nFft : new int[]{4, 6, 10, 14, 16, 30, 64, 398}) {
            float[] x = new float[3 * nFft];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
            }
            Features got = new FrontendConfig.Stft(8000, nFft, 0, nFft, FrontendConfig.Window.RECTANGULAR, false, 2,
                    FrontendConfig.LogScale.NONE).create().process(x);
            assertEquals(3, got.frames(), "nFft " + nFft);
            assertEquals(nFft / 2 + 1, got.channels(), "nFft " + nFft);
            for (int t = 0; t < 3; t++) {
                double total = 0;
                double[] want = new double[nFft / 2 + 1];
                for (int k = 0; k <= nFft / 2; k++) {
                    double re = 0;
                    double im = 0;
                    for (int n = 0; n < nFft; n++) {
                        double a = -2 * Math.PI * k * n / nFft;
                        re += x[t * nFft + n] * Math.cos(a);
                        im += x[t * nFft + n] * Math.sin(a);
                    }
                    want[k] = re * re + im * im;
                    total += want[k];
                }
                for (int k = 0; k <= nFft / 2; k++) {
                    assertEquals(want[k], got.get(t, k), 1e-5 * total, "nFft " + nFft + ", frame " + t + ", bin " + k);
                }
            }
        }
    }

    @Test
    void centredFrameCountFollowsTorchStft() {
        Frontend f = Presets.frontend("talamo-mfcc").create();
        assertEquals(1 + 8000 / 512, f.process(new float[8000]).frames());
        assertEquals(32, f.channels());
        assertEquals(0.064, f.framePeriod(), 1e-12);
    }

    @Test
    void pureToneLightsTheMelBandHoldingIt() {
        FrontendConfig.MelSpectrogram c = new FrontendConfig.MelSpectrogram(16000, 512, 0, 160, Window.HANN, true, 40, 0, 0,
                MelScale.HTK, MelNorm.NONE, 2, LogScale.NONE, 0);
        MelFilters mel = new MelFilters(16000, 257, 40, 0, 8000, MelScale.HTK, MelNorm.NONE);
        Features f = c.create().process(TestAudio.sine(2000, 0.5, 16000, 8000));
        int best = 0;
        for (int m = 1; m < 40; m++) {
            if (f.get(10, m) > f.get(10, best)) {
                best = m;
            }
        }
        double lo = mel.centres[Math.max(0, best - 1)];
        double hi = mel.centres[Math.min(39, best + 1)];
        assertTrue(lo <= 2000 && 2000 <= hi, "band " + best + " spans " + lo + ".." + hi);
    }

    @Test
    void melScalesInvertAndMatchKnownValues() {
        assertEquals(1000.0, MelFilters.hzToMel(1000, MelScale.HTK), 0.05); // HTK: 1000 Hz is about 1000 mel
        assertEquals(15.0, MelFilters.hzToMel(1000, MelScale.SLANEY), 1e-12);
        for (double f : new double[]{0, 123, 999, 1000, 4321, 8000}) {
            assertEquals(f, MelFilters.melToHz(MelFilters.hzToMel(f, MelScale.HTK), MelScale.HTK), 1e-6);
            assertEquals(f, MelFilters.melToHz(MelFilters.hzToMel(f, MelScale.SLANEY), MelScale.SLANEY), 1e-6);
        }
    }

    @Test
    void dctIsOrthonormal() {
        float[] d = SpectralFrontend.dct(20, 20);
        for (int a = 0; a < 20; a++) {
            for (int b = 0; b < 20; b++) {
                double dot = 0;
                for (int n = 0; n < 20; n++) {
                    dot += d[a * 20 + n] * d[b * 20 + n];
                }
                assertEquals(a == b ? 1 : 0, dot, 1e-5);
            }
        }
    }

    @Test
    void badAudioAndSettingsAreRejected() {
        Frontend f = Presets.frontend("talamo-mfcc").create();
        assertEquals("audio of 100 samples is too short for centred frames with nFft 512 (reflect padding needs more than 256 samples)",
                assertThrows(SnnaudioException.class, () -> f.process(new float[100])).getMessage());
        float[] nan = new float[1000];
        nan[500] = Float.NaN;
        assertEquals("audio sample 500 is NaN; audio must be finite",
                assertThrows(SnnaudioException.class, () -> f.process(nan)).getMessage());
        assertEquals("mfcc: topDb 80.0 clamps to the whole clip's maximum and cannot be streamed; set topDb: 0 for streaming",
                assertThrows(SnnaudioException.class, () -> Presets.frontend("torchaudio-mfcc").create().newStream()).getMessage());
        assertEquals("nMfcc must be <= nMels = 20, got 32", assertThrows(SnnaudioException.class,
                () -> new FrontendConfig.Mfcc(8000, 32, 512, 0, 512, null, true, 20, 0, 0, null, null, null, 0)).getMessage());
        assertEquals("fMax must be <= the Nyquist frequency 4000.0 Hz, got 5000.0", assertThrows(SnnaudioException.class,
                () -> new FrontendConfig.Mfcc(8000, 13, 512, 0, 512, null, true, 20, 0, 5000, null, null, null, 0)).getMessage());
        assertEquals("hop must be > 0, got 0", assertThrows(SnnaudioException.class,
                () -> new FrontendConfig.Stft(8000, 512, 0, 0, null, true, 2, null)).getMessage());
        assertEquals("winLength must be <= nFft = 256 (0 means nFft), got 300", assertThrows(SnnaudioException.class,
                () -> new FrontendConfig.Stft(8000, 256, 300, 10, null, true, 2, null)).getMessage());
        assertEquals("power must be 1 (magnitude) or 2 (power), got 3.0", assertThrows(SnnaudioException.class,
                () -> new FrontendConfig.Stft(8000, 256, 0, 10, null, true, 3, null)).getMessage());
        assertEquals("MFCC needs a log scale (db or log), got none", assertThrows(SnnaudioException.class,
                () -> new FrontendConfig.Mfcc(8000, 13, 512, 0, 512, null, true, 20, 0, 0, null, null, LogScale.NONE, 0)).getMessage());
    }
}
