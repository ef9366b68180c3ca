//! PETRARCH-1 unit-test records (formats.md §4.7): `<Environment>` names the
//! dictionaries; `<Sentences>` holds `<Sentence date id category sentence>`
//! records with `<EventCoding>` expectations and a `<Text>`, and `<Config>`
//! elements that change options for the records after them. dyad codes each
//! record's raw text (it never reads the `<Parse>`) and compares the coded
//! events with the expected ones as multisets, as PETRARCH's runner does.

use super::{RecordResult, SuiteError, SuiteReport, show, triple};
use crate::Coder;
use crate::parse::Problem;
use dyad_dict::options::apply_petrarch_option;
use dyad_dict::{CodeBy, CoderOptions, FileKind, LoadOptions};
use quick_xml::events::{BytesStart, Event};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What a record expects.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Expectation {
    pub events: Vec<(String, String, String)>,
    pub no_events: bool,
    /// `dateline`, `bad_input_parse`, `storydiscard`, `sentencediscard`.
    pub error: Option<String>,
}

/// One unit-test record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PetrarchRecord {
    pub id: String,
    pub date: Option<chrono::NaiveDate>,
    pub category: String,
    /// The record is flagged for evaluation (`sentence="true"` or `valid="true"`).
    pub evaluate: bool,
    pub text: String,
    pub expect: Expectation,
    /// `<Config>` settings that precede this record, in order.
    pub config_before: Vec<(String, String)>,
}

/// A parsed unit-test file.
#[derive(Debug, Clone, Default)]
pub struct PetrarchSuite {
    pub verbs: Option<PathBuf>,
    pub actors: Vec<PathBuf>,
    pub agents: Option<PathBuf>,
    pub discards: Option<PathBuf>,
    pub records: Vec<PetrarchRecord>,
}

/// Reads a unit-test XML file's text; `path` resolves dictionary names.
pub fn parse_suite(xml: &str, path: &Path) -> Result<PetrarchSuite, SuiteError> {
    let fmt = |pos: u64, message: String| SuiteError::Format {
        path: path.to_path_buf(),
        message: format!("{} (line {})", message, line_of(xml, pos as usize)),
    };
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().trim_text(false);
    let mut suite = PetrarchSuite::default();
    let mut stack: Vec<String> = Vec::new();
    let mut pending_config: Vec<(String, String)> = Vec::new();
    let mut current: Option<PetrarchRecord> = None;
    let mut text_buf = String::new();
    loop {
        let pos = reader.buffer_position();
        let ev = reader
            .read_event()
            .map_err(|e| fmt(pos, format!("malformed XML: {e}")))?;
        match ev {
            Event::Eof => break,
            Event::Start(e) => {
                open_element(&e, &stack, &mut current, &mut pending_config)
                    .map_err(|m| fmt(pos, m))?;
                stack.push(String::from_utf8_lossy(e.name().as_ref()).to_string());
                text_buf.clear();
            }
            Event::Empty(e) => {
                open_element(&e, &stack, &mut current, &mut pending_config)
                    .map_err(|m| fmt(pos, m))?;
            }
            Event::Text(t) => {
                let s = t.decode().map_err(|e| fmt(pos, format!("bad text: {e}")))?;
                text_buf.push_str(&unescape(&s));
            }
            Event::GeneralRef(r) => {
                let name = String::from_utf8_lossy(r.as_ref()).to_string();
                text_buf.push_str(match name.as_str() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                });
            }
            Event::CData(c) => text_buf.push_str(&String::from_utf8_lossy(&c)),
            Event::End(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).to_string();
                match name.as_str() {
                    "Text" => {
                        if let Some(rec) = current.as_mut() {
                            rec.text = text_buf.split_whitespace().collect::<Vec<_>>().join(" ");
                        }
                    }
                    "Verbfile" => suite.verbs = Some(sibling(path, text_buf.trim())),
                    "Actorfile" => suite.actors.extend(
                        text_buf
                            .split(',')
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(|s| sibling(path, s)),
                    ),
                    "Agentfile" => suite.agents = Some(sibling(path, text_buf.trim())),
                    "Discardfile" => suite.discards = Some(sibling(path, text_buf.trim())),
                    "Sentence" => {
                        if let Some(rec) = current.take() {
                            suite.records.push(rec);
                        }
                    }
                    _ => {}
                }
                text_buf.clear();
                stack.pop();
            }
            _ => {}
        }
    }
    if suite.verbs.is_none() || suite.actors.is_empty() {
        return Err(SuiteError::Format {
            path: path.to_path_buf(),
            message: "<Environment> must name a <Verbfile> and an <Actorfile>".into(),
        });
    }
    Ok(suite)
}

