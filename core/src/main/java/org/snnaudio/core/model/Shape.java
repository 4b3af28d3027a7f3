package org.snnaudio.core.model;

import java.util.Arrays;
import java.util.List;

/** The shape of the values flowing along a graph edge (most audio SNN edges are vectors). */
public record Shape(List<Integer> dims) {
    public Shape {
        dims = List.copyOf(dims);
        for (int d : dims) {
            if (d <= 0) {
                throw new IllegalArgumentException("shape dimensions must be > 0, got " + dims);
            }
        }
        if (dims.isEmpty()) {
            throw new IllegalArgumentException("shape must have at least one dimension");
        }
    }

    public static Shape of(int... dims) {
        return new Shape(Arrays.stream(dims).boxed().toList());
    }

    /** Number of values (product of the dimensions). */
    public int size() {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    public int[] toArray() {
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String toString() {
        return dims.toString();
    }
}
