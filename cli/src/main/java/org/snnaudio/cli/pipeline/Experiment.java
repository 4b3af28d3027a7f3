package org.snnaudio.cli.pipeline;

import org.snnaudio.audio.data.Splits;
import org.snnaudio.audio.frontend.Features;
import org.snnaudio.audio.io.AudioReader;
import org.snnaudio.cli.config.ConfigIO;
import org.snnaudio.cli.config.PipelineConfig;
import org.snnaudio.cli.data.DataSource;
import org.snnaudio.cli.data.DiskData;
import org.snnaudio.cli.data.LabelledData;
import org.snnaudio.cli.eval.ClassificationMetrics;
import org.snnaudio.cli.eval.FiringRateHealth;
import org.snnaudio.cli.eval.Roc;
import org.snnaudio.cli.eval.Summary;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.data.Dataset;
import org.snnaudio.core.data.Sample;
import org.snnaudio.core.nn.Network;
import org.snnaudio.core.nn.Trace;
import org.snnaudio.core.train.LrSchedule;
import org.snnaudio.core.train.Monitor;
import org.snnaudio.core.train.OptimizerConfig;
import org.snnaudio.core.train.ParamGroup;
import org.snnaudio.core.train.ProgressListener;
import org.snnaudio.core.train.Trainer;
import org.snnaudio.core.train.TrainerConfig;
import org.snnaudio.core.train.TrainingResult;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains and scores pipelines without the command line: {@link #fit} builds a pipeline from a config,
 * extracts and encodes features, trains the network and scores it on validation data; {@link #evaluate}
 * scores a trained pipeline; {@link #crossValidate} runs stratified K-fold. The tuning command and the
 * {@code train}/{@code evaluate} commands all call these.
 */
public final class Experiment {
    /** Frontend features by file and frontend settings, shared by all runs of this JVM (tuning reuses them). */
    private static final Map<String, Features> FEATURE_CACHE = new ConcurrentHashMap<>();
    private static final int CACHE_LIMIT = 200_000;

    private Experiment() {
    }

    /**
     * The outcome of {@link #fit}.
     *
     * @param pipeline   the trained pipeline (save it with {@link Pipeline#save})
     * @param training   per-epoch history, best epoch, stop reason
     * @param validation scores on the validation data (null when none was given)
     * @param initialHealth firing-rate health of the untrained network on training samples
     * @param members    each ensemble member's training, in seed order ({@code training} is the first one's,
     *                   as {@link Pipeline#network()} is the first member; one entry for a single network)
     */
    public record FitResult(Pipeline pipeline, TrainingResult training, Evaluation validation,
                            FiringRateHealth initialHealth, List<TrainingResult> members) {
        public FitResult {
            members = members == null ? List.of(training) : List.copyOf(members);
        }

        /** The result of training one network. */
        public FitResult(Pipeline pipeline, TrainingResult training, Evaluation validation, FiringRateHealth initialHealth) {
            this(pipeline, training, validation, initialHealth, null);
        }
    }

    /**
     * Hooks for what happens during {@link #fit}: the firing-rate health of the fresh network (printed
     * before training starts) and the trainer's progress.
     */
    public interface Listener extends ProgressListener {
        /** Called once before training with the untrained network's firing-rate health. */
        default void beforeTraining(FiringRateHealth health, int trainSamples, int valSamples) {
        }

        /**
         * Called before each network of a seed ensemble trains ({@code member} from 1 to {@code members}), so
         * progress can show which one; not called for a single network.
         */
        default void beforeMember(int member, int members, long seed) {
        }

        /** A listener that ignores everything. */
        static Listener none() {
            return new Listener() {
            };
        }
    }

    /**
     * Builds the pipeline of {@code config}, trains it on {@code train} (validating each epoch on
     * {@code val}, which may be null) and scores it on {@code val}.
     */
    public static FitResult fit(PipelineConfig config, LabelledData train, LabelledData val, Listener listener) {
        return fit(config, train, val, listener, null);
    }

    /** As {@link #fit(PipelineConfig, LabelledData, LabelledData, Listener)}, with a checkpoint file (resumable). */
    public static FitResult fit(PipelineConfig config, LabelledData train, LabelledData val, Listener listener,
                                Path checkpoint) {
        return fit(config, train, val, listener, checkpoint, DiskData.Settings.fromSystem());
    }

    /**
     * As {@link #fit(PipelineConfig, LabelledData, LabelledData, Listener, Path)}, keeping recordings' features
     * and samples in memory or on disk as {@code data} says ({@link DiskData}: the same weights either way).
     */
    public static FitResult fit(PipelineConfig config, LabelledData train, LabelledData val, Listener listener,
                                Path checkpoint, DiskData.Settings data) {
        if (train.size() == 0) {
            throw new SnnaudioException("training set is empty");
        }
        Pipeline p = new Pipeline(config, train.classes());
        int threads = threads(config);
        DiskData disk = new DiskData(data, null);
        Dataset trainSet;
        if (p.isSpikeInput()) {
            requireSpikes(train, "training");
            trainSet = train.spikes();
        } else if (train.isAudio() && disk.useDisk(p, train.items(), config.training().augment().copies())) {
            trainSet = disk.trainingSet(p, train, config.training().augment(), threads);
        } else {
            requireAudio(train, "training");
            List<Features> feats = features(p, train.items(), threads);
            p.fitScaler(feats);
            trainSet = encode(p, feats, train.labels(), train.classes());
            var aug = config.training().augment();
            if (aug.copies() > 0) {
                List<Path> files = train.items().stream().map(DataSource.Item::file).toList();
                List<Sample> all = new ArrayList<>(trainSet.samples());
                List<Features> extra = Augmenter.features(p, files, aug, threads);
                int[] labels = train.labels();
                for (int i = 0; i < extra.size(); i++) {
                    all.add(p.encode(extra.get(i), labels[i % labels.length]));
                }
                trainSet = new Dataset(all, train.classes());
            }
        }
        Dataset valSet = val == null || val.size() == 0 ? null
                : trainSet.inMemory() || !val.isAudio() ? samples(p, val, threads) : disk.samples(p, val, threads);
        int inputs = trainSet.channels();
        // an ensemble's members share the features, the scaler and the augmented copies (extracted once
        // above); each has its own seed for initialisation and shuffling
        int count = config.training().ensemble();
        long seed = config.training().seed();
        org.snnaudio.hardware.target.HardwareTarget target = config.training().target() == null ? null
                : org.snnaudio.hardware.target.Targets.load(config.training().target());
        List<Network> nets = new ArrayList<>(count);
        List<TrainingResult> results = new ArrayList<>(count);
        FiringRateHealth initial = null;
        for (int k = 0; k < count; k++) {
            Network net = p.buildNetwork(inputs, seed + k);
            p.threads(threads);
            if (k == 0) {
                initial = health(p, trainSet.samples().subList(0, Math.min(64, trainSet.size())));
                listener.beforeTraining(initial, trainSet.size(), valSet == null ? 0 : valSet.size());
            }
            if (count > 1) {
                listener.beforeMember(k + 1, count, seed + k);
            }
            PipelineConfig member = k == 0 ? config : config.withTraining(config.training().withSeed(seed + k));
            Trainer trainer = new Trainer(net, trainerConfig(member, valSet != null, memberCheckpoint(checkpoint, k)))
                    .progress(listener);
            org.snnaudio.hardware.train.TargetTraining forTarget = null;
            if (target != null) {
                forTarget = org.snnaudio.hardware.train.TargetTraining.install(trainer, net, target,
                        org.snnaudio.hardware.train.TargetTraining.Options.defaults());
                System.out.println("training for target " + target.name() + ": " + forTarget.describe());
            }
            results.add(trainer.fit(trainSet, valSet));
            if (forTarget != null) {
                forTarget.finish();
            }
            nets.add(net);
        }
        p.ensemble(nets);
        Evaluation ev = valSet == null ? null : evaluate(p, valSet);
        return new FitResult(p, results.get(0), ev, initial, results);
    }

    /**
     * The checkpoint file of ensemble member {@code k} (from 0): the given file for the first, a sibling
     * {@code NAME-member<k+1>.EXT} for the others; null when there is no checkpoint.
     */
    public static Path memberCheckpoint(Path checkpoint, int k) {
        if (checkpoint == null || k == 0) {
            return checkpoint;
        }
        String name = checkpoint.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String member = dot > 0 ? name.substring(0, dot) + "-member" + (k + 1) + name.substring(dot)
                : name + "-member" + (k + 1);
        return checkpoint.resolveSibling(member);
    }

    /** Scores a trained pipeline on labelled data (recordings are processed exactly as in training). */
    public static Evaluation evaluate(Pipeline p, LabelledData data) {
        return evaluate(p, data, null);
    }

    /** As {@link #evaluate(Pipeline, LabelledData)} with another scorer of the encoded samples (null: the network). */
    public static Evaluation evaluate(Pipeline p, LabelledData data,
                                      java.util.function.Function<List<Sample>, float[][]> scorer) {
        return evaluate(p, data, scorer, DiskData.Settings.fromSystem());
    }

    /**
     * As {@link #evaluate(Pipeline, LabelledData, java.util.function.Function)}, with the recordings' samples
     * held in memory or read from disk as {@code diskSettings} says ({@link DiskData}: the same metrics
     * either way, memory bounded on disk).
     */
    public static Evaluation evaluate(Pipeline p, LabelledData data,
                                      java.util.function.Function<List<Sample>, float[][]> scorer,
                                      DiskData.Settings diskSettings) {
        List<String> cls = data.classes();
        if (!p.classNames().containsAll(cls)) {
            List<String> unknown = new ArrayList<>(cls);
            unknown.removeAll(p.classNames());
            throw new SnnaudioException("the data have classes the model does not know: " + unknown + " (model classes: "
                    + p.classNames() + ")");
        }
        LabelledData remapped = data.isAudio() ? LabelledData.audio(data.items(), p.classNames()) : data;
        int threads = threads(p.config());
        DiskData disk = new DiskData(diskSettings, null);
        boolean onDisk = remapped.isAudio() && !p.isSpikeInput() && remapped.size() > 0
                && disk.useDisk(p, remapped.items(), 0);
        return evaluate(p, onDisk ? disk.samples(p, remapped, threads) : samples(p, remapped, threads), scorer);
    }

    /** Scores a trained pipeline on encoded samples whose labels index the pipeline's classes. */
    public static Evaluation evaluate(Pipeline p, Dataset samples) {
        return evaluate(p, samples, null);
    }

    /**
     * As {@link #evaluate(Pipeline, Dataset)}, with the class scores from {@code scorer} (for example the
     * hardware module's integer simulator of the deployed network) instead of the float network; the
     * pipeline still turns recordings into samples and decodes the scores.
     */
    public static Evaluation evaluate(Pipeline p, Dataset samples,
                                      java.util.function.Function<List<Sample>, float[][]> scorer) {
        List<Pipeline.Prediction> preds;
        if (scorer == null) {
            preds = p.predict(samples.samples());
        } else {
            preds = new ArrayList<>();
            for (float[] l : scorer.apply(samples.samples())) {
                double[] d = new double[l.length];
                for (int i = 0; i < l.length; i++) {
                    d[i] = l[i];
                }
                preds.add(p.decision(d));
            }
        }
        int[] labels = samples.labels();
        int[] predicted = preds.stream().mapToInt(Pipeline.Prediction::index).toArray();
        ClassificationMetrics m = ClassificationMetrics.of(labels, predicted, p.classNames());
        Roc roc = null;
        if (p.classNames().size() == 2) {
            int pos = p.config().isDetection() ? p.positiveClass() : 1;
            double[] scores = new double[labels.length];
            boolean[] positive = new boolean[labels.length];
            int npos = 0;
            for (int i = 0; i < labels.length; i++) {
                scores[i] = preds.get(i).scores()[pos];
                positive[i] = labels[i] == pos;
                npos += positive[i] ? 1 : 0;
            }
            if (npos > 0 && npos < labels.length) {
                roc = Roc.of(scores, positive);
            }
        }
        FiringRateHealth h = health(p, samples.samples().subList(0, Math.min(256, samples.size())));
        return new Evaluation(m, roc, labels, preds, h);
    }

    /**
     * Stratified K-fold cross-validation: trains {@code folds} pipelines, each scored on its held-out
     * fold. Returns each fold's evaluation.
     */
    public static List<Evaluation> crossValidate(PipelineConfig config, LabelledData data, int folds, Listener listener) {
        List<Evaluation> out = new ArrayList<>();
        for (Splits.Fold f : Splits.stratifiedKFold(data.labels(), folds, config.split().seed())) {
            out.add(fit(config, data.subset(f.train()), data.subset(f.test()), listener).validation());
        }
        return out;
    }

    /** Mean +- std of accuracy (and AUC for binary tasks) over folds. */
    public static Map<String, Summary> summarise(List<Evaluation> folds) {
        Map<String, Summary> m = new java.util.LinkedHashMap<>();
        m.put("accuracy", Summary.of(folds.stream().mapToDouble(Evaluation::accuracy).toArray()));
        if (folds.stream().allMatch(e -> e.roc() != null)) {
            m.put("auc", Summary.of(folds.stream().mapToDouble(Evaluation::auc).toArray()));
        }
        return m;
    }

    /** Per-layer, per-neuron firing rates over {@code samples} (from full traces), with the health check. */
    public static FiringRateHealth health(Pipeline p, List<? extends Sample> samples) {
        Network net = p.network();
        List<String> names = net.layerNames();
        List<double[]> sums = new ArrayList<>();
        Trace first = null;
        for (Sample s : samples) {
            Trace t = net.trace(s);
            if (first == null) {
                first = t;
                for (int l = 0; l < names.size(); l++) {
                    sums.add(new double[t.sizes()[l]]);
                }
            }
            for (int l = 0; l < names.size(); l++) {
                double[] r = t.firingRates(names.get(l));
                for (int i = 0; i < r.length; i++) {
                    sums.get(l)[i] += r[i] / samples.size();
                }
            }
        }
        List<FiringRateHealth.Layer> layers = new ArrayList<>();
        boolean spikingReadout = p.config().network().readout().neuron().equals("lif");
        for (int l = 0; l < names.size(); l++) {
            if (l == names.size() - 1 && !spikingReadout) {
                continue;
            }
            layers.add(new FiringRateHealth.Layer(names.get(l), sums.isEmpty() ? new double[0] : sums.get(l)));
        }
        return new FiringRateHealth(layers);
    }

    /** Network samples of labelled data through the pipeline (labels index the pipeline's classes). */
    public static Dataset samples(Pipeline p, LabelledData data, int threads) {
        if (p.isSpikeInput()) {
            requireSpikes(data, "evaluation");
            return data.spikes();
        }
        requireAudio(data, "evaluation");
        List<Features> feats = features(p, data.items(), threads);
        int[] labels = new int[data.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = p.classNames().indexOf(data.items().get(i).label());
        }
        return encode(p, feats, labels, p.classNames());
    }

    private static Dataset encode(Pipeline p, List<Features> feats, int[] labels, List<String> classes) {
        List<Sample> s = new ArrayList<>(feats.size());
        for (int i = 0; i < feats.size(); i++) {
            s.add(p.encode(feats.get(i), labels[i]));
        }
        return new Dataset(s, classes);
    }

    /** Frontend features of recordings, in parallel, cached by file and frontend settings. */
    public static List<Features> features(Pipeline p, List<DataSource.Item> items, int threads) {
        String key = ConfigIO.toJson(p.config().withTraining(null).withSplit(null).withNetwork(null).withEncoder(null));
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<Features>> fs = new ArrayList<>(items.size());
            for (DataSource.Item it : items) {
                fs.add(pool.submit(() -> {
                    String k = it.file().toAbsolutePath() + "|" + java.nio.file.Files.getLastModifiedTime(it.file()).toMillis()
                            + "|" + key;
                    Features f = FEATURE_CACHE.get(k);
                    if (f == null) {
                        f = p.features(AudioReader.read(it.file()));
                        if (FEATURE_CACHE.size() < CACHE_LIMIT) {
                            FEATURE_CACHE.put(k, f);
                        }
                    }
                    return f;
                }));
            }
            List<Features> out = new ArrayList<>(items.size());
            for (Future<Features> f : fs) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnnaudioException("feature extraction interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof SnnaudioException se) {
                throw se;
            }
            throw new SnnaudioException("feature extraction failed: " + c, c);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The trainer settings of a config. */
    public static TrainerConfig trainerConfig(PipelineConfig config, boolean hasValidation, Path checkpoint) {
        var t = config.training();
        var o = t.optimizer();
        OptimizerConfig opt = switch (o.type()) {
            case "sgd" -> new OptimizerConfig.Sgd(o.lr(), o.momentum(), 0, false, o.weightDecay());
            case "adamw" -> new OptimizerConfig.AdamW(o.lr(), o.beta1(), o.beta2(), 1e-8, o.weightDecay());
            default -> new OptimizerConfig.Adam(o.lr(), o.beta1(), o.beta2(), 1e-8, o.weightDecay());
        };
        List<ParamGroup> groups = new ArrayList<>();
        for (var g : t.groups()) {
            groups.add(ParamGroup.of(g.params(), g.lr() != null ? g.lr() : o.lr() * g.lrScale()));
        }
        Monitor monitor = hasValidation ? Monitor.VAL_ACCURACY : Monitor.TRAIN_ACCURACY;
        var s = t.schedule();
        LrSchedule schedule = switch (s.type()) {
            case "step" -> new LrSchedule.Step(s.stepSize(), s.gamma());
            case "cosine" -> new LrSchedule.Cosine(Math.max(1, t.epochs() - 1), s.minLr() / o.lr(), 0);
            case "plateau" -> new LrSchedule.Plateau(hasValidation ? Monitor.VAL_LOSS : Monitor.TRAIN_LOSS,
                    Math.min(0.99, s.gamma()), s.patience(), 1e-4, 0, s.minLr() / o.lr());
            default -> new LrSchedule.Constant();
        };
        TrainerConfig.Builder b = TrainerConfig.builder().epochs(t.epochs()).batchSize(t.batchSize()).seed(t.seed())
                .optimizer(opt).groups(groups).schedule(schedule).clipNorm(t.clipNorm()).monitor(monitor)
                .patience(t.patience()).restoreBest(t.restoreBest() && hasValidation);
        if (checkpoint != null) {
            b.checkpoint(checkpoint).resume(true);
        }
        return b.build();
    }

    /** Worker threads a config asks for (0 = all processors). */
    public static int threads(PipelineConfig c) {
        int t = c.training().threads();
        return t > 0 ? t : Runtime.getRuntime().availableProcessors();
    }

    private static void requireAudio(LabelledData d, String what) {
        if (!d.isAudio()) {
            throw new SnnaudioException("the " + what + " data are spikes but the pipeline's frontend processes audio; "
                    + "use a config with frontend.type: spikes");
        }
    }

    private static void requireSpikes(LabelledData d, String what) {
        if (d.isAudio()) {
            throw new SnnaudioException("the pipeline takes spike data (frontend.type: spikes) but the " + what
                    + " data are recordings");
        }
    }
}
