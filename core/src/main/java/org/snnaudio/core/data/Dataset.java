package org.snnaudio.core.data;

import java.util.List;

/**
 * A labelled set of samples of one input shape, with class names. Samples may differ in length
 * (steps) but not in channel count. The samples are held in memory, or, when {@code samples} is a
 * {@link StoredSamples}, read from disk as they are used (labels, channels and subsets then come from
 * the store's index without reading any sample).
 */
public record Dataset(List<Sample> samples, List<String> classNames) {
    public Dataset {
        classNames = List.copyOf(classNames);
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("dataset needs at least one class name");
        }
        if (samples instanceof StoredSamples stored) {
            int[] labels = stored.labels();
            for (int i = 0; i < labels.length; i++) {
                checkLabel(i, labels[i], classNames.size());
            }
        } else {
            samples = List.copyOf(samples);
            int channels = -1;
            for (int i = 0; i < samples.size(); i++) {
                Sample s = samples.get(i);
                if (channels < 0) {
                    channels = s.channels();
                } else if (s.channels() != channels) {
                    throw new IllegalArgumentException("sample " + i + " has " + s.channels() + " channels, expected " + channels);
                }
                checkLabel(i, s.label(), classNames.size());
            }
        }
    }

    private static void checkLabel(int i, int label, int classes) {
        if (label < -1 || label >= classes) {
            throw new IllegalArgumentException("sample " + i + " has label " + label + ", expected [0, " + classes + ")");
        }
    }

    public int size() {
        return samples.size();
    }

    public int classes() {
        return classNames.size();
    }

    /** Channel count of the samples (0 when empty). */
    public int channels() {
        if (samples instanceof StoredSamples stored) {
            return stored.isEmpty() ? 0 : stored.channels();
        }
        return samples.isEmpty() ? 0 : samples.get(0).channels();
    }

    /** True when the samples are in memory, false when they are read from disk on demand. */
    public boolean inMemory() {
        return !(samples instanceof StoredSamples);
    }

    public Sample get(int i) {
        return samples.get(i);
    }

    /** The samples at the given indices, as a new dataset with the same classes. */
    public Dataset subset(int[] indices) {
        if (samples instanceof StoredSamples stored) {
            return new Dataset(stored.select(indices), classNames);
        }
        Sample[] s = new Sample[indices.length];
        for (int i = 0; i < indices.length; i++) {
            s[i] = samples.get(indices[i]);
        }
        return new Dataset(List.of(s), classNames);
    }

    /** Labels of all samples. */
    public int[] labels() {
        if (samples instanceof StoredSamples stored) {
            return stored.labels();
        }
        return samples.stream().mapToInt(Sample::label).toArray();
    }
}
