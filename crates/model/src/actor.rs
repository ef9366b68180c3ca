//! CAMEO actor codes: what part of a code names the country (or organisation),
//! and which codes mean "no actor".
//!
//! CAMEO actor codes are built from three-letter blocks: a country or
//! international-actor block ("PRK", "IGOUNO") followed by role blocks ("GOV",
//! "MIL"), so "PRKMIL" is North Korea's military. Analyses that compare states
//! ("who did what to whom, country to country") look only at the leading block.

/// Leading blocks that name a kind of actor rather than a country. For codes
/// that start with one of these, the whole code identifies the actor.
const NON_STATE_PREFIXES: &[&str] = &["IGO", "NGO", "NGM", "MNC", "IMG", "UIS", "INT", "REL"];

/// The part of an actor code that identifies a country (its first three
/// letters), or the whole code for international and non-state actors, for
/// agent-only codes ("~MIL") and for codes shorter than three letters.
///
/// `country_key("PRKMIL") == "PRK"`, `country_key("IGOUNO") == "IGOUNO"`.
pub fn country_key(code: &str) -> &str {
    if code.len() < 3 || !code.is_char_boundary(3) {
        return code;
    }
    let head = &code[..3];
    if NON_STATE_PREFIXES.contains(&head) || head.contains(|c: char| !c.is_ascii_alphabetic()) {
        code
    } else {
        head
    }
}

/// True for the codes coders write when a slot has no actor: empty, `---`, or
/// an agent-only code that starts with `---`.
pub fn is_null_actor(code: &str) -> bool {
    code.is_empty() || code.starts_with("---")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_keys() {
        assert_eq!(country_key("PRKMIL"), "PRK");
        assert_eq!(country_key("USAGOVPRS"), "USA");
        assert_eq!(country_key("RUS"), "RUS");
        assert_eq!(country_key("IGOUNO"), "IGOUNO");
        assert_eq!(country_key("NGO"), "NGO");
        assert_eq!(country_key("~MIL"), "~MIL");
        assert_eq!(country_key("XY"), "XY");
        assert_eq!(country_key("ÄÖÜX"), "ÄÖÜX");
    }

    #[test]
    fn null_actors() {
        assert!(is_null_actor(""));
        assert!(is_null_actor("---"));
        assert!(is_null_actor("---GOV"));
        assert!(!is_null_actor("GON"));
    }
}
