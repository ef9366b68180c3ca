//! Tests of the event store: opening and migrations, refusals that leave files
//! untouched, idempotent re-ingest, the daily aggregate against a
//! recomputation, deduplication, every event filter, and boards.

use dyad_model::{Date, Document, Event, QuadClass, RuleRef, Span};
use dyad_store::{
    APPLICATION_ID, DailyFilter, DyadLevel, EventFilter, SCHEMA_VERSION, Store, StoreError,
    TallyKind, View,
};
use rusqlite::Connection;
use std::path::Path;

fn date(text: &str) -> Date {
    Date::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn event(doc: &str, day: &str, source: &str, target: &str, code: &str) -> Event {
    let sentence = format!("{source} did {code} to {target}.");
    let mut event = Event {
        doc_id: doc.to_string(),
        sentence_index: 0,
        date: Some(date(day)),
        source: source.to_string(),
        target: target.to_string(),
        code: code.to_string(),
        root_code: None,
        quad_class: None,
        goldstein: None,
        plover: None,
        source_text: source.to_string(),
        target_text: target.to_string(),
        verb_text: "did".to_string(),
        sentence,
        source_span: Some(Span::new(0, source.len())),
        target_span: None,
        verb_span: Some(Span::new(source.len() + 1, source.len() + 4)),
        sentence_start: 0,
        rule: RuleRef {
            file: "verbs.txt".to_string(),
            line: 7,
            text: "DID [code]".to_string(),
        },
        issues: vec!["TEST".to_string()],
    };
    event.fill_code_facts();
    event
}

fn document(id: &str, day: &str, source: &str) -> Document {
    Document {
        id: id.to_string(),
        date: Some(date(day)),
        source: Some(source.to_string()),
        url: Some(format!("https://news.example/{id}")),
        text: format!("Text of {id}."),
        metadata: serde_json::Map::from_iter([("lang".to_string(), serde_json::json!("en"))]),
    }
}

fn temp_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    (dir, path)
}

fn all_events(store: &Store, filter: &EventFilter, view: View) -> Vec<dyad_store::StoredEvent> {
    let mut out = Vec::new();
    store
        .for_each_event(filter, view, |e| -> Result<(), StoreError> {
            out.push(e);
            Ok(())
        })
        .unwrap();
    out
}

fn assert_aggregate_consistent(store: &Store) {
    let differences = store.aggregate_differences().unwrap();
    assert!(
        differences.is_empty(),
        "aggregate differs:\n{}",
        differences.join("\n")
    );
}

// ------------------------------------------------------------ opening

#[test]
fn fresh_store_has_dyad_identity_and_reopens() {
    let (_dir, path) = temp_db();
    {
        let store = Store::open(&path).unwrap();
        assert_eq!(store.counts().unwrap().events, 0);
    }
    let conn = Connection::open(&path).unwrap();
    let app: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    let version: i32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    let journal: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(app, APPLICATION_ID);
    assert_eq!(version, SCHEMA_VERSION);
    assert_eq!(journal, "wal");
    drop(conn);
    let store = Store::open_existing(&path).unwrap();
    assert!(store.integrity_problems().unwrap().is_empty());
}

#[test]
fn missing_file_is_not_created_by_open_existing() {
    let (_dir, path) = temp_db();
    let err = Store::open_existing(&path).err().unwrap();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err}");
    assert!(!path.exists());
}

