package org.snnaudio.cli.hardware;

import org.snnaudio.cli.pipeline.Pipeline;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.io.SavedModel;
import org.snnaudio.core.nn.Network;
import org.snnaudio.core.train.Trainer;
import org.snnaudio.hardware.rules.DesignRules;
import org.snnaudio.hardware.target.HardwareTarget;
import org.snnaudio.hardware.train.ChipInTheLoop;
import org.snnaudio.hardware.train.DrawnChip;
import org.snnaudio.hardware.train.Mismatch;
import org.snnaudio.hardware.train.TargetTraining;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Per-chip tuning in the loop, for a deployment's Monte-Carlo evaluation: each drawn chip ({@link DrawnChip}) gets
 * its own copy of the model, fine-tuned on the training part of the data while every forward pass runs on that chip
 * ({@link ChipInTheLoop}; the target's rules and weight grid kept, the best epoch picked on the chip's validation
 * accuracy), and is scored on the chip before and after. What hardware-in-the-loop training does to each chip of a
 * production run; here the chips are simulated.
 */
final class ChipTuning {
    private ChipTuning() {
    }

    /**
     * How to tune each chip.
     *
     * @param epochs epochs per chip (>= 1), with a cosine decay of the learning rate
     * @param lr     learning rate
     * @param batch  batch size, or null for the model's config
     */
    record Settings(int epochs, double lr, Integer batch) {
        Settings {
            if (epochs < 1) {
                throw new SnnaudioException("--chip-tuning-epochs must be >= 1, got " + epochs);
            }
            if (!(lr > 0 && Double.isFinite(lr))) {
                throw new SnnaudioException("--chip-tuning-lr must be > 0, got " + lr);
            }
            if (batch != null && batch < 1) {
                throw new SnnaudioException("--fine-tune-batch must be >= 1, got " + batch);
            }
        }
    }

    /** What is measured on a chip's network (run on the chip's values): {raw accuracy, calibrated accuracy or NaN}. */
    interface Scorer {
        double[] score(Network onChip);
    }

    /**
     * Per chip, the scores before and after tuning ({@code [chip][0: raw, 1: calibrated]}) and the design-rule
     * violations of the tuned networks (all chips together).
     */
    record Result(double[][] before, double[][] after, int violations) {
    }

    static Result run(SavedModel saved, String source, HardwareTarget target, Path data, String format, Settings s,
                      int draws, long seed, Scorer scorer, int threads) {
        Pipeline p = Pipeline.fromSaved(saved, source);
        p.threads(threads);
        FineTuning.Parts parts = FineTuning.parts(p, data, format, threads);
        double dt = DeployCommand.dt(saved, target);
        System.out.printf(Locale.ROOT, "tuning each of %d chips in the loop: %d epochs on %d samples (validation %d on the "
                + "chip), lr %.3g%n", draws, s.epochs(), parts.fit().size(), parts.validation().size(), s.lr());
        List<SplittableRandom> streams = Mismatch.streams(seed, draws);
        double[][] before = new double[draws][];
        double[][] after = new double[draws][];
        int violations = 0;
        for (int d = 0; d < draws; d++) {
            long t0 = System.nanoTime();
            Pipeline cp = Pipeline.fromSaved(saved, source);
            cp.threads(threads);
            Network n = cp.network();
            var disc = n.options().discretisation();
            DrawnChip chip = DrawnChip.draw(n.parameters(), target.mismatch(), streams.get(d));
            before[d] = onChip(chip, n, scorer);
            Trainer t = new Trainer(n, FineTuning.trainerConfig(cp, s.epochs(), s.lr(), s.batch(), true));
            TargetTraining tt = TargetTraining.install(t, n, target, TargetTraining.Options.defaults().mismatchAware(false));
            t.addHook(new ChipInTheLoop(chip, disc));
            t.fit(parts.fit(), parts.validation());
            tt.finish();
            List<DesignRules.Violation> v = DesignRules.check(n.toGraph(), target, dt);
            v.forEach(x -> System.out.println("  chip " + x));
            violations += v.size();
            after[d] = onChip(chip, n, scorer);
            System.out.printf(Locale.ROOT, "  chip %d/%d: %.2f -> %.2f %%%s (%.0f s)%n", d + 1, draws, 100 * before[d][0],
                    100 * after[d][0], Double.isNaN(before[d][1]) ? "" : String.format(Locale.ROOT,
                            ", calibrated %.2f -> %.2f %%", 100 * before[d][1], 100 * after[d][1]),
                    (System.nanoTime() - t0) / 1e9);
        }
        return new Result(before, after, violations);
    }

    /** {@code scorer}'s scores of {@code n} with the chip's values in place (restored after). */
    private static double[] onChip(DrawnChip chip, Network n, Scorer scorer) {
        DrawnChip.Applied on = chip.applyTo(n.parameters(), n.options().discretisation(), true);
        try {
            return scorer.score(n);
        } finally {
            on.close();
        }
    }
}
