//! Tests of the workbench reads: document listings (paging, search, event
//! counts, snippets), day and dyad totals against the raw events, the event
//! date range, and `data_version` seeing another connection's commit.

use dyad_model::{Date, Document, Event, RuleRef, Span};
use dyad_store::{DocumentQuery, Store, StoreError, Tally};
use std::collections::HashMap;

fn date(text: &str) -> Date {
    Date::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn event(doc: &str, day: Option<&str>, source: &str, target: &str, code: &str) -> Event {
    let sentence = format!("{source} acted on {target}.");
    let mut event = Event {
        doc_id: doc.to_string(),
        sentence_index: 0,
        date: day.map(date),
        source: source.to_string(),
        target: target.to_string(),
        code: code.to_string(),
        root_code: None,
        quad_class: None,
        goldstein: None,
        plover: None,
        source_text: source.to_string(),
        target_text: target.to_string(),
        verb_text: "acted".to_string(),
        source_span: Some(Span::new(0, source.len())),
        target_span: None,
        verb_span: None,
        sentence,
        sentence_start: 0,
        rule: RuleRef::default(),
        issues: Vec::new(),
    };
    event.fill_code_facts();
    event
}

fn document(id: &str, day: &str, text: &str) -> Document {
    Document {
        id: id.to_string(),
        date: Some(date(day)),
        source: Some("wire".to_string()),
        url: None,
        text: text.to_string(),
        metadata: serde_json::Map::new(),
    }
}

fn sample() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("s.db")).unwrap();
    let long_text = "é".repeat(300);
    let batch = vec![
        (
            document("a", "2024-01-01", "Troops crossed the border at dawn."),
            vec![
                event("a", Some("2024-01-01"), "PRKMIL", "UKR", "190"),
                event("a", Some("2024-01-01"), "RUSGOV", "PRKGOV", "042"),
            ],
        ),
        (
            document(
                "b",
                "2024-01-02",
                "Ministers met in Moscow_city for 100% of talks.",
            ),
            vec![
                event("b", Some("2024-01-02"), "RUSGOV", "PRKGOV", "042"),
                event("b", None, "RUS", "PRK", "010"),
            ],
        ),
        (document("c", "2024-01-03", &long_text), Vec::new()),
    ];
    store.ingest_batch(&batch, "test").unwrap();
    (dir, store)
}

#[test]
fn documents_list_newest_first_with_counts_and_pages() {
    let (_dir, store) = sample();
    let all = store
        .document_summaries(&DocumentQuery {
            limit: 10,
            ..DocumentQuery::default()
        })
        .unwrap();
    let ids: Vec<&str> = all.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["c", "b", "a"]);
    assert_eq!(all[1].events, 2);
    assert_eq!(all[2].events, 2);
    assert_eq!(all[0].events, 0);
    assert_eq!(all[2].date, Some(date("2024-01-01")));
    // Snippets are cut at characters, not bytes; the length is in bytes.
    assert_eq!(
        all[0].snippet.chars().count(),
        dyad_store::browse::SNIPPET_CHARS
    );
    assert_eq!(all[0].text_bytes, 600);

    let first_page = store
        .document_summaries(&DocumentQuery {
            limit: 2,
            ..DocumentQuery::default()
        })
        .unwrap();
    assert_eq!(first_page.len(), 2);
    let next = store
        .document_summaries(&DocumentQuery {
            limit: 2,
            before_row: Some(first_page[1].row),
            ..DocumentQuery::default()
        })
        .unwrap();
    assert_eq!(
        next.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
        ["a"]
    );
}

#[test]
fn document_search_matches_all_words_and_escapes_wildcards() {
    let (_dir, store) = sample();
    let search = |words: &[&str]| -> Vec<String> {
        store
            .document_summaries(&DocumentQuery {
                words: words.iter().map(|w| w.to_string()).collect(),
                limit: 10,
                ..DocumentQuery::default()
            })
            .unwrap()
            .into_iter()
            .map(|d| d.id)
            .collect()
    };
    assert_eq!(search(&["border"]), ["a"]);
    assert_eq!(search(&["TROOPS", "dawn"]), ["a"]);
    assert!(search(&["troops", "moscow"]).is_empty());
    // `%` and `_` are literal characters, not wildcards.
    assert_eq!(search(&["100%"]), ["b"]);
    assert_eq!(search(&["moscow_city"]), ["b"]);
    assert!(search(&["moscow%city"]).is_empty());
    assert!(search(&["o_"]).is_empty());
    // Document ids match too.
    assert_eq!(search(&["c"]).first().map(String::as_str), Some("c"));
}

#[test]
fn day_and_dyad_totals_match_the_events() {
    let (_dir, store) = sample();
    let days = store.daily_totals(None, None).unwrap();
    let by_day: HashMap<Date, i64> = days.iter().map(|(d, t)| (*d, t.raw.events)).collect();
    assert_eq!(by_day.len(), 2, "undated events are not in the aggregate");
    assert_eq!(by_day[&date("2024-01-01")], 2);
    assert_eq!(by_day[&date("2024-01-02")], 1);
    let first = &days[0].1;
    let mut expected = Tally::default();
    expected.add(&Tally::of_event(
        dyad_model::event::CodeFacts::of("190").quad_class,
        dyad_model::event::CodeFacts::of("190").goldstein,
    ));
    expected.add(&Tally::of_event(
        dyad_model::event::CodeFacts::of("042").quad_class,
        dyad_model::event::CodeFacts::of("042").goldstein,
    ));
    assert_eq!(first.raw, expected);
    assert_eq!(
        store
            .daily_totals(Some(date("2024-01-02")), Some(date("2024-01-31")))
            .unwrap()
            .len(),
        1
    );

    let actors = store.actor_table().unwrap();
    let dyads: HashMap<(String, String), (i64, i64)> = store
        .dyad_totals()
        .unwrap()
        .into_iter()
        .map(|d| {
            (
                (
                    actors.code(d.source).unwrap().to_string(),
                    actors.code(d.target).unwrap().to_string(),
                ),
                (d.tallies.raw.events, d.tallies.unique.events),
            )
        })
        .collect();
    assert_eq!(dyads.len(), 2);
    // RUSGOV→PRKGOV met on two days: two events, two distinct reports.
    assert_eq!(dyads[&("RUSGOV".to_string(), "PRKGOV".to_string())], (2, 2));
    assert_eq!(dyads[&("PRKMIL".to_string(), "UKR".to_string())], (1, 1));
}

#[test]
fn date_range_and_data_version() {
    let (dir, store) = sample();
    assert_eq!(
        store.event_date_range().unwrap(),
        Some((date("2024-01-01"), date("2024-01-02")))
    );
    let empty = Store::open(dir.path().join("empty.db")).unwrap();
    assert_eq!(empty.event_date_range().unwrap(), None);

    let before = store.data_version().unwrap();
    assert_eq!(
        store.data_version().unwrap(),
        before,
        "no commit, no change"
    );
    let mut writer = Store::open_existing(store.path()).unwrap();
    writer
        .ingest_batch(
            &[(document("d", "2024-02-01", "More text."), Vec::new())],
            "test",
        )
        .map_err(|e: StoreError| e.to_string())
        .unwrap();
    assert_ne!(store.data_version().unwrap(), before);
}
