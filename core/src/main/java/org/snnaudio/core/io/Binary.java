package org.snnaudio.core.io;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Primitive codecs shared by snnaudio's binary formats (model files, checkpoints, optimiser state):
 * length-prefixed UTF-8 strings and arrays, with bounds checked on read so that a corrupt length
 * fails with a clear message instead of allocating gigabytes. All values are big-endian.
 */
public final class Binary {
    /** Longest array or string a reader accepts (elements); larger lengths mean a corrupt file. */
    public static final int MAX_LENGTH = 1 << 28;

    private Binary() {
    }

    public static void writeString(DataOutput out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    public static String readString(DataInput in) throws IOException {
        byte[] b = new byte[readLength(in, "string")];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Writes the length and the raw bits of every value (NaN payloads included), in one bulk write. */
    public static void writeFloats(DataOutput out, float[] a) throws IOException {
        out.writeInt(a.length);
        // one bulk conversion: per-value writeInt calls make checkpoints of large networks several times slower
        ByteBuffer buf = ByteBuffer.allocate(a.length * Float.BYTES);
        buf.asFloatBuffer().put(a);
        out.write(buf.array());
    }

    public static float[] readFloats(DataInput in) throws IOException {
        int n = readLength(in, "float array");
        byte[] b = new byte[n * Float.BYTES];
        in.readFully(b);
        float[] a = new float[n];
        ByteBuffer.wrap(b).asFloatBuffer().get(a);
        return a;
    }

    public static void writeDoubles(DataOutput out, double[] a) throws IOException {
        out.writeInt(a.length);
        for (double v : a) {
            out.writeLong(Double.doubleToRawLongBits(v));
        }
    }

    public static double[] readDoubles(DataInput in) throws IOException {
        double[] a = new double[readLength(in, "double array")];
        for (int i = 0; i < a.length; i++) {
            a[i] = Double.longBitsToDouble(in.readLong());
        }
        return a;
    }

    public static void writeInts(DataOutput out, int[] a) throws IOException {
        out.writeInt(a.length);
        for (int v : a) {
            out.writeInt(v);
        }
    }

    public static int[] readInts(DataInput in) throws IOException {
        int[] a = new int[readLength(in, "int array")];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readInt();
        }
        return a;
    }

    public static void writeBytes(DataOutput out, byte[] a) throws IOException {
        out.writeInt(a.length);
        out.write(a);
    }

    public static byte[] readBytes(DataInput in) throws IOException {
        byte[] a = new byte[readLength(in, "byte block")];
        in.readFully(a);
        return a;
    }

    /** Reads a length or count and checks it is in [0, MAX_LENGTH]. */
    public static int readLength(DataInput in, String what) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_LENGTH) {
            throw new IOException("corrupt " + what + " length " + n);
        }
        return n;
    }
}
