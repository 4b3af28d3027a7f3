package org.snnaudio.cli.config;

import org.snnaudio.cli.config.PipelineConfig.LayerConfig;
import org.snnaudio.cli.config.PipelineConfig.NeuronConfig;
import org.snnaudio.core.SnnaudioException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a {@link PipelineConfig} and reports every problem at once, each as
 * {@code file: key must be ..., got ...}.
 */
public final class ConfigValidator {
    private final String source;
    private final List<String> errors = new ArrayList<>();

    private ConfigValidator(String source) {
        this.source = source;
    }

    /** Throws a {@link SnnaudioException} listing all problems of {@code c}; {@code source} names the file. */
    public static void validate(PipelineConfig c, String source) {
        ConfigValidator v = new ConfigValidator(source);
        v.check(c);
        if (!v.errors.isEmpty()) {
            throw new SnnaudioException(String.join("; ", v.errors));
        }
    }

    /** All problems of {@code c}, empty when it is valid. */
    public static List<String> problems(PipelineConfig c, String source) {
        ConfigValidator v = new ConfigValidator(source);
        v.check(c);
        return List.copyOf(v.errors);
    }

    private void check(PipelineConfig c) {
        oneOf("task", c.task(), PipelineConfig.TASKS);
        oneOf("decoder", c.decoder(), PipelineConfig.DECODERS);

        var a = c.audio();
        positive("audio.sample_rate", a.sampleRate());
        atLeast("audio.duration", a.duration(), 0, "s");
        oneOf("audio.align", a.align(), List.of("centre", "center", "start"));
        oneOf("audio.normalise", a.normalise(), List.of("none", "peak", "rms"));
        positive("audio.gain", a.gain());

        var f = c.frontend();
        oneOf("frontend.type", f.type(), PipelineConfig.FrontendConfig.TYPES);
        switch (f.type()) {
            case "stft", "mel", "mfcc" -> {
                positive("frontend.n_fft", f.nFft());
                positive("frontend.hop", f.hop());
                oneOf("frontend.window", f.window(), List.of("hann", "hamming"));
                if (!f.type().equals("stft")) {
                    positive("frontend.n_mels", f.nMels());
                }
                if (f.type().equals("mfcc")) {
                    positive("frontend.n_mfcc", f.nMfcc());
                    if (f.nMfcc() > f.nMels()) {
                        errors.add(source + ": frontend.n_mfcc must be <= frontend.n_mels (" + f.nMels() + "), got " + f.nMfcc());
                    }
                }
            }
            case "filterbank", "gammatone" -> {
                positive("frontend.channels", f.channels());
                positive("frontend.frame", f.frame(), "s");
            }
            case "spikes" -> {
                positive("frontend.steps", f.steps());
                positive("frontend.max_time", f.maxTime(), "s");
            }
            default -> {
            }
        }
        atLeast("frontend.f_min", f.fMin(), 0, "Hz");
        atLeast("frontend.f_max", f.fMax(), 0, "Hz");
        atLeast("frontend.top_db", f.topDb(), 0, "dB");
        if (f.topDb() > 0 && !(f.type().equals("mfcc") || (f.type().equals("mel") && f.log()))) {
            errors.add(source + ": frontend.top_db applies to dB features (frontend.type mfcc, or mel with log: true), "
                    + "got top_db " + f.topDb() + " with frontend '" + f.type() + "'" + (f.type().equals("mel") ? " and log: false" : ""));
        }
        if (f.fMax() > 0 && f.fMax() <= f.fMin()) {
            errors.add(source + ": frontend.f_max must be > frontend.f_min (" + f.fMin() + " Hz), got " + f.fMax());
        }
        if (f.fMax() > a.sampleRate() / 2.0 && !f.type().equals("filterbank") && !f.type().equals("spikes")) {
            errors.add(source + ": frontend.f_max must be <= Nyquist (" + a.sampleRate() / 2.0 + " Hz), got " + f.fMax());
        }

        var e = c.encoder();
        oneOf("encoder.type", e.type(), PipelineConfig.EncoderConfig.TYPES);
        positive("encoder.threshold", e.threshold());
        positive("encoder.gain", e.gain());
        positive("encoder.steps_per_frame", e.stepsPerFrame());
        if (e.deltas() < 0 || e.deltas() > 2) {
            errors.add(source + ": encoder.deltas must be 0, 1 or 2, got " + e.deltas());
        }
        if (e.type().equals("none") && (e.meanNorm() || e.varNorm() || e.deltas() > 0)) {
            errors.add(source + ": encoder.mean_norm, var_norm and deltas process audio features; spike data (encoder.type "
                    + "none) take none of them");
        }
        if (f.type().equals("spikes") != e.type().equals("none")) {
            errors.add(source + ": encoder.type must be 'none' exactly when frontend.type is 'spikes', got encoder '"
                    + e.type() + "' with frontend '" + f.type() + "'");
        }

        var n = c.network();
        positive("network.dt", n.dt(), "s");
        if (n.hidden() != null && n.layers() != null) {
            errors.add(source + ": network.hidden and network.layers must not both be given");
        }
        if (n.hidden() != null) {
            if (n.hidden().isEmpty()) {
                errors.add(source + ": network.hidden must list at least one layer size");
            }
            for (int i = 0; i < n.hidden().size(); i++) {
                positive(n.hidden().size() == 1 ? "network.hidden" : "network.hidden[" + i + "]", n.hidden().get(i));
            }
        }
        neuron("network.neuron", n.neuron());
        if (n.layers() != null) {
            if (n.layers().isEmpty()) {
                errors.add(source + ": network.layers must list at least one layer");
            }
            Set<String> names = new HashSet<>();
            for (int i = 0; i < n.layers().size(); i++) {
                LayerConfig l = n.layers().get(i);
                String p = "network.layers[" + i + "]";
                if (l.name() == null || l.name().isBlank()) {
                    errors.add(source + ": " + p + ".name must be given");
                } else if (!l.name().matches("[A-Za-z][A-Za-z0-9_]*")) {
                    errors.add(source + ": " + p + ".name must be a letter then letters, digits or _, got '" + l.name() + "'");
                } else if (!names.add(l.name()) || l.name().equals("readout")) {
                    errors.add(source + ": " + p + ".name must be unique (and not 'readout'), got '" + l.name() + "'");
                }
                oneOf(p + ".type", l.type(), LayerConfig.TYPES);
                if (l.type().equals("diagonal")) {
                    atLeast(p + ".size", l.size(), 0, "");
                } else {
                    positive(p + ".size", l.size());
                }
                neuron(p + ".neuron", l.neuron());
                if (l.init() != null) {
                    init(p + ".init", l.init());
                }
            }
        }
        var r = n.readout();
        oneOf("network.readout.neuron", r.neuron(), PipelineConfig.ReadoutConfig.NEURONS);
        positive("network.readout.tau_mem", r.tauMem(), "s");
        positive("network.readout.tau_syn", r.tauSyn(), "s");
        positive("network.readout.threshold", r.threshold());
        oneOf("network.surrogate.type", n.surrogate().type(), PipelineConfig.SurrogateConfig.TYPES);
        positive("network.surrogate.slope", n.surrogate().slope());
        init("network.init", n.init());
        boolean spikingReadout = r.neuron().equals("lif");
        if (!spikingReadout && (c.decoder().equals("max-rate") || c.decoder().equals("first-spike"))) {
            errors.add(source + ": decoder '" + c.decoder() + "' needs a spiking readout (network.readout.neuron: lif), got '"
                    + r.neuron() + "'");
        }

        oneOf("loss.type", c.loss().type(), PipelineConfig.LossConfig.TYPES);
        boolean knownLoss = PipelineConfig.LossConfig.TYPES.contains(c.loss().type());
        if (knownLoss && c.decoder().equals("max-rate") && !c.loss().type().equals("spike-count") && spikingReadout) {
            errors.add(source + ": decoder 'max-rate' decodes output spike counts, so loss.type must be 'spike-count', got '"
                    + c.loss().type() + "'");
        }
        if (knownLoss && c.decoder().equals("max-membrane") && c.loss().type().equals("spike-count")) {
            errors.add(source + ": decoder 'max-membrane' needs a membrane loss (max-membrane, mean-membrane, sum-exp, "
                    + "last-membrane) on a non-spiking readout, got loss.type 'spike-count'");
        }
        atLeast("loss.tau", c.loss().tau(), 0, "s");
        if (!spikingReadout && c.loss().type().equals("spike-count")) {
            errors.add(source + ": loss.type 'spike-count' needs a spiking readout (network.readout.neuron: lif), got '"
                    + r.neuron() + "'");
        }
        for (int i = 0; i < c.regularisers().size(); i++) {
            var g = c.regularisers().get(i);
            String p = "regularisers[" + i + "]";
            if (g.type() == null) {
                errors.add(source + ": " + p + ".type must be given, one of " + PipelineConfig.RegulariserConfig.TYPES);
            } else {
                oneOf(p + ".type", g.type(), PipelineConfig.RegulariserConfig.TYPES);
            }
            atLeast(p + ".weight", g.weight(), 0, "");
            if (g.target() < 0 || g.target() > 1) {
                errors.add(source + ": " + p + ".target must be a spike probability in [0, 1], got " + g.target());
            }
        }

        var t = c.training();
        positive("training.epochs", t.epochs());
        positive("training.batch_size", t.batchSize());
        oneOf("training.optimizer.type", t.optimizer().type(), PipelineConfig.OptimizerConfig.TYPES);
        positive("training.optimizer.lr", t.optimizer().lr());
        fraction("training.optimizer.beta1", t.optimizer().beta1());
        fraction("training.optimizer.beta2", t.optimizer().beta2());
        atLeast("training.optimizer.momentum", t.optimizer().momentum(), 0, "");
        atLeast("training.optimizer.weight_decay", t.optimizer().weightDecay(), 0, "");
        oneOf("training.schedule.type", t.schedule().type(), PipelineConfig.ScheduleConfig.TYPES);
        positive("training.schedule.step_size", t.schedule().stepSize());
        if (!(t.schedule().gamma() > 0 && t.schedule().gamma() <= 1)) {
            errors.add(source + ": training.schedule.gamma must be in (0, 1], got " + t.schedule().gamma());
        }
        atLeast("training.clip_norm", t.clipNorm(), 0, "");
        atLeast("training.threads", t.threads(), 0);
        atLeast("training.patience", t.patience(), 0);
        if (t.ensemble() < 1 || t.ensemble() > PipelineConfig.TrainingConfig.MAX_ENSEMBLE) {
            errors.add(source + ": training.ensemble must be a number of networks from 1 to "
                    + PipelineConfig.TrainingConfig.MAX_ENSEMBLE + ", got " + t.ensemble());
        }
        if (t.target() != null) {
            try {
                org.snnaudio.hardware.target.Targets.load(t.target());
            } catch (org.snnaudio.core.SnnaudioException bad) {
                errors.add(source + ": training.target: " + bad.getMessage());
            }
        }
        for (int i = 0; i < t.groups().size(); i++) {
            var g = t.groups().get(i);
            String p = "training.groups[" + i + "]";
            if (g.params() == null || g.params().isBlank()) {
                errors.add(source + ": " + p + ".params must be a glob on parameter names, e.g. 'frontend.*'");
            }
            if (g.lr() != null) {
                positive(p + ".lr", g.lr());
            }
            positive(p + ".lr_scale", g.lrScale());
        }

        var s = c.split();
        oneOf("split.method", s.method(), PipelineConfig.SplitConfig.METHODS);
        if (!(s.valFraction() >= 0 && s.valFraction() < 1)) {
            errors.add(source + ": split.val_fraction must be in [0, 1), got " + s.valFraction());
        }
        if (!(s.testFraction() >= 0 && s.testFraction() < 1)) {
            errors.add(source + ": split.test_fraction must be in [0, 1), got " + s.testFraction());
        }
        if (s.valFraction() + s.testFraction() >= 1) {
            errors.add(source + ": split.val_fraction + split.test_fraction must be < 1, got "
                    + (s.valFraction() + s.testFraction()));
        }
        if (s.folds() < 2) {
            errors.add(source + ": split.folds must be >= 2, got " + s.folds());
        }
    }

