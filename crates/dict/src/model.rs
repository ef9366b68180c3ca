//! The compiled dictionary model every dialect loads into.

use crate::code::{ActorCodes, AgentCode, EventCode};
use crate::options::CoderOptions;
use crate::pattern::{PatElem, Pattern, Synset, SynsetTable};
use crate::phrase::Phrase;
use crate::source::{Origin, SourceFile};

/// An actor entry: one or more phrases (head and `+` synonyms) sharing codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub phrases: Vec<Phrase>,
    pub codes: ActorCodes,
    pub origin: Origin,
}

/// An agent entry ("SOLDIERS" → `~MIL`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agent {
    pub phrase: Phrase,
    pub code: AgentCode,
    pub origin: Origin,
}

/// A verb set: a TABARI root with its forms, or a PETRARCH verb block. All
/// its forms share the code and the patterns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbSet {
    /// The root or block label ("RESTOR", "EXPLAIN_VERBAL").
    pub label: Box<str>,
    pub code: EventCode,
    /// Patterns in trial order (longest first, file order among equals).
    pub patterns: Vec<Pattern>,
    pub origin: Origin,
}

/// A word or phrase that is a verb of some set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbForm {
    pub phrase: Phrase,
    /// Index into [`Dictionaries::verb_sets`].
    pub set: u32,
    /// A code for this form only (PETRARCH `EXPRESS [0110]`), overriding the set's.
    pub code: Option<EventCode>,
    pub origin: Origin,
}

/// What a TABARI `<TIME>` phrase does to the event date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeShift {
    Days(i32),
    Null,
    Discard,
    Complex,
}

/// A TABARI time phrase ("YESTERDAY [-1]") with its patterns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimePhrase {
    pub phrase: Phrase,
    pub shift: TimeShift,
    pub patterns: Vec<(Pattern, TimeShift)>,
    pub origin: Origin,
}

/// A discard phrase: the sentence (or, for `+` entries, the whole story) is
/// not coded when it occurs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discard {
    pub phrase: Phrase,
    pub story: bool,
    pub origin: Origin,
}

/// An issue phrase and its code, or an ignore phrase (`~...`) that cancels issues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub phrase: Phrase,
    pub code: Box<str>,
    /// `~phrase` (sentence) or `~~phrase` (story): any hit cancels the issues.
    pub ignore: bool,
    pub origin: Origin,
}

/// A PETRARCH-2 transformation (`~ a (b . ATTACK) SAY = a b 112`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transformation {
    pub upper_source: Box<str>,
    pub lower_source: Box<str>,
    pub lower_target: Box<str>,
    pub lower_verb: Box<str>,
    pub upper_verb: Box<str>,
    pub out_source: Box<str>,
    pub out_target: Box<str>,
    pub out_code: Box<str>,
    pub origin: Origin,
}

/// A word class from a TABARI `<NOUN>` or `<ADJECTIVE>` list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WordClass {
    Noun,
    Adjective,
}

/// Everything loaded from one dictionary set.
#[derive(Debug, Clone, Default)]
pub struct Dictionaries {
    pub files: Vec<SourceFile>,
    pub actors: Vec<Actor>,
    pub agents: Vec<Agent>,
    pub verb_sets: Vec<VerbSet>,
    pub verb_forms: Vec<VerbForm>,
    pub words: Vec<(Phrase, WordClass, Origin)>,
    pub synsets: SynsetTable,
    pub times: Vec<TimePhrase>,
    pub discards: Vec<Discard>,
    pub issues: Vec<Issue>,
    pub transformations: Vec<Transformation>,
    pub options: CoderOptions,
    /// Event-code labels from `LABEL:` options lines.
    pub labels: Vec<(Box<str>, Box<str>)>,
}

impl Dictionaries {
    /// The synset with id `id`.
    pub fn synset(&self, id: u32) -> Option<&Synset> {
        self.synsets.synsets.get(id as usize)
    }

    /// A stable fingerprint of the dictionary set: the kinds and content hashes
    /// of its files, in load order. Two loads of the same files agree.
    pub fn fingerprint(&self) -> String {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for f in &self.files {
            for b in f.hash.to_le_bytes().iter().chain(f.kind.label().as_bytes()) {
                h ^= *b as u64;
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
        format!("{h:016x}")
    }

    /// `file:line` of an origin, for provenance.
    pub fn origin_label(&self, origin: Origin) -> String {
        match self.files.get(origin.file as usize) {
            Some(f) => format!("{}:{}", file_name(&f.path), origin.line),
            None => format!("?:{}", origin.line),
        }
    }

    /// Counts for reports.
    pub fn summary(&self) -> Summary {
        Summary {
            files: self.files.len(),
            actors: self.actors.len(),
            actor_phrases: self.actors.iter().map(|a| a.phrases.len()).sum(),
            agents: self.agents.len(),
            verb_sets: self.verb_sets.len(),
            verb_forms: self.verb_forms.len(),
            patterns: self.verb_sets.iter().map(|v| v.patterns.len()).sum(),
            synsets: self.synsets.synsets.len(),
            discards: self.discards.len(),
            issues: self.issues.len(),
            transformations: self.transformations.len(),
        }
    }

    /// Appends another set's entries (used to combine several files).
    pub(crate) fn file_index(&mut self, file: SourceFile) -> u32 {
        self.files.push(file);
        (self.files.len() - 1) as u32
    }

    /// Elements that name a synset member list, for pattern matching.
    pub fn synset_members(&self, id: u32) -> &[Vec<PatElem>] {
        self.synsets
            .synsets
            .get(id as usize)
            .map_or(&[], |s| &s.members)
    }
}

/// Entry counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub actors: usize,
    pub actor_phrases: usize,
    pub agents: usize,
    pub verb_sets: usize,
    pub verb_forms: usize,
    pub patterns: usize,
    pub synsets: usize,
    pub discards: usize,
    pub issues: usize,
    pub transformations: usize,
}

/// The file name part of a path, for compact provenance labels.
pub fn file_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
