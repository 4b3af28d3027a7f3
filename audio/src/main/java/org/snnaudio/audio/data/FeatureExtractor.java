package org.snnaudio.audio.data;

import org.snnaudio.audio.encode.Encoder;
import org.snnaudio.audio.encode.EncoderConfig;
import org.snnaudio.audio.frontend.Features;
import org.snnaudio.audio.frontend.Frontend;
import org.snnaudio.audio.frontend.FrontendConfig;
import org.snnaudio.audio.io.AudioClip;
import org.snnaudio.audio.io.AudioReader;
import org.snnaudio.audio.io.Preprocess;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.data.Dataset;
import org.snnaudio.core.data.Sample;
import org.snnaudio.core.data.SampleStore;
import org.snnaudio.core.data.StoredSamples;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns recordings into network input: read, {@link Preprocess}, frontend (through the optional
 * {@link FeatureCache}), encoder. {@link #build} runs a whole dataset on worker threads with at most
 * two files per thread in flight, so memory stays bounded by the encoded samples; bad files are skipped
 * with their reason (or stop the run when strict). The same extractor processes a new file exactly as
 * training did ({@link #sample}).
 */
public final class FeatureExtractor {
    private final Preprocess preprocess;
    private final FrontendConfig frontendConfig;
    private final Frontend frontend;
    private final Encoder encoder;
    private final FeatureCache cache;
    private final String configText;

    /** Options of a dataset run: worker threads, strictness, progress callback. */
    public record Options(int threads, boolean strict, ProgressListener progress) {
        public Options {
            if (threads < 1) {
                throw new SnnaudioException("threads must be >= 1, got " + threads);
            }
            if (progress == null) {
                progress = ProgressListener.NONE;
            }
        }

        public static Options defaults() {
            return new Options(Runtime.getRuntime().availableProcessors(), false, ProgressListener.NONE);
        }
    }

    /** {@code cache} may be null (no caching). */
    public FeatureExtractor(Preprocess preprocess, FrontendConfig frontend, EncoderConfig encoder, FeatureCache cache) {
        this.preprocess = preprocess == null ? Preprocess.defaults() : preprocess;
        this.frontendConfig = frontend;
        this.frontend = frontend.create();
        this.encoder = encoder.create();
        this.cache = cache;
        this.configText = this.preprocess + "|" + frontend;
    }

    public Frontend frontend() {
        return frontend;
    }

    public Encoder encoder() {
        return encoder;
    }

    /** Seconds per network time step. */
    public double stepSeconds() {
        return frontend.framePeriod() / encoder.config().stepsPerFrame();
    }

    /** Features of a clip already in memory (preprocessed here, not cached). */
    public Features features(AudioClip clip) {
        AudioClip c = preprocess.apply(clip, frontendConfig.sampleRate());
        try {
            return frontend.process(c.samples());
        } catch (SnnaudioException e) {
            throw new SnnaudioException(clip.source() + ": " + e.getMessage(), e);
        }
    }

    /** Features of a file, from the cache when present. */
    public Features features(Path file) {
        byte[] bytes = AudioReader.readBytes(file);
        return features(file, bytes, FeatureCache.sha256(bytes));
    }

    private Features features(Path file, byte[] bytes, String sha) {
        String key = cache == null ? null : FeatureCache.key(sha, configText);
        if (cache != null) {
            Features hit = cache.get(key);
            if (hit != null) {
                return hit;
            }
        }
        Features f = features(AudioReader.read(bytes, file.toString()));
        if (f.frames() == 0) {
            throw new SnnaudioException(file + ": the clip is too short to give a single frame");
        }
        if (cache != null) {
            cache.put(key, f);
        }
        return f;
    }

    /** The network input of one file (label -1 when unknown), encoded exactly as in {@link #build}. */
    public Sample sample(Path file, int label) {
        byte[] bytes = AudioReader.readBytes(file);
        String sha = FeatureCache.sha256(bytes);
        return encoder.encode(features(file, bytes, sha), label, Long.parseUnsignedLong(sha.substring(0, 16), 16));
    }

    /** Builds the dataset of an entry list (from {@link Layouts#list}). */
    public LoadedDataset build(EntryList list, Options options) {
        List<Sample> kept = new ArrayList<>();
        Extracted r = extract(list, options, kept::add);
        return new LoadedDataset(new Dataset(kept, list.classNames()), r.kept(), r.skipped(), stepSeconds());
    }

    /**
     * As {@link #build}, for data sets larger than the heap: the samples are written in list order to a
     * {@link SampleStore} at {@code storeFile} as they are made (at most {@code 2 x threads} files in flight)
     * and the dataset reads them back on demand through {@link StoredSamples}, holding at most
     * {@code resident} at once. Same samples, entries and skips as {@link #build}. The caller owns the file.
     */
    public LoadedDataset buildOnDisk(EntryList list, Options options, Path storeFile, int resident) {
        SampleStore store;
        Extracted r;
        try (SampleStore.Writer w = SampleStore.create(storeFile)) {
            r = extract(list, options, w::append);
            store = w.finish();
        }
        Dataset d = new Dataset(StoredSamples.of(store, resident), list.classNames());
        return new LoadedDataset(d, r.kept(), r.skipped(), stepSeconds());
    }

    /** The entries whose samples went to the sink, and the skipped files with their reasons. */
    private record Extracted(List<Entry> kept, List<Skipped> skipped) {
    }

    /**
     * Every entry's sample, made on {@code options.threads()} workers with at most {@code 2 x threads}
     * files in flight and handed to {@code sink} in list order; a bad file is skipped with its reason
     * (or, when strict, stops the run).
     */
    private Extracted extract(EntryList list, Options options, java.util.function.Consumer<Sample> sink) {
        List<Entry> entries = list.entries();
        int n = entries.size();
        int window = 2 * options.threads();
        ExecutorService pool = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "snnaudio-features");
            t.setDaemon(true);
            return t;
        });
        List<Entry> keptEntries = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>(list.skipped());
        ArrayDeque<Future<Object>> pending = new ArrayDeque<>();
        AtomicInteger done = new AtomicInteger();
        try {
            int next = 0;
            int written = 0;
            while (next < n || !pending.isEmpty()) {
                if (next < n && pending.size() < window) {
                    Entry e = entries.get(next++);
                    pending.add(pool.submit(() -> {
                        try {
                            return sample(e.file(), e.label());
                        } catch (SnnaudioException ex) {
                            if (options.strict()) {
                                throw ex;
                            }
                            return ex.getMessage();
                        } finally {
                            options.progress().progress(done.incrementAndGet(), n);
                        }
                    }));
                    continue;
                }
                Object r = pending.poll().get();
                Entry e = entries.get(written++);
                if (r instanceof Sample smp) {
                    sink.accept(smp);
                    keptEntries.add(e);
                } else {
                    String msg = (String) r;
                    String prefix = e.file() + ": ";
                    skipped.add(new Skipped(e.file(), msg.startsWith(prefix) ? msg.substring(prefix.length()) : msg));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnnaudioException("feature extraction interrupted", e);
        } catch (ExecutionException e) {
            throw failure(e);
        } finally {
            pool.shutdownNow();
        }
        if (keptEntries.isEmpty()) {
            throw new SnnaudioException("no usable recordings: all " + n + " files were skipped"
                    + (skipped.isEmpty() ? "" : " (first: " + skipped.get(0) + ")"));
        }
        return new Extracted(keptEntries, skipped);
    }

    /**
     * Loads a dataset of any layout: SHD files are read as spikes directly (frontend and encoder are
     * not used), audio layouts are listed and built.
     */
    public static LoadedDataset load(DatasetConfig config, FeatureExtractor extractor, Options options) {
        if (config instanceof DatasetConfig.Shd shd) {
            return ShdReader.read(shd);
        }
        return extractor.build(Layouts.list(config, options.strict()), options);
    }

    /** A worker's failure as the one domain exception: its own message where it already is one. */
    private static SnnaudioException failure(ExecutionException e) {
        if (e.getCause() instanceof SnnaudioException se) {
            return se;
        }
        return new SnnaudioException("feature extraction failed: " + e.getCause(), e.getCause());
    }
}
