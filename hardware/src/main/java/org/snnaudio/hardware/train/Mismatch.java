package org.snnaudio.hardware.train;

import org.snnaudio.core.model.Graph;
import org.snnaudio.core.model.Node;
import org.snnaudio.core.model.Tensor;
import org.snnaudio.hardware.target.HardwareTarget;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Monte-Carlo device mismatch: draws of a graph whose every weight, threshold and time constant is
 * multiplied by {@code 1 + sigma z} ({@code z} standard normal, {@code sigma} the target's relative
 * spread), and the accuracy over N such draws as mean and standard deviation.
 */
public final class Mismatch {
    private Mismatch() {
    }

    /** Mean, sample standard deviation and the values of a Monte-Carlo run. */
    public record Summary(double mean, double std, double[] values) {
        /** Mean and sample standard deviation of {@code values} (0 for a single value). */
        public static Summary of(double[] values) {
            int n = values.length;
            if (n < 1) {
                throw new IllegalArgumentException("a summary needs at least one value");
            }
            double mean = 0;
            for (double x : values) {
                mean += x;
            }
            mean /= n;
            double var = 0;
            for (double x : values) {
                var += (x - mean) * (x - mean);
            }
            return new Summary(mean, n > 1 ? Math.sqrt(var / (n - 1)) : 0, values.clone());
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%.4f +- %.4f over %d draws", mean, std, values.length);
        }
    }

    /** One draw of {@code g} under the spreads {@code m}. */
    public static Graph draw(Graph g, HardwareTarget.Mismatch m, SplittableRandom rng) {
        Map<String, Node> nodes = new LinkedHashMap<>();
        for (var e : g.nodes().entrySet()) {
            nodes.put(e.getKey(), perturb(e.getValue(), m, rng));
        }
        return new Graph(nodes, g.edges());
    }

    /** Accuracy (or any score) of {@code n} draws, each evaluated by {@code accuracy}; seeded and reproducible. */
    public static Summary monteCarlo(Graph g, HardwareTarget.Mismatch m, int n, long seed, ToDoubleFunction<Graph> accuracy) {
        if (n < 1) {
            throw new IllegalArgumentException("Monte-Carlo draws must be >= 1, got " + n);
        }
        List<SplittableRandom> streams = streams(seed, n);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = accuracy.applyAsDouble(draw(g, m, streams.get(i)));
        }
        return Summary.of(v);
    }

    /** The random streams of {@code n} seeded chips: draw {@code i} uses the {@code i}-th split of one seeded root. */
    public static List<SplittableRandom> streams(long seed, int n) {
        SplittableRandom root = new SplittableRandom(seed);
        List<SplittableRandom> streams = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            streams.add(root.split());
        }
        return streams;
    }

    /**
     * What a network is sensitive to: the Monte-Carlo accuracy with each spread alone over the whole graph
     * ({@code weights}, {@code thresholds}, {@code time constants}), then with the full spreads on one layer
     * at a time ({@code layer NAME}: the nodes {@code NAME} and {@code NAME.*}, i.e. the layer's synapse and
     * neuron), every entry over the same {@code n} seeded draws.
     */
    public static Map<String, Summary> breakdown(Graph g, HardwareTarget.Mismatch m, List<String> layers, int n, long seed,
                                                 ToDoubleFunction<Graph> accuracy) {
        Map<String, Summary> out = new LinkedHashMap<>();
        String src = m.source();
        out.put("weights", monteCarlo(g, new HardwareTarget.Mismatch(m.weight(), 0, 0, src), n, seed, accuracy));
        out.put("thresholds", monteCarlo(g, new HardwareTarget.Mismatch(0, m.threshold(), 0, src), n, seed, accuracy));
        out.put("time constants", monteCarlo(g, new HardwareTarget.Mismatch(0, 0, m.tau(), src), n, seed, accuracy));
        for (String layer : layers) {
            if (g.nodes().keySet().stream().noneMatch(id -> inLayer(id, layer))) {
                throw new IllegalArgumentException("no node of layer '" + layer + "' in the graph (nodes: " + g.nodes().keySet() + ")");
            }
            out.put("layer " + layer, monteCarlo(g, m, n, seed, drawn -> {
                Map<String, Node> nodes = new LinkedHashMap<>(g.nodes());
                for (var e : drawn.nodes().entrySet()) {
                    if (inLayer(e.getKey(), layer)) {
                        nodes.put(e.getKey(), e.getValue());
                    }
                }
                return accuracy.applyAsDouble(new Graph(nodes, g.edges()));
            }));
        }
        return out;
    }

    private static boolean inLayer(String id, String layer) {
        return id.equals(layer) || id.startsWith(layer + ".");
    }

    private static Tensor jitter(Tensor t, double sigma, SplittableRandom rng, boolean keepPositive) {
        if (sigma == 0) {
            return t;
        }
        float[] a = t.toArray();
        for (int i = 0; i < a.length; i++) {
            double f = 1 + sigma * gaussian(rng);
            if (keepPositive) {
                f = Math.max(f, 1e-3);
            }
            a[i] = (float) (a[i] * f);
        }
        return Tensor.of(a, t.shape());
    }

    static double gaussian(SplittableRandom rng) {
        // Box-Muller from the split stream, so draws do not depend on a shared generator
        double u = 1 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static Node perturb(Node n, HardwareTarget.Mismatch m, SplittableRandom r) {
        double w = m.weight();
        double th = m.threshold();
        double tau = m.tau();
        return switch (n) {
            case Node.Affine a -> new Node.Affine(jitter(a.weight(), w, r, false), a.bias());
            case Node.Linear l -> new Node.Linear(jitter(l.weight(), w, r, false));
            case Node.Scale s -> new Node.Scale(jitter(s.scale(), w, r, false));
            case Node.Diagonal d -> new Node.Diagonal(jitter(d.weight(), w, r, false), d.bias());
            case Node.LIF l -> new Node.LIF(jitter(l.tau(), tau, r, true), l.r(), l.vLeak(), jitter(l.vThreshold(), th, r, false),
                    l.vReset(), l.reset());
            case Node.CubaLIF c -> new Node.CubaLIF(jitter(c.tauSyn(), tau, r, true), jitter(c.tauMem(), tau, r, true), c.r(),
                    c.vLeak(), jitter(c.vThreshold(), th, r, false), c.vReset(), c.wIn(), c.reset());
            case Node.LI l -> new Node.LI(jitter(l.tau(), tau, r, true), l.r(), l.vLeak());
            case Node.CubaLI c -> new Node.CubaLI(jitter(c.tauSyn(), tau, r, true), jitter(c.tauMem(), tau, r, true), c.r(),
                    c.vLeak(), c.wIn());
            case Node.IF f -> new Node.IF(f.r(), jitter(f.vThreshold(), th, r, false), f.vReset(), f.reset());
            default -> n;
        };
    }
}
