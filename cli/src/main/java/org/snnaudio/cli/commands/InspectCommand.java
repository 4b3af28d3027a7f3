package org.snnaudio.cli.commands;

import org.snnaudio.cli.config.ConfigIO;
import org.snnaudio.cli.data.LabelledData;
import org.snnaudio.cli.eval.FiringRateHealth;
import org.snnaudio.cli.pipeline.Experiment;
import org.snnaudio.cli.pipeline.Pipeline;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.data.Dataset;
import org.snnaudio.core.data.Sample;
import org.snnaudio.core.io.ModelFile;
import org.snnaudio.core.io.SavedModel;
import org.snnaudio.core.model.ResetMode;
import org.snnaudio.core.neuron.AdaptiveLif;
import org.snnaudio.core.neuron.CubaLi;
import org.snnaudio.core.neuron.CubaLif;
import org.snnaudio.core.neuron.If;
import org.snnaudio.core.neuron.Li;
import org.snnaudio.core.neuron.Lif;
import org.snnaudio.core.neuron.NeuronModel;
import org.snnaudio.core.nn.LayerSpec;
import org.snnaudio.core.nn.Network;
import org.snnaudio.core.nn.Parameter;
import org.snnaudio.core.nn.Synapse;
import org.snnaudio.core.nn.Trace;
import org.snnaudio.hardware.deploy.Activity;
import org.snnaudio.hardware.energy.EnergyModel;
import org.snnaudio.hardware.target.Targets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code snnaudio inspect}: what a trained model is: its pipeline, layers, parameter counts, weight and
 * threshold ranges with histograms, and (given data) firing-rate health and energy per inference.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show a model's pipeline, layers, parameters (ranges, histograms), firing-rate health and energy.")
