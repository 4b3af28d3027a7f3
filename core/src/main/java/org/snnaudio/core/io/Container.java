package org.snnaudio.core.io;

import org.snnaudio.core.SnnaudioException;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The envelope of snnaudio's binary files: an 8-byte magic naming the file kind, a format version,
 * the payload length, the payload, and a CRC-32 of everything before it. Reading checks each of these
 * and reports the file and the problem (wrong magic, unknown version, truncated, corrupt) as a
 * {@link SnnaudioException}, so format readers only ever see intact payloads.
 *
 * <p>Layout (big-endian): {@code magic[8] | int version | long payloadLength | payload | int crc32}.
 */
public final class Container {
    static final int HEADER = 8 + 4 + 8;
    static final int TRAILER = 4;

    private Container() {
    }

    /** An intact payload and the format version it was written with. */
    public record Contents(int version, byte[] payload) {
    }

    /** Builds the file bytes for a payload. */
    public static byte[] encode(String magic, int version, byte[] payload) {
        byte[] m = magicBytes(magic);
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream(HEADER + payload.length + TRAILER);
            DataOutputStream out = new DataOutputStream(bos);
            out.write(m);
            out.writeInt(version);
            out.writeLong(payload.length);
            out.write(payload);
            CRC32 crc = new CRC32();
            crc.update(bos.toByteArray());
            out.writeInt((int) crc.getValue());
            out.flush();
            return bos.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
    }

    /** Writes a payload to {@code file} atomically. */
    public static void write(Path file, String magic, int version, byte[] payload) {
        AtomicFiles.write(file, encode(magic, version, payload));
    }

    /**
     * Reads and checks a file written by {@link #write}.
     *
     * @param kind           what the file should be, for messages ("snnaudio model")
     * @param maxVersion     newest format version this reader understands (versions 1..maxVersion are read)
     */
    public static Contents read(Path file, String magic, String kind, int maxVersion) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SnnaudioException(kind + " file " + file + " does not exist");
        } catch (IOException e) {
            throw new SnnaudioException("cannot read " + kind + " file " + file + ": " + e.getMessage(), e);
        }
        return decode(bytes, file.toString(), magic, kind, maxVersion);
    }

    /** Checks and unwraps file bytes; {@code source} names the file in messages. */
    public static Contents decode(byte[] bytes, String source, String magic, String kind, int maxVersion) {
        byte[] m = magicBytes(magic);
        if (bytes.length < m.length || !Arrays.equals(Arrays.copyOf(bytes, m.length), m)) {
            throw new SnnaudioException(source + " is not a " + kind + " file (wrong magic bytes; expected '" + magic + "')");
        }
        if (bytes.length < HEADER + TRAILER) {
            throw new SnnaudioException(kind + " file " + source + " is truncated (" + bytes.length + " bytes, header alone needs "
                    + (HEADER + TRAILER) + ")");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        int version = buf.getInt(8);
        long length = buf.getLong(12);
        if (version < 1 || version > maxVersion) {
            throw new SnnaudioException(kind + " file " + source + " has format version " + version
                    + ", this snnaudio reads versions 1 to " + maxVersion + " (written by a newer snnaudio?)");
        }
        if (length < 0 || length > (long) bytes.length - HEADER - TRAILER) {
            // compared without adding to length, which a corrupt header can make overflow
            throw new SnnaudioException(kind + " file " + source + " is truncated (" + bytes.length
                    + " bytes, the header announces a payload of " + length + " bytes)");
        }
        long expected = HEADER + length + TRAILER;
        if (expected < bytes.length) {
            throw new SnnaudioException(kind + " file " + source + " is corrupt (" + (bytes.length - expected)
                    + " unexpected bytes after the end)");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - TRAILER);
        int stored = buf.getInt(bytes.length - TRAILER);
        if ((int) crc.getValue() != stored) {
            throw new SnnaudioException(kind + " file " + source + " is corrupt (checksum mismatch)");
        }
        return new Contents(version, Arrays.copyOfRange(bytes, HEADER, HEADER + (int) length));
    }

    private static byte[] magicBytes(String magic) {
        byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
        if (m.length != 8) {
            throw new IllegalArgumentException("magic must be 8 ASCII characters, got '" + magic + "'");
        }
        return m;
    }
}
