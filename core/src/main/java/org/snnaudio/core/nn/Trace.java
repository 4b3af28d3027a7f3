package org.snnaudio.core.nn;

import java.util.List;

/**
 * Everything one forward pass of one sample produced, for reports and inspection: per layer the
 * spikes and membranes as row-major {@code [steps][neurons]} arrays (owned by this trace), the output
 * trace the readout used, and the class scores.
 *
 * @param layers     layer names, in order
 * @param sizes      neurons per layer
 * @param spikes     spikes per layer ({@code [steps][n]}; all zero for a non-spiking readout)
 * @param membranes  membrane potential per layer ({@code [steps][n]})
 * @param steps      number of time steps
 * @param logits     class scores from the readout
 */
public record Trace(List<String> layers, int[] sizes, List<float[]> spikes, List<float[]> membranes, int steps,
                    double[] logits) {

    /** Index of the layer called {@code name}; an error naming the known layers when absent. */
    public int layerIndex(String name) {
        int i = layers.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no layer '" + name + "' (layers: " + layers + ")");
        }
        return i;
    }

    /** Spike probability per step of each neuron of the named layer. */
    public double[] firingRates(String layer) {
        int l = layerIndex(layer);
        int n = sizes[l];
        double[] r = new double[n];
        float[] s = spikes.get(l);
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < n; i++) {
                r[i] += s[t * n + i];
            }
        }
        for (int i = 0; i < n; i++) {
            r[i] /= steps;
        }
        return r;
    }

    /** The predicted class (largest score, first on ties). */
    public int predicted() {
        return org.snnaudio.core.loss.CrossEntropy.argmax(logits, logits.length);
    }
}
