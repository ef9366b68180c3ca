//! Reading events back: one filter ([`EventFilter`]) for `dyad query events`,
//! `dyad export` and ACH indicators, in two views ([`View`]): every stored
//! event, or each reported event once with how often it was reported.
//!
//! Events come out in date order (undated events first), then storage order,
//! and are read one day at a time so that a `limit` stops the work early.
//! Actor filters are code prefixes ("PRK" matches "PRKGOV" and "PRKMIL"),
//! resolved to actor ids; the daily aggregate then names the (day, source,
//! target) cells that hold matching events, and each cell is one seek in the
//! events' report index. Without actor filters the days are walked through
//! the same index; with document ids, through the documents' event ranges.
//!
//! Deduplication groups the events the filter selects by (date, source,
//! target, code), like GDELT's NumMentions: the group's first stored event
//! stands for it, with the number of events (mentions), distinct documents
//! (articles) and distinct document sources (sources) in the group.

use crate::Store;
use crate::aggregate::{ActorTable, day_number, id_list};
use crate::error::StoreError;
use dyad_model::{Date, Event, QuadClass, RuleRef};
use rusqlite::Row;
use rusqlite::types::Value;
use std::collections::{HashMap, HashSet};

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

const EVENT_COLUMNS: &str = "e.id, d.doc_id, e.day, e.source, e.target, e.code, e.quad_class, \
    e.goldstein, e.dictionary_version, e.document, e.detail, d.source, d.url, d.ingested_at, d.text";

/// One event read, with what grouping needs.
struct Fetched {
    stored: StoredEvent,
    /// (day, source, target, code) ids: the report group.
    group: (Option<i64>, i64, i64, i64),
    document: i64,
}

/// What a filter became once its codes were resolved to ids.
struct Plan {
    /// Conditions on `e.*` other than actors, days and documents, with parameters.
    conditions: Vec<String>,
    params: Vec<Value>,
    /// CAMEO roots and lower-cased words, checked on the decoded events.
    roots: Vec<String>,
    words: Vec<String>,
    /// The actor condition on `e.source` / `e.target` (`None`: any actor).
    actors: Option<String>,
    /// The aggregate's conditions naming the dyads to read (`None`: any).
    dyads: Option<Vec<String>>,
    from: Option<i64>,
    to: Option<i64>,
}

/// Id → code tables for turning rows back into events.
struct Names {
    actors: ActorTable,
    codes: HashMap<i64, String>,
    dictionaries: HashMap<i64, String>,
}

/// Emits events in order, deduplicating and counting against the limit.
struct Emitter<'v, V> {
    view: View,
    limit: u64,
    visited: u64,
    visit: &'v mut V,
}

impl<V> Emitter<'_, V> {
    fn full(&self) -> bool {
        self.visited >= self.limit
    }

    /// Emits one day's events (or the undated ones), given in id order.
    fn chunk<E>(&mut self, chunk: Vec<Fetched>) -> Result<(), E>
    where
        V: FnMut(StoredEvent) -> Result<(), E>,
    {
        match self.view {
            View::Raw => {
                for fetched in chunk {
                    if self.full() {
                        break;
                    }
                    (self.visit)(fetched.stored)?;
                    self.visited += 1;
                }
            }
            View::Dedupe => {
                let mut index: HashMap<(Option<i64>, i64, i64, i64), usize> = HashMap::new();
                let mut reports: Vec<(StoredEvent, HashSet<Option<String>>, HashSet<i64>)> =
                    Vec::new();
                for fetched in chunk {
                    let at = *index.entry(fetched.group).or_insert_with(|| {
                        reports.push((fetched.stored.clone(), HashSet::new(), HashSet::new()));
                        reports.len() - 1
                    });
                    let report = &mut reports[at];
                    report.0.mentions.mentions += 1;
                    report.1.insert(fetched.stored.document.source.clone());
                    report.2.insert(fetched.document);
                }
                for (mut stored, sources, articles) in reports {
                    if self.full() {
                        break;
                    }
                    // `mentions` started at the one of the raw row.
                    stored.mentions.mentions -= 1;
                    stored.mentions.sources = sources.len() as u64;
                    stored.mentions.articles = articles.len() as u64;
                    (self.visit)(stored)?;
                    self.visited += 1;
                }
            }
        }
        Ok(())
    }
}

