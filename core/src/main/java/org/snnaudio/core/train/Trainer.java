package org.snnaudio.core.train;

import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.data.Dataset;
import org.snnaudio.core.data.Sample;
import org.snnaudio.core.nn.Parameter;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Trains a {@link TrainableModel}: seeded minibatch shuffling, the optimiser with its parameter groups
 * and schedule, gradient clipping, {@link ParameterPenalty penalties} and {@link StepHook hooks},
 * validation each epoch, best-model restore, early stopping, progress callbacks and a checkpoint after
 * every epoch.
 *
 * <p>Determinism: epoch {@code e} visits the training set in an order drawn from the {@code e}-th
 * stream split off {@code new SplittableRandom(seed)} (no global random state). Given a model whose
 * {@code trainBatch} is deterministic, the same data, seed and config give bit-identical weights, and a
 * run killed at any moment and resumed from its checkpoint ends with the same weights as one that was
 * never interrupted.
 *
 * <p>Divergence: a NaN or infinite loss or gradient stops training with a
 * {@link TrainingDivergedException} naming the epoch and batch; the checkpoint of the last finished
 * epoch is left as it was.
 */
public final class Trainer {
    private final TrainableModel model;
    private final TrainerConfig config;
    private final List<ParameterPenalty> penalties = new ArrayList<>();
    private final List<StepHook> hooks = new ArrayList<>();
    private ProgressListener progress = ProgressListener.none();

    public Trainer(TrainableModel model, TrainerConfig config) {
        this.model = Objects.requireNonNull(model, "model");
        this.config = Objects.requireNonNull(config, "config");
    }

    public TrainerConfig config() {
        return config;
    }

    /** Adds a penalty applied to every training batch. Names must be unique. */
    public Trainer addPenalty(ParameterPenalty penalty) {
        Objects.requireNonNull(penalty, "penalty");
        for (ParameterPenalty p : penalties) {
            if (p.name().equals(penalty.name())) {
                throw new SnnaudioException("two parameter penalties are named '" + penalty.name() + "'");
            }
        }
        penalties.add(penalty);
        return this;
    }

    /** Adds a step hook; see {@link StepHook} for the calling order. */
    public Trainer addHook(StepHook hook) {
        hooks.add(Objects.requireNonNull(hook, "hook"));
        return this;
    }

