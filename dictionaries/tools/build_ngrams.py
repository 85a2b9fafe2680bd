#!/usr/bin/env python3
"""Build dictionaries/ngrams.tsv.xz from the CMU Sphinx en-us trigram LM (BSD-2).

Input: RAW/sphinx/cmu_lm_{1,2,3}grams.tsv, made by
    python3 /work/shared/tools/sphinx_lm_dump.py \
        RAW/whl/pocketsphinx/pocketsphinx/model/en-us/en-us.lm.bin RAW/sphinx
(pocketsphinx 5.1.1 wheel; see fetch.sh / build_all.sh).  Needs numpy.

Output lines: "w1[ w2[ w3]]<TAB>log10prob<TAB>log10backoff", byte-sorted by key, numbers with
at most 3 decimals (trailing zeros dropped), backoff 0 where the n-gram is no context.

Pruning (weighted difference, Seymore & Rosenfeld 1996, with model probabilities in place of
counts, as in Stolcke's relative-entropy pruning / SRILM -prune without the backoff term):
  for every bigram h w and trigram h w (h = history),
      score = P(h) * p(w|h) * | log10 p(w|h) - log10 p_backoff(w|h) |
  where p_backoff(w|h) = bo(h) * p(w|h') is what the model would give w after dropping the
  n-gram, and P(h) is the history probability (P(u) for bigrams, P(u) p(v|u) for trigrams;
  P(<s>) := P(</s>)).  An n-gram is kept when score >= THETA.  Trigrams are pruned first; a
  bigram that is the history of a kept trigram is always kept.  All unigrams are kept.  The
  backoff weights of unigrams and bigrams are then recomputed so every history's
  distribution still sums to one:
      bo(h) = (1 - sum_{w kept} p(w|h)) / (1 - sum_{w kept} p_lower(w|h'))
"""
import argparse, lzma, os, sys
import numpy as np

# Expected |log10| loss per word below which an n-gram is dropped. 0 keeps the whole model: the spin
# detector reads a pruned-away collocation as a broken one (see dictionaries/README.md).
THETA = 0.0


def fmt(x):
    s = "%.3f" % x
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    if s in ("-0", ""):
        s = "0"
    return s


