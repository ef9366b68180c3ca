//! PETRARCH-style actors: noun phrases instead of adjacent words.
//!
//! PETRARCH reads actors from the noun phrases of a parse tree: an actor
//! takes every agent of its noun phrase ("Dagolath's first Deputy Prime
//! Minister Telemar" → DAGGOV, "Soldiers from Gondor" → GONMIL), coordinated
//! noun phrases share what they have in common ("Danish media and government"
//! → DNKMED and DNKGOV; "The ambassadors of Arnor, Osgiliath and Gondor" →
//! the agent for all three), and a noun phrase with an agent but no actor is
//! an actor of its own with a null country (`---GOV`). dyad has no tree, so it
//! finds noun phrases as runs of words that can belong to one, and applies the
//! same rules. With `inherit_actors` it also resolves definite descriptions
//! ("the group", "the kingdom", "the bloc") to the actor named before them.

use crate::lexicon::{Builtin, Entry, WordList, is_one_of};
use crate::parse::{ActorKind, ActorRef, Class, Compound, Parse, combine_agent};
use dyad_dict::{AgentCode, Dictionaries};

/// True for words that never belong to a noun phrase even though the
/// dictionaries do not know them. The lexicon's token memo asks once per
/// distinct word ([`crate::lexicon::TokenLookup::lookup`]).
pub(crate) fn ends_noun_phrase(norm: &str) -> bool {
    is_one_of(norm, NOT_IN_NOUN_PHRASE)
}

/// Words that never belong to a noun phrase even though the dictionaries do
/// not know them: auxiliaries, modals, complementizers, most prepositions,
/// adverbs of time.
const NOT_IN_NOUN_PHRASE: &WordList = &WordList::new(&[
    "IS",
    "ARE",
    "AM",
    "BE",
    "BEING",
    "HAS",
    "HAVE",
    "HAD",
    "HAVING",
    "WILL",
    "WOULD",
    "CAN",
    "COULD",
    "SHOULD",
    "SHALL",
    "MAY",
    "MIGHT",
    "MUST",
    "DO",
    "DOES",
    "DID",
    "NOT",
    "N'T",
    "TO",
    "THAT",
    "WHICH",
    "WHO",
    "WHOM",
    "WHOSE",
    "WHEN",
    "WHERE",
    "WHILE",
    "WHY",
    "HOW",
    "BECAUSE",
    "IF",
    "AS",
    "THAN",
    "AFTER",
    "BEFORE",
    "SINCE",
    "UNTIL",
    "ON",
    "AT",
    "WITH",
    "FOR",
    "INTO",
    "ONTO",
    "ABOUT",
    "AGAINST",
    "BETWEEN",
    "AMONG",
    "OVER",
    "UNDER",
    "THROUGH",
    "DURING",
    "WITHOUT",
    "WITHIN",
    "ACROSS",
    "TOWARD",
    "TOWARDS",
    "UPON",
    "ALONG",
    "AROUND",
    "NEAR",
    "BEYOND",
    "DESPITE",
    "VIA",
    "PER",
    "ALMOST",
    "ALSO",
    "ONLY",
    "JUST",
    "ALREADY",
    "STILL",
    "EVEN",
    "NEVER",
    "EVER",
    "AGAIN",
    "NOW",
    "THEN",
    "TODAY",
    "YESTERDAY",
    "TOMORROW",
    "SO",
    "VERY",
    "UNLESS",
    "WHETHER",
    "THOUGH",
    "ALTHOUGH",
    "HIS",
    "HER",
    "ITS",
    "THEIR",
    "OUR",
    "MY",
    "YOUR",
    "THIS",
    "THESE",
    "THOSE",
    "IT",
    "HE",
    "SHE",
    "THEY",
    "WE",
    "I",
    "YOU",
    "HIM",
    "THEM",
    "US",
    "ME",
    "SAID",
    "SAYS",
    "SAY",
    "MONDAY",
    "TUESDAY",
    "WEDNESDAY",
    "THURSDAY",
    "FRIDAY",
    "SATURDAY",
    "SUNDAY",
    "LAST",
    "LATER",
    "EARLIER",
    "SOON",
    "YET",
    "IMMEDIATELY",
    "RECENTLY",
    "REPORTEDLY",
    "ALLEGEDLY",
    "REPEATEDLY",
    "FORMALLY",
    "OFFICIALLY",
    "PUBLICLY",
    "JOINTLY",
    "DIRECTLY",
    "FINALLY",
    "INSTEAD",
]);

/// Prepositions that attach a noun phrase to a preceding actorless one
/// ("soldiers from Gondor", "lawmakers in Fornost", "ambassadors of Arnor").
const LINKING: &WordList = &WordList::new(&["OF", "FROM", "IN"]);

/// The codes a noun phrase's actor starts from, before its agents: a
/// dictionary actor's, or `---` for a phrase with agents only.
#[derive(Clone, Copy)]
enum BaseCodes<'d> {
    Actor(&'d [Box<str>]),
    Null,
}

