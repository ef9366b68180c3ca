//! The dictionary lint: checks a loaded dictionary set for entries that are
//! repeated, that contradict each other, that can never apply, or whose codes
//! are not what the coder expects, and returns typed [`Finding`]s (each with a
//! file and line) for the caller to print.
//!
//! What each kind means and which entry wins is stated in terms of dyad's
//! coder: for the same phrase the earlier entry wins (actors, agents, TABARI
//! verbs); a PETRARCH verb listed in several blocks takes the patterns of every
//! block and the first non-null code; patterns are tried longest first, file
//! order among equals; dated actor codes resolve as [`ActorCodes::resolve`].
//!
//! Actor codes are *well formed* when they are `---`, `###` or `+++`, or when
//! they are upper-case letters and digits in whole three-character blocks
//! (`ISR`, `USAGOV`, `IGOUNOKID`), which is how CAMEO builds them and how the
//! coder appends agents and checks them at three-character offsets. The
//! loaders upper-case codes, so case is not checked; a `~` in an actor code
//! (an agent code in an actor file) is reported. Agent codes follow the same
//! rule without their `~`.

use crate::code::{AgentCode, DateRestriction, DateSemantics, DatedCode, EventCode};
use crate::error::EntryError;
use crate::load::LoadReport;
use crate::model::Dictionaries;
use crate::options::ParseStyle;
use crate::pattern::{PatElem, Pattern};
use crate::phrase::Phrase;
use crate::source::{FileKind, Origin};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

/// How serious a finding is. Errors make `dyad dictionaries check` fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// What a finding is about. The order is the order of reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// A malformed entry: skipped by a lenient load, or refusing a strict one.
    MalformedEntry,
    /// Something the loader reported about an entry it read anyway.
    LoadWarning,
    /// The same actor phrase in two entries with the same codes.
    DuplicateActor,
    /// The same actor phrase in two entries with different codes.
    ConflictingActor,
    /// The same agent phrase listed twice with the same code.
    DuplicateAgent,
    /// The same agent phrase with different codes, or an agent phrase that is
    /// also an actor phrase.
    ConflictingAgent,
    /// The same verb form listed twice where the repeat changes nothing.
    DuplicateVerb,
    /// The same verb form with different codes.
    ConflictingVerb,
    /// A pattern identical to an earlier one of its block, with the same code.
    DuplicatePattern,
    /// A pattern identical to an earlier one of its block, with another code:
    /// it is never used.
    ShadowedPattern,
    /// A pattern with an element that can never match.
    NeverMatches,
    /// Two dated codes of one actor that give different codes for the same day.
    OverlappingDates,
    /// A date range that holds on no day.
    EmptyDateRange,
    /// A dated or undated actor code that resolution never reaches.
    UnreachableCode,
    /// An event code that is not in dyad's CAMEO table.
    UnknownEventCode,
    /// An actor or agent code that is not made of three-character blocks.
    MalformedActorCode,
}

impl FindingKind {
    /// Every kind, in report order.
    pub const ALL: [FindingKind; 16] = [
        FindingKind::MalformedEntry,
        FindingKind::LoadWarning,
        FindingKind::DuplicateActor,
        FindingKind::ConflictingActor,
        FindingKind::DuplicateAgent,
        FindingKind::ConflictingAgent,
        FindingKind::DuplicateVerb,
        FindingKind::ConflictingVerb,
        FindingKind::DuplicatePattern,
        FindingKind::ShadowedPattern,
        FindingKind::NeverMatches,
        FindingKind::OverlappingDates,
        FindingKind::EmptyDateRange,
        FindingKind::UnreachableCode,
        FindingKind::UnknownEventCode,
        FindingKind::MalformedActorCode,
    ];

    /// The kind's name in reports (`duplicate-actor`).
    pub fn label(self) -> &'static str {
        match self {
            FindingKind::MalformedEntry => "malformed-entry",
            FindingKind::LoadWarning => "load-warning",
            FindingKind::DuplicateActor => "duplicate-actor",
            FindingKind::ConflictingActor => "conflicting-actor",
            FindingKind::DuplicateAgent => "duplicate-agent",
            FindingKind::ConflictingAgent => "conflicting-agent",
            FindingKind::DuplicateVerb => "duplicate-verb",
            FindingKind::ConflictingVerb => "conflicting-verb",
            FindingKind::DuplicatePattern => "duplicate-pattern",
            FindingKind::ShadowedPattern => "shadowed-pattern",
            FindingKind::NeverMatches => "never-matches",
            FindingKind::OverlappingDates => "overlapping-dates",
            FindingKind::EmptyDateRange => "empty-date-range",
            FindingKind::UnreachableCode => "unreachable-code",
            FindingKind::UnknownEventCode => "unknown-event-code",
            FindingKind::MalformedActorCode => "malformed-actor-code",
        }
    }
}

/// A place in a dictionary file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct Location {
    pub file: PathBuf,
    /// 1-based line; 0 when the finding is about the whole file.
    pub line: usize,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}", self.file.display(), self.line)
        } else {
            write!(f, "{}", self.file.display())
        }
    }
}

/// One problem found in a dictionary set.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    pub severity: Severity,
    /// Where the entry is.
    pub location: Location,
    pub message: String,
    /// The other entry involved (the earlier duplicate, the winning code).
    pub related: Option<Location>,
}

/// Findings from the entries a load rejected: skipped by a lenient load, or
/// the reason a strict load failed. An empty date range is reported as such.
pub fn malformed_entries(errors: &[EntryError]) -> Vec<Finding> {
    errors
        .iter()
        .map(|e| {
            let kind = if is_empty_range_message(&e.message) {
                FindingKind::EmptyDateRange
            } else {
                FindingKind::MalformedEntry
            };
            Finding {
                kind,
                severity: Severity::Error,
                location: Location {
                    file: e.file.clone(),
                    line: e.line,
                },
                message: format!("column {}: {}", e.column, e.message),
                related: None,
            }
        })
        .collect()
}

fn is_empty_range_message(m: &str) -> bool {
    m.contains("ends before it starts")
}

