package org.snnaudio.core.neuron;

import java.util.function.DoubleUnaryOperator;

/**
 * Leaky integrator: the non-spiking readout. NIR node {@code LI}.
 *
 * <p>ODE: {@code tau_mem dv/dt = -v + r I}; no jump. Discrete update ({@code beta = exp(-dt/tau_mem)},
 * {@code r = 1/(1-beta)}): {@code v[t] = beta v[t-1] + x[t]}.
 *
 * @param tauMem membrane time constant in seconds
 */
public record Li(double tauMem) implements NeuronModel {
    public Li {
        NeuronModel.checkTau("tauMem", tauMem);
    }

    public boolean spiking() {
        return false;
    }

    public String typeName() {
        return "LI";
    }

    public NeuronParams discretise(int n, Discretisation d) {
        return NeuronParams.uniform(n, 0, d.decay(tauMem), 0, 0, 0, 0, org.snnaudio.core.model.ResetMode.SUBTRACT);
    }

    public NeuronState step(double[] input, NeuronState state, NeuronParams p, DoubleUnaryOperator spike) {
        return kernel(input, state, p);
    }

    /** The pure LI step. */
    public static NeuronState kernel(double[] x, NeuronState s, NeuronParams p) {
        NeuronModel.checkSize(x, s, p);
        int n = x.length;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = p.beta()[i] * s.mem()[i] + x[i];
        }
        return new NeuronState(new double[n], v, new double[n], new double[n]);
    }
}