/// A run of tokens forming one noun phrase.
#[derive(Debug, Clone)]
struct Chunk {
    first: usize,
    last: usize,
    /// Actor units in order.
    actors: Vec<usize>,
    /// Agent units in order.
    agents: Vec<usize>,
    /// Agent units before the first actor (the phrase's head: "lawmakers" in "lawmakers in Fornost").
    head_agents: Vec<usize>,
}

impl Parse {
    pub(crate) fn np_word(&self, i: usize) -> bool {
        match self.class(i) {
            Class::Actor | Class::Agent | Class::Noun | Class::Adjective | Class::Number => true,
            Class::Builtin(Builtin::Determiner | Builtin::Former) => true,
            Class::Unknown => !self.toks[i].ends_noun_phrase,
            _ => false,
        }
    }

    /// A word that can modify a noun: a dictionary adjective, or an unknown
    /// lower-case word that can be in a noun phrase ("awful", "evil").
    fn is_modifier(&self, i: usize) -> bool {
        match self.class(i) {
            Class::Adjective => true,
            Class::Unknown => self.toks[i].case == dyad_text::Case::Lower && self.np_word(i),
            _ => false,
        }
    }

    fn unit_of(&self, i: usize) -> Option<usize> {
        self.toks[i].unit.map(|u| u as usize)
    }

    /// Finds the noun phrases of the live tokens.
    fn chunks(&self) -> Vec<Chunk> {
        let mut live: Vec<usize> = Vec::with_capacity(self.toks.len());
        live.extend(self.live());
        // at most one phrase per live token: no regrowth
        let mut out = Vec::with_capacity(live.len());
        let mut k = 0;
        while k < live.len() {
            let i = live[k];
            if !self.np_word(i) {
                k += 1;
                continue;
            }
            let mut c = Chunk {
                first: i,
                last: i,
                actors: Vec::new(),
                agents: Vec::new(),
                head_agents: Vec::new(),
            };
            while k < live.len() {
                let j = live[k];
                let next = live.get(k + 1).copied();
                // a deleted clause ends the phrase ("Dagolath, its partner, officials said")
                if j > c.last + 1 && (c.last + 1..j).any(|d| self.toks[d].deleted) {
                    break;
                }
                // "gave Hamas a deadline": a determiner after an actor or role
                // opens the next phrase
                if j > c.first
                    && self.prev_live(j) == Some(c.last)
                    && matches!(self.class(c.last), Class::Actor | Class::Agent)
                    && self.class(j) == Class::Builtin(Builtin::Determiner)
                {
                    break;
                }
                if self.np_word(j) {
                    self.add_to_chunk(&mut c, j);
                    k += 1;
                    continue;
                }
                // "awful and evil minister": coordinated modifiers stay in the phrase
                let conj = self.class(j) == Class::Builtin(Builtin::CompoundConjunction);
                let after_next = live.get(k + 2).copied();
                if conj
                    && (self.class(c.last) == Class::Adjective
                        && next.is_some_and(|n| {
                            matches!(self.class(n), Class::Adjective | Class::Unknown)
                        })
                        || self.is_modifier(c.last)
                            && next.is_some_and(|n| self.is_modifier(n))
                            && after_next.is_some_and(|a| self.np_word(a)))
                {
                    k += 1;
                    continue;
                }
                // "soldiers from Gondor": a preposition links an actorless phrase to an actor
                if is_one_of(&self.toks[j].norm, LINKING)
                    && c.actors.is_empty()
                    && next.is_some_and(|n| self.np_word(n))
                {
                    k += 1;
                    continue;
                }
                break;
            }
            out.push(c);
        }
        out
    }

    fn add_to_chunk(&self, c: &mut Chunk, j: usize) {
        c.last = j;
        let Some(u) = self.unit_of(j) else { return };
        match self.units[u].class {
            Class::Actor if self.units[u].first() == j => c.actors.push(u),
            Class::Agent if self.units[u].first() == j => {
                c.agents.push(u);
                if c.actors.is_empty() {
                    c.head_agents.push(u);
                }
            }
            _ => {}
        }
    }

