package org.snnaudio.core.neuron;

import java.util.Arrays;

/**
 * State of a population of neurons after a step: synaptic current, membrane, the spike just emitted
 * (used by the next step's reset) and the adaptation variable. Arrays are owned by the state and are
 * never changed after it is built (kernels return new states); unused variables are all zero.
 */
public record NeuronState(double[] syn, double[] mem, double[] spike, double[] adapt) {
    public NeuronState {
        int n = mem.length;
        if (syn.length != n || spike.length != n || adapt.length != n) {
            throw new IllegalArgumentException("neuron state arrays must all have " + n + " values");
        }
    }

    /** The resting state of {@code n} neurons (everything zero). */
    public static NeuronState zero(int n) {
        return new NeuronState(new double[n], new double[n], new double[n], new double[n]);
    }

    public int size() {
        return mem.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NeuronState s && Arrays.equals(syn, s.syn) && Arrays.equals(mem, s.mem)
                && Arrays.equals(spike, s.spike) && Arrays.equals(adapt, s.adapt);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(mem) * 31 + Arrays.hashCode(spike);
    }

    @Override
    public String toString() {
        return "NeuronState[mem=" + Arrays.toString(mem) + ", spike=" + Arrays.toString(spike) + "]";
    }
}
