//! Start-up cost and throughput of the whole pipeline.
//!
//! `cargo bench --bench throughput` reports:
//! * `startup`: building an [`Engine`] (embedded fst maps are used in place).
//! * `seeds`: analysing + cleaning all shipped seed articles, as MB/s.
//! * `seeds_x20`: the same text repeated, to see per-byte cost without
//!   per-document overhead.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use unspin::document::Document;
use unspin::{Engine, Options};

fn seed_texts() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    paths.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect()
}

fn bench(c: &mut Criterion) {
    c.bench_function("startup", |b| b.iter(|| black_box(Engine::new(Options::default()).unwrap())));

    let engine = Engine::new(Options::default()).unwrap();
    let texts = seed_texts();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut g = c.benchmark_group("clean");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("seeds", |b| {
        b.iter(|| {
            for t in &texts {
                let doc = Document::new("s", t.clone());
                black_box(engine.analyze(&doc).cleaned(&doc.text));
            }
        })
    });
    let big = texts.concat().repeat(20);
    g.throughput(Throughput::Bytes(big.len() as u64));
    g.sample_size(10);
    g.bench_function("seeds_x20", |b| {
        b.iter(|| {
            let doc = Document::new("s", big.clone());
            black_box(engine.analyze(&doc).cleaned(&doc.text));
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
