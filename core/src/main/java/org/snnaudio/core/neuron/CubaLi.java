package org.snnaudio.core.neuron;

import java.util.function.DoubleUnaryOperator;

/**
 * Current-based leaky integrator: a non-spiking readout with an exponential synapse. NIR node {@code CubaLI}.
 *
 * <p>ODE: {@code tau_syn dI/dt = -I + w_in x}, {@code tau_mem dv/dt = -v + r I}; no jump. Discrete update:
 * {@code I[t] = alpha I[t-1] + x[t]}, {@code v[t] = beta v[t-1] + I[t]}.
 *
 * @param tauSyn synaptic time constant in seconds
 * @param tauMem membrane time constant in seconds
 */
public record CubaLi(double tauSyn, double tauMem) implements NeuronModel {
    public CubaLi {
        NeuronModel.checkTau("tauSyn", tauSyn);
        NeuronModel.checkTau("tauMem", tauMem);
    }

    public boolean spiking() {
        return false;
    }

    public String typeName() {
        return "CubaLI";
    }

    public NeuronParams discretise(int n, Discretisation d) {
        return NeuronParams.uniform(n, d.decay(tauSyn), d.decay(tauMem), 0, 0, 0, 0,
                org.snnaudio.core.model.ResetMode.SUBTRACT);
    }

    public NeuronState step(double[] input, NeuronState state, NeuronParams p, DoubleUnaryOperator spike) {
        return kernel(input, state, p);
    }

    /** The pure CubaLI step. */
    public static NeuronState kernel(double[] x, NeuronState s, NeuronParams p) {
        NeuronModel.checkSize(x, s, p);
        int n = x.length;
        double[] syn = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            syn[i] = p.alpha()[i] * s.syn()[i] + x[i];
            v[i] = p.beta()[i] * s.mem()[i] + syn[i];
        }
        return new NeuronState(syn, v, new double[n], new double[n]);
    }
}
