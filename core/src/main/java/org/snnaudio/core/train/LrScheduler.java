package org.snnaudio.core.train;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Applies an {@link LrSchedule} over epochs and holds its state (the plateau schedule's best value,
 * bad-epoch count and cooldown), which is saved and restored exactly with checkpoints.
 */
public final class LrScheduler {
    private final LrSchedule schedule;
    private double factor = 1;
    private double best = Double.NaN;
    private int badEpochs;
    private int cooldownLeft;

    public LrScheduler(LrSchedule schedule) {
        this.schedule = java.util.Objects.requireNonNull(schedule, "schedule");
    }

    public LrSchedule schedule() {
        return schedule;
    }

    /** The factor for the epoch in progress. */
    public double factor() {
        return factor;
    }

    /** Sets the factor for 0-based {@code epoch}, before its first batch. */
    public void startEpoch(int epoch) {
        switch (schedule) {
            case LrSchedule.Constant c -> factor = 1;
            case LrSchedule.Step s -> factor = Math.pow(s.gamma(), epoch / s.stepSize());
            case LrSchedule.Cosine c -> factor = cosine(c, epoch);
            case LrSchedule.Plateau p -> {
                // the factor only changes at epoch ends
            }
        }
    }

    /** The cosine schedule's factor at 0-based {@code epoch}. */
    static double cosine(LrSchedule.Cosine c, int epoch) {
        int w = c.warmupEpochs();
        if (epoch < w) {
            return (epoch + 1.0) / (w + 1.0);
        }
        if (epoch >= c.tMax()) {
            return c.minFactor();
        }
        double t = (double) (epoch - w) / (c.tMax() - w);
        return c.minFactor() + (1 - c.minFactor()) * (1 + Math.cos(Math.PI * t)) / 2;
    }

    /** Feeds the finished epoch's metrics (the plateau schedule uses its monitor's value). */
    public void endEpoch(EpochRecord record) {
        if (!(schedule instanceof LrSchedule.Plateau p)) {
            return;
        }
        double value = p.monitor().of(record);
        if (p.monitor().improves(value, best, p.minDelta())) {
            best = value;
            badEpochs = 0;
        } else {
            badEpochs++;
        }
        if (cooldownLeft > 0) {
            cooldownLeft--;
            badEpochs = 0;
        }
        if (badEpochs > p.patience()) {
            factor = Math.max(factor * p.factor(), p.minFactor());
            cooldownLeft = p.cooldown();
            badEpochs = 0;
        }
    }

    public void writeState(DataOutput out) throws IOException {
        out.writeDouble(factor);
        out.writeDouble(best);
        out.writeInt(badEpochs);
        out.writeInt(cooldownLeft);
    }

    public void readState(DataInput in) throws IOException {
        factor = in.readDouble();
        best = in.readDouble();
        badEpochs = in.readInt();
        cooldownLeft = in.readInt();
    }
}
