//! PETRARCH discard and issue lists (formats.md §4.5, §4.6).
//!
//! Discards: one phrase a line; `+PHRASE` discards the whole story, a bare
//! phrase the sentence. Issues: `phrase [CODE]` lines inside `<ISSUE>` groups;
//! `n:word` adds the plural, `v:word` the verb forms, `a+b` joins words;
//! `~phrase` and `~~phrase` are ignore lines.

use super::petrarch_lines;
use crate::model::{Dictionaries, Discard, Issue};
use crate::phrase::{PWord, Phrase, WordMode, normalized_words, parse_petrarch_phrase};
use crate::source::{Origin, Sink};
use std::path::Path;

/// Reads a discard list into `dict`.
pub fn load_discards(text: &str, path: &Path, file: u32, dict: &mut Dictionaries, sink: &mut Sink) {
    for line in petrarch_lines(text) {
        let t = line.text.trim();
        let (story, body) = match t.strip_prefix('+') {
            Some(b) => (true, b),
            None => (false, t),
        };
        let body = body.split(';').next().unwrap_or("");
        let phrase = exact(parse_petrarch_phrase(body));
        if phrase.is_empty() {
            sink.error(path, line.number, 1, "discard line has no phrase");
            continue;
        }
        dict.discards.push(Discard {
            phrase,
            story,
            origin: Origin {
                file,
                line: line.number as u32,
            },
        });
    }
}

/// Discard phrases match whole, consecutive words.
fn exact(mut p: Phrase) -> Phrase {
    let n = p.words.len();
    for (i, w) in p.words.iter_mut().enumerate() {
        w.mode = WordMode::Exact;
        w.adjacent = i + 1 < n;
    }
    p
}

/// Reads an issue list into `dict`.
pub fn load_issues(text: &str, path: &Path, file: u32, dict: &mut Dictionaries, sink: &mut Sink) {
    for line in petrarch_lines(text) {
        let t = line.text.trim();
        let origin = Origin {
            file,
            line: line.number as u32,
        };
        if t.starts_with('<') {
            continue; // <ISSUE ...> and </ISSUE> group tags
        }
        if let Some(ignore) = t.strip_prefix('~') {
            let body = ignore.trim_start_matches('~');
            for phrase in expand_issue_phrase(body) {
                dict.issues.push(Issue {
                    phrase,
                    code: "".into(),
                    ignore: true,
                    origin,
                });
            }
            continue;
        }
        let Some(open) = t.find('[') else {
            // PETRARCH reads only lines with a [CODE] as entries
            sink.warn(
                path,
                line.number,
                "issue line without a [CODE] is not an entry; skipped",
            );
            continue;
        };
        let Some(close) = t[open..].find(']') else {
            sink.error(
                path,
                line.number,
                t[..open].chars().count() + 1,
                "[ without a closing ]",
            );
            continue;
        };
        let code = t[open + 1..open + close].trim();
        if code.is_empty() {
            sink.error(
                path,
                line.number,
                t[..open].chars().count() + 2,
                "empty issue code",
            );
            continue;
        }
        let phrases = expand_issue_phrase(&t[..open]);
        if phrases.is_empty() {
            sink.error(path, line.number, 1, "issue line has no phrase before [");
            continue;
        }
        for phrase in phrases {
            dict.issues.push(Issue {
                phrase,
                code: code.into(),
                ignore: false,
                origin,
            });
        }
    }
}

