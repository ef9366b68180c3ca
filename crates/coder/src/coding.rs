//! From a parsed sentence to events: each clause's verbs are tried in order;
//! a verb's patterns (longest first) refine its code and may name the source
//! and target; otherwise TABARI's default-actor rules apply (formats.md §2.4).

use crate::lexicon::{Entry, Lexicon, WordList, is_one_of};
use crate::parse::{ActorKind, Class, ClauseKind, Parse, Problem};
use crate::patterns::{Bindings, Bound, Site, match_at, match_pattern_within};
use dyad_dict::{
    CodeBy, CoderOptions, Dictionaries, EventCode, Origin, ParseStyle, PatElem, Pattern, TimeShift,
};
use std::rc::Rc;

/// An event before document context is attached: codes, byte spans in the
/// sentence, and the dictionary entry that fired.
#[derive(Debug, Clone, PartialEq)]
pub struct RawEvent {
    pub source: String,
    pub target: String,
    pub code: String,
    pub source_span: Option<(usize, usize)>,
    pub target_span: Option<(usize, usize)>,
    pub verb_span: (usize, usize),
    pub rule: Origin,
    pub rule_text: String,
    /// Days to add to the document date (`<TIME>` phrases).
    pub date_shift: i32,
}

/// The outcome of coding one sentence.
#[derive(Debug, Clone, Default)]
pub struct SentenceCoding {
    pub events: Vec<RawEvent>,
    pub problem: Option<Problem>,
    /// Codes of the first named actor, for pronouns in the next sentence.
    pub first_actor: Vec<String>,
}

/// One verb's result.
struct VerbEvents {
    events: Vec<RawEvent>,
    subordinate: bool,
    dominant: bool,
    /// The source actor set used (for subject forwarding to the next clause).
    source: Option<Vec<String>>,
    /// A negated verb: no events, but its source carries to the next clause.
    negated: bool,
    /// The sides the events were coded with (for the next clause).
    sides: Option<(Side, Side)>,
    /// A frame's events (`frames`): kept besides the clause's main event.
    extra: bool,
    /// `non_parties`: the verb's target was set aside (a party to its
    /// grounds or to a later clause). It codes nothing, and the clause's
    /// later verbs do not code in its place.
    withheld: bool,
}

/// What a clause takes from the clause before it.
#[derive(Debug, Clone, Default)]
struct Inherit {
    /// TABARI's forwarded source: the codes of the previous clause's source.
    source: Option<Vec<String>>,
    /// `inherit_actors`: the previous clause's subject, whole.
    subject: Option<Side>,
    /// The target for a verb with an inherited subject and no target.
    target: Option<Side>,
    /// The target for a verb with its own subject and no target: the agent
    /// of the previous clause ("..., prompting Tehran to vow a response").
    reaction: Option<Side>,
    /// The target for a verb with its own subject and no target in a
    /// relative clause whose object is an actor ("Ukraine, which Russia
    /// invaded").
    gap_object: Option<Side>,
    /// A relative clause about a thing ("a move Kyiv welcomed"): approval
    /// (05) reacts to the thing's maker as criticism does.
    gap_reaction: bool,
    /// What "both sides", "the two leaders" stand for: the last two or more
    /// parties a clause coded together.
    pair: Option<Side>,
    /// What an object pronoun right after the verb stands for ("accusing
    /// them of"): the previous clause's object.
    pronoun_object: Option<Side>,
}

/// What a clause leaves to the next one (`inherit_actors`).
#[derive(Debug, Clone, Default)]
struct Previous {
    subject: Option<Side>,
    /// The target of its main event, or its object.
    target: Option<Side>,
    /// Its first actor after its first verb.
    object: Option<Side>,
}

/// Past forms that do not end in -ED: a verb after AND in none of these
/// forms is a bare form coordinated under the previous verb ("urged X to
/// halt ... and allow ...").
pub(crate) const IRREGULAR_PAST: &WordList = &WordList::new(&[
    "MET",
    "HELD",
    "SENT",
    "SAID",
    "TOLD",
    "TOOK",
    "GAVE",
    "MADE",
    "BEGAN",
    "WON",
    "FOUGHT",
    "LED",
    "SHOT",
    "STRUCK",
    "KEPT",
    "LEFT",
    "BROKE",
    "SPOKE",
    "FLEW",
    "DREW",
    "THREW",
    "CAME",
    "WENT",
    "SAW",
    "FOUND",
    "BROUGHT",
    "BOUGHT",
    "SOUGHT",
    "WITHDREW",
    "OVERSAW",
    "UNDERTOOK",
    "HIT",
    "BEAT",
    "CUT",
    "PUT",
    "SET",
    "SPREAD",
    "QUIT",
    "LAID",
    "PAID",
    "STOOD",
    "WROTE",
    "RAN",
    "ROSE",
    "FELL",
    "FLED",
    "SOLD",
    "SWORE",
    "BLEW",
    "STOLE",
    "SHUT",
    "LOST",
    "SPENT",
    "DEALT",
    "MEANT",
    "BUILT",
    "TAUGHT",
    "CAUGHT",
    "FORBADE",
    "FORGAVE",
    "OVERTOOK",
    "BORE",
    "TORE",
    "WORE",
    "SHOOK",
    "GREW",
    "KNEW",
    "HAD",
    "WAS",
    "WERE",
    "DID",
]);

/// Words that make their object react to the previous clause's subject.
const CAUSATIVES: &WordList = &WordList::new(&[
    "PROMPTING",
    "FORCING",
    "LEADING",
    "PROVOKING",
    "TRIGGERING",
    "SPARKING",
    "DRAWING",
]);

/// Codes a parsed sentence.
pub fn code(p: &Parse, dict: &Dictionaries, lex: &Lexicon, opts: &CoderOptions) -> SentenceCoding {
    let mut out = SentenceCoding {
        first_actor: first_actor_codes(p, dict),
        ..Default::default()
    };
    if let Some(problem) = &p.problem {
        out.problem = Some(problem.clone());
        return out;
    }
    let verbs: Vec<usize> = live_verbs(p, dict);
    if let Some(problem) = complexity(p, dict, opts, &verbs) {
        out.problem = Some(problem);
        return out;
    }
    let shift = match time_shift(p, dict, opts) {
        Ok(s) => s,
        Err(problem) => {
            out.problem = Some(problem);
            return out;
        }
    };
    let mut all: Vec<(usize, VerbEvents)> = Vec::new(); // (clause index, events)
    let mut forwarded: Option<Vec<String>> = None;
    // what the previous clause leaves (inherit_actors)
    let mut prev: Option<Previous> = None;
    let mut pair: Option<Side> = None;
    // the last clause that is not subordinate, and whether the previous was
    let mut main_prev: Option<Previous> = None;
    let mut prev_subordinate = false;
    let mut prev_violent = false;
    for (ci, &(cs, ce)) in p.clauses.iter().enumerate() {
        let kind = p.clause_kinds.get(ci).copied().unwrap_or(ClauseKind::First);
        // ", accusing ..." after "after Y verbed" is said of the main clause
        let before = if kind == ClauseKind::Participle && prev_subordinate {
            main_prev.as_ref().or(prev.as_ref())
        } else {
            prev.as_ref()
        };
        let mut inherit = inherit_for(p, dict, opts, kind, cs, forwarded.take(), before);
        if opts.inherit_actors {
            inherit.pair = pair.clone();
        }
        // "Visiting Manila, the Japanese prime minister ...", "Hosting
        // Netanyahu at the White House, Trump ...", "In a phone call with
        // X, Macron ...": a leading participle's or frame's subject is the
        // next clause's
        if opts.inherit_actors
            && ci == 0
            && inherit.subject.is_none()
            && (leading_participle(p, cs, ce) || leading_frame(p, ce))
            && let Some(&(ns, ne)) = p.clauses.get(1)
        {
            inherit.subject = syntactic_subject(p, ns, ne, &verbs);
        }
        // "condemned the tariffs that Washington imposed": a reaction with no
        // target of its own is to the maker of what it reacts to
        if opts.inherit_actors
            && inherit.reaction.is_none()
            && p.clause_kinds.get(ci + 1) == Some(&ClauseKind::GapRelative)
            && let Some(&(ns, ne)) = p.clauses.get(ci + 1)
            && gap_antecedent(p, ns).is_none()
            // a restrictive clause on the object ("the tariffs that ..."),
            // not an appositive on the whole act (", a step Kyiv called")
            && p.live().find(|&i| i >= ns).is_some_and(|i| {
                matches!(p.toks[i].norm.as_str(), "WHICH" | "THAT")
                    && p.prev_live(i).is_some_and(|b| p.toks[b].kind != dyad_text::TokenKind::Comma)
            })
        {
            inherit.reaction = syntactic_subject(p, ns, ne, &verbs);
        }
        let mut clause_events: Vec<VerbEvents> = Vec::new();
        let mut clause_source: Option<Vec<String>> = None;
        let mut framed: Vec<(usize, usize)> = Vec::new();
        for &u in verbs.iter().filter(|&&u| {
            let f = p.units[u].first();
            f >= cs && f < ce
        }) {
            if opts.frames
                && let Some(d) = p
                    .frame_start(p.units[u].first(), unit_consults(dict, p, u))
                    .filter(|&d| d >= cs)
            {
                framed.push((u, d));
                continue;
            }
            match code_verb(p, dict, lex, opts, u, &inherit, shift, None) {
                Ok(Some(v)) => {
                    if clause_source.is_none()
                        && (!v.events.is_empty() || v.negated)
                        && !v.subordinate
                    {
                        clause_source = v.source.clone();
                    }
                    clause_events.push(v);
                }
                Ok(None) => {}
                Err(problem) => {
                    out.problem = Some(problem);
                    out.events.clear();
                    return out;
                }
            }
        }
        forwarded = clause_source;
        // ", killing seven soldiers" after a violent act describes the same
        // act: coded once, by the main clause
        let violent = |v: &VerbEvents| {
            v.events.iter().any(|e| {
                e.code.starts_with("18") || e.code.starts_with("19") || e.code.starts_with("20")
            })
        };
        if opts.inherit_actors && kind == ClauseKind::Participle && prev_violent {
            for v in &mut clause_events {
                if violent(v) {
                    v.events.clear();
                }
            }
        }
        let main_violent = clause_events
            .iter()
            .find(|v| !v.subordinate && !v.events.is_empty())
            .is_some_and(violent);
        if kind != ClauseKind::Participle || main_violent {
            prev_violent = main_violent;
        }
        if opts.inherit_actors || opts.frames {
            let main = clause_events
                .iter()
                .find(|v| !v.subordinate && !v.events.is_empty());
            // a clause with no subject of its own that coded nothing ("... and
            // leave the country", "after a cyclone killed ...") passes on
            // what the clause before it left
            let pass = main.is_none() && syntactic_subject(p, cs, ce, &verbs).is_none();
            let subject = main
                .and_then(|v| v.sides.as_ref().map(|s| s.0.clone()))
                .or_else(|| syntactic_subject(p, cs, ce, &verbs))
                .or_else(|| inherit.subject.clone());
            let object = syntactic_object(p, cs, ce, &verbs);
            let target = main
                .and_then(|v| v.sides.as_ref().map(|s| s.1.clone()))
                .or_else(|| object.clone());
            let main_sides = main.and_then(|v| v.sides.clone());
            let mut extra = Vec::new();
            if opts.frames {
                // "during an unannounced visit to Kyiv": the frame's own event
                let frame = Inherit {
                    subject: subject.clone(),
                    target: target.clone(),
                    ..Default::default()
                };
                for (u, d) in framed {
                    if opts.modals && frame_in_modal_clause(p, cs, d) {
                        continue;
                    }
                    let end = frame_end(p, u, ce);
                    match code_verb(p, dict, lex, opts, u, &frame, shift, Some((d, end))) {
                        Ok(Some(mut v)) => {
                            v.extra = true;
                            // "during his first visit to Turkey" read with the
                            // wrong visitor: no visit to one's own country
                            v.events.retain(|e| {
                                !e.code.starts_with("04") || e.source.get(..3) != e.target.get(..3)
                            });
                            extra.push(v);
                        }
                        Ok(None) => {}
                        Err(problem) => {
                            out.problem = Some(problem);
                            out.events.clear();
                            return out;
                        }
                    }
                }
                extra.extend(mediation(p, dict, cs, ce, main, shift));
            }
            clause_events.extend(extra);
            // the parties "both sides" refers to: a compound subject, or
            // the subject and target of the clause's event together
            // ("hosted A and B, where the two leaders signed": the object
            // when it alone is two parties)
            let together = match main_sides {
                Some((s, _)) if s.members.len() > 1 => Some(s),
                Some((_, t)) if t.members.len() == 2 => Some(t),
                Some((s, t)) => Some(Side {
                    members: Rc::new(s.members.iter().chain(t.members.iter()).cloned().collect()),
                }),
                None => subject.clone().filter(|s| s.members.len() > 1),
            };
            if together.is_some() {
                pair = together;
            }
            if !(pass && prev.is_some()) {
                prev = Some(Previous {
                    subject,
                    target,
                    object,
                });
            }
            prev_subordinate = kind == ClauseKind::Own && p.opens_after_subordinator(cs);
            if !prev_subordinate && kind != ClauseKind::Participle {
                main_prev = prev.clone();
            }
        }
        for v in clause_events {
            all.push((ci, v));
        }
    }
    select(&mut out, &all, opts.code_by);
    if opts.meeting_places {
        meeting_places(p, &mut out.events);
    }
    // the same event found twice (a compound with a symmetric code) counts once
    drop_repeated_events(&mut out.events);
    out
}

/// Events up to this many are checked for repeats against each other, with
/// no set of copied keys; more go through a hash set.
const FEW_EVENTS: usize = 16;

/// Keeps the first of events with the same source, target and code, in
/// order. A sentence's few events are compared pairwise in place (most
/// sentences have none or one); a long list (a large compound on both
/// sides) is filtered through a set of the keys.
fn drop_repeated_events(events: &mut Vec<RawEvent>) {
    let same = |a: &RawEvent, b: &RawEvent| {
        a.source == b.source && a.target == b.target && a.code == b.code
    };
    if events.len() <= FEW_EVENTS {
        let mut kept = 0;
        for i in 0..events.len() {
            if !events[..kept].iter().any(|e| same(e, &events[i])) {
                events.swap(kept, i);
                kept += 1;
            }
        }
        events.truncate(kept);
    } else {
        let mut seen = std::collections::HashSet::new();
        events.retain(|e| seen.insert((e.source.clone(), e.target.clone(), e.code.clone())));
    }
}

