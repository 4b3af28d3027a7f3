package org.snnaudio.cli.bench;

import org.snnaudio.core.SnnaudioException;

/** Placeholder until this benchmark is written; replace the whole file. */
final class FeatureBench {
    private FeatureBench() {
    }

    static int run(double seconds) {
        throw new SnnaudioException("bench: this benchmark is not available yet");
    }
}
