//! Matcher throughput (`Throughput::Bytes`) with the shipped lexicons and, when it
//! has been generated (`python3 scripts/lexicon_import.py big`), the big lexicon in
//! target/big-lexicon (12,923 entries, 37,500 phrases); on the real livecareer dump
//! when `../shared/data` is present, else the hand-written samples, cycled to ~1 MB.
//! Also the time to load and compile each lexicon.

use std::path::Path;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use skillmine::extract::Extractor;
use skillmine::ingest::Resume;
use skillmine::lexicon::Lexicon;
use skillmine::matcher::SkillMatcher;
use skillmine::normalize::normalize;

fn sample_texts() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let livecareer = root.join("../shared/data/livecareer_resumes/txt/HEALTHCARE");
    let dir = if livecareer.is_dir() {
        livecareer
    } else {
        root.join("corpus-samples/PHLEBOTOMIST")
    };
    let mut texts: Vec<String> = std::fs::read_dir(&dir)
        .expect("sample directory")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .map(|t| normalize(&t))
        .collect();
    texts.sort();
    let mut cycled = Vec::new();
    let mut bytes = 0;
    while bytes < 1_000_000 && !texts.is_empty() {
        for t in &texts {
            bytes += t.len();
            cycled.push(t.clone());
        }
    }
    cycled
}

fn bench_matcher(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lexicon = Arc::new(Lexicon::load_dir(&root.join("lexicons")).expect("lexicons"));
    let matcher = SkillMatcher::new(&lexicon).expect("matcher");
    let extractor = Extractor::new(lexicon.clone()).expect("extractor");
    let texts = sample_texts();
    let bytes: usize = texts.iter().map(String::len).sum();
    let resumes: Vec<Resume> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Resume {
            id: i.to_string(),
            occupation: "X".into(),
            text: t.clone(),
            salary: None,
            origin: String::new(),
        })
        .collect();

    let mut group = c.benchmark_group("shipped_lexicon");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("matcher_find", |b| {
        b.iter(|| texts.iter().map(|t| matcher.find(t).len()).sum::<usize>())
    });
    group.bench_function("extract_resume", |b| {
        b.iter(|| {
            resumes
                .iter()
                .map(|r| extractor.extract(r).entries.len())
                .sum::<usize>()
        })
    });
    group.finish();

    c.bench_function("lexicon_load_and_compile", |b| {
        b.iter(|| {
            let lexicon = Lexicon::load_dir(&root.join("lexicons")).expect("lexicons");
            SkillMatcher::new(&lexicon).expect("matcher")
        })
    });

    let big = root.join("target/big-lexicon");
    if !big.join("big.tsv").is_file() {
        eprintln!(
            "big lexicon benchmarks skipped: run `python3 scripts/lexicon_import.py big` first"
        );
        return;
    }
    let big_lexicon = Lexicon::load_dir(&big).expect("big lexicon");
    let big_matcher = SkillMatcher::new(&big_lexicon).expect("big matcher");
    let mut group = c.benchmark_group("big_lexicon");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("matcher_find", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| big_matcher.find(t).len())
                .sum::<usize>()
        })
    });
    group.finish();
    let mut group = c.benchmark_group("big_lexicon_build");
    group.sample_size(10);
    group.bench_function("load_and_compile", |b| {
        b.iter(|| {
            let lexicon = Lexicon::load_dir(&big).expect("big lexicon");
            SkillMatcher::new(&lexicon).expect("matcher")
        })
    });
    group.finish();
}

criterion_group!(benches, bench_matcher);
criterion_main!(benches);
