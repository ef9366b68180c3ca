//! Word normalization shared by text and dictionaries: upper case, diacritics
//! removed ("Türkiye" → "TURKIYE"), typographic apostrophes and quotes made
//! plain.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Normalizes one word for comparison with dictionary entries.
///
/// ```
/// assert_eq!(dyad_text::fold_word("Kyiv’s"), "KYIV'S");
/// assert_eq!(dyad_text::fold_word("Türkiye"), "TURKIYE");
/// assert_eq!(dyad_text::fold_word("Łódź"), "LODZ");
/// ```
pub fn fold_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// Appends the normalized form of `word` to `out` (no allocation on the ASCII
/// fast path beyond `out`'s growth).
pub fn fold_into(word: &str, out: &mut String) {
    if word.is_ascii() {
        let start = out.len();
        out.push_str(word);
        out[start..].make_ascii_uppercase();
        return;
    }
    for c in word.chars() {
        push_folded_char(c, out);
    }
}

fn push_folded_char(c: char, out: &mut String) {
    push_folded(c, out, 0);
}

/// Folds one character. Special letters map first; otherwise the character
/// is decomposed, marks dropped, and each base letter upper-cased, and what
/// decomposition and upper-casing produce is folded again, so that "Ǽ" (Æ
/// with an accent) folds like "Æ" and folding a folded word changes nothing.
fn push_folded(c: char, out: &mut String, depth: u8) {
    if c.is_ascii() {
        out.push(c.to_ascii_uppercase());
        return;
    }
    if let Some(s) = special(c) {
        out.push_str(s);
        return;
    }
    for d in c.nfd() {
        if is_combining_mark(d) {
            continue;
        }
        if d != c && depth < 4 {
            push_folded(d, out, depth + 1);
            continue;
        }
        for u in d.to_uppercase() {
            if u != d && depth < 4 {
                push_folded(u, out, depth + 1);
            } else {
                out.push(u);
            }
        }
    }
}

/// Letters and marks that fold to something other than their decomposition.
fn special(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{2032}' | '`' | '\u{00B4}' => "'",
        'ł' | 'Ł' => "L",
        'ø' | 'Ø' => "O",
        'đ' | 'Đ' | 'ð' | 'Ð' => "D",
        'æ' | 'Æ' => "AE",
        'œ' | 'Œ' => "OE",
        'ß' | 'ẞ' => "SS",
        'ı' => "I",
        'þ' | 'Þ' => "TH",
        _ => return None,
    })
}

/// True for characters that count as letters or digits inside a word.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// True for apostrophe-like characters.
#[inline]
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{02BC}' | '`')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds() {
        assert_eq!(fold_word("Côte d’Ivoire"), "COTE D'IVOIRE");
        assert_eq!(fold_word("São"), "SAO");
        assert_eq!(fold_word("Straße"), "STRASSE");
        assert_eq!(fold_word("Ærø"), "AERO");
        assert_eq!(fold_word("Москва"), "МОСКВА");
        assert_eq!(fold_word(""), "");
    }

    #[test]
    fn folding_a_folded_word_changes_nothing() {
        // found by fuzz/text_split: "Ǽ" decomposes to "Æ" + accent, and the
        // bare "Æ" was kept, so "Ǽ" and "Æ" folded differently
        assert_eq!(fold_word("Ǽ"), "AE");
        assert_eq!(fold_word("ǽ"), fold_word("æ"));
        assert_eq!(fold_word("ŉ"), "'N");
        assert_eq!(fold_word("ẞ"), "SS");
        for w in [
            "Ǽroflot",
            "ŉ",
            "Ǿ",
            "ﬀ",
            "ǅ",
            "ΐ",
            "Ǆ",
            "ᾳ",
            "İstanbul",
            "Ἀθῆναι",
        ] {
            let once = fold_word(w);
            assert_eq!(fold_word(&once), once, "{w}");
        }
    }
}
