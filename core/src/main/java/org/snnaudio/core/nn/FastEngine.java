package org.snnaudio.core.nn;

import org.snnaudio.core.data.DenseSample;
import org.snnaudio.core.data.Sample;
import org.snnaudio.core.data.SpikeSample;
import org.snnaudio.core.loss.CrossEntropy;
import org.snnaudio.core.loss.Regularizer;
import org.snnaudio.core.model.ResetMode;
import org.snnaudio.core.neuron.Surrogate;

import java.util.Arrays;
import java.util.List;

/**
 * The fast float engine. Spiking inputs (the sample's event lists, or a hidden layer's spikes) add one
 * weight row per spike, forward and backward; analog inputs use dense row updates; the neuron update,
 * spike and surrogate derivative are fused in one pass per layer and step. The backward pass keeps only
 * what it needs (spikes, surrogate derivatives, membranes and currents of the current sample) in a
 * per-worker workspace reused across samples. Tested against {@link ReferenceEngine}.
 */
final class FastEngine {
    private FastEngine() {
    }

    /** Workspace of one layer: the tape of one sample and the running state. */
    static final class LayerWork {
        final Layer L;
        final int n;
        int cap;
        float[] mem;
        float[] syn;
        float[] spk;
        float[] sg;
        float[] adapt;
        int[] evStart;
        int[] evIdx;
        final float[] cur;
        // running state (carried across chunks by a stream)
        final float[] stSyn;
        final float[] stMem;
        final float[] stSpk;
        final float[] stA;
        // backward scratch
        float[] gExt;
        final float[] dmemN;
        final float[] dsynN;
        final float[] daN;
        final float[] dI;
        final float[] recG;
        final double[] gThr;
        final double[] gBeta;
        final double[] gAlpha;

        LayerWork(Layer L) {
            this.L = L;
            this.n = L.n;
            cur = new float[n];
            stSyn = new float[n];
            stMem = new float[n];
            stSpk = new float[n];
            stA = new float[n];
            dmemN = new float[n];
            dsynN = new float[n];
            daN = new float[n];
            dI = new float[n];
            recG = new float[n];
            gThr = new double[n];
            gBeta = new double[n];
            gAlpha = new double[n];
            ensure(16);
        }

        void ensure(int steps) {
            if (steps <= cap) {
                return;
            }
            cap = Math.max(steps, cap * 2);
            mem = new float[cap * n];
            syn = new float[cap * n];
            spk = new float[cap * n];
            sg = new float[cap * n];
            adapt = L.adaptive ? new float[cap * n] : null;
            gExt = new float[cap * n];
            evStart = new int[cap + 1];
            evIdx = new int[Math.max(16, cap * Math.min(n, 8))];
        }

        void resetState() {
            Arrays.fill(stSyn, 0);
            Arrays.fill(stMem, 0);
            Arrays.fill(stSpk, 0);
            Arrays.fill(stA, 0);
        }
    }

    /** One worker: a workspace per layer and gradient buffers for every parameter. */
    static final class FastWorker extends Network.Worker {
        final Network net;
        final LayerWork[] lw;
        final float[][] grads;
        private double[] traceD = new double[0];
        private double[] dTraceD = new double[0];
        private double[] spkD = new double[0];
        private double[] gRegD = new double[0];
        private final double[] dLogits;

        FastWorker(Network net) {
            this.net = net;
            lw = new LayerWork[net.layers.size()];
            for (int l = 0; l < lw.length; l++) {
                lw[l] = new LayerWork(net.layers.get(l));
            }
            grads = new float[net.parameters().size()][];
            for (int i = 0; i < grads.length; i++) {
                grads[i] = new float[net.parameters().get(i).size()];
            }
            dLogits = new double[net.classes()];
        }

        @Override
        void drainInto(List<Parameter> ps) {
            for (int i = 0; i < grads.length; i++) {
                Parameter p = ps.get(i);
                if (p.trainable()) {
                    float[] g = p.grad();
                    float[] src = grads[i];
                    for (int k = 0; k < g.length; k++) {
                        g[k] += src[k];
                    }
                }
                Arrays.fill(grads[i], 0f);
            }
        }

        /** Forward over {@code s} from the current state; with {@code tape} the backward tape is written. */
        void forward(Sample s, boolean tape) {
            int steps = s.steps();
            NetworkOptions o = net.options();
            for (int l = 0; l < lw.length; l++) {
                LayerWork w = lw[l];
                w.ensure(steps);
                if (l == 0) {
                    if (s instanceof SpikeSample sp) {
                        forwardLayer(w, sp.stepStart(), sp.channelIndex(), null, steps, tape, o);
                    } else {
                        forwardLayer(w, null, null, ((DenseSample) s).values(), steps, tape, o);
                    }
                } else {
                    LayerWork p = lw[l - 1];
                    if (o.smooth()) {
                        forwardLayer(w, null, null, p.spk, steps, tape, o);
                    } else {
                        forwardLayer(w, p.evStart, p.evIdx, null, steps, tape, o);
                    }
                }
            }
        }

