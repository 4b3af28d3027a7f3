package org.snnaudio.audio.frontend;

import java.util.List;

/**
 * Turns mono audio at {@link #sampleRate()} into frames x channels with a fixed frame period, offline
 * ({@link #process}) or streamed ({@link #newStream}); both give identical values. Thread-safe: each
 * call and stream has its own working state.
 */
public interface Frontend {
    FrontendConfig config();

    int sampleRate();

    /** Output channels per frame. */
    int channels();

    /** Seconds per frame. */
    double framePeriod();

    /** Names of the output channels (CSV headers), e.g. {@code mfcc_0} or {@code cf_1000Hz}. */
    List<String> channelNames();

    /** Notes about the construction a user should see (e.g. filters dropped above Nyquist). */
    List<String> warnings();

    /** A fresh stream with empty state. */
    FrameStream newStream();

    /** Features of a whole signal. */
    default Features process(float[] audio) {
        FrameCollector c = new FrameCollector(channels());
        FrameStream s = newStream();
        s.push(audio, 0, audio.length, c);
        s.finish(c);
        return c.features(framePeriod());
    }
}