/// Checks a loaded dictionary set, with what its load reported. Findings are
/// sorted by kind, then file and line.
pub fn lint(dict: &Dictionaries, report: &LoadReport) -> Vec<Finding> {
    let mut l = Linter {
        dict,
        out: Vec::new(),
    };
    l.actors();
    l.agents();
    l.verbs();
    l.patterns();
    l.event_codes();
    l.actor_codes();
    l.dates();
    // the loader's own reports, less those a lint finding already covers
    let covered: HashSet<Location> = l
        .out
        .iter()
        .filter(|f| f.kind == FindingKind::NeverMatches)
        .map(|f| f.location.clone())
        .collect();
    let mut out = l.out;
    out.extend(malformed_entries(&report.skipped));
    for w in &report.warnings {
        let location = Location {
            file: w.file.clone(),
            line: w.line,
        };
        if w.message.contains("never match") && covered.contains(&location) {
            continue;
        }
        let (kind, severity) = if is_empty_range_message(&w.message) {
            (FindingKind::EmptyDateRange, Severity::Error)
        } else {
            (FindingKind::LoadWarning, Severity::Warning)
        };
        out.push(Finding {
            kind,
            severity,
            location,
            message: w.message.clone(),
            related: None,
        });
    }
    out.sort_by(|a, b| {
        (a.kind, &a.location.file, a.location.line).cmp(&(
            b.kind,
            &b.location.file,
            b.location.line,
        ))
    });
    out
}

/// Counts of findings by kind, and of errors and warnings.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct LintSummary {
    pub errors: usize,
    pub warnings: usize,
    /// Kind label → count, for kinds that occur.
    pub by_kind: BTreeMap<&'static str, usize>,
}

/// Summarizes findings.
pub fn summarize(findings: &[Finding]) -> LintSummary {
    let mut s = LintSummary::default();
    for f in findings {
        match f.severity {
            Severity::Error => s.errors += 1,
            Severity::Warning => s.warnings += 1,
        }
        *s.by_kind.entry(f.kind.label()).or_default() += 1;
    }
    s
}

struct Linter<'a> {
    dict: &'a Dictionaries,
    out: Vec<Finding>,
}

/// Findings about pairs of entries, gathered so that an entry that repeats
/// another in several phrases (synonyms, generated forms) is reported once.
type PairGroups = BTreeMap<(OKey, OKey), Vec<String>>;

/// An [`Origin`] as a sortable key (file, line).
type OKey = (u32, u32);

fn okey(o: Origin) -> OKey {
    (o.file, o.line)
}

fn origin(k: OKey) -> Origin {
    Origin {
        file: k.0,
        line: k.1,
    }
}

