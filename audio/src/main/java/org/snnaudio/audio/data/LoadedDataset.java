package org.snnaudio.audio.data;

import org.snnaudio.core.data.Dataset;

import java.util.List;

/**
 * A dataset ready for training, with what produced it: one {@link Entry} per sample (same order), the
 * files that were skipped and why, and the network time step in seconds ({@code framePeriod /
 * stepsPerFrame}).
 */
public record LoadedDataset(Dataset dataset, List<Entry> entries, List<Skipped> skipped, double stepSeconds) {
    public LoadedDataset {
        entries = List.copyOf(entries);
        skipped = List.copyOf(skipped);
        if (entries.size() != dataset.size()) {
            throw new IllegalArgumentException("entries (" + entries.size() + ") must match samples (" + dataset.size() + ")");
        }
    }

    /** The group (speaker/voice) of each sample; null where unknown. */
    public String[] groups() {
        return entries.stream().map(Entry::group).toArray(String[]::new);
    }

    /** The official split tag of each sample; null where the layout has none. */
    public String[] splitTags() {
        return entries.stream().map(Entry::split).toArray(String[]::new);
    }

    /** Sample indices of each named official split, e.g. {@code split("train", "test")}. */
    public int[][] split(String... tags) {
        return Splits.byTag(splitTags(), tags);
    }

    /** Class-balance table over the given splits. */
    public String balance(List<String> splitNames, List<int[]> splits) {
        return ClassBalance.summary(dataset.labels(), dataset.classNames(), splitNames, splits);
    }
}
