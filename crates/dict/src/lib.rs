//! Event-coding dictionaries in every dialect the field uses — TABARI,
//! PETRARCH-1, PETRARCH-2, and dyad's own — loaded into one model
//! ([`Dictionaries`]) that the coder compiles into matchers.
//!
//! - [`load`] reads a TABARI `.project`, a PETRARCH `.ini`, a directory or a
//!   single file; malformed entries are errors naming `file:line:column`
//!   (or, with [`LoadOptions::lenient`], skipped and counted).
//! - [`phrase`], [`pattern`] and [`code`] hold the shared pieces: phrases with
//!   connectors, verb patterns, event and actor codes with date restrictions.
//! - [`tabari`] and [`petrarch`] hold the dialect readers.
//! - [`lint`] checks a loaded set for duplicate, conflicting, unreachable
//!   and malformed entries.

pub mod code;
pub mod error;
pub mod lint;
pub mod load;
pub mod model;
pub mod options;
pub mod pattern;
pub mod petrarch;
pub mod phrase;
pub mod source;
pub mod tabari;

pub use code::{ActorCodes, AgentCode, DateRestriction, DateSemantics, DatedCode, EventCode};
pub use error::{DictError, EntryError, Warning};
pub use load::{BUNDLED_DIR, LoadOptions, LoadReport, bundled, kind_by_name, load, load_files};
pub use model::{
    Actor, Agent, Dictionaries, Discard, Issue, Summary, TimePhrase, TimeShift, VerbForm, VerbSet,
    WordClass,
};
pub use options::{CodeBy, CoderOptions, ParseStyle};
pub use pattern::{PatElem, Pattern, Synset};
pub use phrase::{PWord, Phrase, WordMode};
pub use source::{FileKind, Origin, SourceFile};
