package org.snnaudio.core.loss;

import org.snnaudio.core.SnnaudioException;

/**
 * How the output layer's trace over time becomes one score (logit) per class. The trace is a
 * row-major {@code [steps][classes]} array: the output spikes for {@link SpikeCount}, the readout
 * membrane for the others. {@link #backward} turns {@code dL/dlogits} into {@code dL/dtrace}.
 */
public sealed interface Readout permits Readout.SpikeCount, Readout.MaxMembrane, Readout.SumExpMembrane,
        Readout.MeanMembrane, Readout.LastMembrane {

    /** Whether the trace is output spikes (true) or a membrane (false). */
    boolean usesSpikes();

    /** Name used in option maps and configuration files. */
    String name();

    /** Scores of one sample: {@code logits[k]} from {@code trace[t * classes + k]}; {@code dt} in seconds. */
    void logits(double[] trace, int steps, int classes, double dt, double[] logits);

    /** Sets {@code dTrace} (same layout as the trace) to the gradient of {@code sum_k dLogits[k] logits[k]}. */
    void backward(double[] trace, int steps, int classes, double dt, double[] dLogits, double[] dTrace);

    /** Parses a readout name: spike-count, max-membrane, sum-exp-membrane, mean-membrane, last-membrane. */
    static Readout of(String name) {
        return switch (name) {
            case "spike-count" -> new SpikeCount();
            case "max-membrane" -> new MaxMembrane();
            case "sum-exp-membrane" -> new SumExpMembrane();
            case "mean-membrane" -> new MeanMembrane();
            case "last-membrane" -> new LastMembrane();
            default -> throw new SnnaudioException("readout must be one of spike-count, max-membrane, sum-exp-membrane, "
                    + "mean-membrane, last-membrane, got '" + name + "'");
        };
    }

    /** Spike count of each output neuron: {@code logit_k = sum_t s_k[t]} (Talamo's max-rate, NWAVE's count). */
    record SpikeCount() implements Readout {
        public boolean usesSpikes() {
            return true;
        }

        public String name() {
            return "spike-count";
        }

        public void logits(double[] trace, int steps, int classes, double dt, double[] logits) {
            java.util.Arrays.fill(logits, 0, classes, 0);
            for (int t = 0; t < steps; t++) {
                for (int k = 0; k < classes; k++) {
                    logits[k] += trace[t * classes + k];
                }
            }
        }

        public void backward(double[] trace, int steps, int classes, double dt, double[] dLogits, double[] dTrace) {
            for (int t = 0; t < steps; t++) {
                System.arraycopy(dLogits, 0, dTrace, t * classes, classes);
            }
        }
    }

    /**
     * Maximum over time of the readout membrane, {@code logit_k = max_t v_k[t]} (SpyTorch, the SHD
     * reference); the gradient goes to the first time step that attains the maximum.
     */
    record MaxMembrane() implements Readout {
        public boolean usesSpikes() {
            return false;
        }

        public String name() {
            return "max-membrane";
        }

        public void logits(double[] trace, int steps, int classes, double dt, double[] logits) {
            for (int k = 0; k < classes; k++) {
                logits[k] = trace[argmax(trace, steps, classes, k) * classes + k];
            }
        }

        public void backward(double[] trace, int steps, int classes, double dt, double[] dLogits, double[] dTrace) {
            java.util.Arrays.fill(dTrace, 0, steps * classes, 0);
            for (int k = 0; k < classes; k++) {
                dTrace[argmax(trace, steps, classes, k) * classes + k] = dLogits[k];
            }
        }

        private static int argmax(double[] trace, int steps, int classes, int k) {
            int best = 0;
            for (int t = 1; t < steps; t++) {
                if (trace[t * classes + k] > trace[best * classes + k]) {
                    best = t;
                }
            }
            return best;
        }
    }

    /**
     * The time-weighted membrane integral of the sum-exp loss (Nowotny et al.'s EventProp on SHD; eq. 11
     * of the thesis in seeds/003): {@code logit_k = int_0^T exp(-t/T) v_k(t) dt}, discretised as
     * {@code sum_n dt exp(-n dt / T) v_k[n]} with {@code T = steps dt} (seconds).
     */
    record SumExpMembrane() implements Readout {
        public boolean usesSpikes() {
            return false;
        }

        public String name() {
            return "sum-exp-membrane";
        }

        public void logits(double[] trace, int steps, int classes, double dt, double[] logits) {
            java.util.Arrays.fill(logits, 0, classes, 0);
            for (int t = 0; t < steps; t++) {
                double w = weight(t, steps, dt);
                for (int k = 0; k < classes; k++) {
                    logits[k] += w * trace[t * classes + k];
                }
            }
        }

        public void backward(double[] trace, int steps, int classes, double dt, double[] dLogits, double[] dTrace) {
            for (int t = 0; t < steps; t++) {
                double w = weight(t, steps, dt);
                for (int k = 0; k < classes; k++) {
                    dTrace[t * classes + k] = w * dLogits[k];
                }
            }
        }

        private static double weight(int t, int steps, double dt) {
            return dt * Math.exp(-(double) t / steps);
        }
    }

    /** Mean over time of the readout membrane. */
    record MeanMembrane() implements Readout {
        public boolean usesSpikes() {
            return false;
        }

        public String name() {
            return "mean-membrane";
        }

        public void logits(double[] trace, int steps, int classes, double dt, double[] logits) {
            new SpikeCount().logits(trace, steps, classes, dt, logits);
            for (int k = 0; k < classes; k++) {
                logits[k] /= steps;
            }
        }

        public void backward(double[] trace, int steps, int classes, double dt, double[] dLogits, double[] dTrace) {
            for (int t = 0; t < steps; t++) {
                for (int k = 0; k < classes; k++) {
                    dTrace[t * classes + k] = dLogits[k] / steps;
                }
            }
        }
    }

    /** Readout membrane at the last time step. */
    record LastMembrane() implements Readout {
        public boolean usesSpikes() {
            return false;
        }

        public String name() {
            return "last-membrane";
        }

        public void logits(double[] trace, int steps, int classes, double dt, double[] logits) {
            System.arraycopy(trace, (steps - 1) * classes, logits, 0, classes);
        }

        public void backward(double[] trace, int steps, int classes, double dt, double[] dLogits, double[] dTrace) {
            java.util.Arrays.fill(dTrace, 0, steps * classes, 0);
            System.arraycopy(dLogits, 0, dTrace, (steps - 1) * classes, classes);
        }
    }
}
