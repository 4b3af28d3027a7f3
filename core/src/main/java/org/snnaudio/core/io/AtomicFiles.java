package org.snnaudio.core.io;

import org.snnaudio.core.SnnaudioException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files atomically: the bytes go to a temporary file in the same folder, are forced to disk,
 * and the temporary file is renamed over the target. A reader (or a run killed mid-write) sees
 * either the old file or the new one, never a torn one. Used for models, checkpoints and reports.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Fills a temporary path that does not exist yet (for libraries that write to a path themselves). */
    @FunctionalInterface
    public interface Writer {
        void write(Path tmp) throws IOException;
    }

    /** Writes {@code bytes} to {@code target} atomically, creating missing parent folders. */
    public static void write(Path target, byte[] bytes) {
        write(target, tmp -> {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
        });
    }

    /** Writes UTF-8 text to {@code target} atomically. */
    public static void writeString(Path target, String text) {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Has {@code writer} fill a temporary file beside {@code target}, forces it to disk and renames it
     * over the target; on any failure the target is untouched and the temporary file removed.
     */
    public static void write(Path target, Writer writer) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            // not Files.createTempFile: its owner-only permissions would end up on the target
            tmp = dir.resolve("." + abs.getFileName() + "."
                    + Long.toHexString(System.nanoTime() ^ Thread.currentThread().threadId()) + ".tmp");
            writer.write(tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new SnnaudioException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: a stray temp file is harmless, the target is untouched
                }
            }
        }
    }
}
