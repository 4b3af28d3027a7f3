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

class FilterbankFrontendTest {

    @Test
    void nwaveSetupAt16kHzKeeps13FiltersAndWarns() {
        FilterbankFrontend f = (FilterbankFrontend) FrontendConfig.IirFilterbank.defaults().create();
        assertEquals(13, f.channels());
        assertEquals(1, f.warnings().size());
        assertEquals("filterbank: using 13 of 16 filters for 16000 Hz audio (3 lie above the Nyquist frequency 8000.0 Hz)",
                f.warnings().get(0));
        assertEquals(97.6, f.centres()[0], 1e-9);
        double ratio = Math.pow(15900 / 97.6, 1 / 15.0);
        assertEquals(97.6 * Math.pow(ratio, 12), f.centres()[12], 1e-6);
        assertEquals(0.008, f.framePeriod(), 1e-12);
        // 1 s of audio in 8 ms bins gives NWAVE's 125 steps
        assertEquals(125, f.process(new float[16000]).frames());
        FrontendConfig.IirFilterbank at44 = new FrontendConfig.IirFilterbank(44100, 16, 97.6, 15900, 3, 0.008, null);
        assertEquals(16, at44.create().channels());
        assertTrue(at44.create().warnings().isEmpty());
    }

    @Test
    void aToneExcitesTheFilterCentredOnIt() {
        FilterbankFrontend f = (FilterbankFrontend) FrontendConfig.IirFilterbank.defaults().create();
        for (int k : new int[]{2, 6, 10}) {
            double cf = f.centres()[k];
            Features out = f.process(TestAudio.sine(cf, 0.5, 16000, 16000));
            int best = 0;
            for (int c = 1; c < f.channels(); c++) {
                if (out.get(60, c) > out.get(60, best)) {
                    best = c;
                }
            }
            assertEquals(k, best);
            // 0 dB peak gain: a full-wave rectified sine of amplitude A averages 2A/pi
            assertEquals(2 * 0.5 / Math.PI, out.get(60, k), 0.01);
        }
    }

    @Test
    void silenceGivesZerosAndPartialBinsAreAveragedOverWhatTheyHold() {
        Features out = FrontendConfig.IirFilterbank.defaults().create().process(new float[200]);
        assertEquals(2, out.frames()); // 128 + 72 samples
        for (float v : out.values()) {
            assertEquals(0f, v);
        }
    }

    @RepeatedTest(5)
    void streamingEqualsOffline(RepetitionInfo info) {
        Random r = new Random(info.getCurrentRepetition());
        Frontend f = new FrontendConfig.IirFilterbank(16000, 16, 97.6, 15900, 2 + r.nextDouble() * 3, 0.001 + r.nextDouble() * 0.01,
                r.nextBoolean() ? FrontendConfig.Rectify.FULL : FrontendConfig.Rectify.HALF).create();
        float[] x = new float[1000 + r.nextInt(20000)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian() * 0.2f;
        }
        Features offline = f.process(x);
        FrameCollector col = new FrameCollector(f.channels());
        FrameStream s = f.newStream();
        for (int pos = 0; pos < x.length; ) {
            int n = Math.min(x.length - pos, r.nextInt(500));
            s.push(x, pos, n, col);
            pos += n;
        }
        s.finish(col);
        assertArrayEquals(offline.values(), col.features(f.framePeriod()).values(), 0f);
    }

    /**
     * The textbook RBJ band-pass biquad (direct form I, b1 = 0, b2 = -b0, one sample at a time, plain
     * multiplications, double precision), rectified and averaged per bin: the formulation the fast kernels
     * (state divided by b0, single precision, fused multiply-adds) must match up to rounding; single precision
     * leaves up to 6e-5 of the channel's peak on these signals (the lowest filter, whose poles lie closest to
     * the unit circle).
     */
    static float[] reference(double[] centres, int rate, double q, int bin, boolean half, float[] x) {
        int n = centres.length;
        int frames = (x.length + bin - 1) / bin;
        float[] out = new float[frames * n];
        for (int f = 0; f < n; f++) {
            double w0 = 2 * Math.PI * centres[f] / rate;
            double alpha = Math.sin(w0) / (2 * q);
            double a0 = 1 + alpha;
            double b0 = alpha / a0;
            double a1 = -2 * Math.cos(w0) / a0;
            double a2 = (1 - alpha) / a0;
            double x1 = 0;
            double x2 = 0;
            double y1 = 0;
            double y2 = 0;
            double sum = 0;
            int in = 0;
            int frame = 0;
            for (float v : x) {
                double y = b0 * v - b0 * x2 - a1 * y1 - a2 * y2;
                x2 = x1;
                x1 = v;
                y2 = y1;
                y1 = y;
                sum += half ? Math.max(0, y) : Math.abs(y);
                if (++in == bin) {
                    out[frame++ * n + f] = (float) (sum / in);
                    sum = 0;
                    in = 0;
                }
            }
            if (in > 0) {
                out[frame * n + f] = (float) (sum / in);
            }
        }
        return out;
    }

