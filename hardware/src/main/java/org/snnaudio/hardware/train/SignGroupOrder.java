package org.snnaudio.hardware.train;

import org.snnaudio.core.nn.Parameter;
import org.snnaudio.hardware.target.HardwareTarget;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Orders each hidden layer's neurons so that a target's sign groups cut as little weight as possible. A rule
 * such as NWAVE's "groups of 5 contiguous synapses share one sign" makes the order of a layer's neurons matter,
 * although the network computes the same function in any order: {@link TargetProjection#project} zeroes, in every
 * group, the weights whose sign is not the group's, and a float network trained without the rule has its signs
 * scattered, so that projection cuts a large share of the weight mass and fine-tuning must relearn it. Here a
 * hidden layer's neurons are permuted (with every per-neuron parameter and the next layer's input rows, so the
 * spikes stay the same) to minimise the magnitude the projection would cut: {@code sum min(P, N)} over every
 * group and line, with {@code P} and {@code N} the group's positive and negative weight mass on that line.
 * <p>
 * The search is a local search over pairwise swaps between groups, from the given order and (for layers of up to a
 * few hundred neurons) from 8 seeded random orders, keeping the best; it is deterministic for a seed. Layers are taken in order as a feed-forward chain; the
 * last layer (whose neurons are the classes), layers with recurrent weights, layers feeding a diagonal (one-to-one)
 * layer and diagonal layers themselves keep their order.
 */
public final class SignGroupOrder {
    private static final int RESTARTS = 8;

    private SignGroupOrder() {
    }

    /**
     * One reordered layer: the weight magnitude the projection would cut before and after, and the total
     * magnitude on the grouped lines.
     */
    public record Result(String layer, double cutBefore, double cutAfter, double total) {
        /** The fraction of the magnitude cut before reordering. */
        public double fractionBefore() {
            return total == 0 ? 0 : cutBefore / total;
        }

        /** The fraction cut after reordering. */
        public double fractionAfter() {
            return total == 0 ? 0 : cutAfter / total;
        }
    }

    /**
     * Reorders, in place, the neurons of every hidden layer whose weights are grouped by the target's sign rule.
     * Does nothing on targets without sign groups.
     *
     * @return one result per reordered layer (the same order when no permutation cuts less)
     */
    public static List<Result> align(List<Parameter> parameters, HardwareTarget t, long seed) {
        int size = t.weights().signGroup();
        List<Result> results = new ArrayList<>();
        if (size <= 1) {
            return results;
        }
        boolean alongOutputs = t.weights().groupAxis().equals("outputs");
        List<Map.Entry<String, Map<String, Parameter>>> layers =
                new ArrayList<>(TargetProjection.byLayer(parameters).entrySet());
        for (int l = 0; l + 1 < layers.size(); l++) {
            Map<String, Parameter> here = layers.get(l).getValue();
            Parameter w = here.get("weight");
            Parameter next = layers.get(l + 1).getValue().get("weight");
            if (w == null || next == null || !ConstraintPenalties.isMatrix(w) || !ConstraintPenalties.isMatrix(next)
                    || here.containsKey("recurrent")) {
                continue;
            }
            int n = w.shape()[1];
            if (next.shape()[0] != n || !perNeuronOnly(here, n)) {
                continue;
            }
            // each neuron's weights on the grouped lines: its input column when groups run along outputs,
            // its row of the next layer's weights when they run along inputs
            double[][] v = alongOutputs ? byNeuron(w, true) : byNeuron(next, false);
            double before = cut(v, identity(n), size);
            // random restarts only where a pass over all pairs is cheap (a layer of a few hundred neurons)
            int restarts = (double) n * n * (n == 0 ? 0 : v[0].length) < 5e7 ? RESTARTS : 0;
            SplittableRandom rng = new SplittableRandom(seed ^ (31L * l + 7));
            int[] best = identity(n);
            double bestCut = before;
            for (int r = 0; r <= restarts; r++) {
                // the first search starts from the trained order, the others from shuffled ones
                int[] start = identity(n);
                for (int i = n - 1; r > 0 && i > 0; i--) {
                    int j = rng.nextInt(i + 1);
                    int tmp = start[i];
                    start[i] = start[j];
                    start[j] = tmp;
                }
                int[] found = search(v, start, size);
                double c = cut(v, found, size);
                // a permutation must cut measurably less than the order it replaces
                if (c < bestCut - 1e-9) {
                    best = found;
                    bestCut = c;
                }
            }
            double total = 0;
            for (double[] row : v) {
                for (double x : row) {
                    total += Math.abs(x);
                }
            }
            permute(here, next, best, n);
            results.add(new Result(layers.get(l).getKey(), before, bestCut, total));
        }
        return results;
    }

