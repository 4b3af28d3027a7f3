package org.snnaudio.cli.hardware;

import org.snnaudio.cli.data.DataSource;
import org.snnaudio.cli.data.LabelledData;
import org.snnaudio.cli.pipeline.Experiment;
import org.snnaudio.cli.pipeline.Pipeline;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.data.Dataset;
import org.snnaudio.core.data.Sample;
import org.snnaudio.core.io.SavedModel;
import org.snnaudio.core.model.Graph;
import org.snnaudio.core.nn.Network;
import org.snnaudio.hardware.deploy.DeployedModel;
import org.snnaudio.hardware.deploy.ReadoutCalibration;
import org.snnaudio.hardware.energy.EnergyModel;
import org.snnaudio.hardware.energy.EnergyReport;
import org.snnaudio.hardware.target.HardwareTarget;
import org.snnaudio.hardware.train.Mismatch;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The accuracy a deployment keeps: the float model and the deployed integer network on the same
 * labelled recordings, the energy per inference on the target, and (for targets with device mismatch)
 * the float model's accuracy over Monte-Carlo draws of the mismatch, with a per-chip readout calibration and with
 * each chip tuned in the loop ({@link ChipTuning}) when asked; printed and written to
 * {@code DIR/deploy-report.json}.
 */
final class DeploymentEvaluation {
    private DeploymentEvaluation() {
    }

    /**
     * Per-chip readout calibration for the Monte-Carlo draws: up to {@code recordings} labelled recordings of
     * {@code data} ({@code format}), all of it ({@code whole}) or its training part, apart from the evaluated ones;
     * the decoder reads the readout's spike counts in {@code bins} time bins (0: 4 for a spike-count readout, 1
     * otherwise, where 1 is the readout scores).
     */
    record Calibration(Path data, String format, boolean whole, int recordings, int bins) {
    }

    /** Per-chip tuning in the loop ({@link ChipTuning}) of the Monte-Carlo chips, on the training part of {@code data}. */
    record Tuning(ChipTuning.Settings settings, Path data, String format) {
    }

