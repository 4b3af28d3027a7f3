package org.snnaudio.cli.hardware;

import org.snnaudio.cli.data.DataSource;
import org.snnaudio.cli.data.LabelledData;
import org.snnaudio.cli.pipeline.Experiment;
import org.snnaudio.cli.pipeline.Pipeline;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.data.Dataset;
import org.snnaudio.core.io.Provenance;
import org.snnaudio.core.io.SavedModel;
import org.snnaudio.core.train.Trainer;
import org.snnaudio.core.train.TrainerConfig;
import org.snnaudio.core.train.TrainingResult;
import org.snnaudio.hardware.target.HardwareTarget;
import org.snnaudio.hardware.train.TargetProjection;
import org.snnaudio.hardware.train.TargetTraining;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Fine-tunes a trained pipeline for a target before deployment: quantisation-aware training at the
 * target's weight width (straight-through estimator), and for targets with magnitude, sign-group or
 * frontend rules the NWAVE constraint penalties plus a projection after every step, so the result passes
 * the design rules; for targets with device mismatch every batch trains on a fresh mismatch draw. Trains on the training part of the data (every tenth recording held out for
 * validation, which picks the best epoch of the quantised model).
 */
final class FineTuning {
    private FineTuning() {
    }

    /**
     * How to fine-tune.
     *
     * @param epochs     epochs (>= 1)
     * @param lr         learning rate, or null for the config's
     * @param batch      batch size, or null for the config's
     * @param rateWeight factor on the weights of the config's firing-rate targets (0 drops them)
     * @param cosine     cosine learning-rate decay to 0 over the epochs instead of the config's schedule
     * @param augment    whether the config's augmented copies are trained on too
     * @param equalise   per-neuron weight and threshold scaling ({@link TargetProjection#equaliseNeurons}) first
     * @param tauGain    whether a drawn time constant also scales the neuron's inputs
     * @param clip       QAT clip quantile, or null for the default of the target's weight width
     * @param reorder    whether hidden neurons are first ordered for the target's sign groups ({@code SignGroupOrder})
     * @param mismatch   whether a target with device mismatch trains on a fresh draw of it per batch
     */
    record Settings(int epochs, Double lr, Integer batch, double rateWeight, boolean cosine, boolean augment,
                    boolean equalise, boolean tauGain, Double clip, boolean reorder, boolean mismatch) {
        Settings {
            if (clip != null && !(clip > 0 && clip <= 1)) {
                throw new SnnaudioException("--fine-tune-clip must be in (0, 1], got " + clip);
            }
            if (epochs < 1) {
                throw new SnnaudioException("--fine-tune-epochs must be >= 1, got " + epochs);
            }
            if (lr != null && !(lr > 0 && Double.isFinite(lr))) {
                throw new SnnaudioException("--fine-tune-lr must be > 0, got " + lr);
            }
            if (batch != null && batch < 1) {
                throw new SnnaudioException("--fine-tune-batch must be >= 1, got " + batch);
            }
            if (!(rateWeight >= 0 && Double.isFinite(rateWeight))) {
                throw new SnnaudioException("--fine-tune-rate-weight must be >= 0, got " + rateWeight);
            }
        }
    }

    static SavedModel run(SavedModel saved, String source, HardwareTarget target, Path data, String format, Settings s,
                          int threads) {
        int epochs = s.epochs();
        Double lr = s.lr();
        Pipeline p = Pipeline.fromSaved(saved, source);
        p.threads(threads);
        if (p.isSpikeInput()) {
            throw new SnnaudioException("fine-tuning before deployment takes recordings; " + source + " takes spike data");
        }
        Parts parts = parts(p, data, format, threads);
        Dataset fitSet = parts.fit();
        Dataset valSet = parts.validation();
        var aug = p.config().training().augment();
        if (aug.copies() > 0 && s.augment()) {
            // the perturbed copies the model was trained with (training.augment): without them fine-tuning
            // overfits the training speakers and gives back what augmentation won on unseen ones
            List<org.snnaudio.core.data.Sample> all = new ArrayList<>(fitSet.samples());
            List<org.snnaudio.audio.frontend.Features> extra = org.snnaudio.cli.pipeline.Augmenter.features(p,
                    parts.fitItems().stream().map(DataSource.Item::file).toList(), aug, threads);
            for (int i = 0; i < extra.size(); i++) {
                all.add(p.encode(extra.get(i), fitSet.get(i % fitSet.size()).label()));
            }
            fitSet = new Dataset(all, fitSet.classNames());
        }
        if (s.rateWeight() != 1) {
            p.network().options(withRateWeight(p.network().options(), s.rateWeight()));
        }
        if (s.equalise()) {
            printEqualised(TargetProjection.equaliseNeurons(p.network().parameters()));
        }
        Trainer t = new Trainer(p.network(), trainerConfig(p, epochs, lr, s.batch(), s.cosine()));
        TargetTraining tt = TargetTraining.install(t, p.network(), target, TargetTraining.Options.defaults()
                .tauGain(s.tauGain()).clip(s.clip() == null ? Double.NaN : s.clip()).reorder(s.reorder())
                .mismatchAware(s.mismatch()));
        System.out.printf(Locale.ROOT, "fine-tuning for %s: %d epochs on %d samples (validation %d), %s%n",
                target.name(), epochs, fitSet.size(), valSet.size(), tt.describe());
        if (s.rateWeight() != 1) {
            System.out.println("firing-rate targets during fine-tuning: " + p.network().options().regularizers());
        }
        TrainingResult r = t.fit(fitSet, valSet);
        tt.finish();
        System.out.printf(Locale.ROOT, "fine-tuned: quantised validation accuracy %.2f %%%n",
                100 * t.evaluate(valSet).accuracy());
        Provenance prov = saved.provenance();
        return p.toSavedModel(Provenance.capture(prov.config(), prov.seed(), prov.datasetSha256()));
    }

