//! One module per `dyad` subcommand. Each exposes `Args` (clap) and
//! `run(Args) -> anyhow::Result<ExitCode>`.

pub mod ach;
pub mod cameo;
pub mod code;
pub mod demo;
pub mod dictionaries;
pub mod eval;
pub mod explain;
pub mod export;
pub mod ingest;
pub mod network;
pub mod query;
pub mod serve;
pub mod spikes;
pub mod validate;