/// The party an actor code stands for at the country level: its country
/// block, or the whole code for an international or non-state actor
/// (IGO, NGO, IMG); none without a country ("---GOV").
fn party_of(code: &str) -> Option<String> {
    let c = code.get(..3)?;
    (c.bytes().all(|b| b.is_ascii_uppercase()) && c != "---").then(|| {
        if matches!(c, "IGO" | "NGO" | "IMG") {
            code.to_string()
        } else {
            c.to_string()
        }
    })
}

/// `meeting_places`: a meeting (040) whose place the clause names after IN or
/// AT is a visit when the place is one party's country (the other party
/// 042, the host 043) and a meeting abroad (044) when it is a third
/// country's: "held talks with Wang Yi in New Delhi", "met in Cairo".
fn meeting_places(p: &Parse, events: &mut [RawEvent]) {
    for e in events.iter_mut() {
        if e.code != "040" {
            continue;
        }
        let Some(v) = (0..p.toks.len()).find(|&i| p.toks[i].start == e.verb_span.0) else {
            continue;
        };
        let (_, ce) = p.clause_of(v);
        let place = (v + 1..ce)
            .filter(|&i| !p.toks[i].deleted && matches!(p.toks[i].norm.as_str(), "IN" | "AT"))
            .find_map(|i| {
                let k = (i + 1..ce)
                    .filter(|&k| !p.toks[k].deleted)
                    .find(|&k| p.toks[k].norm != "THE")?;
                if p.class(k) != Class::Actor {
                    return None;
                }
                let a = p.actor_at(k)?;
                // the place is the actor's first word ("in Riyadh", not "in
                // Putin's residence" or a party named after IN)
                (p.actors[a].first == k && p.actors[a].kind == ActorKind::Named)
                    .then(|| {
                        p.actors[a]
                            .codes
                            .first()
                            .map(|c| (c.clone(), p.toks[k].start))
                    })
                    .flatten()
            });
        let Some((place, at)) = place else { continue };
        // the place itself is a party ("met in Moscow" read as meeting Moscow)
        if [e.source_span, e.target_span]
            .iter()
            .flatten()
            .any(|&(s, _)| s == at)
        {
            continue;
        }
        let (Some(pc), Some(sc), Some(tc)) =
            (party_of(&place), party_of(&e.source), party_of(&e.target))
        else {
            continue;
        };
        e.code = if pc == sc {
            "043".to_string()
        } else if pc == tc {
            "042".to_string()
        } else {
            "044".to_string()
        };
    }
}

/// Keeps the events TABARI's CODE BY rule keeps: the first non-subordinate
/// event set per clause (or sentence), subordinate events only where nothing
/// else was coded, and only dominant events once one is found.
fn select(out: &mut SentenceCoding, all: &[(usize, VerbEvents)], code_by: CodeBy) {
    let any_dominant =
        code_by == CodeBy::All && all.iter().any(|(_, v)| v.dominant && !v.events.is_empty());
    // the verbs' events in groups: runs of one clause, or the whole sentence,
    // read in place (no vector per group)
    let key = |ci: usize| match code_by {
        CodeBy::Clause => ci,
        CodeBy::Sentence | CodeBy::All => 0,
    };
    let mut rest = all;
    while let Some(&(first_ci, _)) = rest.first() {
        let len = rest
            .iter()
            .position(|&(ci, _)| key(ci) != key(first_ci))
            .unwrap_or(rest.len());
        let (g, tail) = rest.split_at(len);
        rest = tail;
        // frames stand beside the clause's main event
        let verbs = || g.iter().map(|(_, v)| v).filter(|v| !v.extra);
        let is_main = |v: &&VerbEvents| {
            !v.subordinate && (!v.events.is_empty() || v.withheld) && (!any_dominant || v.dominant)
        };
        if verbs().any(|v| is_main(&v)) {
            let take = match code_by {
                CodeBy::All => usize::MAX,
                _ => 1,
            };
            for v in verbs().filter(is_main).take(take) {
                out.events.extend(v.events.iter().cloned());
            }
        } else {
            // subordinate events stand only where nothing else was coded
            for v in verbs().filter(|v| v.subordinate && !v.events.is_empty() && !any_dominant) {
                out.events.extend(v.events.iter().cloned());
            }
        }
        for (_, v) in g.iter().filter(|(_, v)| v.extra) {
            out.events.extend(v.events.iter().cloned());
        }
        if code_by == CodeBy::Sentence && !out.events.is_empty() {
            break;
        }
    }
}

/// What clause `kind` starting at `cs` takes from the clause before it.
fn inherit_for(
    p: &Parse,
    dict: &Dictionaries,
    opts: &CoderOptions,
    kind: ClauseKind,
    cs: usize,
    forwarded: Option<Vec<String>>,
    prev: Option<&Previous>,
) -> Inherit {
    let mut inherit = Inherit {
        source: forwarded,
        ..Default::default()
    };
    let (true, Some(prev)) = (opts.inherit_actors, prev) else {
        return inherit;
    };
    let lead = (cs..p.toks.len()).find(|&i| !p.toks[i].deleted);
    let lead_word = lead.map_or("", |i| p.toks[i].norm.as_str());
    match kind {
        ClauseKind::Conjunct => {
            // "urged X to halt ... and (to) allow ...": a bare verb after AND
            // belongs to the previous verb, not to a clause of its own
            let bare = lead_word == "TO"
                || lead.is_some_and(|i| {
                    p.class(i) == Class::Verb
                        && p.toks[i].case == dyad_text::Case::Lower
                        && !lead_word.ends_with("ED")
                        && !lead_word.ends_with("EN")
                        && !lead_word.ends_with('S')
                        && !lead_word.ends_with("ING")
                        && !is_one_of(lead_word, IRREGULAR_PAST)
                });
            if bare {
                return inherit;
            }
            inherit.subject = prev.subject.clone();
            inherit.target = prev.target.clone();
            inherit.pronoun_object = prev.object.clone();
            inherit.reaction = prev.subject.clone();
        }
        ClauseKind::Participle => {
            inherit.subject = prev.subject.clone();
            inherit.pronoun_object = prev.object.clone();
            if is_one_of(lead_word, CAUSATIVES) {
                inherit.reaction = prev.subject.clone();
            }
            // ", saying Russia had fired ...": the reported clause has its own actors
            if lead.is_some_and(|i| p.ends_reporting_verb(dict, i)) {
                inherit.pronoun_object = None;
            }
        }
        ClauseKind::Relative => {
            // the actor before ", which", when the verb follows the pronoun
            // ("which announced", "who had attacked")
            let verb_follows = p
                .live()
                .filter(|&i| i > cs)
                .find(|&i| {
                    !matches!(
                        p.toks[i].norm.as_str(),
                        "HAD" | "HAS" | "HAVE" | "ALSO" | "LATER" | "THEN" | "ALREADY" | "EARLIER"
                    )
                })
                .is_some_and(|i| p.class(i) == Class::Verb);
            // after a deleted comma clause: an appositive ("Guterres, the UN
            // chief, who ...") leaves the actor before it as the antecedent;
            // a clause with a verb ("a move opposed by Russia, which ...")
            // holds the antecedent itself, which is gone
            let mut k = cs;
            while k > 0 && p.toks[k - 1].deleted {
                k -= 1;
            }
            let verb_in_deleted = (k..cs).any(|j| {
                let t = &p.toks[j];
                t.case == dyad_text::Case::Lower
                    && (t.norm.ends_with("ED") || is_one_of(&t.norm, IRREGULAR_PAST))
            });
            let antecedent = p
                .live()
                .filter(|&i| i < k && (k < cs || i + 1 < cs))
                .last()
                .and_then(|i| p.actor_ending_at(i))
                .filter(|&a| usable(p, a) && verb_follows && !verb_in_deleted);
            inherit.subject = antecedent.map(|a| side_of(p, bound_of(p, a)));
            inherit.source = None;
            inherit.target = prev.target.clone();
        }
        ClauseKind::GapRelative => {
            inherit.gap_object = gap_antecedent(p, cs)
                .filter(|&a| usable(p, a) && p.actors[a].kind == ActorKind::Named)
                .map(|a| side_of(p, bound_of(p, a)));
            inherit.gap_reaction = inherit.gap_object.is_none();
            // "a plan which Moscow rejected": a reaction is to whoever made
            // the plan
            inherit.reaction = prev.subject.clone();
        }
        ClauseKind::First | ClauseKind::Own => {
            inherit.subject = prev.subject.clone();
        }
    }
    inherit
}

/// True when clause `cs..ce` is a participle that opens the sentence and
/// ends at a comma ("Visiting Kyiv on Monday, ...").
fn leading_participle(p: &Parse, cs: usize, ce: usize) -> bool {
    let Some(lead) = p.live().find(|&i| i >= cs) else {
        return false;
    };
    let t = &p.toks[lead];
    lead == p.live().next().unwrap_or(usize::MAX)
        && t.norm.len() > 5
        && t.norm.ends_with("ING")
        && p.class(lead) == Class::Verb
        && p.toks.get(ce).is_some_and(|t| t.kind == dyad_text::TokenKind::Comma)
        // no finite verb: "Normalizing relations with Cuba is a bad idea,"
        // is a gerund subject
        && !(lead + 1..ce).any(|i| {
            matches!(
                p.toks[i].norm.as_str(),
                "IS" | "WAS" | "ARE" | "WERE" | "HAS" | "HAVE" | "HAD" | "WILL" | "WOULD"
            )
        })
}

/// True when the sentence opens with a frame phrase closed by the comma at
/// `ce` ("In a phone call with X,", "During talks in Doha,"); AFTER and
/// BEFORE phrases hold clauses with subjects of their own.
fn leading_frame(p: &Parse, ce: usize) -> bool {
    p.toks
        .get(ce)
        .is_some_and(|t| t.kind == dyad_text::TokenKind::Comma)
        && p.closes_leading_phrase(ce)
        && p.live()
            .next()
            .is_some_and(|i| matches!(p.toks[i].norm.as_str(), "IN" | "DURING" | "AT"))
}

/// The actor a relative clause with its own subject (`GapRelative`,
/// starting at `cs`) is about: the actor right before its pronoun ("Ukraine,
/// which Russia invaded"); none when that is a thing ("a plan which ...",
/// ", a move Kyiv condemned").
fn gap_antecedent(p: &Parse, cs: usize) -> Option<usize> {
    let lead = p.live().find(|&i| i >= cs)?;
    if !matches!(p.toks[lead].norm.as_str(), "WHICH" | "THAT" | "WHOM") {
        return None;
    }
    let a = p
        .live()
        .filter(|&i| i < cs && p.toks[i].kind != dyad_text::TokenKind::Comma)
        .last()
        .and_then(|i| p.actor_ending_at(i))?;
    // "a plan to end the war in Gaza, which ...", "an attack on Kyiv, which
    // ...": an actor inside a prepositional phrase is more often part of the
    // thing than its head
    let preposition = |i: usize| {
        matches!(
            p.toks[i].norm.as_str(),
            "IN" | "ON" | "AT" | "FOR" | "OVER" | "AGAINST" | "NEAR" | "ACROSS" | "WITH" | "INTO"
        )
    };
    let before = p.live().filter(|&i| i < p.actors[a].first).last();
    let governed = before.is_some_and(|i| preposition(i) || p.toks[i].norm == "OF")
        || (p.actors[a].first..p.actors[a].last).any(preposition);
    (!governed).then_some(a)
}

/// The actor token a place preposition at `i` governs: "in northern
/// Burkina Faso", "on the centre of Sumy", "in the port city of Hodeidah".
fn place_after(p: &Parse, i: usize) -> Option<usize> {
    // "in northern Burkina Faso", "in the eastern Congo"
    let mut j = i;
    loop {
        let k = (j + 1..p.toks.len()).find(|&k| !p.toks[k].deleted)?;
        let w = p.toks[k].norm.as_str();
        let modifier = matches!(
            w,
            "THE"
                | "NORTHERN"
                | "SOUTHERN"
                | "EASTERN"
                | "WESTERN"
                | "CENTRAL"
                | "NORTHEASTERN"
                | "NORTHWESTERN"
                | "SOUTHEASTERN"
                | "SOUTHWESTERN"
        );
        // "on the centre of Sumy", "in the port city of Hodeidah"
        let modifier = modifier
            || matches!(
                w,
                "MUCH"
                    | "OF"
                    | "PARTS"
                    | "PART"
                    | "CENTRE"
                    | "CENTER"
                    | "OUTSKIRTS"
                    | "SUBURBS"
                    | "PORT"
                    | "CITY"
                    | "TOWN"
                    | "VILLAGE"
                    | "REGION"
                    | "PROVINCE"
                    | "DISTRICT"
            );
        if modifier && k < i + 6 {
            j = k;
            continue;
        }
        return (p.class(k) == Class::Actor).then_some(k);
    }
}

/// The token of PEOPLE (or PERSONS) that is the object of the verb ending at
/// `verb`, past a count ("at least 16 people", "dozens of people"), before
/// the clause end `ce` ("shot dead 16 people": DEAD may come between).
fn people_after(p: &Parse, verb: usize, ce: usize) -> Option<usize> {
    const COUNT_WORDS: &WordList = &WordList::new(&[
        "DEAD",
        "AT",
        "LEAST",
        "MORE",
        "THAN",
        "ABOUT",
        "NEARLY",
        "ALMOST",
        "SOME",
        "OVER",
        "UP",
        "TO",
        "DOZENS",
        "HUNDREDS",
        "THOUSANDS",
        "SCORES",
        "OF",
        "AROUND",
    ]);
    let mut k = verb;
    for _ in 0..6 {
        k = p.next_live(k).filter(|&n| n < ce)?;
        let w = p.toks[k].norm.as_str();
        if matches!(w, "PEOPLE" | "PERSONS") {
            return Some(k);
        }
        if !(p.class(k) == Class::Number || is_one_of(w, COUNT_WORDS)) {
            return None;
        }
    }
    None
}

/// True when every code of `side` is an armed group, police force or gang,
/// whose violence is domestic unless a place says otherwise.
fn domestic_force_side(side: &Side) -> bool {
    side.members
        .iter()
        .flat_map(|m| &m.codes)
        .all(|c| matches!(c.get(3..6), Some("REB" | "COP" | "CRM")))
}

