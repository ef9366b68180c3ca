//! Whole documents: sentence splitting, pronoun forwarding from one sentence
//! to the next, story discards, issue codes, and the document's date and
//! provenance attached to every event.

use crate::Coder;
use crate::coding::RawEvent;
use crate::parse::{Forward, Problem};
use dyad_model::{Document, Event, RuleRef, Span};

/// Sentences longer than this many characters are refused: news sentences
/// run to a few hundred characters, and text without sentence punctuation is
/// not something the coder can read.
pub const MAX_SENTENCE_CHARS: usize = 10_000;

/// Why a document could not be coded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    #[error("the text is empty")]
    EmptyText,
    #[error(
        "sentence {index} (byte {start} of the text) is {chars} characters long; the limit is {limit} (is the text missing sentence punctuation?)"
    )]
    SentenceTooLong {
        index: u32,
        start: usize,
        chars: usize,
        limit: usize,
    },
    #[error(
        "sentence {index}: a time phrase shifts the document date {date} by {days} days, outside the dates dyad can represent"
    )]
    DateOutOfRange {
        index: u32,
        date: dyad_model::Date,
        days: i32,
    },
}

/// What happened to one sentence of a document.
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceOutcome {
    pub index: u32,
    /// Byte range of the sentence in the document text.
    pub start: usize,
    pub end: usize,
    /// Events coded from this sentence (0 when a story discard dropped them).
    pub events: usize,
    /// Why the sentence yielded nothing, when the coder refused it.
    pub problem: Option<Problem>,
    /// Issue codes found in the sentence.
    pub issues: Vec<String>,
}

/// A coded document: its events in sentence order and one outcome per sentence.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CodedDocument {
    pub events: Vec<Event>,
    pub sentences: Vec<SentenceOutcome>,
    /// The phrase of a story-level discard, when one dropped the document's events.
    pub story_discard: Option<String>,
}

impl Coder {
    /// Codes every sentence of `doc` with the dictionaries' own options.
    ///
    /// Pronouns are resolved against the previous sentence's first actor;
    /// date-restricted actors resolve against the document date (the undated
    /// default when it has none); `<TIME>` phrases shift an event's date.
    pub fn code_document(&self, doc: &Document) -> Result<CodedDocument, DocumentError> {
        let text = doc.text.as_str();
        if text.trim().is_empty() {
            return Err(DocumentError::EmptyText);
        }
        let spans = dyad_text::split_sentences(text);
        for (index, &(start, end)) in spans.iter().enumerate() {
            if end - start <= MAX_SENTENCE_CHARS {
                continue; // no more characters than bytes
            }
            let chars = text[start..end].chars().count();
            if chars > MAX_SENTENCE_CHARS {
                return Err(DocumentError::SentenceTooLong {
                    index: index as u32,
                    start,
                    chars,
                    limit: MAX_SENTENCE_CHARS,
                });
            }
        }
        let opts = &self.dictionaries().options;
        let mut out = CodedDocument::default();
        let mut forward: Option<Forward> = None;
        for (index, &(start, end)) in spans.iter().enumerate() {
            let sentence = &text[start..end];
            let index = index as u32;
            let parse = crate::parse::Parse::new(
                sentence,
                self.dictionaries(),
                self.lexicon(),
                opts,
                doc.date,
                forward.as_ref(),
            );
            let coding = crate::coding::code(&parse, self.dictionaries(), self.lexicon(), opts);
            forward = Some(Forward {
                codes: coding.first_actor.clone(),
            });
            let issues = parse.issues(self.dictionaries(), self.lexicon()).codes;
            if let Some(Problem::StoryDiscard(what)) = &coding.problem {
                out.story_discard.get_or_insert_with(|| what.clone());
            }
            out.sentences.push(SentenceOutcome {
                index,
                start,
                end,
                events: coding.events.len(),
                problem: coding.problem.clone(),
                issues: issues.clone(),
            });
            for raw in &coding.events {
                out.events
                    .push(self.event(doc, index, sentence, start, raw, &issues)?);
            }
        }
        if out.story_discard.is_some() {
            out.events.clear();
            for s in &mut out.sentences {
                s.events = 0;
            }
        }
        Ok(out)
    }

