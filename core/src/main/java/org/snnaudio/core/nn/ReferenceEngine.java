package org.snnaudio.core.nn;

import org.snnaudio.core.data.Sample;
import org.snnaudio.core.loss.CrossEntropy;
import org.snnaudio.core.loss.Regularizer;
import org.snnaudio.core.model.ResetMode;
import org.snnaudio.core.neuron.NeuronModel;
import org.snnaudio.core.neuron.NeuronParams;
import org.snnaudio.core.neuron.NeuronState;

import java.util.function.DoubleUnaryOperator;

/**
 * The scalar, double-precision reference engine: dense loops, the pure neuron kernels of
 * {@code core.neuron} for the forward pass and a direct transcription of the BPTT equations for the
 * backward pass. Slow and obviously correct; the fast kernels are tested against it.
 */
final class ReferenceEngine {
    private ReferenceEngine() {
    }

    /** Forward record of one layer over one sample, {@code [steps][n]} row-major. */
    static final class LayerTape {
        double[] input;
        double[] syn;
        double[] mem;
        double[] spk;
        double[] adapt;
        double[] u;
        NeuronParams p;
    }

    /** Forward pass; returns one tape per layer. */
    static LayerTape[] forward(Network net, Sample s) {
        return forward(net, s, null);
    }

    /**
     * Forward pass in which, when {@code frozen} is given, the spikes that drive each layer's reset (and
     * adaptation) are the constants {@code frozen[layer]} ({@code [steps][n]}) instead of the layer's own:
     * the function whose exact gradient the detached-reset BPTT computes, for checking it by finite differences.
     */
    static LayerTape[] forward(Network net, Sample s, double[][] frozen) {
        int steps = s.steps();
        float[] xf = s.toDense();
        double[] x = new double[xf.length];
        for (int k = 0; k < x.length; k++) {
            x[k] = xf[k];
        }
        NetworkOptions o = net.options();
        DoubleUnaryOperator spikeFn = o.smooth() ? o.surrogate()::primitive : NeuronModel.heaviside();
        LayerTape[] tapes = new LayerTape[net.layers.size()];
        double[] layerIn = x;
        for (int l = 0; l < tapes.length; l++) {
            Layer L = net.layers.get(l);
            int n = L.n;
            int in = L.in;
            LayerTape tp = new LayerTape();
            tp.input = layerIn;
            tp.p = L.neuronParams(o.discretisation());
            tp.syn = new double[steps * n];
            tp.mem = new double[steps * n];
            tp.spk = new double[steps * n];
            tp.adapt = new double[steps * n];
            tp.u = new double[steps * n];
            NeuronState st = NeuronState.zero(n);
            float[] w = L.weight.value();
            for (int t = 0; t < steps; t++) {
                double[] cur = new double[n];
                for (int i = 0; i < n; i++) {
                    cur[i] = L.bias == null ? 0 : L.bias.value()[i];
                    if (L.diagonal()) {
                        cur[i] += w[i] * layerIn[t * in + i];
                    } else {
                        for (int c = 0; c < in; c++) {
                            cur[i] += layerIn[t * in + c] * w[c * n + i];
                        }
                    }
                    if (L.recurrent != null && t > 0) {
                        for (int j = 0; j < n; j++) {
                            cur[i] += tp.spk[(t - 1) * n + j] * L.recurrent.value()[j * n + i];
                        }
                    }
                }
                if (frozen != null && t > 0) {
                    double[] f = java.util.Arrays.copyOfRange(frozen[l], (t - 1) * n, t * n);
                    st = new NeuronState(st.syn(), st.mem(), f, st.adapt());
                }
                st = L.model.step(cur, st, tp.p, spikeFn);
                for (int i = 0; i < n; i++) {
                    int k = t * n + i;
                    tp.syn[k] = st.syn()[i];
                    tp.mem[k] = st.mem()[i];
                    tp.spk[k] = st.spike()[i];
                    tp.adapt[k] = st.adapt()[i];
                    tp.u[k] = st.mem()[i] - (tp.p.threshold()[i] + tp.p.betaAdapt()[i] * st.adapt()[i]);
                }
            }
            tapes[l] = tp;
            layerIn = tp.spk;
        }
        return tapes;
    }

