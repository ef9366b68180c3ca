//! dyad's embedded event store: one SQLite file (WAL) holding documents,
//! events with their provenance, the dictionary versions that coded them, a
//! daily dyad aggregate kept in step at every write and its monthly roll-ups
//! (written once a month stops changing; readers take the months not yet
//! rolled up from the daily aggregate: module `rollup`), and saved ACH boards.
//!
//! - [`Store::open`] / [`Store::open_existing`] recognise a dyad database and
//!   refuse foreign, newer or corrupt files without writing to them ([`schema`]).
//! - [`Store::ingest_batch`] stores documents with their events in one
//!   transaction; a document id already stored has its events replaced
//!   ([`ingest`]). [`Store::flush_rollups`] (or dropping the store) writes
//!   the monthly roll-ups ingest has left pending.
//! - [`Store::for_each_event`] reads events through an [`EventFilter`], raw or
//!   deduplicated ([`View`]); [`Store::for_each_daily`] reads the daily dyad
//!   aggregate and [`Store::for_each_dyad_tally`] sums dyads over any window
//!   through the monthly roll-up ([`query`], [`aggregate`]).
//! - [`Store::save_board`] and friends keep ACH boards ([`boards`]).
//! - [`Store::document_summaries`], [`Store::daily_totals`] and
//!   [`Store::dyad_totals`] serve the browser workbench ([`browse`]).

pub mod aggregate;
pub mod boards;
pub mod browse;
mod checkpoint;
mod detail;
pub mod error;
pub mod ingest;
pub mod query;
mod rollup;
pub mod schema;

pub use aggregate::{ActorId, ActorTable, DailyFilter, DailyRow, DyadLevel, Tally, TallyKind};
pub use boards::{Board, BoardSummary};
pub use browse::{DocumentQuery, DocumentSummary, DyadTotal, SummedTallies};
pub use error::StoreError;
pub use ingest::IngestStats;
pub use query::{EventFilter, Mentions, StoredDocument, StoredEvent, View};
pub use schema::{APPLICATION_ID, SCHEMA_VERSION};

use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// An open dyad store.
pub struct Store {
    /// Checkpoints the WAL beside ingest (started by the first batch); dropped
    /// before the connection.
    checkpointer: Option<checkpoint::Checkpointer>,
    conn: Connection,
    path: PathBuf,
    /// Actor and event code → id for codes known to be committed.
    ids: ingest::IdCache,
    /// Months whose roll-ups ingest has not written yet, with their sums.
    rollups: rollup::PendingRollups,
}

impl Drop for Store {
    fn drop(&mut self) {
        // A month left pending is still read correctly and rolled up by the
        // next ingest, so a failure here loses nothing.
        let _ = self.flush_rollups();
    }
}

/// How many rows each table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct StoreCounts {
    pub documents: u64,
    pub events: u64,
    pub dictionary_versions: u64,
    pub actors: u64,
    pub daily_rows: u64,
}

impl Store {
    /// Opens the store at `path`, creating it when the file does not exist.
    /// Foreign, newer and corrupt files are refused unchanged.
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        Store::open_with(path.as_ref(), schema::Missing::Create)
    }

    /// Opens an existing store; a missing file is [`StoreError::NotFound`]
    /// (queries should not create empty databases by accident).
    pub fn open_existing(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        Store::open_with(path.as_ref(), schema::Missing::Refuse)
    }

    fn open_with(path: &Path, missing: schema::Missing) -> Result<Store, StoreError> {
        let conn = schema::open(path, missing)?;
        Ok(Store {
            checkpointer: None,
            conn,
            path: path.to_path_buf(),
            ids: ingest::IdCache::default(),
            rollups: rollup::PendingRollups::default(),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Row counts of the main tables.
    pub fn counts(&self) -> Result<StoreCounts, StoreError> {
        let count = |table: &str| -> Result<u64, StoreError> {
            self.conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| {
                    r.get::<_, i64>(0)
                })
                .map(|n| n.max(0) as u64)
                .map_err(|e| self.sql("counting rows", e))
        };
        Ok(StoreCounts {
            documents: count("documents")?,
            events: count("events")?,
            dictionary_versions: count("dictionary_versions")?,
            actors: count("actors")?,
            daily_rows: count("dyad_daily")?,
        })
    }

    /// Runs SQLite's full integrity check and checks every foreign key (the
    /// store does not check them row by row as it writes); returns the
    /// complaints (empty when the file is sound).
    pub fn integrity_problems(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("PRAGMA integrity_check")
            .map_err(|e| self.sql("checking integrity", e))?;
        let lines = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(|e| self.sql("checking integrity", e))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.sql("checking integrity", e))?;
        let mut problems: Vec<String> = lines.into_iter().filter(|l| l != "ok").collect();
        let mut stmt = self
            .conn
            .prepare("PRAGMA foreign_key_check")
            .map_err(|e| self.sql("checking foreign keys", e))?;
        let dangling = stmt
            .query_map([], |r| {
                Ok(format!(
                    "{} row {} refers to a missing row of {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?
                        .map_or("(without rowid)".to_string(), |id| id.to_string()),
                    r.get::<_, String>(2)?
                ))
            })
            .map_err(|e| self.sql("checking foreign keys", e))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.sql("checking foreign keys", e))?;
        problems.extend(dangling);
        Ok(problems)
    }

    /// Registers a dictionary version (or updates its description) and
    /// returns its row id.
    pub fn register_dictionary_version(
        &mut self,
        fingerprint: &str,
        description: &str,
    ) -> Result<i64, StoreError> {
        self.conn
            .query_row(
                "INSERT INTO dictionary_versions (fingerprint, description, first_used_at)
                 VALUES (?1, ?2, unixepoch())
                 ON CONFLICT (fingerprint) DO UPDATE SET description = excluded.description
                 RETURNING id",
                (fingerprint, description),
                |r| r.get(0),
            )
            .map_err(|e| self.sql("registering a dictionary version", e))
    }

    /// Every dictionary version: (fingerprint, description, events coded with it).
    pub fn dictionary_versions(&self) -> Result<Vec<(String, String, u64)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT v.fingerprint, v.description,
                        (SELECT count(*) FROM events e WHERE e.dictionary_version = v.id)
                 FROM dictionary_versions v ORDER BY v.id",
            )
            .map_err(|e| self.sql("listing dictionary versions", e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)?.max(0) as u64))
            })
            .map_err(|e| self.sql("listing dictionary versions", e))?;
        rows.collect::<Result<_, _>>()
            .map_err(|e| self.sql("listing dictionary versions", e))
    }

    pub(crate) fn sql(&self, action: &'static str, e: rusqlite::Error) -> StoreError {
        schema::sqlite_error(&self.path, action, e)
    }
}
