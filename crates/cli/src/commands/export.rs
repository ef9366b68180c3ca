//! `dyad export`: stored events, filtered like `dyad query events`, written
//! in one of dyad's event formats (GDELT, ICEWS, PLOVER, JSONL, CSV, TSV,
//! Parquet) to a file or standard output.

use crate::commands::query::{DbArgs, FilterArgs};
use anyhow::{Context, Result, bail};
use dyad_analysis::{EventContext, EventFormat, EventWriter, Mentions};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    db: DbArgs,
    #[command(flatten)]
    filter: FilterArgs,
    /// gdelt, icews, plover, jsonl, csv, tsv or parquet.
    #[arg(long, value_parser = |t: &str| t.parse::<EventFormat>().map_err(|e| e.to_string()))]
    format: EventFormat,
    /// The file to write; `-` for standard output (not for Parquet on a terminal).
    #[arg(long, value_name = "FILE")]
    output: PathBuf,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let store = args.db.open()?;
    let to_stdout = args.output.as_os_str() == "-";
    if to_stdout && args.format.is_binary() && std::io::stdout().is_terminal() {
        bail!(
            "{} is binary: pass --output FILE (or redirect standard output)",
            args.format
        );
    }
    let out: Box<dyn Write + Send> = if to_stdout {
        Box::new(std::io::stdout())
    } else {
        let file = std::fs::File::create(&args.output)
            .with_context(|| format!("creating {}", args.output.display()))?;
        Box::new(file)
    };
    let mut writer = EventWriter::new(args.format, std::io::BufWriter::new(out))?;
    let written = store.for_each_event(
        &args.filter.filter(),
        args.filter.view(),
        |stored| -> Result<()> {
            let context = EventContext {
                event_id: Some(stored.id),
                mentions: Some(Mentions {
                    mentions: stored.mentions.mentions,
                    sources: stored.mentions.sources,
                    articles: stored.mentions.articles,
                }),
                source_url: stored.document.url.as_deref(),
                publisher: stored.document.source.as_deref(),
                date_added: chrono::DateTime::from_timestamp(stored.document.ingested_at, 0)
                    .map(|t| t.naive_utc()),
            };
            writer
                .write_with(&stored.event, &context)
                .with_context(|| format!("writing {}", args.output.display()))?;
            Ok(())
        },
    )?;
    let mut out = writer
        .finish()
        .with_context(|| format!("finishing {}", args.output.display()))?;
    out.flush()?;
    if !to_stdout {
        eprintln!("dyad: wrote {written} events to {}", args.output.display());
    }
    Ok(ExitCode::SUCCESS)
}
