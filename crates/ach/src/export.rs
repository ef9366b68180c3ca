//! Writing a board out: a Markdown report (hypotheses ranked, the most
//! diagnostic evidence first, linchpins flagged), the matrix as CSV, and the
//! board file itself as JSON.

use crate::board::{Board, Evidence, Indicator};
use crate::score::{self, Scores};
use crate::sensitivity::{self, Sensitivity};
use std::fmt::Write as _;

/// The output formats `dyad ach export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Markdown,
    Csv,
    Json,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("cannot finish the CSV: {message}")]
    CsvFlush { message: String },
    #[error("the CSV written is not UTF-8: {0}")]
    Utf8(#[from] std::string::FromUtf8Error),
}

/// The board in the requested format.
pub fn export(board: &Board, format: ExportFormat) -> Result<String, ExportError> {
    match format {
        ExportFormat::Markdown => Ok(markdown_report(board)),
        ExportFormat::Csv => csv_matrix(board),
        ExportFormat::Json => Ok(board.to_json()?),
    }
}

/// Escapes text for a Markdown paragraph or table cell, on one line.
fn md(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' => {
                escaped.push('\\');
                escaped.push(c);
            }
            '\n' | '\r' => escaped.push(' '),
            _ => escaped.push(c),
        }
    }
    escaped
}

fn number(value: f64) -> String {
    format!("{value:.2}")
}

fn hypothesis_label(board: &Board, id: &str) -> String {
    match board.hypothesis(id) {
        Some(h) if !h.title.is_empty() => format!("{} ({})", md(id), md(&h.title)),
        _ => md(id),
    }
}

fn leader_phrase(board: &Board, leader: Option<&str>, tied: &[String]) -> String {
    match leader {
        Some(id) => hypothesis_label(board, id),
        None if board.hypotheses.is_empty() => "no hypothesis".to_string(),
        None if tied.is_empty() => "no single leader".to_string(),
        None => format!(
            "no single leader ({} tie)",
            tied.iter().map(|id| md(id)).collect::<Vec<_>>().join(", ")
        ),
    }
}

fn conclusion(board: &Board, scores: &Scores) -> String {
    if board.hypotheses.is_empty() {
        return "The board has no hypotheses yet.".to_string();
    }
    let Some(leader) = scores.leader.as_deref() else {
        return format!(
            "No single hypothesis leads: {} tie on weighted inconsistency, inconsistency and consistency.",
            scores
                .tied_for_lead
                .iter()
                .map(|id| hypothesis_label(board, id))
                .collect::<Vec<_>>()
                .join(", ")
        );
    };
    let weighted = scores
        .hypothesis(leader)
        .map_or(0.0, |h| h.weighted_inconsistency);
    let mut text = format!(
        "{} leads: it has the least inconsistent evidence (weighted inconsistency {}).",
        hypothesis_label(board, leader),
        number(weighted)
    );
    let runner_up = scores.ranked().into_iter().find(|h| h.id != leader);
    if let (Some(margin), Some(runner_up)) = (scores.margin, runner_up) {
        let _ = write!(
            text,
            " The runner-up, {}, trails by {}.",
            hypothesis_label(board, &runner_up.id),
            number(margin)
        );
    }
    text
}

fn rating_cell(item: &Evidence, hypothesis_id: &str) -> &'static str {
    match item.ratings.get(hypothesis_id) {
        Some(rating) => rating.symbol(),
        None => "·",
    }
}

fn indicator_rule(indicator: &Indicator) -> String {
    md(&indicator.summary())
}

