package org.snnaudio.hardware.train;

import org.snnaudio.core.nn.Parameter;
import org.snnaudio.core.train.StepContext;
import org.snnaudio.core.train.StepHook;
import org.snnaudio.hardware.target.HardwareTarget;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Quantisation-aware training with a straight-through estimator: before each forward pass (and around
 * validation) the weights of every layer are replaced by their values on the target's grid (one symmetric
 * scale per layer over its input and recurrent weights chosen by
 * {@link org.snnaudio.hardware.deploy.Quantiser#scale}, round to nearest and clip, as post-training
 * quantisation does); after the
 * backward pass the float master weights are restored, so the gradient taken at the quantised point
 * updates the masters. Layers are the parameter-name prefixes before the first dot.
 */
public final class QuantisationAwareTraining implements StepHook {
    private final int bits;
    private final Map<Parameter, float[]> masters = new LinkedHashMap<>();

    public QuantisationAwareTraining(HardwareTarget target) {
        this(target.weights().bits());
    }

    public QuantisationAwareTraining(int bits) {
        if (bits < 2 || bits > 16) {
            throw new IllegalArgumentException("QAT weight bits must be in [2, 16], got " + bits);
        }
        this.bits = bits;
    }

    @Override
    public void beforeForward(StepContext ctx) {
        quantise(ctx.parameters());
    }

    @Override
    public void afterBackward(StepContext ctx) {
        restore();
    }

    @Override
    public void beforeEvaluate(StepContext ctx) {
        quantise(ctx.parameters());
    }

    @Override
    public void afterEvaluate(StepContext ctx) {
        restore();
    }

    /** Replaces weights by their quantised values, keeping the masters. */
    void quantise(List<Parameter> ps) {
        masters.clear();
        Map<String, List<Parameter>> byLayer = new LinkedHashMap<>();
        for (Parameter p : ps) {
            if (p.kind() == Parameter.Kind.WEIGHT) {
                String layer = p.name().contains(".") ? p.name().substring(0, p.name().indexOf('.')) : p.name();
                byLayer.computeIfAbsent(layer, k -> new ArrayList<>()).add(p);
            }
        }
        long qmax = HardwareTarget.maxSigned(bits);
        for (List<Parameter> layer : byLayer.values()) {
            List<double[]> values = new ArrayList<>();
            for (Parameter p : layer) {
                float[] w = p.value();
                double[] d = new double[w.length];
                for (int i = 0; i < w.length; i++) {
                    d[i] = w[i];
                }
                values.add(d);
            }
            double s = org.snnaudio.hardware.deploy.Quantiser.scale(values, bits);
            for (Parameter p : layer) {
                float[] w = p.value();
                masters.put(p, w.clone());
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) (Math.max(-qmax, Math.min(qmax, Math.round(w[i] / s))) * s);
                }
            }
        }
    }

    /** Writes the float masters back. */
    void restore() {
        for (var e : masters.entrySet()) {
            System.arraycopy(e.getValue(), 0, e.getKey().value(), 0, e.getValue().length);
        }
        masters.clear();
    }
}
