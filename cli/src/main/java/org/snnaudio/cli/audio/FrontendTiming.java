package org.snnaudio.cli.audio;

import org.snnaudio.audio.frontend.Frontend;
import org.snnaudio.audio.frontend.FrontendConfig;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * Times one frontend on one thread: warm-up, then repeated offline processing for a CPU-time budget.
 * {@code bench --features} runs it in a fresh JVM per frontend (like JMH's forks) so one frontend's
 * compiled code and profile do not slow down the next.
 */
public final class FrontendTiming {
    /** Real-time factor (seconds of audio per CPU second), runs and CPU seconds measured. */
    public record Result(double rtf, int runs, double cpuSeconds, int channels) {
    }

    private FrontendTiming() {
    }

    public static Result measure(FrontendConfig config, float[] audio, double warmSeconds, double seconds) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Frontend f = config.create();
        double audioSeconds = audio.length / (double) config.sampleRate();
        double sink = 0;
        long warmEnd = mx.getCurrentThreadCpuTime() + (long) (warmSeconds * 1e9);
        while (mx.getCurrentThreadCpuTime() < warmEnd) {
            sink += f.process(audio).values()[0];
        }
        int runs = 0;
        long t0 = mx.getCurrentThreadCpuTime();
        long t;
        do {
            sink += f.process(audio).values()[0];
            runs++;
            t = mx.getCurrentThreadCpuTime();
        } while (t - t0 < seconds * 1e9);
        if (Double.isNaN(sink)) {
            throw new IllegalStateException("frontend produced NaN");
        }
        double cpu = (t - t0) / 1e9;
        return new Result(runs * audioSeconds / cpu, runs, cpu, f.channels());
    }

    /**
     * Child-process entry: {@code FrontendTiming PRESET|mfcc-bench WARM SECONDS}; prints
     * {@code rtf runs cpu channels} on one line. The audio is the bench's fixed test signal.
     */
    public static void main(String[] args) {
        FrontendConfig c = BenchFrontends.byName(args[0]);
        Result r = measure(c, BenchFrontends.testSignal(), Double.parseDouble(args[1]), Double.parseDouble(args[2]));
        System.out.println(String.format(Locale.ROOT, "RESULT %.3f %d %.4f %d", r.rtf(), r.runs(), r.cpuSeconds(), r.channels()));
    }
}
