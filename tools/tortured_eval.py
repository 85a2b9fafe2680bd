#!/usr/bin/env python3
"""How well the spin detector restores tortured phrases that are in no list.

The Problematic Paper Screener's fingerprints (`../shared/data/tortured/pps-fingerprints.csv`, or any
copy with the same columns) pair a paper mill's phrase with what authors normally write ("counterfeit
consciousness" -> "artificial intelligence"). The `tortured` detector matches the listed ones; unlisted
ones can only be caught by the `spin` detector's thesaurus + language model. This script measures that
path: it runs `unspin clean --detectors spin` (so the list plays no part) on synthetic abstracts, each
sentence an academic frame around one fingerprint, eight fingerprints per abstract (paper-mill
abstracts carry several), and on a clean control: the same abstracts with the expected phrases.

A fingerprint counts once: only single-phrase fingerprints (no AND/NOT condition) whose expected phrase
has no notes ("(?)", acronyms) are used. `--half 0|1` keeps one half by a hash of the fingerprint, so a
model fitted on one half (`dictionaries/tools/build_thesaurus.py` ranks candidates with weights fitted
on PPS pairs) can be checked on the other.

Prints: phrases restored in the cleaned text (applied), restorable from the report (every row's
replacement applied, applied or not), detected (any row overlapping the phrase), rows outside the
phrases, and applied rows in the clean control.

usage: tools/tortured_eval.py [--half 0|1] [--limit N] [--bin target/release/unspin] PPS_CSV
"""
import argparse
import csv
import hashlib
import os
import re
import subprocess
import tempfile

# Academic frames with one noun-phrase slot; the fingerprints are mostly technical noun phrases.
FRAMES = [
    "In this paper, we propose a novel method based on {} for the proposed system.",
    "The results show that {} improves the performance of the model.",
    "In recent years, {} has attracted considerable attention from researchers.",
    "We compare the proposed approach with {} on three public datasets.",
    "The main contribution of this work is the use of {} in the design.",
    "Experimental results demonstrate the effectiveness of {} in practice.",
    "This study investigates the role of {} in modern engineering applications.",
    "Finally, we discuss the limitations of {} and directions for future work.",
]
PER_DOC = len(FRAMES)


