package org.snnaudio.cli.tune;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.snnaudio.audio.data.Splits;
import org.snnaudio.cli.config.ConfigIO;
import org.snnaudio.cli.config.PipelineConfig;
import org.snnaudio.cli.data.LabelledData;
import org.snnaudio.cli.pipeline.Evaluation;
import org.snnaudio.cli.pipeline.Experiment;
import org.snnaudio.cli.pipeline.Pipeline;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.data.Dataset;
import org.snnaudio.core.data.Sample;
import org.snnaudio.hardware.deploy.Activity;
import org.snnaudio.hardware.deploy.FloatSimulator;
import org.snnaudio.hardware.deploy.Lowering;
import org.snnaudio.hardware.energy.EnergyModel;
import org.snnaudio.hardware.target.HardwareTarget;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real objective: parses the trial's config, trains the pipeline on each fold's training part
 * with {@link Experiment#fit} (the held-out part plays no role in training or epoch selection) and
 * scores it on the held-out part: accuracy, ROC AUC for two classes, and, when the metric needs it,
 * the energy per inference on a hardware target (float simulation of up to {@code energySamples}
 * held-out samples priced by {@link EnergyModel}).
 */
public final class PipelineObjective implements Objective {
    private final LabelledData data;
    private final LabelledData validationData;
    private final String source;
    private final HardwareTarget energyTarget;
    private final int energySamples;

    /**
     * @param data           the data to cross-validate on (never the test part of a data set)
     * @param validationData the fixed validation set of a holdout with {@code validation.data}, else null
     * @param source         names the config in error messages
     * @param energyTarget   the target pricing energy per inference, or null when the metric does not need it
     */
    public PipelineObjective(LabelledData data, LabelledData validationData, String source, HardwareTarget energyTarget,
                             int energySamples) {
        if (data.size() == 0) {
            throw new SnnaudioException("the tuning data are empty");
        }
        this.data = data;
        this.validationData = validationData;
        this.source = source;
        this.energyTarget = energyTarget;
        this.energySamples = energySamples;
    }

    @Override
    public void check(ObjectNode config) {
        parse(config, "");
    }

    private PipelineConfig parse(ObjectNode config, String what) {
        // JSON is YAML, so the config reader parses the tree's JSON text with its usual checks.
        return ConfigIO.parse(config.toString(), source + what);
    }

    @Override
    public List<FoldScore> evaluate(ObjectNode config, TrialContext context) {
        ObjectNode c = config.deepCopy();
        c.withObject("/training").put("threads", context.threads());
        PipelineConfig pc = parse(c, " (trial " + context.trial() + ")");
        List<FoldScore> out = new ArrayList<>();
        List<LabelledData[]> folds = folds(context);
        for (int f = 0; f < folds.size(); f++) {
            LabelledData train = folds.get(f)[0];
            LabelledData val = folds.get(f)[1];
            Experiment.FitResult r = Experiment.fit(pc, train, null, Experiment.Listener.none());
            Pipeline p = r.pipeline();
            Evaluation ev = Experiment.evaluate(p, val);
            Map<String, Double> m = new LinkedHashMap<>();
            m.put(FoldScore.ACCURACY, ev.accuracy());
            if (ev.roc() != null) {
                m.put(FoldScore.AUC, ev.auc());
            }
            if (energyTarget != null) {
                m.put(FoldScore.ENERGY_J, energyPerInference(p, val, context.threads()));
            }
            out.add(new FoldScore(f, m));
        }
        return out;
    }

    /** Train/validation parts of each fold, by the search's validation scheme. */
    List<LabelledData[]> folds(TrialContext context) {
        List<LabelledData[]> out = new ArrayList<>();
        long seed = context.seed();
        switch (context.validation()) {
            case Validation.StratifiedKFold k -> {
                for (Splits.Fold f : Splits.stratifiedKFold(data.labels(), k.k(), seed)) {
                    out.add(new LabelledData[]{data.subset(f.train()), data.subset(f.test())});
                }
            }
            case Validation.SpeakerKFold k -> {
                for (Splits.Fold f : Splits.groupedKFold(data.speakers(), k.k(), seed)) {
                    out.add(new LabelledData[]{data.subset(f.train()), data.subset(f.test())});
                }
            }
            case Validation.Holdout h -> {
                if (validationData != null) {
                    out.add(new LabelledData[]{data, validationData});
                } else {
                    int[][] parts = Splits.stratified(data.labels(), new double[]{1 - h.fraction(), h.fraction()}, seed);
                    out.add(new LabelledData[]{data.subset(parts[0]), data.subset(parts[1])});
                }
            }
        }
        return out;
    }

    private double energyPerInference(Pipeline p, LabelledData val, int threads) {
        Dataset samples = Experiment.samples(p, val, threads);
        List<Sample> use = samples.samples().subList(0, Math.min(energySamples, samples.size()));
        if (use.isEmpty()) {
            throw new SnnaudioException("energy per inference needs at least one validation sample");
        }
        FloatSimulator sim = new FloatSimulator(Lowering.lower(p.network().toGraph(), p.config().network().dt()), null);
        List<Activity> runs = new ArrayList<>();
        for (Sample s : use) {
            runs.add(sim.run(s, false).activity());
        }
        return EnergyModel.estimate(EnergyModel.mean(runs), energyTarget).totalJ();
    }
}
