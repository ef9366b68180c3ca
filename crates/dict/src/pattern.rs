//! Verb patterns and synsets: the words around a verb that refine its code
//! and say where the source and target are.
//!
//! A pattern is split at the verb (`*`) into the elements before it (matched
//! leftwards from the verb) and after it (matched rightwards). Elements are
//! literal words, synset references, actor slots (`$` source, `+` target, `%`
//! compound, `^` skip an actor, `@` attribution) and alternative sets
//! `{ a | b }`. Each element carries whether the next element must follow
//! immediately (`_`) or may come after other words (blank).

use crate::phrase::{PWord, WordMode, normalized_words};
use std::collections::HashMap;

/// One element of a pattern or synset member.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PatElem {
    Word(PWord),
    Synset {
        id: u32,
        adjacent: bool,
    },
    Source {
        adjacent: bool,
    },
    Target {
        adjacent: bool,
    },
    Compound {
        adjacent: bool,
    },
    SkipActor {
        adjacent: bool,
    },
    Attribution {
        adjacent: bool,
    },
    Alternatives {
        options: Vec<Vec<PatElem>>,
        adjacent: bool,
    },
    /// A token that can never match (PETRARCH-2's literal `$`, an undefined
    /// PETRARCH-2 synset).
    Never {
        adjacent: bool,
    },
}

impl PatElem {
    pub fn adjacent(&self) -> bool {
        match self {
            PatElem::Word(w) => w.adjacent,
            PatElem::Synset { adjacent, .. }
            | PatElem::Source { adjacent }
            | PatElem::Target { adjacent }
            | PatElem::Compound { adjacent }
            | PatElem::SkipActor { adjacent }
            | PatElem::Attribution { adjacent }
            | PatElem::Alternatives { adjacent, .. }
            | PatElem::Never { adjacent } => *adjacent,
        }
    }

    fn set_adjacent(&mut self, value: bool) {
        match self {
            PatElem::Word(w) => w.adjacent = value,
            PatElem::Synset { adjacent, .. }
            | PatElem::Source { adjacent }
            | PatElem::Target { adjacent }
            | PatElem::Compound { adjacent }
            | PatElem::SkipActor { adjacent }
            | PatElem::Attribution { adjacent }
            | PatElem::Alternatives { adjacent, .. }
            | PatElem::Never { adjacent } => *adjacent = value,
        }
    }

    /// True when the element, or any alternative inside it, can never match.
    pub fn can_never_match(&self) -> bool {
        match self {
            PatElem::Never { .. } => true,
            PatElem::Alternatives { options, .. } => options
                .iter()
                .all(|o| o.iter().any(PatElem::can_never_match)),
            _ => false,
        }
    }
}

/// A named set of interchangeable word sequences (`&CURRENCY`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Synset {
    pub name: Box<str>,
    pub members: Vec<Vec<PatElem>>,
}

/// Synsets by name, for resolving `&NAME` while parsing.
#[derive(Debug, Clone, Default)]
pub struct SynsetTable {
    pub synsets: Vec<Synset>,
    by_name: HashMap<Box<str>, u32>,
}

impl SynsetTable {
    /// Declares a synset (or returns the existing one's id).
    pub fn declare(&mut self, name: &str) -> u32 {
        let key = normalize_synset_name(name);
        if let Some(&id) = self.by_name.get(key.as_str()) {
            return id;
        }
        let id = self.synsets.len() as u32;
        self.synsets.push(Synset {
            name: key.clone().into(),
            members: Vec::new(),
        });
        self.by_name.insert(key.into(), id);
        id
    }

    pub fn get(&self, name: &str) -> Option<u32> {
        self.by_name
            .get(normalize_synset_name(name).as_str())
            .copied()
    }
}

fn normalize_synset_name(name: &str) -> String {
    name.trim()
        .trim_start_matches('&')
        .trim_end_matches('_')
        .to_uppercase()
}

/// A verb pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// Elements before the verb, in text order.
    pub before: Vec<PatElem>,
    /// Elements after the verb, in text order.
    pub after: Vec<PatElem>,
    /// The first element after the verb must follow it immediately.
    pub verb_adjacent_next: bool,
    pub code: crate::code::EventCode,
    /// Trial order: longer patterns first (TABARI's length: alphanumeric
    /// characters of the literals, the longest alternative counting).
    pub length: u32,
    pub origin: crate::source::Origin,
    /// The pattern as written.
    pub text: Box<str>,
}

impl Pattern {
    /// True when some element can never match.
    pub fn can_never_match(&self) -> bool {
        self.before
            .iter()
            .chain(self.after.iter())
            .any(PatElem::can_never_match)
    }
}

/// Which pattern syntax to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatternDialect {
    /// TABARI: bare words are stems, `_`-ended words whole.
    Tabari,
    /// PETRARCH-1: whole words only.
    Petrarch1,
}

