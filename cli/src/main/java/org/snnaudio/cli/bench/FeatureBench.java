package org.snnaudio.cli.bench;

import org.snnaudio.audio.config.Presets;
import org.snnaudio.audio.frontend.FrontendConfig;
import org.snnaudio.audio.io.WavWriter;
import org.snnaudio.cli.audio.BenchFrontends;
import org.snnaudio.cli.audio.FrontendTiming;
import org.snnaudio.core.Simd;
import org.snnaudio.core.SnnaudioException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code snnaudio bench --features}: real-time factors (seconds of audio per CPU second, one thread,
 * 16 kHz) on the same 10 s recording of: MFCC ({@link BenchFrontends#MFCC}: nFft 512, hop 256, 64 mels,
 * 32 coefficients, top-dB 80), log-mel ({@code log-mel}), the NWAVE filterbank ({@code nwave-filterbank}),
 * the 700-channel gammatone cochlea ({@code shd-cochlea}), and MFCC with torchaudio's defaults
 * ({@code torchaudio-mfcc}: nFft 400, hop 200, 128 mels, 40 coefficients; key {@code mfcc400_rtf}).
 * Each frontend is timed in a fresh JVM ({@link FrontendTiming}). When {@code /usr/bin/python3} with
 * torchaudio and {@code audio/scripts/torchaudio-mfcc-rtf.py} are at hand, torchaudio's MFCC is timed on
 * the same audio with the same two settings in the same run. Prints one JSON line last.
 */
final class FeatureBench {
    private static final int RATE = BenchFrontends.RATE;

    private FeatureBench() {
    }

    static int run(double seconds) {
        if (!(seconds > 0)) {
            throw new SnnaudioException("bench: --seconds must be > 0, got " + seconds);
        }
        float[] audio = BenchFrontends.testSignal();
        Map<String, FrontendConfig> cases = BenchFrontends.cases();
        Map<String, Double> rtf = new LinkedHashMap<>();
        double phase = Math.max(0.5, seconds / 4);
        double warm = Math.max(1.5, phase / 2);
        System.out.printf(Locale.ROOT, "feature extraction on %.0f s of 16 kHz audio, one thread, ~%.1f CPU s per frontend,"
                + " each in a fresh JVM%n", BenchFrontends.AUDIO_SECONDS, phase);
        for (Map.Entry<String, FrontendConfig> e : cases.entrySet()) {
            FrontendTiming.Result r = forked(e.getKey(), warm, phase);
            if (r == null) {
                r = FrontendTiming.measure(e.getValue(), audio, warm, phase);
            }
            rtf.put(e.getKey(), r.rtf());
            System.out.printf(Locale.ROOT, "%-10s %-17s %5d channels  %10.0fx real time  (%d runs in %.2f CPU s)%n", e.getKey(),
                    presetName(e.getValue()), r.channels(), r.rtf(), r.runs(), r.cpuSeconds());
        }
        Double torch = torchaudio(audio, seconds, BenchFrontends.MFCC);
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

    /** Measures one frontend in a child JVM running {@link FrontendTiming}; null when that cannot be done. */
    private static FrontendTiming.Result forked(String key, double warm, double seconds) {
        try {
            String java = ProcessHandle.current().info().command().orElse(null);
            String cp = System.getProperty("java.class.path");
            if (java == null || cp == null || cp.isEmpty()) {
                return null;
            }
            List<String> cmd = new ArrayList<>(List.of(java, "-Xmx2g", "-XX:+UseParallelGC"));
            if (Simd.enabled()) {
                // the child runs the kernels this JVM runs (the filterbank's Vector API kernel)
                cmd.addAll(List.of("--add-modules", "jdk.incubator.vector"));
            }
            cmd.addAll(List.of("-cp", cp, FrontendTiming.class.getName(), key, Double.toString(warm), Double.toString(seconds)));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            for (String line : out.split("\\R")) {
                if (line.startsWith("RESULT ")) {
                    String[] f = line.split(" ");
                    return new FrontendTiming.Result(Double.parseDouble(f[1]), Integer.parseInt(f[2]), Double.parseDouble(f[3]),
                            Integer.parseInt(f[4]));
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String presetName(FrontendConfig c) {
        if (c.equals(BenchFrontends.MFCC)) {
            return "mfcc (bench)";
        }
        for (String n : Presets.frontendNames()) {
            if (Presets.frontend(n).equals(c)) {
                return n;
            }
        }
        return c.name();
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
