//! PETRARCH verb files: PETRARCH-1 (`CAMEO.verbpatterns.150430.txt`,
//! `PETR.Validate.verbs.txt`; formats.md §4.2) and PETRARCH-2
//! (`CAMEO.2.0.txt`; §5).
//!
//! Both have synsets (`&NAME` + `+member`), verb blocks headed
//! `--- LABEL [CODE] ---`, verb lines `VERB {FORMS} [CODE]` (multi-word verbs
//! mark the verb word with `+`), and pattern lines `- ... * ... [CODE]`.
//! PETRARCH-2 patterns group noun phrases `{MOD HEAD}` and prepositional
//! phrases `(PREP NP)`, and its file ends with `~` transformation rules.

use super::petrarch_lines;
use crate::code::{EventCode, parse_event_code};
use crate::model::{Dictionaries, Transformation, VerbForm, VerbSet};
use crate::pattern::{PatElem, Pattern, PatternDialect, parse_pattern, pattern_length};
use crate::phrase::{PWord, Phrase, WordMode, normalized_words};
use crate::source::{Origin, Sink};
use std::path::Path;

/// Which PETRARCH verb syntax a file uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerbDialect {
    Petrarch1,
    Petrarch2,
}

/// Guesses the dialect of a PETRARCH verbs file: PETRARCH-2 files have a
/// `TRANSFORMATIONS` section or `(PREP NP)` groups in their patterns.
pub fn detect_dialect(text: &str) -> VerbDialect {
    let p2 = text.lines().any(|l| {
        let t = l.trim_start();
        (t.starts_with('#') && t.contains("TRANSFORMATIONS"))
            || t.starts_with("~ ")
            || (t.starts_with("- ") && t.split('#').next().is_some_and(|p| p.contains('(')))
    });
    if p2 {
        VerbDialect::Petrarch2
    } else {
        VerbDialect::Petrarch1
    }
}

/// Reads a PETRARCH verbs file into `dict`.
pub fn load_verbs(
    text: &str,
    path: &Path,
    file: u32,
    dialect: VerbDialect,
    dict: &mut Dictionaries,
    sink: &mut Sink,
) {
    // PETRARCH-2: synsets end at the "VERB PATTERNS" marker (a comment line).
    let patterns_marker = text
        .lines()
        .position(|l| l.trim_start().starts_with("#######") && l.contains("VERB PATTERNS"))
        .map(|i| i + 1);
    let mut synset: Option<u32> = None;
    let mut closed_labels: std::collections::HashSet<u32> = std::collections::HashSet::new();
    let mut block: Option<usize> = None;
    let first_set = dict.verb_sets.len();
    for line in petrarch_lines(text) {
        let n = line.number;
        let t = line.text.trim();
        let origin = Origin {
            file,
            line: n as u32,
        };
        // PETRARCH-2: synsets only before the VERB PATTERNS marker; PETRARCH-1:
        // an &NAME line starts a synset anywhere, and +member lines follow it
        let in_synset_part = match dialect {
            VerbDialect::Petrarch2 => patterns_marker.is_none_or(|m| n < m),
            VerbDialect::Petrarch1 => t.starts_with('&') || synset.is_some(),
        };
        if t.starts_with("---") {
            synset = None;
            let set = parse_block_header(t, origin);
            dict.verb_sets.push(set);
            block = Some(dict.verb_sets.len() - 1);
            continue;
        }
        if let Some(name) = t.strip_prefix('&')
            && in_synset_part
        {
            let name = name.trim();
            if name.is_empty() || name.contains(char::is_whitespace) {
                sink.error(path, n, 1, "synset line must be &NAME");
                continue;
            }
            let id = dict.synsets.declare(name);
            if name.ends_with('_') {
                closed_labels.insert(id);
            }
            synset = Some(id);
            continue;
        }
        if let Some(member) = t.strip_prefix('+')
            && let Some(id) = synset
            && in_synset_part
        {
            let label_closed = closed_labels.contains(&id);
            match synset_member(member, dialect, dict, label_closed, path, n, sink) {
                Some(m) => dict.synsets.synsets[id as usize].members.extend(m),
                None => continue,
            }
            continue;
        }
        synset = None;
        if t.starts_with('~') {
            if dialect == VerbDialect::Petrarch2 {
                match parse_transformation(t, origin) {
                    Ok(tr) => dict.transformations.push(tr),
                    Err(msg) => sink.error(path, n, 1, msg),
                }
            } else {
                sink.error(
                    path,
                    n,
                    1,
                    "~ transformation lines belong to PETRARCH-2 verb files",
                );
            }
            continue;
        }
        if let Some(body) = t.strip_prefix('-') {
            let Some(set) = block else {
                sink.error(
                    path,
                    n,
                    1,
                    "pattern line before any --- VERB [CODE] --- block",
                );
                continue;
            };
            match parse_pattern_line(body, dialect, dict, path, n, sink) {
                Some((before, after, verb_adjacent_next, length, code)) => {
                    dict.verb_sets[set].patterns.push(Pattern {
                        before,
                        after,
                        verb_adjacent_next,
                        code,
                        length,
                        origin,
                        text: t.into(),
                    })
                }
                None => continue,
            }
            continue;
        }
        // a verb line
        let Some(set) = block else {
            sink.error(path, n, 1, "verb line before any --- VERB [CODE] --- block");
            continue;
        };
        for form in parse_verb_line(t, dialect, path, n, sink) {
            let (phrase, code) = form;
            dict.verb_forms.push(VerbForm {
                phrase,
                set: set as u32,
                code,
                origin,
            });
        }
    }
    for set in &mut dict.verb_sets[first_set..] {
        set.patterns.sort_by_key(|p| std::cmp::Reverse(p.length));
    }
}

