//! The packed provenance of a stored event: the fields no query selects on
//! (texts, spans, rule, issues, root code, PLOVER type, sentence position)
//! in one blob, so that writing an event binds one value for them instead
//! of twenty, and reading one back decodes it without SQL.
//!
//! Format: a version byte, then LEB128 unsigned integers and
//! length-prefixed UTF-8 strings in a fixed order (see [`encode`]). Version 1
//! carries the sentence's text; version 2, written when the sentence is the
//! document's text from `sentence_start` on (as the coder makes it), carries
//! only its length, and decoding takes the words from the document text
//! again (the sentence was half of the blob, the same bytes the document row
//! already holds). Decoding checks every length and string and reports a
//! malformed blob, or a sentence reference outside its document's text, as
//! an error.

use dyad_model::{Event, RuleRef, Span};

/// The sentence's text is in the blob.
const VERSION_INLINE: u8 = 1;
/// The sentence is the document's text at `sentence_start`; the blob has its length.
const VERSION_REFERENCE: u8 = 2;

/// The event's fields that the blob carries, packed. With the text of the
/// event's document, a sentence that is that text from `sentence_start` on is
/// stored as its length only.
pub(crate) fn encode(event: &Event, document_text: Option<&str>, out: &mut Vec<u8>) {
    let start = event.sentence_start;
    let in_document = document_text.is_some_and(|text| {
        start
            .checked_add(event.sentence.len())
            .and_then(|end| text.get(start..end))
            == Some(event.sentence.as_str())
    });
    out.clear();
    out.push(if in_document {
        VERSION_REFERENCE
    } else {
        VERSION_INLINE
    });
    unsigned(out, u64::from(event.sentence_index));
    unsigned(out, event.sentence_start as u64);
    unsigned(out, u64::from(event.rule.line));
    let spans = [event.source_span, event.target_span, event.verb_span];
    let mut present = 0u8;
    for (bit, span) in spans.iter().enumerate() {
        if span.is_some() {
            present |= 1 << bit;
        }
    }
    out.push(present);
    for span in spans.iter().flatten() {
        unsigned(out, span.start as u64);
        unsigned(out, span.end as u64);
    }
    optional(out, event.root_code.as_deref());
    optional(out, event.plover.as_deref());
    for text in [&event.source_text, &event.target_text, &event.verb_text] {
        string(out, text);
    }
    if in_document {
        unsigned(out, event.sentence.len() as u64);
    } else {
        string(out, &event.sentence);
    }
    for text in [&event.rule.file, &event.rule.text] {
        string(out, text);
    }
    unsigned(out, event.issues.len() as u64);
    for issue in &event.issues {
        string(out, issue);
    }
}

/// Fills the blob's fields of `event` from `blob`, taking a referred
/// sentence from `document_text` (the text of the event's document); the
/// error says what is wrong.
pub(crate) fn decode(blob: &[u8], document_text: &str, event: &mut Event) -> Result<(), String> {
    let mut reader = Reader { blob, at: 0 };
    let version = reader.byte()?;
    if version != VERSION_INLINE && version != VERSION_REFERENCE {
        return Err(format!("unknown detail format {version}"));
    }
    event.sentence_index = reader.number("sentence index")?;
    event.sentence_start = reader.number("sentence start")?;
    let line = reader.number("rule line")?;
    let present = reader.byte()?;
    let mut spans = [None; 3];
    for (bit, span) in spans.iter_mut().enumerate() {
        if present & (1 << bit) != 0 {
            *span = Some(Span::new(
                reader.number("span start")?,
                reader.number("span end")?,
            ));
        }
    }
    [event.source_span, event.target_span, event.verb_span] = spans;
    event.root_code = reader.optional()?;
    event.plover = reader.optional()?;
    event.source_text = reader.string()?;
    event.target_text = reader.string()?;
    event.verb_text = reader.string()?;
    event.sentence = if version == VERSION_REFERENCE {
        let len: usize = reader.number("sentence length")?;
        let start = event.sentence_start;
        start
            .checked_add(len)
            .and_then(|end| document_text.get(start..end))
            .ok_or_else(|| {
                format!(
                    "the sentence at {start}, {len} bytes long, is not in the document's text \
                     ({} bytes)",
                    document_text.len()
                )
            })?
            .to_string()
    } else {
        reader.string()?
    };
    event.rule = RuleRef {
        file: reader.string()?,
        line,
        text: reader.string()?,
    };
    let issues: usize = reader.number("issue count")?;
    event.issues = Vec::new();
    for _ in 0..issues {
        event.issues.push(reader.string()?);
    }
    if reader.at != blob.len() {
        return Err(format!("{} bytes left over", blob.len() - reader.at));
    }
    Ok(())
}