#[derive(Debug, Clone, PartialEq)]
enum Item {
    Word(String, WordMode),
    Verb,
    Source,
    Target,
    Compound,
    Skip,
    Attrib,
    Open,
    Or,
    Close,
    Synset(String),
}

#[derive(Debug, Clone)]
struct Lexed {
    item: Item,
    adjacent: bool,
    column: usize,
}

/// A parse failure: 1-based column within the parsed text, and a message.
pub type ParseFail = (usize, String);

fn lex(text: &str, dialect: PatternDialect) -> Result<Vec<Lexed>, ParseFail> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<Lexed> = Vec::new();
    let mut i = 0;
    let n = chars.len();
    while i < n {
        let c = chars[i];
        let column = i + 1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let symbol = match c {
            '*' => Some(Item::Verb),
            '$' => Some(Item::Source),
            '+' => Some(Item::Target),
            '%' => Some(Item::Compound),
            '^' => Some(Item::Skip),
            '@' => Some(Item::Attrib),
            '{' => Some(Item::Open),
            '|' => Some(Item::Or),
            '}' => Some(Item::Close),
            _ => None,
        };
        if let Some(item) = symbol {
            i += 1;
            let adjacent = connector_at(&chars, &mut i);
            out.push(Lexed {
                item,
                adjacent,
                column,
            });
            continue;
        }
        if c == '_' {
            // a stray connector (e.g. "A _B"): joins to what follows
            i += 1;
            if let Some(prev) = out.last_mut() {
                prev.adjacent = i < n && !chars[i].is_whitespace();
            }
            continue;
        }
        if c == '&' {
            let start = i + 1;
            let mut j = start;
            while j < n && (chars[j].is_alphanumeric() || chars[j] == '\'') {
                j += 1;
            }
            if j == start {
                return Err((column, "& must be followed by a synset name".into()));
            }
            let name: String = chars[start..j].iter().collect();
            i = j;
            let adjacent = connector_at(&chars, &mut i);
            out.push(Lexed {
                item: Item::Synset(name),
                adjacent,
                column,
            });
            continue;
        }
        // a word: up to whitespace, a symbol, a connector, or `=`
        let start = i;
        while i < n && is_word_char_at(&chars, i) {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        let mut mode = match dialect {
            PatternDialect::Tabari => WordMode::Stem,
            PatternDialect::Petrarch1 => WordMode::Exact,
        };
        let mut adjacent = false;
        if i < n && chars[i] == '=' {
            mode = WordMode::Exact;
            i += 1;
        } else if i + 1 < n && chars[i] == '~' && chars[i + 1] == '_' {
            i += 2;
            adjacent = i < n && !chars[i].is_whitespace();
        } else if i < n && chars[i] == '_' {
            mode = WordMode::Exact;
            i += 1;
            adjacent = i < n && !chars[i].is_whitespace();
        }
        if word.is_empty() {
            if i == start {
                i += 1; // a lone `~` or other stray character
            }
            continue;
        }
        let pieces = normalized_words(&word);
        let count = pieces.len();
        for (k, p) in pieces.into_iter().enumerate() {
            let last = k + 1 == count;
            out.push(Lexed {
                item: Item::Word(p, if last { mode } else { WordMode::Exact }),
                adjacent: if last { adjacent } else { true },
                column,
            });
        }
    }
    Ok(out)
}

/// True when `chars[i]` continues a pattern word (not a blank, a symbol, a
/// connector, `=` or the start of `~_`).
fn is_word_char_at(chars: &[char], i: usize) -> bool {
    let c = chars[i];
    let tilde_connector = c == '~' && chars.get(i + 1) == Some(&'_');
    !(c.is_whitespace()
        || matches!(
            c,
            '*' | '$' | '+' | '%' | '^' | '@' | '{' | '|' | '}' | '_' | '=' | '&'
        )
        || tilde_connector)
}

/// After a symbol: consumes a `_` connector, returning whether the next item
/// must be adjacent.
fn connector_at(chars: &[char], i: &mut usize) -> bool {
    if *i < chars.len() && chars[*i] == '_' {
        *i += 1;
        return *i < chars.len() && !chars[*i].is_whitespace();
    }
    false
}

fn build(
    items: &[Lexed],
    synsets: &SynsetTable,
    undefined_is_error: bool,
) -> Result<Vec<PatElem>, ParseFail> {
    let mut pos = 0;
    let elems = build_seq(items, &mut pos, synsets, undefined_is_error, 0)?;
    if pos < items.len() {
        return Err((
            items[pos].column,
            "unexpected | or } outside { ... }".into(),
        ));
    }
    Ok(elems)
}

