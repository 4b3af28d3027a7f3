package org.snnaudio.cli.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import org.snnaudio.core.SnnaudioException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Reads and writes {@link PipelineConfig}s as YAML or JSON (snake_case keys), turning every parse or
 * validation problem into one {@link SnnaudioException} that names the file and the key.
 */
public final class ConfigIO {
    private static final ObjectMapper YAML = configure(new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)));
    private static final ObjectMapper JSON = configure(new ObjectMapper());

    private ConfigIO() {
    }

    private static ObjectMapper configure(ObjectMapper m) {
        return m.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** Names of the ready configs shipped in the jar (the {@code configs/} folder of the repository). */
    public static final java.util.List<String> BUILT_IN = java.util.List.of("talamo-digits", "nwave-kws", "shd", "whale-detect", "spoken-digits", "spoken-digits-16k",
            "spoken-digits-16k-masked", "spoken-digits-16k-ensemble", "nwave-digits", "nwave-fsdd");

    /**
     * Reads and validates a config file ({@code .yaml}, {@code .yml} or {@code .json}), or a ready config
     * by name ({@code talamo-digits}) when no such file exists.
     */
    public static PipelineConfig read(Path file) {
        String text;
        String name = file.getFileName() == null ? "" : file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        if (!Files.exists(file) && file.getNameCount() == 1 && BUILT_IN.contains(name)) {
            return builtIn(name);
        }
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new SnnaudioException(file + ": config file not found");
        } catch (IOException e) {
            throw new SnnaudioException(file + ": cannot read config file: " + e.getMessage(), e);
        }
        return parse(text, file.getFileName().toString());
    }

    /** A ready config by name (see {@link #BUILT_IN}). */
    public static PipelineConfig builtIn(String name) {
        try (var in = ConfigIO.class.getResourceAsStream("/configs/" + name + ".yaml")) {
            if (in == null) {
                throw new SnnaudioException("no ready config named '" + name + "' (ready: " + String.join(", ", BUILT_IN) + ")");
            }
            return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), name + ".yaml");
        } catch (IOException e) {
            throw new SnnaudioException("cannot read the ready config " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses and validates config text; {@code source} names it in messages (a file name). JSON is a
     * subset of YAML, so both parse with the YAML reader.
     */
    public static PipelineConfig parse(String text, String source) {
        if (text.isBlank()) {
            throw new SnnaudioException(source + ": config is empty");
        }
        PipelineConfig c;
        try {
            c = YAML.readValue(text, PipelineConfig.class);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            throw new SnnaudioException(source + ": unknown key " + path(e) + (known.isEmpty() ? "" : " (known here: " + known + ")"), e);
        } catch (InvalidFormatException e) {
            throw new SnnaudioException(source + ": " + path(e) + " must be " + typeName(e.getTargetType()) + ", got '"
                    + e.getValue() + "'", e);
        } catch (MismatchedInputException e) {
            throw new SnnaudioException(source + ": " + path(e) + " must be " + typeName(e.getTargetType()), e);
        } catch (JsonMappingException e) {
            Throwable root = e.getCause() != null ? e.getCause() : e;
            throw new SnnaudioException(source + ": " + (e.getPath().isEmpty() ? "" : path(e) + ": ")
                    + root.getMessage(), e);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new SnnaudioException(source + ": not valid YAML/JSON" + where + ": " + e.getOriginalMessage(), e);
        }
        if (c == null) {
            throw new SnnaudioException(source + ": config is empty");
        }
        ConfigValidator.validate(c, source);
        return c;
    }

    /** The config as JSON text (snake_case keys), the form stored in model files. */
    public static String toJson(PipelineConfig c) {
        try {
            return JSON.writeValueAsString(c);
        } catch (JsonProcessingException e) {
            throw new SnnaudioException("cannot write config as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The config as YAML text. */
    public static String toYaml(PipelineConfig c) {
        try {
            return YAML.writeValueAsString(c);
        } catch (JsonProcessingException e) {
            throw new SnnaudioException("cannot write config as YAML: " + e.getOriginalMessage(), e);
        }
    }

    /** Writes the config as YAML atomically. */
    public static void writeYaml(PipelineConfig c, Path file) {
        org.snnaudio.core.io.AtomicFiles.writeString(file, toYaml(c));
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "(top level)" : sb.toString();
    }

    private static String typeName(Class<?> t) {
        if (t == null) {
            return "of another type";
        }
        if (t == Integer.class || t == int.class || t == Long.class || t == long.class) {
            return "an integer";
        }
        if (t == Double.class || t == double.class) {
            return "a number";
        }
        if (t == Boolean.class || t == boolean.class) {
            return "true or false";
        }
        if (t == String.class) {
            return "a string";
        }
        if (java.util.List.class.isAssignableFrom(t)) {
            return "a list";
        }
        return "a mapping (" + t.getSimpleName().replace("Config", "").toLowerCase(java.util.Locale.ROOT) + " section)";
    }
}
