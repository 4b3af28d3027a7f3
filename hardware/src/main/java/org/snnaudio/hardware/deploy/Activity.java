package org.snnaudio.hardware.deploy;

import java.util.List;

/**
 * What one inference did, counted per layer: the input to an energy estimate.
 *
 * @param layers  per-layer counts in update order
 * @param steps   time steps simulated
 * @param dt      time step in seconds
 */
public record Activity(List<LayerActivity> layers, int steps, double dt) {
    public Activity {
        layers = List.copyOf(layers);
    }

    /**
     * Counts of one layer.
     *
     * @param id              layer id
     * @param neurons         neurons in the layer
     * @param spikes          spikes emitted
     * @param synapticEvents  synaptic events into the layer (an input event or spike reaching a non-zero synapse)
     * @param neuronUpdates   neuron state updates (neurons x steps on a synchronous core)
     * @param denseMacs       multiply-accumulates a dense (non-spiking) network of the same shape would do
     */
    public record LayerActivity(String id, int neurons, long spikes, long synapticEvents, long neuronUpdates, long denseMacs) {
    }

    public long spikes() {
        return layers.stream().mapToLong(LayerActivity::spikes).sum();
    }

    public long synapticEvents() {
        return layers.stream().mapToLong(LayerActivity::synapticEvents).sum();
    }

    public long neuronUpdates() {
        return layers.stream().mapToLong(LayerActivity::neuronUpdates).sum();
    }

    public long denseMacs() {
        return layers.stream().mapToLong(LayerActivity::denseMacs).sum();
    }

    /** Duration of the inference in seconds. */
    public double duration() {
        return steps * dt;
    }
}
