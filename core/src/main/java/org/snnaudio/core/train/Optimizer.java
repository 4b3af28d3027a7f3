package org.snnaudio.core.train;

import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.io.Binary;
import org.snnaudio.core.nn.Parameter;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates a model's parameters in place from their gradients, with per-group learning rates and
 * weight decay ({@link ParamGroup}) and the algorithm of an {@link OptimizerConfig}. Frozen
 * parameters ({@code trainable == false}) are skipped. Arithmetic is done in double and stored in
 * float, so the same gradients always give the same bits; the whole state (moment buffers, step
 * counts) is saved and restored exactly by {@link #writeState} and {@link #readState}.
 */
public final class Optimizer {
    private final OptimizerConfig config;
    private final List<ParamGroup> groups;
    private final List<Parameter> parameters;
    private final double[] baseLr;
    private final double[] weightDecay;
    private final int[] groupIndex;
    /** Per parameter: momentum buffer (SGD) or first moment (Adam); allocated on first update. */
    private final float[][] m;
    /** Per parameter: second moment (Adam only). */
    private final float[][] v;
    /** Per parameter: number of updates applied so far (Adam's bias correction and SGD's first step). */
    private final long[] steps;

    public Optimizer(OptimizerConfig config, List<ParamGroup> groups, List<Parameter> parameters) {
        this.config = java.util.Objects.requireNonNull(config, "config");
        this.groups = List.copyOf(groups);
        this.parameters = List.copyOf(parameters);
        int n = this.parameters.size();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < n; i++) {
            if (seen.put(this.parameters.get(i).name(), i) != null) {
                throw new SnnaudioException("optimiser: two parameters are named '" + this.parameters.get(i).name() + "'");
            }
        }
        baseLr = new double[n];
        weightDecay = new double[n];
        groupIndex = new int[n];
        for (int i = 0; i < n; i++) {
            Parameter p = this.parameters.get(i);
            groupIndex[i] = -1;
            baseLr[i] = config.lr();
            weightDecay[i] = config.weightDecay();
            for (int g = 0; g < this.groups.size(); g++) {
                ParamGroup pg = this.groups.get(g);
                if (pg.matches(p)) {
                    groupIndex[i] = g;
                    baseLr[i] = pg.lr();
                    weightDecay[i] = Double.isNaN(pg.weightDecay()) ? config.weightDecay() : pg.weightDecay();
                    break;
                }
            }
        }
        for (int g = 0; g < this.groups.size(); g++) {
            boolean used = false;
            for (int gi : groupIndex) {
                used |= gi == g;
            }
            if (!used) {
                throw new SnnaudioException("parameter group '" + this.groups.get(g).selector()
                        + "' matches no parameter (parameters: " + names() + ")");
            }
        }
        m = new float[n][];
        v = new float[n][];
        steps = new long[n];
    }

    public OptimizerConfig config() {
        return config;
    }

    public List<Parameter> parameters() {
        return parameters;
    }

    /** The learning rate of {@code parameter} before any schedule factor. */
    public double baseLearningRate(Parameter parameter) {
        return baseLr[indexOf(parameter)];
    }

    /** The weight decay applied to {@code parameter}. */
    public double weightDecay(Parameter parameter) {
        return weightDecay[indexOf(parameter)];
    }

    /** The selector of the group {@code parameter} belongs to, or null for the base settings. */
    public String groupOf(Parameter parameter) {
        int g = groupIndex[indexOf(parameter)];
        return g < 0 ? null : groups.get(g).selector();
    }

    /** Number of updates applied to {@code parameter} so far. */
    public long steps(Parameter parameter) {
        return steps[indexOf(parameter)];
    }

    /** Zeroes the gradient of every parameter. */
    public void zeroGrad() {
        for (Parameter p : parameters) {
            p.zeroGrad();
        }
    }

    /**
     * Applies one update to every trainable parameter from its current gradient, with each group's
     * learning rate multiplied by {@code lrFactor} (the schedule's factor).
     */
    public void step(double lrFactor) {
        if (!(lrFactor >= 0) || !Double.isFinite(lrFactor)) {
            throw new IllegalArgumentException("learning-rate factor must be finite and >= 0, got " + lrFactor);
        }
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            if (!p.trainable()) {
                continue;
            }
            double lr = baseLr[i] * lrFactor;
            double wd = weightDecay[i];
            steps[i]++;
            switch (config) {
                case OptimizerConfig.Sgd s -> sgd(i, p, s, lr, wd);
                case OptimizerConfig.Adam a -> adam(i, p, lr, wd, false, a.beta1(), a.beta2(), a.eps());
                case OptimizerConfig.AdamW a -> adam(i, p, lr, wd, true, a.beta1(), a.beta2(), a.eps());
            }
        }
    }

    private void sgd(int i, Parameter p, OptimizerConfig.Sgd s, double lr, double wd) {
        float[] w = p.value();
        float[] g = p.grad();
        double mu = s.momentum();
        boolean first = m[i] == null;
        if (mu > 0 && first) {
            m[i] = new float[w.length];
        }
        float[] buf = m[i];
        for (int k = 0; k < w.length; k++) {
            double d = g[k] + wd * w[k];
            if (mu > 0) {
                double b = first ? d : mu * buf[k] + (1 - s.dampening()) * d;
                buf[k] = (float) b;
                d = s.nesterov() ? d + mu * buf[k] : buf[k];
            }
            w[k] = (float) (w[k] - lr * d);
        }
    }

    private void adam(int i, Parameter p, double lr, double wd, boolean decoupled, double b1, double b2, double eps) {
        float[] w = p.value();
        float[] g = p.grad();
        if (m[i] == null) {
            m[i] = new float[w.length];
            v[i] = new float[w.length];
        }
        float[] mi = m[i];
        float[] vi = v[i];
        long t = steps[i];
        double bc1 = 1 - Math.pow(b1, t);
        double bc2 = 1 - Math.pow(b2, t);
        double stepSize = lr / bc1;
        double sqrtBc2 = Math.sqrt(bc2);
        for (int k = 0; k < w.length; k++) {
            double wk = w[k];
            double gk = g[k];
            if (decoupled) {
                wk *= 1 - lr * wd;
            } else {
                gk += wd * wk;
            }
            double mk = b1 * mi[k] + (1 - b1) * gk;
            double vk = b2 * vi[k] + (1 - b2) * gk * gk;
            mi[k] = (float) mk;
            vi[k] = (float) vk;
            double denom = Math.sqrt(vi[k]) / sqrtBc2 + eps;
            w[k] = (float) (wk - stepSize * mi[k] / denom);
        }
    }

    /**
     * Scales all trainable gradients so that their global L2 norm is at most {@code maxNorm}
     * ({@code torch.nn.utils.clip_grad_norm_}: factor {@code maxNorm / (norm + 1e-6)} when below 1).
     *
     * @return the global norm before clipping
     */
    public static double clipGradNorm(List<Parameter> parameters, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("gradient clipping max norm must be > 0, got " + maxNorm);
        }
        double norm = gradNorm(parameters);
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1) {
            for (Parameter p : parameters) {
                if (!p.trainable()) {
                    continue;
                }
                float[] g = p.grad();
                for (int k = 0; k < g.length; k++) {
                    g[k] = (float) (g[k] * coef);
                }
            }
        }
        return norm;
    }

    /** Global L2 norm of the gradients of the trainable parameters. */
    public static double gradNorm(List<Parameter> parameters) {
        double sum = 0;
        for (Parameter p : parameters) {
            if (!p.trainable()) {
                continue;
            }
            for (float x : p.grad()) {
                sum += (double) x * x;
            }
        }
        return Math.sqrt(sum);
    }

    /** Writes the optimiser state (per parameter: name, step count, moment buffers). */
    public void writeState(DataOutput out) throws IOException {
        Binary.writeString(out, config.name());
        out.writeInt(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            Binary.writeString(out, parameters.get(i).name());
            out.writeLong(steps[i]);
            writeOptional(out, m[i]);
            writeOptional(out, v[i]);
        }
    }

    /**
     * Restores a state written by {@link #writeState} for the same optimiser kind and parameters.
     *
     * @throws IOException when the state does not fit this optimiser (other kind, names or sizes)
     */
    public void readState(DataInput in) throws IOException {
        String kind = Binary.readString(in);
        if (!kind.equals(config.name())) {
            throw new IOException("optimiser state is for " + kind + ", this optimiser is " + config.name());
        }
        int n = Binary.readLength(in, "parameter count");
        if (n != parameters.size()) {
            throw new IOException("optimiser state holds " + n + " parameters, the model has " + parameters.size());
        }
        long[] s = new long[n];
        float[][] mm = new float[n][];
        float[][] vv = new float[n][];
        for (int i = 0; i < n; i++) {
            Parameter p = parameters.get(i);
            String name = Binary.readString(in);
            if (!name.equals(p.name())) {
                throw new IOException("optimiser state parameter " + i + " is '" + name + "', the model's is '" + p.name() + "'");
            }
            s[i] = in.readLong();
            mm[i] = readOptional(in, p);
            vv[i] = readOptional(in, p);
        }
        System.arraycopy(s, 0, steps, 0, n);
        System.arraycopy(mm, 0, m, 0, n);
        System.arraycopy(vv, 0, v, 0, n);
    }

    private static void writeOptional(DataOutput out, float[] a) throws IOException {
        out.writeBoolean(a != null);
        if (a != null) {
            Binary.writeFloats(out, a);
        }
    }

    private static float[] readOptional(DataInput in, Parameter p) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        float[] a = Binary.readFloats(in);
        if (a.length != p.size()) {
            throw new IOException("optimiser state of '" + p.name() + "' holds " + a.length + " values, the parameter " + p.size());
        }
        return a;
    }

    private int indexOf(Parameter p) {
        for (int i = 0; i < parameters.size(); i++) {
            if (parameters.get(i) == p) {
                return i;
            }
        }
        throw new IllegalArgumentException("parameter " + p.name() + " is not managed by this optimiser");
    }

    private List<String> names() {
        List<String> out = new ArrayList<>();
        for (Parameter p : parameters) {
            out.add(p.name() + " (group " + p.group() + ")");
        }
        return out;
    }
}
