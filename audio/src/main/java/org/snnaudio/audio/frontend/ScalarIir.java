package org.snnaudio.audio.frontend;

/**
 * The filterbank recursion in plain loops, four samples per pass over the filters: each filter's state
 * and sum are loaded and stored once per four samples, and the JIT vectorises the loop over filters.
 * Per filter and sample it performs exactly the float operations of {@link VectorIir}, in the same
 * order: {@code y = fma(c1, y1, fma(c2, y2, d))}, then {@code s = s + (y + |y|)} (half-wave) or
 * {@code s = s + |y|} (full-wave).
 */
final class ScalarIir implements IirBank.Kernel {
    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void run(IirBank b, float[] x, int from, int to, boolean halfWave) {
        float[] p1 = b.c1;
        float[] p2 = b.c2;
        float[] u1 = b.y1;
        float[] u2 = b.y2;
        float[] s = b.acc;
        int n = b.filters;
        float xm1 = b.x1;
        float xm2 = b.x2;
        int k = from;
        for (; k + 3 < to; k += 4) {
            float i0 = x[k];
            float i1 = x[k + 1];
            float i2 = x[k + 2];
            float i3 = x[k + 3];
            float d0 = i0 - xm2;
            float d1 = i1 - xm1;
            float d2 = i2 - i0;
            float d3 = i3 - i1;
            xm2 = i2;
            xm1 = i3;
            for (int f = 0; f < n; f++) {
                float q1 = p1[f];
                float q2 = p2[f];
                float w1 = u1[f];
                float w2 = u2[f];
                float ya = Math.fma(q1, w1, Math.fma(q2, w2, d0));
                float yb = Math.fma(q1, ya, Math.fma(q2, w1, d1));
                float yc = Math.fma(q1, yb, Math.fma(q2, ya, d2));
                float yd = Math.fma(q1, yc, Math.fma(q2, yb, d3));
                u2[f] = yc;
                u1[f] = yd;
                float a = s[f];
                if (halfWave) {
                    a = a + (ya + Math.abs(ya));
                    a = a + (yb + Math.abs(yb));
                    a = a + (yc + Math.abs(yc));
                    a = a + (yd + Math.abs(yd));
                } else {
                    a = a + Math.abs(ya);
                    a = a + Math.abs(yb);
                    a = a + Math.abs(yc);
                    a = a + Math.abs(yd);
                }
                s[f] = a;
            }
        }
        for (; k < to; k++) {
            float in = x[k];
            float d = in - xm2;
            xm2 = xm1;
            xm1 = in;
            for (int f = 0; f < n; f++) {
                float y = Math.fma(p1[f], u1[f], Math.fma(p2[f], u2[f], d));
                u2[f] = u1[f];
                u1[f] = y;
                s[f] = halfWave ? s[f] + (y + Math.abs(y)) : s[f] + Math.abs(y);
            }
        }
        b.x1 = xm1;
        b.x2 = xm2;
    }
}
