//! Compiles the text data in `dictionaries/` into `fst` maps embedded in the
//! binary, so a fresh clone needs no setup and start-up parses nothing.
//!
//! Each data file is `.tsv` or `.tsv.xz`: a key, a tab, then value columns.
//! A missing optional file yields an empty map (with a cargo warning), which
//! keeps the crate buildable while data is regenerated.

use std::collections::BTreeMap;
use std::env;
use std::fs;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

include!("src/codec.rs");
include!("src/bloom.rs");

type Parse = fn(&[&str]) -> Option<u64>;

struct Spec {
    /// File stem under dictionaries/ (".tsv.xz" or ".tsv" is tried).
    stem: &'static str,
    /// Output name in OUT_DIR.
    out: &'static str,
    /// Turns the value columns into the fst value; `None` skips the line.
    parse: Parse,
    /// Whether a missing file is an error.
    required: bool,
}

fn parse_count(cols: &[&str]) -> Option<u64> {
    cols.first().map_or(Some(1), |c| c.trim().parse().ok())
}

fn parse_ngram(cols: &[&str]) -> Option<u64> {
    let lp: f64 = cols.first()?.trim().parse().ok()?;
    let bo: f64 = cols.get(1).map_or(Some(0.0), |c| c.trim().parse().ok())?;
    Some(pack_ngram(lp, bo))
}

const SPECS: &[Spec] = &[
    Spec { stem: "words", out: "words.fst", parse: parse_count, required: false },
    Spec { stem: "names", out: "names.fst", parse: parse_count, required: false },
    Spec { stem: "ngrams", out: "ngrams.fst", parse: parse_ngram, required: false },
];

fn main() {
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let dict = Path::new("dictionaries");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/codec.rs");
    println!("cargo:rerun-if-changed=src/bloom.rs");
    println!("cargo:rerun-if-changed=dictionaries");
    for spec in SPECS {
        let text = read_data(dict, spec.stem);
        if text.is_none() && spec.required {
            panic!("dictionaries/{}.tsv(.xz) is missing", spec.stem);
        }
        if text.is_none() {
            println!("cargo:warning=dictionaries/{}.tsv(.xz) not found; embedding an empty map", spec.stem);
        }
        let map = compile(&text.unwrap_or_default(), spec.parse);
        if spec.stem == "ngrams" {
            // The LM's keys also go into a Bloom filter (see src/bloom.rs).
            use fst::Streamer;
            let fst = fst::Map::new(map.as_slice()).expect("fst just built");
            let mut bloom = BloomBuilder::new(fst.len());
            let mut keys = fst.stream();
            while let Some((key, _)) = keys.next() {
                bloom.insert(key);
            }
            fs::write(out_dir.join("ngrams.bloom"), bloom.finish()).expect("write bloom filter to OUT_DIR");
        }
        fs::write(out_dir.join(spec.out), map).expect("write fst to OUT_DIR");
    }
    for (stem, out) in BLOBS {
        let text = read_data(dict, stem).unwrap_or_default();
        let (map, blob) = compile_blob(&text);
        fs::write(out_dir.join(format!("{out}.fst")), map).expect("write fst to OUT_DIR");
        fs::write(out_dir.join(format!("{out}.txt")), blob).expect("write blob to OUT_DIR");
    }
}

/// Multi-valued data (one key, a list of values): the text is embedded as is
/// (decompressed) and an fst maps each key to the byte offset of its line, so
/// lookups parse one line and start-up parses nothing. (stem, output name).
const BLOBS: &[(&str, &str)] = &[("thesaurus", "thesaurus"), ("morphology", "morphology"), ("tortured", "tortured")];

/// Sorts `key<TAB>rest` lines by key (first line per key wins) and returns
/// (fst key → line offset, the sorted lines joined by newlines).
fn compile_blob(text: &str) -> (Vec<u8>, String) {
    let mut lines: BTreeMap<&str, &str> = BTreeMap::new();
    for line in text.lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let key = line.split('\t').next().unwrap_or_default();
        if !key.is_empty() {
            lines.entry(key).or_insert(line);
        }
    }
    let mut builder = fst::MapBuilder::memory();
    let mut blob = String::new();
    for (k, line) in lines {
        builder.insert(k, blob.len() as u64).expect("keys are sorted and unique");
        blob.push_str(line);
        blob.push('\n');
    }
    (builder.into_inner().expect("in-memory fst"), blob)
}

fn read_data(dict: &Path, stem: &str) -> Option<String> {
    let xz = dict.join(format!("{stem}.tsv.xz"));
    let plain = dict.join(format!("{stem}.tsv"));
    println!("cargo:rerun-if-changed={}", xz.display());
    println!("cargo:rerun-if-changed={}", plain.display());
    // An empty file is a file being regenerated: treat it as absent.
    if let Ok(f) = fs::File::open(&xz).and_then(|f| {
        if f.metadata()?.len() > 0 {
            Ok(f)
        } else {
            Err(std::io::ErrorKind::NotFound.into())
        }
    }) {
        let mut out = Vec::new();
        lzma_rs::xz_decompress(&mut BufReader::new(f), &mut out)
            .unwrap_or_else(|e| panic!("{}: bad xz data: {e:?}", xz.display()));
        return Some(String::from_utf8(out).unwrap_or_else(|_| panic!("{}: not UTF-8", xz.display())));
    }
    let mut s = String::new();
    fs::File::open(&plain).ok()?.read_to_string(&mut s).ok()?;
    Some(s)
}

/// Builds an fst map from `key<TAB>values…` lines. Duplicate keys keep the
/// largest value; lines starting with `#` and blank lines are skipped.
fn compile(text: &str, parse: Parse) -> Vec<u8> {
    let mut entries: BTreeMap<&str, u64> = BTreeMap::new();
    for line in text.lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cols = line.split('\t');
        let key = cols.next().unwrap_or_default();
        if key.is_empty() {
            continue;
        }
        let rest: Vec<&str> = cols.collect();
        if let Some(v) = parse(&rest) {
            let e = entries.entry(key).or_insert(v);
            *e = (*e).max(v);
        }
    }
    let mut builder = fst::MapBuilder::memory();
    for (k, v) in entries {
        builder.insert(k, v).expect("keys are sorted and unique");
    }
    builder.into_inner().expect("in-memory fst")
}