        /** Output trace of the last forward pass: {@code [steps][classes]} in a reused double array. */
        double[] outputTrace(int steps) {
            LayerWork last = lw[lw.length - 1];
            int size = steps * last.n;
            if (traceD.length < size) {
                traceD = new double[size];
            }
            float[] src = net.options().readout().usesSpikes() ? last.spk : last.mem;
            for (int k = 0; k < size; k++) {
                traceD[k] = src[k];
            }
            return traceD;
        }

        @Override
        double run(Sample s, boolean grad, double scale, double[] logits, double[] spikeSums) {
            for (LayerWork w : lw) {
                w.resetState();
            }
            forward(s, grad);
            NetworkOptions o = net.options();
            int steps = s.steps();
            int classes = net.classes();
            double dt = o.discretisation().dt();
            double[] trace = outputTrace(steps);
            o.readout().logits(trace, steps, classes, dt, logits);
            for (int l = 0; l < lw.length; l++) {
                LayerWork w = lw[l];
                if (!w.L.spiking) {
                    continue;
                }
                if (o.smooth()) {
                    double sum = 0;
                    for (int k = 0; k < steps * w.n; k++) {
                        sum += w.spk[k];
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
            for (int l = 0; l < lw.length; l++) {
                Arrays.fill(lw[l].gExt, 0, steps * lw[l].n, 0f);
            }
            for (Regularizer r : o.regularizers()) {
                int l = net.layerIndex(r.layer());
                LayerWork w = lw[l];
                int size = steps * w.n;
                if (spkD.length < size) {
                    spkD = new double[size];
                    gRegD = new double[size];
                }
                for (int k = 0; k < size; k++) {
                    spkD[k] = w.spk[k];
                }
                Arrays.fill(gRegD, 0, size, 0);
                loss += r.apply(spkD, steps, w.n, gRegD);
                for (int k = 0; k < size; k++) {
                    w.gExt[k] += (float) (scale * gRegD[k]);
                }
            }
            if (!grad) {
                return loss;
            }
            for (int k = 0; k < classes; k++) {
                dLogits[k] *= scale;
            }
            if (dTraceD.length < steps * classes) {
                dTraceD = new double[steps * classes];
            }
            o.readout().backward(trace, steps, classes, dt, dLogits, dTraceD);
            LayerWork last = lw[lw.length - 1];
            for (int k = 0; k < steps * classes; k++) {
                last.gExt[k] += (float) dTraceD[k];
            }
            for (int l = lw.length - 1; l >= 0; l--) {
                backwardLayer(l, s, steps, o);
            }
            return loss;
        }

        private void forwardLayer(LayerWork w, int[] evStart, int[] evIdx, float[] x, int steps, boolean tape,
                                  NetworkOptions o) {
            Layer L = w.L;
            int n = w.n;
            int in = L.in;
            float[] W = L.weight.value();
            float[] b = L.bias == null ? null : L.bias.value();
            float[] V = L.recurrent == null ? null : L.recurrent.value();
            float[] cur = w.cur;
            float[] alpha = L.alpha;
            float[] beta = L.beta;
            float[] rho = L.rho;
            float[] thr = L.threshold == null ? null : L.threshold.value();
            float[] vr = L.vReset == null ? null : L.vReset.value();
            float[] ba = L.betaAdapt == null ? null : L.betaAdapt.value();
            boolean subtract = L.reset == ResetMode.SUBTRACT;
            boolean smooth = o.smooth();
            Surrogate sgt = o.surrogate();
            float[] stSyn = w.stSyn;
            float[] stMem = w.stMem;
            float[] stSpk = w.stSpk;
            float[] stA = w.stA;
            int ne = 0;
            w.evStart[0] = 0;
            for (int t = 0; t < steps; t++) {
                if (b != null) {
                    System.arraycopy(b, 0, cur, 0, n);
                } else {
                    Arrays.fill(cur, 0f);
                }
                if (L.diagonal()) {
                    if (x == null) {
                        for (int e = evStart[t]; e < evStart[t + 1]; e++) {
                            int c = evIdx[e];
                            cur[c] += W[c];
                        }
                    } else {
                        int xo = t * in;
                        for (int i = 0; i < n; i++) {
                            cur[i] += W[i] * x[xo + i];
                        }
                    }
                } else if (x == null) {
                    for (int e = evStart[t]; e < evStart[t + 1]; e++) {
                        Kernels.addRow(W, evIdx[e] * n, cur, n);
                    }
                } else {
                    int xo = t * in;
                    for (int c = 0; c < in; c++) {
                        float xv = x[xo + c];
                        if (xv != 0f) {
                            Kernels.axpy(xv, W, c * n, cur, 0, n);
                        }
                    }
                }
                if (V != null) {
                    if (t == 0 || smooth) {
                        float[] sp = t == 0 ? stSpk : w.spk;
                        int so = t == 0 ? 0 : (t - 1) * n;
                        for (int j = 0; j < n; j++) {
                            float sv = sp[so + j];
                            if (sv != 0f) {
                                Kernels.axpy(sv, V, j * n, cur, 0, n);
                            }
                        }
                    } else {
                        for (int e = w.evStart[t - 1]; e < w.evStart[t]; e++) {
                            Kernels.addRow(V, w.evIdx[e] * n, cur, n);
                        }
                    }
                }
                int base = t * n;
                if (!L.spiking) {
                    for (int i = 0; i < n; i++) {
                        float sy = L.cuba ? alpha[i] * stSyn[i] + cur[i] : cur[i];
                        float m = beta[i] * stMem[i] + sy;
                        stSyn[i] = sy;
                        stMem[i] = m;
                        w.syn[base + i] = sy;
                        w.mem[base + i] = m;
                        w.spk[base + i] = 0f;
                    }
                    w.evStart[t + 1] = ne;
                    continue;
                }
                if (ne + n > w.evIdx.length) {
                    w.evIdx = Arrays.copyOf(w.evIdx, Math.max(w.evIdx.length * 2, ne + n));
                }
                int[] ev = w.evIdx;
                for (int i = 0; i < n; i++) {
                    float sPrev = stSpk[i];
                    float sy = L.cuba ? alpha[i] * stSyn[i] + cur[i] : cur[i];
                    float bm = beta[i] * stMem[i];
                    float th = thr[i];
                    float thPrev = th;
                    float a = 0f;
                    if (L.adaptive) {
                        thPrev = th + ba[i] * stA[i];
                        a = rho[i] * stA[i] + sPrev;
                        th = th + ba[i] * a;
                        stA[i] = a;
                    }
                    float r = subtract ? thPrev * sPrev : sPrev * (bm - vr[i]);
                    float m = bm + sy - r;
                    float u = m - th;
                    float s;
                    if (smooth) {
                        s = (float) sgt.primitive(u);
                    } else {
                        s = u > 0f ? 1f : 0f;
                        if (u > 0f) {
                            ev[ne++] = i;
                        }
                    }
                    stSyn[i] = sy;
                    stMem[i] = m;
                    stSpk[i] = s;
                    int k = base + i;
                    w.mem[k] = m;
                    w.spk[k] = s;
                    if (tape) {
                        w.syn[k] = sy;
                        w.sg[k] = sgt.gradF(u);
                        if (L.adaptive) {
                            w.adapt[k] = a;
                        }
                    }
                }
                w.evStart[t + 1] = ne;
            }
        }

        private void backwardLayer(int l, Sample s, int steps, NetworkOptions o) {
            LayerWork w = lw[l];
            Layer L = w.L;
            int n = w.n;
            int in = L.in;
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
            float[] W = L.weight.value();
            float[] gW = grads[net.parameterIndex(L.weight)];
            float[] gB = L.bias == null ? null : grads[net.parameterIndex(L.bias)];
            float[] gV = L.recurrent == null ? null : grads[net.parameterIndex(L.recurrent)];
            float[] Vt = L.recurrentT;
            float[] Wt = L.weightT;
            float[] gPrev = l > 0 ? lw[l - 1].gExt : null;
            int[] inStart = null;
            int[] inIdx = null;
            float[] x = null;
            if (l == 0) {
                if (s instanceof SpikeSample sp) {
                    inStart = sp.stepStart();
                    inIdx = sp.channelIndex();
                } else {
                    x = ((DenseSample) s).values();
                }
            } else if (smooth) {
                x = lw[l - 1].spk;
            } else {
                inStart = lw[l - 1].evStart;
                inIdx = lw[l - 1].evIdx;
            }
            float[] dmemN = w.dmemN;
            float[] dsynN = w.dsynN;
            float[] daN = w.daN;
            float[] dI = w.dI;
            float[] recG = w.recG;
            Arrays.fill(dmemN, 0f);
            Arrays.fill(dsynN, 0f);
            Arrays.fill(daN, 0f);
            Arrays.fill(recG, 0f);
            float[] gExt = w.gExt;
            for (int t = steps - 1; t >= 0; t--) {
                int base = t * n;
                for (int i = 0; i < n; i++) {
                    int k = base + i;
                    float dmemNext = dmemN[i];
                    float dmem;
                    if (L.spiking) {
                        float gs = gExt[k] + recG[i];
                        float sT = w.spk[k];
                        if (!detach) {
                            float thEff = L.adaptive ? thr[i] + ba[i] * w.adapt[k] : thr[i];
                            gs -= (subtract ? thEff : beta[i] * w.mem[k] - vr[i]) * dmemNext;
                            if (L.adaptive) {
                                gs += daN[i];
                            }
                        }
                        float du = gs * w.sg[k];
                        dmem = du + beta[i] * (subtract ? dmemNext : (1f - sT) * dmemNext);
                        if (needThrPath) {
                            float dth = -du - (subtract ? sT * dmemNext : 0f);
                            w.gThr[i] += dth;
                            if (L.adaptive) {
                                daN[i] = ba[i] * dth + rho[i] * daN[i];
                            }
                        }
                    } else {
                        dmem = gExt[k] + beta[i] * dmemNext;
                    }
                    if (needBeta && t > 0) {
                        float gate = L.spiking && !subtract ? 1f - w.spk[k - n] : 1f;
                        w.gBeta[i] += dmem * gate * w.mem[k - n];
                    }
                    float dsyn = dmem;
                    if (L.cuba) {
                        dsyn = dmem + alpha[i] * dsynN[i];
                        dsynN[i] = dsyn;
                        if (needAlpha && t > 0) {
                            w.gAlpha[i] += dsyn * w.syn[k - n];
                        }
                    }
                    dI[i] = dsyn;
                    dmemN[i] = dmem;
                }
                if (gB != null) {
                    for (int i = 0; i < n; i++) {
                        gB[i] += dI[i];
                    }
                }
                // input weights: one row per input spike, or dense rows for analog input
                if (L.diagonal()) {
                    if (x == null) {
                        for (int e = inStart[t]; e < inStart[t + 1]; e++) {
                            int c = inIdx[e];
                            gW[c] += dI[c];
                        }
                    } else {
                        int xo = t * in;
                        for (int i = 0; i < n; i++) {
                            gW[i] += x[xo + i] * dI[i];
                        }
                    }
                    if (gPrev != null) {
                        int po = t * in;
                        for (int i = 0; i < n; i++) {
                            gPrev[po + i] += W[i] * dI[i];
                        }
                    }
                } else {
                    if (x == null) {
                        for (int e = inStart[t]; e < inStart[t + 1]; e++) {
                            Kernels.addRow(dI, 0, gW, inIdx[e] * n, n);
                        }
                    } else {
                        int xo = t * in;
                        for (int c = 0; c < in; c++) {
                            float xv = x[xo + c];
                            if (xv != 0f) {
                                Kernels.axpy(xv, dI, 0, gW, c * n, n);
                            }
                        }
                    }
                    if (gPrev != null) {
                        int po = t * in;
                        for (int i = 0; i < n; i++) {
                            float d = dI[i];
                            if (d != 0f) {
                                Kernels.axpy(d, Wt, i * in, gPrev, po, in);
                            }
                        }
                    }
                }
                if (gV != null) {
                    if (t > 0) {
                        if (smooth) {
                            int so = (t - 1) * n;
                            for (int j = 0; j < n; j++) {
                                float sv = w.spk[so + j];
                                if (sv != 0f) {
                                    Kernels.axpy(sv, dI, 0, gV, j * n, n);
                                }
                            }
                        } else {
                            for (int e = w.evStart[t - 1]; e < w.evStart[t]; e++) {
                                Kernels.addRow(dI, 0, gV, w.evIdx[e] * n, n);
                            }
                        }
                    }
                    Arrays.fill(recG, 0f);
                    for (int i = 0; i < n; i++) {
                        float d = dI[i];
                        if (d != 0f) {
                            Kernels.axpy(d, Vt, i * n, recG, 0, n);
                        }
                    }
                }
            }
            {
                double[] gThr = w.gThr;
                if (needThr) {
                    float[] g = grads[net.parameterIndex(L.threshold)];
                    for (int i = 0; i < n; i++) {
                        g[i] += (float) gThr[i];
                    }
                }
                Arrays.fill(gThr, 0);
                if (needBeta) {
                    float[] g = grads[net.parameterIndex(L.tauMem)];
                    for (int i = 0; i < n; i++) {
                        g[i] += (float) (w.gBeta[i] * o.discretisation().decayDerivative(L.tauMem.value()[i]));
                    }
                }
                Arrays.fill(w.gBeta, 0);
                if (needAlpha) {
                    float[] g = grads[net.parameterIndex(L.tauSyn)];
                    for (int i = 0; i < n; i++) {
                        g[i] += (float) (w.gAlpha[i] * o.discretisation().decayDerivative(L.tauSyn.value()[i]));
                    }
                }
                Arrays.fill(w.gAlpha, 0);
            }
        }
    }
}
