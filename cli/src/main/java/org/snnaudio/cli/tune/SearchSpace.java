package org.snnaudio.cli.tune;

import org.snnaudio.core.SnnaudioException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/** The parameters searched over, with their unit-cube encoding and the grid they span. */
public record SearchSpace(List<ParamSpec> params) {
    public SearchSpace {
        params = List.copyOf(params);
        if (params.isEmpty()) {
            throw new SnnaudioException("the search space names no parameters");
        }
        Set<String> seen = new HashSet<>();
        for (ParamSpec p : params) {
            if (!seen.add(p.path())) {
                throw new SnnaudioException("parameter " + p.path() + " is named twice");
            }
        }
    }

    /** Number of unit-cube coordinates of the whole space. */
    public int dims() {
        return params.stream().mapToInt(ParamSpec::dims).sum();
    }

    public Assignment decode(double[] u) {
        if (u.length != dims()) {
            throw new IllegalArgumentException("expected " + dims() + " coordinates, got " + u.length);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        int off = 0;
        for (ParamSpec p : params) {
            values.put(p.path(), p.decode(u, off));
            off += p.dims();
        }
        return new Assignment(values);
    }

    public double[] encode(Assignment a) {
        double[] u = new double[dims()];
        int off = 0;
        for (ParamSpec p : params) {
            Object v = a.get(p.path());
            if (v == null) {
                throw new SnnaudioException("assignment " + a + " has no value for " + p.path());
            }
            p.encode(v, u, off);
            off += p.dims();
        }
        return u;
    }

    /** A point drawn uniformly (each parameter on its own scale). */
    public Assignment sample(SplittableRandom rng) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParamSpec p : params) {
            values.put(p.path(), p.sample(rng));
        }
        return new Assignment(values);
    }

    /** Number of points of the full grid (saturating at {@link Long#MAX_VALUE}). */
    public long gridSize() {
        long n = 1;
        for (ParamSpec p : params) {
            n = Math.multiplyHigh(n, p.gridValues().size()) != 0 ? Long.MAX_VALUE : n * p.gridValues().size();
        }
        return n;
    }

    /** The {@code index}-th point of the grid, the last parameter varying fastest. */
    public Assignment gridPoint(long index) {
        Map<String, Object> values = new LinkedHashMap<>();
        long rest = index;
        List<List<Object>> grids = new ArrayList<>();
        for (ParamSpec p : params) {
            grids.add(p.gridValues());
        }
        Object[] chosen = new Object[params.size()];
        for (int i = params.size() - 1; i >= 0; i--) {
            int n = grids.get(i).size();
            chosen[i] = grids.get(i).get((int) (rest % n));
            rest /= n;
        }
        for (int i = 0; i < params.size(); i++) {
            values.put(params.get(i).path(), chosen[i]);
        }
        return new Assignment(values);
    }

    /** The parameter at {@code path}, or an error naming it. */
    public ParamSpec param(String path) {
        for (ParamSpec p : params) {
            if (p.path().equals(path)) {
                return p;
            }
        }
        throw new SnnaudioException("no parameter " + path + " in the search space");
    }
}
