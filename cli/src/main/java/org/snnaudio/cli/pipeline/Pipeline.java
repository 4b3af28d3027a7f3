package org.snnaudio.cli.pipeline;

import org.snnaudio.audio.frontend.Features;
import org.snnaudio.audio.frontend.Frontend;
import org.snnaudio.audio.frontend.FrontendConfig;
import org.snnaudio.audio.io.AudioClip;
import org.snnaudio.audio.io.AudioReader;
import org.snnaudio.audio.io.Preprocess;
import org.snnaudio.cli.config.ConfigIO;
import org.snnaudio.cli.config.PipelineConfig;
import org.snnaudio.cli.config.PipelineConfig.InitConfig;
import org.snnaudio.cli.config.PipelineConfig.LayerConfig;
import org.snnaudio.cli.config.PipelineConfig.NeuronConfig;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.data.DenseSample;
import org.snnaudio.core.data.Sample;
import org.snnaudio.core.data.SpikeSample;
import org.snnaudio.core.io.ModelFile;
import org.snnaudio.core.io.Provenance;
import org.snnaudio.core.io.SavedModel;
import org.snnaudio.core.loss.Readout;
import org.snnaudio.core.loss.Regularizer;
import org.snnaudio.core.model.Graph;
import org.snnaudio.core.model.ResetMode;
import org.snnaudio.core.neuron.AdaptiveLif;
import org.snnaudio.core.neuron.CubaLi;
import org.snnaudio.core.neuron.CubaLif;
import org.snnaudio.core.neuron.If;
import org.snnaudio.core.neuron.Li;
import org.snnaudio.core.neuron.Lif;
import org.snnaudio.core.neuron.NeuronModel;
import org.snnaudio.core.neuron.Surrogate;
import org.snnaudio.core.nn.LayerSpec;
import org.snnaudio.core.nn.Network;
import org.snnaudio.core.nn.NetworkOptions;
import org.snnaudio.core.nn.Parameter;
import org.snnaudio.core.nn.Synapse;
import org.snnaudio.core.nn.Trace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A whole classifier: audio preparation, frontend, feature scaling, encoder, network and decoder, as
 * one object built from a {@link PipelineConfig}. The model file keeps the config, the class names and
 * the feature scaler next to the network, so a loaded pipeline turns a new recording into exactly the
 * input training saw (the mismatch the Talamo tutorial warns about cannot happen).
 */
public final class Pipeline {
    /** Metadata keys of the model file. */
    static final String KEY_CONFIG = "pipeline.config";
    static final String KEY_CLASSES = "pipeline.classes";
    static final String KEY_SCALER = "pipeline.scaler";
    static final String KEY_INPUTS = "pipeline.inputs";
    static final String OPTION_PREFIX = "network.";

    /** Name of the output layer. */
    public static final String READOUT = "readout";

    private final PipelineConfig config;
    private final List<String> classNames;
    private final Frontend frontend;
    private final Preprocess preprocess;
    private FeatureScaler scaler;
    private Network network;
    /** An ensemble's members in seed order ({@code network} is the first); one network: just {@code network}. */
    private List<Network> members = List.of();

    /** A pipeline without a network yet (train it with {@link Experiment}). */
    public Pipeline(PipelineConfig config, List<String> classNames) {
        this.config = config;
        this.classNames = List.copyOf(classNames);
        if (classNames.size() < 2) {
            throw new SnnaudioException("a classifier needs at least 2 classes, got " + classNames);
        }
        if (config.isDetection() && classNames.size() != 2) {
            throw new SnnaudioException("task 'detection' needs exactly 2 classes, got " + classNames.size() + ": " + classNames);
        }
        this.frontend = isSpikeInput() ? null : frontendConfig(config).create();
        this.preprocess = preprocess(config);
    }

    public PipelineConfig config() {
        return config;
    }

    public List<String> classNames() {
        return classNames;
    }

    /** Whether the data are spikes already (SHD) rather than audio. */
    public boolean isSpikeInput() {
        return config.frontend().type().equals("spikes");
    }

    /** The frontend (null for spike input). */
    public Frontend frontend() {
        return frontend;
    }

    /** The trained network (null before training); of an ensemble, its first member. */
    public Network network() {
        return network;
    }

    /** The trained networks: one, or an ensemble's members in seed order (empty before training). */
    public List<Network> members() {
        return members;
    }

