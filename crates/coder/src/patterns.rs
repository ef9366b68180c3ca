//! Matching a verb's patterns against the words around it.
//!
//! Elements after the verb are matched rightwards from it, elements before
//! it leftwards. Matching stays within the verb's clause and never crosses a
//! comma. Between elements, words may intervene unless the pattern joins them
//! with `_`. Actor slots (`$`, `+`, `%`, `^`) take the first actor met (a
//! whole compound when the actor is in one); literal words and alternatives
//! are tried with backtracking.

use crate::lexicon::{Endings, word_matches};
use crate::parse::{ActorKind, Parse};
use crate::pattern_index::PatternIndex;
use dyad_dict::{Dictionaries, ParseStyle, PatElem, Pattern};

/// Which actor a slot bound: a single actor or a compound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    Actor(usize),
    Compound(usize),
}

/// What a successful match bound.
#[derive(Debug, Clone, Default)]
pub struct Bindings {
    pub source: Option<Bound>,
    pub target: Option<Bound>,
    pub compound: Option<Bound>,
    /// A lone `%` before the verb took the compound subject the clause has
    /// from outside it ([`Site::outside_compound`]).
    pub outside_compound: bool,
    /// Tokens the pattern's words matched (for provenance).
    pub words: Vec<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Dir {
    Right,
    Left,
}

/// The words around one verb that its patterns are matched against: the
/// live tokens after it up to the end of the range or a comma, and those
/// before it, nearest first. Built once per verb, shared by its patterns.
#[derive(Debug, Clone, Default)]
pub struct Site {
    right: Vec<usize>,
    left: Vec<usize>,
    /// The clause's subject is a compound from outside it: a previous
    /// clause's ("A and B held talks, agreeing to ...") or the parties
    /// "the two leaders" stands for, with no actor of its own before the
    /// verb. A lone `%` before the verb takes it.
    pub outside_compound: bool,
}

impl Site {
    /// The site of the verb spanning tokens `first..=last` within `bounds`.
    pub fn new(p: &Parse, first: usize, last: usize, bounds: (usize, usize)) -> Site {
        let mut site = Site::default();
        site.fill(p, first, last, bounds);
        site
    }

    /// Makes this the site of the verb spanning tokens `first..=last` within
    /// `bounds`, reusing its vectors.
    pub fn fill(&mut self, p: &Parse, first: usize, last: usize, bounds: (usize, usize)) {
        let (cstart, cend) = bounds;
        self.outside_compound = false;
        // a comma inside an actor list ("asked France, Saudi Arabia and the
        // World Bank to help") does not end the stretch
        let in_list = |i: usize| {
            p.compounds
                .iter()
                .any(|c| c.members.len() > 1 && c.first < i && i < c.last)
        };
        let (right, left) = (&mut self.right, &mut self.left);
        // sized for the whole range up front: growing by pushes reallocates
        right.clear();
        right.reserve(cend.saturating_sub(last + 1));
        right.extend(
            (last + 1..cend)
                .filter(|&i| !p.toks[i].deleted)
                .take_while(|&i| p.toks[i].kind != dyad_text::TokenKind::Comma || in_list(i)),
        );
        left.clear();
        left.reserve(first.saturating_sub(cstart));
        left.extend(
            (cstart..first)
                .rev()
                .filter(|&i| !p.toks[i].deleted)
                .take_while(|&i| p.toks[i].kind != dyad_text::TokenKind::Comma),
        );
    }
}

/// Tries `pat` at the verb spanning tokens `first..=last`. Returns the
/// bindings on success.
pub fn match_pattern(
    p: &Parse,
    dict: &Dictionaries,
    pat: &Pattern,
    first: usize,
    last: usize,
) -> Option<Bindings> {
    match_pattern_within(p, dict, pat, first, last, p.clause_of(first))
}

/// Like [`match_pattern`], within the token range `bounds` instead of the clause.
pub fn match_pattern_within(
    p: &Parse,
    dict: &Dictionaries,
    pat: &Pattern,
    first: usize,
    last: usize,
    bounds: (usize, usize),
) -> Option<Bindings> {
    match_at(p, dict, None, pat, &Site::new(p, first, last, bounds))
}

/// Tries `pat` at a verb's [`Site`]. With the lexicon's pattern index,
/// synset members that cannot start at a token are skipped quickly.
pub fn match_at(
    p: &Parse,
    dict: &Dictionaries,
    index: Option<&PatternIndex>,
    pat: &Pattern,
    site: &Site,
) -> Option<Bindings> {
    let m = Matcher { p, dict, index };
    let mut b = Bindings::default();
    // after the verb: elements in order
    if !pat.after.is_empty() {
        let after = Elems {
            items: &pat.after,
            rev: false,
        };
        m.seq(
            after,
            &site.right,
            0,
            pat.verb_adjacent_next,
            Dir::Right,
            &mut b,
        )?;
    }
    // before the verb: elements from the verb outwards
    if site.outside_compound && matches!(pat.before.as_slice(), [PatElem::Compound { .. }]) {
        b.outside_compound = true;
        return Some(b);
    }
    if let Some(last_before) = pat.before.last() {
        let before = Elems {
            items: &pat.before,
            rev: true,
        };
        m.seq(
            before,
            &site.left,
            0,
            last_before.adjacent(),
            Dir::Left,
            &mut b,
        )?;
    }
    Some(b)
}

/// Pattern elements in matching order: as written, or reversed (leftwards).
#[derive(Clone, Copy)]
struct Elems<'a> {
    items: &'a [PatElem],
    rev: bool,
}