/// The one country of every code of `side` (not an IGO, NGO or IMG).
fn sole_country(side: &Side) -> Option<String> {
    let mut found: Option<&str> = None;
    for c in side.members.iter().flat_map(|m| &m.codes) {
        let k = c.get(..3)?;
        if !k.bytes().all(|b| b.is_ascii_uppercase()) || matches!(k, "IGO" | "NGO" | "IMG") {
            return None;
        }
        match found {
            Some(f) if f != k => return None,
            _ => found = Some(k),
        }
    }
    found.map(str::to_string)
}

/// Gives the codes of `side` without a country ("---ELI") `country`.
fn give_country(p: &Parse, side: &mut Side, country: &str) {
    for m in Rc::make_mut(&mut side.members).iter_mut() {
        if said_foreign(p, m) {
            continue;
        }
        for c in &mut m.codes {
            if let Some(rest) = c.strip_prefix("---")
                && !rest.is_empty()
            {
                *c = format!("{country}{rest}");
            }
        }
    }
}

/// `actor_senses`: the code of an act of unrest or force as its actors
/// make it. Riot (145) by an army or armed group is an attack (190);
/// destruction of property (1712) by civilians, protesters, students or
/// workers against an organ of their own state (or one with no country) is
/// a riot (145). Force (18x, 19x) by police against civilians, protesters,
/// students, workers or people of their own country, in a sentence about a
/// protest, is violent repression (175): "police shot dead 16 people during
/// protests". A police shooting with no protest named stays what it is.
fn sense_of_actors(
    p: &Parse,
    code: Option<Box<str>>,
    source: Option<&Side>,
    target: Option<&Side>,
) -> Option<Box<str>> {
    let code = code?;
    let codes = |s: Option<&Side>| -> Vec<String> {
        s.map(|s| {
            s.members
                .iter()
                .flat_map(|m| m.codes.iter().cloned())
                .collect()
        })
        .unwrap_or_default()
    };
    let (sources, targets) = (codes(source), codes(target));
    let all_in = |cs: &[String], roles: &[&str]| {
        !cs.is_empty()
            && cs
                .iter()
                .all(|c| c.get(3..6).is_some_and(|r| roles.contains(&r)))
    };
    if code.starts_with("145") && all_in(&sources, &["MIL", "REB"]) {
        return Some("190".into());
    }

    let same_country = || {
        targets.iter().all(|t| {
            let country = &t[..3];
            country == "---"
                || sources
                    .iter()
                    .all(|s| &s[..3] == country || &s[..3] == "---")
        })
    };
    if (code.starts_with("18") || code.starts_with("19"))
        && all_in(&sources, &["COP"])
        && about_a_protest(p)
        && !targets.is_empty()
        && targets
            .iter()
            .all(|t| t.len() == 3 || matches!(t.get(3..6), Some("CVL" | "OPP" | "EDU" | "LAB")))
        && same_country()
    {
        return Some("175".into());
    }
    if &*code == "1712"
        && all_in(&sources, &["CVL", "OPP", "EDU", "LAB"])
        && all_in(&targets, &["GOV", "LEG", "COP", "JUD", "MIL"])
        && same_country()
    {
        return Some("145".into());
    }
    Some(code)
}

/// True when the sentence names a protest: "during protests", "at
/// demonstrators", "the unrest", "a rally".
fn about_a_protest(p: &Parse) -> bool {
    p.toks.iter().any(|t| {
        let w = t.norm.as_str();
        ["PROTEST", "DEMONSTRAT", "RALL", "UNREST", "RIOT", "MARCHER"]
            .iter()
            .any(|s| w.starts_with(s))
    })
}

/// True when a member's words call it foreign ("blamed foreign intelligence
/// services", "overseas backers"): it belongs to no country of the sentence.
fn said_foreign(p: &Parse, m: &Member) -> bool {
    const FOREIGN: &WordList = &WordList::new(&["FOREIGN", "OVERSEAS", "EXTERNAL"]);
    let Some((start, end)) = m.span else {
        return false;
    };
    let Some(first) = p.toks.iter().position(|t| t.start == start) else {
        return false;
    };
    let before = p.prev_live(first);
    before
        .into_iter()
        .chain((first..p.toks.len()).take_while(|&i| p.toks[i].end <= end))
        .any(|i| is_one_of(&p.toks[i].norm, FOREIGN))
}

/// True when actor `a` is a country, capital or city named as where
/// something happens: after IN, ACROSS, THROUGHOUT, INSIDE or AROUND
/// ("rallied in Belgrade", "deployed soldiers across Kathmandu"), with no
/// role word of its own ("Serbian police" stays a party) and a code no
/// finer than a government. With `in_phrase`, IN may also stand inside the
/// actor's own noun phrase, whose only name is the place: "committed
/// themselves in Paris", "a think tank in Paris"; not with an attack word
/// in the phrase or just before it ("denied involvement in arson attacks on
/// warehouses in London" names the target).
fn named_as_place(p: &Parse, a: usize, in_phrase: bool) -> bool {
    let act = &p.actors[a];
    if act.kind != ActorKind::Named || act.agent_unit.is_some() {
        return false;
    }
    let country_level = |c: &String| {
        c.get(..3).is_some_and(|k| {
            k.bytes().all(|b| b.is_ascii_uppercase()) && !matches!(k, "IGO" | "NGO" | "IMG")
        }) && (c.len() == 3 || &c[3..] == "GOV")
    };
    if act.codes.is_empty() || !act.codes.iter().all(country_level) {
        return false;
    }
    let before = (act.first.saturating_sub(7)..act.first)
        .rev()
        .filter(|&i| !p.toks[i].deleted)
        .take(6);
    let in_phrase = in_phrase
        && !(act.first.saturating_sub(6)..act.last)
            .any(|i| is_one_of(&p.toks[i].norm, ATTACK_NOUNS));
    let inside = (act.first..act.last)
        .filter(|&i| in_phrase && !p.toks[i].deleted && p.toks[i].norm == "IN");
    before.chain(inside).any(|i| {
        matches!(
            p.toks[i].norm.as_str(),
            "IN" | "ACROSS" | "THROUGHOUT" | "INSIDE" | "AROUND"
        ) && place_after(p, i).and_then(|k| p.actor_at(k)) == Some(a)
    })
}

/// Nouns of an attack: a place after them is what was attacked.
const ATTACK_NOUNS: &WordList = &WordList::new(&[
    "ATTACK",
    "ATTACKS",
    "ARSON",
    "BOMBING",
    "BOMBINGS",
    "STRIKE",
    "STRIKES",
    "AIRSTRIKE",
    "AIRSTRIKES",
    "SHELLING",
    "RAID",
    "RAIDS",
    "BLAST",
    "BLASTS",
    "EXPLOSION",
    "EXPLOSIONS",
]);

/// The one country named as a place in the sentence: an actor after IN,
/// NEAR or ACROSS (adjectives such as "northern" may come between) whose
/// code starts with a country. None when two different countries are.
fn locative_country(p: &Parse) -> Option<String> {
    let mut found: Option<String> = None;
    // "a missile strike on Sumy": the place an attack is on
    let attack_on = |i: usize| {
        p.toks[i].norm == "ON"
            && p.prev_live(i).is_some_and(|k| {
                matches!(
                    p.toks[k].norm.as_str(),
                    "STRIKE"
                        | "STRIKES"
                        | "AIRSTRIKE"
                        | "AIRSTRIKES"
                        | "ATTACK"
                        | "ATTACKS"
                        | "RAID"
                        | "RAIDS"
                        | "ASSAULT"
                        | "BOMBARDMENT"
                        | "SHELLING"
                        | "BOMBING"
                        | "OFFENSIVE"
                )
            })
    };
    for i in p.live() {
        if !matches!(p.toks[i].norm.as_str(), "IN" | "NEAR" | "ACROSS" | "INSIDE") && !attack_on(i)
        {
            continue;
        }
        let Some(k) = place_after(p, i) else { continue };
        let Some(a) = p.actor_at(k) else { continue };
        if p.actors[a].kind != ActorKind::Named {
            continue;
        }
        let Some(code) = p.actors[a].codes.first() else {
            continue;
        };
        let Some(country) = code.get(..3) else {
            continue;
        };
        if !country.bytes().all(|b| b.is_ascii_uppercase())
            || matches!(country, "IGO" | "NGO" | "IMG")
        {
            continue;
        }
        match &found {
            Some(f) if f != country => return None,
            _ => found = Some(country.to_string()),
        }
    }
    found
}

/// The first live verb of clause `cs..ce`.
fn first_verb(p: &Parse, cs: usize, ce: usize, verbs: &[usize]) -> Option<usize> {
    verbs.iter().copied().find(|&u| {
        let f = p.units[u].first();
        f >= cs && f < ce
    })
}

/// The clause's first actor before its first verb, as a side.
fn syntactic_subject(p: &Parse, cs: usize, ce: usize, verbs: &[usize]) -> Option<Side> {
    let v = first_verb(p, cs, ce, verbs)?;
    let head = p.units[v].first();
    let a = (0..p.actors.len())
        .find(|&a| p.actors[a].first >= cs && p.actors[a].first < head && usable(p, a))?;
    Some(side_of(p, bound_of(p, a)))
}

/// The clause's first actor after its first verb, as a side.
fn syntactic_object(p: &Parse, cs: usize, ce: usize, verbs: &[usize]) -> Option<Side> {
    let v = first_verb(p, cs, ce, verbs)?;
    let last = p.units[v].last();
    let a = (0..p.actors.len())
        .find(|&a| p.actors[a].first > last && p.actors[a].first < ce && usable(p, a))?;
    Some(side_of(p, bound_of(p, a)))
}

/// TO at `i` opens an infinitive of purpose ("in a phone call to work
/// closely on ..."), not a destination ("a visit to Kyiv", "to the
/// region"): a lower-case word follows that is no determiner, actor or
/// agent.
fn purpose_to(p: &Parse, i: usize) -> bool {
    p.toks[i].norm == "TO"
        && p.next_live(i).is_some_and(|n| {
            p.toks[n].case == dyad_text::Case::Lower
                && matches!(p.class(n), Class::Verb | Class::Unknown | Class::Noun)
                && !matches!(
                    p.toks[n].norm.as_str(),
                    "THE" | "A" | "AN" | "ITS" | "HIS" | "HER" | "THEIR" | "OUR" | "THIS" | "THESE"
                )
        })
}

/// Where the frame whose action is verb unit `u` ends: at the next comma,
/// verb, complementizer or infinitive of purpose, or the clause's end.
fn frame_end(p: &Parse, u: usize, ce: usize) -> usize {
    let last = p.units[u].last();
    (last + 1..ce)
        .find(|&i| {
            !p.toks[i].deleted
                && (p.toks[i].kind == dyad_text::TokenKind::Comma
                    || matches!(p.toks[i].norm.as_str(), "THAT" | "WHICH" | "WHO")
                    || purpose_to(p, i)
                    || (p.class(i) == Class::Verb
                        && p.toks[i]
                            .unit
                            .is_some_and(|v| p.units[v as usize].first() == i)))
        })
        .unwrap_or(ce)
}

/// "in an exchange mediated by the UAE", "U.S.-brokered talks": a verb read
/// as a reduced passive ("VERBED by Y") or joined by a hyphen to an actor
/// ("Y-VERBED") after a clause whose main event is symmetric gives Y -> each
/// party with the verb's code.
fn mediation(
    p: &Parse,
    dict: &Dictionaries,
    cs: usize,
    ce: usize,
    main: Option<&VerbEvents>,
    shift: i32,
) -> Option<VerbEvents> {
    let main = main?;
    let pairs: Vec<(&str, &str)> = main
        .events
        .iter()
        .map(|e| (e.source.as_str(), e.target.as_str()))
        .collect();
    if pairs.is_empty() || !pairs.iter().all(|&(s, t)| pairs.contains(&(t, s))) {
        return None;
    }
    let mut parties: Vec<&RawEvent> = Vec::new();
    for e in &main.events {
        if !parties.iter().any(|q| q.source == e.source) {
            parties.push(e);
        }
    }
    for unit in &p.units {
        if unit.class != Class::Verb
            || unit.tokens.is_empty()
            || unit.first() < cs
            || unit.first() >= ce
        {
            continue;
        }
        if main
            .events
            .iter()
            .any(|e| e.verb_span.0 == p.toks[unit.first()].start)
        {
            continue;
        }
        let Entry::Verb(f) = unit.entry else { continue };
        let (first, last) = (unit.first(), unit.last());
        let word = &p.toks[last].norm;
        let by = (last + 1..ce)
            .find(|&i| !p.toks[i].deleted)
            .filter(|&i| p.class(i) == Class::Builtin(crate::lexicon::Builtin::By));
        let agent = if let Some(b) = by.filter(|_| word.ends_with("ED")) {
            (0..p.actors.len())
                .find(|&a| p.actors[a].first > b && p.actors[a].first < ce && usable(p, a))
        } else if p.toks[first].hyphen_before && word.ends_with("ED") && first > 0 {
            (0..p.actors.len()).find(|&a| p.actors[a].last + 1 == first && usable(p, a))
        } else if p.toks[first].norm.ends_with("ING") {
            // "with Qatar mediating", "with Qatar acting as mediator"
            p.prev_live(first)
                .and_then(|b| p.actor_ending_at(b))
                .filter(|&a| {
                    usable(p, a)
                        && p.prev_live(p.actors[a].first)
                            .is_some_and(|w| p.toks[w].norm == "WITH")
                })
        } else {
            None
        };
        let Some(a) = agent else { continue };
        let form = &dict.verb_forms[f as usize];
        let code = form
            .code
            .as_ref()
            .unwrap_or(&dict.verb_sets[form.set as usize].code);
        let EventCode::Event {
            primary: Some(primary),
            paired,
            ..
        } = code
        else {
            continue;
        };
        let verb_span = (p.toks[first].start, p.toks[last].end);
        let side = side_of(p, bound_of(p, a));
        let mut events = Vec::new();
        for m in side.members.iter() {
            for party in &parties {
                for sc in &m.codes {
                    if *sc == party.source {
                        continue;
                    }
                    let mut push = |s: &str, t: &str, c: &str, ss, ts| {
                        events.push(RawEvent {
                            source: s.to_string(),
                            target: t.to_string(),
                            code: c.to_string(),
                            source_span: ss,
                            target_span: ts,
                            verb_span,
                            rule: form.origin,
                            rule_text: format!(
                                "{} (frame)",
                                form.phrase.display().replace('=', "")
                            ),
                            date_shift: shift,
                        });
                    };
                    push(sc, &party.source, primary, m.span, party.source_span);
                    if let Some(c) = paired {
                        push(&party.source, sc, c, party.source_span, m.span);
                    }
                }
            }
        }
        if events.is_empty() {
            continue;
        }
        // "initialled a peace agreement at a ceremony hosted by Trump": the
        // host's guests meet each other abroad (044, annotation.md item 69)
        if &**primary == "043" {
            for a in &parties {
                for b in &parties {
                    if a.source.get(..3) == b.source.get(..3) {
                        continue;
                    }
                    events.push(RawEvent {
                        source: a.source.clone(),
                        target: b.source.clone(),
                        code: "044".to_string(),
                        source_span: a.source_span,
                        target_span: b.source_span,
                        verb_span,
                        rule: form.origin,
                        rule_text: format!("{} (frame)", form.phrase.display().replace('=', "")),
                        date_shift: shift,
                    });
                }
            }
        }
        return Some(VerbEvents {
            events,
            subordinate: false,
            dominant: false,
            source: None,
            negated: false,
            sides: None,
            extra: true,
            withheld: false,
        });
    }
    None
}

