package org.snnaudio.cli.tune;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.snnaudio.core.SnnaudioException;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The append-only record of a search ({@code journal.jsonl}): a header naming the search, then one
 * line when a trial starts (its values) and one when it ends (its fold scores). Each line is one
 * write followed by a flush to disk, so a kill leaves at most one torn last line, which reading
 * drops. A trial that started but never ended was in flight at the kill and is run again, once.
 */
final class Journal implements Closeable {
    static final String FILE = "journal.jsonl";
    private static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final FileChannel channel;

    /** What a journal holds: finished trials, trials in flight at the interruption, the next trial number. */
    record State(Map<Integer, TrialResult> finished, Map<Integer, Assignment> inFlight, int nextTrial) {
    }

    private Journal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /**
     * Opens the journal in {@code dir}, creating it with a header for {@code searchId} or checking
     * that an existing one belongs to the same search.
     */
    static Journal open(Path dir, String searchId) {
        Path file = dir.resolve(FILE);
        try {
            Files.createDirectories(dir);
            boolean fresh = !Files.exists(file) || Files.size(file) == 0;
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            Journal j = new Journal(file, ch);
            if (fresh) {
                ObjectNode h = JSON.createObjectNode();
                h.put("type", "header");
                h.put("format", FORMAT);
                h.put("search", searchId);
                h.put("created", Instant.now().toString());
                j.append(h);
            }
            return j;
        } catch (IOException e) {
            throw new SnnaudioException(file + ": cannot open the search journal: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the journal in {@code dir} (an absent one is empty), dropping and cutting off a torn
     * last line. Fold scores are re-scored with {@code metric} so the results match the search.
     */
    static State read(Path dir, String searchId, SearchSpace space, Metric metric, TrialResult.Aggregate aggregate) {
        Path file = dir.resolve(FILE);
        Map<Integer, TrialResult> finished = new TreeMap<>();
        Map<Integer, Assignment> inFlight = new TreeMap<>();
        int next = 0;
        if (!Files.exists(file)) {
            return new State(finished, inFlight, 0);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SnnaudioException(file + ": cannot read the search journal: " + e.getMessage(), e);
        }
        int lastNewline = -1;
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                lastNewline = i;
                break;
            }
        }
        if (lastNewline < bytes.length - 1) {
            // A line without its newline was cut short by a kill: the event it records did not happen.
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(lastNewline + 1);
                ch.force(true);
            } catch (IOException e) {
                throw new SnnaudioException(file + ": cannot repair the torn last line: " + e.getMessage(), e);
            }
        }
        String text = new String(bytes, 0, lastNewline + 1, StandardCharsets.UTF_8);
        String[] lines = text.isEmpty() ? new String[0] : text.split("\n");
        for (int ln = 0; ln < lines.length; ln++) {
            JsonNode n;
            try {
                n = JSON.readTree(lines[ln]);
            } catch (JsonProcessingException e) {
                throw new SnnaudioException(file + ": line " + (ln + 1) + " is not valid JSON; the journal is corrupt");
            }
            String type = n.path("type").asText();
            if (ln == 0) {
                if (!"header".equals(type)) {
                    throw new SnnaudioException(file + ": the first line is not a journal header");
                }
                if (n.path("format").asInt() != FORMAT) {
                    throw new SnnaudioException(file + ": journal format " + n.path("format").asInt()
                            + " is not supported (expected " + FORMAT + ")");
                }
                if (!searchId.equals(n.path("search").asText())) {
                    throw new SnnaudioException(file + ": this folder holds another search (different space file, "
                            + "config or data); use another --out folder");
                }
                continue;
            }
            int trial = n.path("trial").asInt(-1);
            if (trial < 0) {
                throw new SnnaudioException(file + ": line " + (ln + 1) + " has no trial number");
            }
            Assignment a = assignment(n.path("values"), space, file, ln + 1);
            next = Math.max(next, trial + 1);
            switch (type) {
                case "start" -> {
                    if (!finished.containsKey(trial)) {
                        inFlight.put(trial, a);
                    }
                }
                case "end" -> {
                    inFlight.remove(trial);
                    finished.put(trial, result(n, trial, a, metric, aggregate));
                }
                default -> throw new SnnaudioException(file + ": line " + (ln + 1) + " has unknown type '" + type + "'");
            }
        }
        return new State(finished, inFlight, next);
    }

    private static Assignment assignment(JsonNode v, SearchSpace space, Path file, int line) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParamSpec p : space.params()) {
            JsonNode x = v.get(p.path());
            if (x == null) {
                throw new SnnaudioException(file + ": line " + line + " has no value for " + p.path()
                        + "; the space file changed since the journal was written");
            }
            values.put(p.path(), switch (p) {
                case ParamSpec.Continuous c -> x.doubleValue();
                case ParamSpec.IntRange r -> x.intValue();
                case ParamSpec.Categorical c -> c.choices().get(c.indexOf(x.isInt() ? (Object) x.intValue()
                        : x.isNumber() ? (Object) x.doubleValue() : x.isBoolean() ? (Object) x.booleanValue() : x.asText()));
            });
        }
        return new Assignment(values);
    }

    private static TrialResult result(JsonNode n, int trial, Assignment a, Metric metric, TrialResult.Aggregate agg) {
        double seconds = n.path("seconds").asDouble();
        if (n.hasNonNull("error")) {
            return TrialResult.failed(trial, a, n.get("error").asText(), seconds);
        }
        List<FoldScore> folds = new ArrayList<>();
        for (JsonNode f : n.path("folds")) {
            Map<String, Double> m = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = f.path("metrics").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), e.getValue().isNumber() ? e.getValue().doubleValue() : Double.NaN);
            }
            folds.add(new FoldScore(f.path("fold").asInt(), m));
        }
        try {
            return TrialResult.of(trial, a, folds, metric, agg, seconds);
        } catch (SnnaudioException e) {
            return TrialResult.failed(trial, a, e.getMessage(), seconds);
        }
    }

    /** Records that {@code trial} starts with values {@code a}. */
    synchronized void started(int trial, Assignment a) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "start");
        n.put("trial", trial);
        n.set("values", values(a));
        n.put("time", Instant.now().toString());
        append(n);
    }

    /** Records the outcome of a trial. */
    synchronized void ended(TrialResult r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "end");
        n.put("trial", r.trial());
        n.set("values", values(r.assignment()));
        ArrayNode folds = n.putArray("folds");
        for (FoldScore f : r.folds()) {
            ObjectNode fo = folds.addObject();
            fo.put("fold", f.fold());
            ObjectNode m = fo.putObject("metrics");
            f.metrics().forEach((k, v) -> {
                if (Double.isFinite(v)) {
                    m.put(k, v);
                } else {
                    m.putNull(k);
                }
            });
        }
        n.put("seconds", r.seconds());
        if (r.error() != null) {
            n.put("error", r.error());
        }
        n.put("time", Instant.now().toString());
        append(n);
    }

    static ObjectNode values(Assignment a) {
        ObjectNode v = JSON.createObjectNode();
        a.values().forEach((k, x) -> v.set(k, ConfigOverrides.toNode(x)));
        return v;
    }

    private void append(ObjectNode n) {
        byte[] line = (n.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new SnnaudioException(file + ": cannot append to the search journal: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new SnnaudioException(file + ": cannot close the search journal: " + e.getMessage(), e);
        }
    }
}