fn build_seq(
    items: &[Lexed],
    pos: &mut usize,
    synsets: &SynsetTable,
    undefined_is_error: bool,
    depth: usize,
) -> Result<Vec<PatElem>, ParseFail> {
    let mut out = Vec::new();
    while *pos < items.len() {
        let lx = &items[*pos];
        let adjacent = lx.adjacent;
        let elem = match &lx.item {
            Item::Or | Item::Close => {
                if depth == 0 {
                    return Err((lx.column, "unexpected | or } outside { ... }".into()));
                }
                return Ok(out);
            }
            Item::Verb => {
                return Err((lx.column, "more than one * (the verb) in a pattern".into()));
            }
            Item::Word(w, mode) => PatElem::Word(PWord {
                text: w.as_str().into(),
                mode: *mode,
                adjacent,
            }),
            Item::Source => PatElem::Source { adjacent },
            Item::Target => PatElem::Target { adjacent },
            Item::Compound => PatElem::Compound { adjacent },
            Item::Skip => PatElem::SkipActor { adjacent },
            Item::Attrib => PatElem::Attribution { adjacent },
            Item::Synset(name) => match synsets.get(name) {
                Some(id) => PatElem::Synset { id, adjacent },
                None if undefined_is_error => {
                    return Err((
                        lx.column,
                        format!("synset &{name} is not declared before use"),
                    ));
                }
                None => PatElem::Never { adjacent },
            },
            Item::Open => {
                let open_col = lx.column;
                *pos += 1;
                let mut options = Vec::new();
                loop {
                    let opt = build_seq(items, pos, synsets, undefined_is_error, depth + 1)?;
                    if opt.is_empty() {
                        return Err((open_col, "empty alternative in { ... | ... }".into()));
                    }
                    options.push(opt);
                    match items.get(*pos).map(|l| &l.item) {
                        Some(Item::Or) => *pos += 1,
                        Some(Item::Close) => break,
                        _ => return Err((open_col, "{ without a closing }".into())),
                    }
                }
                let adjacent = items[*pos].adjacent;
                PatElem::Alternatives { options, adjacent }
            }
        };
        out.push(elem);
        *pos += 1;
    }
    if depth > 0 {
        return Err((
            items.last().map_or(1, |l| l.column),
            "{ without a closing }".into(),
        ));
    }
    Ok(out)
}

/// The parts of a parsed pattern.
pub struct ParsedPattern {
    pub before: Vec<PatElem>,
    pub after: Vec<PatElem>,
    pub verb_adjacent_next: bool,
    pub length: u32,
}

/// Parses a TABARI or PETRARCH-1 pattern body (the text between the leading
/// `-` and the code), which must contain exactly one `*`.
pub fn parse_pattern(
    body: &str,
    dialect: PatternDialect,
    synsets: &SynsetTable,
    undefined_is_error: bool,
) -> Result<ParsedPattern, ParseFail> {
    let mut text = body.to_uppercase();
    if dialect == PatternDialect::Tabari {
        text = text.replace('-', "_");
    }
    let items = lex(&text, dialect)?;
    let verbs: Vec<usize> = items
        .iter()
        .enumerate()
        .filter(|(_, l)| l.item == Item::Verb)
        .map(|(i, _)| i)
        .collect();
    let Some(&v) = verbs.first() else {
        return Err((1, "pattern has no * marking the verb".into()));
    };
    if verbs.len() > 1 {
        return Err((
            items[verbs[1]].column,
            "pattern has more than one * (the verb)".into(),
        ));
    }
    let before = build(&items[..v], synsets, undefined_is_error)?;
    let after = build(&items[v + 1..], synsets, undefined_is_error)?;
    let mut before = before;
    if let Some(last) = before.last_mut() {
        // adjacency of the last element before the verb: `IN_*` vs `IN_ *`
        let adj = items[v - 1].adjacent;
        last.set_adjacent(adj);
    }
    let length = pattern_length(&before) + pattern_length(&after);
    Ok(ParsedPattern {
        before,
        after,
        verb_adjacent_next: items[v].adjacent,
        length,
    })
}

/// Parses a synset member (`+DOLLAR`, `+PESO_$`, `+&TIETYPES_MEMOS`).
pub fn parse_synset_member(
    body: &str,
    dialect: PatternDialect,
    synsets: &SynsetTable,
) -> Result<Vec<PatElem>, ParseFail> {
    let mut text = body.to_uppercase();
    if dialect == PatternDialect::Tabari {
        text = text.replace('-', "_");
    }
    let items = lex(&text, dialect)?;
    if let Some(v) = items.iter().find(|l| l.item == Item::Verb) {
        return Err((
            v.column,
            "a synset member cannot contain * (the verb)".into(),
        ));
    }
    let elems = build(&items, synsets, true)?;
    if elems.is_empty() {
        return Err((1, "empty synset member".into()));
    }
    Ok(elems)
}

