package org.snnaudio.cli.hardware;

import org.snnaudio.core.SnnaudioException;

import java.nio.file.Files;
import java.nio.file.Path;

/** Resolves {@code --model}: a model file, or a run (or deployment) folder holding {@code model.snnm}. */
final class ModelPaths {
    private ModelPaths() {
    }

    static Path resolve(Path model) {
        if (Files.isDirectory(model)) {
            Path f = model.resolve(DeployCommand.MODEL_COPY);
            if (!Files.isRegularFile(f)) {
                throw new SnnaudioException(model + ": folder has no " + DeployCommand.MODEL_COPY
                        + " (give a model file or a run folder of 'snnaudio train')");
            }
            return f;
        }
        if (!Files.isRegularFile(model)) {
            throw new SnnaudioException(model + ": model file not found");
        }
        return model;
    }
}