impl Linter<'_> {
    fn loc(&self, origin: Origin) -> Location {
        Location {
            file: self
                .dict
                .files
                .get(origin.file as usize)
                .map_or_else(|| PathBuf::from("?"), |f| f.path.clone()),
            line: origin.line as usize,
        }
    }

    /// `file:line` of an origin, as written in messages.
    fn at(&self, origin: Origin) -> String {
        self.loc(origin).to_string()
    }

    fn push(
        &mut self,
        kind: FindingKind,
        severity: Severity,
        origin: Origin,
        message: String,
        related: Option<Origin>,
    ) {
        let location = self.loc(origin);
        let related = related.map(|r| self.loc(r));
        self.out.push(Finding {
            kind,
            severity,
            location,
            message,
            related,
        });
    }

    fn actors(&mut self) {
        let d = self.dict;
        let mut first: HashMap<&Phrase, usize> = HashMap::new();
        // (later entry, earlier entry) → phrases they share
        let mut pairs: BTreeMap<(usize, usize), Vec<String>> = BTreeMap::new();
        for (i, a) in d.actors.iter().enumerate() {
            for p in &a.phrases {
                match first.get(p) {
                    // spellings of one entry that normalize alike (TÜRKIYE and
                    // TURKIYE, KIM_JONG-UN and KIM_JONG_UN) are how the actor
                    // formats list variants, and change nothing: not reported
                    Some(&j) if j == i => {}
                    Some(&j) => pairs.entry((i, j)).or_default().push(phrase_text(p)),
                    None => {
                        first.insert(p, i);
                    }
                }
            }
        }
        for ((i, j), phrases) in pairs {
            let (here, there) = (&d.actors[i], &d.actors[j]);
            let what = format!(
                "actor {} {}",
                plural("phrase", &phrases),
                phrases.join(", ")
            );
            let is = if phrases.len() == 1 { "is" } else { "are" };
            let mine = actor_codes_text(&here.codes.blocks);
            if here.codes == there.codes {
                self.push(
                    FindingKind::DuplicateActor,
                    Severity::Warning,
                    here.origin,
                    format!(
                        "{what} {is} already listed at {} with the same codes {mine}",
                        self.at(there.origin)
                    ),
                    Some(there.origin),
                );
            } else {
                let theirs = actor_codes_text(&there.codes.blocks);
                self.push(
                    FindingKind::ConflictingActor,
                    Severity::Error,
                    here.origin,
                    format!(
                        "{what} {is} coded {mine} here but {theirs} at {}; the coder uses the earlier entry (earlier entries win), so {mine} never applies to {}",
                        self.at(there.origin),
                        if phrases.len() == 1 { "it" } else { "them" }
                    ),
                    Some(there.origin),
                );
            }
        }
    }

    fn agents(&mut self) {
        let d = self.dict;
        let mut first: HashMap<&Phrase, usize> = HashMap::new();
        let mut same: PairGroups = BTreeMap::new();
        let mut differ: BTreeMap<(OKey, OKey), (String, String, Vec<String>)> = BTreeMap::new();
        for (i, a) in d.agents.iter().enumerate() {
            let Some(&j) = first.get(&a.phrase) else {
                first.insert(&a.phrase, i);
                continue;
            };
            let earlier = &d.agents[j];
            let key = (okey(a.origin), okey(earlier.origin));
            if earlier.code == a.code {
                same.entry(key).or_default().push(phrase_text(&a.phrase));
            } else {
                differ
                    .entry(key)
                    .or_insert_with(|| (agent_text(&a.code), agent_text(&earlier.code), Vec::new()))
                    .2
                    .push(phrase_text(&a.phrase));
            }
        }
        for ((here, there), phrases) in same {
            let (here, there) = (origin(here), origin(there));
            self.push(
                FindingKind::DuplicateAgent,
                Severity::Warning,
                here,
                format!(
                    "agent {} {} repeat{} the entry at {} with the same code",
                    plural("phrase", &phrases),
                    phrases.join(", "),
                    if phrases.len() == 1 { "s" } else { "" },
                    self.at(there)
                ),
                Some(there),
            );
        }
        for ((here, there), (mine, theirs, phrases)) in differ {
            let (here, there) = (origin(here), origin(there));
            self.push(
                FindingKind::ConflictingAgent,
                Severity::Error,
                here,
                format!(
                    "agent {} {} coded [{mine}] here but [{theirs}] at {}; the coder uses the earlier entry (earlier entries win), so [{mine}] never applies",
                    plural("phrase", &phrases),
                    phrases.join(", "),
                    self.at(there),
                ),
                Some(there),
            );
        }
        // an agent phrase that is also an actor phrase: the actor wins
        let mut actor_of: HashMap<&Phrase, Origin> = HashMap::new();
        for a in &d.actors {
            for p in &a.phrases {
                actor_of.entry(p).or_insert(a.origin);
            }
        }
        let mut shadowed: PairGroups = BTreeMap::new();
        for a in &d.agents {
            if let Some(&actor) = actor_of.get(&a.phrase) {
                shadowed
                    .entry((okey(a.origin), okey(actor)))
                    .or_default()
                    .push(phrase_text(&a.phrase));
            }
        }
        for ((here, there), phrases) in shadowed {
            let (here, there) = (origin(here), origin(there));
            self.push(
                FindingKind::ConflictingAgent,
                Severity::Warning,
                here,
                format!(
                    "agent {} {} {} also an actor phrase at {}; where both match the same words the actor wins, so the agent never applies there",
                    plural("phrase", &phrases),
                    phrases.join(", "),
                    if phrases.len() == 1 { "is" } else { "are" },
                    self.at(there)
                ),
                Some(there),
            );
        }
    }

    fn verbs(&mut self) {
        let d = self.dict;
        let tabari = d.options.style == ParseStyle::Tabari;
        let code_of = |f: usize| -> &EventCode {
            let vf = &d.verb_forms[f];
            vf.code
                .as_ref()
                .unwrap_or(&d.verb_sets[vf.set as usize].code)
        };
        let mut groups: HashMap<&Phrase, Vec<usize>> = HashMap::new();
        let mut order: Vec<&Phrase> = Vec::new();
        for (i, f) in d.verb_forms.iter().enumerate() {
            let g = groups.entry(&f.phrase).or_default();
            if g.is_empty() {
                order.push(&f.phrase);
            }
            g.push(i);
        }
        // (kind, here, there) → (message tail, forms)
        type Key = (FindingKind, OKey, OKey);
        let mut found: BTreeMap<Key, (String, Vec<String>)> = BTreeMap::new();
        for phrase in order {
            let forms = &groups[phrase];
            if forms.len() < 2 {
                continue;
            }
            // the entry whose code applies when no pattern matches: TABARI
            // keeps the first entry, PETRARCH the first whose code is not null
            let used = if tabari {
                forms[0]
            } else {
                forms
                    .iter()
                    .copied()
                    .find(|&g| !code_of(g).is_null())
                    .unwrap_or(forms[0])
            };
            let used_code = code_of(used).display();
            for (k, &g) in forms.iter().enumerate().skip(1) {
                let vf = &d.verb_forms[g];
                let set = &d.verb_sets[vf.set as usize];
                let mine = code_of(g);
                let same_block = forms[..k]
                    .iter()
                    .copied()
                    .find(|&e| d.verb_forms[e].set == vf.set);
                let finding = if let Some(e) = same_block {
                    let theirs = code_of(e);
                    if mine == theirs {
                        Some((
                            FindingKind::DuplicateVerb,
                            e,
                            format!("listed twice in block {}", set.label),
                        ))
                    } else {
                        Some((
                            FindingKind::ConflictingVerb,
                            e,
                            format!(
                                "listed twice in block {} with codes [{}] and [{}]; without a pattern the coder uses [{used_code}]",
                                set.label,
                                theirs.display(),
                                mine.display()
                            ),
                        ))
                    }
                } else if tabari {
                    let first = &d.verb_forms[forms[0]];
                    let other = &d.verb_sets[first.set as usize];
                    let unused = if set.patterns.is_empty() {
                        String::new()
                    } else {
                        format!(
                            ", and {} of {} {} never tried for it",
                            if set.patterns.len() == 1 {
                                "the pattern".to_string()
                            } else {
                                format!("the {} patterns", set.patterns.len())
                            },
                            set.label,
                            if set.patterns.len() == 1 { "is" } else { "are" }
                        )
                    };
                    if *mine == *code_of(forms[0]) {
                        Some((
                            FindingKind::DuplicateVerb,
                            forms[0],
                            format!(
                                "also listed under {} at {} with the same code [{used_code}]; the coder uses the earlier entry{unused}",
                                other.label,
                                self.at(first.origin),
                            ),
                        ))
                    } else {
                        Some((
                            FindingKind::ConflictingVerb,
                            forms[0],
                            format!(
                                "coded [{}] under {} here but [{used_code}] under {} at {}; the coder uses the earlier entry, so [{}] never applies{unused}",
                                mine.display(),
                                set.label,
                                other.label,
                                self.at(first.origin),
                                mine.display()
                            ),
                        ))
                    }
                } else if g != used && !mine.is_null() && mine != code_of(used) {
                    let winner = &d.verb_forms[used];
                    let other = &d.verb_sets[winner.set as usize];
                    Some((
                        FindingKind::ConflictingVerb,
                        used,
                        format!(
                            "coded [{}] in block {} here but [{used_code}] in block {} at {}; when no pattern matches the coder uses [{used_code}] (the first entry whose code is not null), so [{}] never applies (this block's patterns are still tried, after those of {})",
                            mine.display(),
                            set.label,
                            other.label,
                            self.at(winner.origin),
                            mine.display(),
                            other.label
                        ),
                    ))
                } else {
                    // PETRARCH merges the blocks: another listing adds patterns
                    None
                };
                if let Some((kind, reference, tail)) = finding {
                    let there = d.verb_forms[reference].origin;
                    found
                        .entry((kind, okey(vf.origin), okey(there)))
                        .or_insert_with(|| (tail, Vec::new()))
                        .1
                        .push(phrase_text(phrase));
                }
            }
        }
        for ((kind, here, there), (tail, forms)) in found {
            let (here, there) = (origin(here), origin(there));
            let severity = if kind == FindingKind::ConflictingVerb {
                Severity::Error
            } else {
                Severity::Warning
            };
            let mut forms = forms;
            forms.dedup();
            self.push(
                kind,
                severity,
                here,
                format!(
                    "verb {} {} {} {tail}",
                    plural("form", &forms),
                    forms.join(", "),
                    if forms.len() == 1 { "is" } else { "are" }
                ),
                Some(there),
            );
        }
    }

    fn patterns(&mut self) {
        let d = self.dict;
        for set in &d.verb_sets {
            let mut seen: HashMap<(&[PatElem], &[PatElem], bool), usize> = HashMap::new();
            for (k, pat) in set.patterns.iter().enumerate() {
                if let Some(why) = self.never_reason(pat) {
                    self.push(
                        FindingKind::NeverMatches,
                        Severity::Warning,
                        pat.origin,
                        format!("pattern {} can never match: {why}", pat_text(pat)),
                        None,
                    );
                    continue;
                }
                let key = (
                    pat.before.as_slice(),
                    pat.after.as_slice(),
                    pat.verb_adjacent_next,
                );
                let Some(&j) = seen.get(&key) else {
                    seen.insert(key, k);
                    continue;
                };
                let earlier = &set.patterns[j];
                if earlier.code == pat.code {
                    self.push(
                        FindingKind::DuplicatePattern,
                        Severity::Warning,
                        pat.origin,
                        format!(
                            "pattern {} in block {} repeats {} at {} with the same code",
                            pat_text(pat),
                            set.label,
                            pat_text(earlier),
                            self.at(earlier.origin)
                        ),
                        Some(earlier.origin),
                    );
                } else {
                    self.push(
                        FindingKind::ShadowedPattern,
                        Severity::Error,
                        pat.origin,
                        format!(
                            "pattern {} [{}] in block {} is never used: the identical pattern {} [{}] at {} is tried first",
                            pat_text(pat),
                            pat.code.display(),
                            set.label,
                            pat_text(earlier),
                            earlier.code.display(),
                            self.at(earlier.origin)
                        ),
                        Some(earlier.origin),
                    );
                }
            }
        }
    }

    /// Why a pattern can never match, if it cannot.
    fn never_reason(&self, pat: &Pattern) -> Option<String> {
        let d = self.dict;
        let elems = || pat.before.iter().chain(pat.after.iter());
        if pat.can_never_match() {
            let p2 = d
                .files
                .get(pat.origin.file as usize)
                .is_some_and(|f| f.kind == FileKind::Petrarch2Verbs);
            // synset names: PETRARCH-2 takes the whole token, the others stop at `_`
            let mut undefined = Vec::new();
            let separators =
                |c: char| c.is_whitespace() || matches!(c, '(' | ')' | '{' | '}' | '|');
            for word in pat.text.split(separators) {
                let Some(at) = word.find('&') else {
                    continue;
                };
                let name: String = word[at + 1..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '\'' || (p2 && *c == '_'))
                    .collect();
                let name = name.trim_end_matches('_');
                // a PETRARCH-2 `&` inside a word is a literal word, not a synset
                if p2 && at > 0 {
                    continue;
                }
                if !name.is_empty() && d.synsets.get(name).is_none() {
                    undefined.push(format!("&{name}"));
                }
            }
            if !undefined.is_empty() {
                return Some(format!(
                    "{} {} not defined",
                    undefined.join(", "),
                    if undefined.len() == 1 { "is" } else { "are" }
                ));
            }
            if p2 {
                return Some("PETRARCH-2 reads $, + and % as literal words".into());
            }
            return Some("an element can never match".into());
        }
        let mut empty = Vec::new();
        for e in elems() {
            self.empty_synsets(e, &mut empty, 0);
        }
        if !empty.is_empty() && elems().any(|e| self.elem_never(e, 0)) {
            empty.sort();
            empty.dedup();
            return Some(format!(
                "{} {} no members",
                empty.join(", "),
                if empty.len() == 1 { "has" } else { "have" }
            ));
        }
        None
    }

    /// True when an element can never match, following synsets.
    fn elem_never(&self, e: &PatElem, depth: usize) -> bool {
        if depth > 8 {
            return false;
        }
        match e {
            PatElem::Never { .. } => true,
            PatElem::Synset { id, .. } => {
                let members = self.dict.synset_members(*id);
                members
                    .iter()
                    .all(|m| m.iter().any(|x| self.elem_never(x, depth + 1)))
            }
            PatElem::Alternatives { options, .. } => options
                .iter()
                .all(|o| o.iter().any(|x| self.elem_never(x, depth + 1))),
            _ => false,
        }
    }

    fn empty_synsets(&self, e: &PatElem, out: &mut Vec<String>, depth: usize) {
        if depth > 8 {
            return;
        }
        match e {
            PatElem::Synset { id, .. } => {
                let members = self.dict.synset_members(*id);
                if members.is_empty() {
                    if let Some(s) = self.dict.synset(*id) {
                        out.push(format!("&{}", s.name));
                    }
                } else {
                    for x in members.iter().flatten() {
                        self.empty_synsets(x, out, depth + 1);
                    }
                }
            }
            PatElem::Alternatives { options, .. } => {
                for x in options.iter().flatten() {
                    self.empty_synsets(x, out, depth + 1);
                }
            }
            _ => {}
        }
    }

    fn event_codes(&mut self) {
        let d = self.dict;
        let mut seen: HashSet<(Origin, String)> = HashSet::new();
        let mut check = |l: &mut Self, origin: Origin, code: &EventCode, what: String| {
            let EventCode::Event {
                primary, paired, ..
            } = code
            else {
                return;
            };
            for c in [primary, paired].into_iter().flatten() {
                if dyad_model::lookup(c).is_some() || !seen.insert((origin, c.to_string())) {
                    continue;
                }
                l.push(
                    FindingKind::UnknownEventCode,
                    Severity::Error,
                    origin,
                    format!("event code {c} ({what}) {}", unknown_code_note(c)),
                    None,
                );
            }
        };
        for set in &d.verb_sets {
            check(self, set.origin, &set.code, format!("block {}", set.label));
            for pat in &set.patterns {
                check(
                    self,
                    pat.origin,
                    &pat.code,
                    format!("pattern {}", pat_text(pat)),
                );
            }
        }
        for f in &d.verb_forms {
            if let Some(c) = &f.code {
                check(
                    self,
                    f.origin,
                    c,
                    format!("verb {}", phrase_text(&f.phrase)),
                );
            }
        }
        for t in &d.transformations {
            let c = t.out_code.as_ref();
            if c.chars().all(|ch| ch.is_ascii_digit())
                && dyad_model::lookup(c).is_none()
                && seen.insert((t.origin, c.to_string()))
            {
                self.push(
                    FindingKind::UnknownEventCode,
                    Severity::Error,
                    t.origin,
                    format!(
                        "event code {c} (transformation result) {}",
                        unknown_code_note(c)
                    ),
                    None,
                );
            }
        }
    }

    fn actor_codes(&mut self) {
        let d = self.dict;
        let mut seen: HashSet<(Origin, &str)> = HashSet::new();
        for a in &d.actors {
            for b in &a.codes.blocks {
                for c in &b.codes {
                    if let Some(why) = actor_code_problem(c)
                        && seen.insert((a.origin, c.as_ref()))
                    {
                        self.push(
                            FindingKind::MalformedActorCode,
                            Severity::Warning,
                            a.origin,
                            format!(
                                "actor code {c} of {} {why}",
                                a.phrases.first().map(phrase_text).unwrap_or_default()
                            ),
                            None,
                        );
                    }
                }
            }
        }
        for a in &d.agents {
            if let Some(why) = actor_code_problem(&a.code.code)
                && seen.insert((a.origin, a.code.code.as_ref()))
            {
                self.push(
                    FindingKind::MalformedActorCode,
                    Severity::Warning,
                    a.origin,
                    format!(
                        "agent code [{}] of {} {why}",
                        agent_text(&a.code),
                        phrase_text(&a.phrase)
                    ),
                    None,
                );
            }
        }
    }

    fn dates(&mut self) {
        let d = self.dict;
        for a in &d.actors {
            let sem = a.codes.semantics;
            let blocks = &a.codes.blocks;
            let name = a.phrases.first().map(phrase_text).unwrap_or_default();
            // empty ranges
            let spans: Vec<Option<Span>> = blocks
                .iter()
                .map(|b| b.restriction.map(|r| span(r, sem)))
                .collect();
            for (b, s) in blocks.iter().zip(&spans) {
                if s.is_some_and(|s| s.is_empty()) {
                    self.push(
                        FindingKind::EmptyDateRange,
                        Severity::Error,
                        a.origin,
                        format!(
                            "{} of {name} holds on no day{}",
                            block_text(b),
                            if sem == DateSemantics::Petrarch2 {
                                " (PETRARCH-2 ranges end the day before their end date)"
                            } else {
                                ""
                            }
                        ),
                        None,
                    );
                }
            }
            // blocks resolution never reaches
            let mut reachable = vec![true; blocks.len()];
            match sem {
                DateSemantics::Tabari | DateSemantics::Petrarch2 => {
                    if let Some(u) = blocks.iter().position(|b| b.restriction.is_none()) {
                        for (k, b) in blocks.iter().enumerate().skip(u + 1) {
                            reachable[k] = false;
                            if b.codes == blocks[u].codes {
                                continue;
                            }
                            self.push(
                                FindingKind::UnreachableCode,
                                Severity::Warning,
                                a.origin,
                                format!(
                                    "{} of {name} is never used: the undated {} listed before it wins whenever it is reached (the default must come last)",
                                    block_text(b),
                                    block_text(&blocks[u])
                                ),
                                None,
                            );
                        }
                    }
                }
                DateSemantics::Petrarch1 => {
                    if let Some(last) = blocks.iter().rposition(|b| b.restriction.is_none()) {
                        for (k, b) in blocks.iter().enumerate().take(last) {
                            if b.restriction.is_some() {
                                continue;
                            }
                            reachable[k] = false;
                            if b.codes == blocks[last].codes {
                                continue;
                            }
                            self.push(
                                FindingKind::UnreachableCode,
                                Severity::Warning,
                                a.origin,
                                format!(
                                    "undated {} of {name} is never used: when no dated code holds, the last undated code ({}) is used",
                                    block_text(b),
                                    block_text(&blocks[last])
                                ),
                                None,
                            );
                        }
                    }
                }
            }
            // dated blocks that overlap an earlier one with other codes
            for j in 0..blocks.len() {
                let Some(sj) = spans[j].filter(|s| !s.is_empty()) else {
                    continue;
                };
                if !reachable[j] {
                    continue;
                }
                let overlapping: Vec<(usize, Span)> = (0..j)
                    .filter(|&i| reachable[i])
                    .filter_map(|i| {
                        let si = spans[i].filter(|s| !s.is_empty())?;
                        si.intersect(sj).map(|common| (i, common))
                    })
                    .collect();
                let Some(&(i, common)) = overlapping
                    .iter()
                    .find(|(i, _)| blocks[*i].codes != blocks[j].codes)
                else {
                    continue;
                };
                let all: Vec<Span> = overlapping.iter().map(|(_, s)| *s).collect();
                let message = if covered(sj, &all) {
                    (
                        FindingKind::UnreachableCode,
                        format!(
                            "{} of {name} is never used: the dated codes listed before it cover every day of it",
                            block_text(&blocks[j])
                        ),
                    )
                } else {
                    (
                        FindingKind::OverlappingDates,
                        format!(
                            "{} and {} of {name} both hold {}{}; the coder uses {} (listed first)",
                            block_text(&blocks[i]),
                            block_text(&blocks[j]),
                            common.describe(),
                            if spans[i].is_some_and(|si| shared_end(si, sj)) {
                                " (the day one range ends and the other starts: both ends of a range are included)"
                            } else {
                                ""
                            },
                            block_text(&blocks[i])
                        ),
                    )
                };
                self.push(message.0, Severity::Warning, a.origin, message.1, None);
            }
        }
    }
}

