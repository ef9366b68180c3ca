//! Writing to the store: documents with their events, one transaction per
//! batch, replacing the events of documents stored before, and keeping the
//! daily dyad aggregate and its monthly roll-ups (actor and country pairs)
//! in step: the daily rows at every batch, the roll-up rows of a month still
//! being written once it stops changing (module `rollup`).
//!
//! A batch either lands whole or not at all. Actor and event codes become
//! integer ids (cached per [`Store`] once committed); events get consecutive
//! ids, so a document's events are the id range its row records. Within a
//! batch, every (day, source, target, code) report group it adds to is
//! checked once for an earlier report (an index-only lookup: a new event never
//! becomes the first report of a group that already has one; groups dated
//! after the latest stored day cannot have one and are not looked up); groups it
//! removes events from are looked up in full before the first removal and
//! after the batch. The aggregates then receive the difference, in key order.
//!
//! SQLite works on the calling thread; what needs no database runs on a
//! second, scoped thread meanwhile: packing provenance, committed codes'
//! ids and documents' stored texts while the stored documents are read, and
//! the aggregate differences while the rows are written.

use crate::Store;
use crate::aggregate::{
    ActorId, KeyOrder, Tally, apply_aggregate_deltas, apply_rollup_deltas, day_date, day_number,
    month_number,
};
use crate::error::StoreError;
use crate::rollup::PendingRollups;
use dyad_model::{Document, Event, QuadClass, country_key};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{CachedStatement, OptionalExtension, Transaction, params};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

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

/// A multiply-rotate hasher for the integer keys of one batch (the keys are
/// the store's own ids, so no hash flooding can come from input text).
#[derive(Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_i64(&mut self, n: i64) {
        self.write_u64(n as u64);
    }
}

pub(crate) type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

/// A report group: (day, source, target, code) ids.
type GroupKey = [i64; 4];

/// The deduplicated values of a report group: its first report's quad class and Goldstein.
type Representative = (Option<QuadClass>, Option<f64>);

#[derive(Default)]
struct GroupChange {
    /// Whether the group had a report before the batch, when looked up.
    existed: Option<bool>,
    /// Its first report before the batch, when looked up in full.
    before: Option<Option<Representative>>,
    removed_any: bool,
    first_added: Option<Representative>,
}

/// Code → id caches of the `actors` and `event_codes` tables, and each
/// actor's country (committed rows only).
#[derive(Default)]
pub(crate) struct IdCache {
    pub(crate) loaded: bool,
    pub(crate) actors: CodeMap,
    pub(crate) codes: CodeMap,
    pub(crate) countries: IdMap<ActorId, ActorId>,
}

/// Code → id, hashed with [`IdHasher`]: the codes are short, and a flood of
/// colliding codes could only slow a batch down, never change what is stored.
pub(crate) type CodeMap = HashMap<String, i64, BuildHasherDefault<IdHasher>>;