/// Expands `n:`, `v:` and `a+b` into every phrase they stand for.
fn expand_issue_phrase(text: &str) -> Vec<Phrase> {
    // each element: list of alternative word sequences
    let mut slots: Vec<Vec<Vec<String>>> = Vec::new();
    for raw in text.split_whitespace() {
        let mut seq_alts: Vec<Vec<String>> = vec![Vec::new()];
        for part in raw.split('+') {
            let (kind, word) = if let Some(w) =
                part.strip_prefix("n:").or_else(|| part.strip_prefix("N:"))
            {
                ('n', w)
            } else if let Some(w) = part.strip_prefix("v:").or_else(|| part.strip_prefix("V:")) {
                ('v', w)
            } else {
                (' ', part)
            };
            let words = normalized_words(word);
            if words.is_empty() {
                continue;
            }
            let forms: Vec<Vec<String>> = match kind {
                'n' => inflect(&words, noun_forms),
                'v' => inflect(&words, verb_forms),
                _ => vec![words],
            };
            let mut next = Vec::new();
            for base in &seq_alts {
                for f in &forms {
                    let mut v = base.clone();
                    v.extend(f.iter().cloned());
                    next.push(v);
                }
            }
            seq_alts = next;
        }
        if seq_alts.iter().any(|s| !s.is_empty()) {
            slots.push(seq_alts);
        }
    }
    let mut phrases: Vec<Vec<String>> = vec![Vec::new()];
    for slot in slots {
        let mut next = Vec::new();
        for p in &phrases {
            for alt in &slot {
                let mut v = p.clone();
                v.extend(alt.iter().cloned());
                next.push(v);
            }
        }
        phrases = next;
    }
    phrases
        .into_iter()
        .filter(|p| !p.is_empty())
        .map(|words| {
            let n = words.len();
            Phrase {
                words: words
                    .into_iter()
                    .enumerate()
                    .map(|(i, w)| PWord {
                        text: w.into(),
                        mode: WordMode::Exact,
                        adjacent: i + 1 < n,
                    })
                    .collect(),
            }
        })
        .collect()
}

fn inflect(words: &[String], forms: fn(&str) -> Vec<String>) -> Vec<Vec<String>> {
    let Some((last, init)) = words.split_last() else {
        return Vec::new();
    };
    forms(last)
        .into_iter()
        .map(|f| {
            let mut v = init.to_vec();
            v.push(f);
            v
        })
        .collect()
}

fn noun_forms(w: &str) -> Vec<String> {
    let plural = if w.ends_with('Y')
        && w.len() > 1
        && !w[..w.len() - 1].ends_with(['A', 'E', 'I', 'O', 'U'])
    {
        format!("{}IES", &w[..w.len() - 1])
    } else if w.ends_with(['S', 'X', 'Z']) || w.ends_with("CH") || w.ends_with("SH") {
        format!("{w}ES")
    } else {
        format!("{w}S")
    };
    vec![w.to_string(), plural]
}

fn verb_forms(w: &str) -> Vec<String> {
    let stem = w.strip_suffix('E').unwrap_or(w);
    let past = if w.ends_with('E') {
        format!("{w}D")
    } else {
        format!("{w}ED")
    };
    let third = if w.ends_with(['S', 'X', 'Z']) || w.ends_with("CH") || w.ends_with("SH") {
        format!("{w}ES")
    } else {
        format!("{w}S")
    };
    vec![w.to_string(), third, past, format!("{stem}ING")]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discards() {
        let mut d = Dictionaries::default();
        let mut s = Sink::default();
        load_discards(
            "# c\nMONTHS LATER\n+World Golf Championships   # pas\nAFRICAN NATIONS CUP   # ab ;AB\n",
            Path::new("d"),
            0,
            &mut d,
            &mut s,
        );
        assert_eq!(d.discards.len(), 3);
        assert!(d.discards[1].story);
        assert_eq!(
            d.discards[1].phrase.display(),
            "WORLD=_GOLF=_CHAMPIONSHIPS="
        );
    }

    #[test]
    fn issues() {
        let mut d = Dictionaries::default();
        let mut s = Sink::default();
        load_issues(
            "<ISSUE CATEGORY=\"EDUCATION\" TYPE=\"ALL\">\nn:teacher [TEACHERS]\npre+n:school [EARLY]\nv:protest [PROTEST]\n~a head start\nbroken\n",
            Path::new("i"),
            0,
            &mut d,
            &mut s,
        );
        let p: Vec<String> = d
            .issues
            .iter()
            .map(|i| format!("{}={}", i.phrase.display().replace('=', ""), i.code))
            .collect();
        assert_eq!(
            p,
            [
                "TEACHER=TEACHERS",
                "TEACHERS=TEACHERS",
                "PRE_SCHOOL=EARLY",
                "PRE_SCHOOLS=EARLY",
                "PROTEST=PROTEST",
                "PROTESTS=PROTEST",
                "PROTESTED=PROTEST",
                "PROTESTING=PROTEST",
                "A_HEAD_START="
            ]
        );
        assert!(s.errors.is_empty());
        assert_eq!(s.warnings.len(), 1);
    }
}
