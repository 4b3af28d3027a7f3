package org.snnaudio.core.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable, row-major float tensor with a shape: the parameter values held by model nodes.
 * The data is copied in and copied out, so a node never changes after it is built.
 */
public final class Tensor {
    private final int[] shape;
    private final float[] data;

    private Tensor(int[] shape, float[] data) {
        this.shape = shape;
        this.data = data;
    }

    /** A tensor of the given shape over a copy of {@code data}; sizes must agree and values must be finite. */
    public static Tensor of(float[] data, int... shape) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(shape, "shape");
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor dimension must be >= 0, got shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("tensor shape " + Arrays.toString(shape) + " holds " + n
                    + " values, got " + data.length);
        }
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw new IllegalArgumentException("tensor value [" + i + "] is not finite: " + data[i]);
            }
        }
        return new Tensor(shape.clone(), data.clone());
    }

    /** A vector (rank 1) over a copy of {@code data}. */
    public static Tensor vector(float... data) {
        return of(data, data.length);
    }

    /** A vector of {@code n} copies of {@code value}. */
    public static Tensor filled(int n, float value) {
        float[] d = new float[n];
        Arrays.fill(d, value);
        return of(d, n);
    }

    /** A {@code rows x cols} matrix over a copy of row-major {@code data}. */
    public static Tensor matrix(float[] data, int rows, int cols) {
        return of(data, rows, cols);
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code i}. */
    public int dim(int i) {
        return shape[i];
    }

    /** Number of values. */
    public int size() {
        return data.length;
    }

    /** Value at flat (row-major) index {@code i}. */
    public float get(int i) {
        return data[i];
    }

    /** Value at row {@code r}, column {@code c} of a matrix. */
    public float get(int r, int c) {
        return data[r * shape[1] + c];
    }

    /** A fresh copy of the values; the caller owns it. */
    public float[] toArray() {
        return data.clone();
    }

    /** The values widened to double; the caller owns the array. */
    public double[] toDoubleArray() {
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i];
        }
        return d;
    }

    /** Smallest value (NaN for an empty tensor). */
    public float min() {
        float m = Float.NaN;
        for (float v : data) {
            m = Float.isNaN(m) ? v : Math.min(m, v);
        }
        return m;
    }

    /** Largest value (NaN for an empty tensor). */
    public float max() {
        float m = Float.NaN;
        for (float v : data) {
            m = Float.isNaN(m) ? v : Math.max(m, v);
        }
        return m;
    }

    /** Whether every value equals {@code v}. */
    public boolean allEqual(float v) {
        for (float x : data) {
            if (x != v) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