/// True when verb unit `u`'s own code is of root 04 (consult).
fn unit_consults(dict: &Dictionaries, p: &Parse, u: usize) -> bool {
    let Entry::Verb(f) = p.units[u].entry else {
        return false;
    };
    let form = &dict.verb_forms[f as usize];
    crate::parse::consults(
        form.code
            .as_ref()
            .unwrap_or(&dict.verb_sets[form.set as usize].code),
    )
}

/// Units that are live verbs, in sentence order.
fn live_verbs(p: &Parse, dict: &Dictionaries) -> Vec<usize> {
    let _ = dict;
    let mut v: Vec<usize> = (0..p.units.len())
        .filter(|&u| p.units[u].class == Class::Verb && !p.units[u].tokens.is_empty())
        .collect();
    v.sort_by_key(|&u| p.units[u].first());
    v
}

/// TABARI's COMPLEX conditions.
fn complexity(
    p: &Parse,
    dict: &Dictionaries,
    opts: &CoderOptions,
    verbs: &[usize],
) -> Option<Problem> {
    let c = &opts.complex;
    if c.verbs > 0 && verbs.len() as u32 >= c.verbs {
        return Some(Problem::Complex(format!("{} verbs", verbs.len())));
    }
    if c.actors > 0 {
        let n = p
            .actors
            .iter()
            .filter(|a| a.kind == ActorKind::Named && !a.hidden)
            .count() as u32;
        if n >= c.actors {
            return Some(Problem::Complex(format!("{n} actors")));
        }
    }
    if c.conjunctions > 0 {
        let n = p
            .live()
            .filter(|&i| {
                matches!(
                    p.class(i),
                    Class::Builtin(
                        crate::lexicon::Builtin::Conjunction
                            | crate::lexicon::Builtin::CompoundConjunction
                    )
                )
            })
            .filter(|&i| {
                !p.compounds
                    .iter()
                    .any(|k| !k.members.is_empty() && k.first <= i && i <= k.last)
            })
            .count() as u32;
        if n >= c.conjunctions {
            return Some(Problem::Complex(format!("{n} conjunctions")));
        }
    }
    if c.pronouns > 0 {
        let n = p
            .actors
            .iter()
            .filter(|a| matches!(a.kind, ActorKind::Pronoun { .. }))
            .count() as u32;
        if n >= c.pronouns {
            return Some(Problem::Complex(format!("{n} pronouns")));
        }
    }
    let coded_verb = verbs.iter().copied().find(|&u| match p.units[u].entry {
        Entry::Verb(f) => {
            let form = &dict.verb_forms[f as usize];
            !form
                .code
                .as_ref()
                .unwrap_or(&dict.verb_sets[form.set as usize].code)
                .is_null()
        }
        _ => false,
    });
    if c.no_actor_prior
        && let Some(first) = coded_verb
    {
        let head = p.units[first].first();
        let prior = p.actors.iter().any(|a| {
            a.last < head
                && !a.hidden
                && !(matches!(a.kind, ActorKind::Pronoun { .. }) && a.codes.is_empty())
        });
        if !prior {
            return Some(Problem::Complex("no actor before the verb".into()));
        }
    }
    if c.no_verb && verbs.is_empty() {
        return Some(Problem::Complex("no verb".into()));
    }
    None
}

/// The shift from `<TIME>` phrases, when time shifting is on.
fn time_shift(p: &Parse, dict: &Dictionaries, opts: &CoderOptions) -> Result<i32, Problem> {
    let on = opts.time_shift.unwrap_or(!dict.times.is_empty());
    if !on {
        return Ok(0);
    }
    for u in &p.units {
        if u.class != Class::Time || u.tokens.is_empty() {
            continue;
        }
        let Entry::Time(t) = u.entry else { continue };
        let tp = &dict.times[t as usize];
        let mut shift = tp.shift;
        for (pat, s) in &tp.patterns {
            // time patterns read the whole sentence ("tomorrow and a week from now")
            if match_pattern_within(p, dict, pat, u.first(), u.last(), (0, p.toks.len())).is_some()
            {
                shift = *s;
                break;
            }
        }
        match shift {
            TimeShift::Days(d) => return Ok(d),
            TimeShift::Null => {}
            TimeShift::Discard => return Err(Problem::Discard("time phrase".into())),
            TimeShift::Complex => return Err(Problem::Complex("time phrase".into())),
        }
    }
    Ok(0)
}

fn first_actor_codes(p: &Parse, dict: &Dictionaries) -> Vec<String> {
    for a in &p.actors {
        if a.kind == ActorKind::Named
            && !a.hidden
            && let Some(u) = a.unit
            && let Entry::Actor(i) = p.units[u as usize].entry
        {
            return dict.actors[i as usize]
                .codes
                .resolve(None)
                .iter()
                .map(|c| c.to_string())
                .collect();
        }
    }
    Vec::new()
}

/// A side of an event: the actors (each with its codes and span). The
/// members are shared: a clause hands its sides to the next clause, its
/// frames and the sentence's pair, and a copy is a count, not a deep copy of
/// every member's codes (`give_country` copies them when it changes a
/// shared side).
#[derive(Debug, Clone)]
struct Side {
    members: Rc<Vec<Member>>,
}

#[derive(Debug, Clone)]
struct Member {
    codes: Vec<String>,
    span: Option<(usize, usize)>,
}

fn member_of(p: &Parse, a: usize) -> Member {
    let act = &p.actors[a];
    let span = Some((p.toks[act.first].start, p.toks[act.last].end));
    Member {
        codes: act.codes.clone(),
        span,
    }
}

fn side_of(p: &Parse, b: Bound) -> Side {
    match b {
        Bound::Actor(a) => match p.compound_of(a) {
            Some(c)
                if matches!(p.actors[a].kind, ActorKind::Pronoun { plural: true, .. })
                    && !p.compounds[c].members.is_empty() =>
            {
                let span = Some((
                    p.toks[p.actors[a].first].start,
                    p.toks[p.actors[a].last].end,
                ));
                Side {
                    members: Rc::new(
                        p.compounds[c]
                            .members
                            .iter()
                            .map(|&m| Member {
                                codes: p.actors[m].codes.clone(),
                                span,
                            })
                            .collect(),
                    ),
                }
            }
            _ => Side {
                members: Rc::new(vec![member_of(p, a)]),
            },
        },
        Bound::Compound(c) => Side {
            members: Rc::new(
                p.compounds[c]
                    .members
                    .iter()
                    .map(|&m| member_of(p, m))
                    .collect(),
            ),
        },
    }
}

/// The noun at `first` opens its clause as the subject: only determiners
/// and modifiers stand between it and the sentence's start, a comma or AND
/// ("The latest talks between ..."; not "days after a meeting between").
fn opens_clause_as_noun(p: &Parse, first: usize) -> bool {
    let mut i = first;
    while let Some(b) = p.prev_live(i) {
        let t = &p.toks[b];
        let modifier = matches!(
            p.class(b),
            Class::Builtin(crate::lexicon::Builtin::Determiner) | Class::Adjective | Class::Unknown
        ) && t.kind != dyad_text::TokenKind::Comma
            && !is_one_of(&t.norm, crate::parse::LEADING_PREPOSITIONS);
        if !modifier {
            return t.kind == dyad_text::TokenKind::Comma || t.norm == "AND";
        }
        i = b;
    }
    true
}

/// The first token of a bound actor or compound.
fn bound_first(p: &Parse, b: Bound) -> usize {
    match b {
        Bound::Actor(a) => p.actors[a].first,
        Bound::Compound(c) => p.compounds[c].first,
    }
}

/// The bound form of actor `a`: its compound when it has one.
fn bound_of(p: &Parse, a: usize) -> Bound {
    match p.compound_of(a) {
        Some(c) if !p.compounds[c].members.is_empty() => {
            if matches!(p.actors[a].kind, ActorKind::Pronoun { .. }) {
                Bound::Actor(a)
            } else {
                Bound::Compound(c)
            }
        }
        _ => Bound::Actor(a),
    }
}

/// `non_parties`: actor `a` is where or from whom the news comes, not a
/// party to the event: after ACCORDING TO; a news outlet (a `MED` code)
/// after TOLD, TELLS or INTERVIEW; or the modifier of a venue or a document
/// ("the G7 summit", "the 2015 Paris climate agreement").
fn not_a_party(p: &Parse, a: usize) -> bool {
    const VENUES: &WordList = &WordList::new(&[
        "SUMMIT",
        "SUMMITS",
        "CONFERENCE",
        "FORUM",
        "CONVENTION",
        "HEADQUARTERS",
        "AGREEMENT",
        "AGREEMENTS",
        "ACCORD",
        "ACCORDS",
        "TREATY",
        "DEAL",
        "PACT",
        "PROTOCOL",
        "CHARTER",
        "INTERVIEW",
        "INTERVIEWS",
    ]);
    if owned_role(p, a) {
        return true;
    }
    let act = &p.actors[a];
    if act.kind != ActorKind::Named {
        return false;
    }
    let live = |i: usize| !p.toks[i].deleted;
    // the four live words before the actor, nearest first (no vector)
    let mut nearest = [0usize; 4];
    let mut live_before = (0..act.first).rev().filter(|&i| live(i));
    let count = nearest
        .iter_mut()
        .map_while(|slot| live_before.next().map(|i| *slot = i))
        .count();
    let before = &nearest[..count];
    // "according to (the) X"
    if before
        .windows(2)
        .take(2)
        .any(|w| p.toks[w[0]].norm == "TO" && p.toks[w[1]].norm == "ACCORDING")
    {
        return true;
    }
    // "told CNN's Dana Bash", "in an interview with Fox News"
    let outlet = act.codes.iter().any(|c| {
        c.len() >= 6
            && (3..c.len())
                .step_by(3)
                .any(|k| c.get(k..k + 3) == Some("MED"))
    });
    if outlet
        && before.iter().any(|&i| {
            matches!(
                p.toks[i].norm.as_str(),
                "TOLD" | "TELLS" | "TELLING" | "INTERVIEW" | "INTERVIEWS"
            )
        })
    {
        return true;
    }
    // PETRARCH's noun phrases hold the venue: "the G7 summit"
    if (act.first..=act.last).any(|i| live(i) && is_one_of(&p.toks[i].norm, VENUES)) {
        return true;
    }
    // "at the G7 summit", "the Paris climate accord": up to two modifiers
    // between the actor and the venue or document
    let mut j = act.last;
    for _ in 0..3 {
        let Some(k) = (j + 1..p.toks.len()).find(|&k| live(k)) else {
            return false;
        };
        let t = &p.toks[k];
        if is_one_of(&t.norm, VENUES) {
            return true;
        }
        let modifier = t.kind == dyad_text::TokenKind::Word
            && t.case == dyad_text::Case::Lower
            && matches!(p.class(k), Class::Unknown | Class::Adjective | Class::Noun);
        if !modifier && t.kind != dyad_text::TokenKind::Number {
            return false;
        }
        j = k;
    }
    false
}

/// `non_parties`: actor `a` is the place that a WHERE clause after it
/// describes, and the verb starting at `verb` is inside that clause ("flew
/// in from the United States, where he met Bush", "is widespread in Russia,
/// where a majority views the rebels as fighting ..."): the place is
/// neither source nor target of the clause's verbs. Only a WHERE after a
/// comma: "the suburbs where troops shelled rebels" may name the place an
/// attack is on.
fn where_antecedent(p: &Parse, a: usize, verb: usize) -> bool {
    let act = &p.actors[a];
    let Some(comma) = p.next_live(act.last) else {
        return false;
    };
    p.toks[comma].kind == dyad_text::TokenKind::Comma
        && p.next_live(comma)
            .is_some_and(|w| p.toks[w].norm == "WHERE" && w < verb)
}

/// `non_parties`: actor `a` is a role with no country right before the
/// consultation noun starting at `verb` ("said during a Cabinet meeting",
/// "at its business meeting", "a staff meeting"): it says what kind of
/// meeting it is, not who was met.
fn meeting_kind(p: &Parse, a: usize, verb: usize, consultation: bool) -> bool {
    let act = &p.actors[a];
    consultation
        && !act.codes.is_empty()
        && act.codes.iter().all(|c| c.starts_with("---"))
        && p.next_live(act.last) == Some(verb)
}

/// `non_parties`: where the grounds of a reproach begin, past its object:
/// FOR or OF after at least one word that follows the verb ending at
/// `last`, then a gerund ("accused the West of plotting to control
/// Ukraine", "blamed the court for refusing"), NOT or, after FOR, a
/// determiner ("blames NAFTA for the loss of American jobs"). An actor
/// past it is named in the reason, not reproached (annotation.md 5.6).
fn reproach_grounds(p: &Parse, last: usize, ce: usize) -> Option<usize> {
    const DETERMINERS: &WordList =
        &WordList::new(&["THE", "A", "AN", "HIS", "HER", "ITS", "THEIR", "NOT"]);
    let gerund = |i: usize| {
        let t = &p.toks[i];
        t.case == dyad_text::Case::Lower && t.norm.len() > 5 && t.norm.ends_with("ING")
    };
    let object = p.next_live(last)?;
    let mut i = object;
    while let Some(k) = p.next_live(i).filter(|&k| k < ce) {
        i = k;
        let w = p.toks[k].norm.as_str();
        if w != "FOR" && w != "OF" {
            continue;
        }
        let Some(n) = p.next_live(k) else { break };
        // "of improperly surveilling"
        let n = if p.toks[n].norm.ends_with("LY") && p.toks[n].case == dyad_text::Case::Lower {
            p.next_live(n).unwrap_or(n)
        } else {
            n
        };
        if gerund(n)
            || (w == "FOR" && is_one_of(&p.toks[n].norm, DETERMINERS))
            || p.toks[n].norm == "NOT"
        {
            return Some(k);
        }
    }
    None
}

