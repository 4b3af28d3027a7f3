package org.snnaudio.cli.bench;

import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.data.DenseSample;
import org.snnaudio.core.data.Sample;
import org.snnaudio.core.data.SpikeSample;
import org.snnaudio.core.nn.LayerSpec;
import org.snnaudio.core.nn.Network;
import org.snnaudio.core.nn.NetworkOptions;
import org.snnaudio.core.nn.Synapse;
import org.snnaudio.core.neuron.CubaLif;
import org.snnaudio.core.neuron.Li;
import org.snnaudio.core.train.Optimizer;
import org.snnaudio.core.train.OptimizerConfig;
import org.snnaudio.core.train.StepResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code snnaudio bench --config shd|kws}: trains and runs the reference configurations of DESIGN.md on
 * synthetic data exactly as {@code shared/bench/torch_bptt.py} does (CuBa-LIF hidden layer, optional
 * all-to-all recurrence, fast sigmoid slope 100, LI readout, max over time, cross-entropy, Adam lr 2e-4;
 * tau_syn 5 ms, tau_mem 10 ms, dt 1 ms, threshold 1, reset by subtraction of the previous step's spike;
 * initial std {@code scale (1 - beta) / sqrt(fan_in)} with scale 4 for spikes and 1 for analog input; one
 * fixed batch; the same warmup and timed iteration counts), and prints the median samples/s of training
 * steps and of inference, then one JSON line. {@code --seconds} sets the JIT warm-up, done on a copy.
 */
final class EngineBench {
    /**
     * Seed of the initial weights. The recurrent layer's initial firing rate depends strongly on the draw
     * (3 % to 10 % over seeds 1-4) and the engine's event-driven cost grows with it, so the seed is one
     * whose rate (about 4 %) is close to the baseline's 3.7 %; both programs print the rate they ran at.
     */
    private static final long WEIGHT_SEED = 4;

    /** Adam learning rate of the baseline. */
    private static final double LR = 2e-4;

    private EngineBench() {
    }

    /** One reference configuration: the torch_bptt.py flags it mirrors. */
    private record Config(String name, int inputs, int hidden, int outputs, int steps, int batch, boolean recurrent,
                          boolean denseInput, double inputRate, int iters, int warmup) {
    }

    private static Config config(String name) {
        return switch (name) {
            case "shd" -> new Config("shd", 700, 128, 20, 100, 256, true, false, 0.02, 20, 5);
            case "kws" -> new Config("kws", 16, 64, 2, 125, 16, false, true, 0, 50, 10);
            default -> throw new SnnaudioException("bench: --config must be shd or kws, got '" + name + "'");
        };
    }

    static int run(String configName, int threads, double seconds) {
        Config c = config(configName);
        List<Sample> batch = data(c, 0);
        Network net = network(c, threads);
        long params = net.parameters().stream().filter(p -> p.trainable()).mapToLong(p -> p.size()).sum();
        System.out.printf(Locale.ROOT, "engine bench %s: %d-%d-%d T=%d B=%d recurrent=%s input=%s threads=%d java=%s%n",
                c.name, c.inputs, c.hidden, c.outputs, c.steps, c.batch, c.recurrent,
                c.denseInput ? "dense[0,1)" : "bernoulli p=" + c.inputRate, threads, System.getProperty("java.version"));
        System.out.println("trainable params: " + params);
        StepResult init = net.evaluateBatch(batch);
        System.out.printf(Locale.ROOT, "init loss %.6f  hidden spike prob/step %.4f%n", init.loss(), init.layerFiringRates()[0]);

        // The JIT warms up on a separate copy, so that the measured network goes through exactly the
        // baseline's steps (warmup + iters of training, then of inference): its weights, and with them its
        // firing rate and the event-driven cost, evolve as in the baseline run.
        double warmSeconds = Math.max(1.0, Math.min(seconds, 20));
        System.out.printf(Locale.ROOT, "warming up the JIT for %.0f s on a copy of the network%n", warmSeconds);
        Network warmNet = network(c, threads);
        Optimizer warmOpt = new Optimizer(OptimizerConfig.Adam.of(LR), List.of(), warmNet.parameters());
        long end = System.nanoTime() + (long) (warmSeconds * 1e9);
        while (System.nanoTime() < end) {
            step(warmNet, warmOpt, batch);
            warmNet.predict(batch);
        }

        Optimizer opt = new Optimizer(OptimizerConfig.Adam.of(LR), List.of(), net.parameters());
        double[] trainCpu = new double[c.iters];
        double[] train = time(() -> step(net, opt, batch), c.warmup, c.iters, trainCpu);
        StepResult after = net.evaluateBatch(batch);
        System.out.printf(Locale.ROOT, "loss after %d training steps %.6f  hidden spike prob/step %.4f%n",
                c.warmup + c.iters, after.loss(), after.layerFiringRates()[0]);
        double[] inferCpu = new double[c.iters];
        double[] infer = time(() -> net.predict(batch), c.warmup, c.iters, inferCpu);
        double trainRate = c.batch / median(train);
        double inferRate = c.batch / median(infer);
        report("train", c.batch, train);
        report("infer", c.batch, infer);
        if (threads == 1) {
            // with one thread all the work is on this thread: its CPU time does not count the time other
            // processes took the core, so it compares builds on a busy machine (not the baseline: wall time)
            System.out.printf(Locale.ROOT, "RESULT snnaudio cpu: train %.1f us/sample, infer %.1f us/sample (median CPU time "
                    + "of the calling thread per batch)%n", median(trainCpu) / c.batch * 1e6, median(inferCpu) / c.batch * 1e6);
        }
        double rss = peakRssMib();
        System.out.printf(Locale.ROOT, "RESULT snnaudio peak_rss: %.1f MiB%n", rss);
        System.out.printf(Locale.ROOT,
                "{\"config\":\"%s\",\"train_samples_per_s\":%.1f,\"infer_samples_per_s\":%.1f,\"peak_rss_mib\":%.1f}%n",
                c.name, trainRate, inferRate, rss);
        return 0;
    }

