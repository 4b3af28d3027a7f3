package org.snnaudio.core.neuron;

import org.snnaudio.core.model.ResetMode;

import java.util.function.DoubleUnaryOperator;

/**
 * Leaky integrate-and-fire neuron with current input. NIR node {@code LIF}.
 *
 * <p>ODE: {@code tau_mem dv/dt = -v + r I}; jump: when {@code v > threshold}, a spike and then
 * {@code v -> v - threshold} (SUBTRACT) or {@code v -> v_reset} (TO_RESET).
 * Discrete update ({@code beta = exp(-dt/tau_mem)}, input {@code x[t]} already scaled, i.e.
 * {@code r = 1/(1-beta)}):
 * <pre>
 *   v[t] = beta v[t-1] + x[t] - R[t-1]
 *   R[t-1] = threshold s[t-1]                 (SUBTRACT)
 *          = s[t-1] (beta v[t-1] - v_reset)   (TO_RESET: v[t] = v_reset + x[t] after a spike)
 *   s[t] = H(v[t] - threshold)
 * </pre>
 *
 * @param tauMem    membrane time constant in seconds
 * @param threshold firing threshold
 * @param reset     reset rule
 * @param vReset    membrane value after a spike for TO_RESET
 */
public record Lif(double tauMem, double threshold, ResetMode reset, double vReset) implements NeuronModel {
    public Lif {
        NeuronModel.checkTau("tauMem", tauMem);
        NeuronModel.checkFinite("threshold", threshold);
        NeuronModel.checkFinite("vReset", vReset);
        java.util.Objects.requireNonNull(reset, "reset");
    }

    /** LIF with reset by subtraction. */
    public Lif(double tauMem, double threshold) {
        this(tauMem, threshold, ResetMode.SUBTRACT, 0);
    }

    public boolean spiking() {
        return true;
    }

    public String typeName() {
        return "LIF";
    }

    public NeuronParams discretise(int n, Discretisation d) {
        return NeuronParams.uniform(n, 0, d.decay(tauMem), threshold, vReset, 0, 0, reset);
    }

    public NeuronState step(double[] input, NeuronState state, NeuronParams p, DoubleUnaryOperator spike) {
        return kernel(input, state, p, spike);
    }

    /** The pure LIF step. */
    public static NeuronState kernel(double[] x, NeuronState s, NeuronParams p, DoubleUnaryOperator spike) {
        NeuronModel.checkSize(x, s, p);
        int n = x.length;
        double[] v = new double[n];
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double bv = p.beta()[i] * s.mem()[i];
            v[i] = bv + x[i] - NeuronModel.resetTerm(p.reset(), s.spike()[i], p.threshold()[i], bv, p.vReset()[i]);
            out[i] = spike.applyAsDouble(v[i] - p.threshold()[i]);
        }
        return new NeuronState(new double[n], v, out, new double[n]);
    }
}
