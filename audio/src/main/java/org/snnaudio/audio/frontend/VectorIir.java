package org.snnaudio.audio.frontend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The filterbank recursion with the incubating Vector API: filters in vectors of the machine's preferred
 * width, two vectors at a time with their state and sums held in registers over the whole range, so the
 * chain from one sample to the next is a single fused multiply-add. Loaded only by {@link IirBank} when the
 * JVM runs with {@code --add-modules jdk.incubator.vector}; lane by lane it performs the float operations
 * of {@link ScalarIir} in the same order, so both give the same bits.
 */
final class VectorIir implements IirBank.Kernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    static {
        if (IirBank.PAD % (2 * L) != 0) {
            throw new IllegalStateException("IirBank.PAD " + IirBank.PAD + " is not a multiple of two " + L + "-lane vectors");
        }
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public void run(IirBank b, float[] x, int from, int to, boolean halfWave) {
        if (to <= from) {
            return;
        }
        // the bank is padded to a multiple of two vectors (IirBank.PAD), so pairs cover every filter
        for (int g = 0; g < b.filters; g += 2 * L) {
            pair(b, g, x, from, to, halfWave);
        }
        // the input history after the range, as the scalar kernel leaves it
        if (to - from >= 2) {
            b.x2 = x[to - 2];
        } else {
            b.x2 = b.x1;
        }
        b.x1 = x[to - 1];
    }

    private static void pair(IirBank b, int g, float[] x, int from, int to, boolean halfWave) {
        FloatVector q1a = FloatVector.fromArray(S, b.c1, g);
        FloatVector q2a = FloatVector.fromArray(S, b.c2, g);
        FloatVector q1b = FloatVector.fromArray(S, b.c1, g + L);
        FloatVector q2b = FloatVector.fromArray(S, b.c2, g + L);
        FloatVector w1a = FloatVector.fromArray(S, b.y1, g);
        FloatVector w2a = FloatVector.fromArray(S, b.y2, g);
        FloatVector w1b = FloatVector.fromArray(S, b.y1, g + L);
        FloatVector w2b = FloatVector.fromArray(S, b.y2, g + L);
        FloatVector sa = FloatVector.fromArray(S, b.acc, g);
        FloatVector sb = FloatVector.fromArray(S, b.acc, g + L);
        float xm1 = b.x1;
        float xm2 = b.x2;
        for (int k = from; k < to; k++) {
            float in = x[k];
            FloatVector d = FloatVector.broadcast(S, in - xm2);
            xm2 = xm1;
            xm1 = in;
            FloatVector ya = q1a.fma(w1a, q2a.fma(w2a, d));
            FloatVector yb = q1b.fma(w1b, q2b.fma(w2b, d));
            w2a = w1a;
            w1a = ya;
            w2b = w1b;
            w1b = yb;
            if (halfWave) {
                sa = sa.add(ya.add(ya.abs()));
                sb = sb.add(yb.add(yb.abs()));
            } else {
                sa = sa.add(ya.abs());
                sb = sb.add(yb.abs());
            }
        }
        w1a.intoArray(b.y1, g);
        w2a.intoArray(b.y2, g);
        w1b.intoArray(b.y1, g + L);
        w2b.intoArray(b.y2, g + L);
        sa.intoArray(b.acc, g);
        sb.intoArray(b.acc, g + L);
    }
}
