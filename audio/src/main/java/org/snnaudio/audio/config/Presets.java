package org.snnaudio.audio.config;

import org.snnaudio.audio.frontend.FrontendConfig;
import org.snnaudio.audio.frontend.FrontendConfig.LogScale;
import org.snnaudio.audio.frontend.FrontendConfig.MelNorm;
import org.snnaudio.audio.frontend.FrontendConfig.MelScale;
import org.snnaudio.audio.frontend.FrontendConfig.Window;
import org.snnaudio.core.SnnaudioException;

import java.util.LinkedHashMap;
import java.util.Map;

/** Built-in frontend configurations by name, reproducing the setups of the tools users come from. */
public final class Presets {
    private static final Map<String, FrontendConfig> FRONTENDS = new LinkedHashMap<>();

    static {
        // Talamo tutorial: 8 kHz, 32 MFCC, nFft 512, hop 512, 128 mels
        FRONTENDS.put("talamo-mfcc", FrontendConfig.Mfcc.defaults());
        // torchaudio.transforms.MFCC defaults at 16 kHz (with its top_db 80 clamp, offline only)
        FRONTENDS.put("torchaudio-mfcc", new FrontendConfig.Mfcc(16000, 40, 400, 0, 200, Window.HANN, true, 128, 0, 0,
                MelScale.HTK, MelNorm.NONE, LogScale.DB, 80));
        // speech MFCC at 16 kHz: 32 ms windows, 16 ms hop, 32 coefficients from 64 mels
        FRONTENDS.put("speech-mfcc", new FrontendConfig.Mfcc(16000, 32, 512, 0, 256, Window.HANN, true, 64, 20, 0,
                MelScale.HTK, MelNorm.NONE, LogScale.DB, 0));
        FRONTENDS.put("log-mel", FrontendConfig.MelSpectrogram.defaults());
        FRONTENDS.put("nwave-filterbank", FrontendConfig.IirFilterbank.defaults());
        FRONTENDS.put("shd-cochlea", FrontendConfig.Gammatone.defaults());
        FRONTENDS.put("whale-stft", FrontendConfig.Stft.defaults());
    }

    private Presets() {
    }

    /** Names of the built-in frontends. */
    public static java.util.Set<String> frontendNames() {
        return java.util.Collections.unmodifiableSet(FRONTENDS.keySet());
    }

    /** The built-in frontend of that name. */
    public static FrontendConfig frontend(String name) {
        FrontendConfig c = FRONTENDS.get(name);
        if (c == null) {
            throw new SnnaudioException("unknown frontend preset \"" + name + "\"; built-in: " + FRONTENDS.keySet());
        }
        return c;
    }
}
