//! `dyad ach ...`: Analysis of Competing Hypotheses boards. Scores and
//! sensitivity as terminal tables or JSON, validation, PARC ACH import,
//! exports (Markdown report, CSV matrix, the board file), boards saved in a
//! dyad database, and indicators watched over its events. The board logic
//! lives in dyad-ach; this module reads files and the store, formats tables
//! and prints.

use anyhow::{Context, Result, bail};
use dyad_ach::{Board, EventRecord, ExportFormat, IndicatorResult, Scores, Sensitivity};
use dyad_model::Date;
use dyad_store::{EventFilter, Store, View};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: AchCommand,
}

#[derive(clap::Subcommand)]
enum AchCommand {
    /// Score a board: each hypothesis's inconsistency, weighted inconsistency,
    /// consistency and rank; the leader and margin; diagnosticity; linchpins.
    Score(ScoreArgs),
    /// What moves the conclusion: the leader without each item (linchpins)
    /// and with each item's credibility set to low.
    Sensitivity(ScoreArgs),
    /// Check a board file; report errors with item and line:column, and warnings.
    Validate(ValidateArgs),
    /// Import a PARC ACH project (.achz) as a board file.
    Import(ImportArgs),
    /// Write a board as a Markdown report, a CSV matrix, or the board file (JSON).
    Export(ExportArgs),
    /// Run the board's indicators over a dyad database: list the events that
    /// match as proposed evidence, with their sentences; --apply adds them.
    Watch(WatchArgs),
    /// Save a board file into a dyad database (where the workbench edits it).
    Save(SaveArgs),
    /// List the boards saved in a dyad database.
    List(ListArgs),
}

/// Where a board comes from: a file (or standard input), or a database.
#[derive(clap::Args)]
struct BoardSource {
    /// The board file (JSON; `-` reads standard input).
    #[arg(required_unless_present = "board_id", conflicts_with = "board_id")]
    board: Option<PathBuf>,
    /// Read the board saved under this id in the database given by --db.
    #[arg(long = "board", value_name = "ID", requires = "db")]
    board_id: Option<String>,
    /// The dyad database (SQLite file).
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
}

