package org.snnaudio.core.neuron;

import org.snnaudio.core.model.ResetMode;

import java.util.function.DoubleUnaryOperator;

/**
 * Integrate-and-fire neuron (no leak). NIR node {@code IF}.
 *
 * <p>ODE: {@code dv/dt = r I}; jump: when {@code v > threshold}, a spike and the reset.
 * Discrete update: {@code v[t] = v[t-1] + x[t] - R[t-1]} ({@code R} as in {@link Lif} with
 * {@code beta = 1}), {@code s[t] = H(v[t] - threshold)}.
 *
 * @param threshold firing threshold
 * @param reset     reset rule
 * @param vReset    membrane value after a spike for TO_RESET
 */
public record If(double threshold, ResetMode reset, double vReset) implements NeuronModel {
    public If {
        NeuronModel.checkFinite("threshold", threshold);
        NeuronModel.checkFinite("vReset", vReset);
        java.util.Objects.requireNonNull(reset, "reset");
    }

    public boolean spiking() {
        return true;
    }

    public String typeName() {
        return "IF";
    }

    public NeuronParams discretise(int n, Discretisation d) {
        return NeuronParams.uniform(n, 0, 1, threshold, vReset, 0, 0, reset);
    }

    public NeuronState step(double[] input, NeuronState state, NeuronParams p, DoubleUnaryOperator spike) {
        return kernel(input, state, p, spike);
    }

    /** The pure IF step (uses {@code p.beta()}, which is 1 for IF). */
    public static NeuronState kernel(double[] x, NeuronState s, NeuronParams p, DoubleUnaryOperator spike) {
        return Lif.kernel(x, s, p, spike);
    }
}
