/**
 * Training: the {@link org.snnaudio.core.train.Trainer} (seeded shuffling, validation, best-model
 * restore, early stopping, checkpoints, progress), optimisers with parameter groups, learning-rate
 * schedules, gradient clipping, and the hooks for hardware-aware training
 * ({@link org.snnaudio.core.train.ParameterPenalty}, {@link org.snnaudio.core.train.StepHook}).
 * Models plug in through {@link org.snnaudio.core.train.TrainableModel}.
 */
package org.snnaudio.core.train;
