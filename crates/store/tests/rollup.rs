//! Tests of the monthly roll-ups written once a month stops changing: every
//! reader sees pending months as if they had been rolled up at each batch (in
//! the writing store and in a second one opened beside it), a store left by a
//! killed ingest reads right and is rolled up by the next ingest, writers
//! taking turns, re-ingested documents, days in random order, more new months
//! in one batch than may be pending, and migration 6.

use dyad_model::{Date, Document, Event, QuadClass, RuleRef, Span};
use dyad_store::{DailyFilter, DyadLevel, SCHEMA_VERSION, Store, StoreError, TallyKind};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

fn event(doc: &str, day: Date, source: &str, target: &str, code: &str, goldstein: f64) -> Event {
    let mut event = Event {
        doc_id: doc.to_string(),
        sentence_index: 0,
        date: Some(day),
        source: source.to_string(),
        target: target.to_string(),
        code: code.to_string(),
        root_code: None,
        quad_class: None,
        goldstein: Some(goldstein),
        plover: None,
        source_text: source.to_string(),
        target_text: target.to_string(),
        verb_text: "did".to_string(),
        sentence: format!("{source} did {code} to {target}."),
        source_span: Some(Span::new(0, source.len())),
        target_span: None,
        verb_span: None,
        sentence_start: 0,
        rule: RuleRef {
            file: "verbs.txt".to_string(),
            line: 1,
            text: "DID".to_string(),
        },
        issues: Vec::new(),
    };
    event.fill_code_facts();
    if event.quad_class.is_none() {
        event.quad_class = Some(QuadClass::VerbalCooperation);
    }
    event
}

type Batch = Vec<(Document, Vec<Event>)>;

/// A small deterministic news stream: `batches` batches of `per_batch`
/// articles over consecutive days from 2024-01-20 (`days_per_batch` days a
/// batch, or days drawn over the whole span when `shuffled`), events up to a
/// week late, some re-reports, and every fifth batch re-ingesting an article
/// of the batch before with other events.
fn stream(batches: usize, per_batch: usize, days_per_batch: i64, shuffled: bool) -> Vec<Batch> {
    let actors = [
        "USAGOV", "CHNGOV", "RUSMIL", "UKRMIL", "PRKGOV", "KOR", "FRA", "DEUBUS",
    ];
    let codes = [
        ("042", 1.9),
        ("057", 8.0),
        ("111", -2.0),
        ("190", -10.0),
        ("036", 4.0),
    ];
    let start = Date::from_ymd_opt(2024, 1, 20).unwrap();
    let span = batches as i64 * days_per_batch;
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let mut out: Vec<Batch> = Vec::new();
    for b in 0..batches {
        let mut batch = Vec::new();
        for a in 0..per_batch {
            let offset = if shuffled {
                next(span as u64) as i64
            } else {
                b as i64 * days_per_batch + (a as i64 * days_per_batch) / per_batch as i64
            };
            let day = start + chrono::Duration::days(offset);
            let id = format!("d{b}-{a}");
            let mut events = Vec::new();
            for _ in 0..1 + next(4) {
                let late = if next(5) == 0 { next(8) as i64 } else { 0 };
                let source = actors[next(actors.len() as u64) as usize];
                let target = actors[next(actors.len() as u64) as usize];
                let (code, goldstein) = codes[next(codes.len() as u64) as usize];
                let copies = if next(4) == 0 { 2 } else { 1 };
                for _ in 0..copies {
                    events.push(event(
                        &id,
                        day - chrono::Duration::days(late),
                        source,
                        target,
                        code,
                        goldstein,
                    ));
                }
            }
            batch.push((document(&id, day), events));
        }
        if b % 5 == 4 {
            // An article of the batch before, stored again with other events.
            let (old, old_events) = &out[b - 1][per_batch / 2];
            let day = old.date.unwrap();
            let mut events: Vec<Event> = old_events.iter().skip(1).cloned().collect();
            events.push(event(&old.id, day, "FRA", "DEUBUS", "190", -10.0));
            batch.push((old.clone(), events));
        }
        out.push(batch);
    }
    out
}

fn document(id: &str, day: Date) -> Document {
    Document {
        id: id.to_string(),
        date: Some(day),
        source: Some("wire".to_string()),
        url: None,
        text: format!("Text of {id}."),
        metadata: serde_json::Map::new(),
    }
}

