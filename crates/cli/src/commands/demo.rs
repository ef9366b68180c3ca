//! `dyad demo`: the main job end to end on the sample week of wire stories
//! compiled into the binary (examples/news/week.jsonl): code them with the
//! bundled dictionaries, write the events, store them, and print a summary
//! an analyst can read (events by quad class, top dyads, sample events with
//! the words that produced them) and where everything went.

use crate::commands::code::{DictionaryArgs, RunArgs, code_record};
use crate::documents::{Record, RecordError, document_from_json};
use crate::pipeline::ordered_map;
use anyhow::{Context, Result};
use dyad_analysis::export::{EventFormat, EventWriter};
use dyad_model::{Document, Event, QuadClass, country_key, is_null_actor};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

/// The sample: a week of invented wire stories written for dyad.
const SAMPLE: &str = include_str!("../../../../examples/news/week.jsonl");
const SAMPLE_NAME: &str = "examples/news/week.jsonl";

#[derive(clap::Args)]
pub struct Args {
    /// Directory for the outputs (events.jsonl and dyad.db); created if missing.
    #[arg(long, default_value = "dyad-demo")]
    output: PathBuf,
    #[command(flatten)]
    dictionaries: DictionaryArgs,
    #[command(flatten)]
    run: RunArgs,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let started = std::time::Instant::now();
    let (coder, dict_name) = args.dictionaries.coder()?;
    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("creating {}", args.output.display()))?;
    let events_path = args.output.join("events.jsonl");
    let db_path = args.output.join("dyad.db");

    let records: Vec<Result<Record, RecordError>> = SAMPLE
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, line)| {
            let place = format!("{SAMPLE_NAME}:{}", i + 1);
            document_from_json(line)
                .map(|document| Record {
                    document,
                    place: place.clone(),
                })
                .map_err(|message| RecordError { place, message })
        })
        .collect();
    let mut coded: Vec<(Document, Vec<Event>)> = Vec::new();
    let mut sentences = 0usize;
    ordered_map(
        records.into_iter(),
        args.run.threads(),
        8,
        |batch: Vec<Result<Record, RecordError>>| {
            batch
                .into_iter()
                .map(|r| code_record(&coder, r))
                .collect::<Vec<_>>()
        },
        |outcomes| {
            for outcome in outcomes {
                let (record, doc) = outcome.map_err(|e| anyhow::anyhow!("{e}"))?;
                sentences += doc.sentences.len();
                coded.push((record.document, doc.events));
            }
            Ok(())
        },
    )?;

    let file = std::fs::File::create(&events_path)
        .with_context(|| format!("creating {}", events_path.display()))?;
    let mut writer = EventWriter::new(EventFormat::Jsonl, std::io::BufWriter::new(file))?;
    for (_, events) in &coded {
        for e in events {
            writer.write(e)?;
        }
    }
    writer.finish()?;

    let fingerprint = coder.dictionaries().fingerprint();
    // a fresh store each run, so the demo can be repeated
    for suffix in ["", "-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{suffix}", db_path.display()));
        if p.exists() {
            std::fs::remove_file(&p).with_context(|| format!("removing {}", p.display()))?;
        }
    }
    let mut store = dyad_store::Store::open(&db_path)?;
    store.register_dictionary_version(&fingerprint, &dict_name)?;
    store.ingest_batch(&coded, &fingerprint)?;
    store.flush_rollups()?;
    drop(store);

    let events: Vec<&Event> = coded.iter().flat_map(|(_, e)| e.iter()).collect();
    print_summary(&coded, &events, sentences);
    println!();
    println!(
        "Coded {} documents ({} sentences) into {} events with {} in {:.2} s.",
        coded.len(),
        sentences,
        events.len(),
        dict_name,
        started.elapsed().as_secs_f64()
    );
    println!(
        "  events (JSON Lines, with provenance): {}",
        events_path.display()
    );
    println!(
        "  event store (SQLite):                 {}",
        db_path.display()
    );
    println!();
    println!("Next:");
    println!(
        "  dyad query dyad PRK RUS --db {} --by day   # the North Korea-Russia series",
        db_path.display()
    );
    println!(
        "  dyad serve --db {}                          # the browser workbench",
        db_path.display()
    );
    println!("  dyad explain \"North Korea sent troops to Russia.\"   # how a sentence is coded");
    Ok(ExitCode::SUCCESS)
}