    static void run(SavedModel saved, String source, Path dir, HardwareTarget target, Path data, String format, boolean all,
                    int draws, boolean breakdown, int threads, SavedModel original, Calibration calibration, Tuning tuning) {
        if (draws < 0) {
            throw new SnnaudioException("--mismatch-draws must be >= 0, got " + draws);
        }
        if (calibration != null && draws < 1) {
            throw new SnnaudioException("--mismatch-calibration needs --mismatch-draws >= 1 (it calibrates each drawn chip)");
        }
        if (tuning != null && draws < 1) {
            throw new SnnaudioException("--chip-tuning-epochs needs --mismatch-draws >= 1 (it tunes each drawn chip)");
        }
        Pipeline p = Pipeline.fromSaved(saved, source);
        p.threads(threads);
        if (p.isSpikeInput()) {
            throw new SnnaudioException("--data evaluation of a deployment takes recordings; " + source + " takes spike data");
        }
        String f = format != null ? format : DataSource.detect(data);
        List<DataSource.Item> items = DataSource.list(data, f);
        List<DataSource.Item> test = all ? List.of() : items.stream().filter(i -> i.part() == DataSource.Part.TEST).toList();
        String part = test.isEmpty() ? "all of " + data : "the official test part of " + data;
        Dataset samples = Experiment.samples(p, LabelledData.audio(test.isEmpty() ? items : test, p.classNames()), threads);
        DeployedModel dm = DeployedModel.load(dir);
        float[][] floatScores = p.network().predict(samples.samples());
        double floatAcc = accuracy(floatScores, samples);
        double intAcc = accuracy(dm.predict(samples.samples()), samples);
        List<Sample> energySamples = samples.samples().subList(0, Math.min(64, samples.size()));
        EnergyModel.Estimate energy = EnergyReport.of(dm, target, energySamples);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("model", source);
        report.put("target", target.name());
        report.put("data", part);
        report.put("samples", samples.size());
        report.put("float_accuracy", floatAcc);
        report.put("deployed_accuracy", intAcc);
        report.put("accuracy_change_points", 100 * (intAcc - floatAcc));
        if (original != null) {
            Pipeline op = Pipeline.fromSaved(original, "the model before fine-tuning");
            op.threads(threads);
            double origAcc = accuracy(op.network().predict(samples.samples()), samples);
            report.put("original_float_accuracy", origAcc);
            report.put("change_from_original_points", 100 * (intAcc - origAcc));
            System.out.printf(Locale.ROOT, "before fine-tuning the float model had %.2f %%: %+.2f points to the deployed network%n",
                    100 * origAcc, 100 * (intAcc - origAcc));
        }
        report.put("energy_per_inference_j", energy.totalJ());
        report.put("average_power_w", energy.averagePowerW());
        report.put("dense_ann_equivalent_j", energy.annMacJ());
        report.put("energy_sources", energy.sources());
        System.out.printf(Locale.ROOT, "on %s (%d samples): float model %.2f %%, deployed integer network %.2f %% (%+.2f points)%n",
                part, samples.size(), 100 * floatAcc, 100 * intAcc, 100 * (intAcc - floatAcc));
        System.out.print(energy.summary());
        double[] margin = margins(floatScores);
        report.put("readout_top_score_mean", margin[0]);
        report.put("readout_margin_median", margin[1]);
        System.out.printf(Locale.ROOT, "float readout: mean top score %.2f, median gap to the runner-up %.2f (%.1f %% of the top)%n",
                margin[0], margin[1], 100 * margin[2]);
        if (draws > 0) {
            if (target.mismatch().none()) {
                throw new SnnaudioException("target " + target.name() + " has no device mismatch to draw");
            }
            Graph g = saved.graph();
            int bins = calibration == null ? 1 : calibration.bins() != 0 ? calibration.bins()
                    : spikeCountReadout(p.network()) ? 4 : 1;
            Dataset cal = calibration == null ? null : calibrationSet(p, calibration, threads);
            int[] testLabels = labels(samples);
            int[] calLabels = cal == null ? null : labels(cal);
            double[] calibrated = new double[draws];
            int[] drawIndex = {0};
            int classes = p.classNames().size();
            // raw accuracy and (with a calibration set) the per-chip readout calibration's, of a network on a chip
            ChipTuning.Scorer scorer = n -> {
                float[][] scores = n.predict(samples.samples());
                double raw = accuracy(scores, samples);
                if (cal == null) {
                    return new double[]{raw, Double.NaN};
                }
                ReadoutCalibration c = ReadoutCalibration.fit(features(n, cal, bins), calLabels, classes);
                return new double[]{raw, c.accuracy(bins == 1 ? scores : features(n, samples, bins), testLabels)};
            };
            Mismatch.Summary mc = Mismatch.monteCarlo(g, target.mismatch(), draws, 1, drawn -> {
                double[] s = scorer.score(Network.fromGraph(drawn, p.network().options()));
                calibrated[drawIndex[0]++] = s[1];
                return s[0];
            });
            report.put("mismatch_draws", draws);
            report.put("mismatch_accuracy_mean", mc.mean());
            report.put("mismatch_accuracy_std", mc.std());
            report.put("mismatch_source", target.mismatch().source());
            System.out.printf(Locale.ROOT, "device mismatch (%s): accuracy %.2f +- %.2f %% over %d draws%n",
                    target.mismatch().source(), 100 * mc.mean(), 100 * mc.std(), draws);
            if (cal != null) {
                ReadoutCalibration nominal = ReadoutCalibration.fit(features(p.network(), cal, bins), calLabels,
                        p.classNames().size());
                double nominalAcc = nominal.accuracy(bins == 1 ? floatScores
                        : features(p.network(), samples, bins), testLabels);
                Mismatch.Summary cs = Mismatch.Summary.of(calibrated);
                report.put("mismatch_calibration_recordings", cal.size());
                report.put("mismatch_calibration_bins", bins);
                report.put("calibrated_float_accuracy", nominalAcc);
                report.put("mismatch_calibrated_accuracy_mean", cs.mean());
                report.put("mismatch_calibrated_accuracy_std", cs.std());
                System.out.printf(Locale.ROOT, "with a per-chip readout calibration on %d labelled recordings (%s): under "
                        + "mismatch %.2f +- %.2f %% over the same %d draws; the float model with the same calibration %.2f %%%n",
                        cal.size(), bins == 1 ? "readout scores" : "spike counts in " + bins
                                + " time bins", 100 * cs.mean(), 100 * cs.std(), draws, 100 * nominalAcc);
                if (original != null) {
                    Pipeline op = Pipeline.fromSaved(original, "the model before fine-tuning");
                    op.threads(threads);
                    ReadoutCalibration oc = ReadoutCalibration.fit(features(op.network(), cal, bins), calLabels,
                            p.classNames().size());
                    double origCal = oc.accuracy(features(op.network(), samples, bins), testLabels);
                    report.put("original_calibrated_float_accuracy", origCal);
                    System.out.printf(Locale.ROOT, "the model before fine-tuning with the same calibration %.2f %%: %+.2f points "
                            + "to the calibrated chips%n", 100 * origCal, 100 * (cs.mean() - origCal));
                }
            }
            if (tuning != null) {
                tuneChips(report, saved, source, target, tuning, draws, scorer, threads);
            }
            if (breakdown) {
                Map<String, Mismatch.Summary> parts = Mismatch.breakdown(g, target.mismatch(), p.network().layerNames(), draws, 1,
                        drawn -> accuracy(Network.fromGraph(drawn, p.network().options()).predict(samples.samples()), samples));
                Map<String, Object> json = new LinkedHashMap<>();
                for (var e : parts.entrySet()) {
                    json.put(e.getKey(), Map.of("mean", e.getValue().mean(), "std", e.getValue().std()));
                    System.out.printf(Locale.ROOT, "  mismatch of %-22s alone: %.2f +- %.2f %%%n", e.getKey(),
                            100 * e.getValue().mean(), 100 * e.getValue().std());
                }
                report.put("mismatch_breakdown", json);
            }
        }
        org.snnaudio.cli.commands.Json.write(dir.resolve("deploy-report.json"), report);
        System.out.println("wrote " + dir.resolve("deploy-report.json"));
    }

