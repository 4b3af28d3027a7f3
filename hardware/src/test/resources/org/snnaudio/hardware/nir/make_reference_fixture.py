"""Writes reference-layout.nir the way nir.serialization.write (NIR 1.0.x) does, with h5py only.

The reference converts each node with dataclasses.asdict plus "type", writes strings with
h5py.string_dtype() (variable-length UTF-8), numpy arrays gzip-compressed with their own dtype,
nested dicts as groups and skips empty metadata. Run: python3 make_reference_fixture.py OUT.nir
"""
import sys

import h5py
import numpy as np


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


def shape(n):
    return np.array([n])


def neuron(t, n, **params):
    d = {"type": t, "input_type": {"input": shape(n)}, "output_type": {"output": shape(n)}, "metadata": {}}
    d.update(params)
    return d


graph = {
    "type": "NIRGraph",
    "nodes": {
        "input": {"type": "Input", "shape": shape(3), "input_type": {"input": shape(3)}, "metadata": {}},
        "fc": {"type": "Affine", "weight": np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]]),
               "bias": np.array([0.1, -0.2]), "metadata": {"note": "hand-built"}},
        "lif": neuron("LIF", 2, tau=np.array([0.02, 0.03]), r=np.array([1.0, 2.0]), v_leak=np.array([0.0, 0.1]),
                      v_threshold=np.array([1.0, 1.5]), v_reset=np.array([0.0, -0.1])),
        "rec": {"type": "Linear", "weight": np.array([[0.0, -0.5], [0.5, 0.0]], dtype=np.float32)},
        "scale": {"type": "Scale", "scale": np.array([2.0, 3.0], dtype=np.float32)},
        "li": neuron("LI", 2, tau=np.array([0.05, 0.05]), r=np.array([1.0, 1.0]), v_leak=np.array([0.0, 0.0])),
        "output": {"type": "Output", "shape": shape(2), "output_type": {"output": shape(2)}, "metadata": {}},
    },
    "edges": [("input", "fc"), ("fc", "lif"), ("lif", "rec"), ("rec", "lif"), ("lif", "scale"),
              ("scale", "li"), ("li", "output")],
    "input_type": {"input": shape(3)},
    "output_type": {"output": shape(2)},
    "metadata": {},
}

with h5py.File(sys.argv[1], "w") as f:
    f.create_dataset("version", data="1.0.8", dtype=h5py.string_dtype())
    write_recursive(f.create_group("node"), graph)