impl IdCache {
    fn country(&self, new: &IdCache, actor: ActorId) -> Option<ActorId> {
        self.countries
            .get(&actor)
            .or_else(|| new.countries.get(&actor))
            .copied()
    }
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
        if !self.ids.loaded {
            self.load_id_cache()
                .map_err(sql("reading actor and event codes"))?;
            self.checkpointer = crate::checkpoint::Checkpointer::start(&self.path);
            if self.checkpointer.is_some() {
                self.conn
                    .pragma_update(None, "wal_autocheckpoint", 0)
                    .map_err(sql("handing checkpoints to a thread"))?;
            }
        }
        let mut new_ids = IdCache::default();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(sql("starting a batch"))?;
        self.rollups
            .begin(&tx)
            .map_err(sql("reading the months not yet rolled up"))?;
        let stats = write_batch(
            &tx,
            batch,
            dictionary_fingerprint,
            (&self.ids, &mut new_ids),
            &mut self.rollups,
        )
        .map_err(sql("storing a batch"))?;
        tx.commit().map_err(sql("committing a batch"))?;
        self.rollups.committed();
        if let Some(checkpointer) = &self.checkpointer
            && checkpointer.committed()
        {
            let (log, copied) = crate::checkpoint::passive(&self.conn)
                .map_err(sql("checkpointing the write-ahead log"))?;
            checkpointer.record(log, copied);
        }
        // Only now are the new ids certain to exist.
        self.ids.actors.extend(new_ids.actors);
        self.ids.codes.extend(new_ids.codes);
        self.ids.countries.extend(new_ids.countries);
        Ok(stats)
    }

    /// Writes the monthly roll-up rows of the months ingest left pending
    /// (see module `rollup`), so that readers find every month in the
    /// roll-ups again. Ingest does this by itself once a month stops
    /// changing; dropping the store does it too, ignoring errors (a month
    /// left pending is still read correctly, from the daily aggregate, and
    /// the next ingest rolls it up). Does nothing unless this store ingested.
    pub fn flush_rollups(&mut self) -> Result<(), StoreError> {
        if !self.ids.loaded || !self.rollups.any() {
            return Ok(());
        }
        let path = self.path.clone();
        let sql = |e| crate::schema::sqlite_error(&path, "writing the monthly roll-ups", e);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(sql)?;
        self.rollups.begin(&tx).map_err(sql)?;
        let known = &self.ids;
        self.rollups
            .flush(&tx, true, |actor| known.countries.get(&actor).copied())
            .map_err(sql)?;
        tx.commit().map_err(sql)?;
        self.rollups.committed();
        Ok(())
    }

    fn load_id_cache(&mut self) -> rusqlite::Result<()> {
        let mut stmt = self.conn.prepare("SELECT code, id, country FROM actors")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let (code, id, country): (String, ActorId, Option<ActorId>) =
                (row.get(0)?, row.get(1)?, row.get(2)?);
            self.ids.actors.insert(code, id);
            if let Some(country) = country {
                self.ids.countries.insert(id, country);
            }
        }
        drop(rows);
        drop(stmt);
        let mut stmt = self.conn.prepare("SELECT code, id FROM event_codes")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        for row in rows {
            let (code, id) = row?;
            self.ids.codes.insert(code, id);
        }
        self.ids.loaded = true;
        Ok(())
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

/// Resolves codes of one table to ids: committed ones from the cache, the
/// batch's new ones from `new`, others looked up or inserted.
struct IdResolver<'t> {
    find: CachedStatement<'t>,
    insert: CachedStatement<'t>,
}

impl<'t> IdResolver<'t> {
    fn new(tx: &'t Transaction<'_>, table: &str) -> rusqlite::Result<IdResolver<'t>> {
        Ok(IdResolver {
            find: tx.prepare_cached(&format!("SELECT id FROM {table} WHERE code = ?1"))?,
            insert: tx.prepare_cached(&format!(
                "INSERT INTO {table} (code) VALUES (?1) RETURNING id"
            ))?,
        })
    }

    fn id(&mut self, code: &str, known: &CodeMap, new: &mut CodeMap) -> rusqlite::Result<i64> {
        if let Some(id) = known.get(code).or_else(|| new.get(code)) {
            return Ok(*id);
        }
        let id = match self.find.query_row([code], |r| r.get(0)).optional()? {
            Some(id) => id,
            None => self.insert.query_row([code], |r| r.get(0))?,
        };
        new.insert(code.to_string(), id);
        Ok(id)
    }
}

/// Resolves actor codes to ids, giving new actors their country (the actor
/// whose code is the code's `country_key`, itself for country codes).
struct ActorResolver<'t> {
    codes: IdResolver<'t>,
    set_country: CachedStatement<'t>,
}

impl<'t> ActorResolver<'t> {
    fn new(tx: &'t Transaction<'_>) -> rusqlite::Result<ActorResolver<'t>> {
        Ok(ActorResolver {
            codes: IdResolver::new(tx, "actors")?,
            set_country: tx.prepare_cached(
                "UPDATE actors SET country = ?2 WHERE id = ?1 AND country IS NOT ?2",
            )?,
        })
    }

    fn id(&mut self, code: &str, known: &IdCache, new: &mut IdCache) -> rusqlite::Result<ActorId> {
        let id = self.codes.id(code, &known.actors, &mut new.actors)?;
        if known.country(new, id).is_none() {
            let key = country_key(code);
            let country = if key == code {
                id
            } else {
                let country = self.codes.id(key, &known.actors, &mut new.actors)?;
                if known.country(new, country).is_none() {
                    self.set_country.execute([country, country])?;
                    new.countries.insert(country, country);
                }
                country
            };
            self.set_country.execute([id, country])?;
            new.countries.insert(id, country);
        }
        Ok(id)
    }
}

