//! Indicators: which events match, the window and count rules, and the
//! evidence proposed and applied, citing event ids.

use dyad_ach::{Board, EventRecord, Level, Rating, apply, parse_board, propose, validate};
use dyad_model::Date;

fn date(text: &str) -> Date {
    dyad_model::parse_date(text).unwrap()
}

fn event(id: i64, day: &str, source: &str, target: &str, code: &str) -> EventRecord {
    EventRecord {
        id,
        date: dyad_model::parse_date(day),
        source: source.into(),
        target: target.into(),
        code: code.into(),
        sentence: format!("Sentence of event {id}."),
        doc_id: format!("doc-{id}"),
    }
}

fn board() -> Board {
    let text = r#"{
  "hypotheses": [{"id": "DEF", "title": "defensive"}, {"id": "AGG", "title": "aggressive"}],
  "evidence": [{"id": "E1", "text": "already cited", "events": [5]}],
  "indicators": [
    {"id": "combat", "hypothesis": "AGG", "description": "DPRK forces fighting Ukraine",
     "source_actors": ["PRK"], "target_actors": ["UKR"], "codes": ["19", "18"],
     "window_days": 10, "min_count": 3, "rating": "C", "credibility": "high"},
    {"id": "aid", "hypothesis": "DEF", "source_actors": ["RUS"], "codes": ["072"],
     "window_days": 1, "rating": "I"}
  ]
}"#;
    parse_board(text, None).unwrap().board
}

#[test]
fn matching_by_actor_prefix_and_code_root() {
    let b = board();
    let combat = &b.indicators[0];
    assert!(combat.matches(&event(1, "2024-11-01", "PRKMIL", "UKRMIL", "190")));
    assert!(combat.matches(&event(1, "2024-11-01", "PRK", "UKR", "1821")));
    assert!(!combat.matches(&event(1, "2024-11-01", "RUSMIL", "UKR", "190")));
    assert!(!combat.matches(&event(1, "2024-11-01", "PRK", "USA", "190")));
    assert!(!combat.matches(&event(1, "2024-11-01", "PRK", "UKR", "172")));
    // An empty target list matches any target.
    let aid = &b.indicators[1];
    assert!(aid.matches(&event(1, "2024-11-01", "RUSGOV", "PRK", "072")));
    assert!(aid.matches(&event(1, "2024-11-01", "RUS", "---", "0721")));
    assert!(!aid.matches(&event(1, "2024-11-01", "RUS", "PRK", "071")));
}

#[test]
fn window_count_and_citations() {
    let b = board();
    let as_of = date("2024-11-10");
    let events = vec![
        // Window of 10 days ending 2024-11-10 starts 2024-11-01, both ends in.
        event(1, "2024-11-01", "PRKMIL", "UKRMIL", "190"),
        event(2, "2024-10-31", "PRKMIL", "UKRMIL", "190"), // a day too early
        event(3, "2024-11-10", "PRK", "UKR", "183"),
        event(4, "2024-11-11", "PRK", "UKR", "190"), // after the watch date
        event(5, "2024-11-05", "PRK", "UKR", "190"), // cited by E1 already
        event(6, "", "PRK", "UKR", "190"),           // no date
        event(7, "2024-11-07", "PRKMIL", "UKR", "193"),
        event(8, "2024-11-10", "RUS", "PRK", "072"),
        event(9, "2024-11-09", "RUS", "PRK", "072"), // outside the 1-day window
    ];
    let proposals = propose(&b, &events, as_of);
    assert_eq!(proposals.len(), 2);
    let combat = &proposals[0];
    assert_eq!(combat.indicator, "combat");
    assert_eq!(combat.window_start, date("2024-11-01"));
    assert_eq!(combat.evidence.id, "combat-2024-11-10");
    assert_eq!(combat.evidence.events, vec![1, 7, 3]);
    assert_eq!(combat.evidence.ratings.get("AGG"), Some(Rating::Consistent));
    assert_eq!(combat.evidence.ratings.get("DEF"), None);
    assert_eq!(combat.evidence.credibility, Level::High);
    assert_eq!(combat.evidence.date.as_deref(), Some("2024-11-10"));
    assert!(
        combat
            .evidence
            .text
            .starts_with("3 events, PRK → UKR, CAMEO 19 (FIGHT)")
    );
    assert!(
        combat
            .evidence
            .text
            .contains("DPRK forces fighting Ukraine")
    );
    let notes = combat.evidence.notes.as_deref().unwrap();
    assert!(notes.contains("[1] doc-1: Sentence of event 1."), "{notes}");
    let sentences: Vec<&str> = combat.events.iter().map(|e| e.sentence.as_str()).collect();
    assert_eq!(sentences.len(), 3);
    let aid = &proposals[1];
    assert_eq!(aid.evidence.events, vec![8]);
    assert_eq!(aid.evidence.ratings.get("DEF"), Some(Rating::Inconsistent));
}

