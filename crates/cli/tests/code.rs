//! `dyad code` end to end: output fields and formats, input order for any
//! thread count, and bad input named by input and line.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn dyad(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

const NEWS: &str = "{\"id\":\"a\",\"date\":\"2026-11-16\",\"text\":\"North Korea sent troops to Russia. Japan criticized Russia on Monday.\",\"lang\":\"en\"}\n\
{\"id\":\"b\",\"date\":null,\"text\":\"China condemned Japan.\"}\n";

#[test]
fn jsonl_events_carry_the_fields_the_issue_names() {
    let out = dyad(&["code", "--quiet"], NEWS.as_bytes());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let events: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(events.len() >= 3);
    for field in [
        "doc_id",
        "sentence_index",
        "date",
        "source",
        "target",
        "code",
        "root_code",
        "quad_class",
        "goldstein",
        "plover",
        "source_text",
        "target_text",
        "verb_text",
        "sentence",
        "rule",
    ] {
        assert!(
            events[0].get(field).is_some(),
            "missing {field}: {}",
            events[0]
        );
    }
    let first = &events[0];
    assert_eq!(first["doc_id"], "a");
    assert_eq!(
        (first["source"].as_str(), first["target"].as_str()),
        (Some("PRK"), Some("RUS"))
    );
    assert_eq!(first["root_code"], "07");
    assert_eq!(first["source_text"], "North Korea");
    // the undated document's events have a null date
    let b = events.iter().find(|e| e["doc_id"] == "b").unwrap();
    assert!(b["date"].is_null());
}

#[test]
fn output_is_identical_for_any_thread_count_and_in_input_order() {
    let mut input = String::new();
    for i in 0..300 {
        input.push_str(&format!(
            "{{\"id\":\"d{i}\",\"date\":\"2026-11-16\",\"text\":\"Japan criticized China over document {i}. Russia attacked Ukraine.\"}}\n"
        ));
    }
    let one = dyad(&["code", "--quiet", "--threads", "1"], input.as_bytes());
    let four = dyad(&["code", "--quiet", "--threads", "4"], input.as_bytes());
    assert!(one.status.success() && four.status.success());
    assert_eq!(one.stdout, four.stdout);
    let ids: Vec<String> = String::from_utf8_lossy(&one.stdout)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["doc_id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let mut sorted = ids.clone();
    sorted.sort_by_key(|id| id[1..].parse::<u32>().unwrap());
    assert_eq!(ids, sorted);
}

#[test]
fn gdelt_rows_have_the_event_columns_in_order() {
    let out = dyad(
        &["code", "--quiet", "--output-format", "gdelt"],
        NEWS.as_bytes(),
    );
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let row: Vec<&str> = text.lines().next().unwrap().split('\t').collect();
    assert_eq!(row.len(), 61, "GDELT 2.0 has 61 event columns");
    assert_eq!(row[1], "20261116", "SQLDATE");
    assert_eq!(row[26], "072", "EventCode");
}

#[test]
fn bad_input_is_named_by_input_and_line() {
    // malformed JSON on line 2
    let out = dyad(
        &["code", "--quiet"],
        b"{\"id\":\"a\",\"text\":\"Japan criticized China.\"}\n{\"id\":\n",
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("<stdin>:2"), "{err}");
    // invalid UTF-8
    let out = dyad(
        &["code", "--quiet"],
        b"{\"id\":\"a\",\"text\":\"caf\xe9\"}\n",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("<stdin>:1"));
    // empty text
    let out = dyad(&["code", "--quiet"], b"{\"id\":\"e\",\"text\":\"  \"}\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty"));
    // a 100,000-character "sentence"
    let huge = format!("{{\"id\":\"h\",\"text\":\"{}\"}}\n", "word ".repeat(20_000));
    let out = dyad(&["code", "--quiet"], huge.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("<stdin>:1") && err.contains("characters long"),
        "{err}"
    );
    // unknown format
    let out = dyad(&["code", "--input-format", "yaml"], b"");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn keep_going_skips_bad_records_and_exits_3() {
    let input = b"{\"id\":\"a\",\"text\":\"Japan criticized China.\"}\n{\"id\":\"bad\"}\n\xff\xfe\n{\"id\":\"c\",\"text\":\"China condemned Japan.\"}\n";
    let out = dyad(&["code", "--quiet", "--keep-going"], input);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("<stdin>:2") && err.contains("<stdin>:3"),
        "{err}"
    );
    let docs: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["doc_id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(docs.contains(&"a".to_string()) && docs.contains(&"c".to_string()));
}

#[test]
fn tabari_and_text_inputs_are_detected() {
    let out = dyad(
        &["code", "--quiet"],
        b"950101  DEMO-01\nJapan criticized China.\n\n",
    );
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("\"doc_id\":\"DEMO-01\"") && text.contains("\"date\":\"1995-01-01\""),
        "{text}"
    );
    let out = dyad(
        &["code", "--quiet"],
        b"Japan criticized China. Russia attacked Ukraine.",
    );
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2);
}

