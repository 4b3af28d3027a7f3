package org.snnaudio.core.data;

import org.snnaudio.core.SnnaudioException;

import java.io.Closeable;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Samples in one file on disk, written once in order by a {@link Writer} and then read back one at a
 * time with positional reads (safe for concurrent readers), so that a training set larger than memory
 * can be trained from. Only each sample's file offset, length and label stay in memory (16 bytes a
 * sample); the values are read on demand. Values round-trip bit for bit.
 *
 * <p>File layout (little-endian): {@code "SNSS"}, version, then per sample a record: kind (0 dense,
 * 1 spikes), label, steps, channels, then the dense values as floats, or the event count, the
 * {@code steps + 1} step starts and the channel indices of the events.
 */
public final class SampleStore implements Closeable {
    private static final int MAGIC = 0x53534E53; // "SNSS" little-endian
    private static final int VERSION = 1;
    private static final int HEADER = 8;
    private static final int RECORD_HEADER = 13;

    private final Path file;
    private final FileChannel channel;
    private final long[] offsets;
    private final int[] lengths;
    private final int[] labels;
    private final int channels;

    private SampleStore(Path file, long[] offsets, int[] lengths, int[] labels, int channels) {
        this.file = file;
        this.offsets = offsets;
        this.lengths = lengths;
        this.labels = labels;
        this.channels = channels;
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new SnnaudioException(file + ": cannot open sample store (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Starts a store at {@code file}: samples go to a temporary file in the same folder, renamed to
     * {@code file} by {@link Writer#finish()}.
     */
    public static Writer create(Path file) {
        return new Writer(file);
    }

    private static final Cleaner CLEANER = Cleaner.create();

    /**
     * Deletes the file once this store is unreachable (every view of it included) or at the latest
     * when the process exits: for stores that live only as long as the data read from them, so that
     * repeated runs in one process (tuning) do not pile up files.
     */
    public SampleStore deleteWhenUnreachable() {
        FileChannel ch = channel;
        Path f = file;
        CLEANER.register(this, () -> {
            try {
                ch.close();
                Files.deleteIfExists(f);
            } catch (IOException ignored) {
                // at worst the file stays until exit (deleteOnExit below)
            }
        });
        f.toFile().deleteOnExit();
        return this;
    }

    /** The file holding the samples. */
    public Path file() {
        return file;
    }

    public int size() {
        return labels.length;
    }

    /** Channel count shared by all samples (0 when the store is empty). */
    public int channels() {
        return channels;
    }

    /** Label of sample {@code i}, without reading the sample. */
    public int label(int i) {
        return labels[i];
    }

    /** Labels of all samples (a copy). */
    public int[] labels() {
        return labels.clone();
    }

    /** Reads sample {@code i} from disk (a fresh object each call). */
    public Sample read(int i) {
        if (i < 0 || i >= labels.length) {
            throw new IndexOutOfBoundsException("sample " + i + " of a store of " + labels.length);
        }
        ByteBuffer b = ByteBuffer.allocate(lengths[i]).order(ByteOrder.LITTLE_ENDIAN);
        try {
            long pos = offsets[i];
            while (b.hasRemaining()) {
                int n = channel.read(b, pos + b.position());
                if (n < 0) {
                    throw new SnnaudioException(file + ": sample store is truncated at sample " + i);
                }
            }
        } catch (IOException e) {
            throw new SnnaudioException(file + ": cannot read sample " + i + " (" + e.getMessage() + ")", e);
        }
        b.flip();
        return decode(b, i);
    }

    private Sample decode(ByteBuffer b, int i) {
        byte kind = b.get();
        int label = b.getInt();
        int steps = b.getInt();
        int ch = b.getInt();
        if (kind == 0) {
            float[] v = new float[steps * ch];
            b.asFloatBuffer().get(v);
            return new DenseSample(v, steps, ch, label);
        }
        if (kind == 1) {
            int events = b.getInt();
            int[] start = new int[steps + 1];
            int[] idx = new int[events];
            var ib = b.asIntBuffer();
            ib.get(start);
            ib.get(idx);
            return new SpikeSample(start, idx, steps, ch, label);
        }
        throw new SnnaudioException(file + ": sample " + i + " has unknown kind " + kind);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new SnnaudioException(file + ": cannot close sample store (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Appends samples to a new store, in order; not thread-safe (callers write from one thread, in
     * sample order).
     */
    public static final class Writer implements Closeable {
        private final Path file;
        private final Path tmp;
        private final FileChannel out;
        private long position = HEADER;
        private long[] offsets = new long[64];
        private int[] lengths = new int[64];
        private int[] labels = new int[64];
        private int size;
        private int channels;
        private boolean done;

        private Writer(Path file) {
            this.file = file;
            try {
                Path dir = file.toAbsolutePath().getParent();
                Files.createDirectories(dir);
                this.tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
                this.out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN).putInt(MAGIC).putInt(VERSION);
                h.flip();
                writeFully(h, 0);
            } catch (IOException e) {
                throw new SnnaudioException(file + ": cannot create sample store (" + e.getMessage() + ")", e);
            }
        }

        /** Samples written so far. */
        public int size() {
            return size;
        }

        /** Writes {@code s} as the next sample and returns its index. */
        public int append(Sample s) {
            if (done) {
                throw new SnnaudioException(file + ": sample store already finished");
            }
            if (size == 0) {
                channels = s.channels();
            } else if (s.channels() != channels) {
                throw new SnnaudioException(file + ": sample " + size + " has " + s.channels() + " channels, the store holds "
                        + channels);
            }
            ByteBuffer b = switch (s) {
                case DenseSample d -> {
                    ByteBuffer x = header(0, d, 4L * d.values().length);
                    x.asFloatBuffer().put(d.values());
                    x.position(x.position() + 4 * d.values().length);
                    yield x;
                }
                case SpikeSample sp -> {
                    ByteBuffer x = header(1, sp, 4L * (1 + sp.stepStart().length + sp.channelIndex().length));
                    x.putInt(sp.channelIndex().length);
                    var ib = x.asIntBuffer();
                    ib.put(sp.stepStart());
                    ib.put(sp.channelIndex());
                    x.position(x.position() + 4 * (sp.stepStart().length + sp.channelIndex().length));
                    yield x;
                }
            };
            b.flip();
            int length = b.remaining();
            writeFully(b, position);
            if (size == labels.length) {
                offsets = Arrays.copyOf(offsets, size * 2);
                lengths = Arrays.copyOf(lengths, size * 2);
                labels = Arrays.copyOf(labels, size * 2);
            }
            offsets[size] = position;
            lengths[size] = length;
            labels[size] = s.label();
            position += length;
            return size++;
        }

        private ByteBuffer header(int kind, Sample s, long payload) {
            long total = RECORD_HEADER + payload;
            if (total > Integer.MAX_VALUE) {
                throw new SnnaudioException(file + ": sample " + size + " is too large for the store (" + total + " bytes)");
            }
            return ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN).put((byte) kind).putInt(s.label())
                    .putInt(s.steps()).putInt(s.channels());
        }

        private void writeFully(ByteBuffer b, long at) {
            try {
                long pos = at;
                while (b.hasRemaining()) {
                    pos += out.write(b, pos);
                }
            } catch (IOException e) {
                throw new SnnaudioException(file + ": cannot write the sample store (" + e.getMessage() + ")", e);
            }
        }

        /** Closes the file, moves it into place and opens it for reading. */
        public SampleStore finish() {
            if (done) {
                throw new SnnaudioException(file + ": sample store already finished");
            }
            done = true;
            try {
                out.force(false);
                out.close();
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new SnnaudioException(file + ": cannot finish the sample store (" + e.getMessage() + ")", e);
            }
            return new SampleStore(file, Arrays.copyOf(offsets, size), Arrays.copyOf(lengths, size),
                    Arrays.copyOf(labels, size), channels);
        }

        /** Abandons an unfinished store (its temporary file is deleted). */
        @Override
        public void close() {
            if (done) {
                return;
            }
            done = true;
            try {
                out.close();
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                throw new SnnaudioException(file + ": cannot remove " + tmp + " (" + e.getMessage() + ")", e);
            }
        }
    }
}
