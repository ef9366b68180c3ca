//! Helpers shared by the coding targets: turning fuzz bytes into a document,
//! and the invariants every coded document must satisfy.

#![allow(dead_code)]

use dyad_coder::CodedDocument;
use dyad_model::{Date, Document, Span};

pub mod dicts;

/// A document from fuzz bytes. The date comes from a header:
/// - a first line that reads as a date (`2003-05-01`, `20030501`) dates the
///   document, and the rest is its text (readable seeds);
/// - a first byte 0xFF followed by four bytes gives any day chrono can hold
///   (days from 1 Jan of year 1, little-endian), to reach extreme dates;
/// - otherwise the document is undated and all of the input is text.
pub fn document(bytes: &[u8]) -> Document {
    let (date, rest) = header(bytes);
    Document {
        id: "fuzz".into(),
        date,
        text: String::from_utf8_lossy(rest).into_owned(),
        ..Document::default()
    }
}

fn header(bytes: &[u8]) -> (Option<Date>, &[u8]) {
    if bytes.first() == Some(&0xFF) && bytes.len() >= 5 {
        let days = i32::from_le_bytes([bytes[1], bytes[2], bytes[3], bytes[4]]);
        return (Date::from_num_days_from_ce_opt(days), &bytes[5..]);
    }
    if let Some(nl) = bytes.iter().take(40).position(|&b| b == b'\n')
        && let Ok(first) = std::str::from_utf8(&bytes[..nl])
        && let Some(d) = dyad_model::parse_date(first)
    {
        return (Some(d), &bytes[nl + 1..]);
    }
    (None, bytes)
}

/// Checks a coded document against its text: sentences are in order, inside
/// the text and on char boundaries; every event's sentence is the text at its
/// offset, its spans lie inside the sentence on char boundaries, and its
/// quoted words are the text under those spans.
pub fn check_coded(doc: &Document, coded: &CodedDocument) {
    let text = doc.text.as_str();
    let mut last_end = 0;
    for (k, s) in coded.sentences.iter().enumerate() {
        assert_eq!(
            s.index as usize, k,
            "sentence outcomes are numbered in order"
        );
        assert!(
            last_end <= s.start && s.start <= s.end && s.end <= text.len(),
            "sentence {k} span {}..{} out of order or out of the text ({} bytes)",
            s.start,
            s.end,
            text.len()
        );
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        last_end = s.end;
    }
    let total: usize = coded.sentences.iter().map(|s| s.events).sum();
    assert_eq!(
        total,
        coded.events.len(),
        "per-sentence event counts add up"
    );
    for e in &coded.events {
        let sentence = e.sentence.as_str();
        assert_eq!(
            text.get(e.sentence_start..e.sentence_start + sentence.len()),
            Some(sentence),
            "an event's sentence is the text at its offset"
        );
        let outcome = coded
            .sentences
            .get(e.sentence_index as usize)
            .expect("an event's sentence index names a sentence");
        assert_eq!(
            (outcome.start, outcome.end),
            (e.sentence_start, e.sentence_start + sentence.len())
        );
        for (what, span, words) in [
            ("source", e.source_span, &e.source_text),
            ("target", e.target_span, &e.target_text),
            ("verb", e.verb_span, &e.verb_text),
        ] {
            match span {
                Some(sp) => {
                    check_span(what, sp, sentence);
                    assert_eq!(words, &sentence[sp.start..sp.end], "{what} text");
                }
                None => assert!(words.is_empty(), "{what} text without a span"),
            }
        }
        assert!(e.verb_span.is_some(), "every event names its verb");
    }
}

fn check_span(what: &str, sp: Span, sentence: &str) {
    assert!(
        sp.start <= sp.end && sp.end <= sentence.len(),
        "{what} span {}..{} outside the sentence ({} bytes): {sentence:?}",
        sp.start,
        sp.end,
        sentence.len()
    );
    assert!(
        sentence.is_char_boundary(sp.start) && sentence.is_char_boundary(sp.end),
        "{what} span {}..{} not on char boundaries: {sentence:?}",
        sp.start,
        sp.end
    );
}
