package org.snnaudio.core.io;

import org.snnaudio.core.model.Graph;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A model as stored in a model file: the graph (weights included in its nodes), free-form metadata
 * and provenance, and for a seed ensemble the graphs of its further members. The engine keeps its
 * network options in the metadata (for example parameter trainable flags or the surrogate), the CLI
 * its pipeline configuration as a JSON string.
 *
 * @param graph      the model (an ensemble's first member)
 * @param metadata   string key/value pairs, kept sorted by key
 * @param provenance where the model came from
 * @param members    an ensemble's further members, same metadata as {@code graph} (empty for one network)
 */
public record SavedModel(Graph graph, Map<String, String> metadata, Provenance provenance, List<Graph> members) {
    public SavedModel {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(provenance, "provenance");
        TreeMap<String, String> m = new TreeMap<>();
        metadata.forEach((k, v) -> m.put(Objects.requireNonNull(k, "metadata key"), Objects.requireNonNull(v, "metadata " + k)));
        metadata = Collections.unmodifiableMap(m);
        members = members == null ? List.of() : List.copyOf(members);
    }

    /** A model of one network. */
    public SavedModel(Graph graph, Map<String, String> metadata, Provenance provenance) {
        this(graph, metadata, provenance, List.of());
    }

    /** Networks in the model: 1, or an ensemble's member count. */
    public int networks() {
        return 1 + members.size();
    }

    /**
     * Fails with a clear message when the model is a seed ensemble, for uses that take exactly one network
     * ({@code what}: e.g. "deployed to hardware", "exported to NIR"); {@code source} names the model.
     */
    public void requireSingleNetwork(String source, String what) {
        if (!members.isEmpty()) {
            throw new org.snnaudio.core.SnnaudioException(source + " is a seed ensemble of " + networks()
                    + " networks; ensembles cannot be " + what + " (train one network with training.ensemble: 1 or --ensemble 1)");
        }
    }
}
