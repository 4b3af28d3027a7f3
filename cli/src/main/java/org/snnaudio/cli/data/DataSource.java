package org.snnaudio.cli.data;

import org.snnaudio.audio.data.Entry;
import org.snnaudio.audio.data.Layouts;
import org.snnaudio.core.SnnaudioException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CLI's view of a data set on disk: the recordings that audio's {@link Layouts} lists (folder per
 * class, FSDD, Speech Commands, CSV manifest), each with a speaker for speaker-grouped splits (the
 * layout's own, else guessed from the file name) and the layout's official split as a {@link Part}.
 */
public final class DataSource {
    /** Layout names accepted by {@code --format}. */
    public static final List<String> FORMATS = Layouts.NAMES;
    private static final Pattern FSDD = Pattern.compile("(\\d)_([^_]+)_(\\d+)\\.wav");

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
        try {
            return Layouts.detect(path);
        } catch (SnnaudioException e) {
            if (e.getMessage().contains("cannot tell the data layout")) {
                throw new SnnaudioException(path + ": cannot tell the data layout (no class folders with audio, no FSDD "
                        + "names, no Speech Commands lists); give --format " + String.join("|", FORMATS), e);
            }
            throw e;
        }
    }

    /** The items of {@code path} in {@code format} (null: detect), in the layout's order. */
    public static List<Item> list(Path path, String format) {
        String f = format == null ? detect(path) : format;
        if (!FORMATS.contains(f)) {
            throw new SnnaudioException("--format must be one of " + String.join(", ", FORMATS) + ", got '" + f + "'");
        }
        List<Item> items = new ArrayList<>();
        // FSDD folders may hold other audio (a README's examples): those are left out; in the other layouts
        // a manifest naming a missing file is an error
        for (Entry e : Layouts.list(Layouts.config(path, f), !f.equals("fsdd")).entries()) {
            items.add(new Item(e.file(), e.className(), e.group() != null ? e.group() : speakerOf(e.file()),
                    part(path, e)));
        }
        return items;
    }

    private static Part part(Path source, Entry e) {
        if (e.split() == null) {
            return Part.NONE;
        }
        return switch (e.split().strip().toLowerCase(Locale.ROOT)) {
            case "train", "training" -> Part.TRAIN;
            case "val", "valid", "validation", "dev" -> Part.VALIDATION;
            case "test", "testing" -> Part.TEST;
            case "" -> Part.NONE;
            default -> throw new SnnaudioException(source + ": " + e.file().getFileName() + ": split must be train, validation "
                    + "or test, got '" + e.split().strip() + "'");
        };
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

    /**
     * The speaker of a file by the common naming conventions when its layout names none: FSDD
     * {@code digit_speaker_index}, Speech Commands {@code speaker_nohash_n}, {@code speaker_...} (Arabic
     * digits: {@code 00000030_NO_01}), or else the file's own name.
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
}
