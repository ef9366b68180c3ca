//! Writing to the store: documents with their events, one transaction per
//! batch, replacing the events of documents stored before, and keeping the
//! daily dyad aggregate in step.
//!
//! A batch either lands whole or not at all. Within it, every (date, source,
//! target, code) report group it touches is looked up once before the first
//! change (its first stored report, which gives the deduplicated values) and,
//! when the batch removed events from it, once after; the aggregate then
//! receives the difference.

use crate::aggregate::{ActorId, Tally, day_number, tally_params};
use crate::error::StoreError;
use crate::{Store, aggregate};
use dyad_model::{Date, Document, Event, QuadClass};
use rusqlite::{OptionalExtension, Transaction, params};
use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// What one ingest batch did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct IngestStats {
    pub documents_added: u64,
    pub documents_replaced: u64,
    pub events_added: u64,
    pub events_removed: u64,
}

impl IngestStats {
    pub fn add(&mut self, other: &IngestStats) {
        self.documents_added += other.documents_added;
        self.documents_replaced += other.documents_replaced;
        self.events_added += other.events_added;
        self.events_removed += other.events_removed;
    }
}

/// A report group: events that report the same thing.
type ReportKey = (Date, String, String, String);

/// The deduplicated values of a report group: its first report's quad class and Goldstein.
type Representative = (Option<QuadClass>, Option<f64>);

struct GroupChange {
    before: Option<Representative>,
    removed_any: bool,
    first_added: Option<Representative>,
    source: String,
    target: String,
}

#[derive(Default)]
struct DailyDelta {
    raw: Tally,
    unique: Tally,
}

impl Store {
    /// Stores `batch` in one transaction: each document with its events,
    /// coded with dictionary version `dictionary_fingerprint` (registered when
    /// new). A document whose id is already stored is replaced, events and all.
    /// Nothing is written when any part fails.
    pub fn ingest_batch(
        &mut self,
        batch: &[(Document, Vec<Event>)],
        dictionary_fingerprint: &str,
    ) -> Result<IngestStats, StoreError> {
        for (document, events) in batch {
            if document.id.is_empty() {
                return Err(StoreError::EmptyDocumentId);
            }
            if let Some((index, event)) = events
                .iter()
                .enumerate()
                .find(|(_, e)| e.doc_id != document.id)
            {
                return Err(StoreError::EventOfOtherDocument {
                    doc_id: document.id.clone(),
                    index,
                    event_doc_id: event.doc_id.clone(),
                });
            }
        }
        let path = self.path.clone();
        let sql = |action: &'static str| {
            let path = path.clone();
            move |e| crate::schema::sqlite_error(&path, action, e)
        };
        let mut new_actors = HashMap::new();
        let tx = self.conn.transaction().map_err(sql("starting a batch"))?;
        let stats = write_batch(
            &tx,
            batch,
            dictionary_fingerprint,
            &self.actor_ids,
            &mut new_actors,
        )
        .map_err(sql("storing a batch"))?;
        tx.commit().map_err(sql("committing a batch"))?;
        // Only now are the new actor ids certain to exist.
        self.actor_ids.extend(new_actors);
        Ok(stats)
    }

    /// Stored documents after row `after` (0 to start), at most `limit`, in
    /// storage order, with the row to continue from. For re-coding a store in batches.
    pub fn documents_after(
        &self,
        after: i64,
        limit: usize,
    ) -> Result<(Vec<Document>, Option<i64>), StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, doc_id, date, source, url, text, metadata FROM documents
                 WHERE id > ?1 ORDER BY id LIMIT ?2",
            )
            .map_err(|e| self.sql("reading documents", e))?;
        let mut rows = stmt
            .query(params![after, limit as i64])
            .map_err(|e| self.sql("reading documents", e))?;
        let mut documents = Vec::new();
        let mut last = None;
        while let Some(row) = rows.next().map_err(|e| self.sql("reading documents", e))? {
            let read = || -> rusqlite::Result<_> {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, Option<String>>(2)?,
                    row.get::<_, Option<String>>(3)?,
                    row.get::<_, Option<String>>(4)?,
                    row.get::<_, String>(5)?,
                    row.get::<_, Option<String>>(6)?,
                ))
            };
            let (rowid, id, date, source, url, text, metadata) =
                read().map_err(|e| self.sql("reading documents", e))?;
            documents.push(Document {
                id,
                date: date.map(|d| self.parse_stored_date(&d)).transpose()?,
                source,
                url,
                text,
                metadata: match metadata {
                    Some(json) => {
                        serde_json::from_str(&json).map_err(|e| StoreError::BadStoredValue {
                            path: self.path.clone(),
                            what: "document metadata",
                            detail: e.to_string(),
                        })?
                    }
                    None => serde_json::Map::new(),
                },
            });
            last = Some(rowid);
        }
        let full = documents.len() == limit;
        Ok((documents, last.filter(|_| full)))
    }

    /// The stored document with id `doc_id`.
    pub fn document(&self, doc_id: &str) -> Result<Option<Document>, StoreError> {
        let row: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM documents WHERE doc_id = ?1",
                [doc_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.sql("reading a document", e))?;
        match row {
            Some(rowid) => Ok(self.documents_after(rowid - 1, 1)?.0.into_iter().next()),
            None => Ok(None),
        }
    }
}

