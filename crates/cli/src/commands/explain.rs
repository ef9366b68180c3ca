//! `dyad explain TEXT`: show how dyad parses and codes one sentence — each
//! word's class and dictionary entry, the actors, compounds and clauses, and
//! the events with the rule that fired. For dictionary developers.

use crate::commands::code::DictionaryArgs;
use anyhow::Result;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The sentence to explain.
    text: String,
    #[command(flatten)]
    dictionaries: DictionaryArgs,
    /// Document date (YYYY-MM-DD), for date-restricted actor codes.
    #[arg(long)]
    date: Option<String>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let date = match &args.date {
        Some(d) => Some(
            dyad_model::parse_date(d)
                .ok_or_else(|| anyhow::anyhow!("--date {d:?}: expected YYYY-MM-DD"))?,
        ),
        None => None,
    };
    let (coder, _) = args.dictionaries.coder()?;
    let opts = coder.dictionaries().options.clone();
    let parse = coder.parse(&args.text, date, &opts);
    print!("{}", parse.describe(coder.dictionaries(), coder.lexicon()));
    let coded = coder.code_sentence(&args.text, date, &opts, None);
    for e in &coded.events {
        println!(
            "event {}/{}/{}  rule {} {}",
            e.source,
            e.target,
            e.code,
            coder.dictionaries().origin_label(e.rule),
            e.rule_text
        );
    }
    if let Some(p) = coded.problem {
        println!("problem: {p:?}");
    }
    Ok(ExitCode::SUCCESS)
}
