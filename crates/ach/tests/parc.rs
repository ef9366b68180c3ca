//! PARC ACH import: `.achz` files built here (gzip of UTF-16 XML, as PARC
//! writes them, plus the variants the importer tolerates), a round trip from a
//! board through PARC's layout and back, and the structural errors.

use dyad_ach::{Board, Level, ParcProblem, Rating, import_achz, parse_board};
use flate2::Compression;
use flate2::write::GzEncoder;
use std::io::Write;

#[derive(Clone, Copy)]
enum Encoding {
    Utf16LeBom,
    Utf16BeBom,
    Utf16LeNoBom,
    Utf8,
}

fn encode(xml: &str, encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Utf16LeBom => [0xff, 0xfe]
            .into_iter()
            .chain(xml.encode_utf16().flat_map(u16::to_le_bytes))
            .collect(),
        Encoding::Utf16BeBom => [0xfe, 0xff]
            .into_iter()
            .chain(xml.encode_utf16().flat_map(u16::to_be_bytes))
            .collect(),
        Encoding::Utf16LeNoBom => xml.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        Encoding::Utf8 => xml.as_bytes().to_vec(),
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn achz(xml: &str) -> Vec<u8> {
    gzip(&encode(xml, Encoding::Utf16LeBom))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn parc_level(level: Level) -> &'static str {
    match level {
        Level::Low => "Low",
        Level::Medium => "Medium",
        Level::High => "High",
    }
}

/// Writes a board in PARC ACH's XML layout (one VALUES entry per hypothesis).
fn parc_xml(board: &Board) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<ACH>\n");
    xml += &format!(
        "  <PROJECT-TITLE>{}</PROJECT-TITLE>\n  <MATRIX>\n",
        escape(&board.title)
    );
    for h in &board.hypotheses {
        xml += &format!(
            "    <HYPOTHESIS><NAME>{}</NAME></HYPOTHESIS>\n",
            escape(&h.title)
        );
    }
    for e in &board.evidence {
        xml += &format!("    <EVIDENCE>\n      <NAME>{}</NAME>\n", escape(&e.text));
        if let Some(notes) = &e.notes {
            xml += &format!("      <NOTES>{}</NOTES>\n", escape(notes));
        }
        if let Some(kind) = &e.evidence_type {
            xml += &format!("      <TYPE>{}</TYPE>\n", escape(kind));
        }
        if let Some(date) = &e.date {
            xml += &format!("      <DATE>{}</DATE>\n", escape(date));
        }
        xml += &format!(
            "      <CREDIBILITY>{}</CREDIBILITY>\n      <RELEVANCE>{}</RELEVANCE>\n",
            parc_level(e.credibility),
            parc_level(e.relevance)
        );
        let values: Vec<&str> = board
            .hypotheses
            .iter()
            .map(|h| e.ratings.get(&h.id).map_or("", Rating::symbol))
            .collect();
        xml += &format!(
            "      <VALUES>{}</VALUES>\n    </EVIDENCE>\n",
            values.join(",")
        );
    }
    xml += "  </MATRIX>\n</ACH>\n";
    xml
}

fn test_board() -> Board {
    let text = r#"{
  "title": "Round trip & friends",
  "question": "",
  "hypotheses": [
    {"id": "H1", "title": "Defensive <alliance>"},
    {"id": "H2", "title": "Aggressive"},
    {"id": "H3", "title": "Mercenary"}
  ],
  "evidence": [
    {"id": "E1", "text": "Treaty clause", "notes": "Article 4", "credibility": "high", "relevance": "high",
     "type": "Document", "date": "2024-06-19", "ratings": {"H1": "CC", "H2": "N", "H3": "C"}},
    {"id": "E2", "text": "Deployment inside Russia only", "credibility": "low",
     "ratings": {"H1": "C", "H2": "II", "H3": "NA"}},
    {"id": "E3", "text": "Leadership values regime survival", "type": "Assumption", "assumption": true,
     "ratings": {"H2": "I"}},
    {"id": "E4", "text": "Unrated item", "relevance": "low"}
  ]
}"#;
    parse_board(text, None).unwrap().board
}

