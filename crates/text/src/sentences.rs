//! Sentence splitting for news text.
//!
//! A sentence ends at `.`, `!` or `?` (plus any closing quotes or brackets)
//! when whitespace and then a capital letter, a digit or an opening quote
//! follow — unless the period belongs to an abbreviation ("Gen.", "Jan. 5",
//! "Mr."), an initial ("George W. Bush"), or an acronym with inner periods
//! ("U.S.") that is not followed by a typical sentence opener. Blank lines
//! (paragraph breaks) always end a sentence. Spans exclude surrounding
//! whitespace.

/// Abbreviations that never end a sentence, compared case-insensitively
/// without their period.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cmdr", "adm", "sgt",
    "cpl", "pvt", "gov", "sen", "rep", "rev", "sr", "jr", "st", "mt", "ft", "no", "nos", "vol",
    "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "inc", "corp", "co",
    "ltd", "bros", "vs", "etc", "approx", "est", "dept", "univ", "ave", "blvd", "rd", "messrs",
    "mme", "mlle", "pres", "sec", "amb", "supt", "insp", "det", "brig", "cdr", "ret", "gens",
    "cmdt", "hon", "esq", "op", "pp", "cf", "al",
];

/// [`ABBREVIATIONS`] as [`short_key`]s, ascending, for a binary search.
static ABBREVIATION_KEYS: [u64; ABBREVIATIONS.len()] = {
    let mut keys = [0u64; ABBREVIATIONS.len()];
    let mut i = 0;
    while i < keys.len() {
        let word = ABBREVIATIONS[i].as_bytes();
        assert!(word.len() <= 7, "abbreviations have at most 7 letters");
        let mut key = (word.len() as u64) << 56;
        let mut k = 0;
        while k < word.len() {
            key |= (word[k] as u64) << (8 * k);
            k += 1;
        }
        keys[i] = key;
        i += 1;
    }
    // insertion sort: a few dozen keys, once, at compile time
    let mut i = 1;
    while i < keys.len() {
        let mut j = i;
        while j > 0 && keys[j - 1] > keys[j] {
            let t = keys[j];
            keys[j] = keys[j - 1];
            keys[j - 1] = t;
            j -= 1;
        }
        i += 1;
    }
    keys
};

/// An ASCII word of at most 7 bytes as one integer, lower-cased: its bytes,
/// then its length in the top byte.
fn short_key(word: &[u8]) -> Option<u64> {
    if word.len() > 7 {
        return None;
    }
    let mut key = (word.len() as u64) << 56;
    for (k, &b) in word.iter().enumerate() {
        key |= u64::from(b.to_ascii_lowercase()) << (8 * k);
    }
    Some(key)
}

/// True when `word`, lower-cased, is one of [`ABBREVIATIONS`]. An ASCII word
/// is looked up by its [`short_key`] without building its lower-case form.
fn is_abbreviation(word: &str) -> bool {
    if word.is_ascii() {
        return short_key(word.as_bytes())
            .is_some_and(|k| ABBREVIATION_KEYS.binary_search(&k).is_ok());
    }
    ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

/// Words that usually open a sentence; after an acronym such as "U.S." a
/// following opener means the acronym ended the sentence.
const SENTENCE_OPENERS: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "this",
    "that",
    "these",
    "those",
    "in",
    "on",
    "at",
    "but",
    "and",
    "however",
    "meanwhile",
    "there",
    "his",
    "her",
    "its",
    "their",
    "our",
    "after",
    "before",
    "when",
    "while",
    "if",
    "as",
    "for",
    "some",
    "many",
    "officials",
    "earlier",
    "later",
    "last",
    "on",
    "separately",
    "also",
    "yet",
];

