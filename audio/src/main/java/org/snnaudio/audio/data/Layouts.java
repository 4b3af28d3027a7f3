package org.snnaudio.audio.data;

import org.snnaudio.core.SnnaudioException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * Lists the recordings of an audio dataset layout ({@link DatasetConfig}) with labels, groups and split
 * tags, and tells a layout from a path's contents ({@link #detect}). Problems with single entries (a manifest naming a missing file, an unknown class) are collected
 * as {@link Skipped}, or thrown at once when {@code strict}; problems with the layout itself (no such
 * folder, a CSV without the needed columns) are always errors.
 */
public final class Layouts {
    private static final Pattern FSDD = Pattern.compile("(\\d)_([^_]+)_(\\d+)\\.wav");
    private static final Set<String> AUDIO = Set.of("wav", "wave", "aif", "aiff", "aifc", "flac");

    private Layouts() {
    }

    /** Lists the entries of a file-based layout ({@link DatasetConfig.Shd} is read by {@link ShdReader}). */
    public static EntryList list(DatasetConfig config, boolean strict) {
        return switch (config) {
            case DatasetConfig.FolderPerClass c -> folder(c, strict);
            case DatasetConfig.Fsdd c -> fsdd(c, strict);
            case DatasetConfig.SpeechCommands c -> speechCommands(c, strict);
            case DatasetConfig.CsvManifest c -> csv(c, strict);
            case DatasetConfig.Shd c -> throw new SnnaudioException("SHD files hold spikes, not recordings; read them with ShdReader");
        };
    }

    /** Layout names {@link #detect} returns and {@link #config} takes. */
    public static final List<String> NAMES = List.of("folder", "fsdd", "speech-commands", "csv", "shd");

