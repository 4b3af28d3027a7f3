package org.snnaudio.core.data;

import java.util.List;

/**
 * A labelled set of samples of one input shape, with class names. Samples may differ in length
 * (steps) but not in channel count.
 */
public record Dataset(List<Sample> samples, List<String> classNames) {
    public Dataset {
        samples = List.copyOf(samples);
        classNames = List.copyOf(classNames);
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("dataset needs at least one class name");
        }
        int channels = -1;
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            if (channels < 0) {
                channels = s.channels();
            } else if (s.channels() != channels) {
                throw new IllegalArgumentException("sample " + i + " has " + s.channels() + " channels, expected " + channels);
            }
            if (s.label() < -1 || s.label() >= classNames.size()) {
                throw new IllegalArgumentException("sample " + i + " has label " + s.label() + ", expected [0, "
                        + classNames.size() + ")");
            }
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
        return samples.isEmpty() ? 0 : samples.get(0).channels();
    }

    public Sample get(int i) {
        return samples.get(i);
    }

    /** The samples at the given indices, as a new dataset with the same classes. */
    public Dataset subset(int[] indices) {
        Sample[] s = new Sample[indices.length];
        for (int i = 0; i < indices.length; i++) {
            s[i] = samples.get(indices[i]);
        }
        return new Dataset(List.of(s), classNames);
    }

    /** Labels of all samples. */
    public int[] labels() {
        return samples.stream().mapToInt(Sample::label).toArray();
    }
}
