//! End-to-end tests of the store commands: ingest, query events, query dyad,
//! network, spikes and export, and the refusal of bad databases.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn dyad(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(args)
        .output()
        .unwrap()
}

fn ok(args: &[&str]) -> String {
    let out = dyad(args);
    assert!(
        out.status.success(),
        "dyad {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn event_line(
    doc: &str,
    date: &str,
    source: &str,
    target: &str,
    code: &str,
    sentence_index: u32,
) -> String {
    let mut event = dyad_model::Event {
        doc_id: doc.into(),
        sentence_index,
        date: dyad_model::parse_date(date),
        source: source.into(),
        target: target.into(),
        code: code.into(),
        root_code: None,
        quad_class: None,
        goldstein: None,
        plover: None,
        source_text: source.into(),
        target_text: target.into(),
        verb_text: "acted".into(),
        sentence: format!("{source} acted ({code}) towards {target}."),
        source_span: None,
        target_span: None,
        verb_span: None,
        sentence_start: 0,
        rule: dyad_model::RuleRef {
            file: "v".into(),
            line: 3,
            text: "ACT".into(),
        },
        issues: vec![],
    };
    event.fill_code_facts();
    serde_json::to_string(&event).unwrap()
}

/// A store with a quiet North Korea–Russia baseline and a burst of
/// cooperation in July, plus a repeated report for deduplication.
fn sample(dir: &Path) -> PathBuf {
    let mut lines = Vec::new();
    for day in 1..=28 {
        lines.push(event_line(
            &format!("base{day}"),
            &format!("2024-06-{day:02}"),
            "PRKGOV",
            "RUSGOV",
            "042",
            0,
        ));
    }
    for i in 0..30 {
        lines.push(event_line(
            &format!("burst{i}"),
            "2024-07-01",
            "RUSMIL",
            "PRKMIL",
            "057",
            0,
        ));
    }
    lines.push(event_line("other", "2024-07-01", "USA", "CHN", "111", 0));
    lines.push(event_line("other", "2024-07-01", "USA", "CHN", "111", 1));
    let events = dir.join("events.jsonl");
    std::fs::write(&events, lines.join("\n") + "\n").unwrap();
    let docs = dir.join("docs.jsonl");
    std::fs::write(
        &docs,
        r#"{"id":"other","date":"2024-07-01","text":"USA criticised China. Twice.","source":"Wire","url":"https://x.example/o","lang":"en"}"#.to_string() + "\n",
    )
    .unwrap();
    let db = dir.join("t.db");
    let stderr = dyad(&[
        "ingest",
        "--events",
        events.to_str().unwrap(),
        "--documents",
        docs.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ]);
    assert!(
        stderr.status.success(),
        "{}",
        String::from_utf8_lossy(&stderr.stderr)
    );
    db
}

#[test]
fn ingest_query_network_spikes_and_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample(dir.path());
    let db = db.to_str().unwrap();

    // query events: prefixes, dedupe, formats.
    let jsonl = ok(&[
        "query", "events", "--db", db, "--source", "USA", "--format", "jsonl",
    ]);
    assert_eq!(jsonl.lines().count(), 2);
    let deduped = ok(&[
        "query", "events", "--db", db, "--source", "USA", "--dedupe", "--format", "json",
    ]);
    let rows: serde_json::Value = serde_json::from_str(&deduped).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(rows[0]["mentions"], 2);
    assert_eq!(rows[0]["url"], "https://x.example/o");
    let csv = ok(&[
        "query", "events", "--db", db, "--source", "PRK", "--quad", "1", "--format", "csv",
    ]);
    assert_eq!(csv.lines().count(), 29, "header + 28 baseline events");
    let table = ok(&[
        "query", "events", "--db", db, "--code", "057", "--limit", "2",
    ]);
    assert_eq!(table.lines().count(), 4, "{table}");

    // query dyad: both directions, per month, with an SVG.
    let svg = dir.path().join("dyad.svg");
    let series = ok(&[
        "query",
        "dyad",
        "PRK",
        "RUS",
        "--db",
        db,
        "--by",
        "month",
        "--format",
        "json",
        "--svg",
        svg.to_str().unwrap(),
    ]);
    let series: serde_json::Value = serde_json::from_str(&series).unwrap();
    assert_eq!(series[0]["period"], "2024-06-01");
    assert_eq!(series[0]["events"], 28);
    assert_eq!(series[1]["events"], 30);
    assert_eq!(series[1]["material_cooperation"], 0);
    assert_eq!(series[1]["verbal_cooperation"], 30);
    assert!(std::fs::read_to_string(&svg).unwrap().starts_with("<svg"));

    // network at country level.
    let network = ok(&["network", "--db", db, "--format", "json"]);
    let network: serde_json::Value = serde_json::from_str(&network).unwrap();
    let edges = network["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 3, "{network}");
    let graphml = ok(&[
        "network",
        "--db",
        db,
        "--format",
        "graphml",
        "--min-events",
        "20",
    ]);
    assert_eq!(graphml.matches("<edge ").count(), 2);
    let gexf = ok(&[
        "network", "--db", db, "--format", "gexf", "--level", "actor",
    ]);
    assert!(gexf.contains(r#"<node id="PRKGOV""#));

    // spikes: the July burst between PRK and RUS.
    let spikes = ok(&["spikes", "--db", db, "--format", "jsonl"]);
    let first: serde_json::Value = serde_json::from_str(spikes.lines().next().unwrap()).unwrap();
    assert_eq!(
        (first["actor_a"].as_str(), first["actor_b"].as_str()),
        (Some("PRK"), Some("RUS"))
    );
    assert_eq!(first["period"], "2024-07-01");
    assert_eq!(first["count"], 30);

    // export: GDELT columns, Parquet read back.
    let gdelt = ok(&[
        "export", "--db", db, "--format", "gdelt", "--output", "-", "--source", "USA", "--dedupe",
    ]);
    let fields: Vec<&str> = gdelt.trim_end_matches('\n').split('\t').collect();
    assert_eq!(fields.len(), 61);
    assert_eq!(fields[31], "2", "NumMentions");
    assert_eq!(fields[60], "https://x.example/o");
    let parquet = dir.path().join("events.parquet");
    ok(&[
        "export",
        "--db",
        db,
        "--format",
        "parquet",
        "--output",
        parquet.to_str().unwrap(),
    ]);
    let file = std::fs::File::open(&parquet).unwrap();
    let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    let rows: usize = reader.map(|b| b.unwrap().num_rows()).sum();
    assert_eq!(rows, 60);
}

#[test]
fn reingest_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample(dir.path());
    let events = dir.path().join("events.jsonl");
    ok(&[
        "ingest",
        "--events",
        events.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ]);
    let all = ok(&[
        "query",
        "events",
        "--db",
        db.to_str().unwrap(),
        "--format",
        "jsonl",
    ]);
    assert_eq!(all.lines().count(), 60);
}

#[test]
fn bad_databases_and_inputs_are_refused_with_exit_code_1() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.db");
    std::fs::write(&text, "not a database").unwrap();
    let corrupt = dir.path().join("corrupt.db");
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend(std::iter::repeat_n(0xA5u8, 8192));
    std::fs::write(&corrupt, &bytes).unwrap();
    let missing = dir.path().join("missing.db");
    for (db, says) in [
        (&text, "not an SQLite"),
        (&corrupt, "corrupt"),
        (&missing, "no such database"),
    ] {
        for args in [
            vec!["query", "dyad", "PRK", "RUS", "--db"],
            vec!["network", "--db"],
            vec!["spikes", "--db"],
            vec!["query", "events", "--db"],
        ] {
            let mut args = args.clone();
            args.push(db.to_str().unwrap());
            let out = dyad(&args);
            assert_eq!(out.status.code(), Some(1), "{args:?}");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                stderr.contains(says) && stderr.contains(db.file_name().unwrap().to_str().unwrap()),
                "{stderr}"
            );
            assert!(!stderr.contains("panicked"), "{stderr}");
        }
    }
    assert_eq!(std::fs::read(&text).unwrap(), b"not a database");
    assert_eq!(std::fs::read(&corrupt).unwrap(), bytes);
    assert!(!missing.exists());

    // A bad event line names the file and line; earlier batches stay.
    let events = dir.path().join("bad.jsonl");
    std::fs::write(
        &events,
        event_line("a", "2024-01-01", "USA", "CHN", "042", 0) + "\n{\"doc_id\": 3}\n",
    )
    .unwrap();
    let db = dir.path().join("new.db");
    let out = dyad(&[
        "ingest",
        "--events",
        events.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
        "--batch",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.jsonl:2:"), "{stderr}");
}