    /// Builds actors and compounds from noun phrases (PETRARCH style).
    /// `places_give_countries`: a capital after IN lends its country only;
    /// `lend_only_linked_actors`: agents borrow a later actor only when its
    /// own agents are linked to it ("media and government of Denmark").
    pub(crate) fn build_noun_phrases(
        &mut self,
        dict: &Dictionaries,
        date: Option<chrono::NaiveDate>,
        pairs_need_no_comma: bool,
        places_give_countries: bool,
        lend_only_linked_actors: bool,
    ) {
        let chunks = self.chunks();
        // group chunks joined by AND/OR/NOR (and commas in a list that ends
        // with one): a group is a run of consecutive chunks, `g..end`
        let mut groups: Vec<std::ops::Range<usize>> = Vec::with_capacity(chunks.len());
        let mut g = 0;
        while g < chunks.len() {
            let mut end = g + 1;
            let mut has_conj = false;
            let mut h = g;
            while h + 1 < chunks.len() {
                // the live tokens between two chunks (three tell that there
                // are more than two)
                let mut between = [0usize; 3];
                let mut count = 0;
                for i in
                    (chunks[h].last + 1..chunks[h + 1].first).filter(|&i| !self.toks[i].deleted)
                {
                    between[count] = i;
                    count += 1;
                    if count == between.len() {
                        break;
                    }
                }
                let ok = match &between[..count] {
                    [a] if self.class(*a) == Class::Builtin(Builtin::CompoundConjunction) => {
                        has_conj = true;
                        true
                    }
                    [a, b]
                        if self.class(*a) == Class::Comma
                            && self.class(*b) == Class::Builtin(Builtin::CompoundConjunction) =>
                    {
                        has_conj = true;
                        true
                    }
                    // "After months of Qatari mediation, Congo's government
                    // and ...": the comma closes a leading phrase
                    [a] if self.class(*a) == Class::Comma => !self.closes_leading_phrase(*a),
                    _ => false,
                };
                if !ok {
                    break;
                }
                end = h + 2;
                h += 1;
            }
            let comma_pair = pairs_need_no_comma && end - g == 2 && {
                let (a, b) = (chunks[g].last, chunks[g + 1].first);
                (a + 1..b).any(|i| !self.toks[i].deleted && self.class(i) == Class::Comma)
            };
            if !has_conj || comma_pair {
                // commas without a conjunction are not a list, and "A, and B"
                // joins clauses ("... against Bolsonaro, and Lula vowed ...")
                end = g + 1;
            } else {
                // a list ends at its last conjunct joined by a conjunction
                while end - g > 1 {
                    let last = chunks[end - 1].first;
                    let prev = chunks[end - 2].last;
                    let joined = (prev + 1..last).any(|i| {
                        !self.toks[i].deleted
                            && self.class(i) == Class::Builtin(Builtin::CompoundConjunction)
                    });
                    if joined {
                        break;
                    }
                    end -= 1;
                }
            }
            groups.push(g..end);
            g = end;
        }
        let mut actors: Vec<ActorRef> = Vec::with_capacity(chunks.len());
        // a group's members, and the agents a member borrows from the lead
        let mut members = Vec::with_capacity(chunks.len());
        let mut shared = Vec::new();
        for group in groups {
            let conj = &chunks[group];
            if let Some(members) = self.crossed_group(dict, date, conj, &mut actors) {
                self.add_compound(&mut actors, &members);
                continue;
            }
            let lead = conj.iter().position(|c| !c.actors.is_empty());
            // the head agents of a first phrase linked to an actor
            // ("lawmakers in Fornost and Gondor"), not of an agent-only one
            // ("two generals and a French national")
            let head_agents: &[usize] = conj
                .first()
                .filter(|c| !lend_only_linked_actors || !c.actors.is_empty())
                .map_or(&[], |c| &c.head_agents);
            members.clear();
            for (ci, c) in conj.iter().enumerate() {
                let (base, mut agents): (BaseCodes, &[usize]) = match (c.actors.first(), lead) {
                    (Some(&u), _) => (self.base_codes(dict, u, date), &c.agents),
                    // a later lead lends only an actor its own agents are
                    // linked to ("media and government of Denmark"), not a
                    // bare one ("52 prisoners, including activists, and
                    // the United States eased ...")
                    (None, Some(l))
                        if !c.agents.is_empty()
                            && (!lend_only_linked_actors
                                || l < ci
                                || !conj[l].head_agents.is_empty()) =>
                    {
                        // "Danish media and government": borrow the actor and its modifiers
                        let lead_chunk = &conj[l];
                        shared.clear();
                        shared.extend_from_slice(&lead_chunk.agents);
                        shared.pop();
                        shared.extend(c.agents.iter().copied());
                        (self.base_codes(dict, lead_chunk.actors[0], date), &shared)
                    }
                    (None, _) if !c.agents.is_empty() => (BaseCodes::Null, &c.agents),
                    _ => continue,
                };
                let agent_only = matches!(base, BaseCodes::Null);
                if agent_only {
                    // agent-only phrase
                } else if ci > 0 && c.agents.is_empty() && !c.actors.is_empty() {
                    // "lawmakers in Fornost and Gondor": the head agent applies to every member
                    agents = head_agents;
                }
                let elite = (c.first..=c.last).any(|i| {
                    !self.toks[i].deleted && self.class(i) == Class::Builtin(Builtin::Former)
                });
                // "protesters in Tbilisi": a capital after IN is where the
                // people are, so its country without the government
                let located: Vec<Box<str>>;
                let base = match base {
                    BaseCodes::Actor(codes)
                        if places_give_countries
                            && !c.head_agents.is_empty()
                            && self.placed_by_in(c)
                            && !codes.is_empty()
                            && codes.iter().all(|code| is_country_government(code)) =>
                    {
                        located = codes.iter().map(|code| Box::from(&code[..3])).collect();
                        BaseCodes::Actor(&located)
                    }
                    other => other,
                };
                let codes = self.coded(dict, base, agents, elite);
                let kind = if agent_only {
                    ActorKind::AgentOnly
                } else {
                    ActorKind::Named
                };
                actors.push(ActorRef {
                    kind,
                    codes,
                    unit: c.actors.first().map(|&u| u as u32),
                    agent_unit: c.agents.first().map(|&u| u as u32),
                    first: c.first,
                    last: c.last,
                    compound: None,
                    hidden: false,
                });
                members.push(actors.len() - 1);
            }
            self.add_compound(&mut actors, &members);
        }
        self.actors = actors;
    }

