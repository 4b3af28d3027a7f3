package org.snnaudio.audio.frontend;

/** Builds the {@link Frontend} for a {@link FrontendConfig}: the one place configs map to code. */
public final class Frontends {
    private Frontends() {
    }

    public static Frontend create(FrontendConfig config) {
        return switch (config) {
            case FrontendConfig.Stft c -> new SpectralFrontend(c);
            case FrontendConfig.MelSpectrogram c -> new SpectralFrontend(c);
            case FrontendConfig.Mfcc c -> new SpectralFrontend(c);
            case FrontendConfig.IirFilterbank c -> new FilterbankFrontend(c);
            case FrontendConfig.Gammatone c -> new GammatoneFrontend(c);
        };
    }
}
