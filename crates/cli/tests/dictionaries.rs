//! End-to-end tests of `dyad dictionaries check`: a small dictionary set with
//! known faults written to a temporary directory (exit 1, each finding at its
//! file:line, JSON Lines and `--max`), strict and lenient loads of a malformed
//! set, a set with warnings only (exit 0), and the bundled defaults, which must
//! agree with their source directory; a set that cannot be read fails the
//! check without stopping the others.

use std::path::Path;
use std::process::{Command, Output};

fn dyad(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(args)
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

const VERBS: &str = "--- ATTACK [190] ---
ATTACK
- * CITY [193]
- * CITY [194]
--- PRAISE [051] ---
PRAISE
- * BASE [999]
";

const ACTORS: &str = "ISRAEL [ISR]
GAZA [PSE]
+ISRAEL
USA [USA]
USA [USA]
";

fn write_set(dir: &Path, actors: &str) {
    std::fs::write(dir.join("verbs.txt"), VERBS).unwrap();
    std::fs::write(dir.join("test.actors.txt"), actors).unwrap();
}

#[test]
fn faults_are_reported_at_their_lines_and_fail_the_check() {
    let dir = tempfile::tempdir().unwrap();
    write_set(dir.path(), ACTORS);
    let path = dir.path().to_str().unwrap();
    let out = dyad(&["dictionaries", "check", path]);
    let stdout = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    for (kind, at) in [
        ("conflicting-actor", "test.actors.txt:2: error"),
        ("duplicate-actor", "test.actors.txt:5: warning"),
        ("shadowed-pattern", "verbs.txt:4: error"),
        ("unknown-event-code", "verbs.txt:7: error"),
    ] {
        assert!(stdout.contains(&format!("\n{kind} (")), "{kind}: {stdout}");
        assert!(stdout.contains(at), "{at}: {stdout}");
    }
    assert!(
        stdout.contains("3 errors, 1 warning"),
        "summary line: {stdout}"
    );

    // JSON Lines: one object per finding, then the summary
    let out = dyad(&["dictionaries", "check", "--json", path]);
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = text(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    let conflict = &lines
        .iter()
        .find(|v| v["kind"] == "conflicting-actor")
        .unwrap();
    assert_eq!(conflict["severity"], "error");
    assert_eq!(conflict["line"], 2);
    assert!(
        conflict["file"]
            .as_str()
            .unwrap()
            .ends_with("test.actors.txt")
    );
    assert_eq!(conflict["related"]["line"], 1);
    let summary = &lines.last().unwrap()["summary"];
    assert_eq!(summary["errors"], 3);
    assert_eq!(summary["warnings"], 1);
    assert_eq!(summary["by_kind"]["unknown-event-code"], 1);

    // --max limits what is printed, not what is counted
    let out = dyad(&["dictionaries", "check", "--json", "--max", "0", path]);
    let stdout = text(&out);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.contains("\"errors\":3"), "{stdout}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn malformed_entries_refuse_the_set_unless_lenient() {
    let dir = tempfile::tempdir().unwrap();
    write_set(
        dir.path(),
        "ISRAEL [ISR]\nBROKEN [IS-R]\nUSA [USA]\nUSA [USA]\n",
    );
    let path = dir.path().to_str().unwrap();
    let out = dyad(&["dictionaries", "check", path]);
    let stdout = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("test.actors.txt:2: error: column"),
        "{stdout}"
    );
    assert!(stdout.contains("--lenient"), "{stdout}");
    assert!(!stdout.contains("duplicate-actor"), "{stdout}");

    let out = dyad(&["dictionaries", "check", "--lenient", path]);
    let stdout = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("malformed-entry (1 error)"), "{stdout}");
    assert!(stdout.contains("test.actors.txt:4: warning"), "{stdout}");
}

#[test]
fn warnings_alone_pass() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("verbs.txt"),
        "--- ATTACK [190] ---\nATTACK\n- * CITY [193]\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("test.actors.txt"), "USA [USA]\nUSA [USA]\n").unwrap();
    let out = dyad(&["dictionaries", "check", dir.path().to_str().unwrap()]);
    let stdout = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("0 errors, 1 warning"), "{stdout}");
}

#[test]
fn bundled_defaults_agree_with_their_directory() {
    let out = dyad(&["dictionaries", "check", "--json"]);
    let lines: Vec<serde_json::Value> = text(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let summary = &lines.last().unwrap()["summary"];
    let errors = summary["errors"].as_u64().unwrap();
    let warnings = summary["warnings"].as_u64().unwrap();
    assert_eq!(lines.len() as u64, errors + warnings + 1);
    assert_eq!(
        out.status.code(),
        Some(if errors > 0 { 1 } else { 0 }),
        "{summary}"
    );
    for f in &lines[..lines.len() - 1] {
        let file = f["file"].as_str().unwrap();
        assert!(file.starts_with("dictionaries/default/"), "{f}");
        assert!(f["line"].as_u64().unwrap() > 0, "{f}");
    }
    // the same files read from the source tree give the same findings
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../dictionaries/default");
    let out = dyad(&["dictionaries", "check", "--json", dir.to_str().unwrap()]);
    let from_dir: Vec<serde_json::Value> = text(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let key = |v: &serde_json::Value| {
        let file = v["file"].as_str().unwrap_or("");
        let name = Path::new(file).file_name().map(|n| n.to_owned());
        (v["kind"].to_string(), name, v["line"].as_u64())
    };
    let a: Vec<_> = lines.iter().map(key).collect();
    let b: Vec<_> = from_dir.iter().map(key).collect();
    assert_eq!(a, b);
    assert_eq!(
        from_dir.last().unwrap()["summary"]["by_kind"],
        summary["by_kind"]
    );
}

#[test]
fn an_unreadable_set_fails_the_check_and_the_others_are_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("verbs.txt"),
        "--- ATTACK [190] ---\nATTACK\n- * CITY [193]\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("test.actors.txt"), "USA [USA]\n").unwrap();
    let missing = dir.path().join("missing.project");
    let out = dyad(&[
        "dictionaries",
        "check",
        missing.to_str().unwrap(),
        dir.path().to_str().unwrap(),
    ]);
    let stdout = text(&out);
    let stderr = String::from_utf8(out.stderr.clone()).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stderr.contains("missing.project"), "{stderr}");
    assert!(stdout.contains("0 errors, 0 warnings"), "{stdout}");
}
