package org.snnaudio.hardware.deploy;

import org.snnaudio.core.model.ResetMode;

import java.util.List;

/**
 * A quantised network as the integer core runs it: integer weights, thresholds and bias currents per
 * layer, decays as bit shifts, saturating registers of {@code membraneBits} bits. Produced by
 * {@link Quantiser}, run by {@link IntegerSimulator}, written and read by {@link DeploymentFiles}.
 *
 * <p>Per step {@code t} and layer (in order), with {@code sat} clamping to the signed register range
 * and {@code >>} an arithmetic shift:
 * <pre>
 *   a      = sat(bias + sum_p (W_p << k_w) x_p)               x_p: input integers or 0/1 spikes
 *   syn    = sat(syn - (syn >> k_syn) + a)                     (CubaLIF, CubaLI; otherwise syn = a)
 *   v      = sat(v - (v >> k_mem) + syn - threshold s[t-1])    (SUBTRACT; IF has no leak term)
 *   v      = sat(v_reset + syn)  when s[t-1]                   (TO_RESET)
 *   s[t]   = v > threshold
 * </pre>
 *
 * @param target       the hardware target's name
 * @param inputs       input channels
 * @param inputScale   float value of one input integer step ({@code x_int = round(x / inputScale)})
 * @param inputBits    signed width of input integers
 * @param weightBits   signed width of weights
 * @param membraneBits signed width of membrane and synaptic-current registers
 * @param layers       layers in update order
 * @param output       index of the read-out layer
 * @param readout      how class scores come from the read-out layer
 * @param dt           time step in seconds
 */
public record IntegerNetwork(String target, int inputs, double inputScale, int inputBits, int weightBits, int membraneBits,
                             List<Layer> layers, int output, Readout readout, double dt) {
    public IntegerNetwork {
        layers = List.copyOf(layers);
    }

    /** How class scores are read from the output layer. */
    public enum Readout {
        /** Number of spikes of each output neuron (max-rate decoding). */
        SPIKE_COUNT,
        /** Largest membrane value over time of each output neuron, in float units. */
        MAX_MEMBRANE,
        /** Mean membrane value over time, in float units. */
        MEAN_MEMBRANE,
        /** Membrane value at the last step, in float units. */
        LAST_MEMBRANE
    }

    /**
     * One layer.
     *
     * @param kSyn      synaptic decay shift per neuron ({@code -1}: no synaptic current)
     * @param kMem        membrane decay shift per neuron ({@code -1}: no leak, IF)
     * @param scale       float value of one membrane integer step
     * @param weightShift left shift {@code k_w} of this layer's integer weights into membrane units (one weight
     *                    step is {@code 2^k_w} membrane steps)
     */
    public record Layer(String id, String type, int size, int[] kSyn, int[] kMem, int[] threshold, int[] vReset,
                        ResetMode reset, boolean spiking, int[] bias, double scale, int weightShift,
                        List<Projection> projections) {
        public Layer {
            if (weightShift < 0 || weightShift > 30) {
                throw new IllegalArgumentException("layer '" + id + "': weight shift must be in [0, 30], got " + weightShift);
            }
            projections = List.copyOf(projections);
        }

        /** A layer whose weights and membrane share one unit (weight shift 0). */
        public Layer(String id, String type, int size, int[] kSyn, int[] kMem, int[] threshold, int[] vReset,
                     ResetMode reset, boolean spiking, int[] bias, double scale, List<Projection> projections) {
            this(id, type, size, kSyn, kMem, threshold, vReset, reset, spiking, bias, scale, 0, projections);
        }

        public boolean hasSynapticCurrent() {
            return kSyn.length > 0 && kSyn[0] >= 0;
        }
    }

    /** Integer weights, row-major [rows = target size x cols = source size]. */
    public record Projection(int source, int[] weight, int rows, int cols, boolean delayed) {
    }
}
