//! Opening a store: recognising a dyad database (application id and schema
//! version), refusing anything else without writing to it, and the schema
//! migrations.
//!
//! A dyad store is an SQLite file whose `application_id` is [`APPLICATION_ID`]
//! and whose `user_version` is the schema version. Opening checks, in order and
//! before anything is written: the file's first bytes are SQLite's magic; the
//! application id is dyad's (or the file is a brand-new empty database); the
//! schema version is not newer than this build's [`SCHEMA_VERSION`]. Only then
//! does it switch on WAL and run the missing migrations, all in one
//! transaction together with the `user_version` bump, so an older store is
//! upgraded whole or not at all. A store that cannot be upgraded in place
//! (migration 3 meets a date it cannot convert, migration 5 an aggregate row
//! whose Goldstein sum is not its cooperation plus conflict) is refused with
//! [`StoreError::MigrationRefused`], unchanged.
//!
//! The schema declares its foreign keys, and migrations run with SQLite
//! enforcing them; the store's connection then writes without per-row checks
//! (its writes only use ids resolved in the same transaction), and
//! `Store::integrity_problems` checks every reference.

use crate::error::StoreError;
use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction};
use std::io::Read;
use std::path::Path;
use std::time::Duration;

/// `PRAGMA application_id` of dyad stores: the bytes "dyad".
pub const APPLICATION_ID: i32 = i32::from_be_bytes(*b"dyad");

/// The schema version this build writes (the number of migrations).
pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

/// SQLite page cache per connection, in KiB as `PRAGMA cache_size` takes it (negative).
const CACHE_SIZE_KIB: i64 = -512 * 1024;

