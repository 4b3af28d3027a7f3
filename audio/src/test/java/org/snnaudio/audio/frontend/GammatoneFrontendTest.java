package org.snnaudio.audio.frontend;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.snnaudio.audio.TestAudio;
import org.snnaudio.core.SnnaudioException;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GammatoneFrontendTest {
    private static final FrontendConfig.Gammatone SMALL = new FrontendConfig.Gammatone(16000, 64, 100, 6000, 0.01, 0.3, true, 400, 0.001);

    @Test
    void centresAreErbSpacedAndFiltersHaveUnitGainAtTheirCentre() {
        GammatoneFrontend g = (GammatoneFrontend) FrontendConfig.Gammatone.defaults().create();
        double[] cf = g.centres();
        assertEquals(700, cf.length);
        assertEquals(50, cf[0], 1e-9);
        assertEquals(7500, cf[699], 1e-6);
        double step = GammatoneFrontend.erbRate(cf[1]) - GammatoneFrontend.erbRate(cf[0]);
        for (int i = 1; i < cf.length; i++) {
            assertEquals(step, GammatoneFrontend.erbRate(cf[i]) - GammatoneFrontend.erbRate(cf[i - 1]), 1e-9);
        }
        // analog mode, compression 1: a tone at a centre frequency gives mean half-wave output A/pi there
        FrontendConfig.Gammatone lin = new FrontendConfig.Gammatone(16000, 32, 200, 5000, 0.05, 1.0, false, 400, 0);
        GammatoneFrontend gl = (GammatoneFrontend) lin.create();
        int k = 20;
        Features out = gl.process(TestAudio.sine(gl.centres()[k], 0.5, 16000, 16000));
        assertEquals(0.5 / Math.PI, out.get(10, k), 0.005);
    }

    @Test
    void aToneMakesTheChannelsNearItsFrequencyFireMost() {
        GammatoneFrontend g = (GammatoneFrontend) SMALL.create();
        for (double f : new double[]{300, 1000, 3000}) {
            Features out = g.process(TestAudio.sine(f, 0.3, 16000, 8000));
            double[] total = new double[g.channels()];
            for (int t = 0; t < out.frames(); t++) {
                for (int c = 0; c < g.channels(); c++) {
                    total[c] += out.get(t, c);
                }
            }
            int best = 0;
            for (int c = 1; c < total.length; c++) {
                if (total[c] > total[best]) {
                    best = c;
                }
            }
            double cf = g.centres()[best];
            assertTrue(Math.abs(GammatoneFrontend.erbRate(cf) - GammatoneFrontend.erbRate(f)) < 1.0,
                    f + " Hz peaked at channel " + best + " (" + cf + " Hz)");
            assertTrue(total[best] > 20, "spikes at the peak: " + total[best]);
        }
    }

    @Test
    void silenceGivesNoSpikesAndSpikeTimesMatchTheCounts() {
        GammatoneFrontend g = (GammatoneFrontend) SMALL.create();
        Features quiet = g.process(new float[4000]);
        for (float v : quiet.values()) {
            assertEquals(0f, v);
        }
        float[] x = TestAudio.sine(800, 0.3, 16000, 4000);
        Features out = g.process(x);
        GammatoneFrontend.SpikeEvents ev = g.spikeEvents(x);
        double sum = 0;
        for (float v : out.values()) {
            sum += v;
        }
        assertEquals(sum, ev.times().length);
        for (int i = 0; i < ev.times().length; i++) {
            int bin = (int) Math.floor(ev.times()[i] / 0.01 + 1e-9);
            assertTrue(out.get(bin, ev.units()[i]) >= 1);
            if (i > 0) {
                assertTrue(ev.times()[i] >= ev.times()[i - 1]);
            }
        }
        // the refractory period (1 ms) bounds the rate: at most 10 spikes per 10 ms bin
        for (float v : out.values()) {
            assertTrue(v <= 10, "count " + v);
        }
    }

    @RepeatedTest(4)
    void streamingEqualsOffline(RepetitionInfo info) {
        Random r = new Random(31 + info.getCurrentRepetition());
        Frontend f = (info.getCurrentRepetition() % 2 == 0 ? SMALL
                : new FrontendConfig.Gammatone(8000, 40, 80, 3500, 0.004, 1.0 / 3, false, 100, 0)).create();
        float[] x = new float[500 + r.nextInt(8000)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.3 * Math.sin(i * 0.2) + 0.1 * r.nextGaussian());
        }
        Features offline = f.process(x);
        FrameCollector col = new FrameCollector(f.channels());
        FrameStream s = f.newStream();
        for (int pos = 0; pos < x.length; ) {
            int n = Math.min(x.length - pos, r.nextInt(400));
            s.push(x, pos, n, col);
            pos += n;
        }
        s.finish(col);
        assertArrayEquals(offline.values(), col.features(f.framePeriod()).values(), 0f);
    }

    @Test
    void validation() {
        assertEquals("fHigh must be below the Nyquist frequency 4000.0 Hz, got 7500.0", assertThrows(SnnaudioException.class,
                () -> new FrontendConfig.Gammatone(8000, 700, 50, 7500, 0.01, 0.3, true, 400, 0.001)).getMessage());
        assertEquals("compression must be in [0.01, 1.0], got 2.0", assertThrows(SnnaudioException.class,
                () -> new FrontendConfig.Gammatone(16000, 700, 50, 7500, 0.01, 2, true, 400, 0.001)).getMessage());
        assertEquals("channels must be > 0, got 0", assertThrows(SnnaudioException.class,
                () -> new FrontendConfig.Gammatone(16000, 0, 50, 7500, 0.01, 0.3, true, 400, 0.001)).getMessage());
    }
}