#[test]
fn below_min_count_proposes_nothing() {
    let b = board();
    let events = vec![
        event(1, "2024-11-01", "PRK", "UKR", "190"),
        event(3, "2024-11-10", "PRK", "UKR", "190"),
    ];
    assert!(propose(&b, &events, date("2024-11-10")).is_empty());
}

#[test]
fn applied_proposals_cite_events_and_do_not_propose_again() {
    let mut b = board();
    let as_of = date("2024-11-10");
    let events: Vec<EventRecord> = (10..14)
        .map(|id| event(id, "2024-11-08", "PRK", "UKR", "190"))
        .collect();
    let proposals = propose(&b, &events, as_of);
    assert_eq!(proposals.len(), 1);
    let added = apply(&mut b, &proposals);
    assert_eq!(added, vec!["combat-2024-11-10"]);
    validate(&b).unwrap();
    let item = b.evidence_item("combat-2024-11-10").unwrap();
    assert_eq!(item.events, vec![10, 11, 12, 13]);
    assert_eq!(item.evidence_type.as_deref(), Some("event data"));
    // The same events are cited now: nothing new to propose.
    assert!(propose(&b, &events, as_of).is_empty());
    // Three new events fire the indicator again, under a fresh id.
    let mut more = events.clone();
    more.extend((20..23).map(|id| event(id, "2024-11-09", "PRK", "UKR", "190")));
    let again = propose(&b, &more, as_of);
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].evidence.events, vec![20, 21, 22]);
    assert_eq!(again[0].evidence.id, "combat-2024-11-10-2");
    apply(&mut b, &again);
    validate(&b).unwrap();
    // Applied boards still write and read back.
    let json = b.to_json().unwrap();
    assert_eq!(parse_board(&json, None).unwrap().board, b);
}

#[test]
fn duplicate_events_in_the_input_count_once() {
    let b = board();
    let events = vec![
        event(1, "2024-11-08", "PRK", "UKR", "190"),
        event(1, "2024-11-08", "PRK", "UKR", "190"),
        event(2, "2024-11-08", "PRK", "UKR", "190"),
    ];
    assert!(propose(&b, &events, date("2024-11-10")).is_empty());
}

#[test]
fn store_query_covers_the_window() {
    let b = board();
    let query = b.indicators[0].query(date("2024-11-10"));
    assert_eq!(query.from, date("2024-11-01"));
    assert_eq!(query.to, date("2024-11-10"));
    assert_eq!(query.source_prefixes, vec!["PRK"]);
    assert_eq!(query.code_prefixes, vec!["19", "18"]);
    // A window reaching before the calendar's start is clamped, not a panic.
    let mut wide = b.indicators[0].clone();
    wide.window_days = u32::MAX;
    assert_eq!(wide.window_start(date("0001-01-01")), Date::MIN);
}

#[test]
fn evaluate_reports_indicators_that_did_not_fire() {
    let b = board();
    let events = vec![
        event(1, "2024-11-09", "PRK", "UKR", "190"),
        event(2, "2024-11-10", "RUS", "PRK", "072"),
    ];
    let results = dyad_ach::evaluate(&b, &events, date("2024-11-10"));
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].indicator, "combat");
    assert_eq!((results[0].matched, results[0].needed), (1, 3));
    assert!(results[0].proposal.is_none());
    assert_eq!((results[1].matched, results[1].needed), (1, 1));
    assert_eq!(
        results[1].proposal.as_ref().map(|p| p.evidence.id.as_str()),
        Some("aid-2024-11-10")
    );
}
