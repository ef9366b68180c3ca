//! Finds the shared reference data (peer validation suites, production
//! dictionaries, corpus) that tests and benchmarks read and never copy.
//!
//! The data lives in `$DYAD_SHARED` when set, otherwise in `../shared` beside
//! the checkout. When it is missing, tests that need it print that they were
//! skipped — unless `DYAD_REQUIRE_SHARED=1` (as in CI), in which case they fail.

use std::path::PathBuf;

/// The shared data directory (the one holding `data/`), if present.
pub fn shared_dir() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("DYAD_SHARED") {
        let p = PathBuf::from(p);
        return p.join("data").is_dir().then_some(p);
    }
    // crates/<name>/ → workspace root → its parent
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let root = manifest.parent()?.parent()?;
    let candidate = root.parent()?.join("shared");
    candidate.join("data").is_dir().then_some(candidate)
}

/// `shared/data/<relative>` if the shared data is present. When it is absent,
/// prints a skip notice naming `test` and returns `None`, or panics when
/// `DYAD_REQUIRE_SHARED=1`.
pub fn shared_file(relative: &str, test: &str) -> Option<PathBuf> {
    match shared_dir() {
        Some(dir) => {
            let p = dir.join("data").join(relative);
            if p.exists() {
                Some(p)
            } else {
                missing(&format!("{} does not exist", p.display()), test)
            }
        }
        None => missing(
            "the shared data directory (../shared or $DYAD_SHARED) was not found",
            test,
        ),
    }
}

fn missing(why: &str, test: &str) -> Option<PathBuf> {
    if std::env::var("DYAD_REQUIRE_SHARED").is_ok_and(|v| v == "1") {
        panic!("{test}: {why}, and DYAD_REQUIRE_SHARED=1 requires it");
    }
    eprintln!("skipped {test}: {why}");
    None
}