/// The days a restriction holds on, both ends inclusive (`None`: unbounded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

impl Span {
    fn is_empty(&self) -> bool {
        matches!((self.from, self.to), (Some(a), Some(b)) if a > b)
    }

    fn intersect(self, other: Span) -> Option<Span> {
        let from = match (self.from, other.from) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        let to = match (self.to, other.to) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let s = Span { from, to };
        (!s.is_empty()).then_some(s)
    }

    fn describe(&self) -> String {
        match (self.from, self.to) {
            (Some(a), Some(b)) if a == b => format!("on {a}"),
            (Some(a), Some(b)) => format!("from {a} to {b}"),
            (Some(a), None) => format!("from {a} on"),
            (None, Some(b)) => format!("up to {b}"),
            (None, None) => "on every day".into(),
        }
    }
}

/// The days `r` holds on under `sem` (formats.md §7).
fn span(r: DateRestriction, sem: DateSemantics) -> Span {
    let pred = |d: NaiveDate| d.pred_opt().unwrap_or(d);
    let succ = |d: NaiveDate| d.succ_opt().unwrap_or(d);
    match (r, sem) {
        (DateRestriction::Before(d), DateSemantics::Petrarch1) => Span {
            from: None,
            to: Some(d),
        },
        (DateRestriction::Before(d), _) => Span {
            from: None,
            to: Some(pred(d)),
        },
        (DateRestriction::After(d), DateSemantics::Tabari) => Span {
            from: Some(succ(d)),
            to: None,
        },
        (DateRestriction::After(d), _) => Span {
            from: Some(d),
            to: None,
        },
        (DateRestriction::Between(a, b), DateSemantics::Petrarch2) => Span {
            from: Some(a),
            // half-open: a range whose ends are equal holds on no day
            to: if a == b { a.pred_opt() } else { Some(pred(b)) },
        },
        (DateRestriction::Between(a, b), _) => Span {
            from: Some(a),
            to: Some(b),
        },
    }
}

