package org.snnaudio.core.nn;

import org.snnaudio.core.model.ResetMode;
import org.snnaudio.core.neuron.AdaptiveLif;
import org.snnaudio.core.neuron.CubaLi;
import org.snnaudio.core.neuron.CubaLif;
import org.snnaudio.core.neuron.Discretisation;
import org.snnaudio.core.neuron.If;
import org.snnaudio.core.neuron.Li;
import org.snnaudio.core.neuron.Lif;
import org.snnaudio.core.neuron.NeuronModel;
import org.snnaudio.core.neuron.NeuronParams;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A layer's parameters and the per-batch discretised view the engines read. Weight layouts: dense
 * {@code weight[c * n + i]} from input {@code c} to neuron {@code i}; recurrent {@code recurrent[j * n + i]}
 * from neuron {@code j} to neuron {@code i}; rows are contiguous so that a spike adds one row.
 */
final class Layer {
    final LayerSpec spec;
    final String name;
    final int in;
    final int n;
    final NeuronModel model;
    final boolean cuba;
    final boolean leaky;
    final boolean spiking;
    final boolean adaptive;
    final ResetMode reset;

    final Parameter weight;
    final Parameter bias;
    final Parameter recurrent;
    final Parameter tauSyn;
    final Parameter tauMem;
    final Parameter threshold;
    final Parameter vReset;
    final Parameter tauAdapt;
    final Parameter betaAdapt;

    // Discretised per-neuron factors, refreshed by prepare() before each batch (taus may have trained).
    final float[] alpha;
    final float[] beta;
    final float[] rho;
    /**
     * Row copies of the weights for the fast kernels, refreshed by prepare(): {@code wRows[c]} = weights from
     * input c, {@code wtRows[i]} = weights into neuron i, likewise for the recurrence. Separate row arrays
     * (not offsets into one array) let the JIT prove that a row update does not alias its target and vectorise it.
     */
    final float[][] wRows;
    final float[][] wtRows;
    final float[][] vRows;
    final float[][] vtRows;

    Layer(LayerSpec spec, int in, SplittableRandom rng, Discretisation d) {
        this.spec = spec;
        this.name = spec.name();
        this.in = in;
        this.n = spec.size();
        this.model = spec.neuron();
        if (spec.synapse() == Synapse.DIAGONAL && in != n) {
            throw new IllegalArgumentException("layer " + name + ": a diagonal synapse needs as many neurons as inputs ("
                    + in + "), got " + n);
        }
        this.cuba = model instanceof CubaLif || model instanceof CubaLi;
        this.leaky = !(model instanceof If);
        this.spiking = model.spiking();
        this.adaptive = model instanceof AdaptiveLif;
        NeuronParams p = model.discretise(n, d);
        this.reset = p.reset();
        double betaInit = p.beta()[0];
        double gainStd = spec.weightScale() * (betaInit < 1 ? 1 - betaInit : 1);
        if (spec.synapse() == Synapse.DENSE) {
            weight = new Parameter(name + ".weight", Parameter.Kind.WEIGHT, normal(rng, in * n, gainStd / Math.sqrt(in)), in, n);
        } else {
            float[] w = new float[n];
            java.util.Arrays.fill(w, (float) spec.weightScale());
            weight = new Parameter(name + ".weight", Parameter.Kind.WEIGHT, w, n);
        }
        bias = spec.bias() ? new Parameter(name + ".bias", Parameter.Kind.BIAS, new float[n], n) : null;
        recurrent = spec.recurrent()
                ? new Parameter(name + ".recurrent", Parameter.Kind.WEIGHT, normal(rng, n * n, gainStd / Math.sqrt(n)), n, n)
                : null;
        tauSyn = switch (model) {
            case CubaLif c -> tc(name + ".tau_syn", c.tauSyn());
            case CubaLi c -> tc(name + ".tau_syn", c.tauSyn());
            default -> null;
        };
        tauMem = switch (model) {
            case Lif m -> tc(name + ".tau_mem", m.tauMem());
            case CubaLif m -> tc(name + ".tau_mem", m.tauMem());
            case AdaptiveLif m -> tc(name + ".tau_mem", m.tauMem());
            case Li m -> tc(name + ".tau_mem", m.tauMem());
            case CubaLi m -> tc(name + ".tau_mem", m.tauMem());
            case If m -> null;
        };
        threshold = spiking ? vec(name + ".threshold", Parameter.Kind.THRESHOLD, p.threshold()[0]) : null;
        vReset = spiking ? vec(name + ".v_reset", Parameter.Kind.OTHER, p.vReset()[0]) : null;
        if (model instanceof AdaptiveLif a) {
            tauAdapt = tc(name + ".tau_adapt", a.tauAdapt());
            betaAdapt = vec(name + ".beta_adapt", Parameter.Kind.OTHER, a.betaAdapt());
        } else {
            tauAdapt = null;
            betaAdapt = null;
        }
        alpha = new float[n];
        beta = new float[n];
        rho = new float[n];
        wRows = spec.synapse() == Synapse.DENSE ? new float[in][n] : null;
        wtRows = spec.synapse() == Synapse.DENSE ? new float[n][in] : null;
        vRows = recurrent != null ? new float[n][n] : null;
        vtRows = recurrent != null ? new float[n][n] : null;
    }

