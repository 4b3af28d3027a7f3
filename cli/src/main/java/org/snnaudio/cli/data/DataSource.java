package org.snnaudio.cli.data;

import org.snnaudio.core.SnnaudioException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Lists the labelled recordings of a data set on disk in one of the layouts users have: a folder per
 * class, FSDD's {@code {digit}_{speaker}_{index}.wav}, Speech Commands (word folders with
 * {@code validation_list.txt} / {@code testing_list.txt}) or a CSV manifest {@code file,label}. Each item
 * keeps its speaker (for speaker-grouped splits) and the layout's own split when it has one.
 */
public final class DataSource {
    /** Layout names accepted by {@code --format}. */
    public static final List<String> FORMATS = List.of("folder", "fsdd", "speech-commands", "csv", "shd");
    private static final Pattern FSDD = Pattern.compile("(\\d)_([A-Za-z]+)_(\\d+)\\.wav");
    private static final Set<String> AUDIO = Set.of("wav", "wave", "aif", "aiff", "flac");

    /** Which part of an official split an item belongs to. */
    public enum Part { TRAIN, VALIDATION, TEST, NONE }

    /**
     * One recording.
     *
     * @param file    the audio file
     * @param label   class name
     * @param speaker speaker id (or the file's name when unknown)
     * @param part    the layout's official split, {@link Part#NONE} when it has none
     */
    public record Item(Path file, String label, String speaker, Part part) {
    }

    private DataSource() {
    }

