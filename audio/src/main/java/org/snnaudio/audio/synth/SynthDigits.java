package org.snnaudio.audio.synth;

import org.snnaudio.audio.Check;
import org.snnaudio.audio.data.ProgressListener;
import org.snnaudio.audio.io.AudioClip;
import org.snnaudio.audio.io.AudioReader;
import org.snnaudio.audio.io.Resampler;
import org.snnaudio.audio.io.WavWriter;
import org.snnaudio.core.SnnaudioException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes a spoken-digit dataset locally with espeak-ng: English and German digits 0-9 (20 classes, as
 * in SHD, named {@code en-0 .. de-9}), spoken by many voice variants (the speaker, used as the group)
 * with random accents, speeds and pitches, trimmed of silence, resampled to one rate and written as
 * {@code out/<class>/<voice>_<n>.wav} (folder per class) plus {@code out/manifest.csv}
 * ({@code file,label,group,split}) in which the held-out voices form the {@code test} split.
 */
public final class SynthDigits {
    static final List<String> EN_WORDS = List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");
    static final List<String> DE_WORDS = List.of("null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun");
    static final List<String> EN_ACCENTS = List.of("en-us", "en", "en-gb-scotland", "en-gb-x-rp", "en-029", "en-us-nyc",
            "en-gb-x-gbclan", "en-gb-x-gbcwmd");
    static final List<String> DE_ACCENTS = List.of("de");

    /**
     * Settings. {@code voices}: espeak-ng voice variants (the speakers); {@code testVoices}: the ones held
     * out as the test split; {@code clipsPerVoice}: clips per voice and class; speeds in words per minute
     * and pitches (0-99) are drawn uniformly from their ranges with {@code seed}.
     */
    public record Options(Path out, int sampleRate, List<String> voices, List<String> testVoices, int clipsPerVoice,
                          int minSpeed, int maxSpeed, int minPitch, int maxPitch, long seed, int threads) {
        public Options {
            Check.required("out", out);
            Check.positive("sampleRate", sampleRate);
            if (voices == null || voices.size() < 2) {
                throw new SnnaudioException("voices: give at least two espeak-ng voice variants");
            }
            voices = List.copyOf(voices);
            testVoices = testVoices == null ? List.of() : List.copyOf(testVoices);
            for (String v : testVoices) {
                if (!voices.contains(v)) {
                    throw new SnnaudioException("testVoices: \"" + v + "\" is not one of the voices " + voices);
                }
            }
            if (testVoices.size() >= voices.size()) {
                throw new SnnaudioException("testVoices must leave at least one voice for training");
            }
            Check.positive("clipsPerVoice", clipsPerVoice);
            if (minSpeed < 80 || maxSpeed > 450 || minSpeed > maxSpeed) {
                throw new SnnaudioException("speeds must satisfy 80 <= minSpeed <= maxSpeed <= 450 words/min, got "
                        + minSpeed + ".." + maxSpeed);
            }
            if (minPitch < 0 || maxPitch > 99 || minPitch > maxPitch) {
                throw new SnnaudioException("pitches must satisfy 0 <= minPitch <= maxPitch <= 99, got " + minPitch + ".." + maxPitch);
            }
            Check.positive("threads", threads);
        }

        /** 24 voices (5 held out), 3 clips per voice and class: 1440 clips at 16 kHz. */
        public static Options defaults(Path out) {
            return new Options(out, 16000, List.of("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "f1", "f2", "f3", "f4", "f5",
                    "klatt", "klatt2", "klatt3", "Andy", "Annie", "boris", "david", "linda", "steph", "travis", "zac"),
                    List.of("m4", "f3", "klatt2", "linda", "m7"), 3, 130, 210, 25, 75, 1,
                    Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
        }
    }

    /** What was written. */
    public record Summary(Path out, int clips, int trainClips, int testClips, List<String> classNames, double seconds) {
    }

    private SynthDigits() {
    }

    /** Class names: {@code en-0 .. en-9, de-0 .. de-9} (SHD's order). */
    public static List<String> classNames() {
        List<String> n = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            n.add("en-" + i);
        }
        for (int i = 0; i < 10; i++) {
            n.add("de-" + i);
        }
        return n;
    }

