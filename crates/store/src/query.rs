//! Reading events back: one filter ([`EventFilter`]) for `dyad query events`,
//! `dyad export` and ACH indicators, in two views ([`View`]): every stored
//! event, or each reported event once with how often it was reported.
//!
//! Actor filters are code prefixes ("PRK" matches "PRKGOV" and "PRKMIL"), so
//! they use the `events_by_source` / `events_by_target` indexes as ranges.
//! Deduplication groups the events the filter selects by (date, source,
//! target, code), like GDELT's NumMentions: the group's first stored event
//! stands for it, with the number of events (mentions), distinct documents
//! (articles) and distinct document sources (sources) in the group.

use crate::Store;
use crate::aggregate::prefix_clause;
use crate::error::StoreError;
use dyad_model::{Date, Event, QuadClass, RuleRef, Span};
use rusqlite::Row;
use rusqlite::types::Value;

/// Which events to read. Empty lists and `None` match everything.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Source actor code prefixes.
    pub sources: Vec<String>,
    /// Target actor code prefixes.
    pub targets: Vec<String>,
    /// Also match events from a target prefix to a source prefix.
    pub both_directions: bool,
    /// Event codes, matched as prefixes ("19" matches "190" and "193").
    pub codes: Vec<String>,
    /// Two-digit CAMEO roots.
    pub roots: Vec<String>,
    pub quads: Vec<QuadClass>,
    /// First and last day, inclusive.
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// Words that must all appear in the sentence (case-insensitive for ASCII).
    pub words: Vec<String>,
    /// Only events of these documents.
    pub doc_ids: Vec<String>,
    /// At most this many events (or deduplicated events).
    pub limit: Option<u64>,
}

/// Raw events or deduplicated reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// Every stored event.
    #[default]
    Raw,
    /// Each (date, source, target, code) once, with its mention counts.
    Dedupe,
}

/// How often an event was reported (GDELT's NumMentions, NumSources, NumArticles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Mentions {
    pub mentions: u64,
    pub sources: u64,
    pub articles: u64,
}

/// An event as stored, with what the store knows about it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    /// The event's row id (stable while the document is not re-ingested).
    pub id: i64,
    pub event: Event,
    pub mentions: Mentions,
    pub document: StoredDocument,
    /// Fingerprint of the dictionary version that coded it.
    pub dictionary_version: Option<String>,
}

/// The document fields that travel with a stored event.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StoredDocument {
    pub source: Option<String>,
    pub url: Option<String>,
    /// Unix seconds of the document's last ingest.
    pub ingested_at: i64,
}

const EVENT_COLUMNS: &str = "e.id, d.doc_id, e.sentence_index, e.date, e.source, e.target, e.code, \
    e.root_code, e.quad_class, e.goldstein, e.plover, e.source_text, e.target_text, e.verb_text, \
    e.sentence, e.source_start, e.source_end, e.target_start, e.target_end, e.verb_start, \
    e.verb_end, e.sentence_start, e.rule_file, e.rule_line, e.rule_text, e.issues, \
    d.source, d.url, d.ingested_at, \
    (SELECT fingerprint FROM dictionary_versions v WHERE v.id = e.dictionary_version)";

impl EventFilter {
    /// The WHERE clause (over `events e JOIN documents d`) and its parameters.
    fn where_clause(&self) -> (String, Vec<Value>) {
        let mut clauses = Vec::new();
        let mut params: Vec<Value> = Vec::new();
        let mut text_params = Vec::new();
        let forward = [
            prefix_clause("e.source", &self.sources, &mut text_params),
            prefix_clause("e.target", &self.targets, &mut text_params),
        ];
        let forward: Vec<String> = forward.into_iter().flatten().collect();
        if !forward.is_empty() {
            if self.both_directions {
                let backward: Vec<String> = [
                    prefix_clause("e.source", &self.targets, &mut text_params),
                    prefix_clause("e.target", &self.sources, &mut text_params),
                ]
                .into_iter()
                .flatten()
                .collect();
                clauses.push(format!(
                    "(({}) OR ({}))",
                    forward.join(" AND "),
                    backward.join(" AND ")
                ));
            } else {
                clauses.push(forward.join(" AND "));
            }
        }
        params.extend(text_params.drain(..).map(Value::Text));
        if let Some(codes) = prefix_clause("e.code", &self.codes, &mut text_params) {
            clauses.push(codes);
        }
        params.extend(text_params.drain(..).map(Value::Text));
        if !self.roots.is_empty() {
            clauses.push(format!(
                "e.root_code IN ({})",
                vec!["?"; self.roots.len()].join(", ")
            ));
            params.extend(self.roots.iter().cloned().map(Value::Text));
        }
        if !self.quads.is_empty() {
            clauses.push(format!(
                "e.quad_class IN ({})",
                vec!["?"; self.quads.len()].join(", ")
            ));
            params.extend(self.quads.iter().map(|q| Value::Integer(q.number().into())));
        }
        if let Some(from) = self.from {
            clauses.push("e.date >= ?".to_string());
            params.push(Value::Text(from.to_string()));
        }
        if let Some(to) = self.to {
            clauses.push("e.date <= ?".to_string());
            params.push(Value::Text(to.to_string()));
        }
        for word in &self.words {
            clauses.push("e.sentence LIKE ? ESCAPE '\\'".to_string());
            let escaped = word
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            params.push(Value::Text(format!("%{escaped}%")));
        }
        if !self.doc_ids.is_empty() {
            clauses.push(format!(
                "d.doc_id IN ({})",
                vec!["?"; self.doc_ids.len()].join(", ")
            ));
            params.extend(self.doc_ids.iter().cloned().map(Value::Text));
        }
        let sql = if clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", clauses.join(" AND "))
        };
        (sql, params)
    }
}