/// Splits `text` into sentence byte spans `(start, end)`, in order, without
/// leading or trailing whitespace. Empty input gives no sentences.
///
/// ```
/// let text = "Gen. Kim met U.S. envoys on Jan. 5 in Seoul. The talks ended. \"We agreed,\" he said.";
/// let s: Vec<&str> = dyad_text::split_sentences(text).into_iter().map(|(a, b)| &text[a..b]).collect();
/// assert_eq!(s, ["Gen. Kim met U.S. envoys on Jan. 5 in Seoul.", "The talks ended.", "\"We agreed,\" he said."]);
/// ```
pub fn split_sentences(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        // skip to the next byte that can end a sentence
        match next_terminator(&bytes[i..]) {
            Some(k) => i += k,
            None => break,
        }
        let b = bytes[i];
        if b == b'\n' {
            // paragraph break: a newline, optional blanks, another newline
            let mut j = i + 1;
            while j < bytes.len() && (bytes[j] == b' ' || bytes[j] == b'\t' || bytes[j] == b'\r') {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'\n' {
                push_span(text, start, i, &mut spans);
                start = j + 1;
                i = j + 1;
                continue;
            }
        } else if b == b'.' || b == b'!' || b == b'?' {
            // extend over repeated terminators and closing quotes/brackets
            let mut end = i + 1;
            while end < bytes.len() && matches!(bytes[end], b'.' | b'!' | b'?') {
                end += 1;
            }
            end = skip_closers(text, end);
            if is_boundary(text, start, i, end) {
                push_span(text, start, end, &mut spans);
                start = end;
                i = end;
                continue;
            }
            i = end;
            continue;
        }
        i += 1;
    }
    push_span(text, start, text.len(), &mut spans);
    spans
}

/// The position of the first byte of `bytes` that can end a sentence (a
/// newline, period, exclamation or question mark). Reads eight bytes at a
/// time: the scan runs over every byte of every document.
fn next_terminator(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    // the high bit of each byte of `word` equal to `b`; bytes above the
    // first such byte may be marked falsely, the first never is
    let equal = |word: u64, b: u8| {
        let x = word ^ (ONES * u64::from(b));
        x.wrapping_sub(ONES) & !x & HIGHS
    };
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(chunk);
        let word = u64::from_le_bytes(eight);
        let found = equal(word, b'\n') | equal(word, b'.') | equal(word, b'!') | equal(word, b'?');
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| is_terminator(b))
        .map(|k| at + k)
}

fn is_terminator(b: u8) -> bool {
    matches!(b, b'\n' | b'.' | b'!' | b'?')
}

fn skip_closers(text: &str, mut end: usize) -> usize {
    loop {
        let Some(c) = text[end..].chars().next() else {
            return end;
        };
        if matches!(
            c,
            '"' | '\'' | ')' | ']' | '\u{201D}' | '\u{2019}' | '\u{00BB}'
        ) {
            end += c.len_utf8();
        } else {
            return end;
        }
    }
}

/// Is the terminator at `term` (sentence text ends at `end`) a sentence boundary?
fn is_boundary(text: &str, start: usize, term: usize, end: usize) -> bool {
    let rest = &text[end..];
    let after_ws = rest.trim_start_matches([' ', '\t', '\r', '\n', '\u{00A0}']);
    if after_ws.len() == rest.len() {
        return rest.is_empty(); // no whitespace after: "3.5", "U.S.-made", end of text
    }
    let Some(next) = after_ws.chars().next() else {
        return true;
    };
    let opener = next.is_uppercase()
        || next.is_ascii_digit()
        || matches!(
            next,
            '"' | '\'' | '(' | '[' | '\u{201C}' | '\u{2018}' | '\u{00AB}'
        );
    if !opener {
        return false;
    }
    if text.as_bytes()[term] != b'.' {
        return true;
    }
    // the word before the period
    let before = &text[start..term];
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || c == '(' || c == '"')
        .map_or(0, |(p, c)| p + c.len_utf8());
    let word = &before[word_start..];
    let bare = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    if bare.is_empty() {
        return true;
    }
    if is_abbreviation(bare) {
        return false;
    }
    let letters = bare.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 1 && bare.chars().count() == 1 && bare.chars().all(|c| c.is_uppercase()) {
        return false; // an initial: "George W. Bush"
    }
    if bare.contains('.') {
        // an acronym with inner periods ("U.S", "a.m"): ends the sentence only
        // before a typical opener
        let next_word: String = after_ws.chars().take_while(|c| c.is_alphabetic()).collect();
        return SENTENCE_OPENERS.contains(&next_word.to_lowercase().as_str());
    }
    true
}

