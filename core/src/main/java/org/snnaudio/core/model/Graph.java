package org.snnaudio.core.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model as a graph of {@link Node}s (NIR's NIRGraph). Built immutable and validated at
 * construction: every edge names existing nodes, no edge enters an Input or leaves an Output, and
 * the shape a source gives out equals the shape its target takes in. Errors name the failing edge.
 * Cycles are allowed: they express recurrence. Nodes with several incoming edges sum them.
 */
public record Graph(Map<String, Node> nodes, List<Edge> edges) {
    public Graph {
        Map<String, Node> copy = new LinkedHashMap<>();
        for (var e : nodes.entrySet()) {
            String id = e.getKey();
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("graph node ids must be non-blank");
            }
            copy.put(id, java.util.Objects.requireNonNull(e.getValue(), "node " + id));
        }
        nodes = Collections.unmodifiableMap(copy);
        edges = List.copyOf(edges);
        Set<Edge> seen = new HashSet<>();
        for (Edge edge : edges) {
            Node src = nodes.get(edge.source());
            Node dst = nodes.get(edge.target());
            if (src == null) {
                throw new IllegalArgumentException("edge " + edge + ": unknown source node '" + edge.source() + "'");
            }
            if (dst == null) {
                throw new IllegalArgumentException("edge " + edge + ": unknown target node '" + edge.target() + "'");
            }
            if (!seen.add(edge)) {
                throw new IllegalArgumentException("edge " + edge + " appears twice");
            }
            if (dst instanceof Node.Input) {
                throw new IllegalArgumentException("edge " + edge + ": an Input node cannot have incoming edges");
            }
            if (src instanceof Node.Output) {
                throw new IllegalArgumentException("edge " + edge + ": an Output node cannot have outgoing edges");
            }
            if (src.outputShape().size() != dst.inputShape().size()) {
                throw new IllegalArgumentException("edge " + edge + ": " + edge.source() + " (" + src.typeName()
                        + ") gives out " + src.outputShape() + " but " + edge.target() + " (" + dst.typeName()
                        + ") takes " + dst.inputShape());
            }
        }
    }

    /** Ids of the Input nodes, in insertion order. */
    public List<String> inputIds() {
        return nodes.entrySet().stream().filter(e -> e.getValue() instanceof Node.Input).map(Map.Entry::getKey).toList();
    }

    /** Ids of the Output nodes, in insertion order. */
    public List<String> outputIds() {
        return nodes.entrySet().stream().filter(e -> e.getValue() instanceof Node.Output).map(Map.Entry::getKey).toList();
    }

    /** The node with the given id; an error naming it when absent. */
    public Node node(String id) {
        Node n = nodes.get(id);
        if (n == null) {
            throw new IllegalArgumentException("no node '" + id + "' in graph (nodes: " + nodes.keySet() + ")");
        }
        return n;
    }

    /** Ids of nodes with an edge into {@code id}, in edge order. */
    public List<String> predecessors(String id) {
        return edges.stream().filter(e -> e.target().equals(id)).map(Edge::source).toList();
    }

    /** Ids of nodes {@code id} has an edge to, in edge order. */
    public List<String> successors(String id) {
        return edges.stream().filter(e -> e.source().equals(id)).map(Edge::target).toList();
    }

    /** Whether the graph has a cycle (a recurrent connection). */
    public boolean hasCycle() {
        Map<String, Integer> indeg = new HashMap<>();
        nodes.keySet().forEach(k -> indeg.put(k, 0));
        edges.forEach(e -> indeg.merge(e.target(), 1, Integer::sum));
        Deque<String> ready = new ArrayDeque<>();
        indeg.forEach((k, v) -> {
            if (v == 0) {
                ready.add(k);
            }
        });
        int visited = 0;
        while (!ready.isEmpty()) {
            String k = ready.poll();
            visited++;
            for (String s : successors(k)) {
                if (indeg.merge(s, -1, Integer::sum) == 0) {
                    ready.add(s);
                }
            }
        }
        return visited != nodes.size();
    }

    /** A builder that keeps insertion order. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects nodes and edges, then validates them all at {@link #build()}. */
    public static final class Builder {
        private final Map<String, Node> nodes = new LinkedHashMap<>();
        private final List<Edge> edges = new ArrayList<>();

        public Builder node(String id, Node node) {
            if (nodes.putIfAbsent(id, node) != null) {
                throw new IllegalArgumentException("duplicate node id '" + id + "'");
            }
            return this;
        }

        public Builder edge(String source, String target) {
            edges.add(new Edge(source, target));
            return this;
        }

        /** Adds edges through the given ids in order: {@code chain("in", "fc", "lif", "out")}. */
        public Builder chain(String... ids) {
            for (int i = 0; i + 1 < ids.length; i++) {
                edge(ids[i], ids[i + 1]);
            }
            return this;
        }

        public Graph build() {
            return new Graph(nodes, edges);
        }
    }
}