    /** Whether the model averages several networks (a seed ensemble). */
    public boolean isEnsemble() {
        return members.size() > 1;
    }

    /**
     * Makes the pipeline a seed ensemble of {@code nets} (all built for the same inputs and classes, e.g. by
     * {@link #buildNetwork(int, long)}); the first becomes {@link #network()}. One network is a plain model.
     */
    public void ensemble(List<Network> nets) {
        if (nets.isEmpty()) {
            throw new SnnaudioException("an ensemble needs at least one network");
        }
        for (Network n : nets) {
            if (n.inputs() != nets.get(0).inputs() || n.classes() != classNames.size()) {
                throw new SnnaudioException("ensemble members must all take " + nets.get(0).inputs() + " inputs and give "
                        + classNames.size() + " class scores, got a network of " + n.inputs() + " inputs and " + n.classes()
                        + " outputs");
            }
        }
        this.members = List.copyOf(nets);
        this.network = nets.get(0);
    }

    public FeatureScaler scaler() {
        return scaler;
    }

    /** Index of the positive class of a detection task. */
    public int positiveClass() {
        if (config.positiveClass() == null) {
            return 1;
        }
        int i = classNames.indexOf(config.positiveClass());
        if (i < 0) {
            throw new SnnaudioException("positive_class '" + config.positiveClass() + "' is not a class of the data "
                    + classNames);
        }
        return i;
    }

    /** The audio module's frontend record for this config. */
    public static FrontendConfig frontendConfig(PipelineConfig c) {
        var f = c.frontend();
        int sr = c.audio().sampleRate();
        FrontendConfig.Window w = f.window().equals("hamming") ? FrontendConfig.Window.HAMMING : FrontendConfig.Window.HANN;
        return switch (f.type()) {
            case "stft" -> new FrontendConfig.Stft(sr, f.nFft(), 0, f.hop(), w, true, 2,
                    f.log() ? FrontendConfig.LogScale.DB : FrontendConfig.LogScale.NONE);
            case "mel" -> new FrontendConfig.MelSpectrogram(sr, f.nFft(), 0, f.hop(), w, true, f.nMels(), f.fMin(), f.fMax(),
                    FrontendConfig.MelScale.HTK, FrontendConfig.MelNorm.NONE, 2,
                    f.log() ? FrontendConfig.LogScale.DB : FrontendConfig.LogScale.NONE, f.topDb());
            case "mfcc" -> new FrontendConfig.Mfcc(sr, f.nMfcc(), f.nFft(), 0, f.hop(), w, true, f.nMels(), f.fMin(), f.fMax(),
                    FrontendConfig.MelScale.HTK, FrontendConfig.MelNorm.NONE, FrontendConfig.LogScale.DB, f.topDb());
            case "filterbank" -> new FrontendConfig.IirFilterbank(sr, f.channels(), f.fMin(), f.fMax() > 0 ? f.fMax() : 15900,
                    3.0, f.frame(), FrontendConfig.Rectify.FULL);
            case "gammatone" -> new FrontendConfig.Gammatone(sr, f.channels(), f.fMin() > 0 ? f.fMin() : 50,
                    f.fMax() > 0 ? f.fMax() : 0.45 * sr, f.frame(), 0.3, false, 400, 0.001);
            default -> throw new SnnaudioException("frontend '" + f.type() + "' does not process audio");
        };
    }

    private static Preprocess preprocess(PipelineConfig c) {
        var a = c.audio();
        Preprocess.Position pad = a.align().equals("start") ? Preprocess.Position.START : Preprocess.Position.CENTER;
        Preprocess.Normalize n = switch (a.normalise()) {
            case "peak" -> Preprocess.Normalize.PEAK;
            case "rms" -> Preprocess.Normalize.RMS;
            default -> Preprocess.Normalize.NONE;
        };
        return new Preprocess(true, a.lengthSamples(), pad, Preprocess.Position.START, n,
                n == Preprocess.Normalize.RMS ? 0.1 : 1.0, a.gain());
    }

    /** Reads a recording and returns its frontend features (after resampling, length fixing and normalisation). */
    public Features features(Path file) {
        return features(AudioReader.read(file));
    }

    /** Frontend features of a clip. */
    public Features features(AudioClip clip) {
        requireAudio();
        return frontend.process(preprocess.apply(clip, frontend.sampleRate()).samples());
    }

