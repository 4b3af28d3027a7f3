package org.snnaudio.core.neuron;

/**
 * Surrogate gradient of the spike function {@code s = H(u)}, {@code u = v - threshold}: the backward
 * pass uses {@link #grad(double)} in place of the Dirac delta. Each surrogate also has a smooth
 * {@link #primitive(double)} whose derivative is exactly {@link #grad(double)}; in smooth mode the
 * forward pass uses it as the spike so that finite differences can check the whole BPTT path.
 */
public sealed interface Surrogate permits Surrogate.FastSigmoid, Surrogate.Arctan, Surrogate.Triangle, Surrogate.Sigmoid {

    /** The slope (sharpness) {@code k}. */
    double slope();

    /** Surrogate derivative {@code dH/du} at {@code u}. */
    double grad(double u);

    /** A smooth step whose derivative is {@link #grad(double)}; 0 far below threshold. */
    double primitive(double u);

    /** Float version of {@link #grad(double)} for the fast kernels. */
    float gradF(float u);

    /** Short name used in option maps and configuration files. */
    String name();

    /** Parses {@code name} (fast-sigmoid, arctan, triangle, sigmoid) with the given slope. */
    static Surrogate of(String name, double slope) {
        return switch (name) {
            case "fast-sigmoid" -> new FastSigmoid(slope);
            case "arctan" -> new Arctan(slope);
            case "triangle" -> new Triangle(slope);
            case "sigmoid" -> new Sigmoid(slope);
            default -> throw new org.snnaudio.core.SnnaudioException("surrogate must be one of fast-sigmoid, arctan, "
                    + "triangle, sigmoid, got '" + name + "'");
        };
    }

    private static void checkSlope(String what, double slope) {
        if (!(slope > 0) || Double.isInfinite(slope)) {
            throw new IllegalArgumentException(what + " slope must be > 0 and finite, got " + slope);
        }
    }

    /**
     * SuperSpike / fast sigmoid (Zenke &amp; Ganguli 2018): {@code 1 / (k|u| + 1)^2}, unnormalised as in
     * SpyTorch and the PyTorch baseline. Its primitive {@code 1/k + u / (1 + k|u|)} rises by {@code 2/k}.
     */
    record FastSigmoid(double slope) implements Surrogate {
        public FastSigmoid {
            checkSlope("FastSigmoid", slope);
        }

        public double grad(double u) {
            double d = slope * Math.abs(u) + 1.0;
            return 1.0 / (d * d);
        }

        public double primitive(double u) {
            return 1.0 / slope + u / (1.0 + slope * Math.abs(u));
        }

        public float gradF(float u) {
            float d = (float) slope * Math.abs(u) + 1f;
            return 1f / (d * d);
        }

        public String name() {
            return "fast-sigmoid";
        }
    }

    /** Arctan (snnTorch's ATan): {@code (k/2) / (1 + (pi k u / 2)^2)}; primitive {@code 1/2 + atan(pi k u / 2) / pi}. */
    record Arctan(double slope) implements Surrogate {
        public Arctan {
            checkSlope("Arctan", slope);
        }

        public double grad(double u) {
            double a = Math.PI * slope * u / 2.0;
            return slope / 2.0 / (1.0 + a * a);
        }

        public double primitive(double u) {
            return 0.5 + Math.atan(Math.PI * slope * u / 2.0) / Math.PI;
        }

        public float gradF(float u) {
            float a = (float) (Math.PI * slope / 2.0) * u;
            return (float) (slope / 2.0) / (1f + a * a);
        }

        public String name() {
            return "arctan";
        }
    }

    /** Triangle: {@code k max(0, 1 - k|u|)}, zero beyond {@code |u| = 1/k}; its primitive rises by 1. */
    record Triangle(double slope) implements Surrogate {
        public Triangle {
            checkSlope("Triangle", slope);
        }

        public double grad(double u) {
            return slope * Math.max(0.0, 1.0 - slope * Math.abs(u));
        }

        public double primitive(double u) {
            double x = slope * u;
            if (x <= -1) {
                return 0;
            }
            if (x >= 1) {
                return 1;
            }
            return x < 0 ? 0.5 * (1 + x) * (1 + x) : 1 - 0.5 * (1 - x) * (1 - x);
        }

        public float gradF(float u) {
            float k = (float) slope;
            return k * Math.max(0f, 1f - k * Math.abs(u));
        }

        public String name() {
            return "triangle";
        }
    }

    /** Logistic: {@code k s(ku)(1 - s(ku))} with {@code s} the logistic function; primitive {@code s(ku)}. */
    record Sigmoid(double slope) implements Surrogate {
        public Sigmoid {
            checkSlope("Sigmoid", slope);
        }

        public double grad(double u) {
            double s = primitive(u);
            return slope * s * (1 - s);
        }

        public double primitive(double u) {
            return 1.0 / (1.0 + Math.exp(-slope * u));
        }

        public float gradF(float u) {
            float s = 1f / (1f + (float) Math.exp(-slope * u));
            return (float) slope * s * (1f - s);
        }

        public String name() {
            return "sigmoid";
        }
    }
}
