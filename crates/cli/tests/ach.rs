//! End-to-end tests of `dyad ach`: the real binary on the test boards, the
//! bundled example, a PARC file built here, and broken inputs.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const DYAD: &str = env!("CARGO_BIN_EXE_dyad");

fn test_board(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../ach/tests/boards")
        .join(name)
}

fn example_board() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/boards/troops-to-ally.json")
}

/// A fresh directory for one test's files.
fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("ach-cli-{test}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn dyad(args: &[&str]) -> Output {
    Command::new(DYAD).args(args).output().unwrap()
}

fn dyad_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(DYAD)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[track_caller]
fn assert_success(output: &Output) {
    assert!(
        output.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        stdout(output),
        stderr(output)
    );
}

fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn score_json_matches_hand_computed_values() {
    let board = test_board("hand-computed.json");
    let output = dyad(&["ach", "score", path_str(&board), "--format", "json"]);
    assert_success(&output);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["leader"], "H1");
    let margin = json["margin"].as_f64().unwrap();
    assert!((margin - (2.0 + std::f64::consts::SQRT_2 / 2.0)).abs() < 1e-12);
    let h2 = &json["hypotheses"][1];
    assert_eq!(h2["id"], "H2");
    assert_eq!(h2["inconsistency"], 2);
    assert_eq!(h2["consistency"], 3);
    assert_eq!(h2["rank"], 2);
    let weighted = h2["weighted_inconsistency"].as_f64().unwrap();
    assert!((weighted - (2.0 + std::f64::consts::SQRT_2)).abs() < 1e-12);
    assert_eq!(json["linchpins"], serde_json::json!([]));
    let e1 = json["evidence"][0]["diagnosticity"].as_f64().unwrap();
    assert!((e1 - 14f64.sqrt() / 3.0).abs() < 1e-12);
}

