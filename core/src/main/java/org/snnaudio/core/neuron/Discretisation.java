package org.snnaudio.core.neuron;

/**
 * How continuous-time parameters become per-step factors for a time step {@code dt} (seconds): exact
 * exponential decay over one step for piecewise-constant input, {@code alpha = exp(-dt/tau_syn)},
 * {@code beta = exp(-dt/tau_mem)}. Stored with every model so a model is always run with the
 * discretisation it was trained with.
 *
 * @param dt     time step in seconds
 * @param method the rule; only {@link #EXACT} exists today
 */
public record Discretisation(double dt, String method) {
    /** Exact exponential decay (zero-order hold on the input). */
    public static final String EXACT = "exact-exponential";

    public Discretisation {
        if (!(dt > 0) || Double.isInfinite(dt)) {
            throw new IllegalArgumentException("dt must be > 0 s, got " + dt);
        }
        if (!EXACT.equals(method)) {
            throw new IllegalArgumentException("discretisation must be '" + EXACT + "', got '" + method + "'");
        }
    }

    /** The exact discretisation for {@code dt} seconds. */
    public static Discretisation exact(double dt) {
        return new Discretisation(dt, EXACT);
    }

    /** Per-step decay factor {@code exp(-dt/tau)} of a time constant {@code tau} (seconds). */
    public double decay(double tau) {
        return Math.exp(-dt / tau);
    }

    /** Derivative of {@link #decay(double)} with respect to {@code tau}: {@code exp(-dt/tau) dt / tau^2}. */
    public double decayDerivative(double tau) {
        return Math.exp(-dt / tau) * dt / (tau * tau);
    }
}
