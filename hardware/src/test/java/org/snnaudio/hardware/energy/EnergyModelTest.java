package org.snnaudio.hardware.energy;

import org.junit.jupiter.api.Test;
import org.snnaudio.hardware.deploy.Activity;
import org.snnaudio.hardware.target.Targets;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnergyModelTest {
    @Test
    void energyIsEventsTimesEsynPlusUpdatesTimesEneuronPlusStaticPowerTimesDuration() {
        Activity a = new Activity(List.of(new Activity.LayerActivity("h", 10, 30, 1000, 1000, 16000),
                new Activity.LayerActivity("o", 2, 5, 60, 200, 2000)), 100, 1e-3);
        EnergyModel.Estimate e = EnergyModel.estimate(a, Targets.load("digital-int8"));
        assertEquals(1060 * 23.6e-12, e.synapticJ(), 1e-20);
        assertEquals(1200 * 81e-12, e.neuronJ(), 1e-20);
        assertEquals(100e-6 * 0.1, e.staticJ(), 1e-15);
        assertEquals(e.synapticJ() + e.neuronJ() + e.staticJ(), e.totalJ(), 1e-20);
        assertEquals(e.totalJ() / 0.1, e.averagePowerW(), 1e-15);
        assertEquals(18000 * 4.6e-12, e.annMacJ(), 1e-20);
        assertEquals(1060 * 0.9e-12, e.snnAcJ(), 1e-20);
        assertEquals(4, e.sources().size());
        assertTrue(e.summary().contains("layer h: 10 neurons, 30 spikes, 1000 synaptic events"), e.summary());
        assertTrue(e.summary().contains("Horowitz"), e.summary());
    }

    @Test
    void meanActivityAveragesCounts() {
        Activity a = new Activity(List.of(new Activity.LayerActivity("h", 4, 10, 100, 40, 400)), 10, 1e-3);
        Activity b = new Activity(List.of(new Activity.LayerActivity("h", 4, 20, 300, 40, 400)), 10, 1e-3);
        Activity m = EnergyModel.mean(List.of(a, b));
        assertEquals(15, m.spikes());
        assertEquals(200, m.synapticEvents());
        assertEquals(10, m.steps());
    }

    @Test
    void energyReportsOfTheFloatGraphAndTheDeployedNetworkCountTheSameInputEvents() {
        java.util.Random r = new java.util.Random(8);
        org.snnaudio.core.model.Graph g = org.snnaudio.hardware.deploy.DeployTest.randomGraph(r);
        var samples = org.snnaudio.hardware.deploy.DeployTest.randomSpikes(r, 6, 60, 8, 0.2);
        var target = Targets.load("digital-int8");
        EnergyModel.Estimate f = EnergyReport.of(g, target, 1e-3, samples);
        var dm = new org.snnaudio.hardware.deploy.DeployedModel(org.snnaudio.hardware.deploy.Deployer.deploy(g, target,
                new org.snnaudio.hardware.deploy.Deployer.Options(1e-3, Double.NaN, null)));
        EnergyModel.Estimate i = EnergyReport.of(dm, target, samples);
        // input spikes times 32 non-zero synapses each
        long inputSpikes = 0;
        for (var s : samples) {
            inputSpikes += ((org.snnaudio.core.data.SpikeSample) s).spikeCount();
        }
        assertEquals(Math.round(inputSpikes * 32.0 / samples.size()), f.activity().layers().get(0).synapticEvents());
        // weights that quantise to 0 are no synapses on the chip: never more events, and only a few fewer
        long fe = f.activity().layers().get(0).synapticEvents();
        long ie = i.activity().layers().get(0).synapticEvents();
        assertTrue(ie <= fe && ie >= 0.98 * fe, ie + " vs " + fe);
        assertEquals(60 * 36, f.activity().neuronUpdates());
        assertEquals(60 * (8 * 32 + 32 * 4), f.activity().denseMacs());
        assertTrue(f.totalJ() > f.staticJ() && f.staticJ() == 100e-6 * 0.06, f.summary());
    }
}
