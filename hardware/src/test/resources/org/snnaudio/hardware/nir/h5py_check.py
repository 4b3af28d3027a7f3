"""Cross-checks snnaudio's NIR files with h5py (the library the NIR reference package uses).

  dump FILE   prints JSON: every dataset (path, dtype, shape, string charset, value) and attribute,
              and for each node whether node["type"][()] == b"<type>" holds (how nir.read dispatches).
  write FILE  writes a graph of every supported node type the way nir.serialization.write does.
"""
import json
import sys

import h5py
import numpy as np


def describe(ds):
    v = ds[()]
    info = {"shape": list(ds.shape)}
    sinfo = h5py.check_string_dtype(ds.dtype)
    if sinfo is not None:
        info["dtype"] = "string"
        info["encoding"] = sinfo.encoding
        info["vlen"] = sinfo.length is None
        if isinstance(v, bytes):
            info["value"] = v.decode("utf8")
        else:
            info["value"] = [[x.decode("utf8") for x in row] for row in v.tolist()] if v.ndim == 2 else [
                x.decode("utf8") for x in v.tolist()]
    else:
        info["dtype"] = str(ds.dtype)
        info["value"] = np.asarray(v).tolist()
    return info


def dump(path):
    out = {"datasets": {}, "attributes": {}, "type_dispatch": {}}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                out["datasets"][name] = describe(obj)
            for k, a in obj.attrs.items():
                out["attributes"][name + "@" + k] = a.decode("utf8") if isinstance(a, bytes) else str(a)
        f.visititems(visit)
        for nid, node in f["node"]["nodes"].items():
            t = node["type"][()].decode("utf8")
            out["type_dispatch"][nid] = bool(node["type"][()] == t.encode("utf8"))
        out["version_decoded"] = f["version"][()].decode("utf8")
        out["edges_decoded"] = [[a.decode("utf8"), b.decode("utf8")] for a, b in f["node"]["edges"][()]]
    print(json.dumps(out, sort_keys=True))


def write_recursive(group, node):
    for k, v in node.items():
        if k == "metadata":
            if v:
                write_recursive(group.create_group(k), v)
        elif isinstance(v, str):
            group.create_dataset(k, data=v, dtype=h5py.string_dtype())
        elif isinstance(v, np.ndarray):
            group.create_dataset(k, data=v, dtype=v.dtype, compression="gzip")
        elif isinstance(v, dict):
            write_recursive(group.create_group(str(k)), v)
        else:
            group.create_dataset(k, data=v)


def a(*x):
    return np.array(x, dtype=np.float64)


def write(path):
    def n(t, size, **p):
        d = {"type": t, "input_type": {"input": np.array([size])}, "output_type": {"output": np.array([size])},
             "metadata": {}}
        d.update(p)
        return d
    nodes = {
        "in": {"type": "Input", "shape": np.array([2]), "input_type": {"input": np.array([2])}, "metadata": {}},
        "aff": {"type": "Affine", "weight": np.array([[1.0, 2.0], [3.0, 4.0]]), "bias": a(0.5, -0.5)},
        "lif": n("LIF", 2, tau=a(0.01, 0.02), r=a(1, 1), v_leak=a(0, 0), v_threshold=a(1, 2), v_reset=a(0, 0)),
        "lin": {"type": "Linear", "weight": np.array([[1.0, 0.0], [0.0, 1.0]])},
        "cuba": n("CubaLIF", 2, tau_syn=a(0.005, 0.005), tau_mem=a(0.02, 0.02), r=a(1, 1), v_leak=a(0, 0),
                  v_threshold=a(1, 1), v_reset=a(0, 0), w_in=a(1, 2)),
        "rec": {"type": "Linear", "weight": np.array([[0.0, 0.5], [-0.5, 0.0]])},
        "if": n("IF", 2, r=a(1, 2), v_threshold=a(1, 1), v_reset=a(0, 0)),
        "th": n("Threshold", 2, threshold=a(0.5, 0.5)),
        "sc": {"type": "Scale", "scale": a(2, 3)},
        "cli": n("CubaLI", 2, tau_syn=a(0.005, 0.006), tau_mem=a(0.02, 0.03), r=a(1, 1), v_leak=a(0, 0), w_in=a(1, 1)),
        "li": n("LI", 2, tau=a(0.05, 0.05), r=a(1, 1), v_leak=a(0, 0)),
        "out": {"type": "Output", "shape": np.array([2]), "output_type": {"output": np.array([2])}, "metadata": {}},
    }
    edges = [("in", "aff"), ("aff", "lif"), ("lif", "lin"), ("lin", "cuba"), ("cuba", "rec"), ("rec", "cuba"),
             ("cuba", "if"), ("if", "th"), ("th", "sc"), ("sc", "cli"), ("cli", "li"), ("li", "out")]
    graph = {"type": "NIRGraph", "nodes": nodes, "edges": edges, "input_type": {"in": np.array([2])},
             "output_type": {"out": np.array([2])}, "metadata": {}}
    with h5py.File(path, "w") as f:
        f.create_dataset("version", data="1.0.8", dtype=h5py.string_dtype())
        write_recursive(f.create_group("node"), graph)


if __name__ == "__main__":
    {"dump": dump, "write": write}[sys.argv[1]](sys.argv[2])
