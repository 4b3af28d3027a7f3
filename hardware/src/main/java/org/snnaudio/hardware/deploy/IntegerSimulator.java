package org.snnaudio.hardware.deploy;

import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.data.Sample;
import org.snnaudio.core.data.SpikeSample;
import org.snnaudio.hardware.target.HardwareTarget;

import java.util.ArrayList;
import java.util.List;

/**
 * Bit-exact fixed-point simulator of an {@link IntegerNetwork} (the update is given there): integer
 * synaptic accumulation, bit-shift leak, subtractive (or to-reset) reset and saturation at the
 * register width. Deterministic; integer arithmetic only on the network state.
 */
public final class IntegerSimulator {
    private final IntegerNetwork net;
    private final long regMax;
    private final long regMin;
    private final long inMax;
    private final int[][] columnFanOut;

    public IntegerSimulator(IntegerNetwork net) {
        this.net = net;
        this.regMax = HardwareTarget.maxSigned(net.membraneBits());
        this.regMin = -regMax - 1;
        this.inMax = HardwareTarget.maxSigned(net.inputBits());
        List<int[]> fan = new ArrayList<>();
        for (IntegerNetwork.Layer l : net.layers()) {
            for (IntegerNetwork.Projection p : l.projections()) {
                int[] f = new int[p.cols()];
                for (int r = 0; r < p.rows(); r++) {
                    for (int c = 0; c < p.cols(); c++) {
                        if (p.weight()[r * p.cols() + c] != 0) {
                            f[c]++;
                        }
                    }
                }
                fan.add(f);
            }
        }
        this.columnFanOut = fan.toArray(new int[0][]);
    }

    /**
     * The result of one run.
     *
     * @param scores   class scores from the read-out layer
     * @param activity counts for the energy model
     * @param membrane per layer, the membrane register after each step, row-major [steps x size]; null unless traced
     * @param spikes   per layer, the spikes of each step, row-major [steps x size]; null unless traced
     */
    public record Run(float[] scores, Activity activity, List<int[]> membrane, List<int[]> spikes) {
    }

    /** The input integers of a sample, [steps x channels]: spike counts as they are, analog values scaled and clamped. */
    public int[] quantiseInput(Sample sample) {
        if (sample.channels() != net.inputs()) {
            throw new SnnaudioException("sample has " + sample.channels() + " channels, the deployed network takes "
                    + net.inputs());
        }
        float[] x = sample.toDense();
        int[] q = new int[x.length];
        boolean spikes = sample instanceof SpikeSample;
        for (int i = 0; i < x.length; i++) {
            long v = spikes ? Math.round(x[i]) : Math.round(x[i] / net.inputScale());
            q[i] = (int) Math.max(-inMax - 1, Math.min(inMax, v));
        }
        return q;
    }

    /** Runs one sample. */
    public Run run(Sample sample, boolean trace) {
        return runInts(quantiseInput(sample), sample.steps(), trace);
    }