    @RepeatedTest(6)
    void matchesTheTextbookBiquadWithinOneTenThousandthOfTheChannelPeak(RepetitionInfo info) {
        Random r = new Random(100 + info.getCurrentRepetition());
        boolean half = info.getCurrentRepetition() % 2 == 0;
        double q = 1 + 4 * r.nextDouble();
        FilterbankFrontend f = (FilterbankFrontend) new FrontendConfig.IirFilterbank(16000, 16, 97.6, 15900, q, 0.008,
                half ? FrontendConfig.Rectify.HALF : FrontendConfig.Rectify.FULL).create();
        float[] x = new float[16000 + r.nextInt(1000)];
        double tone = 50 + r.nextDouble() * 7000;
        for (int i = 0; i < x.length; i++) {
            // a tone that comes and goes in noise, so low and high filters ring up and down
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * tone * i / 16000) * (i / 4000 % 2) + 0.05 * r.nextGaussian());
        }
        float[] got = f.process(x).values();
        float[] want = reference(f.centres(), 16000, q, 128, half, x);
        assertEquals(want.length, got.length);
        int n = f.channels();
        for (int c = 0; c < n; c++) {
            double peak = 0;
            for (int t = c; t < want.length; t += n) {
                peak = Math.max(peak, want[t]);
            }
            assertTrue(peak > 1e-4, "channel " + c + " is excited");
            for (int t = c; t < want.length; t += n) {
                assertEquals(want[t], got[t], 1e-4 * peak, "frame " + t / n + " channel " + c);
            }
        }
    }

    @Test
    void validation() {
        assertEquals("filterbank: all 4 filters lie at or above the Nyquist frequency 50.0 Hz of 100 Hz audio",
                assertThrows(SnnaudioException.class,
                        () -> new FrontendConfig.IirFilterbank(100, 4, 97.6, 1000, 3, 0.1, null).create()).getMessage());
        assertEquals("binSeconds must be > 0 s, got -0.008", assertThrows(SnnaudioException.class,
                () -> new FrontendConfig.IirFilterbank(16000, 16, 97.6, 15900, 3, -0.008, null)).getMessage());
        assertEquals("fHigh must be >= fLow = 97.6 Hz, got 50.0", assertThrows(SnnaudioException.class,
                () -> new FrontendConfig.IirFilterbank(16000, 16, 97.6, 50, 3, 0.008, null)).getMessage());
    }

    @Test
    void nonFiniteSamplesAreNamedByTheirPositionInTheStream() {
        Frontend f = FrontendConfig.IirFilterbank.defaults().create();
        float[] x = new float[1000];
        x[700] = Float.NaN;
        FrameStream s = f.newStream();
        FrameCollector col = new FrameCollector(f.channels());
        s.push(x, 0, 500, col);
        assertEquals("audio sample 700 is NaN; audio must be finite",
                assertThrows(SnnaudioException.class, () -> s.push(x, 500, 500, col)).getMessage());
        x[700] = 0f;
        x[3] = Float.NEGATIVE_INFINITY;
        assertEquals("audio sample 3 is -Infinity; audio must be finite",
                assertThrows(SnnaudioException.class, () -> f.process(x)).getMessage());
        x[3] = Float.POSITIVE_INFINITY;
        assertEquals("audio sample 3 is Infinity; audio must be finite",
                assertThrows(SnnaudioException.class, () -> f.process(x)).getMessage());
        // the largest finite values and subnormals are audio, not errors
        x[3] = Float.MAX_VALUE;
        x[4] = -Float.MAX_VALUE;
        x[5] = Float.MIN_VALUE;
        assertEquals(8, f.process(x).frames());
    }
}