fn snapshot(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

fn siblings(path: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn non_sqlite_file_is_refused_untouched() {
    let (_dir, path) = temp_db();
    std::fs::write(&path, "id,date\n1,2024-01-01\n").unwrap();
    let before = snapshot(&path);
    let err = Store::open(&path).err().unwrap();
    assert!(matches!(err, StoreError::NotSqlite { .. }), "{err}");
    assert!(err.to_string().contains("store.db") && err.to_string().contains("not an SQLite"));
    assert_eq!(snapshot(&path), before);
    assert_eq!(siblings(&path), ["store.db"]);
}

#[test]
fn foreign_sqlite_database_is_refused_untouched() {
    let (_dir, path) = temp_db();
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE invoices (id INTEGER, total REAL); INSERT INTO invoices VALUES (1, 9.5);",
        )
        .unwrap();
    }
    let before = snapshot(&path);
    let err = Store::open(&path).err().unwrap();
    assert!(matches!(err, StoreError::Foreign { .. }), "{err}");
    assert!(err.to_string().contains("another application"), "{err}");
    assert_eq!(snapshot(&path), before);
    assert_eq!(
        siblings(&path),
        ["store.db"],
        "no WAL or journal files left behind"
    );

    // Another application's id is refused even with no tables.
    let other = path.with_file_name("other.db");
    {
        let conn = Connection::open(&other).unwrap();
        conn.pragma_update(None, "application_id", 0x1234_5678)
            .unwrap();
    }
    let err = Store::open(&other).err().unwrap();
    assert!(
        matches!(
            err,
            StoreError::Foreign {
                application_id: 0x1234_5678,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn newer_schema_is_refused_untouched() {
    let (_dir, path) = temp_db();
    drop(Store::open(&path).unwrap());
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = snapshot(&path);
    let err = Store::open(&path).err().unwrap();
    match &err {
        StoreError::NewerSchema {
            found, supported, ..
        } => {
            assert_eq!(*found, SCHEMA_VERSION + 1);
            assert_eq!(*supported, SCHEMA_VERSION);
        }
        other => panic!("expected NewerSchema, got {other}"),
    }
    assert!(err.to_string().contains("newer dyad"));
    assert_eq!(snapshot(&path), before);
}

#[test]
fn corrupt_database_is_refused() {
    let (_dir, path) = temp_db();
    // SQLite's magic followed by garbage.
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend((0..4096u32).map(|i| (i * 7919 % 251) as u8));
    std::fs::write(&path, &bytes).unwrap();
    let err = Store::open(&path).err().unwrap();
    assert!(err.is_refusal(), "{err}");
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    assert_eq!(snapshot(&path), bytes);
}

/// The schema of the first release (store schema version 1), as it created it.
const V1_SCHEMA: &str = r#"
    CREATE TABLE dictionary_versions (
        id INTEGER PRIMARY KEY,
        fingerprint TEXT NOT NULL UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        first_used_at INTEGER NOT NULL
    );
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        doc_id TEXT NOT NULL UNIQUE,
        date TEXT,
        source TEXT,
        url TEXT,
        text TEXT NOT NULL,
        metadata TEXT,
        dictionary_version INTEGER REFERENCES dictionary_versions(id),
        ingested_at INTEGER NOT NULL
    );
    CREATE TABLE actors (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE
    );
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        document INTEGER NOT NULL REFERENCES documents(id),
        sentence_index INTEGER NOT NULL,
        date TEXT,
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        code TEXT NOT NULL,
        root_code TEXT,
        quad_class INTEGER,
        goldstein REAL,
        plover TEXT,
        source_text TEXT NOT NULL,
        target_text TEXT NOT NULL,
        verb_text TEXT NOT NULL,
        sentence TEXT NOT NULL,
        source_start INTEGER,
        source_end INTEGER,
        target_start INTEGER,
        target_end INTEGER,
        verb_start INTEGER,
        verb_end INTEGER,
        sentence_start INTEGER NOT NULL,
        rule_file TEXT NOT NULL,
        rule_line INTEGER NOT NULL,
        rule_text TEXT NOT NULL,
        issues TEXT,
        dictionary_version INTEGER REFERENCES dictionary_versions(id)
    );
    CREATE INDEX events_by_document ON events(document);
    CREATE INDEX events_by_report ON events(date, source, target, code);
    CREATE INDEX events_by_source ON events(source, date);
    CREATE INDEX events_by_target ON events(target, date);
    CREATE TABLE dyad_daily (
        source INTEGER NOT NULL REFERENCES actors(id),
        target INTEGER NOT NULL REFERENCES actors(id),
        day INTEGER NOT NULL,
        events INTEGER NOT NULL,
        verbal_cooperation INTEGER NOT NULL,
        material_cooperation INTEGER NOT NULL,
        verbal_conflict INTEGER NOT NULL,
        material_conflict INTEGER NOT NULL,
        scored INTEGER NOT NULL,
        goldstein_tenths INTEGER NOT NULL,
        cooperation_tenths INTEGER NOT NULL,
        conflict_tenths INTEGER NOT NULL,
        unique_events INTEGER NOT NULL,
        unique_verbal_cooperation INTEGER NOT NULL,
        unique_material_cooperation INTEGER NOT NULL,
        unique_verbal_conflict INTEGER NOT NULL,
        unique_material_conflict INTEGER NOT NULL,
        unique_scored INTEGER NOT NULL,
        unique_goldstein_tenths INTEGER NOT NULL,
        unique_cooperation_tenths INTEGER NOT NULL,
        unique_conflict_tenths INTEGER NOT NULL,
        PRIMARY KEY (source, target, day)
    ) WITHOUT ROWID;
"#;

/// Writes a schema-1 store the way the first release's ingest did: text dates
/// and codes in `events`, the daily aggregate keyed by actor ids (its values
/// summed here the way that release summed them), WAL journal.
fn write_v1_store(path: &Path, batch: &[(Document, Vec<Event>)]) {
    let conn = Connection::open(path).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.execute_batch(V1_SCHEMA).unwrap();
    conn.pragma_update(None, "application_id", APPLICATION_ID)
        .unwrap();
    conn.pragma_update(None, "user_version", 1).unwrap();
    conn.execute(
        "INSERT INTO dictionary_versions (fingerprint, first_used_at) VALUES ('dict-1', 1)",
        [],
    )
    .unwrap();
    type Sums = ([i64; 9], [i64; 9]);
    let mut daily: std::collections::BTreeMap<(String, String, i64), Sums> = Default::default();
    let mut first_reports = std::collections::HashSet::new();
    for (document, events) in batch {
        conn.execute(
            "INSERT INTO documents (doc_id, date, source, url, text, metadata, dictionary_version, ingested_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, 1700000000)",
            rusqlite::params![
                document.id,
                document.date.map(|d| d.to_string()),
                document.source,
                document.url,
                document.text,
                serde_json::Value::Object(document.metadata.clone()).to_string()
            ],
        )
        .unwrap();
        let row = conn.last_insert_rowid();
        for e in events {
            conn.execute(
                "INSERT INTO events (document, sentence_index, date, source, target, code, root_code,
                    quad_class, goldstein, plover, source_text, target_text, verb_text, sentence,
                    source_start, source_end, target_start, target_end, verb_start, verb_end,
                    sentence_start, rule_file, rule_line, rule_text, issues, dictionary_version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                         ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, 1)",
                rusqlite::params![
                    row,
                    e.sentence_index,
                    e.date.map(|d| d.to_string()),
                    e.source,
                    e.target,
                    e.code,
                    e.root_code,
                    e.quad_class.map(|q| q.number()),
                    e.goldstein,
                    e.plover,
                    e.source_text,
                    e.target_text,
                    e.verb_text,
                    e.sentence,
                    e.source_span.map(|s| s.start as i64),
                    e.source_span.map(|s| s.end as i64),
                    e.target_span.map(|s| s.start as i64),
                    e.target_span.map(|s| s.end as i64),
                    e.verb_span.map(|s| s.start as i64),
                    e.verb_span.map(|s| s.end as i64),
                    e.sentence_start as i64,
                    e.rule.file,
                    e.rule.line,
                    e.rule.text,
                    (!e.issues.is_empty()).then(|| serde_json::json!(e.issues).to_string()),
                ],
            )
            .unwrap();
            let Some(day) = e.date else { continue };
            let tally = dyad_store::Tally::of_event(e.quad_class, e.goldstein);
            let t = [
                tally.events,
                tally.by_quad[0],
                tally.by_quad[1],
                tally.by_quad[2],
                tally.by_quad[3],
                tally.scored,
                tally.goldstein_tenths,
                tally.cooperation_tenths,
                tally.conflict_tenths,
            ];
            let day_number = dyad_store::aggregate::day_number(day);
            let sums = daily
                .entry((e.source.clone(), e.target.clone(), day_number))
                .or_default();
            let first =
                first_reports.insert((day, e.source.clone(), e.target.clone(), e.code.clone()));
            for (i, value) in t.iter().enumerate() {
                sums.0[i] += value;
                if first {
                    sums.1[i] += value;
                }
            }
        }
    }
    for ((source, target, day), (raw, unique)) in daily {
        let id = |code: &str| -> i64 {
            conn.execute("INSERT OR IGNORE INTO actors (code) VALUES (?1)", [code])
                .unwrap();
            conn.query_row("SELECT id FROM actors WHERE code = ?1", [code], |r| {
                r.get(0)
            })
            .unwrap()
        };
        let key = [id(&source), id(&target), day];
        let values: Vec<i64> = key.into_iter().chain(raw).chain(unique).collect();
        conn.execute(
            &format!(
                "INSERT INTO dyad_daily VALUES ({})",
                vec!["?"; 21].join(", ")
            ),
            rusqlite::params_from_iter(values),
        )
        .unwrap();
    }
}

fn v1_batch() -> Vec<(Document, Vec<Event>)> {
    let mut undated = event("m2", "2024-06-30", "RUS", "UKR", "190");
    undated.date = None;
    vec![
        (
            document("m1", "2024-06-30", "wire"),
            vec![
                event("m1", "2024-06-30", "PRKGOV", "RUSGOV", "042"),
                event("m1", "2024-06-30", "PRKGOV", "RUSGOV", "042"),
                event("m1", "2024-06-30", "RUSMIL", "UKR", "190"),
            ],
        ),
        (
            document("m2", "2024-07-01", "paper"),
            vec![
                event("m2", "2024-07-01", "PRKGOV", "RUSGOV", "057"),
                undated,
            ],
        ),
        (document("m3", "2024-07-02", "wire"), vec![]),
    ]
}

#[test]
fn a_first_release_store_is_migrated_in_place_keeping_everything() {
    let (_dir, path) = temp_db();
    let batch = v1_batch();
    write_v1_store(&path, &batch);
    let before: Vec<(i64, String)> = {
        let conn = Connection::open(&path).unwrap();
        let mut stmt = conn
            .prepare("SELECT e.id, d.doc_id FROM events e JOIN documents d ON d.id = e.document ORDER BY e.id")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };

    let mut store = Store::open(&path).unwrap();
    let conn = Connection::open(&path).unwrap();
    let version: i32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    assert!(store.integrity_problems().unwrap().is_empty());
    // Every event is back, whole, with its id; the aggregate and the new
    // monthly roll-up agree with a recomputation from the migrated events.
    let events = all_events(&store, &EventFilter::default(), View::Raw);
    let expected: Vec<&Event> = batch.iter().flat_map(|(_, e)| e).collect();
    assert_eq!(events.len(), expected.len());
    for stored in &events {
        assert!(
            expected.contains(&&stored.event),
            "{:?} is not an original event",
            stored.event
        );
        assert!(before.contains(&(stored.id, stored.event.doc_id.clone())));
        assert_eq!(stored.dictionary_version.as_deref(), Some("dict-1"));
    }
    assert_eq!(events[0].event.date, None, "undated events first");
    assert_aggregate_consistent(&store);
    let counts = store.counts().unwrap();
    assert_eq!(
        (counts.documents, counts.events, counts.daily_rows),
        (3, 5, 3)
    );
    assert_eq!(store.document("m1").unwrap().unwrap(), batch[0].0);
    // Dedupe and actor filters work on migrated rows.
    let filter = EventFilter {
        sources: vec!["PRK".into()],
        ..Default::default()
    };
    assert_eq!(store.count_events(&filter, View::Raw).unwrap(), 3);
    assert_eq!(store.count_events(&filter, View::Dedupe).unwrap(), 2);
    // The migrated store takes new batches and replacements.
    store
        .ingest_batch(
            &[(
                document("m1", "2024-06-30", "wire"),
                vec![event("m1", "2024-06-30", "PRKGOV", "RUSGOV", "057")],
            )],
            "dict-2",
        )
        .unwrap();
    assert_aggregate_consistent(&store);
    assert_eq!(store.counts().unwrap().events, 3);
    store.save_board("b1", "Board", "{}").unwrap();
    assert_eq!(store.list_boards().unwrap().len(), 1);
}

/// Every row of the monthly roll-up of actor pairs, in key order.
fn monthly_rows(store: &Store) -> Vec<(Date, i64, i64, dyad_store::Tally, dyad_store::Tally)> {
    let mut rows = Vec::new();
    store
        .for_each_monthly(&DailyFilter::default(), |row| -> Result<(), StoreError> {
            rows.push((row.day, row.source, row.target, row.raw, row.unique));
            Ok(())
        })
        .unwrap();
    rows.sort_by_key(|(day, source, target, _, _)| (*day, *source, *target));
    rows
}

/// The key columns of `table`'s primary key, in order.
fn primary_key(conn: &Connection, table: &str) -> Vec<String> {
    let mut stmt = conn
        .prepare("SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk")
        .unwrap();
    stmt.query_map([table], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Turns a current store's aggregate tables back into schema 4's shape (the
/// Goldstein sums stored, between `scored` and `cooperation_tenths`, every
/// tally column NOT NULL) and marks the store as schema 4.
fn back_to_schema_4(conn: &Connection) {
    let tally = |prefix: &str| {
        [
            "events",
            "verbal_cooperation",
            "material_cooperation",
            "verbal_conflict",
            "material_conflict",
            "scored",
            "goldstein_tenths",
            "cooperation_tenths",
            "conflict_tenths",
        ]
        .map(|c| format!("{prefix}{c}"))
    };
    let columns: Vec<String> = [tally(""), tally("unique_")].concat();
    let values: Vec<String> = columns
        .iter()
        .map(|c| {
            if c.ends_with("goldstein_tenths") {
                let prefix = c.trim_end_matches("goldstein_tenths");
                format!("{prefix}cooperation_tenths + {prefix}conflict_tenths")
            } else {
                c.clone()
            }
        })
        .collect();
    for (table, period, key) in [
        ("dyad_daily", "day", "day, source, target"),
        ("dyad_monthly", "month", "source, target, month"),
        ("country_monthly", "month", "month, source, target"),
    ] {
        let definitions: Vec<String> = columns
            .iter()
            .map(|c| format!("{c} INTEGER NOT NULL"))
            .collect();
        conn.execute_batch(&format!(
            "CREATE TABLE {table}_v4 (
                 {period} INTEGER NOT NULL,
                 source INTEGER NOT NULL REFERENCES actors(id),
                 target INTEGER NOT NULL REFERENCES actors(id),
                 {},
                 PRIMARY KEY ({key})
             ) WITHOUT ROWID;
             INSERT INTO {table}_v4 SELECT {period}, source, target, {} FROM {table};
             DROP TABLE {table};
             ALTER TABLE {table}_v4 RENAME TO {table};",
            definitions.join(", "),
            values.join(", ")
        ))
        .unwrap();
    }
    back_to_schema_5(conn);
    conn.pragma_update(None, "user_version", 4).unwrap();
}

/// Takes a closed current store back to schema 5: without the list of months
/// not yet rolled up (closing rolled every month up, so it is empty).
fn back_to_schema_5(conn: &Connection) {
    let pending: i64 = conn
        .query_row("SELECT count(*) FROM rollup_pending", [], |r| r.get(0))
        .unwrap();
    assert_eq!(pending, 0, "a closed store has every month rolled up");
    conn.execute_batch("DROP TABLE rollup_pending; PRAGMA user_version = 5;")
        .unwrap();
}

/// Names of `table`'s columns.
fn column_names(conn: &Connection, table: &str) -> Vec<String> {
    let mut stmt = conn
        .prepare("SELECT name FROM pragma_table_info(?1)")
        .unwrap();
    stmt.query_map([table], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Every daily row and every country-pair sum of all time, raw and unique.
fn aggregate_contents(store: &Store) -> (Vec<String>, Vec<String>) {
    let mut daily = Vec::new();
    store
        .for_each_daily(&DailyFilter::default(), |row| -> Result<(), StoreError> {
            daily.push(format!("{row:?}"));
            Ok(())
        })
        .unwrap();
    daily.sort();
    let mut countries = Vec::new();
    for kind in [TallyKind::Raw, TallyKind::Unique] {
        store
            .for_each_dyad_tally(
                None,
                None,
                DyadLevel::Country,
                kind,
                |source, target, tally| -> Result<(), StoreError> {
                    countries.push(format!("{kind:?} {source} {target} {tally:?}"));
                    Ok(())
                },
            )
            .unwrap();
    }
    countries.sort();
    (daily, countries)
}

/// A store with replaced documents, re-reports and conflict and cooperation
/// events, so that every tally column has values.
fn varied_store(path: &Path) -> Store {
    let mut store = Store::open(path).unwrap();
    store.ingest_batch(&v1_batch(), "dict-1").unwrap();
    let mut fight = event("m4", "2024-06-30", "RUSMIL", "UKRMIL", "190");
    fight.goldstein = Some(-10.0);
    fight.quad_class = Some(QuadClass::MaterialConflict);
    store
        .ingest_batch(
            &[
                (
                    document("m4", "2024-06-30", "wire"),
                    vec![fight.clone(), fight],
                ),
                (
                    document("m1", "2024-06-30", "wire"),
                    vec![event("m1", "2024-06-30", "PRKGOV", "RUSGOV", "057")],
                ),
            ],
            "dict-1",
        )
        .unwrap();
    assert_aggregate_consistent(&store);
    store
}

#[test]
fn a_schema_4_store_loses_its_stored_goldstein_sums_and_reads_the_same() {
    let (_dir, path) = temp_db();
    let before = {
        let store = varied_store(&path);
        (aggregate_contents(&store), monthly_rows(&store))
    };
    assert!(
        before
            .0
            .0
            .iter()
            .any(|row| row.contains("goldstein_tenths: -100"))
    );
    {
        let conn = Connection::open(&path).unwrap();
        back_to_schema_4(&conn);
        assert!(column_names(&conn, "dyad_daily").contains(&"goldstein_tenths".to_string()));
    }

    let mut store = Store::open(&path).unwrap();
    let conn = Connection::open(&path).unwrap();
    let version: i32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    for table in ["dyad_daily", "dyad_monthly", "country_monthly"] {
        let columns = column_names(&conn, table);
        assert_eq!(columns.len(), 3 + 16, "{table}: {columns:?}");
        assert!(
            !columns.iter().any(|c| c.contains("goldstein")),
            "{table}: {columns:?}"
        );
    }
    assert_eq!(
        primary_key(&conn, "dyad_monthly"),
        ["source", "target", "month"]
    );
    assert_eq!(
        primary_key(&conn, "dyad_daily"),
        ["day", "source", "target"]
    );
    assert!(store.integrity_problems().unwrap().is_empty());
    assert_eq!((aggregate_contents(&store), monthly_rows(&store)), before);
    assert_aggregate_consistent(&store);
    store
        .ingest_batch(
            &[(
                document("m4", "2024-06-30", "wire"),
                vec![event("m4", "2024-06-30", "RUSMIL", "UKRMIL", "190")],
            )],
            "dict-1",
        )
        .unwrap();
    assert_aggregate_consistent(&store);
    assert!(store.integrity_problems().unwrap().is_empty());
}

#[test]
fn a_schema_4_store_whose_goldstein_sums_disagree_is_refused_unchanged() {
    let (_dir, path) = temp_db();
    drop(varied_store(&path));
    {
        let conn = Connection::open(&path).unwrap();
        back_to_schema_4(&conn);
        // Any one row of the country roll-up, changed by hand.
        conn.execute(
            "UPDATE country_monthly SET unique_goldstein_tenths = unique_goldstein_tenths + 1
             WHERE (month, source, target) =
                   (SELECT month, source, target FROM country_monthly LIMIT 1)",
            [],
        )
        .unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let bytes = snapshot(&path);
    let err = Store::open(&path).err().unwrap();
    assert!(
        matches!(err, StoreError::MigrationRefused { from: 4, .. }),
        "{err}"
    );
    let message = err.to_string();
    assert!(
        message.contains("country_monthly") && message.contains("Goldstein"),
        "{message}"
    );
    assert_eq!(
        snapshot(&path),
        bytes,
        "the file is byte for byte as it was"
    );
}

#[test]
fn a_schema_3_store_gets_its_monthly_roll_up_clustered_by_pair() {
    let (_dir, path) = temp_db();
    let before = {
        let mut store = Store::open(&path).unwrap();
        store.ingest_batch(&v1_batch(), "dict-1").unwrap();
        monthly_rows(&store)
    };
    assert!(!before.is_empty());
    {
        // Back to schema 3's roll-up: clustered by month, a second index by pair
        // (and, as in schemas 3 and 4, the Goldstein sums stored).
        let conn = Connection::open(&path).unwrap();
        back_to_schema_4(&conn);
        assert_eq!(
            primary_key(&conn, "dyad_monthly"),
            ["source", "target", "month"]
        );
        let sql: String = conn
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE name = 'dyad_monthly'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        // (SQLite keeps the renamed table's statement with its name quoted.)
        let v3 = sql
            .replace(
                "CREATE TABLE \"dyad_monthly\"",
                "CREATE TABLE dyad_monthly_v3",
            )
            .replace(
                "CREATE TABLE dyad_monthly ",
                "CREATE TABLE dyad_monthly_v3 ",
            )
            .replace(
                "PRIMARY KEY (source, target, month)",
                "PRIMARY KEY (month, source, target)",
            );
        assert_ne!(v3, sql);
        conn.execute_batch(&format!(
            "{v3};
             INSERT INTO dyad_monthly_v3 SELECT * FROM dyad_monthly;
             DROP TABLE dyad_monthly;
             ALTER TABLE dyad_monthly_v3 RENAME TO dyad_monthly;
             CREATE INDEX dyad_monthly_by_dyad ON dyad_monthly(source, target, month);
             PRAGMA user_version = 3;"
        ))
        .unwrap();
        assert_eq!(
            primary_key(&conn, "dyad_monthly"),
            ["month", "source", "target"]
        );
    }

    let mut store = Store::open(&path).unwrap();
    let conn = Connection::open(&path).unwrap();
    let version: i32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    assert_eq!(
        primary_key(&conn, "dyad_monthly"),
        ["source", "target", "month"]
    );
    let index: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name = 'dyad_monthly_by_dyad'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(index, 0);
    assert!(store.integrity_problems().unwrap().is_empty());
    assert_eq!(monthly_rows(&store), before);
    assert_aggregate_consistent(&store);
    // The migrated roll-up takes replacements and new pairs.
    store
        .ingest_batch(
            &[(
                document("m1", "2024-06-30", "wire"),
                vec![
                    event("m1", "2024-06-30", "PRKGOV", "RUSGOV", "057"),
                    event("m1", "2024-06-30", "CHNGOV", "RUSGOV", "040"),
                ],
            )],
            "dict-1",
        )
        .unwrap();
    assert_aggregate_consistent(&store);
    assert!(store.integrity_problems().unwrap().is_empty());
}

#[test]
fn sentences_taken_from_their_document_read_back_word_for_word() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    // Documents whose text holds their events' sentences, as coded documents
    // do (stored as places in the text), beside one whose event's sentence is
    // not in its text (stored whole), with multi-byte characters around.
    let mut batch = Vec::new();
    for (id, lead) in [("s1", ""), ("s2", "«Préface» — "), ("s3", "x")] {
        let mut doc = document(id, "2024-05-01", "wire");
        let mut events = Vec::new();
        let mut text = lead.to_string();
        for (i, (source, target)) in [("PRKGOV", "RUSGOV"), ("CHNGOV", "USAGOV")]
            .iter()
            .enumerate()
        {
            let mut e = event(id, "2024-05-01", source, target, "040");
            e.sentence = format!("{source} « met » {target} ({id}).");
            e.sentence_index = i as u32;
            e.sentence_start = text.len();
            text.push_str(&e.sentence);
            text.push_str(" Ünrelated words. ");
            events.push(e);
        }
        doc.text = text;
        batch.push((doc, events));
    }
    batch[2].1[1].sentence_start += 1;
    store.ingest_batch(&batch, "dict-1").unwrap();
    let by_format = || -> Vec<(Vec<u8>, i64)> {
        let conn = Connection::open(&path).unwrap();
        let mut stmt = conn
            .prepare("SELECT substr(detail, 1, 1), count(*) FROM events GROUP BY 1 ORDER BY 1")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(by_format(), [(vec![1], 1), (vec![2], 5)]);
    let read = |store: &Store| -> Vec<Event> {
        let mut events: Vec<Event> = all_events(store, &EventFilter::default(), View::Raw)
            .into_iter()
            .map(|stored| stored.event)
            .collect();
        events.sort_by_key(|e| (e.doc_id.clone(), e.sentence_index));
        events
    };
    let expected: Vec<Event> = batch.iter().flat_map(|(_, e)| e.clone()).collect();
    assert_eq!(read(&store), expected);
    // Replaced with another text: the new events read the new words.
    let (mut doc, mut events) = batch[1].clone();
    doc.text = format!("New lead. {}", doc.text);
    for e in &mut events {
        e.sentence_start += "New lead. ".len();
    }
    store
        .ingest_batch(&[(doc, events.clone())], "dict-1")
        .unwrap();
    let mut expected = expected;
    expected.splice(2..4, events);
    assert_eq!(read(&store), expected);
    assert_aggregate_consistent(&store);
    assert!(store.integrity_problems().unwrap().is_empty());
}

#[test]
fn a_store_that_cannot_be_migrated_is_refused_unchanged() {
    let (_dir, path) = temp_db();
    write_v1_store(&path, &v1_batch());
    {
        // A date no dyad could have written (say, edited by hand).
        let conn = Connection::open(&path).unwrap();
        conn.execute("UPDATE events SET date = '2024-02-30' WHERE id = 2", [])
            .unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let bytes = snapshot(&path);
    let err = Store::open(&path).err().unwrap();
    assert!(
        matches!(err, StoreError::MigrationRefused { from: 1, .. }),
        "{err}"
    );
    assert!(err.is_refusal());
    let message = err.to_string();
    assert!(
        message.contains("event 2") && message.contains("2024-02-30"),
        "{message}"
    );
    assert!(
        message.contains("dyad export") && message.contains("dyad ingest"),
        "the message says how to rebuild: {message}"
    );
    assert_eq!(
        snapshot(&path),
        bytes,
        "the file is byte for byte as it was"
    );
    let conn = Connection::open(&path).unwrap();
    let version: i32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 1);
}

// ------------------------------------------------------------ ingest

#[test]
fn reingesting_a_document_replaces_its_events() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let doc = document("d1", "2024-06-01", "wire");
    let first = vec![
        event("d1", "2024-06-01", "PRKGOV", "RUSGOV", "042"),
        event("d1", "2024-06-01", "PRKMIL", "RUS", "190"),
    ];
    let stats = store
        .ingest_batch(&[(doc.clone(), first.clone())], "dict-1")
        .unwrap();
    assert_eq!((stats.documents_added, stats.events_added), (1, 2));
    let stats = store
        .ingest_batch(&[(doc.clone(), first.clone())], "dict-1")
        .unwrap();
    assert_eq!(
        (
            stats.documents_replaced,
            stats.events_removed,
            stats.events_added
        ),
        (1, 2, 2)
    );
    let counts = store.counts().unwrap();
    assert_eq!((counts.documents, counts.events), (1, 2), "idempotent");
    assert_aggregate_consistent(&store);

    let second = vec![event("d1", "2024-06-02", "PRK", "CHN", "057")];
    store
        .ingest_batch(&[(doc.clone(), second.clone())], "dict-2")
        .unwrap();
    let events = all_events(&store, &EventFilter::default(), View::Raw);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].event, second[0]);
    assert_eq!(events[0].dictionary_version.as_deref(), Some("dict-2"));
    assert_eq!(
        events[0].document.url.as_deref(),
        Some("https://news.example/d1")
    );
    assert_aggregate_consistent(&store);
    assert_eq!(store.document("d1").unwrap().unwrap(), doc);
    let versions = store.dictionary_versions().unwrap();
    assert_eq!(
        versions
            .iter()
            .map(|v| (v.0.as_str(), v.2))
            .collect::<Vec<_>>(),
        [("dict-1", 0), ("dict-2", 1)]
    );
}

#[test]
fn events_must_belong_to_their_document_and_bad_batches_store_nothing() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    store
        .ingest_batch(
            &[(
                document("d0", "2024-06-01", "wire"),
                vec![event("d0", "2024-06-01", "USA", "CHN", "040")],
            )],
            "v",
        )
        .unwrap();
    let batch = vec![
        (
            document("d1", "2024-06-01", "wire"),
            vec![event("d1", "2024-06-01", "USA", "CHN", "040")],
        ),
        (
            document("d2", "2024-06-01", "wire"),
            vec![event("dX", "2024-06-01", "USA", "CHN", "040")],
        ),
    ];
    let err = store.ingest_batch(&batch, "v").unwrap_err();
    assert!(
        err.to_string().contains("\"d2\"") && err.to_string().contains("\"dX\""),
        "{err}"
    );
    let counts = store.counts().unwrap();
    assert_eq!(
        (counts.documents, counts.events),
        (1, 1),
        "nothing of the bad batch, nothing lost"
    );
    let err = store
        .ingest_batch(&[(document("", "2024-06-01", "w"), vec![])], "v")
        .unwrap_err();
    assert!(matches!(err, StoreError::EmptyDocumentId));
}

#[test]
fn a_later_report_on_the_latest_stored_day_is_not_a_first_report() {
    // Groups dated after the latest stored day are not looked up; the latest
    // day itself must still be.
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    for id in ["first", "second"] {
        store
            .ingest_batch(
                &[(
                    document(id, "2024-06-03", "wire"),
                    vec![
                        event(id, "2024-06-03", "PRKGOV", "RUSGOV", "057"),
                        event(id, "2024-06-04", "CHN", "USA", "111"),
                    ],
                )],
                "dict-1",
            )
            .unwrap();
    }
    let mut rows = Vec::new();
    store
        .for_each_daily(&DailyFilter::default(), |row| -> Result<(), StoreError> {
            rows.push((row.day, row.raw.events, row.unique.events));
            Ok(())
        })
        .unwrap();
    rows.sort();
    assert_eq!(
        rows,
        [(date("2024-06-03"), 2, 1), (date("2024-06-04"), 2, 1)]
    );
    assert_aggregate_consistent(&store);
}

/// A small deterministic generator, so the aggregate test covers many shapes.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

#[test]
fn aggregate_matches_recomputation_through_inserts_and_replacements() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let actors = ["USA", "USAGOV", "CHN", "RUSMIL", "PRK", "IGOUNO", "---"];
    let codes = ["042", "190", "057", "111", "0874", "903", "01"];
    let days = ["2024-06-01", "2024-06-02", "2024-06-03"];
    let mut rng = Lcg(7);
    for round in 0..12 {
        let mut batch = Vec::new();
        for d in 0..6 {
            // Ids repeat across rounds, so later rounds replace earlier documents.
            let id = format!("doc{}", rng.next(15));
            if batch
                .iter()
                .any(|(doc, _): &(Document, Vec<Event>)| doc.id == id)
            {
                continue;
            }
            let n = rng.next(5);
            let mut events = Vec::new();
            for _ in 0..n {
                let mut e = event(
                    &id,
                    days[rng.next(days.len())],
                    actors[rng.next(actors.len())],
                    actors[rng.next(actors.len())],
                    codes[rng.next(codes.len())],
                );
                if rng.next(10) == 0 {
                    e.date = None;
                }
                if rng.next(7) == 0 {
                    // A coder-specific Goldstein value for the same code.
                    e.goldstein = e.goldstein.map(|g| g + 0.3);
                }
                events.push(e);
            }
            batch.push((
                document(
                    &id,
                    days[d % days.len()],
                    if d % 2 == 0 { "wire" } else { "paper" },
                ),
                events,
            ));
        }
        store.ingest_batch(&batch, &format!("v{round}")).unwrap();
        assert_aggregate_consistent(&store);
    }
    let counts = store.counts().unwrap();
    assert!(counts.events > 20 && counts.daily_rows > 5, "{counts:?}");
    // Foreign keys are not checked row by row: every reference must still hold.
    assert_eq!(store.integrity_problems().unwrap(), Vec::<String>::new());
}

#[test]
fn integrity_check_reports_dangling_references() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    store
        .ingest_batch(
            &[(
                document("d1", "2024-06-01", "wire"),
                vec![event("d1", "2024-06-01", "USA", "CHN", "040")],
            )],
            "v",
        )
        .unwrap();
    assert_eq!(store.integrity_problems().unwrap(), Vec::<String>::new());
    drop(store);
    let conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "foreign_keys", "OFF").unwrap();
    conn.execute("UPDATE events SET source = 999999", [])
        .unwrap();
    drop(conn);
    let store = Store::open_existing(&path).unwrap();
    assert_eq!(
        store.integrity_problems().unwrap(),
        ["events row 1 refers to a missing row of actors"]
    );
}