#[test]
fn score_json_of_empty_and_tied_boards() {
    let output = dyad(&[
        "ach",
        "score",
        path_str(&test_board("empty.json")),
        "--format",
        "json",
    ]);
    assert_success(&output);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert!(json["leader"].is_null());
    assert!(json["margin"].is_null());
    let output = dyad(&[
        "ach",
        "score",
        path_str(&test_board("ties.json")),
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert!(json["leader"].is_null());
    assert_eq!(json["margin"], 0.0);
    assert_eq!(json["tied_for_lead"], serde_json::json!(["H3", "H4"]));
}

#[test]
fn score_table_is_readable() {
    let output = dyad(&["ach", "score", path_str(&example_board())]);
    assert_success(&output);
    let text = stdout(&output);
    assert!(
        text.starts_with("Troops to an ally's war (invented example)\n"),
        "{text}"
    );
    assert!(
        text.contains("Leader: transactional (margin 0.41)"),
        "{text}"
    );
    assert!(text.contains("Linchpins: E04, E12"), "{text}");
    let first = text.find("   1  transactional").unwrap();
    let second = text.find("   2  defensive").unwrap();
    let third = text.find("   3  expansionist").unwrap();
    assert!(first < second && second < third, "{text}");
    assert!(text.contains("[linchpin] Artillery shells"), "{text}");
    for line in text.lines() {
        assert!(line.chars().count() <= 160, "line too long: {line}");
    }
    let tied = stdout(&dyad(&["ach", "score", path_str(&test_board("ties.json"))]));
    assert!(
        tied.contains("Leader: none (H3, H4 tie for first)"),
        "{tied}"
    );
    let one = stdout(&dyad(&[
        "ach",
        "score",
        path_str(&test_board("one-hypothesis.json")),
    ]));
    assert!(
        one.contains("Leader: only (the only hypothesis; no margin)"),
        "{one}"
    );
}

#[test]
fn sensitivity_reports_linchpins_and_credibility_what_ifs() {
    let board = test_board("linchpins.json");
    let output = dyad(&["ach", "sensitivity", path_str(&board), "--format", "json"]);
    assert_success(&output);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["linchpins"], serde_json::json!(["E2", "E3"]));
    assert_eq!(
        json["credibility_critical"],
        serde_json::json!(["E2", "E3"])
    );
    assert_eq!(json["items"][1]["without"]["leader"], "H2");
    assert_eq!(json["items"][0]["credibility_low"]["leader"], "H1");
    let table = stdout(&dyad(&["ach", "sensitivity", path_str(&board)]));
    assert!(table.contains("Linchpins: E2, E3"), "{table}");
    assert!(table.contains("medium → low: H2 by 0.29 *"), "{table}");
}

#[test]
fn validate_accepts_good_boards_and_names_the_item_in_bad_ones() {
    let output = dyad(&["ach", "validate", path_str(&example_board())]);
    assert_success(&output);
    assert!(stdout(&output).contains("valid board: 3 hypotheses, 15 evidence items, 4 indicators"));

    let dir = scratch("validate");
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        "{\n  \"hypotheses\": [{\"id\": \"H1\"}],\n  \"evidence\": [{\"id\": \"E1\", \"ratings\": {\"H2\": \"C\"}}]\n}\n",
    )
    .unwrap();
    let output = dyad(&["ach", "validate", path_str(&bad)]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("bad.json:3:"), "{message}");
    assert!(message.contains("evidence item \"E1\""), "{message}");
    assert!(
        message.contains("unknown hypothesis id \"H2\""),
        "{message}"
    );
    // The same error stops every command that reads the board.
    for command in ["score", "sensitivity"] {
        let output = dyad(&["ach", command, path_str(&bad)]);
        assert_eq!(output.status.code(), Some(1));
        assert!(stderr(&output).contains("evidence item \"E1\""));
    }

    let typo = dir.join("typo.json");
    std::fs::write(&typo, r#"{"hypotheses": [{"id": "H1", "titel": "x"}]}"#).unwrap();
    let output = dyad(&["ach", "validate", path_str(&typo)]);
    assert_success(&output);
    assert!(stderr(&output).contains("warning"), "{}", stderr(&output));
    assert!(stderr(&output).contains("\"titel\""));
    let output = dyad(&["ach", "validate", "--strict", path_str(&typo)]);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn malformed_inputs_fail_cleanly() {
    let dir = scratch("malformed");
    let cases: &[(&str, &[u8], &str)] = &[
        ("syntax.json", b"{\"title\": }", "syntax.json:1:11"),
        ("dup.json", br#"{"hypotheses": [{"id": "A"}, {"id": "A"}]}"#, "duplicate id \"A\""),
        ("symbol.json", br#"{"hypotheses": [{"id": "A"}], "evidence": [{"id": "E9", "ratings": {"A": "CCC"}}]}"#, "evidence item \"E9\""),
        ("binary.json", b"\xff\xfe\x00", "not UTF-8"),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let output = dyad(&["ach", "score", path_str(&path)]);
        assert_eq!(output.status.code(), Some(1), "{name}");
        let message = stderr(&output);
        assert!(message.starts_with("dyad: error: "), "{message}");
        assert!(message.contains(expected), "{name}: {message}");
        assert!(!message.contains("panicked"), "{message}");
    }
    let output = dyad(&["ach", "score", path_str(&dir.join("missing.json"))]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("cannot read"),
        "{}",
        stderr(&output)
    );
    let output = dyad(&["ach", "score"]);
    assert_eq!(output.status.code(), Some(2));
    let output = dyad(&[
        "ach",
        "export",
        path_str(&example_board()),
        "--format",
        "pdf",
    ]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn boards_can_come_from_standard_input() {
    let text = std::fs::read(test_board("one-hypothesis.json")).unwrap();
    let output = dyad_with_stdin(&["ach", "score", "-", "--format", "json"], &text);
    assert_success(&output);
    assert!(stdout(&output).contains("\"leader\": \"only\""));
    let output = dyad_with_stdin(&["ach", "validate", "-"], b"{\"evidence\": 1}");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("<stdin>:1:14"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn export_writes_markdown_csv_and_json() {
    let dir = scratch("export");
    let board = example_board();
    let report = dir.join("report.md");
    assert_success(&dyad(&[
        "ach",
        "export",
        path_str(&board),
        "--format",
        "markdown",
        "--output",
        path_str(&report),
    ]));
    let markdown = std::fs::read_to_string(&report).unwrap();
    assert!(markdown.starts_with("# Troops to an ally's war (invented example)"));
    assert!(
        markdown.contains("| 1 | transactional (Mercenary/transactional"),
        "{markdown}"
    );
    assert!(markdown.contains("**linchpin**"));

    let csv = stdout(&dyad(&[
        "ach",
        "export",
        path_str(&board),
        "--format",
        "csv",
    ]));
    let header = csv.lines().next().unwrap();
    assert!(
        header.ends_with(",defensive,expansionist,transactional"),
        "{header}"
    );
    assert_eq!(csv.lines().filter(|l| l.starts_with("E")).count(), 15);

    let json = stdout(&dyad(&[
        "ach",
        "export",
        path_str(&board),
        "--format",
        "json",
    ]));
    assert_eq!(json, std::fs::read_to_string(&board).unwrap());
}

fn achz(xml: &str) -> Vec<u8> {
    use flate2::write::GzEncoder;
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(xml.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(&utf16).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn import_parc_then_score() {
    let dir = scratch("import");
    let project = dir.join("case.achz");
    std::fs::write(
        &project,
        achz(
            "<?xml version=\"1.0\" encoding=\"UTF-16\"?><ACH><PROJECT-TITLE>PARC case</PROJECT-TITLE><MATRIX>\
             <HYPOTHESIS><NAME>Alpha</NAME></HYPOTHESIS><HYPOTHESIS><NAME>Beta</NAME></HYPOTHESIS>\
             <EVIDENCE><NAME>First</NAME><CREDIBILITY>High</CREDIBILITY><VALUES>I,C</VALUES></EVIDENCE>\
             <EVIDENCE><NAME>Second</NAME><TYPE>Assumption</TYPE><VALUES>N,II</VALUES></EVIDENCE>\
             </MATRIX></ACH>",
        ),
    )
    .unwrap();
    let board = dir.join("case.json");
    let output = dyad(&[
        "ach",
        "import",
        path_str(&project),
        "--output",
        path_str(&board),
    ]);
    assert_success(&output);
    assert!(stderr(&output).contains("imported 2 hypotheses and 2 evidence items"));
    let output = dyad(&["ach", "score", path_str(&board), "--format", "json"]);
    assert_success(&output);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    // H1: I at high×medium = √2 ≈ 1.41; H2: II at medium×medium = 2.
    assert_eq!(json["leader"], "H1");
    let written = std::fs::read_to_string(&board).unwrap();
    assert!(written.contains("\"title\": \"PARC case\""));
    assert!(written.contains("\"assumption\": true"));

    let broken = dir.join("broken.achz");
    std::fs::write(
        &broken,
        achz("<ACH><MATRIX><EVIDENCE><VALUES>X</VALUES></EVIDENCE></MATRIX></ACH>"),
    )
    .unwrap();
    let output = dyad(&["ach", "import", path_str(&broken)]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("broken.achz: 1:"),
        "{}",
        stderr(&output)
    );
    assert!(
        stderr(&output).contains("evidence #1"),
        "{}",
        stderr(&output)
    );
}

fn stored_event(
    doc_id: &str,
    day: &str,
    source: &str,
    target: &str,
    code: &str,
    sentence: &str,
) -> dyad_model::Event {
    let mut event = dyad_model::Event {
        doc_id: doc_id.into(),
        sentence_index: 0,
        date: dyad_model::parse_date(day),
        source: source.into(),
        target: target.into(),
        code: code.into(),
        root_code: None,
        quad_class: None,
        goldstein: None,
        plover: None,
        source_text: String::new(),
        target_text: String::new(),
        verb_text: String::new(),
        sentence: sentence.into(),
        source_span: None,
        target_span: None,
        verb_span: None,
        sentence_start: 0,
        rule: dyad_model::RuleRef::default(),
        issues: Vec::new(),
    };
    event.fill_code_facts();
    event
}

/// A store with three PRK → UKR combat events, one Russian aid event, and an
/// unrelated event; returns its path.
fn event_store(dir: &Path) -> PathBuf {
    let db = dir.join("events.db");
    let mut store = dyad_store::Store::open(&db).unwrap();
    let document = |id: &str, day: &str| dyad_model::Document {
        id: id.into(),
        date: dyad_model::parse_date(day),
        text: "text".into(),
        ..Default::default()
    };
    let batch = vec![
        (
            document("wire-1", "2024-11-05"),
            vec![
                stored_event(
                    "wire-1",
                    "2024-11-05",
                    "PRKMIL",
                    "UKRMIL",
                    "190",
                    "North Korean troops attacked Ukrainian positions near Kursk.",
                ),
                stored_event(
                    "wire-1",
                    "2024-11-05",
                    "RUSGOV",
                    "PRK",
                    "072",
                    "Moscow delivered air-defence systems to Pyongyang.",
                ),
            ],
        ),
        (
            document("wire-2", "2024-11-08"),
            vec![
                stored_event(
                    "wire-2",
                    "2024-11-08",
                    "PRKMIL",
                    "UKR",
                    "193",
                    "North Korean units fired on Ukrainian drones.",
                ),
                stored_event(
                    "wire-2",
                    "2024-11-09",
                    "PRK",
                    "UKRMIL",
                    "1823",
                    "Ukraine said North Korean soldiers shelled a village.",
                ),
                stored_event(
                    "wire-2",
                    "2024-11-09",
                    "FRA",
                    "DEU",
                    "040",
                    "France and Germany held talks.",
                ),
            ],
        ),
    ];
    store.ingest_batch(&batch, "test-dictionary").unwrap();
    db
}

const WATCHED_BOARD: &str = r#"{
  "title": "Watched",
  "question": "Why?",
  "hypotheses": [{"id": "DEF", "title": "defensive"}, {"id": "AGG", "title": "aggressive"}],
  "evidence": [{"id": "E1", "text": "an analyst's item", "ratings": {"DEF": "C"}}],
  "indicators": [
    {"id": "combat", "hypothesis": "AGG", "source_actors": ["PRK"], "target_actors": ["UKR"],
     "codes": ["19", "18"], "window_days": 10, "min_count": 3, "rating": "C"},
    {"id": "aid", "hypothesis": "DEF", "source_actors": ["RUS"], "target_actors": ["PRK"],
     "codes": ["07"], "window_days": 30, "rating": "C"},
    {"id": "talks", "hypothesis": "DEF", "source_actors": ["USA"], "codes": ["04"], "rating": "I"}
  ]
}
"#;

#[test]
fn watch_proposes_evidence_with_sentences_and_apply_cites_event_ids() {
    let dir = scratch("watch");
    let db = event_store(&dir);
    let board = dir.join("watched.json");
    std::fs::write(&board, WATCHED_BOARD).unwrap();
    let args = [
        "ach",
        "watch",
        path_str(&board),
        "--db",
        path_str(&db),
        "--as-of",
        "2024-11-10",
    ];

    let output = dyad(&args);
    assert_success(&output);
    let table = stdout(&output);
    assert!(
        table.contains("proposed evidence combat-2024-11-10 rates AGG C"),
        "{table}"
    );
    assert!(
        table.contains("North Korean units fired on Ukrainian drones."),
        "{table}"
    );
    assert!(
        table.contains(
            "talks (2024-10-12 to 2024-11-10) → DEF: 0 uncited event(s), 1 needed: nothing proposed"
        ),
        "{table}"
    );
    assert!(table.contains("--apply"), "{table}");
    assert_eq!(
        std::fs::read_to_string(&board).unwrap(),
        WATCHED_BOARD,
        "watch without --apply changed the board"
    );

    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&dyad(&json_args))).unwrap();
    let combat = &json["indicators"][0];
    assert_eq!(combat["matched"], 3);
    let cited: Vec<i64> = combat["proposal"]["evidence"]["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|id| id.as_i64().unwrap())
        .collect();
    assert_eq!(cited.len(), 3);
    assert_eq!(
        combat["proposal"]["events"][0]["sentence"],
        "North Korean troops attacked Ukrainian positions near Kursk."
    );
    assert_eq!(
        json["indicators"][1]["proposal"]["evidence"]["id"],
        "aid-2024-11-10"
    );

    let mut apply_args = args.to_vec();
    apply_args.push("--apply");
    let output = dyad(&apply_args);
    assert_success(&output);
    assert!(stdout(&output).contains("Added to"), "{}", stdout(&output));
    let updated = dyad_ach::parse_board(&std::fs::read_to_string(&board).unwrap(), None)
        .unwrap()
        .board;
    let item = updated.evidence_item("combat-2024-11-10").unwrap();
    assert_eq!(item.events, cited);
    assert_eq!(item.ratings.get("AGG"), Some(dyad_ach::Rating::Consistent));
    assert!(updated.evidence_item("aid-2024-11-10").is_some());
    // Cited events do not propose again.
    let output = dyad(&apply_args);
    assert_success(&output);
    assert!(
        stdout(&output).contains("Nothing to add."),
        "{}",
        stdout(&output)
    );
    assert_eq!(
        dyad_ach::parse_board(&std::fs::read_to_string(&board).unwrap(), None)
            .unwrap()
            .board
            .evidence
            .len(),
        3
    );
}

#[test]
fn boards_saved_in_the_database_score_export_and_watch() {
    let dir = scratch("saved");
    let db = event_store(&dir);
    let board = dir.join("watched.json");
    std::fs::write(&board, WATCHED_BOARD).unwrap();
    let output = dyad(&["ach", "save", path_str(&board), "--db", path_str(&db)]);
    assert_success(&output);
    assert!(stderr(&output).contains("saved board \"watched\""));

    let list = stdout(&dyad(&["ach", "list", "--db", path_str(&db)]));
    assert!(list.contains("watched  Watched"), "{list}");

    let exported = dir.join("exported.json");
    assert_success(&dyad(&[
        "ach",
        "export",
        "--db",
        path_str(&db),
        "--board",
        "watched",
        "--format",
        "json",
        "--output",
        path_str(&exported),
    ]));
    let written = std::fs::read_to_string(&exported).unwrap();
    let original = dyad_ach::parse_board(WATCHED_BOARD, None).unwrap().board;
    assert_eq!(written, original.to_json().unwrap());

    let scores = stdout(&dyad(&[
        "ach",
        "score",
        "--db",
        path_str(&db),
        "--board",
        "watched",
        "--format",
        "json",
    ]));
    assert!(scores.contains("\"leader\": \"DEF\""), "{scores}");

    let output = dyad(&[
        "ach",
        "watch",
        "--board",
        "watched",
        "--db",
        path_str(&db),
        "--as-of",
        "2024-11-10",
        "--apply",
    ]);
    assert_success(&output);
    let exported = stdout(&dyad(&[
        "ach",
        "export",
        "--db",
        path_str(&db),
        "--board",
        "watched",
        "--format",
        "json",
    ]));
    assert!(
        exported.contains("\"id\": \"combat-2024-11-10\""),
        "{exported}"
    );
    // The file on disk is untouched: the saved board was the one watched.
    assert_eq!(std::fs::read_to_string(&board).unwrap(), WATCHED_BOARD);

    let output = dyad(&[
        "ach",
        "export",
        "--db",
        path_str(&db),
        "--board",
        "nope",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("no board \"nope\" (saved boards: watched)"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn watch_errors_are_clear() {
    let dir = scratch("watch-errors");
    let board = dir.join("watched.json");
    std::fs::write(&board, WATCHED_BOARD).unwrap();
    let missing = dir.join("missing.db");
    let output = dyad(&["ach", "watch", path_str(&board), "--db", path_str(&missing)]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("no such database"),
        "{}",
        stderr(&output)
    );
    assert!(!missing.exists(), "watch created a database");
    let output = dyad(&["ach", "watch", path_str(&board)]);
    assert_eq!(output.status.code(), Some(2));
    let db = event_store(&dir);
    let output = dyad(&[
        "ach",
        "watch",
        path_str(&board),
        "--db",
        path_str(&db),
        "--as-of",
        "soon",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("--as-of \"soon\" is not a date"),
        "{}",
        stderr(&output)
    );
    let output = dyad_with_stdin(
        &["ach", "watch", "-", "--db", path_str(&db), "--apply"],
        WATCHED_BOARD.as_bytes(),
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("not standard input"),
        "{}",
        stderr(&output)
    );
    let plain = dir.join("plain.json");
    std::fs::write(&plain, r#"{"hypotheses": [{"id": "H"}]}"#).unwrap();
    let output = dyad(&["ach", "watch", path_str(&plain), "--db", path_str(&db)]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("no indicators"),
        "{}",
        stderr(&output)
    );
}
