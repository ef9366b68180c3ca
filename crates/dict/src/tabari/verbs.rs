//! TABARI `.verbs` files (formats.md §2.4): optional `<SYNSETS>`, `<TIME>` and
//! `<ATTRIB>` blocks, then root lines `ROOT [CODE]`, an optional forms line
//! `{ FORM FORM }` right after a root, and pattern lines `- ... * ... [CODE]`.

use super::split_line;
use crate::code::{EventCode, parse_event_code};
use crate::model::{Dictionaries, TimePhrase, TimeShift, VerbForm, VerbSet};
use crate::pattern::{Pattern, PatternDialect, parse_pattern, parse_synset_member};
use crate::phrase::parse_tabari_phrase;
use crate::source::{Origin, Sink, numbered_lines};
use std::path::Path;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Verbs,
    Synsets,
    Time,
    Attrib,
}

#[derive(Clone, Copy)]
enum Current {
    None,
    Verb(usize),
    Time(usize),
    Attrib,
}

/// Reads a TABARI verbs file into `dict`.
pub fn load_verbs(text: &str, path: &Path, file: u32, dict: &mut Dictionaries, sink: &mut Sink) {
    let mut section = Section::Verbs;
    let mut synset: Option<u32> = None;
    let mut current = Current::None;
    let mut after_root = false;
    let first_set = dict.verb_sets.len();
    let first_time = dict.times.len();
    for (n, raw) in numbered_lines(text) {
        let line = raw.trim();
        let origin = Origin {
            file,
            line: n as u32,
        };
        if line.starts_with('~') {
            break;
        }
        if line.is_empty() || line.starts_with('/') || line.starts_with('#') {
            continue;
        }
        let was_after_root = after_root;
        after_root = false;
        let upper = line.to_ascii_uppercase();
        if upper.starts_with('<') {
            section = match upper.trim_end() {
                "<SYNSETS>" => Section::Synsets,
                "<TIME>" => Section::Time,
                "<ATTRIB>" => {
                    sink.warn(
                        path,
                        n,
                        "<ATTRIB> attribution patterns are read but not used by dyad",
                    );
                    Section::Attrib
                }
                "</SYNSETS>" | "</TIME>" | "</ATTRIB>" => Section::Verbs,
                other => {
                    sink.error(path, n, 1, format!("unknown section tag {other} (expected <SYNSETS>, <TIME>, <ATTRIB> or their closing tags)"));
                    section
                }
            };
            current = Current::None;
            synset = None;
            continue;
        }
        if section == Section::Synsets {
            let body = line.split(';').next().unwrap_or("").trim();
            if let Some(name) = body.strip_prefix('&') {
                if name.trim().is_empty() {
                    sink.error(path, n, 2, "& must be followed by a synset name");
                    continue;
                }
                synset = Some(dict.synsets.declare(name.trim()));
            } else if let Some(member) = body.strip_prefix('+') {
                let Some(id) = synset else {
                    sink.error(path, n, 1, "+member line before any &SYNSET line");
                    continue;
                };
                if member
                    .to_ascii_uppercase()
                    .contains(&format!("&{}", dict.synsets.synsets[id as usize].name))
                {
                    sink.error(path, n, 2, "a synset member cannot refer to its own synset");
                    continue;
                }
                match parse_synset_member(member, PatternDialect::Tabari, &dict.synsets) {
                    Ok(m) => dict.synsets.synsets[id as usize].members.push(m),
                    Err((col, msg)) => sink.error(path, n, col + 1, msg),
                }
            } else {
                sink.error(path, n, 1, "in <SYNSETS>, expected &NAME or +member");
            }
            continue;
        }
        if line.starts_with('{') {
            if !was_after_root {
                sink.error(
                    path,
                    n,
                    1,
                    "a { forms } line must come right after its root line",
                );
                continue;
            }
            let Current::Verb(set) = current else {
                sink.error(path, n, 1, "a { forms } line must follow a verb root");
                continue;
            };
            let inner = line.split(';').next().unwrap_or("");
            let Some(close) = inner.find('}') else {
                sink.error(path, n, inner.chars().count(), "{ without a closing }");
                continue;
            };
            let forms = &inner[1..close];
            if forms.trim().is_empty() {
                sink.error(path, n, 2, "no verb forms inside { }");
                continue;
            }
            for f in forms.split_whitespace().filter(|f| *f != "|") {
                let phrase = parse_tabari_phrase(f);
                if !phrase.is_empty() {
                    dict.verb_forms.push(VerbForm {
                        phrase,
                        set: set as u32,
                        code: None,
                        origin,
                    });
                }
            }
            continue;
        }
        if let Some(body) = line.strip_prefix('-') {
            let parts = match split_line(body) {
                Ok(p) => p,
                Err((col, msg)) => {
                    sink.error(path, n, col + 1, msg);
                    continue;
                }
            };
            let Some(&(col, code_text)) = parts.blocks.last() else {
                sink.error(
                    path,
                    n,
                    line.chars().count(),
                    "pattern needs a [CODE] at the end",
                );
                continue;
            };
            if parts.blocks.len() > 1 {
                sink.error(path, n, col + 1, "pattern has more than one [CODE]");
                continue;
            }
            let mut body_text = parts.phrase.to_string();
            if body_text.contains(']') {
                sink.warn(path, n, "] closes an alternative set; read as }");
                body_text = body_text.replace(']', "}");
            }
            let parsed =
                match parse_pattern(&body_text, PatternDialect::Tabari, &dict.synsets, true) {
                    Ok(p) => p,
                    Err((c, msg))
                        if msg.contains("more than one *") || msg.contains("outside {") =>
                    {
                        // accepted by TABARI's reader, but no reading of it is sure
                        sink.warn(path, n, format!("column {}: {msg}; pattern skipped", c + 1));
                        continue;
                    }
                    Err((c, msg)) => {
                        sink.error(path, n, c + 1, msg);
                        continue;
                    }
                };
            match current {
                Current::None => sink.error(path, n, 1, "pattern line before any root"),
                Current::Attrib => {}
                Current::Verb(set) => match parse_event_code(code_text) {
                    Ok(code) => dict.verb_sets[set].patterns.push(Pattern {
                        before: parsed.before,
                        after: parsed.after,
                        verb_adjacent_next: parsed.verb_adjacent_next,
                        code,
                        length: parsed.length,
                        origin,
                        text: line.split(';').next().unwrap_or(line).trim().into(),
                    }),
                    Err(msg) => sink.error(path, n, col + 1, msg),
                },
                Current::Time(t) => match parse_time_shift(code_text) {
                    Ok(shift) => dict.times[t].patterns.push((
                        Pattern {
                            before: parsed.before,
                            after: parsed.after,
                            verb_adjacent_next: parsed.verb_adjacent_next,
                            code: EventCode::Null,
                            length: parsed.length,
                            origin,
                            text: line.split(';').next().unwrap_or(line).trim().into(),
                        },
                        shift,
                    )),
                    Err(msg) => sink.error(path, n, col + 1, msg),
                },
            }
            continue;
        }
        // a root line
        let parts = match split_line(line) {
            Ok(p) => p,
            Err((col, msg)) => {
                sink.error(path, n, col, msg);
                current = Current::None;
                continue;
            }
        };
        let phrase = parse_tabari_phrase(parts.phrase);
        if phrase.is_empty() || parts.phrase.trim().chars().count() < 2 {
            sink.error(path, n, 1, "root phrase needs at least two characters");
            current = Current::None;
            continue;
        }
        match section {
            Section::Attrib => {
                current = Current::Attrib;
            }
            Section::Time => {
                let Some(&(col, code_text)) = parts.blocks.first() else {
                    sink.error(
                        path,
                        n,
                        line.chars().count(),
                        "time phrase needs a [CODE] such as [-1] or [+7]",
                    );
                    current = Current::None;
                    continue;
                };
                match parse_time_shift(code_text) {
                    Ok(shift) => {
                        dict.times.push(TimePhrase {
                            phrase,
                            shift,
                            patterns: Vec::new(),
                            origin,
                        });
                        current = Current::Time(dict.times.len() - 1);
                    }
                    Err(msg) => {
                        sink.error(path, n, col, msg);
                        current = Current::None;
                    }
                }
            }
            Section::Verbs | Section::Synsets => {
                let Some(&(col, code_text)) = parts.blocks.first() else {
                    sink.error(path, n, line.chars().count(), "verb root needs a [CODE]");
                    current = Current::None;
                    continue;
                };
                match parse_event_code(code_text) {
                    Ok(code) => {
                        let label: String = parts.phrase.trim().to_string();
                        dict.verb_sets.push(VerbSet {
                            label: label.into(),
                            code,
                            patterns: Vec::new(),
                            origin,
                        });
                        let set = dict.verb_sets.len() - 1;
                        dict.verb_forms.push(VerbForm {
                            phrase,
                            set: set as u32,
                            code: None,
                            origin,
                        });
                        current = Current::Verb(set);
                        after_root = true;
                    }
                    Err(msg) => {
                        sink.error(path, n, col, msg);
                        current = Current::None;
                    }
                }
            }
        }
    }
    for set in &mut dict.verb_sets[first_set..] {
        set.patterns.sort_by_key(|p| std::cmp::Reverse(p.length));
    }
    for t in &mut dict.times[first_time..] {
        t.patterns.sort_by_key(|p| std::cmp::Reverse(p.0.length));
    }
}

