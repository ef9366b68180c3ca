//! Codes any text, dated or not, with the small TABARI-style dictionary set
//! of `common::dicts` (synsets, time shifts, patterns with `$ + % ^`,
//! compound and dated actors, agents, pronouns, COMPLEX/COMMA/DEFAULT
//! options): no input may panic, and the coded document satisfies
//! `common::check_coded`. Each sentence is also coded on its own with the
//! parse style switched, which reaches the other parser.

#![no_main]

#[path = "../common/mod.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn coder() -> &'static dyad_coder::Coder {
    static CODER: OnceLock<dyad_coder::Coder> = OnceLock::new();
    CODER.get_or_init(common::dicts::tabari_coder)
}

fuzz_target!(|bytes: &[u8]| {
    let doc = common::document(bytes);
    let coder = coder();
    let Ok(coded) = coder.code_document(&doc) else {
        return;
    };
    common::check_coded(&doc, &coded);
    let mut opts = coder.dictionaries().options.clone();
    opts.style = match opts.style {
        dyad_dict::ParseStyle::Tabari => dyad_dict::ParseStyle::Petrarch,
        dyad_dict::ParseStyle::Petrarch => dyad_dict::ParseStyle::Tabari,
    };
    opts.code_by = dyad_dict::CodeBy::All;
    for s in &coded.sentences {
        let sentence = &doc.text[s.start..s.end];
        let coding = coder.code_sentence(sentence, doc.date, &opts, None);
        for e in &coding.events {
            for (a, b) in [e.source_span, e.target_span, Some(e.verb_span)]
                .into_iter()
                .flatten()
            {
                assert!(
                    a <= b && sentence.get(a..b).is_some(),
                    "span {a}..{b} is not inside {sentence:?}"
                );
            }
        }
    }
});