impl<'a> Elems<'a> {
    fn split_first(self) -> Option<(&'a PatElem, Elems<'a>)> {
        let (e, rest) = if self.rev {
            self.items.split_last()?
        } else {
            self.items.split_first()?
        };
        Some((
            e,
            Elems {
                items: rest,
                rev: self.rev,
            },
        ))
    }

    fn first(self) -> Option<&'a PatElem> {
        if self.rev {
            self.items.last()
        } else {
            self.items.first()
        }
    }
}

/// What backtracking restores.
#[derive(Clone, Copy)]
struct Mark {
    source: Option<Bound>,
    target: Option<Bound>,
    compound: Option<Bound>,
    words: usize,
}

impl Bindings {
    fn mark(&self) -> Mark {
        Mark {
            source: self.source,
            target: self.target,
            compound: self.compound,
            words: self.words.len(),
        }
    }

    fn reset(&mut self, m: Mark) {
        self.source = m.source;
        self.target = m.target;
        self.compound = m.compound;
        self.words.truncate(m.words);
    }
}

struct Matcher<'a> {
    p: &'a Parse,
    dict: &'a Dictionaries,
    /// The pattern index the sentence's filter was built with.
    index: Option<&'a PatternIndex>,
}

impl Matcher<'_> {
    /// Matches `elems` (in matching order) against `toks` from index `at`.
    /// `adjacent`: the first element must be at `at` exactly. Returns the
    /// index just past the match; on failure `b` is left as it was.
    fn seq(
        &self,
        elems: Elems<'_>,
        toks: &[usize],
        at: usize,
        adjacent: bool,
        dir: Dir,
        b: &mut Bindings,
    ) -> Option<usize> {
        let Some((e, rest)) = elems.split_first() else {
            return Some(at);
        };
        // adjacency to the *next* element in matching order
        let next_adjacent = |e: &PatElem| match dir {
            Dir::Right => e.adjacent(),
            Dir::Left => rest.first().is_some_and(|n| n.adjacent()),
        };
        let limit = if adjacent {
            (at + 1).min(toks.len())
        } else {
            toks.len()
        };
        let mark = b.mark();
        match e {
            PatElem::SkipActor { .. } if self.p.style == ParseStyle::Petrarch => {
                // PETRARCH's `^` skips a noun phrase, actor or not
                let k = (at..limit).find(|&k| self.p.np_word(toks[k]))?;
                let mut end = k;
                while end < toks.len() && self.p.np_word(toks[end]) {
                    end += 1;
                }
                if let Some((_, actor_end)) = self.actor_at(toks, k, dir) {
                    end = end.max(actor_end);
                }
                let r = self.seq(rest, toks, end, next_adjacent(e), dir, b);
                if r.is_none() {
                    b.reset(mark);
                }
                r
            }
            PatElem::Source { .. }
            | PatElem::Target { .. }
            | PatElem::Compound { .. }
            | PatElem::SkipActor { .. }
            | PatElem::Attribution { .. } => {
                // the first actor met binds the slot
                let mut k = at;
                while k < limit {
                    if let Some((bound, end)) = self.actor_at(toks, k, dir) {
                        match e {
                            PatElem::Source { .. } => b.source = Some(bound),
                            PatElem::Target { .. } => b.target = Some(bound),
                            PatElem::Compound { .. } => {
                                if !matches!(bound, Bound::Compound(_)) {
                                    return None;
                                }
                                b.compound = Some(bound);
                            }
                            _ => {}
                        }
                        let r = self.seq(rest, toks, end, next_adjacent(e), dir, b);
                        if r.is_none() {
                            b.reset(mark);
                        }
                        return r;
                    }
                    k += 1;
                }
                None
            }
            PatElem::Word(w) => {
                for k in at..limit {
                    let tok = &self.p.toks[toks[k]];
                    if word_matches(&tok.norm, &w.text, w.mode, Endings::Noun, true).is_some() {
                        b.words.push(toks[k]);
                        if let Some(r) = self.seq(rest, toks, k + 1, next_adjacent(e), dir, b) {
                            return Some(r);
                        }
                        b.reset(mark);
                    }
                }
                None
            }
            PatElem::Synset { id, .. } => {
                let members = self.dict.synset_members(*id);
                self.options_of(
                    members,
                    Some(*id),
                    rest,
                    toks,
                    at,
                    limit,
                    next_adjacent(e),
                    dir,
                    b,
                )
            }
            PatElem::Alternatives { options, .. } => {
                self.options(options, rest, toks, at, limit, next_adjacent(e), dir, b)
            }
            PatElem::Never { .. } => None,
        }
    }

    /// Tries each option (a sequence) at each start position, then the rest.
    #[allow(clippy::too_many_arguments)]
    fn options(
        &self,
        options: &[Vec<PatElem>],
        rest: Elems<'_>,
        toks: &[usize],
        at: usize,
        limit: usize,
        after_adjacent: bool,
        dir: Dir,
        b: &mut Bindings,
    ) -> Option<usize> {
        self.options_of(options, None, rest, toks, at, limit, after_adjacent, dir, b)
    }

    /// [`Matcher::options`] for the members of `synset`, when it is one.
    #[allow(clippy::too_many_arguments)]
    fn options_of(
        &self,
        options: &[Vec<PatElem>],
        synset: Option<u32>,
        rest: Elems<'_>,
        toks: &[usize],
        at: usize,
        limit: usize,
        after_adjacent: bool,
        dir: Dir,
        b: &mut Bindings,
    ) -> Option<usize> {
        let mark = b.mark();
        let leftwards = dir == Dir::Left;
        let members = synset.and_then(|s| self.index?.synset_members(s, leftwards));
        for k in at..limit {
            // rightwards, a member's first word must begin this token
            if dir == Dir::Right
                && let (Some(s), Some(index)) = (synset, self.index)
                && !index.token_may_open_synset(&self.p.pattern_filter, toks[k], s)
            {
                continue;
            }
            let norm = &self.p.toks[toks[k]].norm;
            let mut try_option = |opt: &[PatElem]| {
                let elems = Elems {
                    items: opt,
                    rev: leftwards,
                };
                // most options start with a word that this token is not
                if let Some(PatElem::Word(w)) = elems.first()
                    && word_matches(norm, &w.text, w.mode, Endings::Noun, true).is_none()
                {
                    return None;
                }
                let end = self.seq(elems, toks, k, true, dir, b)?;
                let r = self.seq(rest, toks, end, after_adjacent, dir, b);
                if r.is_none() {
                    b.reset(mark);
                }
                r
            };
            // a large synset: only the members whose word can begin here
            let found = match members {
                Some(m) => m
                    .for_token(norm.as_bytes().first().copied())
                    .filter_map(|j| options.get(j as usize))
                    .find_map(|opt| try_option(opt)),
                None => options.iter().find_map(|opt| try_option(opt)),
            };
            if found.is_some() {
                return found;
            }
        }
        None
    }

    /// The actor (or compound) whose edge is at `toks[k]` in direction `dir`,
    /// and the index just past it.
    fn actor_at(&self, toks: &[usize], k: usize, dir: Dir) -> Option<(Bound, usize)> {
        let t = toks[k];
        let a = self.p.actor_at(t)?;
        let actor = &self.p.actors[a];
        if let ActorKind::Pronoun { referent: None, .. } = actor.kind
            && actor.codes.is_empty()
        {
            return None;
        }
        let (bound, lo, hi) = match self.p.compound_of(a) {
            Some(c)
                if !self.p.compounds[c].members.is_empty()
                    && matches!(actor.kind, ActorKind::Named | ActorKind::AgentOnly) =>
            {
                (
                    Bound::Compound(c),
                    self.p.compounds[c].first,
                    self.p.compounds[c].last,
                )
            }
            Some(c) if !self.p.compounds[c].members.is_empty() => {
                (Bound::Compound(c), actor.first, actor.last)
            }
            _ => (Bound::Actor(a), actor.first, actor.last),
        };
        let mut end = k;
        match dir {
            Dir::Right => {
                while end < toks.len() && toks[end] <= hi {
                    end += 1;
                }
            }
            Dir::Left => {
                while end < toks.len() && toks[end] >= lo {
                    end += 1;
                }
            }
        }
        Some((bound, end.max(k + 1)))
    }
}
