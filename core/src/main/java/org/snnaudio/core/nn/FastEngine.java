package org.snnaudio.core.nn;

import org.snnaudio.core.data.DenseSample;
import org.snnaudio.core.data.Sample;
import org.snnaudio.core.data.SpikeSample;
import org.snnaudio.core.loss.CrossEntropy;
import org.snnaudio.core.loss.Readout;
import org.snnaudio.core.loss.Regularizer;
import org.snnaudio.core.model.ResetMode;
import org.snnaudio.core.neuron.Surrogate;

import java.util.Arrays;
import java.util.List;

/**
 * The fast float engine. Spiking inputs (the sample's event lists, or a hidden layer's spikes) add one
 * weight row per spike, forward and backward (weight gradients are outer products over the inputs that
 * spiked); analog inputs use dense row updates; the neuron update, spike and surrogate derivative are
 * fused in one pass per layer and step. The backward pass keeps only the current sample's tape (spikes,
 * surrogate derivatives, membranes, currents) in a per-worker workspace reused across samples.
 *
 * <p>All vector loops read and write separate row arrays at the same index, which lets the JIT prove
 * they do not alias and vectorise them. Tested against {@link ReferenceEngine}.
 */
final class FastEngine {
    /** Default number of samples trained in lockstep by a worker (see {@link Network#lanes}). */
    static final int LANES = 4;

    /** Steps whose input currents are computed ahead of the neuron updates (see {@code forwardLayer}). */
    static final int BLOCK = 16;

    private FastEngine() {
    }

    /** Workspace of one layer: the tape of one sample ({@code [step][neuron]} rows) and the running state. */
    static final class LayerWork {
        final Layer L;
        final int n;
        int cap;
        float[][] mem;
        float[][] syn;
        float[][] spk;
        float[][] sg;
        float[][] adapt;
        float[][] gExt;
        int[] evStart;
        int[] evIdx;
        /** Scratch of the grouped weight gradients: per-input list ends, and the steps of the events by input. */
        int[] byInput = new int[0];
        int[] bySteps = new int[0];
        /** Input currents of a block of {@link #BLOCK} steps (bias and input weights), added before the block runs. */
        final float[][] pre;
        final float[] xRow;
        // running state (carried across chunks by a stream)
        final float[] stSyn;
        final float[] stMem;
        final float[] stSpk;
        final float[] stA;
        // backward scratch
        final float[] dmemN;
        final float[] dsynN;
        final float[] daN;
        final float[] recG;
        final double[] gThr;
        final double[] gBeta;
        final double[] gAlpha;

        LayerWork(Layer L) {
            this.L = L;
            this.n = L.n;
            pre = new float[BLOCK][n];
            xRow = new float[L.in];
            stSyn = new float[n];
            stMem = new float[n];
            stSpk = new float[n];
            stA = new float[n];
            dmemN = new float[n];
            dsynN = new float[n];
            daN = new float[n];
            recG = new float[n];
            gThr = new double[n];
            gBeta = new double[n];
            gAlpha = new double[n];
            evIdx = new int[64];
            ensure(16);
        }

        void ensure(int steps) {
            if (steps <= cap) {
                return;
            }
            cap = Math.max(steps, cap * 2);
            mem = new float[cap][n];
            syn = new float[cap][n];
            spk = new float[cap][n];
            sg = new float[cap][n];
            adapt = L.adaptive ? new float[cap][n] : null;
            gExt = new float[cap][n];
            evStart = new int[cap + 1];
        }

        void resetState() {
            Arrays.fill(stSyn, 0);
            Arrays.fill(stMem, 0);
            Arrays.fill(stSpk, 0);
            Arrays.fill(stA, 0);
        }
    }

    /** Gradient buffers of one layer: weight rows like {@link Layer#wRows}, flat arrays for per-neuron values. */
    static final class LayerGrads {
        final float[][] w;
        final float[] wDiag;
        final float[] b;
        final float[][] v;

        LayerGrads(Layer L) {
            w = L.diagonal() ? null : new float[L.in][L.n];
            wDiag = L.diagonal() ? new float[L.n] : null;
            b = L.bias == null ? null : new float[L.n];
            v = L.recurrent == null ? null : new float[L.n][L.n];
        }
    }

