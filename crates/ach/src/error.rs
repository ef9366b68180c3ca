//! Errors and warnings about boards: what is wrong, which item and field it is
//! in, and where in the file (line:column) when the board came from a file.

use std::fmt;

/// One step of a path into a board's JSON: an object key or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    Key(String),
    Index(usize),
}

impl From<&str> for PathSegment {
    fn from(key: &str) -> PathSegment {
        PathSegment::Key(key.to_string())
    }
}

impl From<usize> for PathSegment {
    fn from(index: usize) -> PathSegment {
        PathSegment::Index(index)
    }
}

/// Writes a path as `ratings.H9` or `events[2]`.
pub fn render_path(path: &[PathSegment]) -> String {
    let mut text = String::new();
    for segment in path {
        match segment {
            PathSegment::Key(key) => {
                if !text.is_empty() {
                    text.push('.');
                }
                text.push_str(key);
            }
            PathSegment::Index(index) => text.push_str(&format!("[{index}]")),
        }
    }
    text
}

/// The three lists of items a board has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    Hypotheses,
    Evidence,
    Indicators,
}

impl Section {
    /// The key of this list in the board file.
    pub fn key(self) -> &'static str {
        match self {
            Section::Hypotheses => "hypotheses",
            Section::Evidence => "evidence",
            Section::Indicators => "indicators",
        }
    }

    /// What one item of the list is called in messages.
    pub fn item_noun(self) -> &'static str {
        match self {
            Section::Hypotheses => "hypothesis",
            Section::Evidence => "evidence item",
            Section::Indicators => "indicator",
        }
    }

    pub fn from_key(key: &str) -> Option<Section> {
        [Section::Hypotheses, Section::Evidence, Section::Indicators]
            .into_iter()
            .find(|section| section.key() == key)
    }
}

/// The board item an error is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRef {
    pub section: Section,
    /// Zero-based position in its list.
    pub index: usize,
    /// The item's id, when it has a usable one.
    pub id: Option<String>,
}

impl fmt::Display for ItemRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.id {
            Some(id) => write!(f, "{} {:?}", self.section.item_noun(), id),
            None => write!(
                f,
                "{} #{} (it has no id)",
                self.section.item_noun(),
                self.index + 1
            ),
        }
    }
}

/// A place in a text file: 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    /// The line and column of byte `offset` in `text` (clamped to the text).
    pub fn of_offset(text: &str, offset: usize) -> Position {
        let mut end = offset.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let before = &text[..end];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
        let column = before[line_start..].chars().count() + 1;
        Position { line, column }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// What is wrong with a board.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("not valid JSON: {message}")]
    Json { message: String },
    #[error("not UTF-8 text (bad byte at offset {offset})")]
    NotUtf8 { offset: usize },
    #[error("expected {expected}, found {found}")]
    WrongType {
        expected: &'static str,
        found: String,
    },
    #[error("missing required field \"{field}\"")]
    MissingField { field: &'static str },
    #[error("the id is empty")]
    EmptyId,
    #[error("duplicate id {id:?}: {noun} #{first} already uses it")]
    DuplicateId {
        id: String,
        noun: &'static str,
        first: usize,
    },
    #[error("unknown hypothesis id {id:?} (this board's hypotheses: {known})")]
    UnknownHypothesis { id: String, known: String },
    #[error("unknown rating symbol {symbol:?} (ratings are CC, C, N, I, II or NA)")]
    UnknownRating { symbol: String },
    #[error("unknown level {value:?} (use high, medium or low)")]
    UnknownLevel { value: String },
    #[error("{code:?} is not a CAMEO event code or root (two to four digits, e.g. 19 or 0871)")]
    UnknownCameoCode { code: String },
    #[error("actor prefix {prefix:?} must be upper-case letters and digits, like PRK or RUSMIL")]
    BadActorPrefix { prefix: String },
    #[error("must be a whole number from {min} to {max}, found {found}")]
    OutOfRange { min: u64, max: u64, found: String },
}

/// A board that cannot be used, and where the trouble is. The details are
/// boxed (read them through `Deref`: `err.problem`, `err.item`…) so that
/// `Result<_, BoardError>` stays small.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardError(Box<BoardErrorDetails>);

/// What a [`BoardError`] knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardErrorDetails {
    /// The file (or other source) the board came from, when known.
    pub origin: Option<String>,
    /// Where in the file, when known.
    pub position: Option<Position>,
    /// The item the problem is in, when it is inside one.
    pub item: Option<ItemRef>,
    /// Path from the top of the board to the offending value.
    pub path: Vec<PathSegment>,
    pub problem: Problem,
}

impl From<BoardErrorDetails> for BoardError {
    fn from(details: BoardErrorDetails) -> BoardError {
        BoardError(Box::new(details))
    }
}

impl std::ops::Deref for BoardError {
    type Target = BoardErrorDetails;
    fn deref(&self) -> &BoardErrorDetails {
        &self.0
    }
}

impl BoardError {
    /// The same error, naming `origin` as its source.
    pub fn with_origin(mut self, origin: impl Into<String>) -> BoardError {
        self.0.origin = Some(origin.into());
        self
    }

    /// The part of the path below the item (or the whole path outside items).
    pub fn field(&self) -> String {
        let below_item = if self.item.is_some() {
            self.path.get(2..).unwrap_or(&[])
        } else {
            &self.path[..]
        };
        render_path(below_item)
    }
}

fn write_place(
    f: &mut fmt::Formatter<'_>,
    origin: &Option<String>,
    position: &Option<Position>,
) -> fmt::Result {
    match (origin, position) {
        (Some(origin), Some(position)) => write!(f, "{origin}:{position}: "),
        (Some(origin), None) => write!(f, "{origin}: "),
        (None, Some(position)) => write!(f, "line {position}: "),
        (None, None) => Ok(()),
    }
}

impl fmt::Display for BoardError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_place(f, &self.origin, &self.position)?;
        let field = self.field();
        match (&self.item, field.is_empty()) {
            (Some(item), true) => write!(f, "{item}: ")?,
            (Some(item), false) => write!(f, "{item}, field \"{field}\": ")?,
            (None, false) => write!(f, "field \"{field}\": ")?,
            (None, true) => {}
        }
        write!(f, "{}", self.problem)
    }
}

impl std::error::Error for BoardError {}

/// Something in a board that dyad accepts but that is probably a mistake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardWarning {
    pub origin: Option<String>,
    pub position: Option<Position>,
    pub item: Option<ItemRef>,
    pub path: Vec<PathSegment>,
    pub kind: WarningKind,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WarningKind {
    #[error("unknown field {name:?} (kept as written, but dyad does not read it)")]
    UnknownField { name: String },
}

impl fmt::Display for BoardWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_place(f, &self.origin, &self.position)?;
        if let Some(item) = &self.item {
            write!(f, "{item}: ")?;
        }
        write!(f, "{}", self.kind)
    }
}
