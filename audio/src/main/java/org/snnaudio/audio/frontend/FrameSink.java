package org.snnaudio.audio.frontend;

/** Receives frames from a {@link FrameStream}; the array is only valid during the call (copy to keep it). */
@FunctionalInterface
public interface FrameSink {
    void frame(float[] values);
}
