//! `dyad network`: the country or actor network of a time window, from the
//! daily dyad aggregate, as JSON, GraphML or GEXF.

use crate::commands::query::{DbArgs, parse_day};
use anyhow::{Context, Result};
use dyad_analysis::network::{Level, NetworkFormat, NetworkRequest, build_network, write_network};
use dyad_model::Date;
use dyad_store::View;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    db: DbArgs,
    /// First day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_day)]
    from: Option<Date>,
    /// Last day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_day)]
    to: Option<Date>,
    /// Nodes are countries (PRKGOV and PRKMIL are PRK) or full actor codes.
    #[arg(long, default_value = "country", value_parser = |t: &str| t.parse::<Level>())]
    level: Level,
    /// Leave out edges with fewer events.
    #[arg(long, default_value_t = 1)]
    min_events: i64,
    /// Count each reported event once.
    #[arg(long)]
    dedupe: bool,
    /// Keep events within one node (domestic events at country level).
    #[arg(long)]
    self_loops: bool,
    /// json, graphml or gexf.
    #[arg(long, default_value = "json", value_parser = |t: &str| t.parse::<NetworkFormat>())]
    format: NetworkFormat,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let store = args.db.open()?;
    let network = build_network(
        &store,
        &NetworkRequest {
            level: args.level,
            view: if args.dedupe { View::Dedupe } else { View::Raw },
            from: args.from,
            to: args.to,
            min_events: args.min_events,
            include_self_loops: args.self_loops,
        },
    )?;
    match &args.output {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("creating {}", path.display()))?;
            let mut out = std::io::BufWriter::new(file);
            write_network(&network, args.format, &mut out)
                .and_then(|()| out.flush())
                .with_context(|| format!("writing {}", path.display()))?;
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            write_network(&network, args.format, &mut out)?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