/// `non_parties`: actor `a` is a role with no country that a person owns
/// through HIS or HER ("Trump asked his Cabinet secretaries", "praised his
/// administration", "berated his campaign manager"): someone acting on
/// their own people, not on a second party. (ITS and THEIR stand for
/// states as often as for people: "withdrew its troops" keeps its target.)
fn owned_role(p: &Parse, a: usize) -> bool {
    const OWNERS: &WordList = &WordList::new(&["HIS", "HER"]);
    let act = &p.actors[a];
    !act.codes.is_empty()
        && act.codes.iter().all(|c| c.starts_with("---"))
        && (0..act.first)
            .rev()
            .find(|&i| !p.toks[i].deleted)
            .is_some_and(|i| is_one_of(&p.toks[i].norm, OWNERS))
}

fn usable(p: &Parse, a: usize) -> bool {
    let act = &p.actors[a];
    !act.hidden && !act.codes.is_empty()
}

fn codes_of(side: &Side) -> Vec<String> {
    side.members
        .first()
        .map(|m| m.codes.clone())
        .unwrap_or_default()
}

/// The vectors one verb's coding fills and then has no more use for: its
/// [`Site`] and its candidate patterns. Kept per thread and reused from
/// verb to verb instead of allocated three times for each.
#[derive(Default)]
struct VerbScratch {
    site: Site,
    candidates: Vec<u32>,
}

thread_local! {
    static VERB_SCRATCH: std::cell::RefCell<VerbScratch> =
        std::cell::RefCell::new(VerbScratch::default());
}

/// Codes one verb.
#[allow(clippy::too_many_arguments)]
fn code_verb(
    p: &Parse,
    dict: &Dictionaries,
    lex: &Lexicon,
    opts: &CoderOptions,
    u: usize,
    inherit: &Inherit,
    shift: i32,
    scope: Option<(usize, usize)>,
) -> Result<Option<VerbEvents>, Problem> {
    VERB_SCRATCH.with(|scratch| {
        // a verb coded inside another verb's coding (frames) finds the
        // thread's scratch borrowed and uses a fresh one
        let mut borrowed = scratch.try_borrow_mut().ok();
        let mut fresh = VerbScratch::default();
        let scratch = borrowed.as_deref_mut().unwrap_or(&mut fresh);
        code_verb_with(p, dict, lex, opts, u, inherit, shift, scope, scratch)
    })
}

/// [`code_verb`] with the thread's [`VerbScratch`].
#[allow(clippy::too_many_arguments)]
fn code_verb_with(
    p: &Parse,
    dict: &Dictionaries,
    lex: &Lexicon,
    opts: &CoderOptions,
    u: usize,
    inherit: &Inherit,
    shift: i32,
    scope: Option<(usize, usize)>,
    scratch: &mut VerbScratch,
) -> Result<Option<VerbEvents>, Problem> {
    let unit = &p.units[u];
    let Entry::Verb(f) = unit.entry else {
        return Ok(None);
    };
    let (first, last) = (unit.first(), unit.last());
    // PETRARCH merges the entries of a verb listed in several blocks; TABARI
    // keeps the first
    let just_f = [f];
    let forms: &[u32] = match opts.style {
        ParseStyle::Petrarch => lex.same_verb(f).unwrap_or(&just_f),
        ParseStyle::Tabari => &just_f,
    };
    // patterns, longest first; a pattern that matches but leaves the event
    // without a side gives way to the next one, and finally to the verb's code
    let mut fallback: Option<VerbEvents> = None;
    let VerbScratch { site, candidates } = scratch;
    let bounds = scope.unwrap_or_else(|| p.clause_of(first));
    site.fill(p, first, last, bounds);
    site.outside_compound = opts.inherit_actors
        && outside_compound(p, inherit, bounds.0, first).is_some()
        && !(bounds.0..first).any(|t| !p.toks[t].deleted && p.actor_at(t).is_some());
    // "did not attack": only a pattern that reads the negation may code it
    // "denied that its troops had fired": a denial negates its clause
    let negation = if opts.negation {
        negation_before(p, first)
    } else {
        None
    }
    .or_else(|| opts.modals.then(|| denial_before(p, first)).flatten());
    // "could attack", "should meet": only a pattern that reads the modal may code it
    // "a reputation for attacking", "declined to bring charges": the
    // clause's later verbs are part of what did not happen either
    let unrealised = if opts.modals {
        purpose_for_before(p, first).or_else(|| refusal_before(p, first))
    } else {
        None
    };
    let modal = if opts.modals {
        modal_before(p, first)
            .or_else(|| conditional_before(p, first))
            .or_else(|| wish_before(p, first))
            .or_else(|| claim_before(p, first))
            .or_else(|| poll_before(p, first))
            .or(unrealised)
    } else {
        None
    };
    // "X was criticized": the subject is the target and no source is named
    let agentless = if opts.agentless_passive {
        agentless_passive(p, dict, f, first, last)
    } else {
        None
    };
    let blocked = negation.or(modal).or(agentless);
    for &form in forms {
        let set_id = dict.verb_forms[form as usize].set;
        let set = &dict.verb_sets[set_id as usize];
        lex.patterns
            .candidates(&p.pattern_filter, set_id, candidates);
        for &j in candidates.iter() {
            let pat = &set.patterns[j as usize];
            if let Some(b) = match_at(p, dict, Some(&lex.patterns), pat, site) {
                if [negation, modal, agentless]
                    .iter()
                    .flatten()
                    .any(|n| !b.words.contains(n))
                {
                    continue;
                }
                match events_for(
                    p,
                    dict,
                    opts,
                    u,
                    form,
                    inherit,
                    shift,
                    scope,
                    Some((pat, b)),
                )? {
                    Some(v) if v.events.is_empty() => {
                        fallback.get_or_insert(v);
                    }
                    other => return Ok(other),
                }
            }
        }
    }
    // the first entry whose code is not null
    let form = forms
        .iter()
        .copied()
        .find(|&g| {
            let vf = &dict.verb_forms[g as usize];
            !vf.code
                .as_ref()
                .unwrap_or(&dict.verb_sets[vf.set as usize].code)
                .is_null()
        })
        .unwrap_or(f);
    match events_for(p, dict, opts, u, form, inherit, shift, scope, None)? {
        // a negated verb keeps its source (for the next clause) but codes nothing
        Some(mut v) if negation.is_some() => {
            v.events.clear();
            v.negated = true;
            Ok(fallback.or(Some(v)))
        }
        // a hypothetical or agentless passive verb codes nothing either
        Some(mut v) if blocked.is_some() => {
            v.events.clear();
            v.withheld = unrealised.is_some() && modal == unrealised;
            if agentless.is_some() {
                v.source = None;
                v.sides = None;
            }
            Ok(fallback.or(Some(v)))
        }
        Some(v) if v.events.is_empty() => Ok(fallback.or(Some(v))),
        other => Ok(other),
    }
}

/// The negation word that governs the verb starting at token `first`, if
/// any: NOT, N'T, NEVER or a contracted auxiliary ("didn't") before it,
/// with only auxiliaries, modals and adverbs between ("did not even attack",
/// "has never attacked", "will not be attacking").
fn negation_before(p: &Parse, first: usize) -> Option<usize> {
    const NEGATIONS: &WordList = &WordList::new(&["NOT", "N'T", "NEVER", "CANNOT"]);
    const BETWEEN: &WordList = &WordList::new(&[
        "DO", "DOES", "DID", "WILL", "WOULD", "SHALL", "SHOULD", "CAN", "COULD", "MAY", "MIGHT",
        "MUST", "HAS", "HAVE", "HAD", "IS", "ARE", "WAS", "WERE", "BE", "BEEN", "BEING", "EVEN",
        "EVER", "YET", "ALSO", "STILL", "JUST", "ALREADY", "AGAIN", "REALLY", "GOING", "TO",
    ]);
    let mut i = first;
    for _ in 0..5 {
        i = (0..i).rev().find(|&j| !p.toks[j].deleted)?;
        let t = &p.toks[i];
        if t.kind != dyad_text::TokenKind::Word {
            return None;
        }
        let w = t.norm.as_str();
        if is_one_of(w, NEGATIONS) || w.ends_with("N'T") {
            return Some(i);
        }
        let adverb = t.case == dyad_text::Case::Lower && w.len() > 4 && w.ends_with("LY");
        if !is_one_of(w, BETWEEN) && !adverb {
            return None;
        }
    }
    None
}

/// The modal that governs the verb starting at token `first`, if any:
/// WOULD, COULD, MIGHT, MAY, SHOULD, MUST or CAN before it, with only HAVE,
/// BE, negations and adverbs between ("could have attacked", "may
/// soon meet", "should not be attacking").
fn modal_before(p: &Parse, first: usize) -> Option<usize> {
    const MODALS: &WordList = &WordList::new(&[
        "WOULD",
        "COULD",
        "MIGHT",
        "MAY",
        "SHOULD",
        "MUST",
        "CAN",
        "WOULDN'T",
        "COULDN'T",
        "SHOULDN'T",
        "MUSTN'T",
        "CAN'T",
    ]);
    const BETWEEN: &WordList = &WordList::new(&[
        "HAVE",
        "BE",
        "BEEN",
        "BEING",
        "NOT",
        "N'T",
        "NEVER",
        "EVEN",
        "EVER",
        "ALSO",
        "STILL",
        "JUST",
        "ALREADY",
        "AGAIN",
        "SOON",
        "THEN",
        "NOW",
        "EVENTUALLY",
        "SO",
        "TOO",
        "VERY",
    ]);
    let mut i = first;
    for _ in 0..4 {
        i = (0..i).rev().find(|&j| !p.toks[j].deleted)?;
        let t = &p.toks[i];
        if t.kind != dyad_text::TokenKind::Word {
            return None;
        }
        let w = t.norm.as_str();
        if is_one_of(w, MODALS) {
            // "said it would", "pledged that he would": the reported intent
            // is the event (docs/annotation.md 5.1), coded by the verb file
            if matches!(w, "WOULD" | "WOULDN'T") && reported_intent(p, i) {
                return None;
            }
            return Some(i);
        }
        let adverb = t.case == dyad_text::Case::Lower && w.len() > 4 && w.ends_with("LY");
        if !is_one_of(w, BETWEEN) && !adverb {
            return None;
        }
    }
    None
}

/// The IF, UNLESS or WHETHER that makes the verb starting at `first` part of
/// a condition or its consequence ("if the Court sides with", "If the
/// government shuts down, voters will blame ..."): one earlier in the
/// sentence with no verb of saying after it.
fn conditional_before(p: &Parse, first: usize) -> Option<usize> {
    for j in (0..first).rev() {
        if p.toks[j].deleted {
            continue;
        }
        let w = p.toks[j].norm.as_str();
        if matches!(w, "IF" | "UNLESS" | "WHETHER") {
            return Some(j);
        }
        if is_one_of(w, REPORTING) {
            return None;
        }
    }
    None
}

/// The DENIED (or "rejected claims") whose THAT-clause holds the verb
/// starting at `first`: "denied that its troops had fired on", "rejected
/// reports that Moscow had sent troops". What a denial reports did not
/// happen (docs/annotation.md 5.4). The search stops at a comma, a
/// semicolon or a conjunction, so a later clause keeps its events.
fn denial_before(p: &Parse, first: usize) -> Option<usize> {
    const DENYING: &WordList = &WordList::new(&["DENY", "DENIES", "DENIED", "DENYING"]);
    const DISMISSING: &WordList = &WordList::new(&[
        "REJECT",
        "REJECTS",
        "REJECTED",
        "REJECTING",
        "DISMISS",
        "DISMISSES",
        "DISMISSED",
        "DISMISSING",
        "DENY",
        "DENIES",
        "DENIED",
        "DENYING",
    ]);
    // no allocation: this runs for every verb of a dyad-style parse
    let mut back = words_back(p, first, 12);
    back.find(|&j| p.toks[j].norm == "THAT")?;
    let head = back.next()?;
    let w = p.toks[head].norm.as_str();
    if is_one_of(w, DENYING) {
        return Some(head);
    }
    if !(is_one_of(w, crate::parse::DENIED_NOUNS) || is_one_of(w, DENIED_REPORTS)) {
        return None;
    }
    back.next()
        .filter(|&v| is_one_of(&p.toks[v].norm, DISMISSING))
}

/// The verb of wishing or suggesting whose complement holds the verb
/// starting at `first`: "suggested they meet with his Russian contacts",
/// "Democrats want Mueller to say he would have charged", "considering a
/// plan to send troops". A wish or a suggestion is not the act (annotation.md
/// 5.2). The search stops at a comma, a semicolon or a conjunction.
fn wish_before(p: &Parse, first: usize) -> Option<usize> {
    const WISHING: &WordList = &WordList::new(&[
        "SUGGEST",
        "SUGGESTS",
        "SUGGESTED",
        "SUGGESTING",
        "WANT",
        "WANTS",
        "WANTED",
        "WANTING",
        "HOPE",
        "HOPES",
        "HOPED",
        "HOPING",
        "CONSIDER",
        "CONSIDERS",
        "CONSIDERED",
        "CONSIDERING",
        "WISH",
        "WISHES",
        "WISHED",
    ]);
    words_back(p, first, 8).find(|&j| is_one_of(&p.toks[j].norm, WISHING))
}

/// The verb of claiming or alleging whose complement holds the verb starting
/// at `first`: "activists claimed the Assad government has used chemical
/// weapons", "alleges that Moscow sent troops". What a third party claims
/// is its claim, not a reported act (as an accusation's content is not,
/// docs/annotation.md 5.1). Left alone: "claimed responsibility" (the
/// claimant's own act), "alleged war crimes" (an adjective: a lower-case
/// word follows), and a claim about the claimant's own side ("claimed its
/// forces had captured"). The search stops at a comma, a semicolon or a
/// conjunction.
fn claim_before(p: &Parse, first: usize) -> Option<usize> {
    const CLAIMING: &WordList = &WordList::new(&[
        "CLAIM", "CLAIMS", "CLAIMED", "CLAIMING", "ALLEGE", "ALLEGES", "ALLEGED", "ALLEGING",
    ]);
    const OPENING: &WordList = &WordList::new(&["THAT", "THE", "A", "AN"]);
    let j = words_back(p, first, 8).find(|&j| is_one_of(&p.toks[j].norm, CLAIMING))?;
    if p.toks[j].case != dyad_text::Case::Lower {
        return None;
    }
    let mut next = (j + 1..first).filter(|&k| !p.toks[k].deleted);
    let k = next.next()?;
    let k = if p.toks[k].norm == "THAT" {
        next.next()?
    } else {
        k
    };
    let t = &p.toks[k];
    let opens = is_one_of(&t.norm, OPENING)
        || (t.case != dyad_text::Case::Lower && t.kind == dyad_text::TokenKind::Word);
    opens.then_some(j)
}