    /// Chunk `c`'s actor follows IN after its head agents ("protesters in
    /// Tbilisi").
    fn placed_by_in(&self, c: &Chunk) -> bool {
        c.actors.first().is_some_and(|&u| {
            self.prev_live(self.units[u].first())
                .is_some_and(|i| i > c.first && self.toks[i].norm == "IN")
        })
    }

    /// Makes `members` (more than one) a compound.
    fn add_compound(&mut self, actors: &mut [ActorRef], members: &[usize]) {
        if members.len() < 2 {
            return;
        }
        let idx = self.compounds.len();
        let (first, last) = (
            actors[members[0]].first,
            actors[*members.last().unwrap_or(&0)].last,
        );
        for &m in members {
            actors[m].compound = Some(idx);
        }
        self.compounds.push(Compound {
            members: members.to_vec(),
            first,
            last,
        });
    }

    /// "Lawmakers and officials in Fornost and Gondor": agent-only phrases,
    /// then one whose head agents are linked to an actor, then bare actors.
    /// The coordinated agents apply to each coordinated actor (FORLEG,
    /// GONLEG, FORGOV, GONGOV). Returns the new members, or `None` when the
    /// group does not have that shape.
    fn crossed_group(
        &self,
        dict: &Dictionaries,
        date: Option<chrono::NaiveDate>,
        conj: &[Chunk],
        actors: &mut Vec<ActorRef>,
    ) -> Option<Vec<usize>> {
        let link = conj
            .iter()
            .position(|c| !c.actors.is_empty() && !c.head_agents.is_empty())?;
        let before = &conj[..link];
        let after = &conj[link + 1..];
        let agent_only = |c: &Chunk| c.actors.is_empty() && !c.agents.is_empty();
        let bare_actor = |c: &Chunk| !c.actors.is_empty() && c.agents.is_empty();
        // the agents are coordinated with the link's ("lawmakers and
        // officials in ..."), not a list it explains ("52 prisoners,
        // including citizens of Fornost, Gondor and Bree")
        let coordinated = before.last().is_some_and(|b| {
            (b.last + 1..conj[link].first)
                .filter(|&i| !self.toks[i].deleted)
                .all(|i| self.class(i) == Class::Builtin(Builtin::CompoundConjunction))
        });
        if before.is_empty()
            || after.is_empty()
            || !coordinated
            || !before.iter().all(agent_only)
            || !after.iter().all(bare_actor)
        {
            return None;
        }
        let mut agent_sets: Vec<Vec<usize>> = before.iter().map(|c| c.agents.clone()).collect();
        agent_sets.push(conj[link].head_agents.clone());
        let targets: Vec<&Chunk> = std::iter::once(&conj[link]).chain(after).collect();
        let mut members = Vec::new();
        for agents in &agent_sets {
            for c in &targets {
                let base = self.base_codes(dict, c.actors[0], date);
                let codes = self.coded(dict, base, agents, false);
                actors.push(ActorRef {
                    kind: ActorKind::Named,
                    codes,
                    unit: Some(c.actors[0] as u32),
                    agent_unit: agents.first().map(|&u| u as u32),
                    first: c.first,
                    last: c.last,
                    compound: None,
                    hidden: false,
                });
                members.push(actors.len() - 1);
            }
        }
        Some(members)
    }

    /// The codes of unit `u`'s actor on `date` (none for other units).
    fn base_codes<'d>(
        &self,
        dict: &'d Dictionaries,
        u: usize,
        date: Option<chrono::NaiveDate>,
    ) -> BaseCodes<'d> {
        match self.units[u].entry {
            Entry::Actor(a) => BaseCodes::Actor(dict.actors[a as usize].codes.resolve(date)),
            _ => BaseCodes::Actor(&[]),
        }
    }

    /// A phrase's actor codes: each base code with `agents` applied.
    fn coded(
        &self,
        dict: &Dictionaries,
        base: BaseCodes,
        agents: &[usize],
        elite: bool,
    ) -> Vec<String> {
        match base {
            BaseCodes::Actor(codes) => codes
                .iter()
                .map(|b| self.apply_agents(dict, b, agents, elite))
                .collect(),
            BaseCodes::Null => vec![self.apply_agents(dict, "---", agents, elite)],
        }
    }

    /// Adds agents to an actor code in order; an agent the code already holds
    /// (at a three-letter boundary) stops further agents, as in PETRARCH.
    fn apply_agents(
        &self,
        dict: &Dictionaries,
        base: &str,
        agents: &[usize],
        elite: bool,
    ) -> String {
        let mut code = base.to_string();
        for &u in agents {
            let Entry::Agent(a) = self.units[u].entry else {
                continue;
            };
            let agent: &AgentCode = &dict.agents[a as usize].code;
            let combined = combine_agent(&code, agent, elite);
            if combined == code {
                break;
            }
            code = combined;
        }
        code
    }
}

