package org.snnaudio.core.io;

import org.snnaudio.core.SnnaudioException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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

    /** Writes {@code bytes} to {@code target} atomically, creating missing parent folders. */
    public static void write(Path target, byte[] bytes) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            // not Files.createTempFile: its owner-only permissions would end up on the target
            Path candidate = dir.resolve("." + abs.getFileName() + "."
                    + Long.toHexString(System.nanoTime() ^ Thread.currentThread().threadId()) + ".tmp");
            try (FileChannel ch = FileChannel.open(candidate, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
                tmp = candidate;
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
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
