//! Peer validation suites: TABARI's `Validate.project` and PETRARCH's unit
//! test XML. Records are coded from their raw text and compared with the
//! expected events the way each reference coder compares them.

pub mod petrarch;
pub mod tabari;

use serde::Serialize;

/// One record's outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordResult {
    pub id: String,
    pub passed: bool,
    /// Expected events as `SOURCE/TARGET/CODE`, or a marker such as `---`.
    pub expected: Vec<String>,
    /// Coded events as `SOURCE/TARGET/CODE`, or the problem that stopped coding.
    pub got: Vec<String>,
    pub why: String,
    pub text: String,
}

/// Totals over a suite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Totals {
    pub records: usize,
    pub passed: usize,
    pub failed: usize,
    pub expected_events: usize,
    pub matched_events: usize,
    pub missing_events: usize,
    pub extra_events: usize,
}

/// A whole suite's outcome.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SuiteReport {
    pub records: Vec<RecordResult>,
    pub totals: Totals,
}

impl SuiteReport {
    pub(crate) fn add(
        &mut self,
        r: RecordResult,
        expected: &[(String, String, String)],
        coded: &[(String, String, String)],
    ) {
        self.totals.records += 1;
        if r.passed {
            self.totals.passed += 1;
        } else {
            self.totals.failed += 1;
        }
        let mut remaining: Vec<&(String, String, String)> = coded.iter().collect();
        let mut matched = 0;
        for e in expected {
            if let Some(pos) = remaining.iter().position(|c| *c == e) {
                remaining.remove(pos);
                matched += 1;
            }
        }
        self.totals.expected_events += expected.len();
        self.totals.matched_events += matched;
        self.totals.missing_events += expected.len() - matched;
        self.totals.extra_events += remaining.len();
        self.records.push(r);
    }
}

/// Why a suite file could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum SuiteError {
    #[error(transparent)]
    Dict(#[from] dyad_dict::DictError),
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: {message}", path.display())]
    Format {
        path: std::path::PathBuf,
        message: String,
    },
}

pub(crate) fn triple(s: &str, t: &str, c: &str) -> (String, String, String) {
    (s.to_string(), t.to_string(), c.to_string())
}

pub(crate) fn show(t: &(String, String, String)) -> String {
    format!("{}/{}/{}", t.0, t.1, t.2)
}
