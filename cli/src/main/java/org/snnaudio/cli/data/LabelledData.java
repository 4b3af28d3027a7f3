package org.snnaudio.cli.data;

import org.snnaudio.core.data.Dataset;
import org.snnaudio.core.SnnaudioException;

import java.util.ArrayList;
import java.util.List;

/**
 * Labelled input of a pipeline: recordings on disk ({@code items}) or spike samples already binned
 * ({@code spikes}, SHD). Exactly one of the two is set.
 *
 * @param items   recordings with their class names
 * @param spikes  spike samples (labels index {@code classes})
 * @param classes class names, index = class
 */
public record LabelledData(List<DataSource.Item> items, Dataset spikes, List<String> classes) {
    public LabelledData {
        if ((items == null) == (spikes == null)) {
            throw new IllegalArgumentException("labelled data holds either recordings or spike samples");
        }
        items = items == null ? null : List.copyOf(items);
        classes = List.copyOf(classes);
    }

    /** Recordings with the given class list (items whose label is not in it are an error). */
    public static LabelledData audio(List<DataSource.Item> items, List<String> classes) {
        for (DataSource.Item i : items) {
            if (!classes.contains(i.label())) {
                throw new SnnaudioException(i.file() + ": label '" + i.label() + "' is not one of the model's classes " + classes);
            }
        }
        return new LabelledData(items, null, classes);
    }

    /** Spike samples. */
    public static LabelledData spikes(Dataset d) {
        return new LabelledData(null, d, d.classNames());
    }

    public boolean isAudio() {
        return items != null;
    }

    public int size() {
        return isAudio() ? items.size() : spikes.size();
    }

    /** Class index of every sample. */
    public int[] labels() {
        if (!isAudio()) {
            return spikes.labels();
        }
        int[] l = new int[items.size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = classes.indexOf(items.get(i).label());
        }
        return l;
    }

    /** Speaker of every sample (the sample index for spike data without speakers). */
    public String[] speakers() {
        String[] s = new String[size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = isAudio() ? items.get(i).speaker() : Integer.toString(i);
        }
        return s;
    }

    /** The samples at {@code idx}. */
    public LabelledData subset(int[] idx) {
        if (!isAudio()) {
            return spikes(spikes.subset(idx));
        }
        List<DataSource.Item> out = new ArrayList<>(idx.length);
        for (int i : idx) {
            out.add(items.get(i));
        }
        return new LabelledData(out, null, classes);
    }

    /** A short description for logs: sample and class counts. */
    public String describe() {
        int[] counts = new int[classes.size()];
        for (int l : labels()) {
            counts[l]++;
        }
        StringBuilder sb = new StringBuilder().append(size()).append(" samples, ").append(classes.size()).append(" classes (");
        for (int c = 0; c < counts.length && c < 12; c++) {
            sb.append(c > 0 ? ", " : "").append(classes.get(c)).append(": ").append(counts[c]);
        }
        return sb.append(counts.length > 12 ? ", ...)" : ")").toString();
    }
}