fn print_summary(coded: &[(Document, Vec<Event>)], events: &[&Event], sentences: usize) {
    let (from, to) = (
        coded.iter().filter_map(|(d, _)| d.date).min(),
        coded.iter().filter_map(|(d, _)| d.date).max(),
    );
    println!(
        "dyad demo: {} wire stories, {} sentences{}",
        coded.len(),
        sentences,
        match (from, to) {
            (Some(a), Some(b)) => format!(", {a} to {b}"),
            _ => String::new(),
        }
    );
    println!();
    println!("Events by quad class");
    let mut by_quad: BTreeMap<u8, usize> = BTreeMap::new();
    for e in events {
        if let Some(q) = e.quad_class {
            *by_quad.entry(q.number()).or_default() += 1;
        }
    }
    for q in QuadClass::ALL {
        let n = by_quad.get(&q.number()).copied().unwrap_or(0);
        println!("  {:<22} {:>5}  {}", q.label(), n, bar(n, events.len()));
    }
    println!();
    println!("Top dyads (source country → target country)");
    println!("  {:<16} {:>6} {:>14}", "dyad", "events", "mean Goldstein");
    let mut dyads: BTreeMap<(String, String), (usize, f64)> = BTreeMap::new();
    for e in events {
        if is_null_actor(&e.source) || is_null_actor(&e.target) {
            continue;
        }
        let key = (
            country_key(&e.source).to_string(),
            country_key(&e.target).to_string(),
        );
        let entry = dyads.entry(key).or_default();
        entry.0 += 1;
        entry.1 += e.goldstein.unwrap_or(0.0);
    }
    let mut top: Vec<_> = dyads.into_iter().collect();
    top.sort_by(|a, b| b.1.0.cmp(&a.1.0).then_with(|| a.0.cmp(&b.0)));
    for ((s, t), (n, g)) in top.iter().take(10) {
        println!(
            "  {:<16} {:>6} {:>14.1}",
            format!("{s} → {t}"),
            n,
            g / *n as f64
        );
    }
    println!();
    println!("Sample events, with the words that produced them");
    let mut shown = 0;
    let mut seen_roots = std::collections::HashSet::new();
    for e in events {
        if shown == 5 {
            break;
        }
        if is_null_actor(&e.source) || is_null_actor(&e.target) {
            continue;
        }
        if !seen_roots.insert(e.root_code.clone()) {
            continue;
        }
        shown += 1;
        let name = dyad_model::lookup(&e.code).map_or("", |c| c.name);
        println!(
            "  {}  {} → {}  {} {}",
            e.date.map(|d| d.to_string()).unwrap_or_default(),
            e.source,
            e.target,
            e.code,
            name
        );
        println!("      {}", marked(e));
        println!("      rule {} {}", e.rule, e.rule.text);
    }
}

/// The sentence with the source and target in «» and the verb in [].
fn marked(e: &Event) -> String {
    let mut marks: Vec<(usize, &str)> = Vec::new();
    for (span, open, close) in [
        (e.source_span, "«", "»"),
        (e.target_span, "«", "»"),
        (e.verb_span, "[", "]"),
    ] {
        if let Some(s) = span
            && s.end <= e.sentence.len()
            && e.sentence.is_char_boundary(s.start)
            && e.sentence.is_char_boundary(s.end)
        {
            marks.push((s.start, open));
            marks.push((s.end, close));
        }
    }
    // closing marks before opening ones at the same offset
    marks.sort_by_key(|&(at, m)| (at, m != "»" && m != "]"));
    let mut out = String::with_capacity(e.sentence.len() + 12);
    let mut last = 0;
    for (at, m) in marks {
        if at < last {
            continue;
        }
        out.push_str(&e.sentence[last..at]);
        out.push_str(m);
        last = at;
    }
    out.push_str(&e.sentence[last..]);
    out
}

fn bar(n: usize, total: usize) -> String {
    if total == 0 {
        return String::new();
    }
    "█".repeat((n * 40).div_ceil(total.max(1)).min(40))
}