/// A Markdown report: the conclusion, every hypothesis ranked, the evidence
/// with the most diagnostic items first and linchpins flagged, what each
/// linchpin's removal would do, credibility what-ifs, item details and the
/// indicators.
pub fn markdown_report(board: &Board) -> String {
    let scores = score::score(board);
    let sensitivity = sensitivity::sensitivity(board);
    let mut out = String::new();
    let title = if board.title.is_empty() {
        "ACH board"
    } else {
        &board.title
    };
    let _ = writeln!(out, "# {}\n", md(title));
    if !board.question.is_empty() {
        let _ = writeln!(out, "**Question:** {}\n", md(&board.question));
    }
    if let Some(notes) = &board.notes {
        let _ = writeln!(out, "{}\n", md(notes));
    }
    let _ = writeln!(out, "**Conclusion:** {}\n", conclusion(board, &scores));
    write_hypotheses(&mut out, board, &scores);
    write_evidence_table(&mut out, board, &scores);
    write_linchpins(&mut out, board, &sensitivity);
    write_credibility_what_if(&mut out, board, &sensitivity);
    write_details(&mut out, board);
    write_indicators(&mut out, board);
    out
}

fn write_hypotheses(out: &mut String, board: &Board, scores: &Scores) {
    let _ = writeln!(out, "## Hypotheses, best first\n");
    if board.hypotheses.is_empty() {
        let _ = writeln!(out, "None yet.\n");
        return;
    }
    let _ = writeln!(
        out,
        "| Rank | Hypothesis | Weighted inconsistency | Inconsistency | Consistency |"
    );
    let _ = writeln!(out, "|---:|---|---:|---:|---:|");
    for h in scores.ranked() {
        let leader = if scores.leader.as_deref() == Some(h.id.as_str()) {
            " **(leader)**"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "| {} | {}{} | {} | {} | {} |",
            h.rank,
            hypothesis_label(board, &h.id),
            leader,
            number(h.weighted_inconsistency),
            h.inconsistency,
            h.consistency
        );
    }
    let _ = writeln!(out);
}

fn write_evidence_table(out: &mut String, board: &Board, scores: &Scores) {
    let _ = writeln!(out, "## Evidence, most diagnostic first\n");
    if board.evidence.is_empty() {
        let _ = writeln!(out, "None yet.\n");
        return;
    }
    let _ = write!(
        out,
        "| Id | Evidence | Diagnosticity | Credibility | Relevance |"
    );
    for h in &board.hypotheses {
        let _ = write!(out, " {} |", md(&h.id));
    }
    let _ = writeln!(out, " Flags |");
    let _ = write!(out, "|---|---|---:|---|---|");
    for _ in &board.hypotheses {
        let _ = write!(out, ":---:|");
    }
    let _ = writeln!(out, "---|");
    for item in score::evidence_by_diagnosticity(board) {
        let mut flags = Vec::new();
        if scores.linchpins.contains(&item.id) {
            flags.push("**linchpin**");
        }
        if item.assumption {
            flags.push("assumption");
        }
        let _ = write!(
            out,
            "| {} | {} | {} | {} | {} |",
            md(&item.id),
            md(&item.text),
            number(score::diagnosticity(board, item)),
            item.credibility,
            item.relevance
        );
        for h in &board.hypotheses {
            let _ = write!(out, " {} |", rating_cell(item, &h.id));
        }
        let _ = writeln!(out, " {} |", flags.join(", "));
    }
    let _ = writeln!(
        out,
        "\nRatings: CC very consistent, C consistent, N neutral, I inconsistent, II very inconsistent, NA not applicable, · not rated (counts as N).\n"
    );
}

fn write_linchpins(out: &mut String, board: &Board, sensitivity: &Sensitivity) {
    let _ = writeln!(out, "## Linchpins\n");
    let linchpins: Vec<_> = sensitivity.items.iter().filter(|i| i.linchpin).collect();
    if linchpins.is_empty() {
        let _ = writeln!(
            out,
            "None: removing any single item leaves the leader unchanged.\n"
        );
        return;
    }
    for item in linchpins {
        let text = board
            .evidence_item(&item.id)
            .map_or("", |e| e.text.as_str());
        let _ = writeln!(
            out,
            "- **{}**: without it, the leader would be {}. ({})",
            md(&item.id),
            leader_phrase(board, item.without.leader.as_deref(), &[]),
            md(text)
        );
    }
    let _ = writeln!(out);
}

