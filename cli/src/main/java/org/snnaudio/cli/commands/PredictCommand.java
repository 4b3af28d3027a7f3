package org.snnaudio.cli.commands;

import org.snnaudio.audio.io.AudioReader;
import org.snnaudio.cli.pipeline.Pipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code snnaudio predict}: the class and scores of each recording, processed exactly as in training. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Classify recordings with a trained model (class and per-class scores; --json for machines).")
public final class PredictCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Run folder of 'snnaudio train' or a .snnm model file.")
    Path model;

    @Option(names = "--json", description = "One JSON object per file, one per line.")
    boolean json;

    @Option(names = "--top", description = "Scores shown per file in text output (default 3).")
    int top = 3;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Audio files (WAV, AIFF, FLAC).")
    List<Path> files;

    @Override
    public Integer call() {
        Pipeline p = Models.load(model);
        for (Path f : files) {
            Pipeline.Prediction pr = p.predict(AudioReader.read(f));
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("file", f.toString());
                m.put("class", pr.label());
                m.put("index", pr.index());
                Map<String, Object> scores = new LinkedHashMap<>();
                for (int k = 0; k < pr.scores().length; k++) {
                    scores.put(p.classNames().get(k), pr.scores()[k]);
                }
                m.put("scores", scores);
                System.out.println(Json.line(m));
            } else {
                List<Integer> order = new ArrayList<>();
                for (int k = 0; k < pr.scores().length; k++) {
                    order.add(k);
                }
                order.sort((a, b) -> Double.compare(pr.scores()[b], pr.scores()[a]));
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < Math.min(top, order.size()); i++) {
                    int k = order.get(i);
                    sb.append(i > 0 ? ", " : "").append(p.classNames().get(k))
                            .append(String.format(Locale.ROOT, " %.3f", pr.scores()[k]));
                }
                System.out.println(f + ": " + pr.label() + "  (" + sb + ")");
            }
        }
        return 0;
    }
}
