//! The dyad event coder: raw news text in, who-did-what-to-whom events out.
//!
//! [`Coder`] compiles a dictionary set ([`dyad_dict::Dictionaries`]) into a
//! [`lexicon::Lexicon`] and codes text with a TABARI-style shallow parse
//! ([`parse`]), verb patterns ([`patterns`]) and default-actor rules
//! ([`coding`]). Every event carries its provenance: the sentence, byte spans
//! of source, target and verb, and the dictionary entry that fired.

pub mod coding;
pub mod document;
pub mod lexicon;
pub mod noun_phrases;
pub mod parse;
pub mod pattern_index;
pub mod patterns;
pub mod suite;

pub use coding::{RawEvent, SentenceCoding};
pub use document::{CodedDocument, DocumentError, MAX_SENTENCE_CHARS, SentenceOutcome};
pub use parse::{Forward, IssueHits, Problem};

use dyad_dict::{CoderOptions, Dictionaries};
use std::sync::Arc;

/// A compiled coder for one dictionary set. Cheap to share across threads.
#[derive(Debug, Clone)]
pub struct Coder {
    dict: Arc<Dictionaries>,
    lexicon: Arc<lexicon::Lexicon>,
}

impl Coder {
    /// Compiles `dict`.
    pub fn new(dict: Arc<Dictionaries>) -> Coder {
        let lexicon = Arc::new(lexicon::Lexicon::build(&dict));
        Coder { dict, lexicon }
    }

    pub fn dictionaries(&self) -> &Dictionaries {
        &self.dict
    }

    pub fn lexicon(&self) -> &lexicon::Lexicon {
        &self.lexicon
    }

    /// Codes one sentence (or one TABARI record) with `opts`.
    pub fn code_sentence(
        &self,
        text: &str,
        date: Option<chrono::NaiveDate>,
        opts: &CoderOptions,
        forward: Option<&Forward>,
    ) -> SentenceCoding {
        let p = parse::Parse::new(text, &self.dict, &self.lexicon, opts, date, forward);
        coding::code(&p, &self.dict, &self.lexicon, opts)
    }

    /// Parses without coding (for inspection and tests).
    pub fn parse(
        &self,
        text: &str,
        date: Option<chrono::NaiveDate>,
        opts: &CoderOptions,
    ) -> parse::Parse {
        parse::Parse::new(text, &self.dict, &self.lexicon, opts, date, None)
    }
}
