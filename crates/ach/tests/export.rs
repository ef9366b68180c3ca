//! Exports: the board file written back (canonical, round-tripping), the
//! Markdown report's order and flags, and the CSV matrix.

use dyad_ach::{Board, ExportFormat, csv_matrix, export, markdown_report, parse_board};

fn board(name: &str) -> (String, Board) {
    let path = format!("{}/tests/boards/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let board = parse_board(&text, Some(&path)).unwrap().board;
    (text, board)
}

#[test]
fn json_is_pretty_ordered_and_round_trips() {
    let (_, original) = board("hand-computed.json");
    let json = export(&original, ExportFormat::Json).unwrap();
    assert!(json.ends_with("}\n"));
    assert!(json.starts_with("{\n  \"title\": "));
    let order = [
        "\"title\"",
        "\"question\"",
        "\"hypotheses\"",
        "\"evidence\"",
        "\"indicators\"",
    ];
    let positions: Vec<usize> = order.iter().map(|key| json.find(key).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{json}");
    // Missing credibility/relevance are written out as medium; ratings follow
    // hypothesis order (E5 lists H3 before H1 in the file).
    let e5 = json.find("\"id\": \"E5\"").unwrap();
    let tail = &json[e5..];
    assert!(tail.find("\"H1\"").unwrap() < tail.find("\"H3\"").unwrap());
    let reloaded = parse_board(&json, None).unwrap().board;
    assert_eq!(reloaded, original);
    // Writing is idempotent: the written form is the canonical form.
    assert_eq!(export(&reloaded, ExportFormat::Json).unwrap(), json);
}

#[test]
fn markdown_ranks_hypotheses_and_puts_diagnostic_items_first() {
    let (_, b) = board("hand-computed.json");
    let report = markdown_report(&b);
    assert!(report.starts_with("# Hand-computed scores\n"));
    assert!(
        report.contains("**Conclusion:** H1 (First) leads"),
        "{report}"
    );
    let ranked = [
        "| 1 | H1 (First) **(leader)** |",
        "| 2 | H2 (Second) |",
        "| 3 | H3 (Third) |",
    ];
    let positions: Vec<usize> = ranked
        .iter()
        .map(|row| {
            report
                .find(row)
                .unwrap_or_else(|| panic!("{row} in\n{report}"))
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]));
    // E1 and E2 (√14/3) before E3, E4, E5 (√6/3).
    let rows: Vec<usize> = ["| E1 |", "| E2 |", "| E3 |", "| E4 |", "| E5 |"]
        .iter()
        .map(|row| report.find(row).unwrap())
        .collect();
    assert!(rows.windows(2).all(|w| w[0] < w[1]));
    assert!(
        report.contains("| E1 | high/high, weight 2 | 1.25 | high | high | C | I | II |"),
        "{report}"
    );
    assert!(report.contains("## Linchpins\n\nNone"), "{report}");
}

#[test]
fn markdown_flags_linchpins_and_assumptions_and_orders_by_diagnosticity() {
    let (_, b) = board("linchpins.json");
    let report = markdown_report(&b);
    assert!(report.contains("| E3 | weight 1 against H2, too | 0.50 | medium | medium | · | I | **linchpin**, assumption |"), "{report}");
    assert!(
        report.contains(
            "- **E2**: without it, the leader would be H2 (runner-up). (weight 1 against H2)"
        ),
        "{report}"
    );
    assert!(
        report.contains("- **E2** (credibility medium): the leader would be H2"),
        "{report}"
    );
    let (_, ties) = board("ties.json");
    let report = markdown_report(&ties);
    assert!(
        report.contains("No single hypothesis leads: H3"),
        "{report}"
    );
    let (_, empty) = board("empty.json");
    let report = markdown_report(&empty);
    assert!(
        report.contains("The board has no hypotheses yet."),
        "{report}"
    );
}

#[test]
fn markdown_escapes_table_breaking_text() {
    let text = r#"{"title": "a | b", "hypotheses": [{"id": "H1", "title": "x*y"}],
        "evidence": [{"id": "E1", "text": "line one\nline | two", "ratings": {"H1": "I"}}]}"#;
    let report = markdown_report(&parse_board(text, None).unwrap().board);
    assert!(report.starts_with("# a \\| b\n"), "{report}");
    assert!(report.contains("line one line \\| two"), "{report}");
    assert!(report.contains("H1 (x\\*y)"), "{report}");
}

#[test]
fn csv_has_one_row_per_item_and_one_column_per_hypothesis() {
    let (_, b) = board("linchpins.json");
    let csv_text = csv_matrix(&b).unwrap();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "id",
            "text",
            "credibility",
            "relevance",
            "type",
            "date",
            "source",
            "assumption",
            "events",
            "diagnosticity",
            "linchpin",
            "H1",
            "H2"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[0][0], "E1");
    assert_eq!(&rows[0][2], "high");
    assert_eq!(&rows[0][9], "0.5000");
    assert_eq!(&rows[0][10], "false");
    assert_eq!(&rows[0][11], "I");
    assert_eq!(&rows[0][12], "");
    assert_eq!(&rows[2][7], "true");
    assert_eq!(&rows[2][10], "true");
}

#[test]
fn csv_quotes_commas_quotes_and_newlines() {
    let text = r#"{"hypotheses": [{"id": "H,1"}],
        "evidence": [{"id": "E1", "text": "said \"no\", then\nyes", "events": [3, 4], "ratings": {"H,1": "CC"}}]}"#;
    let csv_text = csv_matrix(&parse_board(text, None).unwrap().board).unwrap();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    assert_eq!(&reader.headers().unwrap()[11], "H,1");
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[1], "said \"no\", then\nyes");
    assert_eq!(&row[8], "3 4");
    assert_eq!(&row[11], "CC");
}
