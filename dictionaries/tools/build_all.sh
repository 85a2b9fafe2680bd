#!/usr/bin/env bash
# Regenerate dictionaries/{words,names,ngrams}.tsv.xz from the raw sources fetched by fetch.sh.
#   usage: dictionaries/tools/build_all.sh [RAW]      (about 3 minutes on 2 cores)
set -euo pipefail
RAW=${1:-/work/raw}
HERE=$(cd "$(dirname "$0")" && pwd)
[ -s "$RAW/sphinx/cmu_lm_3grams.tsv" ] || { mkdir -p "$RAW/sphinx"; python3 "${SPHINX_DUMP:-/work/shared/tools/sphinx_lm_dump.py}" \
    "$RAW/whl/pocketsphinx/pocketsphinx/model/en-us/en-us.lm.bin" "$RAW/sphinx"; }
python3 "$HERE/build_words.py" --raw "$RAW"
python3 "$HERE/build_ngrams.py" --raw "$RAW"
(cd "$HERE/.." && sha256sum words.tsv.xz names.tsv.xz ngrams.tsv.xz)
