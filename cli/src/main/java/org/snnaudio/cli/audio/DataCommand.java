package org.snnaudio.cli.audio;

import org.snnaudio.audio.config.ConfigMaps;
import org.snnaudio.audio.data.DatasetConfig;
import org.snnaudio.audio.data.EntryList;
import org.snnaudio.audio.data.FeatureExtractor;
import org.snnaudio.audio.data.Layouts;
import org.snnaudio.audio.data.LoadedDataset;
import org.snnaudio.audio.data.ShdReader;
import org.snnaudio.audio.data.Skipped;
import org.snnaudio.audio.encode.EncoderConfig;
import org.snnaudio.audio.synth.SynthDigits;
import org.snnaudio.core.SnnaudioException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/** {@code snnaudio data}: make, fetch and check datasets. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Make, download and check datasets.",
        subcommands = {DataCommand.SynthDigitsCommand.class, DataCommand.CheckCommand.class, DownloadCommand.class})
public final class DataCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Prints "done/total" at most every half second, and the last one. */
    static org.snnaudio.audio.data.ProgressListener progress(String what) {
        AtomicLong last = new AtomicLong();
        return (done, total) -> {
            long now = System.nanoTime();
            long prev = last.get();
            if (done == total || now - prev > 500_000_000L && last.compareAndSet(prev, now)) {
                synchronized (System.err) {
                    System.err.printf(Locale.ROOT, "\r%s %d/%d%s", what, done, total, done == total ? "\n" : "");
                    System.err.flush();
                }
            }
        };
    }

    /** {@code snnaudio data synth-digits}: the espeak-ng spoken-digit set. */
    @Command(name = "synth-digits", mixinStandardHelpOptions = true,
            description = "Synthesise English and German spoken digits (20 classes) with espeak-ng: folder per class plus "
                    + "manifest.csv whose test split holds out whole voices.")
    public static final class SynthDigitsCommand implements Callable<Integer> {
        @Option(names = "--out", required = true, description = "Output folder.")
        Path out;

        @Option(names = "--rate", description = "Sample rate in hertz (default 16000).")
        int rate = 16000;

        @Option(names = "--clips-per-voice", description = "Clips per voice and class (default 3).")
        int clipsPerVoice = 3;

        @Option(names = "--voices", split = ",", description = "espeak-ng voice variants (speakers), comma separated.")
        List<String> voices;

        @Option(names = "--test-voices", split = ",", description = "Voices held out as the test split.")
        List<String> testVoices;

        @Option(names = "--seed", description = "Seed of the accents, speeds and pitches (default 1).")
        long seed = 1;

        @Option(names = "--threads", description = "Parallel espeak-ng processes (default: twice the cores, at least 4).")
        Integer threads;

        @Override
        public Integer call() {
            SynthDigits.Options d = SynthDigits.Options.defaults(out);
            SynthDigits.Options o = new SynthDigits.Options(out, rate, voices != null ? voices : d.voices(),
                    testVoices != null ? testVoices : voices != null ? List.of() : d.testVoices(), clipsPerVoice,
                    d.minSpeed(), d.maxSpeed(), d.minPitch(), d.maxPitch(), seed, threads != null ? threads : d.threads());
            SynthDigits.Summary s = SynthDigits.generate(o, progress("synthesising"));
            System.out.println(SynthDigits.describe(s));
            System.out.println("use it with: --data " + out.resolve("manifest.csv") + " (or the folder " + out + ")");
            return 0;
        }
    }

    /** {@code snnaudio data check}: lists and decodes a dataset, reports counts, splits and bad files. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Read every recording of a dataset through a frontend; print counts, class balance per split and the "
                    + "files skipped with reasons.")
    public static final class CheckCommand implements Callable<Integer> {
        @Option(names = "--fsdd", description = "FSDD folder ({digit}_{speaker}_{index}.wav).")
        Path fsdd;

        @Option(names = "--folder", description = "Folder per class (root/<class>/*.wav).")
        Path folder;

        @Option(names = "--speech-commands", description = "Speech Commands root (word folders, validation_list.txt, testing_list.txt).")
        Path speechCommands;

        @Option(names = "--csv", split = ",", description = "CSV manifests (file,label|class[,group][,split]); several: file name = split.")
        List<Path> csv;

        @Option(names = "--shd", split = ",", description = "SHD HDF5 files.")
        List<Path> shd;

        @Option(names = "--dataset", description = "A YAML/JSON dataset config (type: folder|fsdd|speech-commands|csv|shd, ...).")
        Path datasetFile;

        @Option(names = "--group-pattern", description = "Regex whose first group, found in the file name, is the speaker.")
        String groupPattern;

        @Option(names = "--config", description = "Frontend used to decode (preset or file; default speech-mfcc).")
        String config = "speech-mfcc";

        @Option(names = "--cache", description = "Feature cache folder.")
        Path cache;

        @Option(names = "--threads", description = "Worker threads (default: cores).")
        Integer threads;

        @Option(names = "--strict", description = "Stop at the first bad file.")
        boolean strict;

        @Override
        public Integer call() {
            DatasetConfig dc = datasetConfig();
            FeatureExtractor.Options opts = new FeatureExtractor.Options(threads != null ? threads
                    : Runtime.getRuntime().availableProcessors(), strict, progress("decoding"));
            LoadedDataset d;
            int listed;
            long t0 = System.nanoTime();
            if (dc instanceof DatasetConfig.Shd s) {
                d = ShdReader.read(s);
                listed = d.dataset().size();
            } else {
                AudioConfigFiles.FeatureSetup setup = AudioConfigFiles.read(config);
                EntryList entries = Layouts.list(dc, strict);
                listed = entries.entries().size() + entries.skipped().size();
                FeatureExtractor fx = new FeatureExtractor(setup.preprocess(), setup.frontend(), EncoderConfig.DirectCurrent.defaults(),
                        cache == null ? null : new org.snnaudio.audio.data.FeatureCache(cache));
                d = fx.build(entries, opts);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "%s: %d entries, %d loaded, %d skipped, %d classes, %.1f s%n", dc.name(), listed,
                    d.dataset().size(), d.skipped().size(), d.dataset().classes(), secs);
            Set<String> groups = new LinkedHashSet<>();
            for (String g : d.groups()) {
                if (g != null) {
                    groups.add(g);
                }
            }
            System.out.println("groups (speakers): " + (groups.isEmpty() ? "none" : groups.size() + " " + abbreviate(groups)));
            Set<String> tags = new LinkedHashSet<>();
            for (String t : d.splitTags()) {
                tags.add(t == null ? "(none)" : t);
            }
            List<String> names = new ArrayList<>(tags);
            names.remove("(none)");
            List<int[]> parts = new ArrayList<>();
            if (names.isEmpty()) {
                parts.add(java.util.stream.IntStream.range(0, d.dataset().size()).toArray());
                names.add("all");
            } else {
                for (int[] p : d.split(names.toArray(String[]::new))) {
                    parts.add(p);
                }
                sharedGroups(d, names, parts);
            }
            System.out.print(d.balance(names, parts));
            for (Skipped s : d.skipped()) {
                System.out.println("skipped " + s);
            }
            return 0;
        }

        private static void sharedGroups(LoadedDataset d, List<String> names, List<int[]> parts) {
            String[] g = d.groups();
            List<Set<String>> sets = new ArrayList<>();
            for (int[] p : parts) {
                Set<String> s = new LinkedHashSet<>();
                for (int i : p) {
                    if (g[i] != null) {
                        s.add(g[i]);
                    }
                }
                sets.add(s);
            }
            for (int a = 0; a < sets.size(); a++) {
                for (int b = a + 1; b < sets.size(); b++) {
                    Set<String> both = new LinkedHashSet<>(sets.get(a));
                    both.retainAll(sets.get(b));
                    System.out.printf(Locale.ROOT, "speakers in both %s and %s: %d%n", names.get(a), names.get(b), both.size());
                }
            }
        }

        private static String abbreviate(Set<String> s) {
            List<String> l = new ArrayList<>(s);
            return l.size() <= 8 ? l.toString() : l.subList(0, 8) + "...";
        }

        private DatasetConfig datasetConfig() {
            int n = (fsdd != null ? 1 : 0) + (folder != null ? 1 : 0) + (speechCommands != null ? 1 : 0) + (csv != null ? 1 : 0)
                    + (shd != null ? 1 : 0) + (datasetFile != null ? 1 : 0);
            if (n != 1) {
                throw new SnnaudioException("data check: give exactly one of --fsdd, --folder, --speech-commands, --csv, --shd, --dataset");
            }
            if (fsdd != null) {
                return new DatasetConfig.Fsdd(fsdd);
            }
            if (folder != null) {
                return new DatasetConfig.FolderPerClass(folder, List.of(), groupPattern);
            }
            if (speechCommands != null) {
                return new DatasetConfig.SpeechCommands(speechCommands, List.of());
            }
            if (csv != null) {
                return new DatasetConfig.CsvManifest(csv, List.of(), groupPattern);
            }
            if (shd != null) {
                return new DatasetConfig.Shd(shd, 100, 1.4, 700);
            }
            Map<String, Object> m = AudioConfigFiles.readMap(datasetFile);
            try {
                return ConfigMaps.dataset(m);
            } catch (SnnaudioException e) {
                throw new SnnaudioException(datasetFile + ": " + e.getMessage(), e);
            }
        }
    }
}
