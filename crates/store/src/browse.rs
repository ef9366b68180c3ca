//! What the browser workbench (`dyad serve`) reads besides events and series:
//! document listings and text search, totals per day and per dyad summed in
//! SQL over the daily aggregate, the dated range of the events, and SQLite's
//! `data_version`, which tells a long-lived reader that another connection
//! committed (so cached views can be dropped).

use crate::Store;
use crate::aggregate::{ActorId, TALLY_COLUMNS, Tally, day_date, day_number};
use crate::error::StoreError;
use dyad_model::Date;
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, params_from_iter};

/// How many characters of a document's text a [`DocumentSummary`] carries.
pub const SNIPPET_CHARS: usize = 240;

/// Which documents to list. Newest stored first (by storage order).
#[derive(Debug, Clone, Default)]
pub struct DocumentQuery {
    /// Words that must all appear in the document's text or id
    /// (case-insensitive for ASCII).
    pub words: Vec<String>,
    /// Only documents stored before this row (the `row` of the last summary
    /// of the previous page); `None` starts at the newest.
    pub before_row: Option<i64>,
    /// At most this many documents.
    pub limit: u64,
}

/// One document in a listing.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DocumentSummary {
    /// Storage row: the paging cursor of [`DocumentQuery::before_row`].
    pub row: i64,
    pub id: String,
    pub date: Option<Date>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// The first [`SNIPPET_CHARS`] characters of the text.
    pub snippet: String,
    /// Length of the text in bytes.
    pub text_bytes: u64,
    pub events: u64,
    /// Unix seconds of the document's last ingest.
    pub ingested_at: i64,
}

/// The raw and deduplicated tallies of one day or one dyad, summed over the
/// daily aggregate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SummedTallies {
    pub raw: Tally,
    pub unique: Tally,
}

/// One directed pair of actors with its all-time tallies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DyadTotal {
    pub source: ActorId,
    pub target: ActorId,
    pub tallies: SummedTallies,
}

/// SUM() of every stored tally column of the aggregate, raw then unique (the
/// Goldstein sums are cooperation plus conflict, added when read).
const SUMMED_TALLIES: &str = "sum(events), sum(verbal_cooperation), sum(material_cooperation), \
    sum(verbal_conflict), sum(material_conflict), sum(scored), \
    sum(cooperation_tenths), sum(conflict_tenths), \
    sum(unique_events), sum(unique_verbal_cooperation), sum(unique_material_cooperation), \
    sum(unique_verbal_conflict), sum(unique_material_conflict), sum(unique_scored), \
    sum(unique_cooperation_tenths), sum(unique_conflict_tenths)";

fn summed_at(row: &Row<'_>, first: usize) -> rusqlite::Result<SummedTallies> {
    Ok(SummedTallies {
        raw: crate::aggregate::tally_at(row, first)?,
        unique: crate::aggregate::tally_at(row, first + crate::aggregate::TALLY_WIDTH)?,
    })
}