fn representative(row: &rusqlite::Row<'_>) -> rusqlite::Result<Representative> {
    Ok((
        row.get::<_, Option<u8>>(0)?
            .and_then(|q| QuadClass::try_from(q).ok()),
        row.get::<_, Option<f64>>(1)?,
    ))
}

/// Rows per multi-row INSERT of events (9 parameters each).
const EVENT_ROWS: usize = 64;
/// Rows per multi-row INSERT of documents (9 parameters each).
const DOCUMENT_ROWS: usize = 64;
/// Keys per batched lookup (documents by id, report groups).
const LOOKUP_KEYS: usize = 128;

const EVENT_INSERT: &str = "INSERT OR ROLLBACK INTO events (document, day, source, target, code, \
    quad_class, goldstein, dictionary_version, detail) VALUES ";
const EVENT_VALUES: &str = "(?,?,?,?,?,?,?,?,?)";
const DOCUMENT_INSERT: &str = "INSERT OR ROLLBACK INTO documents (doc_id, date, source, url, text, \
    metadata, dictionary_version, first_event, last_event, ingested_at) VALUES ";
const DOCUMENT_VALUES: &str = "(?,?,?,?,?,?,?,?,?,unixepoch())";

/// `values` repeated for `rows` rows of a multi-row statement.
pub(crate) fn repeated(values: &str, rows: usize) -> String {
    vec![values; rows].join(",")
}

/// Runs `prefix + VALUES rows + suffix` over `params` (`width` of them a
/// row): full chunks of `chunk` rows through one multi-row statement, the rest
/// row by row. Statements are cached, so a batch prepares each shape once.
///
/// The values are of one concrete type (`i64` for the aggregates, [`ToSqlOutput`]
/// for mixed rows), not `&dyn ToSql`: rusqlite's binding is generic over it,
/// so each value is bound without a virtual call and, for integers, without
/// matching on its kind (a sixth of the ingest thread's instructions went to
/// binding through `&dyn ToSql`).
pub(crate) fn execute_rows<T: rusqlite::ToSql>(
    tx: &Transaction<'_>,
    [prefix, values, suffix]: [&str; 3],
    width: usize,
    chunk: usize,
    params: &[T],
) -> rusqlite::Result<()> {
    let width = width.max(1);
    let rows = params.len() / width;
    let full = rows / chunk.max(1) * chunk.max(1);
    if full > 0 {
        let mut many =
            tx.prepare_cached(&format!("{prefix}{}{suffix}", repeated(values, chunk)))?;
        for part in params[..full * width].chunks(chunk * width) {
            many.execute(rusqlite::params_from_iter(part))?;
        }
    }
    if full < rows {
        let mut one = tx.prepare_cached(&format!("{prefix}{values}{suffix}"))?;
        for part in params[full * width..rows * width].chunks(width) {
            one.execute(rusqlite::params_from_iter(part))?;
        }
    }
    Ok(())
}

/// An integer as a bound value.
fn int(value: i64) -> ToSqlOutput<'static> {
    ToSqlOutput::Borrowed(ValueRef::Integer(value))
}

/// An optional integer as a bound value.
fn integer(value: Option<i64>) -> ToSqlOutput<'static> {
    ToSqlOutput::Borrowed(value.map_or(ValueRef::Null, ValueRef::Integer))
}

/// An optional text as a bound value.
fn text(value: Option<&str>) -> ToSqlOutput<'_> {
    ToSqlOutput::Borrowed(value.map_or(ValueRef::Null, |text| ValueRef::Text(text.as_bytes())))
}

/// Checks that SQLite gave the rows just inserted the ids the batch
/// planned (it appends after the largest id while the write lock is held);
/// anything else fails the batch rather than storing wrong event ranges.
fn expect_last_row(tx: &Transaction<'_>, what: &str, expected: i64) -> rusqlite::Result<()> {
    let got = tx.last_insert_rowid();
    if got == expected {
        return Ok(());
    }
    Err(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_INTERNAL),
        Some(format!(
            "the last {what} stored got row id {got}, not the planned {expected}"
        )),
    ))
}

/// The computed columns of one event row (`id` is the one SQLite will give it).
struct EventIds {
    id: i64,
    document: i64,
    day: Option<i64>,
    source: i64,
    target: i64,
    code: i64,
    quad: Option<u8>,
    /// Where its packed provenance is in the segment's detail buffer.
    detail: std::ops::Range<usize>,
}

