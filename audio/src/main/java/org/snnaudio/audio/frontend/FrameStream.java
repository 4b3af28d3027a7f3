package org.snnaudio.audio.frontend;

/**
 * A frontend run chunk by chunk with its state kept between chunks: push audio in any chunk sizes and
 * the frames come out as soon as they are complete; {@link #finish} emits what the end of the signal
 * completes (for example frames that need the right-hand reflect padding). The frames equal, value for
 * value, what {@link Frontend#process} gives for the concatenated audio. Not thread-safe; one per stream.
 */
public interface FrameStream {
    /** Pushes {@code length} samples from {@code samples[offset..]}; completed frames go to {@code sink}. */
    void push(float[] samples, int offset, int length, FrameSink sink);

    /** Marks the end of the signal and emits the remaining frames; the stream cannot be used afterwards. */
    void finish(FrameSink sink);

    default void push(float[] samples, FrameSink sink) {
        push(samples, 0, samples.length, sink);
    }
}
