package org.snnaudio.cli.commands;

import org.snnaudio.cli.config.ConfigIO;
import org.snnaudio.cli.config.PipelineConfig;
import org.snnaudio.cli.data.LabelledData;
import org.snnaudio.cli.eval.FiringRateHealth;
import org.snnaudio.cli.eval.Summary;
import org.snnaudio.cli.pipeline.Evaluation;
import org.snnaudio.cli.pipeline.Experiment;
import org.snnaudio.cli.pipeline.Pipeline;
import org.snnaudio.cli.report.RunReport;
import org.snnaudio.cli.run.TrainingProgress;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.data.Dataset;
import org.snnaudio.core.data.Sample;
import org.snnaudio.core.io.DatasetHash;
import org.snnaudio.core.io.Provenance;
import org.snnaudio.core.train.EpochRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code snnaudio train}: trains a pipeline from a config on a data set and writes the model, the
 * metrics and an HTML report into the run folder.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a pipeline: writes RUN/model.snnm, RUN/metrics.json and RUN/report.html.")
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "Pipeline config (YAML or JSON), e.g. configs/talamo-digits.yaml.")
    Path config;

    @Option(names = "--out", required = true, description = "Run folder to write.")
    Path out;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar or epoch table.")
    boolean quiet;

    @Option(names = "--restart", description = "Ignore a checkpoint left in the run folder by an earlier run (default: resume from it).")
    boolean restart;

    @Option(names = "--stream-from-disk", description = "Keep features and encoded samples on disk and read them while training"
            + " (bounded memory, same weights). Default: on disk only when they would take more than half the heap"
            + " (system property snnaudio.data.in-memory=true|false|auto).")
    boolean streamFromDisk;

    @Mixin
    DataOptions data;

    @Mixin
    Overrides overrides;

    /** Model file name inside a run folder. */
    public static final String MODEL = "model.snnm";

    @Override
    public Integer call() {
        PrintStream so = System.out;
        long t0 = System.nanoTime();
        PipelineConfig c = overrides.apply(ConfigIO.read(config));
        c = c.withSplit(data.splitConfig(c));
        DataOptions.Parts parts = data.parts(c);
        so.println("snnaudio train: " + c.name() + " on " + data.data + " (" + parts.how() + ")");
        so.println("  train: " + parts.train().describe());
        if (parts.val() != null) {
            so.println("  validation: " + parts.val().size() + " samples");
        }
        if (parts.test() != null) {
            so.println("  test: " + parts.test().size() + " samples");
        }
        if (c.training().ensemble() > 1) {
            so.println("  ensemble: " + c.training().ensemble() + " networks, seeds " + c.training().seed() + " to "
                    + (c.training().seed() + c.training().ensemble() - 1) + " (features extracted once)");
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("config", c.name());
        metrics.put("data", String.valueOf(data.data));
        metrics.put("split", parts.how());
        if (c.split().method().equals("kfold") && data.testData == null) {
            List<Evaluation> folds = new ArrayList<>();
            int k = c.split().folds();
            int f = 0;
            for (var idx : org.snnaudio.audio.data.Splits.stratifiedKFold(parts.train().labels(), k, c.split().seed())) {
                f++;
                so.println("fold " + f + "/" + k);
                var r = fit(c, parts.train().subset(idx.train()), parts.train().subset(idx.test()), "fold " + f + "/" + k, null);
                folds.add(r.validation());
                so.printf(Locale.ROOT, "  fold %d: accuracy %.2f %%%s%n", f, 100 * r.validation().accuracy(),
                        r.validation().roc() != null ? String.format(Locale.ROOT, ", AUC %.4f", r.validation().auc()) : "");
            }
            Map<String, Summary> sum = Experiment.summarise(folds);
            Map<String, Object> cv = new LinkedHashMap<>();
            sum.forEach((key, v) -> cv.put(key, v.toMap()));
            List<Object> perFold = new ArrayList<>();
            folds.forEach(e -> perFold.add(e.toMap()));
            cv.put("folds", perFold);
            metrics.put("cross_validation", cv);
            sum.forEach((key, v) -> so.println("cross-validation " + key + ": " + v.format(4)));
            so.println("training the final model on all " + parts.train().size() + " samples");
            parts = new DataOptions.Parts(parts.train(), null, null, parts.how());
        }
        Path checkpoint = out.resolve("checkpoint.ckpt");
        if (restart) {
            for (int k = 0; k < PipelineConfig.TrainingConfig.MAX_ENSEMBLE; k++) {
                Path ck = Experiment.memberCheckpoint(checkpoint, k);
                try {
                    java.nio.file.Files.deleteIfExists(ck);
                } catch (java.io.IOException e) {
                    throw new SnnaudioException(ck + ": cannot delete: " + e.getMessage(), e);
                }
            }
        } else if (java.nio.file.Files.exists(checkpoint)) {
            so.println("resuming from " + checkpoint + " (--restart starts over)");
        }
        Experiment.FitResult r = fit(c, parts.train(), parts.val(), "train", checkpoint);
        int resumed = r.members().stream().mapToInt(org.snnaudio.core.train.TrainingResult::resumedEpochs).sum();
        if (resumed > 0) {
            so.println("  " + resumed + " epochs came from the checkpoint" + (r.members().size() > 1 ? "s" : ""));
        }
        Pipeline p = r.pipeline();
        Evaluation test = parts.test() == null ? null : Experiment.evaluate(p, parts.test());
        Evaluation shown = test != null ? test : r.validation();
        String setName = test != null ? "test" : "validation";
        Provenance prov = Provenance.capture(ConfigIO.toJson(c), c.training().seed(), hash(parts.train()));
        p.save(out.resolve(MODEL), prov);
        ConfigIO.writeYaml(c, out.resolve("config.yaml"));

        List<Object> history = new ArrayList<>();
        for (EpochRecord e : r.training().history()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("epoch", e.epoch() + 1);
            m.put("train_loss", e.trainLoss());
            m.put("train_accuracy", e.trainAccuracy());
            m.put("val_loss", e.valLoss());
            m.put("val_accuracy", e.valAccuracy());
            m.put("lr", e.lr());
            m.put("firing_rates", e.firingRates());
            m.put("seconds", e.seconds());
            history.add(m);
        }
        metrics.put("history", history);
        metrics.put("best_epoch", r.training().bestEpoch() + 1);
        if (r.members().size() > 1) {
            // history and best_epoch above are the first member's; each member's summary here
            List<Object> members = new ArrayList<>();
            for (int k = 0; k < r.members().size(); k++) {
                var mr = r.members().get(k);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("member", k + 1);
                m.put("seed", c.training().seed() + k);
                m.put("epochs", mr.history().size());
                m.put("best_epoch", mr.bestEpoch() + 1);
                EpochRecord last = mr.history().isEmpty() ? null : mr.history().get(mr.history().size() - 1);
                if (last != null) {
                    m.put("final_train_accuracy", last.trainAccuracy());
                }
                members.add(m);
            }
            metrics.put("ensemble", r.members().size());
            metrics.put("members", members);
        }
        if (r.validation() != null) {
            metrics.put("validation", r.validation().toMap());
        }
        if (test != null) {
            metrics.put("test", test.toMap());
            metrics.put("accuracy", test.accuracy());
            if (test.roc() != null) {
                metrics.put("auc", test.auc());
            }
        } else if (r.validation() != null) {
            metrics.put("accuracy", r.validation().accuracy());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        metrics.put("seconds", seconds);
        Json.write(out.resolve("metrics.json"), metrics);

        List<Sample> examples = new ArrayList<>();
        List<String> names = new ArrayList<>();
        pickExamples(p, parts.test() != null ? parts.test() : parts.val() != null ? parts.val() : parts.train(), examples, names);
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("data", String.valueOf(data.data));
        extra.put("split", parts.how());
        extra.put("wall time", String.format(Locale.ROOT, "%.1f s", seconds));
        extra.put("threads", Integer.toString(Experiment.threads(c)));
        if (p.isEnsemble()) {
            extra.put("ensemble", ensembleNote(p));
        }
        extra.put("load average at the end", String.format(Locale.ROOT, "%.2f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        RunReport.build("snnaudio run: " + c.name(), p, r.training(), shown, setName, examples, names, prov, extra)
                .write(out.resolve("report.html"));
        so.println();
        if (test != null) {
            so.printf(Locale.ROOT, "test accuracy: %.2f %% (%d samples)%s%n", 100 * test.accuracy(), test.metrics().total(),
                    test.roc() != null ? String.format(Locale.ROOT, ", AUC %.4f", test.auc()) : "");
        } else if (r.validation() != null) {
            so.printf(Locale.ROOT, "validation accuracy: %.2f %%%n", 100 * r.validation().accuracy());
        }
        so.printf(Locale.ROOT, "wrote %s, %s, %s (%.1f s)%n", out.resolve(MODEL), out.resolve("metrics.json"),
                out.resolve("report.html"), seconds);
        return 0;
    }

    private Experiment.FitResult fit(PipelineConfig c, LabelledData train, LabelledData val, String label, Path checkpoint) {
        PrintStream so = System.out;
        List<String> layerNames = new ArrayList<>();
        for (var l : c.network().hiddenLayers()) {
            layerNames.add(l.name());
        }
        layerNames.add(Pipeline.READOUT);
        TrainingProgress[] bar = {new TrainingProgress(so, !quiet, layerNames, label)};
        try {
            Experiment.Listener listener = new Experiment.Listener() {
                @Override
                public void beforeTraining(FiringRateHealth health, int trainSamples, int valSamples) {
                    if (!quiet) {
                        so.println("firing-rate health of the initial network:");
                        so.println(health.format().indent(2).stripTrailing());
                    }
                }

                @Override
                public void beforeMember(int member, int members, long seed) {
                    // one bar per ensemble member, labelled with it
                    bar[0].close();
                    if (!quiet) {
                        so.println("ensemble member " + member + "/" + members + " (seed " + seed + ")");
                    }
                    bar[0] = new TrainingProgress(so, !quiet, layerNames, label + ", member " + member + "/" + members);
                }

                @Override
                public void onBatch(org.snnaudio.core.train.BatchProgress progress) {
                    bar[0].onBatch(progress);
                }

                @Override
                public void onEpoch(EpochRecord record) {
                    bar[0].onEpoch(record);
                }
            };
            org.snnaudio.cli.data.DiskData.Settings dataSettings = org.snnaudio.cli.data.DiskData.Settings.fromSystem();
            if (streamFromDisk) {
                dataSettings = dataSettings.withMode(org.snnaudio.cli.data.DiskData.Mode.DISK);
            }
            return Experiment.fit(c, train, val, listener, checkpoint, dataSettings);
        } finally {
            bar[0].close();
        }
    }

    /** How a report describes an ensemble model (its plots show the first member). */
    static String ensembleNote(Pipeline p) {
        long seed = p.config().training().seed();
        return p.members().size() + " networks, seeds " + seed + " to " + (seed + p.members().size() - 1)
                + "; scores are the mean of their softmax probabilities; weights, rasters and firing rates shown are member 1's";
    }

    /** One correctly classified example of up to two classes, for the report's rasters. */
    static void pickExamples(Pipeline p, LabelledData d, List<Sample> out, List<String> names) {
        if (d == null || d.size() == 0) {
            return;
        }
        int[] labels = d.labels();
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < d.size() && out.size() < 2; i++) {
            if (seen.contains(labels[i])) {
                continue;
            }
            LabelledData one = d.subset(new int[]{i});
            Dataset s = Experiment.samples(p, one, 1);
            seen.add(labels[i]);
            out.add(s.get(0));
            names.add("Example of class '" + d.classes().get(labels[i]) + "'"
                    + (d.isAudio() ? " (" + d.items().get(i).file().getFileName() + ")" : " (sample " + i + ")"));
            i += Math.max(0, d.size() / 3 - 1);
        }
    }

    private static String hash(LabelledData d) {
        try {
            if (d.isAudio()) {
                return DatasetHash.sha256(d.items().stream().map(org.snnaudio.cli.data.DataSource.Item::file).toArray(Path[]::new));
            }
            return DatasetHash.sha256(d.spikes());
        } catch (SnnaudioException e) {
            return null;
        }
    }
}