fn write_batch(
    tx: &Transaction<'_>,
    batch: &[(Document, Vec<Event>)],
    dictionary_fingerprint: &str,
    (known, new): (&IdCache, &mut IdCache),
    rollups: &mut PendingRollups,
) -> rusqlite::Result<IngestStats> {
    let dictionary: i64 = tx.query_row(
        "INSERT INTO dictionary_versions (fingerprint, first_used_at) VALUES (?1, unixepoch())
         ON CONFLICT (fingerprint) DO UPDATE SET fingerprint = fingerprint
         RETURNING id",
        [dictionary_fingerprint],
        |r| r.get(0),
    )?;
    // The write lock is held (immediate transaction), so these stay free.
    let mut next = [
        tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM events", [], |r| {
            r.get(0)
        })?,
        tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM documents", [], |r| {
            r.get(0)
        })?,
    ];
    let mut stats = IngestStats::default();
    // A document id repeated within the batch replaces its earlier copy: the
    // batch is written in segments without repeats, each seeing the ones before.
    let mut start = 0;
    while start < batch.len() {
        let mut seen = std::collections::HashSet::new();
        let mut end = start;
        while end < batch.len() && seen.insert(batch[end].0.id.as_str()) {
            end += 1;
        }
        let segment = Segment {
            tx,
            batch: &batch[start..end],
            dictionary,
        };
        segment.write(known, new, rollups, &mut next, &mut stats)?;
        start = end;
    }
    // Months this batch did not change are complete: their roll-up rows now.
    let new: &IdCache = new;
    rollups.flush(tx, false, |actor| known.country(new, actor))?;
    Ok(stats)
}

/// A stored document's row and the ids of its first and last events.
type StoredRange = (i64, Option<i64>, Option<i64>);

/// Stored documents by doc id.
type StoredDocuments = HashMap<String, StoredRange>;

/// Documents of a batch whose ids are all different.
struct Segment<'a, 't> {
    tx: &'a Transaction<'t>,
    batch: &'a [(Document, Vec<Event>)],
    dictionary: i64,
}

