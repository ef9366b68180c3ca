//! `dyad query events` and `dyad query dyad A B`: stored events through a
//! filter, and a dyad's series per day, week or month (table, JSONL, JSON or
//! CSV; `--svg` draws the series; a terminal also gets a sparkline).
//!
//! Also home of the flags every store command shares: `--db`, the event
//! filter flags, and `--dedupe`.

use anyhow::{Context, Result};
use dyad_analysis::chart::{Line, sparkline, svg_line_chart};
use dyad_analysis::series::{Period, SeriesRequest, dyad_series, series_table};
use dyad_analysis::table::{Cell, Table, TableFormat, write_table};
use dyad_model::{Date, QuadClass, parse_date};
use dyad_store::{EventFilter, Store, StoredEvent, View};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    query: Query,
}

#[derive(clap::Subcommand)]
enum Query {
    /// Stored events that match a filter.
    Events(EventsArgs),
    /// Events between two actors (both directions) per day, week or month.
    Dyad(DyadArgs),
}

/// The database flag every store command takes.
#[derive(clap::Args)]
pub struct DbArgs {
    /// The dyad database.
    #[arg(long, default_value = "dyad.db")]
    pub db: PathBuf,
}

impl DbArgs {
    /// Opens the existing store named by `--db`.
    pub fn open(&self) -> Result<Store> {
        Ok(Store::open_existing(&self.db)?)
    }
}

/// Event filter flags, shared by `query events` and `export`.
#[derive(clap::Args)]
pub struct FilterArgs {
    /// Source actor code prefix (PRK matches PRKGOV); repeat for alternatives.
    #[arg(long = "source", value_name = "ACTOR")]
    sources: Vec<String>,
    /// Target actor code prefix; repeat for alternatives.
    #[arg(long = "target", value_name = "ACTOR")]
    targets: Vec<String>,
    /// Also match events in the other direction (target to source).
    #[arg(long)]
    both_directions: bool,
    /// CAMEO root (two digits, e.g. 19); repeat for alternatives.
    #[arg(long = "root", value_name = "RR")]
    roots: Vec<String>,
    /// CAMEO event code or code prefix (e.g. 0874, 19); repeat for alternatives.
    #[arg(long = "code", value_name = "CODE")]
    codes: Vec<String>,
    /// Quad class 1-4 (verbal/material cooperation, verbal/material conflict); repeat for alternatives.
    #[arg(long = "quad", value_name = "Q", value_parser = parse_quad)]
    quads: Vec<QuadClass>,
    /// First day (YYYY-MM-DD), inclusive.
    #[arg(long, value_parser = parse_day)]
    from: Option<Date>,
    /// Last day (YYYY-MM-DD), inclusive.
    #[arg(long, value_parser = parse_day)]
    to: Option<Date>,
    /// Words that must all appear in the sentence.
    #[arg(long, value_name = "WORDS")]
    text: Option<String>,
    /// Only events of this document id; repeat for several.
    #[arg(long = "doc", value_name = "ID")]
    doc_ids: Vec<String>,
    /// At most this many events.
    #[arg(long)]
    limit: Option<u64>,
    /// One row per reported event (date, source, target, code) with its mention counts, instead of every stored event.
    #[arg(long)]
    pub dedupe: bool,
}

impl FilterArgs {
    pub fn filter(&self) -> EventFilter {
        EventFilter {
            sources: self.sources.clone(),
            targets: self.targets.clone(),
            both_directions: self.both_directions,
            codes: self.codes.clone(),
            roots: self.roots.clone(),
            quads: self.quads.clone(),
            from: self.from,
            to: self.to,
            words: self
                .text
                .as_deref()
                .unwrap_or("")
                .split_whitespace()
                .map(String::from)
                .collect(),
            doc_ids: self.doc_ids.clone(),
            limit: self.limit,
        }
    }

    pub fn view(&self) -> View {
        if self.dedupe { View::Dedupe } else { View::Raw }
    }
}

pub fn parse_day(text: &str) -> Result<Date, String> {
    parse_date(text).ok_or_else(|| format!("{text:?} is not a date (expected YYYY-MM-DD)"))
}

fn parse_quad(text: &str) -> Result<QuadClass, String> {
    text.trim()
        .parse::<u8>()
        .map_err(|_| format!("{text:?} is not a quad class (expected 1, 2, 3 or 4)"))
        .and_then(QuadClass::try_from)
}

pub fn parse_table_format(text: &str) -> Result<TableFormat, String> {
    text.parse()
}

#[derive(clap::Args)]
struct EventsArgs {
    #[command(flatten)]
    db: DbArgs,
    #[command(flatten)]
    filter: FilterArgs,
    /// table, jsonl, json or csv.
    #[arg(long, default_value = "table", value_parser = parse_table_format)]
    format: TableFormat,
}

