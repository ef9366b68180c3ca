//! Scores checked against values computed by hand (the arithmetic is written
//! out next to each assertion), on the boards under `tests/boards/`.

use dyad_ach::{Board, Level, Scores, parse_board, score, sensitivity};
use std::f64::consts::{FRAC_1_SQRT_2, SQRT_2};

fn board(name: &str) -> Board {
    let path = format!("{}/tests/boards/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{path}: {err}"));
    let loaded = parse_board(&text, Some(&path)).unwrap_or_else(|err| panic!("{err}"));
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    loaded.board
}

fn close(actual: f64, expected: f64) -> bool {
    (actual - expected).abs() < 1e-12
}

#[track_caller]
fn assert_hypothesis(
    scores: &Scores,
    id: &str,
    inconsistency: u64,
    weighted: f64,
    consistency: u64,
    rank: usize,
) {
    let h = scores
        .hypothesis(id)
        .unwrap_or_else(|| panic!("no score for {id}"));
    assert_eq!(h.inconsistency, inconsistency, "{id} inconsistency");
    assert!(
        close(h.weighted_inconsistency, weighted),
        "{id} weighted inconsistency {} != {weighted}",
        h.weighted_inconsistency
    );
    assert_eq!(h.consistency, consistency, "{id} consistency");
    assert_eq!(h.rank, rank, "{id} rank");
}

#[track_caller]
fn assert_diagnosticity(scores: &Scores, expected: &[(&str, f64)]) {
    assert_eq!(scores.evidence.len(), expected.len());
    for (item, (id, value)) in scores.evidence.iter().zip(expected) {
        assert_eq!(item.id, *id);
        assert!(
            close(item.diagnosticity, *value),
            "{id} diagnosticity {} != {value}",
            item.diagnosticity
        );
    }
}

#[test]
fn hand_computed_board() {
    let scores = score(&board("hand-computed.json"));
    // H1: I on E2 (low×medium = 1/√2); C on E1 and E5.
    assert_hypothesis(&scores, "H1", 1, FRAC_1_SQRT_2, 2, 1);
    // H2: I on E1 (high×high = 2) and E3 (medium×high = √2); CC on E2, C on E4.
    assert_hypothesis(&scores, "H2", 2, 2.0 + SQRT_2, 3, 2);
    // H3: II on E1 (2×2), I on E4 (1) and E5 (high×low = 1); C on E3; E2 missing.
    assert_hypothesis(&scores, "H3", 4, 6.0, 1, 3);
    assert_eq!(scores.leader.as_deref(), Some("H1"));
    // margin = (2 + √2) − 1/√2 = 2 + √2/2
    assert!(close(scores.margin.unwrap(), 2.0 + SQRT_2 / 2.0));
    assert!(scores.linchpins.is_empty());
    assert!(scores.tied_for_lead.is_empty());
    // E1 = (1, −1, −2): n·Σv² − (Σv)² = 3·6 − 4 = 14, σ = √14 / 3.
    // E2 = (−1, 2, 0): 3·5 − 1 = 14. E3 = (0, −1, 1), E4 = (0, 1, −1),
    // E5 = (1, 0, −1): 3·2 − 0 = 6, σ = √6 / 3.
    let d14 = 14f64.sqrt() / 3.0;
    let d6 = 6f64.sqrt() / 3.0;
    assert_diagnosticity(
        &scores,
        &[("E1", d14), ("E2", d14), ("E3", d6), ("E4", d6), ("E5", d6)],
    );
}

#[test]
fn ties_at_every_tie_break_level() {
    let scores = score(&board("ties.json"));
    // All four have weighted inconsistency exactly 1: ½·2, 1·1, √2·(1/√2), (1/√2)·√2.
    // H1 loses the inconsistency tie-break (2), H2 the consistency one (0),
    // H3 and H4 are equal on all three and share rank 1.
    assert_hypothesis(&scores, "H1", 2, 1.0, 0, 4);
    assert_hypothesis(&scores, "H2", 1, 1.0, 0, 3);
    assert_hypothesis(&scores, "H3", 1, 1.0, 1, 1);
    assert_hypothesis(&scores, "H4", 1, 1.0, 1, 1);
    assert_eq!(scores.leader, None);
    assert_eq!(scores.tied_for_lead, vec!["H3", "H4"]);
    assert_eq!(scores.margin, Some(0.0));
    // Removing E1, E2, E3 or E5 lets one hypothesis lead alone; removing E4
    // leaves H2, H3 and H4 tied.
    assert_eq!(scores.linchpins, vec!["E1", "E2", "E3", "E5"]);
    // E1 = (−2, 0, 0, 0): 4·4 − 4 = 12, σ = √12/4; E2, E3, E5 one −1: 4 − 1 = 3;
    // E4 = (0, 0, 1, 1): 4·2 − 4 = 4, σ = 2/4.
    let d3 = 3f64.sqrt() / 4.0;
    assert_diagnosticity(
        &scores,
        &[
            ("E1", 12f64.sqrt() / 4.0),
            ("E2", d3),
            ("E3", d3),
            ("E4", 0.5),
            ("E5", d3),
        ],
    );
}

