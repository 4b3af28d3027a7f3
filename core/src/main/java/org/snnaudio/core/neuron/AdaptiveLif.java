package org.snnaudio.core.neuron;

import org.snnaudio.core.model.ResetMode;

import java.util.function.DoubleUnaryOperator;

/**
 * LIF neuron with threshold adaptation (Bellec et al.'s ALIF). snnaudio's {@code AdaptiveLIF} node
 * (NIR has none).
 *
 * <p>ODE: {@code tau_mem dv/dt = -v + r I}, {@code tau_adapt da/dt = -a}; jump: when
 * {@code v > threshold + beta_adapt a}, a spike, {@code a -> a + 1} and the reset.
 * Discrete update ({@code beta = exp(-dt/tau_mem)}, {@code rho = exp(-dt/tau_adapt)}):
 * <pre>
 *   a[t]  = rho a[t-1] + s[t-1]
 *   th[t] = threshold + beta_adapt a[t]
 *   v[t]  = beta v[t-1] + x[t] - R[t-1]      (SUBTRACT: R[t-1] = th[t-1] s[t-1]; TO_RESET as in {@link Lif})
 *   s[t]  = H(v[t] - th[t])
 * </pre>
 *
 * @param tauMem    membrane time constant in seconds
 * @param tauAdapt  adaptation time constant in seconds
 * @param betaAdapt threshold increase per unit of adaptation (>= 0)
 * @param threshold base firing threshold
 * @param reset     reset rule
 * @param vReset    membrane value after a spike for TO_RESET
 */
public record AdaptiveLif(double tauMem, double tauAdapt, double betaAdapt, double threshold, ResetMode reset,
                          double vReset) implements NeuronModel {
    public AdaptiveLif {
        NeuronModel.checkTau("tauMem", tauMem);
        NeuronModel.checkTau("tauAdapt", tauAdapt);
        if (!(betaAdapt >= 0) || Double.isInfinite(betaAdapt)) {
            throw new IllegalArgumentException("betaAdapt must be >= 0, got " + betaAdapt);
        }
        NeuronModel.checkFinite("threshold", threshold);
        NeuronModel.checkFinite("vReset", vReset);
        java.util.Objects.requireNonNull(reset, "reset");
    }

    public boolean spiking() {
        return true;
    }

    public String typeName() {
        return "AdaptiveLIF";
    }

    public NeuronParams discretise(int n, Discretisation d) {
        return NeuronParams.uniform(n, 0, d.decay(tauMem), threshold, vReset, d.decay(tauAdapt), betaAdapt, reset);
    }

    public NeuronState step(double[] input, NeuronState state, NeuronParams p, DoubleUnaryOperator spike) {
        return kernel(input, state, p, spike);
    }

    /** The pure adaptive-LIF step. */
    public static NeuronState kernel(double[] x, NeuronState s, NeuronParams p, DoubleUnaryOperator spike) {
        NeuronModel.checkSize(x, s, p);
        int n = x.length;
        double[] a = new double[n];
        double[] v = new double[n];
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double prevTh = p.threshold()[i] + p.betaAdapt()[i] * s.adapt()[i];
            a[i] = p.rho()[i] * s.adapt()[i] + s.spike()[i];
            double th = p.threshold()[i] + p.betaAdapt()[i] * a[i];
            double bv = p.beta()[i] * s.mem()[i];
            v[i] = bv + x[i] - NeuronModel.resetTerm(p.reset(), s.spike()[i], prevTh, bv, p.vReset()[i]);
            out[i] = spike.applyAsDouble(v[i] - th);
        }
        return new NeuronState(new double[n], v, out, a);
    }
}
