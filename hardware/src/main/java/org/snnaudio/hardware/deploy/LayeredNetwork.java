package org.snnaudio.hardware.deploy;

import org.snnaudio.core.model.ResetMode;

import java.util.List;

/**
 * A model graph lowered to what hardware runs: neuron populations ("layers") in update order, each
 * fed by projections (effective weight matrices) from the input or from layers, with all per-neuron
 * gains folded into the weights so that the discrete dynamics are, per step {@code t}:
 * <pre>
 *   I[t] = alpha I[t-1] + sum_p W_p x_p + b            (CubaLIF, CubaLI; otherwise I[t] = sum_p W_p x_p + b)
 *   v[t] = beta v[t-1] + I[t] - R[t-1]                 (R: threshold s[t-1] for SUBTRACT; TO_RESET sets v_reset + I[t])
 *   s[t] = H(v[t] - threshold)
 * </pre>
 * the update of snnaudio's engine ({@code org.snnaudio.core.neuron}). A projection from a layer that
 * comes later in the order (or the layer itself) is delayed: it carries the source's spikes of step
 * {@code t-1} (recurrence).
 *
 * @param inputs  input channel count
 * @param layers  populations in update order
 * @param output  index of the layer read out
 * @param dt      time step in seconds the decays were computed for
 */
public record LayeredNetwork(int inputs, List<Layer> layers, int output, double dt) {
    public LayeredNetwork {
        layers = List.copyOf(layers);
    }

    /** Source index of a projection from the network input. */
    public static final int INPUT = -1;

    /**
     * One population.
     *
     * @param id          the graph node id
     * @param type        NIR neuron type
     * @param size        neurons
     * @param alpha       synaptic-current decay per step (0 for types without a synaptic current)
     * @param beta        membrane decay per step (1 for IF)
     * @param threshold   per-neuron threshold (unused for LI, CubaLI)
     * @param vReset      per-neuron reset value (TO_RESET)
     * @param reset       reset rule
     * @param spiking     whether the layer emits spikes
     * @param bias        per-neuron constant input current per step (already gain-scaled)
     * @param projections incoming projections
     */
    public record Layer(String id, String type, int size, double[] alpha, double[] beta, double[] threshold, double[] vReset,
                        ResetMode reset, boolean spiking, double[] bias, List<Projection> projections) {
        public Layer {
            projections = List.copyOf(projections);
        }

        /** Whether the neurons keep a synaptic current. */
        public boolean hasSynapticCurrent() {
            return type.equals("CubaLIF") || type.equals("CubaLI");
        }
    }

    /**
     * Weights from a source (the input, {@link #INPUT}, or a layer index) into a layer.
     *
     * @param source  source layer index or {@link #INPUT}
     * @param weight  row-major [target size x source size]
     * @param delayed whether the source's spikes of the previous step are used
     * @param origin  graph node ids the matrix was composed from, for messages and design rules
     */
    public record Projection(int source, double[] weight, int rows, int cols, boolean delayed, List<String> origin) {
        public Projection {
            if (weight.length != rows * cols) {
                throw new IllegalArgumentException("projection weight holds " + weight.length + " values, expected "
                        + rows + " x " + cols);
            }
            origin = List.copyOf(origin);
        }

        public double get(int r, int c) {
            return weight[r * cols + c];
        }
    }
}
