//! OCR-noise simulator and evaluation harness (bench code, not shipped).
//!
//! Corrupts clean prose the way OCR engines do, runs unspin over it and
//! measures word errors before and after plus the share of correct words
//! unspin breaks.
//!
//! ```text
//! cargo run --release --example ocr_eval -- [--noise 0.08] [--seed 7] [--write DIR] FILE_OR_DIR...
//! ```
//!
//! Noise model (per word of letters, probability `--noise` that it is hit):
//! 60 % one shape confusion from the channel table (intended → printed,
//! chosen with weight 10^−cost, so rn/m and c/e dominate as in the
//! literature), 15 % two confusions, 10 % a generic letter edit (substitute,
//! drop, double), 10 % the following space dropped ("thewar"), 5 % a space
//! inserted inside the word ("infor mation"). Line breaks, numbers and
//! punctuation are left as they are, so every error is one unspin may fix.
//! The confusion half of the model uses the same table the corrector uses,
//! so it measures the search and the ranking, not the table; the generic
//! edits and the space errors are independent of it.

use std::path::{Path, PathBuf};

use unspin::detect::ocr::CONFUSIONS;
use unspin::{Engine, Options};

/// splitmix64: a tiny deterministic generator (no dependency needed).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One shape confusion applied to a lower-case-ish word, if any applies.
fn confuse(word: &str, rng: &mut Rng) -> Option<String> {
    let mut sites: Vec<(usize, &str, &str, f64)> = Vec::new();
    for &(printed, intended, cost) in CONFUSIONS {
        if printed.chars().any(|c| c.is_ascii_digit()) {
            continue; // digits-for-letters are rare in running text; keep the test on letters
        }
        for (p, _) in word.match_indices(intended) {
            // Case-sensitive printed forms ("U" for "ll") only inside a word.
            if printed.chars().any(char::is_uppercase) && p == 0 {
                continue;
            }
            sites.push((p, intended, printed, 10f64.powf(-cost)));
        }
    }
    let total: f64 = sites.iter().map(|s| s.3).sum();
    if total == 0.0 {
        return None;
    }
    let mut x = rng.unit() * total;
    for (p, intended, printed, w) in sites {
        if x < w {
            return Some(format!("{}{}{}", &word[..p], printed, &word[p + intended.len()..]));
        }
        x -= w;
    }
    None
}

fn generic(word: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = word.chars().collect();
    let i = rng.below(chars.len());
    let mut out: Vec<char> = chars.clone();
    match rng.below(3) {
        0 => out[i] = (b'a' + rng.below(26) as u8) as char,
        1 if chars.len() > 3 => {
            out.remove(i);
        }
        _ => out.insert(i, chars[i]),
    }
    out.into_iter().collect()
}

/// Corrupts one line; returns the noisy line.
fn corrupt_line(line: &str, noise: f64, rng: &mut Rng) -> String {
    let words: Vec<&str> = line.split(' ').collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut glue_next = false;
    for full in words.iter() {
        // Corrupt the letters of a word; keep trailing punctuation ("said,").
        let core_end = full.find(|c: char| !c.is_ascii_lowercase()).unwrap_or(full.len());
        let (w, tail) = full.split_at(core_end);
        let letters = w.len() >= 2 && tail.chars().all(|c| c.is_ascii_punctuation());
        let mut cur = w.to_string();
        let mut glue = false;
        if letters && rng.unit() < noise {
            let r = rng.unit();
            cur = if r < 0.60 {
                confuse(w, rng).unwrap_or_else(|| generic(w, rng))
            } else if r < 0.75 {
                let once = confuse(w, rng).unwrap_or_else(|| generic(w, rng));
                confuse(&once, rng).unwrap_or(once)
            } else if r < 0.85 {
                generic(w, rng)
            } else if r < 0.95 && tail.is_empty() {
                glue = true;
                cur
            } else if w.len() >= 6 {
                let k = 2 + rng.below(w.len() - 4);
                format!("{} {}", &w[..k], &w[k..])
            } else {
                generic(w, rng)
            };
        }
        cur.push_str(tail);
        if glue_next {
            if let Some(last) = out.last_mut() {
                last.push_str(&cur);
            } else {
                out.push(cur);
            }
        } else {
            out.push(cur);
        }
        glue_next = glue;
    }
    out.join(" ")
}