    /**
     * The layout of {@code path} from its contents: a {@code .csv} file is a manifest, an {@code .h5} file
     * SHD; a folder with {@code validation_list.txt} or {@code testing_list.txt} is Speech Commands, one
     * (or its {@code recordings} folder) whose audio files all follow FSDD's names is FSDD, and one with
     * class folders holding audio is folder-per-class. An error when none fits.
     */
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
        List<Path> audio = listSorted(flat, false).stream().filter(Layouts::isAudio).toList();
        if (!audio.isEmpty() && audio.stream().allMatch(p -> FSDD.matcher(p.getFileName().toString()).matches())) {
            return "fsdd";
        }
        boolean classFolders = listSorted(path, true).stream().anyMatch(d -> !walkAudio(d).isEmpty());
        if (classFolders) {
            return "folder";
        }
        throw new SnnaudioException(path + ": cannot tell the data layout (no class folders with audio, no FSDD names, "
                + "no Speech Commands lists); name it: " + String.join(", ", NAMES));
    }

    /**
     * The config of the file-based layout {@code layout} (one of {@link #NAMES} but {@code shd}, whose
     * binning needs more settings) at {@code path}, with the classes found and the layout's own groups.
     */
    public static DatasetConfig config(Path path, String layout) {
        return switch (layout) {
            case "folder" -> new DatasetConfig.FolderPerClass(path, List.of(), "");
            case "fsdd" -> new DatasetConfig.Fsdd(path);
            case "speech-commands" -> new DatasetConfig.SpeechCommands(path, List.of());
            case "csv" -> new DatasetConfig.CsvManifest(List.of(path), List.of(), "");
            case "shd" -> throw new SnnaudioException(path + ": SHD files hold spikes, not recordings; they are read as "
                    + "spike data sets");
            default -> throw new SnnaudioException("layout must be one of " + String.join(", ", NAMES) + ", got '" + layout + "'");
        };
    }

    /** Audio files under {@code dir} and its sub-folders (hidden ones left out), sorted. */
    private static List<Path> walkAudio(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> Files.isRegularFile(p) && isAudio(p))
                    .filter(p -> !hiddenBelow(dir, p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new SnnaudioException(dir + ": cannot list folder (" + e.getMessage() + ")", e);
        }
    }

    private static boolean hiddenBelow(Path dir, Path p) {
        for (Path part : dir.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    static boolean isAudio(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot > 0 && AUDIO.contains(n.substring(dot + 1)) && !n.startsWith(".");
    }

    private static void requireDir(Path root, String what) {
        if (!Files.isDirectory(root)) {
            throw new SnnaudioException(root + ": " + what + " folder not found");
        }
    }

    private static List<Path> listSorted(Path dir, boolean dirs) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> dirs ? Files.isDirectory(p) : Files.isRegularFile(p))
                    // hidden entries, and folders such as Speech Commands' _background_noise_, are not data
                    .filter(p -> !p.getFileName().toString().startsWith(".") && !(dirs && p.getFileName().toString().startsWith("_")))
                    .sorted().toList();
        } catch (IOException e) {
            throw new SnnaudioException(dir + ": cannot list folder (" + e.getMessage() + ")", e);
        }
    }

    private static Pattern groupPattern(String regex) {
        if (regex == null || regex.isEmpty()) {
            return null;
        }
        try {
            Pattern p = Pattern.compile(regex);
            if (p.matcher("").groupCount() < 1) {
                throw new SnnaudioException("groupPattern \"" + regex + "\" needs a capture group, e.g. ^([^_]+)_");
            }
            return p;
        } catch (PatternSyntaxException e) {
            throw new SnnaudioException("groupPattern \"" + regex + "\" is not a valid regular expression: " + e.getDescription());
        }
    }

    private static String group(Pattern p, Path file) {
        if (p == null) {
            return null;
        }
        Matcher m = p.matcher(file.getFileName().toString());
        return m.find() ? m.group(1) : null;
    }

    private static List<String> classOrder(List<String> fixed, Set<String> found) {
        return fixed.isEmpty() ? List.copyOf(new TreeSet<>(found)) : fixed;
    }

    private static EntryList folder(DatasetConfig.FolderPerClass c, boolean strict) {
        requireDir(c.root(), "dataset");
        Pattern gp = groupPattern(c.groupPattern());
        Map<String, Path> dirs = new LinkedHashMap<>();
        for (Path d : listSorted(c.root(), true)) {
            dirs.put(d.getFileName().toString(), d);
        }
        List<String> classes = classOrder(c.classes(), dirs.keySet());
        if (classes.isEmpty()) {
            throw new SnnaudioException(c.root() + ": no class folders (expected root/<class name>/*.wav)");
        }
        List<Entry> out = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            String name = classes.get(label);
            Path d = dirs.get(name);
            if (d == null) {
                throw new SnnaudioException(c.root() + ": class folder \"" + name + "\" not found");
            }
            // recordings may sit in sub-folders of a class folder (e.g. one per session)
            for (Path f : walkAudio(d)) {
                out.add(new Entry(f, label, name, group(gp, f), null));
            }
        }
        if (out.isEmpty()) {
            throw new SnnaudioException(c.root() + ": no audio files (.wav, .aiff, .flac) in the class folders");
        }
        return new EntryList(out, classes, skipped);
    }

    private static EntryList fsdd(DatasetConfig.Fsdd c, boolean strict) {
        Path root = c.root();
        if (Files.isDirectory(root.resolve("recordings"))) {
            root = root.resolve("recordings");
        }
        requireDir(root, "FSDD");
        List<Entry> out = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (Path f : listSorted(root, false)) {
            if (!isAudio(f)) {
                continue;
            }
            Matcher m = FSDD.matcher(f.getFileName().toString());
            if (!m.matches()) {
                String reason = "file name does not follow FSDD's {digit}_{speaker}_{index}.wav";
                if (strict) {
                    throw new SnnaudioException(f + ": " + reason);
                }
                skipped.add(new Skipped(f, reason));
                continue;
            }
            int digit = Integer.parseInt(m.group(1));
            int index = Integer.parseInt(m.group(3));
            out.add(new Entry(f, digit, m.group(1), m.group(2), index < 5 ? "test" : "train"));
        }
        if (out.isEmpty()) {
            throw new SnnaudioException(root + ": no FSDD recordings ({digit}_{speaker}_{index}.wav)");
        }
        List<String> classes = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        return new EntryList(out, classes, skipped);
    }

    private static Set<String> readList(Path file) {
        Set<String> s = new HashSet<>();
        if (!Files.isRegularFile(file)) {
            return s;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String t = line.strip();
                if (!t.isEmpty()) {
                    s.add(t.replace('\\', '/'));
                }
            }
        } catch (IOException e) {
            throw new SnnaudioException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        return s;
    }

    private static EntryList speechCommands(DatasetConfig.SpeechCommands c, boolean strict) {
        requireDir(c.root(), "Speech Commands");
        Set<String> val = readList(c.root().resolve("validation_list.txt"));
        Set<String> test = readList(c.root().resolve("testing_list.txt"));
        Map<String, Path> dirs = new LinkedHashMap<>();
        for (Path d : listSorted(c.root(), true)) {
            dirs.put(d.getFileName().toString(), d);
        }
        List<String> classes = classOrder(c.classes(), dirs.keySet());
        List<Entry> out = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            String word = classes.get(label);
            Path d = dirs.get(word);
            if (d == null) {
                throw new SnnaudioException(c.root() + ": word folder \"" + word + "\" not found");
            }
            for (Path f : listSorted(d, false)) {
                if (!isAudio(f)) {
                    continue;
                }
                String rel = word + "/" + f.getFileName();
                String split = test.contains(rel) ? "test" : val.contains(rel) ? "validation" : "train";
                String name = f.getFileName().toString();
                int cut = name.indexOf("_nohash_");
                out.add(new Entry(f, label, word, cut > 0 ? name.substring(0, cut) : null, split));
            }
        }
        if (out.isEmpty()) {
            throw new SnnaudioException(c.root() + ": no recordings in the word folders");
        }
        return new EntryList(out, classes, List.of());
    }

    private static EntryList csv(DatasetConfig.CsvManifest c, boolean strict) {
        Pattern gp = groupPattern(c.groupPattern());
        record Row(Path file, String label, String group, String split) {
        }
        List<Row> rows = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        Set<String> found = new TreeSet<>();
        Set<Path> seen = new HashSet<>();
        for (Path manifest : c.manifests()) {
            if (!Files.isRegularFile(manifest)) {
                throw new SnnaudioException(manifest + ": manifest not found");
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new SnnaudioException(manifest + ": cannot read (" + e.getMessage() + ")", e);
            }
            if (lines.isEmpty()) {
                throw new SnnaudioException(manifest + ": empty manifest (expected a header such as file,label)");
            }
            List<String> header = Csv.parseLine(stripBom(lines.get(0)));
            int fileCol = column(header, "file", "path", "filename");
            int labelCol = column(header, "label", "class", "classname", "category");
            int groupCol = column(header, "group", "speaker", "speakerid", "voice");
            int splitCol = column(header, "split", "part", "subset");
            int first = 1;
            Path dir = manifest.toAbsolutePath().getParent();
            if (fileCol < 0 && labelCol < 0 && header.size() >= 2
                    && Files.isRegularFile(dir.resolve(header.get(0).strip()).normalize())) {
                // no header: the rows are file,label from the first line on
                fileCol = 0;
                labelCol = 1;
                first = 0;
            }
            if (fileCol < 0 || labelCol < 0) {
                throw new SnnaudioException(manifest + ": header must name a file column (file) and a label column (label or class),"
                        + " got " + header);
            }
            String stem = manifest.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            String defaultSplit = c.manifests().size() > 1 ? stem : null;
            for (int i = first; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) {
                    continue;
                }
                List<String> cells = Csv.parseLine(line);
                int need = Math.max(fileCol, labelCol);
                if (cells.size() <= need) {
                    String reason = manifest.getFileName() + " line " + (i + 1) + ": expected at least " + (need + 1)
                            + " columns, got " + cells.size();
                    if (strict) {
                        throw new SnnaudioException(manifest + ": line " + (i + 1) + ": expected at least " + (need + 1)
                                + " columns, got " + cells.size());
                    }
                    skipped.add(new Skipped(manifest, reason));
                    continue;
                }
                Path f = dir.resolve(cells.get(fileCol).strip()).normalize();
                String label = cells.get(labelCol).strip();
                if (!Files.isRegularFile(f)) {
                    String reason = "file not found (named in " + manifest.getFileName() + " line " + (i + 1) + ")";
                    if (strict) {
                        throw new SnnaudioException(f + ": " + reason);
                    }
                    skipped.add(new Skipped(f, reason));
                    continue;
                }
                if (!seen.add(f)) {
                    continue; // a file named twice is one recording
                }
                String group = groupCol >= 0 && groupCol < cells.size() && !cells.get(groupCol).isBlank()
                        ? cells.get(groupCol).strip() : group(gp, f);
                String split = splitCol >= 0 && splitCol < cells.size() && !cells.get(splitCol).isBlank()
                        ? cells.get(splitCol).strip() : defaultSplit;
                rows.add(new Row(f, label, group, split));
                found.add(label);
            }
        }
        List<String> classes = classOrder(c.classes(), found);
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            index.put(classes.get(i), i);
        }
        List<Entry> out = new ArrayList<>();
        for (Row r : rows) {
            Integer label = index.get(r.label());
            if (label == null) {
                String reason = "label \"" + r.label() + "\" is not one of the classes " + classes;
                if (strict) {
                    throw new SnnaudioException(r.file() + ": " + reason);
                }
                skipped.add(new Skipped(r.file(), reason));
                continue;
            }
            out.add(new Entry(r.file(), label, r.label(), r.group(), r.split()));
        }
        if (out.isEmpty()) {
            throw new SnnaudioException(c.manifests().get(0) + ": the manifest names no usable recordings"
                    + (skipped.isEmpty() ? "" : " (first problem: " + skipped.get(0) + ")"));
        }
        return new EntryList(out, classes, skipped);
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    private static int column(List<String> header, String... names) {
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i).strip().toLowerCase(Locale.ROOT).replace("_", "");
            for (String n : names) {
                if (h.equals(n)) {
                    return i;
                }
            }
        }
        return -1;
    }
}
