//! Micro-benchmarks of the coder's hot paths on the sample week of wire
//! stories (examples/news/week.jsonl): tokenizing sentences, the lexical
//! pass that finds actors, agents and verbs (a parse), and whole-sentence
//! coding with verb patterns. With the reference data present the Phoenix
//! dictionaries are measured too, else only dyad's bundled ones.
//!
//! `cargo bench -p dyad-coder` (figures in docs/performance.md).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dyad_coder::Coder;
use std::hint::black_box;
use std::sync::Arc;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SAMPLE: &str = include_str!("../../../examples/news/week.jsonl");

fn sentences() -> Vec<String> {
    SAMPLE
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .flat_map(|text| {
            dyad_text::split_sentences(&text)
                .into_iter()
                .map(|(a, b)| text[a..b].to_string())
                .collect::<Vec<_>>()
        })
        .collect()
}

fn coders() -> Vec<(&'static str, Coder)> {
    let mut out = vec![(
        "bundled",
        Coder::new(Arc::new(
            dyad_dict::bundled().expect("bundled dictionaries").0,
        )),
    )];
    if let Some(dir) = dyad_testdata::shared_dir() {
        let ini = dir.join("data/dictionaries/phoenix/PETR1_config.ini");
        if let Ok((d, _)) = dyad_dict::load(&ini, Default::default()) {
            out.push(("phoenix", Coder::new(Arc::new(d))));
        }
    }
    out
}

fn benches(c: &mut Criterion) {
    let sentences = sentences();
    let mut g = c.benchmark_group("sentences");
    g.throughput(Throughput::Elements(sentences.len() as u64));
    g.bench_function("tokenize", |b| {
        b.iter(|| {
            for s in &sentences {
                black_box(dyad_text::tokenize(s));
            }
        })
    });
    let date = dyad_model::parse_date("2026-11-16");
    for (name, coder) in coders() {
        let opts = coder.dictionaries().options.clone();
        g.bench_function(format!("parse (actor and verb matching), {name}"), |b| {
            b.iter(|| {
                for s in &sentences {
                    black_box(coder.parse(s, date, &opts));
                }
            })
        });
        g.bench_function(format!("code (parse and verb patterns), {name}"), |b| {
            b.iter(|| {
                for s in &sentences {
                    black_box(coder.code_sentence(s, date, &opts, None));
                }
            })
        });
    }
    g.finish();
}

criterion_group! {
    name = coder;
    config = Criterion::default().sample_size(20);
    targets = benches
}
criterion_main!(coder);
