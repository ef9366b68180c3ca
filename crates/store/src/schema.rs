//! Opening a store: recognising a dyad database (application id and schema
//! version), refusing anything else without writing to it, and the schema
//! migrations.
//!
//! A dyad store is an SQLite file whose `application_id` is [`APPLICATION_ID`]
//! and whose `user_version` is the schema version. Opening checks, in order and
//! before anything is written: the file's first bytes are SQLite's magic; the
//! application id is dyad's (or the file is a brand-new empty database); the
//! schema version is not newer than this build's [`SCHEMA_VERSION`]. Only then
//! does it switch on WAL and run the missing migrations, each in its own
//! transaction together with its `user_version` bump.

use crate::error::StoreError;
use rusqlite::{Connection, ErrorCode, OpenFlags};
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

/// Migration `i` moves a store from schema version `i` to `i + 1`.
const MIGRATIONS: [&str; 2] = [
    // 1: documents, events with provenance, dictionary versions, actors, and the
    // daily dyad aggregate.
    r#"
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
    "#,
    // 2: saved ACH boards.
    r#"
    CREATE TABLE boards (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        updated_at INTEGER NOT NULL
    );
    "#,
];

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

    // Accepted: from here on the store may be written.
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(|e| sqlite_error(path, "switching to write-ahead logging", e))?;
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

fn migrate(conn: &mut Connection, path: &Path, from: i32) -> Result<(), StoreError> {
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(from.max(0) as usize) {
        let target = index as i32 + 1;
        let tx = conn
            .transaction()
            .map_err(|e| sqlite_error(path, "starting a migration", e))?;
        tx.execute_batch(sql)
            .map_err(|e| sqlite_error(path, "migrating the schema", e))?;
        if index == 0 {
            tx.pragma_update(None, "application_id", APPLICATION_ID)
                .map_err(|e| sqlite_error(path, "setting the application id", e))?;
        }
        tx.pragma_update(None, "user_version", target)
            .map_err(|e| sqlite_error(path, "recording the schema version", e))?;
        tx.commit()
            .map_err(|e| sqlite_error(path, "committing a migration", e))?;
    }
    Ok(())
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