    /** The clip as the frontend sees it (resampled, fixed length, normalised). */
    public float[] prepare(AudioClip clip) {
        requireAudio();
        return preprocess.apply(clip, frontend.sampleRate()).samples();
    }

    /**
     * Per-recording processing of frontend features ({@link FeatureTransform}: {@code encoder.mean_norm},
     * {@code var_norm}, {@code deltas}); the features unchanged when all are off.
     */
    public Features meanNormalised(Features f) {
        return FeatureTransform.apply(f, config.encoder());
    }

    /** Fits the feature scaler on training features (when the encoder normalises). */
    public void fitScaler(List<Features> train) {
        requireAudio();
        if (!config.encoder().normalise()) {
            this.scaler = null;
            return;
        }
        // only the frames FeatureScaler.fit would pick (at most MAX_FRAMES, evenly) are kept, so the fit
        // takes bounded memory however large the set (a list read from disk is traversed twice)
        long total = 0;
        for (Features raw : train) {
            total += meanNormalised(raw).frames();
        }
        int keep = (int) Math.min(total, FeatureScaler.MAX_FRAMES);
        double step = total / (double) FeatureScaler.MAX_FRAMES;
        List<float[]> frames = new ArrayList<>(keep);
        long g = 0;
        for (Features raw : train) {
            Features f = meanNormalised(raw);
            for (int t = 0; t < f.frames(); t++, g++) {
                if (total <= FeatureScaler.MAX_FRAMES || (frames.size() < keep && g == (long) (frames.size() * step))) {
                    frames.add(f.frame(t));
                }
            }
        }
        this.scaler = FeatureScaler.fit(frames, featureChannels());
    }

    /** Sets the scaler (model loading, tests). */
    public void scaler(FeatureScaler s) {
        this.scaler = s;
    }

    /** The encoder for this pipeline's frontend. */
    public Encoder encoder() {
        requireAudio();
        return new Encoder(config.encoder(), featureChannels());
    }

    /** Feature channels the scaler and encoder see: the frontend's, times 1 + {@code encoder.deltas}. */
    public int featureChannels() {
        requireAudio();
        return FeatureTransform.channels(frontend.channels(), config.encoder());
    }

    /** Network input channels. */
    public int inputChannels(int spikeChannels) {
        return isSpikeInput() ? spikeChannels : encoder().outputChannels();
    }

    /** Turns frontend features into a network sample: mean normalisation, scaling, then encoding. */
    public Sample encode(Features raw, int label) {
        Features f = meanNormalised(raw);
        Encoder enc = encoder();
        Encoder.Stream s = enc.newStream();
        int oc = enc.outputChannels();
        int k = enc.stepsPerFrame();
        int frames = Math.max(1, f.frames());
        float[] out = new float[frames * k * oc];
        float[] frame = new float[f.channels()];
        for (int t = 0; t < f.frames(); t++) {
            System.arraycopy(f.values(), t * f.channels(), frame, 0, f.channels());
            if (scaler != null) {
                scaler.apply(frame);
            }
            s.frame(frame, out, t * k * oc);
        }
        return enc.spiking() ? SpikeSample.fromRaster(out, frames * k, oc, label) : new DenseSample(out, frames * k, oc, label);
    }

    /** A recording as a network sample. */
    public Sample sample(AudioClip clip, int label) {
        return encode(features(clip), label);
    }

    /** Builds a fresh network for {@code inputs} input channels from the config, seeded by the training seed. */
    public Network buildNetwork(int inputs) {
        return buildNetwork(inputs, config.training().seed());
    }

