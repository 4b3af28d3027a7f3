package org.snnaudio.cli.tune;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.snnaudio.audio.data.DatasetConfig;
import org.snnaudio.audio.data.ShdReader;
import org.snnaudio.cli.config.ConfigIO;
import org.snnaudio.cli.config.PipelineConfig;
import org.snnaudio.cli.data.DataSource;
import org.snnaudio.cli.data.LabelledData;
import org.snnaudio.core.io.AtomicFiles;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.hardware.target.HardwareTarget;
import org.snnaudio.hardware.target.Targets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * {@code snnaudio tune}: searches the hyperparameters named in a space file (grid, random or
 * Bayesian optimisation), scoring each trial by cross-validation, and writes the trials table, an
 * HTML report and the best config, ready for {@code snnaudio train}. Run the same command again to
 * resume an interrupted search.
 */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = "Hyperparameter search: writes OUT/trials.csv, OUT/trials.json, OUT/report.html and "
                + "OUT/best-config.yaml; the same command resumes an interrupted search.")
public final class TuneCommand implements Callable<Integer> {
    /** Name of the best config written into the output folder. */
    public static final String BEST_CONFIG = "best-config.yaml";

    @Option(names = "--config", required = true, description = "Base pipeline config (YAML or JSON).")
    Path config;

    @Option(names = "--space", required = true, description = "Search space file (YAML): parameters, metric, strategy, "
            + "trials, seed, validation; see docs/tuning.md.")
    Path space;

    @Option(names = "--data", required = true, description = "Data: a folder (class folders, FSDD, Speech Commands), "
            + "a CSV manifest or an SHD .h5 file (with a frontend.type: spikes config). A layout's official test part "
            + "is left out of the search.")
    Path data;

    @Option(names = "--format", description = "Layout of --data (detected when unambiguous): folder, fsdd, "
            + "speech-commands, csv, shd.")
    String format;

    @Option(names = "--out", required = true, description = "Output folder (holds the journal a resumed search reads).")
    Path out;

    @Option(names = "--strategy", description = "Override the space file's strategy: grid, random or bayes.")
    String strategy;

    @Option(names = "--trials", description = "Override the space file's number of trials (random, bayes); raising it "
            + "continues a finished search.")
    Integer trials;

    @Option(names = "--seed", description = "Override the space file's seed.")
    Long seed;

    @Option(names = "--max-per-class", description = "Use at most N recordings per class (a seeded subset), for quick searches.")
    Integer maxPerClass;

    @Option(names = "--cores", description = "Threads the search may use in all (default: all processors).")
    Integer cores;

    @Option(names = "--parallel", description = "Trials run at once (default: as many as the cores allow).")
    Integer parallel;

    @Option(names = "--threads-per-trial", description = "Training threads of each trial (default: the cores left per trial).")
    Integer threadsPerTrial;

