package org.snnaudio.cli.audio;

import org.snnaudio.audio.config.ConfigMaps;
import org.snnaudio.audio.data.FeatureExtractor;
import org.snnaudio.audio.encode.EncoderConfig;
import org.snnaudio.audio.frontend.Features;
import org.snnaudio.audio.frontend.Frontend;
import org.snnaudio.audio.io.AudioReader;
import org.snnaudio.audio.io.WavWriter;
import org.snnaudio.core.SnnaudioException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code snnaudio features --config C FILE... --out DIR}: writes each file's frontend output as CSV
 * (header: channel names; rows: frames), to inspect it or compare it with Python tools.
 */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = "Write the frontend output of audio files as CSV (rows frames, columns channels).")
public final class FeaturesCommand implements Callable<Integer> {

    @Option(names = "--config", required = true,
            description = "Frontend: a built-in name (talamo-mfcc, torchaudio-mfcc, speech-mfcc, log-mel, nwave-filterbank, "
                    + "shd-cochlea, whale-stft) or a YAML/JSON file (a frontend map, or frontend: and preprocess: sections).")
    String config;

    @Option(names = "--out", required = true, description = "Folder for the CSV files (one per input, named after it).")
    Path out;

    @Option(names = "--strict", description = "Stop at the first bad file (default: report it and go on).")
    boolean strict;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "WAV, AIFF or FLAC files.")
    List<Path> files;

    @Override
    public Integer call() {
        AudioConfigFiles.FeatureSetup setup = AudioConfigFiles.read(config);
        FeatureExtractor fx = new FeatureExtractor(setup.preprocess(), setup.frontend(), EncoderConfig.DirectCurrent.defaults(), null);
        Frontend f = fx.frontend();
        for (String w : f.warnings()) {
            System.err.println("snnaudio: warning: " + w);
        }
        System.out.printf(Locale.ROOT, "frontend %s: %d channels, %.6g s per frame, %d Hz%n", ConfigMaps.toMap((Record) setup.frontend()),
                f.channels(), f.framePeriod(), f.sampleRate());
        int failed = 0;
        java.util.Set<String> written = new java.util.HashSet<>();
        for (Path file : files) {
            try {
                Features feats = fx.features(AudioReader.read(file));
                String stem = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
                String name = stem + ".csv";
                if (!written.add(name)) {
                    // two inputs with the same name from different folders: prefix the folder name
                    Path parent = file.toAbsolutePath().getParent();
                    name = (parent == null || parent.getFileName() == null ? "" : parent.getFileName() + "_") + stem + ".csv";
                    written.add(name);
                }
                Path target = out.resolve(name);
                WavWriter.writeAtomically(target, csv(feats, f.channelNames()).getBytes(StandardCharsets.UTF_8));
                System.out.printf(Locale.ROOT, "%s -> %s (%d frames x %d channels)%n", file, target, feats.frames(), feats.channels());
            } catch (SnnaudioException e) {
                if (strict) {
                    throw e;
                }
                failed++;
                System.err.println("snnaudio: skipped " + e.getMessage());
            }
        }
        if (failed > 0) {
            System.err.printf(Locale.ROOT, "snnaudio: %d of %d files skipped%n", failed, files.size());
            return 1;
        }
        return 0;
    }

    static String csv(Features f, List<String> names) {
        StringBuilder sb = new StringBuilder(f.frames() * f.channels() * 12 + 64);
        sb.append(String.join(",", names)).append('\n');
        for (int t = 0; t < f.frames(); t++) {
            for (int c = 0; c < f.channels(); c++) {
                if (c > 0) {
                    sb.append(',');
                }
                sb.append(Float.toString(f.get(t, c)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
