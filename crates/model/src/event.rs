//! A coded event: who did what to whom, when, and the exact words and
//! dictionary entry that produced it.

use crate::cameo::{QuadClass, cameo};
use crate::document::Date;
use serde::{Deserialize, Serialize};

/// A byte range `[start, end)` into a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The text under the span, or "" when the span does not fit `text`.
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// The dictionary entry that fired: a file, a line, and the entry as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct RuleRef {
    pub file: String,
    pub line: u32,
    /// The verb or pattern text, e.g. `- * FOR { SANCTIONS | BOYCOTT } [172]`.
    pub text: String,
}

impl std::fmt::Display for RuleRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// One event with its provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub doc_id: String,
    /// Zero-based index of the sentence within its document.
    pub sentence_index: u32,
    pub date: Option<Date>,
    pub source: String,
    pub target: String,
    /// CAMEO code as written in the dictionary ("072").
    pub code: String,
    /// Two-digit root; `None` for codes outside CAMEO.
    pub root_code: Option<String>,
    pub quad_class: Option<QuadClass>,
    pub goldstein: Option<f64>,
    pub plover: Option<String>,
    /// The words that named the source, target and verb, as they appear in the sentence.
    pub source_text: String,
    pub target_text: String,
    pub verb_text: String,
    pub sentence: String,
    /// Byte spans of the source, target and verb within `sentence`.
    pub source_span: Option<Span>,
    pub target_span: Option<Span>,
    pub verb_span: Option<Span>,
    /// Byte offset of `sentence` within the document text.
    pub sentence_start: usize,
    /// Dictionary entry that fired (`file:line`, and its text).
    pub rule: RuleRef,
    /// Issue codes found in the sentence (`Phoenix.IssueCoding.txt` and the like).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub issues: Vec<String>,
}

/// The CAMEO facts derived from an event code.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeFacts {
    pub root_code: Option<String>,
    pub quad_class: Option<QuadClass>,
    pub goldstein: Option<f64>,
    pub plover: Option<String>,
}

impl CodeFacts {
    /// Looks `code` up in the CAMEO table. Codes the table lacks but whose
    /// parent it has (a coder-specific subcode such as "0879") take the
    /// parent's values; codes outside CAMEO get nothing.
    pub fn of(code: &str) -> CodeFacts {
        match cameo().get_or_parent(code) {
            Some(c) => CodeFacts {
                root_code: Some(c.root.to_string()),
                quad_class: Some(c.quad_class),
                goldstein: Some(c.goldstein),
                plover: Some(c.plover.to_string()),
            },
            None => CodeFacts {
                root_code: None,
                quad_class: None,
                goldstein: None,
                plover: None,
            },
        }
    }
}

impl Event {
    /// Fills `root_code`, `quad_class`, `goldstein` and `plover` from `code`.
    pub fn fill_code_facts(&mut self) {
        let f = CodeFacts::of(&self.code);
        self.root_code = f.root_code;
        self.quad_class = f.quad_class;
        self.goldstein = f.goldstein;
        self.plover = f.plover;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_from_code() {
        let f = CodeFacts::of("072");
        assert_eq!(f.root_code.as_deref(), Some("07"));
        assert_eq!(f.quad_class, Some(QuadClass::MaterialCooperation));
        assert_eq!(f.plover.as_deref(), Some("AID"));
        let f = CodeFacts::of("903");
        assert_eq!(f.root_code, None);
        assert_eq!(f.goldstein, None);
    }

    #[test]
    fn span_slice_is_total() {
        let s = "North Korea sent troops";
        assert_eq!(Span::new(0, 11).slice(s), "North Korea");
        assert_eq!(Span::new(5, 500).slice(s), "");
        assert_eq!(Span::new(9, 3).slice(s), "");
    }
}
