package org.snnaudio.cli.pipeline;

import org.snnaudio.audio.frontend.Features;
import org.snnaudio.audio.io.AudioClip;
import org.snnaudio.audio.io.AudioReader;
import org.snnaudio.cli.config.PipelineConfig.AugmentConfig;
import org.snnaudio.core.SnnaudioException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Training-time augmentation ({@code training.augment}): perturbed copies of training recordings, so that a
 * network trained on few speakers sees more voice tempos and pitches.
 */
public final class Augmenter {
    private Augmenter() {
    }

    /**
     * The clip played {@code speed} times faster (tempo and pitch together): the samples are declared at
     * {@code speed} times their rate, so the pipeline's resampling to its own rate stretches them.
     */
    public static AudioClip speed(AudioClip clip, double speed) {
        if (!(speed > 0.5 && speed < 1.5)) {
            throw new SnnaudioException("speed factor must be in (0.5, 1.5), got " + speed);
        }
        int rate = (int) Math.round(clip.sampleRate() * speed);
        return new AudioClip(clip.samples(), rate, clip.source());
    }

    /** The clip with white Gaussian noise at {@code snrDb} dB below the clip's mean power (a silent clip is returned as is). */
    public static AudioClip noise(AudioClip clip, double snrDb, SplittableRandom rnd) {
        float[] x = clip.samples();
        double power = 0;
        for (float v : x) {
            power += (double) v * v;
        }
        if (x.length == 0 || power == 0) {
            return clip;
        }
        double sd = Math.sqrt(power / x.length / Math.pow(10, snrDb / 10));
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) (x[i] + sd * gaussian(rnd));
        }
        return new AudioClip(y, clip.sampleRate(), clip.source());
    }

    /** Copy {@code copy} (0-based) of recording {@code index}: the same perturbation for the same seed, copy and index. */
    public static AudioClip perturb(AudioClip clip, AugmentConfig cfg, int copy, int index) {
        SplittableRandom rnd = new SplittableRandom(cfg.seed() * 0x9E3779B97F4A7C15L + copy * 1_000_003L + index);
        AudioClip c = clip;
        if (cfg.speed() > 0) {
            c = speed(c, 1 + cfg.speed() * (2 * rnd.nextDouble() - 1));
        }
        if (cfg.noiseSnrDb() != null) {
            c = noise(c, cfg.noiseSnrDb() + 20 * rnd.nextDouble(), rnd);
        }
        return c;
    }

    /**
     * Frontend features of {@code cfg.copies()} perturbed copies of each file, copy-major: copy 0 of every
     * file, then copy 1, and so on (labels repeat the files' labels in the same order).
     */
    public static List<Features> features(Pipeline p, List<Path> files, AugmentConfig cfg, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<List<Features>>> fs = new ArrayList<>(files.size());
            for (int i = 0; i < files.size(); i++) {
                int index = i;
                Path file = files.get(i);
                fs.add(pool.submit(() -> {
                    AudioClip clip = AudioReader.read(file);
                    List<Features> out = new ArrayList<>(cfg.copies());
                    for (int c = 0; c < cfg.copies(); c++) {
                        out.add(p.features(perturb(clip, cfg, c, index)));
                    }
                    return out;
                }));
            }
            List<List<Features>> perFile = new ArrayList<>(files.size());
            for (Future<List<Features>> f : fs) {
                perFile.add(f.get());
            }
            List<Features> out = new ArrayList<>(files.size() * cfg.copies());
            for (int c = 0; c < cfg.copies(); c++) {
                for (List<Features> l : perFile) {
                    out.add(l.get(c));
                }
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnnaudioException("augmentation interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof SnnaudioException se) {
                throw se;
            }
            throw new SnnaudioException("augmentation failed: " + c, c);
        } finally {
            pool.shutdownNow();
        }
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }
}
