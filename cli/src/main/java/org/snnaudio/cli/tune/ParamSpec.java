package org.snnaudio.cli.tune;

import org.snnaudio.core.SnnaudioException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * One tunable setting of a pipeline config, named by its dotted path ({@code network.tau_mem}),
 * with its range, its type and the points a grid search visits.
 *
 * <p>For the Gaussian process every parameter is mapped to the unit cube: a continuous or integer
 * parameter takes one coordinate (linear, or logarithmic for log-scale ones), a categorical one takes
 * one coordinate per choice (one-hot, decoded by the largest coordinate), so that the kernel sees
 * no false order between choices.
 */
public sealed interface ParamSpec permits ParamSpec.Continuous, ParamSpec.IntRange, ParamSpec.Categorical {

    /** Dotted path of the setting in the pipeline config. */
    String path();

    /** Coordinates this parameter takes in the unit-cube encoding. */
    int dims();

    /** The value for the coordinates {@code u[offset .. offset+dims)} (each in [0, 1]). */
    Object decode(double[] u, int offset);

    /** Writes the unit-cube coordinates of {@code value} into {@code u[offset .. offset+dims)}. */
    void encode(Object value, double[] u, int offset);

    /** The values a grid search visits, in order. */
    List<Object> gridValues();

    /** A value drawn uniformly (in the parameter's own scale). */
    Object sample(SplittableRandom rng);

    /** Whether the parameter is plotted and sampled on a logarithmic axis. */
    default boolean logScale() {
        return false;
    }

    /**
     * A real-valued parameter between {@code low} and {@code high}, uniform on a linear or a
     * logarithmic scale; the grid is {@code gridValues} when given, else {@code gridPoints} evenly
     * spaced points (geometrically spaced when logarithmic) including both ends.
     */
    record Continuous(String path, double low, double high, boolean log, int gridPoints, List<Double> grid)
            implements ParamSpec {
        public Continuous {
            Objects.requireNonNull(path, "path");
            if (!Double.isFinite(low) || !Double.isFinite(high) || !(low < high)) {
                throw new SnnaudioException(path + ": low must be < high and both finite, got low " + low + ", high " + high);
            }
            if (log && low <= 0) {
                throw new SnnaudioException(path + ": a log-scale range needs low > 0, got " + low);
            }
            if (gridPoints < 2) {
                throw new SnnaudioException(path + ": grid must be >= 2 points, got " + gridPoints);
            }
            grid = grid == null ? List.of() : List.copyOf(grid);
            for (double g : grid) {
                if (g < low || g > high) {
                    throw new SnnaudioException(path + ": grid value " + g + " lies outside [" + low + ", " + high + "]");
                }
            }
        }

        @Override
        public int dims() {
            return 1;
        }

        @Override
        public boolean logScale() {
            return log;
        }

        double fromUnit(double u) {
            double c = Math.min(1, Math.max(0, u));
            if (c == 0) {
                return low;
            }
            if (c == 1) {
                return high;
            }
            double v = log ? Math.exp(Math.log(low) + c * (Math.log(high) - Math.log(low))) : low + c * (high - low);
            // 10 significant digits: finer than any setting matters, and tables read 0.01, not 0.010000000000000004.
            return Math.min(high, Math.max(low, new java.math.BigDecimal(v).round(new java.math.MathContext(10)).doubleValue()));
        }

        double toUnit(double v) {
            return log ? (Math.log(v) - Math.log(low)) / (Math.log(high) - Math.log(low)) : (v - low) / (high - low);
        }

        @Override
        public Object decode(double[] u, int offset) {
            return fromUnit(u[offset]);
        }

        @Override
        public void encode(Object value, double[] u, int offset) {
            u[offset] = toUnit(((Number) value).doubleValue());
        }

        @Override
        public List<Object> gridValues() {
            List<Object> out = new ArrayList<>();
            if (!grid.isEmpty()) {
                out.addAll(grid);
                return out;
            }
            for (int i = 0; i < gridPoints; i++) {
                out.add(fromUnit(i / (double) (gridPoints - 1)));
            }
            return out;
        }

        @Override
        public Object sample(SplittableRandom rng) {
            return fromUnit(rng.nextDouble());
        }
    }

