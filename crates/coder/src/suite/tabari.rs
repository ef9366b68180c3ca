//! TABARI validation records (formats.md §2.2, §2.8): a header line starting
//! with a digit (date, then record id), text lines up to a blank line, and a
//! `/* ... */` block whose `{ SRC / TGT / EVT }`, `{---}`, `{###}`, `{+++}` and
//! `{ OPTION: ... }` entries say what must be coded. Records are checked the
//! way TABARI checks them: in order, every coded event against the next block.

use super::{RecordResult, SuiteError, SuiteReport, show, triple};
use crate::Coder;
use crate::parse::{Forward, Problem};
use dyad_dict::options::apply_tabari_command;
use dyad_dict::{CoderOptions, LoadOptions};
use std::path::Path;
use std::sync::Arc;

/// TABARI's limit on words in a record (`MAX_LEX`).
const MAX_WORDS: usize = 127;

/// One record of a TABARI text file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TabariRecord {
    /// 1-based line of the header.
    pub line: usize,
    pub date_text: String,
    pub id: String,
    /// The text lines joined with single blanks, validation block included.
    pub raw: String,
}

impl TabariRecord {
    /// The text to code: the record with `/* ... */` removed.
    pub fn text(&self) -> String {
        strip_comments(&self.raw)
    }
}

/// Splits a TABARI text file into records. `four_digit_years` is read per
/// record through the callback, because validation records can switch it.
pub fn records(text: &str) -> Vec<TabariRecord> {
    let mut out = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim_end_matches('\r');
        if !line.starts_with(|c: char| c.is_ascii_digit()) {
            i += 1;
            continue;
        }
        let header_line = i + 1;
        let header = line.trim_end();
        let mut body = Vec::new();
        i += 1;
        while i < lines.len() && !lines[i].trim().is_empty() {
            body.push(lines[i].trim_end_matches('\r').trim());
            i += 1;
        }
        out.push(TabariRecord {
            line: header_line,
            date_text: header.to_string(),
            id: String::new(),
            raw: body.join(" "),
        });
    }
    out
}

/// Splits a header into (date digits, id) given the year width.
pub fn split_header(header: &str, four_digit_years: bool) -> (String, String) {
    let width = if four_digit_years { 8 } else { 6 };
    let date: String = header.chars().take(width).collect();
    let rest: String = header.chars().skip(width).collect();
    (date, rest.trim().to_string())
}

/// Parses a TABARI header date (`YYMMDD`, or `YYYYMMDD` under `SET: YYYY`).
pub fn parse_header_date(date: &str, four_digit_years: bool) -> Option<chrono::NaiveDate> {
    let width = if four_digit_years { 8 } else { 6 };
    if date.len() != width || !date.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (year, rest) = if four_digit_years {
        (date[..4].parse::<i32>().ok()?, &date[4..])
    } else {
        let yy: i32 = date[..2].parse().ok()?;
        (if yy <= 29 { 2000 + yy } else { 1900 + yy }, &date[2..])
    };
    if !(1850..=2030).contains(&year) {
        return None;
    }
    let month: u32 = rest[..2].parse().ok()?;
    let day: u32 = rest[2..].parse().ok()?;
    // TABARI checks month 1-12 and day 1-31 only; clamp to a real day
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    (1..=day)
        .rev()
        .find_map(|d| chrono::NaiveDate::from_ymd_opt(year, month, d))
}

