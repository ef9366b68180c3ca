//! Networks read through the store's monthly roll-ups must equal networks
//! summed day by day from the daily aggregate, for windows that start and end
//! on month boundaries, inside months, inside one month, and unbounded, at
//! country and actor level, raw and deduplicated; and so must monthly dyad
//! series.

use dyad_analysis::network::{Level, Network, NetworkRequest, build_network};
use dyad_model::{Date, Document, Event, RuleRef, country_key, is_null_actor};
use dyad_store::{DailyFilter, Store, StoreError, Tally, View};
use std::collections::BTreeMap;

fn event(doc: &str, day: Date, source: &str, target: &str, code: &str) -> Event {
    let mut event = Event {
        doc_id: doc.to_string(),
        sentence_index: 0,
        date: Some(day),
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
        sentence: format!("{source} acted on {target}."),
        source_span: None,
        target_span: None,
        verb_span: None,
        sentence_start: 0,
        rule: RuleRef::default(),
        issues: Vec::new(),
    };
    event.fill_code_facts();
    event
}

/// A store with events on every third day from mid-December 2023 to March
/// 2024, some repeated (for the deduplicated view) and some replaced.
fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("n.db")).unwrap();
    let actors = [
        "USAGOV", "USAMIL", "CHN", "RUSGOV", "PRKMIL", "IGOUNO", "---",
    ];
    let codes = ["042", "190", "057", "111", "036"];
    let start = Date::from_ymd_opt(2023, 12, 14).unwrap();
    let mut batch = Vec::new();
    for d in 0..40 {
        let day = start + chrono::Duration::days(d * 3);
        let id = format!("doc{d}");
        let events = (0..(d % 5 + 1))
            .map(|i| {
                let k = (d * 7 + i * 3) as usize;
                event(
                    &id,
                    day,
                    actors[k % actors.len()],
                    actors[(k / 2 + 1) % actors.len()],
                    codes[(k / 3) % codes.len()],
                )
            })
            .collect::<Vec<_>>();
        let repeated = events.clone();
        batch.push((document(&id, day), events));
        // The same events reported again by a second article.
        let again = format!("again{d}");
        batch.push((
            document(&again, day),
            repeated
                .into_iter()
                .map(|mut e| {
                    e.doc_id = again.clone();
                    e
                })
                .collect(),
        ));
    }
    store.ingest_batch(&batch, "v1").unwrap();
    // Replace a few documents with other events.
    let day = Date::from_ymd_opt(2024, 1, 31).unwrap();
    store
        .ingest_batch(
            &[
                (
                    document("doc5", day),
                    vec![event("doc5", day, "CHN", "USAGOV", "190")],
                ),
                (document("doc6", day), vec![]),
            ],
            "v2",
        )
        .unwrap();
    (dir, store)
}

fn document(id: &str, day: Date) -> Document {
    Document {
        id: id.to_string(),
        date: Some(day),
        text: format!("Text of {id}."),
        ..Document::default()
    }
}

/// The network's edges summed directly from the daily rows.
fn expected(store: &Store, request: &NetworkRequest) -> BTreeMap<(String, String), Tally> {
    let actors = store.actor_table().unwrap();
    let mut edges: BTreeMap<(String, String), Tally> = BTreeMap::new();
    let filter = DailyFilter {
        from: request.from,
        to: request.to,
        ..DailyFilter::default()
    };
    store
        .for_each_daily(&filter, |row| -> Result<(), StoreError> {
            let name = |id| {
                let code = actors.code(id).unwrap();
                (!is_null_actor(code)).then(|| match request.level {
                    Level::Country => country_key(code).to_string(),
                    Level::Actor => code.to_string(),
                })
            };
            let (Some(s), Some(t)) = (name(row.source), name(row.target)) else {
                return Ok(());
            };
            if s == t && !request.include_self_loops {
                return Ok(());
            }
            let tally = match request.view {
                View::Raw => &row.raw,
                View::Dedupe => &row.unique,
            };
            edges.entry((s, t)).or_default().add(tally);
            Ok(())
        })
        .unwrap();
    edges.retain(|_, t| t.events >= 1);
    edges
}

