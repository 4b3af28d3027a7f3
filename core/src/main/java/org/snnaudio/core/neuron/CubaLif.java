package org.snnaudio.core.neuron;

import org.snnaudio.core.model.ResetMode;

import java.util.function.DoubleUnaryOperator;

/**
 * Current-based LIF neuron with an exponential synaptic current. NIR node {@code CubaLIF}.
 *
 * <p>ODE: {@code tau_syn dI/dt = -I + w_in x}, {@code tau_mem dv/dt = -v + r I}; jump: when
 * {@code v > threshold}, a spike and then {@code v -> v - threshold} (SUBTRACT) or {@code v -> v_reset}.
 * Discrete update ({@code alpha = exp(-dt/tau_syn)}, {@code beta = exp(-dt/tau_mem)}, NIR
 * {@code w_in = 1/(1-alpha)}, {@code r = 1/(1-beta)}), the update of Zenke's SpyTorch and of the baseline:
 * <pre>
 *   I[t] = alpha I[t-1] + x[t]
 *   v[t] = beta v[t-1] + I[t] - R[t-1]      (R as in {@link Lif})
 *   s[t] = H(v[t] - threshold)
 * </pre>
 *
 * @param tauSyn    synaptic time constant in seconds
 * @param tauMem    membrane time constant in seconds
 * @param threshold firing threshold
 * @param reset     reset rule
 * @param vReset    membrane value after a spike for TO_RESET
 */
public record CubaLif(double tauSyn, double tauMem, double threshold, ResetMode reset, double vReset) implements NeuronModel {
    public CubaLif {
        NeuronModel.checkTau("tauSyn", tauSyn);
        NeuronModel.checkTau("tauMem", tauMem);
        NeuronModel.checkFinite("threshold", threshold);
        NeuronModel.checkFinite("vReset", vReset);
        java.util.Objects.requireNonNull(reset, "reset");
    }

    /** CuBa-LIF with reset by subtraction. */
    public CubaLif(double tauSyn, double tauMem, double threshold) {
        this(tauSyn, tauMem, threshold, ResetMode.SUBTRACT, 0);
    }

    public boolean spiking() {
        return true;
    }

    public String typeName() {
        return "CubaLIF";
    }

    public NeuronParams discretise(int n, Discretisation d) {
        return NeuronParams.uniform(n, d.decay(tauSyn), d.decay(tauMem), threshold, vReset, 0, 0, reset);
    }

    public NeuronState step(double[] input, NeuronState state, NeuronParams p, DoubleUnaryOperator spike) {
        return kernel(input, state, p, spike);
    }

    /** The pure CuBa-LIF step. */
    public static NeuronState kernel(double[] x, NeuronState s, NeuronParams p, DoubleUnaryOperator spike) {
        NeuronModel.checkSize(x, s, p);
        int n = x.length;
        double[] syn = new double[n];
        double[] v = new double[n];
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            syn[i] = p.alpha()[i] * s.syn()[i] + x[i];
            double bv = p.beta()[i] * s.mem()[i];
            v[i] = bv + syn[i] - NeuronModel.resetTerm(p.reset(), s.spike()[i], p.threshold()[i], bv, p.vReset()[i]);
            out[i] = spike.applyAsDouble(v[i] - p.threshold()[i]);
        }
        return new NeuronState(syn, v, out, new double[n]);
    }
}