def load(raw):
    d = os.path.join(raw, "sphinx")
    vocab, lp1, bo1 = [], [], []
    with open(os.path.join(d, "cmu_lm_1grams.tsv"), encoding="utf-8") as f:
        for line in f:
            w, p, b = line.rstrip("\n").split("\t")
            vocab.append(w.lower()); lp1.append(float(p)); bo1.append(float(b))
    assert len(set(vocab)) == len(vocab)
    ids = {w: i for i, w in enumerate(vocab)}

    def read(n):
        toks, lp, bo = [], [], []
        with open(os.path.join(d, "cmu_lm_%dgrams.tsv" % n), encoding="utf-8") as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                toks.append([ids[t.lower()] for t in parts[0].split(" ")])
                lp.append(float(parts[1]))
                bo.append(float(parts[2]) if len(parts) > 2 else 0.0)
        return np.array(toks, dtype=np.int64), np.array(lp), np.array(bo)

    return vocab, np.array(lp1), np.array(bo1), read(2), read(3)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--raw", default=os.environ.get("RAW", "/work/raw"))
    ap.add_argument("--out", default=os.path.dirname(here))
    ap.add_argument("--theta", type=float, default=THETA)
    ap.add_argument("--check", default="white house,peace process,press secretary,foreign policy,"
                    "international law,video call,bloody war,chief negotiator,truth social,"
                    "financial system,white home,the white house,a peace process,the white home")
    ap.add_argument("--no-write", action="store_true")
    a = ap.parse_args()

    vocab, lp1, bo1, (B, blp, bbo), (T, tlp, _) = load(a.raw)
    V = len(vocab)
    ids = {w: i for i, w in enumerate(vocab)}
    s_id, es_id = ids["<s>"], ids["</s>"]
    p1 = 10.0 ** lp1
    p1[s_id] = 0.0                          # <s> is never predicted
    lp1_hist = lp1.copy(); lp1_hist[s_id] = lp1[es_id]   # but is a frequent history

    bkey = B[:, 0] * V + B[:, 1]
    order = np.argsort(bkey, kind="stable")
    bkey_sorted = bkey[order]

    def bigram_index(u, v):
        k = u * V + v
        pos = np.searchsorted(bkey_sorted, k)
        pos = np.minimum(pos, len(bkey_sorted) - 1)
        found = bkey_sorted[pos] == k
        return np.where(found, order[pos], -1)

    # ---- trigram scores (original model)
    i_uv = bigram_index(T[:, 0], T[:, 1])
    assert (i_uv >= 0).all(), "trigram without its prefix bigram"
    i_vw = bigram_index(T[:, 1], T[:, 2])
    lp_bi = np.where(i_vw >= 0, blp[np.maximum(i_vw, 0)], bo1[T[:, 1]] + lp1[T[:, 2]])
    t_est = bbo[i_uv] + lp_bi
    t_hist = lp1_hist[T[:, 0]] + blp[i_uv]
    t_score = 10.0 ** (t_hist + tlp) * np.abs(tlp - t_est)
    # ---- bigram scores
    b_est = bo1[B[:, 0]] + lp1[B[:, 1]]
    b_score = 10.0 ** (lp1_hist[B[:, 0]] + blp) * np.abs(blp - b_est)

    t_keep = t_score >= a.theta
    b_keep = b_score >= a.theta
    b_needed = np.zeros(len(B), bool); b_needed[i_uv[t_keep]] = True
    b_keep |= b_needed

    # ---- recompute backoffs
    def renorm(hist_idx, n_hist, lp_kept, lp_lower_kept, old_bo, has_any):
        num = 1.0 - np.bincount(hist_idx, weights=10.0 ** lp_kept, minlength=n_hist)
        den = 1.0 - np.bincount(hist_idx, weights=10.0 ** lp_lower_kept, minlength=n_hist)
        ok = (num > 1e-6) & (den > 1e-6)
        new = np.where(ok, np.log10(np.where(ok, num, 1.0) / np.where(ok, den, 1.0)), old_bo)
        return np.where(has_any, new, 0.0), int((~ok & has_any).sum())

    # unigram histories, bigram level
    has_b = np.bincount(B[b_keep, 0], minlength=V) > 0
    bo1_new, bad1 = renorm(B[b_keep, 0], V, blp[b_keep], lp1[B[b_keep, 1]], bo1, has_b)
    # sanity: same formula on the unpruned model reproduces the stored backoffs
    all_b = np.bincount(B[:, 0], minlength=V) > 0
    bo1_chk, _ = renorm(B[:, 0], V, blp, lp1[B[:, 1]], bo1, all_b)
    # bigram histories, trigram level, with the pruned bigram model underneath
    lp_bi_new = np.where((i_vw >= 0) & b_keep[np.maximum(i_vw, 0)], blp[np.maximum(i_vw, 0)],
                         bo1_new[T[:, 1]] + lp1[T[:, 2]])
    has_t = np.bincount(i_uv[t_keep], minlength=len(B)) > 0
    bbo_new, bad2 = renorm(i_uv[t_keep], len(B), tlp[t_keep], lp_bi_new[t_keep], bbo, has_t)
    all_t = np.bincount(i_uv, minlength=len(B)) > 0
    bbo_chk, _ = renorm(i_uv, len(B), tlp, lp_bi, bbo, all_t)
    m1 = all_b & (bo1 != 0); m2 = all_t
    print("backoff check (unpruned, recomputed vs stored): unigram median |d| %.4f p99 %.4f; "
          "bigram median |d| %.4f p99 %.4f" % (
              np.median(np.abs(bo1_chk - bo1)[m1]), np.percentile(np.abs(bo1_chk - bo1)[m1], 99),
              np.median(np.abs(bbo_chk - bbo)[m2]), np.percentile(np.abs(bbo_chk - bbo)[m2], 99)))
    print("histories whose backoff kept the stored value (sum >= 1): %d uni, %d bi" % (bad1, bad2))
    print("theta %g: kept unigrams %d, bigrams %d / %d (%d as trigram histories), trigrams %d / %d" % (
        a.theta, V, b_keep.sum(), len(B), (b_needed & ~(b_score >= a.theta)).sum(), t_keep.sum(), len(T)))

    # ---- collocation check
    bidx = {}
    for q in a.check.split(","):
        toks = q.split()
        if any(t not in ids for t in toks):
            print("  %-22s not in vocabulary" % q); continue
        t = [ids[x] for x in toks]
        if len(t) == 2:
            i = bigram_index(np.array([t[0]]), np.array([t[1]]))[0]
            if i < 0:
                print("  %-22s absent (backoff %.3f)" % (q, bo1[t[0]] + lp1[t[1]]))
            else:
                print("  %-22s present %.3f -> %s (score %.2e; backoff est. %.3f)" % (
                    q, blp[i], "KEPT" if b_keep[i] else "pruned", b_score[i], b_est[i]))
        elif len(t) == 3:
            m = np.nonzero((T[:, 0] == t[0]) & (T[:, 1] == t[1]) & (T[:, 2] == t[2]))[0]
            if len(m) == 0:
                print("  %-22s absent" % q)
            else:
                i = m[0]
                print("  %-22s present %.3f -> %s (score %.2e; backoff est. %.3f)" % (
                    q, tlp[i], "KEPT" if t_keep[i] else "pruned", t_score[i], t_est[i]))
    if a.no_write:
        return

    lines = []
    for i in range(V):
        lines.append((vocab[i], lp1[i], bo1_new[i]))
    for i in np.nonzero(b_keep)[0]:
        lines.append((vocab[B[i, 0]] + " " + vocab[B[i, 1]], blp[i], bbo_new[i]))
    for i in np.nonzero(t_keep)[0]:
        lines.append((vocab[T[i, 0]] + " " + vocab[T[i, 1]] + " " + vocab[T[i, 2]], tlp[i], 0.0))
    lines.sort(key=lambda r: r[0].encode("utf-8"))
    text = "".join("%s\t%s\t%s\n" % (k, fmt(p), fmt(b)) for k, p, b in lines).encode("utf-8")
    path = os.path.join(a.out, "ngrams.tsv.xz")
    with open(path, "wb") as f:
        f.write(lzma.compress(text, format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC64,
                              preset=9 | lzma.PRESET_EXTREME))
    print("wrote %s: %d lines, %d bytes raw, %d bytes xz" % (path, len(lines), len(text), os.path.getsize(path)))


if __name__ == "__main__":
    main()
