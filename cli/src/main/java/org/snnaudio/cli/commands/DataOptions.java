package org.snnaudio.cli.commands;

import org.snnaudio.audio.data.DatasetConfig;
import org.snnaudio.audio.data.ShdReader;
import org.snnaudio.audio.data.Splits;
import org.snnaudio.cli.config.PipelineConfig;
import org.snnaudio.cli.data.DataSource;
import org.snnaudio.cli.data.LabelledData;
import org.snnaudio.core.SnnaudioException;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The data options shared by the commands: where the data are, their layout and how they are split. */
public final class DataOptions {
    @Option(names = "--data", description = "Data: a folder (class folders, FSDD, Speech Commands), a CSV manifest or an SHD .h5 file.")
    Path data;

    @Option(names = "--format", description = "Layout of --data: ${COMPLETION-CANDIDATES} (detected when unambiguous).",
            completionCandidates = Formats.class)
    String format;

    @Option(names = "--test-data", description = "A separate test set (same layouts as --data); then all of --data trains.")
    Path testData;

    @Option(names = "--split", description = "How --data is split: auto (the layout's official split, else stratified), "
            + "official, stratified, speaker, kfold (overrides the config's split.method).")
    String split;

    @Option(names = "--classes", split = ",", description = "Use only these classes (e.g. 0,4,7,9 for Talamo's task).")
    List<String> only;

    @Option(names = "--folds", description = "Folds for --split kfold.")
    Integer folds;

    @Option(names = "--val-fraction", description = "Share of the training part held out for validation.")
    Double valFraction;

    @Option(names = "--test-fraction", description = "Share held out for testing (stratified and speaker splits).")
    Double testFraction;

    /** Candidates for --format. */
    static final class Formats extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Formats() {
            super(DataSource.FORMATS);
        }
    }

    /** The three parts of a run's data and how they were made. */
    public record Parts(LabelledData train, LabelledData val, LabelledData test, String how) {
    }

    Path requireData() {
        if (data == null) {
            throw new SnnaudioException("give the data with --data PATH");
        }
        return data;
    }

    /** The config's split with this command line's overrides. */
    PipelineConfig.SplitConfig splitConfig(PipelineConfig c) {
        var s = c.split();
        return new PipelineConfig.SplitConfig(split != null ? split : s.method(), valFraction != null ? valFraction : s.valFraction(),
                testFraction != null ? testFraction : s.testFraction(), folds != null ? folds : s.folds(), s.seed());
    }

    /** The data with only the --classes classes (all when not given). */
    LabelledData restrict(LabelledData d) {
        if (only == null || only.isEmpty()) {
            return d;
        }
        if (!d.isAudio()) {
            throw new SnnaudioException("--classes applies to recordings, not to spike data");
        }
        for (String c : only) {
            if (!d.classes().contains(c)) {
                throw new SnnaudioException("--classes: '" + c + "' is not a class of " + data + " " + d.classes());
            }
        }
        List<String> keep = d.classes().stream().filter(only::contains).toList();
        return LabelledData.audio(d.items().stream().filter(i -> keep.contains(i.label())).toList(), keep);
    }

    /** Loads labelled data, keeping only {@code only} classes when given. */
    static LabelledData load(Path path, String format, PipelineConfig c, List<String> classes, List<String> only) {
        LabelledData d = load(path, format, c, classes);
        if (only == null || only.isEmpty() || !d.isAudio()) {
            return d;
        }
        return LabelledData.audio(d.items().stream().filter(i -> only.contains(i.label())).toList(), d.classes());
    }

    /** Loads labelled data from {@code path}; {@code classes} fixes the class list (null: from the data). */
    static LabelledData load(Path path, String format, PipelineConfig c, List<String> classes) {
        String f = format != null ? format : DataSource.detect(path);
        if (!DataSource.FORMATS.contains(f)) {
            throw new SnnaudioException("--format must be one of " + String.join(", ", DataSource.FORMATS) + ", got '" + f + "'");
        }
        if (f.equals("shd")) {
            var fe = c.frontend();
            if (!fe.type().equals("spikes")) {
                throw new SnnaudioException(path + ": SHD data are spikes; use a config with frontend.type: spikes (configs/shd.yaml)");
            }
            var d = ShdReader.read(new DatasetConfig.Shd(List.of(path), fe.steps(), fe.maxTime(), 700)).dataset();
            return LabelledData.spikes(d);
        }
        List<DataSource.Item> items = DataSource.list(path, f);
        return LabelledData.audio(items, classes != null ? classes : DataSource.classes(items));
    }

    /** Loads --data (and --test-data) and splits them into train, validation and test parts. */
    Parts parts(PipelineConfig c) {
        Path d = requireData();
        var s = splitConfig(c);
        LabelledData all = restrict(load(d, format, c, null));
        if (testData != null) {
            LabelledData test = load(testData, null, c, all.classes(), only);
            Parts p = holdOut(all, s, s.valFraction(), 0);
            return new Parts(p.train, p.val, test, "train on " + d + " (" + p.how + "), test on " + testData);
        }
        String method = s.method();
        if ((method.equals("auto") || method.equals("official")) && all.isAudio()) {
            boolean hasOfficial = all.items().stream().anyMatch(i -> i.part() == DataSource.Part.TEST);
            if (hasOfficial) {
                List<Integer> tr = new ArrayList<>();
                List<Integer> va = new ArrayList<>();
                List<Integer> te = new ArrayList<>();
                for (int i = 0; i < all.size(); i++) {
                    switch (all.items().get(i).part()) {
                        case TEST -> te.add(i);
                        case VALIDATION -> va.add(i);
                        default -> tr.add(i);
                    }
                }
                LabelledData train = all.subset(ints(tr));
                LabelledData test = all.subset(ints(te));
                if (!va.isEmpty()) {
                    return new Parts(train, all.subset(ints(va)), test, "the layout's official train/validation/test split");
                }
                Parts p = holdOut(train, s, s.valFraction(), 0);
                return new Parts(p.train, p.val, test, "the layout's official test split; validation " + p.how);
            }
            if (method.equals("official")) {
                throw new SnnaudioException(d + ": the layout has no official split; use --split stratified or speaker");
            }
        }
        if (method.equals("kfold")) {
            return new Parts(all, null, null, "stratified " + s.folds() + "-fold cross-validation");
        }
        Parts p = holdOut(all, s, s.valFraction() * (1 - s.testFraction()), s.testFraction());
        return p;
    }

    private static Parts holdOut(LabelledData all, PipelineConfig.SplitConfig s, double val, double test) {
        boolean speaker = s.method().equals("speaker");
        double[] fr = {1 - val - test, val, test};
        int[][] parts = speaker ? Splits.grouped(all.labels(), all.speakers(), fr, s.seed()) : Splits.stratified(all.labels(), fr, s.seed());
        for (int[] part : parts) {
            Arrays.sort(part); // the data's own order, so a part does not depend on how the split shuffled
        }
        String how = String.format(Locale.ROOT, "%s split %.0f/%.0f/%.0f %%", speaker ? "speaker-grouped" : "stratified",
                100 * fr[0], 100 * fr[1], 100 * fr[2]);
        return new Parts(all.subset(parts[0]), parts[1].length == 0 ? null : all.subset(parts[1]),
                parts[2].length == 0 ? null : all.subset(parts[2]), how);
    }

    private static int[] ints(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }
}
