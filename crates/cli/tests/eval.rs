//! End-to-end tests of `dyad eval`: a tiny gold file coded with the bundled
//! dictionaries, whose true and false positives are known item by item, and
//! the refusal of malformed gold files.

use std::process::{Command, Output};

fn dyad(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(args)
        .output()
        .unwrap()
}

/// Plain sentences that any version of the default dictionaries codes the
/// same way, with gold answers chosen so that every kind of outcome occurs.
const GOLD: &str = r#"{"id":"t1","date":"2026-01-05","text":"France condemned Germany.","events":[{"source":"FRAGOV","target":"DEU","code":"111"}]}
{"id":"t2","date":"2026-01-05","text":"Russia attacked Ukraine.","events":[{"source":"RUS","target":"UKR","code":"195"}]}

{"id":"t3","date":"2026-01-06","text":"NATO officials condemned Russia.","events":[{"source":"IGOWSTNAT","target":"RUS","code":"111"}]}
{"id":"t4","date":"2026-01-06","text":"Stock markets rose on Monday.","events":[{"source":"---","target":"RUS","code":"111"}]}
{"id":"t5","date":"2026-01-07","text":"Germany praised Italy.","events":[]}
{"id":"t6","text":"The weather in Paris was mild.","events":[{"source":"FRA","target":"DEU","code":"040"}]}
"#;

#[test]
fn figures_of_a_known_gold_file() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.jsonl");
    std::fs::write(&gold, GOLD).unwrap();
    let out = dyad(&["eval", gold.to_str().unwrap(), "--json", "--misses", "10"]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let last = stdout.lines().last().unwrap();
    let v: serde_json::Value = serde_json::from_str(last).unwrap();
    // t1: FRA DEU 111 matches at both levels (roles are not part of the key).
    // t2: RUS UKR 190 coded for gold 195: the root matches, the code does not.
    // t3: IGOWSTNATGOV ("NATO officials") scores as IGOWSTNAT: a match.
    // t4: the gold event has a null side, so it is not an event; nothing coded.
    // t5: DEU ITA 051 is spurious (the gold has no event).
    // t6: FRA DEU 040 is missed.
    assert_eq!(v["items"], 6);
    assert_eq!(v["gold_events"], 4);
    assert_eq!(v["coded_events"], 4);
    assert_eq!(v["items_without_events"], 2);
    assert_eq!(v["items_with_misses"], 3);
    let root = &v["root"];
    assert_eq!(
        (&root["tp"], &root["fp"], &root["fn"]),
        (&3.into(), &1.into(), &1.into())
    );
    assert_eq!(root["precision"], 0.75);
    assert_eq!(root["recall"], 0.75);
    assert_eq!(root["f1"], 0.75);
    let code = &v["code"];
    assert_eq!(
        (&code["tp"], &code["fp"], &code["fn"]),
        (&2.into(), &2.into(), &2.into())
    );
    assert_eq!(code["precision"], 0.5);
    assert_eq!(code["recall"], 0.5);
    // the confusion table pairs t1 and t3 (11 × 11) and t2 (19 × 19)
    let cells = v["confusion"].as_array().unwrap();
    let cell = |g: &str, c: &str| {
        cells
            .iter()
            .find(|x| x["gold"] == g && x["coded"] == c)
            .map(|x| x["count"].as_u64().unwrap())
    };
    assert_eq!(cell("11", "11"), Some(2));
    assert_eq!(cell("19", "19"), Some(1));
    assert_eq!(cells.len(), 2);
    // the misses name the item, the gold event and the rule that fired
    assert!(stdout.contains("t2 2026-01-05 line 2: Russia attacked Ukraine."));
    assert!(stdout.contains("  - RUS UKR 195  [root ok]"));
    assert!(stdout.contains("  + RUS UKR 190  dictionaries/default/verbs.txt:"));
    assert!(stdout.contains("  + DEU ITA 051  dictionaries/default/verbs.txt:"));
    assert!(stdout.contains("  - FRA DEU 040\n"));
    assert!(!stdout.contains("t1 2026"));
    // the text table has both levels
    assert!(stdout.contains("(country, country, root)"));
    assert!(stdout.contains("(country, country, code)"));
}

#[test]
fn malformed_gold_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("bad.jsonl");
    let cases = [
        (
            "{\"id\":\"a\",\"text\":\"France condemned Germany.\",\"events\":[]}\n{\"id\":\"b\",\"text\":",
            "bad.jsonl:2",
        ),
        (
            "{\"id\":\"a\",\"date\":\"2026-02-30\",\"text\":\"France condemned Germany.\",\"events\":[]}\n",
            "bad.jsonl:1: date",
        ),
        (
            "{\"id\":\"a\",\"text\":\"x y\",\"events\":[{\"source\":\"FRA\",\"target\":\"DEU\",\"code\":\"11a\"}]}\n",
            "bad.jsonl:1: event 1",
        ),
        (
            "{\"id\":\"a\",\"text\":\"x y\",\"events\":[{\"source\":\"FRA\",\"target\":\"DEU\",\"code\":\"903\"}]}\n",
            "bad.jsonl:1: event 1",
        ),
        (
            "{\"id\":\"a\",\"text\":\"x y\",\"events\":[]}\n{\"id\":\"a\",\"text\":\"x z\",\"events\":[]}\n",
            "bad.jsonl:2: id \"a\"",
        ),
    ];
    for (text, expected) in cases {
        std::fs::write(&gold, text).unwrap();
        let out = dyad(&["eval", gold.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{text}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expected), "{expected:?} not in {err}");
    }
    let out = dyad(&["eval", dir.path().join("missing.jsonl").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.jsonl"));
}

/// The development set's targets (issue 3: root-level precision ≥ 0.90 and
/// recall ≥ 0.85 with the bundled dictionaries), so that a coder or
/// dictionary change that loses them fails here, not in a later report.
#[test]
fn the_development_set_meets_its_targets() {
    let gold = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/dev-gold.jsonl"
    );
    let out = dyad(&["eval", gold, "--json", "--misses", "0"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let figures: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    let root = &figures["root"];
    let (precision, recall) = (
        root["precision"].as_f64().unwrap(),
        root["recall"].as_f64().unwrap(),
    );
    assert!(
        precision >= 0.90 && recall >= 0.85,
        "dev set root level: precision {precision}, recall {recall}"
    );
}