#[test]
fn weighted_tie_broken_by_inconsistency_decides_the_leader() {
    let text = r#"{"hypotheses": [{"id": "A"}, {"id": "B"}], "evidence": [
        {"id": "e1", "credibility": "low", "relevance": "low", "ratings": {"A": "II"}},
        {"id": "e2", "ratings": {"B": "I"}}]}"#;
    let scores = score(&parse_board(text, None).unwrap().board);
    assert_hypothesis(&scores, "A", 2, 1.0, 0, 2);
    assert_hypothesis(&scores, "B", 1, 1.0, 0, 1);
    assert_eq!(scores.leader.as_deref(), Some("B"));
    assert_eq!(scores.margin, Some(0.0));
}

#[test]
fn weighted_and_inconsistency_tie_broken_by_consistency() {
    // high×low is exactly 1, like medium×medium, although √2·(1/√2) ≠ 1 in floating point.
    let text = r#"{"hypotheses": [{"id": "A"}, {"id": "B"}], "evidence": [
        {"id": "e1", "credibility": "high", "relevance": "low", "ratings": {"A": "I"}},
        {"id": "e2", "ratings": {"B": "I"}},
        {"id": "e3", "ratings": {"B": "C", "A": "N"}}]}"#;
    let scores = score(&parse_board(text, None).unwrap().board);
    assert_hypothesis(&scores, "A", 1, 1.0, 0, 2);
    assert_hypothesis(&scores, "B", 1, 1.0, 1, 1);
    assert_eq!(scores.leader.as_deref(), Some("B"));
    assert_eq!(scores.margin, Some(0.0));
    assert!(scores.tied_for_lead.is_empty());
}

#[test]
fn na_and_missing_cells_count_as_nothing() {
    let scores = score(&board("na-and-missing.json"));
    assert_hypothesis(&scores, "H1", 1, 1.0, 0, 2);
    assert_hypothesis(&scores, "H2", 0, 0.0, 0, 1);
    assert_eq!(scores.leader.as_deref(), Some("H2"));
    assert_eq!(scores.margin, Some(1.0));
    // E1 = (0, 0), E2 = (0, 0), E3 = (−1, 0): 2·1 − 1 = 1, σ = 1/2.
    assert_diagnosticity(&scores, &[("E1", 0.0), ("E2", 0.0), ("E3", 0.5)]);
    // Removing E3 leaves both at zero: a tie, so E3 is a linchpin.
    assert_eq!(scores.linchpins, vec!["E3"]);
}

#[test]
fn one_hypothesis_leads_with_no_margin() {
    let scores = score(&board("one-hypothesis.json"));
    assert_hypothesis(&scores, "only", 1, 2.0, 1, 1);
    assert_eq!(scores.leader.as_deref(), Some("only"));
    assert_eq!(scores.margin, None);
    assert!(scores.linchpins.is_empty());
    // One rating has no spread.
    assert_diagnosticity(&scores, &[("E1", 0.0), ("E2", 0.0)]);
    let json = serde_json::to_value(&scores).unwrap();
    assert!(json["margin"].is_null());
}

#[test]
fn empty_board_has_no_leader_and_no_margin() {
    let scores = score(&board("empty.json"));
    assert!(scores.hypotheses.is_empty());
    assert!(scores.evidence.is_empty());
    assert_eq!(scores.leader, None);
    assert_eq!(scores.margin, None);
    assert!(scores.linchpins.is_empty());
    assert!(scores.tied_for_lead.is_empty());
    let json = serde_json::to_value(&scores).unwrap();
    assert!(json["leader"].is_null());
    assert!(json["margin"].is_null());
    assert_eq!(json["linchpins"], serde_json::json!([]));
}

#[test]
fn evidence_without_hypotheses_scores_zero_diagnosticity() {
    let text = r#"{"evidence": [{"id": "E1", "text": "orphan"}]}"#;
    let scores = score(&parse_board(text, None).unwrap().board);
    assert_eq!(scores.leader, None);
    assert_diagnosticity(&scores, &[("E1", 0.0)]);
}

