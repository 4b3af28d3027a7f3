package org.snnaudio.audio.data;

import java.nio.file.Path;

/** A file left out of a dataset, and why. */
public record Skipped(Path file, String reason) {
    @Override
    public String toString() {
        return file + ": " + reason;
    }
}