fn write_credibility_what_if(out: &mut String, board: &Board, sensitivity: &Sensitivity) {
    let _ = writeln!(out, "## If an item's credibility were low\n");
    let critical: Vec<_> = sensitivity
        .items
        .iter()
        .filter(|i| i.credibility_low.leader_changes)
        .collect();
    if critical.is_empty() {
        let _ = writeln!(
            out,
            "The leader holds when any single item's credibility is set to low.\n"
        );
        return;
    }
    for item in critical {
        let _ = writeln!(
            out,
            "- **{}** (credibility {}): the leader would be {}.",
            md(&item.id),
            item.credibility,
            leader_phrase(board, item.credibility_low.leader.as_deref(), &[])
        );
    }
    let _ = writeln!(out);
}

fn write_details(out: &mut String, board: &Board) {
    if board.evidence.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Evidence details\n");
    for item in &board.evidence {
        let _ = writeln!(out, "### {}: {}\n", md(&item.id), md(&item.text));
        let mut facts = Vec::new();
        if item.assumption {
            facts.push("- Assumption".to_string());
        }
        if let Some(kind) = &item.evidence_type {
            facts.push(format!("- Type: {}", md(kind)));
        }
        if let Some(date) = &item.date {
            facts.push(format!("- Date: {}", md(date)));
        }
        if let Some(source) = &item.source {
            facts.push(format!("- Source: {}", md(source)));
        }
        facts.push(format!(
            "- Credibility {}, relevance {}",
            item.credibility, item.relevance
        ));
        if !item.events.is_empty() {
            let ids: Vec<String> = item.events.iter().map(i64::to_string).collect();
            facts.push(format!("- Cites events: {}", ids.join(", ")));
        }
        if let Some(notes) = &item.notes {
            facts.push(format!("- Notes: {}", md(notes)));
        }
        let _ = writeln!(out, "{}\n", facts.join("\n"));
    }
}

fn write_indicators(out: &mut String, board: &Board) {
    if board.indicators.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Indicators\n");
    let _ = writeln!(
        out,
        "| Id | Hypothesis | Rule | Window (days) | Min count | Rating |"
    );
    let _ = writeln!(out, "|---|---|---|---:|---:|:---:|");
    for indicator in &board.indicators {
        let rule = match &indicator.description {
            Some(text) => format!("{}: {}", md(text), indicator_rule(indicator)),
            None => indicator_rule(indicator),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            md(&indicator.id),
            md(&indicator.hypothesis),
            rule,
            indicator.window_days,
            indicator.min_count,
            indicator.rating
        );
    }
    let _ = writeln!(out);
}

/// The matrix as CSV: one row per evidence item (board order) with its
/// fields, diagnosticity and linchpin flag, then one column per hypothesis
/// (headed by its id) holding the rating as written, empty when not rated.
pub fn csv_matrix(board: &Board) -> Result<String, ExportError> {
    let scores = score::score(board);
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<&str> = vec![
        "id",
        "text",
        "credibility",
        "relevance",
        "type",
        "date",
        "source",
        "assumption",
        "events",
        "diagnosticity",
        "linchpin",
    ];
    header.extend(board.hypotheses.iter().map(|h| h.id.as_str()));
    writer.write_record(&header)?;
    for (item, item_score) in board.evidence.iter().zip(&scores.evidence) {
        let events: Vec<String> = item.events.iter().map(i64::to_string).collect();
        let mut row: Vec<String> = vec![
            item.id.clone(),
            item.text.clone(),
            item.credibility.to_string(),
            item.relevance.to_string(),
            item.evidence_type.clone().unwrap_or_default(),
            item.date.clone().unwrap_or_default(),
            item.source.clone().unwrap_or_default(),
            item.assumption.to_string(),
            events.join(" "),
            format!("{:.4}", item_score.diagnosticity),
            scores.linchpins.contains(&item.id).to_string(),
        ];
        row.extend(board.hypotheses.iter().map(|h| {
            item.ratings
                .get(&h.id)
                .map(|r| r.symbol().to_string())
                .unwrap_or_default()
        }));
        writer.write_record(&row)?;
    }
    let bytes = writer.into_inner().map_err(|err| ExportError::CsvFlush {
        message: err.error().to_string(),
    })?;
    Ok(String::from_utf8(bytes)?)
}
