package org.snnaudio.cli.commands;

import org.snnaudio.cli.pipeline.Pipeline;
import org.snnaudio.core.SnnaudioException;

import java.nio.file.Files;
import java.nio.file.Path;

/** Resolves a {@code --model} argument: a model file, or a run folder holding {@code model.snnm}. */
final class Models {
    private Models() {
    }

    static Path resolve(Path model) {
        if (model == null) {
            throw new SnnaudioException("give the model with --model RUN_FOLDER or --model FILE.snnm");
        }
        if (Files.isDirectory(model)) {
            Path f = model.resolve(TrainCommand.MODEL);
            if (!Files.isRegularFile(f)) {
                throw new SnnaudioException(model + ": folder has no " + TrainCommand.MODEL + " (is it a run folder of 'snnaudio train'?)");
            }
            return f;
        }
        if (!Files.exists(model)) {
            throw new SnnaudioException(model + ": model file not found");
        }
        return model;
    }

    static Pipeline load(Path model) {
        return Pipeline.load(resolve(model));
    }
}