/// `--- LABEL [CODE] ---`: the label is the first word after the dashes; the
/// code, when present, is in brackets (malformed spacing such as
/// `[120]---` is tolerated). No code means null.
fn parse_block_header(t: &str, origin: Origin) -> VerbSet {
    let inner = t.trim_matches('-').trim();
    let label = inner
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches('-')
        .to_string();
    let code = match (inner.find('['), inner.find(']')) {
        (Some(a), Some(b)) if b > a => {
            parse_event_code(&inner[a + 1..b]).unwrap_or(EventCode::Null)
        }
        _ => EventCode::Null,
    };
    VerbSet {
        label: label.into(),
        code,
        patterns: Vec::new(),
        origin,
    }
}

fn synset_member(
    member: &str,
    dialect: VerbDialect,
    dict: &Dictionaries,
    label_closed: bool,
    path: &Path,
    n: usize,
    sink: &mut Sink,
) -> Option<Vec<Vec<PatElem>>> {
    let closed = member.trim_end().ends_with('_') || label_closed;
    let mut elems: Vec<PatElem> = Vec::new();
    let raw_words: Vec<&str> = member
        .split(|c: char| c.is_whitespace() || c == '_')
        .filter(|w| !w.is_empty())
        .collect();
    for w in &raw_words {
        if let Some(name) = w.strip_prefix('&') {
            match dict.synsets.get(name) {
                Some(sid) => elems.push(PatElem::Synset {
                    id: sid,
                    adjacent: true,
                }),
                None => {
                    sink.error(
                        path,
                        n,
                        2,
                        format!("synset &{name} is not declared before use"),
                    );
                    return None;
                }
            }
            continue;
        }
        // Treebank contractions written apart: DID N'T
        if (w.eq_ignore_ascii_case("N'T") || w.eq_ignore_ascii_case("'S"))
            && let Some(PatElem::Word(last)) = elems.last_mut()
        {
            last.text = format!("{}{}", last.text, w.to_uppercase()).into();
            continue;
        }
        for piece in normalized_words(w) {
            elems.push(PatElem::Word(PWord {
                text: piece.into(),
                mode: WordMode::Exact,
                adjacent: true,
            }));
        }
    }
    if elems.is_empty() {
        sink.error(path, n, 2, "empty synset member");
        return None;
    }
    let one_word = elems.len() == 1;
    // PETRARCH-2: a multi-word member is a noun phrase whose words need not be adjacent
    let count = elems.len();
    for (i, e) in elems.iter_mut().enumerate() {
        if let PatElem::Word(w) = e {
            w.adjacent = i + 1 < count && dialect == VerbDialect::Petrarch1;
            let plural_ok = !closed && (dialect == VerbDialect::Petrarch1 || one_word);
            if i + 1 == count && plural_ok {
                w.mode = WordMode::Whole;
            }
        } else if let PatElem::Synset { adjacent, .. } = e {
            *adjacent = i + 1 < count && dialect == VerbDialect::Petrarch1;
        }
    }
    Some(vec![elems])
}

