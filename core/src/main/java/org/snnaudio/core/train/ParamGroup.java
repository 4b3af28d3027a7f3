package org.snnaudio.core.train;

import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.nn.Parameter;

import java.util.Objects;

/**
 * A parameter group with its own learning rate and weight decay (PyTorch's optimiser
 * {@code param_groups}). A parameter belongs to the group when its {@link Parameter#group()} tag equals
 * {@code selector}, or when its name matches {@code selector} as a glob ({@code *} any run,
 * {@code ?} one character): {@code new ParamGroup("frontend", 1e-5, 0)} picks the parameters tagged
 * {@code frontend}, {@code new ParamGroup("*.threshold", 1e-4, 0)} picks every threshold. The first
 * matching group of a list wins; parameters no group matches use the optimiser's base settings.
 *
 * @param selector    group tag or name glob
 * @param lr          learning rate of the group (before the schedule's factor)
 * @param weightDecay weight decay of the group, or NaN to use the optimiser's
 */
public record ParamGroup(String selector, double lr, double weightDecay) {
    public ParamGroup {
        Objects.requireNonNull(selector, "selector");
        if (selector.isBlank()) {
            throw new SnnaudioException("parameter group selector must not be blank");
        }
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new SnnaudioException("parameter group '" + selector + "': learning rate must be a finite number > 0, got " + lr);
        }
        if (!Double.isNaN(weightDecay) && (!(weightDecay >= 0) || !Double.isFinite(weightDecay))) {
            throw new SnnaudioException("parameter group '" + selector + "': weight decay must be >= 0 (or NaN for the optimiser's), got "
                    + weightDecay);
        }
    }

    /** A group with its own learning rate and the optimiser's weight decay. */
    public static ParamGroup of(String selector, double lr) {
        return new ParamGroup(selector, lr, Double.NaN);
    }

    /** Whether {@code p} belongs to this group. */
    public boolean matches(Parameter p) {
        return p.group().equals(selector) || p.matches(selector);
    }
}
