#!/usr/bin/env python3
"""Build dictionaries/words.tsv.xz and dictionaries/names.tsv.xz.

Inputs (see fetch.sh; RAW defaults to /work/raw):
  wordfreq 3.1.1 (installed Python package) get_frequency_dict('en', 'large')
  RAW/extract/usr/share/dict/american-english-huge   (Debian wamerican-huge 2020.12.07-2, SCOWL)
  RAW/whl/symspellpy/symspellpy/frequency_dictionary_en_82_765.txt  (symspellpy 6.10.1)
  RAW/whl/codespell/codespell_lib/data/dictionary.txt, dictionary_informal.txt (codespell 2.4.3;
      used only as a filter: its typo keys are never admitted on frequency alone)
  tools/supplement.txt  (hand-curated recent words, one per line, '#' comments)
  tools/stoplist.txt    (hand-curated misspellings/fragments rejected from the frequency admission)

Rule (documented in ../README.md):
  A wordfreq word w (lower-case, NFC, Latin letters with optional internal ' or -) is kept when
    (a) w is in SCOWL-huge (case-insensitive) or in symspell's 82,765-word list, or
    (b) zipf(w) >= ZIPF_MIN and w is not a codespell typo key, not an apostrophe-less contraction
        (dont, youre, isnt: inserting ' before t/re/ve/ll/d/m/all gives a word of (a)), not a
        contraction fragment (didn -> didn't, n't, ve), not a g-dropped form (lookin: looking is in
        (a) and more frequent), and not in stoplist.txt, or
    (c) w is in supplement.txt.
  count = round(p * 1e9), at least 1.  Words of (a) and (c) missing from wordfreq get count 1.
names.tsv: SCOWL-huge entries that occur ONLY with a capital letter (no all-lower-case twin),
  lower-cased; a possessive X's is left out when X is itself listed.
"""
import argparse, lzma, math, os, re, sys, unicodedata

ZIPF_MIN = 3.0
WORD_RE = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
CONTRACTION_SUFFIXES = ("t", "re", "ve", "ll", "d", "m", "all")
FRAGMENTS = {"n't", "ve", "ll", "re"}


def valid_form(w):
    return (WORD_RE.fullmatch(w) is not None
            and all("LATIN" in unicodedata.name(c, "") for c in w if c.isalpha()))


def read_list(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                out.append(unicodedata.normalize("NFC", line.lower()))
    return out


def write_xz(path, lines):
    data = "".join(lines).encode("utf-8")
    # fixed preset, no timestamps in .xz -> byte-identical output for identical input
    with open(path, "wb") as f:
        f.write(lzma.compress(data, format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC64,
                              preset=9 | lzma.PRESET_EXTREME))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--raw", default=os.environ.get("RAW", "/work/raw"))
    ap.add_argument("--out", default=os.path.dirname(here))
    ap.add_argument("--report", help="write the list of frequency-admitted / rejected words here")
    a = ap.parse_args()

    import wordfreq
    from importlib.metadata import version
    if version("wordfreq") != "3.1.1":
        sys.exit("need wordfreq==3.1.1, have %s" % version("wordfreq"))

    scowl_raw = [unicodedata.normalize("NFC", l.rstrip("\n")) for l in
                 open(os.path.join(a.raw, "extract/usr/share/dict/american-english-huge"), encoding="utf-8")]
    scowl_raw = [w for w in scowl_raw if w]
    scowl = {w.lower() for w in scowl_raw if valid_form(w.lower())}
    sym = set()
    with open(os.path.join(a.raw, "whl/symspellpy/symspellpy/frequency_dictionary_en_82_765.txt"), encoding="utf-8") as f:
        for line in f:
            w = unicodedata.normalize("NFC", line.split()[0].lower())
            if valid_form(w):
                sym.add(w)
    typos = set()
    for fn in ("dictionary.txt", "dictionary_informal.txt"):
        with open(os.path.join(a.raw, "whl/codespell/codespell_lib/data", fn), encoding="utf-8") as f:
            for line in f:
                if "->" in line:
                    typos.add(line.split("->", 1)[0].strip().lower())
    supplement = [w for w in read_list(os.path.join(here, "supplement.txt")) if valid_form(w)]
    stoplist = set(read_list(os.path.join(here, "stoplist.txt")))
    base = scowl | sym

    wf = wordfreq.get_frequency_dict("en", "large")
    freq = {}
    for w, p in wf.items():
        w = unicodedata.normalize("NFC", w)
        if valid_form(w):
            freq[w] = freq.get(w, 0.0) + p

    def why_rejected(w):
        if w in typos:
            return "codespell"
        if w in FRAGMENTS:
            return "fragment"
        for i in range(1, len(w)):
            if w[i:] in CONTRACTION_SUFFIXES and w[:i] + "'" + w[i:] in base:
                return "contraction"
        if w + "'t" in base:
            return "fragment"
        if w.endswith("in") and w + "g" in base and freq.get(w + "g", 0.0) > freq[w]:
            return "g-drop"
        if w in stoplist:
            return "stoplist"
        return None

    lex = {}
    admitted, rejected = [], []
    for w, p in freq.items():
        c = max(1, round(p * 1e9))
        if w in base:
            lex[w] = c
            continue
        z = round(math.log10(p) + 9, 2)
        if z >= ZIPF_MIN:
            r = why_rejected(w)
            if r is None:
                lex[w] = c
                admitted.append((z, w))
            else:
                rejected.append((z, w, r))
    for w in sorted(base | set(supplement)):
        if w not in lex:
            lex[w] = freq.get(w) and max(1, round(freq[w] * 1e9)) or 1

    write_xz(os.path.join(a.out, "words.tsv.xz"), ["%s\t%d\n" % (w, lex[w]) for w in sorted(lex)])

    # names: SCOWL entries seen only capitalised
    lower_seen = {w for w in scowl_raw if w == w.lower()}
    caps = {w.lower() for w in scowl_raw if w != w.lower()}
    names = {w for w in caps if w not in lower_seen and valid_form(w)}
    names = {w for w in names if not (w.endswith("'s") and w[:-2] in names)}
    write_xz(os.path.join(a.out, "names.tsv.xz"), [w + "\n" for w in sorted(names)])

    in_wf = sum(1 for w in lex if w in freq)
    stats = {
        "wordfreq_total": len(wf), "wordfreq_valid_form": len(freq), "scowl": len(scowl),
        "symspell": len(sym), "kept_from_wordfreq": in_wf,
        "kept_by_scowl_or_symspell": sum(1 for w in freq if w in base),
        "admitted_by_zipf": len(admitted), "rejected_at_zipf": len(rejected),
        "added_count1": len(lex) - in_wf, "supplement": len(supplement),
        "final_words": len(lex), "names": len(names),
    }
    for k, v in stats.items():
        print("%-28s %d" % (k, v))
    if a.report:
        with open(a.report, "w", encoding="utf-8") as f:
            f.write("# admitted by zipf >= %.1f (not in SCOWL/symspell)\n" % ZIPF_MIN)
            for z, w in sorted(admitted, key=lambda t: (-t[0], t[1])):
                f.write("%s\t%.2f\n" % (w, z))
            f.write("# rejected\n")
            for z, w, r in sorted(rejected, key=lambda t: (-t[0], t[1])):
                f.write("%s\t%.2f\t%s\n" % (w, z, r))


if __name__ == "__main__":
    main()