/// The number or PERCENT right before the verb starting at `first`: "(a
/// poll that indicated) 44% blaming congressional Republicans", "35 percent
/// support the president". A share of respondents holding an opinion is
/// no act of an actor (docs/annotation.md 6). A date before an event noun
/// refers back to an earlier event as background ("raised concerns about
/// Trump's July 25 phone call with Zelensky", "Trump Jr.'s June 2016
/// meeting with Russian operatives", annotation.md 5.6).
fn poll_before(p: &Parse, first: usize) -> Option<usize> {
    let w = p.toks[first].norm.as_str();
    if p.toks[first].case != dyad_text::Case::Lower || w.ends_with("ED") {
        return None;
    }
    let j = (0..first).rev().find(|&j| !p.toks[j].deleted)?;
    let t = &p.toks[j];
    (t.kind == dyad_text::TokenKind::Number || matches!(t.norm.as_str(), "PERCENT" | "PCT" | "%"))
        .then_some(j)
}

/// FOR or OF right before a gerund: "a reputation for attacking U.S.
/// cybersecurity", "practice for attacking U.S. bases", "the possibility
/// of imposing duties", "accused Russia of adopting a policy": the purpose,
/// grounds or prospect of something else, not an act the sentence reports
/// (annotation.md 5.6).
fn purpose_for_before(p: &Parse, first: usize) -> Option<usize> {
    let t = &p.toks[first];
    if t.case != dyad_text::Case::Lower || !t.norm.ends_with("ING") {
        return None;
    }
    p.prev_live(first)
        .filter(|&j| matches!(p.toks[j].norm.as_str(), "FOR" | "OF"))
}

/// A word of refusing or failing before TO and the verb starting at
/// `first` ("declined to bring charges against", "were unable to agree",
/// "China's refusal to grant access"): the act did not happen. The
/// refusal itself is coded by its own verb (12x) where one is listed.
fn refusal_before(p: &Parse, first: usize) -> Option<usize> {
    const REFUSING: &WordList = &WordList::new(&[
        "REFUSE",
        "REFUSES",
        "REFUSED",
        "REFUSING",
        "REFUSAL",
        "DECLINE",
        "DECLINES",
        "DECLINED",
        "DECLINING",
        "FAIL",
        "FAILS",
        "FAILED",
        "FAILING",
        "FAILURE",
        "UNABLE",
        "INABILITY",
        "UNWILLING",
        "UNWILLINGNESS",
        "RELUCTANT",
        "RELUCTANCE",
    ]);
    let to = p.prev_live(first).filter(|&j| p.toks[j].norm == "TO")?;
    p.prev_live(to)
        .filter(|&j| is_one_of(&p.toks[j].norm, REFUSING))
}

/// `non_parties`: a word between the verb ending at `last` and the actor
/// starting at `actor_first` that shows the actor is not the verb's
/// object but a party to something further on: TO before an infinitive,
/// THAN (not "more than"), or a relative or subordinating word ("urging
/// employers to be understanding of those returning from Spain", "received
/// less attention than that related to Trump", "urged his supporters to go
/// out to counteract Arab voters"). Only for a target the verb itself
/// reaches, not one a pattern places after a word ("sent troops to +").
fn object_barrier(p: &Parse, last: usize, actor_first: usize, inquiry: bool) -> Option<usize> {
    const SUBORDINATORS: &WordList =
        &WordList::new(&["WHO", "WHOSE", "WHICH", "WHERE", "WHEN", "BECAUSE", "WHILE"]);
    const DETERMINERS: &WordList = &WordList::new(&["A", "AN", "THE"]);
    const COMPARATIVES: &WordList = &WordList::new(&[
        "MORE", "LESS", "FEWER", "RATHER", "OTHER", "LATER", "EARLIER",
    ]);
    const INFINITIVES: &WordList = &WordList::new(&[
        "BE", "GO", "DO", "MAKE", "GIVE", "HELP", "GET", "HOLD", "KEEP", "TAKE", "TELL", "ASK",
        "STOP", "ALLOW", "LET", "SUPPORT", "VOTE", "PUSH", "SEE", "COME", "WORK", "PUT", "FIND",
        "USE", "PAY", "BRING", "SEEK", "START", "END", "JOIN", "PASS", "ACT", "TRY", "HAVE",
    ]);
    (last + 1..actor_first)
        .filter(|&i| !p.toks[i].deleted)
        .find(|&i| {
            let w = p.toks[i].norm.as_str();
            match w {
                "TO" => {
                    i > last + 1
                        && p.next_live(i).is_some_and(|n| {
                            p.toks[n].case == dyad_text::Case::Lower
                                && (p.class(n) == Class::Verb
                                    || is_one_of(&p.toks[n].norm, INFINITIVES))
                        })
                }
                "THAN" => !p
                    .prev_live(i)
                    .is_some_and(|k| is_one_of(&p.toks[k].norm, COMPARATIVES)),
                // "investigating whether X colluded" investigates X
                "WHETHER" => !inquiry,
                // "a who's who of terrorist groups"
                _ => {
                    is_one_of(w, SUBORDINATORS)
                        && !p
                            .prev_live(i)
                            .is_some_and(|k| is_one_of(&p.toks[k].norm, DETERMINERS))
                }
            }
        })
}

/// A modal that governs the clause before a frame starting at `d` (in
/// clause `cs..`): "a move could come at the central bank's meeting". A
/// frame of a hypothetical is no more an event than the hypothetical.
fn frame_in_modal_clause(p: &Parse, cs: usize, d: usize) -> bool {
    const MODALS: &WordList = &WordList::new(&[
        "WOULD", "COULD", "MIGHT", "MAY", "SHOULD", "MUST", "CAN", "WILL",
    ]);
    words_back(p, d, 6)
        .take_while(|&j| j >= cs)
        .find(|&j| is_one_of(&p.toks[j].norm, MODALS))
        .is_some_and(|m| {
            !(matches!(p.toks[m].norm.as_str(), "WOULD" | "WILL") && reported_intent(p, m))
        })
}

/// Up to `n` live words before token `first`, nearest first, stopping at a
/// comma or other punctuation and at AND, BUT or OR.
fn words_back(p: &Parse, first: usize, n: usize) -> impl Iterator<Item = usize> + '_ {
    (0..first)
        .rev()
        .filter(|&j| !p.toks[j].deleted)
        .take(n)
        .take_while(|&j| {
            p.toks[j].kind == dyad_text::TokenKind::Word
                && !matches!(p.toks[j].norm.as_str(), "AND" | "BUT" | "OR")
        })
}

/// Reports a denial can reject besides charges and claims ("denied
/// reports that").
const DENIED_REPORTS: &WordList = &WordList::new(&[
    "REPORT",
    "REPORTS",
    "SUGGESTION",
    "SUGGESTIONS",
    "RUMOURS",
    "RUMORS",
]);

/// Verbs and nouns of saying or announcing.
const REPORTING: &WordList = &WordList::new(&[
    "SAID",
    "SAYS",
    "SAY",
    "SAYING",
    "TOLD",
    "TELLS",
    "TELLING",
    "ANNOUNCED",
    "ANNOUNCES",
    "ANNOUNCING",
    "PLEDGED",
    "PLEDGES",
    "PROMISED",
    "PROMISES",
    "VOWED",
    "VOWS",
    "WARNED",
    "WARNS",
    "DECLARED",
    "STATED",
    "INDICATED",
    "CONFIRMED",
    "THREATENED",
    "INSISTED",
    "ADDED",
    "REITERATED",
    "SIGNALED",
    "SIGNALLED",
    "DECIDED",
    "AGREED",
    "ASSURED",
    "INSISTS",
    "CONFIRMS",
    "ANNOUNCEMENT",
    "STATEMENT",
]);

/// True when a verb of saying or announcing stands shortly before the
/// WOULD at `modal`: "said it would", "told reporters he would",
/// "announced that the army would".
fn reported_intent(p: &Parse, modal: usize) -> bool {
    (0..modal)
        .rev()
        .filter(|&j| !p.toks[j].deleted)
        .take(8)
        .take_while(|&j| p.toks[j].kind != dyad_text::TokenKind::Comma)
        .any(|j| is_one_of(&p.toks[j].norm, REPORTING))
}

/// True when the verb starting at `first` states an intent: WOULD or WILL
/// after a verb of saying ("said it would allow inspectors", "announced
/// that it will send troops"), or TO after a verb of promising ("pledged
/// to release", "is ready to meet").
fn stated_intent(p: &Parse, first: usize) -> bool {
    const PROMISING: &WordList = &WordList::new(&[
        "PLEDGED", "PLEDGES", "PROMISED", "PROMISES", "VOWED", "VOWS", "OFFERED", "OFFERS",
        "READY", "WILLING", "PREPARED",
    ]);
    let mut words = (0..first).rev().filter(|&j| !p.toks[j].deleted);
    for _ in 0..3 {
        let Some(j) = words.next() else { return false };
        let w = p.toks[j].norm.as_str();
        match w {
            "WOULD" | "WILL" | "'LL" => return reported_intent(p, j),
            "TO" => {
                return words
                    .next()
                    .is_some_and(|k| is_one_of(&p.toks[k].norm, PROMISING));
            }
            _ if p.toks[j].case == dyad_text::Case::Lower
                && (w.ends_with("LY") || matches!(w, "ALSO" | "SOON" | "NOT" | "STILL")) => {}
            _ => return false,
        }
    }
    false
}

/// The intent (03) code for an act coded `code`: "said it would allow IAEA
/// inspectors" is 0355, not 0862 (docs/annotation.md 4.1, root 03).
fn intent_code(code: &str) -> Option<&'static str> {
    Some(match code {
        "040" | "041" | "042" | "043" | "044" | "046" => "036",
        "061" => "0311",
        "062" => "0312",
        "063" => "0313",
        "064" => "0314",
        "070" => "033",
        "071" => "0331",
        "072" => "0332",
        "073" => "0333",
        "074" => "0334",
        "075" => "0333",
        "080" => "035",
        "081" => "0351",
        "082" => "0352",
        "084" | "0841" | "0842" => "0353",
        "085" => "0354",
        "086" | "0861" | "0862" | "0863" => "0355",
        "087" | "0871" | "0872" | "0873" | "0874" => "0356",
        _ => return None,
    })
}

/// Past participles that do not end in -ED or -EN.
const IRREGULAR_PARTICIPLES: &WordList = &WordList::new(&[
    "MET",
    "HELD",
    "SENT",
    "TOLD",
    "HIT",
    "STRUCK",
    "SHOT",
    "CAUGHT",
    "BROUGHT",
    "SOUGHT",
    "KEPT",
    "LEFT",
    "LED",
    "PUT",
    "SET",
    "CUT",
    "PAID",
    "SOLD",
    "BUILT",
    "FOUGHT",
    "BOUGHT",
    "FOUND",
    "SHOWN",
    "THROWN",
    "DRAWN",
    "BLOWN",
    "OVERTHROWN",
    "WITHDRAWN",
    "LAID",
    "SPREAD",
    "HUNG",
    "BOUND",
    "BURNT",
    "DEALT",
    "HURT",
    "SHUT",
    "SWORN",
    "TORN",
    "WON",
    "LOST",
    "HEARD",
    "MADE",
]);

/// The auxiliary of an agentless passive on the verb unit `u` (`first` to
/// `last`): WAS, WERE, IS, ARE, BE, BEEN or BEING right before a past
/// participle (adverbs may come between: "was sharply criticized") and no
/// BY after it in its stretch ("was criticized for", "has been accused of",
/// "were asked to"). Verbs of root 01 are left alone: "is concerned about",
/// "was hopeful" report the subject's own stance.
fn agentless_passive(
    p: &Parse,
    dict: &Dictionaries,
    f: u32,
    first: usize,
    last: usize,
) -> Option<usize> {
    const BE: &WordList = &WordList::new(&["WAS", "WERE", "IS", "ARE", "BE", "BEEN", "BEING"]);
    const BETWEEN: &WordList = &WordList::new(&[
        "ALSO",
        "STILL",
        "EVEN",
        "ALREADY",
        "NOT",
        "N'T",
        "NEVER",
        "JUST",
        "ONCE",
        "SOON",
        "LATER",
        "THEN",
        "NOW",
        "AGAIN",
        "REPORTEDLY",
        "ALLEGEDLY",
    ]);
    let w = p.toks[first].norm.as_str();
    let participle = (w.len() > 4 && (w.ends_with("ED") || w.ends_with("EN")))
        || is_one_of(w, IRREGULAR_PARTICIPLES);
    if !participle || p.toks[first].case != dyad_text::Case::Lower {
        return None;
    }
    let form = &dict.verb_forms[f as usize];
    let statement = match form
        .code
        .as_ref()
        .unwrap_or(&dict.verb_sets[form.set as usize].code)
    {
        EventCode::Event { primary, .. } => primary.as_deref().is_some_and(|c| c.starts_with("01")),
        _ => false,
    };
    if statement {
        return None;
    }
    let mut i = first;
    let aux = loop {
        i = (0..i).rev().find(|&j| !p.toks[j].deleted)?;
        let t = &p.toks[i];
        let w = t.norm.as_str();
        if is_one_of(w, BE) {
            break i;
        }
        let adverb = t.case == dyad_text::Case::Lower && w.len() > 4 && w.ends_with("LY");
        if !(is_one_of(w, BETWEEN) || adverb) || i + 4 < first {
            return None;
        }
    };
    // "was attacked on Monday by Y": a BY before the next comma or verb is an agent
    let by = (last + 1..p.toks.len())
        .filter(|&j| !p.toks[j].deleted)
        .take_while(|&j| p.toks[j].kind != dyad_text::TokenKind::Comma && p.class(j) != Class::Verb)
        .take(8)
        .any(|j| p.class(j) == Class::Builtin(crate::lexicon::Builtin::By));
    (!by).then_some(aux)
}

