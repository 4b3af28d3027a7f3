package org.snnaudio.audio.io;

import org.junit.jupiter.api.Test;
import org.snnaudio.core.SnnaudioException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PreprocessTest {

    @Test
    void talamoPadAndCentreAndTrim() {
        // Talamo: clips longer than 8000 keep their first 8000 samples; shorter ones are centred
        float[] shortClip = {1, 2, 3};
        float[] out = Preprocess.fixLength(shortClip, 8, Preprocess.Position.CENTER, Preprocess.Position.START);
        assertArrayEquals(new float[]{0, 0, 1, 2, 3, 0, 0, 0}, out);
        float[] longClip = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(new float[]{1, 2, 3, 4}, Preprocess.fixLength(longClip, 4, Preprocess.Position.CENTER, Preprocess.Position.START));
        assertArrayEquals(new float[]{2, 3, 4, 5}, Preprocess.fixLength(longClip, 4, Preprocess.Position.CENTER, Preprocess.Position.CENTER));
        assertArrayEquals(new float[]{3, 4, 5, 6}, Preprocess.fixLength(longClip, 4, Preprocess.Position.CENTER, Preprocess.Position.END));
        assertArrayEquals(new float[]{1, 2, 3, 0, 0}, Preprocess.fixLength(shortClip, 5, Preprocess.Position.START, Preprocess.Position.START));
    }

    @Test
    void peakAndRmsNormalisationAndGain() {
        AudioClip c = new AudioClip(new float[]{0.1f, -0.2f, 0.05f, 0f}, 8000, "x.wav");
        AudioClip p = Preprocess.defaults().withNormalize(Preprocess.Normalize.PEAK, 0.5).apply(c, 8000);
        assertArrayEquals(new float[]{0.25f, -0.5f, 0.125f, 0f}, p.samples(), 1e-6f);
        AudioClip r = Preprocess.defaults().withNormalize(Preprocess.Normalize.RMS, 0.1).apply(c, 8000);
        assertEquals(0.1, Preprocess.rms(r.samples()), 1e-6);
        AudioClip g = Preprocess.defaults().withGain(32768).apply(c, 8000);
        assertEquals(0.1f * 32768, g.samples()[0], 1e-3);
        assertEquals(0.1f, c.samples()[0]); // input untouched
    }

    @Test
    void resamplesToTheTargetRateOrRefusesWhenAskedTo() {
        AudioClip c = new AudioClip(new float[1600], 16000, "rate.wav");
        assertEquals(800, Preprocess.defaults().apply(c, 8000).length());
        Preprocess strict = new Preprocess(false, 0, null, null, null, 1, 1);
        SnnaudioException e = assertThrows(SnnaudioException.class, () -> strict.apply(c, 8000));
        assertEquals("rate.wav: sample rate 16000 Hz differs from the pipeline's 8000 Hz (enable resampling or convert the file)", e.getMessage());
    }

    @Test
    void validationMessages() {
        assertEquals("length must be >= 0 samples (0 keeps the clip length), got -1",
                assertThrows(SnnaudioException.class, () -> new Preprocess(true, -1, null, null, null, 1, 1)).getMessage());
        assertEquals("gain must be > 0, got 0.0",
                assertThrows(SnnaudioException.class, () -> new Preprocess(true, 0, null, null, null, 1, 0)).getMessage());
        assertEquals("level must be > 0 (full scale = 1), got -2.0",
                assertThrows(SnnaudioException.class, () -> new Preprocess(true, 0, null, null, null, -2, 1)).getMessage());
        AudioClip silent = new AudioClip(new float[10], 8000, "quiet.wav");
        assertEquals("quiet.wav: cannot peak-normalise a silent clip (all samples are zero)",
                assertThrows(SnnaudioException.class,
                        () -> Preprocess.defaults().withNormalize(Preprocess.Normalize.PEAK, 1).apply(silent, 8000)).getMessage());
    }
}
