//! The `dyad` binary. This file only parses flags and dispatches: each command
//! lives in its own module under `commands/`, and only this crate prints.

mod commands;
mod documents;
mod pipeline;
mod progress;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// The coder allocates many small, short-lived vectors per sentence (tokens,
/// candidate matches, noun phrases); mimalloc's thread-local free lists make
/// those allocations a fraction of glibc malloc's cost (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// dyad: political event data from news text, with provenance.
#[derive(Parser)]
#[command(name = "dyad", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analysis of Competing Hypotheses boards: score, sensitivity, validate, import, export, watch, save, list.
    Ach(commands::ach::Args),
    /// Code news text into events (JSON Lines, TSV, GDELT, ...), in parallel, in input order.
    Code(commands::code::Args),
    /// Score the coder against a gold file: precision, recall and F1 by root and by code, and the misses.
    Eval(commands::eval::Args),
    /// Code the bundled sample week of wire stories, store the events, and print a summary.
    Demo(commands::demo::Args),
    /// Check dictionary sets: duplicate and conflicting entries, dead patterns, unknown codes.
    Dictionaries(commands::dictionaries::Args),
    /// Show how one sentence is parsed and coded, word by word.
    Explain(commands::explain::Args),
    /// Look up CAMEO event codes: name, quad class, Goldstein value, PLOVER type.
    Cameo(commands::cameo::Args),
    /// Store coded events (JSON Lines from `dyad code`) with their documents in a dyad database.
    Ingest(commands::ingest::Args),
    /// Read the store: `query events` (filtered events) and `query dyad A B` (a dyad's series).
    Query(commands::query::Args),
    /// The country or actor network of a time window (JSON, GraphML, GEXF).
    Network(commands::network::Args),
    /// Dyad-periods whose events or conflict jump above their trailing baseline.
    Spikes(commands::spikes::Args),
    /// The browser workbench and JSON API over a store (loopback only unless --token).
    Serve(commands::serve::Args),
    /// Write stored events as GDELT, ICEWS, PLOVER, JSONL, CSV, TSV or Parquet.
    Export(commands::export::Args),
    /// Code a peer validation suite (TABARI .project or PETRARCH unit-test XML) and compare.
    Validate(commands::validate::Args),
}

fn main() -> ExitCode {
    restore_default_sigpipe();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Ach(args) => commands::ach::run(args),
        Command::Cameo(args) => commands::cameo::run(args),
        Command::Code(args) => commands::code::run(args),
        Command::Demo(args) => commands::demo::run(args),
        Command::Dictionaries(args) => commands::dictionaries::run(args),
        Command::Eval(args) => commands::eval::run(args),
        Command::Explain(args) => commands::explain::run(args),
        Command::Ingest(args) => commands::ingest::run(args),
        Command::Query(args) => commands::query::run(args),
        Command::Network(args) => commands::network::run(args),
        Command::Spikes(args) => commands::spikes::run(args),
        Command::Serve(args) => commands::serve::run(args),
        Command::Export(args) => commands::export::run(args),
        Command::Validate(args) => commands::validate::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("dyad: error: {err:#}");
            ExitCode::from(1)
        }
    }
}

/// Output piped into `head` and closed early should end dyad quietly, as it
/// does any Unix filter, rather than panic on a failed write.
fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: setting a signal disposition to its default before any other
    // thread exists has no memory-safety implications.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
