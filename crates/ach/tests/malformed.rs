//! Malformed boards: each gives an error naming the item, the field and the
//! line:column, and none panics.

use dyad_ach::{
    Board, BoardError, Evidence, Hypothesis, Indicator, Position, Problem, Rating, Section,
    parse_board, parse_board_bytes, validate,
};

#[track_caller]
fn error_of(text: &str) -> BoardError {
    match parse_board(text, Some("board.json")) {
        Ok(loaded) => panic!("accepted a malformed board: {loaded:?}"),
        Err(err) => err,
    }
}

#[track_caller]
fn assert_item(err: &BoardError, section: Section, id: Option<&str>) {
    let item = err
        .item
        .as_ref()
        .unwrap_or_else(|| panic!("no item in {err}"));
    assert_eq!(item.section, section, "{err}");
    assert_eq!(item.id.as_deref(), id, "{err}");
}

#[track_caller]
fn assert_at(err: &BoardError, line: usize, column: usize) {
    assert_eq!(err.position, Some(Position { line, column }), "{err}");
}

#[test]
fn unknown_hypothesis_id_in_ratings() {
    let text = r#"{
  "hypotheses": [{"id": "H1", "title": "a"}, {"id": "H2", "title": "b"}],
  "evidence": [
    {"id": "E1", "text": "fine", "ratings": {"H1": "C"}},
    {"id": "E2", "text": "typo", "ratings": {"H1": "I", "H9": "C"}}
  ]
}"#;
    let err = error_of(text);
    assert_item(&err, Section::Evidence, Some("E2"));
    assert_eq!(
        err.problem,
        Problem::UnknownHypothesis {
            id: "H9".into(),
            known: "H1, H2".into()
        }
    );
    assert_eq!(err.field(), "ratings.H9");
    assert_at(&err, 5, 57);
    let message = err.to_string();
    assert!(
        message.starts_with("board.json:5:57: evidence item \"E2\""),
        "{message}"
    );
    assert!(message.contains("\"H9\""), "{message}");
}

#[test]
fn ratings_may_name_hypotheses_listed_later_in_the_file() {
    let text = r#"{"evidence": [{"id": "E1", "ratings": {"H1": "C"}}],
                   "hypotheses": [{"id": "H1"}]}"#;
    assert!(parse_board(text, None).is_ok());
}

#[test]
fn unknown_rating_symbol() {
    let text = "{\"hypotheses\": [{\"id\": \"H1\"}],\n \"evidence\": [{\"id\": \"E7\", \"ratings\": {\"H1\": \"++\"}}]}";
    let err = error_of(text);
    assert_item(&err, Section::Evidence, Some("E7"));
    assert_eq!(
        err.problem,
        Problem::UnknownRating {
            symbol: "++".into()
        }
    );
    assert_eq!(err.field(), "ratings.H1");
    assert_at(&err, 2, 46);
    // Symbols are exact: lower case is not a rating.
    let err = error_of(
        r#"{"hypotheses": [{"id": "H1"}], "evidence": [{"id": "E1", "ratings": {"H1": "c"}}]}"#,
    );
    assert!(
        matches!(err.problem, Problem::UnknownRating { .. }),
        "{err}"
    );
}

#[test]
fn rating_of_the_wrong_type() {
    let err = error_of(
        r#"{"hypotheses": [{"id": "H1"}], "evidence": [{"id": "E1", "ratings": {"H1": 1}}]}"#,
    );
    assert_item(&err, Section::Evidence, Some("E1"));
    assert!(
        matches!(&err.problem, Problem::WrongType { found, .. } if found == "the number 1"),
        "{err}"
    );
}

#[test]
fn duplicate_hypothesis_ids() {
    let text =
        "{\"hypotheses\": [\n  {\"id\": \"H1\"},\n  {\"id\": \"H2\"},\n  {\"id\": \"H1\"}\n]}";
    let err = error_of(text);
    assert_item(&err, Section::Hypotheses, Some("H1"));
    assert_eq!(err.item.as_ref().unwrap().index, 2);
    assert_eq!(
        err.problem,
        Problem::DuplicateId {
            id: "H1".into(),
            noun: "hypothesis",
            first: 1
        }
    );
    assert_at(&err, 4, 10);
    assert!(
        err.to_string().contains("hypothesis #1 already uses it"),
        "{err}"
    );
}

#[test]
fn duplicate_evidence_ids() {
    let err = error_of(
        r#"{"hypotheses": [{"id": "H1"}], "evidence": [{"id": "E1"}, {"id": "E2"}, {"id": "E2"}]}"#,
    );
    assert_item(&err, Section::Evidence, Some("E2"));
    assert_eq!(err.item.as_ref().unwrap().index, 2);
    assert!(
        matches!(err.problem, Problem::DuplicateId { first: 2, .. }),
        "{err}"
    );
}

