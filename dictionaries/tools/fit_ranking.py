#!/usr/bin/env python3
"""Fits the ranking weights of build_thesaurus.py (RANK_WEIGHTS) on real spinner output.

Data: the Problematic Paper Screener's tortured-phrase fingerprints (a paper mill's phrase and what authors
normally write). Phrases of equal length are aligned word by word; each differing pair is one spinner
substitution original -> form ("artificial intelligence" / "counterfeit consciousness" gives artificial ->
counterfeit and intelligence -> consciousness). Only pairs whose original the thesaurus lists for the form are
used: the ranking decides which of a form's originals make the first MAX_CANDIDATES, not whether one is there.

Model: a conditional logit over all originals of a form (build_thesaurus.rank_features), fitted by Newton's
method on one half of the forms (by hash) and checked on the other, then refitted on all of it.
Prints the weights in log10 units and recall@10/25/40 for the fitted and the plain freq/size ranking.

usage: fit_ranking.py MOBY_TXT WORDNET_DIR WORDS_TSV_XZ PPS_CSV
  e.g. fit_ranking.py /work/raw/moby.txt /work/raw/extract/usr/share/wordnet dictionaries/words.tsv.xz \
       ../shared/data/tortured/pps-fingerprints.csv
"""
import csv
import hashlib
import math
import os
import re
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import build_thesaurus as bt  # noqa: E402

NAMES = list(bt.RANK_WEIGHTS)
# The old ranking, freq/|S|: the baseline, and the fit's starting point.
PLAIN = np.array([1.0 if n in ("freq", "size") else 0.0 for n in NAMES])


def aligned_pairs(path):
    """(original, form) word pairs from the fingerprints' phrase-level pairs."""
    pairs = set()
    with open(path, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            m = re.match(r'^\s*"([^"]+)"', r["tortured_phrase"])
            if not m:
                continue
            t = m.group(1).lower().split()
            e = re.sub(r"\(.*?\)", "", r["expected_phrase"]).lower().split()
            if len(t) == len(e):
                pairs.update((o, s) for s, o in zip(t, e) if s != o)
    return pairs


def features(d, o, s):
    feats = bt.rank_features(d, o, s)
    return [feats[k] for k in NAMES]


def fit(groups, rounds=25, l2=1e-3):
    """Maximum conditional likelihood by Newton's method (the problem is convex, five weights)."""
    w = PLAIN.copy()
    n = sum(len(ys) for _, ys in groups)
    for _ in range(rounds):
        g, h = l2 * w, l2 * np.eye(len(w))
        for F, ys in groups:
            z = F @ w
            p = np.exp(z - z.max())
            p /= p.sum()
            mean = p @ F
            g -= (F[ys].sum(0) - len(ys) * mean) / n
            h += len(ys) * ((F * p[:, None]).T @ F - np.outer(mean, mean)) / n
        step = np.linalg.solve(h, g)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return w


def recall(groups, w, k):
    hit = sum(sum(y in set(np.argsort(-(F @ w), kind="stable")[:k].tolist()) for y in ys) for F, ys in groups)
    return hit, sum(len(ys) for _, ys in groups)


def main():
    moby, wn, words, pps = sys.argv[1:5]
    d = bt.load(moby, wn, words)
    rev = bt.reverse(d)
    by_form = {}
    for o, s in aligned_pairs(pps):
        if s in rev and o in rev[s]:
            by_form.setdefault(s, set()).add(o)
    halves = ([], [])
    for s, origs in sorted(by_form.items()):
        cands = rev[s]
        F = np.array([features(d, c, s) for c in cands], float) * math.log(10)  # log10 -> natural units
        ys = [cands.index(o) for o in origs]
        halves[int(hashlib.md5(s.encode()).hexdigest(), 16) % 2].append((F, ys))
    print(f"pairs with the original listed: {sum(len(ys) for h in halves for _, ys in h)} in {len(by_form)} forms")
    w = fit(halves[0])
    for k in (10, 25, 40):
        print(f"held-out half recall@{k}: fitted {recall(halves[1], w, k)}, freq/size {recall(halves[1], PLAIN, k)}")
    w = fit(halves[0] + halves[1])
    print("RANK_WEIGHTS = dict(" + ", ".join(f"{n}={x:.2f}" for n, x in zip(NAMES, w)) + ")")


if __name__ == "__main__":
    main()
