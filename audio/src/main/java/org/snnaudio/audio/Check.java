package org.snnaudio.audio;

import org.snnaudio.core.SnnaudioException;

/** Validation helpers for audio configuration records; messages say what, got and expected. */
public final class Check {
    private Check() {
    }

    public static void positive(String name, double value, String unit) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new SnnaudioException(name + " must be > 0" + unit + ", got " + value);
        }
    }

    public static void nonNegative(String name, double value, String unit) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new SnnaudioException(name + " must be >= 0" + unit + ", got " + value);
        }
    }

    public static void positive(String name, int value) {
        if (value <= 0) {
            throw new SnnaudioException(name + " must be > 0, got " + value);
        }
    }

    public static void nonNegative(String name, int value) {
        if (value < 0) {
            throw new SnnaudioException(name + " must be >= 0, got " + value);
        }
    }

    public static void range(String name, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi)) {
            throw new SnnaudioException(name + " must be in [" + lo + ", " + hi + "], got " + value);
        }
    }

    public static <T> T required(String name, T value) {
        if (value == null) {
            throw new SnnaudioException(name + " is required");
        }
        return value;
    }
}
