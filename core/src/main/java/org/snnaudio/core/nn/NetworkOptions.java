package org.snnaudio.core.nn;

import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.loss.Readout;
import org.snnaudio.core.loss.Regularizer;
import org.snnaudio.core.neuron.Discretisation;
import org.snnaudio.core.neuron.Surrogate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Everything about a network that is not its architecture or weights: time step, surrogate, readout,
 * regularisers, threads, which parameters train, and the engine switches. Round-trips through
 * {@link #toMap()} / {@link #fromMap(Map)} so that model files store it as text.
 *
 * @param discretisation time step and discretisation rule
 * @param surrogate      surrogate gradient of the spike
 * @param readout        how output traces become class scores (cross-entropy on them is the task loss)
 * @param regularizers   activity regularisers on named layers
 * @param threads        worker threads for batch-parallel training and inference (>= 1)
 * @param trainable      comma-separated globs of the parameter names that train (others are frozen)
 * @param detachReset    treat the spike in the reset term as a constant in the backward pass (as snnTorch
 *                       and the PyTorch baseline do); false gives the exact gradient of the forward pass
 * @param smooth         forward spike is the surrogate's smooth primitive instead of a step (for gradient checks)
 * @param reference      run the scalar double-precision reference engine instead of the fast float kernels
 */
public record NetworkOptions(Discretisation discretisation, Surrogate surrogate, Readout readout,
                             List<Regularizer> regularizers, int threads, String trainable, boolean detachReset,
                             boolean smooth, boolean reference) {

    /** Default trainable set: weights, biases and recurrent weights (not time constants or thresholds). */
    public static final String DEFAULT_TRAINABLE = "*.weight,*.bias,*.recurrent";

    public NetworkOptions {
        java.util.Objects.requireNonNull(discretisation, "discretisation");
        java.util.Objects.requireNonNull(surrogate, "surrogate");
        java.util.Objects.requireNonNull(readout, "readout");
        regularizers = List.copyOf(regularizers);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        java.util.Objects.requireNonNull(trainable, "trainable");
    }

    /** Defaults of the reference configurations: dt 1 ms, fast sigmoid slope 100, max-membrane readout, 1 thread. */
    public static NetworkOptions defaults() {
        return new NetworkOptions(Discretisation.exact(1e-3), new Surrogate.FastSigmoid(100), new Readout.MaxMembrane(),
                List.of(), 1, DEFAULT_TRAINABLE, true, false, false);
    }

    public NetworkOptions withDt(double dt) {
        return new NetworkOptions(Discretisation.exact(dt), surrogate, readout, regularizers, threads, trainable,
                detachReset, smooth, reference);
    }

    public NetworkOptions withSurrogate(Surrogate s) {
        return new NetworkOptions(discretisation, s, readout, regularizers, threads, trainable, detachReset, smooth, reference);
    }

    public NetworkOptions withReadout(Readout r) {
        return new NetworkOptions(discretisation, surrogate, r, regularizers, threads, trainable, detachReset, smooth, reference);
    }

    public NetworkOptions withRegularizers(List<Regularizer> r) {
        return new NetworkOptions(discretisation, surrogate, readout, r, threads, trainable, detachReset, smooth, reference);
    }

    public NetworkOptions withThreads(int t) {
        return new NetworkOptions(discretisation, surrogate, readout, regularizers, t, trainable, detachReset, smooth, reference);
    }

    public NetworkOptions withTrainable(String globs) {
        return new NetworkOptions(discretisation, surrogate, readout, regularizers, threads, globs, detachReset, smooth,
                reference);
    }

    public NetworkOptions withDetachReset(boolean d) {
        return new NetworkOptions(discretisation, surrogate, readout, regularizers, threads, trainable, d, smooth, reference);
    }

    public NetworkOptions withSmooth(boolean s) {
        return new NetworkOptions(discretisation, surrogate, readout, regularizers, threads, trainable, detachReset, s,
                reference);
    }

    public NetworkOptions withReference(boolean r) {
        return new NetworkOptions(discretisation, surrogate, readout, regularizers, threads, trainable, detachReset, smooth, r);
    }

    /** The options as text key/value pairs (stable keys, insertion-ordered). */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("dt", Double.toString(discretisation.dt()));
        m.put("discretisation", discretisation.method());
        m.put("surrogate", surrogate.name());
        m.put("surrogate.slope", Double.toString(surrogate.slope()));
        m.put("readout", readout.name());
        m.put("regularizers", regularizers.stream().map(Regularizer::spec).collect(Collectors.joining(",")));
        m.put("threads", Integer.toString(threads));
        m.put("trainable", trainable);
        m.put("detach_reset", Boolean.toString(detachReset));
        m.put("smooth", Boolean.toString(smooth));
        m.put("reference", Boolean.toString(reference));
        return m;
    }

    /** Options from text key/value pairs; missing keys take {@link #defaults()}; unknown keys are an error. */
    public static NetworkOptions fromMap(Map<String, String> m) {
        NetworkOptions d = defaults();
        for (String k : m.keySet()) {
            if (!d.toMap().containsKey(k)) {
                throw new SnnaudioException("network option '" + k + "' is unknown (known: " + d.toMap().keySet() + ")");
            }
        }
        try {
            double dt = number(m, "dt", d.discretisation.dt());
            Discretisation disc = new Discretisation(dt, m.getOrDefault("discretisation", Discretisation.EXACT));
            Surrogate s = Surrogate.of(m.getOrDefault("surrogate", d.surrogate.name()),
                    number(m, "surrogate.slope", d.surrogate.slope()));
            Readout r = Readout.of(m.getOrDefault("readout", d.readout.name()));
            List<Regularizer> regs = Regularizer.parseList(m.getOrDefault("regularizers", ""));
            int threads = (int) number(m, "threads", d.threads);
            return new NetworkOptions(disc, s, r, regs, threads, m.getOrDefault("trainable", d.trainable),
                    bool(m, "detach_reset", d.detachReset), bool(m, "smooth", d.smooth), bool(m, "reference", d.reference));
        } catch (IllegalArgumentException e) {
            throw new SnnaudioException("network options: " + e.getMessage(), e);
        }
    }

    private static double number(Map<String, String> m, String key, double def) {
        String v = m.get(key);
        if (v == null) {
            return def;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new SnnaudioException("network option '" + key + "' must be a number, got '" + v + "'");
        }
    }

    private static boolean bool(Map<String, String> m, String key, boolean def) {
        String v = m.get(key);
        if (v == null) {
            return def;
        }
        return switch (v.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new SnnaudioException("network option '" + key + "' must be true or false, got '" + v + "'");
        };
    }
}