type ParsedLine = (Vec<PatElem>, Vec<PatElem>, bool, u32, EventCode);

fn parse_pattern_line(
    body: &str,
    dialect: VerbDialect,
    dict: &mut Dictionaries,
    path: &Path,
    n: usize,
    sink: &mut Sink,
) -> Option<ParsedLine> {
    let trimmed = body.trim_end();
    let Some(open) = trimmed.rfind('[') else {
        sink.warn(
            path,
            n,
            "pattern has no [CODE]; skipped (PETRARCH cannot code it either)",
        );
        return None;
    };
    let close = match trimmed[open..].find(']') {
        Some(c) => open + c,
        None => {
            sink.error(
                path,
                n,
                trimmed[..open].chars().count() + 2,
                "[ without a closing ]",
            );
            return None;
        }
    };
    if !trimmed[close + 1..].trim().is_empty() {
        sink.error(
            path,
            n,
            trimmed[..close].chars().count() + 3,
            "unexpected text after the pattern's [CODE]",
        );
        return None;
    }
    let code = match parse_event_code(&trimmed[open + 1..close]) {
        Ok(c) => c,
        Err(msg) => {
            sink.error(path, n, trimmed[..open].chars().count() + 3, msg);
            return None;
        }
    };
    let text = &trimmed[..open];
    match dialect {
        VerbDialect::Petrarch1 => {
            match parse_pattern(text, PatternDialect::Petrarch1, &dict.synsets, false) {
                Ok(p) => {
                    if p.before
                        .iter()
                        .chain(p.after.iter())
                        .any(PatElem::can_never_match)
                    {
                        sink.warn(
                            path,
                            n,
                            "pattern names an undeclared synset and can never match",
                        );
                    }
                    Some((p.before, p.after, p.verb_adjacent_next, p.length, code))
                }
                Err((_, msg)) if msg.contains("synset") => {
                    sink.error(path, n, 1, msg);
                    None
                }
                Err((col, msg)) => {
                    sink.warn(
                        path,
                        n,
                        format!("column {}: {msg}; pattern skipped", col + 1),
                    );
                    None
                }
            }
        }
        VerbDialect::Petrarch2 => match parse_p2_pattern(text, dict) {
            Ok((before, after, never)) => {
                if never {
                    sink.warn(path, n, "pattern uses $, +, % or an undeclared synset, which PETRARCH-2 treats as literal text: it can never match");
                }
                let length = pattern_length(&before) + pattern_length(&after);
                Some((before, after, false, length, code))
            }
            Err((col, msg)) => {
                sink.warn(
                    path,
                    n,
                    format!("column {}: {msg}; pattern skipped", col + 1),
                );
                None
            }
        },
    }
}

/// PETRARCH-2 pattern body: words, `&SYNSET`s, `{MOD HEAD}` and `(PREP NP)`
/// groups around one `*`. Groups are flattened into their words; words may
/// have other words between them. `$ + %` never match.
/// Elements before and after the verb, and whether some element can never match.
type P2Parts = (Vec<PatElem>, Vec<PatElem>, bool);

