package org.snnaudio.hardware.target;

import org.snnaudio.core.model.ResetMode;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A neuromorphic hardware target as data: number formats, neuron rules, size limits, frontend,
 * device mismatch and energy constants. Loaded from YAML by {@link Targets}; every field is validated
 * there with messages naming the file and key.
 *
 * @param name         short name ({@code digital-int8})
 * @param description  one line for humans
 * @param weights      synaptic weight format and sign/magnitude rules
 * @param membraneBits signed bit width of membrane and synaptic-current registers (saturating)
 * @param inputBits    signed bit width of analog input samples fed to the first layer
 * @param maxShift     largest decay shift {@code k} (decay factor {@code 1 - 2^-k}); 0 means no leak control
 * @param reset        the reset rule the neurons implement
 * @param neuronTypes  NIR neuron types the core implements ({@code LIF}, {@code CubaLIF}, {@code IF}, ...)
 * @param allowBias    whether synapses may carry a constant bias current
 * @param recurrent    whether recurrent connections are supported
 * @param limits       size limits
 * @param frontend     the analog frontend, or null when the chip takes any input
 * @param mismatch     device mismatch (relative standard deviations; zero for digital cores)
 * @param energy       energy constants, each with its source
 * @param timestep     default simulation time step in seconds
 */
public record HardwareTarget(String name, String description, Weights weights, int membraneBits, int inputBits, int maxShift,
                             ResetMode reset, Set<String> neuronTypes, boolean allowBias, boolean recurrent, Limits limits,
                             Frontend frontend, Mismatch mismatch, Energy energy, double timestep) {
    public HardwareTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(reset, "reset");
        neuronTypes = Set.copyOf(neuronTypes);
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(mismatch, "mismatch");
        Objects.requireNonNull(energy, "energy");
    }

    /** Largest value of a signed register of {@code bits} bits. */
    public static long maxSigned(int bits) {
        return (1L << (bits - 1)) - 1;
    }

    /**
     * Weight format: signed {@code bits}-bit integers; optionally a magnitude limit in float units
     * (analog memories) and a sign shared by groups of contiguous synapses.
     *
     * @param bits      signed bit width
     * @param maxAbs    largest |w| in the model's float units, or NaN when unlimited
     * @param signGroup synapses per group that must share one sign (1 = no rule)
     * @param groupAxis along which axis groups are contiguous: {@code outputs} (one presynaptic neuron's
     *                  synapses onto consecutive postsynaptic neurons, NWAVE's {@code weight[in, out]} rows)
     *                  or {@code inputs}
     * @param maxShift  largest left shift of the integer weights into the membrane's units (like Xylo's
     *                  per-layer weight bit shift): with shift {@code k} a weight {@code w} adds {@code w << k}
     *                  to the membrane, so thresholds, biases and the leak resolve {@code 2^k} times finer than
     *                  one weight step; 0 when weights and membrane share one unit
     */
    public record Weights(int bits, double maxAbs, int signGroup, String groupAxis, int maxShift) {
        public static final List<String> AXES = List.of("outputs", "inputs");
    }

    /**
     * Size limits; 0 means unlimited.
     *
     * @param neurons         neurons on the chip
     * @param neuronsPerLayer neurons in one layer (population)
     * @param fanIn           non-zero synapses onto one neuron
     * @param inputChannels   input channels
     */
    public record Limits(int neurons, int neuronsPerLayer, int fanIn, int inputChannels) {
    }

    /**
     * An analog frontend hard-wired one-to-one to the first neuron layer.
     *
     * @param channels          filter channels on the chip
     * @param positiveDiagonal  whether the frontend synapse must be diagonal with positive weights
     */
    public record Frontend(int channels, boolean positiveDiagonal) {
    }

    /**
     * Device mismatch as relative standard deviations of a Gaussian multiplicative factor {@code 1 + sigma z}.
     *
     * @param weight    of each synaptic weight
     * @param threshold of each neuron's threshold
     * @param tau       of each neuron's time constants
     * @param source    where the numbers come from
     */
    public record Mismatch(double weight, double threshold, double tau, String source) {
        public boolean none() {
            return weight == 0 && threshold == 0 && tau == 0;
        }
    }

    /** A physical constant with the publication or assumption it comes from. */
    public record Constant(double value, String source) {
    }

    /**
     * Energy constants.
     *
     * @param synapticEvent energy of one synaptic event (one spike reaching one synapse), joules
     * @param neuronUpdate  energy of one neuron state update (one neuron, one time step), joules
     * @param staticPower   static (leakage and clock) power of the core while running, watts
     */
    public record Energy(Constant synapticEvent, Constant neuronUpdate, Constant staticPower) {
    }
}
