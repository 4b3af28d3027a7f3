package org.snnaudio.core.neuron;

import org.snnaudio.core.model.ResetMode;

import java.util.Objects;

/**
 * Discretised per-neuron parameters of one population for one {@link Discretisation}: the factors a
 * step kernel uses. Arrays are owned by this record and must not be changed; a model only reads the
 * arrays it needs (alpha for CuBa models, rho and betaAdapt for the adaptive LIF).
 *
 * @param alpha     synaptic decay {@code exp(-dt/tau_syn)} per neuron
 * @param beta      membrane decay {@code exp(-dt/tau_mem)} per neuron (1 for IF)
 * @param threshold firing threshold per neuron
 * @param vReset    membrane value after a spike when {@code reset} is {@link ResetMode#TO_RESET}
 * @param rho       adaptation decay {@code exp(-dt/tau_adapt)} per neuron
 * @param betaAdapt threshold increase per unit of adaptation
 * @param reset     what a spike does to the membrane
 */
public record NeuronParams(double[] alpha, double[] beta, double[] threshold, double[] vReset, double[] rho,
                           double[] betaAdapt, ResetMode reset) {
    public NeuronParams {
        int n = beta.length;
        for (double[] a : new double[][] {alpha, threshold, vReset, rho, betaAdapt}) {
            if (a.length != n) {
                throw new IllegalArgumentException("neuron parameter arrays must all have " + n + " values, got " + a.length);
            }
        }
        Objects.requireNonNull(reset, "reset");
    }

    /** Homogeneous parameters: every neuron gets the same values. */
    public static NeuronParams uniform(int n, double alpha, double beta, double threshold, double vReset, double rho,
                                       double betaAdapt, ResetMode reset) {
        return new NeuronParams(fill(n, alpha), fill(n, beta), fill(n, threshold), fill(n, vReset), fill(n, rho),
                fill(n, betaAdapt), reset);
    }

    private static double[] fill(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    public int size() {
        return beta.length;
    }
}
