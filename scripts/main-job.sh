#!/usr/bin/env bash
# The README's main job, run by ./setup after the build: synthesise the espeak-ng spoken-digit set
# (English and German digits, 20 classes, test split on held-out voices), train the spoken-digits
# pipeline on it, evaluate it on the held-out voices and write the HTML report.
#   SNNAUDIO_MAIN_DATA  where the data set goes (default data/espeak-digits)
#   SNNAUDIO_MAIN_OUT   the run folder (default runs/main)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${SNNAUDIO_MAIN_DATA:-data/espeak-digits}
out=${SNNAUDIO_MAIN_OUT:-runs/main}
start=$(date +%s)
if [ ! -f "$data/manifest.csv" ]; then
  echo "== synthesising the spoken-digit set into $data (espeak-ng)"
  ./snnaudio data synth-digits --out "$data" --rate 8000 --clips-per-voice 6
else
  echo "== using the spoken-digit set in $data"
fi
echo "== training configs/spoken-digits.yaml into $out"
./snnaudio train --config configs/spoken-digits.yaml --data "$data/manifest.csv" --out "$out" --restart
echo "== evaluating on the held-out voices"
./snnaudio evaluate --model "$out" --data "$data/manifest.csv" --split official --out "$out/evaluation"
echo "== done in $(( $(date +%s) - start )) s; open $out/report.html (training) and $out/evaluation/report.html"
