package org.snnaudio.core.io;

import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.data.Dataset;
import org.snnaudio.core.data.DenseSample;
import org.snnaudio.core.data.Sample;
import org.snnaudio.core.data.SpikeSample;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Deterministic SHA-256 fingerprints of training data for provenance: of an in-memory
 * {@link Dataset} (class names, then every sample's kind, shape, label and exact values, in order) or
 * of files (each file's path relative to its root with {@code /} separators, its size and its bytes,
 * in sorted path order, so the hash does not depend on the file system's listing order).
 */
public final class DatasetHash {
    private DatasetHash() {
    }

    /** SHA-256 of a dataset's content, as 64 lower-case hex digits. */
    public static String sha256(Dataset dataset) {
        MessageDigest md = newDigest();
        update(md, "snnaudio-dataset-v1");
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        buf.putInt(dataset.classes());
        flush(md, buf);
        for (String c : dataset.classNames()) {
            update(md, c);
        }
        buf.putInt(dataset.size());
        for (Sample s : dataset.samples()) {
            flushIfFull(md, buf, 16);
            switch (s) {
                case DenseSample d -> {
                    buf.put((byte) 'D').putInt(d.steps()).putInt(d.channels()).putInt(d.label());
                    for (float v : d.values()) {
                        flushIfFull(md, buf, 4);
                        buf.putInt(Float.floatToIntBits(v));
                    }
                }
                case SpikeSample sp -> {
                    buf.put((byte) 'S').putInt(sp.steps()).putInt(sp.channels()).putInt(sp.label());
                    for (int v : sp.stepStart()) {
                        flushIfFull(md, buf, 4);
                        buf.putInt(v);
                    }
                    flushIfFull(md, buf, 4);
                    buf.putInt(sp.channelIndex().length);
                    for (int v : sp.channelIndex()) {
                        flushIfFull(md, buf, 4);
                        buf.putInt(v);
                    }
                }
            }
        }
        flush(md, buf);
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * SHA-256 over files: a regular file is hashed alone (by its file name); a folder contributes
     * every regular file beneath it, sorted by relative path. Hidden files (names starting with a dot)
     * are skipped.
     */
    public static String sha256(Path... roots) {
        MessageDigest md = newDigest();
        update(md, "snnaudio-files-v1");
        byte[] chunk = new byte[1 << 16];
        for (Path root : roots) {
            List<String> rel = new ArrayList<>();
            Path base;
            if (Files.isRegularFile(root)) {
                base = root.toAbsolutePath().getParent();
                rel.add(root.getFileName().toString());
            } else if (Files.isDirectory(root)) {
                base = root;
                try (Stream<Path> walk = Files.walk(root)) {
                    walk.filter(Files::isRegularFile)
                            .map(p -> root.relativize(p))
                            .filter(p -> {
                                for (Path part : p) {
                                    if (part.toString().startsWith(".")) {
                                        return false;
                                    }
                                }
                                return true;
                            })
                            .map(p -> p.toString().replace('\\', '/'))
                            .sorted()
                            .forEach(rel::add);
                } catch (IOException e) {
                    throw new SnnaudioException("cannot list " + root + " for hashing: " + e.getMessage(), e);
                }
            } else {
                throw new SnnaudioException("cannot hash " + root + ": no such file or folder");
            }
            for (String r : rel) {
                Path f = base.resolve(r);
                try (InputStream in = Files.newInputStream(f)) {
                    update(md, r);
                    md.update(ByteBuffer.allocate(8).putLong(Files.size(f)).array());
                    for (int k; (k = in.read(chunk)) > 0; ) {
                        md.update(chunk, 0, k);
                    }
                } catch (IOException e) {
                    throw new SnnaudioException("cannot read " + f + " for hashing: " + e.getMessage(), e);
                }
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void update(MessageDigest md, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        md.update(ByteBuffer.allocate(4).putInt(b.length).array());
        md.update(b);
    }

    private static void flushIfFull(MessageDigest md, ByteBuffer buf, int need) {
        if (buf.remaining() < need) {
            flush(md, buf);
        }
    }

    private static void flush(MessageDigest md, ByteBuffer buf) {
        buf.flip();
        md.update(buf);
        buf.clear();
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
