package org.snnaudio.core.nn;

import org.snnaudio.core.model.ResetMode;

import java.util.Arrays;

/**
 * One network step of analog input for {@link InferenceStream#step}, without allocation and without the
 * per-chunk bookkeeping of the fast engine (tape rows, event-list offsets, output copies). Every neuron sees
 * the same float operations in the same order as in {@code FastEngine.FastWorker.forwardLayer} for a one-step
 * chunk, so the state, spikes and output equal those of {@link InferenceStream#advance} bit for bit (tests check
 * it on random networks). Where that order allows, the per-layer passes are fused, since for layers this small each
 * pass costs more to enter than to run: a diagonal first layer computes its current inside the neuron update, a
 * dense layer fed by at most four input events adds their weight rows inside the update, a narrow layer (a readout
 * of a few classes) sums its input events per neuron instead of adding a weight row of a few values per event, and
 * the event lists are built without a branch per neuron. Only for networks whose layers all
 * take the fast inference path: spiking layers without adaptation and with reset by subtraction, or leaky
 * integrators; no smooth mode (see {@link #supports}).
 */
final class StreamStep {
    /** Layers at most this wide sum their input events neuron by neuron (see {@link #eventSum}). */
    static final int NARROW = 8;

    private final Layer[] layers;
    /** Per layer: the input current of the step, and the indices of the neurons that spiked in it. */
    private final float[][] cur;
    private final int[][] events;
    private final int[] eventCount;
    /** Per layer: zeros, the start of the current of a layer without bias (the engine adds to +0). */
    private final float[][] zeros;

    StreamStep(Network net) {
        layers = net.layers.toArray(new Layer[0]);
        cur = new float[layers.length][];
        events = new int[layers.length][];
        eventCount = new int[layers.length];
        zeros = new float[layers.length][];
        for (int l = 0; l < layers.length; l++) {
            cur[l] = new float[layers[l].n];
            events[l] = new int[layers[l].n];
            zeros[l] = new float[layers[l].n];
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
            float[] bias = L.bias == null ? null : L.bias.value();
            if (L.spiking && L.vRows == null) {
                float[] base = bias == null ? zeros[l] : bias;
                if (l == 0 && L.diagonal()) {
                    eventCount[l] = diagonalSpiking(L, lw, base, x, events[l]);
                    continue;
                }
                if (l > 0 && !L.diagonal()) {
                    int m = eventCount[l - 1];
                    if (n <= NARROW) {
                        narrowSpiking(L, lw, base, events[l - 1], m, c);
                        eventCount[l] = l + 1 < layers.length ? events(lw.stSpk, n, events[l]) : 0;
                        continue;
                    }
                    if (m <= 4) {
                        denseSpiking(L, lw, base, events[l - 1], m);
                        eventCount[l] = l + 1 < layers.length ? events(lw.stSpk, n, events[l]) : 0;
                        continue;
                    }
                }
            }
            if (l == 0) {
                fill(bias, c);
                if (L.diagonal()) {
                    float[] wd = L.weight.value();
                    for (int i = 0; i < n; i++) {
                        c[i] += wd[i] * x[i];
                    }
                } else {
                    Kernels.gemv(x, L.wRows, c);
                }
            } else if (L.diagonal()) {
                fill(bias, c);
                float[] wd = L.weight.value();
                int[] ev = events[l - 1];
                for (int e = 0, m = eventCount[l - 1]; e < m; e++) {
                    c[ev[e]] += wd[ev[e]];
                }
            } else if (n <= NARROW) {
                eventSum(L.wRows, events[l - 1], eventCount[l - 1], bias, c);
            } else {
                fill(bias, c);
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
                // the output layer's spikes feed no further layer
                eventCount[l] = l + 1 < layers.length ? events(stSpk, n, events[l]) : 0;
            } else {
                // the first tape rows serve as the kernel's row outputs; the state is what counts
                Kernels.liStep(L.alpha, L.beta, c, lw.stSyn, lw.stMem, lw.syn[0], lw.mem[0]);
                eventCount[l] = 0;
            }
        }
        FastEngine.LayerWork last = w[w.length - 1];
        System.arraycopy(spikesOut ? last.stSpk : last.stMem, 0, out, 0, last.n);
    }

    /**
     * The indices of the neurons that spiked, in increasing order, into {@code ev}; returns their count. The same
     * list as {@link Kernels#appendEvents} (a spike is 1; 0 and NaN are none), found without a branch per neuron.
     */
    static int events(float[] spk, int n, int[] ev) {
        int ne = 0;
        for (int i = 0; i < n; i++) {
            ev[ne] = i;
            ne += (int) spk[i];
        }
        return ne;
    }

    /** The bias, or +0 where there is none: what the engine's current starts from. */
    private static void fill(float[] bias, float[] c) {
        if (bias != null) {
            System.arraycopy(bias, 0, c, 0, c.length);
        } else {
            Arrays.fill(c, 0f);
        }
    }

    /**
     * A diagonal spiking first layer in one pass: the current {@code (bias or +0) + w x} and the update of
     * {@code Kernels.cubaStepState}, with the same operations in the same order; returns the spike count with the
     * spiking neurons' indices in {@code ev}.
     */
    private static int diagonalSpiking(Layer L, FastEngine.LayerWork lw, float[] base, float[] x, int[] ev) {
        float[] wd = L.weight.value();
        float[] alpha = L.alpha;
        float[] beta = L.beta;
        float[] thr = L.threshold.value();
        float[] stSyn = lw.stSyn;
        float[] stMem = lw.stMem;
        float[] stSpk = lw.stSpk;
        int n = L.n;
        for (int i = 0; i < n; i++) {
            float ci = base[i] + wd[i] * x[i];
            float sy = alpha[i] * stSyn[i] + ci;
            float m = beta[i] * stMem[i] + sy - thr[i] * stSpk[i];
            stSyn[i] = sy;
            stMem[i] = m;
            stSpk[i] = Math.max(0f, Math.signum(m - thr[i]));
        }
        return events(stSpk, n, ev);
    }

