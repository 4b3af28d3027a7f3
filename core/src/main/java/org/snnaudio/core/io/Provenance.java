package org.snnaudio.core.io;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Where a saved model came from, so a result can be traced and reproduced: the configuration it was
 * trained with, the seed, a SHA-256 of the training data ({@link DatasetHash}), the library version,
 * the JVM and the processor architecture, and the creation time.
 *
 * @param config         the training/pipeline configuration as text (JSON or YAML), or null
 * @param seed           the training seed
 * @param datasetSha256  lower-case hex SHA-256 of the training data, or null when unknown
 * @param libraryVersion snnaudio version that wrote the model
 * @param javaVersion    {@code java.version} of the writing JVM
 * @param osArch         {@code os.arch} of the writing machine
 * @param createdAt      creation time (UTC, millisecond precision)
 */
public record Provenance(String config, long seed, String datasetSha256, String libraryVersion, String javaVersion,
                         String osArch, Instant createdAt) {
    public Provenance {
        Objects.requireNonNull(libraryVersion, "libraryVersion");
        Objects.requireNonNull(javaVersion, "javaVersion");
        Objects.requireNonNull(osArch, "osArch");
        Objects.requireNonNull(createdAt, "createdAt");
        if (datasetSha256 != null && !datasetSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("datasetSha256 must be 64 lower-case hex digits, got '" + datasetSha256 + "'");
        }
    }

    /** Provenance for a model trained now, on this JVM and machine. */
    public static Provenance capture(String config, long seed, String datasetSha256) {
        return new Provenance(config, seed, datasetSha256, LibraryVersion.VERSION, System.getProperty("java.version"),
                System.getProperty("os.arch"), Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }
}
