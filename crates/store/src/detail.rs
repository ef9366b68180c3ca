//! The packed provenance of a stored event: the fields no query selects on
//! (texts, spans, rule, issues, root code, PLOVER type, sentence position)
//! in one blob, so that writing an event binds one value for them instead
//! of twenty, and reading one back decodes it without SQL.
//!
//! Format (version 1): a version byte, then LEB128 unsigned integers and
//! length-prefixed UTF-8 strings in a fixed order (see [`encode`]). Decoding
//! checks every length and string and reports a malformed blob as an error.

use dyad_model::{Event, RuleRef, Span};

const VERSION: u8 = 1;

/// The event's fields that the blob carries, packed.
pub(crate) fn encode(event: &Event, out: &mut Vec<u8>) {
    out.clear();
    out.push(VERSION);
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
    for text in [
        &event.source_text,
        &event.target_text,
        &event.verb_text,
        &event.sentence,
        &event.rule.file,
        &event.rule.text,
    ] {
        string(out, text);
    }
    unsigned(out, event.issues.len() as u64);
    for issue in &event.issues {
        string(out, issue);
    }
}

/// Fills the blob's fields of `event` from `blob`; the error says what is wrong.
pub(crate) fn decode(blob: &[u8], event: &mut Event) -> Result<(), String> {
    let mut reader = Reader { blob, at: 0 };
    let version = reader.byte()?;
    if version != VERSION {
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
    event.sentence = reader.string()?;
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

    #[test]
    fn round_trips_every_field() {
        let event = sample();
        let mut blob = Vec::new();
        encode(&event, &mut blob);
        let mut back = Event {
            sentence_index: 0,
            ..sample()
        };
        back.issues.clear();
        back.rule = RuleRef::default();
        back.source_span = None;
        decode(&blob, &mut back).unwrap();
        assert_eq!(back, event);
    }

    #[test]
    fn every_truncation_and_corruption_is_an_error_not_a_panic() {
        let mut blob = Vec::new();
        encode(&sample(), &mut blob);
        for len in 0..blob.len() {
            let mut event = sample();
            assert!(decode(&blob[..len], &mut event).is_err(), "prefix {len}");
        }
        for at in 0..blob.len() {
            for value in [0u8, 0x7f, 0x80, 0xff] {
                let mut bad = blob.clone();
                bad[at] = value;
                let mut event = sample();
                let _ = decode(&bad, &mut event);
            }
        }
        let mut longer = blob.clone();
        longer.push(0);
        assert!(
            decode(&longer, &mut sample())
                .unwrap_err()
                .contains("left over")
        );
    }
}
