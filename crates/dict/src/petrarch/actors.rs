//! PETRARCH actors and agents files (formats.md §4.3, §4.4, §5.7).
//!
//! Actors: a head line `PHRASE` or `PHRASE [CODE]`, `+SYNONYM` lines, then
//! restriction lines that start with white space: `[CODE >date]`,
//! `[CODE <date]`, `[CODE d1-d2]` or an undated `[CODE]`. dyad also reads dated
//! blocks on the head line (PETRARCH-1's reader ignores them) and resolves
//! dates with PETRARCH-1's inclusive rules. Agents: `PHRASE {PLURALS} [~CODE]`
//! or `[CODE~]`, and `!NAME! = A, B, C` substitution markers.

use super::petrarch_lines;
use crate::code::{
    ActorBlockError, ActorCodes, DateSemantics, DatedCode, YearPivot, parse_actor_block_detailed,
    parse_agent_code, petrarch_date_digits,
};
use crate::model::{Actor, Agent, Dictionaries};
use crate::phrase::{Phrase, parse_petrarch_phrase};
use crate::source::{Origin, Sink};
use crate::tabari::split_blocks;
use std::collections::HashMap;
use std::path::Path;

/// Reads a PETRARCH actors file into `dict`.
pub fn load_actors(text: &str, path: &Path, file: u32, dict: &mut Dictionaries, sink: &mut Sink) {
    let mut pending: Option<(Vec<Phrase>, Vec<DatedCode>, Origin)> = None;
    let flush = |pending: &mut Option<(Vec<Phrase>, Vec<DatedCode>, Origin)>,
                 dict: &mut Dictionaries,
                 sink: &mut Sink| {
        if let Some((phrases, blocks, origin)) = pending.take() {
            if blocks.is_empty() {
                // PETRARCH stores such an entry and codes it as "---"
                sink.warn(
                    path,
                    origin.line as usize,
                    "actor entry has no code (PETRARCH codes it ---); not used",
                );
                return;
            }
            dict.actors.push(Actor {
                phrases,
                codes: ActorCodes {
                    blocks,
                    semantics: DateSemantics::Petrarch1,
                },
                origin,
            });
        }
    };
    for line in petrarch_lines(text) {
        let n = line.number;
        let t = line.text.trim();
        if t.eq_ignore_ascii_case("---STOP---") {
            break;
        }
        let origin = Origin {
            file,
            line: n as u32,
        };
        if t.starts_with('[') {
            // a restriction line
            let Some((_, blocks, _)) = pending.as_mut() else {
                sink.error(path, n, 1, "code line without an actor phrase above it");
                continue;
            };
            match split_blocks(t) {
                Ok(parts) => {
                    for (col, inner) in parts.blocks {
                        if let Some(b) = read_block(inner, path, n, col + indent_of(line.raw), sink)
                        {
                            blocks.push(b);
                        }
                    }
                }
                Err((col, msg)) => sink.error(path, n, col + indent_of(line.raw), msg),
            }
            continue;
        }
        if let Some(syn) = t.strip_prefix('+') {
            let Some((phrases, ..)) = pending.as_mut() else {
                sink.error(path, n, 1, "+synonym line without an actor phrase above it");
                continue;
            };
            let syn = syn.split(';').next().unwrap_or("");
            let (phrase_text, blocks) = match split_blocks(syn) {
                Ok(p) => (p.phrase, p.blocks),
                Err((col, msg)) => {
                    sink.error(path, n, col + 1, msg);
                    continue;
                }
            };
            if !blocks.is_empty() {
                sink.warn(
                    path,
                    n,
                    "codes on a +synonym line are ignored: synonyms share the head's codes",
                );
            }
            let phrase = parse_petrarch_phrase(phrase_text);
            if phrase.is_empty() {
                sink.error(path, n, 2, "empty synonym after +");
            } else {
                phrases.push(phrase);
            }
            continue;
        }
        flush(&mut pending, dict, sink);
        let mut head = t.split(';').next().unwrap_or("");
        // PETRARCH reads the code up to `]` and ignores the rest of the line
        if let Some(close) = head.rfind(']')
            && !head[close + 1..].trim().is_empty()
        {
            sink.warn(
                path,
                n,
                format!(
                    "text after the code ignored: {:?}",
                    head[close + 1..].trim()
                ),
            );
            head = &head[..=close];
        }
        let parts = match split_blocks(head) {
            Ok(p) => p,
            Err((col, msg)) => {
                sink.error(path, n, col, msg);
                continue;
            }
        };
        let phrase = parse_petrarch_phrase(parts.phrase);
        if phrase.is_empty() {
            sink.error(path, n, 1, "actor line has no phrase");
            continue;
        }
        let mut blocks = Vec::new();
        for (col, inner) in parts.blocks {
            if let Some(b) = read_block(inner, path, n, col, sink) {
                blocks.push(b);
            }
        }
        pending = Some((vec![phrase], blocks, origin));
    }
    flush(&mut pending, dict, sink);
}

