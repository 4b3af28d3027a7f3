package org.snnaudio.hardware.deploy;

import org.snnaudio.core.SnnaudioException;
import org.snnaudio.hardware.target.HardwareTarget;

import java.util.ArrayList;
import java.util.List;

/**
 * Post-training quantisation of a {@link LayeredNetwork} for a target: per layer one symmetric weight
 * scale {@code s_w} over all projections into the layer (inputs counted with their own scale; see
 * {@link #scale}), weights rounded to the nearest multiple of {@code s_w} (so each is off by at most half a
 * step); the membrane's unit {@code s = s_w / 2^k} with the weight shift {@code k} of {@link #weightShift}
 * (0 unless the target allows shifts), and thresholds, reset values and bias currents rounded to multiples
 * of {@code s},
 * and decays {@code beta} rounded to a shift {@code k = round(-log2(1 - beta))} ({@code beta ~ 1 - 2^-k}).
 */
public final class Quantiser {
    private Quantiser() {
    }

    /**
     * Quantises {@code net}. {@code inputScale} is the float value of one input integer step: 1 for spike
     * (count) inputs, {@code max|x| / (2^(inputBits-1) - 1)} for analog inputs.
     */
    public static IntegerNetwork quantise(LayeredNetwork net, HardwareTarget target, double inputScale,
                                          IntegerNetwork.Readout readout) {
        if (!(inputScale > 0) || Double.isInfinite(inputScale)) {
            throw new SnnaudioException("input scale must be > 0, got " + inputScale);
        }
        long wmax = HardwareTarget.maxSigned(target.weights().bits());
        long mmax = HardwareTarget.maxSigned(target.membraneBits());
        List<IntegerNetwork.Layer> layers = new ArrayList<>();
        for (LayeredNetwork.Layer l : net.layers()) {
            List<double[]> values = new ArrayList<>(); // weights in units of one input step
            for (LayeredNetwork.Projection p : l.projections()) {
                if (p.source() != LayeredNetwork.INPUT && !net.layers().get(p.source()).spiking()) {
                    throw new SnnaudioException("layer '" + l.id() + "' is fed by the non-spiking layer '"
                            + net.layers().get(p.source()).id() + "'; on hardware only spikes travel between layers");
                }
                double srcScale = p.source() == LayeredNetwork.INPUT ? inputScale : 1;
                double[] v = p.weight().clone();
                for (int i = 0; i < v.length; i++) {
                    v[i] *= srcScale;
                }
                values.add(v);
            }
            double sw = scale(values, target.weights().bits()); // 1 when every weight is 0
            int weightShift = weightShift(l, sw, target.weights().maxShift(), target.membraneBits());
            double s = sw / (1L << weightShift);
            List<IntegerNetwork.Projection> projections = new ArrayList<>();
            for (int pi = 0; pi < l.projections().size(); pi++) {
                LayeredNetwork.Projection p = l.projections().get(pi);
                double[] v = values.get(pi);
                int[] q = new int[v.length];
                for (int i = 0; i < q.length; i++) {
                    q[i] = (int) Math.max(-wmax, Math.min(wmax, Math.round(v[i] / sw)));
                }
                projections.add(new IntegerNetwork.Projection(p.source(), q, p.rows(), p.cols(), p.delayed()));
            }
            int n = l.size();
            int[] th = new int[n];
            int[] vr = new int[n];
            int[] bias = new int[n];
            int[] kMem = new int[n];
            int[] kSyn = new int[n];
            for (int i = 0; i < n; i++) {
                th[i] = toRegister(l.threshold()[i] / s, mmax, l.id(), "threshold", i, l.threshold()[i], s, target);
                vr[i] = toRegister(l.vReset()[i] / s, mmax, l.id(), "v_reset", i, l.vReset()[i], s, target);
                bias[i] = toRegister(l.bias()[i] / s, mmax, l.id(), "bias", i, l.bias()[i], s, target);
                kMem[i] = l.beta()[i] == 1 ? -1 : shift(l.beta()[i], target.maxShift(), l.id(), "membrane", i);
                kSyn[i] = l.hasSynapticCurrent() ? shift(l.alpha()[i], target.maxShift(), l.id(), "synaptic", i) : -1;
            }
            layers.add(new IntegerNetwork.Layer(l.id(), l.type(), n, kSyn, kMem, th, vr, l.reset(), l.spiking(), bias, s,
                    weightShift, projections));
        }
        IntegerNetwork.Readout r = readout != null ? readout
                : net.layers().get(net.output()).spiking() ? IntegerNetwork.Readout.SPIKE_COUNT
                : IntegerNetwork.Readout.MAX_MEMBRANE;
        return new IntegerNetwork(target.name(), net.inputs(), inputScale, target.inputBits(), target.weights().bits(),
                target.membraneBits(), layers, net.output(), r, net.dt());
    }

