package org.snnaudio.core.train;

import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.io.Binary;
import org.snnaudio.core.io.Container;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything needed to continue a training run exactly where it stopped, written after every epoch:
 * weights, optimiser and scheduler state, the shuffling stream's position, the early-stopping state,
 * the best weights so far and the history. Stored in a {@link Container} with magic {@code SNNACKPT}.
 *
 * @param fingerprint    {@link TrainerConfig#fingerprint()} of the run that wrote it
 * @param epochsDone     finished epochs
 * @param rngSeed        seed of the shuffling stream
 * @param rngSplits      epoch streams split off the root stream so far
 * @param parameterNames names of the model's parameters, in model order
 * @param weights        values of the parameters after the last finished epoch
 * @param optimizerState the optimiser's state ({@link Optimizer#writeState})
 * @param schedulerState the scheduler's state ({@link LrScheduler#writeState})
 * @param bestMetric     best monitored metric so far (NaN if none)
 * @param bestEpoch      epoch of the best metric (-1 if none)
 * @param badEpochs      epochs since the last improvement
 * @param stopped        whether training stopped early
 * @param bestWeights    parameter values at the best epoch, or null
 * @param history        records of the finished epochs
 */
public record Checkpoint(String fingerprint, int epochsDone, long rngSeed, int rngSplits, List<String> parameterNames,
                         float[][] weights, byte[] optimizerState, byte[] schedulerState, double bestMetric, int bestEpoch,
                         int badEpochs, boolean stopped, float[][] bestWeights, List<EpochRecord> history) {
    static final String MAGIC = "SNNACKPT";
    static final int VERSION = 1;
    private static final String KIND = "snnaudio checkpoint";

    public Checkpoint {
        parameterNames = List.copyOf(parameterNames);
        history = List.copyOf(history);
    }

    /** Writes the checkpoint atomically. */
    public void write(Path file) {
        Container.write(file, MAGIC, VERSION, encode());
    }

    /** Reads a checkpoint; a missing, foreign, truncated or corrupt file is a {@link SnnaudioException} naming it. */
    public static Checkpoint read(Path file) {
        Container.Contents c = Container.read(file, MAGIC, KIND, VERSION);
        try {
            return decode(new DataInputStream(new ByteArrayInputStream(c.payload())));
        } catch (EOFException e) {
            throw new SnnaudioException(KIND + " file " + file + " is corrupt (payload ends early)", e);
        } catch (IOException e) {
            throw new SnnaudioException(KIND + " file " + file + " is corrupt (" + e.getMessage() + ")", e);
        }
    }

    byte[] encode() {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bos);
            Binary.writeString(out, fingerprint);
            out.writeInt(epochsDone);
            out.writeLong(rngSeed);
            out.writeInt(rngSplits);
            out.writeInt(parameterNames.size());
            for (int i = 0; i < parameterNames.size(); i++) {
                Binary.writeString(out, parameterNames.get(i));
                Binary.writeFloats(out, weights[i]);
            }
            Binary.writeBytes(out, optimizerState);
            Binary.writeBytes(out, schedulerState);
            out.writeDouble(bestMetric);
            out.writeInt(bestEpoch);
            out.writeInt(badEpochs);
            out.writeBoolean(stopped);
            out.writeBoolean(bestWeights != null);
            if (bestWeights != null) {
                for (float[] w : bestWeights) {
                    Binary.writeFloats(out, w);
                }
            }
            out.writeInt(history.size());
            for (EpochRecord r : history) {
                writeRecord(out, r);
            }
            out.flush();
            return bos.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
    }

    private static Checkpoint decode(DataInputStream in) throws IOException {
        String fingerprint = Binary.readString(in);
        int epochsDone = in.readInt();
        long seed = in.readLong();
        int splits = in.readInt();
        int n = Binary.readLength(in, "parameter count");
        List<String> names = new ArrayList<>(n);
        float[][] weights = new float[n][];
        for (int i = 0; i < n; i++) {
            names.add(Binary.readString(in));
            weights[i] = Binary.readFloats(in);
        }
        byte[] opt = Binary.readBytes(in);
        byte[] sched = Binary.readBytes(in);
        double bestMetric = in.readDouble();
        int bestEpoch = in.readInt();
        int bad = in.readInt();
        boolean stopped = in.readBoolean();
        float[][] best = null;
        if (in.readBoolean()) {
            best = new float[n][];
            for (int i = 0; i < n; i++) {
                best[i] = Binary.readFloats(in);
                if (best[i].length != weights[i].length) {
                    throw new IOException("best weights of " + names.get(i) + " hold " + best[i].length + " values, expected "
                            + weights[i].length);
                }
            }
        }
        int h = Binary.readLength(in, "history length");
        List<EpochRecord> history = new ArrayList<>(h);
        for (int i = 0; i < h; i++) {
            history.add(readRecord(in));
        }
        if (in.available() > 0) {
            throw new IOException(in.available() + " unexpected bytes after the history");
        }
        if (epochsDone < 0 || epochsDone != history.size()) {
            throw new IOException("records " + epochsDone + " finished epochs but holds " + history.size() + " history entries");
        }
        return new Checkpoint(fingerprint, epochsDone, seed, splits, names, weights, opt, sched, bestMetric, bestEpoch, bad,
                stopped, best, history);
    }

    static void writeRecord(DataOutputStream out, EpochRecord r) throws IOException {
        out.writeInt(r.epoch());
        out.writeDouble(r.trainLoss());
        out.writeDouble(r.trainAccuracy());
        out.writeDouble(r.valLoss());
        out.writeDouble(r.valAccuracy());
        out.writeDouble(r.lr());
        out.writeDouble(r.lrFactor());
        Binary.writeDoubles(out, r.firingRates());
        Map<String, Double> sorted = new TreeMap<>(r.penalties());
        out.writeInt(sorted.size());
        for (var e : sorted.entrySet()) {
            Binary.writeString(out, e.getKey());
            out.writeDouble(e.getValue());
        }
        out.writeDouble(r.gradNorm());
        out.writeDouble(r.seconds());
    }

    static EpochRecord readRecord(DataInputStream in) throws IOException {
        int epoch = in.readInt();
        double tl = in.readDouble();
        double ta = in.readDouble();
        double vl = in.readDouble();
        double va = in.readDouble();
        double lr = in.readDouble();
        double f = in.readDouble();
        double[] rates = Binary.readDoubles(in);
        int np = Binary.readLength(in, "penalty count");
        Map<String, Double> pen = new TreeMap<>();
        for (int i = 0; i < np; i++) {
            pen.put(Binary.readString(in), in.readDouble());
        }
        double gn = in.readDouble();
        double sec = in.readDouble();
        return new EpochRecord(epoch, tl, ta, vl, va, lr, f, rates, pen, gn, sec);
    }
}