impl Segment<'_, '_> {
    /// Stored documents among the segment's: doc id → (row, first event, last event).
    fn stored_documents(&self) -> rusqlite::Result<StoredDocuments> {
        let mut existing = HashMap::new();
        for part in self.batch.chunks(LOOKUP_KEYS) {
            let mut find = self.tx.prepare_cached(&format!(
                "SELECT doc_id, id, first_event, last_event FROM documents WHERE doc_id IN ({})",
                vec!["?"; part.len()].join(",")
            ))?;
            let ids = part.iter().map(|(d, _)| d.id.as_str());
            let mut rows = find.query(rusqlite::params_from_iter(ids))?;
            while let Some(r) = rows.next()? {
                existing.insert(r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?));
            }
        }
        Ok(existing)
    }

    /// The stored documents among the segment's, and the events they lose:
    /// (report group, tally) of each dated one.
    fn replaced(
        &self,
        stats: &mut IngestStats,
    ) -> rusqlite::Result<(StoredDocuments, Vec<(GroupKey, Tally)>)> {
        let existing = self.stored_documents()?;
        let mut removed: Vec<(GroupKey, Tally)> = Vec::new();
        let mut old_events = self.tx.prepare_cached(
            "SELECT day, source, target, code, quad_class, goldstein FROM events
             WHERE id BETWEEN ?1 AND ?2 AND document = ?3",
        )?;
        for (document, _) in self.batch {
            let Some(&(row, Some(first), Some(last))) = existing.get(&document.id) else {
                continue;
            };
            let mut rows = old_events.query(params![first, last, row])?;
            while let Some(r) = rows.next()? {
                stats.events_removed += 1;
                let Some(day) = r.get::<_, Option<i64>>(0)? else {
                    continue;
                };
                let quad = r
                    .get::<_, Option<u8>>(4)?
                    .and_then(|q| QuadClass::try_from(q).ok());
                removed.push((
                    [day, r.get(1)?, r.get(2)?, r.get(3)?],
                    Tally::of_event(quad, r.get(5)?),
                ));
            }
        }
        Ok((existing, removed))
    }

    fn write(
        &self,
        known: &IdCache,
        new: &mut IdCache,
        rollups: &mut PendingRollups,
        [next_event, next_document]: &mut [i64; 2],
        stats: &mut IngestStats,
    ) -> rusqlite::Result<()> {
        let tx = self.tx;
        let batch = self.batch;
        // SQLite works on this thread; what needs no database runs on a
        // second one meanwhile: packing and cached ids while stored documents
        // are read, the aggregate differences while the rows are written.
        let (prepared, read) = std::thread::scope(|scope| {
            let preparing = Beside::start(scope, || prepare(batch, known));
            let read = self.replaced(stats);
            (preparing.finish(), read)
        });
        let (existing, removed) = read?;

        // Ids of everything to write: committed codes came from the cache on
        // the other thread, the rest are looked up or inserted here.
        let mut actors = ActorResolver::new(tx)?;
        let mut codes = IdResolver::new(tx, "event_codes")?;
        let mut document_rows = Vec::with_capacity(self.batch.len());
        let mut rows: Vec<EventIds> = Vec::with_capacity(prepared.ids.len());
        let mut cached = prepared.ids.iter().zip(&prepared.details);
        for (document, events) in self.batch {
            let row = match existing.get(&document.id) {
                Some((row, _, _)) => *row,
                None => {
                    *next_document += 1;
                    *next_document - 1
                }
            };
            let first = (!events.is_empty()).then_some(*next_event);
            for (event, (ids, detail)) in events.iter().zip(&mut cached) {
                let [source, target, code] = *ids;
                rows.push(EventIds {
                    id: *next_event,
                    document: row,
                    day: event.date.map(day_number),
                    source: match source {
                        Some(id) => id,
                        None => actors.id(&event.source, known, new)?,
                    },
                    target: match target {
                        Some(id) => id,
                        None => actors.id(&event.target, known, new)?,
                    },
                    code: match code {
                        Some(id) => id,
                        None => codes.id(&event.code, &known.codes, &mut new.codes)?,
                    },
                    quad: event.quad_class.map(|q| q.number()),
                    detail: detail.clone(),
                });
                *next_event += 1;
            }
            let last = first.map(|_| *next_event - 1);
            document_rows.push((row, first, last));
        }
        drop((actors, codes));
        let new: &IdCache = new;
        let events = || self.batch.iter().flat_map(|(_, events)| events);

        // Report groups and their state before the segment: in full where
        // events are removed, otherwise only whether they have a report.
        let mut groups: IdMap<GroupKey, GroupChange> = IdMap::default();
        let mut first_report = tx.prepare_cached(
            "SELECT quad_class, goldstein FROM events
             WHERE day = ?1 AND source = ?2 AND target = ?3 AND code = ?4
             ORDER BY id LIMIT 1",
        )?;
        let mut replaced_groups: Vec<(GroupKey, Option<Representative>)> = Vec::new();
        for (key, _) in &removed {
            let group = groups.entry(*key).or_default();
            if group.before.is_none() {
                let before = first_report.query_row(*key, representative).optional()?;
                group.existed = Some(before.is_some());
                group.before = Some(before);
                group.removed_any = true;
                replaced_groups.push((*key, before));
            }
        }
        // No stored event is dated after the latest stored day (one seek in
        // the report index), so groups of later days need no probe: in
        // publication order most of a batch's days are new.
        let latest_day: Option<i64> =
            tx.query_row("SELECT max(day) FROM events", [], |r| r.get(0))?;
        let mut unknown: Vec<GroupKey> = Vec::new();
        for (ids, event) in rows.iter().zip(events()) {
            let Some(day) = ids.day else {
                continue;
            };
            let key = [day, ids.source, ids.target, ids.code];
            let group = groups.entry(key).or_default();
            if group.first_added.is_none() {
                group.first_added = Some((event.quad_class, event.goldstein));
                if group.existed.is_none() {
                    group.existed = Some(false);
                    if latest_day.is_some_and(|latest| day <= latest) {
                        unknown.push(key);
                    }
                }
            }
        }
        for part in unknown.chunks(LOOKUP_KEYS) {
            let mut probe = tx.prepare_cached(&format!(
                "SELECT v.column1, v.column2, v.column3, v.column4 FROM (VALUES {}) v
                 WHERE EXISTS (SELECT 1 FROM events e WHERE e.day = v.column1
                     AND e.source = v.column2 AND e.target = v.column3 AND e.code = v.column4)",
                repeated("(?,?,?,?)", part.len())
            ))?;
            let keys = part.iter().flatten();
            let mut found = probe.query(rusqlite::params_from_iter(keys))?;
            while let Some(r) = found.next()? {
                let key: GroupKey = [r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?];
                if let Some(group) = groups.get_mut(&key) {
                    group.existed = Some(true);
                }
            }
        }

        // The aggregates' differences, on the other thread while the rows are
        // written, all but those of groups that lose events (their first
        // report after the writes is read here).
        let country = |actor| known.country(new, actor);
        let (mut deltas, changes) = std::thread::scope(|scope| {
            let summing = Beside::start(scope, || {
                aggregate_deltas(batch, &rows, &removed, &groups, country)
            });
            let plan = Plan {
                existing: &existing,
                document_rows: &document_rows,
                rows: &rows,
                prepared: &prepared,
                replaced_groups: &replaced_groups,
            };
            let written = self.write_rows(plan, &mut first_report, *next_document, stats);
            (summing.finish(), written)
        });
        for (key, unique) in changes? {
            deltas.add_unique(key, &unique, country);
        }
        let AggregateDeltas {
            daily,
            monthly,
            countries,
        } = deltas;
        // Pending months' roll-ups are summed in memory; which months are new
        // is decided before their first daily rows are written.
        let (monthly, countries) = rollups.route(tx, monthly, countries)?;
        apply_aggregate_deltas(tx, "dyad_daily", "day", KeyOrder::PeriodFirst, daily)?;
        apply_rollup_deltas(tx, monthly, countries)
    }

    /// Writes the segment's documents and events, removes the events of the
    /// documents it replaces, and returns the deduplicated differences of the
    /// report groups that lost events (`replaced_groups`, with their first
    /// report before).
    fn write_rows(
        &self,
        plan: Plan<'_>,
        first_report: &mut CachedStatement<'_>,
        next_document: i64,
        stats: &mut IngestStats,
    ) -> rusqlite::Result<Vec<([i64; 3], Tally)>> {
        let Plan {
            existing,
            document_rows,
            rows,
            prepared,
            replaced_groups,
        } = plan;
        let tx = self.tx;
        let events = || self.batch.iter().flat_map(|(_, events)| events);
        // The writes.
        let mut delete_events =
            tx.prepare_cached("DELETE FROM events WHERE id BETWEEN ?1 AND ?2 AND document = ?3")?;
        let mut update_document = tx.prepare_cached(
            "UPDATE documents SET date = ?2, source = ?3, url = ?4, text = ?5, metadata = ?6,
                    dictionary_version = ?7, ingested_at = unixepoch(), first_event = ?8,
                    last_event = ?9
             WHERE id = ?1",
        )?;
        let mut document_params: Vec<ToSqlOutput<'_>> = Vec::new();
        for (((document, _), (row, first, last)), (date, metadata)) in
            self.batch.iter().zip(document_rows).zip(&prepared.texts)
        {
            match existing.get(&document.id) {
                Some(_) => {
                    update_document.execute(params![
                        row,
                        date,
                        document.source,
                        document.url,
                        document.text,
                        metadata,
                        self.dictionary,
                        first,
                        last
                    ])?;
                    stats.documents_replaced += 1;
                }
                None => {
                    document_params.extend([
                        text(Some(&document.id)),
                        text(date.as_deref()),
                        text(document.source.as_deref()),
                        text(document.url.as_deref()),
                        text(Some(&document.text)),
                        text(metadata.as_deref()),
                        int(self.dictionary),
                        integer(*first),
                        integer(*last),
                    ]);
                    stats.documents_added += 1;
                }
            }
        }
        execute_rows(
            tx,
            [DOCUMENT_INSERT, DOCUMENT_VALUES, ""],
            9,
            DOCUMENT_ROWS,
            &document_params,
        )?;
        if !document_params.is_empty() {
            expect_last_row(tx, "document", next_document - 1)?;
        }
        drop(document_params);
        let mut event_params: Vec<ToSqlOutput<'_>> = Vec::with_capacity(rows.len() * 9);
        for (ids, event) in rows.iter().zip(events()) {
            event_params.extend([
                int(ids.document),
                integer(ids.day),
                int(ids.source),
                int(ids.target),
                int(ids.code),
                integer(ids.quad.map(i64::from)),
                ToSqlOutput::Borrowed(event.goldstein.map_or(ValueRef::Null, ValueRef::Real)),
                int(self.dictionary),
                ToSqlOutput::Borrowed(ValueRef::Blob(&prepared.packed[ids.detail.clone()])),
            ]);
        }
        execute_rows(
            tx,
            [EVENT_INSERT, EVENT_VALUES, ""],
            9,
            EVENT_ROWS,
            &event_params,
        )?;
        if let Some(last) = rows.last() {
            expect_last_row(tx, "event", last.id)?;
        }
        // Only now the replaced events go, so that SQLite's next id was the
        // planned one above (their ids are all smaller than the new ones).
        for ((document, _), (row, _, _)) in self.batch.iter().zip(document_rows) {
            if let Some(&(_, Some(old_first), Some(old_last))) = existing.get(&document.id) {
                delete_events.execute(params![old_first, old_last, row])?;
            }
        }
        drop(event_params);
        stats.events_added += rows.len() as u64;

        // Groups that lost events: their deduplicated values now.
        let mut changes: Vec<([i64; 3], Tally)> = Vec::new();
        for (key, before) in replaced_groups {
            let after = first_report.query_row(*key, representative).optional()?;
            if *before == after {
                continue;
            }
            let mut delta = Tally::default();
            if let Some((quad, goldstein)) = before {
                delta.subtract(&Tally::of_event(*quad, *goldstein));
            }
            if let Some((quad, goldstein)) = after {
                delta.add(&Tally::of_event(quad, goldstein));
            }
            changes.push(([key[0], key[1], key[2]], delta));
        }
        Ok(changes)
    }
}

