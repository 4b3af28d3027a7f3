package org.snnaudio.audio.encode;

/** An encoder run frame by frame with its state (membranes, references, random stream) kept. */
public interface EncoderStream {
    /** Encodes one frame into {@code stepsPerFrame} steps delivered to {@code sink}. */
    void push(float[] frame, StepSink sink);
}