    /**
     * The symmetric scale of one layer: {@code max|w| / (2^(bits-1) - 1)}, so no weight is clipped. (Scales
     * that clip outliers cost points after post-training quantisation: a spiking layer's largest weights
     * matter more than their count suggests. Quantisation-aware training may clip,
     * {@link org.snnaudio.hardware.train.QuantisationAwareTraining}; it leaves the weights clamped to its
     * grid, whose largest weight this scale then finds again.)
     */
    public static double scale(List<double[]> weights, int bits) {
        double qmax = HardwareTarget.maxSigned(bits);
        double maxAbs = 0;
        for (double[] w : weights) {
            for (double x : w) {
                maxAbs = Math.max(maxAbs, Math.abs(x));
            }
        }
        return maxAbs == 0 ? 1 : maxAbs / qmax;
    }

    /** Membrane steps a threshold should span (6 bits) before the weight shift stops growing. */
    static final int THRESHOLD_STEPS = 64;

    /**
     * The weight shift of one layer: the smallest {@code k <= maxShift} that gives every non-zero threshold at
     * least {@value #THRESHOLD_STEPS} membrane steps of {@code weightScale / 2^k}, lowered while a threshold,
     * reset value or bias would exceed a quarter of the register. A finer membrane unit makes thresholds,
     * biases and the shift leak exact to {@code 2^-k} of a weight step (at 4 bits a threshold of one weight
     * step would otherwise round to 1 or 2 and a membrane below {@code 2^k_mem} would not leak); a coarser one
     * keeps the register's range: a neuron driven far above threshold holds a membrane of hundreds of
     * thresholds, and the register must not saturate there (a shift of 7 at 8 bits leaves +-16 thresholds and
     * cost 6 points on FSDD).
     */
    static int weightShift(LayeredNetwork.Layer l, double weightScale, int maxShift, int membraneBits) {
        double largest = 0;
        double smallestThreshold = Double.POSITIVE_INFINITY;
        for (int i = 0; i < l.size(); i++) {
            largest = Math.max(largest, Math.max(Math.abs(l.threshold()[i]), Math.max(Math.abs(l.vReset()[i]),
                    Math.abs(l.bias()[i]))));
            if (l.spiking() && l.threshold()[i] != 0) {
                smallestThreshold = Math.min(smallestThreshold, Math.abs(l.threshold()[i]));
            }
        }
        if (smallestThreshold == Double.POSITIVE_INFINITY) {
            return 0;
        }
        int k = 0;
        while (k < maxShift && smallestThreshold / weightScale * (1L << k) < THRESHOLD_STEPS) {
            k++;
        }
        double room = (HardwareTarget.maxSigned(membraneBits) + 1) / 4.0;
        while (k > 0 && largest / weightScale * (1L << k) > room) {
            k--;
        }
        return k;
    }

    /** The decay shift {@code k} with {@code 1 - 2^-k} nearest to {@code decay} in the log domain. */
    public static int shift(double decay, int maxShift, String layer, String what, int neuron) {
        if (!(decay >= 0 && decay < 1)) {
            throw new SnnaudioException("layer '" + layer + "' neuron " + neuron + ": " + what + " decay must be in [0, 1), got "
                    + decay);
        }
        double k = decay == 0 ? 0 : -Math.log(1 - decay) / Math.log(2);
        long kr = Math.round(k);
        if (kr > maxShift) {
            throw new SnnaudioException("layer '" + layer + "' neuron " + neuron + ": " + what + " decay " + decay
                    + " needs a shift of " + kr + " > the target's max_shift " + maxShift + " (time constant too long for dt)");
        }
        return (int) kr;
    }

    private static int toRegister(double x, long max, String layer, String what, int i, double value, double s,
                                  HardwareTarget target) {
        long q = Math.round(x);
        if (Math.abs(q) > max) {
            throw new SnnaudioException("layer '" + layer + "' neuron " + i + ": " + what + " " + value + " is " + q
                    + " steps of the layer scale " + s + ", beyond the " + target.membraneBits()
                    + "-bit membrane range of target " + target.name() + " (+-" + max + ")");
        }
        return (int) q;
    }
}