    /** One worker: a workspace per layer and gradient buffers for every parameter. */
    static final class FastWorker extends Network.Worker {
        final Network net;
        /** The workspaces of the sample being run: one of {@link #lanes}, the first outside lockstep. */
        LayerWork[] lw;
        /** Workspaces of the samples of a lockstep group; created on the first lockstep chunk. */
        private LayerWork[][] lanes;
        final LayerGrads[] lg;
        /** Per-neuron gradient buffers (thresholds, time constants), indexed like the network's parameters. */
        final float[][] small;
        private double[] traceD = new double[0];
        private double[] dTraceD = new double[0];
        private double[] spkD = new double[0];
        private double[] gRegD = new double[0];
        private final double[] dLogits;
        private final float[] maxBest;
        private final int[] argT;

        FastWorker(Network net) {
            this.net = net;
            lw = new LayerWork[net.layers.size()];
            lg = new LayerGrads[lw.length];
            for (int l = 0; l < lw.length; l++) {
                lw[l] = new LayerWork(net.layers.get(l));
                lg[l] = new LayerGrads(net.layers.get(l));
            }
            small = new float[net.parameters().size()][];
            for (Layer L : net.layers) {
                for (Parameter p : new Parameter[] {L.threshold, L.tauMem, L.tauSyn}) {
                    if (p != null) {
                        small[net.parameterIndex(p)] = new float[p.size()];
                    }
                }
            }
            dLogits = new double[net.classes()];
            maxBest = new float[net.classes()];
            argT = new int[net.classes()];
        }

        @Override
        void drainInto(List<Parameter> ps) {
            for (int l = 0; l < lw.length; l++) {
                Layer L = lw[l].L;
                LayerGrads g = lg[l];
                int n = L.n;
                if (g.w != null) {
                    drainRows(L.weight, g.w, n);
                } else {
                    drainFlat(L.weight, g.wDiag);
                }
                if (g.b != null) {
                    drainFlat(L.bias, g.b);
                }
                if (g.v != null) {
                    drainRows(L.recurrent, g.v, n);
                }
            }
            for (int i = 0; i < small.length; i++) {
                if (small[i] != null) {
                    drainFlat(ps.get(i), small[i]);
                }
            }
        }

        private static void drainRows(Parameter p, float[][] rows, int n) {
            float[] g = p.grad();
            boolean on = p.trainable();
            for (int r = 0; r < rows.length; r++) {
                float[] row = rows[r];
                if (on) {
                    int o = r * n;
                    for (int i = 0; i < n; i++) {
                        g[o + i] += row[i];
                    }
                }
                Arrays.fill(row, 0f);
            }
        }

        private static void drainFlat(Parameter p, float[] src) {
            if (p.trainable()) {
                float[] g = p.grad();
                for (int k = 0; k < g.length; k++) {
                    g[k] += src[k];
                }
            }
            Arrays.fill(src, 0f);
        }

        /** Forward over {@code s} from the current state; with {@code tape} the backward tape is written. */
        void forward(Sample s, boolean tape) {
            int steps = s.steps();
            NetworkOptions o = net.options();
            for (int l = 0; l < lw.length; l++) {
                LayerWork w = lw[l];
                w.ensure(steps);
                // inference reads only the last layer's rows (regularizers: all spike rows), and the fast
                // backward of a hidden layer only its surrogate rows and event lists: the other rows are not
                // written, so less tape streams through the cache
                boolean rows = o.smooth() || l == lw.length - 1 || !o.regularizers().isEmpty()
                        || tape && !simpleBackward(w.L, o);
                if (l == 0) {
                    if (s instanceof SpikeSample sp) {
                        forwardLayer(w, sp.stepStart(), sp.channelIndex(), null, null, steps, tape, rows, o);
                    } else {
                        forwardLayer(w, null, null, ((DenseSample) s).values(), null, steps, tape, rows, o);
                    }
                } else {
                    LayerWork p = lw[l - 1];
                    if (o.smooth()) {
                        forwardLayer(w, null, null, null, p.spk, steps, tape, rows, o);
                    } else {
                        forwardLayer(w, p.evStart, p.evIdx, null, null, steps, tape, rows, o);
                    }
                }
            }
        }