    /** Tunes each of {@code draws} chips in the loop and reports their scores before and after. */
    private static void tuneChips(Map<String, Object> report, SavedModel saved, String source, HardwareTarget target,
                                  Tuning tuning, int draws, ChipTuning.Scorer scorer, int threads) {
        ChipTuning.Result r = ChipTuning.run(saved, source, target, tuning.data(), tuning.format(), tuning.settings(),
                draws, 2, scorer, threads);
        Mismatch.Summary raw0 = column(r.before(), 0);
        Mismatch.Summary raw1 = column(r.after(), 0);
        report.put("chip_tuning_epochs", tuning.settings().epochs());
        report.put("chip_tuning_lr", tuning.settings().lr());
        report.put("chip_tuning_chips", draws);
        report.put("chip_untuned_accuracy_mean", raw0.mean());
        report.put("chip_tuned_accuracy_mean", raw1.mean());
        report.put("chip_tuned_accuracy_std", raw1.std());
        report.put("chip_tuned_design_rule_violations", r.violations());
        System.out.printf(Locale.ROOT, "per-chip tuning in the loop (%d epochs per chip, %d chips of their own draws): "
                + "accuracy %.2f -> %.2f +- %.2f %%", tuning.settings().epochs(), draws, 100 * raw0.mean(),
                100 * raw1.mean(), 100 * raw1.std());
        if (!Double.isNaN(r.before()[0][1])) {
            Mismatch.Summary cal0 = column(r.before(), 1);
            Mismatch.Summary cal1 = column(r.after(), 1);
            report.put("chip_untuned_calibrated_accuracy_mean", cal0.mean());
            report.put("chip_tuned_calibrated_accuracy_mean", cal1.mean());
            report.put("chip_tuned_calibrated_accuracy_std", cal1.std());
            System.out.printf(Locale.ROOT, "; with the readout calibration %.2f -> %.2f +- %.2f %%", 100 * cal0.mean(),
                    100 * cal1.mean(), 100 * cal1.std());
        }
        System.out.printf(Locale.ROOT, "; design-rule violations of the tuned chips: %d%n", r.violations());
    }

    private static Mismatch.Summary column(double[][] rows, int k) {
        double[] v = new double[rows.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = rows[i][k];
        }
        return Mismatch.Summary.of(v);
    }

