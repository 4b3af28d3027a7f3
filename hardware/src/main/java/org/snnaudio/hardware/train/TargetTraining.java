package org.snnaudio.hardware.train;

import org.snnaudio.core.nn.Network;
import org.snnaudio.core.train.Trainer;
import org.snnaudio.hardware.target.HardwareTarget;

import java.util.Locale;

/**
 * Training for a hardware target, as the command line's {@code train} ({@code training.target}, from the first
 * epoch) and the fine-tuning of {@code deploy} set it up: quantisation-aware training on the target's weight grid; for a target
 * with rules (magnitude limit, sign groups, positive diagonal frontend) the NWAVE constraint penalties, and
 * weights and thresholds first scaled into the magnitude limit and projected after every step; for a target
 * with device mismatch a fresh draw of its spreads per batch.
 */
public final class TargetTraining {
    private final HardwareTarget target;
    private final Network network;
    private final boolean rules;
    private final boolean noisy;
    private final QuantisationAwareTraining qat;

    private TargetTraining(HardwareTarget target, Network network, boolean rules, boolean noisy,
                           QuantisationAwareTraining qat) {
        this.target = target;
        this.network = network;
        this.rules = rules;
        this.noisy = noisy;
        this.qat = qat;
    }

    /**
     * How to train for a target.
     *
     * @param tauGain       whether a drawn time constant also scales the neuron's inputs ({@link MismatchAwareTraining})
     * @param clip          the QAT clip quantile ({@link QuantisationAwareTraining}), NaN for
     *                      {@link QuantisationAwareTraining#defaultClip} of the target's width
     * @param reorder       whether each hidden layer's neurons are first ordered so that the target's sign groups cut
     *                      the least weight ({@link SignGroupOrder}; the same spikes): for fine-tuning a trained network
     * @param mismatchAware whether a target with device mismatch trains on a fresh draw of it per batch
     *                      (off: the rules and the grid alone, e.g. before tuning each chip in the loop)
     */
    public record Options(boolean tauGain, double clip, boolean reorder, boolean mismatchAware) {
        /** Time-constant gains drawn, the default clip, neurons in their order, mismatch-aware. */
        public static Options defaults() {
            return new Options(true, Double.NaN, false, true);
        }

        public Options tauGain(boolean v) {
            return new Options(v, clip, reorder, mismatchAware);
        }

        public Options clip(double v) {
            return new Options(tauGain, v, reorder, mismatchAware);
        }

        public Options reorder(boolean v) {
            return new Options(tauGain, clip, v, mismatchAware);
        }

        public Options mismatchAware(boolean v) {
            return new Options(tauGain, clip, reorder, v);
        }
    }

    /**
     * Adds the target's hooks and penalties to {@code t}, which trains {@code net}, and moves the network onto
     * the target's rules first (printing the factor each layer was scaled by).
     */
    public static TargetTraining install(Trainer t, Network net, HardwareTarget target, Options o) {
        int bits = target.weights().bits();
        QuantisationAwareTraining qat = new QuantisationAwareTraining(bits,
                Double.isNaN(o.clip()) ? QuantisationAwareTraining.defaultClip(bits) : o.clip());
        t.addHook(qat);
        boolean noisy = o.mismatchAware() && !target.mismatch().none();
        if (noisy) {
            t.addHook(new MismatchAwareTraining(target.mismatch(), 17, net.options().discretisation(), o.tauGain()));
        }
        ConstraintPenalties.forTarget(target, 1.0, 0.05, 1.0).forEach(t::addPenalty);
        boolean rules = !Double.isNaN(target.weights().maxAbs()) || target.weights().signGroup() > 1
                || (target.frontend() != null && target.frontend().positiveDiagonal());
        if (rules) {
            // order each hidden layer's neurons so that the sign groups cut the least weight (the same spikes)
            if (o.reorder()) {
                for (SignGroupOrder.Result r : SignGroupOrder.align(net.parameters(), target, 17)) {
                    System.out.printf(Locale.ROOT, "layer %s: neurons reordered for sign groups of %d: the projection "
                            + "cuts %.1f %% of its |w| instead of %.1f %%%n", r.layer(), target.weights().signGroup(),
                            100 * r.fractionAfter(), 100 * r.fractionBefore());
                }
            }
            // scale weights and thresholds together into the magnitude limit first (the spikes stay the same),
            // so that the projection clamps nothing the network relies on
            var factors = TargetProjection.rescaleToLimit(net.parameters(), target);
            factors.forEach((layer, c) -> System.out.printf(Locale.ROOT,
                    "layer %s: weights and threshold divided by %.3f to meet |w| <= %s%n", layer, c, target.weights().maxAbs()));
            TargetProjection.project(net.parameters(), target);
            t.addHook(new TargetProjection(target));
        }
        return new TargetTraining(target, net, rules, noisy, qat);
    }

    /** What the training does for the target, for a log line: "8-bit QAT, constraint penalties and projection". */
    public String describe() {
        return target.weights().bits() + "-bit QAT" + (qat.clip() < 1 ? String.format(Locale.ROOT,
                " (scale clipped at the %.3g quantile of |w|)", qat.clip()) : "") + (rules ? ", constraint penalties and projection" : "")
                + (noisy ? ", mismatch-aware (a fresh draw per batch)" : "");
    }

    /**
     * After training: restoring the best epoch may bring back weights from before a projection, so project once
     * more; then clamp the weights to the QAT grid's range, so that deployment finds the grid trained on.
     */
    public void finish() {
        if (rules) {
            TargetProjection.project(network.parameters(), target);
        }
        qat.clampToGrid(network.parameters());
    }
}
