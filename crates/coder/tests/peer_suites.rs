//! The peer validation suites, coded from raw text: TABARI's Validate.project
//! and PETRARCH's unit-test records. These read ../shared (or $DYAD_SHARED);
//! without it they print that they were skipped, unless
//! DYAD_REQUIRE_SHARED=1, as in CI.

use dyad_coder::suite;
use dyad_testdata::shared_file;

#[test]
fn tabari_validation_suite_passes_95_percent_of_records() {
    let Some(project) = shared_file("suites/tabari/Validate.project", "tabari_validation_suite")
    else {
        return;
    };
    let report = suite::tabari::run(&project).expect("the TABARI suite loads");
    let t = report.totals;
    eprintln!("TABARI Validate.project: {t:?}");
    assert!(t.records >= 470, "{t:?}");
    assert!(
        t.passed as f64 >= 0.95 * t.records as f64,
        "{} of {} passed",
        t.passed,
        t.records
    );
}

#[test]
fn petrarch_unit_tests_pass() {
    let Some(xml) = shared_file(
        "suites/petrarch/PETR.UnitTest.records.xml",
        "petrarch_unit_tests",
    ) else {
        return;
    };
    let report = suite::petrarch::run(&xml).expect("the PETRARCH suite loads");
    let t = report.totals;
    eprintln!("PETRARCH unit tests: {t:?}");
    assert_eq!(t.records, 279, "records flagged for evaluation");
    assert!(
        t.passed as f64 >= 0.90 * t.records as f64,
        "{} of {} passed",
        t.passed,
        t.records
    );
}
