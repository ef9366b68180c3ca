//! `dyad cameo [CODE...]`: print what dyad knows about CAMEO event codes.

use anyhow::{Result, bail};
use dyad_model::cameo;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Codes to describe ("072", "19"); all codes when none are given.
    codes: Vec<String>,
    /// Print JSON, one object a line.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let table = cameo();
    let selected: Vec<_> = if args.codes.is_empty() {
        table.codes().iter().collect()
    } else {
        let mut found = Vec::new();
        for code in &args.codes {
            match table.get(code.trim()) {
                Some(c) => found.push(c),
                None => {
                    bail!("unknown CAMEO code {code:?} (codes are 2-4 digits, e.g. 072 or 1823)")
                }
            }
        }
        found
    };
    for c in selected {
        if args.json {
            println!("{}", serde_json::to_string(c)?);
        } else {
            println!(
                "{:<5} quad {} ({:<20}) Goldstein {:>5.1}  PLOVER {:<10} {}",
                c.code,
                c.quad_class.number(),
                c.quad_class.label(),
                c.goldstein,
                c.plover,
                c.name
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
