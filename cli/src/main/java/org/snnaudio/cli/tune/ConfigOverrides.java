package org.snnaudio.cli.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.snnaudio.core.SnnaudioException;

import java.util.Map;

/**
 * Applies a trial's values to a pipeline config tree: each dotted path ({@code network.neuron.tau_mem},
 * {@code network.hidden.0} for the first element of a list) is set, creating missing sections.
 * Working on the tree keeps tuning independent of the config classes; whether a path names a real
 * setting is checked by parsing the result ({@link Objective#check}).
 */
public final class ConfigOverrides {
    private ConfigOverrides() {
    }

    /** A deep copy of {@code base} with the values of {@code a} set; {@code source} names the config in errors. */
    public static ObjectNode apply(ObjectNode base, Assignment a, String source) {
        ObjectNode out = base.deepCopy();
        for (Map.Entry<String, Object> e : a.values().entrySet()) {
            set(out, e.getKey(), e.getValue(), source);
        }
        return out;
    }

    static void set(ObjectNode root, String path, Object value, String source) {
        String[] parts = path.split("\\.", -1);
        for (String p : parts) {
            if (p.isEmpty()) {
                throw new SnnaudioException(source + ": parameter path '" + path + "' has an empty part");
            }
        }
        JsonNode node = root;
        StringBuilder at = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            String p = parts[i];
            at.append(at.isEmpty() ? "" : ".").append(p);
            JsonNode next;
            if (node instanceof ObjectNode o) {
                next = o.get(p);
                if (next == null || next.isNull()) {
                    next = o.putObject(p);
                }
            } else if (node instanceof ArrayNode arr) {
                next = arr.get(index(p, arr, path, source));
            } else {
                throw new SnnaudioException(source + ": cannot set " + path + ": " + at + " is a value, not a section");
            }
            if (!next.isContainerNode()) {
                throw new SnnaudioException(source + ": cannot set " + path + ": " + at + " is "
                        + describe(next) + ", not a section");
            }
            node = next;
        }
        String last = parts[parts.length - 1];
        JsonNode v = toNode(value);
        if (node instanceof ObjectNode o) {
            o.set(last, v);
        } else if (node instanceof ArrayNode arr) {
            arr.set(index(last, arr, path, source), v);
        }
    }

    private static int index(String p, ArrayNode arr, String path, String source) {
        int i;
        try {
            i = Integer.parseInt(p);
        } catch (NumberFormatException e) {
            throw new SnnaudioException(source + ": cannot set " + path + ": '" + p + "' must be a list index (0.."
                    + (arr.size() - 1) + ")");
        }
        if (i < 0 || i >= arr.size()) {
            throw new SnnaudioException(source + ": cannot set " + path + ": index " + i + " is outside the list of "
                    + arr.size());
        }
        return i;
    }

    private static String describe(JsonNode n) {
        return n.isNumber() ? "a number" : n.isTextual() ? "a string" : n.isBoolean() ? "true/false" : "a value";
    }

    static JsonNode toNode(Object value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value instanceof Integer i) {
            return f.numberNode(i);
        }
        if (value instanceof Long l) {
            return f.numberNode(l);
        }
        if (value instanceof Number n) {
            return f.numberNode(n.doubleValue());
        }
        if (value instanceof Boolean b) {
            return f.booleanNode(b);
        }
        if (value == null) {
            return f.nullNode();
        }
        return f.textNode(value.toString());
    }
}