#[derive(clap::Args)]
struct DyadArgs {
    /// One side: an actor code prefix (PRK matches PRKGOV and PRKMIL).
    actor_a: String,
    /// The other side.
    actor_b: String,
    #[command(flatten)]
    db: DbArgs,
    /// Period of each point: day, week or month.
    #[arg(long = "by", default_value = "month", value_parser = |t: &str| t.parse::<Period>())]
    period: Period,
    /// First day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_day)]
    from: Option<Date>,
    /// Last day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_day)]
    to: Option<Date>,
    /// Count each reported event once (mentions still count every report).
    #[arg(long)]
    dedupe: bool,
    /// Also draw the series as an SVG line chart into this file.
    #[arg(long, value_name = "FILE")]
    svg: Option<PathBuf>,
    /// table, jsonl, json or csv.
    #[arg(long, default_value = "table", value_parser = parse_table_format)]
    format: TableFormat,
}

pub fn run(args: Args) -> Result<ExitCode> {
    match args.query {
        Query::Events(args) => run_events(args),
        Query::Dyad(args) => run_dyad(args),
    }
}

fn run_events(args: EventsArgs) -> Result<ExitCode> {
    let store = args.db.open()?;
    let table_view = args.format == TableFormat::Table;
    let mut table = Table::new(&[
        "event_id",
        "date",
        "source",
        "target",
        "code",
        "quad_class",
        "goldstein",
        "plover",
        "mentions",
        "articles",
        "sources",
        "doc_id",
        "sentence_index",
        "source_text",
        "verb_text",
        "target_text",
        "sentence",
        "rule",
        "dictionary_version",
        "url",
    ]);
    store.for_each_event(
        &args.filter.filter(),
        args.filter.view(),
        |stored| -> Result<()> {
            table.push(event_row(stored, table_view));
            Ok(())
        },
    )?;
    if table_view {
        // A terminal table keeps the columns a reader scans; the rest is in the other formats.
        let keep = [0, 1, 2, 3, 4, 5, 6, 8, 11, 16];
        table.columns = keep.iter().map(|i| table.columns[*i].clone()).collect();
        for row in &mut table.rows {
            *row = keep.iter().map(|i| row[*i].clone()).collect();
        }
    }
    let stdout = std::io::stdout();
    write_table(&table, args.format, stdout.lock())?;
    Ok(ExitCode::SUCCESS)
}

fn event_row(stored: StoredEvent, shorten: bool) -> Vec<Cell> {
    let e = stored.event;
    let sentence = if shorten && e.sentence.chars().count() > 72 {
        format!("{}…", e.sentence.chars().take(71).collect::<String>())
    } else {
        e.sentence.clone()
    };
    vec![
        Cell::Int(stored.id),
        e.date.map(|d| d.to_string()).into(),
        Cell::Text(e.source),
        Cell::Text(e.target),
        Cell::Text(e.code),
        e.quad_class.map(|q| i64::from(q.number())).into(),
        e.goldstein.into(),
        e.plover.into(),
        stored.mentions.mentions.into(),
        stored.mentions.articles.into(),
        stored.mentions.sources.into(),
        Cell::Text(e.doc_id),
        Cell::Int(i64::from(e.sentence_index)),
        Cell::Text(e.source_text),
        Cell::Text(e.verb_text),
        Cell::Text(e.target_text),
        Cell::Text(sentence),
        Cell::Text(e.rule.to_string()),
        stored.dictionary_version.into(),
        stored.document.url.into(),
    ]
}

fn run_dyad(args: DyadArgs) -> Result<ExitCode> {
    let store = args.db.open()?;
    let request = SeriesRequest {
        actor_a: args.actor_a.clone(),
        actor_b: args.actor_b.clone(),
        period: args.period,
        view: if args.dedupe { View::Dedupe } else { View::Raw },
        from: args.from,
        to: args.to,
    };
    let series = dyad_series(&store, &request)?;
    let table = series_table(&series);
    let stdout = std::io::stdout();
    let terminal = stdout.is_terminal();
    let mut out = stdout.lock();
    write_table(&table, args.format, &mut out)?;
    let events: Vec<f64> = series
        .points
        .iter()
        .map(|p| p.tally.events as f64)
        .collect();
    if terminal && args.format == TableFormat::Table && !events.is_empty() {
        writeln!(out, "\nevents {}", sparkline(&events))?;
        let conflict: Vec<f64> = series.points.iter().map(|p| p.tally.conflict()).collect();
        writeln!(out, "conflict {}", sparkline(&conflict))?;
    }
    if let Some(path) = &args.svg {
        let periods: Vec<String> = series.points.iter().map(|p| p.start.to_string()).collect();
        let cooperation: Vec<f64> = series
            .points
            .iter()
            .map(|p| p.tally.cooperation())
            .collect();
        let conflict: Vec<f64> = series.points.iter().map(|p| p.tally.conflict()).collect();
        let svg = svg_line_chart(
            &format!(
                "{} – {}, events per {}",
                args.actor_a,
                args.actor_b,
                period_name(args.period)
            ),
            &periods,
            &[
                Line {
                    label: "events",
                    colour: "#1f77b4",
                    values: &events,
                },
                Line {
                    label: "cooperation (Goldstein)",
                    colour: "#2ca02c",
                    values: &cooperation,
                },
                Line {
                    label: "conflict (Goldstein)",
                    colour: "#d62728",
                    values: &conflict,
                },
            ],
        );
        std::fs::write(path, svg).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn period_name(period: Period) -> &'static str {
    match period {
        Period::Day => "day",
        Period::Week => "week",
        Period::Month => "month",
    }
}
