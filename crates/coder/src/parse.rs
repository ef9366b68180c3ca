//! The shallow parse of one sentence: tokens are matched against the
//! lexicon, comma-delimited subordinate clauses are deleted, verbs after a
//! determiner or written with a capital become nouns, agents join their
//! actors, compound actors ("A and B") and pronouns are resolved, and the
//! sentence is split into clauses at conjunctions.
//!
//! This follows TABARI's shallow parse (formats.md §2): the order of the
//! steps and their rules are what its validation suite exercises.

use crate::lexicon::{
    Builtin, Endings, Entry, Lexicon, MatchQuality, WordList, is_one_of, word_matches,
};
use dyad_dict::{AgentCode, CoderOptions, Dictionaries, ParseStyle, Phrase, WordClass};
use dyad_text::{Case, TokenKind};

/// The grammatical class of a token after the parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Unknown,
    Number,
    Comma,
    /// Part of actor phrase `actors[i]`.
    Actor,
    Agent,
    Verb,
    Noun,
    Adjective,
    Time,
    Builtin(Builtin),
}

/// One token of the sentence.
#[derive(Debug, Clone)]
pub struct Tok {
    pub norm: String,
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    pub case: Case,
    pub deleted: bool,
    /// The lexical unit covering this token.
    pub unit: Option<u32>,
    pub bracket: dyad_text::Bracket,
    /// Joined to the previous token by a hyphen ("U.S.-mediated").
    pub hyphen_before: bool,
    /// A word no noun phrase contains when the dictionaries do not know it
    /// (auxiliaries, subordinators: [`crate::noun_phrases::ends_noun_phrase`]).
    pub ends_noun_phrase: bool,
}

/// A dictionary phrase found in the sentence.
#[derive(Debug, Clone)]
pub struct Unit {
    pub phrase: u32,
    pub entry: Entry,
    pub class: Class,
    /// Token positions, ascending (phrases with gaps skip tokens).
    pub tokens: Vec<u32>,
}

impl Unit {
    pub fn first(&self) -> usize {
        self.tokens.first().map_or(0, |&t| t as usize)
    }
    pub fn last(&self) -> usize {
        self.tokens.last().map_or(0, |&t| t as usize)
    }
}

/// Words that open a subordinate clause with its own subject ("after Y
/// verbed").
const SUBORDINATORS: &WordList = &WordList::new(&[
    "AFTER", "BEFORE", "WHILE", "WHEN", "AS", "SINCE", "BECAUSE", "WHEREAS", "THOUGH", "ALTHOUGH",
    "WHERE",
]);

/// What an actor reference stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActorKind {
    /// A dictionary actor.
    Named,
    /// A pronoun; `referent` is the actor it stands for, when resolved.
    Pronoun {
        plural: bool,
        referent: Option<usize>,
    },
    /// An agent with no actor (`SET: CONVERT AGENTS`).
    AgentOnly,
}

/// An actor in the sentence (with its attached agent).
#[derive(Debug, Clone)]
pub struct ActorRef {
    pub kind: ActorKind,
    /// Resolved actor codes (several for coded compounds such as `[ELR/GAL]`).
    pub codes: Vec<String>,
    /// Index of the actor's unit (`None` for pronouns and bare agents).
    pub unit: Option<u32>,
    pub agent_unit: Option<u32>,
    /// First and last token, agent included.
    pub first: usize,
    pub last: usize,
    /// The compound this actor belongs to.
    pub compound: Option<usize>,
    /// Actors hidden inside a compound's span that are not its members.
    pub hidden: bool,
}

/// A compound actor: several actors joined by AND/OR/NOR and commas.
#[derive(Debug, Clone)]
pub struct Compound {
    pub members: Vec<usize>,
    pub first: usize,
    pub last: usize,
}

/// How a clause begins, which decides what it inherits from the clause
/// before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClauseKind {
    /// The sentence's first clause.
    First,
    /// After AND, BUT, OR: may share the previous clause's subject.
    Conjunct,
    /// A clause with its own subject: after a comma (", the army said"), a
    /// verb of saying or a subordinator ("after Y verbed").
    Own,
    /// ", accusing Y of ...": a participle after a comma, whose subject is
    /// the previous clause's.
    Participle,
    /// "Y, which verbed ...": a relative clause whose subject is the actor
    /// before the comma.
    Relative,
    /// "a plan which Moscow rejected", "Ukraine, which Russia invaded": a
    /// relative clause with its own subject whose object is the antecedent.
    GapRelative,
}

/// Why a sentence produced no events before any verb was tried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    TooFewWords,
    TooManyWords,
    Discard(String),
    Complex(String),
    StoryDiscard(String),
}

/// The parsed sentence.
#[derive(Debug, Clone)]
pub struct Parse {
    pub toks: Vec<Tok>,
    pub units: Vec<Unit>,
    pub actors: Vec<ActorRef>,
    pub compounds: Vec<Compound>,
    /// Clause boundaries: `[start, end)` token ranges.
    pub clauses: Vec<(usize, usize)>,
    /// How each clause of `clauses` begins.
    pub clause_kinds: Vec<ClauseKind>,
    pub problem: Option<Problem>,
    pub all_caps: bool,
    /// How actors were read (and so what `^` in a pattern skips).
    pub style: ParseStyle,
    /// The verb patterns that could match this sentence.
    pub pattern_filter: crate::pattern_index::PatternFilter,
    /// Discard and issue phrases found: (lexicon phrase, first token).
    pub list_hits: Vec<(u32, u32)>,
}

/// The tokens' strings go back to this thread's tokenizer when a parse is
/// dropped, which reuses them for the next sentence's tokens instead of
/// allocating one per token ([`dyad_text::recycle_norms`]).
impl Drop for Parse {
    fn drop(&mut self) {
        dyad_text::recycle_norms(self.toks.drain(..).map(|t| t.norm));
    }
}

/// Issue phrases found in a sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IssueHits {
    pub codes: Vec<String>,
    /// An ignore phrase (`~phrase` or `~~phrase`) occurred; like PETRARCH,
    /// any hit cancels every issue of the sentence.
    pub ignored: bool,
}

/// Context for resolving pronouns from the previous sentence of a story.
#[derive(Debug, Clone, Default)]
pub struct Forward {
    /// Codes of the first named actor of the previous sentence.
    pub codes: Vec<String>,
}

/// Possessive determiners: a verb form after one is a noun ("their meeting").
const POSSESSIVES: &WordList = &WordList::new(&["THEIR", "ITS", "HIS", "HER", "OUR", "MY", "YOUR"]);

/// How a lexical match ranks against others at the same position: words
/// matched, tightness (fewer skipped words), match quality, class priority,
/// earlier entry.
type MatchKey = (usize, i64, MatchQuality, u8, i64);

/// Nouns whose THAT-clause states their content, not a relative clause
/// ("claims that ...", "the fear that ...").
const CONTENT_NOUNS: &WordList = &WordList::new(&[
    "CLAIM",
    "CLAIMS",
    "REPORT",
    "REPORTS",
    "ALLEGATION",
    "ALLEGATIONS",
    "ACCUSATION",
    "ACCUSATIONS",
    "SUGGESTION",
    "SUGGESTIONS",
    "FEAR",
    "FEARS",
    "RUMOUR",
    "RUMOURS",
    "RUMOR",
    "RUMORS",
    "EVIDENCE",
    "SIGN",
    "SIGNS",
    "NEWS",
    "WARNING",
    "WARNINGS",
    "ASSURANCE",
    "ASSURANCES",
    "STATEMENT",
    "BELIEF",
    "VIEW",
    "IDEA",
    "HOPE",
    "HOPES",
    "CONCERN",
    "CONCERNS",
    "FACT",
    "ASSESSMENT",
    "CONCLUSION",
    "INDICATION",
    "INDICATIONS",
    "PROOF",
    "DEMAND",
    "DEMANDS",
    "SAYING",
    "GROUNDS",
    "POSSIBILITY",
    "RULING",
    "VERDICT",
    "REVELATION",
    "REVELATIONS",
    "FINDING",
    "FINDINGS",
    "PROMISE",
    "PLEDGE",
    "ANNOUNCEMENT",
    "NOTION",
    "THEORY",
    "QUESTION",
    "DOUBT",
    "DOUBTS",
    "EXPECTATION",
    "EXPECTATIONS",
    "ASSUMPTION",
    "INSISTENCE",
    "PROSPECT",
    "CHANCE",
    "LIKELIHOOD",
    "MESSAGE",
    "SIGNAL",
    "ASSERTION",
    "ARGUMENT",
    "RISK",
    "THREAT",
    "CONDITION",
    "REQUIREMENT",
    "PROVISION",
    "RECOGNITION",
    "UNDERSTANDING",
    "REMINDER",
]);

/// Counts written as words: "two detained nationals", "143 drones and
/// four ballistic missiles".
const NUMBER_WORDS: &WordList = &WordList::new(&[
    "TWO",
    "THREE",
    "FOUR",
    "FIVE",
    "SIX",
    "SEVEN",
    "EIGHT",
    "NINE",
    "TEN",
    "DOZENS",
    "HUNDREDS",
    "THOUSANDS",
    "SEVERAL",
]);

/// True for a code of root 04 (consult) other than mediation: meetings,
/// talks, calls, visits.
pub(crate) fn consults(code: &dyad_dict::EventCode) -> bool {
    matches!(code, dyad_dict::EventCode::Event { primary: Some(c), .. }
        if c.starts_with("04") && !c.starts_with("045"))
}

/// Charges and claims: rejecting one is a denial, which is not coded
/// (annotation.md §5.4), so "a charge New Delhi rejected" opens no relative
/// clause with an event.
pub(crate) const DENIED_NOUNS: &WordList = &WordList::new(&[
    "CHARGE",
    "CHARGES",
    "CLAIM",
    "CLAIMS",
    "ACCUSATION",
    "ACCUSATIONS",
    "ALLEGATION",
    "ALLEGATIONS",
    "ASSERTION",
    "ASSERTIONS",
]);

/// Words that open a leading prepositional phrase ("During a visit to
/// Kyiv, ...", "After months of Qatari mediation, ..."): up to its comma it
/// holds neither the subject nor a member of the subject's list.
pub(crate) const LEADING_PREPOSITIONS: &WordList = &WordList::new(&[
    "DURING",
    "AFTER",
    "BEFORE",
    "IN",
    "AT",
    "ON",
    "FOLLOWING",
    "DESPITE",
    "AMID",
    "UNDER",
    "AHEAD",
    "SINCE",
]);

/// The parse's tokens as the tokenizer reads them ([`dyad_text::TokenSink`]):
/// each [`dyad_text::Token`] becomes a [`Tok`] as it is read, with no vector
/// of the tokenizer's own to convert afterwards.
struct ParseTokens<'t> {
    text: &'t [u8],
    toks: Vec<Tok>,
}

impl dyad_text::TokenSink for ParseTokens<'_> {
    #[inline]
    fn push_token(&mut self, t: dyad_text::Token) {
        self.toks.push(Tok {
            hyphen_before: t.start > 0 && self.text.get(t.start - 1) == Some(&b'-'),
            norm: t.norm,
            start: t.start,
            end: t.end,
            kind: t.kind,
            case: t.case,
            deleted: false,
            unit: None,
            bracket: t.bracket,
            ends_noun_phrase: false,
        });
    }
}

