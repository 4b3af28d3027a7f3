package org.snnaudio.cli.commands;

import org.snnaudio.cli.config.PipelineConfig;
import org.snnaudio.core.SnnaudioException;
import picocli.CommandLine.Option;

/** Command-line overrides of the common config values, so a quick run needs no config edit. */
public final class Overrides {
    @Option(names = "--epochs", description = "Training epochs (overrides training.epochs).")
    Integer epochs;

    @Option(names = "--batch-size", description = "Minibatch size (overrides training.batch_size).")
    Integer batchSize;

    @Option(names = "--lr", description = "Base learning rate (overrides training.optimizer.lr).")
    Double lr;

    @Option(names = "--seed", description = "Seed of initialisation and shuffling (overrides training.seed).")
    Long seed;

    @Option(names = "--threads", description = "Worker threads, 0 = all processors (overrides training.threads).")
    Integer threads;

    @Option(names = "--ensemble", description = "Networks trained with seeds seed, seed+1, ... whose softmax scores the model"
            + " averages (overrides training.ensemble).")
    Integer ensemble;

    @Option(names = "--target", description = "Train for this hardware target from the first epoch: its weight grid (QAT), "
            + "rules and device mismatch (overrides training.target; a built-in target or a target YAML file).")
    String target;

    /** The config with these overrides applied and checked. */
    PipelineConfig apply(PipelineConfig c) {
        if (epochs != null && epochs <= 0) {
            throw new SnnaudioException("--epochs must be > 0, got " + epochs);
        }
        if (batchSize != null && batchSize <= 0) {
            throw new SnnaudioException("--batch-size must be > 0, got " + batchSize);
        }
        if (lr != null && !(lr > 0)) {
            throw new SnnaudioException("--lr must be > 0, got " + lr);
        }
        if (threads != null && threads < 0) {
            throw new SnnaudioException("--threads must be >= 0, got " + threads);
        }
        if (ensemble != null && (ensemble < 1 || ensemble > PipelineConfig.TrainingConfig.MAX_ENSEMBLE)) {
            throw new SnnaudioException("--ensemble must be a number of networks from 1 to "
                    + PipelineConfig.TrainingConfig.MAX_ENSEMBLE + ", got " + ensemble);
        }
        if (target != null) {
            try {
                org.snnaudio.hardware.target.Targets.load(target);
            } catch (SnnaudioException bad) {
                throw new SnnaudioException("--target: " + bad.getMessage(), bad);
            }
        }
        PipelineConfig.TrainingConfig t = c.training().with(epochs, batchSize, lr, seed, threads);
        t = ensemble == null ? t : t.withEnsemble(ensemble);
        return c.withTraining(target == null ? t : t.withTarget(target));
    }
}
