package org.snnaudio.hardware.deploy;

import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.data.Sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a {@link LayeredNetwork} in double precision with the same update and order as
 * {@link IntegerSimulator} and the engine: the float reference the integer simulator is compared to,
 * and the simulator of analog targets (with device mismatch drawn into the network).
 */
public final class FloatSimulator {
    private final LayeredNetwork net;
    private final IntegerNetwork.Readout readout;

    public FloatSimulator(LayeredNetwork net, IntegerNetwork.Readout readout) {
        this.net = net;
        this.readout = readout != null ? readout
                : net.layers().get(net.output()).spiking() ? IntegerNetwork.Readout.SPIKE_COUNT
                : IntegerNetwork.Readout.MAX_MEMBRANE;
    }

    /** Scores, per-layer spike counts, activity counts and (when traced) membranes of one run. */
    public record Run(float[] scores, long[] spikesPerLayer, Activity activity, List<double[]> membrane) {
    }

    public Run run(Sample sample, boolean trace) {
        if (sample.channels() != net.inputs()) {
            throw new SnnaudioException("sample has " + sample.channels() + " channels, the network takes " + net.inputs());
        }
        float[] x = sample.toDense();
        int steps = sample.steps();
        List<LayeredNetwork.Layer> layers = net.layers();
        int nl = layers.size();
        double[][] v = new double[nl][];
        double[][] syn = new double[nl][];
        double[][] spk = new double[nl][];
        double[][] prev = new double[nl][];
        long[] counts = new long[nl];
        long[] events = new long[nl];
        long[] macs = new long[nl];
        for (int i = 0; i < nl; i++) {
            int n = layers.get(i).size();
            v[i] = new double[n];
            syn[i] = new double[n];
            spk[i] = new double[n];
            prev[i] = new double[n];
        }
        LayeredNetwork.Layer out = layers.get(net.output());
        double[] score = new double[out.size()];
        if (readout == IntegerNetwork.Readout.MAX_MEMBRANE) {
            Arrays.fill(score, Double.NEGATIVE_INFINITY);
        }
        List<double[]> memTrace = trace ? new ArrayList<>() : null;
        if (trace) {
            for (LayeredNetwork.Layer l : layers) {
                memTrace.add(new double[steps * l.size()]);
            }
        }
        int ch = net.inputs();
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < nl; i++) {
                double[] tmp = prev[i];
                prev[i] = spk[i];
                spk[i] = tmp;
            }
            for (int li = 0; li < nl; li++) {
                LayeredNetwork.Layer l = layers.get(li);
                int n = l.size();
                double[] acc = l.bias().clone();
                for (LayeredNetwork.Projection p : l.projections()) {
                    macs[li] += (long) p.rows() * p.cols();
                    for (int c = 0; c < p.cols(); c++) {
                        double xc = p.source() == LayeredNetwork.INPUT ? x[t * ch + c]
                                : p.delayed() ? prev[p.source()][c] : spk[p.source()][c];
                        if (xc != 0) {
                            int nz = 0;
                            for (int r = 0; r < n; r++) {
                                double w = p.weight()[r * p.cols() + c];
                                acc[r] += w * xc;
                                nz += w != 0 ? 1 : 0;
                            }
                            // a spike count of k is k events; an analog value is one event per synapse
                            events[li] += (long) nz * (p.source() == LayeredNetwork.INPUT ? Math.max(1, Math.round(Math.abs(xc))) : 1);
                        }
                    }
                }
                for (int i = 0; i < n; i++) {
                    double drive = acc[i];
                    if (l.hasSynapticCurrent()) {
                        syn[li][i] = l.alpha()[i] * syn[li][i] + drive;
                        drive = syn[li][i];
                    }
                    double bv = l.beta()[i] * v[li][i];
                    if (l.spiking() && prev[li][i] != 0) {
                        v[li][i] = switch (l.reset()) {
                            case SUBTRACT -> bv + drive - l.threshold()[i];
                            case TO_RESET -> l.vReset()[i] + drive;
                        };
                    } else {
                        v[li][i] = bv + drive;
                    }
                    spk[li][i] = l.spiking() && v[li][i] > l.threshold()[i] ? 1 : 0;
                    counts[li] += (long) spk[li][i];
                    if (trace) {
                        memTrace.get(li)[t * n + i] = v[li][i];
                    }
                }
                if (li == net.output()) {
                    for (int i = 0; i < n; i++) {
                        score[i] = switch (readout) {
                            case MAX_MEMBRANE -> Math.max(score[i], v[li][i]);
                            case SPIKE_COUNT -> score[i] + spk[li][i];
                            case MEAN_MEMBRANE -> score[i] + v[li][i] / steps;
                            case LAST_MEMBRANE -> v[li][i];
                        };
                    }
                }
            }
        }
        float[] s = new float[score.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) score[i];
        }
        List<Activity.LayerActivity> acts = new ArrayList<>();
        for (int li = 0; li < nl; li++) {
            LayeredNetwork.Layer l = layers.get(li);
            acts.add(new Activity.LayerActivity(l.id(), l.size(), counts[li], events[li], (long) l.size() * steps, macs[li]));
        }
        return new Run(s, counts, new Activity(acts, steps, net.dt()), memTrace);
    }
}
