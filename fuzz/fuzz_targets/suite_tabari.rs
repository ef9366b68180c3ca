//! Fuzzes the TABARI validation-record reader (`dyad_coder::suite::tabari`):
//! any text file is split into records, each header is read under both year
//! widths, and the records are run (coded and checked against their
//! `/* { ... } */` blocks, with `OPTION:` commands applied as they come) with
//! the small TABARI dictionaries of `common::dicts`. No input may panic; the
//! report's totals agree with its records.

#![no_main]

#[path = "../common/mod.rs"]
mod common;

use dyad_coder::suite::{SuiteReport, tabari};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn coder() -> &'static dyad_coder::Coder {
    static CODER: OnceLock<dyad_coder::Coder> = OnceLock::new();
    CODER.get_or_init(common::dicts::tabari_coder)
}

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let records = tabari::records(&text);
    let lines = text.lines().count();
    for r in &records {
        assert!(
            r.line >= 1 && r.line <= lines,
            "record line {} of {lines}",
            r.line
        );
        let _ = r.text();
        for yyyy in [false, true] {
            let (date, _id) = tabari::split_header(&r.date_text, yyyy);
            let _ = tabari::parse_header_date(&date, yyyy);
        }
    }
    let coder = coder();
    let mut opts = coder.dictionaries().options.clone();
    let mut report = SuiteReport::default();
    tabari::run_records(coder, &mut opts, &records, &mut report);
    let t = report.totals;
    assert_eq!(t.records, records.len());
    assert_eq!(t.records, report.records.len());
    assert_eq!(t.passed + t.failed, t.records);
    assert_eq!(t.matched_events + t.missing_events, t.expected_events);
});
