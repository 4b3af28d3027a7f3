package org.snnaudio.cli.util;

import org.snnaudio.core.SnnaudioException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Atomic file writes: content goes to a temporary file in the same folder, then is renamed into place. */
public final class Files2 {
    private Files2() {
    }

    /** Writes text (UTF-8) atomically, creating parent folders. */
    public static void writeStringAtomic(Path file, String text) {
        writeBytesAtomic(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes bytes atomically, creating parent folders. */
    public static void writeBytesAtomic(Path file, byte[] bytes) {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
            try {
                Files.write(tmp, bytes);
                try {
                    Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new SnnaudioException(file + ": cannot write: " + e.getMessage(), e);
        }
    }
}