fn edges(network: &Network) -> BTreeMap<(String, String), Tally> {
    network
        .edges
        .iter()
        .map(|e| ((e.source.clone(), e.target.clone()), e.tally))
        .collect()
}

#[test]
fn roll_up_networks_equal_daily_sums_for_every_window() {
    let (_dir, store) = store();
    assert!(store.aggregate_differences().unwrap().is_empty());
    let d = |y, m, d| Some(Date::from_ymd_opt(y, m, d).unwrap());
    let windows = [
        (None, None),
        (d(2024, 1, 1), d(2024, 2, 29)),
        (d(2024, 1, 1), None),
        (None, d(2024, 1, 31)),
        (d(2023, 12, 20), d(2024, 2, 10)),
        (d(2024, 1, 5), d(2024, 1, 25)),
        (d(2024, 1, 31), d(2024, 2, 1)),
        (d(2023, 12, 31), d(2024, 3, 1)),
        (d(2024, 2, 1), d(2024, 2, 29)),
        (d(2024, 3, 10), d(2024, 1, 10)),
        (d(2020, 1, 1), d(2030, 12, 31)),
    ];
    let mut compared = 0;
    for (from, to) in windows {
        for level in [Level::Country, Level::Actor] {
            for view in [View::Raw, View::Dedupe] {
                for include_self_loops in [false, true] {
                    let request = NetworkRequest {
                        level,
                        view,
                        from,
                        to,
                        min_events: 1,
                        include_self_loops,
                    };
                    let network = build_network(&store, &request).unwrap();
                    let want = expected(&store, &request);
                    assert_eq!(
                        edges(&network),
                        want,
                        "{from:?}..{to:?} {level:?} {view:?} self loops {include_self_loops}"
                    );
                    compared += want.len();
                }
            }
        }
    }
    assert!(
        compared > 100,
        "the windows held edges to compare ({compared})"
    );
}

#[test]
fn monthly_series_through_the_roll_up_equal_daily_series_regrouped() {
    use dyad_analysis::series::{Period, SeriesRequest, dyad_series};
    let (_dir, store) = store();
    let d = |y, m, d| Some(Date::from_ymd_opt(y, m, d).unwrap());
    let windows = [
        (None, None),
        (d(2024, 1, 1), d(2024, 2, 29)),
        (d(2023, 12, 20), d(2024, 2, 10)),
        (d(2024, 1, 5), d(2024, 1, 25)),
        (d(2024, 1, 31), None),
        (None, d(2024, 2, 14)),
    ];
    let mut compared = 0;
    for (from, to) in windows {
        for (a, b) in [
            ("USA", "CHN"),
            ("USAGOV", "USA"),
            ("RUS", "PRK"),
            ("IGO", ""),
        ] {
            for view in [View::Raw, View::Dedupe] {
                let request = |period| SeriesRequest {
                    actor_a: a.to_string(),
                    actor_b: b.to_string(),
                    period,
                    view,
                    from,
                    to,
                };
                let monthly = dyad_series(&store, &request(Period::Month)).unwrap();
                let daily = dyad_series(&store, &request(Period::Day)).unwrap();
                let mut regrouped: BTreeMap<Date, (Tally, i64)> = BTreeMap::new();
                for point in &daily.points {
                    let entry = regrouped
                        .entry(Period::Month.start_of(point.start))
                        .or_default();
                    entry.0.add(&point.tally);
                    entry.1 += point.mentions;
                }
                let got: BTreeMap<Date, (Tally, i64)> = monthly
                    .points
                    .iter()
                    .map(|p| (p.start, (p.tally, p.mentions)))
                    .collect();
                assert_eq!(got, regrouped, "{a}-{b} {from:?}..{to:?} {view:?}");
                compared += got.values().filter(|(t, _)| t.events > 0).count();
            }
        }
    }
    assert!(
        compared > 20,
        "the series held events to compare ({compared})"
    );
}