/// Reads one `[CODE restriction]` block the way PETRARCH-1 does: a malformed
/// code is an error; a malformed date drops the block with a warning, and an
/// over-long date string is cut to 6 or 8 digits.
fn read_block(
    inner: &str,
    path: &Path,
    n: usize,
    col: usize,
    sink: &mut Sink,
) -> Option<DatedCode> {
    let mut text = inner.to_string();
    for word in inner.split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '-')) {
        if let Some(cut) = petrarch_date_digits(word) {
            sink.warn(
                path,
                n,
                format!("date {word} read as {cut}, as PETRARCH reads it"),
            );
            text = text.replacen(word, cut, 1);
        }
    }
    match parse_actor_block_detailed(&text, YearPivot::Petrarch) {
        Ok(b) => Some(b),
        Err(ActorBlockError::Date(msg)) => {
            sink.warn(
                path,
                n,
                format!(
                    "{msg}; code block [{}] dropped, as PETRARCH drops it",
                    inner.trim()
                ),
            );
            None
        }
        Err(ActorBlockError::Code(msg)) => {
            sink.error(path, n, col, msg);
            None
        }
    }
}

fn indent_of(raw: &str) -> usize {
    raw.chars().take_while(|c| c.is_whitespace()).count()
}

/// Reads a PETRARCH agents file into `dict`.
pub fn load_agents(text: &str, path: &Path, file: u32, dict: &mut Dictionaries, sink: &mut Sink) {
    let mut markers: HashMap<String, Vec<String>> = HashMap::new();
    for line in petrarch_lines(text) {
        let n = line.number;
        let t = line.text.trim();
        let origin = Origin {
            file,
            line: n as u32,
        };
        // a substitution marker definition: !NAME! = A, B, C
        if t.starts_with('!')
            && let Some((name, items)) = t.split_once('=')
            && !name.contains('[')
        {
            let name = name.trim();
            if name.len() < 3 || !name.ends_with('!') {
                sink.error(
                    path,
                    n,
                    1,
                    "substitution marker must look like !NAME! = A, B, C",
                );
                continue;
            }
            let list: Vec<String> = items
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            if list.is_empty() {
                sink.error(
                    path,
                    n,
                    name.len() + 2,
                    "substitution marker has no items after =",
                );
                continue;
            }
            markers.insert(name.to_ascii_uppercase(), list);
            continue;
        }
        // code: [ ... ] (a `}` closing the bracket is read as `]`, with a warning)
        let Some(open) = t.rfind('[') else {
            sink.warn(path, n, "agent line has no code such as [~GOV]; skipped");
            continue;
        };
        let col = t[..open].chars().count() + 2;
        let after = &t[open + 1..];
        let inner = match after.find(']') {
            Some(c) => &after[..c],
            None => match after.find('}') {
                Some(c) => {
                    sink.warn(
                        path,
                        n,
                        format!(
                            "agent code [{} is closed by }} instead of ]; read as [{}]",
                            &after[..=c],
                            &after[..c]
                        ),
                    );
                    &after[..c]
                }
                None => {
                    sink.error(path, n, col - 1, "[ without a closing ]");
                    continue;
                }
            },
        };
        let code = match parse_agent_code(inner) {
            Ok(c) => c,
            Err(msg) => {
                sink.error(path, n, col, msg);
                continue;
            }
        };
        let before = &t[..open];
        // optional {PLURALS}
        let (phrase_text, plurals) = match (before.find('{'), before.rfind('}')) {
            (Some(a), Some(b)) if b > a => (
                format!("{}{}", &before[..a], &before[b + 1..]),
                Some(before[a + 1..b].to_string()),
            ),
            (Some(a), _) => {
                sink.error(
                    path,
                    n,
                    before[..a].chars().count() + 1,
                    "{ without a closing }",
                );
                continue;
            }
            _ => (before.to_string(), None),
        };
        let expanded = match expand_markers(phrase_text.trim(), &markers) {
            Ok(v) => v,
            Err(msg) => {
                sink.error(path, n, 1, msg);
                continue;
            }
        };
        let substituted = expanded.len() > 1 || phrase_text.contains('!');
        for p in &expanded {
            let phrase = parse_petrarch_phrase(p);
            if phrase.is_empty() {
                sink.error(path, n, 1, "agent line has no phrase before [");
                continue;
            }
            // plural forms: explicit ones, or the regular plural of the whole phrase
            let mut forms: Vec<Phrase> = Vec::new();
            match &plurals {
                Some(list) => {
                    for pl in list.split_whitespace() {
                        let ph = parse_petrarch_phrase(pl);
                        if !ph.is_empty() {
                            forms.push(ph);
                        }
                    }
                }
                None if !substituted => {
                    if let Some(pl) = regular_plural(&phrase) {
                        forms.push(pl);
                    }
                }
                None => {}
            }
            dict.agents.push(Agent {
                phrase,
                code: code.clone(),
                origin,
            });
            for f in forms {
                dict.agents.push(Agent {
                    phrase: f,
                    code: code.clone(),
                    origin,
                });
            }
        }
    }
}