    /**
     * What the readout calibration decodes: the network's readout scores ({@code bins == 1}), or each readout
     * neuron's spike counts in {@code bins} time bins ({@link ReadoutCalibration#binnedCounts}), which needs a
     * spike-count readout.
     */
    static float[][] features(Network n, Dataset d, int bins) {
        if (bins == 1) {
            return n.predict(d.samples());
        }
        if (!spikeCountReadout(n)) {
            throw new SnnaudioException("--calibration-bins " + bins + " decodes readout spikes in time bins, but the model's "
                    + "readout is " + n.options().readout() + "; use --calibration-bins 1");
        }
        int out = n.layerNames().size() - 1;
        float[][] f = new float[d.size()][];
        for (int i = 0; i < f.length; i++) {
            org.snnaudio.core.nn.Trace t = n.trace(d.samples().get(i));
            f[i] = ReadoutCalibration.binnedCounts(t.spikes().get(out), t.steps(), t.sizes()[out], bins);
        }
        return f;
    }

    private static boolean spikeCountReadout(Network n) {
        return n.options().readout() instanceof org.snnaudio.core.loss.Readout.SpikeCount;
    }

    /** The calibration recordings: a seeded draw of up to {@code c.recordings()} of the training part (or all) of the data. */
    private static Dataset calibrationSet(Pipeline p, Calibration c, int threads) {
        if (c.recordings() < 1) {
            throw new SnnaudioException("--mismatch-calibration must be >= 1 recordings, got " + c.recordings());
        }
        String f = c.format() != null ? c.format() : DataSource.detect(c.data());
        List<DataSource.Item> items = DataSource.list(c.data(), f);
        List<DataSource.Item> use = c.whole() ? items
                : items.stream().filter(i -> i.part() == DataSource.Part.TRAIN).toList();
        if (use.isEmpty()) {
            throw new SnnaudioException("--mismatch-calibration needs labelled recordings apart from the evaluated ones, but "
                    + c.data() + " has no training part: give the evaluation recordings with --test-data");
        }
        List<DataSource.Item> shuffled = new java.util.ArrayList<>(use);
        java.util.Collections.shuffle(shuffled, new java.util.Random(1));
        List<DataSource.Item> chosen = shuffled.subList(0, Math.min(c.recordings(), shuffled.size()));
        return Experiment.samples(p, LabelledData.audio(chosen, p.classNames()), threads);
    }

    private static int[] labels(Dataset d) {
        int[] y = new int[d.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = d.samples().get(i).label();
        }
        return y;
    }

    /** The largest |input| over (up to 400 of) the training recordings of {@code data} (all when it has no parts). */
    static double calibrate(SavedModel saved, String source, Path data, String format, int threads) {
        Pipeline p = Pipeline.fromSaved(saved, source);
        String f = format != null ? format : DataSource.detect(data);
        List<DataSource.Item> items = DataSource.list(data, f);
        List<DataSource.Item> train = items.stream().filter(i -> i.part() == DataSource.Part.TRAIN).toList();
        List<DataSource.Item> use = train.isEmpty() ? items : train;
        use = use.subList(0, Math.min(400, use.size()));
        Dataset d = Experiment.samples(p, LabelledData.audio(use, p.classNames()), threads);
        return org.snnaudio.hardware.deploy.Deployer.inputMaxAbs(d.samples());
    }

    /** Mean top score, median gap between the top and the runner-up score, and the median of that gap over the top. */
    static double[] margins(float[][] scores) {
        if (scores.length == 0 || scores[0].length < 2) {
            return new double[]{Double.NaN, Double.NaN, Double.NaN};
        }
        double top = 0;
        double[] gap = new double[scores.length];
        double[] rel = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            float[] r = scores[i].clone();
            java.util.Arrays.sort(r);
            float a = r[r.length - 1];
            top += a;
            gap[i] = a - r[r.length - 2];
            rel[i] = a == 0 ? 0 : gap[i] / Math.abs(a);
        }
        java.util.Arrays.sort(gap);
        java.util.Arrays.sort(rel);
        return new double[]{top / scores.length, gap[scores.length / 2], rel[scores.length / 2]};
    }

    /** Share of samples whose highest score (first on ties, as the pipeline decides) is the label. */
    static double accuracy(float[][] scores, Dataset d) {
        int ok = 0;
        for (int i = 0; i < scores.length; i++) {
            int best = 0;
            for (int k = 1; k < scores[i].length; k++) {
                if (scores[i][k] > scores[i][best]) {
                    best = k;
                }
            }
            ok += best == d.get(i).label() ? 1 : 0;
        }
        return scores.length == 0 ? Double.NaN : (double) ok / scores.length;
    }
}
