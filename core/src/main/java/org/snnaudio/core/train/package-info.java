/**
 * Training: the {@link org.snnaudio.core.train.Trainer} (seeded shuffling, validation, best-model
 * restore, early stopping, checkpoints, progress), optimisers with parameter groups, learning-rate
 * schedules, gradient clipping, and the hooks for hardware-aware training
 * ({@link org.snnaudio.core.train.ParameterPenalty}, {@link org.snnaudio.core.train.StepHook}).
 * Models plug in through {@link org.snnaudio.core.train.TrainableModel}.
 *
 * <p>The NWAVE recipe (frontend at 1e-5, core at 1e-3, clipping at 0.5, constraint losses) reads:
 * <pre>{@code
 * TrainerConfig cfg = TrainerConfig.builder()
 *         .epochs(40).batchSize(16).seed(42)
 *         .optimizer(OptimizerConfig.Adam.of(1e-3))          // base rate: every parameter no group selects
 *         .groups(ParamGroup.of("frontend.*", 1e-5))         // name glob, or a Parameter.group() tag
 *         .schedule(new LrSchedule.Cosine(40, 0.01, 2))      // factor on every group's rate
 *         .clipNorm(0.5)
 *         .monitor(Monitor.VAL_ACCURACY).patience(10)        // best weights restored at the end
 *         .checkpoint(Path.of("run/checkpoint.snnc")).resume(true)
 *         .build();
 * TrainingResult r = new Trainer(network, cfg)
 *         .addPenalty(weightMagnitude)                       // ParameterPenalty: value + gradient from weights alone
 *         .addHook(quantisationAware)                        // StepHook: swap quantised weights around forward/backward
 *         .addHook(clampWeights)                             // StepHook.afterStep: projections
 *         .progress(progressBar)                             // ProgressListener: onBatch / onEpoch
 *         .fit(train, validation);
 * }</pre>
 *
 * <p>Per batch the trainer zeroes gradients, calls the hooks' {@code beforeForward}, the model's
 * {@code trainBatch}, the hooks' {@code afterBackward} (in reverse order), every penalty, checks that
 * loss and gradient norm are finite, clips, steps the optimiser and calls the hooks' {@code afterStep}
 * (in reverse order). After each epoch it validates (between {@code beforeEvaluate} and
 * {@code afterEvaluate}), feeds the schedule, tracks the best epoch and early stopping, writes the
 * checkpoint atomically and reports the {@link org.snnaudio.core.train.EpochRecord}.
 *
 * <p>Reproducibility: the same model initialisation, data, config and thread count give bit-identical
 * weights; a run killed at any point and resumed from its checkpoint gives the same weights as an
 * uninterrupted run. Checkpoint and model files are written to a temporary file and renamed.
 */
package org.snnaudio.core.train;