/// Expands `!NAME!` markers into every listed item (cartesian product when
/// several markers occur).
fn expand_markers(
    text: &str,
    markers: &HashMap<String, Vec<String>>,
) -> Result<Vec<String>, String> {
    let Some(start) = text.find('!') else {
        return Ok(vec![text.to_string()]);
    };
    let Some(len) = text[start + 1..].find('!') else {
        return Err(format!("unclosed substitution marker in {text:?}"));
    };
    let name = text[start..start + len + 2].to_ascii_uppercase();
    let items = markers
        .get(&name)
        .ok_or_else(|| format!("substitution marker {name} is not defined above"))?;
    let mut out = Vec::new();
    for item in items {
        let replaced = format!("{}{}{}", &text[..start], item, &text[start + len + 2..]);
        out.extend(expand_markers(&replaced, markers)?);
    }
    Ok(out)
}

/// The regular plural of a phrase's last word: Y after a consonant → IES,
/// S/X/Z/CH/SH → +ES, otherwise +S. (PETRARCH-1 turns every final Y into
/// IES, "ENVOY" into "ENVOIES"; dyad keeps English plurals.) Agents match
/// their listed forms only, plus the possessive.
fn regular_plural(phrase: &Phrase) -> Option<Phrase> {
    let last = phrase.words.last()?;
    let w = last.text.as_ref();
    let bytes = w.as_bytes();
    let plural = if w.len() >= 2
        && w.ends_with('Y')
        && !matches!(bytes[w.len() - 2], b'A' | b'E' | b'I' | b'O' | b'U')
    {
        format!("{}IES", &w[..w.len() - 1])
    } else if ["S", "X", "Z", "CH", "SH"].iter().any(|e| w.ends_with(e)) {
        format!("{w}ES")
    } else if w.is_empty() {
        return None;
    } else {
        format!("{w}S")
    };
    let mut p = phrase.clone();
    if let Some(lw) = p.words.last_mut() {
        lw.text = plural.into();
    }
    Some(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actors_with_synonyms_and_dates() {
        let t = "HAMID_KARZAI_  # CountryInfo.txt\n+KARZAI_\n+PRESIDENT_KARZAI_\n\t[AFGELI 750101-000101]\n\t[AFGGOV >011222]\n\t[AFGELI]\nJAVIER_DE_CUELLAR_\t[IGOUNO 820101-911231] [ELI]\nISRAEL [ISR]\nBAD [X 991301]\n";
        let mut d = Dictionaries::default();
        let mut s = Sink::default();
        load_actors(t, Path::new("a.txt"), 0, &mut d, &mut s);
        assert!(s.errors.is_empty(), "{:?}", s.errors);
        assert_eq!(
            s.warnings.len(),
            2,
            "bad date dropped, then the entry has no code: {:?}",
            s.warnings
        );
        assert_eq!(d.actors.len(), 3);
        assert_eq!(d.actors[0].phrases.len(), 3);
        assert_eq!(d.actors[0].codes.blocks.len(), 3);
        assert_eq!(d.actors[1].codes.blocks.len(), 2);
        assert!(d.actors[1].codes.blocks[0].restriction.is_some());
    }

    #[test]
    fn agents_with_markers_and_plurals() {
        let t = "!PERSON! = MAN, MEN, WOMAN\nCONGRESS!PERSON! [~LEG]\nAUTHORITY [~GOV]\nATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]\nMEDIA {} [~MED]\nDEPARMENT_OF_ENVIRONMENT [~ENV}\n!NOPE! X [~A]\nNOCODE\n";
        let mut d = Dictionaries::default();
        let mut s = Sink::default();
        load_agents(t, Path::new("g.txt"), 0, &mut d, &mut s);
        let phrases: Vec<String> = d.agents.iter().map(|a| a.phrase.display()).collect();
        assert_eq!(
            phrases,
            [
                "CONGRESSMAN",
                "CONGRESSMEN",
                "CONGRESSWOMAN",
                "AUTHORITY",
                "AUTHORITIES",
                "ATTORNEY_GENERAL",
                "ATTORNEYS_GENERAL",
                "MEDIA",
                "DEPARMENT_OF_ENVIRONMENT",
                "DEPARMENT_OF_ENVIRONMENTS"
            ]
        );
        assert_eq!(s.warnings.len(), 2, "{:?}", s.warnings);
        assert_eq!(s.errors.len(), 1, "{:?}", s.errors);
    }
}
