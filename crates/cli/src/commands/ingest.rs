//! `dyad ingest --events EVENTS.jsonl`: stores coded events (JSON Lines of
//! `dyad_model::Event`, as `dyad code --output-format jsonl` writes them) with
//! their documents, in batched transactions.
//!
//! Events of one document must be contiguous (the coder writes them so); each
//! document's events replace any it had in the store, so re-running an ingest
//! is idempotent and a killed ingest can simply be run again. Documents come
//! from `--documents DOCS.jsonl` when given (`{"id", "date", "text", ...}`,
//! other fields kept as metadata), otherwise from the events' sentences.
//! Inputs may be gzip-compressed (`.gz`).

use crate::commands::query::DbArgs;
use anyhow::{Context, Result, bail};
use dyad_model::{Document, Event, parse_date};
use dyad_store::{IngestStats, Store};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Coded events, one JSON object a line (plain or .gz); repeat for several files.
    #[arg(long = "events", value_name = "EVENTS.jsonl", required = true)]
    events: Vec<PathBuf>,
    /// The documents the events came from, one JSON object a line: {"id", "date", "text", ...}.
    #[arg(long, value_name = "DOCS.jsonl")]
    documents: Option<PathBuf>,
    #[command(flatten)]
    db: DbArgs,
    /// Events per transaction.
    #[arg(long, default_value_t = 10_000)]
    batch: usize,
    /// Fingerprint of the dictionaries that coded the events.
    #[arg(long, default_value = "external")]
    dictionary_version: String,
    /// Print a line to standard error after every committed batch.
    #[arg(long)]
    progress: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let documents = match &args.documents {
        Some(path) => read_documents(path)?,
        None => HashMap::new(),
    };
    let mut store = Store::open(&args.db.db)?;
    let mut ingest = Ingest {
        store: &mut store,
        documents,
        dictionary_version: &args.dictionary_version,
        batch_limit: args.batch.max(1),
        progress: args.progress,
        batch: Vec::new(),
        batch_events: 0,
        batches: 0,
        totals: IngestStats::default(),
        finished_docs: HashSet::new(),
        current: None,
    };
    for path in &args.events {
        ingest.read_events(path)?;
    }
    ingest.finish_document();
    ingest.commit()?;
    let totals = ingest.totals;
    eprintln!(
        "dyad: stored {} events of {} documents ({} new, {} replaced; {} old events removed) in {}",
        totals.events_added,
        totals.documents_added + totals.documents_replaced,
        totals.documents_added,
        totals.documents_replaced,
        totals.events_removed,
        args.db.db.display()
    );
    Ok(ExitCode::SUCCESS)
}

struct Ingest<'s> {
    store: &'s mut Store,
    documents: HashMap<String, Document>,
    dictionary_version: &'s str,
    batch_limit: usize,
    progress: bool,
    batch: Vec<(Document, Vec<Event>)>,
    batch_events: usize,
    batches: u64,
    totals: IngestStats,
    finished_docs: HashSet<String>,
    /// The document whose events are being read.
    current: Option<(String, Vec<Event>)>,
}