/// Indices of `gold` words matched (in order) by `words`: an LCS alignment.
fn matched(words: &[&str], gold: &[&str]) -> Vec<bool> {
    let (n, m) = (words.len(), gold.len());
    let mut dp = vec![0u32; (n + 1) * (m + 1)];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            dp[i * (m + 1) + j] = if words[i] == gold[j] {
                dp[(i + 1) * (m + 1) + j + 1] + 1
            } else {
                dp[(i + 1) * (m + 1) + j].max(dp[i * (m + 1) + j + 1])
            };
        }
    }
    let mut ok = vec![false; m];
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if words[i] == gold[j] {
            ok[j] = true;
            i += 1;
            j += 1;
        } else if dp[(i + 1) * (m + 1) + j] >= dp[i * (m + 1) + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    ok
}

fn files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut v: Vec<PathBuf> = std::fs::read_dir(p)
                .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()).collect())
                .unwrap_or_default();
            v.sort();
            out.extend(v);
        } else {
            out.push(p.to_path_buf());
        }
    }
    out
}

fn main() -> anyhow::Result<()> {
    let mut noise = 0.08;
    let mut seed = 7u64;
    let mut paths = Vec::new();
    let mut write: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--noise" => noise = args.next().unwrap_or_default().parse()?,
            "--seed" => seed = args.next().unwrap_or_default().parse()?,
            "--write" => write = args.next().map(PathBuf::from),
            _ => paths.push(PathBuf::from(a)),
        }
    }
    if paths.is_empty() {
        paths.push(Path::new("seeds").to_path_buf());
    }
    let engine = Engine::new(Options::default())?;
    let mut rng = Rng(seed);
    let (mut total, mut err_in, mut err_out, mut fixed, mut broken, mut bytes) = (0, 0, 0, 0, 0, 0);
    let started = std::time::Instant::now();
    let mut elapsed = std::time::Duration::ZERO;
    for f in files(&paths) {
        let Ok(clean) = std::fs::read_to_string(&f) else { continue };
        let noisy: String = clean.split('\n').map(|l| corrupt_line(l, noise, &mut rng)).collect::<Vec<_>>().join("\n");
        if let (Some(dir), Some(name)) = (&write, f.file_name()) {
            std::fs::create_dir_all(dir)?;
            std::fs::write(dir.join(name), &noisy)?;
        }
        let t = std::time::Instant::now();
        let out = engine.clean_str(&noisy);
        elapsed += t.elapsed();
        bytes += noisy.len();
        for ((g, i), o) in clean.split('\n').zip(noisy.split('\n')).zip(out.split('\n')) {
            let gw: Vec<&str> = g.split_whitespace().collect();
            let iw: Vec<&str> = i.split_whitespace().collect();
            let ow: Vec<&str> = o.split_whitespace().collect();
            let (mi, mo) = (matched(&iw, &gw), matched(&ow, &gw));
            total += gw.len();
            for k in 0..gw.len() {
                err_in += usize::from(!mi[k]);
                err_out += usize::from(!mo[k]);
                fixed += usize::from(!mi[k] && mo[k]);
                broken += usize::from(mi[k] && !mo[k]);
            }
        }
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    println!(
        "noise {noise}: {total} words, WER {:.2}% -> {:.2}% (errors reduced {:.1}%), fixed {:.1}% of errors, \
         correct words broken {:.2}%; {:.2} MB/s ({:.1} s total)",
        pct(err_in, total),
        pct(err_out, total),
        100.0 * (err_in as f64 - err_out as f64) / err_in.max(1) as f64,
        pct(fixed, err_in),
        pct(broken, total - err_in),
        bytes as f64 / 1e6 / elapsed.as_secs_f64().max(1e-9),
        started.elapsed().as_secs_f64(),
    );
    Ok(())
}