/// What every reader of the roll-ups returns, as sorted lines: monthly rows
/// (all, and a dyad both ways), a dyad's days in a window, pair tallies of
/// actors and countries (all time and over a window of whole and partial
/// months), and the workbench's dyad totals.
fn reads(store: &Store) -> Vec<String> {
    let mut lines = Vec::new();
    let from = Date::from_ymd_opt(2024, 2, 10);
    let to = Date::from_ymd_opt(2024, 5, 3);
    let filters = [
        DailyFilter::default(),
        DailyFilter {
            sources: vec!["USA".to_string()],
            targets: vec!["CHN".to_string()],
            both_directions: true,
            from,
            to,
        },
    ];
    for (index, filter) in filters.iter().enumerate() {
        store
            .for_each_monthly(filter, |row| -> Result<(), StoreError> {
                lines.push(format!("monthly {index} {row:?}"));
                Ok(())
            })
            .unwrap();
    }
    store
        .for_each_daily(&filters[1], |row| -> Result<(), StoreError> {
            lines.push(format!("dyad day {row:?}"));
            Ok(())
        })
        .unwrap();
    for level in [DyadLevel::Actor, DyadLevel::Country] {
        for kind in [TallyKind::Raw, TallyKind::Unique] {
            for (from, to) in [(None, None), (from, to)] {
                let mut sums = std::collections::BTreeMap::new();
                store
                    .for_each_dyad_tally(
                        from,
                        to,
                        level,
                        kind,
                        |source, target, tally| -> Result<(), StoreError> {
                            sums.entry((source, target))
                                .or_insert_with(dyad_store::Tally::default)
                                .add(tally);
                            Ok(())
                        },
                    )
                    .unwrap();
                lines.extend(sums.iter().map(|(pair, tally)| {
                    format!("{level:?} {kind:?} {from:?} {pair:?} {tally:?}")
                }));
            }
        }
    }
    for total in store.dyad_totals().unwrap() {
        lines.push(format!("total {total:?}"));
    }
    lines.sort();
    lines
}

fn pending_months(path: &Path) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row("SELECT count(*) FROM rollup_pending", [], |r| r.get(0))
        .unwrap()
}

/// Both roll-up tables, row by row in key order.
fn rollup_tables(path: &Path) -> Vec<String> {
    let conn = Connection::open(path).unwrap();
    let mut lines = Vec::new();
    for table in ["dyad_monthly", "country_monthly"] {
        let mut stmt = conn
            .prepare(&format!(
                "SELECT * FROM {table} ORDER BY month, source, target"
            ))
            .unwrap();
        let width = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            let values: Vec<i64> = (0..width).map(|i| row.get(i).unwrap()).collect();
            lines.push(format!("{table} {values:?}"));
        }
    }
    lines
}

fn assert_consistent(store: &Store) {
    let differences = store.aggregate_differences().unwrap();
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

fn temp_paths() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    let b = dir.path().join("b.db");
    (dir, a, b)
}

/// Ingests `batches` into a store that rolls every month up after each batch
/// and closes it: the reference the other stores must read like.
fn reference(path: &Path, batches: &[Batch]) {
    let mut store = Store::open(path).unwrap();
    for batch in batches {
        store.ingest_batch(batch, "v1").unwrap();
        store.flush_rollups().unwrap();
        assert_eq!(pending_months(path), 0);
    }
}

#[test]
fn pending_months_read_like_rolled_up_ones_in_the_writer_and_beside_it() {
    for shuffled in [false, true] {
        let (_dir, path, reference_path) = temp_paths();
        let batches = stream(12, 40, 6, shuffled);
        let mut writer = Store::open(&path).unwrap();
        let mut rolled = Store::open(&reference_path).unwrap();
        let mut ever_pending = 0;
        for batch in &batches {
            writer.ingest_batch(batch, "v1").unwrap();
            rolled.ingest_batch(batch, "v1").unwrap();
            rolled.flush_rollups().unwrap();
            ever_pending = ever_pending.max(pending_months(&path));
            let expected = reads(&rolled);
            assert_eq!(reads(&writer), expected, "shuffled: {shuffled}");
            let reader = Store::open_existing(&path).unwrap();
            assert_eq!(reads(&reader), expected, "shuffled: {shuffled}");
            assert_consistent(&reader);
            drop(reader);
        }
        assert!(ever_pending > 0, "no month was ever pending");
        assert!(ever_pending <= 4, "{ever_pending} months pending at once");
        drop(writer);
        drop(rolled);
        assert_eq!(pending_months(&path), 0, "closing rolls every month up");
        assert_eq!(rollup_tables(&path), rollup_tables(&reference_path));
    }
}