    /**
     * The training part of {@code data} (all but its test part when it has no training part), every tenth
     * recording held out for validation.
     */
    record Parts(Dataset fit, Dataset validation, List<DataSource.Item> fitItems) {
    }

    static Parts parts(Pipeline p, Path data, String format, int threads) {
        String f = format != null ? format : DataSource.detect(data);
        List<DataSource.Item> items = DataSource.list(data, f);
        List<DataSource.Item> train = items.stream().filter(i -> i.part() == DataSource.Part.TRAIN).toList();
        if (train.isEmpty()) {
            train = items.stream().filter(i -> i.part() != DataSource.Part.TEST).toList();
        }
        List<DataSource.Item> fit = new ArrayList<>();
        List<DataSource.Item> val = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            (i % 10 == 9 ? val : fit).add(train.get(i));
        }
        return new Parts(Experiment.samples(p, LabelledData.audio(fit, p.classNames()), threads),
                Experiment.samples(p, LabelledData.audio(val, p.classNames()), threads), fit);
    }

    /** The model config's trainer settings for {@code epochs} epochs, with the given learning rate, batch and schedule. */
    static TrainerConfig trainerConfig(Pipeline p, int epochs, Double lr, Integer batch, boolean cosine) {
        TrainerConfig base = Experiment.trainerConfig(p.config(), true, null);
        TrainerConfig.Builder b = base.toBuilder().epochs(epochs);
        if (batch != null) {
            b.batchSize(batch);
        }
        if (cosine) {
            b.schedule(new org.snnaudio.core.train.LrSchedule.Cosine(epochs, 0.0, 0));
        }
        if (lr != null) {
            b.optimizer(withLr(base, lr));
        }
        return b.build();
    }

    /** The model with {@link TargetProjection#equaliseNeurons} applied (the same spikes, per-neuron weight ranges). */
    static SavedModel equalised(SavedModel saved, String source) {
        Pipeline p = Pipeline.fromSaved(saved, source);
        printEqualised(TargetProjection.equaliseNeurons(p.network().parameters()));
        Provenance prov = saved.provenance();
        return p.toSavedModel(Provenance.capture(prov.config(), prov.seed(), prov.datasetSha256()));
    }

    private static void printEqualised(java.util.Map<String, Integer> counts) {
        counts.forEach((layer, n) -> System.out.printf(Locale.ROOT,
                "layer %s: %d neurons' weights and thresholds scaled to the layer's weight range%n", layer, n));
    }

    /** The options with every firing-rate target's weight times {@code factor} (dropped at 0). */
    static org.snnaudio.core.nn.NetworkOptions withRateWeight(org.snnaudio.core.nn.NetworkOptions o, double factor) {
        List<org.snnaudio.core.loss.Regularizer> regs = new ArrayList<>();
        for (org.snnaudio.core.loss.Regularizer r : o.regularizers()) {
            if (r instanceof org.snnaudio.core.loss.Regularizer.FiringRateTarget f) {
                if (factor > 0) {
                    regs.add(new org.snnaudio.core.loss.Regularizer.FiringRateTarget(f.layer(), f.target(), f.weight() * factor));
                }
            } else {
                regs.add(r);
            }
        }
        return new org.snnaudio.core.nn.NetworkOptions(o.discretisation(), o.surrogate(), o.readout(), regs, o.threads(),
                o.trainable(), o.detachReset(), o.smooth(), o.reference());
    }

    private static org.snnaudio.core.train.OptimizerConfig withLr(TrainerConfig c, double lr) {
        return switch (c.optimizer()) {
            case org.snnaudio.core.train.OptimizerConfig.Sgd s -> new org.snnaudio.core.train.OptimizerConfig.Sgd(lr,
                    s.momentum(), s.dampening(), s.nesterov(), s.weightDecay());
            case org.snnaudio.core.train.OptimizerConfig.Adam a -> new org.snnaudio.core.train.OptimizerConfig.Adam(lr,
                    a.beta1(), a.beta2(), a.eps(), a.weightDecay());
            case org.snnaudio.core.train.OptimizerConfig.AdamW a -> new org.snnaudio.core.train.OptimizerConfig.AdamW(lr,
                    a.beta1(), a.beta2(), a.eps(), a.weightDecay());
        };
    }
}