    @Option(names = "--target", defaultValue = "digital-int8",
            description = "Hardware target pricing energy for the energy_aware metric (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--energy-samples", defaultValue = "32",
            description = "Validation samples simulated per fold for the energy estimate (default: ${DEFAULT-VALUE}).")
    int energySamples;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() {
        PrintStream so = System.out;
        TuneSpec spec = TuneSpecReader.read(space);
        spec = spec.with(strategy == null ? null : kind(strategy), trials, seed);
        ObjectNode base = readTree(config);
        ConfigIO.read(config); // fail on a bad base config before loading data

        LabelledData all = load(data, format, ConfigIO.read(config));
        LabelledData tuning = withoutTest(all, so);
        if (maxPerClass != null) {
            tuning = limitPerClass(tuning, maxPerClass, spec.seed());
        }
        LabelledData validationData = null;
        if (spec.validation() instanceof Validation.Holdout h && h.validationData() != null) {
            validationData = load(Path.of(h.validationData()), null, ConfigIO.read(config));
            if (validationData.isAudio()) {
                validationData = LabelledData.audio(validationData.items(), tuning.classes());
            }
        }
        HardwareTarget energyTarget = spec.metric() instanceof Metric.EnergyAware ? Targets.load(target) : null;
        if (energySamples < 1) {
            throw new SnnaudioException("--energy-samples must be >= 1, got " + energySamples);
        }
        Objective objective = new PipelineObjective(tuning, validationData, config.getFileName().toString(),
                energyTarget, energySamples);

        // Command-line overrides of strategy and seed make another search; the budget does not.
        String searchId = TuneSpecReader.sha256(spec.fingerprint() + "|" + spec.strategy() + "|" + spec.seed() + "|"
                + canonical(base) + "|" + describeData(tuning)
                + "|" + (energyTarget == null ? "" : target));
        Strategy strat = spec.createStrategy();
        final TuneSpec finalSpec = spec;
        ThreadBudget budget = ThreadBudget.resolve(cores, parallel, threadsPerTrial, strat.budget());
        TuneRunner runner = new TuneRunner(spec, base, config.getFileName().toString(), objective, out, budget, searchId)
                .onTrialEnd(r -> TuneReport.writeTables(out, finalSpec, r));
        if (!quiet) {
            runner.progress(System.err);
        }
        Journal.State before = Journal.read(out, searchId, spec.space(), spec.metric(), spec.aggregate());
        so.printf(Locale.ROOT, "snnaudio tune: %s search, %d trials, %s, %s on %s%n",
                spec.strategy().name().toLowerCase(Locale.ROOT), strat.budget(), spec.metric().label(),
                describe(spec.validation()), tuning.describe());
        so.printf(Locale.ROOT, "  %d trial(s) at once x %d training thread(s) each (of %d cores)%n", budget.parallel(),
                budget.threadsPerTrial(), budget.cores());
        if (!before.finished().isEmpty() || !before.inFlight().isEmpty()) {
            so.printf(Locale.ROOT, "  resuming: %d trial(s) finished, %d interrupted trial(s) run again%n",
                    before.finished().size(), before.inFlight().size());
        }
        List<TrialResult> results = runner.run();

        TuneReport.writeTables(out, spec, results);
        Map<String, String> header = new LinkedHashMap<>();
        header.put("config", config.toString());
        header.put("space", space.toString());
        header.put("data", data + " (" + tuning.describe() + ")");
        header.put("strategy", spec.strategy().name().toLowerCase(Locale.ROOT) + ", " + results.size() + " trials, seed "
                + spec.seed());
        header.put("metric", spec.metric().label() + " (" + spec.aggregate().name().toLowerCase(Locale.ROOT)
                + " over folds)");
        header.put("validation", describe(spec.validation()));
        header.put("threads", budget.parallel() + " trials x " + budget.threadsPerTrial() + " threads");
        header.put("search id", searchId);
        TuneReport.writeHtml(out, spec, results, header);
        var best = TuneRunner.best(results);
        if (best.isEmpty()) {
            so.println("no trial succeeded; see " + out.resolve(TuneReport.CSV) + " for the errors");
            return 1;
        }
        TrialResult b = best.get();
        ObjectNode bestTree = ConfigOverrides.apply(base, b.assignment(), config.getFileName().toString());
        PipelineConfig bestConfig = ConfigIO.parse(bestTree.toString(), config.getFileName() + " (best trial)");
        String yaml = String.format(Locale.ROOT, "# Best of %d trials of snnaudio tune (%s search, seed %d): trial %d, "
                        + "%s = %.4f (mean %.4f +- %.4f, median %.4f)%n# %s%n", results.size(),
                spec.strategy().name().toLowerCase(Locale.ROOT), spec.seed(), b.trial(), spec.metric().label(),
                b.objective(), b.mean(), b.std(), b.median(), b.assignment().key()) + ConfigIO.toYaml(bestConfig);
        AtomicFiles.writeString(out.resolve(BEST_CONFIG), yaml);
        so.printf(Locale.ROOT, "best: trial %d, %s = %.4f (mean %.4f +- %.4f, median %.4f)%n  %s%n", b.trial(),
                spec.metric().label(), b.objective(), b.mean(), b.std(), b.median(), b.assignment().key());
        long failed = results.stream().filter(r -> !r.ok()).count();
        if (failed > 0) {
            so.println("  " + failed + " trial(s) failed; their errors are in " + out.resolve(TuneReport.CSV));
        }
        so.println("wrote " + out.resolve(TuneReport.CSV) + ", " + out.resolve(TuneReport.JSON) + ", "
                + out.resolve(TuneReport.HTML) + ", " + out.resolve(BEST_CONFIG));
        return 0;
    }

