//! dyad's analyses and views of stored events.
//!
//! - [`export`]: streaming event writers (JSONL, CSV, TSV, GDELT 2.0, ICEWS,
//!   PLOVER, Parquet), used by `dyad export` and `dyad code`.

pub mod export;

pub use export::{EventContext, EventFormat, EventWriter, ExportError, Mentions, write_events};
