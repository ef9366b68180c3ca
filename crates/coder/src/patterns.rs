//! Matching a verb's patterns against the words around it.
//!
//! Elements after the verb are matched rightwards from it, elements before
//! it leftwards. Matching stays within the verb's clause and never crosses a
//! comma. Between elements, words may intervene unless the pattern joins them
//! with `_`. Actor slots (`$`, `+`, `%`, `^`) take the first actor met (a
//! whole compound when the actor is in one); literal words and alternatives
//! are tried with backtracking.

use crate::lexicon::{Entry, word_matches};
use crate::parse::{ActorKind, Parse};
use dyad_dict::{Dictionaries, PatElem, Pattern};

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
    /// Tokens the pattern's words matched (for provenance).
    pub words: Vec<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Dir {
    Right,
    Left,
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
    let (cstart, cend) = bounds;
    let right: Vec<usize> = (last + 1..cend)
        .filter(|&i| !p.toks[i].deleted)
        .take_while(|&i| p.toks[i].kind != dyad_text::TokenKind::Comma)
        .collect();
    let left: Vec<usize> = (cstart..first)
        .rev()
        .filter(|&i| !p.toks[i].deleted)
        .take_while(|&i| p.toks[i].kind != dyad_text::TokenKind::Comma)
        .collect();
    let m = Matcher { p, dict };
    let mut b = Bindings::default();
    // after the verb: elements in order
    let after: Vec<&PatElem> = pat.after.iter().collect();
    if !after.is_empty() {
        m.seq(
            &after,
            &right,
            0,
            pat.verb_adjacent_next,
            Dir::Right,
            &mut b,
        )?;
    }
    // before the verb: elements from the verb outwards
    let before: Vec<&PatElem> = pat.before.iter().rev().collect();
    if let Some(last_before) = pat.before.last() {
        m.seq(&before, &left, 0, last_before.adjacent(), Dir::Left, &mut b)?;
    }
    Some(b)
}

struct Matcher<'a> {
    p: &'a Parse,
    dict: &'a Dictionaries,
}

impl Matcher<'_> {
    /// Matches `elems` (in matching order) against `toks` from index `at`.
    /// `adjacent`: the first element must be at `at` exactly. Returns the
    /// index just past the match.
    fn seq(
        &self,
        elems: &[&PatElem],
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
        match e {
            PatElem::Source { .. }
            | PatElem::Target { .. }
            | PatElem::Compound { .. }
            | PatElem::SkipActor { .. }
            | PatElem::Attribution { .. } => {
                // the first actor met binds the slot
                let mut k = at;
                while k < limit {
                    if let Some((bound, end)) = self.actor_at(toks, k, dir) {
                        let mut nb = b.clone();
                        match e {
                            PatElem::Source { .. } => nb.source = Some(bound),
                            PatElem::Target { .. } => nb.target = Some(bound),
                            PatElem::Compound { .. } => {
                                if !matches!(bound, Bound::Compound(_)) {
                                    return None;
                                }
                                nb.compound = Some(bound);
                            }
                            _ => {}
                        }
                        let r = self.seq(rest, toks, end, next_adjacent(e), dir, &mut nb)?;
                        *b = nb;
                        return Some(r);
                    }
                    k += 1;
                }
                None
            }
            PatElem::Word(w) => {
                for k in at..limit {
                    let tok = &self.p.toks[toks[k]];
                    if word_matches(&tok.norm, &w.text, w.mode, Some(Entry::Actor(0)), true)
                        .is_some()
                    {
                        let mut nb = b.clone();
                        nb.words.push(toks[k]);
                        if let Some(r) = self.seq(rest, toks, k + 1, next_adjacent(e), dir, &mut nb)
                        {
                            *b = nb;
                            return Some(r);
                        }
                    }
                }
                None
            }
            PatElem::Synset { id, .. } => {
                let members = self.dict.synset_members(*id);
                self.options(members, rest, toks, at, limit, next_adjacent(e), dir, b)
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
        rest: &[&PatElem],
        toks: &[usize],
        at: usize,
        limit: usize,
        after_adjacent: bool,
        dir: Dir,
        b: &mut Bindings,
    ) -> Option<usize> {
        for k in at..limit {
            for opt in options {
                let mut elems: Vec<&PatElem> = opt.iter().collect();
                if dir == Dir::Left {
                    elems.reverse();
                }
                let mut nb = b.clone();
                if let Some(end) = self.seq(&elems, toks, k, true, dir, &mut nb)
                    && let Some(r) = self.seq(rest, toks, end, after_adjacent, dir, &mut nb)
                {
                    *b = nb;
                    return Some(r);
                }
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
