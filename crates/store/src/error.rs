//! The store's error type: every way opening, writing or reading a store can
//! fail, each naming the database file.

use std::path::PathBuf;

/// Errors from the event store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: no such database (run `dyad ingest --db {path}` to create one)", path = .path.display())]
    NotFound { path: PathBuf },
    #[error("{path}: not a dyad database: the file is not an SQLite database; it was left untouched", path = .path.display())]
    NotSqlite { path: PathBuf },
    #[error(
        "{path}: not a dyad database: it is an SQLite database of another application \
         (application_id {application_id:#010x}, schema version {user_version}); it was left untouched",
        path = .path.display()
    )]
    Foreign {
        path: PathBuf,
        application_id: i32,
        user_version: i32,
    },
    #[error(
        "{path}: written by a newer dyad (store schema version {found}; this dyad reads up to {supported}); \
         upgrade dyad to open it. The file was left untouched",
        path = .path.display()
    )]
    NewerSchema {
        path: PathBuf,
        found: i32,
        supported: i32,
    },
    #[error(
        "{path}: cannot upgrade this store from schema version {from} to {to}: {detail}. \
         The file was left as it was. To rebuild it, export its events with the dyad that wrote it \
         (`dyad export --format jsonl --output events.jsonl --db OLD`) and ingest them into a new store \
         with this dyad (`dyad ingest --events events.jsonl --db NEW`)",
        path = .path.display()
    )]
    MigrationRefused {
        path: PathBuf,
        from: i32,
        to: i32,
        detail: String,
    },
    #[error("{path}: the database is corrupt or unreadable: {detail}", path = .path.display())]
    Corrupt { path: PathBuf, detail: String },
    #[error("{path}: {action}: {source}", path = .path.display())]
    Sqlite {
        path: PathBuf,
        action: &'static str,
        #[source]
        source: rusqlite::Error,
    },
    #[error("{path}: reading the file header: {source}", path = .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "document {doc_id:?}: event {index} names document {event_doc_id:?}; events must belong to the document they are stored with"
    )]
    EventOfOtherDocument {
        doc_id: String,
        index: usize,
        event_doc_id: String,
    },
    #[error("document with an empty id: every document needs an id")]
    EmptyDocumentId,
    #[error("{path}: stored {what} is malformed: {detail}", path = .path.display())]
    BadStoredValue {
        path: PathBuf,
        what: &'static str,
        detail: String,
    },
    #[error("board {id:?}: its body is not valid JSON: {detail}")]
    BoardNotJson { id: String, detail: String },
}

impl StoreError {
    /// True when the error means "this file is not a store dyad may use"
    /// (missing, foreign, newer, corrupt), as opposed to a failure while using it.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            StoreError::NotFound { .. }
                | StoreError::NotSqlite { .. }
                | StoreError::Foreign { .. }
                | StoreError::NewerSchema { .. }
                | StoreError::Corrupt { .. }
                | StoreError::MigrationRefused { .. }
        )
    }
}