/// The events of verb unit `u` with the given pattern match (or none: the
/// verb's own code and the default actors).
#[allow(clippy::too_many_arguments)]
fn events_for(
    p: &Parse,
    dict: &Dictionaries,
    opts: &CoderOptions,
    u: usize,
    f: u32,
    inherit: &Inherit,
    shift: i32,
    scope: Option<(usize, usize)>,
    matched: Option<(&Pattern, Bindings)>,
) -> Result<Option<VerbEvents>, Problem> {
    let unit = &p.units[u];
    let form = &dict.verb_forms[f as usize];
    let set = &dict.verb_sets[form.set as usize];
    let (first, last) = (unit.first(), unit.last());
    let (cs, ce) = scope.unwrap_or_else(|| p.clause_of(first));
    let (code, bindings, rule) = match &matched {
        Some((pat, b)) => (&pat.code, b.clone(), pat.origin),
        None => (
            form.code.as_ref().unwrap_or(&set.code),
            Bindings::default(),
            form.origin,
        ),
    };
    // the rule's text, built only when an event is made (most calls make none)
    let rule_text = std::cell::OnceCell::new();
    let rule_text = || {
        rule_text.get_or_init(|| match &matched {
            Some((pat, _)) => pat.text.to_string(),
            // the verb as listed, and its block when that is named otherwise
            None => match form.phrase.display().replace('=', "") {
                verb if verb.replace('_', " ") == set.label.replace('_', " ") => verb,
                verb => format!("{verb} ({})", set.label),
            },
        })
    };
    let (primary, paired, subordinate, dominant) = match code {
        EventCode::Null => return Ok(None),
        EventCode::Discard => return Err(Problem::Discard(format!("verb {}", set.label))),
        EventCode::Complex => {
            return Err(Problem::Complex(format!(
                "complex code on verb {}",
                set.label
            )));
        }
        EventCode::Event {
            primary,
            paired,
            subordinate,
            dominant,
        } => (primary.clone(), paired.clone(), *subordinate, *dominant),
    };
    // modals: a stated intent to act is coded as the intent, which is the
    // speaker's alone ("said it would visit Kyiv": no host yet)
    let intent = primary
        .as_deref()
        .filter(|_| opts.modals)
        .and_then(intent_code);
    let (primary, paired) = match intent {
        Some(code) if stated_intent(p, first) => (Some(Box::from(code)), None),
        _ => (primary, paired),
    };
    let by_pattern = bindings.source.is_some()
        || bindings.target.is_some()
        || bindings.compound.is_some()
        || bindings.outside_compound;
    // source
    let mut source: Option<Side> = bindings.source.map(|b| side_of(p, b));
    let mut target: Option<Side> = bindings.target.map(|b| side_of(p, b));
    // an actor is before or after the verb by its first word (a phrase with
    // a gap may straddle the verb)
    let before: Vec<usize> = (0..p.actors.len())
        .filter(|&a| p.actors[a].first < first && p.actors[a].first >= cs && usable(p, a))
        .collect();
    let after: Vec<usize> = (0..p.actors.len())
        .filter(|&a| p.actors[a].first > last && p.actors[a].first < ce && usable(p, a))
        .collect();
    let petrarch = opts.style == ParseStyle::Petrarch;
    // PETRARCH looks for the object within the verb's comma-delimited stretch
    let after: Vec<usize> = if petrarch {
        let stop = (last + 1..ce)
            .find(|&i| !p.toks[i].deleted && p.toks[i].kind == dyad_text::TokenKind::Comma)
            .unwrap_or(ce);
        after
            .into_iter()
            .filter(|&a| p.actors[a].first < stop)
            .collect()
    } else {
        after
    };
    // "a move Beijing condemned as interference in China's affairs": in a
    // relative clause the antecedent is the object, and what follows AS
    // describes it
    let gap_clause = p
        .clauses
        .iter()
        .position(|&c| c == (cs, ce))
        .and_then(|ci| p.clause_kinds.get(ci))
        == Some(&ClauseKind::GapRelative);
    let after: Vec<usize> = match (last + 1..ce).find(|&i| gap_clause && p.toks[i].norm == "AS") {
        Some(as_at) => after
            .into_iter()
            .filter(|&a| p.actors[a].first < as_at)
            .collect(),
        None => after,
    };
    let mut source_from_after = false;
    // `%`: TABARI reads the compound as both source and target; PETRARCH
    // reads a compound after the verb as the target
    let compound_after = matched.as_ref().is_some_and(|(pat, _)| {
        pat.after
            .iter()
            .any(|e| matches!(e, PatElem::Compound { .. }))
    });
    if bindings.outside_compound
        && let Some(side) = outside_compound(p, inherit, cs, first)
    {
        source = Some(side.clone());
        target = Some(side.clone());
    }
    if let Some(c) = bindings.compound {
        let side = side_of(p, c);
        // "talks between A and B": a compound after BETWEEN is both sides,
        // when the talks are the clause's subject; background ("days after
        // a meeting between ...") and others' objects ("condemned the
        // exercises between ...") are not coded (annotation.md 2)
        let between = compound_after
            && opts.inherit_actors
            && p.prev_live(bound_first(p, c))
                .is_some_and(|i| p.toks[i].norm == "BETWEEN");
        if between && !opens_clause_as_noun(p, first) {
            return Ok(None);
        }
        if petrarch && compound_after && !between {
            target = Some(side);
        } else {
            source = Some(side.clone());
            target = Some(side);
        }
    }
    let mut source_actor: Option<Bound> = bindings.source;
    let bound_elsewhere = |a: usize| {
        [bindings.target, bindings.compound]
            .iter()
            .flatten()
            .any(|b| match *b {
                Bound::Actor(x) => x == a,
                Bound::Compound(c) => p.compounds[c].members.contains(&a),
            })
    };
    // a consultation noun: "meeting", "talks"
    let consultation = primary.as_deref().is_some_and(|c| c.starts_with("04"))
        && matches!(
            p.toks[first].norm.as_str(),
            "MEETING"
                | "MEETINGS"
                | "TALKS"
                | "SESSION"
                | "SESSIONS"
                | "DISCUSSION"
                | "DISCUSSIONS"
        );
    // non_parties: a venue, a document or the outlet of an interview
    if opts.non_parties {
        let excluded = |b: &Option<Bound>| match *b {
            Some(Bound::Actor(a)) => {
                not_a_party(p, a)
                    || where_antecedent(p, a, first)
                    || meeting_kind(p, a, first, consultation)
            }
            Some(Bound::Compound(c)) => p.compounds[c].members.iter().all(|&m| {
                not_a_party(p, m)
                    || where_antecedent(p, m, first)
                    || meeting_kind(p, m, first, consultation)
            }),
            None => false,
        };
        if excluded(&bindings.source) {
            source = None;
            source_actor = None;
        }
        if excluded(&bindings.target) {
            target = None;
        }
    }
    // "rallied in Belgrade": where a non-violent act happens is no party; an
    // attack "in Kharkiv" is directed at the place (annotation.md 3.5)
    let violent = primary
        .as_deref()
        .is_some_and(|c| c.starts_with("18") || c.starts_with("19") || c.starts_with("20"));
    // "blew up a railway bridge in Russia's Bryansk region": property
    // destroyed in a place is destroyed there (annotation.md 3.5)
    let destructive = primary.as_deref().is_some_and(|c| c.starts_with("17"));
    let party = |a: usize| {
        !opts.non_parties
            || !(not_a_party(p, a)
                || where_antecedent(p, a, first)
                || meeting_kind(p, a, first, consultation)
                || (!violent && named_as_place(p, a, !destructive)))
    };
    // in a frame ("during his first official visit") only a named actor
    // before the action is its subject
    let before: Vec<usize> = before
        .into_iter()
        .filter(|&a| !bound_elsewhere(a) && party(a))
        .filter(|&a| scope.is_none() || p.actors[a].kind == ActorKind::Named)
        .collect();
    let after: Vec<usize> = after
        .into_iter()
        .filter(|&a| !bound_elsewhere(a) && party(a))
        .collect();
    // in a frame, "talks in Doha": an actor after IN is the place
    let after: Vec<usize> = if scope.is_some() {
        after
            .into_iter()
            .filter(|&a| {
                (0..p.actors[a].first)
                    .rev()
                    .find(|&i| !p.toks[i].deleted)
                    .is_none_or(|i| p.toks[i].norm != "IN")
            })
            .collect()
    } else {
        after
    };
    // "During a joint visit to Kyiv on Saturday, the leaders of France ...":
    // a leading prepositional phrase closed by a comma holds no subject
    let lead = (cs..p.toks.len()).find(|&i| !p.toks[i].deleted);
    let leading_phrase_end = lead
        .filter(|&i| is_one_of(&p.toks[i].norm, crate::parse::LEADING_PREPOSITIONS))
        .and_then(|i| {
            (i + 1..first)
                .find(|&k| !p.toks[k].deleted && p.toks[k].kind == dyad_text::TokenKind::Comma)
        });
    let before: Vec<usize> = match leading_phrase_end {
        Some(k) if before.iter().any(|&a| p.actors[a].first > k) => before
            .into_iter()
            .filter(|&a| p.actors[a].first > k)
            .collect(),
        _ => before,
    };
    // the source is the clause's first actor before the verb
    let subject = before.first();
    let mut inherited = false;
    let mut pair_subject = false;
    if source.is_none() {
        if let Some(&a) = subject {
            source_actor = Some(bound_of(p, a));
            source = Some(side_of(p, bound_of(p, a)));
            // "..., and the group (they) vowed revenge": a pronoun or a
            // description of the previous subject continues its clause
            inherited = p.actors[a].kind != ActorKind::Named
                && inherit
                    .subject
                    .as_ref()
                    .is_some_and(|s| codes_of(s) == p.actors[a].codes);
        } else if let Some(both) = inherit.pair.as_ref().filter(|_| pair_before(p, cs, first)) {
            source = Some(both.clone());
            inherited = true;
            pair_subject = true;
        } else if opts.default_source_prior
            && let Some(d) = &opts.default_source
        {
            source = Some(Side {
                members: Rc::new(vec![Member {
                    codes: vec![d.to_string()],
                    span: None,
                }]),
            });
        } else if let Some(s) = &inherit.subject {
            source = Some(s.clone());
            inherited = true;
        } else if let Some(fw) = inherit.source.as_deref() {
            source = Some(Side {
                members: Rc::new(vec![Member {
                    codes: fw.to_vec(),
                    span: None,
                }]),
            });
        } else if let Some(&a) = after
            .first()
            .filter(|_| !petrarch || bindings.target.is_some())
        {
            source_actor = Some(Bound::Actor(a));
            source = Some(side_of(p, Bound::Actor(a)));
            source_from_after = true;
        } else if let Some(d) = &opts.default_source {
            source = Some(Side {
                members: Rc::new(vec![Member {
                    codes: vec![d.to_string()],
                    span: None,
                }]),
            });
        }
    }
    // target
    let mut picked_after: Option<usize> = None;
    let passive_hint = !by_pattern && is_passive(p, first, last);
    if target.is_none() {
        // the source's codes, borrowed (`codes_of` without the copy)
        let src_codes: &[String] = source
            .as_ref()
            .and_then(|s| s.members.first())
            .map_or(&[], |m| m.codes.as_slice());
        // the target is the first actor whose code differs from the source's
        let differs = |a: usize| p.actors[a].codes != src_codes;
        let src_single = match source_actor {
            Some(Bound::Actor(x)) if source_from_after => Some(x),
            _ => None,
        };
        let after_pick = after
            .iter()
            .copied()
            .filter(|&a| Some(a) != src_single)
            .find(|&a| differs(a));
        // ", in the largest protest against Vucic's government": past the
        // verb's comma stretch, an actor after AGAINST in the same clause
        let against_pick = || {
            (0..p.actors.len()).find(|&a| {
                let act = &p.actors[a];
                act.first > last
                    && act.first < ce
                    && usable(p, a)
                    && party(a)
                    && differs(a)
                    && p.prev_live(act.first)
                        .is_some_and(|i| p.toks[i].norm == "AGAINST")
            })
        };
        let after_pick =
            after_pick.or_else(|| opts.participle_clauses.then(against_pick).flatten());
        picked_after = after_pick;
        if let Some(a) = after_pick {
            let b = if source_from_after {
                Bound::Actor(a)
            } else {
                bound_of(p, a)
            };
            target = Some(side_of(p, b));
        } else if opts.default_target_after
            && let Some(d) = &opts.default_target
        {
            target = Some(Side {
                members: Rc::new(vec![Member {
                    codes: vec![d.to_string()],
                    span: None,
                }]),
            });
        } else if let Some(&a) = before
            .iter()
            .rev()
            .find(|&&a| differs(a))
            .filter(|_| !petrarch)
        {
            target = Some(side_of(p, Bound::Actor(a)));
        } else if let Some(d) = &opts.default_target {
            target = Some(Side {
                members: Rc::new(vec![Member {
                    codes: vec![d.to_string()],
                    span: None,
                }]),
            });
        }
    }
    // non_parties: "accused the West of plotting to control Ukraine": an
    // actor in the grounds of a reproach is not the one reproached
    let reproach = primary.as_deref().is_some_and(|c| c.starts_with("11"));
    let grounds_target = opts.non_parties
        && reproach
        && reproach_grounds(p, last, ce).is_some_and(|r| {
            target
                .as_ref()
                .and_then(|t| t.members.first())
                .and_then(|m| m.span)
                .is_some_and(|(start, _)| start > p.toks[r].start)
        });
    if grounds_target {
        target = None;
    }
    // non_parties: the target must be the verb's object, not a party to
    // something past TO, THAN or a subordinate word
    let direct_slot = match &matched {
        Some((pat, _)) => matches!(pat.after.first(), Some(PatElem::Target { .. })),
        None => true,
    };
    let object_first = match bindings.target {
        Some(Bound::Actor(a)) => Some(p.actors[a].first),
        Some(Bound::Compound(c)) => p.compounds[c].members.first().map(|&m| p.actors[m].first),
        None => picked_after.map(|a| p.actors[a].first),
    };
    let barred_target = opts.non_parties
        && direct_slot
        && !passive_hint
        && target.is_some()
        && object_first.is_some_and(|f| {
            let inquiry = primary.as_deref().is_some_and(|c| c.starts_with("09"));
            f > last && object_barrier(p, last, f, inquiry).is_some()
        });
    if barred_target {
        target = None;
    }
    let grounds_target = grounds_target || barred_target;
    // "and the two sides pledged to deepen their partnership": a
    // cooperative act of both sides with no other party is mutual
    let cooperative = primary
        .as_deref()
        .is_some_and(|c| c.get(..2).is_some_and(|r| r <= "08"));
    if target.is_none() && pair_subject && cooperative {
        target = source.clone();
    }
    // "..., and both countries condemned the attack": no party is named
    let unnamed_other = target.is_none() && pair_subject && !cooperative;
    // "and Trump praised both leaders"
    if target.is_none()
        && let Some(both) = inherit.pair.as_ref().filter(|_| pair_after(p, last))
    {
        target = Some(both.clone());
    }
    // "Iran and Israel accused each other of ...": a reciprocal object makes
    // the members of a compound subject each other's targets
    if target.is_none()
        && opts.inherit_actors
        && source.as_ref().is_some_and(|s| s.members.len() > 1)
        && reciprocal_after(p, last)
    {
        target = source.clone();
    }
    // passive voice: swap the default actors
    let passive = !by_pattern
        && (is_passive(p, first, last)
            || (opts.inherit_actors && being_passive(p, first, last))
            || (opts.frames && reduced_passive(p, first, last)));
    // inherit_actors: ", accusing them of": the pronoun stands for the
    // previous clause's object
    if inherited
        && !passive
        && bindings.target.is_none()
        && let Some(obj) = &inherit.pronoun_object
        && p.toks
            .get(last + 1..)
            .and_then(|r| r.iter().find(|t| !t.deleted))
            .is_some_and(|t| is_one_of(&t.norm, &["IT", "THEM", "HIM", "HER"]))
    {
        target = Some(obj.clone());
    }
    // "... and demanded their return"; a reaction (criticism, rejection,
    // threat) by a new subject targets the previous clause's agent
    let reacts = primary.as_deref().is_some_and(|c| {
        c.starts_with("11")
            || c.starts_with("12")
            || c.starts_with("13")
            || (inherit.gap_reaction && c.starts_with("05"))
    });
    // an appeal names its addressee right after the verb: "... and urged
    // other allies to follow" has one, though not an actor
    let addressee_named = primary.as_deref().is_some_and(|c| c.starts_with("02"))
        && p.toks
            .get(last + 1..)
            .and_then(|r| r.iter().find(|t| !t.deleted))
            .is_some_and(|t| !is_one_of(&t.norm, &["TO", "THAT", "IT", "THEM", "HIM", "HER"]));
    if target.is_none() && !passive && source.is_some() && !unnamed_other && !grounds_target {
        let same_country = |side: &Side| {
            let party = |s: &Side| {
                s.members
                    .first()
                    .and_then(|m| m.codes.first())
                    .and_then(|c| party_of(c))
            };
            let object = party(side);
            object.is_some() && source.as_ref().and_then(party) == object
        };
        target = if inherited && !addressee_named {
            inherit.target.clone()
        } else if let Some(object) = inherit.gap_object.as_ref().filter(|o| !same_country(o)) {
            // "Kyiv, which Zelensky ..." is no act of Ukraine on Ukraine:
            // the clause reacts to the act before it instead
            Some(object.clone())
        } else if reacts {
            inherit.reaction.clone()
        } else {
            None
        };
    }
    if passive {
        std::mem::swap(&mut source, &mut target);
    }
    // place_countries: "Kenyan police shot dead at least 16 people": victims
    // named only as people are of the force's own country, the bare country
    // (annotation.md 3.5); an armed group's or police force's violence is
    // domestic unless a place says otherwise
    if opts.place_countries
        && violent
        && target.is_none()
        && let Some(country) = source
            .as_ref()
            .filter(|s| domestic_force_side(s))
            .and_then(sole_country)
        && let Some(k) = people_after(p, last, ce)
    {
        target = Some(Side {
            members: Rc::new(vec![Member {
                codes: vec![country],
                span: Some((p.toks[k].start, p.toks[k].end)),
            }]),
        });
    }
    let primary = if opts.actor_senses {
        sense_of_actors(p, primary, source.as_ref(), target.as_ref())
    } else {
        primary
    };
    let forwarded_source = source.as_ref().map(codes_of);
    let verb_span = (p.toks[first].start, p.toks[last].end);
    let mut events = Vec::new();
    // without require_dyad (PETRARCH), a missing side is written ---
    let null_side = || Side {
        members: Rc::new(vec![Member {
            codes: vec!["---".to_string()],
            span: None,
        }]),
    };
    // force, coercion and protest: roots 14 and 17 to 20
    let forceful = violent
        || primary
            .as_deref()
            .is_some_and(|c| c.starts_with("14") || c.starts_with("17"));
    // place_countries: "kidnapped two soldiers in northern Burkina Faso":
    // a target with no country takes the country of the sentence's place;
    // so does an unnamed armed group, gang or crowd acting there ("gunmen
    // abducted 300 pupils in Nigeria's Niger state", annotation.md 3.4)
    if opts.place_countries
        && let Some(country) = locative_country(p)
    {
        if let Some(side) = &mut target {
            give_country(p, side, &country);
        }
        if let Some(side) = source.as_mut().filter(|_| forceful)
            && side.members.iter().flat_map(|m| &m.codes).all(|c| {
                matches!(
                    c.strip_prefix("---"),
                    Some("REB" | "CRM" | "CVL" | "OPP" | "EDU" | "LAB")
                )
            })
        {
            give_country(p, side, &country);
        }
    }
    // place_countries: "Philippine police arrested former President Rodrigo
    // Duterte", "Turks rallied against the government": coercion (root 17:
    // arrests, detentions, charges) and protest (root 14) are domestic unless
    // a country is named, so a target with no country takes the source's (a
    // source with none is left alone: "a grand jury indicted a dozen
    // Russians")
    // An armed group's or police force's violence is domestic in the same
    // way ("al-Shabaab militants killed 12 civilians", "Kenyan police shot
    // dead 16 protesters").
    let domestic_force = forceful && source.as_ref().is_some_and(domestic_force_side);
    if opts.place_countries
        && (domestic_force
            || primary
                .as_deref()
                .is_some_and(|c| c.starts_with("17") || c.starts_with("14")))
    {
        let source_country = source.as_ref().and_then(sole_country);
        if let (Some(side), Some(country)) = (&mut target, source_country) {
            give_country(p, side, &country);
        }
    }
    let (source, target) = if opts.require_dyad {
        (source, target)
    } else {
        (
            source.or_else(|| null_side().into()),
            target.or_else(|| null_side().into()),
        )
    };
    let (Some(src), Some(tgt)) = (source, target) else {
        return Ok(Some(VerbEvents {
            events,
            subordinate,
            dominant,
            source: None,
            negated: false,
            sides: None,
            extra: false,
            withheld: grounds_target,
        }));
    };
    let sides = Some((src.clone(), tgt.clone()));
    let mut push = |s: &Member, t: &Member, code: &str| {
        for sc in &s.codes {
            for tc in &t.codes {
                events.push(RawEvent {
                    source: sc.clone(),
                    target: tc.clone(),
                    code: code.to_string(),
                    source_span: s.span,
                    target_span: t.span,
                    verb_span,
                    rule,
                    rule_text: rule_text().clone(),
                    date_shift: shift,
                });
            }
        }
    };
    for s in src.members.iter() {
        for t in tgt.members.iter() {
            if s.codes == t.codes {
                continue;
            }
            if let Some(c) = &primary {
                push(s, t, c);
            }
            if let Some(c) = &paired {
                push(t, s, c);
            }
        }
    }
    Ok(Some(VerbEvents {
        events,
        subordinate,
        dominant,
        source: forwarded_source,
        negated: false,
        sides,
        extra: false,
        withheld: false,
    }))
}