/// What [`Segment::write_rows`] writes, planned before.
struct Plan<'p> {
    existing: &'p StoredDocuments,
    /// Each document's row and event range.
    document_rows: &'p [StoredRange],
    rows: &'p [EventIds],
    prepared: &'p Prepared,
    /// Report groups that lose events, with their first report before.
    replaced_groups: &'p [(GroupKey, Option<Representative>)],
}

/// Work handed to a second thread of a scope while the caller goes on, or
/// already done by the caller when no thread could be started.
enum Beside<'scope, T> {
    Thread(std::thread::ScopedJoinHandle<'scope, T>),
    Done(T),
}

impl<'scope, T: Send + 'scope> Beside<'scope, T> {
    /// Starts `work` (a closure over references, so it can be kept to run
    /// here if the thread cannot start).
    fn start(
        scope: &'scope std::thread::Scope<'scope, '_>,
        work: impl FnOnce() -> T + Send + Copy + 'scope,
    ) -> Beside<'scope, T> {
        match std::thread::Builder::new()
            .name("dyad-ingest-helper".to_string())
            .spawn_scoped(scope, work)
        {
            Ok(handle) => Beside::Thread(handle),
            Err(_) => Beside::Done(work()),
        }
    }

    /// The work's result; a panic on the thread carries on here.
    fn finish(self) -> T {
        match self {
            Beside::Thread(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Beside::Done(result) => result,
        }
    }
}

