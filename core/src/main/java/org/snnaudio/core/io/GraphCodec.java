package org.snnaudio.core.io;

import org.snnaudio.core.model.Graph;
import org.snnaudio.core.model.Node;
import org.snnaudio.core.model.ResetMode;
import org.snnaudio.core.model.Shape;
import org.snnaudio.core.model.Tensor;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Binary encoding of a {@link Graph}: nodes in insertion order (id, NIR type name, fields in record
 * order), then edges. Every node type goes through one exhaustive switch, so adding a node type to the
 * sealed interface fails compilation here until it has an encoding.
 */
public final class GraphCodec {
    private GraphCodec() {
    }

    public static void write(DataOutput out, Graph g) throws IOException {
        out.writeInt(g.nodes().size());
        for (var e : g.nodes().entrySet()) {
            Binary.writeString(out, e.getKey());
            Node n = e.getValue();
            Binary.writeString(out, n.typeName());
            switch (n) {
                case Node.Input i -> shape(out, i.shape());
                case Node.Output o -> shape(out, o.shape());
                case Node.Affine a -> tensors(out, a.weight(), a.bias());
                case Node.Linear l -> tensors(out, l.weight());
                case Node.Scale s -> tensors(out, s.scale());
                case Node.Diagonal d -> tensors(out, d.weight(), d.bias());
                case Node.LIF l -> {
                    tensors(out, l.tau(), l.r(), l.vLeak(), l.vThreshold(), l.vReset());
                    reset(out, l.reset());
                }
                case Node.CubaLIF c -> {
                    tensors(out, c.tauSyn(), c.tauMem(), c.r(), c.vLeak(), c.vThreshold(), c.vReset(), c.wIn());
                    reset(out, c.reset());
                }
                case Node.AdaptiveLIF a -> {
                    tensors(out, a.tau(), a.r(), a.vLeak(), a.vThreshold(), a.vReset(), a.tauAdapt(), a.betaAdapt());
                    reset(out, a.reset());
                }
                case Node.LI l -> tensors(out, l.tau(), l.r(), l.vLeak());
                case Node.CubaLI c -> tensors(out, c.tauSyn(), c.tauMem(), c.r(), c.vLeak(), c.wIn());
                case Node.IF i -> {
                    tensors(out, i.r(), i.vThreshold(), i.vReset());
                    reset(out, i.reset());
                }
                case Node.Threshold t -> tensors(out, t.threshold());
            }
        }
        out.writeInt(g.edges().size());
        for (var e : g.edges()) {
            Binary.writeString(out, e.source());
            Binary.writeString(out, e.target());
        }
    }

    /**
     * Reads a graph written by {@link #write}.
     *
     * @throws IOException for unknown node types and truncated data
     * @throws IllegalArgumentException when the decoded nodes or edges fail validation
     */
    public static Graph read(DataInput in) throws IOException {
        Graph.Builder b = Graph.builder();
        int n = Binary.readLength(in, "node count");
        for (int k = 0; k < n; k++) {
            String id = Binary.readString(in);
            String type = Binary.readString(in);
            Node node = switch (type) {
                case "Input" -> new Node.Input(shape(in));
                case "Output" -> new Node.Output(shape(in));
                case "Affine" -> new Node.Affine(tensor(in), tensor(in));
                case "Linear" -> new Node.Linear(tensor(in));
                case "Scale" -> new Node.Scale(tensor(in));
                case "Diagonal" -> new Node.Diagonal(tensor(in), tensor(in));
                case "LIF" -> new Node.LIF(tensor(in), tensor(in), tensor(in), tensor(in), tensor(in), reset(in));
                case "CubaLIF" -> new Node.CubaLIF(tensor(in), tensor(in), tensor(in), tensor(in), tensor(in), tensor(in),
                        tensor(in), reset(in));
                case "AdaptiveLIF" -> new Node.AdaptiveLIF(tensor(in), tensor(in), tensor(in), tensor(in), tensor(in),
                        tensor(in), tensor(in), reset(in));
                case "LI" -> new Node.LI(tensor(in), tensor(in), tensor(in));
                case "CubaLI" -> new Node.CubaLI(tensor(in), tensor(in), tensor(in), tensor(in), tensor(in));
                case "IF" -> new Node.IF(tensor(in), tensor(in), tensor(in), reset(in));
                case "Threshold" -> new Node.Threshold(tensor(in));
                default -> throw new IOException("unknown node type '" + type + "' for node '" + id + "'");
            };
            b.node(id, node);
        }
        int e = Binary.readLength(in, "edge count");
        for (int k = 0; k < e; k++) {
            b.edge(Binary.readString(in), Binary.readString(in));
        }
        return b.build();
    }

    private static void shape(DataOutput out, Shape s) throws IOException {
        Binary.writeInts(out, s.toArray());
    }

    private static Shape shape(DataInput in) throws IOException {
        return Shape.of(Binary.readInts(in));
    }

    private static void tensors(DataOutput out, Tensor... ts) throws IOException {
        for (Tensor t : ts) {
            Binary.writeInts(out, t.shape());
            Binary.writeFloats(out, t.toArray());
        }
    }

    private static Tensor tensor(DataInput in) throws IOException {
        int[] shape = Binary.readInts(in);
        float[] data = Binary.readFloats(in);
        return Tensor.of(data, shape);
    }

    private static void reset(DataOutput out, ResetMode r) throws IOException {
        Binary.writeString(out, r.name());
    }

    private static ResetMode reset(DataInput in) throws IOException {
        String s = Binary.readString(in);
        try {
            return ResetMode.valueOf(s);
        } catch (IllegalArgumentException e) {
            throw new IOException("unknown reset mode '" + s + "'", e);
        }
    }
}
