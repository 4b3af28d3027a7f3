package org.snnaudio.cli.bench;

import org.snnaudio.audio.config.Presets;
import org.snnaudio.audio.frontend.Frontend;
import org.snnaudio.audio.frontend.FrontendConfig;
import org.snnaudio.audio.io.WavWriter;
import org.snnaudio.core.SnnaudioException;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code snnaudio bench --features}: real-time factors (seconds of audio per CPU second, one thread,
 * 16 kHz) on the same 10 s recording of: MFCC ({@link #MFCC}: nFft 512, hop 256, 64 mels, 32
 * coefficients, top-dB 80), log-mel ({@code log-mel}), the NWAVE filterbank ({@code nwave-filterbank}),
 * the 700-channel gammatone cochlea ({@code shd-cochlea}), and MFCC with torchaudio's defaults
 * ({@code torchaudio-mfcc}: nFft 400, hop 200, 128 mels, 40 coefficients; key {@code mfcc400_rtf}).
 * When {@code /usr/bin/python3} with torchaudio and {@code audio/scripts/torchaudio-mfcc-rtf.py} are at
 * hand, torchaudio's MFCC is timed on the same audio with the same two settings in the same run. Prints
 * one JSON line last.
 */
final class FeatureBench {
    private static final int RATE = 16000;
    private static final double AUDIO_SECONDS = 10.0;
    /**
     * The benchmark MFCC: the speech-mfcc preset (32 ms windows, 16 ms hop, 64 HTK mels, 32
     * coefficients) with torchaudio's top-dB 80 clamp, so both libraries compute the same thing.
     */
    static final FrontendConfig.Mfcc MFCC = new FrontendConfig.Mfcc(16000, 32, 512, 0, 256, FrontendConfig.Window.HANN, true,
            64, 0, 0, FrontendConfig.MelScale.HTK, FrontendConfig.MelNorm.NONE, FrontendConfig.LogScale.DB, 80);

    private FeatureBench() {
    }

    static int run(double seconds) {
        if (!(seconds > 0)) {
            throw new SnnaudioException("bench: --seconds must be > 0, got " + seconds);
        }
        float[] audio = testSignal();
        Map<String, FrontendConfig> cases = new LinkedHashMap<>();
        cases.put("mfcc", MFCC);
        cases.put("mfcc400", Presets.frontend("torchaudio-mfcc"));
        cases.put("mel", Presets.frontend("log-mel"));
        cases.put("filterbank", Presets.frontend("nwave-filterbank"));
        cases.put("gammatone", Presets.frontend("shd-cochlea"));
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Double> rtf = new LinkedHashMap<>();
        double phase = Math.max(0.5, seconds / 4);
        System.out.printf(Locale.ROOT, "feature extraction on %.0f s of 16 kHz audio, one thread, ~%.1f CPU s per frontend%n",
                AUDIO_SECONDS, phase);
        for (Map.Entry<String, FrontendConfig> e : cases.entrySet()) {
            Frontend f = e.getValue().create();
            double sink = 0;
            long warmEnd = mx.getCurrentThreadCpuTime() + (long) (Math.max(1.5, phase / 2) * 1e9);
            while (mx.getCurrentThreadCpuTime() < warmEnd) {
                sink += f.process(audio).values()[0];
            }
            int runs = 0;
            long t0 = mx.getCurrentThreadCpuTime();
            long t;
            do {
                sink += f.process(audio).values()[0];
                runs++;
                t = mx.getCurrentThreadCpuTime();
            } while (t - t0 < phase * 1e9);
            double cpu = (t - t0) / 1e9;
            double r = runs * AUDIO_SECONDS / cpu;
            rtf.put(e.getKey(), r);
            System.out.printf(Locale.ROOT, "%-10s %-17s %5d channels  %10.0fx real time  (%d runs in %.2f CPU s)%s%n", e.getKey(),
                    presetName(e.getValue()), f.channels(), r, runs, cpu, Double.isNaN(sink) ? " (NaN seen)" : "");
        }
        Double torch = torchaudio(audio, seconds, MFCC);
        Double torch400 = torchaudio(audio, seconds, (FrontendConfig.Mfcc) Presets.frontend("torchaudio-mfcc"));
        StringBuilder json = new StringBuilder("{");
        for (String k : List.of("mfcc", "mel", "filterbank", "gammatone", "mfcc400")) {
            json.append(String.format(Locale.ROOT, "\"%s_rtf\":%.1f,", k, rtf.get(k)));
        }
        if (torch != null) {
            json.append(String.format(Locale.ROOT, "\"torchaudio_mfcc_rtf\":%.1f,", torch));
        }
        if (torch400 != null) {
            json.append(String.format(Locale.ROOT, "\"torchaudio_mfcc400_rtf\":%.1f,", torch400));
        }
        json.setLength(json.length() - 1);
        json.append('}');
        System.out.println(json);
        return 0;
    }

    private static String presetName(FrontendConfig c) {
        for (String n : Presets.frontendNames()) {
            if (Presets.frontend(n).equals(c)) {
                return n;
            }
        }
        return c.name();
    }

    /** Ten seconds of speech-like test audio: a gliding harmonic tone with noise bursts, fixed seed. */
    static float[] testSignal() {
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

    /** Runs the torchaudio comparison script when Python and torchaudio are available; null otherwise. */
    private static Double torchaudio(float[] audio, double seconds, FrontendConfig.Mfcc c) {
        Path script = findScript();
        Path python = Path.of("/usr/bin/python3");
        if (script == null || !Files.isExecutable(python)) {
            System.out.println("torchaudio comparison skipped: needs /usr/bin/python3 with torchaudio and audio/scripts/torchaudio-mfcc-rtf.py");
            return null;
        }
        try {
            Path wav = Files.createTempFile("snnaudio-bench", ".wav");
            try {
                Files.write(wav, WavWriter.encode(audio, RATE, false));
                List<String> cmd = new ArrayList<>(List.of(python.toString(), script.toString(), wav.toString(),
                        "--seconds", String.format(Locale.ROOT, "%.2f", Math.max(0.5, seconds / 4)),
                        "--n-fft", Integer.toString(c.nFft()), "--hop", Integer.toString(c.hop()),
                        "--n-mels", Integer.toString(c.nMels()), "--n-mfcc", Integer.toString(c.nMfcc())));
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    System.out.println("torchaudio comparison failed: " + out.strip().lines().reduce((a, b) -> b).orElse(""));
                    return null;
                }
                String line = out.strip().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse("");
                System.out.println("torchaudio (same audio and settings, one thread): " + line);
                int i = line.indexOf("\"torchaudio_mfcc_rtf\":");
                if (i < 0) {
                    return null;
                }
                String rest = line.substring(i + "\"torchaudio_mfcc_rtf\":".length()).strip();
                int end = 0;
                while (end < rest.length() && "0123456789.eE+-".indexOf(rest.charAt(end)) >= 0) {
                    end++;
                }
                return Double.parseDouble(rest.substring(0, end));
            } finally {
                Files.deleteIfExists(wav);
            }
        } catch (IOException | RuntimeException e) {
            System.out.println("torchaudio comparison failed: " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static Path findScript() {
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of("audio/scripts/torchaudio-mfcc-rtf.py"));
        try {
            Path jar = Path.of(FeatureBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = jar.getParent() == null ? null : jar.getParent().getParent();
            if (root != null && root.getParent() != null) {
                candidates.add(root.getParent().resolve("audio/scripts/torchaudio-mfcc-rtf.py"));
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // fall back to the working directory only
        }
        for (Path c : candidates) {
            if (Files.isRegularFile(c)) {
                return c.toAbsolutePath();
            }
        }
        return null;
    }
}