/// Plural nouns that "both" or "the two" make refer to two parties named
/// before: "both sides", "the two leaders".
const PAIR_NOUNS: &WordList = &WordList::new(&[
    "SIDES",
    "COUNTRIES",
    "LEADERS",
    "GOVERNMENTS",
    "NATIONS",
    "NEIGHBOURS",
    "NEIGHBORS",
    "RIVALS",
    "MEN",
    "PARTIES",
    "CAPITALS",
    "ALLIES",
    "PRESIDENTS",
    "ARMIES",
    "STATES",
    "MINISTERS",
]);

/// BOTH or (THE) TWO, then up to two modifiers and a pair noun ("the two
/// nuclear-armed neighbours"), starting at word `i`; the index of the noun.
fn pair_phrase_at(p: &Parse, i: usize) -> Option<usize> {
    let mut words = (i..p.toks.len()).filter(|&k| !p.toks[k].deleted);
    let mut k = words.next()?;
    if p.toks[k].norm == "THE" {
        k = words.next()?;
        if p.toks[k].norm != "TWO" {
            return None;
        }
    } else if !matches!(p.toks[k].norm.as_str(), "BOTH" | "TWO") {
        return None;
    }
    for _ in 0..3 {
        let w = words.next()?;
        if is_one_of(&p.toks[w].norm, PAIR_NOUNS) {
            return Some(w);
        }
        let modifier = p.toks[w].case == dyad_text::Case::Lower
            && matches!(p.class(w), Class::Unknown | Class::Adjective);
        if !modifier {
            return None;
        }
    }
    None
}

/// The words of clause `cs..` before the verb at `first` are a pair phrase
/// (after a subordinator: ", though both sides accused ...").
fn pair_before(p: &Parse, cs: usize, first: usize) -> bool {
    // "the two neighbours had agreed": auxiliaries may stand between
    let mut verb_start = first;
    while let Some(b) = p
        .prev_live(verb_start)
        .filter(|&b| b > cs && matches!(p.toks[b].norm.as_str(), "HAD" | "HAVE" | "HAS"))
    {
        verb_start = b;
    }
    (cs..verb_start)
        .filter(|&i| !p.toks[i].deleted)
        .take(2)
        .any(|i| pair_phrase_at(p, i).and_then(|n| p.next_live(n)) == Some(verb_start))
}

/// The compound subject a clause `cs..` with its verb at `first` takes from
/// outside it: the parties a pair phrase before the verb stands for ("and
/// the two leaders signed"), or the previous clause's compound subject when
/// the clause opens with its verb ("A and B held talks, agreeing to ...",
/// "... and agreed to"; not "no sign of", "they have agreed").
fn outside_compound<'a>(
    p: &Parse,
    inherit: &'a Inherit,
    cs: usize,
    first: usize,
) -> Option<&'a Side> {
    let side = if pair_before(p, cs, first) {
        inherit.pair.as_ref()
    } else if (cs..first)
        .filter(|&i| !p.toks[i].deleted)
        .all(|i| p.toks[i].norm == "AND" || p.toks[i].kind == dyad_text::TokenKind::Comma)
    {
        inherit.subject.as_ref()
    } else {
        None
    };
    side.filter(|s| s.members.len() > 1)
}

/// A pair phrase right after the verb `last` ("praised both leaders").
fn pair_after(p: &Parse, last: usize) -> bool {
    p.next_live(last)
        .is_some_and(|i| pair_phrase_at(p, i).is_some())
}

/// EACH OTHER or ONE ANOTHER right after the verb `last`.
fn reciprocal_after(p: &Parse, last: usize) -> bool {
    let mut next = (last + 1..p.toks.len()).filter(|&i| !p.toks[i].deleted);
    matches!(
        (
            next.next().map(|i| p.toks[i].norm.as_str()),
            next.next().map(|i| p.toks[i].norm.as_str())
        ),
        (Some("EACH"), Some("OTHER")) | (Some("ONE"), Some("ANOTHER"))
    )
}

/// "after being hit by ...": BEING right before the verb and BY right after it.
fn being_passive(p: &Parse, first: usize, last: usize) -> bool {
    let before = (0..first).rev().find(|&i| !p.toks[i].deleted);
    let after = (last + 1..p.toks.len()).find(|&i| !p.toks[i].deleted);
    before.is_some_and(|i| matches!(p.toks[i].norm.as_str(), "BEING" | "BE" | "IS" | "ARE"))
        && after.is_some_and(|i| p.class(i) == Class::Builtin(crate::lexicon::Builtin::By))
}

/// WAS, WERE or BEEN one or two words before the verb and BY within two words after it.
/// A participle in -ED after a common noun and before BY is a reduced
/// passive relative ("at a ceremony hosted by Trump", "talks mediated by
/// Qatar"): the BY phrase holds its agent, as in a full passive.
fn reduced_passive(p: &Parse, first: usize, last: usize) -> bool {
    use crate::lexicon::Builtin;
    p.toks[last].norm.ends_with("ED")
        && p.next_live(last)
            .is_some_and(|b| p.class(b) == Class::Builtin(Builtin::By))
        && p.prev_live(first).is_some_and(|n| {
            p.toks[n].case == dyad_text::Case::Lower
                && matches!(p.class(n), Class::Noun | Class::Unknown)
        })
}

fn is_passive(p: &Parse, first: usize, last: usize) -> bool {
    use crate::lexicon::Builtin;
    // an auxiliary among the two live words before, BY among the two after
    let aux = (0..first)
        .rev()
        .filter(|&i| !p.toks[i].deleted)
        .take(2)
        .any(|i| p.class(i) == Class::Builtin(Builtin::Auxiliary));
    aux && (last + 1..p.toks.len())
        .filter(|&i| !p.toks[i].deleted)
        .take(2)
        .any(|i| p.class(i) == Class::Builtin(Builtin::By))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(source: &str, target: &str, code: &str, line: u32) -> RawEvent {
        RawEvent {
            source: source.into(),
            target: target.into(),
            code: code.into(),
            source_span: None,
            target_span: None,
            verb_span: (0, 1),
            rule: Origin { file: 0, line },
            rule_text: String::new(),
            date_shift: 0,
        }
    }

    /// What `drop_repeated_events` must do: keep the first of each key.
    fn first_of_each_key(events: &[RawEvent]) -> Vec<RawEvent> {
        let mut seen = std::collections::HashSet::new();
        events
            .iter()
            .filter(|e| seen.insert((e.source.clone(), e.target.clone(), e.code.clone())))
            .cloned()
            .collect()
    }

    #[test]
    fn repeated_events_keep_the_first_in_order() {
        // few events (compared pairwise) and many (through the set)
        for n in [0, 1, 2, 5, FEW_EVENTS, FEW_EVENTS + 1, 3 * FEW_EVENTS] {
            let events: Vec<RawEvent> = (0..n)
                .map(|i| {
                    let side = ["ISR", "IRN", "USA"][i % 3];
                    let code = ["042", "111"][(i / 3) % 2];
                    event(side, "RUS", code, i as u32)
                })
                .collect();
            let mut kept = events.clone();
            drop_repeated_events(&mut kept);
            assert_eq!(kept, first_of_each_key(&events), "{n} events");
            assert_eq!(kept.len(), n.min(6), "{n} events");
        }
    }
}
