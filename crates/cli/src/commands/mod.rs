//! One module per `dyad` subcommand. Each exposes `Args` (clap) and
//! `run(Args) -> anyhow::Result<ExitCode>`.

pub mod ach;
pub mod cameo;