    /**
     * A dense spiking layer fed by at most four input events, in one pass: the current {@code base + (the rows
     * summed as Kernels.addRows sums them)} and the update of {@code Kernels.cubaStepState}.
     */
    private static void denseSpiking(Layer L, FastEngine.LayerWork lw, float[] base, int[] ev, int m) {
        float[][] rows = L.wRows;
        float[] alpha = L.alpha;
        float[] beta = L.beta;
        float[] thr = L.threshold.value();
        float[] stSyn = lw.stSyn;
        float[] stMem = lw.stMem;
        float[] stSpk = lw.stSpk;
        int n = L.n;
        switch (m) {
            case 0 -> {
                for (int i = 0; i < n; i++) {
                    float sy = alpha[i] * stSyn[i] + base[i];
                    float u = beta[i] * stMem[i] + sy - thr[i] * stSpk[i];
                    stSyn[i] = sy;
                    stMem[i] = u;
                    stSpk[i] = Math.max(0f, Math.signum(u - thr[i]));
                }
            }
            case 1 -> {
                float[] r0 = rows[ev[0]];
                for (int i = 0; i < n; i++) {
                    float sy = alpha[i] * stSyn[i] + (base[i] + r0[i]);
                    float u = beta[i] * stMem[i] + sy - thr[i] * stSpk[i];
                    stSyn[i] = sy;
                    stMem[i] = u;
                    stSpk[i] = Math.max(0f, Math.signum(u - thr[i]));
                }
            }
            case 2 -> {
                float[] r0 = rows[ev[0]];
                float[] r1 = rows[ev[1]];
                for (int i = 0; i < n; i++) {
                    float sy = alpha[i] * stSyn[i] + (base[i] + (r0[i] + r1[i]));
                    float u = beta[i] * stMem[i] + sy - thr[i] * stSpk[i];
                    stSyn[i] = sy;
                    stMem[i] = u;
                    stSpk[i] = Math.max(0f, Math.signum(u - thr[i]));
                }
            }
            case 3 -> {
                float[] r0 = rows[ev[0]];
                float[] r1 = rows[ev[1]];
                float[] r2 = rows[ev[2]];
                for (int i = 0; i < n; i++) {
                    float sy = alpha[i] * stSyn[i] + (base[i] + ((r0[i] + r1[i]) + r2[i]));
                    float u = beta[i] * stMem[i] + sy - thr[i] * stSpk[i];
                    stSyn[i] = sy;
                    stMem[i] = u;
                    stSpk[i] = Math.max(0f, Math.signum(u - thr[i]));
                }
            }
            default -> {
                float[] r0 = rows[ev[0]];
                float[] r1 = rows[ev[1]];
                float[] r2 = rows[ev[2]];
                float[] r3 = rows[ev[3]];
                for (int i = 0; i < n; i++) {
                    float sy = alpha[i] * stSyn[i] + (base[i] + ((r0[i] + r1[i]) + (r2[i] + r3[i])));
                    float u = beta[i] * stMem[i] + sy - thr[i] * stSpk[i];
                    stSyn[i] = sy;
                    stMem[i] = u;
                    stSpk[i] = Math.max(0f, Math.signum(u - thr[i]));
                }
            }
        }
    }

    /**
     * A spiking layer of at most {@link #NARROW} neurons fed by input events: per neuron, the event sum of
     * {@link #eventSum} into {@code c}, then the update of {@link Kernels#cubaStepState}.
     */
    private static void narrowSpiking(Layer L, FastEngine.LayerWork lw, float[] base, int[] ev, int m, float[] c) {
        eventSum(L.wRows, ev, m, base, c);
        Kernels.cubaStepState(L.alpha, L.beta, L.threshold.value(), c, lw.stSyn, lw.stMem, lw.stSpk);
    }

    /**
     * {@code c = (bias or +0) + rows[ev[0]] + ... + rows[ev[m-1]]} with the additions grouped exactly as
     * {@link Kernels#addRows} groups them (eight events, then four, then the last one to three), but summed per
     * neuron: for a layer of a few neurons a row is a few values, so adding it as a loop costs more than the sum.
     */
    static void eventSum(float[][] rows, int[] ev, int m, float[] bias, float[] c) {
        for (int o = 0; o < c.length; o++) {
            float acc = bias == null ? 0f : bias[o];
            int e = 0;
            for (; e + 7 < m; e += 8) {
                acc += ((rows[ev[e]][o] + rows[ev[e + 1]][o]) + (rows[ev[e + 2]][o] + rows[ev[e + 3]][o]))
                        + ((rows[ev[e + 4]][o] + rows[ev[e + 5]][o]) + (rows[ev[e + 6]][o] + rows[ev[e + 7]][o]));
            }
            if (e + 3 < m) {
                acc += (rows[ev[e]][o] + rows[ev[e + 1]][o]) + (rows[ev[e + 2]][o] + rows[ev[e + 3]][o]);
                e += 4;
            }
            switch (m - e) {
                case 3 -> acc += (rows[ev[e]][o] + rows[ev[e + 1]][o]) + rows[ev[e + 2]][o];
                case 2 -> acc += rows[ev[e]][o] + rows[ev[e + 1]][o];
                case 1 -> acc += rows[ev[e]][o];
                default -> {
                }
            }
            c[o] = acc;
        }
    }
}
