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
 * network trained on few speakers sees more voice tempos and pitches, word positions, and features with
 * parts hidden (SpecAugment-style time and channel masks).
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

    /**
     * The clip moved by {@code seconds} (later when positive, earlier when negative), the same length, the gap
     * filled with silence.
     */
    public static AudioClip shift(AudioClip clip, double seconds) {
        float[] x = clip.samples();
        int k = (int) Math.round(seconds * clip.sampleRate());
        float[] y = new float[x.length];
        if (Math.abs(k) < x.length) {
            if (k >= 0) {
                System.arraycopy(x, 0, y, k, x.length - k);
            } else {
                System.arraycopy(x, -k, y, 0, x.length + k);
            }
        }
        return new AudioClip(y, clip.sampleRate(), clip.source());
    }

    /**
     * SpecAugment-style masks on a copy of {@code f}: {@code timeMasks} runs of whole frames and
     * {@code freqMasks} runs of channels, each 1 to its widest width long at a uniform position, set to the
     * channel's mean over the recording (so that a per-recording mean normalisation maps them to about 0).
     */
    public static Features mask(Features f, int timeMasks, int timeMaskFrames, int freqMasks, int freqMaskChannels,
                                SplittableRandom rnd) {
        int n = f.frames();
        int c = f.channels();
        if (n == 0 || (timeMasks == 0 && freqMasks == 0)) {
            return f;
        }
        float[] v = f.values().clone();
        float[] mean = new float[c];
        for (int k = 0; k < c; k++) {
            double s = 0;
            for (int t = 0; t < n; t++) {
                s += v[t * c + k];
            }
            mean[k] = (float) (s / n);
        }
        for (int m = 0; m < timeMasks; m++) {
            int w = Math.min(n, 1 + rnd.nextInt(timeMaskFrames));
            int t0 = rnd.nextInt(n - w + 1);
            for (int t = t0; t < t0 + w; t++) {
                System.arraycopy(mean, 0, v, t * c, c);
            }
        }
        for (int m = 0; m < freqMasks; m++) {
            int w = Math.min(c, 1 + rnd.nextInt(freqMaskChannels));
            int k0 = rnd.nextInt(c - w + 1);
            for (int t = 0; t < n; t++) {
                for (int k = k0; k < k0 + w; k++) {
                    v[t * c + k] = mean[k];
                }
            }
        }
        return new Features(v, n, c, f.framePeriod());
    }

    /** Copy {@code copy} (0-based) of recording {@code index}: the same perturbation for the same seed, copy and index. */
    public static AudioClip perturb(AudioClip clip, AugmentConfig cfg, int copy, int index) {
        SplittableRandom rnd = random(cfg, copy, index);
        AudioClip c = clip;
        if (cfg.speed() > 0) {
            c = speed(c, 1 + cfg.speed() * (2 * rnd.nextDouble() - 1));
        }
        if (cfg.noiseSnrDb() != null) {
            c = noise(c, cfg.noiseSnrDb() + 20 * rnd.nextDouble(), rnd);
        }
        if (cfg.shift() > 0) {
            c = shift(c, cfg.shift() * (2 * rnd.split().nextDouble() - 1));
        }
        return c;
    }

    /** Features of copy {@code copy} of recording {@code index}: the perturbed clip's features, then the masks. */
    public static Features perturbedFeatures(Pipeline p, AudioClip clip, AugmentConfig cfg, int copy, int index) {
        Features f = p.features(perturb(clip, cfg, copy, index));
        if (cfg.timeMasks() == 0 && cfg.freqMasks() == 0) {
            return f;
        }
        // a stream of its own, so adding masks does not change the speed and noise of existing configs
        SplittableRandom rnd = new SplittableRandom(random(cfg, copy, index).nextLong() ^ 0x5DEECE66DL);
        return mask(f, cfg.timeMasks(), cfg.timeMaskFrames(), cfg.freqMasks(), cfg.freqMaskChannels(), rnd);
    }

    private static SplittableRandom random(AugmentConfig cfg, int copy, int index) {
        return new SplittableRandom(cfg.seed() * 0x9E3779B97F4A7C15L + copy * 1_000_003L + index);
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
                        out.add(perturbedFeatures(p, clip, cfg, c, index));
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