fn push_span(text: &str, start: usize, end: usize, spans: &mut Vec<(usize, usize)>) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        spans.push((start + lead, start + lead + trimmed.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_are_found_as_by_their_lower_case() {
        let mut probes: Vec<String> = Vec::new();
        for a in ABBREVIATIONS {
            probes.push(a.to_string());
            probes.push(a.to_uppercase());
            probes.push(format!("{a}x"));
            probes.push(a[1..].to_string());
            probes.push(format!("\u{212A}{a}"));
        }
        probes.extend(["", "x", "approxx", "MESSRS", "\u{212A}o", "Co", "cO"].map(String::from));
        for p in probes {
            let expected = ABBREVIATIONS.contains(&p.to_lowercase().as_str());
            assert_eq!(is_abbreviation(&p), expected, "{p}");
        }
    }

    fn split(s: &str) -> Vec<&str> {
        split_sentences(s)
            .into_iter()
            .map(|(a, b)| &s[a..b])
            .collect()
    }

    #[test]
    fn abbreviations_stay_inside() {
        assert_eq!(
            split("Mr. Blinken met Dr. Tedros. Talks ended."),
            ["Mr. Blinken met Dr. Tedros.", "Talks ended."]
        );
        assert_eq!(
            split("The U.N. Security Council met. The U.S. abstained."),
            ["The U.N. Security Council met.", "The U.S. abstained."]
        );
        assert_eq!(
            split("It happened on Jan. 5 in Washington, D.C. The next day, talks resumed."),
            [
                "It happened on Jan. 5 in Washington, D.C.",
                "The next day, talks resumed."
            ]
        );
        assert_eq!(
            split("Prices rose 3.5 percent. Markets fell."),
            ["Prices rose 3.5 percent.", "Markets fell."]
        );
        assert_eq!(
            split("He cited John F. Kennedy. Nobody laughed."),
            ["He cited John F. Kennedy.", "Nobody laughed."]
        );
    }

    #[test]
    fn quotes_paragraphs_and_marks() {
        assert_eq!(
            split("\"We will respond.\" Officials said so!  Really? yes."),
            ["\"We will respond.\"", "Officials said so!", "Really? yes."]
        );
        assert_eq!(
            split("First paragraph without a period\n\nSecond one."),
            ["First paragraph without a period", "Second one."]
        );
        assert_eq!(split("line one\nline two."), ["line one\nline two."]);
    }

    #[test]
    fn terminators_found_eight_bytes_at_a_time_as_one_by_one() {
        let texts: [&[u8]; 6] = [
            b"",
            b"no end here at all, none",
            b"abcdefg.",
            b"abcdefgh.ijk",
            b"\x80\xff\x2d\x2e\x0a\x21 said!",
            b"..!!??\n\n",
        ];
        for text in texts {
            for from in 0..text.len() {
                let slow = text[from..].iter().position(|&b| is_terminator(b));
                assert_eq!(next_terminator(&text[from..]), slow, "{text:?} {from}");
            }
        }
        for b in 0..=255u8 {
            for at in 0..17 {
                let mut text = vec![b'x'; 20];
                text[at] = b;
                let slow = text.iter().position(|&b| is_terminator(b));
                assert_eq!(next_terminator(&text), slow, "{b} at {at}");
            }
        }
    }

    #[test]
    fn edge_cases() {
        assert!(split("").is_empty());
        assert!(split("   \n\n  ").is_empty());
        assert_eq!(split("..."), ["..."]);
        assert_eq!(split("End."), ["End."]);
        assert_eq!(split("a.\u{00A0}B"), ["a.", "B"]);
        assert_eq!(split("é. É"), ["é.", "É"]);
        // found by fuzz/text_split: a multi-byte space before the word that
        // ends in a period (U+2003 em space) sliced inside the character
        assert_eq!(split("a\u{2003}b. C"), ["a\u{2003}b.", "C"]);
        assert_eq!(split("met\u{3000}Gen. Kim"), ["met\u{3000}Gen. Kim"]);
        assert_eq!(
            split("talks ended.\u{00A0}Mr. Kim left."),
            ["talks ended.", "Mr. Kim left."]
        );
        assert_eq!(split("said\u{00A0}Gen. Kim"), ["said\u{00A0}Gen. Kim"]);
    }
}
