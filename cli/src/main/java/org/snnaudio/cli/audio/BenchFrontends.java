package org.snnaudio.cli.audio;

import org.snnaudio.audio.config.Presets;
import org.snnaudio.audio.frontend.FrontendConfig;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** The frontends and the test recording of {@code bench --features}, shared by the bench and its child JVMs. */
public final class BenchFrontends {
    /** Sample rate of the bench audio. */
    public static final int RATE = 16000;
    /** Length of the bench audio in seconds. */
    public static final double AUDIO_SECONDS = 10.0;
    /**
     * The benchmark MFCC: the speech-mfcc preset (32 ms windows, 16 ms hop, 64 HTK mels, 32
     * coefficients) with torchaudio's top-dB 80 clamp, so both libraries compute the same thing.
     */
    public static final FrontendConfig.Mfcc MFCC = new FrontendConfig.Mfcc(RATE, 32, 512, 0, 256, FrontendConfig.Window.HANN, true,
            64, 0, 0, FrontendConfig.MelScale.HTK, FrontendConfig.MelNorm.NONE, FrontendConfig.LogScale.DB, 80);

    private BenchFrontends() {
    }

    /** Bench key to frontend, in the order measured. */
    public static Map<String, FrontendConfig> cases() {
        Map<String, FrontendConfig> m = new LinkedHashMap<>();
        m.put("mfcc", MFCC);
        m.put("mel", Presets.frontend("log-mel"));
        m.put("filterbank", Presets.frontend("nwave-filterbank"));
        m.put("gammatone", Presets.frontend("shd-cochlea"));
        m.put("mfcc400", Presets.frontend("torchaudio-mfcc"));
        return m;
    }

    static FrontendConfig byName(String key) {
        FrontendConfig c = cases().get(key);
        if (c == null) {
            throw new IllegalArgumentException("unknown bench frontend " + key);
        }
        return c;
    }

    /** Ten seconds of speech-like test audio: a gliding harmonic tone with noise, fixed seed. */
    public static float[] testSignal() {
        int n = (int) (RATE * AUDIO_SECONDS);
        float[] x = new float[n];
        SplittableRandom r = new SplittableRandom(1);
        double phase = 0;
        for (int i = 0; i < n; i++) {
            double t = i / (double) RATE;
            double f0 = 120 + 60 * Math.sin(2 * Math.PI * 0.7 * t);
            phase += 2 * Math.PI * f0 / RATE;
            double v = 0;
            for (int h = 1; h <= 8; h++) {
                v += Math.sin(h * phase) / h;
            }
            double env = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t);
            x[i] = (float) (0.2 * env * v + 0.02 * (r.nextDouble() - 0.5));
        }
        return x;
    }
}
