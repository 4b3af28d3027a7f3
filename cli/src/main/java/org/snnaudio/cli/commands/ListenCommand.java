package org.snnaudio.cli.commands;

import org.snnaudio.audio.io.AudioClip;
import org.snnaudio.audio.io.AudioReader;
import org.snnaudio.audio.io.Resampler;
import org.snnaudio.cli.pipeline.Pipeline;
import org.snnaudio.cli.stream.StreamingClassifier;
import org.snnaudio.core.SnnaudioException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.TargetDataLine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code snnaudio listen}: streaming classification from the microphone (Java Sound) or, with
 * {@code --file}, from a recording pushed through the same streaming path in chunks.
 */
@Command(name = "listen", mixinStandardHelpOptions = true,
        description = "Stream audio from a microphone (or --file) through a trained model and print decisions as they happen.")
public final class ListenCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Run folder of 'snnaudio train' or a .snnm model file.")
    Path model;

    @Option(names = "--file", description = "Stream this recording instead of the microphone.")
    Path file;

    @Option(names = "--device", description = "Input device: index or part of the name from --list-devices (default: the system's).")
    String device;

    @Option(names = "--list-devices", description = "List the audio input devices and exit.")
    boolean listDevices;

    @Option(names = "--window", description = "Decision window in seconds (default: the model's clip duration, or 1 s).")
    Double window;

    @Option(names = "--hop", description = "Seconds between decisions (default 0.25).")
    double hop = 0.25;

    @Option(names = "--chunk", description = "Audio chunk in milliseconds pushed at a time (default 20).")
    double chunkMs = 20;

    @Option(names = "--min-level", description = "RMS level in dBFS below which a window is silence (default -45).")
    double minLevelDb = -45;

    @Option(names = "--seconds", description = "Stop after this many seconds of microphone audio (default: until Ctrl-C).")
    Double seconds;

    @Option(names = "--all", description = "Print every decision, not only changes of the detected class.")
    boolean all;

    @Override
    public Integer call() {
        if (listDevices) {
            List<Mixer.Info> in = inputDevices();
            if (in.isEmpty()) {
                System.out.println("no audio input devices (Java Sound lists none)");
            }
            for (int i = 0; i < in.size(); i++) {
                System.out.println(i + ": " + in.get(i).getName() + " - " + in.get(i).getDescription());
            }
            return 0;
        }
        Pipeline p = Models.load(model);
        double win = window != null ? window : p.config().audio().duration() > 0 ? p.config().audio().duration() : 1.0;
        double minLevel = Math.pow(10, minLevelDb / 20);
        StreamingClassifier sc = new StreamingClassifier(p, win, hop, minLevel, false);
        int rate = p.frontend().sampleRate();
        int chunk = Math.max(1, (int) Math.round(chunkMs / 1000 * rate));
        Printer pr = new Printer();
        if (file != null) {
            AudioClip clip = AudioReader.read(file);
            float[] x = clip.sampleRate() == rate ? clip.samples() : Resampler.resample(clip, rate).samples();
            System.out.printf(Locale.ROOT, "streaming %s (%.2f s) in %.0f ms chunks, window %.2f s, hop %.2f s%n", file,
                    x.length / (double) rate, chunkMs, win, hop);
            for (int at = 0; at < x.length; at += chunk) {
                pr.print(sc.push(x, at, Math.min(chunk, x.length - at)));
            }
            pr.print(sc.finish());
            pr.summary();
            return 0;
        }
        return microphone(sc, rate, chunk, pr);
    }

    private int microphone(StreamingClassifier sc, int rate, int chunk, Printer pr) {
        List<Mixer.Info> in = inputDevices();
        if (in.isEmpty()) {
            throw new SnnaudioException("no audio input device found (Java Sound lists none); connect a microphone, or "
                    + "stream a recording with --file FILE");
        }
        AudioFormat fmt = new AudioFormat(rate, 16, 1, true, false);
        DataLine.Info info = new DataLine.Info(TargetDataLine.class, fmt);
        TargetDataLine line;
        try {
            if (device == null) {
                line = (TargetDataLine) AudioSystem.getLine(info);
            } else {
                Mixer.Info m = pick(in, device);
                line = (TargetDataLine) AudioSystem.getMixer(m).getLine(info);
            }
            line.open(fmt, chunk * 8);
        } catch (LineUnavailableException | IllegalArgumentException e) {
            throw new SnnaudioException("cannot open the audio input at " + rate + " Hz, 16-bit mono: " + e.getMessage()
                    + " (see --list-devices, choose one with --device)", e);
        }
        line.start();
        System.out.printf(Locale.ROOT, "listening at %d Hz (Ctrl-C to stop)%n", rate);
        byte[] buf = new byte[chunk * 2];
        float[] x = new float[chunk];
        long total = 0;
        try {
            while (seconds == null || total < seconds * rate) {
                int n = line.read(buf, 0, buf.length);
                int samples = n / 2;
                for (int i = 0; i < samples; i++) {
                    x[i] = (short) ((buf[2 * i] & 0xff) | (buf[2 * i + 1] << 8)) / 32768f;
                }
                total += samples;
                pr.print(sc.push(x, 0, samples));
            }
        } finally {
            line.stop();
            line.close();
        }
        pr.summary();
        return 0;
    }

    private static Mixer.Info pick(List<Mixer.Info> in, String device) {
        if (device.matches("\\d+")) {
            int i = Integer.parseInt(device);
            if (i >= in.size()) {
                throw new SnnaudioException("--device " + i + ": there are " + in.size() + " input devices (see --list-devices)");
            }
            return in.get(i);
        }
        for (Mixer.Info m : in) {
            if (m.getName().toLowerCase(Locale.ROOT).contains(device.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new SnnaudioException("--device '" + device + "' matches no input device (see --list-devices)");
    }

    static List<Mixer.Info> inputDevices() {
        List<Mixer.Info> out = new ArrayList<>();
        for (Mixer.Info m : AudioSystem.getMixerInfo()) {
            Mixer mixer = AudioSystem.getMixer(m);
            if (mixer.getTargetLineInfo().length > 0) {
                for (var li : mixer.getTargetLineInfo()) {
                    if (TargetDataLine.class.isAssignableFrom(li.getLineClass())) {
                        out.add(m);
                        break;
                    }
                }
            }
        }
        return out;
    }

    /** Prints decisions: changes of the detected class (or all with --all). */
    private final class Printer {
        private String last;
        private int count;

        void print(List<StreamingClassifier.Decision> ds) {
            for (StreamingClassifier.Decision d : ds) {
                count++;
                if (all || !d.label().equals(last)) {
                    System.out.printf(Locale.ROOT, "%8.2f s  %-12s %.3f%n", d.timeSeconds(), d.label(), d.confidence());
                    System.out.flush();
                }
                last = d.label();
            }
        }

        void summary() {
            if (count == 0) {
                System.out.println("no decisions (the audio stayed below --min-level " + minLevelDb + " dBFS or was shorter "
                        + "than the window)");
            }
        }
    }
}
