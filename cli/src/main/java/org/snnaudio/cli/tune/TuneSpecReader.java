package org.snnaudio.cli.tune;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.snnaudio.core.SnnaudioException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a search-space file (YAML or JSON) into a {@link TuneSpec}; every problem is reported with
 * the file name and the key, e.g. {@code space.yaml: parameters.network.neuron.tau_mem.low must be a number}.
 */
public final class TuneSpecReader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TOP = Set.of("parameters", "metric", "strategy", "trials", "seed", "validation",
            "bayes");

    private final String source;

    private TuneSpecReader(String source) {
        this.source = source;
    }

    /** Reads and validates a space file. */
    public static TuneSpec read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new SnnaudioException(file + ": search space file not found");
        } catch (IOException e) {
            throw new SnnaudioException(file + ": cannot read search space file: " + e.getMessage(), e);
        }
        return parse(text, file.getFileName().toString());
    }

    /** Parses space-file text; {@code source} names it in messages. */
    public static TuneSpec parse(String text, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new SnnaudioException(source + ": not valid YAML/JSON" + where + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new SnnaudioException(source + ": search space file is empty");
        }
        if (!root.isObject()) {
            throw new SnnaudioException(source + ": expected a mapping with 'parameters', 'metric', ... at the top");
        }
        return new TuneSpecReader(source).spec((ObjectNode) root);
    }

    private SnnaudioException error(String key, String problem) {
        return new SnnaudioException(source + ": " + key + " " + problem);
    }

    private TuneSpec spec(ObjectNode root) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!TOP.contains(k)) {
                throw error(k, "is not a known key (known: " + String.join(", ", new java.util.TreeSet<>(TOP)) + ")");
            }
        }
        JsonNode params = root.get("parameters");
        if (params == null || !params.isObject() || params.isEmpty()) {
            throw error("parameters", "must be a mapping from config paths to parameter specs, e.g. "
                    + "'network.neuron.tau_mem: {type: log, low: 0.005, high: 0.1}'");
        }
        List<ParamSpec> specs = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            specs.add(param(e.getKey(), e.getValue()));
        }
        SearchSpace space;
        try {
            space = new SearchSpace(specs);
        } catch (SnnaudioException e) {
            throw new SnnaudioException(source + ": parameters: " + e.getMessage(), e);
        }

        Metric metric = new Metric.Accuracy();
        TrialResult.Aggregate aggregate = TrialResult.Aggregate.MEAN;
        JsonNode m = root.get("metric");
        if (m != null) {
            String name;
            if (m.isTextual()) {
                name = m.asText();
                m = YAML.createObjectNode();
            } else if (m.isObject()) {
                allowOnly("metric", m, Set.of("name", "lambda", "energy_unit", "aggregate"));
                name = text("metric.name", m.get("name"), null);
            } else {
                throw error("metric", "must be accuracy, auc, energy_aware or a mapping with 'name'");
            }
            metric = switch (name.toLowerCase(Locale.ROOT).replace('-', '_')) {
                case "accuracy" -> new Metric.Accuracy();
                case "auc" -> new Metric.Auc();
                case "energy_aware", "energy" -> {
                    double lambda = number("metric.lambda", m.get("lambda"), null);
                    String unit = text("metric.energy_unit", m.get("energy_unit"), "uJ");
                    try {
                        yield new Metric.EnergyAware(lambda, Metric.EnergyUnit.parse(unit));
                    } catch (SnnaudioException ex) {
                        throw new SnnaudioException(source + ": " + ex.getMessage(), ex);
                    }
                }
                default -> throw error("metric.name", "must be accuracy, auc or energy_aware, got '" + name + "'");
            };
            String agg = text("metric.aggregate", m.get("aggregate"), "mean");
            aggregate = switch (agg.toLowerCase(Locale.ROOT)) {
                case "mean" -> TrialResult.Aggregate.MEAN;
                case "median" -> TrialResult.Aggregate.MEDIAN;
                default -> throw error("metric.aggregate", "must be mean or median, got '" + agg + "'");
            };
        }

        String strat = text("strategy", root.get("strategy"), "bayes");
        TuneSpec.Kind kind = switch (strat.toLowerCase(Locale.ROOT)) {
            case "grid" -> TuneSpec.Kind.GRID;
            case "random" -> TuneSpec.Kind.RANDOM;
            case "bayes", "bayesian", "bo" -> TuneSpec.Kind.BAYES;
            default -> throw error("strategy", "must be grid, random or bayes, got '" + strat + "'");
        };
        int trials = integer("trials", root.get("trials"), 20);
        if (trials < 1) {
            throw error("trials", "must be >= 1, got " + trials);
        }
        long seed = (long) number("seed", root.get("seed"), 1.0);

        Validation validation = validation(root.get("validation"));

        TuneSpec.BayesSettings bayes = TuneSpec.BayesSettings.defaults();
        JsonNode b = root.get("bayes");
        if (b != null) {
            if (!b.isObject()) {
                throw error("bayes", "must be a mapping (initial, candidates, xi, restarts)");
            }
            allowOnly("bayes", b, Set.of("initial", "candidates", "xi", "restarts"));
            bayes = new TuneSpec.BayesSettings(integer("bayes.initial", b.get("initial"), 0),
                    integer("bayes.candidates", b.get("candidates"), 2000), number("bayes.xi", b.get("xi"), 0.01),
                    integer("bayes.restarts", b.get("restarts"), 3));
            if (bayes.initial() < 0) {
                throw error("bayes.initial", "must be >= 0 (0: automatic), got " + bayes.initial());
            }
            if (bayes.candidates() < 10) {
                throw error("bayes.candidates", "must be >= 10, got " + bayes.candidates());
            }
            if (!(bayes.xi() >= 0)) {
                throw error("bayes.xi", "must be >= 0, got " + bayes.xi());
            }
            if (bayes.restarts() < 0) {
                throw error("bayes.restarts", "must be >= 0, got " + bayes.restarts());
            }
        }
        if (kind == TuneSpec.Kind.GRID && space.gridSize() > GridSearch.MAX_POINTS) {
            throw error("parameters", "span a grid of " + space.gridSize() + " points, more than "
                    + GridSearch.MAX_POINTS);
        }
        ObjectNode forPrint = root.deepCopy();
        forPrint.remove("trials");
        JsonNode v = root.get("validation");
        long validationSeed = v != null && v.isObject() ? (long) number("validation.seed", v.get("seed"), 1.0) : 1;
        return new TuneSpec(space, metric, aggregate, kind, trials, seed, validation, validationSeed, bayes,
                sha256(forPrint.toString()));
    }

    private Validation validation(JsonNode v) {
        if (v == null) {
            return new Validation.StratifiedKFold(3);
        }
        String scheme;
        JsonNode node = v;
        if (v.isTextual()) {
            scheme = v.asText();
            node = YAML.createObjectNode();
        } else if (v.isObject()) {
            allowOnly("validation", v, Set.of("scheme", "folds", "fraction", "data", "seed"));
            scheme = text("validation.scheme", v.get("scheme"), "stratified_kfold");
        } else {
            throw error("validation", "must be stratified_kfold, speaker_kfold, holdout or a mapping with 'scheme'");
        }
        try {
            return switch (scheme.toLowerCase(Locale.ROOT).replace('-', '_')) {
                case "stratified_kfold", "kfold" -> new Validation.StratifiedKFold(integer("validation.folds",
                        node.get("folds"), 3));
                case "speaker_kfold", "group_kfold" -> new Validation.SpeakerKFold(integer("validation.folds",
                        node.get("folds"), 3));
                case "holdout" -> new Validation.Holdout(number("validation.fraction", node.get("fraction"), 0.2),
                        node.has("data") ? text("validation.data", node.get("data"), null) : null);
                default -> throw error("validation.scheme",
                        "must be stratified_kfold, speaker_kfold or holdout, got '" + scheme + "'");
            };
        } catch (SnnaudioException e) {
            if (e.getMessage().startsWith(source)) {
                throw e;
            }
            throw new SnnaudioException(source + ": " + e.getMessage(), e);
        }
    }

    private ParamSpec param(String path, JsonNode n) {
        String key = "parameters." + path;
        if (!n.isObject()) {
            throw error(key, "must be a mapping with 'type' (float, log, int or categorical)");
        }
        allowOnly(key, n, Set.of("type", "low", "high", "log", "grid", "values"));
        String type = text(key + ".type", n.get("type"), null).toLowerCase(Locale.ROOT);
        JsonNode values = n.get("values");
        if (values != null && (!values.isArray() || values.isEmpty())) {
            throw error(key + ".values", "must be a non-empty list");
        }
        try {
            switch (type) {
                case "float", "continuous", "uniform", "log", "log-uniform", "loguniform", "log_uniform" -> {
                    boolean log = type.startsWith("log") || bool(key + ".log", n.get("log"), false);
                    List<Double> grid = new ArrayList<>();
                    if (values != null) {
                        for (int i = 0; i < values.size(); i++) {
                            grid.add(number(key + ".values[" + i + "]", values.get(i), null));
                        }
                    }
                    Double lo = n.has("low") ? Double.valueOf(number(key + ".low", n.get("low"), null))
                            : grid.isEmpty() ? null : grid.stream().min(Double::compare).orElseThrow();
                    Double hi = n.has("high") ? Double.valueOf(number(key + ".high", n.get("high"), null))
                            : grid.isEmpty() ? null : grid.stream().max(Double::compare).orElseThrow();
                    if (lo == null || hi == null) {
                        throw error(key, "needs low and high (or a list of values)");
                    }
                    return new ParamSpec.Continuous(path, lo, hi, log, integer(key + ".grid", n.get("grid"), 5), grid);
                }
                case "int", "integer" -> {
                    List<Integer> grid = new ArrayList<>();
                    if (values != null) {
                        for (int i = 0; i < values.size(); i++) {
                            grid.add(integer(key + ".values[" + i + "]", values.get(i), null));
                        }
                    }
                    Integer lo = n.has("low") ? Integer.valueOf(integer(key + ".low", n.get("low"), null))
                            : grid.isEmpty() ? null : grid.stream().min(Integer::compare).orElseThrow();
                    Integer hi = n.has("high") ? Integer.valueOf(integer(key + ".high", n.get("high"), null))
                            : grid.isEmpty() ? null : grid.stream().max(Integer::compare).orElseThrow();
                    if (lo == null || hi == null) {
                        throw error(key, "needs low and high (or a list of values)");
                    }
                    return new ParamSpec.IntRange(path, lo, hi, bool(key + ".log", n.get("log"), false),
                            integer(key + ".grid", n.get("grid"), 5), grid);
                }
                case "categorical", "choice" -> {
                    if (values == null) {
                        throw error(key + ".values", "is required for a categorical parameter");
                    }
                    for (String k : List.of("low", "high", "log", "grid")) {
                        if (n.has(k)) {
                            throw error(key + "." + k, "does not apply to a categorical parameter");
                        }
                    }
                    List<Object> choices = new ArrayList<>();
                    for (int i = 0; i < values.size(); i++) {
                        JsonNode c = values.get(i);
                        if (c.isInt()) {
                            choices.add(c.intValue());
                        } else if (c.isNumber()) {
                            choices.add(c.doubleValue());
                        } else if (c.isBoolean()) {
                            choices.add(c.booleanValue());
                        } else if (c.isTextual()) {
                            choices.add(c.textValue());
                        } else {
                            throw error(key + ".values[" + i + "]", "must be a string, number or true/false");
                        }
                    }
                    return new ParamSpec.Categorical(path, choices);
                }
                default -> throw error(key + ".type", "must be float, log, int or categorical, got '" + type + "'");
            }
        } catch (SnnaudioException e) {
            if (e.getMessage().startsWith(source + ":")) {
                throw e;
            }
            // The spec records name the path; point at the file and the section.
            throw new SnnaudioException(source + ": parameters." + e.getMessage(), e);
        }
    }

    private void allowOnly(String key, JsonNode n, Set<String> allowed) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw error(key + "." + k, "is not a known key (known: " + String.join(", ",
                        new java.util.TreeSet<>(allowed)) + ")");
            }
        }
    }

    private String text(String key, JsonNode n, String dflt) {
        if (n == null || n.isNull()) {
            if (dflt == null) {
                throw error(key, "is required");
            }
            return dflt;
        }
        if (!n.isTextual()) {
            throw error(key, "must be a string, got " + n);
        }
        return n.asText();
    }

    private double number(String key, JsonNode n, Double dflt) {
        if (n == null || n.isNull()) {
            if (dflt == null) {
                throw error(key, "is required");
            }
            return dflt;
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isTextual()) {
            try {
                // YAML 1.1 readers leave '1e-3' (no dot) as a string; accept it as the number it means.
                return Double.parseDouble(n.asText().trim());
            } catch (NumberFormatException e) {
                throw error(key, "must be a number, got '" + n.asText() + "'");
            }
        }
        throw error(key, "must be a number, got " + n);
    }

    private int integer(String key, JsonNode n, Integer dflt) {
        if (n == null || n.isNull()) {
            if (dflt == null) {
                throw error(key, "is required");
            }
            return dflt;
        }
        if (n.isIntegralNumber() && n.canConvertToInt()) {
            return n.intValue();
        }
        if (n.isNumber() && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < Integer.MAX_VALUE) {
            return (int) n.doubleValue();
        }
        throw error(key, "must be an integer, got " + (n.isTextual() ? "'" + n.asText() + "'" : n.toString()));
    }

    private boolean bool(String key, JsonNode n, boolean dflt) {
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isBoolean()) {
            throw error(key, "must be true or false, got " + n);
        }
        return n.booleanValue();
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
