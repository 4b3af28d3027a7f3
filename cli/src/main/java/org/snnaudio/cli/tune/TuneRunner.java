package org.snnaudio.cli.tune;

import com.fasterxml.jackson.databind.node.ObjectNode;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.snnaudio.core.SnnaudioException;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs a search: proposes trials with the strategy, runs up to {@code parallel} of them at once,
 * records each start and end in the journal, and resumes from the journal of an interrupted run
 * (finished trials are kept, trials in flight at the interruption run again once, and the search
 * continues where it stopped).
 */
public final class TuneRunner {
    private final TuneSpec spec;
    private final Strategy strategy;
    private final ObjectNode baseConfig;
    private final String configSource;
    private final Objective objective;
    private final Path outDir;
    private final ThreadBudget budget;
    private final String searchId;
    private PrintStream progressOut;
    private Consumer<List<TrialResult>> onTrialEnd = r -> { };

    /**
     * @param searchId names the search in the journal: the space fingerprint plus whatever else
     *                 must match for a resume (config and data digests)
     */
    public TuneRunner(TuneSpec spec, ObjectNode baseConfig, String configSource, Objective objective, Path outDir,
                      ThreadBudget budget, String searchId) {
        this.spec = spec;
        this.strategy = spec.createStrategy();
        this.baseConfig = baseConfig.deepCopy();
        this.configSource = configSource;
        this.objective = objective;
        this.outDir = outDir;
        this.budget = budget;
        this.searchId = searchId;
    }

    /** Shows a progress bar over trials on {@code out} (none by default). */
    public TuneRunner progress(PrintStream out) {
        this.progressOut = out;
        return this;
    }

    /** Called on the coordinating thread after each trial ends, with all results so far. */
    public TuneRunner onTrialEnd(Consumer<List<TrialResult>> listener) {
        this.onTrialEnd = listener;
        return this;
    }

    /** Number of trials the search runs in all. */
    public int plannedTrials() {
        return strategy.budget();
    }

    /** Runs (or resumes) the search to the end and returns every trial's result, by trial number. */
    public List<TrialResult> run() {
        Journal.State state = Journal.read(outDir, searchId, spec.space(), spec.metric(), spec.aggregate());
        Map<Integer, TrialResult> finished = new LinkedHashMap<>(state.finished());
        Deque<Map.Entry<Integer, Assignment>> rerun = new ArrayDeque<>(state.inFlight().entrySet());
        int next = state.nextTrial();
        int total = strategy.budget();
        checkFirstConfig();

        Map<Integer, Assignment> running = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(budget.parallel(), r -> {
            Thread t = new Thread(r, "tune-trial");
            t.setDaemon(true);
            return t;
        });
        CompletionService<TrialResult> done = new ExecutorCompletionService<>(pool);
        ProgressBar bar = progressOut == null ? null : new ProgressBarBuilder()
                .setTaskName("tune " + spec.strategy().name().toLowerCase(Locale.ROOT))
                .setInitialMax(Math.max(total, finished.size()))
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(progressOut))
                .setUpdateIntervalMillis(500)
                .build();
        try (Journal journal = Journal.open(outDir, searchId)) {
            if (bar != null) {
                bar.stepTo(finished.size());
                bar.setExtraMessage(bestMessage(finished.values()));
            }
            while (true) {
                while (running.size() < budget.parallel() && (!rerun.isEmpty() || next < total)) {
                    int trial;
                    Assignment a;
                    if (!rerun.isEmpty()) {
                        Map.Entry<Integer, Assignment> e = rerun.poll();
                        trial = e.getKey();
                        a = e.getValue();
                    } else {
                        trial = next++;
                        a = strategy.propose(trial, sorted(finished), List.copyOf(running.values()));
                    }
                    journal.started(trial, a);
                    running.put(trial, a);
                    final int t = trial;
                    final Assignment fa = a;
                    done.submit(() -> runTrial(t, fa));
                }
                if (running.isEmpty()) {
                    break;
                }
                TrialResult r;
                try {
                    Future<TrialResult> f = done.take();
                    r = f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SnnaudioException("search interrupted; run the same command again to resume", e);
                } catch (ExecutionException e) {
                    // Only Errors get here (runTrial turns exceptions into failed trials): the search
                    // stops as a kill would, and the journal lets it resume.
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw new SnnaudioException("trial crashed: " + e.getCause(), e.getCause());
                }
                journal.ended(r);
                running.remove(r.trial());
                finished.put(r.trial(), r);
                if (bar != null) {
                    bar.step();
                    bar.setExtraMessage(bestMessage(finished.values()));
                }
                onTrialEnd.accept(sorted(finished));
            }
        } finally {
            pool.shutdownNow();
            if (bar != null) {
                bar.close();
            }
        }
        return sorted(finished);
    }

    /** Fails fast, before any training, when the trial values do not make a valid config. */
    private void checkFirstConfig() {
        Assignment probe = spec.space().gridPoint(0);
        objective.check(ConfigOverrides.apply(baseConfig, probe, configSource));
    }

    private TrialResult runTrial(int trial, Assignment a) {
        long t0 = System.nanoTime();
        try {
            ObjectNode config = ConfigOverrides.apply(baseConfig, a, configSource);
            List<FoldScore> folds = objective.evaluate(config,
                    new TrialContext(trial, spec.validationSeed(), spec.validation(), budget.threadsPerTrial()));
            double secs = (System.nanoTime() - t0) / 1e9;
            TrialResult r = TrialResult.of(trial, a, folds, spec.metric(), spec.aggregate(), secs);
            if (!Double.isFinite(r.objective())) {
                return TrialResult.failed(trial, a, "metric is not finite (" + r.objective() + ")", secs);
            }
            return r;
        } catch (RuntimeException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return TrialResult.failed(trial, a, msg, (System.nanoTime() - t0) / 1e9);
        }
    }

    static List<TrialResult> sorted(Map<Integer, TrialResult> m) {
        List<TrialResult> l = new ArrayList<>(m.values());
        l.sort(Comparator.comparingInt(TrialResult::trial));
        return l;
    }

    /** The best finished trial (highest objective, earliest on ties), if any succeeded. */
    public static Optional<TrialResult> best(List<TrialResult> results) {
        TrialResult best = null;
        for (TrialResult r : results) {
            if (r.ok() && (best == null || r.objective() > best.objective())) {
                best = r;
            }
        }
        return Optional.ofNullable(best);
    }

    private static String bestMessage(java.util.Collection<TrialResult> results) {
        return best(new ArrayList<>(results)).map(b -> String.format(Locale.ROOT, "best %.4f (trial %d)",
                b.objective(), b.trial())).orElse("");
    }
}