impl Plan {
    /// Whether a read event passes the checks SQL did not make: its root is
    /// one of the roots, and its sentence holds every word (ASCII letters in
    /// any case, like SQL's LIKE).
    fn keeps(&self, fetched: &Fetched) -> bool {
        let event = &fetched.stored.event;
        if !self.roots.is_empty()
            && !event
                .root_code
                .as_ref()
                .is_some_and(|root| self.roots.contains(root))
        {
            return false;
        }
        if self.words.is_empty() {
            return true;
        }
        let sentence = event.sentence.to_ascii_lowercase();
        self.words
            .iter()
            .all(|word| sentence.contains(word.as_str()))
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
        let mut emitter = Emitter {
            view,
            limit: filter.limit.unwrap_or(u64::MAX),
            visited: 0,
            visit: &mut visit,
        };
        if emitter.full() {
            return Ok(0);
        }
        let Some(plan) = self.plan(filter)? else {
            return Ok(0);
        };
        let names = Names {
            actors: self.actor_table()?,
            codes: self.code_table("event_codes")?,
            dictionaries: self.dictionary_table()?,
        };
        if !filter.doc_ids.is_empty() {
            self.read_documents(filter, &plan, &names, &mut emitter)?;
        } else if plan.dyads.is_some() {
            self.read_dyads(&plan, &names, &mut emitter)?;
        } else {
            self.read_days(&plan, &names, &mut emitter)?;
        }
        Ok(emitter.visited)
    }

    /// Counts the events (or deduplicated reports) `filter` selects.
    pub fn count_events(&self, filter: &EventFilter, view: View) -> Result<u64, StoreError> {
        self.for_each_event(filter, view, |_| -> Result<(), StoreError> { Ok(()) })
    }

    /// Resolves a filter; `None` when it can match nothing (a prefix matching
    /// no stored actor or code).
    fn plan(&self, filter: &EventFilter) -> Result<Option<Plan>, StoreError> {
        let mut conditions = Vec::new();
        let mut params: Vec<Value> = Vec::new();
        let actors = match self.dyad_conditions(
            &filter.sources,
            &filter.targets,
            filter.both_directions,
            ("e.source", "e.target"),
            false,
        )? {
            None => None,
            Some(alternatives) if alternatives.is_empty() => return Ok(None),
            Some(alternatives) => Some(format!("(({}))", alternatives.join(") OR ("))),
        };
        let dyads = match self.dyad_conditions(
            &filter.sources,
            &filter.targets,
            filter.both_directions,
            ("source", "target"),
            true,
        )? {
            Some(alternatives) if alternatives.is_empty() => return Ok(None),
            other => other,
        };
        match self.ids_with_prefixes("event_codes", &filter.codes)? {
            Some(ids) if ids.is_empty() => return Ok(None),
            Some(ids) => conditions.push(format!("e.code IN {}", id_list(&ids))),
            None => {}
        }
        if !filter.quads.is_empty() {
            conditions.push(format!(
                "e.quad_class IN ({})",
                vec!["?"; filter.quads.len()].join(", ")
            ));
            params.extend(
                filter
                    .quads
                    .iter()
                    .map(|q| Value::Integer(q.number().into())),
            );
        }
        let from = filter.from.map(day_number);
        let to = filter.to.map(day_number);
        if let (Some(from), Some(to)) = (from, to)
            && from > to
        {
            return Ok(None);
        }
        Ok(Some(Plan {
            conditions,
            params,
            roots: filter.roots.clone(),
            words: filter
                .words
                .iter()
                .map(|w| w.to_ascii_lowercase())
                .collect(),
            actors,
            dyads,
            from,
            to,
        }))
    }