def fingerprints(path, half, limit):
    out = []
    with open(path, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            m = re.fullmatch(r'\s*"([^"]+)"\s*', r["tortured_phrase"])
            expected = r["expected_phrase"].strip()
            if not m or not re.fullmatch(r"[A-Za-z][A-Za-z' -]*", expected):
                continue
            phrase = m.group(1).strip()
            if phrase.lower() == expected.lower():
                continue
            h = int(hashlib.md5(phrase.lower().encode()).hexdigest(), 16) % 2
            if half is None or h == half:
                out.append((phrase, expected))
    return out[:limit] if limit else out


def write_docs(root, pairs, which):
    """Writes one file per abstract; returns, per file, the byte span and texts of each phrase."""
    spans = {}
    os.makedirs(root, exist_ok=True)
    for d in range(0, len(pairs), PER_DOC):
        name = f"doc{d // PER_DOC:05d}.txt"
        text, where = b"", []
        for i, (phrase, expected) in enumerate(pairs[d : d + PER_DOC]):
            frame = FRAMES[i]
            slot = phrase if which == "tortured" else expected
            before, after = frame.split("{}")
            start = len(text) + len(before.encode())
            line = (before + slot + after + "\n").encode()
            where.append((start, start + len(slot.encode()), phrase, expected))
            text += line
        with open(os.path.join(root, name), "wb") as f:
            f.write(text)
        spans[name] = (text, where)
    return spans


def held_out_phrases(path, half):
    """Every fingerprint phrase of the tested half (lower-case), conditions or not: the spin
    detector's term set (the list's expected phrases) must not learn a tested phrase's answer from
    its own row, only from other fingerprints that expect the same term."""
    out = set()
    with open(path, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            for phrase in re.findall(r'"([^"]+)"', r["tortured_phrase"])[:1]:
                phrase = phrase.strip().lower()
                h = int(hashlib.md5(phrase.encode()).hexdigest(), 16) % 2
                if half is None or h == half:
                    out.add(phrase)
    return out


def run(binary, src, out, report, exclude):
    env = dict(os.environ, UNSPIN_TERMS_EXCLUDE=exclude)
    subprocess.run(
        [binary, "clean", src, "--out", out, "--report", report, "--detectors", "spin", "-q", "--no-config"],
        check=False,
        capture_output=True,
        env=env,
    )
    rows = {}
    with open(report, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            rows.setdefault(os.path.basename(r["file"]), []).append(r)
    return rows


def score(docs, rows, out_dir, verbose):
    """Counts over the tortured abstracts: (restored, restorable from report, detected, rows outside, of those applied)."""
    applied = proposed = detected = outside = outside_applied = 0
    for name, (text, where) in docs.items():
        with open(os.path.join(out_dir, name), "rb") as f:
            out_lines = f.read().split(b"\n")
        rs = [(int(r["byte_start"]), int(r["byte_end"]), r["replacement"].encode(), r["applied"] == "true") for r in rows.get(name, [])]
        for k, (s, e, phrase, expected) in enumerate(where):
            want = expected.lower().encode()
            over = [r for r in rs if r[0] < e and r[1] > s]
            detected += bool(over)
            # Every overlapping row applied (the report's reading of the phrase).
            buf = text
            for rs_, re_, rep, _ in sorted(over, key=lambda r: -r[0]):
                buf = buf[:rs_] + rep + buf[re_:]
            got = buf[s : e + len(buf) - len(text)].lower()
            ok = bool(over) and got == want and min(r[0] for r in over) >= s and max(r[1] for r in over) <= e
            proposed += ok
            line = out_lines[k].lower() if k < len(out_lines) else b""
            line_ok = want in line and phrase.lower().encode() not in line
            applied += line_ok
            if verbose:
                tag = "APPLIED " if line_ok else "PROPOSED" if ok else "detected" if over else "missed  "
                desc = "; ".join(f"{text[x:y].decode()}->{rep.decode()}{'*' if ap_ else ''}" for x, y, rep, ap_ in over)
                print(f"{tag} {phrase!r} -> {expected!r} | {desc}")
        off = [r for r in rs if not any(r[0] < e and r[1] > s for s, e, *_ in where)]
        outside += len(off)
        outside_applied += sum(1 for r in off if r[3])
    return applied, proposed, detected, outside, outside_applied


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pps_csv")
    ap.add_argument("--half", type=int, choices=(0, 1))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--bin", default="target/release/unspin")
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    pairs = fingerprints(a.pps_csv, a.half, a.limit)
    with tempfile.TemporaryDirectory(prefix="tortured_eval.") as tmp:
        docs = write_docs(os.path.join(tmp, "in"), pairs, "tortured")
        write_docs(os.path.join(tmp, "clean"), pairs, "clean")
        exclude = os.path.join(tmp, "held-out.txt")
        with open(exclude, "w", encoding="utf-8") as f:
            f.write("\n".join(sorted(held_out_phrases(a.pps_csv, a.half))) + "\n")
        rows = run(a.bin, os.path.join(tmp, "in"), os.path.join(tmp, "out"), os.path.join(tmp, "r.csv"), exclude)
        crow = run(a.bin, os.path.join(tmp, "clean"), os.path.join(tmp, "cout"), os.path.join(tmp, "c.csv"), exclude)
        applied, proposed, detected, outside, outside_applied = score(docs, rows, os.path.join(tmp, "out"), a.verbose)
    control = sum(1 for rs in crow.values() for r in rs if r["applied"] == "true")
    if a.verbose:
        for rs in crow.values():
            for r in (r for r in rs if r["applied"] == "true"):
                print(f"CONTROL applied {r['original']!r} -> {r['replacement']!r} | {r['evidence']}")
    n = max(len(pairs), 1)
    print(
        f"tortured (spin detector only): {len(pairs)} phrases in {len(docs)} abstracts; restored {applied} ({applied / n:.1%}), "
        f"restorable from report {proposed} ({proposed / n:.1%}), detected {detected} ({detected / n:.1%}); "
        f"rows outside phrases {outside} ({outside_applied} applied); clean control: {control} applied rows"
    )


if __name__ == "__main__":
    main()
