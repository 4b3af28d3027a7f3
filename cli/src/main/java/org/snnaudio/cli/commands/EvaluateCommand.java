package org.snnaudio.cli.commands;

import org.snnaudio.cli.data.DataSource;
import org.snnaudio.cli.data.LabelledData;
import org.snnaudio.cli.pipeline.Evaluation;
import org.snnaudio.cli.pipeline.Experiment;
import org.snnaudio.cli.pipeline.Pipeline;
import org.snnaudio.cli.report.RunReport;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.data.Sample;
import org.snnaudio.core.io.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code snnaudio evaluate}: scores a trained model on labelled data; writes metrics.json and report.html. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Score a trained model on labelled data: DIR/metrics.json (accuracy, per_class, confusion_matrix, auc) and DIR/report.html.")
public final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Run folder of 'snnaudio train', a .snnm model file, or a "
            + "folder written by 'snnaudio deploy' (then the integer simulator of the deployed network is scored).")
    Path model;

    @Option(names = "--out", required = true, description = "Folder for metrics.json and report.html.")
    Path out;

    @Option(names = "--threads", description = "Worker threads (default: all processors).")
    Integer threads;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() {
        Path file = Models.resolve(model);
        var saved = ModelFile.read(file);
        Pipeline p = Pipeline.fromSaved(saved, file.toString());
        if (threads != null && threads < 1) {
            throw new SnnaudioException("--threads must be >= 1, got " + threads);
        }
        p.threads(threads != null ? threads : Runtime.getRuntime().availableProcessors());
        LabelledData all = data.restrict(DataOptions.load(data.requireData(), data.format, p.config(), null));
        String part = "all of " + data.data;
        if (data.split != null && all.isAudio() && (data.split.equals("official") || data.split.equals("auto"))) {
            int[] idx = java.util.stream.IntStream.range(0, all.size())
                    .filter(i -> all.items().get(i).part() == DataSource.Part.TEST).toArray();
            if (idx.length == 0) {
                throw new SnnaudioException(data.data + ": the layout has no official test part");
            }
            part = "the official test part of " + data.data;
            LabelledData test = all.subset(idx);
            return run(p, test, part, saved);
        }
        return run(p, all, part, saved);
    }

    private int run(Pipeline p, LabelledData d, String part, org.snnaudio.core.io.SavedModel saved) {
        long t0 = System.nanoTime();
        java.util.function.Function<List<Sample>, float[][]> scorer = null;
        if (java.nio.file.Files.isDirectory(model) && org.snnaudio.hardware.deploy.DeployedModel.isDeployment(model)) {
            var deployed = org.snnaudio.hardware.deploy.DeployedModel.load(model);
            scorer = deployed::predict;
            part = part + ", integer simulator of the deployment in " + model;
            System.out.println("scoring the deployed integer network in " + model);
        }
        if (scorer != null && p.isEnsemble()) {
            throw new SnnaudioException("model " + model + " is a seed ensemble of " + p.members().size()
                    + " networks; ensembles cannot be deployed, so there is no integer simulator to score");
        }
        Evaluation ev = Experiment.evaluate(p, d, scorer);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model.toString());
        m.put("data", part);
        m.putAll(ev.toMap());
        Json.write(out.resolve("metrics.json"), m);
        List<Sample> ex = new ArrayList<>();
        List<String> names = new ArrayList<>();
        TrainCommand.pickExamples(p, remap(d, p), ex, names);
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("model", model.toString());
        extra.put("data", part);
        if (p.isEnsemble()) {
            extra.put("ensemble", TrainCommand.ensembleNote(p));
        }
        RunReport.build("snnaudio evaluation: " + p.config().name(), p, null, ev, "evaluation", ex, names, saved.provenance(), extra)
                .write(out.resolve("report.html"));
        System.out.printf(Locale.ROOT, "accuracy: %.2f %% (%d samples, %s)%s%n", 100 * ev.accuracy(), ev.metrics().total(), part,
                ev.roc() != null ? String.format(Locale.ROOT, ", AUC %.4f", ev.auc()) : "");
        for (var c : ev.metrics().perClass()) {
            System.out.printf(Locale.ROOT, "  %-12s precision %.3f  recall %.3f  F1 %.3f  (%d)%n", c.name(), c.precision(),
                    c.recall(), c.f1(), c.support());
        }
        System.out.printf(Locale.ROOT, "wrote %s and %s (%.1f s)%n", out.resolve("metrics.json"), out.resolve("report.html"),
                (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    private static LabelledData remap(LabelledData d, Pipeline p) {
        return d.isAudio() ? LabelledData.audio(d.items(), p.classNames()) : d;
    }
}
