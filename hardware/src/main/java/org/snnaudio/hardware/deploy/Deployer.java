package org.snnaudio.hardware.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.snnaudio.core.data.Sample;
import org.snnaudio.core.model.Graph;
import org.snnaudio.hardware.rules.DesignRules;
import org.snnaudio.hardware.target.HardwareTarget;

import java.nio.file.Path;
import java.util.List;

/**
 * Takes a trained graph to a target: design-rule check (every violation at once, as errors), lowering,
 * post-training quantisation and, when a folder is given, the deployed-network files.
 */
public final class Deployer {
    private Deployer() {
    }

    /**
     * Deployment settings.
     *
     * @param dt          time step in seconds (the one the model was trained with)
     * @param inputMaxAbs largest |input| for analog inputs (sets the input scale), or NaN for spike-count inputs
     * @param readout     score readout, or null for the default of the output layer (spike count or max membrane)
     */
    public record Options(double dt, double inputMaxAbs, IntegerNetwork.Readout readout) {
    }

    /** Checks, lowers and quantises {@code graph} for {@code target}. */
    public static IntegerNetwork deploy(Graph graph, HardwareTarget target, Options options) {
        DesignRules.require(graph, target, options.dt());
        LayeredNetwork net = Lowering.lower(graph, options.dt());
        return Quantiser.quantise(net, target, inputScale(target, options.inputMaxAbs()), options.readout());
    }

    /** The input scale: 1 for spike counts, else {@code max|x| / (2^(inputBits-1) - 1)}. */
    public static double inputScale(HardwareTarget target, double inputMaxAbs) {
        return Double.isNaN(inputMaxAbs) ? 1.0 : inputMaxAbs / HardwareTarget.maxSigned(target.inputBits());
    }

    /** The largest |value| over the samples (to calibrate analog input scales). */
    public static double inputMaxAbs(List<? extends Sample> samples) {
        double m = 0;
        for (Sample s : samples) {
            for (float x : s.toDense()) {
                m = Math.max(m, Math.abs(x));
            }
        }
        return m > 0 ? m : 1;
    }

    /** Deploys and writes the folder, with a copy of the target's YAML; returns the integer network. */
    public static IntegerNetwork deployTo(Path dir, Graph graph, String targetNameOrPath, Options options) {
        HardwareTarget target = org.snnaudio.hardware.target.Targets.load(targetNameOrPath);
        IntegerNetwork q = deployTo(dir, graph, target, options);
        org.snnaudio.core.io.AtomicFiles.writeString(dir.resolve(DeployedModel.TARGET_COPY),
                org.snnaudio.hardware.target.Targets.yaml(targetNameOrPath));
        return q;
    }

    /** Deploys and writes the folder; returns the integer network. */
    public static IntegerNetwork deployTo(Path dir, Graph graph, HardwareTarget target, Options options) {
        IntegerNetwork q = deploy(graph, target, options);
        ObjectNode report = new ObjectMapper().createObjectNode();
        report.put("design_rules", "passed (" + String.join(", ", DesignRules.RULES) + ")");
        ArrayNode layers = report.putArray("layer_scales");
        for (IntegerNetwork.Layer l : q.layers()) {
            layers.addObject().put("id", l.id()).put("scale", l.scale());
        }
        DeploymentFiles.write(dir, q, report);
        return q;
    }
}