/// A country's government code and nothing more (`GEOGOV`): what a capital
/// stands for.
fn is_country_government(code: &str) -> bool {
    code.len() == 6
        && code.ends_with("GOV")
        && code.bytes().take(3).all(|b| b.is_ascii_uppercase())
        && !matches!(&code[..3], "IGO" | "NGO" | "IMG")
}

/// What kind of actor a definite description ("the group", "the kingdom",
/// "the bloc") can stand for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Referent {
    /// An armed group: a code with the REB role, or a militant IMG code.
    ArmedGroup,
    /// A country: the bare country block of a country actor.
    Country,
    /// A country from a list: "the kingdom" is a monarchy, "the island" an
    /// island state.
    CountryOf(&'static [&'static str]),
    /// An international organisation: an IGO code.
    Organisation,
    /// An actor with the role of the description's own agent (`---JUD`
    /// for "the court", `---REB` for "the rebels").
    Role,
}

/// The codes of the nearest named actor ending before token `before` that
/// `want` (with the agent role `role`) can stand for.
fn antecedent(
    actors: &[ActorRef],
    before: usize,
    want: Referent,
    role: Option<&str>,
) -> Option<Vec<String>> {
    let fits = |code: &str| match want {
        Referent::ArmedGroup => code.get(3..6) == Some("REB") || code.starts_with("IMG"),
        Referent::Country => {
            code.get(..3)
                .is_some_and(|c| c.bytes().all(|b| b.is_ascii_uppercase()))
                && !matches!(code.get(..3), Some("IGO" | "NGO" | "IMG"))
        }
        Referent::CountryOf(list) => code.get(..3).is_some_and(|c| list.contains(&c)),
        Referent::Organisation => code.starts_with("IGO"),
        Referent::Role => role.is_some_and(|r| code.get(3..6) == Some(r)),
    };
    let a = actors
        .iter()
        .rev()
        .filter(|a| a.last < before && a.kind == ActorKind::Named && !a.hidden)
        .find(|a| a.codes.first().is_some_and(|c| fits(c)))?;
    Some(match want {
        Referent::Country | Referent::CountryOf(_) => a
            .codes
            .iter()
            .filter_map(|c| c.get(..3).map(str::to_string))
            .collect(),
        _ => a.codes.clone(),
    })
}

/// An actor for words that stand for one named before them (a pronoun, "the
/// group"), spanning tokens `first..=last`, with the codes of its antecedent.
fn stand_in(codes: Vec<String>, first: usize, last: usize) -> ActorRef {
    ActorRef {
        kind: ActorKind::AgentOnly,
        codes,
        unit: None,
        agent_unit: None,
        first,
        last,
        compound: None,
        hidden: false,
    }
}

/// The country block of an actor code (`RUSMIL` → `RUS`); none for
/// international, non-governmental and multinational codes and codes
/// without a country (`---GOV`).
fn country_of(code: &str) -> Option<&str> {
    code.get(..3).filter(|c| {
        c.bytes().all(|b| b.is_ascii_uppercase()) && !matches!(*c, "IGO" | "NGO" | "IMG")
    })
}

/// Singular nouns for a person holding a role: an actor with one of these as
/// its agent can be "him" or "her".
const PERSON_ROLES: &WordList = &WordList::new(&[
    "PRESIDENT",
    "MINISTER",
    "PREMIER",
    "CHANCELLOR",
    "AMBASSADOR",
    "ENVOY",
    "LEADER",
    "KING",
    "QUEEN",
    "PRINCE",
    "EMIR",
    "SULTAN",
    "SECRETARY",
    "SPOKESMAN",
    "SPOKESWOMAN",
    "SPOKESPERSON",
    "GENERAL",
    "COMMANDER",
    "DIPLOMAT",
    "OFFICIAL",
    "JOURNALIST",
    "REPORTER",
    "ACTIVIST",
    "DISSIDENT",
    "CANDIDATE",
    "SENATOR",
    "LAWMAKER",
    "JUDGE",
    "PROSECUTOR",
    "MAYOR",
    "GOVERNOR",
    "CHIEF",
    "CLERIC",
    "AYATOLLAH",
    "POPE",
    "BISHOP",
    "NATIONAL",
    "CITIZEN",
]);