    private void neuron(String p, NeuronConfig n) {
        oneOf(p + ".model", n.model(), NeuronConfig.MODELS);
        positive(p + ".tau_mem", n.tauMem(), "s");
        positive(p + ".tau_syn", n.tauSyn(), "s");
        positive(p + ".threshold", n.threshold());
        oneOf(p + ".reset", n.reset(), List.of("subtract", "zero"));
        positive(p + ".tau_adapt", n.tauAdapt(), "s");
        atLeast(p + ".beta_adapt", n.betaAdapt(), 0, "");
    }

    private void init(String p, PipelineConfig.InitConfig i) {
        oneOf(p + ".type", i.type(), PipelineConfig.InitConfig.TYPES);
        positive(p + ".gain", i.gain());
        atLeast(p + ".std", i.std(), 0, "");
        if (!(i.high() > i.low())) {
            errors.add(source + ": " + p + ".high must be > " + p + ".low (" + i.low() + "), got " + i.high());
        }
    }

    private void oneOf(String key, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            errors.add(source + ": " + key + " must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
        }
    }

    private void positive(String key, int v) {
        if (v <= 0) {
            errors.add(source + ": " + key + " must be > 0, got " + v);
        }
    }

    private void positive(String key, double v) {
        positive(key, v, "");
    }

    private void positive(String key, double v, String unit) {
        if (!(v > 0) || !Double.isFinite(v)) {
            errors.add(source + ": " + key + " must be > 0" + (unit.isEmpty() ? "" : " " + unit) + ", got " + v);
        }
    }

    private void atLeast(String key, double v, double min, String unit) {
        if (!(v >= min) || !Double.isFinite(v)) {
            errors.add(source + ": " + key + " must be >= " + fmt(min) + (unit.isEmpty() ? "" : " " + unit) + ", got " + v);
        }
    }

    private void atLeast(String key, int v, int min) {
        if (v < min) {
            errors.add(source + ": " + key + " must be >= " + min + ", got " + v);
        }
    }

    private void fraction(String key, double v) {
        if (!(v >= 0 && v < 1)) {
            errors.add(source + ": " + key + " must be in [0, 1), got " + v);
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
