package org.snnaudio.cli.tune;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnaudio.core.SnnaudioException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TuneRunnerTest {
    static final String SPACE = """
            parameters:
              network.neuron.tau_mem: {type: log, low: 0.005, high: 0.2, grid: 4}
              network.hidden: {type: int, low: 16, high: 256, log: true, grid: 3}
            metric: {name: accuracy, aggregate: median}
            strategy: grid
            seed: 7
            validation: {scheme: stratified_kfold, folds: 3}
            """;

    static ObjectNode config() {
        ObjectNode c = new ObjectMapper().createObjectNode();
        c.putObject("network").putObject("neuron").put("tau_mem", 0.05);
        return c;
    }

    /** A deterministic stand-in for training: accuracy peaks at tau 0.03 and 64 hidden, folds differ a little. */
    static List<FoldScore> score(ObjectNode c, TrialContext ctx) {
        double tau = c.at("/network/neuron/tau_mem").doubleValue();
        int hidden = c.at("/network/hidden").intValue();
        double acc = 0.9 - 0.1 * Math.pow(Math.log(tau / 0.03), 2) - 0.05 * Math.pow(Math.log(hidden / 64.0), 2);
        List<FoldScore> folds = new ArrayList<>();
        for (int f = 0; f < ctx.validation().folds(); f++) {
            folds.add(new FoldScore(f, Map.of(FoldScore.ACCURACY, acc + 0.01 * (f - 1))));
        }
        return folds;
    }

    static TuneRunner runner(TuneSpec spec, Objective o, Path out, int parallel) {
        return new TuneRunner(spec, config(), "c.yaml", o, out, new ThreadBudget(4, parallel, 4 / parallel),
                spec.fingerprint());
    }

    @Test
    void gridRunsEveryPointOnceInParallelWithinTheThreadBudget(@TempDir Path out) throws Exception {
        TuneSpec spec = TuneSpecReader.parse(SPACE, "space.yaml");
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        Map<Integer, Integer> threadsSeen = new ConcurrentHashMap<>();
        Objective o = (c, ctx) -> {
            int now = concurrent.incrementAndGet();
            maxConcurrent.accumulateAndGet(now, Math::max);
            threadsSeen.put(ctx.trial(), ctx.threads());
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            concurrent.decrementAndGet();
            return score(c, ctx);
        };
        List<TrialResult> results = runner(spec, o, out, 2).run();
        assertEquals(12, results.size());
        assertEquals(12, results.stream().map(r -> r.assignment().key()).distinct().count());
        assertTrue(maxConcurrent.get() <= 2, "ran " + maxConcurrent.get() + " trials at once");
        assertTrue(threadsSeen.values().stream().allMatch(t -> t == 2));
        TrialResult best = TuneRunner.best(results).orElseThrow();
        assertEquals(64, best.assignment().get("network.hidden"));
        // Per-trial statistics over the three folds (acc - 0.01, acc, acc + 0.01).
        TrialResult r0 = results.get(0);
        double[] pf = r0.perFold();
        assertEquals(pf[1], r0.median(), 1e-15);
        assertEquals(pf[1], r0.mean(), 1e-12);
        assertEquals(Math.sqrt(2.0 / 3) * 0.01, r0.std(), 1e-12);
        assertEquals(r0.median(), r0.objective(), 0);
    }

    @Test
    void aCrashedSearchResumesWithoutLosingOrRepeatingTrials(@TempDir Path out) throws Exception {
        TuneSpec spec = TuneSpecReader.parse(SPACE.replace("strategy: grid", "strategy: random\ntrials: 10"),
                "space.yaml");
        List<Integer> firstRun = Collections.synchronizedList(new ArrayList<>());
        // Trial 5 "kills" the process: an Error escapes, as if the JVM died while it and trial 4 ran.
        Objective dying = (c, ctx) -> {
            firstRun.add(ctx.trial());
            if (ctx.trial() == 5) {
                throw new SimulatedKill();
            }
            if (ctx.trial() == 4) {
                try {
                    Thread.sleep(2000); // still in flight when trial 5 dies
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return score(c, ctx);
        };
        assertThrows(SimulatedKill.class, () -> runner(spec, dying, out, 2).run());
        Journal.State s = Journal.read(out, spec.fingerprint(), spec.space(), spec.metric(), spec.aggregate());
        assertEquals(List.of(0, 1, 2, 3), new ArrayList<>(s.finished().keySet()));
        assertEquals(List.of(4, 5), new ArrayList<>(s.inFlight().keySet()));

        Map<Integer, AtomicInteger> secondRun = new ConcurrentHashMap<>();
        Map<Integer, String> valuesSecond = new ConcurrentHashMap<>();
        Objective counting = (c, ctx) -> {
            secondRun.computeIfAbsent(ctx.trial(), k -> new AtomicInteger()).incrementAndGet();
            valuesSecond.put(ctx.trial(), c.at("/network/neuron/tau_mem").asText());
            return score(c, ctx);
        };
        List<TrialResult> all = runner(spec, counting, out, 2).run();
        assertEquals(10, all.size());
        for (int t = 0; t < 10; t++) {
            assertEquals(t, all.get(t).trial());
            assertTrue(all.get(t).ok());
        }
        // Finished trials are not run again; the two in flight run once; the rest once.
        for (int t = 0; t < 4; t++) {
            assertFalse(secondRun.containsKey(t), "trial " + t + " ran twice");
        }
        for (int t = 4; t < 10; t++) {
            assertEquals(1, secondRun.get(t).get(), "trial " + t);
        }
        // The re-run trials keep the values they had when they were interrupted.
        assertEquals(s.inFlight().get(4).get("network.neuron.tau_mem").toString(), valuesSecond.get(4));
        // And the whole search equals an uninterrupted one (random proposals depend on seed and trial only).
        List<TrialResult> clean = runner(spec, TuneRunnerTest::score, out.resolve("clean"), 2).run();
        for (int t = 0; t < 10; t++) {
            assertEquals(clean.get(t).assignment(), all.get(t).assignment());
            assertEquals(clean.get(t).objective(), all.get(t).objective(), 0);
        }
        // A finished search run again does nothing.
        AtomicInteger none = new AtomicInteger();
        assertEquals(10, runner(spec, (c, ctx) -> {
            none.incrementAndGet();
            return score(c, ctx);
        }, out, 2).run().size());
        assertEquals(0, none.get());
    }

    @Test
    void aTornLastLineIsDroppedAndItsTrialRunsAgain(@TempDir Path out) throws Exception {
        TuneSpec spec = TuneSpecReader.parse(SPACE.replace("strategy: grid", "strategy: random\ntrials: 4"),
                "space.yaml");
        runner(spec, TuneRunnerTest::score, out, 1).run();
        Path journal = out.resolve(Journal.FILE);
        List<String> lines = Files.readAllLines(journal);
        // Cut the last "end" record in the middle, as a kill during the write would.
        String last = lines.get(lines.size() - 1);
        StringBuilder cut = new StringBuilder();
        for (int i = 0; i < lines.size() - 1; i++) {
            cut.append(lines.get(i)).append('\n');
        }
        cut.append(last, 0, last.length() / 2);
        Files.writeString(journal, cut.toString(), StandardCharsets.UTF_8);
        List<Integer> rerun = Collections.synchronizedList(new ArrayList<>());
        List<TrialResult> r = runner(spec, (c, ctx) -> {
            rerun.add(ctx.trial());
            return score(c, ctx);
        }, out, 1).run();
        assertEquals(List.of(3), rerun);
        assertEquals(4, r.size());
        for (String line : Files.readAllLines(journal)) {
            new ObjectMapper().readTree(line); // every line is whole again
        }
    }

    @Test
    void failedTrialsAreRecordedAndTheSearchGoesOn(@TempDir Path out) {
        TuneSpec spec = TuneSpecReader.parse(SPACE, "space.yaml");
        List<TrialResult> r = runner(spec, (c, ctx) -> {
            if (c.at("/network/hidden").intValue() == 16) {
                throw new SnnaudioException("training diverged: loss is NaN at epoch 2");
            }
            return score(c, ctx);
        }, out, 1).run();
        assertEquals(12, r.size());
        assertEquals(4, r.stream().filter(x -> !x.ok()).count());
        assertEquals("training diverged: loss is NaN at epoch 2", r.get(0).error());
        assertTrue(TuneRunner.best(r).orElseThrow().ok());
    }

    @Test
    void anotherSearchInTheSameFolderIsRefused(@TempDir Path out) {
        TuneSpec spec = TuneSpecReader.parse(SPACE, "space.yaml");
        runner(spec, TuneRunnerTest::score, out, 1).run();
        TuneSpec other = TuneSpecReader.parse(SPACE.replace("seed: 7", "seed: 8"), "space.yaml");
        SnnaudioException e = assertThrows(SnnaudioException.class,
                () -> runner(other, TuneRunnerTest::score, out, 1).run());
        assertTrue(e.getMessage().endsWith("journal.jsonl: this folder holds another search (different space file, "
                + "config or data); use another --out folder"), e.getMessage());
        // Raising the budget is the same search, continued.
        TuneSpec r1 = TuneSpecReader.parse(SPACE.replace("strategy: grid", "strategy: random\ntrials: 3"), "s.yaml");
        TuneSpec r2 = TuneSpecReader.parse(SPACE.replace("strategy: grid", "strategy: random\ntrials: 5"), "s.yaml");
        assertEquals(r1.fingerprint(), r2.fingerprint());
    }

    @Test
    void aSearchKilledWithSigkillResumesExactly(@TempDir Path out) throws Exception {
        TuneSpec spec = TuneSpecReader.parse(SPACE.replace("strategy: grid", "strategy: random\ntrials: 6"),
                "space.yaml");
        Path spaceFile = out.resolve("space.yaml");
        Files.writeString(spaceFile, SPACE.replace("strategy: grid", "strategy: random\ntrials: 6"));
        Path dir = out.resolve("run");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                KillableSearch.class.getName(), spaceFile.toString(), dir.toString())
                .redirectErrorStream(true).redirectOutput(out.resolve("child.log").toFile()).start();
        // Wait until the child has finished three trials and started the fourth (which blocks), then kill -9.
        Path journal = dir.resolve(Journal.FILE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (Files.exists(journal)) {
                List<String> lines = Files.readAllLines(journal);
                if (lines.stream().anyMatch(l -> l.contains("\"type\":\"start\"") && l.contains("\"trial\":3,"))) {
                    break;
                }
            }
            assertTrue(p.isAlive(), "child exited: " + Files.readString(out.resolve("child.log")));
            assertTrue(System.nanoTime() < deadline, "child did not reach trial 3");
            Thread.sleep(50);
        }
        p.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        Journal.State s = Journal.read(dir, spec.fingerprint(), spec.space(), spec.metric(), spec.aggregate());
        assertEquals(List.of(0, 1, 2), new ArrayList<>(s.finished().keySet()));
        assertEquals(List.of(3), new ArrayList<>(s.inFlight().keySet()));

        Map<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
        List<TrialResult> all = new TuneRunner(spec, config(), "c.yaml", (c, ctx) -> {
            runs.computeIfAbsent(ctx.trial(), k -> new AtomicInteger()).incrementAndGet();
            return score(c, ctx);
        }, dir, new ThreadBudget(1, 1, 1), spec.fingerprint()).run();
        assertEquals(6, all.size());
        assertEquals(Map.of(3, 1, 4, 1, 5, 1), Map.of(3, runs.get(3).get(), 4, runs.get(4).get(), 5, runs.get(5).get()));
        assertEquals(3, runs.size());
    }

    /** Stands for a JVM dying mid-trial. */
    static final class SimulatedKill extends Error {
        private static final long serialVersionUID = 1L;
    }

    /** The child process of the SIGKILL test: runs the search, blocking forever in trial 3. */
    public static final class KillableSearch {
        public static void main(String[] args) throws Exception {
            TuneSpec spec = TuneSpecReader.read(Path.of(args[0]));
            new TuneRunner(spec, config(), "c.yaml", (c, ctx) -> {
                if (ctx.trial() == 3) {
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return score(c, ctx);
            }, Path.of(args[1]), new ThreadBudget(1, 1, 1), spec.fingerprint()).run();
            Files.writeString(Path.of(args[1], "finished"), "yes", StandardOpenOption.CREATE);
        }
    }
}
