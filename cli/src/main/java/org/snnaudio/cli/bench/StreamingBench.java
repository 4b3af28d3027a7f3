package org.snnaudio.cli.bench;

import org.snnaudio.audio.frontend.Features;
import org.snnaudio.audio.frontend.Frontends;
import org.snnaudio.audio.io.AudioClip;
import org.snnaudio.cli.commands.Json;
import org.snnaudio.cli.config.ConfigIO;
import org.snnaudio.cli.config.PipelineConfig;
import org.snnaudio.cli.pipeline.Pipeline;
import org.snnaudio.cli.stream.StreamingClassifier;
import org.snnaudio.core.nn.InferenceStream;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code snnaudio bench --streaming}: real-time factor of streaming inference on one core for the
 * NWAVE-sized pipeline (16-filter IIR frontend at 16 kHz, 8 ms bins, diagonal 16-LIF frontend layer,
 * 64 LIF, 2 outputs), frontend, scaling, encoding, network and decisions included. Audio is pushed
 * in 20 ms chunks as a microphone would deliver it. RTF = seconds of audio / CPU seconds of the
 * thread. The filterbank alone and the network alone (the same input rows, one step per call) are timed
 * too, to show where the time goes. The last line is one JSON object.
 */
final class StreamingBench {
    private StreamingBench() {
    }

    static int run(double seconds) {
        PipelineConfig c = ConfigIO.builtIn("nwave-kws");
        Pipeline p = new Pipeline(c, List.of("yes", "no"));
        int rate = p.frontend().sampleRate();
        float[] audio = speechLike(rate, 10, 11);
        Features f = p.features(new AudioClip(audio, rate, "bench"));
        p.fitScaler(List.of(f));
        p.buildNetwork(p.encode(f, 0).channels());
        int chunk = rate / 50;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        // warm-up: let the JIT compile the hot paths
        long warmEnd = System.nanoTime() + (long) (Math.min(3, seconds / 3) * 1e9);
        while (System.nanoTime() < warmEnd) {
            push(p, audio, chunk);
        }
        double audioSeconds = 0;
        long decisions = 0;
        long cpu0 = mx.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        while ((System.nanoTime() - wall0) / 1e9 < seconds) {
            decisions += push(p, audio, chunk);
            audioSeconds += audio.length / (double) rate;
        }
        double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
        double wall = (System.nanoTime() - wall0) / 1e9;
        // the frontend alone, streamed the same way, to show where the time goes
        double feAudio = 0;
        long fe0 = mx.getCurrentThreadCpuTime();
        long feWall0 = System.nanoTime();
        long frames = 0;
        while ((System.nanoTime() - feWall0) / 1e9 < Math.max(1, seconds / 3)) {
            var fs = p.frontend().newStream();
            long[] count = {0};
            for (int at = 0; at < audio.length; at += chunk) {
                fs.push(audio, at, Math.min(chunk, audio.length - at), fr -> count[0]++);
            }
            fs.finish(fr -> count[0]++);
            frames += count[0];
            feAudio += audio.length / (double) rate;
        }
        double feCpu = (mx.getCurrentThreadCpuTime() - fe0) / 1e9;
        // the network alone on the same input rows, one step per call as the stream feeds them
        StreamingClassifier rec = new StreamingClassifier(p, 1.0, 0.25, 0, true);
        rec.push(audio, 0, audio.length);
        rec.finish();
        List<float[]> rows = rec.inputRows();
        float[] netOut = new float[p.network().classes()];
        double netAudio = 0;
        long netSteps = 0;
        long net0 = mx.getCurrentThreadCpuTime();
        long netWall0 = System.nanoTime();
        while ((System.nanoTime() - netWall0) / 1e9 < Math.max(1, seconds / 3)) {
            InferenceStream ns = p.network().stream();
            for (float[] row : rows) {
                ns.step(row, netOut);
            }
            netAudio += audio.length / (double) rate;
            netSteps += rows.size();
        }
        double netCpu = (mx.getCurrentThreadCpuTime() - net0) / 1e9;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("config", "nwave-kws");
        m.put("network", p.network().inputs() + "-" + p.network().layerSpecs().stream().map(l -> Integer.toString(l.size()))
                .reduce((a, b) -> a + "-" + b).orElse(""));
        m.put("audio_seconds", audioSeconds);
        m.put("cpu_seconds", cpu);
        m.put("wall_seconds", wall);
        m.put("decisions", decisions);
        m.put("streaming_rtf", audioSeconds / cpu);
        m.put("streaming_rtf_wall", audioSeconds / wall);
        m.put("frontend_only_rtf", feAudio / feCpu);
        m.put("frontend_kernel", Frontends.filterbankKernel());
        m.put("frontend_share", (audioSeconds / (feAudio / feCpu)) / cpu);
        m.put("network_only_rtf", netAudio / netCpu);
        m.put("network_share", (audioSeconds / (netAudio / netCpu)) / cpu);
        m.put("network_ns_per_step", netCpu * 1e9 / netSteps);
        m.put("frames", frames);
        System.out.printf(Locale.ROOT, "streamed %.0f s of 16 kHz audio in 20 ms chunks: %.0fx real time per CPU second "
                + "(%.0fx by wall clock, 1 thread, %d decisions; filterbank kernel: %s)%n", audioSeconds, audioSeconds / cpu, audioSeconds / wall, decisions,
                Frontends.filterbankKernel());
        System.out.println(Json.line(m));
        return 0;
    }

    private static long push(Pipeline p, float[] audio, int chunk) {
        StreamingClassifier s = new StreamingClassifier(p, 1.0, 0.25, 0, false);
        long n = 0;
        for (int at = 0; at < audio.length; at += chunk) {
            n += s.push(audio, at, Math.min(chunk, audio.length - at)).size();
        }
        return n + s.finish().size();
    }

    /** Seconds of bursts of harmonic tones in noise, a stand-in for speech with pauses. */
    static float[] speechLike(int rate, int seconds, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[rate * seconds];
        double f0 = 150;
        for (int t = 0; t < x.length; t++) {
            if (t % (rate / 4) == 0) {
                f0 = 100 + 200 * r.nextDouble();
            }
            double env = Math.max(0, Math.sin(Math.PI * t / (rate * 0.6)));
            double v = 0;
            for (int h = 1; h <= 6; h++) {
                v += Math.sin(2 * Math.PI * f0 * h * t / rate) / h;
            }
            x[t] = (float) (0.3 * env * v + 0.01 * (r.nextDouble() * 2 - 1));
        }
        return x;
    }
}
