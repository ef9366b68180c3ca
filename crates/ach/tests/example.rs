//! The bundled example board (examples/boards/troops-to-ally.json): stored in
//! canonical form, and scoring as docs/ach.md and the README describe it.

use dyad_ach::{parse_board, score, sensitivity};
use std::f64::consts::SQRT_2;

fn example() -> (String, dyad_ach::Board) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/boards/troops-to-ally.json"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let loaded = parse_board(&text, Some(path)).unwrap();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    (text, loaded.board)
}

#[test]
fn example_is_stored_in_canonical_form() {
    let (text, board) = example();
    assert_eq!(board.to_json().unwrap(), text);
}

#[test]
fn example_has_the_shape_the_docs_promise() {
    let (_, board) = example();
    assert_eq!(
        board.hypothesis_ids(),
        ["defensive", "expansionist", "transactional"]
    );
    assert!((10..=15).contains(&board.evidence.len()));
    assert!(board.evidence.iter().filter(|e| e.assumption).count() >= 2);
    for hypothesis in &board.hypotheses {
        assert!(
            board
                .indicators
                .iter()
                .any(|i| i.hypothesis == hypothesis.id),
            "no indicator for {}",
            hypothesis.id
        );
    }
}

#[test]
fn example_scores_as_documented() {
    let (_, board) = example();
    let scores = score(&board);
    let weighted = |id: &str| scores.hypothesis(id).unwrap().weighted_inconsistency;
    // defensive: I on E04 (high×medium, √2) and E12 (medium×high, √2).
    assert!((weighted("defensive") - 2.0 * SQRT_2).abs() < 1e-12);
    // transactional: I on E07 (medium×low), E14 (low×medium), E15 (medium×medium).
    assert!((weighted("transactional") - (SQRT_2 + 1.0)).abs() < 1e-12);
    // expansionist: I on E02 (√2), E06 (1), E11 (½), II on E08 (2√2).
    assert!((weighted("expansionist") - (1.5 + 3.0 * SQRT_2)).abs() < 1e-12);
    assert_eq!(scores.leader.as_deref(), Some("transactional"));
    assert!((scores.margin.unwrap() - (SQRT_2 - 1.0)).abs() < 1e-12);
    assert_eq!(scores.linchpins, ["E04", "E12"]);
    let what_if = sensitivity(&board);
    assert_eq!(what_if.credibility_critical, ["E04", "E12"]);
    // E12 at low credibility ties defensive with transactional at exactly
    // 1 + √2; defensive's lower inconsistency (2 against 3) breaks the tie.
    let e12 = what_if.items.iter().find(|i| i.id == "E12").unwrap();
    assert_eq!(e12.credibility_low.leader.as_deref(), Some("defensive"));
    assert_eq!(e12.credibility_low.margin, Some(0.0));
}