/// `%word%` for LIKE with `\` as the escape character.
fn like_pattern(word: &str) -> String {
    let escaped = word
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

impl Store {
    /// SQLite's `PRAGMA data_version` on this connection: it changes whenever
    /// another connection (in this process or another) commits.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        self.conn
            .pragma_query_value(None, "data_version", |r| r.get(0))
            .map_err(|e| self.sql("reading the data version", e))
    }

    /// Documents newest first, filtered and paged by `query`.
    pub fn document_summaries(
        &self,
        query: &DocumentQuery,
    ) -> Result<Vec<DocumentSummary>, StoreError> {
        let mut clauses = Vec::new();
        let mut params: Vec<Value> = Vec::new();
        for word in query.words.iter().filter(|w| !w.is_empty()) {
            clauses.push("(d.text LIKE ? ESCAPE '\\' OR d.doc_id LIKE ? ESCAPE '\\')");
            let pattern = like_pattern(word);
            params.push(Value::Text(pattern.clone()));
            params.push(Value::Text(pattern));
        }
        if let Some(before) = query.before_row {
            clauses.push("d.id < ?");
            params.push(Value::Integer(before));
        }
        let where_clause = if clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", clauses.join(" AND "))
        };
        params.push(Value::Integer(
            i64::try_from(query.limit).unwrap_or(i64::MAX),
        ));
        let sql = format!(
            "SELECT d.id, d.doc_id, d.date, d.source, d.url, substr(d.text, 1, {SNIPPET_CHARS}),
                    length(CAST(d.text AS BLOB)),
                    (SELECT count(*) FROM events e
                     WHERE e.id BETWEEN d.first_event AND d.last_event AND e.document = d.id),
                    d.ingested_at
             FROM documents d {where_clause} ORDER BY d.id DESC LIMIT ?"
        );
        let mut stmt = self
            .conn
            .prepare(&sql)
            .map_err(|e| self.sql("listing documents", e))?;
        let mut rows = stmt
            .query(params_from_iter(params))
            .map_err(|e| self.sql("listing documents", e))?;
        let mut summaries = Vec::new();
        while let Some(row) = rows.next().map_err(|e| self.sql("listing documents", e))? {
            let read = || -> rusqlite::Result<_> {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, Option<String>>(2)?,
                    row.get::<_, Option<String>>(3)?,
                    row.get::<_, Option<String>>(4)?,
                    row.get::<_, String>(5)?,
                    row.get::<_, i64>(6)?,
                    row.get::<_, i64>(7)?,
                    row.get::<_, i64>(8)?,
                ))
            };
            let (row_id, id, date, source, url, snippet, bytes, events, ingested_at) =
                read().map_err(|e| self.sql("listing documents", e))?;
            summaries.push(DocumentSummary {
                row: row_id,
                id,
                date: date.map(|d| self.parse_stored_date(&d)).transpose()?,
                source,
                url,
                snippet,
                text_bytes: bytes.max(0) as u64,
                events: events.max(0) as u64,
                ingested_at,
            });
        }
        Ok(summaries)
    }

    /// The first and last event date (`None` when no event has a date).
    pub fn event_date_range(&self) -> Result<Option<(Date, Date)>, StoreError> {
        let range: Option<(Option<i64>, Option<i64>)> = self
            .conn
            .query_row(
                "SELECT (SELECT min(day) FROM events WHERE day IS NOT NULL),
                        (SELECT max(day) FROM events)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self.sql("reading the event date range", e))?;
        match range {
            Some((Some(first), Some(last))) => {
                Ok(Some((self.stored_day(first)?, self.stored_day(last)?)))
            }
            _ => Ok(None),
        }
    }

    /// Every day of the aggregate between `from` and `to` (inclusive, `None`
    /// unbounded) with the tallies of all its dyads, in date order.
    pub fn daily_totals(
        &self,
        from: Option<Date>,
        to: Option<Date>,
    ) -> Result<Vec<(Date, SummedTallies)>, StoreError> {
        let mut clauses = Vec::new();
        let mut params = Vec::new();
        if let Some(from) = from {
            clauses.push("day >= ?");
            params.push(day_number(from));
        }
        if let Some(to) = to {
            clauses.push("day <= ?");
            params.push(day_number(to));
        }
        let where_clause = if clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", clauses.join(" AND "))
        };
        let sql = format!(
            "SELECT day, {SUMMED_TALLIES} FROM dyad_daily {where_clause} GROUP BY day ORDER BY day"
        );
        let mut stmt = self
            .conn
            .prepare(&sql)
            .map_err(|e| self.sql("summing days", e))?;
        let mut rows = stmt
            .query(params_from_iter(params))
            .map_err(|e| self.sql("summing days", e))?;
        let mut days = Vec::new();
        while let Some(row) = rows.next().map_err(|e| self.sql("summing days", e))? {
            let day: i64 = row.get(0).map_err(|e| self.sql("summing days", e))?;
            let tallies = summed_at(row, 1).map_err(|e| self.sql("summing days", e))?;
            let date = day_date(day).ok_or_else(|| StoreError::BadStoredValue {
                path: self.path.clone(),
                what: "aggregate day",
                detail: format!("day number {day} is out of range"),
            })?;
            days.push((date, tallies));
        }
        Ok(days)
    }

    /// Every directed actor pair of the aggregate with its tallies over all
    /// days, in actor-id order (summed over the monthly roll-up).
    pub fn dyad_totals(&self) -> Result<Vec<DyadTotal>, StoreError> {
        // Months not rolled up yet are summed from their days, as of the same commit.
        let _snapshot = self.read_snapshot()?;
        let mut parts = vec![format!(
            "SELECT source, target, {TALLY_COLUMNS} FROM dyad_monthly"
        )];
        for (_, (first, last)) in self.pending_months(None, None)? {
            parts.push(format!(
                "SELECT source, target, {TALLY_COLUMNS} FROM dyad_daily
                 WHERE day >= {first} AND day <= {last}"
            ));
        }
        let from = if parts.len() == 1 {
            "dyad_monthly".to_string()
        } else {
            format!("({})", parts.join(" UNION ALL "))
        };
        let sql = format!(
            "SELECT source, target, {SUMMED_TALLIES} FROM {from}
             GROUP BY source, target ORDER BY source, target"
        );
        let mut stmt = self
            .conn
            .prepare(&sql)
            .map_err(|e| self.sql("summing dyads", e))?;
        let mut rows = stmt.query([]).map_err(|e| self.sql("summing dyads", e))?;
        let mut totals = Vec::new();
        while let Some(row) = rows.next().map_err(|e| self.sql("summing dyads", e))? {
            let read = || -> rusqlite::Result<DyadTotal> {
                Ok(DyadTotal {
                    source: row.get(0)?,
                    target: row.get(1)?,
                    tallies: summed_at(row, 2)?,
                })
            };
            totals.push(read().map_err(|e| self.sql("summing dyads", e))?);
        }
        Ok(totals)
    }
}
