package org.snnaudio.core.nn;

import java.util.Arrays;
import java.util.Objects;

/**
 * A trainable (or frozen) tensor of a network: its values, the gradient accumulated by the last
 * backward pass, and the tags optimisers and queries use. Owned by the network; {@link #value()}
 * and {@link #grad()} return the live arrays so that optimisers can update them in place.
 *
 * <p>Names are dotted paths such as {@code hidden.weight} or {@code hidden.threshold}, queried by
 * glob ({@code *.threshold}). The {@code group} names the optimiser parameter group (for example
 * {@code frontend} trained at a smaller learning rate); {@code kind} tells weights from time constants
 * and thresholds.
 */
public final class Parameter {
    /** What a parameter is, for queries, constraints and weight decay. */
    public enum Kind { WEIGHT, BIAS, TIME_CONSTANT, THRESHOLD, OTHER }

    private final String name;
    private final int[] shape;
    private final float[] value;
    private final float[] grad;
    private final Kind kind;
    private boolean trainable;
    private String group;

    public Parameter(String name, Kind kind, float[] value, int... shape) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.value = Objects.requireNonNull(value, "value");
        this.shape = shape.clone();
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n != value.length) {
            throw new IllegalArgumentException("parameter " + name + ": shape " + Arrays.toString(shape) + " holds " + n
                    + " values, got " + value.length);
        }
        this.grad = new float[value.length];
        this.trainable = true;
        this.group = "default";
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int size() {
        return value.length;
    }

    /** The live value array (owned by the network). */
    public float[] value() {
        return value;
    }

    /** The live gradient array (owned by the network). */
    public float[] grad() {
        return grad;
    }

    public boolean trainable() {
        return trainable;
    }

    public Parameter trainable(boolean t) {
        this.trainable = t;
        return this;
    }

    public String group() {
        return group;
    }

    public Parameter group(String g) {
        this.group = Objects.requireNonNull(g, "group");
        return this;
    }

    public void zeroGrad() {
        Arrays.fill(grad, 0f);
    }

    /** Whether {@code glob} ({@code *} any run of characters, {@code ?} one character) matches the name. */
    public boolean matches(String glob) {
        return globMatches(glob, 0, name, 0);
    }

    private static boolean globMatches(String g, int gi, String s, int si) {
        while (gi < g.length()) {
            char c = g.charAt(gi);
            if (c == '*') {
                for (int k = si; k <= s.length(); k++) {
                    if (globMatches(g, gi + 1, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length() || (c != '?' && c != s.charAt(si))) {
                return false;
            }
            gi++;
            si++;
        }
        return si == s.length();
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + (trainable ? "" : " (frozen)");
    }
}