/// True when two spans share exactly one day, the last of one and the first
/// of the other.
fn shared_end(a: Span, b: Span) -> bool {
    let touch = |x: Span, y: Span| x.to.is_some() && x.to == y.from;
    touch(a, b) || touch(b, a)
}

/// True when every day of `s` is in one of `spans`.
fn covered(s: Span, spans: &[Span]) -> bool {
    let mut spans: Vec<Span> = spans.iter().filter_map(|x| x.intersect(s)).collect();
    spans.sort_by_key(|x| x.from);
    // walk from the start of `s`, extending while the spans join up
    let mut reached: Option<Option<NaiveDate>> = None; // Some(None): up to the end of time
    for x in spans {
        let starts_ok = match (reached, x.from, s.from) {
            (None, from, start) => from == start,
            (Some(None), _, _) => true,
            (Some(Some(r)), Some(f), _) => f <= r.succ_opt().unwrap_or(r),
            (Some(Some(_)), None, _) => true,
        };
        if !starts_ok {
            return false;
        }
        reached = Some(match (reached, x.to) {
            (Some(None), _) | (_, None) => None,
            (Some(Some(r)), Some(t)) => Some(r.max(t)),
            (None, Some(t)) => Some(t),
        });
    }
    match (reached, s.to) {
        (None, _) => false,
        (Some(None), _) => true,
        (Some(Some(_)), None) => false,
        (Some(Some(r)), Some(t)) => r >= t,
    }
}

