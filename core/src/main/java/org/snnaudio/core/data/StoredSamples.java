package org.snnaudio.core.data;

import org.snnaudio.core.SnnaudioException;

import java.util.AbstractList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.RandomAccess;

/**
 * A read-only list of samples kept in a {@link SampleStore} on disk: {@link #get} reads the sample
 * when it is not among the last {@code capacity} samples used (a least-recently-used cache shared by
 * all views of one store, {@link #select}), so at most {@code capacity} samples are held here at once
 * whatever the store's size. A {@link Dataset} built on it trains exactly as one holding the same
 * samples in memory.
 */
public final class StoredSamples extends AbstractList<Sample> implements RandomAccess {
    private final SampleStore store;
    /** Store index of each element, or null for the identity. */
    private final int[] index;
    private final Cache cache;

    private StoredSamples(SampleStore store, int[] index, Cache cache) {
        this.store = store;
        this.index = index;
        this.cache = cache;
    }

    /** All samples of {@code store}, at most {@code capacity} of them resident at once. */
    public static StoredSamples of(SampleStore store, int capacity) {
        if (capacity < 1) {
            throw new SnnaudioException("sample cache capacity must be >= 1, got " + capacity);
        }
        return new StoredSamples(store, null, new Cache(capacity));
    }

    /** The elements at {@code positions} of this list, as a view sharing the store and its cache. */
    public StoredSamples select(int[] positions) {
        int[] idx = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            idx[i] = storeIndex(positions[i]);
        }
        return new StoredSamples(store, idx, cache);
    }

    private int storeIndex(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException("sample " + i + " of " + size());
        }
        return index == null ? i : index[i];
    }

    @Override
    public Sample get(int i) {
        return cache.get(store, storeIndex(i));
    }

    @Override
    public int size() {
        return index == null ? store.size() : index.length;
    }

    /** Label of element {@code i}, without reading it. */
    public int label(int i) {
        return store.label(storeIndex(i));
    }

    /** Labels of all elements, without reading them. */
    public int[] labels() {
        int[] l = new int[size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = store.label(storeIndex(i));
        }
        return l;
    }

    /** Channel count of the samples. */
    public int channels() {
        return store.channels();
    }

    public SampleStore store() {
        return store;
    }

    /** Samples held in the cache now (at most its capacity). */
    public int resident() {
        return cache.resident();
    }

    /** The most samples the cache has held at once. */
    public int maxResident() {
        return cache.maxResident();
    }

    /** Samples read from disk so far. */
    public long reads() {
        return cache.reads();
    }

    /** The cache's capacity in samples. */
    public int capacity() {
        return cache.capacity;
    }

    /** A bounded least-recently-used cache of store index to sample. */
    private static final class Cache {
        private final int capacity;
        private final LinkedHashMap<Integer, Sample> map;
        private int maxResident;
        private long reads;

        Cache(int capacity) {
            this.capacity = capacity;
            this.map = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Integer, Sample> eldest) {
                    return size() > Cache.this.capacity;
                }
            };
        }

        Sample get(SampleStore store, int i) {
            synchronized (this) {
                Sample s = map.get(i);
                if (s != null) {
                    return s;
                }
            }
            // read outside the lock so parallel readers do not wait for each other's disk reads
            Sample s = store.read(i);
            synchronized (this) {
                reads++;
                map.put(i, s);
                maxResident = Math.max(maxResident, map.size());
                return s;
            }
        }

        synchronized int resident() {
            return map.size();
        }

        synchronized int maxResident() {
            return maxResident;
        }

        synchronized long reads() {
            return reads;
        }
    }
}
