package org.snnaudio.hardware.train;

import org.snnaudio.core.nn.Parameter;
import org.snnaudio.core.train.ParameterPenalty;
import org.snnaudio.hardware.target.HardwareTarget;

import java.util.ArrayList;
import java.util.List;

/**
 * NWAVE's hardware constraint losses as {@link ParameterPenalty}s on the engine's parameters, whose
 * dense weights are stored {@code [in, out]} row-major ({@code hidden.weight}, {@code hidden.recurrent})
 * and diagonal frontend weights {@code [n]}:
 * <ul>
 *   <li>{@link #weightMagnitude}: {@code lambda sum max(0, |w| - limit)^2};</li>
 *   <li>{@link #signGroups}: for each group of {@code g} contiguous synapses, {@code lambda sum |w|} over the
 *       weights whose sign differs from the group's dominant sign (the sign of its sum), which pulls them
 *       to zero so the group shares one sign;</li>
 *   <li>{@link #positiveDiagonal}: {@code lambda sum max(0, eps - w)^2} over diagonal (rank-1) weights.</li>
 * </ul>
 * Each adds its exact (sub)gradient into the parameters' gradients.
 */
public final class ConstraintPenalties {
    private ConstraintPenalties() {
    }

    /** Dense and recurrent weight matrices (rank 2, kind WEIGHT). */
    static boolean isMatrix(Parameter p) {
        return p.kind() == Parameter.Kind.WEIGHT && p.shape().length == 2;
    }

    /** Diagonal (one weight per channel) synapses. */
    static boolean isDiagonal(Parameter p) {
        return p.kind() == Parameter.Kind.WEIGHT && p.shape().length == 1;
    }

    /** All penalties a target's rules call for, with one lambda each (0 leaves a penalty out). */
    public static List<ParameterPenalty> forTarget(HardwareTarget t, double lambdaMagnitude, double lambdaSign,
                                                   double lambdaFrontend) {
        List<ParameterPenalty> list = new ArrayList<>();
        if (!Double.isNaN(t.weights().maxAbs()) && lambdaMagnitude > 0) {
            list.add(weightMagnitude(lambdaMagnitude, t.weights().maxAbs()));
        }
        if (t.weights().signGroup() > 1 && lambdaSign > 0) {
            list.add(signGroups(lambdaSign, t.weights().signGroup(), t.weights().groupAxis().equals("outputs")));
        }
        if (t.frontend() != null && t.frontend().positiveDiagonal() && lambdaFrontend > 0) {
            list.add(positiveDiagonal(lambdaFrontend, 1e-3));
        }
        return list;
    }

    /** {@code lambda sum max(0, |w| - limit)^2} over all weights (matrices and diagonals). */
    public static ParameterPenalty weightMagnitude(double lambda, double limit) {
        check(lambda);
        return new ParameterPenalty() {
            public String name() {
                return "weight_magnitude";
            }

            public double apply(List<Parameter> ps) {
                double loss = 0;
                for (Parameter p : ps) {
                    if (!isMatrix(p) && !isDiagonal(p)) {
                        continue;
                    }
                    float[] w = p.value();
                    float[] g = p.grad();
                    for (int i = 0; i < w.length; i++) {
                        double over = Math.abs(w[i]) - limit;
                        if (over > 0) {
                            loss += lambda * over * over;
                            g[i] += (float) (2 * lambda * over * Math.signum(w[i]));
                        }
                    }
                }
                return loss;
            }
        };
    }

    /**
     * Sign agreement in groups of {@code size} contiguous synapses: along outputs (one input's synapses onto
     * consecutive neurons, contiguous in the {@code [in, out]} layout) or along inputs.
     */
    public static ParameterPenalty signGroups(double lambda, int size, boolean alongOutputs) {
        check(lambda);
        if (size < 2) {
            throw new IllegalArgumentException("sign group size must be >= 2, got " + size);
        }
        return new ParameterPenalty() {
            public String name() {
                return "sign_groups";
            }

            public double apply(List<Parameter> ps) {
                double loss = 0;
                for (Parameter p : ps) {
                    if (!isMatrix(p)) {
                        continue;
                    }
                    int in = p.shape()[0];
                    int out = p.shape()[1];
                    float[] w = p.value();
                    float[] g = p.grad();
                    int lines = alongOutputs ? in : out;
                    int len = alongOutputs ? out : in;
                    for (int line = 0; line < lines; line++) {
                        for (int start = 0; start < len; start += size) {
                            int end = Math.min(len, start + size);
                            double sum = 0;
                            for (int k = start; k < end; k++) {
                                sum += w[index(line, k, alongOutputs, out)];
                            }
                            double s = sum >= 0 ? 1 : -1;
                            for (int k = start; k < end; k++) {
                                int i = index(line, k, alongOutputs, out);
                                if (w[i] * s < 0) {
                                    loss += lambda * Math.abs(w[i]);
                                    g[i] += (float) (lambda * Math.signum(w[i]));
                                }
                            }
                        }
                    }
                }
                return loss;
            }
        };
    }

    static int index(int line, int k, boolean alongOutputs, int out) {
        return alongOutputs ? line * out + k : k * out + line;
    }

    /** {@code lambda sum max(0, eps - w)^2} over diagonal weights: keeps the frontend positive. */
    public static ParameterPenalty positiveDiagonal(double lambda, double eps) {
        check(lambda);
        return new ParameterPenalty() {
            public String name() {
                return "positive_frontend";
            }

            public double apply(List<Parameter> ps) {
                double loss = 0;
                for (Parameter p : ps) {
                    if (!isDiagonal(p)) {
                        continue;
                    }
                    float[] w = p.value();
                    float[] g = p.grad();
                    for (int i = 0; i < w.length; i++) {
                        double under = eps - w[i];
                        if (under > 0) {
                            loss += lambda * under * under;
                            g[i] -= (float) (2 * lambda * under);
                        }
                    }
                }
                return loss;
            }
        };
    }

    private static void check(double lambda) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("penalty lambda must be >= 0, got " + lambda);
        }
    }
}
