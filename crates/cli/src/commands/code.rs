//! `dyad code [INPUT...]`: code documents into events. Inputs are read as a
//! stream (files or stdin, plain or gzip), coded in parallel, and written in
//! input order, so the output is byte-identical for any `--threads`.

use crate::documents::{DocumentReader, Input, InputFormat, Record, RecordError};
use crate::pipeline::ordered_map;
use crate::progress::Progress;
use anyhow::{Context, Result};
use dyad_analysis::export::{EventFormat, EventWriter};
use dyad_coder::{CodedDocument, Coder};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

/// Exit code when `--keep-going` skipped bad records.
pub const EXIT_SKIPPED: u8 = 3;

#[derive(clap::Args)]
pub struct Args {
    /// Files to code (plain or .gz); standard input when none, or for "-".
    #[arg(value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// How the inputs are written.
    #[arg(long, value_enum, default_value = "auto")]
    input_format: InputFormat,
    /// jsonl, tsv, gdelt, csv, icews, plover or parquet (parquet needs --output).
    #[arg(long, default_value = "jsonl")]
    output_format: EventFormat,
    /// Write events here instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
    #[command(flatten)]
    dictionaries: DictionaryArgs,
    /// Report bad records on standard error, skip them, and exit with code 3.
    #[arg(long)]
    keep_going: bool,
    #[command(flatten)]
    run: RunArgs,
}

/// Which dictionaries to code with.
#[derive(clap::Args, Clone)]
pub struct DictionaryArgs {
    /// A TABARI .project, a PETRARCH .ini, a directory or a dictionary file;
    /// dyad's bundled default dictionaries when not given.
    #[arg(long, value_name = "PATH")]
    pub dictionaries: Option<PathBuf>,
    /// Skip malformed dictionary entries (and count them) instead of refusing to load.
    #[arg(long)]
    pub lenient: bool,
}

/// How a long run behaves.
#[derive(clap::Args, Clone)]
pub struct RunArgs {
    /// Coding threads (default: every core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// No progress bar and no summary on standard error.
    #[arg(long, short)]
    pub quiet: bool,
}

impl RunArgs {
    pub fn threads(&self) -> usize {
        self.threads.unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        })
    }
}

impl DictionaryArgs {
    /// Loads the dictionaries and compiles a coder; also returns a
    /// description for messages ("dyad's bundled dictionaries" or the path).
    pub fn coder(&self) -> Result<(Coder, String)> {
        let options = dyad_dict::LoadOptions {
            lenient: self.lenient,
        };
        let (dict, report, name) = match &self.dictionaries {
            Some(path) => {
                let (d, r) = dyad_dict::load(path, options)
                    .with_context(|| format!("loading dictionaries from {}", path.display()))?;
                (d, r, path.display().to_string())
            }
            None => {
                let (d, r) = dyad_dict::bundled().context("loading the bundled dictionaries")?;
                (d, r, "dyad's bundled dictionaries".to_string())
            }
        };
        if !report.skipped.is_empty() {
            eprintln!(
                "dyad: {}: skipped {} malformed entries (--lenient); the first: {}",
                name,
                report.skipped.len(),
                report.skipped[0]
            );
        }
        Ok((Coder::new(Arc::new(dict)), name))
    }
}

/// Totals of a coding run.
#[derive(Debug, Default, Clone, Copy)]
pub struct Totals {
    pub documents: u64,
    pub sentences: u64,
    pub events: u64,
    pub skipped: u64,
}

/// A coded record, or why it was refused.
pub type Outcome = Result<(Record, CodedDocument), RecordError>;

/// Codes one record.
pub fn code_record(coder: &Coder, record: Result<Record, RecordError>) -> Outcome {
    let record = record?;
    match coder.code_document(&record.document) {
        Ok(coded) => Ok((record, coded)),
        Err(e) => Err(RecordError {
            place: record.place,
            message: format!("document {:?}: {e}", record.document.id),
        }),
    }
}

/// Streams every record of `inputs` through the coder on `threads` threads
/// and hands the outcomes to `sink` in input order.
pub fn code_inputs(
    coder: &Coder,
    inputs: &[Input],
    format: InputFormat,
    run: &RunArgs,
    mut sink: impl FnMut(Outcome, &mut Totals) -> Result<()>,
) -> Result<Totals> {
    let consumed = Arc::new(AtomicU64::new(0));
    let total_size: Option<u64> = inputs.iter().map(Input::size).sum();
    let mut progress = Progress::new(!run.quiet, total_size, Arc::clone(&consumed));
    let mut totals = Totals::default();
    for input in inputs {
        let reader = DocumentReader::new(input, format, Arc::clone(&consumed))?;
        ordered_map(
            reader,
            run.threads(),
            64,
            |batch: Vec<Result<Record, RecordError>>| {
                batch
                    .into_iter()
                    .map(|r| code_record(coder, r))
                    .collect::<Vec<Outcome>>()
            },
            |outcomes| {
                for outcome in outcomes {
                    if let Ok((_, coded)) = &outcome {
                        totals.documents += 1;
                        totals.sentences += coded.sentences.len() as u64;
                        totals.events += coded.events.len() as u64;
                    }
                    sink(outcome, &mut totals)?;
                }
                progress.update(&totals);
                Ok(())
            },
        )?;
    }
    progress.finish();
    Ok(totals)
}

/// Reports a refused record: an error, or with `keep_going` a warning.
pub fn refuse(err: RecordError, keep_going: bool, totals: &mut Totals) -> Result<()> {
    if !keep_going {
        anyhow::bail!("{err} (use --keep-going to skip bad records)");
    }
    totals.skipped += 1;
    eprintln!("dyad: skipped {err}");
    Ok(())
}

pub fn inputs_of(paths: &[PathBuf]) -> Vec<Input> {
    if paths.is_empty() {
        vec![Input::Stdin]
    } else {
        paths.iter().map(|p| Input::from_arg(p)).collect()
    }
}

pub fn run(args: Args) -> Result<ExitCode> {
    if args.output_format.is_binary() && args.output.is_none() {
        anyhow::bail!(
            "--output-format {} writes binary data; give --output FILE",
            args.output_format
        );
    }
    let started = std::time::Instant::now();
    let (coder, dict_name) = args.dictionaries.coder()?;
    let out: Box<dyn Write + Send> = match &args.output {
        Some(path) => Box::new(std::io::BufWriter::with_capacity(
            1 << 20,
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::with_capacity(
            1 << 20,
            std::io::stdout(),
        )),
    };
    let mut writer = EventWriter::new(args.output_format, out)?;
    let inputs = inputs_of(&args.inputs);
    let totals = code_inputs(
        &coder,
        &inputs,
        args.input_format,
        &args.run,
        |outcome, totals| match outcome {
            Ok((_, coded)) => {
                for event in &coded.events {
                    writer.write(event)?;
                }
                Ok(())
            }
            Err(e) => refuse(e, args.keep_going, totals),
        },
    )?;
    writer.finish()?;
    if !args.run.quiet {
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "dyad: coded {} documents, {} sentences, {} events in {:.2} s ({:.0} sentences/s) with {}{}",
            totals.documents,
            totals.sentences,
            totals.events,
            secs,
            totals.sentences as f64 / secs.max(1e-9),
            dict_name,
            match &args.output {
                Some(p) => format!("; events in {}", p.display()),
                None => String::new(),
            }
        );
    }
    if totals.skipped > 0 {
        eprintln!("dyad: {} bad records were skipped", totals.skipped);
        return Ok(ExitCode::from(EXIT_SKIPPED));
    }
    Ok(ExitCode::SUCCESS)
}