/// Words between a subject and its verb.
const AUXILIARY_OR_ADVERB: &WordList = &WordList::new(&[
    "IS",
    "ARE",
    "WAS",
    "WERE",
    "HAS",
    "HAVE",
    "HAD",
    "BEEN",
    "BE",
    "WILL",
    "WOULD",
    "COULD",
    "CAN",
    "MAY",
    "MIGHT",
    "SHOULD",
    "MUST",
    "DID",
    "DOES",
    "DO",
    "ALSO",
    "THEN",
    "LATER",
    "FIRST",
    "NOT",
    "NEVER",
    "ALREADY",
    "REPEATEDLY",
]);

/// Kingdoms whose news calls them "the kingdom" (CAMEO country codes).
const KINGDOMS: &[&str] = &[
    "SAU", "JOR", "MAR", "BHR", "GBR", "ESP", "NLD", "BEL", "NOR", "SWE", "DNK", "THA", "KHM",
    "BTN", "LSO", "SWZ", "TON",
];

/// Island states and Taiwan, "the island" in the news.
const ISLANDS: &[&str] = &[
    "TWN", "CUB", "LKA", "CYP", "MLT", "ISL", "IRL", "MDG", "JAM", "HTI", "DOM", "SGP", "BHR",
    "MUS", "TTO", "BRB", "FJI", "NRU", "TLS", "CPV", "COM", "STP", "SYC", "MDV", "VUT", "SLB",
];

/// Emirates and the federation of them.
const EMIRATES: &[&str] = &["ARE", "QAT", "KWT"];

/// Nouns that stand for an actor named earlier when THE (and at most two
/// modifiers) comes before them.
const DESCRIPTION_NOUNS: &[(&str, Referent)] = &[
    ("GROUP", Referent::ArmedGroup),
    ("MOVEMENT", Referent::ArmedGroup),
    ("PARAMILITARIES", Referent::ArmedGroup),
    ("PARAMILITARY", Referent::ArmedGroup),
    ("FACTION", Referent::ArmedGroup),
    ("KINGDOM", Referent::CountryOf(KINGDOMS)),
    ("ISLAND", Referent::CountryOf(ISLANDS)),
    ("EMIRATE", Referent::CountryOf(EMIRATES)),
    ("COUNTRY", Referent::Country),
    ("NATION", Referent::Country),
    ("BLOC", Referent::Organisation),
    ("ALLIANCE", Referent::Organisation),
    ("AGENCY", Referent::Organisation),
    ("WATCHDOG", Referent::Organisation),
];

impl Parse {
    /// Object pronouns right after a verb ("police arrested him", "accusing
    /// them of spying") stand for the nearest actor named before them that
    /// can be meant: HIM and HER a person (an actor with dated offices, or a
    /// role such as ambassador), THEM a compound or a plural agent. IT is
    /// left alone: in news it is mostly a plan, a ban or a ruling ("courts
    /// struck it down"). The verb's own subject is passed over: a pronoun
    /// object is not its own verb's subject. That subject is the actor right
    /// before the verb, or, when none is, the sentence's first actor (",
    /// accusing him of ...", "and urged him to ..."). A verb with a subject
    /// the dictionaries do not know ("regulators are asking them") gives no
    /// antecedent. No antecedent, no actor. ITS before AIRSPACE or
    /// TERRITORIAL (waters) right after a verb ("jets violated its airspace")
    /// is the nearest country before it other than the violator's.
    fn object_pronouns(&self, dict: &Dictionaries) -> Vec<ActorRef> {
        let mut found = Vec::new();
        for i in 0..self.toks.len() {
            let word = self.toks[i].norm.as_str();
            // "jets violated its airspace": the airspace is another country's
            let violated_territory = word == "ITS"
                && self.next_live(i).is_some_and(|n| {
                    matches!(self.toks[n].norm.as_str(), "AIRSPACE" | "TERRITORIAL")
                });
            if self.toks[i].deleted
                || !(matches!(word, "HIM" | "HER" | "THEM") || violated_territory)
            {
                continue;
            }
            // "strayed into its airspace": a preposition may come between
            let before = self.prev_live(i).and_then(|b| {
                if violated_territory && matches!(self.toks[b].norm.as_str(), "INTO" | "INSIDE") {
                    self.prev_live(b)
                } else {
                    Some(b)
                }
            });
            let Some(verb) = before.filter(|&v| self.class(v) == Class::Verb) else {
                continue;
            };
            // "her country", "it was": a possessive or a subject
            if word == "HER"
                && self.next_live(i).is_some_and(|n| {
                    matches!(self.class(n), Class::Agent | Class::Actor | Class::Noun)
                })
            {
                continue;
            }
            let mut verb_start = verb;
            while let Some(b) = self
                .prev_live(verb_start)
                .filter(|&b| self.class(b) == Class::Verb)
            {
                verb_start = b;
            }
            let live = |a: &ActorRef| {
                !a.hidden
                    && !a.codes.is_empty()
                    && matches!(a.kind, ActorKind::Named | ActorKind::AgentOnly)
            };
            // the word before the verb, past auxiliaries and adverbs
            let mut before = self.prev_live(verb_start);
            while let Some(b) = before.filter(|&b| {
                self.class(b) == Class::Builtin(Builtin::Auxiliary)
                    || is_one_of(&self.toks[b].norm, AUXILIARY_OR_ADVERB)
                    || (self.toks[b].norm.ends_with("LY") && self.class(b) == Class::Unknown)
            }) {
                before = self.prev_live(b);
            }
            let subject = match before {
                Some(b) => match self.actors.iter().position(|a| live(a) && a.last == b) {
                    Some(s) => Some(s),
                    // ", accusing him", "and urged him", "who accused him"
                    None if self.toks[b].kind == dyad_text::TokenKind::Comma
                        || matches!(self.toks[b].norm.as_str(), "AND" | "BUT" | "WHO" | "TO") =>
                    {
                        self.actors.iter().position(live)
                    }
                    // "regulators are asking them": a subject no dictionary knows
                    None => continue,
                },
                None => continue,
            };
            let subject_country = subject.and_then(|s| country_of(&self.actors[s].codes[0]));
            let Some(antecedent) = (0..self.actors.len())
                .rev()
                .filter(|&k| Some(k) != subject && live(&self.actors[k]) && self.actors[k].last < i)
                .find(|&k| {
                    if violated_territory {
                        let country = country_of(&self.actors[k].codes[0]);
                        country.is_some() && country != subject_country
                    } else {
                        self.pronoun_can_mean(dict, word, k)
                    }
                })
            else {
                continue;
            };
            let codes = match self.actors[antecedent].compound {
                _ if violated_territory => country_of(&self.actors[antecedent].codes[0])
                    .into_iter()
                    .map(str::to_string)
                    .collect(),
                Some(c) if word == "THEM" => self.compounds[c]
                    .members
                    .iter()
                    .flat_map(|&m| self.actors[m].codes.iter().cloned())
                    .collect(),
                _ => self.actors[antecedent].codes.clone(),
            };
            found.push(stand_in(codes, i, i));
        }
        found
    }

