//! Phrases: the word sequences that dictionary entries match in text, with the
//! connectors between words.
//!
//! TABARI writes connectors into the words (`A B`, `A_ B`, `A~_B`, `A_B`,
//! final `A=`); PETRARCH uses `_` for "next word" and a blank for "words may
//! intervene" and has no stems. Both are parsed into [`Phrase`], whose words
//! are normalized with [`dyad_text`] exactly as text tokens are.

use dyad_text::{TokenKind, tokenize};

/// How a dictionary word matches a word of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WordMode {
    /// The text word starts with this word (TABARI's bare words: `ACCUS`
    /// matches "ACCUSED").
    Stem,
    /// The whole word; as the last word of an actor, agent, noun or verb phrase
    /// it also takes the regular endings of its class.
    Whole,
    /// The whole word and nothing else.
    Exact,
}

/// One word of a phrase.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PWord {
    /// Normalized text (upper case, folded).
    pub text: Box<str>,
    pub mode: WordMode,
    /// The next word of the phrase must follow immediately.
    pub adjacent: bool,
}

/// A sequence of words to find in text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Phrase {
    pub words: Vec<PWord>,
}

impl Phrase {
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// The phrase as dictionary text, e.g. `NORTH_KOREA`, `AL GORE`.
    pub fn display(&self) -> String {
        let mut s = String::new();
        for (i, w) in self.words.iter().enumerate() {
            s.push_str(&w.text);
            if w.mode == WordMode::Exact {
                s.push('=');
            }
            if i + 1 < self.words.len() {
                s.push(if w.adjacent { '_' } else { ' ' });
            }
        }
        s
    }
}

/// Splits a raw dictionary word into normalized words the way text is
/// tokenized ("BARAD-DUR" → two words, "U.S." stays whole). Commas and other
/// punctuation the tokenizer would turn into separators are dropped.
pub fn normalized_words(raw: &str) -> Vec<String> {
    tokenize(raw)
        .into_iter()
        .filter(|t| t.kind != TokenKind::Comma)
        .map(|t| t.norm)
        .collect()
}

/// Parses a phrase in TABARI syntax (actors, agents, verb roots and forms):
/// `_` joins words that must be adjacent, a blank lets words intervene, a
/// trailing `_` makes the last word whole, `=` makes it exact, `~_` keeps the
/// left word a stem but requires adjacency, and every `-` (except a leading
/// one) is a `_`.
pub fn parse_tabari_phrase(raw: &str) -> Phrase {
    let trimmed = raw.trim();
    let mut chars = trimmed.chars();
    let text: String = match chars.next() {
        Some(first) => std::iter::once(first)
            .chain(chars.map(|c| if c == '-' { '_' } else { c }))
            .collect(),
        None => String::new(),
    };
    let mut words = Vec::new();
    for chunk in text.split_whitespace() {
        push_tabari_chunk(chunk, &mut words);
    }
    if let Some(last) = words.last_mut() {
        last.adjacent = false;
    }
    Phrase { words }
}

fn push_tabari_chunk(chunk: &str, words: &mut Vec<PWord>) {
    let (body, final_mode) = if let Some(b) = chunk.strip_suffix('=') {
        (b, WordMode::Exact)
    } else if chunk.ends_with('_') {
        (chunk.trim_end_matches('_'), WordMode::Whole)
    } else {
        (chunk, WordMode::Stem)
    };
    let parts: Vec<&str> = body.split('_').filter(|p| !p.is_empty()).collect();
    let count = parts.len();
    for (i, part) in parts.into_iter().enumerate() {
        let last = i + 1 == count;
        let (part, stem_next) = match part.strip_suffix('~') {
            Some(p) => (p, true),
            None => (part, false),
        };
        let mode = if last {
            final_mode
        } else if stem_next {
            WordMode::Stem
        } else {
            WordMode::Whole
        };
        let pieces = normalized_words(part);
        let n = pieces.len();
        for (j, w) in pieces.into_iter().enumerate() {
            let inner_last = j + 1 == n;
            words.push(PWord {
                text: w.into(),
                mode: if inner_last { mode } else { WordMode::Whole },
                adjacent: !inner_last || !last,
            });
        }
    }
}

