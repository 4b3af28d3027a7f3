#!/usr/bin/env python3
"""Speaker-grouped development folds of the Arabic digits' train.csv (val.csv is never read).

The 18 training speakers are shuffled with seed 7 and cut into 3 groups of 6; fold k holds out group k
(600 clips, as many as val.csv) and trains on the other 12 speakers (1200 clips). Writes
OUT/fold{k}_train.csv and OUT/fold{k}_test.csv with absolute paths, for
`snnaudio train --data OUT/fold2_train.csv --test-data OUT/fold2_test.csv`.

usage: scripts/arabic-dev-folds.py DATA_DIR OUT_DIR
"""
import csv
import os
import random
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    data, out = os.path.abspath(sys.argv[1]), sys.argv[2]
    rows = list(csv.DictReader(open(os.path.join(data, "train.csv"))))
    speaker = lambda r: os.path.basename(r["file"]).split("_")[0]
    speakers = sorted({speaker(r) for r in rows})
    random.Random(7).shuffle(speakers)
    os.makedirs(out, exist_ok=True)
    for k in range(3):
        held = set(speakers[6 * k:6 * k + 6])
        for name, keep in (("train", lambda s: s not in held), ("test", lambda s: s in held)):
            with open(os.path.join(out, f"fold{k}_{name}.csv"), "w") as f:
                f.write("file,class\n")
                for r in rows:
                    if keep(speaker(r)):
                        f.write(os.path.join(data, r["file"]) + "," + r["class"] + "\n")
        print(f"fold {k}: held-out speakers {' '.join(sorted(held))}")


if __name__ == "__main__":
    main()