    /** Runs input integers [steps x channels]. */
    public Run runInts(int[] input, int steps, boolean trace) {
        List<IntegerNetwork.Layer> layers = net.layers();
        int nl = layers.size();
        long[][] v = new long[nl][];
        long[][] syn = new long[nl][];
        int[][] spk = new int[nl][];
        int[][] prevSpk = new int[nl][];
        long[] spikeCount = new long[nl];
        long[] events = new long[nl];
        long[] macs = new long[nl];
        double[] mem = null;
        long[] outCount = null;
        for (int i = 0; i < nl; i++) {
            int n = layers.get(i).size();
            v[i] = new long[n];
            syn[i] = new long[n];
            spk[i] = new int[n];
            prevSpk[i] = new int[n];
        }
        IntegerNetwork.Layer out = layers.get(net.output());
        if (net.readout() == IntegerNetwork.Readout.SPIKE_COUNT) {
            outCount = new long[out.size()];
        } else {
            mem = new double[out.size()];
            if (net.readout() == IntegerNetwork.Readout.MAX_MEMBRANE) {
                java.util.Arrays.fill(mem, Double.NEGATIVE_INFINITY);
            }
        }
        List<int[]> memTrace = trace ? new ArrayList<>() : null;
        List<int[]> spkTrace = trace ? new ArrayList<>() : null;
        if (trace) {
            for (IntegerNetwork.Layer l : layers) {
                memTrace.add(new int[steps * l.size()]);
                spkTrace.add(new int[steps * l.size()]);
            }
        }
        int channels = net.inputs();
        long[] acc = new long[0];
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < nl; i++) {
                int[] tmp = prevSpk[i];
                prevSpk[i] = spk[i];
                spk[i] = tmp;
            }
            int fanIndex = 0;
            for (int li = 0; li < nl; li++) {
                IntegerNetwork.Layer l = layers.get(li);
                int n = l.size();
                if (acc.length < n) {
                    acc = new long[n];
                }
                for (int i = 0; i < n; i++) {
                    acc[i] = l.bias()[i];
                }
                for (IntegerNetwork.Projection p : l.projections()) {
                    int[] fan = columnFanOut[fanIndex++];
                    int cols = p.cols();
                    macs[li] += (long) p.rows() * cols;
                    for (int c = 0; c < cols; c++) {
                        int x;
                        if (p.source() == LayeredNetwork.INPUT) {
                            x = input[t * channels + c];
                        } else {
                            x = p.delayed() ? prevSpk[p.source()][c] : spk[p.source()][c];
                        }
                        if (x == 0) {
                            continue;
                        }
                        events[li] += (long) fan[c] * Math.abs(x);
                        int[] w = p.weight();
                        long xs = (long) x << l.weightShift();
                        for (int r = 0; r < p.rows(); r++) {
                            acc[r] += w[r * cols + c] * xs;
                        }
                    }
                }
                long[] vl = v[li];
                long[] sl = syn[li];
                int[] s = spk[li];
                int[] ps = prevSpk[li];
                for (int i = 0; i < n; i++) {
                    long drive = sat(acc[i]);
                    if (l.hasSynapticCurrent()) {
                        sl[i] = sat(sl[i] - (sl[i] >> l.kSyn()[i]) + drive);
                        drive = sl[i];
                    }
                    long decayed = l.kMem()[i] < 0 ? vl[i] : vl[i] - (vl[i] >> l.kMem()[i]);
                    if (l.spiking() && ps[i] != 0) {
                        vl[i] = switch (l.reset()) {
                            case SUBTRACT -> sat(decayed + drive - l.threshold()[i]);
                            case TO_RESET -> sat(l.vReset()[i] + drive);
                        };
                    } else {
                        vl[i] = sat(decayed + drive);
                    }
                    s[i] = l.spiking() && vl[i] > l.threshold()[i] ? 1 : 0;
                    spikeCount[li] += s[i];
                }
                if (trace) {
                    for (int i = 0; i < n; i++) {
                        memTrace.get(li)[t * n + i] = (int) vl[i];
                        spkTrace.get(li)[t * n + i] = s[i];
                    }
                }
                if (li == net.output()) {
                    for (int i = 0; i < n; i++) {
                        switch (net.readout()) {
                            case SPIKE_COUNT -> outCount[i] += s[i];
                            case MAX_MEMBRANE -> mem[i] = Math.max(mem[i], vl[i] * l.scale());
                            case MEAN_MEMBRANE -> mem[i] += vl[i] * l.scale() / steps;
                            case LAST_MEMBRANE -> mem[i] = vl[i] * l.scale();
                        }
                    }
                }
            }
        }
        float[] scores = new float[out.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = outCount != null ? outCount[i] : (float) mem[i];
        }
        List<Activity.LayerActivity> acts = new ArrayList<>();
        for (int li = 0; li < nl; li++) {
            IntegerNetwork.Layer l = layers.get(li);
            acts.add(new Activity.LayerActivity(l.id(), l.size(), spikeCount[li], events[li], (long) l.size() * steps,
                    macs[li]));
        }
        return new Run(scores, new Activity(acts, steps, net.dt()), memTrace, spkTrace);
    }

    private long sat(long x) {
        return Math.max(regMin, Math.min(regMax, x));
    }
}
