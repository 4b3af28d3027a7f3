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

    /**
     * The kernel the IIR filterbank runs in this JVM: {@code vector} (the Vector API, when the JVM runs with
     * {@code --add-modules jdk.incubator.vector}) or {@code scalar}; both give the same bits.
     */
    public static String filterbankKernel() {
        return IirBank.kernelName();
    }
}