fn write_batch(
    tx: &Transaction<'_>,
    batch: &[(Document, Vec<Event>)],
    dictionary_fingerprint: &str,
    known_actors: &HashMap<String, ActorId>,
    new_actors: &mut HashMap<String, ActorId>,
) -> rusqlite::Result<IngestStats> {
    let dictionary: i64 = tx.query_row(
        "INSERT INTO dictionary_versions (fingerprint, first_used_at) VALUES (?1, unixepoch())
         ON CONFLICT (fingerprint) DO UPDATE SET fingerprint = fingerprint
         RETURNING id",
        [dictionary_fingerprint],
        |r| r.get(0),
    )?;
    let mut stats = IngestStats::default();
    let mut groups: HashMap<ReportKey, GroupChange> = HashMap::new();
    let mut deltas: HashMap<(String, String, Date), DailyDelta> = HashMap::new();

    let mut find_document = tx.prepare_cached("SELECT id FROM documents WHERE doc_id = ?1")?;
    let mut old_events = tx.prepare_cached(
        "SELECT date, source, target, code, quad_class, goldstein FROM events WHERE document = ?1",
    )?;
    let mut delete_events = tx.prepare_cached("DELETE FROM events WHERE document = ?1")?;
    let mut update_document = tx.prepare_cached(
        "UPDATE documents SET date = ?2, source = ?3, url = ?4, text = ?5, metadata = ?6,
                dictionary_version = ?7, ingested_at = unixepoch()
         WHERE id = ?1",
    )?;
    let mut insert_document = tx.prepare_cached(
        "INSERT INTO documents (doc_id, date, source, url, text, metadata, dictionary_version, ingested_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, unixepoch())",
    )?;
    let mut insert_event_statement = tx.prepare_cached(
        "INSERT INTO events (document, sentence_index, date, source, target, code, root_code,
            quad_class, goldstein, plover, source_text, target_text, verb_text, sentence,
            source_start, source_end, target_start, target_end, verb_start, verb_end,
            sentence_start, rule_file, rule_line, rule_text, issues, dictionary_version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)",
    )?;
    let mut first_report = tx.prepare_cached(
        "SELECT quad_class, goldstein FROM events
         WHERE date = ?1 AND source = ?2 AND target = ?3 AND code = ?4
         ORDER BY date, source, target, code, id LIMIT 1",
    )?;
    let mut probe = |key: &ReportKey| -> rusqlite::Result<Option<Representative>> {
        first_report
            .query_row(params![key.0.to_string(), key.1, key.2, key.3], |r| {
                Ok((
                    r.get::<_, Option<u8>>(0)?
                        .and_then(|q| QuadClass::try_from(q).ok()),
                    r.get::<_, Option<f64>>(1)?,
                ))
            })
            .optional()
    };

    for (document, events) in batch {
        let metadata = (!document.metadata.is_empty())
            .then(|| serde_json::Value::Object(document.metadata.clone()).to_string());
        let date = document.date.map(|d| d.to_string());
        let existing: Option<i64> = find_document
            .query_row([&document.id], |r| r.get(0))
            .optional()?;
        let document_row = match existing {
            Some(row) => {
                let mut rows = old_events.query([row])?;
                while let Some(r) = rows.next()? {
                    let Some(date) = r
                        .get::<_, Option<String>>(0)?
                        .and_then(|d| Date::parse_from_str(&d, "%Y-%m-%d").ok())
                    else {
                        stats.events_removed += 1;
                        continue;
                    };
                    let key: ReportKey = (date, r.get(1)?, r.get(2)?, r.get(3)?);
                    let quad = r
                        .get::<_, Option<u8>>(4)?
                        .and_then(|q| QuadClass::try_from(q).ok());
                    let tally = Tally::of_event(quad, r.get(5)?);
                    deltas
                        .entry((key.1.clone(), key.2.clone(), date))
                        .or_default()
                        .raw
                        .subtract(&tally);
                    touch_group(&mut groups, key, &mut probe)?.removed_any = true;
                    stats.events_removed += 1;
                }
                delete_events.execute([row])?;
                update_document.execute(params![
                    row,
                    date,
                    document.source,
                    document.url,
                    document.text,
                    metadata,
                    dictionary
                ])?;
                stats.documents_replaced += 1;
                row
            }
            None => {
                insert_document.execute(params![
                    document.id,
                    date,
                    document.source,
                    document.url,
                    document.text,
                    metadata,
                    dictionary
                ])?;
                stats.documents_added += 1;
                tx.last_insert_rowid()
            }
        };
        for event in events {
            // The report group is looked up before this event joins it.
            if let Some(date) = event.date {
                let key: ReportKey = (
                    date,
                    event.source.clone(),
                    event.target.clone(),
                    event.code.clone(),
                );
                let group = touch_group(&mut groups, key, &mut probe)?;
                if group.first_added.is_none() {
                    group.first_added = Some((event.quad_class, event.goldstein));
                }
                deltas
                    .entry((event.source.clone(), event.target.clone(), date))
                    .or_default()
                    .raw
                    .add(&Tally::of_event(event.quad_class, event.goldstein));
            }
            insert_event(&mut insert_event_statement, document_row, event, dictionary)?;
            stats.events_added += 1;
        }
    }

    for (key, group) in &groups {
        let after = if group.removed_any {
            probe(key)?
        } else {
            group.before.or(group.first_added)
        };
        if group.before == after {
            continue;
        }
        let delta = deltas
            .entry((group.source.clone(), group.target.clone(), key.0))
            .or_default();
        if let Some((quad, goldstein)) = group.before {
            delta.unique.subtract(&Tally::of_event(quad, goldstein));
        }
        if let Some((quad, goldstein)) = after {
            delta.unique.add(&Tally::of_event(quad, goldstein));
        }
    }

    apply_deltas(tx, deltas, known_actors, new_actors)?;
    Ok(stats)
}

