package org.snnaudio.core.train;

import org.snnaudio.core.SnnaudioException;

/**
 * Which optimiser updates the parameters, and its hyper-parameters. The update rules follow
 * PyTorch's documented algorithms ({@code torch.optim.SGD}, {@code Adam}, {@code AdamW}) so that
 * settings carry over from Python recipes unchanged; {@link Optimizer} applies them.
 */
public sealed interface OptimizerConfig permits OptimizerConfig.Sgd, OptimizerConfig.Adam, OptimizerConfig.AdamW {

    /** Base learning rate, for parameters outside every {@link ParamGroup}. */
    double lr();

    /** Base weight decay, for parameters outside every {@link ParamGroup}. */
    double weightDecay();

    /** Short name for reports ({@code sgd}, {@code adam}, {@code adamw}). */
    String name();

    /**
     * Stochastic gradient descent with optional momentum:
     * {@code g += wd p; b = mu b + (1 - dampening) g} (first step {@code b = g});
     * {@code g = nesterov ? g + mu b : b}; {@code p -= lr g}.
     */
    record Sgd(double lr, double momentum, double dampening, boolean nesterov, double weightDecay)
            implements OptimizerConfig {
        public Sgd {
            checkLr(lr);
            check(momentum >= 0 && momentum < 1, "sgd momentum must be in [0, 1), got " + momentum);
            check(dampening >= 0 && dampening <= 1, "sgd dampening must be in [0, 1], got " + dampening);
            check(!nesterov || (momentum > 0 && dampening == 0),
                    "sgd nesterov needs momentum > 0 and dampening 0, got momentum " + momentum + ", dampening " + dampening);
            checkWd(weightDecay);
        }

        /** Plain SGD with momentum and no weight decay. */
        public static Sgd of(double lr, double momentum) {
            return new Sgd(lr, momentum, 0, false, 0);
        }

        public String name() {
            return "sgd";
        }
    }

    /**
     * Adam (Kingma and Ba) with L2 weight decay added to the gradient ({@code g += wd p}), as in
     * {@code torch.optim.Adam}: {@code m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;}
     * {@code p -= lr / (1-b1^t) * m / (sqrt(v) / sqrt(1-b2^t) + eps)}.
     */
    record Adam(double lr, double beta1, double beta2, double eps, double weightDecay) implements OptimizerConfig {
        public Adam {
            checkLr(lr);
            checkBetas(beta1, beta2, eps);
            checkWd(weightDecay);
        }

        /** Adam with PyTorch's defaults (betas 0.9, 0.999, eps 1e-8, no weight decay). */
        public static Adam of(double lr) {
            return new Adam(lr, 0.9, 0.999, 1e-8, 0);
        }

        public String name() {
            return "adam";
        }
    }

    /**
     * AdamW (Loshchilov and Hutter): Adam with decoupled weight decay, {@code p *= 1 - lr wd} before
     * the Adam update, as in {@code torch.optim.AdamW}.
     */
    record AdamW(double lr, double beta1, double beta2, double eps, double weightDecay) implements OptimizerConfig {
        public AdamW {
            checkLr(lr);
            checkBetas(beta1, beta2, eps);
            checkWd(weightDecay);
        }

        /** AdamW with PyTorch's defaults (betas 0.9, 0.999, eps 1e-8, weight decay 0.01). */
        public static AdamW of(double lr) {
            return new AdamW(lr, 0.9, 0.999, 1e-8, 0.01);
        }

        public String name() {
            return "adamw";
        }
    }

    private static void checkLr(double lr) {
        check(lr > 0 && Double.isFinite(lr), "learning rate must be a finite number > 0, got " + lr);
    }

    private static void checkWd(double wd) {
        check(wd >= 0 && Double.isFinite(wd), "weight decay must be a finite number >= 0, got " + wd);
    }

    private static void checkBetas(double b1, double b2, double eps) {
        check(b1 >= 0 && b1 < 1, "adam beta1 must be in [0, 1), got " + b1);
        check(b2 >= 0 && b2 < 1, "adam beta2 must be in [0, 1), got " + b2);
        check(eps > 0 && Double.isFinite(eps), "adam eps must be > 0, got " + eps);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new SnnaudioException(message);
        }
    }
}
