#!/usr/bin/env python3
"""Builds dictionaries/tortured.tsv.xz from the Problematic Paper Screener fingerprint list.

Source: pps-fingerprints.csv (PPS, Cabanac, Labbé & Magazinov, arXiv:2107.06751; public export in
hahuyhoang411/tortured-phrase data/tortured.csv @ d096655; data CC BY 4.0 - credit PPS and its authors).
Lines: `phrase<TAB>expected<TAB>num_papers<TAB>and-phrases (;-separated)<TAB>not-phrases (;-separated)`.
The phrase is matched case-insensitively on word boundaries; AND phrases must also occur somewhere in
the document and NOT phrases must not (PPS's own false-positive control). Expected texts lose PPS's
editorial notes ("(?)", bracketed acronyms); rows without a usable expected text are dropped.

usage: build_tortured.py PPS_CSV OUT_TSV_XZ
"""
import csv, lzma, re, sys

src, out_path = sys.argv[1:3]
QUOTED = re.compile(r'"([^"]+)"|([^"\s][^"]*?)(?=\s+(?:AND|NOT)\s|$)')
rows = {}
for r in csv.DictReader(open(src, encoding="utf-8")):
    q = r["tortured_phrase"].strip()
    parts = re.split(r"\s+(AND|NOT)\s+", q)
    phrase = parts[0].strip().strip('"').strip().lower()
    conds = {"AND": [], "NOT": []}
    for op, term in zip(parts[1::2], parts[2::2]):
        conds[op].append(term.strip().strip('"').strip().lower())
    exp = re.sub(r"\(.*?\)|\[.*?\]", "", r["expected_phrase"]).strip()
    exp = exp.split(" / ")[0].split(";")[0].strip()
    if not phrase or not exp or "?" in exp or "\t" in phrase or exp.lower() == phrase:
        continue
    if not re.fullmatch(r"[\w' -]+", phrase) or not re.fullmatch(r"[\w' -]+", exp):
        continue
    n = int(r["num_papers"].replace(",", "") or 0)
    if phrase in rows and rows[phrase][1] >= n:
        continue
    rows[phrase] = (exp, n, ";".join(conds["AND"]), ";".join(conds["NOT"]))
with lzma.open(out_path, "wt", encoding="utf-8", preset=9) as out:
    out.write("# tortured phrases from the Problematic Paper Screener (CC BY 4.0; see dictionaries/README.md)\n")
    for p in sorted(rows):
        e, n, a, no = rows[p]
        out.write(f"{p}\t{e}\t{n}\t{a}\t{no}\n")
print(len(rows), "fingerprints", file=sys.stderr)