#[test]
fn all_consistent_board_is_ranked_by_consistency() {
    let scores = score(&board("all-consistent.json"));
    assert_hypothesis(&scores, "H1", 0, 0.0, 3, 1);
    assert_hypothesis(&scores, "H2", 0, 0.0, 2, 2);
    assert_hypothesis(&scores, "H3", 0, 0.0, 2, 2);
    assert_eq!(scores.leader.as_deref(), Some("H1"));
    assert_eq!(scores.margin, Some(0.0));
    // Without E1 all three have consistency 1: a three-way tie.
    assert_eq!(scores.linchpins, vec!["E1"]);
    // E1 = (2, 1, 1): 3·6 − 16 = 2, σ = √2/3; E2 = (1, 1, 1): 0.
    assert_diagnosticity(&scores, &[("E1", SQRT_2 / 3.0), ("E2", 0.0)]);
}

#[test]
fn linchpins_and_credibility_what_ifs() {
    let board = board("linchpins.json");
    let scores = score(&board);
    // H1: 2 (one I at weight 2), inconsistency 1; H2: 1 + 1, inconsistency 2.
    assert_hypothesis(&scores, "H1", 1, 2.0, 0, 1);
    assert_hypothesis(&scores, "H2", 2, 2.0, 0, 2);
    assert_eq!(scores.leader.as_deref(), Some("H1"));
    assert_eq!(scores.linchpins, vec!["E2", "E3"]);

    let what_if = sensitivity(&board);
    assert_eq!(what_if.leader.as_deref(), Some("H1"));
    assert_eq!(what_if.linchpins, vec!["E2", "E3"]);
    let e1 = &what_if.items[0];
    assert_eq!(e1.id, "E1");
    assert!(!e1.linchpin);
    // Without E1: H1 0, H2 2.
    assert_eq!(e1.without.leader.as_deref(), Some("H1"));
    assert_eq!(e1.without.margin, Some(2.0));
    // E1 at low credibility: weight (1/√2)·√2 = 1, so H1 1 and H2 2.
    assert_eq!(e1.credibility, Level::High);
    assert_eq!(e1.credibility_low.leader.as_deref(), Some("H1"));
    assert!(close(e1.credibility_low.margin.unwrap(), 1.0));
    assert!(!e1.credibility_low.leader_changes);
    let e2 = &what_if.items[1];
    assert!(e2.linchpin);
    assert_eq!(e2.without.leader.as_deref(), Some("H2"));
    assert!(e2.without.leader_changes);
    // E2 at low credibility: H2 = 1/√2 + 1 < 2, so H2 leads by 2 − 1 − 1/√2.
    assert_eq!(e2.credibility_low.leader.as_deref(), Some("H2"));
    assert!(close(
        e2.credibility_low.margin.unwrap(),
        1.0 - FRAC_1_SQRT_2
    ));
    assert!(e2.credibility_low.leader_changes);
    assert_eq!(what_if.credibility_critical, vec!["E2", "E3"]);
}

#[test]
fn low_credibility_what_if_is_a_no_op_for_low_items() {
    let text = r#"{"hypotheses": [{"id": "A"}, {"id": "B"}], "evidence": [
        {"id": "e1", "credibility": "low", "ratings": {"A": "I"}}]}"#;
    let board = parse_board(text, None).unwrap().board;
    let what_if = sensitivity(&board);
    let item = &what_if.items[0];
    assert_eq!(item.credibility_low.leader, what_if.leader);
    assert_eq!(item.credibility_low.margin, what_if.margin);
    assert!(!item.credibility_low.leader_changes);
    // Without e1 the two tie: e1 is a linchpin.
    assert!(item.linchpin);
    assert_eq!(item.without.leader, None);
}

#[test]
fn score_json_has_the_documented_shape() {
    let scores = score(&board("hand-computed.json"));
    let json = serde_json::to_value(&scores).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in ["hypotheses", "evidence", "leader", "margin", "linchpins"] {
        assert!(keys.contains(&key), "missing {key}");
    }
    let h1 = &json["hypotheses"][0];
    assert_eq!(h1["id"], "H1");
    assert_eq!(h1["inconsistency"], 1);
    assert_eq!(h1["consistency"], 2);
    assert_eq!(h1["rank"], 1);
    assert!(h1["weighted_inconsistency"].is_f64());
    assert_eq!(json["evidence"][0]["id"], "E1");
    assert!(json["evidence"][0]["diagnosticity"].is_f64());
}