/// Limits that keep pathological input bounded.
const MAX_GAP: usize = 24;

impl Parse {
    /// Parses `text` (one sentence or one record).
    pub fn new(
        text: &str,
        dict: &Dictionaries,
        lex: &Lexicon,
        opts: &CoderOptions,
        date: Option<chrono::NaiveDate>,
        forward: Option<&Forward>,
    ) -> Parse {
        let mut toks = ParseTokens {
            text: text.as_bytes(),
            toks: Vec::with_capacity(text.len() / 5 + 1),
        };
        dyad_text::tokenize_to(text, &mut toks);
        let toks = toks.toks;
        let all_caps =
            !text.chars().any(|c| c.is_lowercase()) && text.chars().any(|c| c.is_uppercase());
        let mut p = Parse {
            toks,
            units: Vec::new(),
            actors: Vec::new(),
            compounds: Vec::new(),
            clauses: Vec::new(),
            clause_kinds: Vec::new(),
            problem: None,
            all_caps,
            style: opts.style,
            pattern_filter: Default::default(),
            list_hits: Vec::new(),
        };
        if opts.min_words > 0 && (p.toks.len() as u32) < opts.min_words {
            p.problem = Some(Problem::TooFewWords);
            return p;
        }
        if p.toks.len() > 4096 {
            p.problem = Some(Problem::TooManyWords);
            return p;
        }
        p.match_lexicon(lex);
        p.delete_short_brackets();
        if opts.non_parties && !p.all_caps {
            p.delete_link_runs(text);
        }
        p.delete_subordinate_clauses(opts);
        p.cancel_deleted_units();
        p.mark_nouns(dict, lex, date, opts);
        match opts.style {
            ParseStyle::Tabari => {
                p.build_actors(dict, lex, opts, date);
                p.mark_compounds();
                p.resolve_pronouns(forward);
            }
            ParseStyle::Petrarch => {
                p.demote_modals();
                p.build_noun_phrases(
                    dict,
                    date,
                    opts.participle_clauses,
                    opts.place_countries,
                    opts.inherit_actors,
                );
                if opts.inherit_actors {
                    p.resolve_descriptions(dict);
                }
                if opts.modals {
                    p.open_causative_infinitives();
                }
            }
        }
        p.mark_clauses(dict, opts);
        p.check_discards(dict, lex, date, opts.style);
        p
    }

    /// PETRARCH reads verbs from a parse, where a modal ("should have
    /// acted") is never the verb: a modal followed by a verb, possibly
    /// through HAVE, BE or NOT, is an auxiliary.
    fn demote_modals(&mut self) {
        const MODALS: &WordList = &WordList::new(&[
            "SHOULD", "WOULD", "COULD", "MUST", "MAY", "MIGHT", "CAN", "WILL", "SHALL",
        ]);
        const BETWEEN: &WordList = &WordList::new(&["HAVE", "BE", "BEEN", "NOT", "N'T"]);
        for i in 0..self.toks.len() {
            if self.class(i) != Class::Verb || !is_one_of(&self.toks[i].norm, MODALS) {
                continue;
            }
            let mut j = self.next_live(i);
            while let Some(k) = j {
                if !is_one_of(&self.toks[k].norm, BETWEEN) {
                    break;
                }
                j = self.next_live(k);
            }
            if j.is_some_and(|k| self.class(k) == Class::Verb)
                && let Some(u) = self.toks[i].unit
            {
                self.units[u as usize].class = Class::Builtin(Builtin::Auxiliary);
            }
        }
    }

    /// A causative verb makes its object do the act of the infinitive after
    /// it ("prompted Beijing to summon", "forcing Turkey to recall"): the
    /// TO is deleted, so the infinitive reads as a finite verb whose subject
    /// is that object, not as an intent or purpose.
    fn open_causative_infinitives(&mut self) {
        const CAUSATIVES: &WordList = &WordList::new(&[
            "PROMPT",
            "PROMPTS",
            "PROMPTED",
            "PROMPTING",
            "FORCE",
            "FORCES",
            "FORCED",
            "FORCING",
            "COMPEL",
            "COMPELS",
            "COMPELLED",
            "COMPELLING",
            "SPUR",
            "SPURS",
            "SPURRED",
            "SPURRING",
            "CAUSE",
            "CAUSES",
            "CAUSED",
            "CAUSING",
            "LED",
            "LEADING",
        ]);
        for i in 0..self.toks.len() {
            if self.toks[i].deleted
                || self.toks[i].case != dyad_text::Case::Lower
                || !matches!(self.class(i), Class::Verb | Class::Unknown)
                || !is_one_of(&self.toks[i].norm, CAUSATIVES)
            {
                continue;
            }
            // "police forces", "the forces": a noun
            if self.prev_live(i).is_some_and(|j| {
                matches!(
                    self.class(j),
                    Class::Agent | Class::Actor | Class::Builtin(Builtin::Determiner)
                )
            }) {
                continue;
            }
            // the object's span may begin before the causative ("The remark
            // prompted Beijing" is one noun phrase to the chunker)
            let Some(object) = self.next_live(i).and_then(|j| {
                self.actors.iter().position(|a| {
                    a.first <= j
                        && j <= a.last
                        && matches!(a.kind, ActorKind::Named | ActorKind::AgentOnly)
                })
            }) else {
                continue;
            };
            let Some(to) = self
                .next_live(self.actors[object].last)
                .filter(|&t| self.toks[t].norm == "TO")
            else {
                continue;
            };
            if self.next_live(to).is_some_and(|v| {
                self.class(v) == Class::Verb && self.toks[v].case == dyad_text::Case::Lower
            }) {
                self.toks[to].deleted = true;
            }
        }
    }

    /// The class of token `i` (deleted tokens are `Unknown`).
    pub fn class(&self, i: usize) -> Class {
        let t = &self.toks[i];
        if t.deleted {
            return Class::Unknown;
        }
        match t.unit {
            Some(u) => self.units[u as usize].class,
            None => match t.kind {
                TokenKind::Comma => Class::Comma,
                TokenKind::Number => Class::Number,
                TokenKind::Word => Class::Unknown,
            },
        }
    }