// ------------------------------------------------------------ dedupe and filters

fn sample_store() -> (tempfile::TempDir, Store) {
    let (dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let batch = vec![
        // The same North Korea → Russia cooperation reported by three articles from two sources.
        (
            document("a1", "2024-06-19", "wire"),
            vec![
                event("a1", "2024-06-19", "PRKGOV", "RUSGOV", "057"),
                event("a1", "2024-06-19", "RUSGOV", "PRKGOV", "057"),
            ],
        ),
        (
            document("a2", "2024-06-19", "wire"),
            vec![event("a2", "2024-06-19", "PRKGOV", "RUSGOV", "057")],
        ),
        (
            document("a3", "2024-06-19", "paper"),
            vec![
                event("a3", "2024-06-19", "PRKGOV", "RUSGOV", "057"),
                event("a3", "2024-06-19", "PRKGOV", "RUSGOV", "057"),
            ],
        ),
        (
            document("b1", "2024-07-02", "paper"),
            vec![
                event("b1", "2024-07-02", "PRKMIL", "KOR", "190"),
                event("b1", "2024-07-02", "CHN", "USA", "111"),
            ],
        ),
        (
            document("c1", "2024-08-15", "wire"),
            vec![event("c1", "2024-08-15", "USAGOV", "CHNGOV", "036")],
        ),
    ];
    store.ingest_batch(&batch, "dict-1").unwrap();
    (dir, store)
}

#[test]
fn dedupe_counts_mentions_articles_and_sources() {
    let (_dir, store) = sample_store();
    let filter = EventFilter {
        sources: vec!["PRKGOV".into()],
        ..Default::default()
    };
    let raw = all_events(&store, &filter, View::Raw);
    assert_eq!(raw.len(), 4);
    assert!(raw.iter().all(|e| e.mentions.mentions == 1));
    let deduped = all_events(&store, &filter, View::Dedupe);
    assert_eq!(deduped.len(), 1);
    let m = deduped[0].mentions;
    assert_eq!((m.mentions, m.articles, m.sources), (4, 3, 2));
    assert_eq!(
        deduped[0].event.doc_id, "a1",
        "the first stored report stands for the group"
    );
    assert_eq!(store.count_events(&filter, View::Dedupe).unwrap(), 1);
    assert_eq!(store.count_events(&filter, View::Raw).unwrap(), 4);

    // The aggregate holds both views.
    let actors = store.actor_table().unwrap();
    let mut rows = Vec::new();
    store
        .for_each_daily(
            &DailyFilter {
                sources: vec!["PRKGOV".into()],
                ..Default::default()
            },
            |r| -> Result<(), StoreError> {
                rows.push(*r);
                Ok(())
            },
        )
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(actors.code(rows[0].target), Some("RUSGOV"));
    assert_eq!(rows[0].raw.events, 4);
    assert_eq!(rows[0].unique.events, 1);
    assert_eq!(rows[0].raw.by_quad, [4, 0, 0, 0]);
    assert_eq!(rows[0].unique.goldstein_tenths, 80);
    assert_eq!(rows[0].raw.cooperation(), 32.0);
}

fn doc_ids(store: &Store, filter: EventFilter) -> Vec<String> {
    all_events(store, &filter, View::Raw)
        .into_iter()
        .map(|e| format!("{}:{}>{}", e.event.doc_id, e.event.source, e.event.target))
        .collect()
}

#[test]
fn every_event_filter_selects_what_it_says() {
    let (_dir, store) = sample_store();
    let f = EventFilter::default;
    assert_eq!(doc_ids(&store, f()).len(), 8);
    // Actor prefixes: PRK matches PRKGOV and PRKMIL.
    assert_eq!(
        doc_ids(
            &store,
            EventFilter {
                sources: vec!["PRK".into()],
                ..f()
            }
        )
        .len(),
        5
    );
    assert_eq!(
        doc_ids(
            &store,
            EventFilter {
                targets: vec!["PRK".into()],
                ..f()
            }
        ),
        ["a1:RUSGOV>PRKGOV"]
    );
    assert_eq!(
        doc_ids(
            &store,
            EventFilter {
                sources: vec!["PRK".into()],
                targets: vec!["KOR".into()],
                ..f()
            }
        ),
        ["b1:PRKMIL>KOR"]
    );
    // Both directions of a dyad.
    assert_eq!(
        doc_ids(
            &store,
            EventFilter {
                sources: vec!["USA".into()],
                targets: vec!["CHN".into()],
                both_directions: true,
                ..f()
            }
        ),
        ["b1:CHN>USA", "c1:USAGOV>CHNGOV"]
    );
    // Several prefixes are alternatives.
    assert_eq!(
        doc_ids(
            &store,
            EventFilter {
                sources: vec!["CHN".into(), "USA".into()],
                ..f()
            }
        )
        .len(),
        2
    );
    assert_eq!(
        doc_ids(
            &store,
            EventFilter {
                codes: vec!["19".into()],
                ..f()
            }
        ),
        ["b1:PRKMIL>KOR"]
    );
    assert_eq!(
        doc_ids(
            &store,
            EventFilter {
                codes: vec!["036".into()],
                ..f()
            }
        ),
        ["c1:USAGOV>CHNGOV"]
    );
    assert_eq!(
        doc_ids(
            &store,
            EventFilter {
                roots: vec!["11".into()],
                ..f()
            }
        ),
        ["b1:CHN>USA"]
    );
    assert_eq!(
        doc_ids(
            &store,
            EventFilter {
                quads: vec![QuadClass::MaterialConflict],
                ..f()
            }
        ),
        ["b1:PRKMIL>KOR"]
    );
    assert_eq!(
        doc_ids(
            &store,
            EventFilter {
                quads: vec![QuadClass::VerbalConflict, QuadClass::MaterialConflict],
                ..f()
            }
        ),
        ["b1:PRKMIL>KOR", "b1:CHN>USA"]
    );
    assert_eq!(
        doc_ids(
            &store,
            EventFilter {
                from: Some(date("2024-07-01")),
                to: Some(date("2024-07-31")),
                ..f()
            }
        )
        .len(),
        2
    );
    assert_eq!(
        doc_ids(
            &store,
            EventFilter {
                from: Some(date("2024-08-15")),
                ..f()
            }
        ),
        ["c1:USAGOV>CHNGOV"]
    );
    assert_eq!(
        doc_ids(
            &store,
            EventFilter {
                to: Some(date("2024-06-19")),
                ..f()
            }
        )
        .len(),
        5
    );
    // Words: all must appear, case-insensitively; LIKE wildcards are literal.
    assert_eq!(
        doc_ids(
            &store,
            EventFilter {
                words: vec!["usagov".into(), "036".into()],
                ..f()
            }
        )
        .len(),
        1
    );
    assert_eq!(
        doc_ids(
            &store,
            EventFilter {
                words: vec!["usagov".into(), "190".into()],
                ..f()
            }
        )
        .len(),
        0
    );
    assert_eq!(
        doc_ids(
            &store,
            EventFilter {
                words: vec!["%".into()],
                ..f()
            }
        )
        .len(),
        0
    );
    assert_eq!(
        doc_ids(
            &store,
            EventFilter {
                doc_ids: vec!["a3".into()],
                ..f()
            }
        )
        .len(),
        2
    );
    assert_eq!(
        doc_ids(
            &store,
            EventFilter {
                limit: Some(3),
                ..f()
            }
        )
        .len(),
        3
    );
    // Stored events come back whole.
    let back = all_events(
        &store,
        &EventFilter {
            doc_ids: vec!["c1".into()],
            ..f()
        },
        View::Raw,
    );
    assert_eq!(
        back[0].event,
        event("c1", "2024-08-15", "USAGOV", "CHNGOV", "036")
    );
}

#[test]
fn daily_filter_reads_both_directions_once() {
    let (_dir, store) = sample_store();
    let mut total = 0;
    let filter = DailyFilter {
        sources: vec!["PRK".into()],
        targets: vec!["RUS".into()],
        both_directions: true,
        ..Default::default()
    };
    store
        .for_each_daily(&filter, |r| -> Result<(), StoreError> {
            total += r.raw.events;
            Ok(())
        })
        .unwrap();
    assert_eq!(total, 5);
    // Overlapping prefixes on both sides do not count a row twice.
    let mut total = 0;
    let filter = DailyFilter {
        sources: vec!["PRK".into(), "RUS".into()],
        targets: vec!["PRK".into(), "RUS".into()],
        both_directions: true,
        ..Default::default()
    };
    store
        .for_each_daily(&filter, |r| -> Result<(), StoreError> {
            total += r.raw.events;
            Ok(())
        })
        .unwrap();
    assert_eq!(total, 5);
}

#[test]
fn recode_reads_every_document_in_pages() {
    let (_dir, store) = sample_store();
    let mut after = 0;
    let mut seen = Vec::new();
    loop {
        let (docs, next) = store.documents_after(after, 2).unwrap();
        seen.extend(docs.into_iter().map(|d| d.id));
        match next {
            Some(n) => after = n,
            None => break,
        }
    }
    assert_eq!(seen, ["a1", "a2", "a3", "b1", "c1"]);
}

// ------------------------------------------------------------ boards

#[test]
fn boards_save_load_list_and_delete() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    store
        .save_board("korea", "Korea", r#"{"hypotheses":[]}"#)
        .unwrap();
    store
        .save_board("korea", "Korea (v2)", r#"{"hypotheses":[1]}"#)
        .unwrap();
    store.save_board("sahel", "Sahel", "{}").unwrap();
    let board = store.load_board("korea").unwrap().unwrap();
    assert_eq!(
        (board.title.as_str(), board.body.as_str()),
        ("Korea (v2)", r#"{"hypotheses":[1]}"#)
    );
    assert_eq!(store.list_boards().unwrap().len(), 2);
    let err = store.save_board("bad", "Bad", "{not json").unwrap_err();
    assert!(err.to_string().contains("\"bad\""), "{err}");
    assert!(store.delete_board("sahel").unwrap());
    assert!(!store.delete_board("sahel").unwrap());
    assert!(store.load_board("sahel").unwrap().is_none());
}
