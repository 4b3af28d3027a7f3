package org.snnaudio.core.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.data.Dataset;
import org.snnaudio.core.data.Sample;
import org.snnaudio.core.nn.Parameter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.snnaudio.core.train.OptimizerTest.assertMessage;

class TrainerTest {
    @TempDir
    Path dir;

    static final Dataset TRAIN = SoftmaxModel.data(150, 4, 3, 0.6, 1);
    static final Dataset VAL = SoftmaxModel.data(60, 4, 3, 0.6, 2);

    static TrainerConfig.Builder base() {
        return TrainerConfig.builder().epochs(6).batchSize(16).seed(11).optimizer(OptimizerConfig.Adam.of(0.05));
    }

    static float[][] weights(TrainableModel m) {
        return m.parameters().stream().map(p -> p.value().clone()).toArray(float[][]::new);
    }

    /** An epoch record without its wall time, for equality between runs. */
    static String noTime(EpochRecord r) {
        return r.epoch() + " " + r.trainLoss() + " " + r.trainAccuracy() + " " + r.valLoss() + " " + r.valAccuracy() + " "
                + r.lr() + " " + r.lrFactor() + " " + Arrays.toString(r.firingRates()) + " " + r.penalties() + " " + r.gradNorm();
    }

    static void assertSameRun(TrainableModel a, TrainingResult ra, TrainableModel b, TrainingResult rb) {
        float[][] wa = weights(a);
        float[][] wb = weights(b);
        for (int i = 0; i < wa.length; i++) {
            assertArrayEquals(wa[i], wb[i], "parameter " + i + " must be bit-identical");
        }
        assertEquals(ra.history().stream().map(TrainerTest::noTime).toList(), rb.history().stream().map(TrainerTest::noTime).toList());
        assertEquals(ra.bestEpoch(), rb.bestEpoch());
    }

    @Test
    void learnsASeparableTaskAndReportsHistory() {
        SoftmaxModel m = new SoftmaxModel(4, 3, 5);
        double lossBefore = new Trainer(m, base().build()).evaluate(VAL).loss();
        TrainingResult r = new Trainer(m, base().epochs(10).build()).fit(TRAIN, VAL);
        assertEquals(10, r.history().size());
        assertEquals(TrainingResult.StopReason.COMPLETED, r.stop());
        StepResult after = new Trainer(m, base().build()).evaluate(VAL);
        assertTrue(after.accuracy() > 0.85, "validation accuracy after training " + after.accuracy());
        assertTrue(after.loss() < lossBefore - 0.5, "validation loss " + lossBefore + " -> " + after.loss());
        assertEquals(r.bestMetric(), after.accuracy(), 1e-12, "the model ends with the best epoch's weights");
        assertTrue(r.last().trainLoss() < r.history().get(0).trainLoss());
        EpochRecord e0 = r.history().get(0);
        assertEquals(0.05, e0.lr());
        assertEquals(1, e0.firingRates().length);
        assertTrue(e0.firingRates()[0] > 0 && e0.firingRates()[0] < 1);
        assertTrue(e0.hasValidation());
        assertTrue(e0.gradNorm() > 0);
    }

    @Test
    void sameSeedGivesBitIdenticalWeightsAndAnotherSeedDoesNot() {
        SoftmaxModel a = new SoftmaxModel(4, 3, 5);
        SoftmaxModel b = new SoftmaxModel(4, 3, 5);
        SoftmaxModel c = new SoftmaxModel(4, 3, 5);
        TrainingResult ra = new Trainer(a, base().restoreBest(false).build()).fit(TRAIN, VAL);
        TrainingResult rb = new Trainer(b, base().restoreBest(false).build()).fit(TRAIN, VAL);
        new Trainer(c, base().restoreBest(false).seed(12).build()).fit(TRAIN, VAL);
        assertSameRun(a, ra, b, rb);
        assertFalse(Arrays.equals(a.weight.value(), c.weight.value()), "another shuffling seed must give other weights");
    }

    @Test
    void withoutShufflingTheSeedDoesNotMatter() {
        SoftmaxModel a = new SoftmaxModel(4, 3, 5);
        SoftmaxModel b = new SoftmaxModel(4, 3, 5);
        new Trainer(a, base().shuffle(false).seed(1).build()).fit(TRAIN, VAL);
        new Trainer(b, base().shuffle(false).seed(2).build()).fit(TRAIN, VAL);
        assertArrayEquals(a.weight.value(), b.weight.value());
    }

