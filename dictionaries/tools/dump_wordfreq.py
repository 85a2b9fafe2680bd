#!/usr/bin/env python3
"""Print wordfreq 3.1.1 get_frequency_dict('en', 'large') as "word<TAB>zipf" (zipf = log10(p)+9,
2 decimals, as wordfreq.zipf_frequency), most frequent first, ties by word.  Unfiltered."""
import math, sys
import wordfreq
d = wordfreq.get_frequency_dict("en", "large")
out = sys.stdout
for w, p in sorted(d.items(), key=lambda kv: (-kv[1], kv[0])):
    out.write("%s\t%.2f\n" % (w, math.log10(p) + 9))