/// Handles an opening (or empty) element: a record, an expectation, or a
/// `<Config>` inside `<Sentences>`.
fn open_element(
    e: &BytesStart,
    stack: &[String],
    current: &mut Option<PetrarchRecord>,
    pending_config: &mut Vec<(String, String)>,
) -> Result<(), String> {
    let name = String::from_utf8_lossy(e.name().as_ref()).to_string();
    let attrs = attributes(e)?;
    let get = |k: &str| attrs.iter().find(|(a, _)| a == k).map(|(_, v)| v.clone());
    match name.as_str() {
        "Sentence" => {
            let evaluate = get("sentence")
                .or_else(|| get("valid"))
                .is_some_and(|v| v.eq_ignore_ascii_case("true"));
            *current = Some(PetrarchRecord {
                id: get("id").unwrap_or_default(),
                date: get("date").and_then(|d| dyad_model::parse_date(&d)),
                category: get("category").unwrap_or_default(),
                evaluate,
                text: String::new(),
                expect: Expectation::default(),
                config_before: std::mem::take(pending_config),
            });
        }
        "EventCoding" => {
            if let Some(rec) = current.as_mut() {
                if get("noevents").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
                    rec.expect.no_events = true;
                } else if let Some(err) = get("error") {
                    rec.expect.error = Some(err);
                } else {
                    match (get("sourcecode"), get("targetcode"), get("eventcode")) {
                        (Some(s), Some(t), Some(c)) => rec.expect.events.push(triple(&s, &t, &c)),
                        _ => return Err("<EventCoding> needs sourcecode, targetcode and eventcode (or noevents, or error)".into()),
                    }
                }
            }
        }
        "Config" if stack.iter().any(|s| s == "Sentences") => {
            if let (Some(o), Some(v)) = (get("option"), get("value")) {
                pending_config.push((o, v));
            }
        }
        _ => {}
    }
    Ok(())
}

