//! Where events' words are in a text: byte ranges ("marks") for each event's
//! sentence, source, target and verb, and the text cut into flat segments at
//! every mark boundary, each knowing which roles and events cover it. Pages
//! render each segment as one escaped `<span>`, so overlapping events never
//! produce overlapping tags.
//!
//! Event spans are byte offsets into the event's sentence, and the sentence
//! starts at `sentence_start` in the document. When the document text at that
//! offset is not the sentence (the document was re-ingested with other text),
//! the sentence's first occurrence is used; when it does not occur at all, the
//! event gets no marks. Spans that are empty, reversed, past the sentence's
//! end or not on character boundaries are left out.

use dyad_model::{Event, Span};

/// What a mark covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Sentence,
    Source,
    Target,
    Verb,
}

impl Role {
    /// The CSS class of the role.
    pub fn class(self) -> &'static str {
        match self {
            Role::Sentence => "sent",
            Role::Source => "src",
            Role::Target => "tgt",
            Role::Verb => "verb",
        }
    }
}

/// A byte range of the text covered by one role of one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    pub role: Role,
    /// The event's index in the caller's list.
    pub event: usize,
}

/// A piece of the text between two mark boundaries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment<'t> {
    pub text: &'t str,
    /// The roles covering the piece, each once, in [`Role`] order.
    pub roles: Vec<Role>,
    /// Events whose source, target or verb cover the piece; when none do, the
    /// events whose sentence covers it. Ascending, each once.
    pub events: Vec<usize>,
}

/// Where `event`'s sentence starts in `text`, if it is there.
pub fn sentence_offset(text: &str, event: &Event) -> Option<usize> {
    let sentence = event.sentence.as_str();
    if sentence.is_empty() {
        return None;
    }
    let start = event.sentence_start;
    let end = start.checked_add(sentence.len())?;
    if text.get(start..end) == Some(sentence) {
        return Some(start);
    }
    text.find(sentence)
}

/// The marks of `event` (number `index`) whose sentence starts at byte `base`
/// of the text.
pub fn event_marks(event: &Event, base: usize, index: usize) -> Vec<Mark> {
    let sentence = event.sentence.as_str();
    let mut marks = vec![Mark {
        start: base,
        end: base + sentence.len(),
        role: Role::Sentence,
        event: index,
    }];
    let spans = [
        (event.source_span, Role::Source),
        (event.target_span, Role::Target),
        (event.verb_span, Role::Verb),
    ];
    for (span, role) in spans {
        if let Some(Span { start, end }) = span
            && start < end
            && end <= sentence.len()
            && sentence.is_char_boundary(start)
            && sentence.is_char_boundary(end)
        {
            marks.push(Mark {
                start: base + start,
                end: base + end,
                role,
                event: index,
            });
        }
    }
    marks
}

/// The marks of every event located in the document `text`.
pub fn document_marks(text: &str, events: &[&Event]) -> Vec<Mark> {
    events
        .iter()
        .enumerate()
        .filter_map(|(index, event)| {
            sentence_offset(text, event).map(|base| event_marks(event, base, index))
        })
        .flatten()
        .collect()
}

