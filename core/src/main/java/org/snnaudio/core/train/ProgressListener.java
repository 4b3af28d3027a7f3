package org.snnaudio.core.train;

/**
 * Receives training progress, for progress bars and logs. Called on the training thread; keep it
 * cheap. An exception thrown here stops training (the last checkpoint stays valid).
 */
public interface ProgressListener {
    /** After every training batch. */
    default void onBatch(BatchProgress progress) {
    }

    /** After every epoch, once validation, scheduling and the checkpoint are done. */
    default void onEpoch(EpochRecord record) {
    }

    /** A listener that ignores everything. */
    static ProgressListener none() {
        return new ProgressListener() {
        };
    }
}
