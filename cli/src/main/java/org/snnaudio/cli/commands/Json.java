package org.snnaudio.cli.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.snnaudio.core.io.AtomicFiles;
import org.snnaudio.core.SnnaudioException;

import java.nio.file.Path;

/** JSON output of the commands (metrics.json, --json). NaN and infinities are written as null. */
public final class Json {
    private static final ObjectMapper M = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper LINE = new ObjectMapper();

    private Json() {
    }

    /** Pretty JSON of a map/list/number tree. */
    public static String pretty(Object o) {
        try {
            return M.writeValueAsString(clean(o));
        } catch (JsonProcessingException e) {
            throw new SnnaudioException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** One-line JSON. */
    public static String line(Object o) {
        try {
            return LINE.writeValueAsString(clean(o));
        } catch (JsonProcessingException e) {
            throw new SnnaudioException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Writes pretty JSON atomically. */
    public static void write(Path file, Object o) {
        AtomicFiles.writeString(file, pretty(o) + "\n");
    }

    private static Object clean(Object o) {
        if (o instanceof Double d) {
            return Double.isFinite(d) ? d : null;
        }
        if (o instanceof Float f) {
            return Float.isFinite(f) ? f : null;
        }
        if (o instanceof double[] a) {
            java.util.List<Object> l = new java.util.ArrayList<>(a.length);
            for (double v : a) {
                l.add(clean(v));
            }
            return l;
        }
        if (o instanceof java.util.Map<?, ?> m) {
            java.util.Map<Object, Object> out = new java.util.LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, clean(v)));
            return out;
        }
        if (o instanceof java.util.List<?> l) {
            return l.stream().map(Json::clean).toList();
        }
        return o;
    }
}
