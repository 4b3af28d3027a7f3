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
import java.util.concurrent.Semaphore;
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
        List<Entry> entries = list.entries();
        int n = entries.size();
        Sample[] samples = new Sample[n];
        String[] errors = new String[n];
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "snnaudio-features");
            t.setDaemon(true);
            return t;
        });
        Semaphore inFlight = new Semaphore(2 * options.threads());
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                final int idx = i;
                inFlight.acquire();
                futures.add(pool.submit(() -> {
                    try {
                        Entry e = entries.get(idx);
                        samples[idx] = sample(e.file(), e.label());
                    } catch (SnnaudioException ex) {
                        errors[idx] = ex.getMessage();
                        if (options.strict()) {
                            throw ex;
                        }
                    } finally {
                        inFlight.release();
                        options.progress().progress(done.incrementAndGet(), n);
                    }
                    return null;
                }));
                if (options.strict() && futures.get(futures.size() - 1).isDone()) {
                    futures.get(futures.size() - 1).get();
                }
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnnaudioException("feature extraction interrupted", e);
        } catch (ExecutionException e) {
            throw failure(e);
        } finally {
            pool.shutdownNow();
        }
        List<Sample> kept = new ArrayList<>();
        List<Entry> keptEntries = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>(list.skipped());
        for (int i = 0; i < n; i++) {
            if (samples[i] != null) {
                kept.add(samples[i]);
                keptEntries.add(entries.get(i));
            } else {
                String msg = errors[i] == null ? "not processed" : errors[i];
                String prefix = entries.get(i).file() + ": ";
                skipped.add(new Skipped(entries.get(i).file(), msg.startsWith(prefix) ? msg.substring(prefix.length()) : msg));
            }
        }
        if (kept.isEmpty()) {
            throw new SnnaudioException("no usable recordings: all " + n + " files were skipped"
                    + (skipped.isEmpty() ? "" : " (first: " + skipped.get(0) + ")"));
        }
        return new LoadedDataset(new Dataset(kept, list.classNames()), keptEntries, skipped, stepSeconds());
    }

    /**
     * As {@link #build}, for data sets larger than the heap: the samples are written in list order to a
     * {@link SampleStore} at {@code storeFile} as they are made (at most {@code 2 x threads} files in flight)
     * and the dataset reads them back on demand through {@link StoredSamples}, holding at most
     * {@code resident} at once. Same samples, entries and skips as {@link #build}. The caller owns the file.
     */
    public LoadedDataset buildOnDisk(EntryList list, Options options, Path storeFile, int resident) {
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
        SampleStore store;
        try (SampleStore.Writer w = SampleStore.create(storeFile)) {
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
                    w.append(smp);
                    keptEntries.add(e);
                } else {
                    String msg = (String) r;
                    String prefix = e.file() + ": ";
                    skipped.add(new Skipped(e.file(), msg.startsWith(prefix) ? msg.substring(prefix.length()) : msg));
                }
            }
            store = w.finish();
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
        Dataset d = new Dataset(StoredSamples.of(store, resident), list.classNames());
        return new LoadedDataset(d, keptEntries, skipped, stepSeconds());
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