    /** The output trace the readout reads: spikes of a spiking output layer, else its membrane. */
    static double[] outputTrace(Network net, LayerTape[] tapes) {
        LayerTape last = tapes[tapes.length - 1];
        return net.options().readout().usesSpikes() ? last.spk : last.mem;
    }

    /**
     * One sample: forward, loss, and (when {@code grads} is not null) backward, adding {@code scale} times
     * the gradient into {@code grads} (indexed like {@link Network#parameters()}). Returns the loss, NaN
     * for an unlabelled sample.
     */
    static double run(Network net, Sample s, double[][] grads, double scale, double[] logits, double[] spikeSums) {
        return run(net, s, grads, scale, logits, spikeSums, null);
    }

    /** {@link #run} with the reset spikes frozen as in {@link #forward(Network, Sample, double[][])}. */
    static double run(Network net, Sample s, double[][] grads, double scale, double[] logits, double[] spikeSums,
                      double[][] frozen) {
        LayerTape[] tapes = forward(net, s, frozen);
        NetworkOptions o = net.options();
        int steps = s.steps();
        int classes = net.classes();
        double dt = o.discretisation().dt();
        double[] trace = outputTrace(net, tapes);
        o.readout().logits(trace, steps, classes, dt, logits);
        for (int l = 0; l < tapes.length; l++) {
            double sum = 0;
            for (double v : tapes[l].spk) {
                sum += v;
            }
            spikeSums[l] += sum;
        }
        if (s.label() < 0) {
            return Double.NaN;
        }
        double[] dLogits = new double[classes];
        double loss = CrossEntropy.lossAndGrad(logits, classes, s.label(), dLogits);
        double[][] g = new double[tapes.length][];
        for (int l = 0; l < tapes.length; l++) {
            g[l] = new double[steps * net.layers.get(l).n];
        }
        for (Regularizer r : o.regularizers()) {
            int l = net.layerIndex(r.layer());
            loss += r.apply(tapes[l].spk, steps, net.layers.get(l).n, g[l]);
        }
        if (grads == null) {
            return loss;
        }
        for (int l = 0; l < tapes.length; l++) {
            for (int k = 0; k < g[l].length; k++) {
                g[l][k] *= scale;
            }
        }
        for (int k = 0; k < classes; k++) {
            dLogits[k] *= scale;
        }
        double[] dTrace = new double[steps * classes];
        o.readout().backward(trace, steps, classes, dt, dLogits, dTrace);
        int lastL = tapes.length - 1;
        double[] seedMem = null;
        if (o.readout().usesSpikes()) {
            for (int k = 0; k < dTrace.length; k++) {
                g[lastL][k] += dTrace[k];
            }
        } else {
            seedMem = dTrace;
        }
        for (int l = lastL; l >= 0; l--) {
            double[] dx = backwardLayer(net, l, tapes[l], g[l], l == lastL ? seedMem : null, grads, steps);
            if (l > 0) {
                for (int k = 0; k < dx.length; k++) {
                    g[l - 1][k] += dx[k];
                }
            }
        }
        return loss;
    }

