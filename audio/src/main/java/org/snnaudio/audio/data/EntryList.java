package org.snnaudio.audio.data;

import java.util.List;

/** The recordings a dataset layout names, its class names, and the files it had to leave out. */
public record EntryList(List<Entry> entries, List<String> classNames, List<Skipped> skipped) {
    public EntryList {
        entries = List.copyOf(entries);
        classNames = List.copyOf(classNames);
        skipped = List.copyOf(skipped);
    }
}
