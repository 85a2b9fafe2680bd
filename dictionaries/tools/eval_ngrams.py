#!/usr/bin/env python3
"""Average log10 probability per token of text files under an ngrams.tsv(.xz) backoff model.
   usage: eval_ngrams.py MODEL.tsv[.xz] TEXT...   (tokens: lower-case [a-z'] runs, one <s>..</s> per line)"""
import lzma, re, sys
model = {}
op = lzma.open if sys.argv[1].endswith(".xz") else open
with op(sys.argv[1], "rt", encoding="utf-8") as f:
    for line in f:
        k, p, b = line.rstrip("\n").split("\t")
        model[k] = (float(p), float(b))

def lp(ctx, w):
    if ctx:
        k = " ".join(ctx + [w])
        if k in model:
            return model[k][0]
        bo = model.get(" ".join(ctx), (0.0, 0.0))[1]
        return bo + lp(ctx[1:], w)
    return model.get(w, model.get("<unk>", (-7.0, 0.0)))[0]

tot = n = oov = 0
for fn in sys.argv[2:]:
    for line in open(fn, encoding="utf-8"):
        toks = [t for t in re.findall(r"[a-z]+(?:'[a-z]+)*", line.lower())]
        if not toks:
            continue
        seq = ["<s>"] + toks + ["</s>"]
        for i in range(1, len(seq)):
            if seq[i] not in model:
                oov += 1; continue
            tot += lp([t for t in seq[max(0, i - 2):i] if t in model], seq[i]); n += 1
print("tokens %d  oov %d  avg log10p %.4f  perplexity %.1f" % (n, oov, tot / n, 10 ** (-tot / n)))
