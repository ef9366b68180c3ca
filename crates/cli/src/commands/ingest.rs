//! `dyad ingest`: stores documents and their events in a dyad database, in
//! batched transactions. Three ways in:
//!
//! - `dyad ingest [INPUT...]` codes documents (JSON Lines `{"id","date",
//!   "text",...}`, text, TABARI or PETRARCH XML; plain or .gz; stdin when no
//!   INPUT) with `--dictionaries` (default: the bundled ones) and stores them
//!   with their events;
//! - `dyad ingest --events EVENTS.jsonl` stores events already coded (JSON
//!   Lines of `dyad_model::Event`, as `dyad code` writes them), with their
//!   documents from `--documents` or rebuilt from the events' sentences;
//! - `dyad ingest --recode` codes every stored document again after a
//!   dictionary change.
//!
//! A document's events replace any it had, so re-running an ingest is
//! idempotent and a killed ingest can simply be run again. Every stored
//! event records the dictionary version (fingerprint) that coded it.

use crate::commands::code::{DictionaryArgs, RunArgs, code_inputs, inputs_of, refuse};
use crate::commands::query::DbArgs;
use crate::documents::{InputFormat, document_from_json};
use crate::pipeline::ordered_map;
use anyhow::{Context, Result, bail};
use dyad_model::{Document, Event};
use dyad_store::{IngestStats, Store};
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Documents to code and store (plain or .gz); standard input when none.
    #[arg(value_name = "INPUT", conflicts_with_all = ["events", "recode"])]
    inputs: Vec<PathBuf>,
    /// How the INPUT documents are written.
    #[arg(long, value_enum, default_value = "auto")]
    input_format: InputFormat,
    /// Store events already coded (JSON Lines, plain or .gz) instead of coding; repeat for several files.
    #[arg(
        long = "events",
        value_name = "EVENTS.jsonl",
        conflicts_with = "recode"
    )]
    events: Vec<PathBuf>,
    /// With --events: the documents the events came from, one JSON object a line.
    #[arg(long, value_name = "DOCS.jsonl", requires = "events")]
    documents: Option<PathBuf>,
    /// Code every stored document again (after a dictionary change) and replace its events.
    #[arg(long)]
    recode: bool,
    #[command(flatten)]
    db: DbArgs,
    #[command(flatten)]
    dictionaries: DictionaryArgs,
    /// Events per transaction.
    #[arg(long, default_value_t = 10_000)]
    batch: usize,
    /// With --events: the fingerprint of the dictionaries that coded the events.
    #[arg(long, default_value = "external")]
    dictionary_version: String,
    /// Print a line to standard error after every committed batch.
    #[arg(long)]
    progress: bool,
    /// Report bad input records on standard error, skip them, and exit with code 3.
    #[arg(long)]
    keep_going: bool,
    #[command(flatten)]
    run: RunArgs,
}

pub fn run(args: Args) -> Result<ExitCode> {
    if args.recode {
        return recode(&args);
    }
    if args.events.is_empty() {
        return code_and_store(&args);
    }
    let documents = match &args.documents {
        Some(path) => read_documents(path)?,
        None => HashMap::new(),
    };
    let mut store = Store::open(&args.db.db)?;
    let mut ingest = Ingest::new(&mut store, &args, &args.dictionary_version);
    ingest.documents = documents;
    for path in &args.events {
        ingest.read_events(path)?;
    }
    ingest.finish_document();
    ingest.commit()?;
    // the months still open are rolled up now, so a failure is reported
    ingest.store.flush_rollups()?;
    report(&ingest.totals, &args.db.db);
    Ok(ExitCode::SUCCESS)
}

fn report(totals: &IngestStats, db: &Path) {
    eprintln!(
        "dyad: stored {} events of {} documents ({} new, {} replaced; {} old events removed) in {}",
        totals.events_added,
        totals.documents_added + totals.documents_replaced,
        totals.documents_added,
        totals.documents_replaced,
        totals.events_removed,
        db.display()
    );
}

