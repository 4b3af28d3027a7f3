#!/usr/bin/env bash
# Runs the plain-PyTorch BPTT baseline and snnaudio's engine benchmark side by side on this machine
# (baseline first, then snnaudio, for each configuration), REPEAT times, and prints the median
# samples/s of each and their ratios, and the peak memory of shd training.
#
#   bench/compare-baseline.sh [REPEAT]      (default 3; needs python3-torch, see shared/bench/README.md)
#
# Environment: BASELINE (path to torch_bptt.py), PYTHON (interpreter with torch), THREADS (default 2),
# JAR (a copy of the snnaudio jar to run instead of ./snnaudio, so that a rebuild during the run does not
# change what is measured; it runs with the launcher's JVM options).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
repeat="${1:-3}"
baseline="${BASELINE:-$root/../shared/bench/torch_bptt.py}"
python="${PYTHON:-/usr/bin/python3}"
threads="${THREADS:-2}"
if [ ! -f "$baseline" ]; then
  echo "compare-baseline: baseline script not found at $baseline (set BASELINE)" >&2
  exit 1
fi
snn=("$root/snnaudio")
if [ -n "${JAR:-}" ]; then
  . "$root/scripts/jdk.sh"
  snn=("$JAVA_HOME/bin/java" -Xmx8g -XX:+UseParallelGC -XX:MaxNewSize=64m --add-modules jdk.incubator.vector -jar "$JAR")
elif [ ! -f "$root/cli/target/snnaudio.jar" ]; then
  echo "compare-baseline: building the snnaudio jar" >&2
  (cd "$root" && ./mvnw -B -q -ntp -DskipTests package >&2)
fi
SHD="--inputs 700 --hidden 128 --outputs 20 --steps 100 --batch 256 --recurrent --input-rate 0.02 --iters 20 --warmup 5 --threads $threads"
KWS="--inputs 16 --hidden 64 --outputs 2 --steps 125 --batch 16 --no-recurrent --dense-input --iters 50 --warmup 10 --threads $threads"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for i in $(seq 1 "$repeat"); do
  for cfg in shd kws; do
    flags="$SHD"; [ "$cfg" = kws ] && flags="$KWS"
    echo "== run $i $cfg: baseline: $python $baseline $flags" >&2
    "$python" "$baseline" $flags > "$out/torch-$cfg-$i.txt" 2>&1
    grep -E "RESULT|spike prob" "$out/torch-$cfg-$i.txt" >&2 || true
    echo "== run $i $cfg: snnaudio: ${snn[*]} bench --config $cfg --threads $threads" >&2
    "${snn[@]}" bench --config "$cfg" --threads "$threads" > "$out/snn-$cfg-$i.txt" 2>&1
    grep -E "RESULT|spike prob" "$out/snn-$cfg-$i.txt" >&2 || true
  done
done
python3 - "$out" "$repeat" <<'PY'
import json, re, statistics, sys, glob
out, repeat = sys.argv[1], int(sys.argv[2])
def torch(cfg, what):
    vals = []
    for f in sorted(glob.glob(f"{out}/torch-{cfg}-*.txt")):
        t = open(f).read()
        if what == "rss":
            m = re.search(r"RESULT torch peak_rss:\s+([\d.]+)", t)
        else:
            m = re.search(rf"RESULT torch {what}:\s+([\d.]+)", t)
        if m: vals.append(float(m.group(1)))
    return statistics.median(vals) if vals else float("nan")
def snn(cfg, key):
    vals = []
    for f in sorted(glob.glob(f"{out}/snn-{cfg}-*.txt")):
        lines = [l for l in open(f).read().splitlines() if l.startswith("{")]
        if lines: vals.append(json.loads(lines[-1])[key])
    return statistics.median(vals) if vals else float("nan")
print(f"medians over {repeat} side-by-side runs (samples/s)")
print(f"{'config':<6} {'phase':<6} {'pytorch':>10} {'snnaudio':>10} {'ratio':>7}")
for cfg in ("shd", "kws"):
    for phase, key in (("train", "train_samples_per_s"), ("infer", "infer_samples_per_s")):
        t, s = torch(cfg, phase), snn(cfg, key)
        print(f"{cfg:<6} {phase:<6} {t:>10.1f} {s:>10.1f} {s / t:>6.1f}x")
print(f"shd peak RSS: pytorch {torch('shd', 'rss'):.1f} MiB, snnaudio {snn('shd', 'peak_rss_mib'):.1f} MiB")
PY