#[test]
fn round_trip_through_parc_layout() {
    let board = test_board();
    let xml = parc_xml(&board);
    for encoding in [
        Encoding::Utf16LeBom,
        Encoding::Utf16BeBom,
        Encoding::Utf16LeNoBom,
        Encoding::Utf8,
    ] {
        let imported = import_achz(&gzip(&encode(&xml, encoding)), Some("t.achz")).unwrap();
        assert_eq!(imported, board);
    }
    // Uncompressed XML is read too.
    let imported = import_achz(&encode(&xml, Encoding::Utf16LeBom), None).unwrap();
    assert_eq!(imported, board);
}

#[test]
fn lenient_about_names_value_layouts_and_missing_fields() {
    let xml = r#"<?xml version="1.0" encoding="UTF-16"?>
<ach:Project xmlns:ach="urn:x">
  <Project_Title>Lenient</Project_Title>
  <matrix>
    <hypothesis><name>A</name><notes>first</notes></hypothesis>
    <Hypothesis>B</Hypothesis>
    <HYPOTHESIS><NAME>C</NAME></HYPOTHESIS>
    <evidence>
      <name>children values</name>
      <values><value>++</value><value>-</value><value>n/a</value></values>
    </evidence>
    <EVIDENCE>
      <NAME>spaced values &amp; missing credibility</NAME>
      <VALUES>CC I II</VALUES>
    </EVIDENCE>
    <EVIDENCE>
      <NAME><![CDATA[fewer values than hypotheses]]></NAME>
      <Credibility>h</Credibility>
      <VALUES>--; +</VALUES>
    </EVIDENCE>
    <EVIDENCE><NAME>no values at all</NAME><TYPE>assumption</TYPE></EVIDENCE>
  </matrix>
</ach:Project>"#;
    let board = import_achz(&achz(xml), None).unwrap();
    assert_eq!(board.title, "Lenient");
    let titles: Vec<&str> = board.hypotheses.iter().map(|h| h.title.as_str()).collect();
    assert_eq!(titles, ["A", "B", "C"]);
    assert_eq!(board.hypotheses[0].notes.as_deref(), Some("first"));
    let e = &board.evidence;
    assert_eq!(e.len(), 4);
    assert_eq!(e[0].ratings.get("H1"), Some(Rating::VeryConsistent));
    assert_eq!(e[0].ratings.get("H2"), Some(Rating::Inconsistent));
    assert_eq!(e[0].ratings.get("H3"), Some(Rating::NotApplicable));
    assert_eq!(e[1].text, "spaced values & missing credibility");
    assert_eq!(e[1].credibility, Level::Medium);
    assert_eq!(e[1].ratings.get("H3"), Some(Rating::VeryInconsistent));
    assert_eq!(e[2].text, "fewer values than hypotheses");
    assert_eq!(e[2].credibility, Level::High);
    assert_eq!(e[2].ratings.get("H1"), Some(Rating::VeryInconsistent));
    assert_eq!(e[2].ratings.get("H2"), Some(Rating::Consistent));
    assert_eq!(e[2].ratings.get("H3"), None);
    assert!(e[3].assumption);
    assert!(e[3].ratings.is_empty());
    let ids: Vec<&str> = e.iter().map(|item| item.id.as_str()).collect();
    assert_eq!(ids, ["E1", "E2", "E3", "E4"]);
}

#[test]
fn imported_board_writes_a_loadable_file() {
    let board = import_achz(&achz(&parc_xml(&test_board())), None).unwrap();
    let json = board.to_json().unwrap();
    let reloaded = parse_board(&json, Some("imported.json")).unwrap();
    assert!(reloaded.warnings.is_empty());
    assert_eq!(reloaded.board, board);
}

#[track_caller]
fn problem_of(bytes: &[u8]) -> ParcProblem {
    match import_achz(bytes, Some("bad.achz")) {
        Ok(board) => panic!("imported a broken file: {board:?}"),
        Err(err) => {
            assert!(err.to_string().starts_with("bad.achz: "), "{err}");
            err.problem
        }
    }
}

