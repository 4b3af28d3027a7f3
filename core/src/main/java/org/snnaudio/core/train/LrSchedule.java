package org.snnaudio.core.train;

import org.snnaudio.core.SnnaudioException;

import java.util.Objects;

/**
 * How the learning rate changes over epochs, as a factor applied to every group's learning rate
 * (so a 1e-5 frontend group and a 1e-3 core group keep their ratio). Schedules step once per epoch,
 * as PyTorch's epoch schedulers do; {@link LrScheduler} applies them and holds their state.
 */
public sealed interface LrSchedule permits LrSchedule.Constant, LrSchedule.Step, LrSchedule.Cosine, LrSchedule.Plateau {

    /** The same learning rate every epoch. */
    record Constant() implements LrSchedule {
    }

    /**
     * PyTorch's {@code StepLR}: factor {@code gamma^floor(epoch / stepSize)} for 0-based epochs.
     */
    record Step(int stepSize, double gamma) implements LrSchedule {
        public Step {
            if (stepSize < 1) {
                throw new SnnaudioException("step schedule stepSize must be >= 1 epoch, got " + stepSize);
            }
            if (!(gamma > 0 && gamma <= 1)) {
                throw new SnnaudioException("step schedule gamma must be in (0, 1], got " + gamma);
            }
        }
    }

    /**
     * Cosine annealing ({@code CosineAnnealingLR}, closed form) with an optional linear warm-up. With
     * {@code w = warmupEpochs}: epochs {@code e < w} use factor {@code (e + 1) / (w + 1)}; then
     * {@code min + (1 - min) (1 + cos(pi (e - w) / (tMax - w))) / 2}, reaching {@code minFactor} at
     * epoch {@code tMax} and staying there.
     *
     * @param tMax        epoch (0-based) at which the factor reaches {@code minFactor}
     * @param minFactor   final factor (PyTorch's {@code eta_min / base_lr})
     * @param warmupEpochs epochs of linear warm-up before the cosine starts
     */
    record Cosine(int tMax, double minFactor, int warmupEpochs) implements LrSchedule {
        public Cosine {
            if (warmupEpochs < 0) {
                throw new SnnaudioException("cosine schedule warmupEpochs must be >= 0, got " + warmupEpochs);
            }
            if (tMax <= warmupEpochs) {
                throw new SnnaudioException("cosine schedule tMax must be > warmupEpochs (" + warmupEpochs + "), got " + tMax);
            }
            if (!(minFactor >= 0 && minFactor <= 1)) {
                throw new SnnaudioException("cosine schedule minFactor must be in [0, 1], got " + minFactor);
            }
        }
    }

    /**
     * PyTorch's {@code ReduceLROnPlateau}: after {@code patience} epochs in a row without the monitored
     * metric improving by more than {@code minDelta} (absolute), multiply the factor by {@code factor}
     * (not below {@code minFactor}), then wait {@code cooldown} epochs before counting again.
     */
    record Plateau(Monitor monitor, double factor, int patience, double minDelta, int cooldown, double minFactor)
            implements LrSchedule {
        public Plateau {
            Objects.requireNonNull(monitor, "monitor");
            if (!(factor > 0 && factor < 1)) {
                throw new SnnaudioException("plateau schedule factor must be in (0, 1), got " + factor);
            }
            if (patience < 0) {
                throw new SnnaudioException("plateau schedule patience must be >= 0 epochs, got " + patience);
            }
            if (!(minDelta >= 0)) {
                throw new SnnaudioException("plateau schedule minDelta must be >= 0, got " + minDelta);
            }
            if (cooldown < 0) {
                throw new SnnaudioException("plateau schedule cooldown must be >= 0 epochs, got " + cooldown);
            }
            if (!(minFactor >= 0 && minFactor <= 1)) {
                throw new SnnaudioException("plateau schedule minFactor must be in [0, 1], got " + minFactor);
            }
        }

        /** PyTorch's defaults: factor 0.1, patience 10, no cooldown, no floor. */
        public static Plateau of(Monitor monitor) {
            return new Plateau(monitor, 0.1, 10, 1e-4, 0, 0);
        }
    }
}