/// How long a connection waits for another process's write lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// One step of a migration: SQL, or Rust code for what SQL cannot check or
/// compute the way dyad does (day numbers, calendar months).
enum Step {
    Sql(&'static str),
    Run(fn(&Transaction<'_>, &Path) -> Result<(), StoreError>),
}

/// Migration `i` moves a store from schema version `i` to `i + 1`; all its
/// steps run in one transaction together with the `user_version` bump.
const MIGRATIONS: [&[Step]; 6] = [
    // 1: documents, events with provenance, dictionary versions, actors, and the
    // daily dyad aggregate.
    &[Step::Sql(V1_SCHEMA)],
    // 2: saved ACH boards.
    &[Step::Sql(
        "CREATE TABLE boards (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            updated_at INTEGER NOT NULL
        );",
    )],
    // 3: integer actors, event codes and day numbers in the events table, one
    // narrow index on it, event ranges on documents, the daily aggregate
    // clustered by day, each actor's country, and the monthly roll-ups of
    // actor pairs (with an index by pair, the way to a dyad's days) and of
    // country pairs.
    &[
        Step::Sql(V3_NEW_TABLES),
        Step::Run(copy_events),
        Step::Sql(V3_SWAP_TABLES),
        Step::Run(crate::aggregate::assign_countries),
        Step::Run(crate::aggregate::rebuild_monthly),
        Step::Sql(V3_COUNTRY_MONTHLY),
    ],
    // 4: the monthly roll-up of actor pairs clustered by pair (source, target,
    // month) instead of by month with a second index by pair: ingest then
    // writes one B-tree per roll-up row instead of two. From this version on,
    // a provenance blob may also refer to its document's text for the sentence
    // (detail format 2), which schema-3 builds could not read: they refuse the
    // store as newer.
    &[Step::Sql(V4_MONTHLY_BY_PAIR)],
    // 5: the three aggregate tables without their Goldstein sums (always
    // cooperation plus conflict, so readers add the two) and without NOT NULL
    // on the tally columns (ingest binds every one): two fewer values and
    // about forty fewer VDBE steps per aggregate row written. Refused,
    // unchanged, if a stored row's sum is not its cooperation plus conflict.
    &[
        Step::Run(check_goldstein_sums),
        Step::Sql(V5_NARROW_AGGREGATES),
    ],
    // 6: the months whose monthly roll-up rows ingest has not written yet
    // (`crate::rollup`): readers take them from the daily aggregate. A new
    // table, empty, so every stored roll-up row stays as it was; schema-5
    // builds, which would read such months as empty, refuse the store as newer.
    &[Step::Sql(V6_PENDING_ROLLUPS)],
];

/// Migration 6: the list of months not yet rolled up. A month listed here has
/// no rows in `dyad_monthly` or `country_monthly`.
const V6_PENDING_ROLLUPS: &str = r#"
    CREATE TABLE rollup_pending (
        month INTEGER PRIMARY KEY
    );
"#;

/// Schema version 1, as the first release created it.
pub(crate) const V1_SCHEMA: &str = r#"
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

/// Migration 3, first part: the event codes table, every actor code of the
/// events in `actors`, the new events table (filled by [`copy_events`]) and
/// the documents' event ranges.
const V3_NEW_TABLES: &str = r#"
    CREATE TABLE event_codes (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE
    );
    INSERT INTO event_codes (code) SELECT DISTINCT code FROM events ORDER BY code;
    INSERT OR IGNORE INTO actors (code)
        SELECT source FROM events UNION SELECT target FROM events ORDER BY 1;
    CREATE TABLE events_v3 (
        id INTEGER PRIMARY KEY,
        document INTEGER NOT NULL REFERENCES documents(id),
        day INTEGER,
        source INTEGER NOT NULL REFERENCES actors(id),
        target INTEGER NOT NULL REFERENCES actors(id),
        code INTEGER NOT NULL REFERENCES event_codes(id),
        quad_class INTEGER,
        goldstein REAL,
        dictionary_version INTEGER REFERENCES dictionary_versions(id),
        detail BLOB NOT NULL
    );
    ALTER TABLE documents ADD COLUMN first_event INTEGER;
    ALTER TABLE documents ADD COLUMN last_event INTEGER;
    UPDATE documents SET first_event = r.first, last_event = r.last
        FROM (SELECT document, min(id) AS first, max(id) AS last FROM events GROUP BY document) AS r
        WHERE r.document = documents.id;
"#;

/// Migration 3, second part (after [`copy_events`]): the new tables
/// replace the old ones, and the daily aggregate is clustered by day.
const V3_SWAP_TABLES: &str = r#"
    DROP TABLE events;
    ALTER TABLE events_v3 RENAME TO events;
    CREATE INDEX events_by_report ON events(day, source, target, code);
    CREATE TABLE dyad_daily_v3 (
        day INTEGER NOT NULL,
        source INTEGER NOT NULL REFERENCES actors(id),
        target INTEGER NOT NULL REFERENCES actors(id),
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
        PRIMARY KEY (day, source, target)
    ) WITHOUT ROWID;
    INSERT INTO dyad_daily_v3
        SELECT day, source, target,
               events, verbal_cooperation, material_cooperation, verbal_conflict,
               material_conflict, scored, goldstein_tenths, cooperation_tenths, conflict_tenths,
               unique_events, unique_verbal_cooperation, unique_material_cooperation,
               unique_verbal_conflict, unique_material_conflict, unique_scored,
               unique_goldstein_tenths, unique_cooperation_tenths, unique_conflict_tenths
        FROM dyad_daily ORDER BY day, source, target;
    DROP TABLE dyad_daily;
    ALTER TABLE dyad_daily_v3 RENAME TO dyad_daily;
    ALTER TABLE actors ADD COLUMN country INTEGER REFERENCES actors(id);
    CREATE TABLE dyad_monthly (
        month INTEGER NOT NULL,
        source INTEGER NOT NULL REFERENCES actors(id),
        target INTEGER NOT NULL REFERENCES actors(id),
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
        PRIMARY KEY (month, source, target)
    ) WITHOUT ROWID;
    CREATE INDEX dyad_monthly_by_dyad ON dyad_monthly(source, target, month);
"#;

/// Migration 3, last part: the country-pair roll-up, summed from the actor-pair one.
const V3_COUNTRY_MONTHLY: &str = r#"
    CREATE TABLE country_monthly (
        month INTEGER NOT NULL,
        source INTEGER NOT NULL REFERENCES actors(id),
        target INTEGER NOT NULL REFERENCES actors(id),
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
        PRIMARY KEY (month, source, target)
    ) WITHOUT ROWID;
    INSERT INTO country_monthly
        SELECT m.month, s.country, t.country,
               sum(m.events), sum(m.verbal_cooperation), sum(m.material_cooperation),
               sum(m.verbal_conflict), sum(m.material_conflict), sum(m.scored),
               sum(m.goldstein_tenths), sum(m.cooperation_tenths), sum(m.conflict_tenths),
               sum(m.unique_events), sum(m.unique_verbal_cooperation),
               sum(m.unique_material_cooperation), sum(m.unique_verbal_conflict),
               sum(m.unique_material_conflict), sum(m.unique_scored),
               sum(m.unique_goldstein_tenths), sum(m.unique_cooperation_tenths),
               sum(m.unique_conflict_tenths)
        FROM dyad_monthly m
        JOIN actors s ON s.id = m.source
        JOIN actors t ON t.id = m.target
        GROUP BY m.month, s.country, t.country
        ORDER BY m.month, s.country, t.country;
"#;

/// Migration 4: `dyad_monthly` rebuilt with the primary key (source, target,
/// month), the order its index `dyad_monthly_by_dyad` had, which goes. Same
/// columns in the same order, same rows.
const V4_MONTHLY_BY_PAIR: &str = r#"
    CREATE TABLE dyad_monthly_v4 (
        month INTEGER NOT NULL,
        source INTEGER NOT NULL REFERENCES actors(id),
        target INTEGER NOT NULL REFERENCES actors(id),
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
        PRIMARY KEY (source, target, month)
    ) WITHOUT ROWID;
    INSERT INTO dyad_monthly_v4 SELECT * FROM dyad_monthly ORDER BY source, target, month;
    DROP TABLE dyad_monthly;
    ALTER TABLE dyad_monthly_v4 RENAME TO dyad_monthly;
"#;

/// Migration 5: the aggregate tables rebuilt without `goldstein_tenths` and
/// `unique_goldstein_tenths` and without NOT NULL on the tally columns; same
/// keys, same rows, same order.
const V5_NARROW_AGGREGATES: &str = r#"
    CREATE TABLE dyad_daily_v5 (
        day INTEGER NOT NULL,
        source INTEGER NOT NULL REFERENCES actors(id),
        target INTEGER NOT NULL REFERENCES actors(id),
        events INTEGER,
        verbal_cooperation INTEGER,
        material_cooperation INTEGER,
        verbal_conflict INTEGER,
        material_conflict INTEGER,
        scored INTEGER,
        cooperation_tenths INTEGER,
        conflict_tenths INTEGER,
        unique_events INTEGER,
        unique_verbal_cooperation INTEGER,
        unique_material_cooperation INTEGER,
        unique_verbal_conflict INTEGER,
        unique_material_conflict INTEGER,
        unique_scored INTEGER,
        unique_cooperation_tenths INTEGER,
        unique_conflict_tenths INTEGER,
        PRIMARY KEY (day, source, target)
    ) WITHOUT ROWID;
    INSERT INTO dyad_daily_v5 SELECT day, source, target,
        events, verbal_cooperation, material_cooperation, verbal_conflict,
        material_conflict, scored, cooperation_tenths, conflict_tenths, unique_events,
        unique_verbal_cooperation, unique_material_cooperation, unique_verbal_conflict,
        unique_material_conflict, unique_scored, unique_cooperation_tenths,
        unique_conflict_tenths
    FROM dyad_daily ORDER BY day, source, target;
    DROP TABLE dyad_daily;
    ALTER TABLE dyad_daily_v5 RENAME TO dyad_daily;
    CREATE TABLE dyad_monthly_v5 (
        month INTEGER NOT NULL,
        source INTEGER NOT NULL REFERENCES actors(id),
        target INTEGER NOT NULL REFERENCES actors(id),
        events INTEGER,
        verbal_cooperation INTEGER,
        material_cooperation INTEGER,
        verbal_conflict INTEGER,
        material_conflict INTEGER,
        scored INTEGER,
        cooperation_tenths INTEGER,
        conflict_tenths INTEGER,
        unique_events INTEGER,
        unique_verbal_cooperation INTEGER,
        unique_material_cooperation INTEGER,
        unique_verbal_conflict INTEGER,
        unique_material_conflict INTEGER,
        unique_scored INTEGER,
        unique_cooperation_tenths INTEGER,
        unique_conflict_tenths INTEGER,
        PRIMARY KEY (source, target, month)
    ) WITHOUT ROWID;
    INSERT INTO dyad_monthly_v5 SELECT month, source, target,
        events, verbal_cooperation, material_cooperation, verbal_conflict,
        material_conflict, scored, cooperation_tenths, conflict_tenths, unique_events,
        unique_verbal_cooperation, unique_material_cooperation, unique_verbal_conflict,
        unique_material_conflict, unique_scored, unique_cooperation_tenths,
        unique_conflict_tenths
    FROM dyad_monthly ORDER BY source, target, month;
    DROP TABLE dyad_monthly;
    ALTER TABLE dyad_monthly_v5 RENAME TO dyad_monthly;
    CREATE TABLE country_monthly_v5 (
        month INTEGER NOT NULL,
        source INTEGER NOT NULL REFERENCES actors(id),
        target INTEGER NOT NULL REFERENCES actors(id),
        events INTEGER,
        verbal_cooperation INTEGER,
        material_cooperation INTEGER,
        verbal_conflict INTEGER,
        material_conflict INTEGER,
        scored INTEGER,
        cooperation_tenths INTEGER,
        conflict_tenths INTEGER,
        unique_events INTEGER,
        unique_verbal_cooperation INTEGER,
        unique_material_cooperation INTEGER,
        unique_verbal_conflict INTEGER,
        unique_material_conflict INTEGER,
        unique_scored INTEGER,
        unique_cooperation_tenths INTEGER,
        unique_conflict_tenths INTEGER,
        PRIMARY KEY (month, source, target)
    ) WITHOUT ROWID;
    INSERT INTO country_monthly_v5 SELECT month, source, target,
        events, verbal_cooperation, material_cooperation, verbal_conflict,
        material_conflict, scored, cooperation_tenths, conflict_tenths, unique_events,
        unique_verbal_cooperation, unique_material_cooperation, unique_verbal_conflict,
        unique_material_conflict, unique_scored, unique_cooperation_tenths,
        unique_conflict_tenths
    FROM country_monthly ORDER BY month, source, target;
    DROP TABLE country_monthly;
    ALTER TABLE country_monthly_v5 RENAME TO country_monthly;
"#;

/// Migration 5, first step: every aggregate row's Goldstein sums must be its
/// cooperation plus its conflict, or dropping them would change what queries
/// read; a store where one is not is refused unchanged.
fn check_goldstein_sums(tx: &Transaction<'_>, path: &Path) -> Result<(), StoreError> {
    for table in ["dyad_daily", "dyad_monthly", "country_monthly"] {
        let bad: i64 = tx
            .query_row(
                &format!(
                    "SELECT count(*) FROM {table}
                     WHERE goldstein_tenths IS NOT cooperation_tenths + conflict_tenths
                        OR unique_goldstein_tenths IS NOT
                           unique_cooperation_tenths + unique_conflict_tenths"
                ),
                [],
                |r| r.get(0),
            )
            .map_err(|e| sqlite_error(path, "checking the aggregate's Goldstein sums", e))?;
        if bad > 0 {
            return Err(migration_refused(
                path,
                format!(
                    "{bad} rows of {table} have a Goldstein sum that is not their \
                     cooperation plus conflict"
                ),
            ));
        }
    }
    Ok(())
}

/// Migration 3: copies every event into the new table with the same id:
/// codes become ids, the date a day number (a date that does not parse refuses
/// the migration; nothing changes), the provenance fields one packed blob.
fn copy_events(tx: &Transaction<'_>, path: &Path) -> Result<(), StoreError> {
    let sql = |e| sqlite_error(path, "copying the events", e);
    let mut read = tx
        .prepare(
            "SELECT e.id, e.document, e.date, s.id, t.id, c.id, e.quad_class, e.goldstein,
                    e.dictionary_version, e.sentence_index, e.root_code, e.plover,
                    e.source_text, e.target_text, e.verb_text, e.sentence,
                    e.source_start, e.source_end, e.target_start, e.target_end,
                    e.verb_start, e.verb_end, e.sentence_start, e.rule_file, e.rule_line,
                    e.rule_text, e.issues
             FROM events e
             JOIN actors s ON s.code = e.source
             JOIN actors t ON t.code = e.target
             JOIN event_codes c ON c.code = e.code
             ORDER BY e.id",
        )
        .map_err(sql)?;
    let mut write = tx
        .prepare(
            "INSERT INTO events_v3 (id, document, day, source, target, code, quad_class,
                                    goldstein, dictionary_version, detail)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )
        .map_err(sql)?;
    let mut rows = read.query([]).map_err(sql)?;
    let mut copied = 0i64;
    let mut blob = Vec::new();
    while let Some(row) = rows.next().map_err(sql)? {
        let id: i64 = row.get(0).map_err(sql)?;
        let date: Option<String> = row.get(2).map_err(sql)?;
        let day = match date {
            None => None,
            Some(text) => match dyad_model::Date::parse_from_str(&text, "%Y-%m-%d") {
                Ok(date) => Some(crate::aggregate::day_number(date)),
                Err(_) => {
                    return Err(migration_refused(
                        path,
                        format!("event {id} has the date {text:?}, which is not a date"),
                    ));
                }
            },
        };
        let span = |at: usize| -> rusqlite::Result<Option<dyad_model::Span>> {
            let start: Option<i64> = row.get(at)?;
            let end: Option<i64> = row.get(at + 1)?;
            Ok(match (start, end) {
                (Some(s), Some(e)) => {
                    Some(dyad_model::Span::new(s.max(0) as usize, e.max(0) as usize))
                }
                _ => None,
            })
        };
        let issues: Option<String> = row.get(26).map_err(sql)?;
        let issues: Vec<String> = match issues {
            None => Vec::new(),
            Some(json) => serde_json::from_str(&json).map_err(|e| {
                migration_refused(
                    path,
                    format!("event {id} has issues that are not a JSON list: {e}"),
                )
            })?,
        };
        let event = (|| -> rusqlite::Result<dyad_model::Event> {
            Ok(dyad_model::Event {
                doc_id: String::new(),
                sentence_index: row.get(9)?,
                date: None,
                source: String::new(),
                target: String::new(),
                code: String::new(),
                root_code: row.get(10)?,
                quad_class: None,
                goldstein: None,
                plover: row.get(11)?,
                source_text: row.get(12)?,
                target_text: row.get(13)?,
                verb_text: row.get(14)?,
                sentence: row.get(15)?,
                source_span: span(16)?,
                target_span: span(18)?,
                verb_span: span(20)?,
                sentence_start: row.get::<_, i64>(22)?.max(0) as usize,
                rule: dyad_model::RuleRef {
                    file: row.get(23)?,
                    line: row.get(24)?,
                    text: row.get(25)?,
                },
                issues,
            })
        })()
        .map_err(sql)?;
        crate::detail::encode(&event, None, &mut blob);
        let values = (|| -> rusqlite::Result<_> {
            Ok((
                row.get::<_, i64>(1)?,
                row.get::<_, i64>(3)?,
                row.get::<_, i64>(4)?,
                row.get::<_, i64>(5)?,
                row.get::<_, Option<i64>>(6)?,
                row.get::<_, Option<f64>>(7)?,
                row.get::<_, Option<i64>>(8)?,
            ))
        })()
        .map_err(sql)?;
        let (document, source, target, code, quad, goldstein, dictionary) = values;
        write
            .execute(rusqlite::params![
                id, document, day, source, target, code, quad, goldstein, dictionary, blob
            ])
            .map_err(sql)?;
        copied += 1;
    }
    let total: i64 = tx
        .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
        .map_err(sql)?;
    if total != copied {
        return Err(migration_refused(
            path,
            format!("{total} events but only {copied} could be converted"),
        ));
    }
    Ok(())
}

/// A refused migration; [`migrate`] fills in the versions.
fn migration_refused(path: &Path, detail: String) -> StoreError {
    StoreError::MigrationRefused {
        path: path.to_path_buf(),
        from: 0,
        to: SCHEMA_VERSION,
        detail,
    }
}

/// SQLite's file magic: the first 16 bytes of every database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Whether a missing file may be created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Missing {
    Create,
    Refuse,
}

