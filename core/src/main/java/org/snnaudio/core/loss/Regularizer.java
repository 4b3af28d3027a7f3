package org.snnaudio.core.loss;

import org.snnaudio.core.SnnaudioException;

import java.util.ArrayList;
import java.util.List;

/**
 * An activity regulariser on the spikes of one named layer, added to the task loss of each sample
 * (the batch loss is the mean over samples). The spikes are a row-major {@code [steps][neurons]} array.
 */
public sealed interface Regularizer permits Regularizer.FiringRateTarget, Regularizer.SpikeCountL1,
        Regularizer.SpikeCountL2 {

    /** The layer whose spikes are regularised. */
    String layer();

    /** Loss of one sample; adds {@code dLoss/dspikes} into {@code dSpikes}. */
    double apply(double[] spikes, int steps, int neurons, double[] dSpikes);

    /** Text form used in option maps, parsed back by {@link #parse(String)}. */
    String spec();

    /**
     * NWAVE's per-neuron firing-rate target MSE: with {@code r_i = (1/T) sum_t s_i[t]} the spike
     * probability per step of neuron {@code i}, the loss is {@code weight * sum_i (r_i - target)^2}
     * (one MSE per neuron, summed, as NWAVE's {@code firing_rate_target_mse_loss} over a list of neurons,
     * so that each neuron, not the layer mean, is pulled to the target).
     *
     * @param layer  the layer name
     * @param target spike probability per step in [0, 1]
     * @param weight loss weight (NWAVE's lam_fr), >= 0
     */
    record FiringRateTarget(String layer, double target, double weight) implements Regularizer {
        public FiringRateTarget {
            checkLayer(layer);
            if (!(target >= 0 && target <= 1)) {
                throw new IllegalArgumentException("firing-rate target must be in [0, 1], got " + target);
            }
            checkWeight(weight);
        }

        public double apply(double[] s, int steps, int n, double[] ds) {
            double loss = 0;
            for (int i = 0; i < n; i++) {
                double r = 0;
                for (int t = 0; t < steps; t++) {
                    r += s[t * n + i];
                }
                r /= steps;
                double d = r - target;
                loss += d * d;
                double g = weight * 2 * d / steps;
                for (int t = 0; t < steps; t++) {
                    ds[t * n + i] += g;
                }
            }
            return weight * loss;
        }

        public String spec() {
            return "rate:" + layer + ":" + target + ":" + weight;
        }
    }

    /** L1 on spike counts: {@code weight * sum_i c_i}, {@code c_i = sum_t s_i[t]} (Zenke's total-spike penalty). */
    record SpikeCountL1(String layer, double weight) implements Regularizer {
        public SpikeCountL1 {
            checkLayer(layer);
            checkWeight(weight);
        }

        public double apply(double[] s, int steps, int n, double[] ds) {
            double total = 0;
            for (int k = 0; k < steps * n; k++) {
                total += s[k];
                ds[k] += weight;
            }
            return weight * total;
        }

        public String spec() {
            return "l1:" + layer + ":" + weight;
        }
    }

    /** L2 on spike counts: {@code weight * mean_i c_i^2} (Zenke's per-neuron penalty). */
    record SpikeCountL2(String layer, double weight) implements Regularizer {
        public SpikeCountL2 {
            checkLayer(layer);
            checkWeight(weight);
        }

        public double apply(double[] s, int steps, int n, double[] ds) {
            double loss = 0;
            for (int i = 0; i < n; i++) {
                double c = 0;
                for (int t = 0; t < steps; t++) {
                    c += s[t * n + i];
                }
                loss += c * c;
                double g = weight * 2 * c / n;
                for (int t = 0; t < steps; t++) {
                    ds[t * n + i] += g;
                }
            }
            return weight * loss / n;
        }

        public String spec() {
            return "l2:" + layer + ":" + weight;
        }
    }

    private static void checkLayer(String layer) {
        if (layer == null || layer.isBlank()) {
            throw new IllegalArgumentException("regularizer layer name must be non-blank");
        }
    }

    private static void checkWeight(double w) {
        if (!(w >= 0) || Double.isInfinite(w)) {
            throw new IllegalArgumentException("regularizer weight must be >= 0 and finite, got " + w);
        }
    }

    /** Parses {@code rate:LAYER:TARGET:WEIGHT}, {@code l1:LAYER:WEIGHT} or {@code l2:LAYER:WEIGHT}. */
    static Regularizer parse(String spec) {
        String[] p = spec.trim().split(":");
        try {
            switch (p[0]) {
                case "rate":
                    if (p.length == 4) {
                        return new FiringRateTarget(p[1], Double.parseDouble(p[2]), Double.parseDouble(p[3]));
                    }
                    break;
                case "l1":
                    if (p.length == 3) {
                        return new SpikeCountL1(p[1], Double.parseDouble(p[2]));
                    }
                    break;
                case "l2":
                    if (p.length == 3) {
                        return new SpikeCountL2(p[1], Double.parseDouble(p[2]));
                    }
                    break;
                default:
                    break;
            }
        } catch (NumberFormatException e) {
            throw new SnnaudioException("regularizer '" + spec + "': " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new SnnaudioException("regularizer '" + spec + "': " + e.getMessage());
        }
        throw new SnnaudioException("regularizer must be rate:LAYER:TARGET:WEIGHT, l1:LAYER:WEIGHT or l2:LAYER:WEIGHT, got '"
                + spec + "'");
    }

    /** Parses a comma-separated list of specs (empty string: none). */
    static List<Regularizer> parseList(String specs) {
        List<Regularizer> out = new ArrayList<>();
        for (String s : specs.split(",")) {
            if (!s.isBlank()) {
                out.add(parse(s));
            }
        }
        return List.copyOf(out);
    }
}
