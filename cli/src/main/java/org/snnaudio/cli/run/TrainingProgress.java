package org.snnaudio.cli.run;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.snnaudio.core.train.BatchProgress;
import org.snnaudio.core.train.EpochRecord;
import org.snnaudio.core.train.ProgressListener;

import java.io.PrintStream;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * Terminal progress of a training run: a bar over all batches of all epochs showing epoch, loss,
 * accuracy, per-layer firing rates and the ETA, plus one table line per finished epoch (kept in the
 * scroll-back, as the NWAVE tutorial prints). Off when {@code enabled} is false (tests, {@code --quiet}).
 */
public final class TrainingProgress implements ProgressListener, AutoCloseable {
    private final PrintStream out;
    private final boolean enabled;
    private final List<String> layerNames;
    private final String label;
    private final boolean interactive = isTerminal();
    private ProgressBar bar;
    private boolean headerPrinted;

    /**
     * @param out        where the epoch lines go (the bar draws on standard error)
     * @param enabled    whether anything is shown
     * @param layerNames names of the spiking layers, matching the order of firing rates
     * @param label      prefix of the bar (e.g. {@code fold 2/5})
     */
    public TrainingProgress(PrintStream out, boolean enabled, List<String> layerNames, String label) {
        this.out = out;
        this.enabled = enabled;
        this.layerNames = List.copyOf(layerNames);
        this.label = label;
    }

    @Override
    public void onBatch(BatchProgress p) {
        if (!enabled || !interactive) {
            return;
        }
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName(label).setInitialMax((long) p.epochs() * p.batches())
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate()
                    .setMaxRenderedLength(150).setEtaFunction(s -> java.util.Optional.of(eta(p)))
                    .setSpeedUnit(ChronoUnit.SECONDS).build();
        }
        bar.stepTo((long) p.epoch() * p.batches() + p.batch() + 1);
        bar.setExtraMessage(String.format(Locale.ROOT, "epoch %d/%d loss %.3f acc %.1f%% fr %s", p.epoch() + 1, p.epochs(),
                p.loss(), 100 * p.accuracy(), rates(p.firingRates())));
        lastEta = p.etaSeconds();
    }

    private double lastEta = Double.NaN;

    private Duration eta(BatchProgress first) {
        double e = Double.isNaN(lastEta) ? first.etaSeconds() : lastEta;
        return Double.isFinite(e) ? Duration.ofMillis((long) (e * 1000)) : Duration.ZERO;
    }

    @Override
    public void onEpoch(EpochRecord r) {
        if (!enabled) {
            return;
        }
        if (!headerPrinted) {
            out.println(String.format(Locale.ROOT, "%5s  %8s  %7s  %8s  %7s  %9s  %s", "epoch", "loss", "train", "val loss",
                    "val", "lr", "firing rate per layer (" + String.join(", ", layerNames) + ")"));
            headerPrinted = true;
        }
        String line = String.format(Locale.ROOT, "%5d  %8.4f  %6.1f%%  %8s  %7s  %9.2e  %s   (%.1f s)", r.epoch() + 1,
                r.trainLoss(), 100 * r.trainAccuracy(), r.hasValidation() ? String.format(Locale.ROOT, "%.4f", r.valLoss()) : "-",
                r.hasValidation() ? String.format(Locale.ROOT, "%.1f%%", 100 * r.valAccuracy()) : "-", r.lr(),
                rates(r.firingRates()), r.seconds());
        if (bar != null) {
            // erase the bar's line so the table line takes its place; the bar redraws below it
            System.err.print("\r\033[2K");
            System.err.flush();
        }
        out.println(line);
        out.flush();
    }

    /** Whether standard output is a terminal (JDK 22+ can tell through Console.isTerminal). */
    static boolean isTerminal() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    private static String rates(double[] r) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < r.length; i++) {
            if (i > 0) {
                sb.append('/');
            }
            sb.append(String.format(Locale.ROOT, "%.1f%%", 100 * r[i]));
        }
        return sb.toString();
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