    /**
     * An integer parameter in {@code [low, high]} (both included), uniform on a linear or a
     * logarithmic scale (hidden sizes are usually searched on a log scale); the grid is
     * {@code grid} when given, else {@code gridPoints} evenly spaced integers, or every integer
     * when the range holds no more than that.
     */
    record IntRange(String path, int low, int high, boolean log, int gridPoints, List<Integer> grid)
            implements ParamSpec {
        public IntRange {
            Objects.requireNonNull(path, "path");
            if (low > high) {
                throw new SnnaudioException(path + ": low must be <= high, got low " + low + ", high " + high);
            }
            if (log && low <= 0) {
                throw new SnnaudioException(path + ": a log-scale range needs low > 0, got " + low);
            }
            if (gridPoints < 1) {
                throw new SnnaudioException(path + ": grid must be >= 1 point, got " + gridPoints);
            }
            grid = grid == null ? List.of() : List.copyOf(grid);
            for (int g : grid) {
                if (g < low || g > high) {
                    throw new SnnaudioException(path + ": grid value " + g + " lies outside [" + low + ", " + high + "]");
                }
            }
        }

        @Override
        public int dims() {
            return 1;
        }

        @Override
        public boolean logScale() {
            return log;
        }

        /*
         * Integers are decoded by widening the range by half a unit on each side, so that every
         * integer owns an equal share of [0, 1] (on the chosen scale) and both ends are reachable.
         */
        private double lo() {
            return log ? Math.log(low - 0.5 <= 0 ? low * 0.5 : low - 0.5) : low - 0.5;
        }

        private double hi() {
            return log ? Math.log(high + 0.5) : high + 0.5;
        }

        @Override
        public Object decode(double[] u, int offset) {
            double c = Math.min(1, Math.max(0, u[offset]));
            double x = lo() + c * (hi() - lo());
            long v = Math.round(log ? Math.exp(x) : x);
            return (int) Math.min(high, Math.max(low, v));
        }

        @Override
        public void encode(Object value, double[] u, int offset) {
            double v = ((Number) value).doubleValue();
            double x = log ? Math.log(v) : v;
            u[offset] = (x - lo()) / (hi() - lo());
        }

        @Override
        public List<Object> gridValues() {
            List<Object> out = new ArrayList<>();
            if (!grid.isEmpty()) {
                out.addAll(grid);
                return out;
            }
            if ((long) high - low + 1 <= gridPoints) {
                for (int v = low; v <= high; v++) {
                    out.add(v);
                }
                return out;
            }
            for (int i = 0; i < gridPoints; i++) {
                double f = gridPoints == 1 ? 0 : i / (double) (gridPoints - 1);
                double x = log ? Math.exp(Math.log(low) + f * (Math.log(high) - Math.log(low))) : low + f * (high - low);
                Integer v = (int) Math.round(x);
                if (!out.contains(v)) {
                    out.add(v);
                }
            }
            return out;
        }

        @Override
        public Object sample(SplittableRandom rng) {
            double[] u = {rng.nextDouble()};
            return decode(u, 0);
        }
    }

    /** A choice among named values (strings, numbers or booleans), one-hot in the unit cube. */
    record Categorical(String path, List<Object> choices) implements ParamSpec {
        public Categorical {
            Objects.requireNonNull(path, "path");
            choices = List.copyOf(choices);
            if (choices.isEmpty()) {
                throw new SnnaudioException(path + ": a categorical parameter needs at least one value");
            }
            if (choices.stream().distinct().count() != choices.size()) {
                throw new SnnaudioException(path + ": categorical values must be distinct, got " + choices);
            }
        }

        @Override
        public int dims() {
            return choices.size();
        }

        @Override
        public Object decode(double[] u, int offset) {
            int best = 0;
            for (int i = 1; i < choices.size(); i++) {
                if (u[offset + i] > u[offset + best]) {
                    best = i;
                }
            }
            return choices.get(best);
        }

        @Override
        public void encode(Object value, double[] u, int offset) {
            int idx = indexOf(value);
            for (int i = 0; i < choices.size(); i++) {
                u[offset + i] = i == idx ? 1 : 0;
            }
        }

        /** Index of {@code value} among the choices (numbers compared by value). */
        public int indexOf(Object value) {
            for (int i = 0; i < choices.size(); i++) {
                Object c = choices.get(i);
                if (c.equals(value) || (c instanceof Number a && value instanceof Number b
                        && a.doubleValue() == b.doubleValue())) {
                    return i;
                }
            }
            throw new SnnaudioException(path + ": " + value + " is not one of " + choices);
        }

        @Override
        public List<Object> gridValues() {
            return new ArrayList<>(choices);
        }

        @Override
        public Object sample(SplittableRandom rng) {
            return choices.get(rng.nextInt(choices.size()));
        }
    }
}
