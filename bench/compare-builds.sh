#!/usr/bin/env bash
# Compares two builds of the snnaudio jar on one thread by CPU time, which other processes do not inflate
# the way they inflate wall time (they still share caches and memory bandwidth): runs
# `bench --config shd|kws --threads 1` of each jar in turn, ROUNDS times, and prints the best CPU time per
# sample of each phase. For the ratios against PyTorch use compare-baseline.sh (wall time, side by side).
#
#   bench/compare-builds.sh BEFORE.jar AFTER.jar [ROUNDS]      (default 2)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
. "$root/scripts/jdk.sh"
if [ $# -lt 2 ] || [ ! -f "$1" ] || [ ! -f "$2" ]; then
  echo "usage: bench/compare-builds.sh BEFORE.jar AFTER.jar [ROUNDS]" >&2
  exit 1
fi
rounds="${3:-2}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for i in $(seq 1 "$rounds"); do
  for cfg in shd kws; do
    for side in before after; do
      jar="$1"; [ "$side" = after ] && jar="$2"
      echo "== round $i $cfg $side: $jar" >&2
      "$JAVA_HOME/bin/java" -Xmx8g -XX:+UseParallelGC -XX:MaxNewSize=64m --add-modules jdk.incubator.vector -jar "$jar" bench --config "$cfg" --threads 1 \
        | grep "RESULT snnaudio cpu" | tee -a "$out/$side-$cfg.txt" >&2
    done
  done
done
python3 - "$out" <<'PY'
import glob, re, sys
out = sys.argv[1]
def best(side, cfg, phase):
    vals = []
    for line in open(f"{out}/{side}-{cfg}.txt"):
        m = re.search(rf"{phase} ([\d.]+) us/sample", line)
        if m: vals.append(float(m.group(1)))
    return min(vals) if vals else float("nan")
print("best CPU time per sample on one thread (us)")
print(f"{'config':<6} {'phase':<6} {'before':>8} {'after':>8} {'speed-up':>9}")
for cfg in ("shd", "kws"):
    for phase in ("train", "infer"):
        b, a = best("before", cfg, phase), best("after", cfg, phase)
        print(f"{cfg:<6} {phase:<6} {b:>8.1f} {a:>8.1f} {b / a:>8.2f}x")
PY