    /// Live (not deleted) token positions.
    pub fn live(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.toks.len()).filter(|&i| !self.toks[i].deleted)
    }

    pub(crate) fn next_live(&self, i: usize) -> Option<usize> {
        (i + 1..self.toks.len()).find(|&j| !self.toks[j].deleted)
    }

    pub(crate) fn prev_live(&self, i: usize) -> Option<usize> {
        (0..i).rev().find(|&j| !self.toks[j].deleted)
    }

    // ---- lexical matching -------------------------------------------------

    fn match_lexicon(&mut self, lex: &Lexicon) {
        let n = self.toks.len();
        let mut covered = vec![false; n];
        // discard and issue phrases are found anywhere, whatever covers them
        let lists = lex.has_lists();
        let uncovered = if lists { vec![false; n] } else { Vec::new() };
        let mut positions = Vec::new();
        let mut best_positions = Vec::new();
        // (token, verb-pattern word) pairs for the sentence's pattern filter
        let mut pattern_words = Vec::with_capacity(2 * n);
        // at most one unit per token: one allocation instead of regrowth
        self.units.reserve(n);
        lex.with_token_memo(|memo| {
            for i in 0..n {
                let found = memo.lookup(&self.toks[i].norm);
                self.toks[i].ends_noun_phrase = found.ends_noun_phrase;
                if !found.pattern_words.is_empty() {
                    pattern_words.extend(found.pattern_words.iter().map(|&w| (i as u32, w)));
                }
                if self.toks[i].kind == TokenKind::Comma || (covered[i] && !lists) {
                    continue;
                }
                // phrases whose joined second word cannot begin the next token are left out
                let next = self.toks.get(i + 1).and_then(|t| t.norm.as_bytes().first());
                // a covered token (when there are lists) is tried for them only
                let taken = covered[i];
                // best: (words matched, tightness, quality, priority, -order)
                let mut best: Option<(MatchKey, u32)> = None;
                for list in found.openings(next.copied()) {
                    for &o in list {
                        if o.is_list() {
                            let lp = &lex.phrases[o.phrase as usize];
                            if self
                                .match_rest_at(
                                    i,
                                    o.quality,
                                    &lp.phrase,
                                    lp.endings,
                                    &uncovered,
                                    &mut positions,
                                )
                                .is_some()
                            {
                                self.list_hits.push((o.phrase, i as u32));
                            }
                            continue;
                        }
                        if taken {
                            continue;
                        }
                        // (a joined second word's first byte was tested by `openings`)
                        if o.needs_capitals && self.toks[i].case != Case::Upper && !self.all_caps {
                            continue;
                        }
                        // a phrase's id is its load order
                        let order = -(o.phrase as i64);
                        if o.words < 2 {
                            // a one-word phrase: matched by its opening, ranked
                            // from it without reading the phrase
                            let key = (1, 0, o.quality, o.priority, order);
                            if best.as_ref().is_none_or(|(k, _)| key > *k) {
                                best = Some((key, o.phrase));
                                best_positions.clear();
                                best_positions.push(i as u32);
                            }
                            continue;
                        }
                        // a match has as many positions as the phrase has
                        // words: a shorter phrase than the best cannot win
                        if o.words < u8::MAX
                            && best
                                .as_ref()
                                .is_some_and(|(k, _)| usize::from(o.words) < k.0)
                        {
                            continue;
                        }
                        let lp = &lex.phrases[o.phrase as usize];
                        positions.clear();
                        positions.push(i as u32);
                        if let Some(quality) = self.match_later_words(
                            i,
                            o.quality,
                            &lp.phrase,
                            lp.endings,
                            &covered,
                            &mut positions,
                        ) {
                            let span = (positions[positions.len() - 1] - positions[0]) as i64;
                            let key = (positions.len(), -span, quality, o.priority, order);
                            if best.as_ref().is_none_or(|(k, _)| key > *k) {
                                best = Some((key, o.phrase));
                                std::mem::swap(&mut best_positions, &mut positions);
                            }
                        }
                    }
                }
                if let Some((_, pid)) = best {
                    let positions = best_positions.clone();
                    let entry = lex.phrases[pid as usize].entry;
                    let class = match entry {
                        Entry::Actor(_) => Class::Actor,
                        Entry::Agent(_) => Class::Agent,
                        Entry::Verb(_) => Class::Verb,
                        Entry::Word(WordClass::Noun) => Class::Noun,
                        Entry::Word(WordClass::Adjective) => Class::Adjective,
                        Entry::Time(_) => Class::Time,
                        Entry::Builtin(b) => Class::Builtin(b),
                        Entry::Discard(_) | Entry::Issue(_) => Class::Unknown,
                    };
                    let u = self.units.len() as u32;
                    for &t in &positions {
                        covered[t as usize] = true;
                        self.toks[t as usize].unit = Some(u);
                    }
                    self.units.push(Unit {
                        phrase: pid,
                        entry,
                        class,
                        tokens: positions,
                    });
                }
            }
        });
        self.pattern_filter = lex.patterns.filter_words(pattern_words);
    }

    /// Matches `phrase` starting at token `i`, whose first word is known to
    /// match that token with `quality` ([`crate::lexicon::TokenOpenings`]). Later
    /// words follow immediately (adjacent connector) or after other words
    /// (gap), never across a comma, and never on a token already taken. On
    /// success `positions` holds the tokens matched.
    #[inline]
    fn match_rest_at(
        &self,
        i: usize,
        quality: MatchQuality,
        phrase: &Phrase,
        endings: Endings,
        covered: &[bool],
        positions: &mut Vec<u32>,
    ) -> Option<MatchQuality> {
        positions.clear();
        positions.push(i as u32);
        // most phrases are one word, which the token's opening matched
        if phrase.words.len() < 2 {
            return Some(quality);
        }
        self.match_later_words(i, quality, phrase, endings, covered, positions)
    }

    /// [`Self::match_rest_at`] for a phrase of two or more words, with
    /// `positions` holding token `i`.
    fn match_later_words(
        &self,
        i: usize,
        mut quality: MatchQuality,
        phrase: &Phrase,
        endings: Endings,
        covered: &[bool],
        positions: &mut Vec<u32>,
    ) -> Option<MatchQuality> {
        let words = &phrase.words;
        let n = words.len();
        let mut pos = i;
        for k in 1..n {
            let prev_adjacent = words[k - 1].adjacent;
            let w = &words[k];
            let last = k + 1 == n;
            // a token matches only if it begins with the word's first byte:
            // tested here, without the call, for the tokens a gap crosses
            let first_byte = w.text.as_bytes().first();
            let mut found = None;
            let mut j = pos + 1;
            while j < self.toks.len() && j <= pos + 1 + MAX_GAP {
                let t = &self.toks[j];
                if t.kind == TokenKind::Comma {
                    break;
                }
                if !covered[j]
                    && first_byte.is_none_or(|b| t.norm.as_bytes().first() == Some(b))
                    && let Some(q) = word_matches(&t.norm, &w.text, w.mode, endings, last)
                {
                    found = Some((j, q));
                    break;
                }
                if prev_adjacent {
                    break;
                }
                j += 1;
            }
            let (j, q) = found?;
            quality = quality.min(q);
            positions.push(j as u32);
            pos = j;
        }
        Some(quality)
    }

    // ---- brackets and subordinate clauses -------------------------------------

    /// Deletes short bracketed asides ("(EU)", "(AFP)", "[sic]"): up to three
    /// words between an opening and a closing bracket.
    fn delete_short_brackets(&mut self) {
        let n = self.toks.len();
        let mut i = 0;
        while i < n {
            if self.toks[i].bracket == dyad_text::Bracket::Open {
                let close = (i + 1..n.min(i + 5))
                    .find(|&j| self.toks[j].bracket == dyad_text::Bracket::Close);
                if let Some(j) = close
                    && (i + 1..j).all(|k| self.toks[k].kind != TokenKind::Comma)
                {
                    for t in &mut self.toks[i..=j] {
                        t.deleted = true;
                    }
                    i = j + 1;
                    continue;
                }
            }
            i += 1;
        }
    }

    /// `non_parties`: deletes the titles of linked stories that scraped news
    /// pages run into a politician's name: "Sen. Chuck Grassley Charles
    /// (Chuck) Ernest GrassleyBarr: Inspector general's report ... Pelosi
    /// aide hopeful White House will support drug-pricing bill MORE (R-Iowa)
    /// said". A run ends at a MORE in capitals (in text that is not all
    /// capitals) and starts after the name's first mention: the surname
    /// comes back joined to the first title ("GrassleyBarr:") or, within
    /// four words, on its own ("Paul Ryan Paul Davis Ryan Retirees ...").
    /// Nothing in the run is an actor or a verb of the sentence.
    fn delete_link_runs(&mut self, text: &str) {
        let raw = |t: &Tok| text.get(t.start..t.end).unwrap_or("");
        let more = |t: &Tok| {
            let r = raw(t);
            r == "MORE"
                || r.strip_prefix("MORE")
                    .is_some_and(|s| s.starts_with('\'') || s.starts_with('\u{2019}'))
        };
        let n = self.toks.len();
        let mut last_end = 0;
        for m in 0..n {
            if !more(&self.toks[m]) {
                continue;
            }
            let lo = m.saturating_sub(80).max(last_end);
            let start = (lo..m).rev().find_map(|j| {
                let word = raw(&self.toks[j]);
                // "GrassleyBarr:": the surname joined to the first title
                let b = word.as_bytes();
                let joined = (3..b.len()).rev().find_map(|k| {
                    if !(b[k - 1].is_ascii_lowercase() && b[k].is_ascii_uppercase()) {
                        return None;
                    }
                    let surname = &word[..k];
                    (j.saturating_sub(8).max(lo)..j).rev().find(|&e| {
                        let w = raw(&self.toks[e]);
                        w == surname
                            || w.strip_prefix(surname)
                                .and_then(|r| r.bytes().next())
                                .is_some_and(|c| c.is_ascii_uppercase())
                    })
                });
                // "Paul Ryan Paul Davis Ryan": the surname again on its own
                let repeated = || {
                    if self.toks[j].case != Case::Capitalized || word.len() < 3 {
                        return None;
                    }
                    (j.saturating_sub(4).max(lo)..j.saturating_sub(1))
                        .rev()
                        .find(|&e| raw(&self.toks[e]) == word)
                };
                joined.or_else(repeated).map(|e| e + 1)
            });
            if let Some(s) = start {
                for t in &mut self.toks[s..=m] {
                    t.deleted = true;
                }
                last_end = m + 1;
            }
        }
    }

    // ---- subordinate clauses ------------------------------------------------

    /// Deletes comma-delimited clauses whose word counts fall within the
    /// COMMA limits: the clause before the first comma (beginning), those
    /// between commas (internal) and the one after the last (end).
    fn delete_subordinate_clauses(&mut self, opts: &CoderOptions) {
        let lim = opts.comma;
        let commas: Vec<usize> = (0..self.toks.len())
            .filter(|&i| self.toks[i].kind == TokenKind::Comma && !self.toks[i].deleted)
            .collect();
        // words (not commas, not already deleted) in a token range
        let words = |a: usize, b: usize| {
            (a..b)
                .filter(|&i| !self.toks[i].deleted && self.toks[i].kind != TokenKind::Comma)
                .count()
        };
        if commas.is_empty() {
            return;
        }
        // "According to Seoul's spy agency, Pyongyang is ...": attribution,
        // never the subject (participle_clauses)
        let opens_with_according_to = || {
            let mut live = (0..self.toks.len()).filter(|&i| !self.toks[i].deleted);
            match (live.next(), live.next()) {
                (Some(a), Some(b)) => self.toks[a].norm == "ACCORDING" && self.toks[b].norm == "TO",
                _ => false,
            }
        };
        if opts.participle_clauses && opens_with_according_to() {
            for t in &mut self.toks[..=commas[0]] {
                t.deleted = true;
            }
            return self.delete_subordinate_clauses(opts);
        }
        let n = self.toks.len();
        let mut delete: Vec<(usize, usize)> = Vec::new();
        let within = |count: usize, min: u32, max: u32| {
            max > 0 && count >= min as usize && count <= max as usize
        };
        // Counting is chained from comma to comma: a deleted clause takes both
        // its commas with it, so the text after it joins the text before.
        let mut open: Option<usize> = None;
        let c0 = commas[0];
        if within(words(0, c0), lim.begin_min, lim.begin_max) {
            delete.push((0, c0 + 1));
        } else {
            open = Some(c0);
        }
        for &c in &commas[1..] {
            if let Some(o) = open {
                let count = words(o + 1, c);
                // participle clauses, actor lists and the main predicate after
                // an appositive are kept (participle_clauses)
                let kept = opts.participle_clauses
                    && (self.starts_participle(o + 1)
                        || self.heads_actor_list(c)
                        || self.main_predicate(o + 1, c)
                        || self.coordinated_clause(o + 1, c));
                if within(count, lim.min, lim.max)
                    && !self.starts_with_actor(o + 1, c, opts.style)
                    && !kept
                {
                    delete.push((o, c + 1));
                    open = None;
                    continue;
                }
            }
            open = Some(c);
        }
        if let Some(o) = open {
            // PETRARCH counts the closing punctuation as a word of the last clause
            let tail = words(o + 1, n) + usize::from(opts.style == ParseStyle::Petrarch);
            // ", Fornost and Bree after a rift": the tail of an actor list stays
            let list_tail =
                self.starts_with_actor(o + 1, n, opts.style) && self.has_conjoined_actor(o + 1, n);
            let participle = opts.participle_clauses && self.starts_participle(o + 1);
            if within(tail, lim.end_min, lim.end_max) && !list_tail && !participle {
                delete.push((o, n));
            }
        }
        for (a, b) in delete {
            for t in &mut self.toks[a..b] {
                t.deleted = true;
            }
        }
    }

    /// True when the comma clause from `from` to `to` opens with AND or BUT
    /// and has a finite verb after its first word: a main clause of its own
    /// (", and riot police detained dozens of protesters,"), not an aside.
    fn coordinated_clause(&self, from: usize, to: usize) -> bool {
        let mut live = (from..to).filter(|&i| !self.toks[i].deleted);
        if !live
            .next()
            .is_some_and(|i| matches!(self.toks[i].norm.as_str(), "AND" | "BUT"))
        {
            return false;
        }
        live.skip(1).any(|i| {
            self.toks[i].case == Case::Lower
                && !self.toks[i].norm.ends_with("ING")
                && self.toks[i]
                    .unit
                    .is_some_and(|u| self.units[u as usize].class == Class::Verb)
        })
    }

    /// True when the comma clause from `from` to `to` opens with a verb and
    /// no verb comes before it: "Kim Yo Jong, the powerful sister of North
    /// Korean leader Kim Jong Un, rejected ..., saying ..." keeps the
    /// predicate of its subject when the appositive is too long to delete.
    fn main_predicate(&self, from: usize, to: usize) -> bool {
        let is_verb = |i: usize| {
            self.toks[i]
                .unit
                .is_some_and(|u| self.units[u as usize].class == Class::Verb)
        };
        let mut live = (from..to).filter(|&i| !self.toks[i].deleted);
        let Some(mut first) = live.next() else {
            return false;
        };
        let t = &self.toks[first];
        if t.case == Case::Lower && t.norm.len() > 4 && t.norm.ends_with("LY") {
            match live.next() {
                Some(next) => first = next,
                None => return false,
            }
        }
        // a participle (", seeking to ...") or a passive (", endorsed by
        // X,") describes the subject instead
        let passive = self.toks[first].unit.is_some_and(|u| {
            self.next_live(self.units[u as usize].last())
                .is_some_and(|j| self.toks[j].norm == "BY")
        });
        self.toks[first].case == Case::Lower
            && is_verb(first)
            && !self.toks[first].norm.ends_with("ING")
            && !passive
            && !(0..from).any(|i| !self.toks[i].deleted && is_verb(i))
    }

    /// An internal comma clause that starts (after determiners, adjectives
    /// and a conjunction) with an actor is an element of an actor list, not
    /// a subordinate clause.
    fn starts_with_actor(&self, from: usize, to: usize, style: ParseStyle) -> bool {
        for i in from..to {
            match self.raw_class(i) {
                // PETRARCH deletes ", and A and B," as a clause; TABARI keeps it as list
                Class::Builtin(Builtin::CompoundConjunction) if style == ParseStyle::Petrarch => {
                    return false;
                }
                // PETRARCH's tagger knows adjectives the dictionaries lack ("the awful Fornost")
                Class::Unknown if style == ParseStyle::Petrarch && self.np_word(i) => continue,
                Class::Builtin(
                    Builtin::Determiner | Builtin::CompoundConjunction | Builtin::Former,
                )
                | Class::Adjective => continue,
                Class::Actor => return true,
                _ => return false,
            }
        }
        false
    }

    /// True when the live token at or after `i` is a verb in -ING that
    /// begins its unit: ", accusing Y of ...".
    fn starts_participle(&self, i: usize) -> bool {
        let Some(j) = (i..self.toks.len()).find(|&j| !self.toks[j].deleted) else {
            return false;
        };
        // prepositions and nouns in -ING that do not open a clause
        const NOT_PARTICIPLES: &WordList = &WordList::new(&[
            "INCLUDING",
            "ACCORDING",
            "FOLLOWING",
            "REGARDING",
            "CONCERNING",
            "NOTWITHSTANDING",
            "EVERYTHING",
            "NOTHING",
            "SOMETHING",
            "MORNING",
            "EVENING",
            "BEING",
        ]);
        let t = &self.toks[j];
        t.case == Case::Lower
            && t.kind == TokenKind::Word
            && t.norm.len() > 5
            && t.norm.ends_with("ING")
            && !is_one_of(&t.norm, NOT_PARTICIPLES)
            && match t.unit {
                Some(u) => {
                    let u = &self.units[u as usize];
                    u.class == Class::Verb && u.first() == j
                }
                None => true,
            }
    }

    /// True when the comma at `c` follows an actor and the words after it are
    /// actors joined by a conjunction: ", with Denmark, France and Germany
    /// sending ..." is one list, not a comma clause.
    fn heads_actor_list(&self, c: usize) -> bool {
        let before = (0..c).rev().find(|&i| !self.toks[i].deleted);
        if !before.is_some_and(|b| self.raw_class(b) == Class::Actor) {
            return false;
        }
        // ", the leaders of France, Germany, Britain and Poland": the list
        // goes on over more commas, each part an actor, to its conjunction
        let mut from = c + 1;
        while from < self.toks.len() {
            let end = (from..self.toks.len())
                .find(|&i| self.toks[i].kind == TokenKind::Comma)
                .unwrap_or(self.toks.len());
            if !self.starts_with_actor(from, end, ParseStyle::Tabari) {
                return false;
            }
            if self.has_conjoined_actor(from, end) {
                return true;
            }
            from = end + 1;
        }
        false
    }

    /// True when `from..to` holds a conjunction followed (after determiners and
    /// adjectives) by an actor: "... and Bree".
    fn has_conjoined_actor(&self, from: usize, to: usize) -> bool {
        (from..to).any(|i| {
            self.raw_class(i) == Class::Builtin(Builtin::CompoundConjunction)
                && self.starts_with_actor(i + 1, to, ParseStyle::Tabari)
        })
    }

    /// Class from the lexical match alone (before deletion and re-classing).
    fn raw_class(&self, i: usize) -> Class {
        match self.toks[i].unit {
            Some(u) => self.units[u as usize].class,
            None => Class::Unknown,
        }
    }

    /// Drops units that lost a token to a deleted clause.
    fn cancel_deleted_units(&mut self) {
        for u in 0..self.units.len() {
            let broken = self.units[u]
                .tokens
                .iter()
                .any(|&t| self.toks[t as usize].deleted);
            // time phrases keep their codes even in deleted clauses (a discard
            // or complexity code there still applies)
            if broken && self.units[u].class != Class::Time {
                for &t in &self.units[u].tokens {
                    self.toks[t as usize].unit = None;
                }
                self.units[u].class = Class::Unknown;
                self.units[u].tokens.clear();
            }
        }
    }

    // ---- nouns ------------------------------------------------------------

    /// Verbs after a determiner (adjectives may intervene) or capitalized in
    /// mid-sentence become nouns; null-coded verbs without patterns and actors
    /// whose code is null on this date become nouns too.
    fn mark_nouns(
        &mut self,
        dict: &Dictionaries,
        lex: &Lexicon,
        date: Option<chrono::NaiveDate>,
        opts: &CoderOptions,
    ) {
        let style = opts.style;
        let first_live = self.live().next();
        for u in 0..self.units.len() {
            let unit = &self.units[u];
            if unit.tokens.is_empty() {
                continue;
            }
            match (unit.class, unit.entry) {
                (Class::Verb, Entry::Verb(f)) => {
                    let head = unit.first();
                    let form = &dict.verb_forms[f as usize];
                    let set = &dict.verb_sets[form.set as usize];
                    let code = form.code.as_ref().unwrap_or(&set.code);
                    let null_verb = code.is_null() && set.patterns.is_empty();
                    let capitalized = !self.all_caps
                        && Some(head) != first_live
                        && self.toks[head].case != Case::Lower;
                    // "during an unannounced visit to Kyiv": the frame's action
                    let framed = opts.frames && self.frame_start(head, consults(code)).is_some();
                    // "riot-control agents", "strike-hit towns": the first half of
                    // a hyphenated compound modifies the second
                    let compound_half = self
                        .toks
                        .get(unit.last() + 1)
                        .is_some_and(|t| t.hyphen_before);
                    let after_det = (self.preceded_by_determiner(head, style)
                        || (opts.noun_modifiers
                            && (self.preceded_by_modifier(head)
                                || self.preceded_by_quantifier(head)
                                || compound_half)))
                        && !framed;
                    if null_verb || capitalized || after_det {
                        self.units[u].class = Class::Noun;
                    }
                }
                (Class::Actor, Entry::Actor(a)) => {
                    let codes = dict.actors[a as usize].codes.resolve(date);
                    // "Rwanda-backed M23 rebels", "Iranian-backed militias":
                    // the backer describes the actor and is not its country
                    const BACKING: &WordList = &WordList::new(&[
                        "BACKED",
                        "ALIGNED",
                        "ALLIED",
                        "SPONSORED",
                        "FUNDED",
                        "FINANCED",
                        "SUPPORTED",
                        "TRAINED",
                        "ARMED",
                        "FRIENDLY",
                        "LEANING",
                    ]);
                    // ("a U.S.-backed proposal" is the backer's: the backed
                    // noun must be an actor or role within a few words)
                    let backed = unit.last() + 1;
                    let backer = opts.noun_modifiers
                        && self
                            .toks
                            .get(backed)
                            .is_some_and(|t| t.hyphen_before && is_one_of(&t.norm, BACKING))
                        && self.backs_an_actor(backed);
                    if backer || codes.is_empty() || codes.iter().all(|c| c.as_ref() == "---") {
                        self.units[u].class = Class::Noun;
                    }
                }
                _ => {}
            }
        }
        let _ = lex;
    }

    /// True when a role or actor follows the backing word at `i` ("-backed
    /// M23 rebels", "-backed Kurdish forces") before any common noun ("-backed
    /// proposal").
    fn backs_an_actor(&self, i: usize) -> bool {
        let mut j = i;
        for _ in 0..3 {
            let Some(n) = self.next_live(j) else {
                return false;
            };
            match self.class(n) {
                Class::Agent | Class::Actor => return true,
                _ if self.toks[n].case == Case::Lower
                    || self.toks[n].kind != dyad_text::TokenKind::Word =>
                {
                    return false;
                }
                _ => j = n,
            }
        }
        false
    }

    /// The DURING that opens a frame whose action is the verb at `head`:
    /// only determiners, possessives, numbers, modifiers and a possessive
    /// actor stand between ("during Wang's first visit to India"). A
    /// consultation (`consultation`: a code of root 04) is framed by AT and
    /// IN too ("at a meeting in Dushanbe", "told Dar in a phone call").
    pub fn frame_start(&self, head: usize, consultation: bool) -> Option<usize> {
        let mut j = head;
        for _ in 0..6 {
            let p = self.prev_live(j)?;
            let t = &self.toks[p];
            // "during a visit to Kyiv", and a leading "In a phone call with
            // X, ..."
            if t.norm == "DURING"
                || (t.norm == "IN" && self.live().next() == Some(p))
                || (consultation && matches!(t.norm.as_str(), "AT" | "IN"))
            {
                return Some(p);
            }
            // "at the start of a state visit to France", "at the end of
            // talks": the frame's own preposition is before "the start of"
            if t.norm == "OF"
                && let Some(q) = self.prev_live(p)
                && matches!(
                    self.toks[q].norm.as_str(),
                    "START" | "END" | "BEGINNING" | "CLOSE" | "CONCLUSION" | "CLIMAX"
                )
                && let Some(the) = self.prev_live(q)
                && self.toks[the].norm == "THE"
                && let Some(at) = self.prev_live(the)
                && matches!(
                    self.toks[at].norm.as_str(),
                    "AT" | "DURING" | "TOWARD" | "TOWARDS"
                )
            {
                return Some(at);
            }
            // "claimed responsibility for an attack on ...": the claimed act
            // ("claimed responsibility on Wednesday for the bombing")
            if t.norm == "FOR" {
                let mut q = p;
                for _ in 0..4 {
                    let Some(r) = self.prev_live(q) else { break };
                    if self.toks[r].norm == "RESPONSIBILITY" {
                        return Some(p);
                    }
                    if matches!(self.class(r), Class::Verb | Class::Comma) {
                        break;
                    }
                    q = r;
                }
            }
            let ok = match self.class(p) {
                Class::Builtin(Builtin::Determiner | Builtin::Pronoun | Builtin::PluralPronoun) => {
                    is_one_of(&t.norm, POSSESSIVES)
                        || self.class(p) == Class::Builtin(Builtin::Determiner)
                }
                Class::Adjective | Class::Number | Class::Noun => true,
                Class::Actor | Class::Agent => true,
                // "during Carney's visit": a possessive name the actor files lack
                Class::Unknown => {
                    t.kind == TokenKind::Word && (t.case == Case::Lower || t.norm.ends_with("'S"))
                }
                _ => false,
            };
            if !ok {
                return None;
            }
            j = p;
        }
        None
    }

    /// `noun_modifiers`: a verb form read as a noun because a possessive or
    /// a noun modifies it: "Abe's visit", "the president's surprise visit",
    /// "a telephone call", "an India visit", "the U.S. attack on". A past
    /// tense is never a noun ("the panel criticized", "the U.S. attacked"),
    /// and only content words are crossed on the way to the determiner
    /// ("the decision to visit" stays a verb).
    fn preceded_by_modifier(&self, head: usize) -> bool {
        const NOT_POSSESSIVE: &WordList = &WordList::new(&[
            "IT'S", "HE'S", "SHE'S", "THAT'S", "THERE'S", "WHAT'S", "WHO'S", "LET'S", "HERE'S",
            "WHERE'S",
        ]);
        // function words that are never the noun of a noun phrase
        const FUNCTION: &WordList = &WordList::new(&[
            "TO",
            "WILL",
            "WOULD",
            "CAN",
            "COULD",
            "SHOULD",
            "MAY",
            "MIGHT",
            "MUST",
            "SHALL",
            "HAS",
            "HAVE",
            "HAD",
            "DID",
            "DO",
            "DOES",
            "NOT",
            "THAT",
            "WHICH",
            "WHO",
            "WHOM",
            "WHEN",
            "WHILE",
            "ALSO",
            "STILL",
            "JUST",
            "EVEN",
            "THEN",
            "NOW",
            "SOON",
            "LATER",
            "ONCE",
            "AND",
            "BUT",
            "OR",
            "NOR",
            "FOR",
            "FROM",
            "WITH",
            "ON",
            "IN",
            "AT",
            "OF",
            "ABOUT",
            "AFTER",
            "BEFORE",
            "AGAINST",
            "OVER",
            "INTO",
            "UPON",
            "UNDER",
            "WAS",
            "WERE",
            "IS",
            "ARE",
            "AM",
            "BE",
            "BEEN",
            "BEING",
            "ALREADY",
            "NEVER",
            "AGAIN",
            "YET",
            "THEY",
            "WE",
            "YOU",
            "HE",
            "SHE",
            "IT",
            "I",
            "THIS",
            "THESE",
            "THOSE",
            "THERE",
            "HERE",
            "WHERE",
            "WHY",
            "HOW",
            "IF",
            "AS",
            "SO",
            "THAN",
            "VERY",
            "TOO",
            "ALMOST",
            "ONLY",
            "REPEATEDLY",
            "ALWAYS",
            "OFTEN",
            "FINALLY",
            "FIRST",
            "MAINLY",
            "JOINTLY",
            "NEITHER",
            "EITHER",
            "BOTH",
            "ALL",
            "EACH",
            "WHETHER",
            "UNTIL",
            "SINCE",
            "BECAUSE",
            "DURING",
            "WITHOUT",
            "BETWEEN",
            "AMONG",
            "THROUGH",
            "TOWARD",
            "TOWARDS",
            "VIA",
            "PER",
            "LIKE",
            "UP",
            "DOWN",
            "OUT",
            "OFF",
            "BACK",
            "AWAY",
            "GOING",
            "ABLE",
            "NEED",
            "WANT",
        ]);
        let w = self.toks[head].norm.as_str();
        let past = w.ends_with("ED")
            || is_one_of(w, crate::coding::IRREGULAR_PAST)
            || self.toks[head].case != Case::Lower;
        if past {
            return false;
        }
        let possessive = |t: &Tok| {
            t.kind == TokenKind::Word
                && (t.norm.ends_with("'S") || t.norm.ends_with("S'"))
                && !is_one_of(&t.norm, NOT_POSSESSIVE)
        };
        let content = |t: &Tok| {
            t.case == Case::Lower
                && t.kind == TokenKind::Word
                && t.norm.len() > 2
                && t.norm.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-')
                && !t.norm.ends_with("LY")
                && !t.norm.ends_with('S')
                && !is_one_of(&t.norm, FUNCTION)
        };
        let mut j = head;
        let mut crossed = 0;
        while let Some(p) = self.prev_live(j) {
            let t = &self.toks[p];
            if possessive(t) {
                return true;
            }
            match self.class(p) {
                Class::Builtin(Builtin::Determiner) => return crossed > 0,
                Class::Adjective | Class::Number => j = p,
                Class::Unknown | Class::Noun if content(t) && crossed < 2 => {
                    crossed += 1;
                    j = p;
                }
                // "an India visit", "the U.S. attack on": an actor modifies
                // the noun (a determiner before it, a bare stem after it)
                Class::Actor => {
                    let Some(d) = t.unit.map(|u| self.units[u as usize].first()) else {
                        return false;
                    };
                    let Some(q) = self.prev_live(d) else {
                        return false;
                    };
                    let det = self.toks[q].norm.as_str();
                    return matches!(det, "A" | "AN")
                        || (matches!(det, "THE") && !w.ends_with('S') && !w.ends_with("ING"));
                }
                _ => return false,
            }
        }
        false
    }

    /// `noun_modifiers`: a participle in -ED right after a quantifier or a
    /// number is an adjective: "other detained protesters", "the two
    /// detained Japanese nationals", "several jailed journalists", when a
    /// noun follows ("we both opposed", "thousands marched against" keep
    /// their verb).
    fn preceded_by_quantifier(&self, head: usize) -> bool {
        const QUANTIFIERS: &WordList = &WordList::new(&["OTHER", "MANY", "THOSE", "THESE"]);
        const NOT_NOUNS: &[&str] = &[
            "AGAINST", "ON", "IN", "TO", "FOR", "AT", "BY", "WITH", "FROM", "INTO", "OVER", "THE",
            "A", "AN", "THAT", "AND", "OR", "BUT", "AS", "OUT", "UP", "OFF", "THROUGH", "ACROSS",
        ];
        let noun_follows = self.next_live(head).is_some_and(|n| {
            let t = &self.toks[n];
            t.kind == TokenKind::Word && !NOT_NOUNS.contains(&t.norm.as_str())
        });
        noun_follows
            && self.toks[head].norm.ends_with("ED")
            && self.prev_live(head).is_some_and(|p| {
                let t = &self.toks[p];
                t.kind == TokenKind::Number
                    || (t.case == Case::Lower
                        && (is_one_of(&t.norm, QUANTIFIERS) || is_one_of(&t.norm, NUMBER_WORDS)))
            })
    }

    fn preceded_by_determiner(&self, head: usize, style: ParseStyle) -> bool {
        let mut j = head;
        while let Some(p) = self.prev_live(j) {
            match self.class(p) {
                Class::Builtin(Builtin::Determiner) => return true,
                // a tagger reads "their meeting" as a noun (PETRARCH's parse does)
                Class::Builtin(Builtin::PluralPronoun | Builtin::Pronoun)
                    if style == ParseStyle::Petrarch
                        && is_one_of(&self.toks[p].norm, POSSESSIVES) =>
                {
                    return true;
                }
                Class::Unknown
                    if style == ParseStyle::Petrarch
                        && is_one_of(&self.toks[p].norm, POSSESSIVES) =>
                {
                    return true;
                }
                Class::Adjective | Class::Number => j = p,
                _ => return false,
            }
        }
        false
    }

    // ---- actors and agents ------------------------------------------------------

    fn build_actors(
        &mut self,
        dict: &Dictionaries,
        lex: &Lexicon,
        opts: &CoderOptions,
        date: Option<chrono::NaiveDate>,
    ) {
        let _ = lex;
        let mut agent_used = vec![false; self.units.len()];
        let mut actors = Vec::new();
        for u in 0..self.units.len() {
            let unit = &self.units[u];
            if unit.class != Class::Actor {
                continue;
            }
            let Entry::Actor(a) = unit.entry else {
                continue;
            };
            let codes: Vec<String> = dict.actors[a as usize]
                .codes
                .resolve(date)
                .iter()
                .map(|c| c.to_string())
                .collect();
            let (first, last) = (unit.first(), unit.last());
            actors.push(ActorRef {
                kind: ActorKind::Named,
                codes,
                unit: Some(u as u32),
                agent_unit: None,
                first,
                last,
                compound: None,
                hidden: false,
            });
        }
        // attach agents: immediately after the actor first, then immediately before,
        // then an agent followed by OF/IN before the actor
        for actor in &mut actors {
            // agents attach to the words right next to the actor, not across a deleted clause
            let next_raw =
                |i: usize| (i + 1 < self.toks.len() && !self.toks[i + 1].deleted).then_some(i + 1);
            let prev_raw = |i: usize| (i > 0 && !self.toks[i - 1].deleted).then(|| i - 1);
            // "Arnor former security officials": FORMER may stand between
            let after_former = next_raw(actor.last)
                .filter(|&j| self.class(j) == Class::Builtin(Builtin::Former))
                .and_then(next_raw);
            let after = next_raw(actor.last)
                .or(after_former)
                .filter(|&j| self.class(j) == Class::Agent)
                .or_else(|| after_former.filter(|&j| self.class(j) == Class::Agent));
            let before = prev_raw(actor.first).filter(|&j| self.class(j) == Class::Agent);
            let via_prep = prev_raw(actor.first).and_then(|p| {
                matches!(self.class(p), Class::Builtin(Builtin::Preposition))
                    .then(|| prev_raw(p))
                    .flatten()
            });
            let via_prep = via_prep.filter(|&j| self.class(j) == Class::Agent);
            let pick = after.or(before).or(via_prep);
            if let Some(j) = pick
                && let Some(au) = self.toks[j].unit
                && !agent_used[au as usize]
            {
                agent_used[au as usize] = true;
                let Entry::Agent(ag) = self.units[au as usize].entry else {
                    continue;
                };
                let ag_unit = &self.units[au as usize];
                let elite = self.former_before(actor.first) || self.former_before(ag_unit.first());
                let code = &dict.agents[ag as usize].code;
                for c in &mut actor.codes {
                    *c = combine_agent(c, code, elite);
                }
                actor.agent_unit = Some(au);
                actor.first = actor.first.min(ag_unit.first());
                actor.last = actor.last.max(ag_unit.last());
            } else if self.former_before(actor.first) {
                // FORMER with no agent: the actor becomes an elite
                for c in &mut actor.codes {
                    *c = combine_agent(
                        c,
                        &AgentCode {
                            code: "ELI".into(),
                            prefix: false,
                        },
                        false,
                    );
                }
            }
        }
        if opts.convert_agents {
            for (u, used) in agent_used.iter().enumerate() {
                if self.units[u].class != Class::Agent || *used {
                    continue;
                }
                let Entry::Agent(ag) = self.units[u].entry else {
                    continue;
                };
                let code = &dict.agents[ag as usize].code;
                let text = if code.prefix {
                    format!("{}~", code.code)
                } else {
                    format!("~{}", code.code)
                };
                actors.push(ActorRef {
                    kind: ActorKind::AgentOnly,
                    codes: vec![text],
                    unit: None,
                    agent_unit: Some(u as u32),
                    first: self.units[u].first(),
                    last: self.units[u].last(),
                    compound: None,
                    hidden: false,
                });
            }
        }
        // pronouns
        for i in 0..self.toks.len() {
            if self.toks[i].deleted {
                continue;
            }
            if let Class::Builtin(b @ (Builtin::Pronoun | Builtin::PluralPronoun)) = self.class(i) {
                actors.push(ActorRef {
                    kind: ActorKind::Pronoun {
                        plural: b == Builtin::PluralPronoun,
                        referent: None,
                    },
                    codes: Vec::new(),
                    unit: self.toks[i].unit,
                    agent_unit: None,
                    first: i,
                    last: i,
                    compound: None,
                    hidden: false,
                });
            }
        }
        actors.sort_by_key(|a| (a.first, a.last));
        self.actors = actors;
    }

    fn former_before(&self, pos: usize) -> bool {
        self.prev_live(pos)
            .is_some_and(|p| self.class(p) == Class::Builtin(Builtin::Former))
    }

    /// The actor whose span covers token `i`.
    pub fn actor_at(&self, i: usize) -> Option<usize> {
        self.actors
            .iter()
            .position(|a| a.first <= i && i <= a.last && !a.hidden)
    }

    // ---- compounds ------------------------------------------------------------

    /// Finds compound actors around AND/OR/NOR: the actor right before the
    /// conjunction (with comma-linked actors before it) and every actor in
    /// the noun phrase after it. Conjunctions between two adjectives or two
    /// nouns join words, not actors.
    fn mark_compounds(&mut self) {
        let conjs: Vec<usize> = self
            .live()
            .filter(|&i| self.class(i) == Class::Builtin(Builtin::CompoundConjunction))
            .collect();
        for c in conjs {
            let left = self.prev_live(c);
            let right = self.next_live(c);
            let (Some(mut l), Some(r)) = (left, right) else {
                continue;
            };
            // "A, B, and C": the comma before the conjunction
            if self.class(l) == Class::Comma
                && let Some(before) = self.prev_live(l)
            {
                l = before;
            }
            let Some(left_actor) = self.actor_ending_at(l) else {
                continue;
            };
            // right side: the noun phrase after the conjunction
            let mut right_members = Vec::new();
            let mut end = c;
            let mut j = r;
            loop {
                let cl = self.class(j);
                let before_first = right_members.is_empty();
                let np = if before_first {
                    matches!(
                        cl,
                        Class::Actor
                            | Class::Agent
                            | Class::Noun
                            | Class::Adjective
                            | Class::Unknown
                            | Class::Number
                            | Class::Builtin(Builtin::Determiner | Builtin::Former)
                    ) || (cl == Class::Builtin(Builtin::Preposition) && self.toks[j].norm == "OF")
                } else {
                    // after an actor, adjectives and determiners may lead to another
                    // actor ("Arnor awful Gondor"), as may a possessive ("Arnor's Elrond")
                    let prev = self.prev_live(j).map(|p| self.class(p));
                    let prev_possessive = self.prev_live(j).is_some_and(|p| {
                        self.class(p) == Class::Actor && self.toks[p].norm.ends_with("'S")
                    });
                    (matches!(cl, Class::Adjective | Class::Builtin(Builtin::Determiner))
                        && self.adjective_run_to_actor(j))
                        || (cl == Class::Actor
                            && (prev_possessive
                                || matches!(
                                    prev,
                                    Some(Class::Adjective | Class::Builtin(Builtin::Determiner))
                                )))
                };
                if !np {
                    break;
                }
                if let Some(a) = self.actor_starting_at(j) {
                    right_members.push(a);
                    j = self.actors[a].last;
                }
                end = j;
                match self.next_live(j) {
                    Some(nj) => j = nj,
                    None => break,
                }
            }
            if right_members.is_empty() {
                continue;
            }
            // extend the compound the left actor is already in, or start one
            // with the left actor and the comma-linked actors before it
            let idx = match self.actors[left_actor].compound {
                Some(k) => k,
                None => {
                    let mut left_members = vec![left_actor];
                    let mut start = self.np_start(self.actors[left_actor].first);
                    let mut k = start;
                    while let Some(p) = self.prev_live(k) {
                        if self.class(p) != Class::Comma {
                            break;
                        }
                        let Some(q) = self.prev_live(p) else { break };
                        let Some(a2) = self.actor_ending_at(q) else {
                            break;
                        };
                        // "After months of Qatari mediation, Congo's government
                        // and the M23 ...": the comma closes a leading phrase
                        if self.closes_leading_phrase(p) {
                            break;
                        }
                        left_members.push(a2);
                        start = self.np_start(self.actors[a2].first);
                        k = start;
                    }
                    left_members.reverse();
                    for &m in &left_members {
                        self.actors[m].compound = Some(self.compounds.len());
                    }
                    self.compounds.push(Compound {
                        members: left_members,
                        first: start,
                        last: c,
                    });
                    self.compounds.len() - 1
                }
            };
            for &m in &right_members {
                if !self.compounds[idx].members.contains(&m) {
                    self.compounds[idx].members.push(m);
                }
                self.actors[m].compound = Some(idx);
            }
            self.compounds[idx].last = end;
        }
    }

    /// True when the comma at `c` is the sentence's first and closes a
    /// leading prepositional phrase.
    pub(crate) fn closes_leading_phrase(&self, c: usize) -> bool {
        let Some(first) = self.live().next() else {
            return false;
        };
        is_one_of(&self.toks[first].norm, LEADING_PREPOSITIONS)
            && !(first..c).any(|i| !self.toks[i].deleted && self.toks[i].kind == TokenKind::Comma)
    }

    /// True when the adjectives and determiners from `j` lead to an actor.
    fn adjective_run_to_actor(&self, j: usize) -> bool {
        let mut k = j;
        loop {
            match self.class(k) {
                Class::Adjective | Class::Builtin(Builtin::Determiner) => match self.next_live(k) {
                    Some(n) => k = n,
                    None => return false,
                },
                Class::Actor => return true,
                _ => return false,
            }
        }
    }

    /// Where a noun phrase ending at an actor starts: determiners and
    /// adjectives before it belong to it.
    fn np_start(&self, first: usize) -> usize {
        let mut s = first;
        while let Some(p) = self.prev_live(s) {
            match self.class(p) {
                Class::Adjective | Class::Builtin(Builtin::Determiner | Builtin::Former) => s = p,
                _ => break,
            }
        }
        s
    }

    fn actor_starting_at(&self, i: usize) -> Option<usize> {
        self.actors
            .iter()
            .position(|a| a.first == i && matches!(a.kind, ActorKind::Named | ActorKind::AgentOnly))
    }

    pub(crate) fn actor_ending_at(&self, i: usize) -> Option<usize> {
        self.actors
            .iter()
            .position(|a| a.last == i && matches!(a.kind, ActorKind::Named | ActorKind::AgentOnly))
    }

    // ---- pronouns --------------------------------------------------------------

    /// A pronoun stands for the first actor of the sentence before it (the
    /// whole compound when that actor is in one); without one, for the first
    /// actor of the previous sentence of the same story, when forwarding is on.
    fn resolve_pronouns(&mut self, forward: Option<&Forward>) {
        let first_named = self
            .actors
            .iter()
            .position(|a| matches!(a.kind, ActorKind::Named | ActorKind::AgentOnly) && !a.hidden);
        for i in 0..self.actors.len() {
            let ActorKind::Pronoun { plural, .. } = self.actors[i].kind else {
                continue;
            };
            let pos = self.actors[i].first;
            let referent = first_named.filter(|&f| self.actors[f].last < pos);
            match referent {
                Some(f) => {
                    self.actors[i].kind = ActorKind::Pronoun {
                        plural,
                        referent: Some(f),
                    };
                    self.actors[i].codes = self.actors[f].codes.clone();
                }
                None => {
                    if let Some(fw) = forward
                        && !fw.codes.is_empty()
                    {
                        self.actors[i].codes = fw.codes.clone();
                    }
                }
            }
        }
    }

    /// The compound a (resolved) actor stands for, following pronouns.
    pub fn compound_of(&self, a: usize) -> Option<usize> {
        match self.actors[a].kind {
            ActorKind::Pronoun {
                referent: Some(f), ..
            } => self.actors[f].compound,
            _ => self.actors[a].compound,
        }
    }

    /// True when clause `cs..` is a subordinate clause opened by one of
    /// [`SUBORDINATORS`] ("after the Caribbean nation hosted ...").
    pub(crate) fn opens_after_subordinator(&self, cs: usize) -> bool {
        self.prev_live(cs)
            .is_some_and(|i| is_one_of(&self.toks[i].norm, SUBORDINATORS))
    }

    // ---- clauses ----------------------------------------------------------------

    /// Splits the sentence at conjunctions that are not inside a compound and
    /// do not join two adjectives or two nouns.
    fn mark_clauses(&mut self, dict: &Dictionaries, opts: &CoderOptions) {
        let style = opts.style;
        let n = self.toks.len();
        let mut start = 0;
        let mut kind = ClauseKind::First;
        for i in 0..n {
            if self.toks[i].deleted {
                continue;
            }
            // "Japan said (that) Russia attacked Ukraine": the reported clause
            // has its own subject
            if opts.report_clauses && self.ends_reporting_verb(dict, i) {
                let at = self.that_after_reporting_verb(i).unwrap_or(i);
                if self.subject_then_verb(at, true) {
                    self.clauses.push((start, at + 1));
                    self.clause_kinds.push(kind);
                    kind = ClauseKind::Own;
                    start = at + 1;
                    continue;
                }
            }
            // ", accusing Y of ...": a participle opens a clause
            if opts.participle_clauses
                && self.toks[i].kind == TokenKind::Comma
                && self.starts_participle(i + 1)
            {
                if i > start {
                    self.clauses.push((start, i));
                    self.clause_kinds.push(kind);
                }
                kind = ClauseKind::Participle;
                start = i + 1;
                continue;
            }
            // "a ceasefire plan, which Moscow rejected", "an offer that Kyiv
            // dismissed": a relative clause whose own subject follows the
            // pronoun; its object is the antecedent
            if opts.participle_clauses && i > start && self.reduced_relative_after(i) {
                self.clauses.push((start, i));
                self.clause_kinds.push(kind);
                kind = ClauseKind::GapRelative;
                start = i + 1;
                continue;
            }
            if opts.participle_clauses && i > start && self.opens_gap_relative(i) {
                self.clauses.push((start, i));
                self.clause_kinds.push(kind);
                kind = ClauseKind::GapRelative;
                start = i;
                continue;
            }
            // "..., joining Britain and Canada, which announced ...": a relative
            // clause after an actor
            if opts.participle_clauses
                && self.toks[i].kind == TokenKind::Comma
                && i > start
                && self.next_live(i).is_some_and(|j| {
                    matches!(self.toks[j].norm.as_str(), "WHICH" | "WHO")
                        && !self.opens_gap_relative(j)
                })
                && self
                    .prev_live(i)
                    .is_some_and(|j| self.actor_ending_at(j).is_some())
            {
                self.clauses.push((start, i));
                self.clause_kinds.push(kind);
                kind = ClauseKind::Relative;
                start = i + 1;
                continue;
            }
            // "..., a move opposed by Russia, which has criticized ...": a
            // relative clause after a deleted comma clause refers to a word
            // of that clause, not to the main clause's subject
            if opts.participle_clauses
                && i > start
                && matches!(self.toks[i].norm.as_str(), "WHICH" | "WHO")
                && self.class(i) != Class::Actor
                && self.toks[i - 1].kind == TokenKind::Comma
                && self.toks[i - 1].deleted
            {
                self.clauses.push((start, i));
                self.clause_kinds.push(kind);
                kind = ClauseKind::Relative;
                start = i;
                continue;
            }
            // "after Washington raised duties ...": a subordinate clause with
            // its own subject
            if opts.participle_clauses
                && i > start
                && is_one_of(&self.toks[i].norm, SUBORDINATORS)
                && self.subject_then_verb(i, true)
            {
                self.clauses.push((start, i));
                self.clause_kinds.push(kind);
                kind = ClauseKind::Own;
                start = i + 1;
                continue;
            }
            // "after blaming Russian intelligence for ...", "before storming
            // it": a gerund after a subordinator is the main subject's own act
            if opts.participle_clauses
                && i > start
                && is_one_of(&self.toks[i].norm, &["AFTER", "BEFORE", "WHILE", "SINCE"])
                && self.next_live(i).is_some_and(|v| {
                    self.class(v) == Class::Verb
                        && self.toks[v].case == Case::Lower
                        && self.toks[v].norm.ends_with("ING")
                })
            {
                self.clauses.push((start, i));
                self.clause_kinds.push(kind);
                kind = ClauseKind::Participle;
                start = i + 1;
                continue;
            }
            // PETRARCH: ", a senior official said" is a clause of its own
            if style == ParseStyle::Petrarch
                && self.toks[i].kind == TokenKind::Comma
                && self.subject_verb_follows(i)
            {
                if i > start {
                    self.clauses.push((start, i));
                    self.clause_kinds.push(kind);
                }
                kind = ClauseKind::Own;
                start = i + 1;
                continue;
            }
            let is_conj = matches!(
                self.class(i),
                Class::Builtin(Builtin::Conjunction | Builtin::CompoundConjunction)
            );
            if !is_conj {
                continue;
            }
            if self
                .compounds
                .iter()
                .any(|c| c.members.len() > 1 && c.first <= i && i <= c.last)
            {
                continue;
            }
            if self.actors.iter().any(|a| a.first < i && i < a.last) {
                continue; // inside an actor phrase with a gap ("DURTHANG ... ORC")
            }
            if self.joins_words(i) || (opts.participle_clauses && self.joins_counted_nouns(i)) {
                continue;
            }
            if i > start {
                self.clauses.push((start, i));
                self.clause_kinds.push(kind);
            }
            kind = ClauseKind::Conjunct;
            start = i + 1;
        }
        if start < n || self.clauses.is_empty() {
            self.clauses.push((start, n));
            self.clause_kinds.push(kind);
        }
    }

    /// True when the pronoun at `i` opens a relative clause whose subject
    /// follows it: WHICH or WHOM, or THAT after a noun that is not the head
    /// of a content clause ("claims that ..."), then a subject and its verb.
    ///
    /// Asked of every token while clauses are marked: the test of the word
    /// is inlined, the rest is a call.
    #[inline]
    fn opens_gap_relative(&self, i: usize) -> bool {
        matches!(self.toks[i].norm.as_str(), "WHICH" | "THAT" | "WHOM")
            && self.relative_pronoun_opens_gap(i)
    }

    /// [`Parse::opens_gap_relative`] for a token that is WHICH, THAT or WHOM.
    fn relative_pronoun_opens_gap(&self, i: usize) -> bool {
        let word = self.toks[i].norm.as_str();
        if self.class(i) == Class::Actor {
            return false;
        }
        let Some(mut before) = self.prev_live(i) else {
            return false;
        };
        let after_comma = self.toks[before].kind == TokenKind::Comma;
        if after_comma {
            if word == "THAT" {
                return false;
            }
            match self.prev_live(before) {
                Some(b) => before = b,
                None => return false,
            }
        }
        let t = &self.toks[before];
        if t.kind != TokenKind::Word
            || self.class(before) == Class::Verb
            || is_one_of(&t.norm, DENIED_NOUNS)
        {
            return false;
        }
        if word == "THAT"
            && (is_one_of(&t.norm, CONTENT_NOUNS)
                || !matches!(
                    self.class(before),
                    Class::Noun | Class::Unknown | Class::Actor | Class::Agent
                )
                || !self.relative_antecedent(before))
        {
            return false;
        }
        // the subject: an actor (a determiner may precede it) right after
        let Some(mut s) = self.next_live(i) else {
            return false;
        };
        if self.class(s) == Class::Builtin(Builtin::Determiner) {
            match self.next_live(s) {
                Some(n) => s = n,
                None => return false,
            }
        }
        self.class(s) == Class::Actor && self.subject_then_verb(i, true)
    }

    /// True when the comma at `c` opens an appositive with a relative
    /// clause without a pronoun: ", a move Kyiv condemned", ", an offer the
    /// Kremlin dismissed as theatre".
    fn reduced_relative_after(&self, c: usize) -> bool {
        if self.toks[c].kind != TokenKind::Comma {
            return false;
        }
        let Some(d) = self.next_live(c) else {
            return false;
        };
        if self.class(d) != Class::Builtin(Builtin::Determiner) {
            return false;
        }
        // the appositive's words up to its head noun, then the subject
        let mut k = d;
        for _ in 0..4 {
            let Some(n) = self.next_live(k) else {
                return false;
            };
            let subject_starts = self.class(n) == Class::Actor
                || (self.class(n) == Class::Builtin(Builtin::Determiner)
                    && self
                        .next_live(n)
                        .is_some_and(|m| self.class(m) == Class::Actor));
            if subject_starts {
                let head = &self.toks[k];
                return k != d
                    && !is_one_of(&head.norm, DENIED_NOUNS)
                    && head.case == Case::Lower
                    && matches!(self.class(k), Class::Noun | Class::Unknown)
                    && self.subject_then_verb(k, true);
            }
            if !(self.np_word(n) || self.toks[n].norm == "OF") {
                return false;
            }
            k = n;
        }
        false
    }

    /// True when the noun phrase ending at `head` can take a THAT relative
    /// clause: it opens with a determiner or follows a comma ("an offer
    /// that", ", drills that"), so that time adjuncts ("demanded on Monday
    /// that"), bare addressees ("told reporters that") and adjectives
    /// ("skeptical that") do not.
    fn relative_antecedent(&self, head: usize) -> bool {
        const TIME_WORDS: &WordList = &WordList::new(&[
            "MONDAY",
            "TUESDAY",
            "WEDNESDAY",
            "THURSDAY",
            "FRIDAY",
            "SATURDAY",
            "SUNDAY",
            "TODAY",
            "YESTERDAY",
            "WEEK",
            "WEEKEND",
            "MONTH",
            "YEAR",
            "NIGHT",
            "MORNING",
            "AFTERNOON",
            "EVENING",
            "EARLIER",
            "LATER",
            "STATEMENT",
            "INTERVIEW",
        ]);
        if is_one_of(&self.toks[head].norm, TIME_WORDS) {
            return false;
        }
        let mut first = head;
        for _ in 0..5 {
            match self.prev_live(first) {
                Some(k)
                    if (self.np_word(k) || matches!(self.toks[k].norm.as_str(), "OF" | "AND"))
                        && self.class(k) != Class::Builtin(Builtin::Determiner) =>
                {
                    first = k
                }
                _ => break,
            }
        }
        // a determiner opens the noun phrase ("an offer that", "the deal
        // that"): without one, THAT after a word is mostly a complement
        // ("knew that", "skeptical that")
        // (or it is an appositive: ", drills that Pyongyang denounced")
        let determined = |k: usize| {
            self.class(k) == Class::Builtin(Builtin::Determiner)
                || self.toks[k].kind == TokenKind::Comma
        };
        determined(first) || self.prev_live(first).is_some_and(determined)
    }

    /// True when token `i` ends a verb of saying (a statement code, 01x, or
    /// a subordinate code such as `[010?]`).
    ///
    /// Asked of every token while clauses are marked: the test of the
    /// token's unit is inlined, the rest is a call.
    #[inline]
    pub(crate) fn ends_reporting_verb(&self, dict: &Dictionaries, i: usize) -> bool {
        self.toks[i].unit.is_some_and(|u| {
            let unit = &self.units[u as usize];
            unit.class == Class::Verb && unit.last() == i && self.verb_reports(dict, unit)
        })
    }

    /// [`Parse::ends_reporting_verb`] for the verb unit ending at the token.
    fn verb_reports(&self, dict: &Dictionaries, unit: &Unit) -> bool {
        let Entry::Verb(f) = unit.entry else {
            return false;
        };
        let form = &dict.verb_forms[f as usize];
        match form
            .code
            .as_ref()
            .unwrap_or(&dict.verb_sets[form.set as usize].code)
        {
            dyad_dict::EventCode::Event {
                primary,
                subordinate,
                ..
            } => *subordinate || primary.as_deref().is_some_and(|c| c.starts_with("01")),
            _ => false,
        }
    }

    /// The THAT that opens the reported clause of the reporting verb ending
    /// at `i`: right after it, or after a short adjunct without a verb or a
    /// comma ("said on Monday that", "told reporters in Seoul that").
    fn that_after_reporting_verb(&self, i: usize) -> Option<usize> {
        let mut j = i;
        for _ in 0..8 {
            j = self.next_live(j)?;
            if self.toks[j].norm == "THAT" {
                return Some(j);
            }
            if self.toks[j].kind == TokenKind::Comma || self.class(j) == Class::Verb {
                return None;
            }
        }
        None
    }

    /// True when the words after the comma at `i` are a noun phrase followed
    /// directly by a verb: the comma starts a new clause with its own subject.
    fn subject_verb_follows(&self, i: usize) -> bool {
        self.subject_then_verb(i, false)
    }

    /// [`Self::subject_verb_follows`]; with `auxiliaries`, auxiliaries and
    /// modals may stand between the noun phrase and its verb ("North
    /// Korean units had shelled", "Seoul would send").
    fn subject_then_verb(&self, i: usize, auxiliaries: bool) -> bool {
        const AUXILIARIES: &WordList = &WordList::new(&[
            "HAD", "HAS", "HAVE", "WAS", "WERE", "IS", "ARE", "BEEN", "BE", "WILL", "WOULD",
            "COULD", "CAN", "MAY", "MIGHT", "SHOULD", "MUST", "DID", "DOES", "DO", "ALSO",
        ]);
        let is_auxiliary = |k: usize| {
            self.class(k) == Class::Builtin(Builtin::Auxiliary)
                || is_one_of(&self.toks[k].norm, AUXILIARIES)
        };
        let mut j = match self.next_live(i) {
            Some(j) => j,
            None => return false,
        };
        let mut words = 0;
        loop {
            // "after the presidents of Congo and Rwanda signed": an actor or
            // compound phrase is one subject, OF and AND inside it included
            if let Some(end) = self.subject_phrase_end(j) {
                words += 1;
                match self.next_live(end) {
                    Some(n) if self.toks[n].kind != TokenKind::Comma => {
                        j = n;
                        continue;
                    }
                    _ => return false,
                }
            }
            match self.class(j) {
                Class::Verb => return words > 0,
                _ if auxiliaries && words > 0 && is_auxiliary(j) => {
                    let mut k = j;
                    for _ in 0..4 {
                        match self.next_live(k) {
                            Some(n) if self.class(n) == Class::Verb => return true,
                            Some(n) if is_auxiliary(n) => k = n,
                            _ => return false,
                        }
                    }
                    return false;
                }
                Class::Actor
                | Class::Agent
                | Class::Noun
                | Class::Adjective
                | Class::Number
                | Class::Builtin(Builtin::Determiner) => {}
                Class::Unknown if words < 8 && self.np_word(j) => {}
                _ => return false,
            }
            words += 1;
            match self.next_live(j) {
                Some(n) if self.toks[n].kind != TokenKind::Comma => j = n,
                _ => return false,
            }
        }
    }

    /// The last token of the compound or actor phrase that begins at `j`,
    /// when that phrase runs through a word [`Self::subject_then_verb`] would
    /// otherwise stop at (OF, AND). Only from the phrase's start: a comma
    /// inside "the leaders of France, Germany and Poland demanded" opens no
    /// clause.
    fn subject_phrase_end(&self, j: usize) -> Option<usize> {
        let compound = self
            .compounds
            .iter()
            .filter(|c| c.members.len() > 1 && c.first == j && j < c.last)
            .map(|c| c.last);
        let actor = self
            .actors
            .iter()
            .filter(|a| !a.hidden && a.first == j && j < a.last)
            .map(|a| a.last);
        let end = compound.chain(actor).max()?;
        (j..end)
            .any(|k| {
                !self.toks[k].deleted
                    && matches!(
                        self.class(k),
                        Class::Builtin(
                            Builtin::Preposition
                                | Builtin::Conjunction
                                | Builtin::CompoundConjunction
                        )
                    )
            })
            .then_some(end)
    }

    /// True when the conjunction at `i` joins two noun phrases of an object:
    /// "143 drones and four ballistic missiles" (a number after it),
    /// "troops and armoured units" (an agent before it, a noun or agent
    /// after it).
    fn joins_counted_nouns(&self, i: usize) -> bool {
        let (Some(l), Some(r)) = (self.prev_live(i), self.next_live(i)) else {
            return false;
        };
        let lc = self.class(l);
        let lower_word =
            |k: usize| self.toks[k].case == Case::Lower && self.toks[k].kind == TokenKind::Word;
        let left_noun = matches!(lc, Class::Noun | Class::Agent)
            || (lc == Class::Unknown && lower_word(l) && self.toks[l].norm.ends_with('S'));
        if !left_noun {
            return false;
        }
        let rc = self.class(r);
        if rc == Class::Number || is_one_of(&self.toks[r].norm, NUMBER_WORDS) {
            return true;
        }
        let mut k = r;
        while matches!(self.class(k), Class::Adjective)
            || (self.class(k) == Class::Unknown
                && lower_word(k)
                && !self.toks[k].norm.ends_with('S'))
        {
            match self.next_live(k) {
                Some(n) if k < r + 3 => k = n,
                _ => return false,
            }
        }
        // "relief supplies": after a modifier, a plural that is also a verb
        // form is the noun
        let noun = matches!(self.class(k), Class::Noun | Class::Agent)
            || (matches!(self.class(k), Class::Unknown | Class::Verb)
                && (k > r || self.class(k) == Class::Unknown)
                && lower_word(k)
                && self.toks[k].norm.ends_with('S'));
        // "interceptors and precision-guided munitions to Ukraine"; but not
        // "missiles and drones hit Kyiv", where the second noun is a subject
        noun && (lc == Class::Agent
            || self
                .next_live(k)
                .is_none_or(|n| self.class(n) != Class::Verb))
    }

    /// True when the conjunction at `i` joins two adjectives ("awful and
    /// evil") or two nouns ("sheep and (evil) goats") rather than clauses.
    fn joins_words(&self, i: usize) -> bool {
        let (Some(l), Some(r)) = (self.prev_live(i), self.next_live(i)) else {
            return false;
        };
        let (lc, rc) = (self.class(l), self.class(r));
        if lc == Class::Adjective && rc == Class::Adjective {
            return true;
        }
        // "heavily and unjustly criticized": coordinated adverbs
        let adverb = |k: usize| {
            self.class(k) == Class::Unknown
                && self.toks[k].case == dyad_text::Case::Lower
                && self.toks[k].norm.len() > 4
                && self.toks[k].norm.ends_with("LY")
        };
        if adverb(l) && adverb(r) {
            return true;
        }
        if lc != Class::Noun {
            return false;
        }
        let mut k = r;
        while matches!(
            self.class(k),
            Class::Adjective | Class::Builtin(Builtin::Determiner)
        ) {
            match self.next_live(k) {
                Some(n) => k = n,
                None => return false,
            }
        }
        self.class(k) == Class::Noun
    }

    /// The index of the clause holding token `i`.
    pub fn clause_index(&self, i: usize) -> Option<usize> {
        self.clauses.iter().position(|&(a, b)| a <= i && i < b)
    }

    /// The clause holding token `i`.
    pub fn clause_of(&self, i: usize) -> (usize, usize) {
        self.clauses
            .iter()
            .copied()
            .find(|&(a, b)| a <= i && i < b)
            .unwrap_or((0, self.toks.len()))
    }

    // ---- issues -----------------------------------------------------------------

    /// Issue codes whose phrases occur in the sentence (deleted clauses
    /// included: issues describe the whole sentence), in first-seen order;
    /// none when an ignore phrase occurs.
    pub fn issues(&self, dict: &Dictionaries, lex: &Lexicon) -> IssueHits {
        let mut hits = IssueHits::default();
        if dict.issues.is_empty() {
            return hits;
        }
        for &(pid, _) in &self.list_hits {
            let Entry::Issue(x) = lex.phrases[pid as usize].entry else {
                continue;
            };
            let issue = &dict.issues[x as usize];
            if issue.ignore {
                hits.ignored = true;
            } else if !hits.codes.iter().any(|c| c == issue.code.as_ref()) {
                hits.codes.push(issue.code.to_string());
            }
        }
        if hits.ignored {
            hits.codes.clear();
        }
        hits
    }

    // ---- discards ---------------------------------------------------------------

    fn check_discards(
        &mut self,
        dict: &Dictionaries,
        lex: &Lexicon,
        date: Option<chrono::NaiveDate>,
        style: ParseStyle,
    ) {
        if self.problem.is_some() {
            return;
        }
        // discard lists (PETRARCH): story-level phrases win over sentence-level ones
        if !dict.discards.is_empty() {
            let mut sentence_discard = None;
            for &(pid, i) in &self.list_hits {
                let Entry::Discard(d) = lex.phrases[pid as usize].entry else {
                    continue;
                };
                if self.toks[i as usize].deleted {
                    continue;
                }
                let disc = &dict.discards[d as usize];
                // the phrase's text, only for the discard reported
                let what = || disc.phrase.display().replace('=', "");
                if disc.story {
                    self.problem = Some(Problem::StoryDiscard(what()));
                    return;
                }
                sentence_discard.get_or_insert_with(what);
            }
            if let Some(what) = sentence_discard {
                self.problem = Some(Problem::Discard(what));
            }
            if self.problem.is_some() {
                return;
            }
        }
        // codes ### (discard) and +++ (complex) on actors, verbs and time phrases
        for u in &self.units {
            if u.tokens.is_empty() {
                continue;
            }
            let (discard, complex) = match u.entry {
                // PETRARCH reads ### and +++ on actors as ordinary codes
                Entry::Actor(_) if style == ParseStyle::Petrarch => continue,
                Entry::Actor(a) => {
                    if u.class != Class::Actor && u.class != Class::Noun {
                        continue;
                    }
                    let codes = dict.actors[a as usize].codes.resolve(date);
                    (
                        codes.iter().any(|c| c.as_ref() == "###"),
                        codes.iter().any(|c| c.as_ref() == "+++"),
                    )
                }
                Entry::Verb(f) if u.class == Class::Verb => {
                    let form = &dict.verb_forms[f as usize];
                    let code = form
                        .code
                        .as_ref()
                        .unwrap_or(&dict.verb_sets[form.set as usize].code);
                    (
                        matches!(code, dyad_dict::EventCode::Discard),
                        matches!(code, dyad_dict::EventCode::Complex),
                    )
                }
                _ => (false, false),
            };
            let sets_problem = discard || complex && self.problem.is_none();
            if !sets_problem {
                continue;
            }
            // the unit's words, only for a unit that sets the problem
            let text = u
                .tokens
                .iter()
                .map(|&t| self.toks[t as usize].norm.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            if discard {
                self.problem = Some(Problem::Discard(text));
                return;
            }
            if complex && self.problem.is_none() {
                self.problem = Some(Problem::Complex(format!("complex code on {text}")));
            }
        }
    }
}

