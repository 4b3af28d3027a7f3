package org.snnaudio.audio.config;

import org.snnaudio.audio.data.DatasetConfig;
import org.snnaudio.audio.encode.EncoderConfig;
import org.snnaudio.audio.frontend.FrontendConfig;
import org.snnaudio.audio.io.Preprocess;
import org.snnaudio.core.SnnaudioException;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Converts the audio configuration records to and from plain maps (what a YAML/JSON parser gives), so
 * a pipeline config file and a saved model can hold them. A map names its kind with {@code type} (the
 * record's {@code name()}, e.g. {@code mfcc}); other keys are record components, matched ignoring case,
 * underscores and dashes ({@code n_mfcc}, {@code nMfcc}); missing keys take the kind's defaults;
 * unknown keys and wrong value types are errors naming the key. Enums are written in lower case.
 */
public final class ConfigMaps {
    private ConfigMaps() {
    }

    public static FrontendConfig frontend(Map<String, ?> map) {
        return sealed(FrontendConfig.class, map, "frontend");
    }

    public static EncoderConfig encoder(Map<String, ?> map) {
        return sealed(EncoderConfig.class, map, "encoder");
    }

    public static DatasetConfig dataset(Map<String, ?> map) {
        return sealed(DatasetConfig.class, map, "dataset");
    }

    public static Preprocess preprocess(Map<String, ?> map) {
        return record(Preprocess.class, map, Preprocess.defaults(), "preprocess");
    }

    /** The map form of a config record: {@code type} (for the sealed kinds) and every component. */
    public static Map<String, Object> toMap(Record r) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (r instanceof FrontendConfig f) {
            m.put("type", f.name());
        } else if (r instanceof EncoderConfig e) {
            m.put("type", e.name());
        } else if (r instanceof DatasetConfig d) {
            m.put("type", d.name());
        }
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            m.put(c.getName(), plain(get(c, r)));
        }
        return m;
    }

    private static Object plain(Object v) {
        if (v instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
        }
        if (v instanceof Path p) {
            return p.toString();
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) {
                out.add(plain(o));
            }
            return out;
        }
        if (v instanceof Record r) {
            return toMap(r);
        }
        return v;
    }

    /** The names of the kinds of a sealed config interface, e.g. {@code [stft, mel, mfcc, ...]}. */
    public static List<String> kinds(Class<?> sealedType) {
        List<String> out = new ArrayList<>();
        for (Class<?> k : sealedType.getPermittedSubclasses()) {
            out.add(kindName(k));
        }
        return out;
    }

    private static String kindName(Class<?> k) {
        return switch (k.getSimpleName()) {
            case "Stft" -> "stft";
            case "MelSpectrogram" -> "mel";
            case "Mfcc" -> "mfcc";
            case "IirFilterbank" -> "filterbank";
            case "Gammatone" -> "gammatone";
            case "IntegrateAndFire" -> "if";
            case "Rate" -> "rate";
            case "Delta" -> "delta";
            case "Latency" -> "latency";
            case "DirectCurrent" -> "direct";
            case "SpikeCounts" -> "counts";
            case "FolderPerClass" -> "folder";
            case "Fsdd" -> "fsdd";
            case "SpeechCommands" -> "speech-commands";
            case "CsvManifest" -> "csv";
            case "Shd" -> "shd";
            default -> throw new IllegalStateException("no name for " + k);
        };
    }

    private static <T> T sealed(Class<T> type, Map<String, ?> map, String what) {
        if (map == null) {
            throw new SnnaudioException(what + ": configuration is missing");
        }
        Object t = map.get("type");
        if (t == null) {
            t = map.get("name");
        }
        if (!(t instanceof String typeName)) {
            throw new SnnaudioException(what + ": give its type, one of " + kinds(type));
        }
        for (Class<?> k : type.getPermittedSubclasses()) {
            if (kindName(k).equalsIgnoreCase(typeName.strip())) {
                Map<String, Object> rest = new LinkedHashMap<>(map);
                rest.remove("type");
                rest.remove("name");
                Record defaults = defaults(k.asSubclass(Record.class));
                return type.cast(record(k.asSubclass(Record.class), rest, defaults, what + " " + kindName(k)));
            }
        }
        throw new SnnaudioException(what + ": unknown type \"" + typeName + "\"; known: " + kinds(type));
    }

    private static <R extends Record> R defaults(Class<R> k) {
        try {
            Method m = k.getMethod("defaults");
            return k.cast(m.invoke(null));
        } catch (NoSuchMethodException e) {
            return null; // kinds with required settings (paths) have no defaults
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("defaults() of " + k + " failed", e);
        }
    }

    private static String norm(String key) {
        return key.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    }

    /** Builds a record from a map, taking missing components from {@code defaults} (may be null). */
    public static <R extends Record> R record(Class<R> type, Map<String, ?> map, R defaults, String what) {
        RecordComponent[] comps = type.getRecordComponents();
        Map<String, RecordComponent> byKey = new LinkedHashMap<>();
        for (RecordComponent c : comps) {
            byKey.put(norm(c.getName()), c);
        }
        Map<String, Object> given = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : map.entrySet()) {
            RecordComponent c = byKey.get(norm(e.getKey()));
            if (c == null) {
                List<String> names = new ArrayList<>();
                for (RecordComponent rc : comps) {
                    names.add(rc.getName());
                }
                throw new SnnaudioException(what + ": unknown setting \"" + e.getKey() + "\"; known: " + names);
            }
            given.put(c.getName(), e.getValue());
        }
        Object[] args = new Object[comps.length];
        Class<?>[] types = new Class<?>[comps.length];
        for (int i = 0; i < comps.length; i++) {
            RecordComponent c = comps[i];
            types[i] = c.getType();
            if (given.containsKey(c.getName())) {
                args[i] = convert(given.get(c.getName()), c.getType(), c.getGenericType(), what + ": " + c.getName());
            } else if (defaults != null) {
                args[i] = get(c, defaults);
            } else if (c.getType().isPrimitive()) {
                throw new SnnaudioException(what + ": setting \"" + c.getName() + "\" is required");
            } else {
                args[i] = null;
            }
        }
        try {
            return type.getDeclaredConstructor(types).newInstance(args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SnnaudioException se) {
                throw new SnnaudioException(what + ": " + se.getMessage(), se);
            }
            if (cause instanceof RuntimeException re) {
                throw new SnnaudioException(what + ": " + re.getMessage(), re);
            }
            throw new SnnaudioException(what + ": " + cause, cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type, e);
        }
    }

    private static Object get(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object convert(Object v, Class<?> t, Type generic, String what) {
        if (v == null) {
            if (t.isPrimitive()) {
                throw new SnnaudioException(what + " must not be empty");
            }
            return null;
        }
        if (t == int.class || t == Integer.class) {
            Number n = number(v, what, "an integer");
            if (n.doubleValue() != Math.rint(n.doubleValue()) || Math.abs(n.doubleValue()) > Integer.MAX_VALUE) {
                throw new SnnaudioException(what + " must be an integer, got " + v);
            }
            return n.intValue();
        }
        if (t == long.class || t == Long.class) {
            Number n = number(v, what, "an integer");
            if (n.doubleValue() != Math.rint(n.doubleValue())) {
                throw new SnnaudioException(what + " must be an integer, got " + v);
            }
            return n.longValue();
        }
        if (t == double.class || t == Double.class) {
            return number(v, what, "a number").doubleValue();
        }
        if (t == boolean.class || t == Boolean.class) {
            if (v instanceof Boolean b) {
                return b;
            }
            if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
                return Boolean.parseBoolean(s);
            }
            throw new SnnaudioException(what + " must be true or false, got " + v);
        }
        if (t == String.class) {
            return v.toString();
        }
        if (t == Path.class) {
            return Path.of(v.toString());
        }
        if (t.isEnum()) {
            String s = v.toString().strip().replace('-', '_').toUpperCase(Locale.ROOT);
            for (Object c : t.getEnumConstants()) {
                if (((Enum<?>) c).name().equals(s)) {
                    return c;
                }
            }
            List<String> names = new ArrayList<>();
            for (Object c : t.getEnumConstants()) {
                names.add(((Enum<?>) c).name().toLowerCase(Locale.ROOT));
            }
            throw new SnnaudioException(what + " must be one of " + names + ", got " + v);
        }
        if (t == List.class) {
            Type elem = generic instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : String.class;
            Class<?> ec = elem instanceof Class<?> cl ? cl : String.class;
            List<?> items = v instanceof List<?> l ? l : List.of(v);
            List<Object> out = new ArrayList<>();
            for (Object o : items) {
                out.add(convert(o, ec, ec, what));
            }
            return out;
        }
        throw new IllegalStateException("unsupported config type " + t + " for " + what);
    }

    private static Number number(Object v, String what, String kind) {
        if (v instanceof Number n) {
            return n;
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                throw new SnnaudioException(what + " must be " + kind + ", got \"" + s + "\"");
            }
        }
        throw new SnnaudioException(what + " must be " + kind + ", got " + v);
    }
}