/// The bundled dictionaries' events for one document dated 2026-11-16, as
/// `SOURCE/TARGET/CODE`.
fn codes(text: &str) -> Vec<String> {
    let line = format!("{{\"id\":\"d\",\"date\":\"2026-11-16\",\"text\":\"{text}\"}}\n");
    let out = dyad(&["code", "--quiet"], line.as_bytes());
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let e: serde_json::Value = serde_json::from_str(l).unwrap();
            format!("{}/{}/{}", e["source"], e["target"], e["code"]).replace('"', "")
        })
        .collect()
}

/// The bundled verb file codes a letter by the participle that says what it
/// asks for or says (docs/annotation.md 4.1: 010 is for a letter with no
/// other codable content).
#[test]
fn a_letter_codes_the_appeal_or_criticism_it_carries() {
    assert_eq!(
        codes("Estonia sent a letter to Latvia urging it to reopen the border."),
        ["EST/LVA/020"]
    );
    assert_eq!(
        codes("Estonia sent a letter to Latvia criticizing the border closure."),
        ["EST/LVA/111"]
    );
    assert_eq!(
        codes("Estonia sent a letter to Latvia on Monday."),
        ["EST/LVA/010"]
    );
}

/// The bundled verb file reads a verb word in its other sense as no event: a
/// plea in court, "seized on" an argument, "a presidential hopeful", tours of
/// duty, a document or names "released"; the event sense still codes.
#[test]
fn a_verb_word_in_another_sense_codes_nothing() {
    for text in [
        "The Estonian minister pleaded guilty to lying to Latvia.",
        "Estonia seized on the Latvian remarks.",
        "The Estonian presidential hopeful met voters.",
        "The Estonian soldier served two tours in Latvia.",
        "Estonia released the names of the Latvian prisoners.",
        "A Latvian poll released on Monday found Estonian citizens are happy.",
    ] {
        let got = codes(text);
        assert!(
            got.iter().all(|e| !e.ends_with("/020")
                && !e.ends_with("/171")
                && !e.ends_with("/013")
                && !e.ends_with("/042")
                && !e.ends_with("/0841")),
            "{text}: {got:?}"
        );
    }
    assert_eq!(
        codes("Estonia pleaded with Latvia to reopen the border."),
        ["EST/LVA/020"]
    );
    assert_eq!(codes("Estonia seized two Latvian ships."), ["EST/LVA/171"]);
    assert_eq!(
        codes("Estonia is hopeful about talks with Latvia."),
        ["EST/LVA/013"]
    );
    assert_eq!(
        codes("The Estonian envoy toured Latvia."),
        ["ESTGOV/LVA/042", "LVA/ESTGOV/043"]
    );
    assert_eq!(
        codes("Estonia released two Latvian prisoners."),
        ["EST/LVACVL/0841"]
    );
}
