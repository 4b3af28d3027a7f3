package org.snnaudio.audio.io;

import org.snnaudio.core.SnnaudioException;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads WAV (parsed here: 8/16/24/32-bit PCM, 32/64-bit float, WAVE_FORMAT_EXTENSIBLE), AIFF (Java
 * Sound) and FLAC (jFLAC as a Java Sound plug-in) into mono {@link AudioClip}s, mixing channels down
 * by averaging. Every problem is a {@link SnnaudioException} naming the file and what is wrong.
 */
public final class AudioReader {
    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_FLOAT = 3;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;

    private AudioReader() {
    }

    /** Reads a WAV, AIFF or FLAC file, recognised by its first bytes. */
    public static AudioClip read(Path file) {
        return read(readBytes(file), file.toString());
    }

    /** A file's bytes, with a missing or unreadable file reported by name (for callers that also hash them). */
    public static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SnnaudioException(file + ": file not found");
        } catch (IOException e) {
            throw new SnnaudioException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Decodes an in-memory WAV, AIFF or FLAC file; {@code name} is used in error messages. */
    public static AudioClip read(byte[] bytes, String name) {
        if (bytes.length == 0) {
            throw new SnnaudioException(name + ": empty file (0 bytes)");
        }
        if (bytes.length < 12) {
            throw new SnnaudioException(name + ": truncated file (" + bytes.length + " bytes), too short for an audio header");
        }
        String magic = new String(bytes, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
        String kind = new String(bytes, 8, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (magic.equals("RIFF") && kind.equals("WAVE")) {
            return readWav(bytes, name);
        }
        if (magic.equals("RIFX") || magic.equals("RF64")) {
            throw new SnnaudioException(name + ": unsupported WAV variant " + magic + " (only little-endian RIFF WAVE is supported)");
        }
        if (magic.equals("FORM") && (kind.equals("AIFF") || kind.equals("AIFC"))) {
            return readJavaSound(bytes, name, "AIFF");
        }
        if (magic.equals("fLaC")) {
            return readJavaSound(bytes, name, "FLAC");
        }
        throw new SnnaudioException(name + ": not a WAV, AIFF or FLAC file (starts with " + printable(bytes) + ")");
    }

    private static String printable(byte[] b) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < Math.min(4, b.length); i++) {
            char c = (char) (b[i] & 0xFF);
            sb.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02x", b[i] & 0xFF));
        }
        return sb.append('"').toString();
    }

    private static AudioClip readWav(byte[] bytes, String name) {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 12;
        int formatTag = -1;
        int channels = 0;
        int rate = 0;
        int blockAlign = 0;
        int bits = 0;
        int dataStart = -1;
        long dataSize = -1;
        while (pos + 8 <= bytes.length) {
            String id = new String(bytes, pos, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            long size = Integer.toUnsignedLong(buf.getInt(pos + 4));
            int body = pos + 8;
            if (id.equals("fmt ")) {
                if (size < 16 || body + 16 > bytes.length) {
                    throw new SnnaudioException(name + ": truncated or corrupt WAV 'fmt ' chunk (" + size + " bytes)");
                }
                formatTag = buf.getShort(body) & 0xFFFF;
                channels = buf.getShort(body + 2) & 0xFFFF;
                rate = buf.getInt(body + 4);
                blockAlign = buf.getShort(body + 12) & 0xFFFF;
                bits = buf.getShort(body + 14) & 0xFFFF;
                if (formatTag == FORMAT_EXTENSIBLE) {
                    if (size < 40 || body + 26 > bytes.length) {
                        throw new SnnaudioException(name + ": corrupt WAV: WAVE_FORMAT_EXTENSIBLE header is too short (" + size + " bytes)");
                    }
                    formatTag = buf.getShort(body + 24) & 0xFFFF; // first two bytes of the sub-format GUID
                }
            } else if (id.equals("data")) {
                dataStart = body;
                dataSize = size;
                break;
            }
            pos = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1)); // chunks are word aligned
        }
        if (formatTag < 0) {
            throw new SnnaudioException(name + ": corrupt WAV: no 'fmt ' chunk before the audio data");
        }
        if (dataStart < 0) {
            throw new SnnaudioException(name + ": corrupt or truncated WAV: no 'data' chunk");
        }
        if (channels <= 0) {
            throw new SnnaudioException(name + ": corrupt WAV: header says " + channels + " channels");
        }
        if (rate <= 0) {
            throw new SnnaudioException(name + ": corrupt WAV: sample rate " + Integer.toUnsignedString(rate) + " Hz");
        }
        boolean isFloat;
        if (formatTag == FORMAT_PCM) {
            if (bits != 8 && bits != 16 && bits != 24 && bits != 32) {
                throw new SnnaudioException(name + ": unsupported WAV encoding: " + bits + "-bit PCM (supported: 8, 16, 24, 32-bit PCM, 32/64-bit float)");
            }
            isFloat = false;
        } else if (formatTag == FORMAT_FLOAT) {
            if (bits != 32 && bits != 64) {
                throw new SnnaudioException(name + ": unsupported WAV encoding: " + bits + "-bit float (supported: 32 or 64-bit float)");
            }
            isFloat = true;
        } else {
            throw new SnnaudioException(name + ": unsupported WAV encoding: format tag " + formatTag + " (" + formatName(formatTag)
                    + "); supported: PCM 8/16/24/32-bit and IEEE float 32/64-bit");
        }
        int bytesPerSample = bits / 8;
        int frameBytes = bytesPerSample * channels;
        if (blockAlign != 0 && blockAlign != frameBytes) {
            throw new SnnaudioException(name + ": corrupt WAV: block align " + blockAlign + " does not match " + channels
                    + " channels x " + bits + " bits");
        }
        long available = bytes.length - dataStart;
        if (dataSize >= 0x7FFF0000L && dataSize > available || dataSize == 0 && available > 0) {
            // streaming writers (espeak-ng --stdout, ffmpeg pipes) leave a placeholder size; take what the file holds
            dataSize = available;
        }
        if (dataSize > available) {
            throw new SnnaudioException(name + ": truncated WAV: header declares " + dataSize + " bytes of audio, the file holds "
                    + available);
        }
        int frames = (int) (dataSize / frameBytes);
        if (frames == 0) {
            throw new SnnaudioException(name + ": WAV has no audio samples (zero-length data chunk)");
        }
        float[] out = new float[frames];
        float inv = 1f / channels;
        int p = dataStart;
        for (int f = 0; f < frames; f++) {
            float sum = 0;
            for (int c = 0; c < channels; c++) {
                float v;
                if (isFloat) {
                    v = bits == 32 ? buf.getFloat(p) : (float) buf.getDouble(p);
                    if (!Float.isFinite(v)) {
                        throw new SnnaudioException(name + ": sample " + f + " (channel " + c + ") is " + v
                                + "; audio must be finite");
                    }
                } else {
                    v = switch (bits) {
                        case 8 -> ((bytes[p] & 0xFF) - 128) / 128f;
                        case 16 -> buf.getShort(p) / 32768f;
                        case 24 -> (((bytes[p] & 0xFF) | (bytes[p + 1] & 0xFF) << 8 | bytes[p + 2] << 16)) / 8388608f;
                        default -> (float) (buf.getInt(p) / 2147483648.0);
                    };
                }
                sum += v;
                p += bytesPerSample;
            }
            out[f] = channels == 1 ? sum : sum * inv;
        }
        return new AudioClip(out, rate, name);
    }

    private static String formatName(int tag) {
        return switch (tag) {
            case 2 -> "Microsoft ADPCM";
            case 6 -> "A-law";
            case 7 -> "mu-law";
            case 0x11 -> "IMA ADPCM";
            case 0x55 -> "MPEG layer 3";
            default -> "unknown";
        };
    }

    private static AudioClip readJavaSound(byte[] bytes, String name, String kind) {
        try (AudioInputStream raw = AudioSystem.getAudioInputStream(new ByteArrayInputStream(bytes))) {
            AudioFormat f = raw.getFormat();
            AudioInputStream pcm = raw;
            if (f.getEncoding() != AudioFormat.Encoding.PCM_SIGNED && f.getEncoding() != AudioFormat.Encoding.PCM_UNSIGNED
                    && f.getEncoding() != AudioFormat.Encoding.PCM_FLOAT) {
                int bits = f.getSampleSizeInBits() > 0 ? Math.min(32, f.getSampleSizeInBits()) : 16;
                AudioFormat target = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, f.getSampleRate(), bits,
                        f.getChannels(), f.getChannels() * ((bits + 7) / 8), f.getSampleRate(), false);
                if (!AudioSystem.isConversionSupported(target, f)) {
                    throw new SnnaudioException(name + ": unsupported " + kind + " encoding " + f.getEncoding());
                }
                pcm = AudioSystem.getAudioInputStream(target, raw);
            }
            return decodePcm(pcm, name, kind);
        } catch (UnsupportedAudioFileException e) {
            throw new SnnaudioException(name + ": unsupported or corrupt " + kind + " file (" + e.getMessage() + ")", e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof SnnaudioException se) {
                throw se;
            }
            throw new SnnaudioException(name + ": corrupt or truncated " + kind + " file (" + e + ")", e);
        }
    }

    private static AudioClip decodePcm(AudioInputStream in, String name, String kind) throws IOException {
        AudioFormat f = in.getFormat();
        int channels = f.getChannels();
        int bits = f.getSampleSizeInBits();
        int bps = (bits + 7) / 8;
        if (channels <= 0 || bps <= 0 || bps > 8) {
            throw new SnnaudioException(name + ": unsupported " + kind + " format " + f);
        }
        int rate = Math.round(f.getSampleRate());
        byte[] data = readAll(in);
        int frames = data.length / (bps * channels);
        if (frames == 0) {
            throw new SnnaudioException(name + ": " + kind + " file has no audio samples");
        }
        ByteBuffer buf = ByteBuffer.wrap(data).order(f.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        boolean isFloat = f.getEncoding() == AudioFormat.Encoding.PCM_FLOAT;
        boolean unsigned = f.getEncoding() == AudioFormat.Encoding.PCM_UNSIGNED;
        float[] out = new float[frames];
        int p = 0;
        for (int fr = 0; fr < frames; fr++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                double v;
                if (isFloat) {
                    v = bps == 4 ? buf.getFloat(p) : buf.getDouble(p);
                    if (!Double.isFinite(v)) {
                        throw new SnnaudioException(name + ": sample " + fr + " is " + v + "; audio must be finite");
                    }
                } else {
                    long x = 0;
                    for (int b = 0; b < bps; b++) {
                        int idx = f.isBigEndian() ? p + b : p + bps - 1 - b;
                        x = (x << 8) | (data[idx] & 0xFF);
                    }
                    int shift = 64 - 8 * bps;
                    if (unsigned) {
                        v = (x - (1L << (8 * bps - 1))) / (double) (1L << (8 * bps - 1));
                    } else {
                        v = ((x << shift) >> shift) / (double) (1L << (8 * bps - 1));
                    }
                }
                sum += v;
                p += bps;
            }
            out[fr] = (float) (sum / channels);
        }
        return new AudioClip(out, rate, name);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }
}