        /** Output trace of the last forward pass: {@code [steps][classes]} in a reused double array. */
        double[] outputTrace(int steps) {
            LayerWork last = lw[lw.length - 1];
            int n = last.n;
            if (traceD.length < steps * n) {
                traceD = new double[steps * n];
            }
            float[][] src = net.options().readout().usesSpikes() ? last.spk : last.mem;
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < n; i++) {
                    traceD[t * n + i] = src[t][i];
                }
            }
            return traceD;
        }

        /** Copies the output trace rows of the last forward pass into a flat array. */
        void copyOutput(int steps, float[] dst, int offset) {
            LayerWork last = lw[lw.length - 1];
            float[][] src = net.options().readout().usesSpikes() ? last.spk : last.mem;
            for (int t = 0; t < steps; t++) {
                System.arraycopy(src[t], 0, dst, offset + t * last.n, last.n);
            }
        }

        @Override
        double run(Sample s, boolean grad, double scale, double[] logits, double[] spikeSums) {
            double loss = head(s, grad, scale, logits, spikeSums);
            if (grad && s.label() >= 0) {
                NetworkOptions o = net.options();
                for (int l = lw.length - 1; l >= 0; l--) {
                    backwardLayer(l, s, s.steps(), o, false);
                }
            }
            return loss;
        }

        /**
         * Training runs groups of up to {@link Network#lanes} consecutive samples of equal length in
         * lockstep: each sample's forward and readout gradient as alone, then per layer (last first) the
         * backward of every sample of the group, sample by sample, so that every parameter's gradient
         * receives the same additions in the same order as one by one (bit-identical). Only the input-current
         * adjoints of a recurrent layer on the fast path are computed for the group together, step by step,
         * which loads each recurrent weight row once per group instead of once per sample.
         */
        @Override
        void runChunk(List<? extends Sample> batch, int from, int to, boolean grad, double scale, double[][] logits,
                      double[] losses, double[] spikeSums) {
            int m = net.lanes;
            if (!grad || m <= 1 || !anyLockstepLayer()) {
                super.runChunk(batch, from, to, grad, scale, logits, losses, spikeSums);
                return;
            }
            if (lanes == null || lanes.length != m) {
                lanes = new LayerWork[m][];
                lanes[0] = lw;
                for (int k = 1; k < m; k++) {
                    lanes[k] = new LayerWork[lw.length];
                    for (int l = 0; l < lw.length; l++) {
                        lanes[k][l] = new LayerWork(net.layers.get(l));
                    }
                }
            }
            NetworkOptions o = net.options();
            LayerWork[] home = lw;
            try {
                int i = from;
                while (i < to) {
                    int steps = batch.get(i).steps();
                    int g = 1;
                    while (g < m && i + g < to && batch.get(i + g).steps() == steps) {
                        g++;
                    }
                    for (int k = 0; k < g; k++) {
                        lw = lanes[k];
                        losses[i + k] = head(batch.get(i + k), true, scale, logits[i + k], spikeSums);
                    }
                    for (int l = lw.length - 1; l >= 0; l--) {
                        boolean ready = g > 1 && lockstepLayer(l);
                        if (ready) {
                            lockstepAdjoints(l, g, steps);
                        }
                        for (int k = 0; k < g; k++) {
                            lw = lanes[k];
                            backwardLayer(l, batch.get(i + k), steps, o, ready);
                        }
                    }
                    i += g;
                }
            } finally {
                lw = home;
            }
        }

        private boolean anyLockstepLayer() {
            for (int l = 0; l < lw.length; l++) {
                if (lockstepLayer(l)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether layer {@code l} backward is the fast recurrent case whose adjoints run in lockstep. */
        private boolean lockstepLayer(int l) {
            Layer L = lw[l].L;
            return L.vtRows != null && L.recurrent != null && simpleBackward(L, net.options());
        }

        /**
         * For the first {@code g} lanes, the input-current adjoint of layer {@code l} at every step, written
         * over that step's row of {@code gExt} (which it no longer needs): the same kernels in the same order
         * as {@link #backwardLayer} uses for one sample, with the recurrent products of the group done row
         * block by row block.
         */
        private void lockstepAdjoints(int l, int g, int steps) {
            Layer L = lw[l].L;
            float[] alpha = L.alpha;
            float[] beta = L.beta;
            float[][] dIs = new float[g][];
            float[][] recGs = new float[g][];
            for (int k = 0; k < g; k++) {
                LayerWork w = lanes[k][l];
                Arrays.fill(w.dmemN, 0f);
                Arrays.fill(w.dsynN, 0f);
                Arrays.fill(w.recG, 0f);
                recGs[k] = w.recG;
            }
            for (int t = steps - 1; t >= 0; t--) {
                for (int k = 0; k < g; k++) {
                    LayerWork w = lanes[k][l];
                    float[] gR = w.gExt[t];
                    Kernels.cubaBackStep(gR, w.recG, w.sg[t], alpha, beta, w.dmemN, w.dsynN, gR);
                    dIs[k] = gR;
                }
                // the recurrent gradient feeds the previous step, so step 0 needs none
                if (t > 0) {
                    Kernels.gemvLanesSet(dIs, L.vtRows, recGs, g);
                }
            }
        }

        /**
         * {@link Readout.MaxMembrane} on the output rows: {@code logits[k]} is the largest {@code mem[t][k]},
         * {@code argT[k]} the first step attaining it (as the readout's strict comparison picks).
         */
        private void maxOverTime(float[][] mem, int steps, int classes, double[] logits) {
            float[] best = maxBest;
            Kernels.maxOverTime(mem, steps, classes, best, argT);
            for (int k = 0; k < classes; k++) {
                logits[k] = best[k];
            }
        }

        /**
         * Whether layer {@code l}'s output gradient rows are written (not added to) by the backward of the next
         * layer: a dense next layer writes every step's row, unless a regulariser has added to them first.
         */
        private boolean setByNext(int l) {
            if (l + 1 >= lw.length || lw[l + 1].L.diagonal()) {
                return false;
            }
            for (Regularizer r : net.options().regularizers()) {
                if (net.layerIndex(r.layer()) == l) {
                    return false;
                }
            }
            return true;
        }

        /** Forward, readout and loss of one sample, and the gradient on the outputs' trace (no layer backward). */
        private double head(Sample s, boolean grad, double scale, double[] logits, double[] spikeSums) {
            for (LayerWork w : lw) {
                w.resetState();
            }
            forward(s, grad);
            NetworkOptions o = net.options();
            int steps = s.steps();
            int classes = net.classes();
            double dt = o.discretisation().dt();
            // the max over time of the membrane is found on the float rows: the same maximum and first time
            // step attaining it as on the double trace, without copying the trace
            boolean maxMembrane = o.readout() instanceof Readout.MaxMembrane;
            double[] trace = null;
            if (maxMembrane) {
                maxOverTime(lw[lw.length - 1].mem, steps, classes, logits);
            } else {
                trace = outputTrace(steps);
                o.readout().logits(trace, steps, classes, dt, logits);
            }
            for (int l = 0; l < lw.length; l++) {
                LayerWork w = lw[l];
                if (!w.L.spiking) {
                    continue;
                }
                if (o.smooth()) {
                    double sum = 0;
                    for (int t = 0; t < steps; t++) {
                        for (float v : w.spk[t]) {
                            sum += v;
                        }
                    }
                    spikeSums[l] += sum;
                } else {
                    spikeSums[l] += w.evStart[steps];
                }
            }
            if (s.label() < 0) {
                return Double.NaN;
            }
            double loss = CrossEntropy.lossAndGrad(logits, classes, s.label(), grad ? dLogits : null);
            if (grad) {
                for (int l = 0; l < lw.length; l++) {
                    if (!setByNext(l)) {
                        for (int t = 0; t < steps; t++) {
                            Arrays.fill(lw[l].gExt[t], 0f);
                        }
                    }
                }
            }
            for (Regularizer r : o.regularizers()) {
                LayerWork w = lw[net.layerIndex(r.layer())];
                int n = w.n;
                int size = steps * n;
                if (spkD.length < size) {
                    spkD = new double[size];
                    gRegD = new double[size];
                }
                for (int t = 0; t < steps; t++) {
                    for (int i = 0; i < n; i++) {
                        spkD[t * n + i] = w.spk[t][i];
                    }
                }
                Arrays.fill(gRegD, 0, size, 0);
                loss += r.apply(spkD, steps, n, gRegD);
                if (grad) {
                    for (int t = 0; t < steps; t++) {
                        for (int i = 0; i < n; i++) {
                            w.gExt[t][i] += (float) (scale * gRegD[t * n + i]);
                        }
                    }
                }
            }
            if (!grad) {
                return loss;
            }
            for (int k = 0; k < classes; k++) {
                dLogits[k] *= scale;
            }
            LayerWork last = lw[lw.length - 1];
            if (maxMembrane) {
                for (int k = 0; k < classes; k++) {
                    last.gExt[argT[k]][k] += (float) dLogits[k];
                }
                return loss;
            }
            if (dTraceD.length < steps * classes) {
                dTraceD = new double[steps * classes];
            }
            o.readout().backward(trace, steps, classes, dt, dLogits, dTraceD);
            for (int t = 0; t < steps; t++) {
                for (int k = 0; k < classes; k++) {
                    last.gExt[t][k] += (float) dTraceD[t * classes + k];
                }
            }
            return loss;
        }

        /** Bias plus the input of step {@code t} through the layer's input weights, into {@code cur}. */
        private static void inputCurrent(float[] cur, int t, float[] b, float[][] wRows, float[] wDiag, int[] evStart,
                                         int[] evIdx, float[] xFlat, float[][] xRows, float[] xRow, int in, int n) {
            if (b == null && wDiag == null && xRows == null) {
                // no bias: the first row block sets the current instead of adding to a cleared one
                if (xFlat != null) {
                    Kernels.gemvSet(xFlat, t * in, wRows, cur);
                } else {
                    Kernels.sumRows(wRows, evIdx, evStart[t], evStart[t + 1], cur);
                }
                return;
            }
            if (b != null) {
                System.arraycopy(b, 0, cur, 0, n);
            } else {
                Arrays.fill(cur, 0f);
            }
            if (xFlat != null && wDiag == null) {
                Kernels.gemv(xFlat, t * in, wRows, cur);
                return;
            }
            float[] x = null;
            if (xFlat != null) {
                System.arraycopy(xFlat, t * in, xRow, 0, in);
                x = xRow;
            } else if (xRows != null) {
                x = xRows[t];
            }
            if (wDiag != null) {
                if (x == null) {
                    for (int e = evStart[t]; e < evStart[t + 1]; e++) {
                        int c = evIdx[e];
                        cur[c] += wDiag[c];
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        cur[i] += wDiag[i] * x[i];
                    }
                }
            } else if (x == null) {
                Kernels.addRows(wRows, evIdx, evStart[t], evStart[t + 1], cur);
            } else {
                Kernels.gemv(x, wRows, cur);
            }
        }

        private void forwardLayer(LayerWork w, int[] evStart, int[] evIdx, float[] xFlat, float[][] xRows, int steps,
                                  boolean tape, boolean rows, NetworkOptions o) {
            Layer L = w.L;
            int n = w.n;
            int in = L.in;
            float[][] wRows = L.wRows;
            float[] wDiag = L.diagonal() ? L.weight.value() : null;
            float[] b = L.bias == null ? null : L.bias.value();
            float[][] vRows = L.vRows;
            float[] xRow = w.xRow;
            float[] alpha = L.alpha;
            float[] beta = L.beta;
            float[] rho = L.rho;
            float[] thr = L.threshold == null ? null : L.threshold.value();
            float[] vr = L.vReset == null ? null : L.vReset.value();
            float[] ba = L.betaAdapt == null ? null : L.betaAdapt.value();
            boolean subtract = L.reset == ResetMode.SUBTRACT;
            boolean smooth = o.smooth();
            boolean simple = L.spiking && !L.adaptive && subtract && !smooth;
            Surrogate sgt = o.surrogate();
            float[] stSyn = w.stSyn;
            float[] stMem = w.stMem;
            float[] stSpk = w.stSpk;
            float[] stA = w.stA;
            int ne = 0;
            w.evStart[0] = 0;
            float[][] pre = w.pre;
            for (int t = 0; t < steps; t++) {
                int inBlock = t % BLOCK;
                if (inBlock == 0) {
                    // the input currents of a block of steps do not depend on this layer's state: adding
                    // them first, block by block, keeps the loop below short and its rows in the L1 cache
                    for (int q = t; q < Math.min(steps, t + BLOCK); q++) {
                        inputCurrent(pre[q - t], q, b, wRows, wDiag, evStart, evIdx, xFlat, xRows, xRow, in, n);
                    }
                }
                float[] cur = pre[inBlock];
                if (vRows != null) {
                    if (t == 0 || smooth) {
                        float[] sp = t == 0 ? stSpk : w.spk[t - 1];
                        for (int j = 0; j < n; j++) {
                            float sv = sp[j];
                            if (sv != 0f) {
                                Kernels.axpy(sv, vRows[j], cur);
                            }
                        }
                    } else {
                        Kernels.addRows(vRows, w.evIdx, w.evStart[t - 1], w.evStart[t], cur);
                    }
                }
                float[] memR = w.mem[t];
                float[] synR = w.syn[t];
                float[] spkR = w.spk[t];
                if (!L.spiking) {
                    Kernels.liStep(alpha, beta, cur, stSyn, stMem, synR, memR);
                    w.evStart[t + 1] = ne;
                    continue;
                }
                if (simple && !rows) {
                    spkR = stSpk;
                    if (tape && sgt instanceof Surrogate.FastSigmoid fs) {
                        Kernels.cubaStepFastSigmoid(alpha, beta, thr, cur, stSyn, stMem, stSpk, (float) fs.slope(), w.sg[t]);
                    } else {
                        Kernels.cubaStepState(alpha, beta, thr, cur, stSyn, stMem, stSpk);
                        if (tape) {
                            surrogate(sgt, stMem, thr, w.sg[t], n);
                        }
                    }
                } else if (simple) {
                    Kernels.cubaStep(alpha, beta, thr, cur, stSyn, stMem, stSpk, synR, memR, spkR);
                    if (tape) {
                        surrogate(sgt, memR, thr, w.sg[t], n);
                    }
                } else {
                    float[] sgR = w.sg[t];
                    for (int i = 0; i < n; i++) {
                        float sPrev = stSpk[i];
                        float sy = alpha[i] * stSyn[i] + cur[i];
                        float bm = beta[i] * stMem[i];
                        float th = thr[i];
                        float thPrev = th;
                        if (L.adaptive) {
                            thPrev = th + ba[i] * stA[i];
                            float a = rho[i] * stA[i] + sPrev;
                            th = th + ba[i] * a;
                            stA[i] = a;
                            w.adapt[t][i] = a;
                        }
                        float r = subtract ? thPrev * sPrev : sPrev * (bm - vr[i]);
                        float m = bm + sy - r;
                        float u = m - th;
                        float s = smooth ? (float) sgt.primitive(u) : (u > 0f ? 1f : 0f);
                        stSyn[i] = sy;
                        stMem[i] = m;
                        stSpk[i] = s;
                        synR[i] = sy;
                        memR[i] = m;
                        spkR[i] = s;
                        if (tape) {
                            sgR[i] = sgt.gradF(u);
                        }
                    }
                }
                if (!smooth) {
                    if (ne + n + 8 > w.evIdx.length) {
                        w.evIdx = Arrays.copyOf(w.evIdx, Math.max(w.evIdx.length * 2, ne + n + 8));
                    }
                    ne = Kernels.appendEvents(spkR, n, w.evIdx, ne);
                }
                w.evStart[t + 1] = ne;
            }
        }

        /** Surrogate derivative at {@code mem - thr}; the fast sigmoid is inlined so the loop vectorises. */
        private static void surrogate(Surrogate sgt, float[] mem, float[] thr, float[] out, int n) {
            if (sgt instanceof Surrogate.FastSigmoid fs) {
                float k = (float) fs.slope();
                for (int i = 0; i < n; i++) {
                    float d = k * Math.abs(mem[i] - thr[i]) + 1f;
                    out[i] = 1f / (d * d);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    out[i] = sgt.gradF(mem[i] - thr[i]);
                }
            }
        }

        private static boolean simpleBackward(Layer L, NetworkOptions o) {
            return L.spiking && L.reset == ResetMode.SUBTRACT && o.detachReset() && !L.adaptive
                    && !(L.threshold != null && L.threshold.trainable()) && !(L.tauMem != null && L.tauMem.trainable())
                    && !(L.tauSyn != null && L.tauSyn.trainable());
        }

        /**
         * Weight gradients of event inputs after the time loop: {@code gRows[c] += dI[t + shift]} for every
         * event {@code (t, c)} with {@code t < steps}, where {@code dI} are the layer's adjoint rows (kept in
         * {@code gExt}). The events are first grouped by input (a counting sort, steps ascending), so each
         * gradient row is loaded and stored once per sample rather than once per event.
         */
        private static void eventWeightGrad(LayerWork w, float[][] gRows, int[] start, int[] idx, int steps, int shift) {
            if (steps <= 0) {
                return;
            }
            if (gRows.length == 0 || gRows[0].length < 16) {
                // rows narrower than two vectors: grouping costs more than the loads and stores it saves
                for (int t = steps - 1; t >= 0; t--) {
                    Kernels.addToRows(w.gExt[t + shift], gRows, idx, start[t], start[t + 1]);
                }
                return;
            }
            int inputs = gRows.length;
            int events = start[steps] - start[0];
            if (w.byInput.length < inputs + 1) {
                w.byInput = new int[inputs + 1];
            }
            if (w.bySteps.length < events) {
                w.bySteps = new int[Math.max(events, w.bySteps.length * 2)];
            }
            int[] pos = w.byInput;
            int[] list = w.bySteps;
            Arrays.fill(pos, 0, inputs + 1, 0);
            for (int e = start[0]; e < start[steps]; e++) {
                pos[idx[e] + 1]++;
            }
            for (int c = 0; c < inputs; c++) {
                pos[c + 1] += pos[c];
            }
            // pos[c] is now where input c's steps begin; filling moves it to where they end
            for (int t = 0; t < steps; t++) {
                for (int e = start[t]; e < start[t + 1]; e++) {
                    list[pos[idx[e]]++] = t + shift;
                }
            }
            float[][] dI = w.gExt;
            int from = 0;
            for (int c = 0; c < inputs; c++) {
                int to = pos[c];
                if (to > from) {
                    Kernels.addRows(dI, list, from, to, gRows[c]);
                }
                from = to;
            }
        }

        /**
         * Backward of layer {@code l} for the current sample; with {@code ready}, each step's input-current
         * adjoint is already in that step's {@code gExt} row ({@link #lockstepAdjoints}).
         */
        private void backwardLayer(int l, Sample s, int steps, NetworkOptions o, boolean ready) {
            LayerWork w = lw[l];
            LayerGrads g = lg[l];
            Layer L = w.L;
            int n = w.n;
            boolean subtract = L.reset == ResetMode.SUBTRACT;
            boolean detach = o.detachReset();
            boolean smooth = o.smooth();
            float[] alpha = L.alpha;
            float[] beta = L.beta;
            float[] rho = L.rho;
            float[] thr = L.threshold == null ? null : L.threshold.value();
            float[] vr = L.vReset == null ? null : L.vReset.value();
            float[] ba = L.betaAdapt == null ? null : L.betaAdapt.value();
            boolean needThr = L.threshold != null && L.threshold.trainable();
            boolean needBeta = L.tauMem != null && L.tauMem.trainable();
            boolean needAlpha = L.tauSyn != null && L.tauSyn.trainable();
            boolean needThrPath = needThr || L.adaptive;
            boolean simple = L.spiking && subtract && detach && !L.adaptive && !needThr && !needBeta && !needAlpha;
            float[] wDiag = L.diagonal() ? L.weight.value() : null;
            float[][] vtRows = L.vtRows;
            float[][] wtRows = L.wtRows;
            float[][] gPrev = l > 0 ? lw[l - 1].gExt : null;
            boolean gPrevSet = l > 0 && setByNext(l - 1);
            int[] inStart = null;
            int[] inIdx = null;
            float[] xFlat = null;
            float[][] xRows = null;
            if (l == 0) {
                if (s instanceof SpikeSample sp) {
                    inStart = sp.stepStart();
                    inIdx = sp.channelIndex();
                } else {
                    xFlat = ((DenseSample) s).values();
                }
            } else if (smooth) {
                xRows = lw[l - 1].spk;
            } else {
                inStart = lw[l - 1].evStart;
                inIdx = lw[l - 1].evIdx;
            }
            int in = L.in;
            float[] dmemN = w.dmemN;
            float[] dsynN = w.dsynN;
            float[] daN = w.daN;
            float[] recG = w.recG;
            Arrays.fill(dmemN, 0f);
            Arrays.fill(dsynN, 0f);
            Arrays.fill(daN, 0f);
            Arrays.fill(recG, 0f);
            for (int t = steps - 1; t >= 0; t--) {
                float[] gR = w.gExt[t];
                float[] sgR = w.sg[t];
                float[] spkR = w.spk[t];
                // the input-current adjoint replaces the step's output gradient in place (each entry is read
                // before it is written), so that every step's adjoint is kept for the weight gradients below
                float[] dI = gR;
                if (ready) {
                    // adjoint computed by lockstepAdjoints
                } else if (simple) {
                    Kernels.cubaBackStep(gR, recG, sgR, alpha, beta, dmemN, dsynN, dI);
                } else if (!L.spiking && !needBeta && !needAlpha) {
                    Kernels.liBackStep(gR, alpha, beta, dmemN, dsynN, dI);
                } else {
                    float[] memR = w.mem[t];
                    for (int i = 0; i < n; i++) {
                        float dmemNext = dmemN[i];
                        float dmem;
                        if (L.spiking) {
                            float gs = gR[i] + recG[i];
                            float sT = spkR[i];
                            if (!detach) {
                                float thEff = L.adaptive ? thr[i] + ba[i] * w.adapt[t][i] : thr[i];
                                gs -= (subtract ? thEff : beta[i] * memR[i] - vr[i]) * dmemNext;
                                if (L.adaptive) {
                                    gs += daN[i];
                                }
                            }
                            float du = gs * sgR[i];
                            dmem = du + beta[i] * (subtract ? dmemNext : (1f - sT) * dmemNext);
                            if (needThrPath) {
                                float dth = -du - (subtract ? sT * dmemNext : 0f);
                                w.gThr[i] += dth;
                                if (L.adaptive) {
                                    daN[i] = ba[i] * dth + rho[i] * daN[i];
                                }
                            }
                        } else {
                            dmem = gR[i] + beta[i] * dmemNext;
                        }
                        if (needBeta && t > 0) {
                            float gate = L.spiking && !subtract ? 1f - w.spk[t - 1][i] : 1f;
                            w.gBeta[i] += dmem * gate * w.mem[t - 1][i];
                        }
                        float dsyn = dmem;
                        if (L.cuba) {
                            dsyn = dmem + alpha[i] * dsynN[i];
                            dsynN[i] = dsyn;
                            if (needAlpha && t > 0) {
                                w.gAlpha[i] += dsyn * w.syn[t - 1][i];
                            }
                        }
                        dI[i] = dsyn;
                        dmemN[i] = dmem;
                    }
                }
                if (g.b != null) {
                    Kernels.addRow(dI, g.b);
                }
                float[] x = null;
                if (xFlat != null && wDiag != null) {
                    System.arraycopy(xFlat, t * in, w.xRow, 0, in);
                    x = w.xRow;
                } else if (xRows != null) {
                    x = xRows[t];
                }
                if (wDiag != null) {
                    if (x == null) {
                        for (int e = inStart[t]; e < inStart[t + 1]; e++) {
                            int c = inIdx[e];
                            g.wDiag[c] += dI[c];
                        }
                    } else {
                        for (int i = 0; i < n; i++) {
                            g.wDiag[i] += x[i] * dI[i];
                        }
                    }
                    if (gPrev != null) {
                        float[] gp = gPrev[t];
                        for (int i = 0; i < n; i++) {
                            gp[i] += wDiag[i] * dI[i];
                        }
                    }
                } else {
                    if (x != null) {
                        Kernels.outer(x, dI, g.w);
                    }
                    if (gPrev != null) {
                        if (gPrevSet) {
                            Kernels.gemvSet(dI, 0, wtRows, gPrev[t]);
                        } else {
                            Kernels.gemv(dI, wtRows, gPrev[t]);
                        }
                    }
                }
                if (g.v != null) {
                    if (t > 0) {
                        if (smooth) {
                            float[] sp = w.spk[t - 1];
                            for (int j = 0; j < n; j++) {
                                float sv = sp[j];
                                if (sv != 0f) {
                                    Kernels.axpy(sv, dI, g.v[j]);
                                }
                            }
                        }
                    }
                    if (!ready && t > 0) {
                        Kernels.gemvSet(dI, 0, vtRows, recG);
                    }
                }
            }
            if (wDiag == null && inIdx != null) {
                eventWeightGrad(w, g.w, inStart, inIdx, steps, 0);
            }
            if (wDiag == null && xFlat != null) {
                // analog input: g.w[c] += sum_t x[t][c] dI[t], input by input over the kept adjoint rows (the
                // row-block product, instead of an outer-product update of every gradient row at every step)
                for (int c = 0; c < in; c++) {
                    Kernels.gemvStrided(xFlat, c, in, w.gExt, steps, g.w[c]);
                }
            }
            if (g.v != null && !smooth) {
                eventWeightGrad(w, g.v, w.evStart, w.evIdx, steps - 1, 1);
            }
            if (needThr) {
                float[] dst = small[net.parameterIndex(L.threshold)];
                for (int i = 0; i < n; i++) {
                    dst[i] += (float) w.gThr[i];
                }
            }
            Arrays.fill(w.gThr, 0);
            if (needBeta) {
                float[] dst = small[net.parameterIndex(L.tauMem)];
                for (int i = 0; i < n; i++) {
                    dst[i] += (float) (w.gBeta[i] * o.discretisation().decayDerivative(L.tauMem.value()[i]));
                }
            }
            Arrays.fill(w.gBeta, 0);
            if (needAlpha) {
                float[] dst = small[net.parameterIndex(L.tauSyn)];
                for (int i = 0; i < n; i++) {
                    dst[i] += (float) (w.gAlpha[i] * o.discretisation().decayDerivative(L.tauSyn.value()[i]));
                }
            }
            Arrays.fill(w.gAlpha, 0);
        }
    }
}