/// A pattern's length, which orders trial (longest first): the alphanumeric
/// characters of its literal words; an alternative set counts its shortest
/// option, a synset reference nothing (either may stand for few words). This
/// is the order TABARI's validation suite expects (PATTERN-33, SYNSET-07).
pub fn pattern_length(elems: &[PatElem]) -> u32 {
    elems
        .iter()
        .map(|e| match e {
            PatElem::Word(w) => w.text.chars().filter(|c| c.is_alphanumeric()).count() as u32,
            PatElem::Alternatives { options, .. } => {
                options.iter().map(|o| pattern_length(o)).min().unwrap_or(0)
            }
            _ => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(elems: &[PatElem]) -> Vec<String> {
        elems
            .iter()
            .map(|e| match e {
                PatElem::Word(w) => format!(
                    "{}{:?}{}",
                    w.text,
                    w.mode,
                    if w.adjacent { "_" } else { "" }
                ),
                PatElem::Source { adjacent } => format!("${}", if *adjacent { "_" } else { "" }),
                PatElem::Target { adjacent } => format!("+{}", if *adjacent { "_" } else { "" }),
                PatElem::Compound { .. } => "%".into(),
                PatElem::SkipActor { .. } => "^".into(),
                PatElem::Synset { id, adjacent } => {
                    format!("&{id}{}", if *adjacent { "_" } else { "" })
                }
                PatElem::Alternatives { options, adjacent } => {
                    format!(
                        "{{{}}}{}",
                        options
                            .iter()
                            .map(|o| words(o).join(" "))
                            .collect::<Vec<_>>()
                            .join("|"),
                        if *adjacent { "_" } else { "" }
                    )
                }
                PatElem::Attribution { .. } => "@".into(),
                PatElem::Never { .. } => "NEVER".into(),
            })
            .collect()
    }

    #[test]
    fn tabari_patterns() {
        let syn = SynsetTable::default();
        let p = parse_pattern("+ KNOWN_ * IN_ $", PatternDialect::Tabari, &syn, true).unwrap();
        assert_eq!(words(&p.before), ["+", "KNOWNExact"]);
        assert_eq!(words(&p.after), ["INExact", "$"]);
        assert!(!p.verb_adjacent_next);
        let p = parse_pattern("IN_*", PatternDialect::Tabari, &syn, true).unwrap();
        assert_eq!(words(&p.before), ["INExact_"]);
        let p = parse_pattern("IN_ *", PatternDialect::Tabari, &syn, true).unwrap();
        assert_eq!(words(&p.before), ["INExact"]);
        let p = parse_pattern("*_POLICE", PatternDialect::Tabari, &syn, true).unwrap();
        assert!(p.verb_adjacent_next);
        let p = parse_pattern(
            "SUGGESTED_+ * DEMAND_{ GENEVA_ | INTERNATIONAL }_CONVENTIONS",
            PatternDialect::Tabari,
            &syn,
            true,
        )
        .unwrap();
        assert_eq!(words(&p.before), ["SUGGESTEDExact_", "+"]);
        assert_eq!(
            words(&p.after),
            [
                "DEMANDExact_",
                "{GENEVAExact|INTERNATIONALStem}_",
                "CONVENTIONSStem"
            ]
        );
        assert_eq!(p.length, 9 + 6 + 6 + 11);
        let p = parse_pattern("REAL~_PLEASANT *", PatternDialect::Tabari, &syn, true).unwrap();
        assert_eq!(words(&p.before), ["REALStem_", "PLEASANTStem"]);
    }

    #[test]
    fn synsets_in_patterns() {
        let mut syn = SynsetTable::default();
        let id = syn.declare("&CURRENCY");
        let m = parse_synset_member("PESO_$", PatternDialect::Tabari, &syn).unwrap();
        assert_eq!(words(&m), ["PESOExact_", "$"]);
        syn.synsets[id as usize].members.push(m);
        let p = parse_pattern("* &CURRENCY", PatternDialect::Tabari, &syn, true).unwrap();
        assert_eq!(words(&p.after), ["&0"]);
        assert_eq!(p.length, 0);
        assert!(parse_pattern("* &NOPE", PatternDialect::Tabari, &syn, true).is_err());
        let p = parse_pattern("* &NOPE", PatternDialect::Tabari, &syn, false).unwrap();
        assert!(p.after[0].can_never_match());
    }

    #[test]
    fn malformed_patterns_are_errors() {
        let syn = SynsetTable::default();
        for bad in ["SAID", "* *", "* { A | }", "* { A", "* A }", "* |", "&"] {
            assert!(
                parse_pattern(bad, PatternDialect::Tabari, &syn, true).is_err(),
                "{bad}"
            );
        }
    }
}
