//! dyad-ach: Analysis of Competing Hypotheses (Heuer) boards, linked to dyad's
//! event data.
//!
//! A board ([`Board`]) puts competing hypotheses across and evidence down, each
//! cell rated CC, C, N, I, II or NA. This crate owns the board file format
//! ([`load`] reads and checks it, [`Board::to_json`] writes it), the scores
//! ([`score`]: inconsistency, weighted inconsistency, consistency, ranks, the
//! leader and its margin, diagnosticity, linchpins), the what-if analysis
//! ([`sensitivity`]), indicator rules that turn stored events into proposed
//! evidence ([`indicator`]), PARC ACH import ([`parc`]) and report exports
//! ([`export`]). It does no I/O of its own and never prints; the format is
//! described in `docs/ach.md`.

pub mod board;
pub mod error;
pub mod export;
pub mod indicator;
pub mod load;
pub mod locate;
pub mod parc;
pub mod score;
pub mod sensitivity;

pub use board::{Board, Evidence, Hypothesis, Indicator, Level, Rating, Ratings};
pub use error::{
    BoardError, BoardErrorDetails, BoardWarning, ItemRef, PathSegment, Position, Problem, Section,
};
pub use export::{ExportError, ExportFormat, csv_matrix, export, markdown_report};
pub use indicator::{EventQuery, EventRecord, IndicatorResult, Proposal, apply, evaluate, propose};
pub use load::{LoadedBoard, parse_board, parse_board_bytes, validate};
pub use parc::{ParcError, ParcProblem, import_achz};
pub use score::{EvidenceScore, HypothesisScore, Scores, score};
pub use sensitivity::{ItemSensitivity, Outcome, Sensitivity, sensitivity};