public final class InspectCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Run folder of 'snnaudio train' or a .snnm model file.")
    Path model;

    @Option(names = "--params", description = "Glob of parameters to show (default all), e.g. '*.threshold' or 'hidden*.weight'.")
    String params = "*";

    @Option(names = "--target", description = "Hardware target for the energy estimate: ${DEFAULT-VALUE} (or a target YAML).")
    String target = "digital-int8";

    @Option(names = "--samples", description = "Samples of --data used for firing rates and energy (default 64).")
    int samples = 64;

    @Option(names = "--member", description = "Ensemble member whose layers, parameters, firing rates and energy are shown"
            + " (1 = the first; default 1).")
    int member = 1;

    @Option(names = "--config", description = "Print the pipeline config as YAML.")
    boolean showConfig;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() {
        Path file = Models.resolve(model);
        SavedModel saved = ModelFile.read(file);
        Pipeline p = Pipeline.fromSaved(saved, file.toString());
        int members = p.members().size();
        if (member < 1 || member > members) {
            throw new SnnaudioException("--member must be from 1 to " + members + " (the model " + file + " holds "
                    + members + (members == 1 ? " network" : " networks") + "), got " + member);
        }
        Network net = p.members().get(member - 1);
        var so = System.out;
        so.println("model: " + file);
        so.println("pipeline: " + p.config().name() + " (" + p.config().task() + ", decoder " + p.config().decoder() + ")");
        so.println("classes (" + p.classNames().size() + "): " + String.join(", ", p.classNames()));
        if (!p.isSpikeInput()) {
            so.printf(Locale.ROOT, "frontend: %s, %d channels, %.1f ms frames at %d Hz; encoder %s, %d steps per frame%n",
                    p.config().frontend().type(), p.frontend().channels(), 1000 * p.frontend().framePeriod(),
                    p.frontend().sampleRate(), p.config().encoder().type(), p.config().encoder().stepsPerFrame());
        }
        so.printf(Locale.ROOT, "network: %d inputs, dt %.4g s, surrogate %s, readout %s%n", net.inputs(),
                net.options().discretisation().dt(), net.options().surrogate().name(), net.options().readout().name());
        if (members > 1) {
            long seed = p.config().training().seed();
            so.printf(Locale.ROOT, "seed ensemble of %d networks (same layers; class scores are the mean of their softmax"
                    + " probabilities); shown below: member %d (--member K for another)%n", members, member);
            so.printf(Locale.ROOT, "  %-7s %6s %12s %14s%n", "member", "seed", "parameters", "weight RMS");
            for (int k = 0; k < members; k++) {
                Network m = p.members().get(k);
                long n = 0;
                double ss = 0;
                for (Parameter q : m.parameters()) {
                    n += q.size();
                    if (q.name().endsWith(".weight") || q.name().endsWith(".recurrent")) {
                        for (float v : q.value()) {
                            ss += (double) v * v;
                        }
                    }
                }
                long weights = m.parameters().stream().filter(q -> q.name().endsWith(".weight") || q.name().endsWith(".recurrent"))
                        .mapToLong(Parameter::size).sum();
                so.printf(Locale.ROOT, "  %-7d %6d %12d %14.6g%n", k + 1, seed + k, n, Math.sqrt(ss / Math.max(1, weights)));
            }
        }
        so.println();
        so.printf(Locale.ROOT, "%-10s %-10s %6s %-9s %s%n", "layer", "neuron", "size", "synapse", "details");
        for (LayerSpec l : net.layerSpecs()) {
            so.printf(Locale.ROOT, "%-10s %-10s %6d %-9s %s%n", l.name(), l.neuron().typeName(), l.size(),
                    l.synapse() == Synapse.DIAGONAL ? "diagonal" : "dense", (l.recurrent() ? "recurrent, " : "") + describe(l.neuron()));
        }
        so.println();
        long total = 0;
        long trainable = 0;
        so.printf(Locale.ROOT, "%-22s %-12s %8s %10s %10s %10s %10s  %s%n", "parameter", "shape", "values", "min", "max", "mean",
                "std", "trainable");
        List<Parameter> shown = new ArrayList<>();
        for (Parameter q : net.parameters()) {
            total += q.size();
            trainable += q.trainable() ? q.size() : 0;
            if (!q.matches(params)) {
                continue;
            }
            shown.add(q);
            double[] st = stats(q.value());
            so.printf(Locale.ROOT, "%-22s %-12s %8d %10.4g %10.4g %10.4g %10.4g  %s%n", q.name(),
                    java.util.Arrays.toString(q.shape()), q.size(), st[0], st[1], st[2], st[3], q.trainable() ? "yes" : "no");
        }
        if (shown.isEmpty()) {
            throw new SnnaudioException("--params '" + params + "' matches no parameter (parameters: "
                    + net.parameters().stream().map(Parameter::name).toList() + ")");
        }
        so.printf(Locale.ROOT, "total: %d parameters, %d trainable%n", total, trainable);
        for (Parameter q : shown) {
            double[] st = stats(q.value());
            if (q.size() >= 8 && st[1] > st[0] && (q.name().endsWith(".weight") || q.name().endsWith(".recurrent")
                    || q.name().endsWith(".threshold"))) {
                so.println();
                so.println("histogram of " + q.name() + ":");
                so.print(histogram(q.value(), 12, 40));
            }
        }
        if (data.data != null) {
            LabelledData d = DataOptions.load(data.data, data.format, p.config(), null);
            LabelledData sub = d.subset(java.util.stream.IntStream.range(0, Math.min(samples, d.size())).toArray());
            if (sub.isAudio()) {
                sub = LabelledData.audio(sub.items(), p.classNames());
            }
            Dataset ds = Experiment.samples(p, sub, Runtime.getRuntime().availableProcessors());
            if (member > 1) {
                p.network(net);
            }
            FiringRateHealth h = Experiment.health(p, ds.samples());
            so.println();
            so.println("firing-rate health on " + ds.size() + " samples of " + data.data + ":");
            so.println(h.format().indent(2).stripTrailing());
            so.println();
            var tgt = Targets.load(target);
            List<Activity> runs = new ArrayList<>();
            for (Sample s : ds.samples()) {
                runs.add(activity(net, s));
            }
            so.println("energy on target " + target + " (mean over " + runs.size() + " inferences"
                    + (members > 1 ? " of member " + member + "; the ensemble runs " + members + " networks per inference" : "")
                    + "):");
            so.print(EnergyModel.estimate(EnergyModel.mean(runs), tgt).summary().indent(2));
        } else {
            so.println();
            so.println("(give --data PATH for firing-rate health and energy per inference)");
        }
        if (showConfig) {
            so.println();
            so.print(ConfigIO.toYaml(p.config()));
        }
        return 0;
    }

    /**
     * A neuron model's parameters in units a user reads (time constants in ms, 4 significant digits), not the
     * record's text: parameters stored as floats print as 0.10000000149011612 there.
     */
    static String describe(NeuronModel m) {
        return switch (m) {
            case Lif l -> "tau_mem " + ms(l.tauMem()) + ", " + thresholdAndReset(l.threshold(), l.reset(), l.vReset());
            case CubaLif c -> "tau_syn " + ms(c.tauSyn()) + ", tau_mem " + ms(c.tauMem()) + ", "
                    + thresholdAndReset(c.threshold(), c.reset(), c.vReset());
            case AdaptiveLif a -> "tau_mem " + ms(a.tauMem()) + ", tau_adapt " + ms(a.tauAdapt()) + ", beta_adapt "
                    + num(a.betaAdapt()) + ", " + thresholdAndReset(a.threshold(), a.reset(), a.vReset());
            case If i -> thresholdAndReset(i.threshold(), i.reset(), i.vReset());
            case Li li -> "tau_mem " + ms(li.tauMem());
            case CubaLi cl -> "tau_syn " + ms(cl.tauSyn()) + ", tau_mem " + ms(cl.tauMem());
        };
    }

    private static String thresholdAndReset(double threshold, ResetMode reset, double vReset) {
        return "threshold " + num(threshold) + ", reset " + (reset == ResetMode.SUBTRACT ? "by subtraction" : "to " + num(vReset));
    }

    private static String ms(double seconds) {
        return num(seconds * 1000) + " ms";
    }

    private static String num(double v) {
        return new java.math.BigDecimal(String.format(Locale.ROOT, "%.4g", v)).stripTrailingZeros().toPlainString();
    }

    /** Event counts of one inference from its trace: spikes, synaptic events (spikes x fan-out), updates, dense MACs. */
    static Activity activity(Network net, Sample s) {
        Trace t = net.trace(s);
        List<Activity.LayerActivity> layers = new ArrayList<>();
        float[] in = s.toDense();
        int prevN = s.channels();
        boolean prevAnalog = !(s instanceof org.snnaudio.core.data.SpikeSample);
        float[] prev = in;
        for (int l = 0; l < t.layers().size(); l++) {
            LayerSpec spec = net.layerSpecs().get(l);
            int n = t.sizes()[l];
            long spikes = 0;
            float[] spk = t.spikes().get(l);
            for (float v : spk) {
                spikes += (long) v;
            }
            int fanOut = spec.synapse() == Synapse.DIAGONAL ? 1 : n;
            long inEvents = 0;
            for (float v : prev) {
                inEvents += prevAnalog ? (v != 0 ? 1 : 0) : (long) v;
            }
            long syn = inEvents * fanOut + (spec.recurrent() ? spikes * n : 0);
            long macs = (long) t.steps() * prevN * fanOut + (spec.recurrent() ? (long) t.steps() * n * n : 0);
            layers.add(new Activity.LayerActivity(spec.name(), n, spikes, syn, (long) t.steps() * n, macs));
            prev = spk;
            prevN = n;
            prevAnalog = false;
        }
        return new Activity(layers, t.steps(), net.options().discretisation().dt());
    }

    static double[] stats(float[] v) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double s = 0;
        for (float x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
            s += x;
        }
        double mean = s / v.length;
        double ss = 0;
        for (float x : v) {
            ss += (x - mean) * (x - mean);
        }
        return new double[]{min, max, mean, Math.sqrt(ss / v.length)};
    }

    /** A text histogram: one line per bin with its range, count and a bar. */
    static String histogram(float[] v, int bins, int width) {
        double[] st = stats(v);
        double lo = st[0];
        double w = (st[1] - st[0]) / bins;
        long[] c = new long[bins];
        for (float x : v) {
            c[Math.min(bins - 1, (int) ((x - lo) / w))]++;
        }
        long max = 1;
        for (long x : c) {
            max = Math.max(max, x);
        }
        StringBuilder sb = new StringBuilder();
        for (int b = 0; b < bins; b++) {
            sb.append(String.format(Locale.ROOT, "  [%10.4g, %10.4g) %7d %s%n", lo + b * w, lo + (b + 1) * w, c[b],
                    "#".repeat((int) Math.round((double) width * c[b] / max))));
        }
        return sb.toString();
    }
}