    /// True when object pronoun `word` can stand for actor `k` (see
    /// [`Self::object_pronouns`]).
    fn pronoun_can_mean(&self, dict: &Dictionaries, word: &str, k: usize) -> bool {
        let a = &self.actors[k];
        // "a tanker in the Gulf of Oman, accusing it of ...": a place is no
        // referent
        let place = self.prev_live(a.first).is_some_and(|b| {
            matches!(
                self.toks[b].norm.as_str(),
                "IN" | "AT" | "NEAR" | "ON" | "OVER" | "OFF" | "INSIDE" | "ACROSS" | "INTO"
            )
        });
        if place {
            return false;
        }
        let agent_last = a.agent_unit.map(|u| self.units[u as usize].last());
        let plural_agent = agent_last.is_some_and(|t| self.toks[t].norm.ends_with('S'));
        let code = a.codes[0].as_str();
        let country_only = code.len() == 3 && !matches!(code, "IGO" | "NGO" | "IMG");
        let organisation = code.starts_with("IGO") || code.starts_with("NGO");
        match word {
            "THEM" => a.compound.is_some() || plural_agent,
            _ => {
                if a.compound.is_some() || plural_agent || country_only || organisation {
                    return false;
                }
                let dated = a.unit.is_some_and(|u| match self.units[u as usize].entry {
                    Entry::Actor(e) => dict.actors[e as usize]
                        .codes
                        .blocks
                        .iter()
                        .any(|b| b.restriction.is_some()),
                    _ => false,
                });
                dated || agent_last.is_some_and(|t| is_one_of(&self.toks[t].norm, PERSON_ROLES))
            }
        }
    }

