package org.snnaudio.core.neuron;

import org.snnaudio.core.model.ResetMode;

import java.util.function.DoubleUnaryOperator;

/**
 * A neuron model: its continuous-time parameters (homogeneous initial values; the network holds one
 * value per neuron) and its pure step kernel. Every kernel follows the same ordering, which is that
 * of snnTorch's Synaptic and of the PyTorch baseline: the reset caused by the spike of step
 * {@code t-1} is applied at step {@code t}, together with that step's input, and the spike of step
 * {@code t} is {@code H(v[t] - threshold)} (strictly above threshold).
 */
public sealed interface NeuronModel permits Lif, CubaLif, AdaptiveLif, If, Li, CubaLi {

    /** Whether the model emits spikes (LI and CubaLI are non-spiking readouts). */
    boolean spiking();

    /** The NIR node type this model maps to ({@code "CubaLIF"}, ...). */
    String typeName();

    /** Homogeneous discretised parameters of {@code n} neurons. */
    NeuronParams discretise(int n, Discretisation d);

    /** One step of this model's kernel: see the record's javadoc for the equations. */
    NeuronState step(double[] input, NeuronState state, NeuronParams p, DoubleUnaryOperator spike);

    /** The Heaviside spike function {@code H(u) = 1 if u > 0 else 0} of the normal (non-smooth) mode. */
    static DoubleUnaryOperator heaviside() {
        return u -> u > 0 ? 1.0 : 0.0;
    }

    /** The reset term subtracted at this step because of the previous step's spike. */
    static double resetTerm(ResetMode mode, double prevSpike, double prevThreshold, double betaPrevMem, double vReset) {
        return mode == ResetMode.SUBTRACT ? prevThreshold * prevSpike : prevSpike * (betaPrevMem - vReset);
    }

    static void checkTau(String name, double tau) {
        if (!(tau > 0) || Double.isInfinite(tau)) {
            throw new IllegalArgumentException(name + " must be > 0 s, got " + tau);
        }
    }

    static void checkFinite(String name, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite, got " + v);
        }
    }

    static void checkSize(double[] input, NeuronState s, NeuronParams p) {
        if (input.length != s.size() || p.size() != s.size()) {
            throw new IllegalArgumentException("step: input (" + input.length + "), state (" + s.size()
                    + ") and parameters (" + p.size() + ") must have the same size");
        }
    }
}
