package org.snnaudio.cli.bench;

import org.snnaudio.core.SnnaudioException;

/** Placeholder until this benchmark is written; replace the whole file. */
final class EngineBench {
    private EngineBench() {
    }

    static int run(String config, int threads, double seconds) {
        throw new SnnaudioException("bench: this benchmark is not available yet");
    }
}