/// What a segment's rows need that no database read decides, computed
/// beside the database work.
struct Prepared {
    /// Every event's packed provenance, one after another.
    packed: Vec<u8>,
    /// Where each event's is in `packed`, in batch order.
    details: Vec<std::ops::Range<usize>>,
    /// Each event's source, target and code ids when the committed cache has
    /// them (an actor only together with its country); `None` is resolved
    /// against the database.
    ids: Vec<[Option<i64>; 3]>,
    /// Each document's date and metadata as stored.
    texts: Vec<(Option<String>, Option<String>)>,
}

fn prepare(batch: &[(Document, Vec<Event>)], known: &IdCache) -> Prepared {
    let count = batch.iter().map(|(_, events)| events.len()).sum();
    let mut prepared = Prepared {
        packed: Vec::new(),
        details: Vec::with_capacity(count),
        ids: Vec::with_capacity(count),
        texts: Vec::with_capacity(batch.len()),
    };
    let actor = |code: &str| {
        known
            .actors
            .get(code)
            .copied()
            .filter(|id| known.countries.contains_key(id))
    };
    let mut one = Vec::new();
    for (document, events) in batch {
        for event in events {
            crate::detail::encode(event, Some(&document.text), &mut one);
            let at = prepared.packed.len();
            prepared.packed.extend_from_slice(&one);
            prepared.details.push(at..prepared.packed.len());
            prepared.ids.push([
                actor(&event.source),
                actor(&event.target),
                known.codes.get(event.code.as_str()).copied(),
            ]);
        }
        prepared.texts.push((
            document.date.map(|d| d.to_string()),
            (!document.metadata.is_empty())
                .then(|| serde_json::Value::Object(document.metadata.clone()).to_string()),
        ));
    }
    prepared
}

