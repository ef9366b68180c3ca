//! Errors and warnings from loading dictionaries. Every entry-level problem
//! names the file, line and column and says what was expected.

use std::fmt;
use std::path::PathBuf;

/// A malformed dictionary entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryError {
    pub file: PathBuf,
    /// 1-based line number.
    pub line: usize,
    /// 1-based column (in characters) where the problem starts.
    pub column: usize,
    pub message: String,
}

impl fmt::Display for EntryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

/// Something worth knowing about a file that loaded anyway (a legacy
/// encoding, a construct dyad reads but does not use, a pattern that can
/// never match).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub file: PathBuf,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
        } else {
            write!(f, "{}: {}", self.file.display(), self.message)
        }
    }
}

/// Why dictionaries could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum DictError {
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: {message}", path.display())]
    Config { path: PathBuf, message: String },
    #[error("{}", format_invalid(errors))]
    Invalid { errors: Vec<EntryError> },
}

fn format_invalid(errors: &[EntryError]) -> String {
    let mut s = String::new();
    for e in errors.iter().take(20) {
        s.push_str(&e.to_string());
        s.push('\n');
    }
    if errors.len() > 20 {
        s.push_str(&format!("... and {} more\n", errors.len() - 20));
    }
    s.push_str(&format!(
        "{} malformed dictionary entr{} (use --lenient to skip them)",
        errors.len(),
        if errors.len() == 1 { "y" } else { "ies" }
    ));
    s
}