    /** The espeak-ng program, or an error saying how to install it. */
    public static String espeak() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "espeak-ng");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new SnnaudioException("espeak-ng not found on PATH; install it with: sudo apt-get install espeak-ng"
                + " (Debian/Ubuntu), or brew install espeak-ng (macOS)");
    }

    private record Job(int label, String voice, int n, String accent, String word, int speed, int pitch, String split) {
    }

    /** Generates the dataset; progress is reported per clip. */
    public static Summary generate(Options o, ProgressListener progress) {
        String espeak = espeak();
        long t0 = System.nanoTime();
        List<String> names = classNames();
        List<Job> jobs = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(o.seed());
        Set<String> test = Set.copyOf(o.testVoices());
        for (String voice : o.voices()) {
            for (int label = 0; label < 20; label++) {
                boolean en = label < 10;
                for (int k = 0; k < o.clipsPerVoice(); k++) {
                    List<String> accents = en ? EN_ACCENTS : DE_ACCENTS;
                    String accent = accents.get(rnd.nextInt(accents.size()));
                    int speed = o.minSpeed() + rnd.nextInt(o.maxSpeed() - o.minSpeed() + 1);
                    int pitch = o.minPitch() + rnd.nextInt(o.maxPitch() - o.minPitch() + 1);
                    String word = (en ? EN_WORDS : DE_WORDS).get(label % 10);
                    jobs.add(new Job(label, voice, k, accent, word, speed, pitch, test.contains(voice) ? "test" : "train"));
                }
            }
        }
        try {
            for (String n : names) {
                Files.createDirectories(o.out().resolve(n));
            }
        } catch (IOException e) {
            throw new SnnaudioException(o.out() + ": cannot create output folder (" + e.getMessage() + ")", e);
        }
        ExecutorService pool = Executors.newFixedThreadPool(o.threads());
        AtomicInteger done = new AtomicInteger();
        List<Future<String>> rows = new ArrayList<>();
        try {
            for (Job j : jobs) {
                rows.add(pool.submit(() -> {
                    String rel = names.get(j.label()) + "/" + j.voice() + "_" + j.n() + ".wav";
                    AudioClip clip = speak(espeak, j, rel);
                    clip = trimSilence(Resampler.resample(clip, o.sampleRate()));
                    WavWriter.write(o.out().resolve(rel), clip, false);
                    progress.progress(done.incrementAndGet(), jobs.size());
                    return rel + "," + names.get(j.label()) + "," + j.voice() + "," + j.split();
                }));
            }
            StringBuilder csv = new StringBuilder("file,label,group,split\n");
            for (Future<String> f : rows) {
                csv.append(f.get()).append('\n');
            }
            WavWriter.writeAtomically(o.out().resolve("manifest.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnnaudioException("synth-digits interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SnnaudioException se) {
                throw se;
            }
            throw new SnnaudioException("synth-digits failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        int nTest = (int) jobs.stream().filter(j -> j.split().equals("test")).count();
        return new Summary(o.out(), jobs.size(), jobs.size() - nTest, nTest, names, (System.nanoTime() - t0) / 1e9);
    }

    private static AudioClip speak(String espeak, Job j, String rel) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(espeak, "-v", j.accent() + "+" + j.voice(), "-s", Integer.toString(j.speed()),
                "-p", Integer.toString(j.pitch()), "--stdout", j.word());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        byte[] wav;
        try (InputStream in = p.getInputStream()) {
            wav = in.readAllBytes();
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new SnnaudioException("espeak-ng did not finish for " + rel);
        }
        if (p.exitValue() != 0 || wav.length < 100) {
            throw new SnnaudioException("espeak-ng failed for voice " + j.accent() + "+" + j.voice() + " (exit " + p.exitValue()
                    + "); check `espeak-ng --voices`");
        }
        return AudioReader.read(wav, "espeak-ng " + j.accent() + "+" + j.voice() + " \"" + j.word() + "\"");
    }

    /** Cuts leading and trailing parts quieter than 1 % of the peak, keeping 20 ms of margin. */
    static AudioClip trimSilence(AudioClip c) {
        float[] x = c.samples();
        float peak = 0;
        for (float v : x) {
            peak = Math.max(peak, Math.abs(v));
        }
        if (peak == 0) {
            return c;
        }
        float th = 0.01f * peak;
        int a = 0;
        while (a < x.length && Math.abs(x[a]) < th) {
            a++;
        }
        int b = x.length - 1;
        while (b > a && Math.abs(x[b]) < th) {
            b--;
        }
        int margin = c.sampleRate() / 50;
        a = Math.max(0, a - margin);
        b = Math.min(x.length - 1, b + margin);
        return c.with(java.util.Arrays.copyOfRange(x, a, b + 1), c.sampleRate());
    }

    /** One line per class: clip counts of the train and test splits. */
    public static String describe(Summary s) {
        return String.format(Locale.ROOT, "%d clips (%d train, %d test on held-out voices), %d classes, in %s (%.1f s)",
                s.clips(), s.trainClips(), s.testClips(), s.classNames().size(), s.out(), s.seconds());
    }
}
