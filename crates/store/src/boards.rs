//! Saved ACH (Analysis of Competing Hypotheses) boards: an id, a title and the
//! board as JSON text, which the ACH crate owns the shape of. The store only
//! checks that the body is JSON.

use crate::Store;
use crate::error::StoreError;
use rusqlite::OptionalExtension;

/// A saved board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Board {
    pub id: String,
    pub title: String,
    /// The board as JSON text.
    pub body: String,
    /// Unix seconds of the last save.
    pub updated_at: i64,
}

/// A board without its body, for listings.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BoardSummary {
    pub id: String,
    pub title: String,
    pub updated_at: i64,
}

impl Store {
    /// Saves (creates or replaces) a board; returns its `updated_at`.
    pub fn save_board(&mut self, id: &str, title: &str, body: &str) -> Result<i64, StoreError> {
        if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(body) {
            return Err(StoreError::BoardNotJson {
                id: id.to_string(),
                detail: e.to_string(),
            });
        }
        self.conn
            .query_row(
                "INSERT INTO boards (id, title, body, updated_at) VALUES (?1, ?2, ?3, unixepoch())
                 ON CONFLICT (id) DO UPDATE SET title = excluded.title, body = excluded.body,
                     updated_at = excluded.updated_at
                 RETURNING updated_at",
                (id, title, body),
                |r| r.get(0),
            )
            .map_err(|e| self.sql("saving a board", e))
    }

    /// The board with this id, if saved.
    pub fn load_board(&self, id: &str) -> Result<Option<Board>, StoreError> {
        self.conn
            .query_row(
                "SELECT id, title, body, updated_at FROM boards WHERE id = ?1",
                [id],
                |r| {
                    Ok(Board {
                        id: r.get(0)?,
                        title: r.get(1)?,
                        body: r.get(2)?,
                        updated_at: r.get(3)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.sql("loading a board", e))
    }

    /// Every saved board, most recently saved first.
    pub fn list_boards(&self) -> Result<Vec<BoardSummary>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, title, updated_at FROM boards ORDER BY updated_at DESC, id")
            .map_err(|e| self.sql("listing boards", e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(BoardSummary {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    updated_at: r.get(2)?,
                })
            })
            .map_err(|e| self.sql("listing boards", e))?;
        rows.collect::<Result<_, _>>()
            .map_err(|e| self.sql("listing boards", e))
    }

    /// Deletes a board; returns whether it existed.
    pub fn delete_board(&mut self, id: &str) -> Result<bool, StoreError> {
        self.conn
            .execute("DELETE FROM boards WHERE id = ?1", [id])
            .map(|n| n > 0)
            .map_err(|e| self.sql("deleting a board", e))
    }
}
