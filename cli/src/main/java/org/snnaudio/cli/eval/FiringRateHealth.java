package org.snnaudio.cli.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * NWAVE's firing-rate health check (seeds/001): per layer and neuron, the share of time steps with a
 * spike; neurons under {@link #DEAD} are dead (too low), over {@link #SATURATED} saturated.
 *
 * @param layers one entry per spiking layer, in network order
 */
public record FiringRateHealth(List<Layer> layers) {
    /** Below this spike probability per step a neuron counts as dead. */
    public static final double DEAD = 0.05;
    /** Above this spike probability per step a neuron counts as saturated. */
    public static final double SATURATED = 0.90;

    /**
     * One layer's per-neuron rates.
     *
     * @param name  layer name
     * @param rates spike probability per step of each neuron, averaged over samples
     */
    public record Layer(String name, double[] rates) {
        public Layer {
            rates = rates.clone();
        }

        @Override
        public double[] rates() {
            return rates.clone();
        }

        public double mean() {
            double s = 0;
            for (double r : rates) {
                s += r;
            }
            return rates.length == 0 ? 0 : s / rates.length;
        }

        public int dead() {
            int n = 0;
            for (double r : rates) {
                n += r < DEAD ? 1 : 0;
            }
            return n;
        }

        public int saturated() {
            int n = 0;
            for (double r : rates) {
                n += r > SATURATED ? 1 : 0;
            }
            return n;
        }

        /** OK, or what is wrong. */
        public String status() {
            List<String> s = new ArrayList<>();
            if (dead() > 0) {
                s.add(dead() + " dead (<" + pct(DEAD) + ")");
            }
            if (saturated() > 0) {
                s.add(saturated() + " saturated (>" + pct(SATURATED) + ")");
            }
            return s.isEmpty() ? "OK" : "WARNING: " + String.join(", ", s);
        }
    }

    public FiringRateHealth {
        layers = List.copyOf(layers);
    }

    /** Whether no neuron of any layer is dead or saturated. */
    public boolean healthy() {
        return layers.stream().allMatch(l -> l.dead() == 0 && l.saturated() == 0);
    }

    /** A table for the terminal. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-12s %7s %8s %7s %7s %6s %10s  %s%n", "layer", "neurons", "mean", "min", "max",
                "dead", "saturated", "status"));
        for (Layer l : layers) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double r : l.rates) {
                min = Math.min(min, r);
                max = Math.max(max, r);
            }
            if (l.rates.length == 0) {
                min = max = 0;
            }
            sb.append(String.format(Locale.ROOT, "%-12s %7d %7.1f%% %6.1f%% %6.1f%% %6d %10d  %s%n", l.name(), l.rates.length,
                    100 * l.mean(), 100 * min, 100 * max, l.dead(), l.saturated(), l.status()));
        }
        sb.append(String.format(Locale.ROOT, "healthy range: %s to %s spike probability per step (NWAVE's thresholds)",
                pct(DEAD), pct(SATURATED)));
        return sb.toString();
    }

    /** JSON-ready form. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Layer l : layers) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("mean", l.mean());
            e.put("dead", l.dead());
            e.put("saturated", l.saturated());
            e.put("status", l.status());
            e.put("rates", l.rates);
            m.put(l.name(), e);
        }
        return m;
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.0f %%", 100 * v);
    }
}
