package org.snnaudio.audio.frontend;

import org.snnaudio.audio.Check;
import org.snnaudio.core.SnnaudioException;

/**
 * What a frontend computes, as plain records a pipeline config can hold (see
 * {@link org.snnaudio.audio.config.ConfigMaps} for the map form). {@link #create()} builds the
 * {@link Frontend}; the same record always gives the same features, offline or streamed.
 */
public sealed interface FrontendConfig {

    /** Stable name of the frontend kind, used as {@code type} in config files. */
    String name();

    /** Audio rate in hertz the frontend expects (clips are resampled to it). */
    int sampleRate();

    /** Builds the frontend. */
    default Frontend create() {
        return Frontends.create(this);
    }

    /** Analysis window of the short-time Fourier transform (periodic, as torch and scipy use). */
    enum Window { HANN, HAMMING, RECTANGULAR }

    /** Mel scale formula: HTK {@code 2595 log10(1 + f/700)} or Slaney's (linear below 1 kHz, log above). */
    enum MelScale { HTK, SLANEY }

    /** Mel filter normalisation: none (peak 1) or Slaney's (equal area). */
    enum MelNorm { NONE, SLANEY }

    /** Output compression: none, decibels ({@code 10 log10(max(x, 1e-10))}) or {@code ln(x + 1e-6)}. */
    enum LogScale { NONE, DB, LOG }

    /** Rectification of filter outputs. */
    enum Rectify { FULL, HALF }

    /**
     * Short-time Fourier transform magnitude ({@code power} 1) or power ({@code power} 2) spectrogram,
     * {@code nFft/2 + 1} channels, one frame per {@code hop} samples. {@code winLength} 0 means nFft; with
     * {@code center} the signal is reflect-padded by nFft/2 on both sides (torch.stft's default).
     */
    record Stft(int sampleRate, int nFft, int winLength, int hop, Window window, boolean center, double power,
                LogScale log) implements FrontendConfig {
        public Stft {
            spectral(sampleRate, nFft, winLength, hop);
            if (window == null) {
                window = Window.HANN;
            }
            if (log == null) {
                log = LogScale.NONE;
            }
            if (power != 1 && power != 2) {
                throw new SnnaudioException("power must be 1 (magnitude) or 2 (power), got " + power);
            }
        }

        /** The whale-call slides' spectrogram: Hamming, nFft 512, overlap 486 (hop 26), 2 kHz. */
        public static Stft defaults() {
            return new Stft(2000, 512, 0, 26, Window.HAMMING, false, 2, LogScale.NONE);
        }

        @Override
        public String name() {
            return "stft";
        }
    }

    /**
     * Mel spectrogram: power spectrum through {@code nMels} triangular filters between fMin and fMax
     * ({@code fMax} 0 means sampleRate/2), optionally in dB or log. {@code topDb} > 0 clamps dB values to
     * {@code max - topDb} over the whole clip, as torchaudio's AmplitudeToDB does (offline only).
     */
    record MelSpectrogram(int sampleRate, int nFft, int winLength, int hop, Window window, boolean center, int nMels,
                          double fMin, double fMax, MelScale melScale, MelNorm melNorm, double power, LogScale log,
                          double topDb) implements FrontendConfig {
        public MelSpectrogram {
            spectral(sampleRate, nFft, winLength, hop);
            mel(sampleRate, nMels, fMin, fMax);
            Check.nonNegative("topDb", topDb, " dB");
            if (power != 1 && power != 2) {
                throw new SnnaudioException("power must be 1 (magnitude) or 2 (power), got " + power);
            }
            if (window == null) {
                window = Window.HANN;
            }
            if (melScale == null) {
                melScale = MelScale.HTK;
            }
            if (melNorm == null) {
                melNorm = MelNorm.NONE;
            }
            if (log == null) {
                log = LogScale.DB;
            }
            if (topDb > 0 && log != LogScale.DB) {
                throw new SnnaudioException("topDb applies to dB output only; set log: db or topDb: 0");
            }
        }

        /** Log-mel at 16 kHz: 25 ms windows (nFft 400), 10 ms hop, 40 HTK mels, dB. */
        public static MelSpectrogram defaults() {
            return new MelSpectrogram(16000, 400, 0, 160, Window.HANN, true, 40, 0, 0, MelScale.HTK, MelNorm.NONE, 2,
                    LogScale.DB, 0);
        }

        @Override
        public String name() {
            return "mel";
        }
    }

    /**
     * Mel-frequency cepstral coefficients: the DCT-II (orthonormal) of the log (dB by default) power mel
     * spectrogram, as torchaudio.transforms.MFCC computes it. {@code topDb} as in {@link MelSpectrogram}.
     */
    record Mfcc(int sampleRate, int nMfcc, int nFft, int winLength, int hop, Window window, boolean center, int nMels,
                double fMin, double fMax, MelScale melScale, MelNorm melNorm, LogScale log, double topDb)
            implements FrontendConfig {
        public Mfcc {
            spectral(sampleRate, nFft, winLength, hop);
            mel(sampleRate, nMels, fMin, fMax);
            Check.positive("nMfcc", nMfcc);
            if (nMfcc > nMels) {
                throw new SnnaudioException("nMfcc must be <= nMels = " + nMels + ", got " + nMfcc);
            }
            Check.nonNegative("topDb", topDb, " dB");
            if (window == null) {
                window = Window.HANN;
            }
            if (melScale == null) {
                melScale = MelScale.HTK;
            }
            if (melNorm == null) {
                melNorm = MelNorm.NONE;
            }
            if (log == null) {
                log = LogScale.DB;
            }
            if (log == LogScale.NONE) {
                throw new SnnaudioException("MFCC needs a log scale (db or log), got none");
            }
            if (topDb > 0 && log != LogScale.DB) {
                throw new SnnaudioException("topDb applies to dB output only; set log: db or topDb: 0");
            }
        }

        /** Talamo's configuration: 8 kHz, 32 coefficients, nFft 512, hop 512, 128 mels. */
        public static Mfcc defaults() {
            return new Mfcc(8000, 32, 512, 0, 512, Window.HANN, true, 128, 0, 0, MelScale.HTK, MelNorm.NONE, LogScale.DB, 0);
        }

        @Override
        public String name() {
            return "mfcc";
        }
    }

