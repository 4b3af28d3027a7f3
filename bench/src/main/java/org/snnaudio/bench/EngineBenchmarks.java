package org.snnaudio.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.snnaudio.core.data.DenseSample;
import org.snnaudio.core.data.Sample;
import org.snnaudio.core.data.SpikeSample;
import org.snnaudio.core.nn.LayerSpec;
import org.snnaudio.core.nn.Network;
import org.snnaudio.core.nn.NetworkOptions;
import org.snnaudio.core.nn.Parameter;
import org.snnaudio.core.nn.Synapse;
import org.snnaudio.core.neuron.CubaLif;
import org.snnaudio.core.neuron.Li;
import org.snnaudio.core.train.StepResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * JMH benchmarks of the engine on one thread: a training step (forward, BPTT, gradients) and inference on
 * one sample of the reference configurations (shd: 700 spike inputs at 2 %, recurrent 128 CuBa-LIF, 20 LI;
 * kws: 16 analog inputs, 64 CuBa-LIF, 2 LI), with the fast kernels and with the scalar reference engine.
 * Run: {@code java -jar bench/target/snnaudio-jmh.jar EngineBenchmarks}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineBenchmarks {
    @Param({"shd", "kws"})
    public String config;

    @Param({"fast", "reference"})
    public String engine;

    private Network net;
    private List<Sample> one;

    @Setup
    public void setup() {
        boolean kws = config.equals("kws");
        int inputs = kws ? 16 : 700;
        int steps = kws ? 125 : 100;
        int classes = kws ? 2 : 20;
        net = Network.builder(inputs)
                .layer(new LayerSpec("hidden", kws ? 64 : 128, Synapse.DENSE, !kws, false, new CubaLif(0.005, 0.01, 1.0),
                        kws ? 1 : 4))
                .layer(new LayerSpec("readout", classes, Synapse.DENSE, false, false, new Li(0.01), kws ? 1 : 4))
                .options(NetworkOptions.defaults().withReference(engine.equals("reference")))
                .seed(4).build();
        SplittableRandom r = new SplittableRandom(0);
        List<Sample> s = new ArrayList<>();
        float[] v = new float[steps * inputs];
        for (int k = 0; k < v.length; k++) {
            v[k] = kws ? (float) r.nextDouble() : (r.nextDouble() < 0.02 ? 1 : 0);
        }
        s.add(kws ? new DenseSample(v, steps, inputs, 1) : SpikeSample.fromRaster(v, steps, inputs, 1));
        one = List.copyOf(s);
    }

    /** Forward, backward and gradient accumulation of one sample. */
    @Benchmark
    public StepResult trainOneSample() {
        for (Parameter p : net.parameters()) {
            Arrays.fill(p.grad(), 0f);
        }
        return net.trainBatch(one);
    }

    /** Forward pass of one sample. */
    @Benchmark
    public float[][] inferOneSample() {
        return net.predict(one);
    }
}
