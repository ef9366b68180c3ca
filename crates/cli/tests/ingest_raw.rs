//! `dyad ingest INPUT` codes and stores documents; `--recode` codes the
//! stored documents again with other dictionaries and replaces their events.

use std::path::Path;
use std::process::{Command, Output};

fn dyad(args: &[&str], dir: &Path) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "dyad {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn stored_events(dir: &Path) -> usize {
    let out = dyad(
        &["query", "events", "--db", "t.db", "--format", "jsonl"],
        dir,
    );
    String::from_utf8_lossy(&out.stdout).lines().count()
}

#[test]
fn ingest_codes_raw_documents_and_recode_replaces_their_events() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("news.jsonl"),
        "{\"id\":\"a\",\"date\":\"2026-11-02\",\"text\":\"Japan criticized China on Monday. China condemned Japan.\"}\n\
         {\"id\":\"b\",\"date\":\"2026-11-03\",\"text\":\"North Korea sent troops to Russia.\"}\n",
    )
    .unwrap();
    // as many events as `dyad code` writes for the same input
    let coded = dyad(&["code", "news.jsonl", "--quiet"], d);
    let n = String::from_utf8_lossy(&coded.stdout).lines().count();
    assert!(n >= 3, "{n} events coded");
    dyad(&["ingest", "news.jsonl", "--db", "t.db"], d);
    assert_eq!(stored_events(d), n);
    // idempotent
    dyad(&["ingest", "news.jsonl", "--db", "t.db"], d);
    assert_eq!(stored_events(d), n);

    // dictionaries that know only CRITICIZE: recoding leaves one event
    let dict = d.join("small");
    std::fs::create_dir(&dict).unwrap();
    std::fs::write(dict.join("small.verbs"), "CRITICIZE [111]\n").unwrap();
    std::fs::write(dict.join("small.actors"), "JAPAN [JPN]\nCHINA [CHN]\n").unwrap();
    std::fs::write(
        dict.join("small.options"),
        "SET: MINIMUM WORDS = 2\n~~~~~\n",
    )
    .unwrap();
    dyad(
        &[
            "ingest",
            "--recode",
            "--db",
            "t.db",
            "--dictionaries",
            "small",
        ],
        d,
    );
    let out = dyad(&["query", "events", "--db", "t.db", "--format", "jsonl"], d);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("\"code\":\"111\""), "{text}");
}

#[test]
fn a_bad_record_is_named_and_skipped_with_keep_going() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("news.jsonl"),
        "{\"id\":\"a\",\"text\":\"Japan criticized China.\"}\n{\"id\":\"b\"}\n",
    )
    .unwrap();
    let strict = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["ingest", "news.jsonl", "--db", "t.db"])
        .current_dir(d)
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&strict.stderr).contains("news.jsonl:2"));
    let lenient = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["ingest", "news.jsonl", "--db", "t.db", "--keep-going"])
        .current_dir(d)
        .output()
        .unwrap();
    assert_eq!(lenient.status.code(), Some(3));
    assert_eq!(stored_events(d), 1);
}
