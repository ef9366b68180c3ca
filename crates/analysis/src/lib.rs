//! dyad's analyses and views of stored events.
//!
//! - [`export`]: streaming event writers (JSONL, CSV, TSV, GDELT 2.0, ICEWS,
//!   PLOVER, Parquet), used by `dyad export` and `dyad code`.
//! - [`series`]: a dyad's events per day, week or month, from the store's
//!   daily aggregate.
//! - [`network`]: country or actor networks with JSON, GraphML and GEXF writers.
//! - [`spikes`]: dyad-periods whose events or conflict jump above their
//!   trailing baseline.
//! - [`chart`]: SVG line charts and terminal sparklines.
//! - [`table`]: tabular results printed as a table, JSONL, JSON or CSV.

pub mod chart;
pub mod export;
pub mod network;
pub mod series;
pub mod spikes;
pub mod table;

pub use export::{EventContext, EventFormat, EventWriter, ExportError, Mentions, write_events};