/// Why an actor code is not well formed (see the module doc), if it is not.
fn actor_code_problem(code: &str) -> Option<String> {
    if matches!(code, "---" | "###" | "+++") {
        return None;
    }
    let body = code;
    if body.is_empty() {
        return Some("is empty".into());
    }
    if let Some(c) = body
        .chars()
        .find(|c| !(c.is_ascii_uppercase() || c.is_ascii_digit()))
    {
        return Some(format!(
            "contains {c:?}: codes are upper-case letters and digits"
        ));
    }
    if body.len() % 3 != 0 {
        return Some(format!(
            "has {} characters: codes are three-character blocks (ISR, USAGOV)",
            body.len()
        ));
    }
    None
}

fn unknown_code_note(code: &str) -> String {
    let known = dyad_model::cameo().get_or_parent(code);
    match known {
        Some(k) if code.chars().all(|c| c.is_ascii_digit()) => format!(
            "is not in dyad's CAMEO table (its nearest more general code is {}, {})",
            k.code, k.name
        ),
        _ => "is not in dyad's CAMEO table".into(),
    }
}

fn phrase_text(p: &Phrase) -> String {
    p.display().replace('=', "")
}

fn pat_text(p: &Pattern) -> String {
    // the pattern as written, without its code
    let t = p.text.as_ref();
    let t = match t.rfind('[') {
        Some(i) => &t[..i],
        None => t,
    };
    format!("'{}'", t.trim())
}

fn agent_text(c: &AgentCode) -> String {
    if c.prefix {
        format!("{}~", c.code)
    } else {
        format!("~{}", c.code)
    }
}

fn block_text(b: &DatedCode) -> String {
    let codes = b
        .codes
        .iter()
        .map(|c| c.as_ref())
        .collect::<Vec<_>>()
        .join("/");
    match b.restriction {
        None => format!("[{codes}]"),
        Some(DateRestriction::Before(d)) => format!("[{codes} <{d}]"),
        Some(DateRestriction::After(d)) => format!("[{codes} >{d}]"),
        Some(DateRestriction::Between(a, z)) => format!("[{codes} {a}-{z}]"),
    }
}

fn actor_codes_text(blocks: &[DatedCode]) -> String {
    blocks.iter().map(block_text).collect::<Vec<_>>().join(" ")
}

