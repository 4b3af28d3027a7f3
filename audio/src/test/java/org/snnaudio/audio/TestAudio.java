package org.snnaudio.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Signal and file builders shared by the audio tests. */
public final class TestAudio {
    private TestAudio() {
    }

    public static float[] sine(double freq, double amp, int rate, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amp * Math.sin(2 * Math.PI * freq * i / rate));
        }
        return x;
    }

    public static double rms(float[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += (double) x[i] * x[i];
        }
        return Math.sqrt(s / (to - from));
    }

    /** Amplitude of the component at {@code freq} (Goertzel-style projection on sin and cos). */
    public static double amplitudeAt(float[] x, int from, int to, double freq, int rate) {
        double c = 0;
        double s = 0;
        for (int i = from; i < to; i++) {
            double ph = 2 * Math.PI * freq * i / rate;
            c += x[i] * Math.cos(ph);
            s += x[i] * Math.sin(ph);
        }
        return 2 * Math.hypot(c, s) / (to - from);
    }

    /** A WAV file with arbitrary format fields and raw data bytes. */
    public static byte[] wav(int formatTag, int channels, int rate, int bits, byte[] data, Integer declaredDataSize) {
        int blockAlign = channels * bits / 8;
        ByteBuffer b = ByteBuffer.allocate(44 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + data.length).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) formatTag).putShort((short) channels)
                .putInt(rate).putInt(rate * blockAlign).putShort((short) blockAlign).putShort((short) bits);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(declaredDataSize == null ? data.length : declaredDataSize);
        b.put(data);
        return b.array();
    }

    public static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
