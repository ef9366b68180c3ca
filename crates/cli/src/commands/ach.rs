//! `dyad ach ...`: Analysis of Competing Hypotheses boards. Scores and
//! sensitivity as terminal tables or JSON, validation, PARC ACH import, and
//! exports (Markdown report, CSV matrix, the board file). The board logic
//! lives in dyad-ach; this module reads files, formats tables and prints.

use anyhow::{Context, Result, bail};
use dyad_ach::{Board, ExportFormat, Scores, Sensitivity};
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
}

#[derive(clap::Args)]
struct ScoreArgs {
    /// The board file (JSON; `-` reads standard input).
    board: PathBuf,
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
    /// The board file (JSON; `-` reads standard input).
    board: PathBuf,
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
    /// The board file (JSON; `-` reads standard input).
    board: PathBuf,
    #[arg(long, value_enum)]
    format: ExportKind,
    /// Where to write; standard output when not given.
    #[arg(long, short)]
    output: Option<PathBuf>,
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

/// Reads and checks a board; warnings go to standard error.
fn load_board(path: &Path) -> Result<Board> {
    let bytes = read_input(path)?;
    let loaded = dyad_ach::parse_board_bytes(&bytes, Some(&origin(path)))?;
    for warning in &loaded.warnings {
        eprintln!("dyad: warning: {warning}");
    }
    Ok(loaded.board)
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
    let board = load_board(&args.board)?;
    let scores = dyad_ach::score(&board);
    let text = match args.format {
        TableOrJson::Json => to_json(&scores)?,
        TableOrJson::Table => score_table(&board, &scores),
    };
    write_output(None, &text)?;
    Ok(ExitCode::SUCCESS)
}

fn sensitivity(args: ScoreArgs) -> Result<ExitCode> {
    let board = load_board(&args.board)?;
    let sensitivity = dyad_ach::sensitivity(&board);
    let text = match args.format {
        TableOrJson::Json => to_json(&sensitivity)?,
        TableOrJson::Table => sensitivity_table(&board, &sensitivity),
    };
    write_output(None, &text)?;
    Ok(ExitCode::SUCCESS)
}

fn validate(args: ValidateArgs) -> Result<ExitCode> {
    let bytes = read_input(&args.board)?;
    let name = origin(&args.board);
    let loaded = dyad_ach::parse_board_bytes(&bytes, Some(&name))?;
    for warning in &loaded.warnings {
        eprintln!("dyad: warning: {warning}");
    }
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
    let board = load_board(&args.board)?;
    let text = dyad_ach::export(&board, args.format.into())?;
    write_output(args.output.as_deref(), &text)?;
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