fn attributes(e: &BytesStart) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|err| format!("malformed attribute: {err}"))?;
        let key = String::from_utf8_lossy(a.key.as_ref()).to_string();
        let value = unescape(&String::from_utf8_lossy(&a.value));
        out.push((key, value));
    }
    Ok(out)
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn line_of(text: &str, byte: usize) -> usize {
    text.as_bytes()[..byte.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn sibling(base: &Path, name: &str) -> PathBuf {
    dyad_dict::source::sibling(base, name)
}

/// PETRARCH-1's coding defaults: PETRARCH's parse style, comma clauses within
/// PETRARCH's limits are deleted, and both sides of an event must be known.
pub fn petrarch_options() -> CoderOptions {
    CoderOptions {
        code_by: CodeBy::Clause,
        comma: dyad_dict::options::CommaLimits::PETRARCH,
        style: dyad_dict::ParseStyle::Petrarch,
        ..CoderOptions::default()
    }
}

/// Runs a PETRARCH unit-test file.
pub fn run(path: &Path) -> Result<SuiteReport, SuiteError> {
    let bytes = std::fs::read(path).map_err(|source| SuiteError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let xml = String::from_utf8(bytes).map_err(|e| SuiteError::Format {
        path: path.to_path_buf(),
        message: format!("not UTF-8 (byte {})", e.utf8_error().valid_up_to()),
    })?;
    let suite = parse_suite(&xml, path)?;
    let mut files = Vec::new();
    let mut add = |p: &PathBuf, kind: FileKind| -> Result<(), SuiteError> {
        let b = std::fs::read(p).map_err(|source| SuiteError::Io {
            path: p.clone(),
            source,
        })?;
        files.push((p.clone(), kind, b));
        Ok(())
    };
    if let Some(v) = &suite.verbs {
        add(v, FileKind::PetrarchVerbs)?;
    }
    for a in &suite.actors {
        add(a, FileKind::PetrarchActors)?;
    }
    if let Some(a) = &suite.agents {
        add(a, FileKind::PetrarchAgents)?;
    }
    if let Some(d) = &suite.discards {
        add(d, FileKind::PetrarchDiscards)?;
    }
    let (dict, _) = dyad_dict::load_files(files, petrarch_options(), LoadOptions::default())?;
    let coder = Coder::new(Arc::new(dict));
    let mut opts = petrarch_options();
    let mut report = SuiteReport::default();
    for rec in &suite.records {
        for (k, v) in &rec.config_before {
            let _ = apply_petrarch_option(&mut opts, k, v);
        }
        if !rec.evaluate {
            continue;
        }
        let coding = coder.code_sentence(&rec.text, rec.date, &opts, None);
        let mut coded: Vec<(String, String, String)> = Vec::new();
        for e in &coding.events {
            let t = triple(&e.source, &e.target, &e.code);
            // PETRARCH drops a triple whose side is exactly "---" (an agent-only "---GOV" stays)
            if opts.require_dyad && (e.source == "---" || e.target == "---") {
                continue;
            }
            if !coded.contains(&t) {
                coded.push(t);
            }
        }
        let (passed, why) = judge(&rec.expect, &coding.problem, &coded);
        let expected_show: Vec<String> = if !rec.expect.events.is_empty() {
            rec.expect.events.iter().map(show).collect()
        } else if let Some(e) = &rec.expect.error {
            vec![format!("error={e}")]
        } else {
            vec!["no events".into()]
        };
        let got: Vec<String> = match &coding.problem {
            Some(Problem::Discard(w)) => vec![format!("sentence discard ({w})")],
            Some(Problem::StoryDiscard(w)) => vec![format!("story discard ({w})")],
            Some(p) => vec![format!("{p:?}")],
            None if coded.is_empty() => vec!["no events".into()],
            None => coded.iter().map(show).collect(),
        };
        report.add(
            RecordResult {
                id: rec.id.clone(),
                passed,
                expected: expected_show,
                got,
                why,
                text: rec.text.clone(),
            },
            &rec.expect.events,
            &coded,
        );
    }
    Ok(report)
}

/// PETRARCH's evaluation (P1V `evaluate_validation_record`).
fn judge(
    expect: &Expectation,
    problem: &Option<Problem>,
    coded: &[(String, String, String)],
) -> (bool, String) {
    let expected_discard = expect.error.as_deref().filter(|e| e.contains("discard"));
    match (problem, expected_discard) {
        (Some(Problem::StoryDiscard(_)), Some("storydiscard"))
        | (Some(Problem::Discard(_)), Some("sentencediscard")) => {
            return (true, String::new());
        }
        (Some(Problem::StoryDiscard(w)), _) => return (false, format!("story discard on {w}")),
        (Some(Problem::Discard(w)), _) => return (false, format!("sentence discard on {w}")),
        (_, Some(e)) => return (false, format!("expected a {e}, none found")),
        _ => {}
    }
    let expects_nothing = expect.no_events || expect.error.is_some();
    if expects_nothing {
        return if coded.is_empty() {
            (true, String::new())
        } else {
            (false, "events coded where none are expected".into())
        };
    }
    let mut remaining: Vec<&(String, String, String)> = coded.iter().collect();
    let mut missing = Vec::new();
    for e in &expect.events {
        match remaining.iter().position(|c| *c == e) {
            Some(p) => {
                remaining.remove(p);
            }
            None => missing.push(show(e)),
        }
    }
    if missing.is_empty() && remaining.is_empty() {
        return (true, String::new());
    }
    let mut why = Vec::new();
    if !missing.is_empty() {
        why.push(format!("missing {}", missing.join(", ")));
    }
    if !remaining.is_empty() {
        why.push(format!(
            "extra {}",
            remaining
                .iter()
                .map(|t| show(t))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    (false, why.join("; "))
}