#[test]
fn a_killed_ingest_leaves_months_that_read_right_and_the_next_ingest_rolls_up() {
    let (_dir, path, reference_path) = temp_paths();
    let batches = stream(15, 40, 6, false);
    reference(&reference_path, &batches);
    {
        let mut store = Store::open(&path).unwrap();
        for batch in &batches[..8] {
            store.ingest_batch(batch, "v1").unwrap();
        }
        // As if the process were killed: nothing runs after the last commit.
        std::mem::forget(store);
    }
    assert!(pending_months(&path) > 0);
    let partial = tempfile::tempdir().unwrap();
    let partial_reference = partial.path().join("r.db");
    reference(&partial_reference, &batches[..8]);
    {
        let reopened = Store::open_existing(&path).unwrap();
        assert_consistent(&reopened);
        let expected = reads(&Store::open_existing(&partial_reference).unwrap());
        assert_eq!(reads(&reopened), expected);
    }
    // The re-run stores batch 7 again (the last one committed) and the rest;
    // the months left pending have no sums in memory and are rolled up from their days.
    {
        let mut store = Store::open(&path).unwrap();
        for batch in &batches[7..] {
            store.ingest_batch(batch, "v1").unwrap();
            assert_consistent(&store);
        }
    }
    assert_eq!(pending_months(&path), 0);
    assert_eq!(rollup_tables(&path), rollup_tables(&reference_path));
    let store = Store::open_existing(&path).unwrap();
    assert_eq!(
        reads(&store),
        reads(&Store::open_existing(&reference_path).unwrap())
    );
}

#[test]
fn writers_taking_turns_keep_the_roll_ups_right() {
    let (_dir, path, reference_path) = temp_paths();
    let batches = stream(10, 30, 4, false);
    reference(&reference_path, &batches);
    let mut first = Store::open(&path).unwrap();
    let mut second = Store::open(&path).unwrap();
    for (index, batch) in batches.iter().enumerate() {
        let writer = if index % 3 == 1 {
            &mut second
        } else {
            &mut first
        };
        writer.ingest_batch(batch, "v1").unwrap();
        assert_consistent(&Store::open_existing(&path).unwrap());
    }
    drop(first);
    drop(second);
    assert_eq!(pending_months(&path), 0);
    assert_eq!(rollup_tables(&path), rollup_tables(&reference_path));
}

#[test]
fn a_batch_with_more_new_months_than_may_be_pending_rolls_up_the_rest() {
    let (_dir, path, reference_path) = temp_paths();
    // One batch over about ten months, then one over the next two.
    let mut batches = stream(2, 60, 150, false);
    batches[1].truncate(10);
    reference(&reference_path, &batches);
    let mut store = Store::open(&path).unwrap();
    store.ingest_batch(&batches[0], "v1").unwrap();
    let pending = pending_months(&path);
    assert!((1..=4).contains(&pending), "{pending} months pending");
    assert_consistent(&store);
    store.ingest_batch(&batches[1], "v1").unwrap();
    assert_consistent(&store);
    assert_eq!(
        reads(&store),
        reads(&Store::open_existing(&reference_path).unwrap())
    );
    drop(store);
    assert_eq!(rollup_tables(&path), rollup_tables(&reference_path));
}

#[test]
fn a_schema_5_store_gets_the_pending_list_and_reads_the_same() {
    let (_dir, path, _) = temp_paths();
    let batches = stream(6, 30, 6, false);
    let before = {
        let mut store = Store::open(&path).unwrap();
        for batch in &batches {
            store.ingest_batch(batch, "v1").unwrap();
        }
        drop(store);
        reads(&Store::open_existing(&path).unwrap())
    };
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("DROP TABLE rollup_pending; PRAGMA user_version = 5;")
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let conn = Connection::open(&path).unwrap();
    let version: i32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    assert_eq!(pending_months(&path), 0);
    assert_eq!(reads(&store), before);
    assert_consistent(&store);
}

#[test]
fn a_store_whose_pending_month_has_roll_up_rows_is_reported_inconsistent() {
    let (_dir, path, _) = temp_paths();
    let batches = stream(3, 30, 6, false);
    let mut store = Store::open(&path).unwrap();
    for batch in &batches {
        store.ingest_batch(batch, "v1").unwrap();
    }
    drop(store);
    let conn = Connection::open(&path).unwrap();
    conn.execute(
        "INSERT INTO rollup_pending (month) SELECT month FROM dyad_monthly LIMIT 1",
        [],
    )
    .unwrap();
    let store = Store::open_existing(&path).unwrap();
    let differences = store.aggregate_differences().unwrap();
    assert!(
        differences
            .iter()
            .any(|d| d.contains("in a month listed as not rolled up")),
        "{differences:?}"
    );
}