    /// A raw event with the document's context and the rule's provenance.
    fn event(
        &self,
        doc: &Document,
        sentence_index: u32,
        sentence: &str,
        sentence_start: usize,
        raw: &RawEvent,
        issues: &[String],
    ) -> Result<Event, DocumentError> {
        let span = |s: Option<(usize, usize)>| s.map(|(a, b)| Span::new(a, b));
        let text_of = |s: Option<(usize, usize)>| {
            s.and_then(|(a, b)| sentence.get(a..b))
                .unwrap_or("")
                .to_string()
        };
        let file = self
            .dictionaries()
            .files
            .get(raw.rule.file as usize)
            .map(|f| f.path.display().to_string())
            .unwrap_or_default();
        let date = match doc.date {
            Some(d) => Some(
                d.checked_add_signed(chrono::TimeDelta::days(raw.date_shift.into()))
                    .ok_or(DocumentError::DateOutOfRange {
                        index: sentence_index,
                        date: d,
                        days: raw.date_shift,
                    })?,
            ),
            None => None,
        };
        let mut event = Event {
            doc_id: doc.id.clone(),
            sentence_index,
            date,
            source: raw.source.clone(),
            target: raw.target.clone(),
            code: raw.code.clone(),
            root_code: None,
            quad_class: None,
            goldstein: None,
            plover: None,
            source_text: text_of(raw.source_span),
            target_text: text_of(raw.target_span),
            verb_text: text_of(Some(raw.verb_span)),
            sentence: sentence.to_string(),
            source_span: span(raw.source_span),
            target_span: span(raw.target_span),
            verb_span: span(Some(raw.verb_span)),
            sentence_start,
            rule: RuleRef {
                file,
                line: raw.rule.line,
                text: raw.rule_text.clone(),
            },
            issues: issues.to_vec(),
        };
        event.fill_code_facts();
        Ok(event)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_dict::{FileKind, LoadOptions};
    use std::path::PathBuf;
    use std::sync::Arc;

    fn coder() -> Coder {
        let files = vec![
            (
                PathBuf::from("t.verbs"),
                FileKind::TabariVerbs,
                b"SEND [---]\n{ SENT }\n- * TROOPS TO + [072]\nCRITICIZE [111]\n".to_vec(),
            ),
            (
                PathBuf::from("t.actors"),
                FileKind::TabariActors,
                b"NORTH_KOREA [PRK]\nRUSSIA [RUS]\nJAPAN [JPN]\nPRESIDENT_SMITH [CAN <200101] [USA]\n"
                    .to_vec(),
            ),
        ];
        let (dict, _) =
            dyad_dict::load_files(files, Default::default(), LoadOptions::default()).unwrap();
        Coder::new(Arc::new(dict))
    }

    fn doc(text: &str, date: Option<&str>) -> Document {
        Document {
            id: "d1".into(),
            date: date.and_then(dyad_model::parse_date),
            source: None,
            url: None,
            text: text.into(),
            metadata: Default::default(),
        }
    }

    #[test]
    fn events_carry_document_context_and_provenance() {
        let d = doc(
            "North Korea sent troops to Russia on Monday. Japan criticized Russia.",
            Some("2024-11-04"),
        );
        let coded = coder().code_document(&d).unwrap();
        assert_eq!(coded.sentences.len(), 2);
        let e = &coded.events[0];
        assert_eq!(
            (e.source.as_str(), e.target.as_str(), e.code.as_str()),
            ("PRK", "RUS", "072")
        );
        assert_eq!(e.root_code.as_deref(), Some("07"));
        assert_eq!(e.source_text, "North Korea");
        assert_eq!(e.target_text, "Russia");
        assert_eq!(e.verb_text, "sent");
        assert_eq!(e.rule.file, "t.verbs");
        assert_eq!(e.rule.line, 3);
        assert_eq!(e.date, dyad_model::parse_date("2024-11-04"));
        let second = &coded.events[1];
        assert_eq!(second.sentence_index, 1);
        assert_eq!(
            &d.text[second.sentence_start..second.sentence_start + second.sentence.len()],
            "Japan criticized Russia."
        );
        assert_eq!(second.source_span.unwrap().slice(&second.sentence), "Japan");
    }

    #[test]
    fn dated_actor_codes_follow_the_document_date() {
        let c = coder();
        let before = c
            .code_document(&doc(
                "President Smith criticized Japan.",
                Some("2019-05-01"),
            ))
            .unwrap();
        let after = c
            .code_document(&doc(
                "President Smith criticized Japan.",
                Some("2021-05-01"),
            ))
            .unwrap();
        assert_eq!(before.events[0].source, "CAN");
        assert_eq!(after.events[0].source, "USA");
    }

    #[test]
    fn time_shifts_past_the_calendar_are_errors() {
        // found by fuzz/code_tabari: a document dated on chrono's last day
        // with "tomorrow" in it panicked in `NaiveDate + TimeDelta`
        let files = vec![
            (
                PathBuf::from("t.verbs"),
                FileKind::TabariVerbs,
                b"<TIME>\nTOMORROW [+1]\n</TIME>\nCRITICIZE [111]\n".to_vec(),
            ),
            (
                PathBuf::from("t.actors"),
                FileKind::TabariActors,
                b"RUSSIA [RUS]\nJAPAN [JPN]\n".to_vec(),
            ),
        ];
        let (dict, _) =
            dyad_dict::load_files(files, Default::default(), LoadOptions::default()).unwrap();
        let c = Coder::new(Arc::new(dict));
        let mut d = doc("Japan criticized Russia tomorrow.", None);
        d.date = Some(chrono::NaiveDate::MAX);
        assert_eq!(
            c.code_document(&d),
            Err(DocumentError::DateOutOfRange {
                index: 0,
                date: chrono::NaiveDate::MAX,
                days: 1
            })
        );
        d.date = Some(chrono::NaiveDate::MAX - chrono::TimeDelta::days(1));
        let coded = c.code_document(&d).unwrap();
        assert_eq!(coded.events[0].date, Some(chrono::NaiveDate::MAX));
    }

    #[test]
    fn empty_and_huge_texts_are_errors() {
        let c = coder();
        assert_eq!(
            c.code_document(&doc(" \n", None)),
            Err(DocumentError::EmptyText)
        );
        let huge = "word ".repeat(30_000);
        match c.code_document(&doc(&huge, None)) {
            Err(DocumentError::SentenceTooLong { index: 0, .. }) => {}
            other => panic!("expected a too-long error, got {other:?}"),
        }
    }
}
