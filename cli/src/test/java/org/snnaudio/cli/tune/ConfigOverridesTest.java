package org.snnaudio.cli.tune;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.snnaudio.core.SnnaudioException;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConfigOverridesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static ObjectNode base() throws Exception {
        return (ObjectNode) YAML.readTree("""
                network:
                  dt: 0.004
                  hidden: [128, 64]
                  neuron: {model: lif, tau_mem: 0.05}
                training:
                  optimizer: {type: adam, lr: 0.005}
                """);
    }

    private static Assignment a(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return new Assignment(m);
    }

    @Test
    void setsNestedValuesListElementsAndNewSectionsWithoutTouchingTheBase() throws Exception {
        ObjectNode base = base();
        ObjectNode out = ConfigOverrides.apply(base, a("network.neuron.tau_mem", 0.02, "network.hidden.1", 32,
                "training.optimizer.lr", 1e-3, "network.surrogate.slope", 25.0, "encoder.type", "rate"), "c.yaml");
        assertEquals(0.02, out.at("/network/neuron/tau_mem").doubleValue());
        assertEquals(32, out.at("/network/hidden/1").intValue());
        assertEquals(128, out.at("/network/hidden/0").intValue());
        assertEquals(1e-3, out.at("/training/optimizer/lr").doubleValue());
        assertEquals(25.0, out.at("/network/surrogate/slope").doubleValue());
        assertEquals("rate", out.at("/encoder/type").textValue());
        assertEquals("lif", out.at("/network/neuron/model").textValue());
        assertEquals(0.05, base.at("/network/neuron/tau_mem").doubleValue());
    }

    @Test
    void aListCanBeReplacedByOneValue() throws Exception {
        ObjectNode out = ConfigOverrides.apply(base(), a("network.hidden", 96), "c.yaml");
        assertEquals(96, out.at("/network/hidden").intValue());
    }

    @Test
    void pathsThroughValuesOrBadIndicesAreRejected() throws Exception {
        ObjectNode base = base();
        assertEquals("c.yaml: cannot set network.dt.x: network.dt is a number, not a section",
                assertThrows(SnnaudioException.class, () -> ConfigOverrides.apply(base, a("network.dt.x", 1), "c.yaml"))
                        .getMessage());
        assertEquals("c.yaml: cannot set network.hidden.5: index 5 is outside the list of 2",
                assertThrows(SnnaudioException.class, () -> ConfigOverrides.apply(base, a("network.hidden.5", 1), "c.yaml"))
                        .getMessage());
        assertEquals("c.yaml: cannot set network.hidden.first: 'first' must be a list index (0..1)",
                assertThrows(SnnaudioException.class,
                        () -> ConfigOverrides.apply(base, a("network.hidden.first", 1), "c.yaml")).getMessage());
        assertEquals("c.yaml: parameter path 'network..dt' has an empty part",
                assertThrows(SnnaudioException.class, () -> ConfigOverrides.apply(base, a("network..dt", 1), "c.yaml"))
                        .getMessage());
    }
}
