package org.snnaudio.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Test data: sine tones of a different pitch per class, written as 16-bit WAV files. */
public final class Tones {
    private Tones() {
    }

    /** Writes {@code perClass} tones for each of the given frequencies into {@code dir/<name>/spkK_i.wav}. */
    public static void write(Path dir, String[] names, double[] freqs, int perClass, int rate, long seed) throws IOException {
        Random rnd = new Random(seed);
        for (int c = 0; c < names.length; c++) {
            Path d = dir.resolve(names[c]);
            Files.createDirectories(d);
            for (int i = 0; i < perClass; i++) {
                double f = freqs[c] * (1 + 0.04 * (rnd.nextDouble() * 2 - 1));
                int n = (int) (rate * (0.35 + 0.3 * rnd.nextDouble()));
                float[] x = new float[n];
                for (int t = 0; t < n; t++) {
                    x[t] = (float) (0.5 * Math.sin(2 * Math.PI * f * t / rate) + 0.01 * rnd.nextGaussian());
                }
                writeWav(d.resolve("spk" + (i % 4) + "_" + i + ".wav"), x, rate);
            }
        }
    }

    /** A mono 16-bit PCM WAV file. */
    public static void writeWav(Path file, float[] x, int rate) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * x.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + 2 * x.length).put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes()).putInt(2 * x.length);
        for (float v : x) {
            b.putShort((short) Math.max(-32768, Math.min(32767, Math.round(v * 32767))));
        }
        Files.write(file, b.array());
    }

    /** A small, quickly trained pipeline config for the tones. */
    public static final String CONFIG = """
            name: tones
            audio: {sample_rate: 8000, duration: 0.7, normalise: peak}
            frontend: {type: mfcc, n_mfcc: 12, n_fft: 256, hop: 256, n_mels: 24}
            encoder: {type: direct, steps_per_frame: 2}
            network: {dt: 0.016, hidden: [24], neuron: {tau_mem: 0.05}, readout: {neuron: li, tau_mem: 0.05}, init: {gain: 3.0}}
            decoder: max-membrane
            loss: {type: max-membrane}
            training: {epochs: 20, batch_size: 8, optimizer: {lr: 0.01}, threads: 1, seed: 1}
            split: {method: stratified, test_fraction: 0.25, val_fraction: 0.1}
            """;
}
