package org.snnaudio.hardware.deploy;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.data.Sample;
import org.snnaudio.core.data.SpikeSample;
import org.snnaudio.core.loss.Readout;
import org.snnaudio.core.model.Graph;
import org.snnaudio.core.model.Node;
import org.snnaudio.core.model.ResetMode;
import org.snnaudio.core.model.Shape;
import org.snnaudio.core.model.Tensor;
import org.snnaudio.core.neuron.Lif;
import org.snnaudio.core.nn.LayerSpec;
import org.snnaudio.core.nn.Network;
import org.snnaudio.core.nn.NetworkOptions;
import org.snnaudio.hardware.target.HardwareTarget;
import org.snnaudio.hardware.target.Targets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class DeployTest {
    static final double DT = 1e-3;
    /** tau whose exact decay exp(-dt/tau) is 1 - 2^-4, so decays quantise without error. */
    static final float TAU = (float) (-DT / Math.log(1 - 1.0 / 16));

    @TempDir
    Path dir;

    static Tensor randomMatrix(Random r, int rows, int cols, double scale) {
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (r.nextGaussian() * scale);
        }
        return Tensor.matrix(w, rows, cols);
    }

    /** in(8) -> Linear -> LIF(32) -> Linear -> LIF(4) -> out, engine conventions (gain 1: r = 1/(1-beta)). */
    public static Graph randomGraph(Random r) {
        float beta = (float) Math.exp(-DT / TAU);
        float gainR = 1 / (1 - beta);
        return Graph.builder().node("in", new Node.Input(Shape.of(8)))
                .node("fc1", new Node.Linear(randomMatrix(r, 32, 8, 0.6)))
                .node("h", new Node.LIF(Tensor.filled(32, TAU), Tensor.filled(32, gainR), Tensor.filled(32, 0),
                        Tensor.filled(32, 1), Tensor.filled(32, 0), ResetMode.SUBTRACT))
                .node("fc2", new Node.Linear(randomMatrix(r, 4, 32, 0.4)))
                .node("o", new Node.LIF(Tensor.filled(4, TAU), Tensor.filled(4, gainR), Tensor.filled(4, 0),
                        Tensor.filled(4, 1), Tensor.filled(4, 0), ResetMode.SUBTRACT))
                .node("out", new Node.Output(Shape.of(4))).chain("in", "fc1", "h", "fc2", "o", "out").build();
    }

    public static List<Sample> randomSpikes(Random r, int n, int steps, int channels, double p) {
        List<Sample> s = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            float[] raster = new float[steps * channels];
            for (int i = 0; i < raster.length; i++) {
                raster[i] = r.nextDouble() < p ? 1 : 0;
            }
            s.add(SpikeSample.fromRaster(raster, steps, channels, k % 4));
        }
        return s;
    }

    @RepeatedTest(20)
    void quantisationErrorIsAtMostHalfAStep(org.junit.jupiter.api.RepetitionInfo info) {
        Random r = new Random(1234 + info.getCurrentRepetition());
        HardwareTarget t = Targets.load(r.nextBoolean() ? "digital-int8" : "digital-int4");
        LayeredNetwork net = Lowering.lower(randomGraph(r), DT);
        IntegerNetwork q = Quantiser.quantise(net, t, 1, null);
        long wmax = HardwareTarget.maxSigned(t.weights().bits());
        for (int li = 0; li < net.layers().size(); li++) {
            LayeredNetwork.Layer f = net.layers().get(li);
            IntegerNetwork.Layer iq = q.layers().get(li);
            double s = iq.scale() * (1L << iq.weightShift()); // one weight step
            int maxQ = 0;
            for (int p = 0; p < f.projections().size(); p++) {
                double[] w = f.projections().get(p).weight();
                int[] wi = iq.projections().get(p).weight();
                for (int i = 0; i < w.length; i++) {
                    assertTrue(Math.abs(wi[i] * s - w[i]) <= s / 2 * (1 + 1e-9), "weight " + i);
                    maxQ = Math.max(maxQ, Math.abs(wi[i]));
                }
            }
            assertEquals(wmax, maxQ, "the largest weight uses the full range");
            double m = iq.scale(); // one membrane step: thresholds are exact to half of it
            assertTrue(iq.weightShift() == t.weights().maxShift() || Math.abs(f.threshold()[0]) / m >= Quantiser.THRESHOLD_STEPS,
                    "a threshold spans at least " + Quantiser.THRESHOLD_STEPS + " membrane steps unless the shift is at its limit");
            for (int i = 0; i < f.size(); i++) {
                assertTrue(Math.abs(iq.threshold()[i] * m - f.threshold()[i]) <= m / 2 * (1 + 1e-9));
                assertEquals(4, iq.kMem()[i], "decay 1 - 2^-4 becomes shift 4");
            }
        }
    }

    @Test
    void layerScaleMapsTheLargestWeightToTheLargestLevel() {
        double[] w = {0.1, -0.35, 0.2};
        assertEquals(0.35 / 7, Quantiser.scale(List.of(w, new double[]{0.05}), 4), 1e-15);
        assertEquals(0.35 / 127, Quantiser.scale(List.of(w), 8), 1e-15);
        assertEquals(1, Quantiser.scale(List.of(new double[]{0, 0}), 8));
    }

    static LayeredNetwork.Layer thresholdLayer(double threshold, double bias) {
        return new LayeredNetwork.Layer("h", "LIF", 2, new double[2], new double[]{0.5, 0.5},
                new double[]{threshold, 2 * threshold}, new double[2], ResetMode.SUBTRACT, true, new double[]{bias, 0},
                List.of(new LayeredNetwork.Projection(LayeredNetwork.INPUT, new double[]{1, 0, 0, 1}, 2, 2, false, List.of("w"))));
    }

    @Test
    void weightShiftGivesThresholdsSixBitsWithoutCrowdingTheRegister() {
        // weight step 1/7 (4 bits, largest weight 1), threshold 1 = 7 steps: 7 * 2^4 = 112 >= 64 > 7 * 2^3
        assertEquals(4, Quantiser.weightShift(thresholdLayer(1, 0), 1.0 / 7, 7, 16));
        assertEquals(2, Quantiser.weightShift(thresholdLayer(1, 0), 1.0 / 7, 2, 16), "capped by the target");
        assertEquals(0, Quantiser.weightShift(thresholdLayer(1, 0), 1.0 / 7, 0, 16), "no shift on targets without one");
        // threshold 100 weight steps: already >= 64, no shift
        assertEquals(0, Quantiser.weightShift(thresholdLayer(100, 0), 1, 7, 16));
        // a bias of 3000 steps: 3000 * 2^2 > 32768 / 4 = 8192, so the shift stops at 1 although the threshold wants 5
        assertEquals(1, Quantiser.weightShift(thresholdLayer(3, 3000), 1, 7, 16));
    }

    /** At 4 bits with thresholds of a few weight steps, the shift keeps the threshold exact where shift 0 rounds it. */
    @Test
    void weightShiftMakesSmallThresholdsExact() {
        LayeredNetwork net = new LayeredNetwork(2, List.of(thresholdLayer(0.3, 0)), 0, DT);
        IntegerNetwork q = Quantiser.quantise(net, Targets.load("digital-int4"), 1, null);
        IntegerNetwork.Layer l = q.layers().get(0);
        // weight step 1/7: threshold 0.3 = 2.1 steps, so shift 5 (67.2 membrane steps)
        assertEquals(5, l.weightShift());
        assertEquals(1.0 / 7 / 32, l.scale(), 1e-15);
        assertArrayEquals(new int[]{7, 0, 0, 7}, l.projections().get(0).weight(), "weights stay 4-bit integers");
        assertArrayEquals(new int[]{67, 134}, l.threshold(), "0.3 and 0.6 to 1/224 (shift 0: 2 and 4 steps, 0.286 and 0.571)");
        // input 1 on channel 0: v = 224 (7 << 5) > 67 at t0 (float: 1 > 0.3); t1: 224 - (224 >> 1) + 224 - 67
        IntegerSimulator.Run run = new IntegerSimulator(q).runInts(new int[]{1, 0, 1, 0}, 2, true);
        assertArrayEquals(new int[]{224, 0, 224 - 112 + 224 - 67, 0}, run.membrane().get(0));
    }

    @Test
    void decayShiftRoundsInTheLogDomainAndRejectsTooLongTimeConstants() {
        assertEquals(0, Quantiser.shift(0.0, 15, "l", "membrane", 0));
        assertEquals(1, Quantiser.shift(0.5, 15, "l", "membrane", 0));
        assertEquals(3, Quantiser.shift(0.88, 15, "l", "membrane", 0)); // 1 - 0.88 = 0.12 ~ 2^-3.06
        SnnaudioException e = assertThrows(SnnaudioException.class, () -> Quantiser.shift(0.99999, 15, "hid", "membrane", 3));
        assertTrue(e.getMessage().contains("layer 'hid' neuron 3") && e.getMessage().contains("max_shift 15"), e.getMessage());
    }

    /**
     * The stated tolerance of the 8-bit simulator against the float network: total spike counts per
     * layer within 20 % (the truncating shift leaks up to one step less than the float decay, so integer neurons fire a little more), and the same predicted class in at least 85 % of samples.
     */
    @Test
    void integerSimulatorAgreesWithTheFloatNetworkWithinTolerance() {
        Random r = new Random(7);
        Graph g = randomGraph(r);
        List<Sample> samples = randomSpikes(r, 40, 100, 8, 0.15);
        LayeredNetwork net = Lowering.lower(g, DT);
        IntegerNetwork q = Deployer.deploy(g, Targets.load("digital-int8"), new Deployer.Options(DT, Double.NaN, null));
        FloatSimulator fs = new FloatSimulator(net, null);
        IntegerSimulator is = new IntegerSimulator(q);
        long[] fSpikes = new long[2];
        long[] iSpikes = new long[2];
        int same = 0;
        for (Sample s : samples) {
            FloatSimulator.Run f = fs.run(s, false);
            IntegerSimulator.Run i = is.run(s, false);
            for (int l = 0; l < 2; l++) {
                fSpikes[l] += f.spikesPerLayer()[l];
                iSpikes[l] += i.activity().layers().get(l).spikes();
            }
            same += argmax(f.scores()) == argmax(i.scores()) ? 1 : 0;
        }
        for (int l = 0; l < 2; l++) {
            assertTrue(fSpikes[l] > 100, "the test network is active");
            assertEquals(fSpikes[l], iSpikes[l], 0.20 * fSpikes[l], "layer " + l);
        }
        assertTrue(same >= 34, same + " of 40 agree");
    }

    /** The engine's own network against the lowered float simulator (same update) and the integer simulator. */
    @Test
    void engineNetworkAgreesWithTheSimulators() {
        NetworkOptions o = NetworkOptions.defaults().withDt(DT);
        o = new NetworkOptions(o.discretisation(), o.surrogate(), new Readout.SpikeCount(), o.regularizers(), 1,
                o.trainable(), o.detachReset(), o.smooth(), o.reference());
        Network net = Network.builder(8).options(o).seed(3)
                .layer(LayerSpec.dense("h", 32, new Lif(TAU, 1.0)).withWeightScale(12))
                .layer(LayerSpec.dense("o", 4, new Lif(TAU, 1.0)).withWeightScale(12)).build();
        Graph g = net.toGraph();
        Random r = new Random(11);
        List<Sample> samples = randomSpikes(r, 30, 100, 8, 0.15);
        float[][] engine = net.predict(samples);
        FloatSimulator fs = new FloatSimulator(Lowering.lower(g, DT), IntegerNetwork.Readout.SPIKE_COUNT);
        DeployedModel dm = new DeployedModel(Deployer.deploy(g, Targets.load("digital-int8"),
                new Deployer.Options(DT, Double.NaN, IntegerNetwork.Readout.SPIKE_COUNT)));
        float[][] ints = dm.predict(samples);
        double engTotal = 0;
        double intTotal = 0;
        int same = 0;
        for (int i = 0; i < samples.size(); i++) {
            float[] f = fs.run(samples.get(i), false).scores();
            for (int k = 0; k < 4; k++) {
                assertEquals(engine[i][k], f[k], 1.0, "sample " + i + " class " + k + ": float simulator = engine");
                engTotal += engine[i][k];
                intTotal += ints[i][k];
            }
            same += argmax(engine[i]) == argmax(ints[i]) ? 1 : 0;
        }
        assertTrue(engTotal > 50, "the engine network spikes: " + engTotal);
        assertEquals(engTotal, intTotal, 0.15 * engTotal);
        assertTrue(same >= 24, same + " of 30 agree");
    }

    @Test
    void deploymentFilesRoundTripAndDetectCorruption() throws Exception {
        Random r = new Random(5);
        Graph g = randomGraph(r);
        IntegerNetwork q = Deployer.deployTo(dir.resolve("dep"), g, Targets.load("digital-int8"),
                new Deployer.Options(DT, Double.NaN, null));
        assertTrue(DeployedModel.isDeployment(dir.resolve("dep")));
        DeployedModel back = DeployedModel.load(dir.resolve("dep"));
        List<Sample> samples = randomSpikes(r, 5, 50, 8, 0.2);
        float[][] a = new DeployedModel(q).predict(samples);
        float[][] b = back.predict(samples);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i]);
        }
        String json = Files.readString(dir.resolve("dep/network.json"));
        assertTrue(json.contains("\"target\" : \"digital-int8\"") && json.contains("\"k_mem\"")
                && json.contains("\"weight_shift\""), json.substring(0, 200));
        // a version-1 folder (before weight shifts) reads with shift 0; a bad shift is named
        String v1 = json.replace("\"version\" : 2", "\"version\" : 1");
        Files.writeString(dir.resolve("dep/network.json"), v1);
        assertTrue(DeploymentFiles.read(dir.resolve("dep")).layers().stream().allMatch(l -> l.weightShift() == 0));
        Files.writeString(dir.resolve("dep/network.json"), json.replaceFirst("\"weight_shift\" : \\d+", "\"weight_shift\" : -3"));
        SnnaudioException bad = assertThrows(SnnaudioException.class, () -> DeploymentFiles.read(dir.resolve("dep")));
        assertTrue(bad.getMessage().contains("weight_shift must be in [0, 30]"), bad.getMessage());
        Files.writeString(dir.resolve("dep/network.json"), json);
        byte[] w = Files.readAllBytes(dir.resolve("dep/weights.bin"));
        w[3] ^= 1;
        Files.write(dir.resolve("dep/weights.bin"), w);
        SnnaudioException e = assertThrows(SnnaudioException.class, () -> DeployedModel.load(dir.resolve("dep")));
        assertTrue(e.getMessage().contains("does not match the checksum"), e.getMessage());
        assertThrows(SnnaudioException.class, () -> DeployedModel.load(dir.resolve("nothing")));
    }

    @Test
    void analogInputsAreScaledIntoTheInputBits() {
        Random r = new Random(3);
        Graph g = randomGraph(r);
        IntegerNetwork q = Deployer.deploy(g, Targets.load("digital-int8"), new Deployer.Options(DT, 2.54, null));
        assertEquals(0.02, q.inputScale(), 1e-12);
        IntegerSimulator sim = new IntegerSimulator(q);
        float[] x = new float[8 * 2];
        x[0] = 1.0f;
        x[1] = -3f;
        x[2] = 0.011f;
        int[] in = sim.quantiseInput(new org.snnaudio.core.data.DenseSample(x, 2, 8, 0));
        assertArrayEquals(new int[]{50, -128, 1}, new int[]{in[0], in[1], in[2]});
    }

    static int argmax(float[] s) {
        int b = 0;
        for (int i = 1; i < s.length; i++) {
            if (s[i] > s[b]) {
                b = i;
            }
        }
        return b;
    }
}