fn unsigned(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn string(out: &mut Vec<u8>, text: &str) {
    unsigned(out, text.len() as u64);
    out.extend_from_slice(text.as_bytes());
}

fn optional(out: &mut Vec<u8>, text: Option<&str>) {
    match text {
        Some(text) => {
            out.push(1);
            string(out, text);
        }
        None => out.push(0),
    }
}

struct Reader<'b> {
    blob: &'b [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, String> {
        let byte = *self
            .blob
            .get(self.at)
            .ok_or_else(|| format!("ends early at byte {}", self.at))?;
        self.at += 1;
        Ok(byte)
    }

    fn unsigned(&mut self) -> Result<u64, String> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            n |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(format!("number too long at byte {}", self.at))
    }

    fn number<T: TryFrom<u64>>(&mut self, what: &str) -> Result<T, String> {
        let n = self.unsigned()?;
        T::try_from(n).map_err(|_| format!("{what} {n} is out of range"))
    }

    fn string(&mut self) -> Result<String, String> {
        let len: usize = self.number("string length")?;
        let end = self
            .at
            .checked_add(len)
            .filter(|end| *end <= self.blob.len())
            .ok_or_else(|| format!("string of {len} bytes runs past the end"))?;
        let text = std::str::from_utf8(&self.blob[self.at..end])
            .map_err(|e| format!("string at byte {}: {e}", self.at))?;
        self.at = end;
        Ok(text.to_string())
    }

    fn optional(&mut self) -> Result<Option<String>, String> {
        match self.byte()? {
            0 => Ok(None),
            1 => self.string().map(Some),
            other => Err(format!("bad optional marker {other}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Event {
        Event {
            doc_id: String::new(),
            sentence_index: 7,
            date: None,
            source: String::new(),
            target: String::new(),
            code: String::new(),
            root_code: Some("04".into()),
            quad_class: None,
            goldstein: None,
            plover: None,
            source_text: "North Korea".into(),
            target_text: "Russia".into(),
            verb_text: "met with".into(),
            sentence: "North Korea met with Russia — «officially».".into(),
            source_span: Some(Span::new(0, 11)),
            target_span: None,
            verb_span: Some(Span::new(300, 100_000)),
            sentence_start: 12_345_678,
            rule: RuleRef {
                file: "verbs.txt".into(),
                line: 42,
                text: "MEET [040]".into(),
            },
            issues: vec!["A".into(), String::new()],
        }
    }

    /// A document whose text holds `sample()`'s sentence at its `sentence_start`.
    fn document_text() -> String {
        let event = sample();
        let mut text = "x".repeat(event.sentence_start);
        text.push_str(&event.sentence);
        text.push_str(" And more.");
        text
    }

    fn blank() -> Event {
        Event {
            sentence_index: 0,
            sentence: String::new(),
            issues: Vec::new(),
            rule: RuleRef::default(),
            source_span: None,
            ..sample()
        }
    }

    #[test]
    fn round_trips_every_field() {
        let event = sample();
        let mut blob = Vec::new();
        encode(&event, None, &mut blob);
        assert_eq!(blob[0], VERSION_INLINE);
        let mut back = blank();
        decode(&blob, "", &mut back).unwrap();
        assert_eq!(back, event);
    }

    #[test]
    fn a_sentence_in_its_document_is_stored_as_a_reference() {
        let event = sample();
        let text = document_text();
        let mut inline = Vec::new();
        encode(&event, None, &mut inline);
        let mut blob = Vec::new();
        encode(&event, Some(&text), &mut blob);
        assert_eq!(blob[0], VERSION_REFERENCE);
        assert!(blob.len() + event.sentence.len() - 1 <= inline.len());
        let mut back = blank();
        decode(&blob, &text, &mut back).unwrap();
        assert_eq!(back, event);
        // A document without those words at that place keeps them in the blob.
        for other in ["", "short", &text.replace("officially", "OFFICIALLY")] {
            encode(&event, Some(other), &mut blob);
            assert_eq!(blob[0], VERSION_INLINE, "{other:?}");
            let mut back = blank();
            decode(&blob, "", &mut back).unwrap();
            assert_eq!(back, event);
        }
        // Off a character boundary: inline too, no panic.
        let mut moved = event.clone();
        moved.sentence_start = text.find('«').unwrap() + 1;
        encode(&moved, Some(&text), &mut blob);
        assert_eq!(blob[0], VERSION_INLINE);
    }

    #[test]
    fn a_reference_outside_the_document_text_is_an_error() {
        let text = document_text();
        let mut blob = Vec::new();
        encode(&sample(), Some(&text), &mut blob);
        let cut = sample().sentence_start + 5;
        for other in ["", &text[..cut]] {
            let err = decode(&blob, other, &mut blank()).unwrap_err();
            assert!(err.contains("not in the document"), "{err}");
        }
        // Ending inside a multi-byte character of the document read with it.
        let mut event = sample();
        event.sentence_start = 0;
        event.sentence = "ab".to_string();
        encode(&event, Some("ab cd"), &mut blob);
        assert_eq!(blob[0], VERSION_REFERENCE);
        let err = decode(&blob, "a« cd", &mut blank()).unwrap_err();
        assert!(err.contains("not in the document"), "{err}");
    }

    #[test]
    fn every_truncation_and_corruption_is_an_error_not_a_panic() {
        let text = document_text();
        for document in [None, Some(text.as_str())] {
            let mut blob = Vec::new();
            encode(&sample(), document, &mut blob);
            for len in 0..blob.len() {
                let mut event = sample();
                assert!(
                    decode(&blob[..len], &text, &mut event).is_err(),
                    "prefix {len}"
                );
            }
            for at in 0..blob.len() {
                for value in [0u8, 1, 2, 0x7f, 0x80, 0xff] {
                    let mut bad = blob.clone();
                    bad[at] = value;
                    let mut event = sample();
                    let _ = decode(&bad, &text, &mut event);
                    let _ = decode(&bad, "", &mut event);
                }
            }
            let mut longer = blob.clone();
            longer.push(0);
            assert!(
                decode(&longer, &text, &mut sample())
                    .unwrap_err()
                    .contains("left over")
            );
        }
    }
}
