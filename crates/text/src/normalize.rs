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
        for b in word.bytes() {
            out.push(b.to_ascii_uppercase() as char);
        }
        return;
    }
    for c in word.chars() {
        push_folded_char(c, out);
    }
}

fn push_folded_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_uppercase());
        return;
    }
    match c {
        '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{2032}' | '`' | '\u{00B4}' => out.push('\''),
        'ł' | 'Ł' => out.push('L'),
        'ø' | 'Ø' => out.push('O'),
        'đ' | 'Đ' | 'ð' | 'Ð' => out.push('D'),
        'æ' | 'Æ' => out.push_str("AE"),
        'œ' | 'Œ' => out.push_str("OE"),
        'ß' => out.push_str("SS"),
        'ı' => out.push('I'),
        'þ' | 'Þ' => out.push_str("TH"),
        _ => {
            for d in c.nfd() {
                if is_combining_mark(d) {
                    continue;
                }
                for u in d.to_uppercase() {
                    out.push(u);
                }
            }
        }
    }
}

/// True for characters that count as letters or digits inside a word.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// True for apostrophe-like characters.
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
}
