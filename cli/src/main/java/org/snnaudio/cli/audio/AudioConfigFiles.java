package org.snnaudio.cli.audio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.snnaudio.audio.config.ConfigMaps;
import org.snnaudio.audio.config.Presets;
import org.snnaudio.audio.frontend.FrontendConfig;
import org.snnaudio.audio.io.Preprocess;
import org.snnaudio.core.SnnaudioException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a frontend configuration for the audio commands: a built-in preset name (e.g.
 * {@code talamo-mfcc}) or a YAML/JSON file holding either a frontend map ({@code type: mfcc, nMfcc: 32,
 * ...}) or {@code frontend:} and optional {@code preprocess:} sections.
 */
final class AudioConfigFiles {
    /** A frontend with the clip preparation that goes before it. */
    record FeatureSetup(Preprocess preprocess, FrontendConfig frontend) {
    }

    private AudioConfigFiles() {
    }

    static FeatureSetup read(String spec) {
        if (Presets.frontendNames().contains(spec)) {
            return new FeatureSetup(Preprocess.defaults(), Presets.frontend(spec));
        }
        Path file = Path.of(spec);
        if (!Files.isRegularFile(file)) {
            throw new SnnaudioException("--config " + spec + ": neither a config file nor a built-in frontend "
                    + Presets.frontendNames());
        }
        Map<String, Object> map = readMap(file);
        try {
            if (map.containsKey("frontend")) {
                Object fe = map.get("frontend");
                FrontendConfig f = fe instanceof String name ? Presets.frontend(name) : ConfigMaps.frontend(asMap(fe, file, "frontend"));
                Preprocess p = map.containsKey("preprocess") ? ConfigMaps.preprocess(asMap(map.get("preprocess"), file, "preprocess"))
                        : Preprocess.defaults();
                return new FeatureSetup(p, f);
            }
            return new FeatureSetup(Preprocess.defaults(), ConfigMaps.frontend(map));
        } catch (SnnaudioException e) {
            throw new SnnaudioException(file + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o, Path file, String key) {
        if (!(o instanceof Map<?, ?>)) {
            throw new SnnaudioException(file + ": '" + key + "' must be a map of settings");
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> readMap(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper m = name.endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
        try {
            Object o = m.readValue(Files.readAllBytes(file), Object.class);
            if (!(o instanceof Map<?, ?>)) {
                throw new SnnaudioException(file + ": expected a map of settings at the top level");
            }
            return (Map<String, Object>) o;
        } catch (JsonProcessingException e) {
            throw new SnnaudioException(file + ": not valid " + (name.endsWith(".json") ? "JSON" : "YAML") + " ("
                    + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new SnnaudioException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
