package org.snnaudio.core.model;

import java.util.Arrays;

/** Validation helpers for node parameters; messages say what, got and expected. */
final class Checks {
    private Checks() {
    }

    static void matrix(String name, Tensor t) {
        if (t == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        if (t.rank() != 2 || t.dim(0) == 0 || t.dim(1) == 0) {
            throw new IllegalArgumentException(name + " must be a non-empty [out, in] matrix, got shape "
                    + Arrays.toString(t.shape()));
        }
    }

    /** Checks a non-empty vector, of length {@code n} unless n is -1; returns its length. */
    static int vector(String name, Tensor t, int n) {
        if (t == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        if (t.rank() != 1 || t.size() == 0) {
            throw new IllegalArgumentException(name + " must be a non-empty vector, got shape " + Arrays.toString(t.shape()));
        }
        if (n >= 0 && t.size() != n) {
            throw new IllegalArgumentException(name + " must have " + n + " values (one per neuron), got " + t.size());
        }
        return t.size();
    }

    static void positive(String name, Tensor t) {
        for (int i = 0; i < t.size(); i++) {
            if (!(t.get(i) > 0)) {
                throw new IllegalArgumentException(name + " must be > 0 s, got " + t.get(i) + " at index " + i);
            }
        }
    }
}