fn plural(word: &str, items: &[String]) -> String {
    if items.len() == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::{ActorCodes, DatedCode};
    use crate::load::{LoadOptions, load_files};
    use crate::model::Actor;
    use crate::options::CoderOptions;
    use crate::source::SourceFile;

    /// Loads inline files and lints them.
    fn check(files: &[(&str, FileKind, &str)], lenient: bool) -> Vec<Finding> {
        let tabari = files.iter().any(|(_, k, _)| {
            matches!(
                k,
                FileKind::TabariVerbs | FileKind::TabariActors | FileKind::TabariAgents
            )
        });
        let base = if tabari {
            CoderOptions::tabari()
        } else {
            CoderOptions {
                style: ParseStyle::Petrarch,
                ..CoderOptions::default()
            }
        };
        let files = files
            .iter()
            .map(|(n, k, t)| (PathBuf::from(n), *k, t.as_bytes().to_vec()))
            .collect();
        let (d, r) = load_files(files, base, LoadOptions { lenient }).expect("the files load");
        lint(&d, &r)
    }

    /// (line, related line, severity) of the findings of one kind.
    fn of(findings: &[Finding], kind: FindingKind) -> Vec<(usize, Option<usize>, Severity)> {
        findings
            .iter()
            .filter(|f| f.kind == kind)
            .map(|f| {
                (
                    f.location.line,
                    f.related.as_ref().map(|r| r.line),
                    f.severity,
                )
            })
            .collect()
    }

    fn message(findings: &[Finding], kind: FindingKind) -> String {
        findings
            .iter()
            .filter(|f| f.kind == kind)
            .map(|f| format!("{}: {}", f.location, f.message))
            .collect::<Vec<_>>()
            .join("\n")
    }

    use Severity::{Error, Warning};

    #[test]
    fn duplicate_and_conflicting_actors() {
        let f = check(
            &[(
                "a.actors.txt",
                FileKind::PetrarchActors,
                "ISRAEL [ISR]\nISRAEL [ISR]\nGAZA [PSE]\nGAZA_STRIP [PSE]\n+GAZA\nHAITI [HTI]\n+HAITI\nTURKIYE [TUR]\n+T\u{dc}RKIYE\n+KIM_JONG-UN\n+KIM_JONG_UN\n",
            )],
            false,
        );
        // spellings of one entry that normalize alike are not reported
        assert_eq!(
            of(&f, FindingKind::DuplicateActor),
            [(2, Some(1), Warning), (4, Some(3), Warning)]
        );
        assert_eq!(of(&f, FindingKind::ConflictingActor), []);
        let f = check(
            &[(
                "a.actors.txt",
                FileKind::PetrarchActors,
                "GAZA [PSE]\nISRAEL [ISR]\n+GAZA\n",
            )],
            false,
        );
        assert_eq!(of(&f, FindingKind::ConflictingActor), [(2, Some(1), Error)]);
        let m = message(&f, FindingKind::ConflictingActor);
        assert!(m.contains("GAZA") && m.contains("a.actors.txt:1"), "{m}");
        assert!(m.contains("earlier entr"), "{m}");
    }

    #[test]
    fn duplicate_and_conflicting_agents() {
        let f = check(
            &[
                ("a.actors.txt", FileKind::PetrarchActors, "HAMAS [PSEHMS]\n"),
                (
                    "g.agents.txt",
                    FileKind::PetrarchAgents,
                    "SOLDIER [~MIL]\nSOLDIER [~MIL]\nPOLICE {} [~COP]\nPOLICE {} [~MIL]\nHAMAS {} [~REB]\n",
                ),
            ],
            false,
        );
        assert_eq!(of(&f, FindingKind::DuplicateAgent), [(2, Some(1), Warning)]);
        assert!(message(&f, FindingKind::DuplicateAgent).contains("SOLDIER, SOLDIERS"));
        assert_eq!(
            of(&f, FindingKind::ConflictingAgent),
            [(4, Some(3), Error), (5, Some(1), Warning)]
        );
        let m = message(&f, FindingKind::ConflictingAgent);
        assert!(m.contains("[~MIL] never applies"), "{m}");
        assert!(m.contains("also an actor phrase at a.actors.txt:1"), "{m}");
    }

    const P1_VERBS: &str = "&EMPTY\n\
--- ATTACK [190] ---\n\
ATTACK\n\
ATTACK\n\
- * CITY [190]\n\
- * CITY [190]\n\
- * TOWN [190]\n\
- * TOWN [193]\n\
- * &NOPE [190]\n\
- * &EMPTY [190]\n\
- * BASE [042:999]\n\
--- PRAISE [051] ---\n\
HAIL\n\
--- WEATHER [---] ---\n\
HAIL\n\
--- GREET [050] ---\n\
HAIL\n\
--- BAD [999] ---\n\
FOO [0110]\n";

    #[test]
    fn petrarch_verbs_and_patterns() {
        let f = check(&[("v.verbs.txt", FileKind::PetrarchVerbs, P1_VERBS)], false);
        // ATTACK and its regular forms, listed twice in one block
        assert_eq!(of(&f, FindingKind::DuplicateVerb), [(4, Some(3), Warning)]);
        assert!(message(&f, FindingKind::DuplicateVerb).contains("ATTACK, ATTACKS"));
        // HAIL: PRAISE's 051 wins over GREET's 050; WEATHER's null adds patterns only
        assert_eq!(
            of(&f, FindingKind::ConflictingVerb),
            [(17, Some(13), Error)]
        );
        let m = message(&f, FindingKind::ConflictingVerb);
        assert!(
            m.contains("[050] never applies") && m.contains("[051]"),
            "{m}"
        );
        assert_eq!(
            of(&f, FindingKind::DuplicatePattern),
            [(6, Some(5), Warning)]
        );
        assert_eq!(of(&f, FindingKind::ShadowedPattern), [(8, Some(7), Error)]);
        assert!(message(&f, FindingKind::ShadowedPattern).contains("[193]"));
        assert_eq!(
            of(&f, FindingKind::NeverMatches),
            [(9, None, Warning), (10, None, Warning)]
        );
        let m = message(&f, FindingKind::NeverMatches);
        assert!(m.contains("&NOPE is not defined"), "{m}");
        assert!(m.contains("&EMPTY has no members"), "{m}");
        // the loader's own "can never match" warning is not repeated
        assert!(
            !message(&f, FindingKind::LoadWarning).contains(":9:"),
            "{}",
            message(&f, FindingKind::LoadWarning)
        );
        // paired codes are checked on both sides; a code is reported once a line
        assert_eq!(
            of(&f, FindingKind::UnknownEventCode),
            [(11, None, Error), (18, None, Error), (19, None, Error)]
        );
        let m = message(&f, FindingKind::UnknownEventCode);
        assert!(
            m.contains("event code 999") && m.contains("event code 0110"),
            "{m}"
        );
        assert!(m.contains("nearest more general code is 011"), "{m}");
    }

    #[test]
    fn tabari_verbs_keep_the_first_root() {
        let f = check(
            &[(
                "t.verbs",
                FileKind::TabariVerbs,
                "STRIKE [190]\nSTRIKE [193]\n- * TOWN [194]\nHIT [190]\nHIT [190]\nSEIZ [171]\n- * BASE [---]\n- * BASE [---]\n- * BASE= [172]\n",
            )],
            false,
        );
        assert_eq!(of(&f, FindingKind::ConflictingVerb), [(2, Some(1), Error)]);
        let m = message(&f, FindingKind::ConflictingVerb);
        assert!(m.contains("the pattern of STRIKE is never tried"), "{m}");
        assert_eq!(of(&f, FindingKind::DuplicateVerb), [(5, Some(4), Warning)]);
        assert_eq!(
            of(&f, FindingKind::DuplicatePattern),
            [(8, Some(7), Warning)]
        );
        // BASE= (the exact word) is not the same pattern as BASE (a stem)
        assert_eq!(of(&f, FindingKind::ShadowedPattern), []);
    }

    #[test]
    fn petrarch_dates() {
        let f = check(
            &[(
                "p.actors.txt",
                FileKind::PetrarchActors,
                "BARACK_OBAMA\n\t[USAELI 19610804-20090120]\n\t[USAGOV 20090120-20170120]\n\t[USAELI >20170121]\n\t[USAELI]\n\
TWO_DEFAULTS\n\t[AAA]\n\t[BBB]\n\
COVERED\n\t[AAAGOV 20000101-20101231]\n\t[AAAELI 20050101-20060101]\n\
BACKWARDS\n\t[AAAGOV 20100101-20000101]\n\
SAME\n\t[AAAGOV 20000101-20101231]\n\t[AAAGOV 20050101-20060101]\n",
            )],
            false,
        );
        assert_eq!(of(&f, FindingKind::OverlappingDates), [(1, None, Warning)]);
        let m = message(&f, FindingKind::OverlappingDates);
        assert!(m.contains("on 2009-01-20"), "{m}");
        assert!(
            m.contains("the day one range ends and the other starts"),
            "{m}"
        );
        assert!(
            m.contains("the coder uses [USAELI 1961-08-04-2009-01-20]"),
            "{m}"
        );
        assert_eq!(
            of(&f, FindingKind::UnreachableCode),
            [(6, None, Warning), (9, None, Warning)]
        );
        let m = message(&f, FindingKind::UnreachableCode);
        assert!(m.contains("undated [AAA]") && m.contains("[AAAELI"), "{m}");
        // PETRARCH-1's reader drops a backwards range with a warning: an error here
        assert_eq!(of(&f, FindingKind::EmptyDateRange), [(13, None, Error)]);
    }

    #[test]
    fn tabari_dates_and_lenient_loads() {
        let text =
            "AXNOR [AR1] [AR2 <911226]\nORC [ORC 990101-980101]\nGOOD [ELR/GAL]\nBAD [X.Y]\n";
        let f = check(&[("t.actors", FileKind::TabariActors, text)], true);
        assert_eq!(of(&f, FindingKind::UnreachableCode), [(1, None, Warning)]);
        assert!(message(&f, FindingKind::UnreachableCode).contains("the default must come last"));
        assert_eq!(of(&f, FindingKind::EmptyDateRange), [(2, None, Error)]);
        assert_eq!(of(&f, FindingKind::MalformedEntry), [(4, None, Error)]);
        // a strict load refuses the set; its errors become the same findings
        let files = vec![(
            PathBuf::from("t.actors"),
            FileKind::TabariActors,
            text.as_bytes().to_vec(),
        )];
        let err = load_files(files, CoderOptions::tabari(), LoadOptions::default()).unwrap_err();
        let crate::DictError::Invalid { errors } = err else {
            panic!("expected malformed entries");
        };
        let f = malformed_entries(&errors);
        assert_eq!(of(&f, FindingKind::EmptyDateRange), [(2, None, Error)]);
        assert_eq!(of(&f, FindingKind::MalformedEntry), [(4, None, Error)]);
    }

    #[test]
    fn petrarch2_half_open_range_can_be_empty() {
        let day = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        let d = Dictionaries {
            files: vec![SourceFile {
                path: "x.txt".into(),
                kind: FileKind::PetrarchActors,
                hash: 0,
            }],
            actors: vec![Actor {
                phrases: vec![crate::phrase::parse_petrarch_phrase("X")],
                codes: ActorCodes {
                    blocks: vec![DatedCode {
                        codes: vec!["AAA".into()],
                        restriction: Some(DateRestriction::Between(day, day)),
                    }],
                    semantics: DateSemantics::Petrarch2,
                },
                origin: Origin { file: 0, line: 3 },
            }],
            ..Dictionaries::default()
        };
        let f = lint(&d, &LoadReport::default());
        assert_eq!(of(&f, FindingKind::EmptyDateRange), [(3, None, Error)]);
        assert!(message(&f, FindingKind::EmptyDateRange).contains("x.txt:3"));
    }

    #[test]
    fn malformed_actor_codes_and_load_warnings() {
        let f = check(
            &[
                (
                    "a.actors.txt",
                    FileKind::PetrarchActors,
                    "FOO [ABCD]\nBAR [~MIL]\nBAZ [IGOUNOKID]\nQUX [USA/ISRA]\nNOCODE\nLAST [---]\n",
                ),
                (
                    "g.agents.txt",
                    FileKind::PetrarchAgents,
                    "ROBOT {} [~ROBO]\n",
                ),
            ],
            false,
        );
        let got: Vec<(String, usize)> = f
            .iter()
            .filter(|x| x.kind == FindingKind::MalformedActorCode)
            .map(|x| (x.location.file.display().to_string(), x.location.line))
            .collect();
        assert_eq!(
            got,
            [
                ("a.actors.txt".to_string(), 1),
                ("a.actors.txt".to_string(), 2),
                ("a.actors.txt".to_string(), 4),
                ("g.agents.txt".to_string(), 1)
            ]
        );
        let m = message(&f, FindingKind::MalformedActorCode);
        assert!(m.contains("code ISRA of QUX has 4 characters"), "{m}");
        assert!(m.contains("code ~MIL of BAR contains '~'"), "{m}");
        assert!(m.contains("[~ROBO]"), "{m}");
        assert_eq!(of(&f, FindingKind::LoadWarning), [(5, None, Warning)]);
        let s = summarize(&f);
        assert_eq!((s.errors, s.warnings), (0, 5));
        assert_eq!(s.by_kind["malformed-actor-code"], 4);
    }

    #[test]
    fn clean_set_has_no_findings() {
        let f = check(
            &[
                (
                    "v.verbs.txt",
                    FileKind::PetrarchVerbs,
                    "--- ATTACK [190] ---\nATTACK\n- * CITY [193]\n",
                ),
                (
                    "a.actors.txt",
                    FileKind::PetrarchActors,
                    "ISRAEL [ISR]\nGAZA [PSE]\n",
                ),
            ],
            false,
        );
        assert_eq!(f, []);
    }
}