/// Opens (or creates) the store at `path`, refusing foreign, newer and corrupt
/// files before writing anything, then migrates it to [`SCHEMA_VERSION`].
pub(crate) fn open(path: &Path, missing: Missing) -> Result<Connection, StoreError> {
    let exists = check_header(path)?;
    if !exists && missing == Missing::Refuse {
        return Err(StoreError::NotFound {
            path: path.to_path_buf(),
        });
    }
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if !exists {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let mut conn =
        Connection::open_with_flags(path, flags).map_err(|e| sqlite_error(path, "opening", e))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| sqlite_error(path, "setting the busy timeout", e))?;
    // Ingest prepares a few multi-row statement shapes per batch.
    conn.set_prepared_statement_cache_capacity(64);

    let (application_id, user_version, objects) =
        read_identity(&conn).map_err(|e| sqlite_error(path, "reading the database identity", e))?;
    let fresh = application_id == 0 && user_version == 0 && objects == 0;
    if !fresh && application_id != APPLICATION_ID {
        return Err(StoreError::Foreign {
            path: path.to_path_buf(),
            application_id,
            user_version,
        });
    }
    if user_version > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: user_version,
            supported: SCHEMA_VERSION,
        });
    }
    if user_version < 0 || (!fresh && user_version == 0) {
        return Err(StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: format!("dyad application id with schema version {user_version}"),
        });
    }

    // Accepted: from here on the store may be written. The migrations run
    // first, so that a store whose migration is refused keeps even its
    // journal mode.
    // In WAL mode, NORMAL loses no committed transaction when the process dies;
    // only an operating-system crash or power cut can roll back the last commits.
    conn.pragma_update(None, "synchronous", "NORMAL")
        .map_err(|e| sqlite_error(path, "setting synchronous=NORMAL", e))?;
    // Index pages of a large store do not fit SQLite's default 2 MB cache; a
    // bigger cache keeps ingest from rereading them (memory is only used as needed).
    conn.pragma_update(None, "cache_size", CACHE_SIZE_KIB)
        .map_err(|e| sqlite_error(path, "setting the cache size", e))?;
    conn.pragma_update(None, "wal_autocheckpoint", 16384)
        .map_err(|e| sqlite_error(path, "setting the checkpoint interval", e))?;
    conn.pragma_update(None, "temp_store", "MEMORY")
        .map_err(|e| sqlite_error(path, "setting temp_store", e))?;
    migrate(&mut conn, path, user_version)?;
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(|e| sqlite_error(path, "switching to write-ahead logging", e))?;
    // The bundled SQLite enforces foreign keys by default: five parent lookups
    // for every event written and two for every aggregate row, 15% of ingest's
    // CPU. Every id the store writes is one it has just read or inserted in
    // the same transaction, so the checks can never fail; migrations above
    // still run with them. [`Store::integrity_problems`](crate::Store::integrity_problems)
    // checks every reference (`PRAGMA foreign_key_check`).
    conn.pragma_update(None, "foreign_keys", "OFF")
        .map_err(|e| sqlite_error(path, "switching off per-row foreign key checks", e))?;
    Ok(conn)
}