    /// `inherit_actors`: a definite description stands for the nearest
    /// actor of its kind named before it in the sentence: "Houthi rebels
    /// fired a missile ..., and the group vowed ..." (the group: the
    /// Houthis), "... the sale of F-35 jets to the kingdom", "the
    /// Caribbean nation", "the bloc", and an agent alone after THE ("the
    /// rebels", "the court") the nearest actor with that agent's role.
    /// "The country" and "the nation" need a modifier ("the Balkan
    /// country"); without one they are too often the speaker's own. A
    /// description with no such actor before it stays unresolved.
    pub(crate) fn resolve_descriptions(&mut self, dict: &Dictionaries) {
        // agents alone after THE: "the rebels", "the court"
        for i in 0..self.actors.len() {
            let a = &self.actors[i];
            if a.kind != ActorKind::AgentOnly
                || a.compound.is_some()
                || self.toks[a.first].norm != "THE"
                || a.codes.len() != 1
            {
                continue;
            }
            // armed groups and courts: "the government" or "the ministry"
            // is too often another government than the last one named
            let Some(role) = a.codes[0]
                .strip_prefix("---")
                .filter(|r| matches!(*r, "REB" | "JUD"))
            else {
                continue;
            };
            let role = role.to_string();
            if let Some(codes) = antecedent(&self.actors, a.first, Referent::Role, Some(&role)) {
                self.actors[i].codes = codes;
            }
        }
        // "and its foreign ministry summoned ...": a role after ITS or THEIR
        // that opens a clause belongs to the sentence's first actor when that
        // is a country ("withdrew its troops" is left to the verb's patterns)
        let first_country = self
            .actors
            .iter()
            .find(|a| a.kind == ActorKind::Named && !a.hidden)
            .and_then(|a| a.codes.first())
            .and_then(|c| c.get(..3))
            .filter(|c| {
                c.bytes().all(|b| b.is_ascii_uppercase()) && !matches!(*c, "IGO" | "NGO" | "IMG")
            })
            .map(str::to_string);
        if let Some(country) = first_country {
            for i in 0..self.actors.len() {
                let a = &self.actors[i];
                if a.kind != ActorKind::AgentOnly || a.compound.is_some() || a.codes.len() != 1 {
                    continue;
                }
                let Some(role) = a.codes[0].strip_prefix("---").filter(|r| !r.is_empty()) else {
                    continue;
                };
                let possessive = self
                    .prev_live(a.first)
                    .filter(|&b| matches!(self.toks[b].norm.as_str(), "ITS" | "THEIR"));
                let opens_clause = possessive.is_some_and(|b| {
                    self.prev_live(b).is_none_or(|c| {
                        self.toks[c].kind == dyad_text::TokenKind::Comma
                            || matches!(self.toks[c].norm.as_str(), "AND" | "BUT" | "WHILE")
                    })
                }) && self
                    .next_live(a.last)
                    .is_some_and(|v| self.class(v) == Class::Verb);
                let named_before = self.actors[..i]
                    .iter()
                    .any(|b| b.kind == ActorKind::Named && !b.hidden);
                if opens_clause && named_before {
                    self.actors[i].codes = vec![format!("{country}{role}")];
                }
            }
        }
        // nouns the dictionaries do not know as actors: "the group"
        let mut found: Vec<ActorRef> = self.object_pronouns(dict);
        for i in 0..self.toks.len() {
            if self.toks[i].deleted || self.toks[i].norm != "THE" {
                continue;
            }
            // "killed 300 people on the island": a place, not a party
            let place = self.prev_live(i).is_some_and(|b| {
                matches!(
                    self.toks[b].norm.as_str(),
                    "IN" | "ON" | "AT" | "NEAR" | "INSIDE" | "ACROSS" | "THROUGHOUT"
                )
            });
            if self.toks[i].norm != "THE" || place || self.actor_at(i).is_some() {
                continue;
            }
            let mut k = i;
            let mut modifiers = 0;
            let noun = loop {
                let Some(n) = self.next_live(k) else {
                    break None;
                };
                if let Some(&(_, want)) = DESCRIPTION_NOUNS
                    .iter()
                    .find(|(w, _)| *w == self.toks[n].norm)
                {
                    break Some((n, want));
                }
                let modifier = matches!(
                    self.class(n),
                    Class::Unknown | Class::Adjective | Class::Noun
                ) && self.toks[n].kind != dyad_text::TokenKind::Comma;
                if !modifier || modifiers == 2 {
                    break None;
                }
                modifiers += 1;
                k = n;
            };
            let Some((n, want)) = noun else { continue };
            let word = self.toks[n].norm.as_str();
            // "the group of seven", "the group's leader", "the country's
            // president" are other phrases
            let next = self.next_live(n).map(|j| self.toks[j].norm.as_str());
            if self.actor_at(n).is_some()
                || matches!(next, Some("OF" | "'S" | "’S"))
                || self.toks[n].norm.ends_with("'S")
                || (matches!(word, "COUNTRY" | "NATION") && modifiers == 0)
            {
                continue;
            }
            let Some(codes) = antecedent(&self.actors, i, want, None) else {
                continue;
            };
            found.push(stand_in(codes, i, n));
        }
        if found.is_empty() {
            return;
        }
        // keep the actors in sentence order; compounds follow their members
        let old = std::mem::take(&mut self.actors);
        let mut order: Vec<(usize, bool, usize)> = (0..old.len())
            .map(|i| (old[i].first, false, i))
            .chain((0..found.len()).map(|i| (found[i].first, true, i)))
            .collect();
        order.sort();
        let mut new_index = vec![0; old.len()];
        let mut old = old.into_iter().map(Some).collect::<Vec<_>>();
        let mut found = found.into_iter().map(Some).collect::<Vec<_>>();
        for (to, &(_, is_new, from)) in order.iter().enumerate() {
            let actor = if is_new {
                found[from].take()
            } else {
                new_index[from] = to;
                old[from].take()
            };
            self.actors.extend(actor);
        }
        for c in &mut self.compounds {
            for m in &mut c.members {
                *m = new_index[*m];
            }
        }
    }
}
