//! TABARI `.actors` and `.agents` files (formats.md §2.5, §2.6): `<NOUN>` and
//! `<ADJECTIVE>` word lists, single-line entries with inline dated blocks
//! (`AXNOR [AR1 <911226] [AR2]`), and multi-line entries (a head line, `+`
//! synonyms, then indented `[...]` lines).

use super::split_line;
use crate::code::{
    ActorCodes, DateSemantics, DatedCode, YearPivot, parse_actor_block, parse_agent_code,
};
use crate::model::{Actor, Agent, Dictionaries, WordClass};
use crate::phrase::{Phrase, parse_tabari_phrase};
use crate::source::{Origin, Sink, numbered_lines};
use std::path::Path;

/// Reads a TABARI actors file into `dict`.
pub fn load_actors(text: &str, path: &Path, file: u32, dict: &mut Dictionaries, sink: &mut Sink) {
    let mut section: Option<WordClass> = None;
    // an entry being assembled: phrases, blocks, origin, whether the head line had codes
    let mut pending: Option<(Vec<Phrase>, Vec<DatedCode>, Origin, bool)> = None;
    let flush = |pending: &mut Option<(Vec<Phrase>, Vec<DatedCode>, Origin, bool)>,
                 dict: &mut Dictionaries,
                 sink: &mut Sink| {
        if let Some((phrases, blocks, origin, _)) = pending.take() {
            if blocks.is_empty() {
                sink.error(path, origin.line as usize, 1, "actor entry has no code: expected [CODE] on the line or on indented lines after it");
                return;
            }
            dict.actors.push(Actor {
                phrases,
                codes: ActorCodes {
                    blocks,
                    semantics: DateSemantics::Tabari,
                },
                origin,
            });
        }
    };
    for (n, raw) in numbered_lines(text) {
        let trimmed = raw.trim();
        if trimmed.starts_with('~') {
            break;
        }
        if trimmed.is_empty() || trimmed.starts_with('/') || trimmed.starts_with('#') {
            continue;
        }
        let upper = trimmed.to_ascii_uppercase();
        if upper.starts_with('<') {
            flush(&mut pending, dict, sink);
            section = if upper.starts_with("</") {
                None
            } else if upper.starts_with("<NOUN") {
                Some(WordClass::Noun)
            } else if upper.starts_with("<ADJ") {
                Some(WordClass::Adjective)
            } else {
                sink.warn(
                    path,
                    n,
                    format!("section tag {trimmed} is not used in actors files; ignored"),
                );
                None
            };
            continue;
        }
        let parts = match split_line(raw) {
            Ok(p) => p,
            Err((col, msg)) => {
                let starts_entry =
                    !(raw.starts_with(' ') || raw.starts_with('\t') || trimmed.starts_with('+'));
                if starts_entry && section.is_none() {
                    flush(&mut pending, dict, sink);
                }
                sink.error(path, n, col, msg);
                continue;
            }
        };
        let origin = Origin {
            file,
            line: n as u32,
        };
        if let Some(class) = section {
            let phrase = parse_tabari_phrase(parts.phrase);
            if phrase.is_empty() {
                sink.error(path, n, 1, "empty word in a <NOUN> or <ADJECTIVE> list");
            } else {
                dict.words.push((phrase, class, origin));
            }
            continue;
        }
        let indented =
            raw.starts_with(' ') || raw.starts_with('\t') || parts.phrase.trim().is_empty();
        if indented && parts.phrase.trim().is_empty() {
            // a code line of a multi-line entry
            let Some((_, blocks, _, head_had_codes)) = pending.as_mut() else {
                sink.error(
                    path,
                    n,
                    1,
                    "indented code line without an actor phrase above it",
                );
                continue;
            };
            if *head_had_codes {
                sink.warn(path, n, "indented codes after a head line that already has codes are ignored (as TABARI does)");
                continue;
            }
            for (col, inner) in parts.blocks {
                match parse_actor_block(inner, YearPivot::Tabari) {
                    Ok(b) => blocks.push(b),
                    Err(msg) => sink.error(path, n, col, msg),
                }
            }
            continue;
        }
        if let Some(syn) = trimmed.strip_prefix('+') {
            let Some((phrases, ..)) = pending.as_mut() else {
                sink.error(path, n, 1, "+synonym line without an actor phrase above it");
                continue;
            };
            let syn = syn
                .split(';')
                .next()
                .unwrap_or("")
                .split('[')
                .next()
                .unwrap_or("");
            let phrase = parse_tabari_phrase(syn);
            if phrase.is_empty() {
                sink.error(path, n, 2, "empty synonym after +");
            } else {
                phrases.push(phrase);
            }
            continue;
        }
        // a new entry
        flush(&mut pending, dict, sink);
        let phrase = parse_tabari_phrase(parts.phrase);
        if phrase.is_empty() || parts.phrase.trim().chars().count() < 2 {
            sink.error(path, n, 1, "actor phrase needs at least two characters");
            continue;
        }
        let mut blocks = Vec::new();
        let mut ok = true;
        for (col, inner) in &parts.blocks {
            match parse_actor_block(inner, YearPivot::Tabari) {
                Ok(b) => blocks.push(b),
                Err(msg) => {
                    sink.error(path, n, *col, msg);
                    ok = false;
                }
            }
        }
        if ok {
            let had = !blocks.is_empty();
            pending = Some((vec![phrase], blocks, origin, had));
        }
    }
    flush(&mut pending, dict, sink);
}

