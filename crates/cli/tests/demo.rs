//! `dyad demo` end to end: codes the bundled sample, writes the events and the
//! store, and prints a summary with the sample's main dyad.

use std::process::Command;

#[test]
fn demo_codes_the_sample_week_and_says_where_the_output_went() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    let run = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["demo", "--output"])
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(stdout.contains("Events by quad class"), "{stdout}");
    assert!(
        stdout.contains("PRK → RUS"),
        "the sample's North Korea-Russia dyad: {stdout}"
    );
    assert!(stdout.contains(&out.join("events.jsonl").display().to_string()));
    let events = std::fs::read_to_string(out.join("events.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = events
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines.len() >= 50, "{} events", lines.len());
    for field in ["doc_id", "source", "target", "code", "sentence", "rule"] {
        assert!(lines[0].get(field).is_some(), "events carry {field}");
    }
    // the store holds the same events, and a second run replaces it
    let again = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["demo", "--quiet", "--output"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(again.status.success());
    let query = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["query", "events", "--format", "jsonl", "--db"])
        .arg(out.join("dyad.db"))
        .output()
        .unwrap();
    assert!(
        query.status.success(),
        "{}",
        String::from_utf8_lossy(&query.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&query.stdout).lines().count(),
        lines.len()
    );
}
