package org.snnaudio.cli.config;

import org.snnaudio.core.SnnaudioException;

import java.util.List;
import java.util.Objects;

/**
 * A whole pipeline, frontend to decoder, plus how to train it: the content of a config file and of
 * the {@code pipeline} entry saved in every model file, so that {@code predict} processes a new
 * recording exactly as training did. Missing sections take the defaults of their records; checks
 * that need the file name live in {@link ConfigValidator}.
 *
 * @param name         a short name for reports
 * @param task         {@code classification} (argmax over classes) or {@code detection} (binary, scored by AUC)
 * @param positiveClass for detection: the class name counted as positive (default: the second class)
 * @param audio        how a recording becomes a fixed-rate, fixed-length signal
 * @param frontend     signal to frames
 * @param encoder      frames to network input over time
 * @param network      layers, neurons and readout
 * @param decoder      readout to class: {@code max-rate}, {@code max-membrane} or {@code first-spike}
 * @param loss         training loss on the readout
 * @param regularisers extra loss terms (firing-rate targets, spike-count penalties)
 * @param training     optimiser, schedule, epochs and the rest of the training loop
 * @param split        how a single data set is split into train, validation and test
 */
public record PipelineConfig(String name, String task, String positiveClass, AudioConfig audio, FrontendConfig frontend,
                             EncoderConfig encoder, NetworkConfig network, String decoder, LossConfig loss,
                             List<RegulariserConfig> regularisers, TrainingConfig training, SplitConfig split) {

    /** Task names. */
    public static final List<String> TASKS = List.of("classification", "detection");
    /** Decoder names. */
    public static final List<String> DECODERS = List.of("max-rate", "max-membrane", "first-spike");

    public PipelineConfig {
        name = Objects.requireNonNullElse(name, "pipeline");
        task = Objects.requireNonNullElse(task, "classification");
        audio = Objects.requireNonNullElseGet(audio, () -> new AudioConfig(null, null, null, null, null));
        frontend = Objects.requireNonNullElseGet(frontend, FrontendConfig::defaults);
        encoder = Objects.requireNonNullElseGet(encoder, EncoderConfig::defaults);
        network = Objects.requireNonNullElseGet(network, NetworkConfig::defaults);
        decoder = Objects.requireNonNullElse(decoder, "max-rate");
        loss = Objects.requireNonNullElseGet(loss, () -> new LossConfig(null, null));
        regularisers = regularisers == null ? List.of() : List.copyOf(regularisers);
        training = Objects.requireNonNullElseGet(training, TrainingConfig::defaults);
        split = Objects.requireNonNullElseGet(split, SplitConfig::defaults);
    }

    /** Whether the task is binary detection (AUC is the headline metric). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isDetection() {
        return "detection".equals(task);
    }

    /** The same pipeline with other training settings. */
    public PipelineConfig withTraining(TrainingConfig t) {
        return new PipelineConfig(name, task, positiveClass, audio, frontend, encoder, network, decoder, loss, regularisers,
                t, split);
    }

    /** The same pipeline with another split. */
    public PipelineConfig withSplit(SplitConfig s) {
        return new PipelineConfig(name, task, positiveClass, audio, frontend, encoder, network, decoder, loss, regularisers,
                training, s);
    }

    /** The same pipeline with another network. */
    public PipelineConfig withNetwork(NetworkConfig n) {
        return new PipelineConfig(name, task, positiveClass, audio, frontend, encoder, n, decoder, loss, regularisers,
                training, split);
    }

    /** The same pipeline with another encoder. */
    public PipelineConfig withEncoder(EncoderConfig e) {
        return new PipelineConfig(name, task, positiveClass, audio, frontend, e, network, decoder, loss, regularisers,
                training, split);
    }

    /** The same pipeline with another frontend. */
    public PipelineConfig withFrontend(FrontendConfig f) {
        return new PipelineConfig(name, task, positiveClass, audio, f, encoder, network, decoder, loss, regularisers,
                training, split);
    }

    /** The same pipeline with another audio section. */
    public PipelineConfig withAudio(AudioConfig a) {
        return new PipelineConfig(name, task, positiveClass, a, frontend, encoder, network, decoder, loss, regularisers,
                training, split);
    }

    /**
     * How a recording becomes the signal the frontend sees.
     *
     * @param sampleRate rate every recording is resampled to, in hertz
     * @param duration   fixed length in seconds (trimmed or zero-padded); 0 keeps each recording's length
     * @param align      where a short recording sits in the fixed window: {@code centre} (Talamo) or {@code start}
     * @param normalise  {@code none}, {@code peak} or {@code rms}
     * @param gain       factor applied after normalisation (Talamo scales by 32768)
     */
    public record AudioConfig(Integer sampleRate, Double duration, String align, String normalise, Double gain) {
        public AudioConfig {
            sampleRate = Objects.requireNonNullElse(sampleRate, 16000);
            duration = Objects.requireNonNullElse(duration, 1.0);
            align = Objects.requireNonNullElse(align, "centre");
            normalise = Objects.requireNonNullElse(normalise, "none");
            gain = Objects.requireNonNullElse(gain, 1.0);
        }

        /** Fixed length in samples (0 = variable). */
        public int lengthSamples() {
            return (int) Math.round(duration * sampleRate);
        }
    }

    /**
     * Signal to frames. Which fields matter depends on {@code type}: {@code stft}, {@code mel},
     * {@code mfcc}, {@code filterbank} (NWAVE's IIR peak filters), {@code gammatone}, or {@code spikes}
     * (the data are already spikes, as SHD; {@code steps} bins them).
     *
     * @param type      frontend name
     * @param nFft      FFT size (stft, mel, mfcc)
     * @param hop       hop in samples (stft, mel, mfcc)
     * @param nMels     mel bands (mel, mfcc)
     * @param nMfcc     cepstral coefficients kept (mfcc)
     * @param channels  filters (filterbank, gammatone)
     * @param fMin      lowest centre frequency in hertz (mel, filterbank, gammatone)
     * @param fMax      highest centre frequency in hertz; 0 means Nyquist
     * @param window    {@code hann} or {@code hamming}
     * @param frame     time bin in seconds (filterbank, gammatone)
     * @param log       log compression of magnitudes (stft, mel)
     * @param steps     time bins of spike data (spikes)
     * @param maxTime   seconds of spike data binned into {@code steps} (spikes)
     * @param topDb     dB values below the recording's maximum minus {@code topDb} are raised to it (mel, mfcc;
     *                  0 = off; offline only): a floor that makes silence look the same whatever a recording's
     *                  noise level
     */
    public record FrontendConfig(String type, Integer nFft, Integer hop, Integer nMels, Integer nMfcc, Integer channels,
                                 Double fMin, Double fMax, String window, Double frame, Boolean log, Integer steps,
                                 Double maxTime, Double topDb) {
        /** Frontend names. */
        public static final List<String> TYPES = List.of("stft", "mel", "mfcc", "filterbank", "gammatone", "spikes");

        public FrontendConfig {
            type = Objects.requireNonNullElse(type, "mfcc");
            nFft = Objects.requireNonNullElse(nFft, 512);
            hop = Objects.requireNonNullElse(hop, nFft / 2);
            nMels = Objects.requireNonNullElse(nMels, 64);
            nMfcc = Objects.requireNonNullElse(nMfcc, 32);
            channels = Objects.requireNonNullElse(channels, 16);
            fMin = Objects.requireNonNullElse(fMin, "filterbank".equals(type) ? 97.6 : 0.0);
            fMax = Objects.requireNonNullElse(fMax, "filterbank".equals(type) ? 15900.0 : 0.0);
            window = Objects.requireNonNullElse(window, "hann");
            frame = Objects.requireNonNullElse(frame, 0.008);
            log = Objects.requireNonNullElse(log, Boolean.TRUE);
            steps = Objects.requireNonNullElse(steps, 100);
            maxTime = Objects.requireNonNullElse(maxTime, 1.0);
            topDb = Objects.requireNonNullElse(topDb, 0.0);
        }

        /** The settings without a dB floor. */
        public FrontendConfig(String type, Integer nFft, Integer hop, Integer nMels, Integer nMfcc, Integer channels,
                              Double fMin, Double fMax, String window, Double frame, Boolean log, Integer steps,
                              Double maxTime) {
            this(type, nFft, hop, nMels, nMfcc, channels, fMin, fMax, window, frame, log, steps, maxTime, null);
        }

        static FrontendConfig defaults() {
            return new FrontendConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        }
    }

    /**
     * Frames to network input over time.
     *
     * @param type          {@code if} (integrate-and-fire per channel), {@code rate}, {@code delta},
     *                      {@code latency}, {@code direct} (analog current) or {@code none} (spike data)
     * @param threshold     firing threshold of the IF / delta encoder, in units of the scaled features
     * @param gain          factor applied to the features before encoding
     * @param stepsPerFrame network steps per frontend frame
     * @param normalise     scale each channel to [0, 1] with statistics of the training set
     * @param seed          seed of stochastic encoders (rate)
     * @param meanNorm      subtract each recording's per-channel mean first (cepstral mean normalisation, which
     *                      removes speaker and channel colouring; offline only, not for streaming)
     * @param varNorm       divide each channel by its standard deviation over the recording, after the mean
     *                      removal (with {@code meanNorm}: per-recording CMVN; offline only)
     * @param deltas        0, 1 or 2: append first (and second) time differences of the features (regression
     *                      over +-2 frames, as HTK and Kaldi compute them), tripling the channels at 2
     */
    public record EncoderConfig(String type, Double threshold, Double gain, Integer stepsPerFrame, Boolean normalise,
                                Long seed, Boolean meanNorm, Boolean varNorm, Integer deltas) {
        /** Encoder names. */
        public static final List<String> TYPES = List.of("if", "rate", "delta", "latency", "direct", "none");

        public EncoderConfig {
            type = Objects.requireNonNullElse(type, "if");
            threshold = Objects.requireNonNullElse(threshold, 1.0);
            gain = Objects.requireNonNullElse(gain, 1.0);
            stepsPerFrame = Objects.requireNonNullElse(stepsPerFrame, 1);
            normalise = Objects.requireNonNullElse(normalise, Boolean.TRUE);
            seed = Objects.requireNonNullElse(seed, 1L);
            meanNorm = Objects.requireNonNullElse(meanNorm, Boolean.FALSE);
            varNorm = Objects.requireNonNullElse(varNorm, Boolean.FALSE);
            deltas = Objects.requireNonNullElse(deltas, 0);
        }

        /** The settings without per-recording normalisation or deltas. */
        public EncoderConfig(String type, Double threshold, Double gain, Integer stepsPerFrame, Boolean normalise, Long seed) {
            this(type, threshold, gain, stepsPerFrame, normalise, seed, null, null, null);
        }

        /** The settings without variance normalisation or deltas. */
        public EncoderConfig(String type, Double threshold, Double gain, Integer stepsPerFrame, Boolean normalise, Long seed,
                             Boolean meanNorm) {
            this(type, threshold, gain, stepsPerFrame, normalise, seed, meanNorm, null, null);
        }

        /** Whether features depend on the whole recording (mean or variance normalisation), so cannot be streamed. */
        public boolean wholeRecording() {
            return meanNorm || varNorm;
        }

        static EncoderConfig defaults() {
            return new EncoderConfig(null, null, null, null, null, null, null, null, null);
        }
    }

    /**
     * The network: hidden layers in order, then a readout with one neuron per class.
     *
     * @param dt        simulation step in seconds (time constants are discretised with it)
     * @param hidden    shorthand: sizes of dense hidden layers using {@code neuron}
     * @param recurrent shorthand: whether shorthand hidden layers are recurrent
     * @param neuron    the neuron of shorthand hidden layers
     * @param layers    explicit hidden layers (instead of {@code hidden})
     * @param readout   the output layer
     * @param surrogate the surrogate gradient of the spike function
     * @param init      initial weights of dense and recurrent layers
     */
    public record NetworkConfig(Double dt, List<Integer> hidden, Boolean recurrent, NeuronConfig neuron,
                                List<LayerConfig> layers, ReadoutConfig readout, SurrogateConfig surrogate, InitConfig init) {
        public NetworkConfig {
            dt = Objects.requireNonNullElse(dt, 0.001);
            hidden = hidden == null ? null : List.copyOf(hidden);
            recurrent = Objects.requireNonNullElse(recurrent, Boolean.FALSE);
            neuron = Objects.requireNonNullElseGet(neuron, NeuronConfig::defaults);
            layers = layers == null ? null : List.copyOf(layers);
            readout = Objects.requireNonNullElseGet(readout, ReadoutConfig::defaults);
            surrogate = Objects.requireNonNullElseGet(surrogate, () -> new SurrogateConfig(null, null));
            init = Objects.requireNonNullElseGet(init, InitConfig::defaults);
        }

        static NetworkConfig defaults() {
            return new NetworkConfig(null, List.of(128), null, null, null, null, null, null);
        }

        /** The hidden layers, from {@code layers} or expanded from the {@code hidden} shorthand. */
        public List<LayerConfig> hiddenLayers() {
            if (layers != null) {
                return layers;
            }
            List<Integer> sizes = hidden == null ? List.of(128) : hidden;
            java.util.ArrayList<LayerConfig> out = new java.util.ArrayList<>();
            for (int i = 0; i < sizes.size(); i++) {
                out.add(new LayerConfig(sizes.size() == 1 ? "hidden" : "hidden" + (i + 1),
                        recurrent ? "recurrent" : "dense", sizes.get(i), neuron, null, null, null));
            }
            return out;
        }

        /** The same network with other hidden sizes (shorthand form). */
        public NetworkConfig withHidden(List<Integer> sizes) {
            return new NetworkConfig(dt, sizes, recurrent, neuron, null, readout, surrogate, init);
        }
    }

    /**
     * One hidden layer.
     *
     * @param name   parameter name prefix ({@code hidden.weight}); unique
     * @param type   {@code dense}, {@code recurrent} (dense plus all-to-all recurrence) or {@code diagonal}
     *               (one weight per input channel, NWAVE's frontend synapse; size must equal its input)
     * @param size   neurons; for diagonal layers 0 means "as many as inputs"
     * @param neuron neuron model of the layer
     * @param bias   whether the synapse adds a trainable bias
     * @param group  optimiser parameter group (see {@link TrainingConfig#groups()})
     * @param init   initial weights (default: the network's)
     */
    public record LayerConfig(String name, String type, Integer size, NeuronConfig neuron, Boolean bias, String group,
                              InitConfig init) {
        /** Layer type names. */
        public static final List<String> TYPES = List.of("dense", "recurrent", "diagonal");

        public LayerConfig {
            type = Objects.requireNonNullElse(type, "dense");
            size = Objects.requireNonNullElse(size, "diagonal".equals(type) ? 0 : 128);
            neuron = Objects.requireNonNullElseGet(neuron, NeuronConfig::defaults);
            bias = Objects.requireNonNullElse(bias, Boolean.FALSE);
            group = Objects.requireNonNullElse(group, "default");
        }
    }

    /**
     * A spiking neuron model and its continuous-time parameters.
     *
     * @param model          {@code lif}, {@code cuba-lif}, {@code adaptive-lif} or {@code if}
     * @param tauMem         membrane time constant in seconds
     * @param tauSyn         synaptic time constant in seconds (cuba-lif)
     * @param threshold      firing threshold
     * @param reset          {@code subtract} or {@code zero}
     * @param tauAdapt       threshold adaptation time constant in seconds (adaptive-lif)
     * @param betaAdapt      threshold increase per spike (adaptive-lif)
     * @param trainTau       whether time constants are trained
     * @param trainThreshold whether thresholds are trained
     */
    public record NeuronConfig(String model, Double tauMem, Double tauSyn, Double threshold, String reset,
                               Double tauAdapt, Double betaAdapt, Boolean trainTau, Boolean trainThreshold) {
        /** Neuron model names. */
        public static final List<String> MODELS = List.of("lif", "cuba-lif", "adaptive-lif", "if");

        public NeuronConfig {
            model = Objects.requireNonNullElse(model, "lif");
            tauMem = Objects.requireNonNullElse(tauMem, 0.02);
            tauSyn = Objects.requireNonNullElse(tauSyn, 0.005);
            threshold = Objects.requireNonNullElse(threshold, 1.0);
            reset = Objects.requireNonNullElse(reset, "subtract");
            tauAdapt = Objects.requireNonNullElse(tauAdapt, 0.2);
            betaAdapt = Objects.requireNonNullElse(betaAdapt, 0.1);
            trainTau = Objects.requireNonNullElse(trainTau, Boolean.FALSE);
            trainThreshold = Objects.requireNonNullElse(trainThreshold, Boolean.FALSE);
        }

        static NeuronConfig defaults() {
            return new NeuronConfig(null, null, null, null, null, null, null, null, null);
        }
    }

    /**
     * The output layer, one neuron per class.
     *
     * @param neuron {@code lif} (spiking, for max-rate and first-spike), {@code li} or {@code cuba-li}
     *               (non-spiking leaky integrator, for max-membrane)
     * @param tauMem membrane time constant in seconds
     * @param tauSyn synaptic time constant in seconds (cuba-li)
     * @param threshold firing threshold of a spiking readout
     * @param group  optimiser parameter group
     */
    public record ReadoutConfig(String neuron, Double tauMem, Double tauSyn, Double threshold, String group) {
        /** Readout neuron names. */
        public static final List<String> NEURONS = List.of("lif", "li", "cuba-li");

        public ReadoutConfig {
            neuron = Objects.requireNonNullElse(neuron, "lif");
            tauMem = Objects.requireNonNullElse(tauMem, 0.02);
            tauSyn = Objects.requireNonNullElse(tauSyn, 0.005);
            threshold = Objects.requireNonNullElse(threshold, 1.0);
            group = Objects.requireNonNullElse(group, "default");
        }

        static ReadoutConfig defaults() {
            return new ReadoutConfig(null, null, null, null, null);
        }
    }

    /**
     * Surrogate gradient of the spike function.
     *
     * @param type  {@code fast-sigmoid}, {@code arctan}, {@code triangle} or {@code sigmoid}
     * @param slope steepness
     */
    public record SurrogateConfig(String type, Double slope) {
        /** Surrogate names. */
        public static final List<String> TYPES = List.of("fast-sigmoid", "arctan", "triangle", "sigmoid");

        public SurrogateConfig {
            type = Objects.requireNonNullElse(type, "fast-sigmoid");
            slope = Objects.requireNonNullElse(slope, 25.0);
        }
    }

    /**
     * Initial weights.
     *
     * @param type {@code xavier} (uniform, scaled by fan-in and fan-out, times {@code gain}),
     *             {@code normal} ({@code mean}, {@code std}) or {@code uniform} ({@code low}, {@code high})
     * @param gain xavier gain
     * @param mean normal mean
     * @param std  normal standard deviation
     * @param low  uniform lower bound
     * @param high uniform upper bound
     */
    public record InitConfig(String type, Double gain, Double mean, Double std, Double low, Double high) {
        /** Initialiser names. */
        public static final List<String> TYPES = List.of("xavier", "normal", "uniform");

        public InitConfig {
            type = Objects.requireNonNullElse(type, "xavier");
            gain = Objects.requireNonNullElse(gain, 1.0);
            mean = Objects.requireNonNullElse(mean, 0.0);
            std = Objects.requireNonNullElse(std, 0.1);
            low = Objects.requireNonNullElse(low, -0.1);
            high = Objects.requireNonNullElse(high, 0.1);
        }

        static InitConfig defaults() {
            return new InitConfig(null, null, null, null, null, null);
        }
    }

    /**
     * Training loss on the readout.
     *
     * @param type {@code spike-count} (cross-entropy on output spike counts), {@code max-membrane},
     *             {@code sum-exp} (time-weighted membrane integral, seeds/003 eq. 11), {@code mean-membrane}
     *             or {@code last-membrane}
     * @param tau  time scale of the sum-exp weighting in seconds (0 = the sample's duration)
     */
    public record LossConfig(String type, Double tau) {
        /** Loss names. */
        public static final List<String> TYPES = List.of("spike-count", "max-membrane", "sum-exp", "mean-membrane",
                "last-membrane");

        public LossConfig {
            type = Objects.requireNonNullElse(type, "spike-count");
            tau = Objects.requireNonNullElse(tau, 0.0);
        }
    }

    /**
     * An extra loss term.
     *
     * @param type   {@code firing-rate} (per-neuron MSE to a target rate, NWAVE), {@code l1-spikes} or {@code l2-spikes}
     * @param weight multiplier of the term
     * @param target target spike probability per step (firing-rate)
     * @param layers layer names it applies to (empty: all spiking layers)
     */
    public record RegulariserConfig(String type, Double weight, Double target, List<String> layers) {
        /** Regulariser names. */
        public static final List<String> TYPES = List.of("firing-rate", "l1-spikes", "l2-spikes");

        public RegulariserConfig {
            weight = Objects.requireNonNullElse(weight, 1.0);
            target = Objects.requireNonNullElse(target, 0.15);
            layers = layers == null ? List.of() : List.copyOf(layers);
        }
    }

    /**
     * The training loop.
     *
     * @param epochs     passes over the training set
     * @param batchSize  samples per step
     * @param optimizer  optimiser and base learning rate
     * @param schedule   learning-rate schedule
     * @param clipNorm   global gradient-norm clip (0 = off)
     * @param groups     parameter groups with their own learning rate, matched by glob on parameter names
     * @param freeze     globs of parameters that are not trained
     * @param seed       seed of initialisation and shuffling
     * @param threads    worker threads (0 = all processors)
     * @param patience   early stopping after this many epochs without validation improvement (0 = off)
     * @param restoreBest keep the weights of the best validation epoch
     * @param augment    training-time augmentation (perturbed copies of the training recordings)
     * @param ensemble   networks trained with seeds seed, seed + 1, ... on the same features; the model
     *                   averages their softmax probabilities (1 = one network)
     * @param target     a hardware target (built-in name or YAML file) to train for from the first epoch: its
     *                   weight grid by quantisation-aware training, and for targets with rules the constraint
     *                   penalties and projection, for targets with device mismatch a fresh draw per batch (null:
     *                   plain float training)
     */
    public record TrainingConfig(Integer epochs, Integer batchSize, OptimizerConfig optimizer, ScheduleConfig schedule,
                                 Double clipNorm, List<GroupConfig> groups, List<String> freeze, Long seed, Integer threads,
                                 Integer patience, Boolean restoreBest, AugmentConfig augment, Integer ensemble,
                                 String target) {
        public TrainingConfig {
            epochs = Objects.requireNonNullElse(epochs, 20);
            batchSize = Objects.requireNonNullElse(batchSize, 32);
            optimizer = Objects.requireNonNullElseGet(optimizer, () -> new OptimizerConfig(null, null, null, null, null, null));
            schedule = Objects.requireNonNullElseGet(schedule, () -> new ScheduleConfig(null, null, null, null, null));
            clipNorm = Objects.requireNonNullElse(clipNorm, 0.0);
            groups = groups == null ? List.of() : List.copyOf(groups);
            freeze = freeze == null ? List.of() : List.copyOf(freeze);
            seed = Objects.requireNonNullElse(seed, 42L);
            threads = Objects.requireNonNullElse(threads, 0);
            patience = Objects.requireNonNullElse(patience, 0);
            restoreBest = Objects.requireNonNullElse(restoreBest, Boolean.TRUE);
            augment = Objects.requireNonNullElseGet(augment, AugmentConfig::none);
            ensemble = Objects.requireNonNullElse(ensemble, 1);
        }

        /** Most networks one ensemble may hold. */
        public static final int MAX_ENSEMBLE = 32;

        /** The settings without an ensemble (one network). */
        public TrainingConfig(Integer epochs, Integer batchSize, OptimizerConfig optimizer, ScheduleConfig schedule,
                              Double clipNorm, List<GroupConfig> groups, List<String> freeze, Long seed, Integer threads,
                              Integer patience, Boolean restoreBest, AugmentConfig augment) {
            this(epochs, batchSize, optimizer, schedule, clipNorm, groups, freeze, seed, threads, patience, restoreBest, augment,
                    null, null);
        }

        /** The settings without augmentation. */
        public TrainingConfig(Integer epochs, Integer batchSize, OptimizerConfig optimizer, ScheduleConfig schedule,
                              Double clipNorm, List<GroupConfig> groups, List<String> freeze, Long seed, Integer threads,
                              Integer patience, Boolean restoreBest) {
            this(epochs, batchSize, optimizer, schedule, clipNorm, groups, freeze, seed, threads, patience, restoreBest, null);
        }

        static TrainingConfig defaults() {
            return new TrainingConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        }

        /** Copy with the given overrides; null arguments keep the current value. */
        public TrainingConfig with(Integer newEpochs, Integer newBatch, Double newLr, Long newSeed, Integer newThreads) {
            OptimizerConfig o = newLr == null ? optimizer
                    : new OptimizerConfig(optimizer.type(), newLr, optimizer.beta1(), optimizer.beta2(), optimizer.momentum(),
                    optimizer.weightDecay());
            return new TrainingConfig(newEpochs == null ? epochs : newEpochs, newBatch == null ? batchSize : newBatch, o,
                    schedule, clipNorm, groups, freeze, newSeed == null ? seed : newSeed,
                    newThreads == null ? threads : newThreads, patience, restoreBest, augment, ensemble, target);
        }

        /** Copy with {@code k} ensemble members. */
        public TrainingConfig withEnsemble(int k) {
            return new TrainingConfig(epochs, batchSize, optimizer, schedule, clipNorm, groups, freeze, seed, threads, patience,
                    restoreBest, augment, k, target);
        }

        /** Copy that trains for a hardware target from the first epoch (a built-in name or a YAML file). */
        public TrainingConfig withTarget(String newTarget) {
            return new TrainingConfig(epochs, batchSize, optimizer, schedule, clipNorm, groups, freeze, seed, threads,
                    patience, restoreBest, augment, ensemble, newTarget);
        }

        /** Copy with another seed (ensemble members train with seed, seed + 1, ...). */
        public TrainingConfig withSeed(long newSeed) {
            return new TrainingConfig(epochs, batchSize, optimizer, schedule, clipNorm, groups, freeze, newSeed, threads,
                    patience, restoreBest, augment, ensemble, target);
        }
    }

    /**
     * Training-time augmentation: {@code copies} extra versions of every training recording, each with a
     * random speed factor (resampling: tempo and pitch together, as in Kaldi's speed perturbation) and
     * optionally white noise; validation and test data are never augmented.
     *
     * @param copies     perturbed copies per training recording (0 = off)
     * @param speed      largest relative speed change; factors are drawn uniformly from [1 - speed, 1 + speed]
     * @param noiseSnrDb lowest signal-to-noise ratio of the added white noise in dB, drawn uniformly up to
     *                   {@code noiseSnrDb + 20} (null = no noise)
     * @param seed       seed of the perturbations
     * @param shift      largest time shift in seconds; each copy moves the recording by a uniform offset in
     *                   [-shift, shift] (the gap is filled with silence)
     * @param timeMasks  SpecAugment time masks per copy: runs of frames set to the recording's mean feature
     * @param timeMaskFrames widest time mask in frames (each width uniform in [1, timeMaskFrames])
     * @param freqMasks  SpecAugment channel masks per copy: runs of feature channels set to their mean
     * @param freqMaskChannels widest channel mask (each width uniform in [1, freqMaskChannels])
     */
    public record AugmentConfig(Integer copies, Double speed, Double noiseSnrDb, Long seed, Double shift,
                                Integer timeMasks, Integer timeMaskFrames, Integer freqMasks, Integer freqMaskChannels) {
        public AugmentConfig {
            copies = Objects.requireNonNullElse(copies, 0);
            speed = Objects.requireNonNullElse(speed, 0.0);
            seed = Objects.requireNonNullElse(seed, 1L);
            shift = Objects.requireNonNullElse(shift, 0.0);
            timeMasks = Objects.requireNonNullElse(timeMasks, 0);
            timeMaskFrames = Objects.requireNonNullElse(timeMaskFrames, 0);
            freqMasks = Objects.requireNonNullElse(freqMasks, 0);
            freqMaskChannels = Objects.requireNonNullElse(freqMaskChannels, 0);
            if (copies < 0 || copies > 20) {
                throw new SnnaudioException("training.augment.copies must be in [0, 20], got " + copies);
            }
            if (!(speed >= 0 && speed < 0.5)) {
                throw new SnnaudioException("training.augment.speed must be in [0, 0.5), got " + speed);
            }
            if (noiseSnrDb != null && !Double.isFinite(noiseSnrDb)) {
                throw new SnnaudioException("training.augment.noise_snr_db must be finite, got " + noiseSnrDb);
            }
            if (!(shift >= 0 && shift < 0.5)) {
                throw new SnnaudioException("training.augment.shift must be in [0, 0.5) s, got " + shift);
            }
            masks("time", timeMasks, timeMaskFrames, "time_mask_frames");
            masks("freq", freqMasks, freqMaskChannels, "freq_mask_channels");
        }

        /** Speed and noise only (no shift, no masks). */
        public AugmentConfig(Integer copies, Double speed, Double noiseSnrDb, Long seed) {
            this(copies, speed, noiseSnrDb, seed, null, null, null, null, null);
        }

        private static void masks(String kind, int count, int width, String widthKey) {
            if (count < 0 || count > 10) {
                throw new SnnaudioException("training.augment." + kind + "_masks must be in [0, 10], got " + count);
            }
            if (width < 0) {
                throw new SnnaudioException("training.augment." + widthKey + " must be >= 0, got " + width);
            }
            if (count > 0 && width == 0) {
                throw new SnnaudioException("training.augment." + widthKey + " must be > 0 when " + kind + "_masks is "
                        + count + ", got 0");
            }
        }

        /** No augmentation. */
        public static AugmentConfig none() {
            return new AugmentConfig(0, 0.0, null, 1L);
        }
    }

    /**
     * Optimiser.
     *
     * @param type        {@code adam}, {@code adamw} or {@code sgd}
     * @param lr          base learning rate
     * @param beta1       Adam first-moment decay
     * @param beta2       Adam second-moment decay
     * @param momentum    SGD momentum
     * @param weightDecay weight decay (decoupled for adamw)
     */
    public record OptimizerConfig(String type, Double lr, Double beta1, Double beta2, Double momentum, Double weightDecay) {
        /** Optimiser names. */
        public static final List<String> TYPES = List.of("adam", "adamw", "sgd");

        public OptimizerConfig {
            type = Objects.requireNonNullElse(type, "adam");
            lr = Objects.requireNonNullElse(lr, 0.002);
            beta1 = Objects.requireNonNullElse(beta1, 0.9);
            beta2 = Objects.requireNonNullElse(beta2, 0.999);
            momentum = Objects.requireNonNullElse(momentum, 0.9);
            weightDecay = Objects.requireNonNullElse(weightDecay, 0.0);
        }
    }

    /**
     * Learning-rate schedule.
     *
     * @param type     {@code none}, {@code step}, {@code cosine} or {@code plateau}
     * @param stepSize epochs between decays (step)
     * @param gamma    decay factor (step, plateau)
     * @param patience epochs without improvement before a decay (plateau)
     * @param minLr    floor of the learning rate (cosine, plateau)
     */
    public record ScheduleConfig(String type, Integer stepSize, Double gamma, Integer patience, Double minLr) {
        /** Schedule names. */
        public static final List<String> TYPES = List.of("none", "step", "cosine", "plateau");

        public ScheduleConfig {
            type = Objects.requireNonNullElse(type, "none");
            stepSize = Objects.requireNonNullElse(stepSize, 10);
            gamma = Objects.requireNonNullElse(gamma, 0.5);
            patience = Objects.requireNonNullElse(patience, 3);
            minLr = Objects.requireNonNullElse(minLr, 0.0);
        }
    }

    /**
     * A parameter group: parameters whose names match {@code params} train at {@code lr}, or at the base
     * rate times {@code lrScale}.
     *
     * @param name    group name shown in reports
     * @param params  glob on parameter names ({@code frontend.*})
     * @param lr      learning rate of the group (overrides lrScale)
     * @param lrScale factor on the base learning rate
     */
    public record GroupConfig(String name, String params, Double lr, Double lrScale) {
        public GroupConfig {
            lrScale = Objects.requireNonNullElse(lrScale, 1.0);
        }
    }

    /**
     * How one data set is split when no test set is given.
     *
     * @param method       {@code auto} (the layout's official split when it has one, else stratified),
     *                     {@code official}, {@code stratified}, {@code speaker} (no speaker in two parts) or {@code kfold}
     * @param valFraction  share of the training part held out for validation
     * @param testFraction share held out for testing
     * @param folds        folds for {@code kfold}
     * @param seed         seed of the split
     */
    public record SplitConfig(String method, Double valFraction, Double testFraction, Integer folds, Long seed) {
        /** Split method names. */
        public static final List<String> METHODS = List.of("auto", "official", "stratified", "speaker", "kfold");

        public SplitConfig {
            method = Objects.requireNonNullElse(method, "auto");
            valFraction = Objects.requireNonNullElse(valFraction, 0.1);
            testFraction = Objects.requireNonNullElse(testFraction, 0.2);
            folds = Objects.requireNonNullElse(folds, 5);
            seed = Objects.requireNonNullElse(seed, 12345L);
        }

        static SplitConfig defaults() {
            return new SplitConfig(null, null, null, null, null);
        }
    }
}