/// Parses a phrase in PETRARCH syntax: `_` joins adjacent words, a blank lets
/// words intervene, words are whole (no stems), a trailing `_` is ignored,
/// and Treebank contractions written apart (`DID N'T`) are joined.
pub fn parse_petrarch_phrase(raw: &str) -> Phrase {
    let mut words: Vec<PWord> = Vec::new();
    for chunk in raw.split_whitespace() {
        let chunk = chunk.trim_matches('_');
        if chunk.is_empty() {
            continue;
        }
        // Treebank splits "didn't" into "did n't" and "Israel's" into "Israel 's".
        if (chunk.eq_ignore_ascii_case("N'T") || chunk.eq_ignore_ascii_case("'S"))
            && !words.is_empty()
        {
            if let Some(last) = words.last_mut() {
                let mut t = last.text.to_string();
                t.push_str(&chunk.to_uppercase());
                last.text = t.into();
            }
            continue;
        }
        if let Some(last) = words.last_mut() {
            last.adjacent = false;
        }
        let parts: Vec<&str> = chunk.split('_').filter(|p| !p.is_empty()).collect();
        for part in parts {
            for w in normalized_words(part) {
                words.push(PWord {
                    text: w.into(),
                    mode: WordMode::Whole,
                    adjacent: true,
                });
            }
        }
    }
    if let Some(last) = words.last_mut() {
        last.adjacent = false;
    }
    Phrase { words }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(p: &Phrase) -> Vec<(String, WordMode, bool)> {
        p.words
            .iter()
            .map(|w| (w.text.to_string(), w.mode, w.adjacent))
            .collect()
    }

    #[test]
    fn tabari_connectors() {
        use WordMode::*;
        let p = parse_tabari_phrase("ITHILEN_GOVERNMENT_RADIO_");
        assert_eq!(
            show(&p),
            [
                ("ITHILEN".into(), Whole, true),
                ("GOVERNMENT".into(), Whole, true),
                ("RADIO".into(), Whole, false)
            ]
        );
        let p = parse_tabari_phrase("AL GORE");
        assert_eq!(
            show(&p),
            [("AL".into(), Stem, false), ("GORE".into(), Stem, false)]
        );
        let p = parse_tabari_phrase("REAL~_PLEASANT");
        assert_eq!(
            show(&p),
            [
                ("REAL".into(), Stem, true),
                ("PLEASANT".into(), Stem, false)
            ]
        );
        let p = parse_tabari_phrase("BAN=");
        assert_eq!(show(&p), [("BAN".into(), Exact, false)]);
        let p = parse_tabari_phrase("BARAD-DUR");
        assert_eq!(
            show(&p),
            [("BARAD".into(), Whole, true), ("DUR".into(), Stem, false)]
        );
        let p = parse_tabari_phrase("RADAGAST THE_BROWN");
        assert_eq!(p.display(), "RADAGAST THE_BROWN");
        let p = parse_tabari_phrase("U.S.S.R");
        assert_eq!(p.words[0].text.as_ref(), "U.S.S.R");
        let p = parse_tabari_phrase("JOURNALISTS'_UNION_");
        assert_eq!(p.words.len(), 2);
    }

    #[test]
    fn petrarch_connectors() {
        let p = parse_petrarch_phrase("PRESIDENT HOSNI_MURBARAK_");
        assert_eq!(p.display(), "PRESIDENT HOSNI_MURBARAK");
        assert!(!p.words[0].adjacent && p.words[1].adjacent);
        let p = parse_petrarch_phrase("DID N'T");
        assert_eq!(p.words.len(), 1);
        assert_eq!(p.words[0].text.as_ref(), "DIDN'T");
        let p = parse_petrarch_phrase("AL-QAEDA");
        assert_eq!(p.words.len(), 2);
        assert!(p.words[0].adjacent);
    }

    #[test]
    fn junk_never_panics() {
        for s in [
            "", "_", "__", "~", "~_", "=", "-", "--", "_-_", "&", "(ACTING_", "a~", "é_", " _ _ ",
        ] {
            let _ = parse_tabari_phrase(s);
            let _ = parse_petrarch_phrase(s);
        }
    }
}