    /**
     * Builds a fresh network for {@code inputs} input channels seeded by {@code seed} (an ensemble member's),
     * and makes it this pipeline's network.
     */
    public Network buildNetwork(int inputs, long seed) {
        var n = config.network();
        List<LayerSpec> specs = new ArrayList<>();
        int prev = inputs;
        List<LayerConfig> hidden = n.hiddenLayers();
        for (LayerConfig l : hidden) {
            boolean diag = l.type().equals("diagonal");
            int size = diag && l.size() == 0 ? prev : l.size();
            if (diag && size != prev) {
                throw new SnnaudioException("layer " + l.name() + ": a diagonal layer has as many neurons as inputs ("
                        + prev + "), got size " + size);
            }
            InitConfig init = l.init() != null ? l.init() : n.init();
            double scale = diag ? (init.type().equals("normal") ? init.mean() : init.gain()) : init.gain();
            specs.add(new LayerSpec(l.name(), size, diag ? Synapse.DIAGONAL : Synapse.DENSE, l.type().equals("recurrent"),
                    l.bias(), neuron(l.neuron()), Math.max(scale, 1e-6)));
            prev = size;
        }
        var r = n.readout();
        NeuronModel out = switch (r.neuron()) {
            case "li" -> new Li(r.tauMem());
            case "cuba-li" -> new CubaLi(r.tauSyn(), r.tauMem());
            default -> new Lif(r.tauMem(), r.threshold());
        };
        specs.add(new LayerSpec(READOUT, classNames.size(), Synapse.DENSE, false, false, out, n.init().gain()));
        Network.Builder b = Network.builder(inputs);
        specs.forEach(b::layer);
        Network net = b.options(options(1)).seed(seed).build();
        initialise(net, hidden, seed);
        applyGroupsAndFreeze(net);
        network(net);
        return net;
    }

    /** Sets the network, a model of one network (model loading, tests). */
    public void network(Network n) {
        this.network = n;
        this.members = n == null ? List.of() : List.of(n);
    }

    private void initialise(Network net, List<LayerConfig> hidden, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (LayerConfig l : hidden) {
            InitConfig init = l.init() != null ? l.init() : config.network().init();
            if (init.type().equals("xavier")) {
                continue;
            }
            for (Parameter p : net.parameters(l.name() + ".weight")) {
                float[] v = p.value();
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (init.type().equals("normal") ? init.mean() + init.std() * gaussian(rnd)
                            : init.low() + (init.high() - init.low()) * rnd.nextDouble());
                }
            }
        }
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private void applyGroupsAndFreeze(Network net) {
        Map<String, String> groupOf = new LinkedHashMap<>();
        for (LayerConfig l : config.network().hiddenLayers()) {
            groupOf.put(l.name(), l.group());
        }
        groupOf.put(READOUT, config.network().readout().group());
        for (Parameter p : net.parameters()) {
            String layer = p.name().substring(0, p.name().indexOf('.'));
            p.group(groupOf.getOrDefault(layer, "default"));
        }
        for (String glob : config.training().freeze()) {
            List<Parameter> hit = net.parameters(glob);
            if (hit.isEmpty()) {
                throw new SnnaudioException("training.freeze: '" + glob + "' matches no parameter (parameters: "
                        + net.parameters().stream().map(Parameter::name).toList() + ")");
            }
            hit.forEach(p -> p.trainable(false));
        }
    }

    /** The network options this config asks for, with {@code threads} workers. */
    public NetworkOptions options(int threads) {
        var n = config.network();
        Readout readout = Readout.of(switch (config.loss().type()) {
            case "sum-exp" -> "sum-exp-membrane";
            default -> config.loss().type();
        });
        List<Regularizer> regs = new ArrayList<>();
        List<String> spikingLayers = new ArrayList<>();
        for (LayerConfig l : n.hiddenLayers()) {
            spikingLayers.add(l.name());
        }
        if (n.readout().neuron().equals("lif")) {
            spikingLayers.add(READOUT);
        }
        for (var g : config.regularisers()) {
            for (String layer : g.layers().isEmpty() ? spikingLayers : g.layers()) {
                regs.add(switch (g.type()) {
                    case "firing-rate" -> new Regularizer.FiringRateTarget(layer, g.target(), g.weight());
                    case "l1-spikes" -> new Regularizer.SpikeCountL1(layer, g.weight());
                    default -> new Regularizer.SpikeCountL2(layer, g.weight());
                });
            }
        }
        StringBuilder trainable = new StringBuilder(NetworkOptions.DEFAULT_TRAINABLE);
        for (LayerConfig l : n.hiddenLayers()) {
            if (l.neuron().trainTau()) {
                trainable.append(',').append(l.name()).append(".tau_*");
            }
            if (l.neuron().trainThreshold()) {
                trainable.append(',').append(l.name()).append(".threshold");
            }
        }
        return NetworkOptions.defaults().withDt(n.dt()).withSurrogate(Surrogate.of(n.surrogate().type(), n.surrogate().slope()))
                .withReadout(readout).withRegularizers(regs).withThreads(Math.max(1, threads))
                .withTrainable(trainable.toString());
    }

