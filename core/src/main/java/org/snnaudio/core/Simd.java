package org.snnaudio.core;

/**
 * Whether this JVM runs the kernels written with the incubating Vector API: only when the module
 * {@code jdk.incubator.vector} is in the boot layer (the JVM was started with
 * {@code --add-modules jdk.incubator.vector}, as {@code ./snnaudio} does for every command but help and
 * version) and {@code -Dsnnaudio.vector=false} does not turn them off. Every such kernel has a plain-Java
 * twin that gives the same bits, so results never depend on this; only speed does. Classes that use the
 * Vector API are linked only after this says yes.
 */
public final class Simd {
    private static final boolean MODULE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    private static final boolean ENABLED = MODULE && !"false".equalsIgnoreCase(System.getProperty("snnaudio.vector", "true"));

    private Simd() {
    }

    /** True where the Vector API kernels run. */
    public static boolean enabled() {
        return ENABLED;
    }

    /** True where the module is present, whatever the property says (tests compare both kernels there). */
    public static boolean moduleAvailable() {
        return MODULE;
    }
}
