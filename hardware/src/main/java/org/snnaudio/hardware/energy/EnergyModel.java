package org.snnaudio.hardware.energy;

import org.snnaudio.hardware.deploy.Activity;
import org.snnaudio.hardware.target.HardwareTarget;

import java.util.ArrayList;
import java.util.List;

/**
 * Energy and power per inference from counted activity, as a pure function:
 * {@code E = events x E_syn + updates x E_neuron + P_static x duration}, average power {@code E / duration};
 * beside it the dense-ANN equivalent, {@code MACs x 4.6 pJ}, and the same synaptic events as
 * accumulates, {@code ACs x 0.9 pJ} (45 nm CMOS figures, Horowitz ISSCC 2014, as used by SpikingJelly
 * and most SNN energy comparisons).
 */
public final class EnergyModel {
    /** Energy of a 32-bit float multiply-accumulate at 45 nm (Horowitz 2014: 3.7 pJ mult + 0.9 pJ add). */
    public static final double MAC_J = 4.6e-12;
    /** Energy of a 32-bit float accumulate at 45 nm (Horowitz 2014). */
    public static final double AC_J = 0.9e-12;
    /** Source of {@link #MAC_J} and {@link #AC_J}. */
    public static final String ANN_SOURCE = "Horowitz, Computing's energy problem, ISSCC 2014 (45 nm: fp32 add 0.9 pJ, "
            + "fp32 mult 3.7 pJ), as used by SpikingJelly";

    private EnergyModel() {
    }

    /**
     * The estimate.
     *
     * @param synapticJ    events x E_syn
     * @param neuronJ      updates x E_neuron
     * @param staticJ      static power x duration
     * @param totalJ       sum of the three
     * @param averagePowerW total / duration
     * @param durationS    inference duration in seconds
     * @param annMacJ      dense-ANN equivalent: MACs x 4.6 pJ
     * @param snnAcJ       synaptic events as accumulates: ACs x 0.9 pJ
     * @param activity     the counts it came from
     * @param sources      each constant with its source
     */
    public record Estimate(double synapticJ, double neuronJ, double staticJ, double totalJ, double averagePowerW,
                           double durationS, double annMacJ, double snnAcJ, Activity activity, List<String> sources) {
        /** A few lines for reports and {@code snnaudio inspect}. */
        public String summary() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(java.util.Locale.ROOT, "energy per inference: %.4g J (synaptic %.4g J, neuron %.4g J, static %.4g J)%n",
                    totalJ, synapticJ, neuronJ, staticJ));
            sb.append(String.format(java.util.Locale.ROOT, "average power: %.4g W over %.4g s%n", averagePowerW, durationS));
            sb.append(String.format(java.util.Locale.ROOT, "dense-ANN equivalent: %d MACs x 4.6 pJ = %.4g J; SNN: %d ACs x 0.9 pJ = %.4g J%n",
                    activity.denseMacs(), annMacJ, activity.synapticEvents(), snnAcJ));
            for (Activity.LayerActivity l : activity.layers()) {
                sb.append(String.format(java.util.Locale.ROOT, "  layer %s: %d neurons, %d spikes, %d synaptic events, %d neuron updates%n",
                        l.id(), l.neurons(), l.spikes(), l.synapticEvents(), l.neuronUpdates()));
            }
            for (String s : sources) {
                sb.append("  source: ").append(s).append('\n');
            }
            return sb.toString();
        }
    }

    /** Energy of one inference with the given activity on {@code target}. */
    public static Estimate estimate(Activity a, HardwareTarget target) {
        HardwareTarget.Energy e = target.energy();
        double syn = a.synapticEvents() * e.synapticEvent().value();
        double neu = a.neuronUpdates() * e.neuronUpdate().value();
        double dur = a.duration();
        double stat = e.staticPower().value() * dur;
        double total = syn + neu + stat;
        List<String> sources = new ArrayList<>();
        sources.add("E_syn = " + e.synapticEvent().value() + " J: " + e.synapticEvent().source());
        sources.add("E_neuron = " + e.neuronUpdate().value() + " J: " + e.neuronUpdate().source());
        sources.add("P_static = " + e.staticPower().value() + " W: " + e.staticPower().source());
        sources.add("MAC 4.6 pJ, AC 0.9 pJ: " + ANN_SOURCE);
        return new Estimate(syn, neu, stat, total, dur > 0 ? total / dur : 0, dur, a.denseMacs() * MAC_J,
                a.synapticEvents() * AC_J, a, sources);
    }

    /** The mean activity over several inferences (counts averaged, rounded to the nearest integer). */
    public static Activity mean(List<Activity> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs to average");
        }
        Activity first = runs.get(0);
        List<Activity.LayerActivity> layers = new ArrayList<>();
        long steps = 0;
        for (Activity r : runs) {
            steps += r.steps();
        }
        for (int i = 0; i < first.layers().size(); i++) {
            long sp = 0;
            long ev = 0;
            long up = 0;
            long mac = 0;
            for (Activity r : runs) {
                Activity.LayerActivity l = r.layers().get(i);
                sp += l.spikes();
                ev += l.synapticEvents();
                up += l.neuronUpdates();
                mac += l.denseMacs();
            }
            int n = runs.size();
            Activity.LayerActivity l0 = first.layers().get(i);
            layers.add(new Activity.LayerActivity(l0.id(), l0.neurons(), Math.round((double) sp / n), Math.round((double) ev / n),
                    Math.round((double) up / n), Math.round((double) mac / n)));
        }
        return new Activity(layers, (int) Math.round((double) steps / runs.size()), first.dt());
    }
}
