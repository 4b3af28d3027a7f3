package org.snnaudio.core.train;

import org.snnaudio.core.SnnaudioException;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything a {@link Trainer} run is configured by. Build with {@link #builder()}; defaults are
 * Adam at 1e-3, batch 32, 10 epochs, seed 42, shuffling on, no schedule, no clipping, best model by
 * validation accuracy restored at the end, no early stopping and no checkpoint.
 *
 * @param epochs           epochs to train (a resumed run continues up to this count)
 * @param batchSize        training minibatch size (the last batch of an epoch may be smaller)
 * @param evalBatchSize    validation minibatch size
 * @param seed             seed of the shuffling stream
 * @param shuffle          whether each epoch visits the training set in a fresh seeded order
 * @param optimizer        the optimiser and its base learning rate and weight decay
 * @param groups           parameter groups with their own learning rate and weight decay
 * @param schedule         learning-rate schedule
 * @param clipNorm         maximum global gradient norm, 0 for no clipping (NWAVE uses 0.5)
 * @param monitor          metric that picks the best epoch (and drives early stopping)
 * @param minDelta         smallest change of the monitor that counts as an improvement
 * @param patience         epochs without improvement before stopping early, 0 to never stop early
 * @param restoreBest      whether the model ends with the best epoch's weights instead of the last
 * @param checkpoint       checkpoint file written after every epoch, or null for none
 * @param resume           whether to continue from {@code checkpoint} when it exists (otherwise it is overwritten)
 * @param allowChangedSettings whether a checkpoint written under another {@link #fingerprint()} may be resumed
 *                         (for example with a lower learning rate after a divergence); the continued run is then
 *                         no longer identical to any uninterrupted run. The optimiser kind and the model must still match.
 */
public record TrainerConfig(int epochs, int batchSize, int evalBatchSize, long seed, boolean shuffle,
                            OptimizerConfig optimizer, List<ParamGroup> groups, LrSchedule schedule, double clipNorm,
                            Monitor monitor, double minDelta, int patience, boolean restoreBest, Path checkpoint,
                            boolean resume, boolean allowChangedSettings) {
    public TrainerConfig {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(monitor, "monitor");
        groups = List.copyOf(groups);
        if (epochs < 1) {
            throw new SnnaudioException("epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new SnnaudioException("batchSize must be >= 1, got " + batchSize);
        }
        if (evalBatchSize < 1) {
            throw new SnnaudioException("evalBatchSize must be >= 1, got " + evalBatchSize);
        }
        if (!(clipNorm >= 0) || !Double.isFinite(clipNorm)) {
            throw new SnnaudioException("clipNorm must be >= 0 (0 for no clipping), got " + clipNorm);
        }
        if (!(minDelta >= 0) || !Double.isFinite(minDelta)) {
            throw new SnnaudioException("minDelta must be >= 0, got " + minDelta);
        }
        if (patience < 0) {
            throw new SnnaudioException("patience must be >= 0 epochs (0 for no early stopping), got " + patience);
        }
        if (resume && checkpoint == null) {
            throw new SnnaudioException("resume needs a checkpoint file");
        }
    }

    /**
     * The settings that shape the weights of finished epochs. A checkpoint resumes only under the
     * same fingerprint; epochs, patience, checkpoint path and restoreBest may change between runs.
     */
    public String fingerprint() {
        return "batchSize=" + batchSize + ", seed=" + seed + ", shuffle=" + shuffle + ", optimizer=" + optimizer
                + ", groups=" + groups + ", schedule=" + schedule + ", clipNorm=" + clipNorm + ", monitor=" + monitor
                + ", minDelta=" + minDelta;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from the defaults. */
    public Builder toBuilder() {
        return new Builder().epochs(epochs).batchSize(batchSize).evalBatchSize(evalBatchSize).seed(seed).shuffle(shuffle)
                .optimizer(optimizer).groups(groups).schedule(schedule).clipNorm(clipNorm).monitor(monitor)
                .minDelta(minDelta).patience(patience).restoreBest(restoreBest).checkpoint(checkpoint).resume(resume)
                .allowChangedSettings(allowChangedSettings);
    }

    /** Builds a {@link TrainerConfig}; unset settings keep their defaults. */
    public static final class Builder {
        private int epochs = 10;
        private int batchSize = 32;
        private int evalBatchSize = 0;
        private long seed = 42;
        private boolean shuffle = true;
        private OptimizerConfig optimizer = OptimizerConfig.Adam.of(1e-3);
        private List<ParamGroup> groups = List.of();
        private LrSchedule schedule = new LrSchedule.Constant();
        private double clipNorm;
        private Monitor monitor = Monitor.VAL_ACCURACY;
        private double minDelta;
        private int patience;
        private boolean restoreBest = true;
        private Path checkpoint;
        private boolean resume;
        private boolean allowChangedSettings;

        private Builder() {
        }

        public Builder epochs(int v) { epochs = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        /** Validation batch size; when never set it follows the training batch size. */
        public Builder evalBatchSize(int v) { evalBatchSize = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder shuffle(boolean v) { shuffle = v; return this; }
        public Builder optimizer(OptimizerConfig v) { optimizer = v; return this; }
        public Builder groups(List<ParamGroup> v) { groups = v; return this; }
        public Builder groups(ParamGroup... v) { groups = List.of(v); return this; }
        public Builder schedule(LrSchedule v) { schedule = v; return this; }
        public Builder clipNorm(double v) { clipNorm = v; return this; }
        public Builder monitor(Monitor v) { monitor = v; return this; }
        public Builder minDelta(double v) { minDelta = v; return this; }
        public Builder patience(int v) { patience = v; return this; }
        public Builder restoreBest(boolean v) { restoreBest = v; return this; }
        public Builder checkpoint(Path v) { checkpoint = v; return this; }
        public Builder resume(boolean v) { resume = v; return this; }
        public Builder allowChangedSettings(boolean v) { allowChangedSettings = v; return this; }

        public TrainerConfig build() {
            return new TrainerConfig(epochs, batchSize, evalBatchSize == 0 ? batchSize : evalBatchSize, seed, shuffle,
                    optimizer, groups, schedule, clipNorm, monitor, minDelta, patience, restoreBest, checkpoint, resume,
                    allowChangedSettings);
        }
    }
}
