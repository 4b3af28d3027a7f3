package org.snnaudio.core.nn;

import org.snnaudio.core.neuron.NeuronModel;

import java.util.Objects;

/**
 * One layer of a {@link Network}: a synapse from the previous layer (or the input), optional bias,
 * optional all-to-all recurrence within the layer, and a population of neurons. The last layer of a
 * network is its output: a non-spiking readout ({@code Li}, {@code CubaLi}) or a spiking layer.
 *
 * @param name        layer name, the prefix of its parameter names ({@code hidden.weight})
 * @param size        number of neurons
 * @param synapse     dense or diagonal input synapse
 * @param recurrent   whether the layer's spikes feed back into it through a {@code [size, size]} matrix
 * @param bias        whether the synapse adds a trainable bias
 * @param neuron      neuron model with its (homogeneous) initial parameters
 * @param weightScale initial weights are normal with std {@code weightScale (1 - beta) / sqrt(fanIn)} for
 *                    dense and recurrent synapses (Zenke's SpyTorch initialisation); diagonal weights start at
 *                    {@code weightScale}
 */
public record LayerSpec(String name, int size, Synapse synapse, boolean recurrent, boolean bias, NeuronModel neuron,
                        double weightScale) {
    public LayerSpec {
        if (name == null || !name.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("layer name must be a letter followed by letters, digits or _, got '"
                    + name + "'");
        }
        if (size <= 0) {
            throw new IllegalArgumentException("layer " + name + ": size must be > 0, got " + size);
        }
        Objects.requireNonNull(synapse, "synapse");
        Objects.requireNonNull(neuron, "neuron");
        if (recurrent && !neuron.spiking()) {
            throw new IllegalArgumentException("layer " + name + ": a non-spiking " + neuron.typeName()
                    + " layer cannot be recurrent");
        }
        if (!(weightScale > 0) || Double.isInfinite(weightScale)) {
            throw new IllegalArgumentException("layer " + name + ": weightScale must be > 0, got " + weightScale);
        }
    }

    /** A dense layer without recurrence or bias, weight scale 1. */
    public static LayerSpec dense(String name, int size, NeuronModel neuron) {
        return new LayerSpec(name, size, Synapse.DENSE, false, false, neuron, 1.0);
    }

    /** A dense layer with all-to-all recurrence, weight scale 1. */
    public static LayerSpec recurrent(String name, int size, NeuronModel neuron) {
        return new LayerSpec(name, size, Synapse.DENSE, true, false, neuron, 1.0);
    }

    /** A diagonal (one weight per channel) layer, weights starting at 1. */
    public static LayerSpec diagonal(String name, int size, NeuronModel neuron) {
        return new LayerSpec(name, size, Synapse.DIAGONAL, false, false, neuron, 1.0);
    }

    public LayerSpec withBias(boolean b) {
        return new LayerSpec(name, size, synapse, recurrent, b, neuron, weightScale);
    }

    public LayerSpec withWeightScale(double s) {
        return new LayerSpec(name, size, synapse, recurrent, bias, neuron, s);
    }
}
