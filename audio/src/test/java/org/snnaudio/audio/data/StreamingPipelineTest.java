package org.snnaudio.audio.data;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.io.TempDir;
import org.snnaudio.audio.config.Presets;
import org.snnaudio.audio.encode.EncoderConfig;
import org.snnaudio.audio.encode.EncoderStream;
import org.snnaudio.audio.encode.SampleBuilder;
import org.snnaudio.audio.frontend.FrameStream;
import org.snnaudio.audio.io.AudioReader;
import org.snnaudio.audio.io.Preprocess;
import org.snnaudio.audio.io.WavWriter;
import org.snnaudio.core.data.Sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A recording streamed chunk by chunk through frontend and encoder gives the network input of offline extraction. */
class StreamingPipelineTest {
    @TempDir
    Path tmp;

    @RepeatedTest(6)
    void streamedFrontendAndEncoderEqualOfflineExtraction(RepetitionInfo info) throws Exception {
        Random r = new Random(500 + info.getCurrentRepetition());
        List<String> frontends = List.of("speech-mfcc", "nwave-filterbank", "log-mel");
        List<EncoderConfig> encoders = List.of(new EncoderConfig.IntegrateAndFire(5, 0.2, -40, 2, true),
                new EncoderConfig.Delta(0.02, true, 1), EncoderConfig.DirectCurrent.defaults());
        int i = info.getCurrentRepetition() - 1;
        String fe = frontends.get(i % 3);
        EncoderConfig enc = encoders.get((i / 3 + i) % 3);
        float[] x = new float[4000 + r.nextInt(12000)];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) (0.3 * Math.sin(k * (0.05 + 0.0001 * k)) + 0.05 * r.nextGaussian());
        }
        Path wav = tmp.resolve("clip.wav");
        Files.write(wav, WavWriter.encode(x, 16000, false));
        FeatureExtractor fx = new FeatureExtractor(Preprocess.defaults(), Presets.frontend(fe), enc, null);
        Sample offline = fx.sample(wav, 2);

        float[] audio = AudioReader.read(wav).samples();
        int channels = fx.frontend().channels();
        SampleBuilder out = new SampleBuilder(enc.channels(channels));
        EncoderStream es = fx.encoder().newStream(channels, 0);
        FrameStream fs = fx.frontend().newStream();
        for (int pos = 0; pos < audio.length; ) {
            int n = Math.min(audio.length - pos, 1 + r.nextInt(900));
            fs.push(audio, pos, n, frame -> es.push(frame, out));
            pos += n;
        }
        fs.finish(frame -> es.push(frame, out));
        Sample streamed = out.build(2);
        assertEquals(offline.steps(), streamed.steps(), fe + " / " + enc.name());
        assertArrayEquals(offline.toDense(), streamed.toDense(), fe + " / " + enc.name());
    }
}
