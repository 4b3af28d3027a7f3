package org.snnaudio.core.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnaudio.core.SnnaudioException;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kills a training process for real (SIGKILL, no shutdown hooks, possibly in the middle of writing a
 * checkpoint) and checks that resuming from what is on disk ends with the weights of an
 * uninterrupted run.
 */
class KillResumeTest {
    @TempDir
    Path dir;

    static final int EPOCHS = 30;

    static TrainerConfig config(Path ck) {
        return TrainerTest.base().epochs(EPOCHS).batchSize(4).optimizer(OptimizerConfig.AdamW.of(0.02))
                .schedule(new LrSchedule.Cosine(EPOCHS, 0.05, 2)).clipNorm(1).checkpoint(ck).resume(true).build();
    }

    /** The child process: trains slowly (a pause per batch) with a checkpoint, until killed. */
    public static void main(String[] args) {
        Path ck = Path.of(args[0]);
        new Trainer(new SoftmaxModel(4, 3, 5), config(ck)).progress(new ProgressListener() {
            public void onBatch(BatchProgress p) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }).fit(TrainerTest.TRAIN, TrainerTest.VAL);
    }

    @Test
    void aProcessKilledWithSigkillResumesToTheUninterruptedWeights() throws Exception {
        SoftmaxModel ref = new SoftmaxModel(4, 3, 5);
        new Trainer(ref, config(dir.resolve("ref.ckpt"))).fit(TrainerTest.TRAIN, TrainerTest.VAL);

        String cp = Path.of(KillResumeTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()) + File.pathSeparator
                + Path.of(Trainer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int[] killAfterEpochs = {2, 9};
        for (int target : killAfterEpochs) {
            Path ck = dir.resolve("kill" + target + ".ckpt");
            Process p = new ProcessBuilder(java, "-cp", cp, KillResumeTest.class.getName(), ck.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("child" + target + ".log").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int done = 0;
            while (done < target && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
                try {
                    done = Files.exists(ck) ? Checkpoint.read(ck).epochsDone() : 0;
                } catch (SnnaudioException e) {
                    done = 0; // cannot happen with atomic writes; would fail the final comparison anyway
                }
            }
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertTrue(done >= target, "child reached " + done + " epochs before the deadline; log: "
                    + Files.readString(dir.resolve("child" + target + ".log")));
            int onDisk = Checkpoint.read(ck).epochsDone();
            assertTrue(onDisk < EPOCHS, "the child must be killed before finishing, had " + onDisk);
            SoftmaxModel resumed = new SoftmaxModel(4, 3, 77);
            TrainingResult r = new Trainer(resumed, config(ck)).fit(TrainerTest.TRAIN, TrainerTest.VAL);
            assertEquals(onDisk, r.resumedEpochs());
            assertArrayEquals(ref.weight.value(), resumed.weight.value(), "killed after " + onDisk + " epochs");
            assertArrayEquals(ref.bias.value(), resumed.bias.value());
        }
    }
}
