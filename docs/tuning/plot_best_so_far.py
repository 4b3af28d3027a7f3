#!/usr/bin/env python3
"""Draws the best-so-far curves of several `snnaudio tune` trial tables (trials.csv) into one SVG.

    python3 docs/tuning/plot_best_so_far.py OUT.svg LABEL=trials.csv [LABEL=trials.csv ...]

Standard library only. A dashed line marks the best value of the first table (the grid). A label
starting with `~` draws the mean best-so-far curve of that table's trials over 1000 seeded random
orders (what a grid's curve looks like when its run order carries no information).
"""
import csv
import random
import sys

COLOURS = ["#000000", "#7f7f7f", "#1f77b4", "#2ca02c", "#17becf", "#d62728", "#ff7f0e", "#9467bd"]


def values(path):
    return [float(r["objective"]) if r["status"] == "ok" and r["objective"] else float("-inf")
            for r in csv.DictReader(open(path))]


def best_so_far(vals):
    best, out = float("-inf"), []
    for v in vals:
        best = max(best, v)
        out.append(best)
    return out


def curve(label, path):
    vals = values(path)
    if not label.startswith("~"):
        return label, best_so_far(vals)
    rng, total = random.Random(1), [0.0] * len(vals)
    finite = [v if v > float("-inf") else 0.0 for v in vals]
    for _ in range(1000):
        order = finite[:]
        rng.shuffle(order)
        total = [t + b for t, b in zip(total, best_so_far(order))]
    return label[1:], [t / 1000 for t in total]


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    out, series = argv[1], [a.split("=", 1) for a in argv[2:]]
    curves = [curve(label, path) for label, path in series]
    n = max(len(c) for _, c in curves)
    lo = min(v for _, c in curves for v in c if v > float("-inf"))
    lo = max(lo, 0.4)
    hi = max(v for _, c in curves for v in c)
    w, h, left, right, top, bottom = 800, 440, 60, 210, 20, 50
    pw, ph = w - left - right, h - top - bottom
    x = lambda i: left + pw * i / max(1, n - 1)
    y = lambda v: top + ph * (1 - (max(v, lo) - lo) / (hi - lo + 1e-12))
    s = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">',
         f'<rect width="{w}" height="{h}" fill="white"/>',
         f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#888"/>']
    for k in range(6):
        v = lo + (hi - lo) * k / 5
        s.append(f'<line x1="{left}" x2="{left + pw}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#eee"/>')
        s.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{v:.3f}</text>')
    for i in range(0, n, 5):
        s.append(f'<text x="{x(i):.1f}" y="{top + ph + 16}" text-anchor="middle">{i + 1}</text>')
    s.append(f'<text x="{left + pw / 2}" y="{h - 10}" text-anchor="middle">trial</text>')
    s.append(f'<text x="14" y="{top + ph / 2}" transform="rotate(-90 14 {top + ph / 2})" text-anchor="middle">best so far</text>')
    grid_best = curves[0][1][-1]
    s.append(f'<line x1="{left}" x2="{left + pw}" y1="{y(grid_best):.1f}" y2="{y(grid_best):.1f}" stroke="#000" stroke-dasharray="5,4"/>')
    for k, (label, c) in enumerate(curves):
        col = COLOURS[k % len(COLOURS)]
        dash = ' stroke-dasharray="2,3"' if "random order" in label else ""
        pts = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(c) if v > float("-inf"))
        s.append(f'<polyline points="{pts}" fill="none" stroke="{col}" stroke-width="{2.5 if k == 0 else 1.8}"{dash}/>')
        s.append(f'<line x1="{w - right + 12}" x2="{w - right + 32}" y1="{top + 14 + 18 * k}" y2="{top + 14 + 18 * k}" stroke="{col}" stroke-width="2.5"/>')
        s.append(f'<text x="{w - right + 38}" y="{top + 18 + 18 * k}">{label}</text>')
    s.append("</svg>")
    open(out, "w").write("\n".join(s) + "\n")


if __name__ == "__main__":
    main(sys.argv)