    private Parameter tc(String pname, double tau) {
        return vec(pname, Parameter.Kind.TIME_CONSTANT, tau);
    }

    private Parameter vec(String pname, Parameter.Kind kind, double v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, (float) v);
        return new Parameter(pname, kind, a, n);
    }

    private static float[] normal(SplittableRandom rng, int size, double std) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = (float) (gaussian(rng) * std);
        }
        return a;
    }

    /** Box-Muller on SplittableRandom (which has no nextGaussian before Java 17's RandomGenerator default). */
    private static double gaussian(SplittableRandom rng) {
        double u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    boolean diagonal() {
        return spec.synapse() == Synapse.DIAGONAL;
    }

    /** All parameters of this layer in a stable order. */
    List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        for (Parameter p : new Parameter[] {weight, bias, recurrent, tauSyn, tauMem, threshold, vReset, tauAdapt, betaAdapt}) {
            if (p != null) {
                ps.add(p);
            }
        }
        return ps;
    }

    /**
     * Refreshes the discretised factors and the row copies of the weights from the current parameter values;
     * the transposed copies only when a backward pass needs them ({@code backward}; the first layer never
     * propagates to its input, so its input weights are not transposed).
     */
    void prepare(Discretisation d, boolean backward, boolean first) {
        for (int i = 0; i < n; i++) {
            alpha[i] = tauSyn == null ? 0f : (float) d.decay(checkTau(tauSyn, i));
            beta[i] = tauMem == null ? 1f : (float) d.decay(checkTau(tauMem, i));
            rho[i] = tauAdapt == null ? 0f : (float) d.decay(checkTau(tauAdapt, i));
        }
        if (wRows != null) {
            rows(weight.value(), in, n, wRows, backward && !first ? wtRows : null);
        }
        if (vRows != null) {
            rows(recurrent.value(), n, n, vRows, backward ? vtRows : null);
        }
    }

    private static double checkTau(Parameter p, int i) {
        float t = p.value()[i];
        if (!(t > 0) || Float.isInfinite(t)) {
            throw new org.snnaudio.core.SnnaudioException("parameter " + p.name() + "[" + i + "] must be > 0 s, got " + t);
        }
        return t;
    }

    private static void rows(float[] a, int rows, int cols, float[][] out, float[][] outT) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(a, r * cols, out[r], 0, cols);
            if (outT != null) {
                for (int c = 0; c < cols; c++) {
                    outT[c][r] = a[r * cols + c];
                }
            }
        }
    }

    /** Double-precision per-neuron parameters for the reference kernels. */
    NeuronParams neuronParams(Discretisation d) {
        double[] a = new double[n];
        double[] b = new double[n];
        double[] th = new double[n];
        double[] vr = new double[n];
        double[] r = new double[n];
        double[] ba = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = tauSyn == null ? 0 : d.decay(tauSyn.value()[i]);
            b[i] = tauMem == null ? 1 : d.decay(tauMem.value()[i]);
            th[i] = threshold == null ? 0 : threshold.value()[i];
            vr[i] = vReset == null ? 0 : vReset.value()[i];
            r[i] = tauAdapt == null ? 0 : d.decay(tauAdapt.value()[i]);
            ba[i] = betaAdapt == null ? 0 : betaAdapt.value()[i];
        }
        return new NeuronParams(a, b, th, vr, r, ba, reset);
    }
}