    /** The fixed batch: Bernoulli spikes or uniform [0,1) analog input, uniform labels (seeded). */
    private static List<Sample> data(Config c, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Sample> out = new ArrayList<>();
        for (int b = 0; b < c.batch; b++) {
            if (c.denseInput) {
                float[] v = new float[c.steps * c.inputs];
                for (int k = 0; k < v.length; k++) {
                    v[k] = (float) r.nextDouble();
                }
                out.add(new DenseSample(v, c.steps, c.inputs, r.nextInt(c.outputs)));
            } else {
                int[] start = new int[c.steps + 1];
                int[] idx = new int[c.steps * c.inputs];
                int n = 0;
                for (int t = 0; t < c.steps; t++) {
                    start[t] = n;
                    for (int ch = 0; ch < c.inputs; ch++) {
                        if (r.nextDouble() < c.inputRate) {
                            idx[n++] = ch;
                        }
                    }
                }
                start[c.steps] = n;
                out.add(new SpikeSample(start, Arrays.copyOf(idx, n), c.steps, c.inputs, r.nextInt(c.outputs)));
            }
        }
        return out;
    }

    private static Network network(Config c, int threads) {
        double weightScale = c.denseInput ? 1.0 : 4.0;
        return Network.builder(c.inputs)
                .layer(new LayerSpec("hidden", c.hidden, Synapse.DENSE, c.recurrent, false, new CubaLif(0.005, 0.01, 1.0),
                        weightScale))
                .layer(new LayerSpec("readout", c.outputs, Synapse.DENSE, false, false, new Li(0.01), weightScale))
                .options(NetworkOptions.defaults().withThreads(threads)).seed(WEIGHT_SEED).build();
    }

    /** One training step as the baseline's: zero gradients, forward and backward, Adam. */
    private static void step(Network net, Optimizer opt, List<Sample> batch) {
        opt.zeroGrad();
        net.trainBatch(batch);
        opt.step(1.0);
    }

    /**
     * {@code warmup} untimed runs, then the seconds of each of {@code iters} timed runs; the calling thread's
     * CPU seconds of each run go to {@code cpu}.
     */
    private static double[] time(Runnable step, int warmup, int iters, double[] cpu) {
        for (int i = 0; i < warmup; i++) {
            step.run();
        }
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] ts = new double[iters];
        for (int i = 0; i < iters; i++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            step.run();
            ts[i] = (System.nanoTime() - t0) / 1e9;
            cpu[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
        }
        return ts;
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static void report(String what, int batch, double[] times) {
        double med = median(times);
        double mean = Arrays.stream(times).average().orElse(Double.NaN);
        double min = Arrays.stream(times).min().orElse(Double.NaN);
        System.out.printf(Locale.ROOT, "RESULT snnaudio %s: %10.1f samples/s median  (%.2f ms/batch median, %.2f mean, "
                + "%.2f min, n=%d)%n", what, batch / med, med * 1e3, mean * 1e3, min * 1e3, times.length);
    }

    /** Peak resident set size of this process (VmHWM), in MiB; NaN where /proc is unavailable. */
    static double peakRssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    String[] p = line.trim().split("\\s+");
                    return Double.parseDouble(p[1]) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
