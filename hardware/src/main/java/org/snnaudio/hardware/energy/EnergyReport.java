package org.snnaudio.hardware.energy;

import org.snnaudio.core.data.Sample;
import org.snnaudio.core.model.Graph;
import org.snnaudio.hardware.deploy.Activity;
import org.snnaudio.hardware.deploy.DeployedModel;
import org.snnaudio.hardware.deploy.FloatSimulator;
import org.snnaudio.hardware.deploy.Lowering;
import org.snnaudio.hardware.target.HardwareTarget;

import java.util.ArrayList;
import java.util.List;

/**
 * Energy per inference of a model on samples, for reports and {@code snnaudio inspect}: the activity of
 * each sample is simulated (float network or deployed integer network), averaged, and priced by
 * {@link EnergyModel#estimate}.
 */
public final class EnergyReport {
    private EnergyReport() {
    }

    /** A float model graph (run at time step {@code dt} seconds) priced with {@code target}'s constants. */
    public static EnergyModel.Estimate of(Graph graph, HardwareTarget target, double dt, List<? extends Sample> samples) {
        requireSamples(samples);
        FloatSimulator sim = new FloatSimulator(Lowering.lower(graph, dt), null);
        List<Activity> runs = new ArrayList<>();
        for (Sample s : samples) {
            runs.add(sim.run(s, false).activity());
        }
        return EnergyModel.estimate(EnergyModel.mean(runs), target);
    }

    /** A deployed network on its integer simulator, priced with {@code target}'s constants. */
    public static EnergyModel.Estimate of(DeployedModel model, HardwareTarget target, List<? extends Sample> samples) {
        requireSamples(samples);
        List<Activity> runs = new ArrayList<>();
        for (Sample s : samples) {
            runs.add(model.run(s, false).activity());
        }
        return EnergyModel.estimate(EnergyModel.mean(runs), target);
    }

    private static void requireSamples(List<? extends Sample> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("energy estimate needs at least one sample");
        }
    }
}
