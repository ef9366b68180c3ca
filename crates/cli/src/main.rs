//! The `dyad` binary. This file only parses flags and dispatches: each command
//! lives in its own module under `commands/`, and only this crate prints.

mod commands;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// dyad: political event data from news text, with provenance.
#[derive(Parser)]
#[command(name = "dyad", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analysis of Competing Hypotheses boards: score, sensitivity, validate, import, export.
    Ach(commands::ach::Args),
    /// Look up CAMEO event codes: name, quad class, Goldstein value, PLOVER type.
    Cameo(commands::cameo::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Ach(args) => commands::ach::run(args),
        Command::Cameo(args) => commands::cameo::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("dyad: error: {err:#}");
            ExitCode::from(1)
        }
    }
}