    /** Backward through one layer; returns dL/d(input) as {@code [steps][in]}. */
    private static double[] backwardLayer(Network net, int l, LayerTape tp, double[] gSpk, double[] seedMem,
                                          double[][] grads, int steps) {
        Layer L = net.layers.get(l);
        NetworkOptions o = net.options();
        int n = L.n;
        int in = L.in;
        NeuronParams p = tp.p;
        boolean subtract = p.reset() == ResetMode.SUBTRACT;
        boolean detach = o.detachReset();
        double[] dmemN = new double[n];
        double[] dsynN = new double[n];
        double[] daN = new double[n];
        double[] dIN = new double[n];
        double[] dI = new double[n];
        double[] gThr = new double[n];
        double[] gBeta = new double[n];
        double[] gAlpha = new double[n];
        double[] dx = new double[steps * in];
        double[] gW = new double[L.weight.size()];
        double[] gB = new double[n];
        double[] gV = L.recurrent == null ? null : new double[n * n];
        float[] w = L.weight.value();
        for (int t = steps - 1; t >= 0; t--) {
            for (int i = 0; i < n; i++) {
                int k = t * n + i;
                double dmemNext = dmemN[i];
                double dmem;
                if (L.spiking) {
                    double gs = gSpk[k];
                    if (L.recurrent != null) {
                        for (int j = 0; j < n; j++) {
                            gs += L.recurrent.value()[i * n + j] * dIN[j];
                        }
                    }
                    if (!detach) {
                        double thEff = p.threshold()[i] + p.betaAdapt()[i] * tp.adapt[k];
                        gs -= (subtract ? thEff : p.beta()[i] * tp.mem[k] - p.vReset()[i]) * dmemNext;
                        if (L.adaptive) {
                            gs += daN[i];
                        }
                    }
                    double du = gs * o.surrogate().grad(tp.u[k]);
                    double gate = subtract ? 1 : 1 - tp.spk[k];
                    dmem = du + p.beta()[i] * gate * dmemNext;
                    double dth = -du - (subtract ? tp.spk[k] * dmemNext : 0);
                    gThr[i] += dth;
                    if (L.adaptive) {
                        daN[i] = p.betaAdapt()[i] * dth + p.rho()[i] * daN[i];
                    }
                } else {
                    dmem = seedMem[t * n + i] + p.beta()[i] * dmemNext;
                }
                double memPrev = t > 0 ? tp.mem[k - n] : 0;
                double sPrev = t > 0 ? tp.spk[k - n] : 0;
                gBeta[i] += dmem * (L.spiking && !subtract ? 1 - sPrev : 1) * memPrev;
                double dsyn = dmem;
                if (L.cuba) {
                    dsyn = dmem + p.alpha()[i] * dsynN[i];
                    gAlpha[i] += dsyn * (t > 0 ? tp.syn[k - n] : 0);
                    dsynN[i] = dsyn;
                }
                dI[i] = dsyn;
                dmemN[i] = dmem;
            }
            for (int i = 0; i < n; i++) {
                if (L.diagonal()) {
                    gW[i] += tp.input[t * in + i] * dI[i];
                    dx[t * in + i] = w[i] * dI[i];
                } else {
                    for (int c = 0; c < in; c++) {
                        gW[c * n + i] += tp.input[t * in + c] * dI[i];
                        dx[t * in + c] += w[c * n + i] * dI[i];
                    }
                }
                gB[i] += dI[i];
                if (gV != null && t > 0) {
                    for (int j = 0; j < n; j++) {
                        gV[j * n + i] += tp.spk[(t - 1) * n + j] * dI[i];
                    }
                }
            }
            System.arraycopy(dI, 0, dIN, 0, n);
        }
        add(net, grads, L.weight, gW);
        if (L.bias != null) {
            add(net, grads, L.bias, gB);
        }
        if (gV != null) {
            add(net, grads, L.recurrent, gV);
        }
        if (L.threshold != null) {
            add(net, grads, L.threshold, gThr);
        }
        if (L.tauMem != null) {
            double[] gt = new double[n];
            for (int i = 0; i < n; i++) {
                gt[i] = gBeta[i] * o.discretisation().decayDerivative(L.tauMem.value()[i]);
            }
            add(net, grads, L.tauMem, gt);
        }
        if (L.tauSyn != null) {
            double[] gt = new double[n];
            for (int i = 0; i < n; i++) {
                gt[i] = gAlpha[i] * o.discretisation().decayDerivative(L.tauSyn.value()[i]);
            }
            add(net, grads, L.tauSyn, gt);
        }
        return dx;
    }

    private static void add(Network net, double[][] grads, Parameter p, double[] g) {
        double[] dst = grads[net.parameterIndex(p)];
        for (int k = 0; k < g.length; k++) {
            dst[k] += g[k];
        }
    }
}