    /** Sets the worker threads of the network, of every member of an ensemble (keeping frozen parameters frozen). */
    public void threads(int threads) {
        requireNetwork();
        for (Network net : members) {
            List<Boolean> flags = net.parameters().stream().map(Parameter::trainable).toList();
            net.options(net.options().withThreads(Math.max(1, threads)));
            for (int i = 0; i < flags.size(); i++) {
                net.parameters().get(i).trainable(flags.get(i));
            }
        }
    }

    private static NeuronModel neuron(NeuronConfig c) {
        ResetMode reset = c.reset().equals("zero") ? ResetMode.TO_RESET : ResetMode.SUBTRACT;
        return switch (c.model()) {
            case "cuba-lif" -> new CubaLif(c.tauSyn(), c.tauMem(), c.threshold(), reset, 0);
            case "adaptive-lif" -> new AdaptiveLif(c.tauMem(), c.tauAdapt(), c.betaAdapt(), c.threshold(), reset, 0);
            case "if" -> new If(c.threshold(), reset, 0);
            default -> new Lif(c.tauMem(), c.threshold(), reset, 0);
        };
    }

    /**
     * A decision: the class index, its name, and a score per class (softmax of the readout's logits; of an
     * ensemble, the mean of its members' softmax probabilities, and the class is that mean's argmax).
     */
    public record Prediction(int index, String label, double[] scores) {
    }