/// `dyad ingest [INPUT...]`: code the documents and store them.
fn code_and_store(args: &Args) -> Result<ExitCode> {
    let (coder, dict_name) = args.dictionaries.coder()?;
    let fingerprint = coder.dictionaries().fingerprint();
    let mut store = Store::open(&args.db.db)?;
    store.register_dictionary_version(&fingerprint, &dict_name)?;
    let mut ingest = Ingest::new(&mut store, args, &fingerprint);
    let mut failed: Option<anyhow::Error> = None;
    let totals = code_inputs(
        &coder,
        &inputs_of(&args.inputs),
        args.input_format,
        &args.run,
        |outcome, totals| match outcome {
            Ok((record, coded)) => ingest.add(record.document, coded.events).inspect_err(|e| {
                failed.get_or_insert_with(|| anyhow::anyhow!("{e:#}"));
            }),
            Err(e) => refuse(e, args.keep_going, totals),
        },
    );
    // what was read before an error is committed, then the error is reported
    let committed = ingest
        .commit()
        .and_then(|()| Ok(ingest.store.flush_rollups()?));
    let totals = totals?;
    committed?;
    if let Some(e) = failed {
        return Err(e);
    }
    report(&ingest.totals, &args.db.db);
    if totals.skipped > 0 {
        eprintln!("dyad: {} bad records were skipped", totals.skipped);
        return Ok(ExitCode::from(crate::commands::code::EXIT_SKIPPED));
    }
    Ok(ExitCode::SUCCESS)
}

/// `dyad ingest --recode`: code every stored document again.
fn recode(args: &Args) -> Result<ExitCode> {
    let (coder, dict_name) = args.dictionaries.coder()?;
    let fingerprint = coder.dictionaries().fingerprint();
    let mut store = Store::open_existing(&args.db.db)?;
    store.register_dictionary_version(&fingerprint, &dict_name)?;
    // replaced documents may come back later in the listing; each is recoded once
    let mut done: HashSet<String> = HashSet::new();
    let mut cursor = 0i64;
    let mut totals = IngestStats::default();
    loop {
        let (page, next) = store.documents_after(cursor, 500)?;
        let page: Vec<Document> = page
            .into_iter()
            .filter(|d| done.insert(d.id.clone()))
            .collect();
        let mut batch: Vec<(Document, Vec<Event>)> = Vec::with_capacity(page.len());
        let mut failure: Option<anyhow::Error> = None;
        ordered_map(
            page.into_iter(),
            args.run.threads(),
            16,
            |docs: Vec<Document>| {
                docs.into_iter()
                    .map(|d| {
                        let coded = coder.code_document(&d);
                        (d, coded)
                    })
                    .collect::<Vec<_>>()
            },
            |coded| {
                for (doc, result) in coded {
                    match result {
                        Ok(c) => batch.push((doc, c.events)),
                        // a stored document the coder refuses keeps its old events
                        Err(e) if args.keep_going => {
                            eprintln!("dyad: skipped stored document {:?}: {e}", doc.id)
                        }
                        Err(e) => {
                            failure.get_or_insert_with(|| {
                                anyhow::anyhow!("stored document {:?}: {e}", doc.id)
                            });
                        }
                    }
                }
                Ok(())
            },
        )?;
        if let Some(e) = failure {
            return Err(e);
        }
        if !batch.is_empty() {
            let stats = store.ingest_batch(&batch, &fingerprint)?;
            totals.add(&stats);
            if args.progress {
                eprintln!("dyad: recoded {} documents so far", done.len());
            }
        }
        match next {
            Some(n) => cursor = n,
            None => break,
        }
    }
    store.flush_rollups()?;
    eprintln!(
        "dyad: recoded {} documents with {}: {} events now ({} old events removed) in {}",
        done.len(),
        dict_name,
        totals.events_added,
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

impl<'s> Ingest<'s> {
    fn new(store: &'s mut Store, args: &Args, dictionary_version: &'s str) -> Ingest<'s> {
        Ingest {
            store,
            documents: HashMap::new(),
            dictionary_version,
            batch_limit: args.batch.max(1),
            progress: args.progress,
            batch: Vec::new(),
            batch_events: 0,
            batches: 0,
            totals: IngestStats::default(),
            finished_docs: HashSet::new(),
            current: None,
        }
    }

    /// Adds a coded document, committing when the batch is full.
    fn add(&mut self, document: Document, events: Vec<Event>) -> Result<()> {
        self.batch_events += events.len().max(1);
        self.batch.push((document, events));
        if self.batch_events >= self.batch_limit {
            self.commit()?;
        }
        Ok(())
    }

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

/// Reads documents `{"id", "date", "text", "source"?, "url"?, ...}` by id;
/// other fields become metadata.
fn read_documents(path: &Path) -> Result<HashMap<String, Document>> {
    let mut documents = HashMap::new();
    for (index, line) in open_input(path)?.lines().enumerate() {
        let line_number = index + 1;
        let line = line.with_context(|| format!("{}:{line_number}: reading", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let document = document_from_json(&line)
            .map_err(|e| anyhow::anyhow!("{}:{line_number}: {e}", path.display()))?;
        documents.insert(document.id.clone(), document);
    }
    Ok(documents)
}
