package org.snnaudio.cli.tune;

import org.snnaudio.core.SnnaudioException;

import java.util.Locale;
import java.util.Map;

/**
 * What a search maximises, computed per fold from the scores the objective reports
 * ({@link FoldScore#ACCURACY}, {@link FoldScore#AUC}, {@link FoldScore#ENERGY_J}).
 */
public sealed interface Metric permits Metric.Accuracy, Metric.Auc, Metric.EnergyAware {

    /** The value to maximise for one fold. */
    double score(FoldScore fold);

    /** Short name used in tables and plots. */
    String label();

    /** Classification accuracy on the held-out fold, in [0, 1]. */
    record Accuracy() implements Metric {
        @Override
        public double score(FoldScore fold) {
            return require(fold, FoldScore.ACCURACY, "accuracy");
        }

        @Override
        public String label() {
            return "accuracy";
        }
    }

    /** Area under the ROC curve on the held-out fold (macro one-vs-rest when there are more than two classes). */
    record Auc() implements Metric {
        @Override
        public double score(FoldScore fold) {
            return require(fold, FoldScore.AUC, "auc");
        }

        @Override
        public String label() {
            return "auc";
        }
    }

    /**
     * Accuracy minus {@code lambda} times the energy per inference expressed in {@code unit}
     * (nJ, uJ, mJ or J): with lambda 0.01 per uJ, saving 1 uJ per inference is worth 1 % accuracy.
     */
    record EnergyAware(double lambda, EnergyUnit unit) implements Metric {
        public EnergyAware {
            if (!(lambda >= 0) || !Double.isFinite(lambda)) {
                throw new SnnaudioException("metric.lambda must be >= 0 and finite, got " + lambda);
            }
            if (unit == null) {
                throw new SnnaudioException("metric.energy_unit is missing");
            }
        }

        @Override
        public double score(FoldScore fold) {
            double acc = require(fold, FoldScore.ACCURACY, "energy_aware");
            double joules = require(fold, FoldScore.ENERGY_J, "energy_aware");
            return acc - lambda * joules / unit.joules;
        }

        @Override
        public String label() {
            return String.format(Locale.ROOT, "accuracy - %g x energy[%s]", lambda, unit.symbol);
        }
    }

    /** Units in which the energy of the energy-aware metric is expressed before weighting. */
    enum EnergyUnit {
        NJ("nJ", 1e-9), UJ("uJ", 1e-6), MJ("mJ", 1e-3), J("J", 1);

        final String symbol;
        final double joules;

        EnergyUnit(String symbol, double joules) {
            this.symbol = symbol;
            this.joules = joules;
        }

        /** The unit written as nJ, uJ, mJ or J (case-insensitive). */
        public static EnergyUnit parse(String s) {
            for (EnergyUnit u : values()) {
                if (u.symbol.equalsIgnoreCase(s)) {
                    return u;
                }
            }
            throw new SnnaudioException("energy_unit must be one of nJ, uJ, mJ, J, got '" + s + "'");
        }
    }

    private static double require(FoldScore fold, String key, String metric) {
        Map<String, Double> m = fold.metrics();
        Double v = m.get(key);
        if (v == null) {
            throw new SnnaudioException("metric " + metric + " needs '" + key + "' but fold " + fold.fold()
                    + " reported only " + m.keySet());
        }
        return v;
    }
}