fn parse_p2_pattern(text: &str, dict: &Dictionaries) -> Result<P2Parts, (usize, String)> {
    let mut before = Vec::new();
    let mut after = Vec::new();
    let mut seen_verb = false;
    let mut never = false;
    let mut depth_paren = 0i32;
    let mut depth_brace = 0i32;
    let spaced: String = text
        .chars()
        .flat_map(|c| {
            if matches!(c, '(' | ')' | '{' | '}' | '*') {
                vec![' ', c, ' ']
            } else {
                vec![c]
            }
        })
        .collect();
    for tok in spaced.split_whitespace() {
        let column = text.find(tok).map_or(1, |b| text[..b].chars().count() + 1);
        let target = if seen_verb { &mut after } else { &mut before };
        match tok {
            "*" => {
                if seen_verb {
                    return Err((column, "pattern has more than one * (the verb)".into()));
                }
                seen_verb = true;
            }
            "(" => depth_paren += 1,
            ")" => depth_paren -= 1,
            "{" => depth_brace += 1,
            "}" => depth_brace -= 1,
            "^" => {}
            "$" | "+" | "%" => {
                target.push(PatElem::Never { adjacent: false });
                never = true;
            }
            _ if tok.starts_with('&') => match dict.synsets.get(tok) {
                Some(id) => target.push(PatElem::Synset {
                    id,
                    adjacent: false,
                }),
                None => {
                    target.push(PatElem::Never { adjacent: false });
                    never = true;
                }
            },
            _ => {
                let parts: Vec<&str> = tok.split('_').filter(|p| !p.is_empty()).collect();
                let count = parts.len();
                for (i, part) in parts.into_iter().enumerate() {
                    let words = normalized_words(part);
                    let wn = words.len();
                    for (j, w) in words.into_iter().enumerate() {
                        let last = i + 1 == count && j + 1 == wn;
                        target.push(PatElem::Word(PWord {
                            text: w.into(),
                            mode: WordMode::Whole,
                            adjacent: !last,
                        }));
                    }
                }
            }
        }
        if depth_paren < 0 || depth_brace < 0 {
            return Err((column, "closing bracket without an opening one".into()));
        }
    }
    if depth_paren != 0 || depth_brace != 0 {
        return Err((1, "unbalanced ( ) or { } in pattern".into()));
    }
    if !seen_verb {
        return Err((1, "pattern has no * marking the verb".into()));
    }
    Ok((before, after, never))
}

/// A verb line: the forms it stands for, each with its optional own code.
fn parse_verb_line(
    t: &str,
    dialect: VerbDialect,
    path: &Path,
    n: usize,
    sink: &mut Sink,
) -> Vec<(Phrase, Option<EventCode>)> {
    let mut out = Vec::new();
    // code override: the last [..] block
    let (body, code) = match t.rfind('[') {
        Some(open) if t[open..].contains(']') => {
            let close = open + t[open..].find(']').unwrap_or(0);
            match parse_event_code(&t[open + 1..close]) {
                Ok(c) => (&t[..open], Some(c)),
                Err(msg) => {
                    sink.error(path, n, t[..open].chars().count() + 2, msg);
                    return out;
                }
            }
        }
        Some(open) => {
            sink.error(
                path,
                n,
                t[..open].chars().count() + 1,
                "[ without a closing ]",
            );
            return out;
        }
        None => (t, None),
    };
    let (base_text, listed) = match (body.find('{'), body.rfind('}')) {
        (Some(a), Some(b)) if b > a => (
            format!("{} {}", &body[..a], &body[b + 1..]),
            Some(&body[a + 1..b]),
        ),
        (Some(a), _) => {
            sink.error(
                path,
                n,
                body[..a].chars().count() + 1,
                "{ without a closing }",
            );
            return out;
        }
        (None, Some(b)) => {
            sink.error(
                path,
                n,
                body[..b].chars().count() + 1,
                "} without an opening {",
            );
            return out;
        }
        _ => (body.to_string(), None),
    };
    let bases: Vec<&str> = base_text.split_whitespace().collect();
    if bases.is_empty() {
        sink.error(path, n, 1, "verb line has no verb");
        return out;
    }
    let generate = listed.is_none() && (dialect == VerbDialect::Petrarch1 || bases.len() == 1);
    for base in &bases {
        if let Some(p) = verb_phrase(base) {
            out.push((p, code.clone()));
        }
        if generate {
            for form in regular_forms(base) {
                if let Some(p) = verb_phrase(&form) {
                    out.push((p, code.clone()));
                }
            }
        }
    }
    if let Some(list) = listed {
        for f in list.split_whitespace() {
            if let Some(p) = verb_phrase(f) {
                out.push((p, code.clone()));
            }
        }
    }
    if out.is_empty() {
        sink.error(path, n, 1, "verb line has no usable verb form");
    }
    out
}