    /** Classifies network samples (batched, multi-threaded by the engine); an ensemble averages its members. */
    public List<Prediction> predict(List<? extends Sample> samples) {
        requireNetwork();
        if (!isEnsemble()) {
            return predict(network, samples);
        }
        List<List<Prediction>> each = new ArrayList<>(members.size());
        for (Network m : members) {
            each.add(predict(m, samples));
        }
        List<Prediction> out = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            List<double[]> scores = new ArrayList<>(members.size());
            for (List<Prediction> e : each) {
                scores.add(e.get(i).scores());
            }
            out.add(average(scores));
        }
        return out;
    }

    /** Classifies network samples with one network (an ensemble member on its own). */
    public List<Prediction> predict(Network net, List<? extends Sample> samples) {
        List<Prediction> out = new ArrayList<>(samples.size());
        if (config.decoder().equals("first-spike")) {
            for (Sample s : samples) {
                out.add(decodeFirstSpike(net.trace(s)));
            }
            return out;
        }
        int batch = 256;
        for (int from = 0; from < samples.size(); from += batch) {
            float[][] logits = net.predict(samples.subList(from, Math.min(samples.size(), from + batch)));
            for (float[] l : logits) {
                out.add(decision(toDouble(l)));
            }
        }
        return out;
    }

    /**
     * The ensemble decision for its members' class probabilities (each a {@link Prediction#scores()}): their
     * mean, summed in member order, and its argmax (the first on ties, as {@link #decision} does).
     */
    public Prediction average(List<double[]> memberScores) {
        double[] mean = new double[classNames.size()];
        for (double[] s : memberScores) {
            for (int k = 0; k < mean.length; k++) {
                mean[k] += s[k];
            }
        }
        int best = 0;
        for (int k = 0; k < mean.length; k++) {
            mean[k] /= memberScores.size();
            if (mean[k] > mean[best]) {
                best = k;
            }
        }
        return new Prediction(best, classNames.get(best), mean);
    }

    /** Classifies one recording. */
    public Prediction predict(AudioClip clip) {
        return predict(List.of(sample(clip, -1))).get(0);
    }

    /** The decision for raw readout logits, following the decoder (max-rate, max-membrane). */
    public Prediction decision(double[] logits) {
        int best = 0;
        for (int k = 1; k < logits.length; k++) {
            if (logits[k] > logits[best]) {
                best = k;
            }
        }
        return new Prediction(best, classNames.get(best), softmax(logits));
    }

    /** First-spike decoding: the output neuron that fires first wins; ties go to the one with more spikes. */
    public Prediction decodeFirstSpike(Trace tr) {
        int out = tr.layers().size() - 1;
        int n = tr.sizes()[out];
        float[] spk = tr.spikes().get(out);
        double[] score = new double[n];
        for (int k = 0; k < n; k++) {
            int first = -1;
            int count = 0;
            for (int t = 0; t < tr.steps(); t++) {
                if (spk[t * n + k] != 0) {
                    count++;
                    if (first < 0) {
                        first = t;
                    }
                }
            }
            score[k] = first < 0 ? 0 : (tr.steps() - first) + count / (double) (tr.steps() + 1);
        }
        return decision(score);
    }

    static double[] softmax(double[] l) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : l) {
            max = Math.max(max, v);
        }
        double[] p = new double[l.length];
        double s = 0;
        for (int i = 0; i < l.length; i++) {
            p[i] = Math.exp(l[i] - max);
            s += p[i];
        }
        for (int i = 0; i < l.length; i++) {
            p[i] /= s;
        }
        return p;
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** The model-file form of this pipeline. */
    public SavedModel toSavedModel(Provenance provenance) {
        requireNetwork();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(KEY_CONFIG, ConfigIO.toJson(config));
        meta.put(KEY_CLASSES, String.join("\n", classNames));
        meta.put(KEY_INPUTS, Integer.toString(network.inputs()));
        if (scaler != null) {
            meta.put(KEY_SCALER, scaler.encode());
        }
        network.options().toMap().forEach((k, v) -> meta.put(OPTION_PREFIX + k, v));
        List<String> frozen = network.parameters().stream().filter(p -> !p.trainable()).map(Parameter::name).toList();
        meta.put("pipeline.frozen", String.join(",", frozen));
        List<Graph> rest = new ArrayList<>();
        for (Network m : members.subList(1, members.size())) {
            rest.add(m.toGraph());
        }
        return new SavedModel(network.toGraph(), meta, provenance, rest);
    }

    /** Writes the model file atomically. */
    public void save(Path file, Provenance provenance) {
        ModelFile.write(file, toSavedModel(provenance));
    }

    /** Loads a pipeline from a model file written by {@link #save}. */
    public static Pipeline load(Path file) {
        SavedModel m = ModelFile.read(file);
        return fromSaved(m, file.toString());
    }

    /** A pipeline from a model read from {@code source}. */
    public static Pipeline fromSaved(SavedModel m, String source) {
        String json = m.metadata().get(KEY_CONFIG);
        if (json == null) {
            throw new SnnaudioException(source + ": not a pipeline model (no " + KEY_CONFIG + " in its metadata); "
                    + "models written by 'snnaudio train' have one");
        }
        PipelineConfig c = ConfigIO.parse(json, source + " (stored config)");
        String classes = m.metadata().get(KEY_CLASSES);
        if (classes == null || classes.isEmpty()) {
            throw new SnnaudioException(source + ": model metadata has no class names");
        }
        Pipeline p = new Pipeline(c, List.of(classes.split("\n")));
        String sc = m.metadata().get(KEY_SCALER);
        if (sc != null) {
            p.scaler(FeatureScaler.decode(sc));
        }
        Map<String, String> opts = new LinkedHashMap<>();
        m.metadata().forEach((k, v) -> {
            if (k.startsWith(OPTION_PREFIX)) {
                opts.put(k.substring(OPTION_PREFIX.length()), v);
            }
        });
        List<Network> nets = new ArrayList<>();
        List<Graph> graphs = new ArrayList<>();
        graphs.add(m.graph());
        graphs.addAll(m.members());
        for (int i = 0; i < graphs.size(); i++) {
            Network net = Network.fromGraph(graphs.get(i), NetworkOptions.fromMap(opts).withThreads(1));
            String which = graphs.size() == 1 ? "network" : "ensemble member " + (i + 1) + " of " + graphs.size();
            if (net.classes() != p.classNames.size()) {
                throw new SnnaudioException(source + ": " + which + " has " + net.classes() + " outputs but "
                        + p.classNames.size() + " class names");
            }
            if (!nets.isEmpty() && net.inputs() != nets.get(0).inputs()) {
                throw new SnnaudioException(source + ": " + which + " takes " + net.inputs() + " inputs, member 1 "
                        + nets.get(0).inputs());
            }
            nets.add(net);
        }
        p.ensemble(nets);
        return p;
    }

    private void requireAudio() {
        if (frontend == null) {
            throw new SnnaudioException("pipeline '" + config.name() + "' takes spike data (frontend: spikes), not audio");
        }
    }

    private void requireNetwork() {
        if (network == null) {
            throw new SnnaudioException("pipeline '" + config.name() + "' has no trained network yet");
        }
    }
}
