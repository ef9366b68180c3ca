//! `dyad validate SUITE [--json]`: code a peer validation suite (a TABARI
//! `.project` or a PETRARCH unit-test XML) from raw text and compare with its
//! expected events.

use anyhow::{Context, Result};
use dyad_coder::suite::{self, SuiteReport};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// A TABARI `.project` file or a PETRARCH unit-test `.xml` file.
    suite: PathBuf,
    /// End with one JSON object of totals (records, passed, failed, expected_events,
    /// matched_events, missing_events, extra_events).
    #[arg(long)]
    json: bool,
    /// Also list the records that passed.
    #[arg(long)]
    verbose: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let name = args.suite.to_string_lossy().to_ascii_lowercase();
    let report: SuiteReport = if name.ends_with(".project") {
        suite::tabari::run(&args.suite)
            .with_context(|| format!("validating {}", args.suite.display()))?
    } else if name.ends_with(".xml") {
        suite::petrarch::run(&args.suite)
            .with_context(|| format!("validating {}", args.suite.display()))?
    } else {
        anyhow::bail!(
            "{}: not a validation suite (expected a TABARI .project or a PETRARCH unit-test .xml)",
            args.suite.display()
        );
    };
    for r in &report.records {
        if r.passed && !args.verbose {
            continue;
        }
        println!("{} {}", if r.passed { "PASS" } else { "FAIL" }, r.id);
        if !r.passed {
            println!("  text:     {}", r.text);
            println!("  expected: {}", r.expected.join("  "));
            println!("  got:      {}", r.got.join("  "));
            println!("  why:      {}", r.why);
        }
    }
    let t = report.totals;
    println!("validate: {} passed, {} failed", t.passed, t.failed);
    if args.json {
        println!("{}", serde_json::to_string(&t)?);
    }
    Ok(ExitCode::SUCCESS)
}
