package org.snnaudio.cli.tune;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The values of one trial: dotted config path to value, in the order of the search space.
 * Values are {@link Double}, {@link Integer}, {@link String} or {@link Boolean}.
 */
public record Assignment(Map<String, Object> values) {
    public Assignment {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Object get(String path) {
        return values.get(path);
    }

    /** A canonical text of the values, equal for equal assignments (used to avoid repeats). */
    public String key() {
        StringJoiner j = new StringJoiner(", ", "{", "}");
        values.forEach((k, v) -> j.add(k + "=" + format(v)));
        return j.toString();
    }

    static String format(Object v) {
        if (v instanceof Double d) {
            // 12 significant digits: survives the JSON round trip of the journal unchanged.
            if (!Double.isFinite(d)) {
                return d.toString();
            }
            return new java.math.BigDecimal(String.format(java.util.Locale.ROOT, "%.12g", d)).stripTrailingZeros()
                    .toPlainString();
        }
        return String.valueOf(v);
    }

    @Override
    public String toString() {
        return key();
    }
}
