package org.snnaudio.hardware.target;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnaudio.core.SnnaudioException;
import org.snnaudio.core.model.ResetMode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetsTest {
    @TempDir
    Path dir;

    @Test
    void builtInTargetsCarryTheirRules() {
        HardwareTarget d = Targets.load("digital-int8");
        assertEquals(8, d.weights().bits());
        assertEquals(16, d.membraneBits());
        assertEquals(ResetMode.SUBTRACT, d.reset());
        assertTrue(Double.isNaN(d.weights().maxAbs()));
        assertNull(d.frontend());
        assertTrue(d.mismatch().none());
        assertTrue(d.energy().synapticEvent().source().contains("Loihi"));
        assertEquals(4, Targets.load("digital-int4").weights().bits());
        assertEquals(7, d.weights().maxShift());
        assertEquals(7, Targets.load("digital-int4").weights().maxShift());

        HardwareTarget a = Targets.load("analog-nwave");
        assertEquals(0.9, a.weights().maxAbs());
        assertEquals(5, a.weights().signGroup());
        assertEquals("outputs", a.weights().groupAxis());
        assertEquals(16, a.frontend().channels());
        assertTrue(a.frontend().positiveDiagonal());
        assertEquals(0.10, a.mismatch().weight());
        assertEquals(0.008, a.timestep());
        assertEquals(0, a.weights().maxShift(), "no weight shift unless the file gives one");
        for (String name : Targets.BUILT_IN) {
            HardwareTarget t = Targets.load(name);
            assertEquals(name, t.name());
            for (HardwareTarget.Constant c : new HardwareTarget.Constant[]{t.energy().synapticEvent(),
                    t.energy().neuronUpdate(), t.energy().staticPower()}) {
                assertTrue(!c.source().isBlank(), name + ": every energy constant states its source");
            }
        }
    }

    static String builtIn(String name) throws IOException {
        try (InputStream in = Targets.class.getResourceAsStream("/org/snnaudio/hardware/targets/" + name + ".yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void assertBad(String yaml, String... expected) throws IOException {
        Path f = dir.resolve("mine.yaml");
        Files.writeString(f, yaml);
        SnnaudioException e = assertThrows(SnnaudioException.class, () -> Targets.load(f.toString()));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        for (String s : expected) {
            assertTrue(e.getMessage().contains(s), "expected '" + s + "' in: " + e.getMessage());
        }
    }

    @Test
    void usersLoadTheirOwnTargetFromAPath() throws IOException {
        Path f = dir.resolve("my-chip.yaml");
        Files.writeString(f, builtIn("digital-int8").replace("name: digital-int8", "name: my-chip")
                .replace("  bits: 8", "  bits: 6"));
        HardwareTarget t = Targets.load(f.toString());
        assertEquals("my-chip", t.name());
        assertEquals(6, t.weights().bits());
    }

    @Test
    void invalidTargetFilesNameTheFileAndTheKey() throws IOException {
        String ok = builtIn("digital-int8");
        assertBad(ok.replace("  bits: 8", "  bits: 40"), "key weights.bits must be an integer in [2, 16], got 40");
        assertBad(ok.replace("  bits: 8", "  bits: eight"), "key weights.bits");
        assertBad(ok.replace("  bits: 8", "  bitz: 8"), "unknown key weights.bitz");
        assertBad(ok.replace("membrane_bits: 16\n", ""), "missing key membrane_bits");
        assertBad(ok.replace("reset: subtract", "reset: zero"), "key reset must be 'subtract' or 'to_reset', got 'zero'");
        assertBad(ok.replace("neuron_types: [LIF, CubaLIF, IF, LI, CubaLI]", "neuron_types: [LIF, Izhikevich]"),
                "unknown neuron type 'Izhikevich'");
        assertBad(ok.replace("timestep_s: 0.001", "timestep_s: -1"), "key timestep_s must be > 0");
        assertBad(ok.replace("  mode: shift", "  mode: multiply"), "key decay.mode must be 'shift'");
        assertBad(ok.replace("    value: 23.6e-12\n", ""), "missing key energy.synaptic_event_j.value");
        assertBad(ok + "colour: blue\n", "unknown key colour");
        assertBad(ok.replace("  max_shift: 7 ", "  max_shift: -1 "), "key weights.max_shift must be an integer in [0, 16], got -1");
        assertBad(ok.replace("  max_shift: 7 ", "  max_shift: 9 "), "key weights.max_shift 9 moves 8-bit weights beyond the 16-bit membrane");
        assertBad("name: [unclosed", "not valid YAML");
        String analog = builtIn("analog-nwave");
        assertBad(analog.replace("  weight: 0.10", "  weight: 1.5"), "key mismatch.weight must be a relative standard deviation");
        assertBad(analog.replace("  group_axis: outputs", "  group_axis: diagonal"), "key weights.group_axis");
        SnnaudioException e = assertThrows(SnnaudioException.class, () -> Targets.load("no-such-target"));
        assertTrue(e.getMessage().contains("neither a built-in target"), e.getMessage());
    }
}