/// `CALL_+OFF` style form → a phrase of exact, adjacent words (the `+` only
/// marks which word inflects).
fn verb_phrase(form: &str) -> Option<Phrase> {
    let mut words = Vec::new();
    for part in form.split('_').filter(|p| !p.is_empty()) {
        for w in normalized_words(part.trim_start_matches('+')) {
            words.push(PWord {
                text: w.into(),
                mode: WordMode::Exact,
                adjacent: true,
            });
        }
    }
    if let Some(last) = words.last_mut() {
        last.adjacent = false;
    }
    if words.is_empty() {
        None
    } else {
        Some(Phrase { words })
    }
}

/// Regular forms of a (possibly multi-word) verb, inflecting the `+`-marked
/// word (the first word when none is marked): +S/+ES, +D/+ED, +ING.
fn regular_forms(base: &str) -> Vec<String> {
    let parts: Vec<&str> = base.split('_').collect();
    let marked = parts.iter().position(|p| p.starts_with('+')).unwrap_or(0);
    let word = parts[marked].trim_start_matches('+').to_ascii_uppercase();
    if word.is_empty()
        || !word
            .chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
    {
        return Vec::new();
    }
    let third = if word.ends_with(['S', 'X', 'Z']) || word.ends_with("CH") || word.ends_with("SH") {
        format!("{word}ES")
    } else {
        format!("{word}S")
    };
    let past = if word.ends_with('E') {
        format!("{word}D")
    } else {
        format!("{word}ED")
    };
    let ing = match word.strip_suffix('E') {
        Some(stem) if !stem.ends_with(['A', 'E', 'I', 'O', 'U']) => format!("{stem}ING"),
        _ => format!("{word}ING"),
    };
    [third, past, ing]
        .into_iter()
        .map(|f| {
            let mut p: Vec<String> = parts.iter().map(|s| s.to_string()).collect();
            p[marked] = f;
            p.join("_")
        })
        .collect()
}

