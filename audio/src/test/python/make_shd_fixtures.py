#!/usr/bin/env python3
"""Writes the small SHD-layout HDF5 fixtures used by ShdReaderTest (run by hand; the files are committed).

Layout as in the Spiking Heidelberg Digits files: spikes/times (variable-length float16 seconds),
spikes/units (variable-length uint16 channels), labels (uint8), extra/speaker (uint8).
Usage: /usr/bin/python3 make_shd_fixtures.py ../resources/shd
"""
import os
import sys

import h5py
import numpy as np

out = sys.argv[1] if len(sys.argv) > 1 else "../resources/shd"
os.makedirs(out, exist_ok=True)

# three samples, hand-written so the test can state the expected bins
times = [np.array([0.0, 0.05, 0.051, 0.9], dtype=np.float64),
         np.array([0.2, 0.7], dtype=np.float64),
         np.array([], dtype=np.float64)]
units = [np.array([0, 5, 5, 699]), np.array([10, 20]), np.array([], dtype=np.int64)]
labels = np.array([3, 19, 0], dtype=np.uint8)
speakers = np.array([1, 2, 1], dtype=np.uint8)


def write(name, time_dtype, unit_dtype, vlen=True):
    with h5py.File(os.path.join(out, name), "w") as f:
        g = f.create_group("spikes")
        if vlen:
            tt = g.create_dataset("times", (len(times),), dtype=h5py.vlen_dtype(np.dtype(time_dtype)))
            uu = g.create_dataset("units", (len(units),), dtype=h5py.vlen_dtype(np.dtype(unit_dtype)))
            for i in range(len(times)):
                tt[i] = times[i].astype(time_dtype)
                uu[i] = units[i].astype(unit_dtype)
        f.create_dataset("labels", data=labels)
        e = f.create_group("extra")
        e.create_dataset("speaker", data=speakers)


write("shd_f16.h5", np.float16, np.uint16)   # the real SHD encoding
write("shd_f32.h5", np.float32, np.uint32)   # a variant some converters write
with open(os.path.join(out, "shd_f16.h5"), "rb") as src:
    data = src.read()
with open(os.path.join(out, "shd_truncated.h5"), "wb") as dst:
    dst.write(data[: len(data) // 3])
with h5py.File(os.path.join(out, "shd_nolabels.h5"), "w") as f:
    g = f.create_group("spikes")
    g.create_dataset("times", (1,), dtype=h5py.vlen_dtype(np.dtype(np.float16)))
    g.create_dataset("units", (1,), dtype=h5py.vlen_dtype(np.dtype(np.uint16)))
print("wrote", sorted(os.listdir(out)))
