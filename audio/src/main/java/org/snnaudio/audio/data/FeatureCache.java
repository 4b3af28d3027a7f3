package org.snnaudio.audio.data;

import org.snnaudio.audio.frontend.Features;
import org.snnaudio.audio.io.WavWriter;
import org.snnaudio.core.SnnaudioException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Frontend output on disk, one file per (audio content, preprocessing + frontend configuration): the
 * key is the SHA-256 of the file's bytes and the SHA-256 of the configuration's canonical text, so an
 * edited recording or a changed setting never hits a stale entry. Files are written atomically; an
 * unreadable entry counts as a miss and is rewritten. Safe for concurrent use.
 */
public final class FeatureCache {
    private static final int MAGIC = 0x534E4643; // "SNFC"
    private static final int VERSION = 1;
    private final Path dir;

    public FeatureCache(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SnnaudioException(dir + ": cannot create feature cache folder (" + e.getMessage() + ")", e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** SHA-256 of bytes, as hex. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Cache key of a content hash and a configuration's canonical text. */
    public static String key(String contentSha256, String configText) {
        return contentSha256.substring(0, 32) + "-" + sha256(("v" + VERSION + "|" + configText)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 16);
    }

    private Path file(String key) {
        return dir.resolve(key.substring(0, 2)).resolve(key + ".feat");
    }

    /** Whether an entry for {@code key} is on disk (it may still prove unreadable; {@link #get} then misses). */
    public boolean contains(String key) {
        return Files.isRegularFile(file(key));
    }

    /** The cached features, or null on a miss. */
    public Features get(String key) {
        Path f = file(key);
        byte[] b;
        try {
            b = Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
        try {
            ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            if (buf.getInt() != MAGIC || buf.getInt() != VERSION) {
                return null;
            }
            int frames = buf.getInt();
            int channels = buf.getInt();
            double period = buf.getDouble();
            if (frames < 0 || channels <= 0 || buf.remaining() != (long) frames * channels * 4) {
                return null;
            }
            float[] v = new float[frames * channels];
            buf.asFloatBuffer().get(v);
            return new Features(v, frames, channels, period);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Stores features under {@code key} (atomically). */
    public void put(String key, Features f) {
        ByteBuffer buf = ByteBuffer.allocate(24 + f.values().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(MAGIC).putInt(VERSION).putInt(f.frames()).putInt(f.channels()).putDouble(f.framePeriod());
        buf.asFloatBuffer().put(f.values());
        WavWriter.writeAtomically(file(key), buf.array());
    }
}
