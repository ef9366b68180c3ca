//! Crash safety of `dyad ingest`: a child ingest is killed with SIGKILL in the
//! middle of a large input; the database must reopen consistent (SQLite's
//! integrity check, the daily aggregate equal to a recomputation from raw
//! events, every document whole) with every batch the child reported as
//! committed present; running the same ingest again completes it.

use dyad_model::{Date, Event, RuleRef};
use dyad_store::{EventFilter, Store, StoreError, View};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const DOCUMENTS: usize = 40_000;
const EVENTS_PER_DOCUMENT: usize = 3;
const BATCH: usize = 3_000;

fn write_input(path: &std::path::Path) {
    let countries = ["USA", "CHN", "RUS", "PRK", "KOR", "IRN", "ISR", "UKR"];
    let codes = ["042", "190", "057", "111", "036", "173"];
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let start = Date::from_ymd_opt(2024, 1, 1).unwrap();
    for d in 0..DOCUMENTS {
        for i in 0..EVENTS_PER_DOCUMENT {
            let source = countries[(d + i) % countries.len()];
            let target = countries[(d * 3 + i + 1) % countries.len()];
            let mut event = Event {
                doc_id: format!("doc-{d:06}"),
                sentence_index: i as u32,
                date: Some(start + chrono::Duration::days((d % 200) as i64)),
                source: format!("{source}GOV"),
                target: target.to_string(),
                code: codes[(d + 2 * i) % codes.len()].to_string(),
                root_code: None,
                quad_class: None,
                goldstein: None,
                plover: None,
                source_text: source.to_string(),
                target_text: target.to_string(),
                verb_text: "met".to_string(),
                sentence: format!("Sentence {i} of document {d}: {source} and {target} met."),
                source_span: None,
                target_span: None,
                verb_span: None,
                sentence_start: i * 60,
                rule: RuleRef {
                    file: "verbs".into(),
                    line: 1,
                    text: "MET".into(),
                },
                issues: Vec::new(),
            };
            event.fill_code_facts();
            serde_json::to_writer(&mut out, &event).unwrap();
            out.write_all(b"\n").unwrap();
        }
    }
    out.flush().unwrap();
}

fn ingest(input: &std::path::Path, db: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dyad"));
    command
        .arg("ingest")
        .arg("--events")
        .arg(input)
        .arg("--db")
        .arg(db)
        .arg("--batch")
        .arg(BATCH.to_string())
        .arg("--progress");
    command
}

/// Checks everything a reader relies on; returns the number of events per document.
fn check_consistent(db: &std::path::Path) -> HashMap<String, usize> {
    let store = Store::open_existing(db).expect("the killed store reopens");
    assert_eq!(store.integrity_problems().unwrap(), Vec::<String>::new());
    let differences = store.aggregate_differences().unwrap();
    assert!(differences.is_empty(), "aggregate differs: {differences:?}");
    let mut per_document: HashMap<String, usize> = HashMap::new();
    store
        .for_each_event(
            &EventFilter::default(),
            View::Raw,
            |e| -> Result<(), StoreError> {
                *per_document.entry(e.event.doc_id).or_default() += 1;
                Ok(())
            },
        )
        .unwrap();
    for (doc, n) in &per_document {
        assert_eq!(*n, EVENTS_PER_DOCUMENT, "document {doc} is partly stored");
    }
    assert_eq!(
        store.counts().unwrap().documents as usize,
        per_document.len()
    );
    per_document
}

#[test]
fn sigkill_mid_ingest_loses_no_committed_batch_and_rerun_completes() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("events.jsonl");
    let db = dir.path().join("crash.db");
    write_input(&input);

    let mut child = ingest(&input, &db)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut committed_through: Option<String> = None;
    let mut committed_batches = 0;
    let started = Instant::now();
    for line in BufReader::new(stderr).lines() {
        let line = line.unwrap();
        if let Some(rest) = line.strip_prefix("dyad: committed batch ") {
            committed_batches += 1;
            committed_through = rest.rsplit(' ').next().map(String::from);
            // Kill somewhere inside the run: after a few commits, mid-batch.
            if committed_batches == 4 {
                std::thread::sleep(Duration::from_millis(40));
                child.kill().unwrap(); // SIGKILL on Unix
                break;
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "ingest made no progress"
        );
    }
    let status = child.wait().unwrap();
    assert!(
        !status.success(),
        "the ingest was meant to be killed before finishing"
    );
    let through = committed_through.expect("the child reported committed batches");

    let stored = check_consistent(&db);
    // Every document up to the last reported commit is there (ids are in input order).
    let expected: usize = through.trim_start_matches("doc-").parse::<usize>().unwrap() + 1;
    for d in 0..expected {
        assert!(
            stored.contains_key(&format!("doc-{d:06}")),
            "committed document doc-{d:06} lost"
        );
    }
    assert!(
        stored.len() < DOCUMENTS,
        "the kill came too late to test anything"
    );

    // Running the same ingest again completes the store, replacing rather than duplicating.
    let output = ingest(&input, &db).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stored = check_consistent(&db);
    assert_eq!(stored.len(), DOCUMENTS);
}
