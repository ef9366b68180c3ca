//! Fuzzes the PETRARCH unit-test XML reader
//! (`dyad_coder::suite::petrarch::parse_suite`): no input may panic; a
//! rejected file's error names the file; every record of an accepted file is
//! coded with its `<Config>` options applied, using the small PETRARCH
//! dictionaries of `common::dicts`.

#![no_main]

#[path = "../common/mod.rs"]
mod common;

use dyad_coder::suite::petrarch;
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

fn coder() -> &'static dyad_coder::Coder {
    static CODER: OnceLock<dyad_coder::Coder> = OnceLock::new();
    CODER.get_or_init(|| common::dicts::petrarch_coder(petrarch::petrarch_options()))
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(xml) = std::str::from_utf8(bytes) else {
        return;
    };
    let path = Path::new("/suites/fuzz.records.xml");
    let suite = match petrarch::parse_suite(xml, path) {
        Ok(s) => s,
        Err(e) => {
            let msg = e.to_string();
            assert!(
                msg.contains("fuzz.records.xml"),
                "error names the file: {msg}"
            );
            return;
        }
    };
    assert!(suite.verbs.is_some() && !suite.actors.is_empty());
    let coder = coder();
    let mut opts = petrarch::petrarch_options();
    for rec in &suite.records {
        for (k, v) in &rec.config_before {
            let _ = dyad_dict::options::apply_petrarch_option(&mut opts, k, v);
        }
        let coding = coder.code_sentence(&rec.text, rec.date, &opts, None);
        for e in &coding.events {
            for (a, b) in [e.source_span, e.target_span, Some(e.verb_span)]
                .into_iter()
                .flatten()
            {
                assert!(a <= b && rec.text.get(a..b).is_some());
            }
        }
    }
});
