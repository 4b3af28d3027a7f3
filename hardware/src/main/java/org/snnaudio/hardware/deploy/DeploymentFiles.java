package org.snnaudio.hardware.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.model.ResetMode;
import org.snnaudio.core.io.AtomicFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The deployed-network folder: {@value #NETWORK} (readable JSON: target, formats, per-layer shifts,
 * thresholds, biases, scales and where each projection's weights lie) and {@value #WEIGHTS} (the
 * integer weights as little-endian int16, projection after projection, row-major [target x source]).
 * The JSON records the SHA-256 of the weights file; both are written atomically.
 */
public final class DeploymentFiles {
    /** The readable network description. */
    public static final String NETWORK = "network.json";
    /** The binary weights. */
    public static final String WEIGHTS = "weights.bin";
    /** Format version of the folder (2 added the per-layer weight shift; version 1 folders read with shift 0). */
    public static final int FORMAT = 2;

    private DeploymentFiles() {
    }

    /** Writes {@code net} into folder {@code dir} (created when missing); extra entries go into the JSON's "report". */
    public static void write(Path dir, IntegerNetwork net, JsonNode report) {
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = om.createObjectNode();
        root.put("format", "snnaudio-deployed-network");
        root.put("version", FORMAT);
        root.put("target", net.target());
        root.put("inputs", net.inputs());
        root.put("input_scale", net.inputScale());
        root.put("input_bits", net.inputBits());
        root.put("weight_bits", net.weightBits());
        root.put("membrane_bits", net.membraneBits());
        root.put("dt_s", net.dt());
        root.put("output_layer", net.output());
        root.put("readout", net.readout().name().toLowerCase(java.util.Locale.ROOT));
        List<int[]> blobs = new ArrayList<>();
        long offset = 0;
        ArrayNode layers = root.putArray("layers");
        for (IntegerNetwork.Layer l : net.layers()) {
            ObjectNode o = layers.addObject();
            o.put("id", l.id());
            o.put("type", l.type());
            o.put("size", l.size());
            o.put("spiking", l.spiking());
            o.put("reset", l.reset() == ResetMode.SUBTRACT ? "subtract" : "to_reset");
            o.put("scale", l.scale());
            o.put("weight_shift", l.weightShift());
            ints(o.putArray("k_syn"), l.kSyn());
            ints(o.putArray("k_mem"), l.kMem());
            ints(o.putArray("threshold"), l.threshold());
            ints(o.putArray("v_reset"), l.vReset());
            ints(o.putArray("bias"), l.bias());
            ArrayNode ps = o.putArray("projections");
            for (IntegerNetwork.Projection p : l.projections()) {
                ObjectNode po = ps.addObject();
                po.put("source", p.source() == LayeredNetwork.INPUT ? "input" : net.layers().get(p.source()).id());
                po.put("rows", p.rows());
                po.put("cols", p.cols());
                po.put("delayed", p.delayed());
                po.put("offset", offset);
                offset += p.weight().length;
                blobs.add(p.weight());
            }
        }
        ByteBuffer buf = ByteBuffer.allocate((int) offset * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int[] b : blobs) {
            for (int w : b) {
                buf.putShort((short) w);
            }
        }
        byte[] bytes = buf.array();
        root.put("weights_file", WEIGHTS);
        root.put("weights_sha256", sha256(bytes));
        if (report != null) {
            root.set("report", report);
        }
        try {
            Files.createDirectories(dir);
            AtomicFiles.write(dir.resolve(WEIGHTS), bytes);
            AtomicFiles.writeString(dir.resolve(NETWORK), om.writeValueAsString(root));
        } catch (IOException e) {
            throw new SnnaudioException("cannot write deployed network to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Reads a deployed-network folder (or its {@value #NETWORK} file). */
    public static IntegerNetwork read(Path dirOrFile) {
        Path dir = Files.isDirectory(dirOrFile) ? dirOrFile : dirOrFile.toAbsolutePath().getParent();
        Path json = dir.resolve(NETWORK);
        if (!Files.isRegularFile(json)) {
            throw new SnnaudioException("no deployed network at " + dirOrFile + " (expected " + json + ")");
        }
        try {
            JsonNode root = new ObjectMapper().readTree(json.toFile());
            if (!"snnaudio-deployed-network".equals(root.path("format").asText())) {
                throw new SnnaudioException(json + " is not a snnaudio deployed network (format key missing or different)");
            }
            int version = root.path("version").asInt(-1);
            if (version < 1 || version > FORMAT) {
                throw new SnnaudioException(json + ": deployed-network version " + version + " is not supported (this snnaudio reads "
                        + "1 to " + FORMAT + ")");
            }
            byte[] bytes = Files.readAllBytes(dir.resolve(req(root, "weights_file", json).asText()));
            if (!sha256(bytes).equals(req(root, "weights_sha256", json).asText())) {
                throw new SnnaudioException(dir.resolve(WEIGHTS) + " does not match the checksum in " + json
                        + " (corrupt or from another deployment)");
            }
            ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            List<IntegerNetwork.Layer> layers = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (JsonNode l : req(root, "layers", json)) {
                ids.add(req(l, "id", json).asText());
            }
            for (JsonNode l : root.get("layers")) {
                int size = req(l, "size", json).asInt();
                List<IntegerNetwork.Projection> ps = new ArrayList<>();
                for (JsonNode p : req(l, "projections", json)) {
                    String src = req(p, "source", json).asText();
                    int source = src.equals("input") ? LayeredNetwork.INPUT : ids.indexOf(src);
                    int rows = req(p, "rows", json).asInt();
                    int cols = req(p, "cols", json).asInt();
                    long off = req(p, "offset", json).asLong();
                    if (source < LayeredNetwork.INPUT || rows != size || (off + (long) rows * cols) * 2 > bytes.length) {
                        throw new SnnaudioException(json + ": projection into layer " + l.get("id").asText()
                                + " is inconsistent (source '" + src + "', " + rows + " x " + cols + " at " + off + ")");
                    }
                    int[] w = new int[rows * cols];
                    for (int i = 0; i < w.length; i++) {
                        w[i] = buf.getShort((int) ((off + i) * 2));
                    }
                    ps.add(new IntegerNetwork.Projection(source, w, rows, cols, req(p, "delayed", json).asBoolean()));
                }
                layers.add(new IntegerNetwork.Layer(l.get("id").asText(), req(l, "type", json).asText(), size,
                        intArray(req(l, "k_syn", json), size, json), intArray(req(l, "k_mem", json), size, json),
                        intArray(req(l, "threshold", json), size, json), intArray(req(l, "v_reset", json), size, json),
                        req(l, "reset", json).asText().equals("subtract") ? ResetMode.SUBTRACT : ResetMode.TO_RESET,
                        req(l, "spiking", json).asBoolean(), intArray(req(l, "bias", json), size, json),
                        req(l, "scale", json).asDouble(), weightShift(l, version, json), ps));
            }
            IntegerNetwork.Readout readout = switch (req(root, "readout", json).asText()) {
                case "spike_count" -> IntegerNetwork.Readout.SPIKE_COUNT;
                case "max_membrane" -> IntegerNetwork.Readout.MAX_MEMBRANE;
                case "mean_membrane" -> IntegerNetwork.Readout.MEAN_MEMBRANE;
                case "last_membrane" -> IntegerNetwork.Readout.LAST_MEMBRANE;
                default -> throw new SnnaudioException(json + ": unknown readout '" + root.get("readout").asText() + "'");
            };
            return new IntegerNetwork(req(root, "target", json).asText(), req(root, "inputs", json).asInt(),
                    req(root, "input_scale", json).asDouble(), req(root, "input_bits", json).asInt(),
                    req(root, "weight_bits", json).asInt(), req(root, "membrane_bits", json).asInt(), layers,
                    req(root, "output_layer", json).asInt(), readout, req(root, "dt_s", json).asDouble());
        } catch (IOException e) {
            throw new SnnaudioException("cannot read deployed network " + json + ": " + e.getMessage(), e);
        }
    }

    private static int weightShift(JsonNode layer, int version, Path file) {
        if (version < 2) {
            return 0;
        }
        int k = req(layer, "weight_shift", file).asInt(-1);
        if (k < 0 || k > 30) {
            throw new SnnaudioException(file + ": layer " + layer.path("id").asText() + ": weight_shift must be in [0, 30], got "
                    + layer.get("weight_shift"));
        }
        return k;
    }

    private static JsonNode req(JsonNode n, String key, Path file) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            throw new SnnaudioException(file + ": missing key '" + key + "'");
        }
        return v;
    }

    private static int[] intArray(JsonNode a, int n, Path file) {
        if (!a.isArray() || a.size() != n) {
            throw new SnnaudioException(file + ": expected " + n + " integers, got " + a);
        }
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = a.get(i).asInt();
        }
        return r;
    }

    private static void ints(ArrayNode a, int[] v) {
        for (int x : v) {
            a.add(x);
        }
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
