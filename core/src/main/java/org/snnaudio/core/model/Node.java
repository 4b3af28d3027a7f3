package org.snnaudio.core.model;

/**
 * A node of a model graph. The vocabulary follows NIR (Neuromorphic Intermediate Representation):
 * stateless descriptions with continuous-time parameters (time constants in seconds), plus the few
 * nodes audio SNNs need beyond NIR ({@link Diagonal}, {@link AdaptiveLIF}). Recurrence is expressed
 * as in NIR, by a cycle in the graph (for example {@code lif -> rec -> lif} through a {@link Linear}).
 *
 * <p>All vector parameters of a neuron node hold one value per neuron (heterogeneous parameters).
 */
public sealed interface Node permits Node.Input, Node.Output, Node.Affine, Node.Linear, Node.Scale, Node.Diagonal,
        Node.LIF, Node.CubaLIF, Node.AdaptiveLIF, Node.LI, Node.CubaLI, Node.IF, Node.Threshold {

    /** Shape this node takes in. */
    Shape inputShape();

    /** Shape this node gives out. */
    Shape outputShape();

    /** The NIR type name ({@code "LIF"}, {@code "Affine"}, ...) or snnaudio's own for extensions. */
    String typeName();

    /** Whether the node is one of snnaudio's extensions with no NIR node of the same type. */
    default boolean isExtension() {
        return false;
    }

    /** Graph input of the given shape. NIR {@code Input}. */
    record Input(Shape shape) implements Node {
        public Input {
            java.util.Objects.requireNonNull(shape, "shape");
        }

        public Shape inputShape() { return shape; }
        public Shape outputShape() { return shape; }
        public String typeName() { return "Input"; }
    }

    /** Graph output of the given shape. NIR {@code Output}. */
    record Output(Shape shape) implements Node {
        public Output {
            java.util.Objects.requireNonNull(shape, "shape");
        }

        public Shape inputShape() { return shape; }
        public Shape outputShape() { return shape; }
        public String typeName() { return "Output"; }
    }

    /** {@code y = W x + b}, W of shape [out, in]. NIR {@code Affine}. */
    record Affine(Tensor weight, Tensor bias) implements Node {
        public Affine {
            Checks.matrix("Affine.weight", weight);
            Checks.vector("Affine.bias", bias, weight.dim(0));
        }

        public Shape inputShape() { return Shape.of(weight.dim(1)); }
        public Shape outputShape() { return Shape.of(weight.dim(0)); }
        public String typeName() { return "Affine"; }
    }

    /** {@code y = W x}, W of shape [out, in]. NIR {@code Linear}. */
    record Linear(Tensor weight) implements Node {
        public Linear {
            Checks.matrix("Linear.weight", weight);
        }

        public Shape inputShape() { return Shape.of(weight.dim(1)); }
        public Shape outputShape() { return Shape.of(weight.dim(0)); }
        public String typeName() { return "Linear"; }
    }

    /** {@code y = s * x} element-wise. NIR {@code Scale}. */
    record Scale(Tensor scale) implements Node {
        public Scale {
            Checks.vector("Scale.scale", scale, -1);
        }

        public Shape inputShape() { return Shape.of(scale.size()); }
        public Shape outputShape() { return Shape.of(scale.size()); }
        public String typeName() { return "Scale"; }
    }

    /**
     * Diagonal synapse, one weight (and bias) per channel: {@code y_i = w_i x_i + b_i}. NWAVE's
     * one-to-one frontend synapse. Maps to NIR {@code Scale} when the bias is zero.
     */
    record Diagonal(Tensor weight, Tensor bias) implements Node {
        public Diagonal {
            Checks.vector("Diagonal.weight", weight, -1);
            Checks.vector("Diagonal.bias", bias, weight.size());
        }

        public Shape inputShape() { return Shape.of(weight.size()); }
        public Shape outputShape() { return Shape.of(weight.size()); }
        public String typeName() { return "Diagonal"; }
        public boolean isExtension() { return true; }
    }

    /**
     * Leaky integrate-and-fire. NIR {@code LIF}:
     * {@code tau dv/dt = (v_leak - v) + r I}; spike when {@code v > v_threshold}, then reset.
     */
    record LIF(Tensor tau, Tensor r, Tensor vLeak, Tensor vThreshold, Tensor vReset, ResetMode reset) implements Node {
        public LIF {
            int n = Checks.vector("LIF.tau", tau, -1);
            Checks.positive("LIF.tau", tau);
            Checks.vector("LIF.r", r, n);
            Checks.vector("LIF.v_leak", vLeak, n);
            Checks.vector("LIF.v_threshold", vThreshold, n);
            Checks.vector("LIF.v_reset", vReset, n);
            java.util.Objects.requireNonNull(reset, "LIF.reset");
        }

        public Shape inputShape() { return Shape.of(tau.size()); }
        public Shape outputShape() { return inputShape(); }
        public String typeName() { return "LIF"; }
    }

    /**
     * Current-based LIF with an exponential synapse. NIR {@code CubaLIF}:
     * {@code tau_syn dI/dt = -I + w_in x}; {@code tau_mem dv/dt = (v_leak - v) + r I}; spike when
     * {@code v > v_threshold}, then reset.
     */
    record CubaLIF(Tensor tauSyn, Tensor tauMem, Tensor r, Tensor vLeak, Tensor vThreshold, Tensor vReset, Tensor wIn,
                   ResetMode reset) implements Node {
        public CubaLIF {
            int n = Checks.vector("CubaLIF.tau_syn", tauSyn, -1);
            Checks.positive("CubaLIF.tau_syn", tauSyn);
            Checks.vector("CubaLIF.tau_mem", tauMem, n);
            Checks.positive("CubaLIF.tau_mem", tauMem);
            Checks.vector("CubaLIF.r", r, n);
            Checks.vector("CubaLIF.v_leak", vLeak, n);
            Checks.vector("CubaLIF.v_threshold", vThreshold, n);
            Checks.vector("CubaLIF.v_reset", vReset, n);
            Checks.vector("CubaLIF.w_in", wIn, n);
            java.util.Objects.requireNonNull(reset, "CubaLIF.reset");
        }

        public Shape inputShape() { return Shape.of(tauMem.size()); }
        public Shape outputShape() { return inputShape(); }
        public String typeName() { return "CubaLIF"; }
    }

    /**
     * LIF with threshold adaptation (snnaudio extension; no NIR node):
     * {@code tau dv/dt = (v_leak - v) + r I}; {@code tau_adapt da/dt = -a}, {@code a += 1} on a spike;
     * the effective threshold is {@code v_threshold + beta_adapt a}.
     */
    record AdaptiveLIF(Tensor tau, Tensor r, Tensor vLeak, Tensor vThreshold, Tensor vReset, Tensor tauAdapt,
                       Tensor betaAdapt, ResetMode reset) implements Node {
        public AdaptiveLIF {
            int n = Checks.vector("AdaptiveLIF.tau", tau, -1);
            Checks.positive("AdaptiveLIF.tau", tau);
            Checks.vector("AdaptiveLIF.r", r, n);
            Checks.vector("AdaptiveLIF.v_leak", vLeak, n);
            Checks.vector("AdaptiveLIF.v_threshold", vThreshold, n);
            Checks.vector("AdaptiveLIF.v_reset", vReset, n);
            Checks.vector("AdaptiveLIF.tau_adapt", tauAdapt, n);
            Checks.positive("AdaptiveLIF.tau_adapt", tauAdapt);
            Checks.vector("AdaptiveLIF.beta_adapt", betaAdapt, n);
            java.util.Objects.requireNonNull(reset, "AdaptiveLIF.reset");
        }

        public Shape inputShape() { return Shape.of(tau.size()); }
        public Shape outputShape() { return inputShape(); }
        public String typeName() { return "AdaptiveLIF"; }
        public boolean isExtension() { return true; }
    }

    /** Leaky integrator (non-spiking readout). NIR {@code LI}: {@code tau dv/dt = (v_leak - v) + r I}. */
    record LI(Tensor tau, Tensor r, Tensor vLeak) implements Node {
        public LI {
            int n = Checks.vector("LI.tau", tau, -1);
            Checks.positive("LI.tau", tau);
            Checks.vector("LI.r", r, n);
            Checks.vector("LI.v_leak", vLeak, n);
        }

        public Shape inputShape() { return Shape.of(tau.size()); }
        public Shape outputShape() { return inputShape(); }
        public String typeName() { return "LI"; }
    }

    /**
     * Current-based leaky integrator. NIR {@code CubaLI}:
     * {@code tau_syn dI/dt = -I + w_in x}; {@code tau_mem dv/dt = (v_leak - v) + r I}.
     */
    record CubaLI(Tensor tauSyn, Tensor tauMem, Tensor r, Tensor vLeak, Tensor wIn) implements Node {
        public CubaLI {
            int n = Checks.vector("CubaLI.tau_syn", tauSyn, -1);
            Checks.positive("CubaLI.tau_syn", tauSyn);
            Checks.vector("CubaLI.tau_mem", tauMem, n);
            Checks.positive("CubaLI.tau_mem", tauMem);
            Checks.vector("CubaLI.r", r, n);
            Checks.vector("CubaLI.v_leak", vLeak, n);
            Checks.vector("CubaLI.w_in", wIn, n);
        }

        public Shape inputShape() { return Shape.of(tauMem.size()); }
        public Shape outputShape() { return inputShape(); }
        public String typeName() { return "CubaLI"; }
    }

    /** Integrate-and-fire. NIR {@code IF}: {@code dv/dt = r I}; spike when {@code v > v_threshold}, then reset. */
    record IF(Tensor r, Tensor vThreshold, Tensor vReset, ResetMode reset) implements Node {
        public IF {
            int n = Checks.vector("IF.r", r, -1);
            Checks.vector("IF.v_threshold", vThreshold, n);
            Checks.vector("IF.v_reset", vReset, n);
            java.util.Objects.requireNonNull(reset, "IF.reset");
        }

        public Shape inputShape() { return Shape.of(r.size()); }
        public Shape outputShape() { return inputShape(); }
        public String typeName() { return "IF"; }
    }

    /** Heaviside threshold: {@code y = H(x - threshold)}. NIR {@code Threshold}. */
    record Threshold(Tensor threshold) implements Node {
        public Threshold {
            Checks.vector("Threshold.threshold", threshold, -1);
        }

        public Shape inputShape() { return Shape.of(threshold.size()); }
        public Shape outputShape() { return inputShape(); }
        public String typeName() { return "Threshold"; }
    }
}
