package org.snnaudio.audio.frontend;

import java.util.Arrays;

/** A {@link FrameSink} that gathers frames into one growing array. */
public final class FrameCollector implements FrameSink {
    private final int channels;
    private float[] data;
    private int frames;

    public FrameCollector(int channels) {
        this(channels, 64);
    }

    /** A collector with room for {@code frames} frames before it grows. */
    public FrameCollector(int channels, int frames) {
        this.channels = channels;
        this.data = new float[channels * Math.max(1, frames)];
    }

    @Override
    public void frame(float[] values) {
        if ((frames + 1) * channels > data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
        System.arraycopy(values, 0, data, frames * channels, channels);
        frames++;
    }

    public int frames() {
        return frames;
    }

    /** The collected frames (the collector must not be used afterwards). */
    public Features features(double framePeriod) {
        return new Features(data.length == frames * channels ? data : Arrays.copyOf(data, frames * channels),
                frames, channels, framePeriod);
    }
}