/// Cuts `text` at every boundary of `marks` (those that fall inside the text
/// on character boundaries) into segments that cover the whole text in order.
pub fn segments<'t>(text: &'t str, marks: &[Mark]) -> Vec<Segment<'t>> {
    let usable: Vec<&Mark> = marks
        .iter()
        .filter(|m| {
            m.start < m.end
                && m.end <= text.len()
                && text.is_char_boundary(m.start)
                && text.is_char_boundary(m.end)
        })
        .collect();
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for mark in &usable {
        cuts.push(mark.start);
        cuts.push(mark.end);
    }
    cuts.sort_unstable();
    cuts.dedup();

    // Sweep: marks sorted by start enter the active set, and leave it once
    // the segment start reaches their end.
    let mut by_start = usable.clone();
    by_start.sort_by_key(|m| m.start);
    let mut next = 0;
    let mut active: Vec<&Mark> = Vec::new();
    let mut pieces = Vec::new();
    for window in cuts.windows(2) {
        let (from, to) = (window[0], window[1]);
        if from >= to {
            continue;
        }
        active.retain(|m| m.end > from);
        while let Some(mark) = by_start.get(next).filter(|m| m.start <= from) {
            if mark.end > from {
                active.push(mark);
            }
            next += 1;
        }
        let mut roles: Vec<Role> = active.iter().map(|m| m.role).collect();
        roles.sort_unstable();
        roles.dedup();
        let mut word_events: Vec<usize> = active
            .iter()
            .filter(|m| m.role != Role::Sentence)
            .map(|m| m.event)
            .collect();
        if word_events.is_empty() {
            word_events = active.iter().map(|m| m.event).collect();
        }
        word_events.sort_unstable();
        word_events.dedup();
        pieces.push(Segment {
            text: &text[from..to],
            roles,
            events: word_events,
        });
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_model::RuleRef;

    fn event(sentence: &str, start: usize, spans: [Option<(usize, usize)>; 3]) -> Event {
        let span = |s: Option<(usize, usize)>| s.map(|(a, b)| Span::new(a, b));
        Event {
            doc_id: "d".to_string(),
            sentence_index: 0,
            date: None,
            source: "PRK".to_string(),
            target: "RUS".to_string(),
            code: "042".to_string(),
            root_code: None,
            quad_class: None,
            goldstein: None,
            plover: None,
            source_text: String::new(),
            target_text: String::new(),
            verb_text: String::new(),
            sentence: sentence.to_string(),
            source_span: span(spans[0]),
            target_span: span(spans[1]),
            verb_span: span(spans[2]),
            sentence_start: start,
            rule: RuleRef::default(),
            issues: Vec::new(),
        }
    }

    fn rebuilt(pieces: &[Segment<'_>]) -> String {
        pieces.iter().map(|p| p.text).collect()
    }

    #[test]
    fn spans_split_the_text_and_cover_it_whole() {
        let text = "Intro. North Korea visited Russia. End.";
        let e = event(
            "North Korea visited Russia.",
            7,
            [Some((0, 11)), Some((20, 26)), Some((12, 19))],
        );
        let marks = document_marks(text, &[&e]);
        let pieces = segments(text, &marks);
        assert_eq!(rebuilt(&pieces), text);
        let find = |t: &str| pieces.iter().find(|p| p.text == t).unwrap();
        assert_eq!(find("North Korea").roles, [Role::Sentence, Role::Source]);
        assert_eq!(find("visited").roles, [Role::Sentence, Role::Verb]);
        assert_eq!(find("Russia").roles, [Role::Sentence, Role::Target]);
        assert_eq!(find(" ").roles, [Role::Sentence]);
        assert!(find("Intro. ").roles.is_empty());
        assert_eq!(find("North Korea").events, [0]);
    }

    #[test]
    fn overlapping_events_share_segments() {
        let text = "Russia and China met Iran.";
        let first = event(text, 0, [Some((0, 6)), Some((21, 25)), Some((17, 20))]);
        let second = event(text, 0, [Some((11, 16)), Some((21, 25)), Some((17, 20))]);
        let pieces = segments(text, &document_marks(text, &[&first, &second]));
        assert_eq!(rebuilt(&pieces), text);
        let iran = pieces.iter().find(|p| p.text == "Iran").unwrap();
        assert_eq!(iran.events, [0, 1]);
        let russia = pieces.iter().find(|p| p.text == "Russia").unwrap();
        assert_eq!(russia.events, [0]);
        let and = pieces.iter().find(|p| p.text == " and ").unwrap();
        assert_eq!(and.events, [0, 1], "sentence-only pieces name both events");
    }

    #[test]
    fn a_moved_sentence_is_found_and_a_missing_one_is_skipped() {
        let text = "Lead. Kyiv protested.";
        let moved = event("Kyiv protested.", 0, [Some((0, 4)), None, Some((5, 14))]);
        assert_eq!(sentence_offset(text, &moved), Some(6));
        let missing = event("Never written.", 0, [Some((0, 5)), None, None]);
        assert_eq!(sentence_offset(text, &missing), None);
        let pieces = segments(text, &document_marks(text, &[&moved, &missing]));
        assert_eq!(rebuilt(&pieces), text);
        assert!(
            pieces
                .iter()
                .any(|p| p.text == "Kyiv" && p.roles.contains(&Role::Source))
        );
        // Offsets past the end do not panic.
        let far = event("x", usize::MAX, [None, None, None]);
        assert_eq!(sentence_offset(text, &far), None);
    }

    #[test]
    fn bad_spans_are_dropped_and_multibyte_text_is_safe() {
        let text = "Zürich hosted talks.";
        // "ü" is two bytes: 2..3 falls inside it.
        let e = event(text, 0, [Some((0, 7)), Some((2, 3)), Some((15, 99))]);
        let marks = document_marks(text, &[&e]);
        assert_eq!(marks.len(), 2, "{marks:?}");
        let pieces = segments(text, &marks);
        assert_eq!(rebuilt(&pieces), text);
        assert_eq!(pieces[0].text, "Zürich", "seven bytes: ü takes two");
        // Marks that do not fit the text are ignored by segments() too.
        let stray = [Mark {
            start: 1,
            end: 2,
            role: Role::Verb,
            event: 0,
        }];
        assert_eq!(rebuilt(&segments(text, &stray)), text);
        assert_eq!(segments("", &[]), Vec::new());
    }

    #[test]
    fn reversed_and_empty_spans_are_dropped() {
        let text = "Ankara warned Athens.";
        let e = event(text, 0, [Some((6, 0)), Some((3, 3)), Some((7, 13))]);
        let roles: Vec<Role> = document_marks(text, &[&e]).iter().map(|m| m.role).collect();
        assert_eq!(roles, [Role::Sentence, Role::Verb]);
    }
}
