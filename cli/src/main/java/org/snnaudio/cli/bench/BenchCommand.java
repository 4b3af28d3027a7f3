package org.snnaudio.cli.bench;

import org.snnaudio.core.SnnaudioException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code snnaudio bench}: throughput benchmarks. Exactly one of {@code --config} (engine training and
 * inference on a reference configuration), {@code --features} (frontend real-time factors) or
 * {@code --streaming} (streaming inference real-time factor). Each prints one JSON line last.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure engine, frontend or streaming throughput; prints one JSON line last.")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--config", description = "Reference configuration to train and run: shd or kws.")
    String config;

    @Option(names = "--features", description = "Feature-extraction real-time factors (MFCC, mel, filterbank, gammatone).")
    boolean features;

    @Option(names = "--streaming", description = "Streaming inference real-time factor of the NWAVE-sized network.")
    boolean streaming;

    @Option(names = "--threads", description = "Worker threads (default: available processors).")
    Integer threads;

    @Option(names = "--seconds", description = "Approximate time budget per measured phase, in seconds (default 10).")
    double seconds = 10;

    @Override
    public Integer call() {
        int chosen = (config != null ? 1 : 0) + (features ? 1 : 0) + (streaming ? 1 : 0);
        if (chosen != 1) {
            throw new SnnaudioException("bench: give exactly one of --config shd|kws, --features or --streaming");
        }
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (t < 1) {
            throw new SnnaudioException("bench: --threads must be >= 1, got " + t);
        }
        if (config != null) {
            return EngineBench.run(config, t, seconds);
        }
        if (features) {
            return FeatureBench.run(seconds);
        }
        return StreamingBench.run(seconds);
    }
}