#[test]
fn duplicate_indicator_ids() {
    let err = error_of(
        r#"{"hypotheses": [{"id": "H1"}], "indicators": [
            {"id": "I1", "hypothesis": "H1", "rating": "C"},
            {"id": "I1", "hypothesis": "H1", "rating": "I"}]}"#,
    );
    assert_item(&err, Section::Indicators, Some("I1"));
    assert!(matches!(err.problem, Problem::DuplicateId { .. }), "{err}");
}

#[test]
fn missing_and_empty_ids() {
    let err = error_of(r#"{"hypotheses": [{"id": "H1"}, {"title": "no id"}]}"#);
    assert_item(&err, Section::Hypotheses, None);
    assert_eq!(err.problem, Problem::MissingField { field: "id" });
    assert!(
        err.to_string().contains("hypothesis #2 (it has no id)"),
        "{err}"
    );
    let err = error_of(r#"{"evidence": [{"id": "  "}]}"#);
    assert_eq!(err.problem, Problem::EmptyId);
    let err = error_of(r#"{"evidence": [{"id": 7}]}"#);
    assert!(matches!(err.problem, Problem::WrongType { .. }), "{err}");
    assert_eq!(err.field(), "id");
}

#[test]
fn wrong_types_name_the_item_and_field() {
    let cases: &[(&str, Section, Option<&str>, &str)] = &[
        (
            r#"{"hypotheses": [{"id": "H1"}], "evidence": [{"id": "E1", "assumption": "yes"}]}"#,
            Section::Evidence,
            Some("E1"),
            "assumption",
        ),
        (
            r#"{"evidence": [{"id": "E2", "events": [1, "two"]}]}"#,
            Section::Evidence,
            Some("E2"),
            "events[1]",
        ),
        (
            r#"{"evidence": [{"id": "E3", "events": [1.5]}]}"#,
            Section::Evidence,
            Some("E3"),
            "events[0]",
        ),
        (
            r#"{"evidence": [{"id": "E4", "ratings": ["C"]}]}"#,
            Section::Evidence,
            Some("E4"),
            "ratings",
        ),
        (
            r#"{"evidence": [{"id": "E5", "credibility": 3}]}"#,
            Section::Evidence,
            Some("E5"),
            "credibility",
        ),
        (
            r#"{"evidence": [{"id": "E6", "text": ["a"]}]}"#,
            Section::Evidence,
            Some("E6"),
            "text",
        ),
        (
            r#"{"hypotheses": [{"id": "H1", "title": 5}]}"#,
            Section::Hypotheses,
            Some("H1"),
            "title",
        ),
        (r#"{"hypotheses": ["H1"]}"#, Section::Hypotheses, None, ""),
        (
            r#"{"hypotheses": [{"id": "H1"}], "indicators": [{"id": "I1", "hypothesis": "H1", "rating": "C", "window_days": "30"}]}"#,
            Section::Indicators,
            Some("I1"),
            "window_days",
        ),
    ];
    for (text, section, id, field) in cases {
        let err = error_of(text);
        assert_item(&err, *section, *id);
        assert_eq!(err.field(), *field, "{err}");
        assert!(err.position.is_some(), "{err}");
    }
}

#[test]
fn wrong_types_outside_items() {
    for (text, field) in [
        ("[]", ""),
        (r#"{"hypotheses": {}}"#, "hypotheses"),
        (r#"{"evidence": "none"}"#, "evidence"),
        (r#"{"title": 1}"#, "title"),
        (r#"{"question": false}"#, "question"),
    ] {
        let err = error_of(text);
        assert!(err.item.is_none(), "{err}");
        assert!(matches!(err.problem, Problem::WrongType { .. }), "{err}");
        assert_eq!(err.field(), field, "{err}");
    }
}

#[test]
fn unknown_levels() {
    let err = error_of(r#"{"evidence": [{"id": "E1", "relevance": "very high"}]}"#);
    assert_item(&err, Section::Evidence, Some("E1"));
    assert_eq!(
        err.problem,
        Problem::UnknownLevel {
            value: "very high".into()
        }
    );
}

#[test]
fn json_syntax_errors_have_line_and_column() {
    let err = error_of("{\n  \"title\": \"x\",\n  \"hypotheses\": [,]\n}");
    assert!(matches!(err.problem, Problem::Json { .. }), "{err}");
    assert_eq!(err.position.map(|p| p.line), Some(3));
    assert!(err.to_string().starts_with("board.json:3:"), "{err}");
    let err = error_of("");
    assert!(matches!(err.problem, Problem::Json { .. }), "{err}");
    let err = error_of("{\"title\": \"a\", \"title\": \"b\"}");
    assert!(err.to_string().contains("appears twice"), "{err}");
    assert!(err.position.is_some());
    let deep = "[".repeat(10_000);
    assert!(matches!(error_of(&deep).problem, Problem::Json { .. }));
}

#[test]
fn not_utf8() {
    let err = parse_board_bytes(b"{\"title\": \"\xff\"}", Some("b.json")).unwrap_err();
    assert_eq!(err.problem, Problem::NotUtf8 { offset: 11 });
    assert_eq!(
        err.position,
        Some(Position {
            line: 1,
            column: 12
        })
    );
    assert!(parse_board_bytes("\u{feff}{}".as_bytes(), None).is_ok());
}

#[test]
fn indicator_rules_are_checked() {
    let base = |indicator: &str| {
        format!(r#"{{"hypotheses": [{{"id": "H1"}}], "indicators": [{indicator}]}}"#)
    };
    let err = error_of(&base(r#"{"id": "I1", "hypothesis": "H2", "rating": "C"}"#));
    assert_item(&err, Section::Indicators, Some("I1"));
    assert!(
        matches!(err.problem, Problem::UnknownHypothesis { .. }),
        "{err}"
    );
    assert_eq!(err.field(), "hypothesis");
    let err = error_of(&base(
        r#"{"id": "I1", "hypothesis": "H1", "rating": "C", "codes": ["07", "999"]}"#,
    ));
    assert_eq!(
        err.problem,
        Problem::UnknownCameoCode { code: "999".into() }
    );
    assert_eq!(err.field(), "codes[1]");
    let err = error_of(&base(
        r#"{"id": "I1", "hypothesis": "H1", "rating": "C", "source_actors": ["prk"]}"#,
    ));
    assert!(
        matches!(err.problem, Problem::BadActorPrefix { .. }),
        "{err}"
    );
    let err = error_of(&base(
        r#"{"id": "I1", "hypothesis": "H1", "rating": "C", "min_count": 0}"#,
    ));
    assert!(matches!(err.problem, Problem::OutOfRange { .. }), "{err}");
    let err = error_of(&base(r#"{"id": "I1", "hypothesis": "H1"}"#));
    assert_eq!(err.problem, Problem::MissingField { field: "rating" });
    let err = error_of(&base(r#"{"id": "I1", "hypothesis": "H1", "rating": "X"}"#));
    assert!(
        matches!(err.problem, Problem::UnknownRating { .. }),
        "{err}"
    );
}

#[test]
fn unknown_fields_are_kept_and_warned_about() {
    let text = r#"{"title": "t", "owner": "me",
      "hypotheses": [{"id": "H1", "colour": "red"}],
      "evidence": [{"id": "E1", "credability": "low"}]}"#;
    let loaded = parse_board(text, Some("b.json")).unwrap();
    assert_eq!(loaded.warnings.len(), 3);
    let messages: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
    assert!(messages[2].contains("evidence item \"E1\""), "{messages:?}");
    assert!(messages[2].contains("\"credability\""), "{messages:?}");
    assert!(messages[2].starts_with("b.json:3:"), "{messages:?}");
    // Kept, and written back.
    let written = loaded.board.to_json().unwrap();
    assert!(written.contains("\"credability\": \"low\""), "{written}");
    assert!(written.contains("\"owner\": \"me\""), "{written}");
}

#[test]
fn boards_built_in_code_are_validated_too() {
    let mut board = Board::default();
    board.hypotheses.push(Hypothesis::new("H1", "one"));
    let mut item = Evidence::new("E1", "text");
    item.ratings.set("H2", Rating::Consistent);
    board.evidence.push(item);
    let err = validate(&board).unwrap_err();
    assert_item(&err, Section::Evidence, Some("E1"));
    assert!(matches!(err.problem, Problem::UnknownHypothesis { .. }));
    assert_eq!(err.position, None);

    let mut board = Board::default();
    board.hypotheses.push(Hypothesis::new("H1", "one"));
    let mut indicator = Indicator::new("I1", "H1", Rating::Consistent);
    indicator.window_days = 0;
    board.indicators.push(indicator);
    let err = validate(&board).unwrap_err();
    assert_eq!(err.field(), "window_days");
}

#[test]
fn arbitrary_bytes_never_panic() {
    // A cheap, deterministic sweep; fuzz/ has the real fuzz target.
    let seeds: [&[u8]; 5] = [
        br#"{"hypotheses": [{"id": "H1"}], "evidence": [{"id": "E1", "ratings": {"H1": "C"}}]}"#,
        br#"{"indicators": [{"id": "I", "hypothesis": "H", "rating": "C", "codes": ["19"]}]}"#,
        b"{\"a\": [1, 2, {\"b\": null}]}",
        b"\xef\xbb\xbf{}",
        b"[[[[[[[[",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for seed in seeds {
        for _ in 0..400 {
            let mut bytes = seed.to_vec();
            for _ in 0..3 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let at = (state as usize) % (bytes.len() + 1);
                let byte = (state >> 32) as u8;
                if state % 3 == 0 && at < bytes.len() {
                    bytes.remove(at);
                } else {
                    bytes.insert(at, byte);
                }
            }
            if let Ok(loaded) = parse_board_bytes(&bytes, Some("fuzz.json")) {
                let _ = dyad_ach::score(&loaded.board);
            }
        }
    }
}
