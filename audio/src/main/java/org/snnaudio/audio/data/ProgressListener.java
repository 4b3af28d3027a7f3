package org.snnaudio.audio.data;

/** Told after each file of a dataset run; called from worker threads, so implementations must be thread-safe. */
@FunctionalInterface
public interface ProgressListener {
    void progress(int done, int total);

    ProgressListener NONE = (d, t) -> { };
}
