package org.snnaudio.core.loss;

import org.junit.jupiter.api.Test;
import org.snnaudio.core.SnnaudioException;

import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Values by hand and finite-difference gradients (double precision) of readouts, cross-entropy and regularisers. */
class ReadoutLossTest {
    private static final List<Readout> READOUTS = List.of(new Readout.SpikeCount(), new Readout.MaxMembrane(),
            new Readout.SumExpMembrane(), new Readout.MeanMembrane(), new Readout.LastMembrane());

    private static double[] random(Random r, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextGaussian();
        }
        return a;
    }

    /** Central differences of {@code f} at {@code x}. */
    private static double[] numeric(ToDoubleFunction<double[]> f, double[] x) {
        double[] g = new double[x.length];
        double h = 1e-6;
        for (int i = 0; i < x.length; i++) {
            double o = x[i];
            x[i] = o + h;
            double up = f.applyAsDouble(x);
            x[i] = o - h;
            double down = f.applyAsDouble(x);
            x[i] = o;
            g[i] = (up - down) / (2 * h);
        }
        return g;
    }

    @Test
    void readoutValuesByHand() {
        // 3 steps x 2 classes
        double[] tr = {1, 0, 3, 2, 2, 5};
        double[] l = new double[2];
        new Readout.SpikeCount().logits(tr, 3, 2, 1e-3, l);
        assertArrayEquals(new double[] {6, 7}, l, 0);
        new Readout.MaxMembrane().logits(tr, 3, 2, 1e-3, l);
        assertArrayEquals(new double[] {3, 5}, l, 0);
        new Readout.MeanMembrane().logits(tr, 3, 2, 1e-3, l);
        assertArrayEquals(new double[] {2, 7.0 / 3}, l, 1e-15);
        new Readout.LastMembrane().logits(tr, 3, 2, 1e-3, l);
        assertArrayEquals(new double[] {2, 5}, l, 0);
        // sum-exp: dt * sum_n exp(-n/3) v[n]
        new Readout.SumExpMembrane().logits(tr, 3, 2, 0.5, l);
        double e1 = Math.exp(-1.0 / 3);
        double e2 = Math.exp(-2.0 / 3);
        assertArrayEquals(new double[] {0.5 * (1 + 3 * e1 + 2 * e2), 0.5 * (0 + 2 * e1 + 5 * e2)}, l, 1e-15);
    }

    @Test
    void readoutGradientsMatchFiniteDifferences() {
        Random r = new Random(1);
        int steps = 7;
        int classes = 3;
        for (Readout ro : READOUTS) {
            double[] trace = random(r, steps * classes);
            double[] w = random(r, classes);
            ToDoubleFunction<double[]> f = x -> {
                double[] l = new double[classes];
                ro.logits(x, steps, classes, 0.01, l);
                double s = 0;
                for (int k = 0; k < classes; k++) {
                    s += w[k] * l[k];
                }
                return s;
            };
            double[] ana = new double[steps * classes];
            ro.backward(trace, steps, classes, 0.01, w, ana);
            assertArrayEquals(numeric(f, trace), ana, 1e-7, ro.name());
        }
    }

    @Test
    void crossEntropyValueAndGradient() {
        assertEquals(Math.log(4), CrossEntropy.lossAndGrad(new double[] {2, 2, 2, 2}, 4, 1, null), 1e-15);
        // stable for huge logits
        assertEquals(0, CrossEntropy.lossAndGrad(new double[] {1000, 0}, 2, 0, null), 1e-12);
        Random r = new Random(2);
        double[] x = random(r, 5);
        double[] g = new double[5];
        CrossEntropy.lossAndGrad(x, 5, 3, g);
        assertArrayEquals(numeric(v -> CrossEntropy.lossAndGrad(v, 5, 3, null), x), g, 1e-8);
        assertEquals(2, CrossEntropy.argmax(new double[] {1, 3, 3.5, 3.5}, 4));
        assertEquals("label must be in [0, 5), got 5",
                assertThrows(IllegalArgumentException.class, () -> CrossEntropy.lossAndGrad(x, 5, 5, null)).getMessage());
    }

    @Test
    void regularizerValuesByHand() {
        // 2 steps x 2 neurons: neuron 0 fires at both steps, neuron 1 never
        double[] s = {1, 0, 1, 0};
        double[] g = new double[4];
        // rates 1 and 0, target 0.25: (0.75^2 + 0.25^2) * 2
        assertEquals(2 * (0.5625 + 0.0625), new Regularizer.FiringRateTarget("h", 0.25, 2).apply(s, 2, 2, g), 1e-15);
        assertEquals(0.1 * 2, new Regularizer.SpikeCountL1("h", 0.1).apply(s, 2, 2, new double[4]), 1e-15);
        // counts 2 and 0: mean of squares 2
        assertEquals(0.1 * 2, new Regularizer.SpikeCountL2("h", 0.1).apply(s, 2, 2, new double[4]), 1e-15);
    }

    @Test
    void regularizerGradientsMatchFiniteDifferences() {
        Random r = new Random(3);
        int steps = 6;
        int n = 4;
        for (Regularizer reg : List.of(new Regularizer.FiringRateTarget("h", 0.2, 3), new Regularizer.SpikeCountL1("h", 0.5),
                new Regularizer.SpikeCountL2("h", 0.7))) {
            double[] s = new double[steps * n];
            for (int k = 0; k < s.length; k++) {
                s[k] = r.nextDouble();
            }
            double[] ana = new double[s.length];
            reg.apply(s, steps, n, ana);
            assertArrayEquals(numeric(x -> reg.apply(x, steps, n, new double[x.length]), s), ana, 1e-7, reg.spec());
            assertEquals(reg, Regularizer.parse(reg.spec()));
        }
    }

    @Test
    void namesRoundTripAndBadNamesAreClearErrors() {
        for (Readout ro : READOUTS) {
            assertEquals(ro, Readout.of(ro.name()));
        }
        assertTrue(assertThrows(SnnaudioException.class, () -> Readout.of("softmax")).getMessage().contains("got 'softmax'"));
        assertEquals(List.of(new Regularizer.SpikeCountL1("a", 0.1), new Regularizer.FiringRateTarget("b", 0.15, 10)),
                Regularizer.parseList("l1:a:0.1, rate:b:0.15:10"));
        assertEquals(List.of(), Regularizer.parseList(""));
        assertEquals("regularizer must be rate:LAYER:TARGET:WEIGHT, l1:LAYER:WEIGHT or l2:LAYER:WEIGHT, got 'l3:a:1'",
                assertThrows(SnnaudioException.class, () -> Regularizer.parse("l3:a:1")).getMessage());
        assertEquals("regularizer 'rate:a:1.5:1': firing-rate target must be in [0, 1], got 1.5",
                assertThrows(SnnaudioException.class, () -> Regularizer.parse("rate:a:1.5:1")).getMessage());
        assertTrue(assertThrows(SnnaudioException.class, () -> Regularizer.parse("l1:a:x")).getMessage()
                .startsWith("regularizer 'l1:a:x'"));
        assertEquals("regularizer weight must be >= 0 and finite, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> new Regularizer.SpikeCountL2("a", -1)).getMessage());
    }
}
