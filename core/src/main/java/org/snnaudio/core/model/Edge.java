package org.snnaudio.core.model;

import java.util.Objects;

/** A directed edge of a model graph, from one node's output to another node's input. */
public record Edge(String source, String target) {
    public Edge {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
    }

    @Override
    public String toString() {
        return source + " -> " + target;
    }
}