    /**
     * NWAVE-style analog frontend: {@code filters} band-pass biquads (constant 0 dB peak gain, quality
     * {@code q}) with centre frequencies log-spaced from fLow to fHigh; filters at or above the Nyquist
     * frequency are dropped (with a warning); outputs are rectified and averaged per {@code binSeconds}.
     */
    record IirFilterbank(int sampleRate, int filters, double fLow, double fHigh, double q, double binSeconds,
                         Rectify rectify) implements FrontendConfig {
        public IirFilterbank {
            Check.positive("sampleRate", sampleRate);
            Check.positive("filters", filters);
            Check.positive("fLow", fLow, " Hz");
            Check.positive("q", q, "");
            Check.positive("binSeconds", binSeconds, " s");
            if (!(fHigh >= fLow)) {
                throw new SnnaudioException("fHigh must be >= fLow = " + fLow + " Hz, got " + fHigh);
            }
            if (Math.round(binSeconds * sampleRate) < 1) {
                throw new SnnaudioException("binSeconds " + binSeconds + " s is shorter than one sample at " + sampleRate + " Hz");
            }
            if (rectify == null) {
                rectify = Rectify.FULL;
            }
        }

        /** NWAVE's tutorial: 16 filters, 97.6 Hz to 15.9 kHz, 8 ms bins, 16 kHz audio. */
        public static IirFilterbank defaults() {
            return new IirFilterbank(16000, 16, 97.6, 15900, 3.0, 0.008, Rectify.FULL);
        }

        @Override
        public String name() {
            return "filterbank";
        }
    }

    /**
     * Cochlea model: {@code channels} fourth-order gammatone filters (Slaney's 4-biquad form) with centre
     * frequencies equally spaced on the ERB-rate scale, inner-hair-cell half-wave rectification and
     * power-law {@code compression}, and (with {@code spikes}) one integrate-and-fire spike generator per
     * channel at audio rate, firing up to {@code maxRate} spikes per second per unit compressed drive,
     * with a {@code refractorySeconds} dead time. Frames hold spike counts per {@code binSeconds} (or the
     * mean compressed drive without spikes). With 700 channels this is the SHD construction for any
     * recording.
     */
    record Gammatone(int sampleRate, int channels, double fLow, double fHigh, double binSeconds, double compression,
                     boolean spikes, double maxRate, double refractorySeconds) implements FrontendConfig {
        public Gammatone {
            Check.positive("sampleRate", sampleRate);
            Check.positive("channels", channels);
            if (channels > 4096) {
                throw new SnnaudioException("channels must be <= 4096, got " + channels);
            }
            Check.positive("fLow", fLow, " Hz");
            Check.positive("binSeconds", binSeconds, " s");
            Check.range("compression", compression, 0.01, 1.0);
            Check.positive("maxRate", maxRate, " spikes/s");
            Check.nonNegative("refractorySeconds", refractorySeconds, " s");
            if (!(fHigh > fLow)) {
                throw new SnnaudioException("fHigh must be > fLow = " + fLow + " Hz, got " + fHigh);
            }
            if (fHigh >= sampleRate / 2.0) {
                throw new SnnaudioException("fHigh must be below the Nyquist frequency " + sampleRate / 2.0 + " Hz, got " + fHigh);
            }
            if (Math.round(binSeconds * sampleRate) < 1) {
                throw new SnnaudioException("binSeconds " + binSeconds + " s is shorter than one sample at " + sampleRate + " Hz");
            }
        }

        /** The SHD-like cochlea: 700 channels from 50 Hz to 7.5 kHz at 16 kHz, 10 ms bins, spikes. */
        public static Gammatone defaults() {
            return new Gammatone(16000, 700, 50, 7500, 0.01, 0.3, true, 400, 0.001);
        }

        @Override
        public String name() {
            return "gammatone";
        }
    }

    private static void spectral(int sampleRate, int nFft, int winLength, int hop) {
        Check.positive("sampleRate", sampleRate);
        if (nFft < 2) {
            throw new SnnaudioException("nFft must be >= 2, got " + nFft);
        }
        Check.nonNegative("winLength", winLength);
        if (winLength > nFft) {
            throw new SnnaudioException("winLength must be <= nFft = " + nFft + " (0 means nFft), got " + winLength);
        }
        Check.positive("hop", hop);
    }

    private static void mel(int sampleRate, int nMels, double fMin, double fMax) {
        Check.positive("nMels", nMels);
        Check.nonNegative("fMin", fMin, " Hz");
        Check.nonNegative("fMax", fMax, " Hz");
        double top = fMax == 0 ? sampleRate / 2.0 : fMax;
        if (top > sampleRate / 2.0) {
            throw new SnnaudioException("fMax must be <= the Nyquist frequency " + sampleRate / 2.0 + " Hz, got " + fMax);
        }
        if (!(fMin < top)) {
            throw new SnnaudioException("fMin must be < fMax = " + top + " Hz, got " + fMin);
        }
    }
}
