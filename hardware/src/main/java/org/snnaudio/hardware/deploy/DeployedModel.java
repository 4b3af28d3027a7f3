package org.snnaudio.hardware.deploy;

import org.snnaudio.core.data.Sample;

import java.nio.file.Path;
import java.util.List;

/**
 * A network deployed to a hardware target, run on the bit-exact integer simulator: what
 * {@code snnaudio evaluate --model DIR} uses. Thread-safe (each call simulates with its own state).
 */
public final class DeployedModel {
    private final IntegerNetwork network;
    private final IntegerSimulator simulator;

    public DeployedModel(IntegerNetwork network) {
        this.network = network;
        this.simulator = new IntegerSimulator(network);
    }

    /** Loads the folder written by {@code snnaudio deploy} (or its {@code network.json}). */
    public static DeployedModel load(Path dir) {
        return new DeployedModel(DeploymentFiles.read(dir));
    }

    /** Whether {@code dir} holds a deployed network (a {@code network.json} beside or inside it). */
    public static boolean isDeployment(Path path) {
        Path p = java.nio.file.Files.isDirectory(path) ? path.resolve(DeploymentFiles.NETWORK) : path;
        return p.getFileName() != null && p.getFileName().toString().equals(DeploymentFiles.NETWORK)
                && java.nio.file.Files.isRegularFile(p);
    }

    /** Name of the target YAML copy kept in a deployment folder. */
    public static final String TARGET_COPY = "target.yaml";

    /** The hardware target stored beside the deployed network in {@code dir}. */
    public static org.snnaudio.hardware.target.HardwareTarget target(Path dir) {
        Path f = dir.resolve(TARGET_COPY);
        try {
            return org.snnaudio.hardware.target.Targets.parse(java.nio.file.Files.readString(f), "target file " + f);
        } catch (java.io.IOException e) {
            throw new org.snnaudio.core.SnnaudioException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    public IntegerNetwork network() {
        return network;
    }

    /** Class scores (higher is more likely) for each sample, [batch][classes]. */
    public float[][] predict(List<? extends Sample> batch) {
        float[][] out = new float[batch.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = simulator.run(batch.get(i), false).scores();
        }
        return out;
    }

    /** One full run of a sample: scores, per-layer activity (for energy), optionally membrane and spike traces. */
    public IntegerSimulator.Run run(Sample sample, boolean trace) {
        return simulator.run(sample, trace);
    }

    /** The predicted class of a sample (ties go to the lowest index). */
    public int classify(Sample sample) {
        float[] s = simulator.run(sample, false).scores();
        int best = 0;
        for (int i = 1; i < s.length; i++) {
            if (s[i] > s[best]) {
                best = i;
            }
        }
        return best;
    }
}
