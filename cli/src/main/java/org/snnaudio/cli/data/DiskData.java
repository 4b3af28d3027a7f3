package org.snnaudio.cli.data;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.snnaudio.audio.data.FeatureCache;
import org.snnaudio.audio.data.ProgressListener;
import org.snnaudio.audio.frontend.Features;
import org.snnaudio.audio.io.AudioReader;
import org.snnaudio.cli.config.ConfigIO;
import org.snnaudio.cli.config.PipelineConfig.AugmentConfig;
import org.snnaudio.cli.pipeline.Augmenter;
import org.snnaudio.cli.pipeline.Pipeline;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.data.DenseSample;
import org.snnaudio.core.data.Dataset;
import org.snnaudio.core.data.Sample;
import org.snnaudio.core.data.SampleStore;
import org.snnaudio.core.data.SpikeSample;
import org.snnaudio.core.data.StoredSamples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.RandomAccess;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Pipeline data through disk with bounded memory, for data sets larger than the heap: the recordings'
 * frontend features are computed in parallel straight into the on-disk {@link FeatureCache} (keyed by
 * file content and the frontend settings, so a second run reads them back), the feature scaler is
 * fitted from the cache, and the encoded samples (augmented copies included) are written in order to a
 * {@link SampleStore} that training reads on demand through {@link StoredSamples}. At most
 * {@code 2 x threads} recordings are in flight while extracting and {@link Settings#residentSamples}
 * samples are held while training; the samples, and so the trained weights, are bit for bit those of
 * the in-memory path.
 */
public final class DiskData {
    /** Where the pipeline keeps its samples. */
    public enum Mode {
        /** Everything in memory. */
        MEMORY,
        /** Features and samples on disk, read on demand. */
        DISK,
        /** Disk when the estimated size exceeds the memory budget, memory otherwise. */
        AUTO;

        /** {@code true}/{@code memory}, {@code false}/{@code disk}, or {@code auto}. */
        public static Mode parse(String s) {
            return switch (s.strip().toLowerCase(Locale.ROOT)) {
                case "true", "memory" -> MEMORY;
                case "false", "disk" -> DISK;
                case "auto" -> AUTO;
                default -> throw new SnnaudioException("data in-memory setting must be true, false or auto, got '" + s + "'");
            };
        }
    }

    /**
     * How data are kept.
     *
     * @param mode             memory, disk, or chosen by size
     * @param cacheDir         folder of the feature cache and the sample stores
     * @param memoryBudget     bytes the in-memory data may take before {@link Mode#AUTO} goes to disk
     * @param residentSamples  samples held in memory at once when training from disk
     */
    public record Settings(Mode mode, Path cacheDir, long memoryBudget, int residentSamples) {
        public Settings {
            if (mode == null || cacheDir == null) {
                throw new SnnaudioException("data settings need a mode and a cache folder");
            }
            if (memoryBudget <= 0) {
                throw new SnnaudioException("data memory budget must be > 0 bytes, got " + memoryBudget);
            }
            if (residentSamples < 1) {
                throw new SnnaudioException("resident samples must be >= 1, got " + residentSamples);
            }
        }

        /**
         * From system properties: {@code snnaudio.data.in-memory} (true, false or auto; default auto),
         * {@code snnaudio.cache.dir} (default {@code ~/.cache/snnaudio}), {@code snnaudio.data.memory-budget}
         * (bytes; default half the maximum heap), {@code snnaudio.data.resident} (default 256).
         */
        public static Settings fromSystem() {
            Mode m = Mode.parse(System.getProperty("snnaudio.data.in-memory", "auto"));
            String dir = System.getProperty("snnaudio.cache.dir");
            Path cache = dir != null ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".cache", "snnaudio");
            long budget = Runtime.getRuntime().maxMemory() / 2;
            String b = System.getProperty("snnaudio.data.memory-budget");
            if (b != null) {
                try {
                    budget = Long.parseLong(b.strip());
                } catch (NumberFormatException e) {
                    throw new SnnaudioException("snnaudio.data.memory-budget must be a byte count, got '" + b + "'");
                }
            }
            int resident = Integer.getInteger("snnaudio.data.resident", 256);
            return new Settings(m, cache, budget, resident);
        }

        public Settings withMode(Mode m) {
            return new Settings(m, cacheDir, memoryBudget, residentSamples);
        }
    }

    private final Settings settings;
    private final ProgressListener progress;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    /** Why the data go to disk (for the console note). */
    private String reason = "asked for";

    /** {@code progress} is told after each recording of each pass (null: a console bar when there is a console). */
    public DiskData(Settings settings, ProgressListener progress) {
        this.settings = settings;
        this.progress = progress;
    }

    public Settings settings() {
        return settings;
    }

    /** The most recordings or samples that were being worked on at once (for checks of the memory bound). */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    /**
     * Whether data of {@code items} (with {@code copies} augmented copies each) go to disk: always for
     * {@link Mode#DISK}, never for {@link Mode#MEMORY}, and for {@link Mode#AUTO} when
     * {@link #estimateBytes} exceeds the memory budget.
     */
    public boolean useDisk(Pipeline p, List<DataSource.Item> items, int copies) {
        return switch (settings.mode()) {
            case DISK -> {
                reason = "asked for";
                yield true;
            }
            case MEMORY -> false;
            case AUTO -> {
                long est = items.isEmpty() ? 0 : estimateBytes(p, items, copies);
                reason = String.format(Locale.ROOT, "about %.1f MB estimated, over the budget of %.1f MB", est / 1e6,
                        settings.memoryBudget() / 1e6);
                yield est > settings.memoryBudget();
            }
        };
    }

    /**
     * Bytes the in-memory path would hold for these recordings, from the first one: its features and
     * its encoded sample (dense values at 4 bytes; spikes at 4 bytes per event and step) times the
     * number of recordings and copies.
     */
    public static long estimateBytes(Pipeline p, List<DataSource.Item> items, int copies) {
        Features f = p.features(AudioReader.read(items.get(0).file()));
        Sample s = p.encode(f, 0);
        long sample = switch (s) {
            case DenseSample d -> 4L * d.values().length;
            case SpikeSample sp -> 4L * (sp.stepStart().length + sp.channelIndex().length);
        };
        long one = 4L * f.values().length + sample + 64;
        return one * items.size() * (1L + Math.max(0, copies));
    }

    /**
     * The training set of {@code train} through disk: features into the cache, the scaler fitted from
     * them (when the encoder normalises), then the samples and {@code aug.copies()} perturbed copies
     * of each recording (copy-major, as the in-memory path orders them) into a sample store.
     */
    public Dataset trainingSet(Pipeline p, LabelledData train, AugmentConfig aug, int threads) {
        List<DataSource.Item> items = train.items();
        if (progress == null) {
            System.err.println("training data through disk (" + reason + "); feature cache " + settings.cacheDir().resolve("features"));
        }
        String[] keys = extract(p, items, threads, "features (train)");
        CachedFeatures feats = new CachedFeatures(p, items, keys, cache());
        p.fitScaler(feats);
        int[] labels = train.labels();
        int copies = aug == null ? 0 : aug.copies();
        int n = items.size();
        IntFunction<Sample> make = k -> {
            int i = k % n;
            if (k < n) {
                return p.encode(feats.get(i), labels[i]);
            }
            var clip = AudioReader.read(items.get(i).file());
            return p.encode(Augmenter.perturbedFeatures(p, clip, aug, k / n - 1, i), labels[i]);
        };
        return store(n * (1 + copies), make, threads, train.classes(), "samples (train)");
    }

    /** Samples of labelled recordings through disk, labels indexing the pipeline's classes (validation, test). */
    public Dataset samples(Pipeline p, LabelledData data, int threads) {
        List<DataSource.Item> items = data.items();
        String[] keys = extract(p, items, threads, "features");
        CachedFeatures feats = new CachedFeatures(p, items, keys, cache());
        int[] labels = new int[items.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = p.classNames().indexOf(items.get(i).label());
        }
        return store(items.size(), k -> p.encode(feats.get(k), labels[k]), threads, p.classNames(), "samples");
    }

    private FeatureCache cache() {
        return new FeatureCache(settings.cacheDir().resolve("features"));
    }

    /** The settings that decide a recording's features (as the in-memory path keys them). */
    static String featureSettings(Pipeline p) {
        return ConfigIO.toJson(p.config().withTraining(null).withSplit(null).withNetwork(null).withEncoder(null));
    }

    /** Features of every item into the cache (in parallel, bounded); returns each item's cache key. */
    private String[] extract(Pipeline p, List<DataSource.Item> items, int threads, String task) {
        FeatureCache cache = cache();
        String settingsText = featureSettings(p);
        String[] keys = new String[items.size()];
        forEachOrdered(items.size(), i -> {
            Path file = items.get(i).file();
            byte[] bytes = AudioReader.readBytes(file);
            String key = FeatureCache.key(FeatureCache.sha256(bytes), settingsText);
            if (!cache.contains(key)) {
                cache.put(key, p.features(AudioReader.read(bytes, file.toString())));
            }
            return key;
        }, (i, key) -> keys[i] = key, threads, task);
        return keys;
    }

    private Dataset store(int n, IntFunction<Sample> make, int threads, List<String> classes, String task) {
        Path dir = settings.cacheDir().resolve("samples");
        Path file;
        try {
            Files.createDirectories(dir);
            file = Files.createTempFile(dir, "samples-", ".bin");
        } catch (IOException e) {
            throw new SnnaudioException(dir + ": cannot create a sample store (" + e.getMessage() + ")", e);
        }
        // the store depends on this run's scaler and encoder: it goes when its dataset does (or at exit)
        file.toFile().deleteOnExit();
        SampleStore.Writer w = SampleStore.create(file);
        try {
            forEachOrdered(n, make::apply, (i, s) -> w.append(s), threads, task);
        } catch (RuntimeException e) {
            w.close();
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // an empty placeholder left in the cache folder is harmless
            }
            throw e;
        }
        SampleStore st = w.finish().deleteWhenUnreachable();
        return new Dataset(StoredSamples.of(st, settings.residentSamples()), classes);
    }

    /** Consumer of one result with its index. */
    private interface Sink<T> {
        void accept(int index, T value);
    }

    /**
     * Runs {@code work(0..n)} on {@code threads} workers with at most {@code 2 x threads} results in
     * flight, handing results to {@code sink} in index order on the calling thread.
     */
    private <T> void forEachOrdered(int n, IntFunction<T> work, Sink<T> sink, int threads, String task) {
        int window = 2 * Math.max(1, threads);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "snnaudio-disk-data");
            t.setDaemon(true);
            return t;
        });
        ArrayDeque<Future<T>> pending = new ArrayDeque<>();
        ProgressListener bar = progress != null ? progress : consoleBar(task, n);
        int done = 0;
        try {
            for (int i = 0; i < n || !pending.isEmpty(); ) {
                if (i < n && pending.size() < window) {
                    int idx = i++;
                    int now = inFlight.incrementAndGet();
                    maxInFlight.accumulateAndGet(now, Math::max);
                    pending.add(pool.submit(() -> work.apply(idx)));
                    continue;
                }
                T v = pending.peek().get();
                pending.poll();
                sink.accept(done, v);
                inFlight.decrementAndGet();
                bar.progress(++done, n);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnnaudioException(task + " interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof SnnaudioException se) {
                throw se;
            }
            throw new SnnaudioException(task + " failed: " + c, c);
        } finally {
            inFlight.addAndGet(-pending.size());
            pool.shutdownNow();
            if (bar instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing a console bar cannot lose data
                }
            }
        }
    }

    private static ProgressListener consoleBar(String task, int n) {
        if (System.console() == null || n == 0) {
            return ProgressListener.NONE;
        }
        return new ConsoleBar(task, n);
    }

    /** A progress bar on standard error. */
    private static final class ConsoleBar implements ProgressListener, AutoCloseable {
        private final ProgressBar bar;

        ConsoleBar(String task, int n) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(n).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250).setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
        }

        @Override
        public void progress(int done, int total) {
            bar.stepTo(done);
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    /**
     * The items' features read from the cache on each {@code get} (none held here); an entry that
     * went missing or unreadable is computed again from its recording.
     */
    static final class CachedFeatures extends AbstractList<Features> implements RandomAccess {
        private final Pipeline p;
        private final List<DataSource.Item> items;
        private final String[] keys;
        private final FeatureCache cache;

        CachedFeatures(Pipeline p, List<DataSource.Item> items, String[] keys, FeatureCache cache) {
            this.p = p;
            this.items = items;
            this.keys = keys;
            this.cache = cache;
        }

        @Override
        public Features get(int i) {
            Features f = cache.get(keys[i]);
            if (f == null) {
                f = p.features(AudioReader.read(items.get(i).file()));
                cache.put(keys[i], f);
            }
            return f;
        }

        @Override
        public int size() {
            return keys.length;
        }
    }
}
