package org.snnaudio.hardware.target;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.model.ResetMode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Loads {@link HardwareTarget}s from YAML: the shipped ones by name ({@link #BUILT_IN}) and users' own
 * from a path. Unknown keys, missing keys and out-of-range values are errors naming the file and the
 * key ({@code weights.bits}), so a typo never silently falls back to a default.
 */
public final class Targets {
    /** Names of the targets shipped with snnaudio. */
    public static final List<String> BUILT_IN = List.of("digital-int8", "digital-int4", "analog-nwave");
    private static final Set<String> NEURON_TYPES = Set.of("LIF", "CubaLIF", "IF", "LI", "CubaLI");

    private Targets() {
    }

    /** The YAML text of a shipped target or a target file (to keep a copy beside a deployment). */
    public static String yaml(String nameOrPath) {
        try {
            if (BUILT_IN.contains(nameOrPath)) {
                try (InputStream in = Targets.class.getResourceAsStream("/org/snnaudio/hardware/targets/" + nameOrPath + ".yaml")) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return Files.readString(Path.of(nameOrPath));
        } catch (IOException | NullPointerException e) {
            throw new SnnaudioException("cannot read target '" + nameOrPath + "': " + e.getMessage(), e);
        }
    }

    /** A shipped target by name, or a YAML file when {@code nameOrPath} is not one of {@link #BUILT_IN}. */
    public static HardwareTarget load(String nameOrPath) {
        if (BUILT_IN.contains(nameOrPath)) {
            String res = "/org/snnaudio/hardware/targets/" + nameOrPath + ".yaml";
            try (InputStream in = Targets.class.getResourceAsStream(res)) {
                if (in == null) {
                    throw new SnnaudioException("built-in target " + nameOrPath + " is missing from the jar (" + res + ")");
                }
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in target " + nameOrPath);
            } catch (IOException e) {
                throw new SnnaudioException("cannot read built-in target " + nameOrPath + ": " + e.getMessage(), e);
            }
        }
        Path p = Path.of(nameOrPath);
        if (!Files.isRegularFile(p)) {
            throw new SnnaudioException("target '" + nameOrPath + "' is neither a built-in target " + BUILT_IN
                    + " nor a YAML file");
        }
        try {
            return parse(Files.readString(p), "target file " + p);
        } catch (IOException e) {
            throw new SnnaudioException("cannot read target file " + p + ": " + e.getMessage(), e);
        }
    }

    /** Parses target YAML; {@code source} names the file in error messages. */
    public static HardwareTarget parse(String yaml, String source) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new SnnaudioException(source + ": not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new SnnaudioException(source + ": expected a YAML mapping at the top level");
        }
        Reader r = new Reader(source);
        r.keys(root, "", "name", "description", "weights", "membrane_bits", "input_bits", "decay", "reset", "neuron_types",
                "bias", "recurrent", "limits", "frontend", "mismatch", "energy", "timestep_s");
        String name = r.string(root, "name");
        String description = r.optString(root, "description", "");

        JsonNode w = r.object(root, "weights");
        r.keys(w, "weights.", "bits", "max_abs", "sign_group", "group_axis", "max_shift");
        int wbits = r.integer(w, "weights.", "bits", 2, 16);
        double maxAbs = w.has("max_abs") && !w.get("max_abs").isNull() ? r.positive(w, "weights.", "max_abs") : Double.NaN;
        int group = w.has("sign_group") ? r.integer(w, "weights.", "sign_group", 1, 1024) : 1;
        String axis = r.optString(w, "group_axis", "outputs");
        if (!HardwareTarget.Weights.AXES.contains(axis)) {
            throw new SnnaudioException(source + ": key weights.group_axis must be one of " + HardwareTarget.Weights.AXES
                    + ", got '" + axis + "'");
        }

        int mbits = r.integer(root, "", "membrane_bits", 2, 32);
        int weightShift = w.has("max_shift") ? r.integer(w, "weights.", "max_shift", 0, 16) : 0;
        if (weightShift > 0 && wbits + weightShift > mbits) {
            throw new SnnaudioException(source + ": key weights.max_shift " + weightShift + " moves " + wbits
                    + "-bit weights beyond the " + mbits + "-bit membrane (bits + max_shift must be <= membrane_bits)");
        }
        int ibits = root.has("input_bits") ? r.integer(root, "", "input_bits", 1, 32) : 8;
        JsonNode decay = r.object(root, "decay");
        r.keys(decay, "decay.", "mode", "max_shift");
        String mode = r.string(decay, "mode");
        if (!mode.equals("shift")) {
            throw new SnnaudioException(source + ": key decay.mode must be 'shift' (decay factor 1 - 2^-k), got '" + mode + "'");
        }
        int maxShift = r.integer(decay, "decay.", "max_shift", 1, 31);

        String resetName = r.string(root, "reset");
        ResetMode reset = switch (resetName) {
            case "subtract" -> ResetMode.SUBTRACT;
            case "to_reset" -> ResetMode.TO_RESET;
            default -> throw new SnnaudioException(source + ": key reset must be 'subtract' or 'to_reset', got '"
                    + resetName + "'");
        };
        JsonNode types = root.get("neuron_types");
        if (types == null || !types.isArray() || types.isEmpty()) {
            throw new SnnaudioException(source + ": key neuron_types must be a non-empty list of " + NEURON_TYPES);
        }
        Set<String> neuronTypes = new LinkedHashSet<>();
        for (JsonNode t : types) {
            if (!NEURON_TYPES.contains(t.asText())) {
                throw new SnnaudioException(source + ": key neuron_types: unknown neuron type '" + t.asText()
                        + "', expected one of " + NEURON_TYPES);
            }
            neuronTypes.add(t.asText());
        }
        boolean bias = r.bool(root, "bias");
        boolean recurrent = r.bool(root, "recurrent");

        JsonNode l = r.object(root, "limits");
        r.keys(l, "limits.", "neurons", "neurons_per_layer", "fan_in", "input_channels");
        HardwareTarget.Limits limits = new HardwareTarget.Limits(r.integer(l, "limits.", "neurons", 0, Integer.MAX_VALUE),
                r.integer(l, "limits.", "neurons_per_layer", 0, Integer.MAX_VALUE),
                r.integer(l, "limits.", "fan_in", 0, Integer.MAX_VALUE),
                r.integer(l, "limits.", "input_channels", 0, Integer.MAX_VALUE));

        HardwareTarget.Frontend frontend = null;
        if (root.has("frontend") && !root.get("frontend").isNull()) {
            JsonNode f = r.object(root, "frontend");
            r.keys(f, "frontend.", "channels", "positive_diagonal");
            frontend = new HardwareTarget.Frontend(r.integer(f, "frontend.", "channels", 1, 4096),
                    r.bool(f, "frontend.", "positive_diagonal"));
        }

        HardwareTarget.Mismatch mismatch = new HardwareTarget.Mismatch(0, 0, 0, "none (digital)");
        if (root.has("mismatch")) {
            JsonNode m = r.object(root, "mismatch");
            r.keys(m, "mismatch.", "weight", "threshold", "tau", "source");
            mismatch = new HardwareTarget.Mismatch(r.fraction(m, "mismatch.", "weight"), r.fraction(m, "mismatch.", "threshold"),
                    r.fraction(m, "mismatch.", "tau"), r.string(m, "mismatch.", "source"));
        }

        JsonNode e = r.object(root, "energy");
        r.keys(e, "energy.", "synaptic_event_j", "neuron_update_j", "static_power_w");
        HardwareTarget.Energy energy = new HardwareTarget.Energy(r.constant(e, "synaptic_event_j"),
                r.constant(e, "neuron_update_j"), r.constant(e, "static_power_w"));
        double dt = r.positive(root, "", "timestep_s");
        return new HardwareTarget(name, description, new HardwareTarget.Weights(wbits, maxAbs, group, axis, weightShift), mbits, ibits,
                maxShift, reset, neuronTypes, bias, recurrent, limits, frontend, mismatch, energy, dt);
    }

    /** Typed access to YAML nodes with messages naming the source and key. */
    private record Reader(String source) {
        void keys(JsonNode node, String prefix, String... allowed) {
            List<String> ok = List.of(allowed);
            List<String> unknown = new ArrayList<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!ok.contains(k)) {
                    unknown.add(prefix + k);
                }
            }
            if (!unknown.isEmpty()) {
                throw new SnnaudioException(source + ": unknown key" + (unknown.size() > 1 ? "s " : " ")
                        + String.join(", ", unknown) + " (allowed: " + ok + ")");
            }
        }

        JsonNode get(JsonNode node, String prefix, String key) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                throw new SnnaudioException(source + ": missing key " + prefix + key);
            }
            return v;
        }

        JsonNode object(JsonNode node, String key) {
            JsonNode v = get(node, "", key);
            if (!v.isObject()) {
                throw new SnnaudioException(source + ": key " + key + " must be a mapping");
            }
            return v;
        }

        String string(JsonNode node, String key) {
            return string(node, "", key);
        }

        String string(JsonNode node, String prefix, String key) {
            JsonNode v = get(node, prefix, key);
            if (!v.isTextual() || v.asText().isBlank()) {
                throw new SnnaudioException(source + ": key " + prefix + key + " must be a non-empty string, got " + v);
            }
            return v.asText();
        }

        String optString(JsonNode node, String key, String dflt) {
            JsonNode v = node.get(key);
            return v == null || v.isNull() ? dflt : v.asText();
        }

        int integer(JsonNode node, String prefix, String key, int min, int max) {
            JsonNode v = get(node, prefix, key);
            if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
                throw new SnnaudioException(source + ": key " + prefix + key + " must be an integer in [" + min + ", "
                        + max + "], got " + v);
            }
            return v.asInt();
        }

        double number(JsonNode node, String prefix, String key) {
            JsonNode v = get(node, prefix, key);
            if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                throw new SnnaudioException(source + ": key " + prefix + key + " must be a number, got " + v);
            }
            return v.asDouble();
        }

        double positive(JsonNode node, String prefix, String key) {
            double d = number(node, prefix, key);
            if (!(d > 0)) {
                throw new SnnaudioException(source + ": key " + prefix + key + " must be > 0, got " + d);
            }
            return d;
        }

        double fraction(JsonNode node, String prefix, String key) {
            double d = number(node, prefix, key);
            if (d < 0 || d >= 1) {
                throw new SnnaudioException(source + ": key " + prefix + key
                        + " must be a relative standard deviation in [0, 1), got " + d);
            }
            return d;
        }

        boolean bool(JsonNode node, String key) {
            JsonNode v = get(node, "", key);
            if (!v.isBoolean()) {
                throw new SnnaudioException(source + ": key " + key + " must be true or false, got " + v);
            }
            return v.asBoolean();
        }

        boolean bool(JsonNode node, String prefix, String key) {
            JsonNode v = get(node, prefix, key);
            if (!v.isBoolean()) {
                throw new SnnaudioException(source + ": key " + prefix + key + " must be true or false, got " + v);
            }
            return v.asBoolean();
        }

        HardwareTarget.Constant constant(JsonNode energy, String key) {
            JsonNode c = get(energy, "energy.", key);
            if (!c.isObject()) {
                throw new SnnaudioException(source + ": key energy." + key + " must be a mapping with value and source");
            }
            keys(c, "energy." + key + ".", "value", "source");
            double v = number(c, "energy." + key + ".", "value");
            if (v < 0) {
                throw new SnnaudioException(source + ": key energy." + key + ".value must be >= 0, got " + v);
            }
            return new HardwareTarget.Constant(v, string(c, "energy." + key + ".", "source"));
        }
    }
}
