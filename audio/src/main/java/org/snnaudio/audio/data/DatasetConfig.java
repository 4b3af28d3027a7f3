package org.snnaudio.audio.data;

import org.snnaudio.audio.Check;
import org.snnaudio.core.SnnaudioException;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a dataset's recordings are and how they are labelled, as plain records a pipeline config can
 * hold. {@code classes} fixes the class order (empty: the classes found, sorted). {@code groupPattern}
 * is a regular expression whose first capture group, found in the file name, is the speaker/voice
 * group (empty: the layout's own rule, if any).
 */
public sealed interface DatasetConfig {

    /** Stable name of the layout, used as {@code type} in config files. */
    String name();

    /** NWAVE's layout: {@code root/<class name>/*.wav|aiff|flac}. */
    record FolderPerClass(Path root, List<String> classes, String groupPattern) implements DatasetConfig {
        public FolderPerClass {
            Check.required("root", root);
            classes = classes == null ? List.of() : List.copyOf(classes);
            groupPattern = groupPattern == null ? "" : groupPattern;
        }

        @Override
        public String name() {
            return "folder";
        }
    }

    /**
     * Free Spoken Digit Dataset: {@code {digit}_{speaker}_{index}.wav} in {@code root} (or
     * {@code root/recordings}); the speaker is the group; the official split puts indices 0-4 in test.
     */
    record Fsdd(Path root) implements DatasetConfig {
        public Fsdd {
            Check.required("root", root);
        }

        @Override
        public String name() {
            return "fsdd";
        }
    }

    /**
     * Speech Commands: word folders under {@code root}, {@code validation_list.txt} and
     * {@code testing_list.txt} naming the validation and test files (the rest is train); the speaker
     * (file name up to {@code _nohash_}) is the group. {@code classes} picks words (empty: all).
     */
    record SpeechCommands(Path root, List<String> classes) implements DatasetConfig {
        public SpeechCommands {
            Check.required("root", root);
            classes = classes == null ? List.of() : List.copyOf(classes);
        }

        @Override
        public String name() {
            return "speech-commands";
        }
    }

    /**
     * CSV manifests with a header naming {@code file} and {@code label} (or {@code class}) columns, and
     * optionally {@code group} (or {@code speaker}) and {@code split}, or without a header, rows of
     * {@code file,label}; paths are relative to the CSV's folder and a file named twice is listed once. Without a split column, each manifest's file name (e.g. {@code train}, {@code val}) is the
     * split tag of its rows when several manifests are given.
     */
    record CsvManifest(List<Path> manifests, List<String> classes, String groupPattern) implements DatasetConfig {
        public CsvManifest {
            if (manifests == null || manifests.isEmpty()) {
                throw new SnnaudioException("manifests: give at least one CSV file");
            }
            manifests = List.copyOf(manifests);
            classes = classes == null ? List.of() : List.copyOf(classes);
            groupPattern = groupPattern == null ? "" : groupPattern;
        }

        @Override
        public String name() {
            return "csv";
        }
    }

    /**
     * Spiking Heidelberg Digits HDF5 files ({@code spikes/times}, {@code spikes/units}, {@code labels},
     * optional {@code extra/speaker}); spikes are binned into {@code steps} bins over {@code maxTime}
     * seconds on {@code channels} input channels. Each file's name ({@code shd_train.h5} ...) gives the
     * split tag ({@code train}, {@code test}).
     */
    record Shd(List<Path> files, int steps, double maxTime, int channels) implements DatasetConfig {
        public Shd {
            if (files == null || files.isEmpty()) {
                throw new SnnaudioException("files: give at least one SHD HDF5 file");
            }
            files = List.copyOf(files);
            Check.positive("steps", steps);
            Check.positive("maxTime", maxTime, " s");
            Check.positive("channels", channels);
        }

        @Override
        public String name() {
            return "shd";
        }
    }
}
