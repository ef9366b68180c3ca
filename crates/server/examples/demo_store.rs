//! Writes the workbench's demo store: half a year of invented events between
//! a dozen actors, a planted spike, an article full of HTML, and the example
//! ACH board. The browser tests serve it; it is also a quick way to look
//! around the workbench.
//!
//! `cargo run -p dyad-server --example demo_store -- demo.db`, then
//! `dyad serve --db demo.db`.

#[path = "../tests/fixture/mod.rs"]
mod fixture;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (Some(path), None) = (args.next().map(PathBuf::from), args.next()) else {
        eprintln!("usage: demo_store PATH (a database file that does not exist yet)");
        return ExitCode::from(2);
    };
    if path.exists() {
        eprintln!("demo_store: {} exists; give a new path", path.display());
        return ExitCode::from(1);
    }
    match fixture::write_demo_store(&path) {
        Ok((documents, events)) => {
            println!(
                "demo_store: wrote {documents} documents, {events} events and board {:?} to {}",
                fixture::BOARD_ID,
                path.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("demo_store: {error}");
            ExitCode::from(1)
        }
    }
}