impl Store {
    /// Calls `visit` with every event `filter` selects, in date order (undated
    /// events first), then storage order. Returns how many were visited.
    pub fn for_each_event<E: From<StoreError>>(
        &self,
        filter: &EventFilter,
        view: View,
        mut visit: impl FnMut(StoredEvent) -> Result<(), E>,
    ) -> Result<u64, E> {
        let (where_clause, mut params) = filter.where_clause();
        let limit = match filter.limit {
            Some(n) => {
                params.push(Value::Integer(i64::try_from(n).unwrap_or(i64::MAX)));
                "LIMIT ?"
            }
            None => "",
        };
        let sql = match view {
            View::Raw => format!(
                "SELECT {EVENT_COLUMNS}, 1, 1, 1
                 FROM events e JOIN documents d ON d.id = e.document
                 {where_clause} ORDER BY e.date, e.id {limit}"
            ),
            View::Dedupe => format!(
                "WITH reports AS (
                    SELECT min(e.id) AS id, count(*) AS mentions,
                           count(DISTINCT coalesce(d.source, '')) AS sources,
                           count(DISTINCT e.document) AS articles
                    FROM events e JOIN documents d ON d.id = e.document
                    {where_clause}
                    GROUP BY e.date, e.source, e.target, e.code)
                 SELECT {EVENT_COLUMNS}, r.mentions, r.sources, r.articles
                 FROM reports r JOIN events e ON e.id = r.id JOIN documents d ON d.id = e.document
                 ORDER BY e.date, e.id {limit}"
            ),
        };
        let mut stmt = self
            .conn
            .prepare(&sql)
            .map_err(|e| self.sql("querying events", e))?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(params))
            .map_err(|e| self.sql("querying events", e))?;
        let mut visited = 0;
        while let Some(row) = rows.next().map_err(|e| self.sql("querying events", e))? {
            let stored = self.stored_event(row)?;
            visit(stored)?;
            visited += 1;
        }
        Ok(visited)
    }

    /// Counts the events (or deduplicated reports) `filter` selects.
    pub fn count_events(&self, filter: &EventFilter, view: View) -> Result<u64, StoreError> {
        let (where_clause, params) = filter.where_clause();
        let sql = match view {
            View::Raw => format!(
                "SELECT count(*) FROM events e JOIN documents d ON d.id = e.document {where_clause}"
            ),
            View::Dedupe => format!(
                "SELECT count(*) FROM (SELECT 1 FROM events e JOIN documents d ON d.id = e.document
                 {where_clause} GROUP BY e.date, e.source, e.target, e.code)"
            ),
        };
        let count: i64 = self
            .conn
            .query_row(&sql, rusqlite::params_from_iter(params), |r| r.get(0))
            .map_err(|e| self.sql("counting events", e))?;
        let count = count.max(0) as u64;
        Ok(filter.limit.map_or(count, |limit| count.min(limit)))
    }

    fn stored_event(&self, row: &Row<'_>) -> Result<StoredEvent, StoreError> {
        let bad = |what: &'static str, detail: String| StoreError::BadStoredValue {
            path: self.path.clone(),
            what,
            detail,
        };
        let read = || -> rusqlite::Result<_> {
            let span = |start: usize| -> rusqlite::Result<Option<Span>> {
                let s: Option<i64> = row.get(start)?;
                let e: Option<i64> = row.get(start + 1)?;
                Ok(match (s, e) {
                    (Some(s), Some(e)) => Some(Span::new(s.max(0) as usize, e.max(0) as usize)),
                    _ => None,
                })
            };
            Ok((
                row.get::<_, i64>(0)?,
                Event {
                    doc_id: row.get(1)?,
                    sentence_index: row.get(2)?,
                    date: None,
                    source: row.get(4)?,
                    target: row.get(5)?,
                    code: row.get(6)?,
                    root_code: row.get(7)?,
                    quad_class: None,
                    goldstein: row.get(9)?,
                    plover: row.get(10)?,
                    source_text: row.get(11)?,
                    target_text: row.get(12)?,
                    verb_text: row.get(13)?,
                    sentence: row.get(14)?,
                    source_span: span(15)?,
                    target_span: span(17)?,
                    verb_span: span(19)?,
                    sentence_start: row.get::<_, i64>(21)?.max(0) as usize,
                    rule: RuleRef {
                        file: row.get(22)?,
                        line: row.get(23)?,
                        text: row.get(24)?,
                    },
                    issues: Vec::new(),
                },
                row.get::<_, Option<String>>(3)?,
                row.get::<_, Option<u8>>(8)?,
                row.get::<_, Option<String>>(25)?,
                StoredDocument {
                    source: row.get(26)?,
                    url: row.get(27)?,
                    ingested_at: row.get(28)?,
                },
                row.get::<_, Option<String>>(29)?,
                Mentions {
                    mentions: row.get::<_, i64>(30)?.max(0) as u64,
                    sources: row.get::<_, i64>(31)?.max(0) as u64,
                    articles: row.get::<_, i64>(32)?.max(0) as u64,
                },
            ))
        };
        let (id, mut event, date, quad, issues, document, dictionary_version, mentions) =
            read().map_err(|e| self.sql("reading an event", e))?;
        event.date = date.map(|d| self.parse_stored_date(&d)).transpose()?;
        event.quad_class = quad
            .map(QuadClass::try_from)
            .transpose()
            .map_err(|e| bad("quad class", format!("event {id}: {e}")))?;
        if let Some(issues) = issues {
            event.issues = serde_json::from_str(&issues)
                .map_err(|e| bad("issues", format!("event {id}: {e}")))?;
        }
        Ok(StoredEvent {
            id,
            event,
            mentions,
            document,
            dictionary_version,
        })
    }
}
