package org.snnaudio.core.io;

import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.model.Graph;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * snnaudio's model file: a {@link SavedModel} (graph, metadata, provenance) in a checksummed
 * {@link Container} with magic {@code SNNAMODL}. Files are written atomically; reading a file that
 * is missing, of another kind, of an unknown version, truncated or corrupt fails with a
 * {@link SnnaudioException} naming the file and the problem.
 *
 * <p>Format version 1 payload: graph ({@link GraphCodec}); metadata count and key/value strings;
 * provenance (config?, seed, datasetSha256?, libraryVersion, javaVersion, osArch, createdAt as
 * ISO-8601), where {@code ?} marks a presence flag before an optional string. Version 2 (seed
 * ensembles) appends the count of further members and their graphs. A model of one network is
 * written as version 1, so older readers still load it; an ensemble needs version 2.
 */
public final class ModelFile {
    /** The 8-byte magic at the start of every model file. */
    public static final String MAGIC = "SNNAMODL";
    /** The format version this library writes (and the newest it reads). */
    public static final int VERSION = 2;
    /** The conventional file extension. */
    public static final String EXTENSION = ".snnm";
    private static final String KIND = "snnaudio model";

    private ModelFile() {
    }

    /** Writes {@code model} to {@code file} atomically. */
    public static void write(Path file, SavedModel model) {
        int version = versionFor(model);
        Container.write(file, MAGIC, version, encode(model, version));
    }

    /** Reads a model file. */
    public static SavedModel read(Path file) {
        Container.Contents c = Container.read(file, MAGIC, KIND, VERSION);
        return decode(c.payload(), c.version(), file.toString());
    }

    /** The lowest format version that holds {@code model}: 1 for one network, 2 for an ensemble. */
    static int versionFor(SavedModel model) {
        return model.members().isEmpty() ? 1 : 2;
    }

    static byte[] encode(SavedModel model) {
        return encode(model, versionFor(model));
    }

    static byte[] encode(SavedModel model, int version) {
        if (version < versionFor(model) || version > VERSION) {
            throw new IllegalArgumentException("a model of " + model.networks() + " networks cannot be written as format version "
                    + version);
        }
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bos);
            GraphCodec.write(out, model.graph());
            out.writeInt(model.metadata().size());
            for (var e : model.metadata().entrySet()) {
                Binary.writeString(out, e.getKey());
                Binary.writeString(out, e.getValue());
            }
            Provenance p = model.provenance();
            optional(out, p.config());
            out.writeLong(p.seed());
            optional(out, p.datasetSha256());
            Binary.writeString(out, p.libraryVersion());
            Binary.writeString(out, p.javaVersion());
            Binary.writeString(out, p.osArch());
            Binary.writeString(out, p.createdAt().toString());
            if (version >= 2) {
                out.writeInt(model.members().size());
                for (Graph g : model.members()) {
                    GraphCodec.write(out, g);
                }
            }
            out.flush();
            return bos.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
    }

    static SavedModel decode(byte[] payload, int version, String source) {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        try {
            Graph graph = GraphCodec.read(in);
            int n = Binary.readLength(in, "metadata count");
            Map<String, String> meta = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                meta.put(Binary.readString(in), Binary.readString(in));
            }
            String config = optional(in);
            long seed = in.readLong();
            String sha = optional(in);
            String lib = Binary.readString(in);
            String java = Binary.readString(in);
            String arch = Binary.readString(in);
            Instant created = Instant.parse(Binary.readString(in));
            List<Graph> members = new ArrayList<>();
            if (version >= 2) {
                int m = Binary.readLength(in, "ensemble member count");
                for (int i = 0; i < m; i++) {
                    members.add(GraphCodec.read(in));
                }
            }
            if (in.available() > 0) {
                throw new IOException(in.available() + " unexpected bytes after the " + (version >= 2 ? "ensemble members" : "provenance"));
            }
            return new SavedModel(graph, meta, new Provenance(config, seed, sha, lib, java, arch, created), members);
        } catch (EOFException e) {
            throw new SnnaudioException(KIND + " file " + source + " is corrupt (payload ends early)", e);
        } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
            throw new SnnaudioException(KIND + " file " + source + " (format version " + version + ") is corrupt: "
                    + e.getMessage(), e);
        }
    }

    private static void optional(DataOutput out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            Binary.writeString(out, s);
        }
    }

    private static String optional(DataInput in) throws IOException {
        return in.readBoolean() ? Binary.readString(in) : null;
    }
}
