//! Fuzzes the sentence splitter and tokenizer (`dyad_text`) on any UTF-8
//! text: no panic; sentence spans are in bounds, on char boundaries, in order,
//! non-empty and without surrounding whitespace; token spans are in bounds, on
//! char boundaries and in order; `tokenize_into` agrees with `tokenize`.

#![no_main]

use dyad_text::{TokenKind, split_sentences, tokenize};
use libfuzzer_sys::fuzz_target;

fn check_tokens(text: &str) {
    let tokens = tokenize(text);
    let mut last_end = 0;
    for t in &tokens {
        assert!(
            last_end <= t.start && t.start < t.end && t.end <= text.len(),
            "token {:?} at {}..{} out of order or out of bounds (previous ended at {last_end}, text {} bytes)",
            t.norm,
            t.start,
            t.end,
            text.len()
        );
        assert!(
            text.is_char_boundary(t.start) && text.is_char_boundary(t.end),
            "token {:?} at {}..{} not on char boundaries",
            t.norm,
            t.start,
            t.end
        );
        assert!(!t.norm.is_empty(), "empty token at {}..{}", t.start, t.end);
        if t.kind == TokenKind::Comma {
            assert_eq!(t.norm, ",");
        }
        last_end = t.end;
    }
    let mut again = vec![];
    dyad_text::tokens::tokenize_into(text, &mut again);
    assert_eq!(again, tokens, "tokenize_into agrees with tokenize");
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let sentences = split_sentences(text);
    let mut last_end = 0;
    for &(start, end) in &sentences {
        assert!(
            last_end <= start && start < end && end <= text.len(),
            "sentence {start}..{end} out of order or out of bounds (previous ended at {last_end}, text {} bytes)",
            text.len()
        );
        assert!(
            text.is_char_boundary(start) && text.is_char_boundary(end),
            "sentence {start}..{end} not on char boundaries"
        );
        let s = &text[start..end];
        assert_eq!(
            s,
            s.trim(),
            "sentence {start}..{end} carries surrounding whitespace"
        );
        last_end = end;
        check_tokens(s);
    }
    if text.trim().is_empty() {
        assert!(sentences.is_empty(), "blank text gives no sentences");
    } else {
        assert!(!sentences.is_empty(), "text with content gives a sentence");
    }
    check_tokens(text);
    for word in text.split_whitespace().take(64) {
        let folded = dyad_text::fold_word(word);
        assert_eq!(
            dyad_text::fold_word(&folded),
            folded,
            "folding is idempotent"
        );
    }
});