/// `~ a (b . ATTACK) SAY = a b 112`
fn parse_transformation(t: &str, origin: Origin) -> Result<Transformation, String> {
    let body = t.trim_start_matches('~').trim();
    let (left, right) = body
        .split_once('=')
        .ok_or("transformation needs = between pattern and result")?;
    let open = left
        .find('(')
        .ok_or("transformation needs ( lower-source lower-target lower-verb )")?;
    let close = left.find(')').ok_or("transformation needs a closing )")?;
    if close < open {
        return Err("transformation has ) before (".into());
    }
    let upper_source = left[..open].trim();
    let inner: Vec<&str> = left[open + 1..close].split_whitespace().collect();
    let upper_verb = left[close + 1..].trim();
    let out: Vec<&str> = right.split_whitespace().collect();
    if upper_source.split_whitespace().count() != 1
        || inner.len() != 3
        || upper_verb.split_whitespace().count() != 1
        || out.len() != 3
    {
        return Err("transformation must read ~ SRC (SRC TGT VERB) VERB = SRC TGT CODE".into());
    }
    Ok(Transformation {
        upper_source: upper_source.into(),
        lower_source: inner[0].into(),
        lower_target: inner[1].into(),
        lower_verb: inner[2].into(),
        upper_verb: upper_verb.into(),
        out_source: out[0].into(),
        out_target: out[1].into(),
        out_code: out[2].into(),
        origin,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str, dialect: VerbDialect) -> (Dictionaries, Sink) {
        let mut d = Dictionaries::default();
        let mut s = Sink::default();
        load_verbs(text, Path::new("v.txt"), 0, dialect, &mut d, &mut s);
        (d, s)
    }

    #[test]
    fn petrarch1_blocks() {
        let t = "<!-- header -->\n&CURRENCY \n+DOLLARS\n+SWISS FRANCS\n\n--- BREAK [1717] ---\nBREAK { BROKE BROKEN  }\n+BREAK_DOWN {+BREAKS_DOWN +BROKE_DOWN }\nEXPRESS [0110]\nABANDON    # c\n- + KNOWN_ * IN_ $  [076]  #  pattern\n- * &CURRENCY [903]\n--- DEFEND  ###\nDEFEND\n";
        let (d, s) = load(t, VerbDialect::Petrarch1);
        assert!(s.errors.is_empty(), "{:?}", s.errors);
        assert_eq!(d.synsets.synsets[0].members.len(), 2);
        assert_eq!(d.verb_sets.len(), 2);
        assert_eq!(d.verb_sets[1].code, EventCode::Null);
        let forms: Vec<String> = d
            .verb_forms
            .iter()
            .map(|f| f.phrase.display().replace('=', ""))
            .collect();
        assert_eq!(
            forms,
            [
                "BREAK",
                "BROKE",
                "BROKEN",
                "BREAK_DOWN",
                "BREAKS_DOWN",
                "BROKE_DOWN",
                "EXPRESS",
                "EXPRESSES",
                "EXPRESSED",
                "EXPRESSING",
                "ABANDON",
                "ABANDONS",
                "ABANDONED",
                "ABANDONING",
                "DEFEND",
                "DEFENDS",
                "DEFENDED",
                "DEFENDING"
            ]
        );
        assert_eq!(
            d.verb_forms[6]
                .code
                .as_ref()
                .map(|c| c.display())
                .as_deref(),
            Some("0110")
        );
        assert_eq!(d.verb_sets[0].patterns.len(), 2);
    }

    #[test]
    fn petrarch2_blocks_and_transformations() {
        let t = "####### SYNONYM SETS #######\n&MILITARY\n+TROOPS\n+ARMY_\n####### VERB PATTERNS #######\n---  ACCELERATE   [---]  ---\nACCELERATE \nHURRY {HURRIES HURRYING HURRIED }\n- * {ARMS SHIPMENT}                                   [072]         # EXPEDITE\n- * POLICE (TO BORDER)                                [153]         # RUSH\n- &MILITARY *                                         [154]\n- * $ [010]\n---  OFFEND   [:110]  ---\nOFFEND\n######## TRANSFORMATIONS ##########\n~ a (b . ATTACK) SAY = a b 112\n~ broken\n";
        let (d, s) = load(t, VerbDialect::Petrarch2);
        assert_eq!(s.errors.len(), 1, "{:?}", s.errors);
        assert_eq!(s.errors[0].line, 17);
        assert_eq!(s.warnings.len(), 1);
        let (_, s) = load(
            "--- X [010] ---\nX\n- * NO CODE\n- NOVERB [010]\n- * ) [010]\n",
            VerbDialect::Petrarch2,
        );
        assert!(s.errors.is_empty());
        assert_eq!(s.warnings.len(), 3);
        assert_eq!(d.verb_sets.len(), 2);
        assert_eq!(d.verb_sets[0].patterns.len(), 4);
        assert_eq!(d.transformations.len(), 1);
        assert_eq!(detect_dialect(t), VerbDialect::Petrarch2);
        let forms: Vec<String> = d
            .verb_forms
            .iter()
            .map(|f| f.phrase.display().replace('=', ""))
            .collect();
        assert!(forms.contains(&"ACCELERATING".to_string()));
        assert!(forms.contains(&"HURRIED".to_string()));
        assert!(!forms.contains(&"HURRYS".to_string()));
    }

    #[test]
    fn regular_forms_inflect_marked_word() {
        assert_eq!(
            regular_forms("+CALL_OFF"),
            ["CALLS_OFF", "CALLED_OFF", "CALLING_OFF"]
        );
        assert_eq!(
            regular_forms("WIRE_+TAP"),
            ["WIRE_TAPS", "WIRE_TAPED", "WIRE_TAPING"]
        );
        assert_eq!(regular_forms("RACE"), ["RACES", "RACED", "RACING"]);
        assert_eq!(regular_forms("AGREE"), ["AGREES", "AGREED", "AGREEING"]);
        assert_eq!(regular_forms("PASS"), ["PASSES", "PASSED", "PASSING"]);
    }
}