    /** A config exercising every piece of saved state: Adam moments, plateau schedule, clipping, groups, penalty. */
    TrainerConfig.Builder stateful(Path ck) {
        return base().epochs(7).optimizer(OptimizerConfig.AdamW.of(0.05)).groups(ParamGroup.of("out.bias", 0.01))
                .schedule(new LrSchedule.Plateau(Monitor.VAL_LOSS, 0.5, 0, 0, 0, 0)).clipNorm(0.5)
                .monitor(Monitor.VAL_LOSS).patience(0).checkpoint(ck).resume(true);
    }

    static ParameterPenalty l2(String name, double lambda) {
        return new ParameterPenalty() {
            public String name() {
                return name;
            }

            public double apply(List<Parameter> parameters) {
                double v = 0;
                for (Parameter p : parameters) {
                    if (p.kind() == Parameter.Kind.WEIGHT) {
                        for (int i = 0; i < p.size(); i++) {
                            v += lambda * p.value()[i] * p.value()[i];
                            p.grad()[i] += (float) (2 * lambda * p.value()[i]);
                        }
                    }
                }
                return v;
            }
        };
    }

    /** Thrown by a listener to stop a run the way a kill would: between two batches, with no clean-up. */
    static final class Killed extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void runKilledMidEpochResumesToBitIdenticalWeights() {
        SoftmaxModel ref = new SoftmaxModel(4, 3, 5);
        TrainingResult rr = new Trainer(ref, stateful(dir.resolve("ref.ckpt")).build()).addPenalty(l2("l2", 1e-3))
                .fit(TRAIN, VAL);

        Path ck = dir.resolve("run.ckpt");
        SoftmaxModel first = new SoftmaxModel(4, 3, 5);
        Trainer t1 = new Trainer(first, stateful(ck).build()).addPenalty(l2("l2", 1e-3)).progress(new ProgressListener() {
            public void onBatch(BatchProgress p) {
                if (p.epoch() == 3 && p.batch() == 4) {
                    throw new Killed();
                }
            }
        });
        assertThrows(Killed.class, () -> t1.fit(TRAIN, VAL));
        assertEquals(3, Checkpoint.read(ck).epochsDone());

        SoftmaxModel resumed = new SoftmaxModel(4, 3, 99); // other initial weights: all must come from the checkpoint
        TrainingResult r2 = new Trainer(resumed, stateful(ck).build()).addPenalty(l2("l2", 1e-3)).fit(TRAIN, VAL);
        assertEquals(3, r2.resumedEpochs());
        assertSameRun(ref, rr, resumed, r2);
    }

    @Test
    void runKilledRightAfterACheckpointResumesToBitIdenticalWeights() throws IOException {
        SoftmaxModel ref = new SoftmaxModel(4, 3, 5);
        TrainingResult rr = new Trainer(ref, stateful(dir.resolve("ref.ckpt")).build()).fit(TRAIN, VAL);
        Path ck = dir.resolve("run.ckpt");
        for (int killAt = 0; killAt < 6; killAt += 2) {
            Files.deleteIfExists(ck);
            SoftmaxModel m = new SoftmaxModel(4, 3, 5);
            int k = killAt;
            Trainer t = new Trainer(m, stateful(ck).build()).progress(new ProgressListener() {
                public void onEpoch(EpochRecord r) {
                    if (r.epoch() == k) {
                        throw new Killed();
                    }
                }
            });
            assertThrows(Killed.class, () -> t.fit(TRAIN, VAL));
            // a crash during a later write leaves a stray temporary file behind: it must not matter
            Files.write(dir.resolve(".run.ckpt.123.tmp"), new byte[] {1, 2, 3});
            SoftmaxModel resumed = new SoftmaxModel(4, 3, 7);
            TrainingResult r = new Trainer(resumed, stateful(ck).build()).fit(TRAIN, VAL);
            assertEquals(killAt + 1, r.resumedEpochs());
            assertSameRun(ref, rr, resumed, r);
        }
    }

    @Test
    void resumingAFinishedRunTrainsNothingAndRestoresTheBest() {
        Path ck = dir.resolve("done.ckpt");
        SoftmaxModel a = new SoftmaxModel(4, 3, 5);
        TrainingResult ra = new Trainer(a, stateful(ck).build()).fit(TRAIN, VAL);
        CountingModel b = new CountingModel(new SoftmaxModel(4, 3, 6));
        TrainingResult rb = new Trainer(b, stateful(ck).build()).fit(TRAIN, VAL);
        assertEquals(0, b.trainCalls);
        assertEquals(7, rb.resumedEpochs());
        assertSameRun(a, ra, b, rb);
    }