    /// The WHERE clause of `extra` conditions plus the plan's own.
    fn where_clause(plan: &Plan, extra: &[String]) -> String {
        let all: Vec<&str> = extra
            .iter()
            .chain(&plan.conditions)
            .map(String::as_str)
            .collect();
        if all.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", all.join(" AND "))
        }
    }

    /// Events of the documents named by the filter.
    fn read_documents<E: From<StoreError>, V: FnMut(StoredEvent) -> Result<(), E>>(
        &self,
        filter: &EventFilter,
        plan: &Plan,
        names: &Names,
        emitter: &mut Emitter<'_, V>,
    ) -> Result<(), E> {
        let mut extra = vec![format!(
            "d.doc_id IN ({})",
            vec!["?"; filter.doc_ids.len()].join(", ")
        )];
        extra.extend(plan.actors.clone());
        extra.extend(plan.from.map(|from| format!("e.day >= {from}")));
        extra.extend(plan.to.map(|to| format!("e.day <= {to}")));
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM documents d
             JOIN events e ON e.id BETWEEN d.first_event AND d.last_event AND e.document = d.id
             {} ORDER BY e.day, e.id",
            Self::where_clause(plan, &extra)
        );
        let params: Vec<Value> = filter
            .doc_ids
            .iter()
            .cloned()
            .map(Value::Text)
            .chain(plan.params.iter().cloned())
            .collect();
        let events = self.fetch(&sql, params, plan, names)?;
        // Split into days (the rows are in day order).
        let mut chunk: Vec<Fetched> = Vec::new();
        for fetched in events {
            if chunk
                .last()
                .is_some_and(|last| last.group.0 != fetched.group.0)
            {
                emitter.chunk(std::mem::take(&mut chunk))?;
            }
            chunk.push(fetched);
        }
        emitter.chunk(chunk)
    }

    /// Events of the dyads named by actor filters, through the aggregate.
    fn read_dyads<E: From<StoreError>, V: FnMut(StoredEvent) -> Result<(), E>>(
        &self,
        plan: &Plan,
        names: &Names,
        emitter: &mut Emitter<'_, V>,
    ) -> Result<(), E> {
        if plan.from.is_none() && plan.to.is_none() {
            self.read_undated(plan, names, emitter)?;
        }
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events e JOIN documents d ON d.id = e.document
             {}",
            Self::where_clause(
                plan,
                &[
                    "e.day = ?".to_string(),
                    "e.source = ?".to_string(),
                    "e.target = ?".to_string()
                ]
            )
        );
        let mut stmt = self
            .conn
            .prepare(&sql)
            .map_err(|e| self.sql("querying events", e))?;
        // The cells (day, source, target) of one month at a time, so that a
        // limit stops the search early.
        let cells = std::cell::RefCell::new(Vec::<[i64; 3]>::new());
        let emitter = std::cell::RefCell::new(emitter);
        self.for_each_dyad_day(
            plan.dyads.as_deref().unwrap_or_default(),
            plan.from,
            plan.to,
            |row| -> Result<(), E> {
                let cell = (|| Ok([row.get(0)?, row.get(1)?, row.get(2)?]))()
                    .map_err(|e| self.sql("finding dyad days", e))?;
                cells.borrow_mut().push(cell);
                Ok(())
            },
            || -> Result<bool, E> {
                let mut cells = cells.borrow_mut();
                let mut emitter = emitter.borrow_mut();
                cells.sort_unstable();
                cells.dedup();
                let mut chunk: Vec<Fetched> = Vec::new();
                for (index, cell) in cells.iter().enumerate() {
                    let params = cell
                        .iter()
                        .map(|id| Value::Integer(*id))
                        .chain(plan.params.iter().cloned());
                    let mut rows = stmt
                        .query(rusqlite::params_from_iter(params))
                        .map_err(|e| self.sql("querying events", e))?;
                    while let Some(row) = rows.next().map_err(|e| self.sql("querying events", e))? {
                        let fetched = self.fetched(row, names)?;
                        if plan.keeps(&fetched) {
                            chunk.push(fetched);
                        }
                    }
                    let day_done = cells.get(index + 1).is_none_or(|next| next[0] != cell[0]);
                    if day_done {
                        chunk.sort_unstable_by_key(|f| f.stored.id);
                        emitter.chunk(std::mem::take(&mut chunk))?;
                        if emitter.full() {
                            break;
                        }
                    }
                }
                cells.clear();
                Ok(!emitter.full())
            },
        )?;
        Ok(())
    }

    /// Undated events (first in every listing), when no date filter excludes them.
    fn read_undated<E: From<StoreError>, V: FnMut(StoredEvent) -> Result<(), E>>(
        &self,
        plan: &Plan,
        names: &Names,
        emitter: &mut Emitter<'_, V>,
    ) -> Result<(), E> {
        let mut extra = vec!["e.day IS NULL".to_string()];
        extra.extend(plan.actors.clone());
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events e JOIN documents d ON d.id = e.document
             {} ORDER BY e.id",
            Self::where_clause(plan, &extra)
        );
        let events = self.fetch(&sql, plan.params.clone(), plan, names)?;
        emitter.chunk(events)
    }

    /// Events day by day through the report index, when no actor is filtered.
    fn read_days<E: From<StoreError>, V: FnMut(StoredEvent) -> Result<(), E>>(
        &self,
        plan: &Plan,
        names: &Names,
        emitter: &mut Emitter<'_, V>,
    ) -> Result<(), E> {
        if plan.from.is_none() && plan.to.is_none() {
            self.read_undated(plan, names, emitter)?;
        }
        let mut next_day = self
            .conn
            .prepare("SELECT min(day) FROM events WHERE day >= ?1")
            .map_err(|e| self.sql("finding event days", e))?;
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events e JOIN documents d ON d.id = e.document
             {} ORDER BY e.id",
            Self::where_clause(plan, &["e.day = ?".to_string()])
        );
        let mut stmt = self
            .conn
            .prepare(&sql)
            .map_err(|e| self.sql("querying events", e))?;
        let mut day = plan.from.unwrap_or(i64::MIN);
        while !emitter.full() {
            let found: Option<i64> = next_day
                .query_row([day], |r| r.get(0))
                .map_err(|e| self.sql("finding event days", e))?;
            let Some(found) = found.filter(|d| plan.to.is_none_or(|to| *d <= to)) else {
                break;
            };
            let params = std::iter::once(Value::Integer(found)).chain(plan.params.iter().cloned());
            let mut rows = stmt
                .query(rusqlite::params_from_iter(params))
                .map_err(|e| self.sql("querying events", e))?;
            let mut chunk = Vec::new();
            while let Some(row) = rows.next().map_err(|e| self.sql("querying events", e))? {
                let fetched = self.fetched(row, names)?;
                if plan.keeps(&fetched) {
                    chunk.push(fetched);
                }
            }
            emitter.chunk(chunk)?;
            match found.checked_add(1) {
                Some(next) => day = next,
                None => break,
            }
        }
        Ok(())
    }

    fn fetch(
        &self,
        sql: &str,
        params: Vec<Value>,
        plan: &Plan,
        names: &Names,
    ) -> Result<Vec<Fetched>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(sql)
            .map_err(|e| self.sql("querying events", e))?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(params))
            .map_err(|e| self.sql("querying events", e))?;
        let mut events = Vec::new();
        while let Some(row) = rows.next().map_err(|e| self.sql("querying events", e))? {
            let fetched = self.fetched(row, names)?;
            if plan.keeps(&fetched) {
                events.push(fetched);
            }
        }
        Ok(events)
    }

    /// `code → id` of a code table, reversed.
    fn code_table(&self, table: &'static str) -> Result<HashMap<i64, String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT id, code FROM {table}"))
            .map_err(|e| self.sql("reading codes", e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.sql("reading codes", e))?;
        rows.collect::<Result<_, _>>()
            .map_err(|e| self.sql("reading codes", e))
    }

    fn dictionary_table(&self) -> Result<HashMap<i64, String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, fingerprint FROM dictionary_versions")
            .map_err(|e| self.sql("reading dictionary versions", e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.sql("reading dictionary versions", e))?;
        rows.collect::<Result<_, _>>()
            .map_err(|e| self.sql("reading dictionary versions", e))
    }

    fn fetched(&self, row: &Row<'_>, names: &Names) -> Result<Fetched, StoreError> {
        let bad = |what: &'static str, detail: String| StoreError::BadStoredValue {
            path: self.path.clone(),
            what,
            detail,
        };
        let read = || -> rusqlite::Result<_> {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                (
                    row.get::<_, Option<i64>>(2)?,
                    row.get::<_, i64>(3)?,
                    row.get::<_, i64>(4)?,
                    row.get::<_, i64>(5)?,
                ),
                row.get::<_, Option<u8>>(6)?,
                row.get::<_, Option<f64>>(7)?,
                row.get::<_, Option<i64>>(8)?,
                row.get::<_, i64>(9)?,
                row.get_ref(10)?.as_blob()?.to_vec(),
                StoredDocument {
                    source: row.get(11)?,
                    url: row.get(12)?,
                    ingested_at: row.get(13)?,
                },
            ))
        };
        let (id, doc_id, group, quad, goldstein, dictionary, document_row, detail, document) =
            read().map_err(|e| self.sql("reading an event", e))?;
        // The document's text, for a sentence stored as a place in it.
        let document_text = row
            .get_ref(14)
            .and_then(|text| Ok(text.as_str()?))
            .map_err(|e| self.sql("reading an event", e))?;
        let (day, source, target, code) = group;
        let actor = |actor: i64| -> Result<String, StoreError> {
            names
                .actors
                .code(actor)
                .map(str::to_string)
                .ok_or_else(|| bad("actor", format!("event {id}: actor id {actor} is unknown")))
        };
        let mut event = Event {
            doc_id,
            sentence_index: 0,
            date: day.map(|d| self.stored_day(d)).transpose()?,
            source: actor(source)?,
            target: actor(target)?,
            code: names.codes.get(&code).cloned().ok_or_else(|| {
                bad(
                    "event code",
                    format!("event {id}: code id {code} is unknown"),
                )
            })?,
            root_code: None,
            quad_class: quad
                .map(QuadClass::try_from)
                .transpose()
                .map_err(|e| bad("quad class", format!("event {id}: {e}")))?,
            goldstein,
            plover: None,
            source_text: String::new(),
            target_text: String::new(),
            verb_text: String::new(),
            sentence: String::new(),
            source_span: None,
            target_span: None,
            verb_span: None,
            sentence_start: 0,
            rule: RuleRef::default(),
            issues: Vec::new(),
        };
        crate::detail::decode(&detail, document_text, &mut event)
            .map_err(|e| bad("event detail", format!("event {id}: {e}")))?;
        Ok(Fetched {
            stored: StoredEvent {
                id,
                event,
                mentions: Mentions {
                    mentions: 1,
                    sources: 1,
                    articles: 1,
                },
                document,
                dictionary_version: dictionary.and_then(|d| names.dictionaries.get(&d).cloned()),
            },
            group,
            document: document_row,
        })
    }
}
