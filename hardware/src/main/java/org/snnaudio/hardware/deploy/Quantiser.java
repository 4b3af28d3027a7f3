package org.snnaudio.hardware.deploy;

import org.snnaudio.core.SnnaudioException;
import org.snnaudio.hardware.target.HardwareTarget;

import java.util.ArrayList;
import java.util.List;

/**
 * Post-training quantisation of a {@link LayeredNetwork} for a target: per layer one symmetric scale
 * {@code s} over all projections into the layer (inputs counted with their own scale; see {@link #scale}),
 * weights, thresholds, reset values and bias currents rounded to the nearest multiple of {@code s} (so
 * each weight is off by at most half a step),
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
            double maxAbs = 0;
            for (LayeredNetwork.Projection p : l.projections()) {
                if (p.source() != LayeredNetwork.INPUT && !net.layers().get(p.source()).spiking()) {
                    throw new SnnaudioException("layer '" + l.id() + "' is fed by the non-spiking layer '"
                            + net.layers().get(p.source()).id() + "'; on hardware only spikes travel between layers");
                }
                double srcScale = p.source() == LayeredNetwork.INPUT ? inputScale : 1;
                for (double w : p.weight()) {
                    maxAbs = Math.max(maxAbs, Math.abs(w * srcScale));
                }
            }
            double s;
            if (maxAbs == 0) {
                s = 1;
            } else {
                List<double[]> values = new ArrayList<>();
                for (LayeredNetwork.Projection p : l.projections()) {
                    double srcScale = p.source() == LayeredNetwork.INPUT ? inputScale : 1;
                    double[] v = p.weight().clone();
                    for (int i = 0; i < v.length; i++) {
                        v[i] *= srcScale;
                    }
                    values.add(v);
                }
                s = scale(values, target.weights().bits());
            }
            List<IntegerNetwork.Projection> projections = new ArrayList<>();
            for (LayeredNetwork.Projection p : l.projections()) {
                double srcScale = p.source() == LayeredNetwork.INPUT ? inputScale : 1;
                int[] q = new int[p.weight().length];
                for (int i = 0; i < q.length; i++) {
                    q[i] = (int) Math.max(-wmax, Math.min(wmax, Math.round(p.weight()[i] * srcScale / s)));
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
                    projections));
        }
        IntegerNetwork.Readout r = readout != null ? readout
                : net.layers().get(net.output()).spiking() ? IntegerNetwork.Readout.SPIKE_COUNT
                : IntegerNetwork.Readout.MAX_MEMBRANE;
        return new IntegerNetwork(target.name(), net.inputs(), inputScale, target.inputBits(), target.weights().bits(),
                target.membraneBits(), layers, net.output(), r, net.dt());
    }

    /**
     * The symmetric scale of one layer: {@code max|w| / (2^(bits-1) - 1)}, so no weight is clipped. (Scales
     * that clip outliers to lower the squared rounding error were tried: on FSDD they cost 2.7 points at
     * 4 bits after PTQ and 3 after QAT; a spiking layer's largest weights matter more than their count
     * suggests.) Shared by post-training quantisation and quantisation-aware training.
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
