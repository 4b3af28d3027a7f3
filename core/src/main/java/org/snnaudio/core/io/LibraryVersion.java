package org.snnaudio.core.io;

/**
 * The snnaudio version recorded in model files and reports. Kept equal to the Maven project version
 * by a test that reads the pom.
 */
public final class LibraryVersion {
    /** The library version. */
    public static final String VERSION = "0.1.0-SNAPSHOT";

    private LibraryVersion() {
    }
}