fn strip_comments(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(p) = rest.find("/*") {
        out.push_str(&rest[..p]);
        match rest[p + 2..].find("*/") {
            Some(q) => rest = &rest[p + 2 + q + 2..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The part of the record from the first `{` after `/*`.
fn expectation(raw: &str) -> Option<&str> {
    let c = raw.find("/*")?;
    let b = raw[c + 2..].find('{')?;
    Some(&raw[c + 2 + b..])
}

/// Expected event triples in the blocks (for statistics; the pass/fail
/// decision follows TABARI's own check).
fn expected_triples(exp: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut rest = exp;
    while let Some(open) = rest.find('{') {
        let body = &rest[open + 1..];
        let close = body.find('}').unwrap_or(body.len());
        let inner = &body[..close];
        let parts: Vec<&str> = inner.split('/').map(str::trim).collect();
        if parts.len() >= 3 && !inner.contains("OPTION:") {
            out.push(triple(
                parts[0],
                parts[1],
                parts[2].split_whitespace().next().unwrap_or(""),
            ));
        }
        rest = &body[close.min(body.len())..];
    }
    out
}

/// Runs a TABARI project's validation: loads its dictionaries, codes every
/// record of its text files and checks each against its validation block.
pub fn run(project: &Path) -> Result<SuiteReport, SuiteError> {
    let text = std::fs::read(project).map_err(|source| SuiteError::Io {
        path: project.to_path_buf(),
        source,
    })?;
    let mut sink = dyad_dict::source::Sink::default();
    let text = dyad_dict::source::decode(project, text, &mut sink);
    let proj = dyad_dict::tabari::project::parse_project(&text, project)?;
    if proj.texts.is_empty() {
        return Err(SuiteError::Format {
            path: project.to_path_buf(),
            message: "the project names no <textfile> to validate".into(),
        });
    }
    let (dict, _) = dyad_dict::load(project, LoadOptions::default())?;
    let coder = Coder::new(Arc::new(dict));
    let mut opts = coder.dictionaries().options.clone();
    let mut report = SuiteReport::default();
    for tf in &proj.texts {
        let bytes = std::fs::read(tf).map_err(|source| SuiteError::Io {
            path: tf.clone(),
            source,
        })?;
        let text = dyad_dict::source::decode(tf, bytes, &mut sink);
        run_records(&coder, &mut opts, &records(&text), &mut report);
    }
    Ok(report)
}

/// Checks records in order, applying OPTION blocks as they come.
pub fn run_records(
    coder: &Coder,
    opts: &mut CoderOptions,
    records: &[TabariRecord],
    report: &mut SuiteReport,
) {
    let mut previous: Option<(String, Forward)> = None;
    for rec in records {
        let (date_text, id) = split_header(&rec.date_text, opts.four_digit_years);
        let date = parse_header_date(&date_text, opts.four_digit_years);
        let text = rec.text();
        let story = opts.forward.as_deref().and_then(|mask| story_of(&id, mask));
        let forward = match (&story, &previous) {
            (Some(s), Some((ps, f))) if s == ps => Some(f.clone()),
            _ => None,
        };
        let words = dyad_text::tokenize(&text).len();
        let coding = if date.is_none() {
            crate::coding::SentenceCoding {
                problem: Some(Problem::TooFewWords),
                ..Default::default()
            }
        } else if words > MAX_WORDS {
            crate::coding::SentenceCoding {
                problem: Some(Problem::TooManyWords),
                ..Default::default()
            }
        } else {
            coder.code_sentence(&text, date, opts, forward.as_ref())
        };
        if let Some(s) = story {
            previous = Some((
                s,
                Forward {
                    codes: coding.first_actor.clone(),
                },
            ));
        }
        let time_on = opts
            .time_shift
            .unwrap_or(!coder.dictionaries().times.is_empty());
        let coded: Vec<(String, String, String)> = coding
            .events
            .iter()
            .map(|e| triple(&e.source, &e.target, &e.code))
            .collect();
        let (passed, why) = check(&rec.raw, &coding, time_on, date, opts.four_digit_years);
        let exp = expectation(&rec.raw).unwrap_or("");
        let expected = expected_triples(exp);
        let got: Vec<String> = match &coding.problem {
            Some(p) => vec![problem_text(p)],
            None if coded.is_empty() => vec!["no events".into()],
            None => coded.iter().map(show).collect(),
        };
        let expected_show: Vec<String> = {
            let mut v: Vec<String> = expected.iter().map(show).collect();
            for marker in ["---", "###", "+++"] {
                if v.is_empty() && exp.contains(marker) {
                    v.push(marker.to_string());
                }
            }
            v
        };
        report.add(
            RecordResult {
                id: id.clone(),
                passed,
                expected: expected_show,
                got,
                why,
                text: text.trim().to_string(),
            },
            &expected,
            &coded,
        );
        // OPTION blocks take effect after the record
        if exp.contains("OPTION:") {
            let mut rest = exp;
            while let Some(p) = rest.find("OPTION:") {
                let after = &rest[p + 7..];
                let end = after.find('}').unwrap_or(after.len());
                let cmd = after[..end].trim().trim_end_matches("*/").trim();
                let _ = apply_tabari_command(opts, cmd);
                rest = &after[end..];
            }
        }
    }
}

/// The story number of a record id under a FORWARD mask (`^^*****NNN*SSS`:
/// `N` marks story digits, `S` sentence digits, `*` anything, `^` flags).
fn story_of(id: &str, mask: &str) -> Option<String> {
    let mask: Vec<char> = mask.trim_start_matches('^').chars().collect();
    let chars: Vec<char> = id.chars().collect();
    let mut story = String::new();
    for (k, m) in mask.iter().enumerate() {
        if *m == 'N' {
            story.push(*chars.get(k)?);
        }
    }
    (!story.is_empty()).then_some(story)
}

fn problem_text(p: &Problem) -> String {
    match p {
        Problem::TooFewWords => "input error: too few words".into(),
        Problem::TooManyWords => "complex: too many words".into(),
        Problem::Discard(w) | Problem::StoryDiscard(w) => format!("discard: {w}"),
        Problem::Complex(w) => format!("complex: {w}"),
    }
}

/// TABARI's check (formats.md §2.8; `process.cp:checkEvents`).
fn check(
    raw: &str,
    coding: &crate::coding::SentenceCoding,
    time_on: bool,
    date: Option<chrono::NaiveDate>,
    yyyy: bool,
) -> (bool, String) {
    let Some(exp) = expectation(raw) else {
        return (
            false,
            "no validation block (/* ... { } */) in the record".into(),
        );
    };
    if exp.contains("OPTION:") {
        return (true, String::new());
    }
    let before_first = raw.len() - exp.len();
    let dash_first = before_first > 0 && raw.as_bytes()[before_first - 1] == b'-';
    let problem = match &coding.problem {
        Some(p) => Some(p.clone()),
        None if coding.events.is_empty() => None,
        None => None,
    };
    if coding.events.is_empty() || problem.is_some() {
        if dash_first {
            return (true, String::new());
        }
        let ok = match &problem {
            None | Some(Problem::TooFewWords) => exp.contains("---"),
            Some(Problem::Discard(_)) | Some(Problem::StoryDiscard(_)) => exp.contains("###"),
            Some(Problem::Complex(_)) | Some(Problem::TooManyWords) => exp.contains("+++"),
        };
        let why = match &problem {
            None => "no events were coded".to_string(),
            Some(p) => problem_text(p),
        };
        return (ok, if ok { String::new() } else { why });
    }
    if time_on {
        let after = match exp.find('}') {
            Some(p) => &exp[p..],
            None => "",
        };
        let digits: String = after
            .chars()
            .skip_while(|c| !c.is_ascii_digit())
            .take_while(|c| c.is_ascii_digit())
            .take(14)
            .collect();
        if digits.is_empty() {
            return (
                false,
                "time shifting is on and the validation block has no date".into(),
            );
        }
        let first = &coding.events[0];
        let d = date.map(|d| d + chrono::Duration::days(first.date_shift as i64));
        let ds = d
            .map(|d| {
                if yyyy {
                    d.format("%Y%m%d").to_string()
                } else {
                    d.format("%y%m%d").to_string()
                }
            })
            .unwrap_or_default();
        let line = format!("{ds}\t{}\t{}\t{}", first.source, first.target, first.code);
        if !line.contains(&digits) {
            return (
                false,
                format!("time-shifted date {ds} does not match {digits}"),
            );
        }
    }
    let mut rest = exp;
    let mut pos_in_raw = before_first;
    for (k, e) in coding.events.iter().enumerate() {
        let Some(open) = rest.find('{') else {
            return (
                false,
                format!(
                    "coded {} events, but the record lists only {k}",
                    coding.events.len()
                ),
            );
        };
        let abs = pos_in_raw + open;
        if abs > 0 && raw.as_bytes()[abs - 1] == b'-' {
            return (true, String::new());
        }
        let body = &rest[open + 1..];
        let close = body.find('}').unwrap_or(body.len());
        let fields: Vec<&str> = body[..close].split('/').map(str::trim).collect();
        let want = [e.source.as_str(), e.target.as_str(), e.code.as_str()];
        let ok = fields.len() >= 3
            && fields[0] == want[0]
            && fields[1] == want[1]
            && fields[2].split_whitespace().next() == Some(want[2]);
        if !ok {
            return (
                false,
                format!(
                    "event {} is {}/{}/{}, expected {{{}}}",
                    k + 1,
                    want[0],
                    want[1],
                    want[2],
                    body[..close].trim()
                ),
            );
        }
        pos_in_raw += open + 1 + close;
        rest = &body[close..];
    }
    if rest.contains('{') {
        return (
            false,
            format!(
                "the record lists more events than the {} coded",
                coding.events.len()
            ),
        );
    }
    (true, String::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_records() {
        let t = "#####\n\n000101  START-00\nValidation suite\ntext /* {+++} */\n\n9501201  ACTORSYN-01\nGollum is about\n/* { HOB / GON / 064 } */\n";
        let r = records(t);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].line, 3);
        assert_eq!(
            split_header(&r[1].date_text, false),
            ("950120".to_string(), "1  ACTORSYN-01".to_string())
        );
        assert_eq!(r[1].text().trim(), "Gollum is about");
        assert_eq!(
            expected_triples(expectation(&r[1].raw).unwrap()),
            vec![triple("HOB", "GON", "064")]
        );
        assert!(parse_header_date("950120", false).is_some());
        assert!(parse_header_date("951320", false).is_none());
        assert!(parse_header_date("18601002", true).is_some());
        assert!(parse_header_date("18401002", true).is_none());
        assert_eq!(
            story_of("FRWD-001-002", "^^*****NNN*SSS").as_deref(),
            Some("001")
        );
    }
}
