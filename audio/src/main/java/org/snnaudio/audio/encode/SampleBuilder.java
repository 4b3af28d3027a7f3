package org.snnaudio.audio.encode;

import org.snnaudio.core.data.DenseSample;
import org.snnaudio.core.data.Sample;
import org.snnaudio.core.data.SpikeSample;

import java.util.Arrays;

/** A {@link StepSink} that assembles the steps into a {@link SpikeSample} or {@link DenseSample}. */
public final class SampleBuilder implements StepSink {
    private final int channels;
    private int steps;
    private int[] stepStart = new int[65];
    private int[] events = new int[256];
    private int nEvents;
    private float[] dense;
    private boolean analog;

    public SampleBuilder(int channels) {
        this.channels = channels;
    }

    @Override
    public void spikes(int[] ch, int count) {
        if (steps + 2 > stepStart.length) {
            stepStart = Arrays.copyOf(stepStart, stepStart.length * 2);
        }
        if (nEvents + count > events.length) {
            events = Arrays.copyOf(events, Math.max(events.length * 2, nEvents + count));
        }
        System.arraycopy(ch, 0, events, nEvents, count);
        nEvents += count;
        steps++;
        stepStart[steps] = nEvents;
    }

    @Override
    public void current(float[] values) {
        analog = true;
        if (dense == null) {
            dense = new float[channels * 64];
        }
        if ((steps + 1) * channels > dense.length) {
            dense = Arrays.copyOf(dense, dense.length * 2);
        }
        System.arraycopy(values, 0, dense, steps * channels, channels);
        steps++;
    }

    public int steps() {
        return steps;
    }

    /** The assembled sample. */
    public Sample build(int label) {
        if (analog) {
            return new DenseSample(Arrays.copyOf(dense, steps * channels), steps, channels, label);
        }
        return new SpikeSample(Arrays.copyOf(stepStart, steps + 1), Arrays.copyOf(events, nEvents), steps, channels, label);
    }
}