impl Ingest<'_> {
    fn read_events(&mut self, path: &Path) -> Result<()> {
        let reader = open_input(path)?;
        for (index, line) in reader.lines().enumerate() {
            let line_number = index + 1;
            let line =
                line.with_context(|| format!("{}:{line_number}: reading", path.display()))?;
            if line.trim().is_empty() {
                continue;
            }
            let event: Event = serde_json::from_str(&line).map_err(|e| {
                anyhow::anyhow!(
                    "{}:{line_number}:{}: not an event: {e}",
                    path.display(),
                    e.column()
                )
            })?;
            if event.doc_id.is_empty() {
                bail!(
                    "{}:{line_number}: event has an empty doc_id",
                    path.display()
                );
            }
            let same_document = self
                .current
                .as_ref()
                .is_some_and(|(id, _)| *id == event.doc_id);
            if !same_document {
                if self.finished_docs.contains(&event.doc_id) {
                    bail!(
                        "{}:{line_number}: events of document {:?} appear again after other documents; \
                         the events of one document must be contiguous (as `dyad code` writes them)",
                        path.display(),
                        event.doc_id
                    );
                }
                self.finish_document();
                if self.batch_events >= self.batch_limit {
                    self.commit()?;
                }
                self.current = Some((event.doc_id.clone(), Vec::new()));
            }
            if let Some((_, events)) = self.current.as_mut() {
                events.push(event);
            }
        }
        Ok(())
    }

    fn finish_document(&mut self) {
        let Some((id, events)) = self.current.take() else {
            return;
        };
        let document = self
            .documents
            .remove(&id)
            .unwrap_or_else(|| document_from_events(&id, &events));
        self.batch_events += events.len();
        self.finished_docs.insert(id);
        self.batch.push((document, events));
    }

    fn commit(&mut self) -> Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let stats = self
            .store
            .ingest_batch(&self.batch, self.dictionary_version)?;
        self.totals.add(&stats);
        self.batches += 1;
        if self.progress {
            let last = self
                .batch
                .last()
                .map(|(d, _)| d.id.as_str())
                .unwrap_or_default();
            eprintln!(
                "dyad: committed batch {}: {} documents, {} events, through document {last}",
                self.batches,
                self.batch.len(),
                stats.events_added
            );
        }
        self.batch.clear();
        self.batch_events = 0;
        Ok(())
    }
}

/// A document rebuilt from its events: the first event's date and the
/// distinct sentences in order.
fn document_from_events(id: &str, events: &[Event]) -> Document {
    let mut sentences: Vec<(u32, &str)> = events
        .iter()
        .map(|e| (e.sentence_index, e.sentence.as_str()))
        .collect();
    sentences.sort_unstable();
    sentences.dedup();
    Document {
        id: id.to_string(),
        date: events.iter().find_map(|e| e.date),
        text: sentences
            .iter()
            .map(|(_, s)| *s)
            .collect::<Vec<_>>()
            .join(" "),
        ..Document::default()
    }
}

fn open_input(path: &Path) -> Result<Box<dyn BufRead>> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let reader: Box<dyn Read> = if path.extension().is_some_and(|e| e == "gz") {
        Box::new(flate2::read::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    Ok(Box::new(BufReader::with_capacity(1 << 20, reader)))
}

/// Reads documents `{"id", "date", "text", "source"?, "url"?, ...}`; other
/// fields become metadata.
fn read_documents(path: &Path) -> Result<HashMap<String, Document>> {
    let mut documents = HashMap::new();
    for (index, line) in open_input(path)?.lines().enumerate() {
        let line_number = index + 1;
        let line = line.with_context(|| format!("{}:{line_number}: reading", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let place = || format!("{}:{line_number}", path.display());
        let mut fields: Map<String, Value> = serde_json::from_str(&line)
            .map_err(|e| anyhow::anyhow!("{}:{}: not a JSON object: {e}", place(), e.column()))?;
        let id = match fields.remove("id") {
            Some(Value::String(s)) if !s.is_empty() => s,
            Some(Value::Number(n)) => n.to_string(),
            _ => bail!("{}: document needs a non-empty \"id\"", place()),
        };
        let text = match fields.remove("text") {
            Some(Value::String(s)) => s,
            _ => bail!("{}: document {id:?} needs a \"text\" string", place()),
        };
        let date = match fields.remove("date") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(parse_date(&s).ok_or_else(|| {
                anyhow::anyhow!("{}: document {id:?}: date {s:?} is not YYYY-MM-DD", place())
            })?),
            Some(other) => bail!("{}: document {id:?}: date {other} is not a string", place()),
        };
        let mut text_field = |name: &str| match fields.remove(name) {
            Some(Value::String(s)) => Some(s),
            Some(other) => {
                fields.insert(name.to_string(), other);
                None
            }
            None => None,
        };
        let source = text_field("source");
        let url = text_field("url");
        if fields.get("metadata").is_some_and(Value::is_object) {
            if let Some(Value::Object(inner)) = fields.remove("metadata") {
                fields.extend(inner);
            }
        }
        documents.insert(
            id.clone(),
            Document {
                id,
                date,
                source,
                url,
                text,
                metadata: fields,
            },
        );
    }
    Ok(documents)
}