/// Checks that an existing file starts like an SQLite database. Returns whether
/// the file exists with content; an empty file is a new database to SQLite.
fn check_header(path: &Path) -> Result<bool, StoreError> {
    let io_error = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(io_error(e)),
    };
    if file.metadata().map_err(io_error)?.is_dir() {
        return Err(StoreError::NotSqlite {
            path: path.to_path_buf(),
        });
    }
    let mut head = Vec::with_capacity(SQLITE_MAGIC.len());
    file.by_ref()
        .take(SQLITE_MAGIC.len() as u64)
        .read_to_end(&mut head)
        .map_err(io_error)?;
    if head.is_empty() {
        return Ok(true);
    }
    if head.as_slice() != SQLITE_MAGIC {
        return Err(StoreError::NotSqlite {
            path: path.to_path_buf(),
        });
    }
    Ok(true)
}

fn read_identity(conn: &Connection) -> rusqlite::Result<(i32, i32, i64)> {
    let application_id = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let user_version = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let objects = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    Ok((application_id, user_version, objects))
}

/// Runs the migrations from version `from` on, all in one transaction: a
/// store is upgraded whole or, when any step fails, left as it was.
fn migrate(conn: &mut Connection, path: &Path, from: i32) -> Result<(), StoreError> {
    let from = from.max(0) as usize;
    if from >= MIGRATIONS.len() {
        return Ok(());
    }
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(|e| sqlite_error(path, "starting a migration", e))?;
    for steps in &MIGRATIONS[from..] {
        for step in *steps {
            match step {
                Step::Sql(sql) => tx
                    .execute_batch(sql)
                    .map_err(|e| sqlite_error(path, "migrating the schema", e))?,
                Step::Run(run) => run(&tx, path).map_err(|e| match e {
                    // Named by the versions the user has and gets.
                    StoreError::MigrationRefused { path, detail, .. } => {
                        StoreError::MigrationRefused {
                            path,
                            from: from as i32,
                            to: SCHEMA_VERSION,
                            detail,
                        }
                    }
                    other => other,
                })?,
            }
        }
    }
    if from == 0 {
        tx.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(|e| sqlite_error(path, "setting the application id", e))?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)
        .map_err(|e| sqlite_error(path, "recording the schema version", e))?;
    tx.commit()
        .map_err(|e| sqlite_error(path, "committing a migration", e))
}

/// Wraps an SQLite error, turning "not a database" and "corrupt" into
/// [`StoreError::Corrupt`].
pub(crate) fn sqlite_error(
    path: &Path,
    action: &'static str,
    source: rusqlite::Error,
) -> StoreError {
    match source.sqlite_error_code() {
        Some(ErrorCode::DatabaseCorrupt) | Some(ErrorCode::NotADatabase) => StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: format!("{action}: {source}"),
        },
        _ => StoreError::Sqlite {
            path: path.to_path_buf(),
            action,
            source,
        },
    }
}
