package org.snnaudio.cli.stream;

import org.snnaudio.audio.frontend.FrameSink;
import org.snnaudio.audio.frontend.FrameStream;
import org.snnaudio.cli.pipeline.Encoder;
import org.snnaudio.cli.pipeline.Pipeline;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.data.SpikeSample;
import org.snnaudio.core.nn.InferenceStream;
import org.snnaudio.core.nn.Network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Streaming inference of a trained pipeline: audio chunks of any size in, the same frontend, scaler,
 * encoder and network as offline, each with its state kept between chunks; decisions out over a
 * sliding window. The network input of a stream equals what {@link Pipeline#encode} gives for the whole
 * signal (a test checks it), so offline accuracy carries over.
 *
 * <p>Decisions: every {@code hopSeconds} the readout output of the last {@code windowSeconds} (spike
 * counts for max-rate, the maximum membrane for max-membrane) is decoded; a {@link Decision} is
 * reported when the window's audio level is above {@code minLevel} (RMS, full scale 1).
 *
 * <p>A seed ensemble steps every member on the same input rows, each with its own window; a decision
 * averages the members' softmax probabilities of their window scores, as offline prediction does.
 */
public final class StreamingClassifier {
    /**
     * One decision over the window ending at {@code timeSeconds}; {@code scores} are the readout's window
     * scores, of an ensemble the mean of its members' softmax probabilities.
     */
    public record Decision(double timeSeconds, int index, String label, double confidence, double[] scores) {
    }

    private final Pipeline pipeline;
    private final FrameStream frames;
    private final Encoder encoder;
    private final Encoder.Stream encoderState;
    /** The network's stream; of a seed ensemble, one per member, in seed order. */
    private final InferenceStream[] nets;
    private final int classes;
    private final double dt;
    private final int windowSteps;
    private final int hopSteps;
    private final double minLevel;
    private final boolean spikeCount;
    /**
     * Per member, the readout rows of the last windowSteps steps: a ring of [windowSteps x classes] from
     * {@code ringStart} (all members share the slots).
     */
    private final float[][] windows;
    private final double[] levels;
    private int ringStart;
    private int ringSize;
    /** Per-frame work buffers, reused: the scaled frame and the encoder's rows. */
    private float[] scaled = new float[0];
    private final float[] rows;
    /** Analog path: one step's input and output; per member, the frame's output rows [stepsPerFrame x classes]. */
    private final float[] stepInput;
    private final float[] stepOutput;
    private final float[][] traces;
    private final List<float[]> inputLog;
    /** The frontend's frame sink (one for the stream's life) and the decisions its frames completed. */
    private final FrameSink sink = this::frame;
    private final List<Decision> pending = new ArrayList<>();
    private long steps;
    private int sinceDecision;
    private double levelSum;
    private long levelCount;

    /**
     * @param pipeline      a trained pipeline that processes audio
     * @param windowSeconds length of the decision window
     * @param hopSeconds    time between decisions
     * @param minLevel      RMS level (full scale 1) below which a window is silence and gets no decision
     * @param keepInput     whether to keep every network input row and the whole output trace (for tests
     *                      comparing with offline; memory grows with the input)
     */
    public StreamingClassifier(Pipeline pipeline, double windowSeconds, double hopSeconds, double minLevel,
                               boolean keepInput) {
        if (pipeline.isSpikeInput()) {
            throw new SnnaudioException("streaming needs a pipeline that processes audio; '" + pipeline.config().name()
                    + "' takes spike data");
        }
        if (pipeline.config().encoder().wholeRecording() || pipeline.config().encoder().deltas() > 0) {
            throw new SnnaudioException("pipeline '" + pipeline.config().name() + "' normalises each whole recording "
                    + "(encoder.mean_norm, var_norm) or appends deltas (encoder.deltas), which a stream cannot do; "
                    + "train with mean_norm: false, var_norm: false and deltas: 0 to stream");
        }
        if (!(windowSeconds > 0) || !(hopSeconds > 0)) {
            throw new SnnaudioException("window and hop must be > 0 s, got " + windowSeconds + " and " + hopSeconds);
        }
        this.pipeline = pipeline;
        this.frames = pipeline.frontend().newStream();
        this.encoder = pipeline.encoder();
        this.encoderState = encoder.newStream();
        // A live stream keeps no whole-input trace, so its memory stays constant however long it runs.
        List<Network> members = pipeline.isEnsemble() ? pipeline.members() : List.of(pipeline.network());
        this.nets = new InferenceStream[members.size()];
        for (int m = 0; m < nets.length; m++) {
            nets[m] = members.get(m).stream(m == 0 && keepInput);
        }
        this.classes = pipeline.classNames().size();
        this.dt = pipeline.frontend().framePeriod() / encoder.stepsPerFrame();
        this.windowSteps = Math.max(1, (int) Math.round(windowSeconds / dt));
        this.hopSteps = Math.max(1, (int) Math.round(hopSeconds / dt));
        this.minLevel = minLevel;
        this.spikeCount = pipeline.network().options().readout().usesSpikes();
        this.inputLog = keepInput ? new ArrayList<>() : null;
        this.windows = new float[nets.length][windowSteps * classes];
        this.levels = new double[windowSteps];
        this.rows = new float[encoder.stepsPerFrame() * encoder.outputChannels()];
        this.stepInput = new float[encoder.outputChannels()];
        this.stepOutput = new float[classes];
        this.traces = new float[nets.length][encoder.stepsPerFrame() * classes];
    }

    /** Seconds of audio per network step. */
    public double stepSeconds() {
        return dt;
    }

    /**
     * Pushes audio at the pipeline's sample rate (already scaled like training audio: the config's gain
     * is applied here) and returns the decisions it completes.
     */
    public List<Decision> push(float[] audio, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, audio.length);
        float[] chunk = audio;
        int from = offset;
        double gain = pipeline.config().audio().gain();
        if (gain != 1) {
            // only a gain needs a copy; otherwise the frontend reads the caller's array directly
            chunk = Arrays.copyOfRange(audio, offset, offset + length);
            from = 0;
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] *= (float) gain;
            }
        }
        // four partial sums: one running sum would make each sample wait for the previous addition
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int end = from + length;
        int i = from;
        for (; i + 3 < end; i += 4) {
            double v0 = chunk[i];
            double v1 = chunk[i + 1];
            double v2 = chunk[i + 2];
            double v3 = chunk[i + 3];
            s0 += v0 * v0;
            s1 += v1 * v1;
            s2 += v2 * v2;
            s3 += v3 * v3;
        }
        for (; i < end; i++) {
            double v = chunk[i];
            s0 += v * v;
        }
        levelSum += (s0 + s1) + (s2 + s3);
        levelCount += length;
        pending.clear(); // what an earlier push that failed part way left
        frames.push(chunk, from, length, sink);
        return drain();
    }

    /** Marks the end of the signal; returns the decisions of the last frames. */
    public List<Decision> finish() {
        frames.finish(sink);
        return drain();
    }

    /** The decisions made since the last call; most chunks complete none, and then nothing is allocated. */
    private List<Decision> drain() {
        if (pending.isEmpty()) {
            return List.of();
        }
        List<Decision> out = List.copyOf(pending);
        pending.clear();
        return out;
    }

    private void frame(float[] f) {
        if (scaled.length != f.length) {
            scaled = new float[f.length];
        }
        float[] x = scaled;
        System.arraycopy(f, 0, x, 0, f.length);
        if (pipeline.scaler() != null) {
            pipeline.scaler().apply(x);
        }
        int k = encoder.stepsPerFrame();
        int oc = encoder.outputChannels();
        float[] rows = this.rows;
        encoderState.frame(x, rows, 0);
        if (inputLog != null) {
            for (int s = 0; s < k; s++) {
                inputLog.add(Arrays.copyOfRange(rows, s * oc, (s + 1) * oc));
            }
        }
        for (int m = 0; m < nets.length; m++) {
            step(nets[m], rows, k, oc, traces[m]);
        }
        double level = levelCount == 0 ? 0 : Math.sqrt(levelSum / levelCount);
        levelSum = 0;
        levelCount = 0;
        for (int s = 0; s < k; s++) {
            int slot;
            if (ringSize < windowSteps) {
                slot = (ringStart + ringSize) % windowSteps;
                ringSize++;
            } else {
                slot = ringStart; // overwrite the oldest row
                ringStart = (ringStart + 1) % windowSteps;
            }
            for (int m = 0; m < nets.length; m++) {
                System.arraycopy(traces[m], s * classes, windows[m], slot * classes, classes);
            }
            levels[slot] = level;
            steps++;
            sinceDecision++;
            if (sinceDecision >= hopSteps && ringSize == windowSteps) {
                sinceDecision = 0;
                Decision d = decide();
                if (d != null) {
                    pending.add(d);
                }
            }
        }
    }

    private Decision decide() {
        double level = 0;
        for (int i = 0, slot = ringStart; i < ringSize; i++, slot = next(slot)) {
            level = Math.max(level, levels[slot]);
        }
        if (level < minLevel) {
            return null;
        }
        double[] score = windowScore(windows[0]);
        Pipeline.Prediction p = pipeline.decision(score);
        if (nets.length == 1) {
            return new Decision(steps * dt, p.index(), p.label(), p.scores()[p.index()], score);
        }
        List<double[]> probabilities = new ArrayList<>(nets.length);
        probabilities.add(p.scores());
        for (int m = 1; m < nets.length; m++) {
            probabilities.add(pipeline.decision(windowScore(windows[m])).scores());
        }
        p = pipeline.average(probabilities);
        return new Decision(steps * dt, p.index(), p.label(), p.scores()[p.index()], p.scores());
    }

    /** The ring slot after {@code slot} (no division per row). */
    private int next(int slot) {
        return slot + 1 == windowSteps ? 0 : slot + 1;
    }

    /** Runs one network over the frame's input rows into {@code out} ([stepsPerFrame x classes]). */
    private void step(InferenceStream n, float[] rows, int k, int oc, float[] out) {
        if (encoder.spiking()) {
            float[] t = n.advance(SpikeSample.fromRaster(rows, k, oc, -1));
            System.arraycopy(t, 0, out, 0, k * classes);
            return;
        }
        // analog input goes step by step through the allocation-free path (same output as advance)
        float[] in = k == 1 ? rows : stepInput;
        for (int s = 0; s < k; s++) {
            if (k > 1) {
                System.arraycopy(rows, s * oc, in, 0, oc);
            }
            n.step(in, stepOutput);
            System.arraycopy(stepOutput, 0, out, s * classes, classes);
        }
    }

    /** A member's window score: spike counts summed, or membranes' maxima, over the window, oldest row first. */
    private double[] windowScore(float[] w) {
        double[] score = new double[classes];
        if (!spikeCount) {
            Arrays.fill(score, Double.NEGATIVE_INFINITY);
        }
        for (int i = 0, slot = ringStart; i < ringSize; i++, slot = next(slot)) {
            int row = slot * classes;
            for (int c = 0; c < classes; c++) {
                score[c] = spikeCount ? score[c] + w[row + c] : Math.max(score[c], w[row + c]);
            }
        }
        return score;
    }

    /** Every network input row so far ({@code keepInput} only): [steps][channels]. */
    public List<float[]> inputRows() {
        if (inputLog == null) {
            throw new IllegalStateException("created without keepInput");
        }
        return inputLog;
    }

    /**
     * Scores of the whole stream so far as the readout gives them (equal to offline logits of the same input);
     * {@code keepInput} only.
     */
    public double[] totalScores() {
        return nets[0].scores();
    }
}