/// Adds an agent code to an actor code, unless the actor code already holds
/// it at a three-letter boundary. `FORMER` turns the agent into `ELI`.
pub fn combine_agent(actor: &str, agent: &AgentCode, elite: bool) -> String {
    let code: &str = if elite { "ELI" } else { &agent.code };
    if contains_aligned(actor, code) {
        return actor.to_string();
    }
    if agent.prefix && !elite {
        format!("{code}{actor}")
    } else {
        format!("{actor}{code}")
    }
}

fn contains_aligned(actor: &str, code: &str) -> bool {
    if code.is_empty() {
        return true;
    }
    let mut i = 0;
    while i + code.len() <= actor.len() {
        if actor.is_char_boundary(i)
            && actor.is_char_boundary(i + code.len())
            && &actor[i..i + code.len()] == code
        {
            return true;
        }
        i += 3;
    }
    false
}

impl Parse {
    /// A readable account of the parse: each token with its class and the
    /// phrase it belongs to, then actors, compounds and clauses.
    pub fn describe(&self, dict: &Dictionaries, lex: &Lexicon) -> String {
        let mut s = String::new();
        for (i, t) in self.toks.iter().enumerate() {
            let class = self.class(i);
            let unit = t.unit.map(|u| {
                let unit = &self.units[u as usize];
                let lp = &lex.phrases[unit.phrase as usize];
                let what = match lp.entry {
                    Entry::Actor(a) => format!(
                        "actor {}",
                        dict.origin_label(dict.actors[a as usize].origin)
                    ),
                    Entry::Agent(a) => format!(
                        "agent {}",
                        dict.origin_label(dict.agents[a as usize].origin)
                    ),
                    Entry::Verb(f) => {
                        let form = &dict.verb_forms[f as usize];
                        format!(
                            "verb {} {}",
                            dict.verb_sets[form.set as usize].label,
                            dict.origin_label(form.origin)
                        )
                    }
                    other => format!("{other:?}"),
                };
                format!("{} [{}]", lp.phrase.display(), what)
            });
            s.push_str(&format!(
                "{i:>3} {:<14} {:<22} {}\n",
                t.norm,
                if t.deleted {
                    "(deleted)".to_string()
                } else {
                    format!("{class:?}")
                },
                unit.unwrap_or_default()
            ));
        }
        for (k, a) in self.actors.iter().enumerate() {
            s.push_str(&format!(
                "actor {k}: {:?} {:?} tokens {}..={}{}{}\n",
                a.kind,
                a.codes,
                a.first,
                a.last,
                a.compound
                    .map(|c| format!(" compound {c}"))
                    .unwrap_or_default(),
                if a.hidden { " hidden" } else { "" }
            ));
        }
        for (k, c) in self.compounds.iter().enumerate() {
            s.push_str(&format!(
                "compound {k}: members {:?} tokens {}..={}\n",
                c.members, c.first, c.last
            ));
        }
        s.push_str(&format!("clauses: {:?}\n", self.clauses));
        if let Some(p) = &self.problem {
            s.push_str(&format!("problem: {p:?}\n"));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agent_combination() {
        let gov = AgentCode {
            code: "GOV".into(),
            prefix: false,
        };
        assert_eq!(combine_agent("ARN", &gov, false), "ARNGOV");
        assert_eq!(combine_agent("USAGOV", &gov, false), "USAGOV");
        assert_eq!(
            combine_agent(
                "HGWGOVMED",
                &AgentCode {
                    code: "GOVMED".into(),
                    prefix: false
                },
                false
            ),
            "HGWGOVMED"
        );
        assert_eq!(
            combine_agent(
                "GMWGOV",
                &AgentCode {
                    code: "WGO".into(),
                    prefix: false
                },
                false
            ),
            "GMWGOVWGO"
        );
        assert_eq!(
            combine_agent(
                "GONGMO",
                &AgentCode {
                    code: "NGM".into(),
                    prefix: true
                },
                false
            ),
            "NGMGONGMO"
        );
        assert_eq!(
            combine_agent(
                "NGM",
                &AgentCode {
                    code: "NGM".into(),
                    prefix: true
                },
                false
            ),
            "NGM"
        );
        assert_eq!(combine_agent("ARN", &gov, true), "ARNELI");
        assert_eq!(combine_agent("USAGOV", &gov, true), "USAGOVELI");
    }
}
