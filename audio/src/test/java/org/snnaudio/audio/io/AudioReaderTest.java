package org.snnaudio.audio.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnaudio.audio.TestAudio;
import org.snnaudio.core.SnnaudioException;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AudioReaderTest {
    @TempDir
    Path tmp;

    private static Path resource(String name) throws Exception {
        return Path.of(AudioReaderTest.class.getResource("/audio/" + name).toURI());
    }

    @Test
    void decodesEachPcmWidthToFullScaleFloats() {
        // 8-bit unsigned: 0 -> -1, 128 -> 0, 255 -> 127/128
        AudioClip c8 = AudioReader.read(TestAudio.wav(1, 1, 8000, 8, new byte[]{0, (byte) 128, (byte) 255}, null), "a.wav");
        assertArrayEquals(new float[]{-1f, 0f, 127 / 128f}, c8.samples(), 1e-7f);
        ByteBuffer b16 = TestAudio.le(6).putShort((short) -32768).putShort((short) 16384).putShort((short) 32767);
        AudioClip c16 = AudioReader.read(TestAudio.wav(1, 1, 16000, 16, b16.array(), null), "b.wav");
        assertArrayEquals(new float[]{-1f, 0.5f, 32767 / 32768f}, c16.samples(), 1e-7f);
        assertEquals(16000, c16.sampleRate());
        // 24-bit: -8388608 -> -1, 4194304 -> 0.5, -1 -> -1/8388608
        byte[] d24 = {0, 0, (byte) 0x80, 0, 0, 0x40, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        AudioClip c24 = AudioReader.read(TestAudio.wav(1, 1, 8000, 24, d24, null), "c.wav");
        assertArrayEquals(new float[]{-1f, 0.5f, -1f / 8388608}, c24.samples(), 1e-9f);
        ByteBuffer b32 = TestAudio.le(8).putInt(Integer.MIN_VALUE).putInt(1 << 30);
        AudioClip c32 = AudioReader.read(TestAudio.wav(1, 1, 8000, 32, b32.array(), null), "d.wav");
        assertArrayEquals(new float[]{-1f, 0.5f}, c32.samples(), 1e-9f);
    }

    @Test
    void decodesFloatAndMixesStereoDown() {
        ByteBuffer f = TestAudio.le(16).putFloat(0.25f).putFloat(0.75f).putFloat(-1f).putFloat(0f);
        AudioClip c = AudioReader.read(TestAudio.wav(3, 2, 22050, 32, f.array(), null), "f.wav");
        assertArrayEquals(new float[]{0.5f, -0.5f}, c.samples(), 1e-7f);
        ByteBuffer d = TestAudio.le(16).putDouble(0.125).putDouble(-0.5);
        AudioClip c64 = AudioReader.read(TestAudio.wav(3, 1, 8000, 64, d.array(), null), "g.wav");
        assertArrayEquals(new float[]{0.125f, -0.5f}, c64.samples(), 1e-7f);
    }

    @Test
    void extensibleFormatAndExtraChunksAreHandled() {
        // WAVE_FORMAT_EXTENSIBLE, 24-bit stereo, with an odd-sized LIST chunk (padded to even) before fmt
        java.nio.ByteBuffer b = TestAudio.le(12 + 8 + 5 + 1 + 8 + 40 + 8 + 12);
        b.put("RIFF".getBytes()).putInt(b.capacity() - 8).put("WAVE".getBytes());
        b.put("LIST".getBytes()).putInt(5).put(new byte[]{1, 2, 3, 4, 5}).put((byte) 0);
        b.put("fmt ".getBytes()).putInt(40).putShort((short) 0xFFFE).putShort((short) 2).putInt(48000).putInt(48000 * 6)
                .putShort((short) 6).putShort((short) 24).putShort((short) 22).putShort((short) 24).putInt(3)
                .putShort((short) 1).put(new byte[14]); // sub-format GUID starting with 0x0001 (PCM)
        b.put("data".getBytes()).putInt(12);
        b.put(new byte[]{0, 0, 0x40, 0, 0, 0x20}); // frame 0: 0.5, 0.25
        b.put(new byte[]{0, 0, (byte) 0xC0, 0, 0, 0}); // frame 1: -0.5, 0
        AudioClip c = AudioReader.read(b.array(), "ext.wav");
        assertEquals(48000, c.sampleRate());
        assertArrayEquals(new float[]{0.375f, -0.25f}, c.samples(), 1e-7f);
    }

    @Test
    void streamingPlaceholderSizesTakeWhatTheFileHolds() {
        byte[] w = TestAudio.wav(1, 1, 8000, 16, TestAudio.le(4).putShort((short) 16384).putShort((short) -16384).array(), 0x7FFFF000);
        assertArrayEquals(new float[]{0.5f, -0.5f}, AudioReader.read(w, "pipe.wav").samples(), 1e-7f);
    }

    @Test
    void writerAndReaderRoundTripWithinOneQuantisationStep() {
        float[] x = TestAudio.sine(300, 0.8, 8000, 800);
        AudioClip back = AudioReader.read(WavWriter.encode(x, 8000, false), "r.wav");
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], back.samples()[i], 1.0 / 32768);
        }
        AudioClip f = AudioReader.read(WavWriter.encode(x, 8000, true), "r32.wav");
        assertArrayEquals(x, f.samples());
    }

    @Test
    void readsAiffThroughJavaSound() throws Exception {
        float[] x = TestAudio.sine(500, 0.5, 11025, 1000);
        byte[] pcm = new byte[x.length * 2];
        for (int i = 0; i < x.length; i++) {
            short s = (short) Math.round(x[i] * 32767);
            pcm[2 * i] = (byte) (s >> 8);
            pcm[2 * i + 1] = (byte) s;
        }
        AudioFormat fmt = new AudioFormat(11025, 16, 1, true, true);
        Path aiff = tmp.resolve("x.aiff");
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm), fmt, x.length), AudioFileFormat.Type.AIFF, aiff.toFile());
        AudioClip c = AudioReader.read(aiff);
        assertEquals(11025, c.sampleRate());
        assertEquals(x.length, c.length());
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], c.samples()[i], 1.0 / 16000);
        }
    }

    @Test
    void flacDecodesToTheSameSamplesAsTheWavOfTheSameAudio() throws Exception {
        AudioClip wav = AudioReader.read(resource("tone.wav"));
        AudioClip flac = AudioReader.read(resource("tone.flac"));
        assertEquals(wav.sampleRate(), flac.sampleRate());
        assertArrayEquals(wav.samples(), flac.samples(), 1e-6f);
        assertTrue(TestAudio.rms(flac.samples(), 0, flac.length()) > 0.3);
        AudioClip wav24 = AudioReader.read(resource("stereo24.wav"));
        AudioClip flac24 = AudioReader.read(resource("stereo24.flac"));
        assertEquals(800, flac24.length());
        assertArrayEquals(wav24.samples(), flac24.samples(), 1e-6f);
    }

    @Test
    void badFilesNameTheFileAndTheProblem() throws Exception {
        Path empty = Files.createFile(tmp.resolve("empty.wav"));
        assertMessage(() -> AudioReader.read(empty), "empty.wav: empty file (0 bytes)");
        assertMessage(() -> AudioReader.read(tmp.resolve("missing.wav")), "missing.wav: file not found");
        assertMessage(() -> AudioReader.read(new byte[]{'R', 'I', 'F', 'F', 1}, "short.wav"), "short.wav: truncated file");
        assertMessage(() -> AudioReader.read("hello, this is text".getBytes(), "notes.wav"), "notes.wav: not a WAV, AIFF or FLAC file");
        byte[] ok = TestAudio.wav(1, 1, 8000, 16, new byte[200], null);
        byte[] truncated = java.util.Arrays.copyOf(ok, 100);
        assertMessage(() -> AudioReader.read(truncated, "cut.wav"), "cut.wav: truncated WAV: header declares 200 bytes of audio, the file holds 56");
        assertMessage(() -> AudioReader.read(TestAudio.wav(1, 1, 8000, 16, new byte[0], null), "zero.wav"),
                "zero.wav: WAV has no audio samples");
        assertMessage(() -> AudioReader.read(TestAudio.wav(2, 1, 8000, 4, new byte[10], null), "adpcm.wav"),
                "adpcm.wav: unsupported WAV encoding: format tag 2 (Microsoft ADPCM)");
        assertMessage(() -> AudioReader.read(TestAudio.wav(1, 1, 8000, 12, new byte[12], null), "odd.wav"),
                "odd.wav: unsupported WAV encoding: 12-bit PCM");
        ByteBuffer nan = TestAudio.le(8).putFloat(0.1f).putFloat(Float.NaN);
        assertMessage(() -> AudioReader.read(TestAudio.wav(3, 1, 8000, 32, nan.array(), null), "nan.wav"),
                "nan.wav: sample 1 (channel 0) is NaN; audio must be finite");
        byte[] noData = java.util.Arrays.copyOf(ok, 36);
        assertMessage(() -> AudioReader.read(noData, "nodata.wav"), "nodata.wav: corrupt or truncated WAV: no 'data' chunk");
        byte[] flac = Files.readAllBytes(resource("tone.flac"));
        byte[] badFlac = java.util.Arrays.copyOf(flac, 60);
        SnnaudioException e = assertThrows(SnnaudioException.class, () -> AudioReader.read(badFlac, "cut.flac"));
        assertTrue(e.getMessage().startsWith("cut.flac: "), e.getMessage());
    }

    static void assertMessage(org.junit.jupiter.api.function.Executable ex, String expectedStart) {
        SnnaudioException e = assertThrows(SnnaudioException.class, ex);
        assertTrue(e.getMessage().contains(expectedStart), () -> "message was: " + e.getMessage());
    }
}