    static TuneSpec.Kind kind(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "grid" -> TuneSpec.Kind.GRID;
            case "random" -> TuneSpec.Kind.RANDOM;
            case "bayes", "bayesian", "bo" -> TuneSpec.Kind.BAYES;
            default -> throw new SnnaudioException("--strategy must be grid, random or bayes, got '" + s + "'");
        };
    }

    static String describe(Validation v) {
        return switch (v) {
            case Validation.StratifiedKFold k -> "stratified " + k.k() + "-fold";
            case Validation.SpeakerKFold k -> "speaker-grouped " + k.k() + "-fold";
            case Validation.Holdout h -> h.validationData() != null ? "validation set " + h.validationData()
                    : String.format(Locale.ROOT, "stratified holdout of %.0f %%", 100 * h.fraction());
        };
    }

    static ObjectNode readTree(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new SnnaudioException(file + ": config file not found");
        } catch (IOException e) {
            throw new SnnaudioException(file + ": cannot read config file: " + e.getMessage(), e);
        }
        JsonNode n;
        try {
            n = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (JsonProcessingException e) {
            throw new SnnaudioException(file + ": not valid YAML/JSON: " + e.getOriginalMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new SnnaudioException(file + ": a pipeline config must be a mapping");
        }
        return (ObjectNode) n;
    }

    private static String canonical(JsonNode n) {
        return n.toString();
    }

    static LabelledData load(Path path, String format, PipelineConfig c) {
        String f = format != null ? format : DataSource.detect(path);
        if (!DataSource.FORMATS.contains(f)) {
            throw new SnnaudioException("--format must be one of " + String.join(", ", DataSource.FORMATS) + ", got '" + f
                    + "'");
        }
        if (f.equals("shd")) {
            var fe = c.frontend();
            if (!fe.type().equals("spikes")) {
                throw new SnnaudioException(path + ": SHD data are spikes; use a config with frontend.type: spikes "
                        + "(configs/shd.yaml)");
            }
            return LabelledData.spikes(ShdReader.read(new DatasetConfig.Shd(List.of(path), fe.steps(), fe.maxTime(), 700))
                    .dataset());
        }
        List<DataSource.Item> items = DataSource.list(path, f);
        return LabelledData.audio(items, DataSource.classes(items));
    }

    /** The data without a layout's official test part, which a search must never see. */
    static LabelledData withoutTest(LabelledData all, PrintStream so) {
        if (!all.isAudio()) {
            return all;
        }
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (all.items().get(i).part() != DataSource.Part.TEST) {
                keep.add(i);
            }
        }
        if (keep.size() == all.size()) {
            return all;
        }
        so.println("  leaving out the layout's " + (all.size() - keep.size()) + " test recordings");
        return all.subset(keep.stream().mapToInt(Integer::intValue).toArray());
    }

    /** At most {@code n} samples of each class, chosen with the seed. */
    static LabelledData limitPerClass(LabelledData d, int n, long seed) {
        if (n < 1) {
            throw new SnnaudioException("--max-per-class must be >= 1, got " + n);
        }
        int[] labels = d.labels();
        Integer[] order = new Integer[labels.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            Integer t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] count = new int[d.classes().size()];
        List<Integer> keep = new ArrayList<>();
        for (Integer i : order) {
            if (count[labels[i]]++ < n) {
                keep.add(i);
            }
        }
        keep.sort(Integer::compare);
        return d.subset(keep.stream().mapToInt(Integer::intValue).toArray());
    }

    private static String describeData(LabelledData d) {
        StringBuilder sb = new StringBuilder();
        if (!d.isAudio()) {
            sb.append("spikes|").append(d.size()).append('|').append(d.classes()).append('|')
                    .append(java.util.Arrays.toString(d.labels()));
            return TuneSpecReader.sha256(sb.toString());
        }
        for (DataSource.Item i : d.items()) {
            sb.append(i.file().toAbsolutePath()).append('|').append(i.label()).append('\n');
        }
        return TuneSpecReader.sha256(sb.toString());
    }
}
