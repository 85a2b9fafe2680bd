#!/usr/bin/env python3
"""Calibrate `unspin check` thresholds from two samples.

Run `unspin check --no-config --format json` once on a sample that should pass
(clean prose) and once on a sample that should fail (spun or OCR-garbled
prose), then:

    python3 tools/calibrate_gate.py --metric garble_per_1k clean.json damaged.json

For each candidate threshold it prints the share of clean documents that
would fail (false rejections) and the share of damaged documents that would
pass (misses), honouring the min_fixes rule. Put the chosen value in
src/gate.rs (DEFAULT_MAX_SPIN / DEFAULT_MAX_GARBLE) with these numbers.
"""
import argparse
import json

FIXES = {"spin_per_1k": "spin_fixes", "garble_per_1k": "garble_fixes"}


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)["documents"]


def fails(doc, metric, threshold, min_fixes):
    n = doc[FIXES[metric]]
    return doc[metric] > threshold and n >= min_fixes


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("clean", help="check --format json output for documents that should pass")
    ap.add_argument("damaged", help="check --format json output for documents that should fail")
    ap.add_argument("--metric", choices=sorted(FIXES), default="garble_per_1k")
    ap.add_argument("--min-fixes", type=int, default=2)
    ap.add_argument("--thresholds", default="1,2,3,5,8,10,12,15,20,30")
    a = ap.parse_args()
    clean, damaged = load(a.clean), load(a.damaged)
    for name, docs in (("clean", clean), ("damaged", damaged)):
        v = sorted(d[a.metric] for d in docs)
        if v:
            print(f"{name}: n={len(v)} min={v[0]} median={v[len(v) // 2]} max={v[-1]}")
    print(f"{'max':>6}  {'clean failing':>14}  {'damaged passing':>16}")
    for t in (float(x) for x in a.thresholds.split(",")):
        fr = sum(fails(d, a.metric, t, a.min_fixes) for d in clean)
        ms = sum(not fails(d, a.metric, t, a.min_fixes) for d in damaged)
        print(f"{t:>6g}  {fr:>6}/{len(clean):<7}  {ms:>7}/{len(damaged):<8}")


if __name__ == "__main__":
    main()