/// One aggregate's rows to change: (period, source, target) key, raw and
/// deduplicated differences, sorted by key.
type AggregateRows = Vec<([i64; 3], Tally, Tally)>;

/// The differences a segment makes to the daily aggregate and its two monthly roll-ups.
struct AggregateDeltas {
    daily: AggregateRows,
    monthly: AggregateRows,
    countries: AggregateRows,
}

impl AggregateDeltas {
    /// Adds a deduplicated difference on day key `[day, source, target]` to
    /// the three aggregates.
    fn add_unique(
        &mut self,
        [day, source, target]: [i64; 3],
        unique: &Tally,
        country: impl Fn(ActorId) -> Option<ActorId>,
    ) {
        fn add(rows: &mut AggregateRows, key: [i64; 3], unique: &Tally) {
            match rows.binary_search_by_key(&key, |(k, _, _)| *k) {
                Ok(at) => rows[at].2.add(unique),
                Err(at) => rows.insert(at, (key, Tally::default(), *unique)),
            }
        }
        add(&mut self.daily, [day, source, target], unique);
        // Day numbers come from valid dates, so they always have a month.
        let Some(month) = day_date(day).map(month_number) else {
            return;
        };
        add(&mut self.monthly, [month, source, target], unique);
        if let (Some(source), Some(target)) = (country(source), country(target)) {
            add(&mut self.countries, [month, source, target], unique);
        }
    }
}

/// The aggregates' differences from a segment's added and removed events
/// and from its report groups that gain a first report; groups that lose
/// events are left to the caller, who reads them after the writes.
fn aggregate_deltas(
    batch: &[(Document, Vec<Event>)],
    rows: &[EventIds],
    removed: &[(GroupKey, Tally)],
    groups: &IdMap<GroupKey, GroupChange>,
    country: impl Fn(ActorId) -> Option<ActorId>,
) -> AggregateDeltas {
    let mut deltas: IdMap<[i64; 3], (Tally, Tally)> = IdMap::default();
    for ([day, source, target, _], tally) in removed {
        deltas
            .entry([*day, *source, *target])
            .or_default()
            .0
            .subtract(tally);
    }
    let events = batch.iter().flat_map(|(_, events)| events);
    for (ids, event) in rows.iter().zip(events) {
        if let Some(day) = ids.day {
            deltas
                .entry([day, ids.source, ids.target])
                .or_default()
                .0
                .add(&Tally::of_event(event.quad_class, event.goldstein));
        }
    }
    for (key, group) in groups {
        if group.removed_any || group.existed != Some(false) {
            continue;
        }
        if let Some((quad, goldstein)) = group.first_added {
            deltas
                .entry([key[0], key[1], key[2]])
                .or_default()
                .1
                .add(&Tally::of_event(quad, goldstein));
        }
    }
    let mut monthly: IdMap<[i64; 3], (Tally, Tally)> = IdMap::default();
    for ([day, source, target], (raw, unique)) in &deltas {
        // Day numbers come from valid dates, so they always have a month.
        if let Some(month) = day_date(*day).map(month_number) {
            let entry = monthly.entry([month, *source, *target]).or_default();
            entry.0.add(raw);
            entry.1.add(unique);
        }
    }
    let mut countries: IdMap<[i64; 3], (Tally, Tally)> = IdMap::default();
    for ([month, source, target], (raw, unique)) in &monthly {
        // Every actor got its country when it was resolved.
        if let (Some(source), Some(target)) = (country(*source), country(*target)) {
            let entry = countries.entry([*month, source, target]).or_default();
            entry.0.add(raw);
            entry.1.add(unique);
        }
    }
    let sorted = |map: IdMap<[i64; 3], (Tally, Tally)>| {
        let mut rows: AggregateRows = map.into_iter().map(|(k, (r, u))| (k, r, u)).collect();
        rows.sort_unstable_by_key(|(key, _, _)| *key);
        rows
    };
    AggregateDeltas {
        daily: sorted(deltas),
        monthly: sorted(monthly),
        countries: sorted(countries),
    }
}