    @Test
    void resumingWithOtherSettingsOrAnotherModelIsAnError() {
        Path ck = dir.resolve("x.ckpt");
        new Trainer(new SoftmaxModel(4, 3, 5), stateful(ck).epochs(1).build()).fit(TRAIN, VAL);
        var e = assertThrows(SnnaudioException.class,
                () -> new Trainer(new SoftmaxModel(4, 3, 5), stateful(ck).batchSize(8).build()).fit(TRAIN, VAL));
        assertTrue(e.getMessage().contains("checkpoint " + ck + " was written by a run with other settings"), e.getMessage());
        assertTrue(e.getMessage().contains("batchSize=16") && e.getMessage().contains("batchSize=8"), e.getMessage());
        // more epochs is fine: it continues
        TrainingResult more = new Trainer(new SoftmaxModel(4, 3, 5), stateful(ck).epochs(2).build()).fit(TRAIN, VAL);
        assertEquals(2, more.history().size());
        assertEquals(1, more.resumedEpochs());
        var e2 = assertThrows(SnnaudioException.class,
                () -> new Trainer(new SoftmaxModel(5, 3, 5), stateful(ck).epochs(3).build()).fit(SoftmaxModel.data(30, 5, 3, 0.5, 1),
                        SoftmaxModel.data(30, 5, 3, 0.5, 2)));
        assertTrue(e2.getMessage().contains("parameter out.weight holds 12 values, the model's 15"), e2.getMessage());
    }

    @Test
    void aCorruptCheckpointIsAClearError() throws IOException {
        Path ck = dir.resolve("c.ckpt");
        new Trainer(new SoftmaxModel(4, 3, 5), stateful(ck).epochs(1).build()).fit(TRAIN, VAL);
        byte[] b = Files.readAllBytes(ck);
        b[b.length / 2] ^= 0x10;
        Files.write(ck, b);
        var e = assertThrows(SnnaudioException.class,
                () -> new Trainer(new SoftmaxModel(4, 3, 5), stateful(ck).build()).fit(TRAIN, VAL));
        assertEquals("snnaudio checkpoint file " + ck + " is corrupt (checksum mismatch)", e.getMessage());
    }

    @Test
    void withoutResumeAnExistingCheckpointIsOverwritten() {
        Path ck = dir.resolve("o.ckpt");
        new Trainer(new SoftmaxModel(4, 3, 5), stateful(ck).epochs(3).build()).fit(TRAIN, VAL);
        TrainingResult r = new Trainer(new SoftmaxModel(4, 3, 5), stateful(ck).epochs(2).resume(false).batchSize(8).build())
                .fit(TRAIN, VAL);
        assertEquals(0, r.resumedEpochs());
        assertEquals(2, Checkpoint.read(ck).epochsDone());
    }

    /** Wraps a model and returns a NaN loss (or poisons a gradient) at one training call. */
    static final class CountingModel implements TrainableModel {
        final TrainableModel inner;
        int trainCalls;
        int nanLossAt = -1;
        int nanGradAt = -1;

        CountingModel(TrainableModel inner) {
            this.inner = inner;
        }

        public List<Parameter> parameters() {
            return inner.parameters();
        }

        public StepResult trainBatch(List<? extends Sample> batch) {
            StepResult r = inner.trainBatch(batch);
            int call = trainCalls++;
            if (call == nanGradAt) {
                inner.parameters().get(0).grad()[0] = Float.POSITIVE_INFINITY;
            }
            return call == nanLossAt ? new StepResult(Double.NaN, r.correct(), r.count(), r.layerFiringRates()) : r;
        }

        public float[][] predict(List<? extends Sample> batch) {
            return inner.predict(batch);
        }

        public StepResult evaluateBatch(List<? extends Sample> batch) {
            return inner.evaluateBatch(batch);
        }
    }

