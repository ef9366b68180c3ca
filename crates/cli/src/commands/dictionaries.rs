//! `dyad dictionaries ...`: commands on dictionary sets. `check` lints a set
//! (duplicate and conflicting entries, overlapping dates, patterns that never
//! match or are shadowed, unknown CAMEO codes, malformed actor codes, and what
//! the loader reported) and exits 1 when it finds errors. The analysis is
//! `dyad_dict::lint`; this module loads, prints and sets the exit code.

use anyhow::{Context, Result};
use dyad_dict::lint::{Finding, FindingKind, Severity, lint, malformed_entries, summarize};
use dyad_dict::{DictError, LoadOptions};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Lint dictionary sets: duplicates, conflicting codes, overlapping dates, dead patterns, unknown codes.
    Check(CheckArgs),
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Dictionary sets to check, each a TABARI .project, a PETRARCH or dyad .ini, a directory or a
    /// single dictionary file. Without one, the bundled default dictionaries are checked.
    paths: Vec<PathBuf>,
    /// Skip malformed entries (reported as malformed-entry errors) and check the rest; without it a
    /// malformed entry stops the check of its set after reporting the malformed entries.
    #[arg(long)]
    lenient: bool,
    /// Print one JSON object per finding, then one summary object per set.
    #[arg(long)]
    json: bool,
    /// Print at most N findings of each kind (the counts still include all).
    #[arg(long, value_name = "N")]
    max: Option<usize>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    match args.command {
        Command::Check(a) => check(a),
    }
}

/// One checked set: its name and findings, and whether the load was refused.
struct Checked {
    name: String,
    findings: Vec<Finding>,
    refused: bool,
}

fn check(args: CheckArgs) -> Result<ExitCode> {
    let options = LoadOptions {
        lenient: args.lenient,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = false;
    let mut print = |out: &mut std::io::BufWriter<_>, set: Checked| -> Result<()> {
        failed |= summarize(&set.findings).errors > 0;
        if args.json {
            write_json(out, &set, args.max)
        } else {
            write_text(out, &set, args.max)
        }
    };
    if args.paths.is_empty() {
        let (dict, report) = dyad_dict::bundled().context("loading the bundled dictionaries")?;
        let set = Checked {
            name: format!("bundled ({})", dyad_dict::BUNDLED_DIR),
            findings: lint(&dict, &report),
            refused: false,
        };
        print(&mut out, set)?;
    }
    // a set that cannot be read (no such file, an unreadable project or
    // config) is reported on standard error and fails the check; the other
    // sets are still checked
    let mut unreadable = false;
    for path in &args.paths {
        let name = path.display().to_string();
        let set = match dyad_dict::load(path, options) {
            Ok((dict, report)) => Checked {
                name,
                findings: lint(&dict, &report),
                refused: false,
            },
            Err(DictError::Invalid { errors }) => Checked {
                name,
                findings: malformed_entries(&errors),
                refused: true,
            },
            Err(e) => {
                out.flush()?;
                eprintln!("dyad: error: cannot check {name}: {e}");
                unreadable = true;
                continue;
            }
        };
        print(&mut out, set)?;
    }
    out.flush()?;
    Ok(if failed || unreadable {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The findings of one kind, at most `max` of them, and how many were left out.
fn limited(findings: &[Finding], kind: FindingKind, max: Option<usize>) -> (Vec<&Finding>, usize) {
    let all: Vec<&Finding> = findings.iter().filter(|f| f.kind == kind).collect();
    let keep = max.unwrap_or(usize::MAX).min(all.len());
    let left = all.len() - keep;
    (all.into_iter().take(keep).collect(), left)
}

fn write_text(out: &mut impl Write, set: &Checked, max: Option<usize>) -> Result<()> {
    let summary = summarize(&set.findings);
    writeln!(out, "== {}", set.name)?;
    for kind in FindingKind::ALL {
        let (shown, left) = limited(&set.findings, kind, max);
        if shown.is_empty() && left == 0 {
            continue;
        }
        let count = shown.len() + left;
        let errors = set
            .findings
            .iter()
            .filter(|f| f.kind == kind && f.severity == Severity::Error)
            .count();
        let tally = match (errors, count - errors) {
            (e, 0) => format!("{e} error{}", s(e)),
            (0, w) => format!("{w} warning{}", s(w)),
            (e, w) => format!("{e} error{}, {w} warning{}", s(e), s(w)),
        };
        writeln!(out, "{} ({tally})", kind.label())?;
        for f in shown {
            writeln!(
                out,
                "  {}: {}: {}",
                f.location,
                f.severity.label(),
                f.message
            )?;
        }
        if left > 0 {
            writeln!(out, "  ... and {left} more")?;
        }
    }
    if set.refused {
        writeln!(
            out,
            "the set was not checked further: it has malformed entries (use --lenient to skip them and check the rest)"
        )?;
    }
    writeln!(
        out,
        "{}: {} error{}, {} warning{}",
        set.name,
        summary.errors,
        s(summary.errors),
        summary.warnings,
        s(summary.warnings)
    )?;
    Ok(())
}

fn write_json(out: &mut impl Write, set: &Checked, max: Option<usize>) -> Result<()> {
    for kind in FindingKind::ALL {
        let (shown, _) = limited(&set.findings, kind, max);
        for f in shown {
            let line = serde_json::json!({
                "set": set.name,
                "kind": f.kind,
                "severity": f.severity,
                "file": f.location.file,
                "line": f.location.line,
                "message": f.message,
                "related": f.related.as_ref().map(|r| serde_json::json!({
                    "file": r.file,
                    "line": r.line,
                })),
            });
            writeln!(out, "{line}")?;
        }
    }
    let summary = summarize(&set.findings);
    let line = serde_json::json!({
        "summary": {
            "set": set.name,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "checked": !set.refused,
            "by_kind": summary.by_kind,
        }
    });
    writeln!(out, "{line}")?;
    Ok(())
}

fn s(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
