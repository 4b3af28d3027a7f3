package org.snnaudio.hardware.train;

import org.snnaudio.core.nn.Parameter;
import org.snnaudio.core.train.StepContext;
import org.snnaudio.core.train.StepHook;
import org.snnaudio.hardware.target.HardwareTarget;

import java.util.List;

/**
 * Projects weights onto a target's rules after every optimiser step (and on demand before deployment):
 * clamps {@code |w| <= max_abs}, zeroes the weights of each sign group whose sign differs from the group's
 * dominant sign, raises non-positive frontend (diagonal) weights to a small positive value and zeroes biases
 * on targets without bias currents. After a projection the weights pass the target's magnitude, sign-group,
 * frontend and bias design rules.
 */
public final class TargetProjection implements StepHook {
    private final HardwareTarget target;

    public TargetProjection(HardwareTarget target) {
        this.target = target;
    }

    @Override
    public void afterStep(StepContext ctx) {
        project(ctx.parameters(), target);
    }

    /** Projects {@code parameters} in place. */
    public static void project(List<Parameter> parameters, HardwareTarget t) {
        double lim = t.weights().maxAbs();
        int size = t.weights().signGroup();
        boolean alongOutputs = t.weights().groupAxis().equals("outputs");
        for (Parameter p : parameters) {
            float[] w = p.value();
            if (p.kind() == Parameter.Kind.BIAS && !t.allowBias()) {
                java.util.Arrays.fill(w, 0f);
                continue;
            }
            if (ConstraintPenalties.isMatrix(p) || ConstraintPenalties.isDiagonal(p)) {
                if (!Double.isNaN(lim)) {
                    for (int i = 0; i < w.length; i++) {
                        w[i] = (float) Math.max(-lim, Math.min(lim, w[i]));
                    }
                }
            }
            if (ConstraintPenalties.isMatrix(p) && size > 1) {
                int in = p.shape()[0];
                int out = p.shape()[1];
                int lines = alongOutputs ? in : out;
                int len = alongOutputs ? out : in;
                for (int line = 0; line < lines; line++) {
                    for (int start = 0; start < len; start += size) {
                        int end = Math.min(len, start + size);
                        double sum = 0;
                        for (int k = start; k < end; k++) {
                            sum += w[ConstraintPenalties.index(line, k, alongOutputs, out)];
                        }
                        for (int k = start; k < end; k++) {
                            int i = ConstraintPenalties.index(line, k, alongOutputs, out);
                            if (w[i] * sum < 0) {
                                w[i] = 0;
                            }
                        }
                    }
                }
            }
            if (ConstraintPenalties.isDiagonal(p) && t.frontend() != null && t.frontend().positiveDiagonal()) {
                for (int i = 0; i < w.length; i++) {
                    if (w[i] <= 0) {
                        w[i] = 1e-3f;
                    }
                }
            }
        }
    }
}
