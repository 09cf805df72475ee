#!/usr/bin/env bash
# Train joint (emotion + distilled e5 query) encoders on a GPU machine, several recipes at once.
# Carry training/cache/carry (made by `python -m training.pack_e5 pack`, the gzipped splits under
# data/, and probe.npz); results go to $OUT: each recipe's log and the chosen recipe's fp16 weights
# in 15 MB parts (join with `cat best.pt.part* > best.pt`).
# PICK=name returns that recipe's weights instead.
#   usage: training/gpu_joint.sh "A --lam 1" "B --lam 3 --qat-from 2" ...
set -u
export PYTHONUNBUFFERED=1
C=training/cache/carry
R=/tmp/joint
mkdir -p "$R" "$OUT"
nvidia-smi -L
for cfg in "$@"; do
  set -- $cfg
  name=$1; shift
  python3 -m training.train_joint --packed $C/e5ko.npz --data $C/data --probe $C/probe.npz \
    --run "$R/$name" --deadline "${DEADLINE:-480}" "$@" > "$R/$name.out" 2>&1 &
done
wait
for d in "$R"/*/; do n=$(basename "$d"); cp "$d/train.log" "$OUT/$n.log" 2>/dev/null || tail -30 "$R/$n.out" > "$OUT/$n.log"; done
python3 - "$R" <<'PY'
import json, os, sys, glob
runs = {}
for h in glob.glob(f"{sys.argv[1]}/*/history.json"):
    hist = json.load(open(h))["history"]
    best = max(hist, key=lambda e: e["val"]["macro_f1"])
    runs[os.path.basename(os.path.dirname(h))] = best
# the most accurate recipe among those whose topic hit rate stays within 0.03 of the best one's
top_topic = max((b["topic"]["dev"] + b["topic"]["held"]) / 2 for b in runs.values())
ok = {n: b for n, b in runs.items() if (b["topic"]["dev"] + b["topic"]["held"]) / 2 >= top_topic - 0.03}
pick = os.environ.get("PICK") or max(ok, key=lambda n: ok[n]["val"]["macro_f1"])
print("picked", pick, json.dumps(runs[pick]))
os.system(f"split -b 15M -d {sys.argv[1]}/{pick}/best.pt $OUT/{pick}.best.pt.part")
PY
ls -la "$OUT"
