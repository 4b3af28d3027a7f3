package org.snnaudio.audio.io;

import org.snnaudio.core.SnnaudioException;

/**
 * A mono recording: samples in [-1, 1] (full scale) at {@code sampleRate} hertz, with the name of its
 * source for error messages. The array is owned by the clip and must not be changed after construction.
 */
public record AudioClip(float[] samples, int sampleRate, String source) {
    public AudioClip {
        if (samples == null) {
            throw new SnnaudioException(source + ": no samples");
        }
        if (sampleRate <= 0) {
            throw new SnnaudioException(source + ": sample rate must be > 0 Hz, got " + sampleRate);
        }
        if (source == null) {
            source = "(audio)";
        }
    }

    /** Length in seconds. */
    public double seconds() {
        return samples.length / (double) sampleRate;
    }

    /** Number of samples. */
    public int length() {
        return samples.length;
    }

    /** The same source with other samples and rate. */
    public AudioClip with(float[] newSamples, int newRate) {
        return new AudioClip(newSamples, newRate, source);
    }
}
