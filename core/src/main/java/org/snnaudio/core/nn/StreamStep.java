package org.snnaudio.core.nn;

import org.snnaudio.core.model.ResetMode;

import java.util.Arrays;

/**
 * One network step of analog input for {@link InferenceStream#step}, without allocation and without the
 * per-chunk bookkeeping of the fast engine (tape rows, event-list offsets, output copies). It calls the same
 * {@link Kernels} in the same order as {@code FastEngine.FastWorker.forwardLayer} does for a one-step chunk,
 * so every neuron sees the same float operations and the state, spikes and output equal those of
 * {@link InferenceStream#advance} (a test checks it bit for bit). Only for networks whose layers all take
 * the fast inference path: spiking layers without adaptation and with reset by subtraction, or leaky
 * integrators; no smooth mode (see {@link #supports}).
 */
final class StreamStep {
    private final Layer[] layers;
    /** Per layer: the input current of the step, and the indices of the neurons that spiked in it. */
    private final float[][] cur;
    private final int[][] events;
    private final int[] eventCount;

    StreamStep(Network net) {
        layers = net.layers.toArray(new Layer[0]);
        cur = new float[layers.length][];
        events = new int[layers.length][];
        eventCount = new int[layers.length];
        for (int l = 0; l < layers.length; l++) {
            cur[l] = new float[layers[l].n];
            events[l] = new int[layers[l].n];
        }
    }

    /** Whether every layer of {@code net} takes the fast inference path under {@code o}. */
    static boolean supports(Network net, NetworkOptions o) {
        if (o.smooth()) {
            return false;
        }
        for (Layer L : net.layers) {
            if (L.spiking && (L.adaptive || L.reset != ResetMode.SUBTRACT)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Advances the running state in {@code w} (one workspace per layer) by one step of input {@code x} and
     * writes the output layer's spikes ({@code spikesOut}) or membranes to {@code out}.
     */
    void step(FastEngine.LayerWork[] w, float[] x, boolean spikesOut, float[] out) {
        for (int l = 0; l < layers.length; l++) {
            Layer L = layers[l];
            FastEngine.LayerWork lw = w[l];
            int n = L.n;
            float[] c = cur[l];
            if (L.bias != null) {
                System.arraycopy(L.bias.value(), 0, c, 0, n);
            } else {
                Arrays.fill(c, 0f);
            }
            if (l == 0) {
                if (L.diagonal()) {
                    float[] wd = L.weight.value();
                    for (int i = 0; i < n; i++) {
                        c[i] += wd[i] * x[i];
                    }
                } else {
                    Kernels.gemv(x, L.wRows, c);
                }
            } else if (L.diagonal()) {
                float[] wd = L.weight.value();
                int[] ev = events[l - 1];
                for (int e = 0, m = eventCount[l - 1]; e < m; e++) {
                    c[ev[e]] += wd[ev[e]];
                }
            } else {
                Kernels.addRows(L.wRows, events[l - 1], 0, eventCount[l - 1], c);
            }
            float[] stSpk = lw.stSpk;
            if (L.vRows != null) {
                // the engine starts every chunk from the previous step's spikes, row by row
                for (int j = 0; j < n; j++) {
                    float sv = stSpk[j];
                    if (sv != 0f) {
                        Kernels.axpy(sv, L.vRows[j], c);
                    }
                }
            }
            if (L.spiking) {
                Kernels.cubaStepState(L.alpha, L.beta, L.threshold.value(), c, lw.stSyn, lw.stMem, stSpk);
                eventCount[l] = Kernels.appendEvents(stSpk, n, events[l], 0);
            } else {
                // the first tape rows serve as the kernel's row outputs; the state is what counts
                Kernels.liStep(L.alpha, L.beta, c, lw.stSyn, lw.stMem, lw.syn[0], lw.mem[0]);
                eventCount[l] = 0;
            }
        }
        FastEngine.LayerWork last = w[w.length - 1];
        System.arraycopy(spikesOut ? last.stSpk : last.stMem, 0, out, 0, last.n);
    }
}
