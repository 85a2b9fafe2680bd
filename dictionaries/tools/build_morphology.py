#!/usr/bin/env python3
"""Builds dictionaries/morphology.tsv.xz: irregular inflections from WordNet 3.0's exception lists.

Lines: `<inflected<TAB>base/pos ...` (lemmatise: said -> say/v) and `>base<TAB>inflected/pos ...`
(re-inflect: say -> said/v). pos is n, v or a. Regular forms are handled by suffix rules in
src/thesaurus.rs; this file only holds what rules cannot derive.

usage: build_morphology.py WORDNET_DIR OUT_TSV_XZ
  e.g. build_morphology.py /work/raw/extract/usr/share/wordnet dictionaries/morphology.tsv.xz
"""
import lzma, os, sys
from collections import defaultdict

wn, out_path = sys.argv[1:3]
down, up = defaultdict(list), defaultdict(list)
for pos, tag in (("noun", "n"), ("verb", "v"), ("adj", "a")):
    for line in open(os.path.join(wn, pos + ".exc"), encoding="latin-1"):
        parts = line.split()
        if len(parts) < 2 or "_" in line:
            continue
        infl = parts[0]
        for base in parts[1:]:
            if base == infl:
                continue
            down[infl].append(f"{base}/{tag}")
            up[base].append(f"{infl}/{tag}")
with lzma.open(out_path, "wt", encoding="utf-8", preset=9) as out:
    out.write("# WordNet 3.0 exception lists (Princeton licence, see dictionaries/README.md)\n")
    for k in sorted(down):
        out.write(f"<{k}\t{' '.join(down[k])}\n")
    for k in sorted(up):
        out.write(f">{k}\t{' '.join(up[k])}\n")
