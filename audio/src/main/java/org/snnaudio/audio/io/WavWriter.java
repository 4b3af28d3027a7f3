package org.snnaudio.audio.io;

import org.snnaudio.core.SnnaudioException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes mono WAV files (16-bit PCM or 32-bit float), atomically: a temporary file renamed into place. */
public final class WavWriter {
    private WavWriter() {
    }

    /** Encodes mono samples in [-1, 1] as 16-bit PCM (clipped) or 32-bit float WAV bytes. */
    public static byte[] encode(float[] samples, int sampleRate, boolean float32) {
        int bps = float32 ? 4 : 2;
        int dataBytes = samples.length * bps;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + dataBytes)
                .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) (float32 ? 3 : 1)).putShort((short) 1).putInt(sampleRate)
                .putInt(sampleRate * bps).putShort((short) bps).putShort((short) (8 * bps));
        b.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(dataBytes);
        for (float s : samples) {
            if (float32) {
                b.putFloat(s);
            } else {
                float c = Math.max(-1f, Math.min(1f, s));
                b.putShort((short) Math.max(-32768, Math.min(32767, Math.round(c * 32768f))));
            }
        }
        return b.array();
    }

    /** Writes {@code clip} to {@code file} as 16-bit PCM (or 32-bit float) mono WAV. */
    public static void write(Path file, AudioClip clip, boolean float32) {
        writeAtomically(file, encode(clip.samples(), clip.sampleRate(), float32));
    }

    /** Writes bytes to a temporary file next to {@code file} and renames it into place. */
    public static void writeAtomically(Path file, byte[] bytes) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                Files.write(tmp, bytes);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new SnnaudioException(file + ": cannot write (" + e.getMessage() + ")", e);
        }
    }
}