    @Test
    void aNanLossStopsWithTheEpochAndBatchAndKeepsTheLastGoodCheckpoint() throws IOException {
        Path ck = dir.resolve("nan.ckpt");
        CountingModel m = new CountingModel(new SoftmaxModel(4, 3, 5));
        m.nanLossAt = 2 * 10 + 3; // 150 samples / 16 = 10 batches per epoch: epoch 3 (1-based), batch 4
        List<byte[]> written = new ArrayList<>();
        Trainer t = new Trainer(m, stateful(ck).build()).progress(new ProgressListener() {
            public void onEpoch(EpochRecord r) {
                try {
                    written.add(Files.readAllBytes(ck));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        var e = assertThrows(TrainingDivergedException.class, () -> t.fit(TRAIN, VAL));
        assertEquals("training diverged at epoch 3, batch 4: loss is NaN (the last good checkpoint " + ck
                + " is kept; resume from it with a smaller learning rate or gradient clipping)", e.getMessage());
        assertEquals(2, e.epoch());
        assertEquals(3, e.batch());
        assertEquals(2, written.size());
        assertArrayEquals(written.get(1), Files.readAllBytes(ck), "the checkpoint of epoch 2 must be untouched");
        assertEquals(2, Checkpoint.read(ck).epochsDone());
        // resuming under a lower learning rate needs changed settings to be allowed, then continues from epoch 3
        TrainerConfig lower = stateful(ck).optimizer(new OptimizerConfig.AdamW(0.01, 0.9, 0.999, 1e-8, 0.01)).build();
        var refused = assertThrows(SnnaudioException.class, () -> new Trainer(new SoftmaxModel(4, 3, 5), lower).fit(TRAIN, VAL));
        assertTrue(refused.getMessage().contains("unless changed settings are allowed"), refused.getMessage());
        CountingModel again = new CountingModel(new SoftmaxModel(4, 3, 5));
        TrainingResult r = new Trainer(again, lower.toBuilder().allowChangedSettings(true).build()).fit(TRAIN, VAL);
        assertEquals(2, r.resumedEpochs());
        assertEquals(7, r.history().size());
        assertEquals(5 * 10, again.trainCalls);
        assertEquals(0.01, r.last().lr() / r.last().lrFactor(), 1e-12);
        // the optimiser kind must still match: its state cannot carry over
        TrainerConfig sgd = stateful(ck).optimizer(OptimizerConfig.Sgd.of(0.01, 0.9)).allowChangedSettings(true).build();
        var kind = assertThrows(SnnaudioException.class, () -> new Trainer(new SoftmaxModel(4, 3, 5), sgd).fit(TRAIN, VAL));
        assertTrue(kind.getMessage().contains("does not fit this training run: optimiser state is for adamw, this optimiser is sgd"),
                kind.getMessage());
    }

    @Test
    void anInfiniteGradientOrPenaltyAlsoStopsTraining() throws IOException {
        CountingModel m = new CountingModel(new SoftmaxModel(4, 3, 5));
        m.nanGradAt = 1;
        var e = assertThrows(TrainingDivergedException.class,
                () -> new Trainer(m, base().build()).fit(TRAIN, VAL));
        assertEquals("training diverged at epoch 1, batch 2: gradient norm is Infinity (no checkpoint was configured;"
                + " try a smaller learning rate or gradient clipping)", e.getMessage());
        ParameterPenalty bad = new ParameterPenalty() {
            public String name() {
                return "magnitude";
            }

            public double apply(List<Parameter> parameters) {
                return Double.POSITIVE_INFINITY;
            }
        };
        // a checkpoint of an earlier run (not resumed) is not this run's last good state and stays as it was
        Path old = dir.resolve("p.ckpt");
        new Trainer(new SoftmaxModel(4, 3, 5), base().epochs(1).checkpoint(old).build()).fit(TRAIN, VAL);
        byte[] before = Files.readAllBytes(old);
        var e2 = assertThrows(TrainingDivergedException.class,
                () -> new Trainer(new SoftmaxModel(4, 3, 5), base().checkpoint(old).build()).addPenalty(bad)
                        .fit(TRAIN, VAL));
        assertArrayEquals(before, Files.readAllBytes(old));
        assertTrue(e2.getMessage().startsWith("training diverged at epoch 1, batch 1: penalty 'magnitude' is Infinity"
                + " (no epoch of this run had finished, so no checkpoint was written"), e2.getMessage());
    }

    /**
     * A one-weight model with a scripted validation accuracy per epoch; every training batch has
     * gradient 1, so SGD with lr 1 and momentum 0 lowers the weight by 1 per batch.
     */
    static class ScriptedModel implements TrainableModel {
        final Parameter w = new Parameter("w", Parameter.Kind.WEIGHT, new float[] {0}, 1);
        final double[] valAccuracy;
        int evals;

        ScriptedModel(double... valAccuracy) {
            this.valAccuracy = valAccuracy;
        }

        public List<Parameter> parameters() {
            return List.of(w);
        }

        public StepResult trainBatch(List<? extends Sample> batch) {
            w.grad()[0] += 1;
            return new StepResult(1, 0, batch.size(), new double[] {0.1});
        }

        public float[][] predict(List<? extends Sample> batch) {
            return new float[batch.size()][1];
        }

        public StepResult evaluateBatch(List<? extends Sample> batch) {
            double acc = valAccuracy[evals++];
            int correct = (int) Math.round(acc * batch.size());
            return new StepResult(1 - acc, correct, batch.size(), new double[] {0.1});
        }
    }

    static final Dataset TEN = SoftmaxModel.data(10, 2, 2, 0.1, 3);

    static TrainerConfig.Builder scripted() {
        return TrainerConfig.builder().epochs(6).batchSize(5).evalBatchSize(10).optimizer(OptimizerConfig.Sgd.of(1, 0));
    }

    @Test
    void restoresTheBestEpochsWeights() {
        ScriptedModel m = new ScriptedModel(0.5, 0.8, 0.6, 0.7, 0.8, 0.4);
        TrainingResult r = new Trainer(m, scripted().build()).fit(TEN, TEN);
        assertEquals(1, r.bestEpoch(), "ties do not count as improvements");
        assertEquals(0.8, r.bestMetric(), 1e-12);
        assertTrue(r.restoredBest());
        assertEquals(-4f, m.w.value()[0], "two batches per epoch: weight after epoch 2 is -4");
        ScriptedModel last = new ScriptedModel(0.5, 0.8, 0.6, 0.7, 0.8, 0.4);
        new Trainer(last, scripted().restoreBest(false).build()).fit(TEN, TEN);
        assertEquals(-12f, last.w.value()[0]);
    }

    @Test
    void bestByValidationLossPicksTheLowestLoss() {
        ScriptedModel m = new ScriptedModel(0.5, 0.9, 0.6, 0.95, 0.7, 0.4); // loss = 1 - accuracy
        TrainingResult r = new Trainer(m, scripted().monitor(Monitor.VAL_LOSS).build()).fit(TEN, TEN);
        assertEquals(3, r.bestEpoch());
        assertEquals(0.05, r.bestMetric(), 1e-12);
        assertEquals(-8f, m.w.value()[0]);
    }

    @Test
    void earlyStoppingWaitsPatienceEpochsWithoutImprovement() {
        ScriptedModel m = new ScriptedModel(0.5, 0.6, 0.6, 0.65, 0.6, 0.6, 0.9, 0.9);
        TrainingResult r = new Trainer(m, scripted().epochs(8).patience(2).minDelta(0.1).build()).fit(TEN, TEN);
        // improvements by more than 0.1 only at epochs 0 (first) and ... none after: 0.6 - 0.5 is not > 0.1
        assertEquals(TrainingResult.StopReason.EARLY_STOPPED, r.stop());
        assertEquals(3, r.history().size());
        assertEquals(0, r.bestEpoch());
        ScriptedModel m2 = new ScriptedModel(0.5, 0.6, 0.6, 0.65, 0.6, 0.6, 0.6, 0.9);
        TrainingResult r2 = new Trainer(m2, scripted().epochs(8).patience(3).build()).fit(TEN, TEN);
        assertEquals(7, r2.history().size(), "best at epoch 3 (0.65), stopped after three worse epochs, before the 0.9");
        assertEquals(3, r2.bestEpoch());
    }

    @Test
    void earlyStoppedCheckpointDoesNotContinueOnResume() {
        Path ck = dir.resolve("es.ckpt");
        new Trainer(new ScriptedModel(0.5, 0.4, 0.4), scripted().epochs(8).patience(2).checkpoint(ck).build()).fit(TEN, TEN);
        ScriptedModel m = new ScriptedModel(0.9);
        TrainingResult r = new Trainer(m, scripted().epochs(8).patience(2).checkpoint(ck).resume(true).build()).fit(TEN, TEN);
        assertEquals(TrainingResult.StopReason.EARLY_STOPPED, r.stop());
        assertEquals(0, m.evals);
        assertEquals(3, r.history().size());
    }

    @Test
    void scheduleFactorsAndGroupRatesShowInHistoryAndUpdates() {
        ScriptedModel m = new ScriptedModel(0.1, 0.2, 0.3);
        TrainingResult r = new Trainer(m, scripted().epochs(3).optimizer(OptimizerConfig.Sgd.of(0.1, 0))
                .schedule(new LrSchedule.Step(1, 0.5)).build()).fit(TEN, TEN);
        assertEquals(List.of(1.0, 0.5, 0.25), r.history().stream().map(EpochRecord::lrFactor).toList());
        assertEquals(List.of(0.1, 0.05, 0.025), r.history().stream().map(EpochRecord::lr).toList());
        // two batches per epoch of gradient 1: -(0.1 + 0.05 + 0.025) * 2
        assertEquals((float) -0.35, m.w.value()[0], 1e-6);
    }

    @Test
    void progressReportsEveryBatchWithRunningMeansAndAnEta() {
        List<BatchProgress> batches = new ArrayList<>();
        List<EpochRecord> epochs = new ArrayList<>();
        new Trainer(new SoftmaxModel(4, 3, 5), base().epochs(2).build()).progress(new ProgressListener() {
            public void onBatch(BatchProgress p) {
                batches.add(p);
            }

            public void onEpoch(EpochRecord r) {
                epochs.add(r);
            }
        }).fit(TRAIN, VAL);
        assertEquals(20, batches.size());
        assertEquals(2, epochs.size());
        BatchProgress lastOfFirst = batches.get(9);
        assertEquals(0, lastOfFirst.epoch());
        assertEquals(9, lastOfFirst.batch());
        assertEquals(10, lastOfFirst.batches());
        assertEquals(2, lastOfFirst.epochs());
        assertEquals(0.5, lastOfFirst.fractionDone(), 1e-12);
        assertEquals(epochs.get(0).trainLoss(), lastOfFirst.loss(), 1e-12, "running mean at the end equals the epoch mean");
        assertEquals(epochs.get(0).trainAccuracy(), lastOfFirst.accuracy(), 1e-12);
        assertArrayEquals(epochs.get(0).firingRates(), lastOfFirst.firingRates(), 1e-12);
        BatchProgress last = batches.get(19);
        assertEquals(1.0, last.fractionDone(), 1e-12);
        assertEquals(0, last.etaSeconds(), 1e-12);
        for (BatchProgress p : batches) {
            assertTrue(p.elapsedSeconds() >= 0 && p.etaSeconds() >= 0 && Double.isFinite(p.etaSeconds()));
        }
    }

    @Test
    void penaltiesAddTheirValueToTheLossAndTheirGradientToTheUpdate() {
        // no data gradient: only the penalty 0.5 * w^2 (gradient w) moves the weight: w <- w - 0.1 w
        ScriptedModel m = new ScriptedModel(0.1, 0.1) {
            @Override
            public StepResult trainBatch(List<? extends Sample> batch) {
                return new StepResult(1, 0, batch.size(), new double[0]);
            }
        };
        m.w.value()[0] = 2;
        ParameterPenalty half = new ParameterPenalty() {
            public String name() {
                return "half_square";
            }

            public double apply(List<Parameter> ps) {
                float w = ps.get(0).value()[0];
                ps.get(0).grad()[0] += w;
                return 0.5 * w * w;
            }
        };
        TrainingResult r = new Trainer(m, scripted().epochs(1).optimizer(OptimizerConfig.Sgd.of(0.1, 0)).build()).addPenalty(half)
                .fit(TEN, TEN);
        assertEquals((float) (2 * 0.9 * 0.9), m.w.value()[0], 1e-6);
        double p1 = 0.5 * 4;
        double p2 = 0.5 * 1.8 * 1.8;
        assertEquals((p1 + p2) / 2, r.last().penalties().get("half_square"), 1e-5);
        assertEquals(1 + (p1 + p2) / 2, r.last().trainLoss(), 1e-5);
        assertMessage("two parameter penalties are named 'half_square'",
                () -> new Trainer(m, scripted().build()).addPenalty(half).addPenalty(half));
    }

    @Test
    void hooksAndPenaltiesRunInTheDocumentedOrder() {
        List<String> calls = new ArrayList<>();
        ScriptedModel m = new ScriptedModel(0.1) {
            @Override
            public StepResult trainBatch(List<? extends Sample> batch) {
                calls.add("trainBatch");
                return super.trainBatch(batch);
            }

            @Override
            public StepResult evaluateBatch(List<? extends Sample> batch) {
                calls.add("evaluateBatch");
                return super.evaluateBatch(batch);
            }
        };
        class Recorder implements StepHook {
            final String id;

            Recorder(String id) {
                this.id = id;
            }

            public void beforeForward(StepContext c) {
                calls.add(id + ".beforeForward(" + c.epoch() + "," + c.batch() + ")");
            }

            public void afterBackward(StepContext c) {
                calls.add(id + ".afterBackward grad=" + c.parameters().get(0).grad()[0]);
            }

            public void afterStep(StepContext c) {
                calls.add(id + ".afterStep w=" + c.parameters().get(0).value()[0]);
            }

            public void beforeEvaluate(StepContext c) {
                calls.add(id + ".beforeEvaluate(" + c.epoch() + "," + c.batch() + ")");
            }

            public void afterEvaluate(StepContext c) {
                calls.add(id + ".afterEvaluate");
            }
        }
        ParameterPenalty p = new ParameterPenalty() {
            public String name() {
                return "p";
            }

            public double apply(List<Parameter> ps) {
                calls.add("penalty");
                return 0;
            }
        };
        new Trainer(m, scripted().epochs(1).batchSize(10).build()).addHook(new Recorder("a")).addHook(new Recorder("b"))
                .addPenalty(p).fit(TEN, TEN);
        assertEquals(List.of("a.beforeForward(0,0)", "b.beforeForward(0,0)", "trainBatch", "b.afterBackward grad=1.0",
                "a.afterBackward grad=1.0", "penalty", "b.afterStep w=-1.0", "a.afterStep w=-1.0", "a.beforeEvaluate(0,-1)",
                "b.beforeEvaluate(0,-1)", "evaluateBatch", "b.afterEvaluate", "a.afterEvaluate"), calls);
    }

    /** Straight-through quantisation: forward sees weights on a 0.25 grid, the float masters get the updates. */
    static final class QuantiseHook implements StepHook {
        float[] master;

        static float q(float w) {
            return Math.round(w * 4) / 4f;
        }

        private void swapIn(StepContext c) {
            float[] w = c.parameters().get(0).value();
            master = w.clone();
            for (int i = 0; i < w.length; i++) {
                w[i] = q(w[i]);
            }
        }

        private void restore(StepContext c) {
            System.arraycopy(master, 0, c.parameters().get(0).value(), 0, master.length);
        }

        public void beforeForward(StepContext c) {
            swapIn(c);
        }

        public void afterBackward(StepContext c) {
            restore(c);
        }

        public void beforeEvaluate(StepContext c) {
            swapIn(c);
        }

        public void afterEvaluate(StepContext c) {
            restore(c);
        }
    }

    @Test
    void quantisationAwareTrainingWithAStraightThroughHook() {
        SoftmaxModel m = new SoftmaxModel(4, 3, 5);
        m.recordForward = true;
        List<float[]> masters = new ArrayList<>();
        QuantiseHook hook = new QuantiseHook();
        new Trainer(m, base().epochs(2).optimizer(OptimizerConfig.Sgd.of(0.05, 0)).build()).addHook(hook)
                .addHook(new StepHook() {
                    public void afterStep(StepContext c) {
                        masters.add(c.parameters().get(0).value().clone());
                    }
                }).fit(TRAIN, VAL);
        assertEquals(20, m.weightsSeenInForward.size());
        for (float[] seen : m.weightsSeenInForward) {
            for (float w : seen) {
                assertEquals(QuantiseHook.q(w), w, "the forward pass must see quantised weights");
            }
        }
        boolean offGrid = false;
        for (float w : m.weight.value()) {
            offGrid |= QuantiseHook.q(w) != w;
        }
        assertTrue(offGrid, "the master weights stay in float");
        // the masters move by small SGD steps, far below the 0.25 grid: they must differ from step to step
        assertFalse(Arrays.equals(masters.get(0), masters.get(1)));
    }

    @Test
    void aProjectionHookKeepsWeightsInBounds() {
        SoftmaxModel m = new SoftmaxModel(4, 3, 5);
        float[] maxSeen = {0};
        new Trainer(m, base().epochs(4).optimizer(OptimizerConfig.Sgd.of(2.0, 0.9)).build()).addHook(new StepHook() {
            public void afterStep(StepContext c) {
                for (Parameter p : c.parameters()) {
                    if (p.kind() == Parameter.Kind.WEIGHT) {
                        float[] w = p.value();
                        for (int i = 0; i < w.length; i++) {
                            w[i] = Math.max(-0.9f, Math.min(0.9f, w[i]));
                        }
                    }
                }
            }
        }).progress(new ProgressListener() {
            public void onBatch(BatchProgress p) {
                for (float w : m.weight.value()) {
                    maxSeen[0] = Math.max(maxSeen[0], Math.abs(w));
                }
            }
        }).fit(TRAIN, VAL);
        assertEquals(0.9f, maxSeen[0], "a high learning rate pushes weights to the bound, the projection holds them there");
    }

    @Test
    void configErrorsNameTheProblem() {
        assertMessage("monitor VAL_ACCURACY needs a validation set; give one or monitor TRAIN_ACCURACY",
                () -> new Trainer(new SoftmaxModel(4, 3, 5), base().build()).fit(TRAIN, null));
        assertMessage("plateau schedule monitors VAL_LOSS, which needs a validation set",
                () -> new Trainer(new SoftmaxModel(4, 3, 5), base().monitor(Monitor.TRAIN_LOSS)
                        .schedule(LrSchedule.Plateau.of(Monitor.VAL_LOSS)).build()).fit(TRAIN, null));
        assertMessage("training set is empty", () -> new Trainer(new SoftmaxModel(4, 3, 5), base().build())
                .fit(new Dataset(List.of(), List.of("a")), VAL));
        assertMessage("epochs must be >= 1, got 0", () -> base().epochs(0).build());
        assertMessage("batchSize must be >= 1, got 0", () -> base().batchSize(0).build());
        assertMessage("evalBatchSize must be >= 1, got -1", () -> base().evalBatchSize(-1).build());
        assertMessage("clipNorm must be >= 0 (0 for no clipping), got -0.5", () -> base().clipNorm(-0.5).build());
        assertMessage("patience must be >= 0 epochs (0 for no early stopping), got -1", () -> base().patience(-1).build());
        assertMessage("minDelta must be >= 0, got NaN", () -> base().minDelta(Double.NaN).build());
        assertMessage("resume needs a checkpoint file", () -> base().resume(true).build());
    }

    @Test
    void trainingMetricsCanBeMonitoredWithoutAValidationSet() {
        TrainingResult r = new Trainer(new SoftmaxModel(4, 3, 5), base().monitor(Monitor.TRAIN_LOSS).build()).fit(TRAIN, null);
        assertFalse(r.last().hasValidation());
        assertTrue(Double.isNaN(r.last().valAccuracy()));
        double min = r.history().stream().mapToDouble(EpochRecord::trainLoss).min().orElseThrow();
        assertEquals(min, r.bestMetric());
    }

    @Test
    void evaluateWeightsBatchesBySampleCount() {
        // 10 samples in batches of 4, 4, 2 with accuracies 0.25, 0.5, 1: counts sum, loss is the sample-weighted mean
        ScriptedModel m = new ScriptedModel(0.25, 0.5, 1.0);
        StepResult r = new Trainer(m, scripted().evalBatchSize(4).build()).evaluate(TEN);
        assertEquals(10, r.count());
        assertEquals(1 + 2 + 2, r.correct());
        assertEquals((0.75 * 4 + 0.5 * 4 + 0 * 2) / 10, r.loss(), 1e-12);
        assertArrayEquals(new double[] {0.1}, r.layerFiringRates(), 1e-12);
    }

    @Test
    void checkpointRoundTripsEveryField(@TempDir Path tmp) {
        EpochRecord rec = new EpochRecord(0, 1.5, 0.25, 1.75, 0.5, 1e-3, 0.5, new double[] {0.1, 0.2},
                Map.of("b", 2.0, "a", 1.0), 3.5, 1.25);
        Checkpoint c = new Checkpoint("fp", 1, 42, 1, List.of("w", "b"), new float[][] {{1, 2}, {3}}, new byte[] {1, 2},
                new byte[] {3}, 0.5, 0, 0, false, new float[][] {{4, 5}, {6}}, List.of(rec));
        Path f = tmp.resolve("a.ckpt");
        c.write(f);
        Checkpoint d = Checkpoint.read(f);
        assertEquals("fp", d.fingerprint());
        assertEquals(42, d.rngSeed());
        assertEquals(List.of("w", "b"), d.parameterNames());
        assertArrayEquals(new float[] {1, 2}, d.weights()[0]);
        assertArrayEquals(new float[] {6}, d.bestWeights()[1]);
        assertArrayEquals(new byte[] {1, 2}, d.optimizerState());
        assertEquals(noTime(rec), noTime(d.history().get(0)));
        assertEquals(1.25, d.history().get(0).seconds());
        assertMessage("snnaudio checkpoint file " + tmp.resolve("none.ckpt") + " does not exist",
                () -> Checkpoint.read(tmp.resolve("none.ckpt")));
    }
}