/// Reads a TABARI agents file (`PHRASE [~CODE]`, `PHRASE [CODE~]`) into `dict`.
pub fn load_agents(text: &str, path: &Path, file: u32, dict: &mut Dictionaries, sink: &mut Sink) {
    for (n, raw) in numbered_lines(text) {
        let trimmed = raw.trim();
        if trimmed.starts_with('~') && !trimmed.contains('[') {
            break;
        }
        if trimmed.is_empty()
            || trimmed.starts_with('/')
            || trimmed.starts_with('#')
            || trimmed.starts_with('<')
        {
            continue;
        }
        let parts = match split_line(raw) {
            Ok(p) => p,
            Err((col, msg)) => {
                sink.error(path, n, col, msg);
                continue;
            }
        };
        let phrase = parse_tabari_phrase(parts.phrase.trim_start_matches('+'));
        if phrase.is_empty() {
            sink.error(path, n, 1, "agent line has no phrase before [");
            continue;
        }
        let Some(&(col, inner)) = parts.blocks.first() else {
            sink.error(
                path,
                n,
                raw.chars().count().max(1),
                "agent line needs a code such as [~GOV] or [NGO~]",
            );
            continue;
        };
        match parse_agent_code(inner) {
            Ok(code) => dict.agents.push(Agent {
                phrase,
                code,
                origin: Origin {
                    file,
                    line: n as u32,
                },
            }),
            Err(msg) => sink.error(path, n, col, msg),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> (Dictionaries, Sink) {
        let mut d = Dictionaries::default();
        let mut s = Sink::default();
        load_actors(text, Path::new("t.actors"), 0, &mut d, &mut s);
        (d, s)
    }

    #[test]
    fn entries_synonyms_and_words() {
        let (d, s) = load(
            "<NOUN>\nBEES ;x\n</NOUN>\nAXNOR  [AR1 <911226] [AR2]\nGOLLUM  ; pas\n+SMEAGOL\n\t[HOB < 950601]\n\t[HOBGOV 950601 - 990815]\n#\t[bad\n\t\nLORIEN  [ELR/GAL]\nZIMBABWE\n\t[RHO <790606]\n\t[ZBW];jw\n~~FINISH\nIGNORED [X]\n",
        );
        assert!(s.errors.is_empty(), "{:?}", s.errors);
        assert_eq!(d.words.len(), 1);
        assert_eq!(d.actors.len(), 4);
        assert_eq!(d.actors[1].phrases.len(), 2);
        assert_eq!(d.actors[1].codes.blocks.len(), 2);
        assert_eq!(d.actors[2].codes.blocks[0].codes.len(), 2);
        assert_eq!(d.actors[3].codes.blocks.len(), 2);
        assert_eq!(d.actors[3].origin.line, 12);
    }

    #[test]
    fn malformed_entries_name_line_and_column() {
        let (_, s) = load("GOOD [G]\nBAD [X <991399]\nNOCODE\nOPEN [X\n\t[ORPHAN]\n");
        let msgs: Vec<String> = s
            .errors
            .iter()
            .map(|e| format!("{}:{}", e.line, e.column))
            .collect();
        assert_eq!(msgs, ["2:6", "3:1", "4:6", "5:1"], "{:?}", s.errors);
    }

    #[test]
    fn agents() {
        let mut d = Dictionaries::default();
        let mut s = Sink::default();
        load_agents(
            "PRESIDENT_  [ ~GOVPRS] ;ns\nHUMAN_RIGHTS_BODY_   [  NGO~] ;x\nBROKEN [GOV]\nNOCODE_\n",
            Path::new("a"),
            0,
            &mut d,
            &mut s,
        );
        assert_eq!(d.agents.len(), 2);
        assert!(d.agents[1].code.prefix);
        assert_eq!(s.errors.len(), 2);
    }
}
