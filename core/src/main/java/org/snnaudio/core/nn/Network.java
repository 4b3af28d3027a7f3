package org.snnaudio.core.nn;

import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.data.Sample;
import org.snnaudio.core.loss.CrossEntropy;
import org.snnaudio.core.loss.Regularizer;
import org.snnaudio.core.model.Graph;
import org.snnaudio.core.train.StepResult;
import org.snnaudio.core.train.TrainableModel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A feed-forward stack of spiking layers (each with optional recurrence) ending in an output layer,
 * trained with surrogate-gradient backpropagation through time. Implements {@link TrainableModel}.
 *
 * <p>Build with {@link #builder(int)}; convert to and from the model vocabulary with {@link #toGraph()}
 * and {@link #fromGraph(Graph, NetworkOptions)}. Parameters are named {@code layer.weight},
 * {@code layer.bias}, {@code layer.recurrent}, {@code layer.tau_syn}, {@code layer.tau_mem},
 * {@code layer.threshold}, {@code layer.v_reset}, {@code layer.tau_adapt}, {@code layer.beta_adapt};
 * which of them train is set by {@link NetworkOptions#trainable()} (gradients exist for weights, biases,
 * recurrent weights, time constants tau_syn/tau_mem and thresholds; the others are always frozen).
 *
 * <p>Batches are split into contiguous chunks, one per worker thread, each with its own gradient
 * buffers; the buffers are added into the parameters in worker order, so the same batch, weights and
 * thread count give bit-identical gradients. A network is not safe for concurrent use by several threads.
 */
public final class Network implements TrainableModel {
    private static final java.util.Set<String> DIFFERENTIABLE = java.util.Set.of("weight", "bias", "recurrent", "tau_syn",
            "tau_mem", "threshold");

    final List<Layer> layers;
    private final int inputs;
    private final List<Parameter> params;
    private final Map<Parameter, Integer> paramIndex = new IdentityHashMap<>();
    private NetworkOptions options;
    private List<Network.Worker> workers = List.of();
    /**
     * How many samples of a worker's chunk the fast engine trains in lockstep (their backward steps
     * interleaved so that each recurrent weight row is loaded once per group); 1 turns it off. Results do
     * not depend on it: each sample's arithmetic and the order of gradient accumulation are unchanged.
     */
    int lanes = FastEngine.LANES;

    private Network(int inputs, List<LayerSpec> specs, NetworkOptions options, long seed) {
        if (inputs <= 0) {
            throw new SnnaudioException("network inputs must be > 0, got " + inputs);
        }
        if (specs.isEmpty()) {
            throw new SnnaudioException("network needs at least one layer (the output layer)");
        }
        this.inputs = inputs;
        SplittableRandom rng = new SplittableRandom(seed);
        List<Layer> ls = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        int in = inputs;
        for (int l = 0; l < specs.size(); l++) {
            LayerSpec s = specs.get(l);
            if (!names.add(s.name())) {
                throw new SnnaudioException("layer name '" + s.name() + "' is used twice");
            }
            if (!s.neuron().spiking() && l != specs.size() - 1) {
                throw new SnnaudioException("layer " + s.name() + ": a non-spiking " + s.neuron().typeName()
                        + " layer can only be the last (readout) layer");
            }
            try {
                ls.add(new Layer(s, in, rng.split(), options.discretisation()));
            } catch (IllegalArgumentException e) {
                throw new SnnaudioException(e.getMessage(), e);
            }
            in = s.size();
        }
        this.layers = List.copyOf(ls);
        List<Parameter> ps = new ArrayList<>();
        for (Layer L : layers) {
            ps.addAll(L.parameters());
        }
        this.params = Collections.unmodifiableList(ps);
        for (int i = 0; i < ps.size(); i++) {
            paramIndex.put(ps.get(i), i);
        }
        options(options);
    }

    /** A builder for a network with {@code inputs} input channels. */
    public static Builder builder(int inputs) {
        return new Builder(inputs);
    }

    /** Collects layers and options; {@link #build()} validates and initialises weights from the seed. */
    public static final class Builder {
        private final int inputs;
        private final List<LayerSpec> layers = new ArrayList<>();
        private NetworkOptions options = NetworkOptions.defaults();
        private long seed = 0;

        private Builder(int inputs) {
            this.inputs = inputs;
        }

        /** Appends a layer; the last one added is the output layer. */
        public Builder layer(LayerSpec spec) {
            layers.add(spec);
            return this;
        }

        public Builder options(NetworkOptions o) {
            this.options = java.util.Objects.requireNonNull(o, "options");
            return this;
        }

        /** Seed of the weight initialisation (SplittableRandom, split per layer). */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        public Network build() {
            return new Network(inputs, layers, options, seed);
        }
    }

    /** Number of input channels. */
    public int inputs() {
        return inputs;
    }

    /** Number of classes (neurons of the output layer). */
    public int classes() {
        return layers.get(layers.size() - 1).n;
    }

    /** The layer specs, in order (initial, homogeneous neuron parameters; current values are in the parameters). */
    public List<LayerSpec> layerSpecs() {
        return layers.stream().map(L -> L.spec).toList();
    }

    /** Layer names, in order. */
    public List<String> layerNames() {
        return layers.stream().map(L -> L.name).toList();
    }

    public NetworkOptions options() {
        return options;
    }

    /**
     * Replaces the options (threads, readout, trainable set, ...); checks them against the layers: the
     * readout must fit the output layer and regularisers must name spiking layers.
     */
    public void options(NetworkOptions o) {
        java.util.Objects.requireNonNull(o, "options");
        Layer last = layers.get(layers.size() - 1);
        if (o.readout().usesSpikes() && !last.spiking) {
            throw new SnnaudioException("readout " + o.readout().name() + " needs a spiking output layer, but "
                    + last.name + " is a non-spiking " + last.model.typeName());
        }
        if (!o.readout().usesSpikes() && last.spiking) {
            throw new SnnaudioException("readout " + o.readout().name() + " reads a membrane and needs a non-spiking "
                    + "(LI or CubaLI) output layer, but " + last.name + " is a spiking " + last.model.typeName()
                    + "; use readout spike-count or add an LI readout layer");
        }
        for (Regularizer r : o.regularizers()) {
            int l = layerIndexOrMinus(r.layer());
            if (l < 0) {
                throw new SnnaudioException("regularizer " + r.spec() + ": no layer '" + r.layer() + "' (layers: "
                        + layerNames() + ")");
            }
            if (!layers.get(l).spiking) {
                throw new SnnaudioException("regularizer " + r.spec() + ": layer '" + r.layer() + "' does not spike");
            }
        }
        String[] globs = o.trainable().split(",");
        for (Parameter p : params) {
            String suffix = p.name().substring(p.name().indexOf('.') + 1);
            boolean on = false;
            for (String g : globs) {
                if (!g.isBlank() && p.matches(g.trim())) {
                    on = true;
                }
            }
            p.trainable(on && DIFFERENTIABLE.contains(suffix));
        }
        this.options = o;
        this.workers = List.of();
    }

    @Override
    public List<Parameter> parameters() {
        return params;
    }

    /** The parameter called {@code name}; an error listing the names when absent. */
    public Parameter parameter(String name) {
        for (Parameter p : params) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new SnnaudioException("no parameter '" + name + "' (parameters: "
                + params.stream().map(Parameter::name).toList() + ")");
    }

    /** Parameters whose names match the glob ({@code *.threshold}). */
    public List<Parameter> parameters(String glob) {
        return params.stream().filter(p -> p.matches(glob)).toList();
    }

    int parameterIndex(Parameter p) {
        return paramIndex.get(p);
    }

    int layerIndex(String name) {
        int l = layerIndexOrMinus(name);
        if (l < 0) {
            throw new SnnaudioException("no layer '" + name + "' (layers: " + layerNames() + ")");
        }
        return l;
    }

    private int layerIndexOrMinus(String name) {
        for (int l = 0; l < layers.size(); l++) {
            if (layers.get(l).name.equals(name)) {
                return l;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- batches

    /** Per-thread state of the engine: workspace and gradient buffers. */
    abstract static class Worker {
        /** Runs one sample (see {@link ReferenceEngine#run}); gradients go into this worker's buffers. */
        abstract double run(Sample s, boolean grad, double scale, double[] logits, double[] spikeSums);

        /** Runs samples {@code [from, to)} of {@code batch} in order, as {@link #run} one by one does. */
        void runChunk(List<? extends Sample> batch, int from, int to, boolean grad, double scale, double[][] logits,
                      double[] losses, double[] spikeSums) {
            for (int i = from; i < to; i++) {
                losses[i] = run(batch.get(i), grad, scale, logits[i], spikeSums);
            }
        }

        /** Adds this worker's gradient buffers into the trainable parameters' gradients and clears them. */
        abstract void drainInto(List<Parameter> params);
    }

    /** The reference engine's worker: double-precision gradient buffers. */
    private static final class ReferenceWorker extends Worker {
        private final Network net;
        private final double[][] grads;

        ReferenceWorker(Network net) {
            this.net = net;
            this.grads = new double[net.params.size()][];
            for (int i = 0; i < grads.length; i++) {
                grads[i] = new double[net.params.get(i).size()];
            }
        }

        double run(Sample s, boolean grad, double scale, double[] logits, double[] spikeSums) {
            return ReferenceEngine.run(net, s, grad ? grads : null, scale, logits, spikeSums);
        }

        void drainInto(List<Parameter> ps) {
            for (int i = 0; i < grads.length; i++) {
                Parameter p = ps.get(i);
                float[] g = p.grad();
                if (p.trainable()) {
                    for (int k = 0; k < g.length; k++) {
                        g[k] += (float) grads[i][k];
                    }
                }
                java.util.Arrays.fill(grads[i], 0);
            }
        }
    }

    private List<Worker> workers(int count) {
        if (workers.size() != count) {
            List<Worker> ws = new ArrayList<>();
            for (int w = 0; w < count; w++) {
                ws.add(options.reference() ? new ReferenceWorker(this) : new FastEngine.FastWorker(this));
            }
            workers = List.copyOf(ws);
        }
        return workers;
    }

    /**
     * Helper threads shared by all networks, one pool per thread count, so that creating many networks (a
     * hyperparameter search) does not create threads. Sharing is safe: the caller also claims chunks and a
     * chunk's result does not depend on the thread that runs it.
     */
    private static final Map<Integer, EnginePool> POOLS = new java.util.concurrent.ConcurrentHashMap<>();

    private static EnginePool pool(int threads) {
        if (threads <= 1) {
            return null;
        }
        return POOLS.computeIfAbsent(threads, k -> new EnginePool(k - 1));
    }

    private void checkBatch(List<? extends Sample> batch) {
        if (batch.isEmpty()) {
            throw new SnnaudioException("batch is empty");
        }
        for (int b = 0; b < batch.size(); b++) {
            Sample s = batch.get(b);
            if (s.channels() != inputs) {
                throw new SnnaudioException("sample " + b + " of the batch has " + s.channels()
                        + " channels, but the network has " + inputs + " inputs");
            }
            if (s.label() >= classes()) {
                throw new SnnaudioException("sample " + b + " of the batch has label " + s.label() + ", but the network has "
                        + classes() + " classes");
            }
        }
    }

    private record BatchOut(double loss, int labelled, int correct, double[][] logits, double[] rates) {
    }

    private BatchOut runBatch(List<? extends Sample> batch, boolean grad) {
        checkBatch(batch);
        if (grad) {
            for (Sample s : batch) {
                if (s.label() < 0) {
                    throw new SnnaudioException("training needs labelled samples; a sample of the batch has label -1");
                }
            }
        }
        for (int l = 0; l < layers.size(); l++) {
            layers.get(l).prepare(options.discretisation(), grad, l == 0);
        }
        int b = batch.size();
        int threads = Math.min(options.threads(), b);
        List<Worker> ws = workers(threads);
        double[][] logits = new double[b][classes()];
        double[] losses = new double[b];
        double[][] spikeSums = new double[threads][layers.size()];
        double scale = 1.0 / b;
        List<Runnable> tasks = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            int from = (int) ((long) b * w / threads);
            int to = (int) ((long) b * (w + 1) / threads);
            Worker wk = ws.get(w);
            double[] sums = spikeSums[w];
            tasks.add(() -> wk.runChunk(batch, from, to, grad, scale, logits, losses, sums));
        }
        runAll(tasks, threads);
        double loss = 0;
        int labelled = 0;
        int correct = 0;
        for (int i = 0; i < b; i++) {
            int label = batch.get(i).label();
            if (label >= 0) {
                labelled++;
                loss += losses[i];
                if (CrossEntropy.argmax(logits[i], classes()) == label) {
                    correct++;
                }
            }
        }
        if (grad) {
            for (Worker wk : ws) {
                wk.drainInto(params);
            }
        }
        long totalSteps = 0;
        for (Sample s : batch) {
            totalSteps += s.steps();
        }
        double[] rates = new double[layers.size()];
        for (int l = 0; l < layers.size(); l++) {
            double sum = 0;
            for (int w = 0; w < threads; w++) {
                sum += spikeSums[w][l];
            }
            rates[l] = sum / ((double) totalSteps * layers.get(l).n);
        }
        return new BatchOut(labelled == 0 ? Double.NaN : loss / labelled, labelled, correct, logits, rates);
    }

    /**
     * Runs the chunk tasks on the calling thread and the pool. Chunks are claimed dynamically (a pool
     * thread that starts late, on a busy machine, finds its chunk already done by another thread), but each
     * chunk always uses its own worker's buffers, so the result does not depend on who ran it.
     */
    private void runAll(List<Runnable> tasks, int threads) {
        EnginePool ex = pool(threads);
        if (ex == null) {
            tasks.forEach(Runnable::run);
            return;
        }
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(tasks.size());
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Runnable claimLoop = () -> {
            for (int c = next.getAndIncrement(); c < tasks.size(); c = next.getAndIncrement()) {
                try {
                    tasks.get(c).run();
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }
        };
        for (int w = 1; w < tasks.size(); w++) {
            ex.execute(claimLoop);
        }
        claimLoop.run();
        // the helpers' chunks end about when the caller's does: poll briefly before sleeping, since waking
        // up a sleeping thread takes long on a virtual machine
        long spinUntil = System.nanoTime() + EnginePool.SPIN_NANOS;
        while (done.getCount() > 0 && System.nanoTime() < spinUntil) {
            Thread.onSpinWait();
        }
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnnaudioException("interrupted while running a batch", e);
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error err) {
            throw err;
        }
    }

    /** Spiking-layer rates only, as {@link StepResult} documents. */
    private double[] spikingRates(double[] rates) {
        List<Double> r = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            if (layers.get(l).spiking) {
                r.add(rates[l]);
            }
        }
        return r.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Override
    public StepResult trainBatch(List<? extends Sample> batch) {
        BatchOut o = runBatch(batch, true);
        return new StepResult(o.loss, o.correct, o.labelled, spikingRates(o.rates));
    }

    @Override
    public StepResult evaluateBatch(List<? extends Sample> batch) {
        BatchOut o = runBatch(batch, false);
        return new StepResult(o.loss, o.correct, o.labelled, spikingRates(o.rates));
    }

    @Override
    public float[][] predict(List<? extends Sample> batch) {
        BatchOut o = runBatch(batch, false);
        float[][] out = new float[o.logits.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new float[classes()];
            for (int k = 0; k < classes(); k++) {
                out[i][k] = (float) o.logits[i][k];
            }
        }
        return out;
    }

    /** Mean spike probability per step of every layer (spiking or not, in layer order) over the samples. */
    public double[] firingRates(List<? extends Sample> samples) {
        return runBatch(samples, false).rates;
    }

    /** Spikes, membranes and scores of every layer for one sample (computed by the reference kernels). */
    public Trace trace(Sample s) {
        checkBatch(List.of(s));
        ReferenceEngine.LayerTape[] tapes = ReferenceEngine.forward(this, s);
        double[] logits = new double[classes()];
        options.readout().logits(ReferenceEngine.outputTrace(this, tapes), s.steps(), classes(),
                options.discretisation().dt(), logits);
        List<float[]> spk = new ArrayList<>();
        List<float[]> mem = new ArrayList<>();
        int[] sizes = new int[layers.size()];
        for (int l = 0; l < tapes.length; l++) {
            sizes[l] = layers.get(l).n;
            spk.add(toFloat(tapes[l].spk));
            mem.add(toFloat(tapes[l].mem));
        }
        return new Trace(layerNames(), sizes, List.copyOf(spk), List.copyOf(mem), s.steps(), logits);
    }

    private static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    /** A stateful step-by-step inference session (chunks in, output trace out); see {@link InferenceStream}. */
    public InferenceStream stream() {
        return stream(true);
    }

    /**
     * A stateful inference stream; with {@code keepHistory} false it keeps no output trace, so its memory
     * stays constant however long the input runs (for live audio), and it has no whole-input scores.
     */
    public InferenceStream stream(boolean keepHistory) {
        for (int l = 0; l < layers.size(); l++) {
            layers.get(l).prepare(options.discretisation(), false, l == 0);
        }
        return new InferenceStream(this, keepHistory);
    }

    /** This network in the model vocabulary (see {@link GraphConversion}). */
    public Graph toGraph() {
        return GraphConversion.toGraph(this);
    }

    /** A network from a graph of the shape {@link #toGraph()} writes, run with the given options. */
    public static Network fromGraph(Graph graph, NetworkOptions options) {
        return GraphConversion.fromGraph(graph, options);
    }

    /** Used by the graph conversion: a network with the given layers whose weights are then overwritten. */
    static Network create(int inputs, List<LayerSpec> specs, NetworkOptions options) {
        return new Network(inputs, specs, options, 0);
    }
}
