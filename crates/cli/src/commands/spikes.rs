//! `dyad spikes`: dyad-periods whose event count or conflict count jumps above
//! the dyad's trailing baseline (rolling z-score on log counts and a Poisson
//! tail probability; see docs/analysis.md).

use crate::commands::query::{DbArgs, parse_day, parse_table_format};
use anyhow::Result;
use dyad_analysis::network::Level;
use dyad_analysis::series::Period;
use dyad_analysis::spikes::{SpikeRequest, find_spikes, spikes_table};
use dyad_analysis::table::{TableFormat, write_table};
use dyad_model::Date;
use dyad_store::View;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    db: DbArgs,
    /// Baseline length in days.
    #[arg(long, default_value_t = 28)]
    window: i64,
    /// Smallest z-score of log(1 + count) against the baseline.
    #[arg(long, default_value_t = 3.0)]
    threshold: f64,
    /// Largest Poisson tail probability of the count given the baseline mean.
    #[arg(long, default_value_t = 0.001)]
    max_p: f64,
    /// Smallest count in the period.
    #[arg(long, default_value_t = 3)]
    min_count: i64,
    /// Period: day, week or month.
    #[arg(long = "by", default_value = "day", value_parser = |t: &str| t.parse::<Period>())]
    period: Period,
    /// Dyads of countries or of full actor codes.
    #[arg(long, default_value = "country", value_parser = |t: &str| t.parse::<Level>())]
    level: Level,
    /// Count each reported event once.
    #[arg(long)]
    dedupe: bool,
    /// First period to report (YYYY-MM-DD); the baseline reaches before it.
    #[arg(long, value_parser = parse_day)]
    from: Option<Date>,
    /// Last period to report (YYYY-MM-DD).
    #[arg(long, value_parser = parse_day)]
    to: Option<Date>,
    /// Report at most this many spikes (strongest first).
    #[arg(long)]
    limit: Option<usize>,
    /// table, jsonl, json or csv.
    #[arg(long, default_value = "table", value_parser = parse_table_format)]
    format: TableFormat,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let store = args.db.open()?;
    let mut spikes = find_spikes(
        &store,
        &SpikeRequest {
            level: args.level,
            view: if args.dedupe { View::Dedupe } else { View::Raw },
            period: args.period,
            window_days: args.window,
            threshold_z: args.threshold,
            max_p: args.max_p,
            min_count: args.min_count,
            from: args.from,
            to: args.to,
        },
    )?;
    if let Some(limit) = args.limit {
        spikes.truncate(limit);
    }
    let stdout = std::io::stdout();
    write_table(&spikes_table(&spikes), args.format, stdout.lock())?;
    Ok(ExitCode::SUCCESS)
}