/// The change record of a report group, looking up its state before the batch
/// changes it when the batch first touches it.
fn touch_group<'g>(
    groups: &'g mut HashMap<ReportKey, GroupChange>,
    key: ReportKey,
    probe: &mut impl FnMut(&ReportKey) -> rusqlite::Result<Option<Representative>>,
) -> rusqlite::Result<&'g mut GroupChange> {
    match groups.entry(key) {
        Entry::Occupied(entry) => Ok(entry.into_mut()),
        Entry::Vacant(entry) => {
            let before = probe(entry.key())?;
            let (_, source, target, _) = entry.key();
            let change = GroupChange {
                before,
                removed_any: false,
                first_added: None,
                source: source.clone(),
                target: target.clone(),
            };
            Ok(entry.insert(change))
        }
    }
}

fn apply_deltas(
    tx: &Transaction<'_>,
    deltas: HashMap<(String, String, Date), DailyDelta>,
    known_actors: &HashMap<String, ActorId>,
    new_actors: &mut HashMap<String, ActorId>,
) -> rusqlite::Result<()> {
    let columns = aggregate::DAILY_COLUMNS;
    let update_list = columns
        .split(", ")
        .skip(3)
        .map(|c| format!("{c} = {c} + excluded.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let placeholders = vec!["?"; 21].join(", ");
    let mut upsert = tx.prepare_cached(&format!(
        "INSERT INTO dyad_daily ({columns}) VALUES ({placeholders})
         ON CONFLICT (source, target, day) DO UPDATE SET {update_list}"
    ))?;
    let mut drop_empty = tx.prepare_cached(
        "DELETE FROM dyad_daily WHERE source = ?1 AND target = ?2 AND day = ?3 AND events = 0",
    )?;
    let mut find_actor = tx.prepare_cached("SELECT id FROM actors WHERE code = ?1")?;
    let mut insert_actor = tx.prepare_cached("INSERT INTO actors (code) VALUES (?1)")?;
    let mut actor_id = |code: &str| -> rusqlite::Result<ActorId> {
        if let Some(id) = known_actors.get(code).or_else(|| new_actors.get(code)) {
            return Ok(*id);
        }
        let id = match find_actor.query_row([code], |r| r.get(0)).optional()? {
            Some(id) => id,
            None => {
                insert_actor.execute([code])?;
                tx.last_insert_rowid()
            }
        };
        new_actors.insert(code.to_string(), id);
        Ok(id)
    };
    for ((source, target, date), delta) in deltas {
        if delta.raw.is_zero() && delta.unique.is_zero() {
            continue;
        }
        let key = [actor_id(&source)?, actor_id(&target)?, day_number(date)];
        let values = key
            .into_iter()
            .chain(tally_params(&delta.raw))
            .chain(tally_params(&delta.unique));
        upsert.execute(rusqlite::params_from_iter(values))?;
        if delta.raw.events < 0 {
            drop_empty.execute(key)?;
        }
    }
    Ok(())
}

fn insert_event(
    statement: &mut rusqlite::CachedStatement<'_>,
    document_row: i64,
    event: &Event,
    dictionary: i64,
) -> rusqlite::Result<()> {
    let issues = (!event.issues.is_empty())
        .then(|| serde_json::Value::from(event.issues.clone()).to_string());
    let start = |s: Option<dyad_model::Span>| s.map(|s| s.start as i64);
    let end = |s: Option<dyad_model::Span>| s.map(|s| s.end as i64);
    statement.execute(params![
        document_row,
        event.sentence_index,
        event.date.map(|d| d.to_string()),
        event.source,
        event.target,
        event.code,
        event.root_code,
        event.quad_class.map(|q| q.number()),
        event.goldstein,
        event.plover,
        event.source_text,
        event.target_text,
        event.verb_text,
        event.sentence,
        start(event.source_span),
        end(event.source_span),
        start(event.target_span),
        end(event.target_span),
        start(event.verb_span),
        end(event.verb_span),
        event.sentence_start as i64,
        event.rule.file,
        event.rule.line,
        event.rule.text,
        issues,
        dictionary
    ])?;
    Ok(())
}
