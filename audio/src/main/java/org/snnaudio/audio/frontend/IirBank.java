package org.snnaudio.audio.frontend;

import org.snnaudio.core.Simd;

import java.util.Arrays;

/**
 * State of the filterbank's biquad recursions and the kernel that advances them: per filter
 * {@code y[n] = (x[n] - x[n-2]) + c1 y[n-1] + c2 y[n-2]} (the output divided by b0, see
 * {@link FilterbankFrontend}), rectified and summed over the current bin, in single precision.
 *
 * <p>Two kernels compute the same float operations in the same order for every filter and sample, so
 * they give the same bits: {@link VectorIir} with the incubating Vector API, whose filter state stays in
 * registers over a whole range of samples (used when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}, as {@code ./snnaudio} does), and
 * {@link ScalarIir}, plain loops the JIT vectorises less well, otherwise. Filters are padded to a
 * multiple of {@link #PAD} with zero coefficients; the padding lanes are computed and never read.
 */
final class IirBank {
    /** Runs the recursion of a bank over {@code x[from, to)}, adding each rectified output into the sums. */
    interface Kernel {
        void run(IirBank bank, float[] x, int from, int to, boolean halfWave);

        String name();
    }

    /** Filters are padded to a multiple of this: 32 floats, two vectors of up to 512 bits. */
    static final int PAD = 32;

    private static final Kernel KERNEL = choose();

    final int filters;
    /** Feedback coefficients c1 = -a1 and c2 = -a2 (normalised by a0), padded with zeros. */
    final float[] c1;
    final float[] c2;
    /** The two previous outputs per filter. */
    final float[] y1;
    final float[] y2;
    /** Per filter: the sum of rectified outputs in the current bin (y + |y| for half-wave, |y| for full). */
    final float[] acc;
    /** The two previous input samples. */
    float x1;
    float x2;

    IirBank(double[] c1, double[] c2) {
        if (c1.length != c2.length) {
            throw new IllegalArgumentException("c1 and c2 differ in length: " + c1.length + " and " + c2.length);
        }
        this.filters = c1.length;
        int padded = (filters + PAD - 1) / PAD * PAD;
        this.c1 = new float[padded];
        this.c2 = new float[padded];
        for (int f = 0; f < filters; f++) {
            this.c1[f] = (float) c1[f];
            this.c2[f] = (float) c2[f];
        }
        this.y1 = new float[padded];
        this.y2 = new float[padded];
        this.acc = new float[padded];
    }

    /** Advances every filter over {@code x[from, to)} with the kernel this JVM runs. */
    void run(float[] x, int from, int to, boolean halfWave) {
        KERNEL.run(this, x, from, to, halfWave);
    }

    /** Clears the bin sums. */
    void clearSums() {
        Arrays.fill(acc, 0f);
    }

    /** Which kernel this JVM runs: {@code vector} or {@code scalar}. */
    static String kernelName() {
        return KERNEL.name();
    }

    /**
     * The Vector API kernel where {@link Simd#enabled()}, otherwise the plain loops. {@link VectorIir} is
     * resolved only when that branch runs, so a JVM without the module never links against it.
     */
    private static Kernel choose() {
        return Simd.enabled() ? new VectorIir() : new ScalarIir();
    }
}
