package org.snnaudio.core.nn;

import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.data.DenseSample;
import org.snnaudio.core.data.Sample;

import java.util.Arrays;

/**
 * Stateful inference over a stream cut into chunks: each {@link #advance(Sample)} continues from the
 * neuron state the previous chunk left, so feeding a sample in chunks gives the same output trace and
 * scores as feeding it whole. Uses the fast kernels and the network's weights at the time of
 * {@link Network#stream()}; not thread-safe. A stream made with {@code keepHistory} false keeps no output
 * trace (constant memory for a live input that runs for hours) and has no {@link #scores()}.
 */
public final class InferenceStream {
    private final Network net;
    private final FastEngine.FastWorker worker;
    private final boolean keepHistory;
    private float[] history = new float[0];
    private int steps;
    /** The allocation-free path of {@link #step}, for the options it was made for; null where it does not apply. */
    private StreamStep fast;
    private NetworkOptions fastOptions;

    InferenceStream(Network net, boolean keepHistory) {
        this.net = net;
        this.keepHistory = keepHistory;
        this.worker = new FastEngine.FastWorker(net);
        reset();
    }

    /** Forgets all state: the next chunk starts from rest. */
    public void reset() {
        for (FastEngine.LayerWork w : worker.lw) {
            w.resetState();
        }
        steps = 0;
    }

    /**
     * Runs one chunk and returns its output trace, {@code [chunk steps][classes]} (readout membrane, or
     * output spikes for a spike-count readout), a fresh array the caller owns.
     */
    public float[] advance(Sample chunk) {
        if (chunk.channels() != net.inputs()) {
            throw new SnnaudioException("stream chunk has " + chunk.channels() + " channels, but the network has "
                    + net.inputs() + " inputs");
        }
        worker.forward(chunk, false);
        FastEngine.LayerWork last = worker.lw[worker.lw.length - 1];
        int size = chunk.steps() * last.n;
        float[] out = new float[size];
        worker.copyOutput(chunk.steps(), out, 0);
        record(out, size);
        steps += chunk.steps();
        return out;
    }

    private void record(float[] rows, int size) {
        if (!keepHistory) {
            return;
        }
        if (history.length < steps * net.classes() + size) {
            history = Arrays.copyOf(history, Math.max(history.length * 2, steps * net.classes() + size));
        }
        System.arraycopy(rows, 0, history, steps * net.classes(), size);
    }

    /**
     * One step of analog input {@code x} ({@link Network#inputs()} values), with the output row
     * ({@link Network#classes()} values: readout membrane, or output spikes for a spike-count readout) written
     * to {@code out}: the same state update, spikes and output as {@link #advance} of a one-step
     * {@link DenseSample} of {@code x}, without allocating where every layer takes the fast inference path.
     * For a live input fed one step at a time.
     */
    public void step(float[] x, float[] out) {
        if (x.length != net.inputs()) {
            throw new SnnaudioException("stream step has " + x.length + " input values, but the network has " + net.inputs()
                    + " inputs");
        }
        int classes = net.classes();
        if (out.length < classes) {
            throw new SnnaudioException("stream step output has room for " + out.length + " values, but the network has "
                    + classes + " classes");
        }
        for (int i = 0; i < x.length; i++) {
            if (!Float.isFinite(x[i])) {
                throw new SnnaudioException("stream step input " + i + " is not finite: " + x[i]);
            }
        }
        NetworkOptions o = net.options();
        if (o != fastOptions) {
            fast = StreamStep.supports(net, o) ? new StreamStep(net) : null;
            fastOptions = o;
        }
        if (fast == null) {
            System.arraycopy(advance(new DenseSample(x.clone(), 1, x.length, -1)), 0, out, 0, classes);
            return;
        }
        fast.step(worker.lw, x, o.readout().usesSpikes(), out);
        record(out, classes);
        steps++;
    }

    /** Steps seen since the last reset. */
    public int steps() {
        return steps;
    }

    /** Class scores of the readout over everything seen since the last reset. */
    public double[] scores() {
        if (!keepHistory) {
            throw new SnnaudioException("stream: made without history (Network.stream(false)), so no scores over the whole input");
        }
        if (steps == 0) {
            throw new SnnaudioException("stream: no input yet, so no scores");
        }
        int classes = net.classes();
        double[] trace = new double[steps * classes];
        for (int k = 0; k < trace.length; k++) {
            trace[k] = history[k];
        }
        double[] logits = new double[classes];
        net.options().readout().logits(trace, steps, classes, net.options().discretisation().dt(), logits);
        return logits;
    }
}
