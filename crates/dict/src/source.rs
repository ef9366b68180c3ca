//! Reading dictionary files: decoding (UTF-8, with a Latin-1 fallback for
//! legacy files), line iteration with 1-based numbers, and the per-load sink
//! that collects malformed entries and warnings.

use crate::error::{DictError, EntryError, Warning};
use std::path::{Path, PathBuf};

/// Reads a whole dictionary file as text. Files that are not valid UTF-8 are
/// read as Windows-1252/Latin-1 (the encoding of the older TABARI files), with
/// a warning.
pub fn read_text(path: &Path, sink: &mut Sink) -> Result<String, DictError> {
    let bytes = std::fs::read(path).map_err(|source| DictError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(decode(path, bytes, sink))
}

/// Decodes bytes as UTF-8, falling back to Latin-1 with a warning.
pub fn decode(path: &Path, bytes: Vec<u8>, sink: &mut Sink) -> String {
    match String::from_utf8(bytes) {
        Ok(s) => s.strip_prefix('\u{FEFF}').map(str::to_string).unwrap_or(s),
        Err(e) => {
            let bad = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..bad].iter().filter(|&&b| b == b'\n').count() + 1;
            sink.warn(path, line, "file is not valid UTF-8; read as Latin-1");
            e.into_bytes().into_iter().map(|b| b as char).collect()
        }
    }
}

/// Lines of a file with 1-based numbers, line endings (`\n`, `\r\n`) removed.
pub fn numbered_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.strip_suffix('\r').unwrap_or(l)))
}

/// Collects malformed entries and warnings during one load.
#[derive(Debug, Default)]
pub struct Sink {
    pub errors: Vec<EntryError>,
    pub warnings: Vec<Warning>,
}

impl Sink {
    pub fn error(&mut self, file: &Path, line: usize, column: usize, message: impl Into<String>) {
        self.errors.push(EntryError {
            file: file.to_path_buf(),
            line,
            column: column.max(1),
            message: message.into(),
        });
    }

    pub fn warn(&mut self, file: &Path, line: usize, message: impl Into<String>) {
        self.warnings.push(Warning {
            file: file.to_path_buf(),
            line,
            message: message.into(),
        });
    }
}

/// Column (1-based, in characters) of `needle`'s first occurrence in `line`,
/// or 1.
pub fn column_of(line: &str, needle: &str) -> usize {
    line.find(needle)
        .map_or(1, |b| line[..b].chars().count() + 1)
}

/// Where an entry came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Origin {
    /// Index into [`crate::Dictionaries::files`].
    pub file: u32,
    /// 1-based line.
    pub line: u32,
}

/// A file that went into a dictionary set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub path: PathBuf,
    pub kind: FileKind,
    /// FNV-1a hash of the file's bytes, for fingerprints and cache invalidation.
    pub hash: u64,
}

/// What a dictionary file holds and in which dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    TabariVerbs,
    TabariActors,
    TabariAgents,
    TabariOptions,
    TabariProject,
    PetrarchVerbs,
    Petrarch2Verbs,
    PetrarchActors,
    PetrarchAgents,
    PetrarchDiscards,
    PetrarchIssues,
    PetrarchConfig,
}

impl FileKind {
    pub fn label(self) -> &'static str {
        match self {
            FileKind::TabariVerbs => "TABARI verbs",
            FileKind::TabariActors => "TABARI actors",
            FileKind::TabariAgents => "TABARI agents",
            FileKind::TabariOptions => "TABARI options",
            FileKind::TabariProject => "TABARI project",
            FileKind::PetrarchVerbs => "PETRARCH-1 verbs",
            FileKind::Petrarch2Verbs => "PETRARCH-2 verbs",
            FileKind::PetrarchActors => "PETRARCH actors",
            FileKind::PetrarchAgents => "PETRARCH agents",
            FileKind::PetrarchDiscards => "PETRARCH discards",
            FileKind::PetrarchIssues => "PETRARCH issues",
            FileKind::PetrarchConfig => "PETRARCH config",
        }
    }
}

/// FNV-1a over bytes: a cheap, stable content hash.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Resolves `name` against the directory holding `base` (how project and
/// config files name their dictionaries).
pub fn sibling(base: &Path, name: &str) -> PathBuf {
    let p = Path::new(name);
    if p.is_absolute() {
        return p.to_path_buf();
    }
    base.parent().unwrap_or(Path::new(".")).join(p)
}