#[derive(clap::Args)]
struct ScoreArgs {
    #[command(flatten)]
    source: BoardSource,
    /// `table` for reading, `json` for programs.
    #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
    format: TableOrJson,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum TableOrJson {
    Table,
    Json,
}

#[derive(clap::Args)]
struct ValidateArgs {
    #[command(flatten)]
    source: BoardSource,
    /// Treat warnings (unknown fields) as errors.
    #[arg(long)]
    strict: bool,
}

#[derive(clap::Args)]
struct ImportArgs {
    /// The PARC ACH project (.achz, or the XML inside one).
    file: PathBuf,
    /// Where to write the board; standard output when not given.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

#[derive(clap::Args)]
struct ExportArgs {
    #[command(flatten)]
    source: BoardSource,
    #[arg(long, value_enum)]
    format: ExportKind,
    /// Where to write; standard output when not given.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

#[derive(clap::Args)]
struct WatchArgs {
    /// The board file (JSON), or --board ID for a board saved in the database.
    #[arg(required_unless_present = "board_id", conflicts_with = "board_id")]
    board: Option<PathBuf>,
    /// Watch the board saved under this id in the database.
    #[arg(long = "board", value_name = "ID")]
    board_id: Option<String>,
    /// The dyad database whose events the indicators watch.
    #[arg(long, value_name = "PATH")]
    db: PathBuf,
    /// Last day of every indicator's window (YYYY-MM-DD); today (UTC) by default.
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// Add the proposed evidence to the board (the file, or the saved board).
    #[arg(long)]
    apply: bool,
    #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
    format: TableOrJson,
}

#[derive(clap::Args)]
struct SaveArgs {
    /// The board file (JSON; `-` reads standard input).
    board: PathBuf,
    /// The dyad database; created when missing.
    #[arg(long, value_name = "PATH")]
    db: PathBuf,
    /// Id to save the board under; the file name without extension by default.
    #[arg(long)]
    id: Option<String>,
}

#[derive(clap::Args)]
struct ListArgs {
    /// The dyad database.
    #[arg(long, value_name = "PATH")]
    db: PathBuf,
    #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
    format: TableOrJson,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ExportKind {
    Markdown,
    Csv,
    Json,
}

impl From<ExportKind> for ExportFormat {
    fn from(kind: ExportKind) -> ExportFormat {
        match kind {
            ExportKind::Markdown => ExportFormat::Markdown,
            ExportKind::Csv => ExportFormat::Csv,
            ExportKind::Json => ExportFormat::Json,
        }
    }
}

pub fn run(args: Args) -> Result<ExitCode> {
    match args.command {
        AchCommand::Score(args) => score(args),
        AchCommand::Sensitivity(args) => sensitivity(args),
        AchCommand::Validate(args) => validate(args),
        AchCommand::Import(args) => import(args),
        AchCommand::Export(args) => export(args),
        AchCommand::Watch(args) => watch(args),
        AchCommand::Save(args) => save(args),
        AchCommand::List(args) => list(args),
    }
}

fn read_input(path: &Path) -> Result<Vec<u8>> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
        Ok(bytes)
    } else {
        std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
    }
}

fn origin(path: &Path) -> String {
    if path == Path::new("-") {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}

/// Where a loaded board came from, so that it can be written back.
enum Origin {
    File(PathBuf),
    Stdin,
    Database { db: PathBuf, id: String },
}

impl Origin {
    fn name(&self) -> String {
        match self {
            Origin::File(path) => path.display().to_string(),
            Origin::Stdin => "<stdin>".to_string(),
            Origin::Database { db, id } => format!("{} (board {id:?})", db.display()),
        }
    }
}

/// A board read and checked, with its warnings still to report.
struct Loaded {
    board: Board,
    warnings: Vec<dyad_ach::BoardWarning>,
    origin: Origin,
}

fn read_board(file: Option<&Path>, board_id: Option<&str>, db: Option<&Path>) -> Result<Loaded> {
    let (bytes, origin) = match (file, board_id, db) {
        (_, Some(id), Some(db)) => {
            let store = Store::open_existing(db)?;
            let Some(saved) = store.load_board(id)? else {
                let saved: Vec<String> = store
                    .list_boards()?
                    .into_iter()
                    .map(|summary| summary.id)
                    .collect();
                bail!(
                    "{}: no board {id:?} (saved boards: {})",
                    db.display(),
                    id_list(&saved)
                );
            };
            let origin = Origin::Database {
                db: db.to_path_buf(),
                id: id.to_string(),
            };
            (saved.body.into_bytes(), origin)
        }
        (_, Some(_), None) => bail!("--board ID needs --db PATH"),
        (Some(path), None, _) => {
            let origin = if path == Path::new("-") {
                Origin::Stdin
            } else {
                Origin::File(path.to_path_buf())
            };
            (read_input(path)?, origin)
        }
        (None, None, _) => bail!("give a board file, or --db PATH --board ID"),
    };
    let loaded = dyad_ach::parse_board_bytes(&bytes, Some(&origin.name()))?;
    Ok(Loaded {
        board: loaded.board,
        warnings: loaded.warnings,
        origin,
    })
}

/// Reads and checks a board; warnings go to standard error.
fn load_board(source: &BoardSource) -> Result<Loaded> {
    let loaded = read_board(
        source.board.as_deref(),
        source.board_id.as_deref(),
        source.db.as_deref(),
    )?;
    for warning in &loaded.warnings {
        eprintln!("dyad: warning: {warning}");
    }
    Ok(loaded)
}

fn write_output(output: Option<&Path>, text: &str) -> Result<()> {
    match output {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
                .context("cannot write to standard output")
        }
    }
}

fn to_json(value: &impl serde::Serialize) -> Result<String> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    Ok(text)
}

fn score(args: ScoreArgs) -> Result<ExitCode> {
    let board = load_board(&args.source)?.board;
    let scores = dyad_ach::score(&board);
    let text = match args.format {
        TableOrJson::Json => to_json(&scores)?,
        TableOrJson::Table => score_table(&board, &scores),
    };
    write_output(None, &text)?;
    Ok(ExitCode::SUCCESS)
}

fn sensitivity(args: ScoreArgs) -> Result<ExitCode> {
    let board = load_board(&args.source)?.board;
    let sensitivity = dyad_ach::sensitivity(&board);
    let text = match args.format {
        TableOrJson::Json => to_json(&sensitivity)?,
        TableOrJson::Table => sensitivity_table(&board, &sensitivity),
    };
    write_output(None, &text)?;
    Ok(ExitCode::SUCCESS)
}

fn validate(args: ValidateArgs) -> Result<ExitCode> {
    let loaded = load_board(&args.source)?;
    let name = loaded.origin.name();
    if args.strict && !loaded.warnings.is_empty() {
        bail!(
            "{name}: {} warning(s), and --strict treats warnings as errors",
            loaded.warnings.len()
        );
    }
    let board = &loaded.board;
    write_output(
        None,
        &format!(
            "{name}: valid board: {} hypotheses, {} evidence items, {} indicators\n",
            board.hypotheses.len(),
            board.evidence.len(),
            board.indicators.len()
        ),
    )?;
    Ok(ExitCode::SUCCESS)
}

fn import(args: ImportArgs) -> Result<ExitCode> {
    let bytes = read_input(&args.file)?;
    let board = dyad_ach::import_achz(&bytes, Some(&origin(&args.file)))?;
    write_output(args.output.as_deref(), &board.to_json()?)?;
    if let Some(output) = &args.output {
        eprintln!(
            "dyad: imported {} hypotheses and {} evidence items into {}",
            board.hypotheses.len(),
            board.evidence.len(),
            output.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn export(args: ExportArgs) -> Result<ExitCode> {
    let board = load_board(&args.source)?.board;
    let text = dyad_ach::export(&board, args.format.into())?;
    write_output(args.output.as_deref(), &text)?;
    Ok(ExitCode::SUCCESS)
}

/// Today's date in UTC.
fn today() -> Result<Date> {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .context("the system clock is before 1970")?
        .as_secs();
    // 719_163 days from 0001-01-01 (day 1 of the common era) to 1970-01-01.
    let days = i32::try_from(seconds / 86_400)
        .ok()
        .and_then(|days| days.checked_add(719_163));
    days.and_then(Date::from_num_days_from_ce_opt)
        .context("the system clock is out of range")
}

/// The events an indicator could count, from the store: each reported event
/// once (the store's deduplicated view), cited by its first event id.
fn candidate_events(store: &Store, board: &Board, as_of: Date) -> Result<Vec<EventRecord>> {
    let mut events: Vec<EventRecord> = Vec::new();
    for indicator in &board.indicators {
        let query = indicator.query(as_of);
        let filter = EventFilter {
            sources: query.source_prefixes,
            targets: query.target_prefixes,
            codes: query.code_prefixes,
            from: Some(query.from),
            to: Some(query.to),
            ..EventFilter::default()
        };
        store.for_each_event(&filter, View::Dedupe, |stored| -> Result<()> {
            events.push(EventRecord {
                id: stored.id,
                date: stored.event.date,
                source: stored.event.source,
                target: stored.event.target,
                code: stored.event.code,
                sentence: stored.event.sentence,
                doc_id: stored.event.doc_id,
            });
            Ok(())
        })?;
    }
    Ok(events)
}

fn watch(args: WatchArgs) -> Result<ExitCode> {
    let as_of = match &args.as_of {
        Some(text) => dyad_model::parse_date(text)
            .with_context(|| format!("--as-of {text:?} is not a date (YYYY-MM-DD)"))?,
        None => today()?,
    };
    let loaded = read_board(
        args.board.as_deref(),
        args.board_id.as_deref(),
        Some(&args.db),
    )?;
    for warning in &loaded.warnings {
        eprintln!("dyad: warning: {warning}");
    }
    if args.apply && matches!(loaded.origin, Origin::Stdin) {
        bail!(
            "--apply writes the board back, so it needs a board file or --board ID, not standard input"
        );
    }
    let mut board = loaded.board;
    if board.indicators.is_empty() {
        bail!(
            "{}: the board has no indicators to watch",
            loaded.origin.name()
        );
    }
    let store = Store::open_existing(&args.db)?;
    let events = candidate_events(&store, &board, as_of)?;
    let results = dyad_ach::evaluate(&board, &events, as_of);
    let proposals: Vec<dyad_ach::Proposal> =
        results.iter().filter_map(|r| r.proposal.clone()).collect();
    let applied = if args.apply && !proposals.is_empty() {
        let added = dyad_ach::apply(&mut board, &proposals);
        dyad_ach::validate(&board)?;
        write_board_back(&loaded.origin, &board)?;
        added
    } else {
        Vec::new()
    };
    let text = match args.format {
        TableOrJson::Json => to_json(&serde_json::json!({
            "as_of": as_of,
            "indicators": results,
            "applied": applied,
        }))?,
        TableOrJson::Table => watch_table(&results, as_of, &applied, &loaded.origin, args.apply),
    };
    write_output(None, &text)?;
    Ok(ExitCode::SUCCESS)
}

fn write_board_back(origin: &Origin, board: &Board) -> Result<()> {
    let json = board.to_json()?;
    match origin {
        Origin::File(path) => {
            // Write beside the board, then rename: a failed write never leaves half a board.
            let mut temporary = path.as_os_str().to_owned();
            temporary.push(".dyad-tmp");
            let temporary = PathBuf::from(temporary);
            std::fs::write(&temporary, &json)
                .with_context(|| format!("cannot write {}", temporary.display()))?;
            std::fs::rename(&temporary, path)
                .with_context(|| format!("cannot replace {}", path.display()))
        }
        Origin::Database { db, id } => {
            let mut store = Store::open_existing(db)?;
            store.save_board(id, &board.title, &json)?;
            Ok(())
        }
        Origin::Stdin => bail!("cannot write a board back to standard input"),
    }
}

fn watch_table(
    results: &[IndicatorResult],
    as_of: Date,
    applied: &[String],
    origin: &Origin,
    apply: bool,
) -> String {
    let mut out = format!("Indicators on {as_of}\n");
    for result in results {
        out.push_str(&format!(
            "\n{} ({} to {}) → {}: {} uncited event(s), {} needed",
            result.indicator,
            result.window_start,
            result.window_end,
            result.hypothesis,
            result.matched,
            result.needed
        ));
        let Some(proposal) = &result.proposal else {
            out.push_str(": nothing proposed\n");
            continue;
        };
        let rating = proposal
            .evidence
            .ratings
            .get(&proposal.hypothesis)
            .map_or("N", |r| r.symbol());
        out.push_str(&format!(
            "\n  proposed evidence {} rates {} {}: {}\n",
            proposal.evidence.id,
            proposal.hypothesis,
            rating,
            fit(&proposal.evidence.text, 100)
        ));
        for event in &proposal.events {
            let date = event
                .date
                .map_or("----------".to_string(), |d| d.to_string());
            out.push_str(&format!(
                "    event {} {} {} → {} {} [{}] {}\n",
                event.id,
                date,
                event.source,
                event.target,
                event.code,
                event.doc_id,
                fit(&event.sentence, 100)
            ));
        }
    }
    out.push('\n');
    if !applied.is_empty() {
        out.push_str(&format!(
            "Added to {}: {}\n",
            origin.name(),
            applied.join(", ")
        ));
    } else if apply {
        out.push_str("Nothing to add.\n");
    } else if results.iter().any(|r| r.proposal.is_some()) {
        out.push_str("Run again with --apply to add the proposed evidence to the board.\n");
    }
    out
}

fn save(args: SaveArgs) -> Result<ExitCode> {
    let id = match (&args.id, args.board.file_stem()) {
        (Some(id), _) => id.clone(),
        (None, _) if args.board == Path::new("-") => {
            bail!("a board read from standard input needs --id to be saved under")
        }
        (None, Some(stem)) => stem.to_string_lossy().into_owned(),
        (None, None) => bail!(
            "{}: give --id to save the board under",
            args.board.display()
        ),
    };
    if id.trim().is_empty() {
        bail!("the board id is empty");
    }
    let loaded = read_board(Some(&args.board), None, None)?;
    for warning in &loaded.warnings {
        eprintln!("dyad: warning: {warning}");
    }
    let mut store = Store::open(&args.db)?;
    store.save_board(&id, &loaded.board.title, &loaded.board.to_json()?)?;
    eprintln!("dyad: saved board {id:?} in {}", args.db.display());
    Ok(ExitCode::SUCCESS)
}

fn list(args: ListArgs) -> Result<ExitCode> {
    let store = Store::open_existing(&args.db)?;
    let boards = store.list_boards()?;
    let text = match args.format {
        TableOrJson::Json => to_json(&boards)?,
        TableOrJson::Table => {
            let width = boards
                .iter()
                .map(|b| b.id.chars().count())
                .max()
                .unwrap_or(0)
                .max("Id".len());
            let mut out = format!("{}  Title\n", pad("Id", width));
            for board in &boards {
                out.push_str(&format!(
                    "{}  {}\n",
                    pad(&board.id, width),
                    fit(&board.title, 80)
                ));
            }
            if boards.is_empty() {
                out.push_str("(no boards saved)\n");
            }
            out
        }
    };
    write_output(None, &text)?;
    Ok(ExitCode::SUCCESS)
}

/// `text` cut to `width` characters, with an ellipsis when cut.
fn fit(text: &str, width: usize) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if one_line.chars().count() <= width {
        return one_line;
    }
    let mut cut: String = one_line.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// Pads `text` with spaces to `width` characters.
fn pad(text: &str, width: usize) -> String {
    let length = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(length)))
}

const TEXT_WIDTH: usize = 60;

fn heading(board: &Board, out: &mut String) {
    if !board.title.is_empty() {
        out.push_str(&format!("{}\n", fit(&board.title, 100)));
    }
    if !board.question.is_empty() {
        out.push_str(&format!("{}\n", fit(&board.question, 100)));
    }
    if !out.is_empty() {
        out.push('\n');
    }
}

fn leader_line(leader: Option<&str>, margin: Option<f64>, tied: &[String]) -> String {
    match (leader, margin) {
        (Some(id), Some(margin)) => format!("Leader: {id} (margin {margin:.2})"),
        (Some(id), None) => format!("Leader: {id} (the only hypothesis; no margin)"),
        (None, _) if tied.is_empty() => "Leader: none (the board has no hypotheses)".to_string(),
        (None, _) => format!("Leader: none ({} tie for first)", tied.join(", ")),
    }
}

fn id_list(ids: &[String]) -> String {
    if ids.is_empty() {
        "none".to_string()
    } else {
        ids.join(", ")
    }
}

fn score_table(board: &Board, scores: &Scores) -> String {
    let mut out = String::new();
    heading(board, &mut out);
    let id_width = board
        .hypotheses
        .iter()
        .map(|h| h.id.chars().count())
        .max()
        .unwrap_or(0)
        .max("Hypothesis".len());
    out.push_str(&format!(
        "Rank  {}  Weighted  Incons.  Cons.  Title\n",
        pad("Hypothesis", id_width)
    ));
    for h in scores.ranked() {
        let title = board.hypothesis(&h.id).map_or("", |x| x.title.as_str());
        out.push_str(&format!(
            "{:>4}  {}  {:>8.2}  {:>7}  {:>5}  {}\n",
            h.rank,
            pad(&h.id, id_width),
            h.weighted_inconsistency,
            h.inconsistency,
            h.consistency,
            fit(title, TEXT_WIDTH)
        ));
    }
    if board.hypotheses.is_empty() {
        out.push_str("(no hypotheses)\n");
    }
    out.push('\n');
    out.push_str(&leader_line(
        scores.leader.as_deref(),
        scores.margin,
        &scores.tied_for_lead,
    ));
    out.push('\n');
    out.push_str(&format!("Linchpins: {}\n", id_list(&scores.linchpins)));
    if board.evidence.is_empty() {
        return out;
    }
    out.push_str("\nEvidence, most diagnostic first\n");
    let item_width = board
        .evidence
        .iter()
        .map(|e| e.id.chars().count())
        .max()
        .unwrap_or(0)
        .max("Id".len());
    let column_widths: Vec<usize> = board
        .hypotheses
        .iter()
        .map(|h| h.id.chars().count().max(2))
        .collect();
    let mut header = format!("{}  Diag.  Cred.   Rel.    ", pad("Id", item_width));
    for (h, width) in board.hypotheses.iter().zip(&column_widths) {
        header.push_str(&pad(&h.id, *width));
        header.push_str("  ");
    }
    header.push_str("Text");
    out.push_str(header.trim_end());
    out.push('\n');
    for item in dyad_ach::score::evidence_by_diagnosticity(board) {
        let diagnosticity = dyad_ach::score::diagnosticity(board, item);
        let mut row = format!(
            "{}  {:>5.2}  {}  {}  ",
            pad(&item.id, item_width),
            diagnosticity,
            pad(item.credibility.word(), 6),
            pad(item.relevance.word(), 6),
        );
        for (h, width) in board.hypotheses.iter().zip(&column_widths) {
            let cell = item.ratings.get(&h.id).map_or("·", |r| r.symbol());
            row.push_str(&pad(cell, *width));
            row.push_str("  ");
        }
        let mut flags = String::new();
        if scores.linchpins.contains(&item.id) {
            flags.push_str("[linchpin] ");
        }
        if item.assumption {
            flags.push_str("[assumption] ");
        }
        row.push_str(&flags);
        row.push_str(&fit(&item.text, TEXT_WIDTH));
        out.push_str(row.trim_end());
        out.push('\n');
    }
    out.push_str("\nRatings: CC, C, N, I, II, NA; · not rated (counts as N).\n");
    out
}

fn outcome_cell(outcome: &dyad_ach::Outcome) -> String {
    let leader = outcome.leader.as_deref().unwrap_or("(tie)");
    let margin = outcome
        .margin
        .map_or(String::new(), |m| format!(" by {m:.2}"));
    let changed = if outcome.leader_changes { " *" } else { "" };
    format!("{leader}{margin}{changed}")
}

fn sensitivity_table(board: &Board, sensitivity: &Sensitivity) -> String {
    let mut out = String::new();
    heading(board, &mut out);
    let tied = dyad_ach::score(board).tied_for_lead;
    out.push_str(&leader_line(
        sensitivity.leader.as_deref(),
        sensitivity.margin,
        &tied,
    ));
    out.push('\n');
    out.push_str(&format!("Linchpins: {}\n", id_list(&sensitivity.linchpins)));
    out.push_str(&format!(
        "Credibility-critical (leader changes if set to low): {}\n",
        id_list(&sensitivity.credibility_critical)
    ));
    if sensitivity.items.is_empty() {
        return out;
    }
    let item_width = sensitivity
        .items
        .iter()
        .map(|i| i.id.chars().count())
        .max()
        .unwrap_or(0)
        .max("Id".len());
    let without: Vec<String> = sensitivity
        .items
        .iter()
        .map(|i| outcome_cell(&i.without))
        .collect();
    let low: Vec<String> = sensitivity
        .items
        .iter()
        .map(|i| {
            format!(
                "{} → low: {}",
                i.credibility,
                outcome_cell(&i.credibility_low)
            )
        })
        .collect();
    let without_width = without
        .iter()
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(0)
        .max("Without the item".len());
    let low_width = low
        .iter()
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(0)
        .max("Credibility set to low".len());
    out.push_str(&format!(
        "\n{}  Diag.  {}  {}  Text\n",
        pad("Id", item_width),
        pad("Without the item", without_width),
        pad("Credibility set to low", low_width)
    ));
    for ((item, without), low) in sensitivity.items.iter().zip(&without).zip(&low) {
        let text = board
            .evidence_item(&item.id)
            .map_or("", |e| e.text.as_str());
        let row = format!(
            "{}  {:>5.2}  {}  {}  {}",
            pad(&item.id, item_width),
            item.diagnosticity,
            pad(without, without_width),
            pad(low, low_width),
            fit(text, 40)
        );
        out.push_str(row.trim_end());
        out.push('\n');
    }
    out.push_str("\n* the leader changes. \"(tie)\": no single hypothesis leads.\n");
    out
}