    /** Sets the progress listener (replacing the previous one). */
    public Trainer progress(ProgressListener listener) {
        this.progress = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * Trains on {@code train}, validating on {@code validation} (may be null when the monitor and
     * schedule use training metrics only). With {@code resume} and an existing checkpoint, continues
     * from it; training an already finished checkpoint returns its history without further epochs.
     */
    public TrainingResult fit(Dataset train, Dataset validation) {
        Objects.requireNonNull(train, "train");
        if (train.size() == 0) {
            throw new SnnaudioException("training set is empty");
        }
        boolean hasVal = validation != null && validation.size() > 0;
        if (config.monitor().needsValidation() && !hasVal) {
            throw new SnnaudioException("monitor " + config.monitor() + " needs a validation set; give one or monitor "
                    + (config.monitor().higherIsBetter() ? Monitor.TRAIN_ACCURACY : Monitor.TRAIN_LOSS));
        }
        if (config.schedule() instanceof LrSchedule.Plateau p && p.monitor().needsValidation() && !hasVal) {
            throw new SnnaudioException("plateau schedule monitors " + p.monitor() + ", which needs a validation set");
        }
        List<Parameter> params = model.parameters();
        Optimizer optimizer = new Optimizer(config.optimizer(), config.groups(), params);
        LrScheduler scheduler = new LrScheduler(config.schedule());
        Run run = new Run(params);

        if (config.resume() && Files.exists(config.checkpoint())) {
            restore(Checkpoint.read(config.checkpoint()), run, optimizer, scheduler);
        }
        int resumed = run.history.size();
        SplittableRandom root = new SplittableRandom(config.seed());
        for (int i = 0; i < run.history.size(); i++) {
            root.split();
        }
        long start = System.nanoTime();
        int batchesPerEpoch = (train.size() + config.batchSize() - 1) / config.batchSize();
        long batchesThisRun = 0;
        for (int epoch = run.history.size(); epoch < config.epochs() && !run.stopped; epoch++) {
            long epochStart = System.nanoTime();
            scheduler.startEpoch(epoch);
            double factor = scheduler.factor();
            int[] order = order(train.size(), root.split());
            Accumulator acc = new Accumulator();
            Map<String, Double> penaltySums = new LinkedHashMap<>();
            penalties.forEach(p -> penaltySums.put(p.name(), 0.0));
            double gradNormSum = 0;
            for (int b = 0; b < batchesPerEpoch; b++) {
                int from = b * config.batchSize();
                int to = Math.min(train.size(), from + config.batchSize());
                List<Sample> batch = new ArrayList<>(to - from);
                for (int k = from; k < to; k++) {
                    batch.add(train.get(order[k]));
                }
                StepContext ctx = new StepContext(epoch, b, params, factor);
                optimizer.zeroGrad();
                hooks.forEach(h -> h.beforeForward(ctx));
                StepResult r = model.trainBatch(batch);
                for (int h = hooks.size() - 1; h >= 0; h--) {
                    hooks.get(h).afterBackward(ctx);
                }
                double loss = r.loss();
                for (ParameterPenalty p : penalties) {
                    double v = p.apply(params);
                    if (!Double.isFinite(v)) {
                        throw diverged("penalty '" + p.name() + "' is " + v, epoch, b, run);
                    }
                    penaltySums.merge(p.name(), v, Double::sum);
                    loss += v;
                }
                if (!Double.isFinite(loss)) {
                    throw diverged("loss is " + loss, epoch, b, run);
                }
                double norm = Optimizer.gradNorm(params);
                if (!Double.isFinite(norm)) {
                    throw diverged("gradient norm is " + norm, epoch, b, run);
                }
                if (config.clipNorm() > 0) {
                    Optimizer.clipGradNorm(params, config.clipNorm());
                }
                gradNormSum += norm;
                optimizer.step(factor);
                for (int h = hooks.size() - 1; h >= 0; h--) {
                    hooks.get(h).afterStep(ctx);
                }
                acc.add(new StepResult(loss, r.correct(), r.count(), r.layerFiringRates()));
                batchesThisRun++;
                double elapsed = (System.nanoTime() - start) / 1e9;
                long remaining = (long) (config.epochs() - epoch - 1) * batchesPerEpoch + (batchesPerEpoch - b - 1);
                double eta = elapsed / batchesThisRun * remaining;
                progress.onBatch(new BatchProgress(epoch, config.epochs(), b, batchesPerEpoch, acc.loss(), acc.accuracy(),
                        acc.rates(), elapsed, eta));
            }
            StepResult val = hasVal ? evaluate(validation, epoch, factor) : null;
            Map<String, Double> penaltyMeans = new LinkedHashMap<>();
            penaltySums.forEach((k, v) -> penaltyMeans.put(k, v / batchesPerEpoch));
            double baseLr = config.optimizer().lr() * factor;
            EpochRecord record = new EpochRecord(epoch, acc.loss(), acc.accuracy(),
                    val == null ? Double.NaN : val.loss(), val == null ? Double.NaN : val.accuracy(), baseLr, factor,
                    acc.rates(), penaltyMeans, gradNormSum / batchesPerEpoch, (System.nanoTime() - epochStart) / 1e9);
            run.history.add(record);
            scheduler.endEpoch(record);
            double metric = config.monitor().of(record);
            if (config.monitor().improves(metric, run.bestMetric, config.minDelta())) {
                run.bestMetric = metric;
                run.bestEpoch = epoch;
                run.bestWeights = snapshot(params);
                run.badEpochs = 0;
            } else {
                run.badEpochs++;
                if (config.patience() > 0 && run.badEpochs >= config.patience()) {
                    run.stopped = true;
                }
            }
            if (config.checkpoint() != null) {
                checkpoint(run, params, optimizer, scheduler).write(config.checkpoint());
                run.checkpointed = true;
            }
            progress.onEpoch(record);
        }
        boolean restored = false;
        if (config.restoreBest() && run.bestWeights != null) {
            load(params, run.bestWeights);
            restored = true;
        }
        return new TrainingResult(run.history, run.bestEpoch, run.bestMetric, config.monitor(),
                run.stopped ? TrainingResult.StopReason.EARLY_STOPPED : TrainingResult.StopReason.COMPLETED, resumed, restored);
    }

    /**
     * Loss, accuracy and firing rates of the model on {@code data} in minibatches of
     * {@code evalBatchSize}, with the hooks' evaluation callbacks around it (so a quantisation hook
     * evaluates the quantised model). Counts are summed; loss and rates are sample-weighted means.
     */
    public StepResult evaluate(Dataset data) {
        return evaluate(data, -1, 1);
    }

    private StepResult evaluate(Dataset data, int epoch, double factor) {
        List<Parameter> params = model.parameters();
        StepContext ctx = new StepContext(epoch, -1, params, factor);
        hooks.forEach(h -> h.beforeEvaluate(ctx));
        try {
            Accumulator acc = new Accumulator();
            for (int from = 0; from < data.size(); from += config.evalBatchSize()) {
                int to = Math.min(data.size(), from + config.evalBatchSize());
                acc.add(model.evaluateBatch(data.samples().subList(from, to)));
            }
            return new StepResult(acc.loss(), acc.correct, acc.count, acc.rates());
        } finally {
            for (int h = hooks.size() - 1; h >= 0; h--) {
                hooks.get(h).afterEvaluate(ctx);
            }
        }
    }

    private TrainingDivergedException diverged(String what, int epoch, int batch, Run run) {
        String where = "training diverged at epoch " + (epoch + 1) + ", batch " + (batch + 1) + ": " + what;
        String advice = config.checkpoint() == null ? "no checkpoint was configured; try a smaller learning rate or gradient clipping"
                : run.checkpointed ? "the last good checkpoint " + config.checkpoint()
                        + " is kept; resume from it with a smaller learning rate or gradient clipping"
                : "no epoch of this run had finished, so no checkpoint was written; try a smaller learning rate or gradient clipping";
        return new TrainingDivergedException(where + " (" + advice + ")", epoch, batch);
    }

    /** The epoch's visiting order: identity without shuffling, else a Fisher-Yates shuffle from {@code rng}. */
    private int[] order(int n, SplittableRandom rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (config.shuffle()) {
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    private Checkpoint checkpoint(Run run, List<Parameter> params, Optimizer optimizer, LrScheduler scheduler) {
        try {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            optimizer.writeState(new DataOutputStream(o));
            ByteArrayOutputStream s = new ByteArrayOutputStream();
            scheduler.writeState(new DataOutputStream(s));
            return new Checkpoint(config.fingerprint(), run.history.size(), config.seed(), run.history.size(),
                    params.stream().map(Parameter::name).toList(), snapshot(params), o.toByteArray(), s.toByteArray(),
                    run.bestMetric, run.bestEpoch, run.badEpochs, run.stopped, run.bestWeights, run.history);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
    }

    private void restore(Checkpoint ck, Run run, Optimizer optimizer, LrScheduler scheduler) {
        String file = config.checkpoint().toString();
        if (!ck.fingerprint().equals(config.fingerprint()) && !config.allowChangedSettings()) {
            throw new SnnaudioException("checkpoint " + file + " was written by a run with other settings; it cannot be resumed"
                    + " with these unless changed settings are allowed (checkpoint: " + ck.fingerprint() + "; now: "
                    + config.fingerprint() + ")");
        }
        List<Parameter> params = run.params;
        List<String> names = params.stream().map(Parameter::name).toList();
        if (!ck.parameterNames().equals(names)) {
            throw new SnnaudioException("checkpoint " + file + " holds parameters " + ck.parameterNames()
                    + ", the model has " + names);
        }
        for (int i = 0; i < params.size(); i++) {
            if (ck.weights()[i].length != params.get(i).size()) {
                throw new SnnaudioException("checkpoint " + file + ": parameter " + names.get(i) + " holds "
                        + ck.weights()[i].length + " values, the model's " + params.get(i).size());
            }
        }
        if (ck.rngSplits() != ck.epochsDone()) {
            throw new SnnaudioException("checkpoint " + file + " is inconsistent: " + ck.rngSplits()
                    + " shuffling streams used for " + ck.epochsDone() + " epochs");
        }
        try {
            optimizer.readState(new DataInputStream(new ByteArrayInputStream(ck.optimizerState())));
            scheduler.readState(new DataInputStream(new ByteArrayInputStream(ck.schedulerState())));
        } catch (IOException e) {
            throw new SnnaudioException("checkpoint " + file + " does not fit this training run: " + e.getMessage(), e);
        }
        load(params, ck.weights());
        run.history.addAll(ck.history());
        run.bestMetric = ck.bestMetric();
        run.bestEpoch = ck.bestEpoch();
        run.badEpochs = ck.badEpochs();
        run.stopped = ck.stopped();
        run.bestWeights = ck.bestWeights();
        run.checkpointed = true;
    }

    private static float[][] snapshot(List<Parameter> params) {
        float[][] w = new float[params.size()][];
        for (int i = 0; i < w.length; i++) {
            w[i] = params.get(i).value().clone();
        }
        return w;
    }

    private static void load(List<Parameter> params, float[][] w) {
        for (int i = 0; i < w.length; i++) {
            System.arraycopy(w[i], 0, params.get(i).value(), 0, w[i].length);
        }
    }

    /** Mutable state of one fit call, as saved in checkpoints. */
    private static final class Run {
        final List<Parameter> params;
        final List<EpochRecord> history = new ArrayList<>();
        double bestMetric = Double.NaN;
        int bestEpoch = -1;
        int badEpochs;
        boolean stopped;
        float[][] bestWeights;
        /** Whether the checkpoint file holds a state of this run (restored from or written by it). */
        boolean checkpointed;

        Run(List<Parameter> params) {
            this.params = params;
        }
    }

    /** Sample-weighted sums of batch results. */
    private static final class Accumulator {
        double lossSum;
        int correct;
        int count;
        double[] rateSums = new double[0];

        void add(StepResult r) {
            lossSum += r.loss() * r.count();
            correct += r.correct();
            count += r.count();
            double[] rates = r.layerFiringRates() == null ? new double[0] : r.layerFiringRates();
            if (rateSums.length < rates.length) {
                rateSums = Arrays.copyOf(rateSums, rates.length);
            }
            for (int i = 0; i < rates.length; i++) {
                rateSums[i] += rates[i] * r.count();
            }
        }

        double loss() {
            return count == 0 ? Double.NaN : lossSum / count;
        }

        double accuracy() {
            return count == 0 ? Double.NaN : (double) correct / count;
        }

        double[] rates() {
            double[] out = new double[rateSums.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = count == 0 ? Double.NaN : rateSums[i] / count;
            }
            return out;
        }
    }
}
