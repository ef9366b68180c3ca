//! The data model every other dyad crate speaks: CAMEO event codes and what they
//! mean ([`cameo`]), actor codes ([`actor`]), news documents ([`document`]) and
//! coded events with their provenance ([`event`]).
//!
//! This crate holds facts and types only; it does no I/O beyond parsing the CAMEO
//! table compiled into it.

pub mod actor;
pub mod cameo;
pub mod document;
pub mod event;

pub use actor::{country_key, is_null_actor};
pub use cameo::{CameoCode, QuadClass, cameo, lookup};
pub use document::{Date, Document, parse_date};
pub use event::{Event, RuleRef, Span};