    /** Whether every parameter of the layer but its input weights is one value per neuron. */
    private static boolean perNeuronOnly(Map<String, Parameter> layer, int n) {
        for (var e : layer.entrySet()) {
            if (!e.getKey().equals("weight") && (e.getValue().shape().length != 1 || e.getValue().size() != n)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A weight matrix {@code [in, out]} (row-major) as one vector per neuron: per output neuron its column
     * ({@code outputs} true, {@code [out][in]}), or per input neuron its row ({@code [in][out]}).
     */
    private static double[][] byNeuron(Parameter w, boolean outputs) {
        int in = w.shape()[0];
        int out = w.shape()[1];
        double[][] v = outputs ? new double[out][in] : new double[in][out];
        for (int r = 0; r < in; r++) {
            for (int c = 0; c < out; c++) {
                double x = w.value()[r * out + c];
                if (outputs) {
                    v[c][r] = x;
                } else {
                    v[r][c] = x;
                }
            }
        }
        return v;
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /** The magnitude the projection cuts with neuron {@code order[q]} at position {@code q}. */
    static double cut(double[][] v, int[] order, int size) {
        int lines = v.length == 0 ? 0 : v[0].length;
        double c = 0;
        for (int start = 0; start < order.length; start += size) {
            int end = Math.min(order.length, start + size);
            for (int line = 0; line < lines; line++) {
                double pos = 0;
                double neg = 0;
                for (int q = start; q < end; q++) {
                    double x = v[order[q]][line];
                    if (x > 0) {
                        pos += x;
                    } else {
                        neg -= x;
                    }
                }
                c += Math.min(pos, neg);
            }
        }
        return c;
    }

    /** Pairwise swaps between groups while one lowers the cut (first improvement, passes until none does). */
    private static int[] search(double[][] v, int[] order, int size) {
        int n = order.length;
        int lines = v.length == 0 ? 0 : v[0].length;
        int groups = (n + size - 1) / size;
        double[][] pos = new double[groups][lines];
        double[][] neg = new double[groups][lines];
        for (int q = 0; q < n; q++) {
            add(v[order[q]], pos[q / size], neg[q / size], 1);
        }
        boolean improved = true;
        while (improved) {
            improved = false;
            for (int a = 0; a < n; a++) {
                for (int b = a + 1; b < n; b++) {
                    int ga = a / size;
                    int gb = b / size;
                    if (ga == gb) {
                        continue;
                    }
                    double[] va = v[order[a]];
                    double[] vb = v[order[b]];
                    double delta = 0;
                    for (int line = 0; line < lines; line++) {
                        if (va[line] == vb[line]) {
                            continue;
                        }
                        double pa = pos[ga][line] + Math.max(vb[line], 0) - Math.max(va[line], 0);
                        double na = neg[ga][line] + Math.max(-vb[line], 0) - Math.max(-va[line], 0);
                        double pb = pos[gb][line] + Math.max(va[line], 0) - Math.max(vb[line], 0);
                        double nb = neg[gb][line] + Math.max(-va[line], 0) - Math.max(-vb[line], 0);
                        delta += Math.min(pa, na) + Math.min(pb, nb)
                                - Math.min(pos[ga][line], neg[ga][line]) - Math.min(pos[gb][line], neg[gb][line]);
                    }
                    if (delta < -1e-12) {
                        add(va, pos[ga], neg[ga], -1);
                        add(vb, pos[gb], neg[gb], -1);
                        add(vb, pos[ga], neg[ga], 1);
                        add(va, pos[gb], neg[gb], 1);
                        int tmp = order[a];
                        order[a] = order[b];
                        order[b] = tmp;
                        improved = true;
                    }
                }
            }
        }
        return order;
    }

    private static void add(double[] x, double[] pos, double[] neg, int sign) {
        for (int line = 0; line < x.length; line++) {
            if (x[line] > 0) {
                pos[line] += sign * x[line];
            } else {
                neg[line] -= sign * x[line];
            }
        }
    }

    /** Puts neuron {@code order[q]} at position {@code q}: the layer's columns and per-neuron values, the next layer's rows. */
    private static void permute(Map<String, Parameter> layer, Parameter next, int[] order, int n) {
        for (var e : layer.entrySet()) {
            Parameter p = e.getValue();
            float[] x = p.value();
            float[] old = x.clone();
            if (e.getKey().equals("weight")) {
                int in = p.shape()[0];
                for (int r = 0; r < in; r++) {
                    for (int q = 0; q < n; q++) {
                        x[r * n + q] = old[r * n + order[q]];
                    }
                }
            } else {
                for (int q = 0; q < n; q++) {
                    x[q] = old[order[q]];
                }
            }
        }
        float[] x = next.value();
        float[] old = x.clone();
        int m = next.shape()[1];
        for (int q = 0; q < n; q++) {
            System.arraycopy(old, order[q] * m, x, q * m, m);
        }
    }
}