/// Parses a time code: `-7`, `+30`, `---`, `###`, `+++` (blanks ignored).
fn parse_time_shift(inner: &str) -> Result<TimeShift, String> {
    let s: String = inner.chars().filter(|c| !c.is_whitespace()).collect();
    match s.as_str() {
        "---" => Ok(TimeShift::Null),
        "###" => Ok(TimeShift::Discard),
        "+++" => Ok(TimeShift::Complex),
        _ => {
            let days: i32 = s.parse().map_err(|_| {
                format!("time code [{s}] must be a day offset such as -1 or +7, or ---, ###, +++")
            })?;
            if days.abs() > 8192 {
                return Err(format!("time offset {days} is beyond ±8192 days"));
            }
            Ok(TimeShift::Days(days))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_forms_patterns_synsets_time() {
        let text = "<SYNSETS>\n&CURRENCY \n+DOLLAR\n+PESO_$\n</SYNSETS>\n<TIME>\nYESTERDAY [-1]\nTOMORROW [+1]\n- * AND TOMORROW [+3]\n</TIME>\nBREAK_ [1717]\n{ BROKE_ BROKEN_ BROKEN_DOWN_ }\n- * DEADLOCK  [102]\n- + KNOWN_ * IN_ $  [076] ; c\nCONTRIBUT  [070]\n- * &CURRENCY [903]\n~~FINISH\nJUNK\n";
        let mut d = Dictionaries::default();
        let mut s = Sink::default();
        load_verbs(text, Path::new("t.verbs"), 0, &mut d, &mut s);
        assert!(s.errors.is_empty(), "{:?}", s.errors);
        assert_eq!(d.synsets.synsets[0].members.len(), 2);
        assert_eq!(d.times.len(), 2);
        assert_eq!(d.times[1].patterns.len(), 1);
        assert_eq!(d.verb_sets.len(), 2);
        assert_eq!(d.verb_forms.len(), 5);
        assert_eq!(d.verb_sets[0].patterns.len(), 2);
        // longer pattern first
        assert_eq!(d.verb_sets[0].patterns[0].code.display(), "102");
        assert_eq!(d.verb_sets[0].patterns[0].length, 8);
        assert_eq!(d.verb_sets[0].patterns[1].length, 7);
    }

    #[test]
    fn errors_name_lines() {
        let text = "- * ORPHAN [010]\nNOCODE\nGOOD [010]\n- NOVERB [020]\n- * X\n{ A }\n- * { A | [030]\n<BOGUS>\n";
        let mut d = Dictionaries::default();
        let mut s = Sink::default();
        load_verbs(text, Path::new("t.verbs"), 0, &mut d, &mut s);
        let lines: Vec<usize> = s.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [1, 2, 4, 5, 6, 7, 8], "{:?}", s.errors);
    }
}