    /** The layout of {@code path}, detected from its contents; an error when none fits. */
    public static String detect(Path path) {
        if (!Files.exists(path)) {
            throw new SnnaudioException(path + ": data path does not exist");
        }
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isRegularFile(path)) {
            if (name.endsWith(".csv")) {
                return "csv";
            }
            if (name.endsWith(".h5") || name.endsWith(".hdf5")) {
                return "shd";
            }
            throw new SnnaudioException(path + ": a data file must be a .csv manifest or an SHD .h5 file; "
                    + "give a folder for the other layouts");
        }
        if (Files.exists(path.resolve("validation_list.txt")) || Files.exists(path.resolve("testing_list.txt"))) {
            return "speech-commands";
        }
        Path flat = Files.isDirectory(path.resolve("recordings")) ? path.resolve("recordings") : path;
        List<Path> wavs = list(flat).stream().filter(p -> isAudio(p) && Files.isRegularFile(p)).toList();
        if (!wavs.isEmpty() && wavs.stream().allMatch(p -> FSDD.matcher(p.getFileName().toString()).matches())) {
            return "fsdd";
        }
        boolean classFolders = list(path).stream().anyMatch(d -> Files.isDirectory(d)
                && list(d).stream().anyMatch(DataSource::isAudio));
        if (classFolders) {
            return "folder";
        }
        throw new SnnaudioException(path + ": cannot tell the data layout (no class folders with audio, no FSDD names, "
                + "no Speech Commands lists); give --format " + String.join("|", FORMATS));
    }

    /** The items of {@code path} in {@code format} (null: detect). Sorted for reproducibility. */
    public static List<Item> list(Path path, String format) {
        String f = format == null ? detect(path) : format;
        List<Item> items = switch (f) {
            case "folder" -> folder(path);
            case "fsdd" -> fsdd(path);
            case "speech-commands" -> speechCommands(path);
            case "csv" -> csv(path);
            case "shd" -> throw new SnnaudioException(path + ": SHD files hold spikes, not recordings; they are read as "
                    + "spike data sets");
            default -> throw new SnnaudioException("--format must be one of " + String.join(", ", FORMATS) + ", got '" + f + "'");
        };
        if (items.isEmpty()) {
            throw new SnnaudioException(path + ": no audio files found in the " + f + " layout");
        }
        return items;
    }

    /** Sorted class names of the items. */
    public static List<String> classes(List<Item> items) {
        TreeSet<String> s = new TreeSet<>(DataSource::compareLabels);
        items.forEach(i -> s.add(i.label()));
        return List.copyOf(s);
    }

    /** Numbers sort numerically ("2" before "10"), everything else alphabetically. */
    static int compareLabels(String a, String b) {
        boolean na = a.matches("\\d+");
        boolean nb = b.matches("\\d+");
        if (na && nb) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        return na ? -1 : nb ? 1 : a.compareTo(b);
    }

    private static List<Item> folder(Path root) {
        List<Item> out = new ArrayList<>();
        for (Path d : list(root)) {
            if (!Files.isDirectory(d) || d.getFileName().toString().startsWith("_") || d.getFileName().toString().startsWith(".")) {
                continue;
            }
            String label = d.getFileName().toString();
            for (Path f : walk(d)) {
                if (isAudio(f)) {
                    out.add(new Item(f, label, speakerOf(f), Part.NONE));
                }
            }
        }
        return out;
    }

    private static List<Item> fsdd(Path root) {
        Path dir = Files.isDirectory(root.resolve("recordings")) ? root.resolve("recordings") : root;
        List<Item> out = new ArrayList<>();
        for (Path f : list(dir)) {
            Matcher m = FSDD.matcher(f.getFileName().toString());
            if (m.matches()) {
                int index = Integer.parseInt(m.group(3));
                out.add(new Item(f, m.group(1), m.group(2), index <= 4 ? Part.TEST : Part.TRAIN));
            }
        }
        return out;
    }

    private static List<Item> speechCommands(Path root) {
        Set<String> val = readList(root.resolve("validation_list.txt"));
        Set<String> test = readList(root.resolve("testing_list.txt"));
        List<Item> out = new ArrayList<>();
        for (Path d : list(root)) {
            String label = d.getFileName().toString();
            if (!Files.isDirectory(d) || label.startsWith("_") || label.startsWith(".")) {
                continue;
            }
            for (Path f : list(d)) {
                if (isAudio(f)) {
                    String rel = label + "/" + f.getFileName();
                    Part part = test.contains(rel) ? Part.TEST : val.contains(rel) ? Part.VALIDATION : Part.TRAIN;
                    String base = f.getFileName().toString();
                    String speaker = base.contains("_nohash_") ? base.substring(0, base.indexOf("_nohash_")) : speakerOf(f);
                    out.add(new Item(f, label, speaker, part));
                }
            }
        }
        return out;
    }

    private static List<Item> csv(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new SnnaudioException(file + ": cannot read manifest: " + e.getMessage(), e);
        }
        Path base = file.toAbsolutePath().getParent();
        List<Item> out = new ArrayList<>();
        int fileCol = 0;
        int labelCol = 1;
        int speakerCol = -1;
        int splitCol = -1;
        int start = 0;
        if (!lines.isEmpty()) {
            List<String> head = List.of(lines.get(0).toLowerCase(Locale.ROOT).split(",", -1));
            if (head.contains("file") || head.contains("path") || head.contains("filename")) {
                fileCol = indexOfAny(head, "file", "path", "filename");
                labelCol = indexOfAny(head, "label", "class", "category");
                speakerCol = indexOfAny(head, "speaker", "speaker_id", "group");
                splitCol = indexOfAny(head, "split", "part", "subset");
                if (labelCol < 0) {
                    throw new SnnaudioException(file + ": manifest header needs a 'label' (or 'class') column, got " + head);
                }
                start = 1;
            }
        }
        Set<Path> seen = new HashSet<>();
        for (int i = start; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length <= Math.max(fileCol, labelCol)) {
                throw new SnnaudioException(file + ": line " + (i + 1) + " has " + cells.length + " columns, expected file,label");
            }
            Path f = base.resolve(cells[fileCol].strip()).normalize();
            if (!Files.isRegularFile(f)) {
                throw new SnnaudioException(file + ": line " + (i + 1) + " names a missing file " + f);
            }
            if (!seen.add(f)) {
                continue;
            }
            String speaker = speakerCol >= 0 && speakerCol < cells.length ? cells[speakerCol].strip() : speakerOf(f);
            Part part = Part.NONE;
            if (splitCol >= 0 && splitCol < cells.length) {
                part = switch (cells[splitCol].strip().toLowerCase(Locale.ROOT)) {
                    case "train", "training" -> Part.TRAIN;
                    case "val", "valid", "validation", "dev" -> Part.VALIDATION;
                    case "test", "testing" -> Part.TEST;
                    case "" -> Part.NONE;
                    default -> throw new SnnaudioException(file + ": line " + (i + 1) + ": split must be train, validation "
                            + "or test, got '" + cells[splitCol].strip() + "'");
                };
            }
            out.add(new Item(f, cells[labelCol].strip(), speaker, part));
        }
        return out;
    }

    private static int indexOfAny(List<String> head, String... names) {
        for (String n : names) {
            int i = head.indexOf(n);
            if (i >= 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The speaker of a file by the common naming conventions: FSDD {@code digit_speaker_index}, Speech
     * Commands {@code speaker_nohash_n}, {@code speaker_...} (Arabic digits: {@code 00000030_NO_01}),
     * or else the file's own name.
     */
    static String speakerOf(Path f) {
        String base = f.getFileName().toString();
        int dot = base.lastIndexOf('.');
        String stem = dot > 0 ? base.substring(0, dot) : base;
        Matcher m = FSDD.matcher(base);
        if (m.matches()) {
            return m.group(2);
        }
        if (stem.contains("_nohash_")) {
            return stem.substring(0, stem.indexOf("_nohash_"));
        }
        int us = stem.indexOf('_');
        return us > 0 ? stem.substring(0, us) : stem;
    }

    private static Set<String> readList(Path p) {
        if (!Files.exists(p)) {
            return Set.of();
        }
        try {
            Set<String> s = new HashSet<>();
            for (String l : Files.readAllLines(p)) {
                if (!l.isBlank()) {
                    s.add(l.strip());
                }
            }
            return s;
        } catch (IOException e) {
            throw new SnnaudioException(p + ": cannot read: " + e.getMessage(), e);
        }
    }

    static boolean isAudio(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot > 0 && AUDIO.contains(n.substring(dot + 1));
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new SnnaudioException(dir + ": cannot list folder: " + e.getMessage(), e);
        }
    }

    private static List<Path> walk(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new SnnaudioException(dir + ": cannot list folder: " + e.getMessage(), e);
        }
    }
}
