package org.snnaudio.cli.report;

import org.snnaudio.cli.config.ConfigIO;
import org.snnaudio.cli.eval.ClassificationMetrics;
import org.snnaudio.cli.eval.FiringRateHealth;
import org.snnaudio.cli.pipeline.Evaluation;
import org.snnaudio.cli.pipeline.Pipeline;
import org.snnaudio.core.data.Sample;
import org.snnaudio.core.io.Provenance;
import org.snnaudio.core.nn.Network;
import org.snnaudio.core.nn.Parameter;
import org.snnaudio.core.nn.Trace;
import org.snnaudio.core.train.EpochRecord;
import org.snnaudio.core.train.TrainingResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML report of a training run or an evaluation: headline numbers, training curves, confusion
 * heatmap and per-class table, ROC for binary tasks, spike rasters and membrane traces of chosen
 * samples, firing-rate histograms with the health check, weight and threshold histograms, the config
 * and provenance.
 */
public final class RunReport {
    private RunReport() {
    }

    /**
     * Builds the report.
     *
     * @param title      page title
     * @param pipeline   the trained pipeline
     * @param training   training history, or null for an evaluation-only report
     * @param evaluation scores on held-out data, or null
     * @param setName    what the evaluation data are ("test", "validation")
     * @param examples   samples whose rasters and traces are shown (a few)
     * @param exampleNames caption of each example
     * @param provenance where the model came from, or null
     * @param extra      further key/value facts (data path, timings, machine load)
     */
    public static HtmlReport build(String title, Pipeline pipeline, TrainingResult training, Evaluation evaluation,
                                   String setName, List<Sample> examples, List<String> exampleNames, Provenance provenance,
                                   Map<String, String> extra) {
        HtmlReport r = new HtmlReport(title);
        Network net = pipeline.network();
        r.section("Summary");
        Map<String, String> tiles = new LinkedHashMap<>();
        if (evaluation != null) {
            tiles.put(setName + " accuracy", pct(evaluation.accuracy()));
            if (evaluation.roc() != null) {
                tiles.put(setName + " AUC", String.format(Locale.ROOT, "%.3f", evaluation.auc()));
            }
            tiles.put("macro F1", String.format(Locale.ROOT, "%.3f", evaluation.metrics().macroF1()));
            tiles.put(setName + " samples", Long.toString(evaluation.metrics().total()));
        }
        int networks = Math.max(1, pipeline.members().size());
        // an ensemble's training result and plots are its first member's: the tiles say so
        String ofFirst = networks > 1 ? " (member 1)" : "";
        if (training != null && !training.history().isEmpty()) {
            tiles.put("epochs" + ofFirst, Integer.toString(training.history().size()));
            double secs = training.history().stream().mapToDouble(EpochRecord::seconds).sum();
            tiles.put("training time" + ofFirst, String.format(Locale.ROOT, "%.1f s", secs));
            if (training.bestEpoch() >= 0) {
                tiles.put("best epoch" + ofFirst, Integer.toString(training.bestEpoch() + 1));
            }
        }
        tiles.put("classes", Integer.toString(pipeline.classNames().size()));
        if (networks > 1) {
            tiles.put("networks (seed ensemble)", Integer.toString(networks));
        }
        tiles.put(networks > 1 ? "parameters, all networks" : "parameters",
                Long.toString(networks * net.parameters().stream().mapToLong(Parameter::size).sum()));
        r.tiles(tiles);
        r.paragraph("Pipeline '" + pipeline.config().name() + "': " + describe(pipeline) + "."
                + (networks > 1 ? " A seed ensemble of " + networks + " networks of this shape: class scores are the mean of"
                + " their softmax probabilities. Training curves, activity and parameter plots below show member 1." : ""));

        if (training != null && !training.history().isEmpty()) {
            trainingCurves(r, training, net);
        }
        if (evaluation != null) {
            confusion(r, evaluation, setName);
            if (evaluation.roc() != null) {
                r.section("ROC curve (" + setName + ")");
                r.image(Plots.roc("ROC, positive class '" + pipeline.classNames().get(pipeline.config().isDetection()
                                ? pipeline.positiveClass() : 1) + "'", evaluation.roc().fpr(), evaluation.roc().tpr(),
                        evaluation.auc()), "Receiver operating characteristic on the " + setName + " set; dashed: chance.");
            }
        }
        if (!examples.isEmpty()) {
            activity(r, pipeline, examples, exampleNames);
        }
        if (evaluation != null && evaluation.health() != null) {
            firingRates(r, evaluation.health());
        }
        parameters(r, net);
        r.section("Configuration and provenance");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("key", "value"));
        if (provenance != null) {
            rows.add(List.of("seed", Long.toString(provenance.seed())));
            rows.add(List.of("dataset SHA-256", provenance.datasetSha256() == null ? "-" : provenance.datasetSha256()));
            rows.add(List.of("snnaudio", provenance.libraryVersion()));
            rows.add(List.of("java.version", provenance.javaVersion()));
            rows.add(List.of("os.arch", provenance.osArch()));
            rows.add(List.of("created", provenance.createdAt().toString()));
        }
        extra.forEach((k, v) -> rows.add(List.of(k, v)));
        r.table(rows);
        r.pre(ConfigIO.toYaml(pipeline.config()));
        return r;
    }

    private static void trainingCurves(HtmlReport r, TrainingResult training, Network net) {
        r.section("Training curves");
        List<EpochRecord> h = training.history();
        int n = h.size();
        double[] ep = new double[n];
        double[] tl = new double[n];
        double[] vl = new double[n];
        double[] ta = new double[n];
        double[] va = new double[n];
        for (int i = 0; i < n; i++) {
            EpochRecord e = h.get(i);
            ep[i] = e.epoch() + 1;
            tl[i] = e.trainLoss();
            vl[i] = e.valLoss();
            ta[i] = e.trainAccuracy();
            va[i] = e.valAccuracy();
        }
        boolean val = h.get(0).hasValidation();
        List<Plots.Line> loss = new ArrayList<>(List.of(new Plots.Line("train", ep, tl)));
        List<Plots.Line> acc = new ArrayList<>(List.of(new Plots.Line("train", ep, ta)));
        if (val) {
            loss.add(new Plots.Line("validation", ep, vl));
            acc.add(new Plots.Line("validation", ep, va));
        }
        List<String> names = net.layerNames();
        List<Plots.Line> rates = new ArrayList<>();
        int layers = h.get(0).firingRates().length;
        for (int l = 0; l < layers; l++) {
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = h.get(i).firingRates()[l];
            }
            rates.add(new Plots.Line(l < names.size() ? names.get(l) : "layer " + l, ep, y));
        }
        r.row(List.of(Plots.lines("Loss", "epoch", "loss", loss, 560, 360),
                        Plots.lines("Accuracy", "epoch", "accuracy", acc, 560, 360),
                        Plots.lines("Firing rate per layer", "epoch", "spike probability per step", rates, 560, 360)),
                List.of("Mean training loss per epoch" + (val ? " and validation loss after it." : "."),
                        "Training accuracy (weights changing during the epoch)" + (val ? " and validation accuracy." : "."),
                        "Mean spike probability per step of each layer during training."));
        if (training.bestEpoch() >= 0) {
            r.paragraph(String.format(Locale.ROOT, "Best epoch %d by %s (%.4f); the model holds %s weights; stopped: %s.",
                    training.bestEpoch() + 1, training.monitor(), training.bestMetric(),
                    training.restoredBest() ? "that epoch's" : "the last epoch's", training.stop()));
        }
    }

    private static void confusion(HtmlReport r, Evaluation ev, String setName) {
        ClassificationMetrics m = ev.metrics();
        r.section("Confusion matrix (" + setName + ")");
        r.image(Plots.confusion("Confusion matrix, " + setName + " set", m.confusion(), m.classNames()),
                "Rows: true class; columns: predicted class. Green diagonal shaded by recall; red: errors.");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("class", "precision", "recall", "F1", "support"));
        for (ClassificationMetrics.PerClass p : m.perClass()) {
            rows.add(List.of(p.name(), f3(p.precision()), f3(p.recall()), f3(p.f1()), Long.toString(p.support())));
        }
        rows.add(List.of("accuracy", "", "", pct(m.accuracy()), Long.toString(m.total())));
        rows.add(List.of("macro average", "", "", f3(m.macroF1()), ""));
        r.table(rows);
    }

    private static void activity(HtmlReport r, Pipeline p, List<Sample> examples, List<String> names) {
        r.section("Spike rasters and membrane traces");
        Network net = p.network();
        double dt = net.options().discretisation().dt();
        for (int i = 0; i < examples.size(); i++) {
            Sample s = examples.get(i);
            Trace t = net.trace(s);
            List<byte[]> imgs = new ArrayList<>();
            List<String> caps = new ArrayList<>();
            float[] in = s.toDense();
            imgs.add(Plots.raster("Input (" + s.channels() + " channels)", rows(in, s.steps(), s.channels(), s instanceof org.snnaudio.core.data.SpikeSample), dt, 560, 300));
            caps.add("Network input; " + (s instanceof org.snnaudio.core.data.SpikeSample ? "one dot per spike." : "dots where the analog input is above its median."));
            for (int l = 0; l < t.layers().size(); l++) {
                boolean spiking = l < t.layers().size() - 1 || p.config().network().readout().neuron().equals("lif");
                if (spiking) {
                    imgs.add(Plots.raster("Layer " + t.layers().get(l), rows(t.spikes().get(l), t.steps(), t.sizes()[l], true), dt, 560, 300));
                    caps.add("Spikes of layer " + t.layers().get(l) + ".");
                }
            }
            int out = t.layers().size() - 1;
            int k = t.sizes()[out];
            List<Plots.Line> mem = new ArrayList<>();
            double[] x = new double[t.steps()];
            for (int step = 0; step < t.steps(); step++) {
                x[step] = step * dt;
            }
            for (int c = 0; c < k && c < 10; c++) {
                double[] y = new double[t.steps()];
                for (int step = 0; step < t.steps(); step++) {
                    y[step] = t.membranes().get(out)[step * k + c];
                }
                mem.add(new Plots.Line(p.classNames().get(c), x, y));
            }
            imgs.add(Plots.lines("Readout membranes", "time (s)", "membrane", mem, 560, 300, "0.0#"));
            caps.add("Membrane potential of each output neuron" + (k > 10 ? " (first 10)." : "."));
            String predicted = p.classNames().get(t.predicted());
            r.paragraph(names.get(i) + " - predicted '" + predicted + "'.");
            r.row(imgs, caps);
        }
    }

    private static float[][] rows(float[] flat, int steps, int n, boolean spikes) {
        float[][] out = new float[steps][n];
        float thr = 0;
        if (!spikes) {
            float[] sorted = flat.clone();
            java.util.Arrays.sort(sorted);
            thr = sorted[sorted.length / 2];
        }
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < n; i++) {
                float v = flat[t * n + i];
                out[t][i] = spikes ? v : (v > thr ? 1 : 0);
            }
        }
        return out;
    }

    private static void firingRates(HtmlReport r, FiringRateHealth h) {
        r.section("Firing-rate health");
        boolean ok = h.healthy();
        r.note(ok ? "All neurons fire within NWAVE's healthy range (5 % to 90 % of steps)."
                : "Some neurons are dead (< 5 % of steps) or saturated (> 90 %); see the table.", !ok);
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("layer", "neurons", "mean rate", "dead (<5 %)", "saturated (>90 %)", "status"));
        List<byte[]> imgs = new ArrayList<>();
        List<String> caps = new ArrayList<>();
        for (FiringRateHealth.Layer l : h.layers()) {
            rows.add(List.of(l.name(), Integer.toString(l.rates().length), pct(l.mean()), Integer.toString(l.dead()),
                    Integer.toString(l.saturated()), l.status()));
            imgs.add(Plots.histogram("Firing rates, " + l.name(), "spike probability per step", l.rates(), 20, 420, 300));
            caps.add("Per-neuron firing rate of layer " + l.name() + ".");
        }
        r.table(rows);
        r.row(imgs, caps);
    }

    private static void parameters(HtmlReport r, Network net) {
        r.section("Weights and thresholds");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("parameter", "shape", "values", "min", "max", "mean", "std", "trainable"));
        List<byte[]> imgs = new ArrayList<>();
        List<String> caps = new ArrayList<>();
        for (Parameter p : net.parameters()) {
            float[] v = p.value();
            double[] d = new double[v.length];
            double s = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < v.length; i++) {
                d[i] = v[i];
                s += v[i];
                min = Math.min(min, v[i]);
                max = Math.max(max, v[i]);
            }
            double mean = s / Math.max(1, v.length);
            double ss = 0;
            for (double x : d) {
                ss += (x - mean) * (x - mean);
            }
            rows.add(List.of(p.name(), java.util.Arrays.toString(p.shape()), Integer.toString(v.length), Plots.fmt(min),
                    Plots.fmt(max), Plots.fmt(mean), Plots.fmt(Math.sqrt(ss / Math.max(1, v.length))),
                    p.trainable() ? "yes" : "no"));
            String n = p.name();
            if (n.endsWith(".weight") || n.endsWith(".recurrent") || n.endsWith(".threshold")) {
                boolean constant = max == min;
                if (!constant) {
                    imgs.add(Plots.histogram(n, "value", d, 30, 420, 300));
                    caps.add("Distribution of " + n + " (" + v.length + " values).");
                }
            }
        }
        r.table(rows);
        r.row(imgs, caps);
    }

    static String describe(Pipeline p) {
        var c = p.config();
        StringBuilder sb = new StringBuilder();
        if (p.isSpikeInput()) {
            sb.append("spike input, ").append(c.frontend().steps()).append(" steps");
        } else {
            sb.append(c.audio().sampleRate()).append(" Hz audio");
            if (c.audio().duration() > 0) {
                sb.append(" fixed to ").append(c.audio().duration()).append(" s");
            }
            sb.append(" -> ").append(c.frontend().type()).append(" (").append(p.frontend().channels()).append(" channels, ")
                    .append(String.format(Locale.ROOT, "%.1f ms frames", 1000 * p.frontend().framePeriod())).append(") -> ")
                    .append(c.encoder().type()).append(" encoder");
        }
        sb.append(" -> network ").append(p.network().inputs());
        for (int i = 0; i < p.network().layerSpecs().size(); i++) {
            var l = p.network().layerSpecs().get(i);
            sb.append('-').append(l.size());
        }
        sb.append(" (").append(p.network().layerSpecs().stream().map(l -> l.name() + ": " + l.neuron().typeName()
                + (l.recurrent() ? ", recurrent" : "") + (l.synapse() == org.snnaudio.core.nn.Synapse.DIAGONAL ? ", diagonal" : ""))
                .reduce((a, b) -> a + "; " + b).orElse("")).append(") -> ").append(c.decoder()).append(" decoder");
        return sb.toString();
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f %%", 100 * v);
    }

    static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