#[test]
fn structural_errors_are_reported() {
    assert!(matches!(
        problem_of(&[0x1f, 0x8b, 8, 0, 1, 2, 3]),
        ParcProblem::Gzip { .. }
    ));
    assert_eq!(
        problem_of(&gzip(&[0xff, 0xfe, b'<', 0, b'a'])),
        ParcProblem::OddUtf16Length { length: 5 }
    );
    // A lone low surrogate after "<".
    assert_eq!(
        problem_of(&gzip(&[0xff, 0xfe, b'<', 0, 0x00, 0xdc])),
        ParcProblem::BadUtf16 { offset: 4 }
    );
    assert!(matches!(
        problem_of(&gzip(b"<ACH>\xff</ACH>")),
        ParcProblem::BadUtf8 { offset: 5 }
    ));
    assert_eq!(
        problem_of(&achz("<ACH><PROJECT-TITLE>x</PROJECT-TITLE></ACH>")),
        ParcProblem::NoMatrix
    );
    match problem_of(&achz("<ACH>\n<MATRIX>\n  <HYPOTHESIS></MATRIX>\n</ACH>")) {
        ParcProblem::Xml { position, .. } => assert_eq!(position.line, 3),
        other => panic!("{other:?}"),
    }
    match problem_of(&achz("<ACH>\n <MATRIX>")) {
        ParcProblem::Unclosed { position, name } => {
            assert_eq!(name, "MATRIX");
            assert_eq!((position.line, position.column), (2, 2));
        }
        other => panic!("{other:?}"),
    }
    match problem_of(&achz(
        "<ACH><MATRIX><EVIDENCE><NAME>&bogus;</NAME></EVIDENCE></MATRIX></ACH>",
    )) {
        ParcProblem::Xml { message, .. } => assert!(message.contains("bogus"), "{message}"),
        other => panic!("{other:?}"),
    }
    let deep = format!("{}{}", "<a>".repeat(300), "</a>".repeat(300));
    assert!(matches!(
        problem_of(&achz(&deep)),
        ParcProblem::TooDeep { .. }
    ));
}

#[test]
fn bad_values_name_the_evidence_item() {
    let matrix = |evidence: &str| {
        format!(
            "<ACH><MATRIX>\n<HYPOTHESIS><NAME>A</NAME></HYPOTHESIS>\n<HYPOTHESIS><NAME>B</NAME></HYPOTHESIS>\n\
             <EVIDENCE><NAME>fine</NAME><VALUES>C,I</VALUES></EVIDENCE>\n{evidence}</MATRIX></ACH>"
        )
    };
    match problem_of(&achz(&matrix(
        "<EVIDENCE><NAME>Too many</NAME><VALUES>C,I,N</VALUES></EVIDENCE>",
    ))) {
        ParcProblem::TooManyValues {
            position,
            number,
            name,
            count,
            hypotheses,
        } => {
            assert_eq!(
                (number, name.as_str(), count, hypotheses),
                (2, "Too many", 3, 2)
            );
            assert_eq!(position.line, 5);
        }
        other => panic!("{other:?}"),
    }
    let err = import_achz(
        &achz(&matrix(
            "<EVIDENCE><NAME>Odd</NAME><VALUES>C,maybe</VALUES></EVIDENCE>",
        )),
        Some("bad.achz"),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "bad.achz: 5:1: evidence #2 (\"Odd\"): value #2 \"maybe\" is not a rating (CC, C, N, I, II, NA or PARC's ++, +, -, --, N/A)"
    );
    assert!(matches!(
        problem_of(&achz(&matrix(
            "<EVIDENCE><NAME>Sure</NAME><CREDIBILITY>certain</CREDIBILITY></EVIDENCE>"
        ))),
        ParcProblem::UnknownLevel {
            field: "credibility",
            ..
        }
    ));
}

#[test]
fn arbitrary_bytes_never_panic() {
    let seed = achz(&parc_xml(&test_board()));
    let plain = encode(&parc_xml(&test_board()), Encoding::Utf16LeBom);
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    for base in [seed, plain] {
        for _ in 0..300 {
            let mut bytes = base.clone();
            for _ in 0..4 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let at = (state as usize) % bytes.len();
                bytes[at] = (state >> 40) as u8;
            }
            let _ = import_achz(&bytes, None);
        }
    }
}
