//! Text handling for dyad: the first steps of the one-way flow
//! text → sentences → tokens.
//!
//! - [`sentences`] splits a document into sentences, keeping abbreviations such as
//!   "U.S.", "Gen." and "Jan. 5" inside their sentence.
//! - [`tokens`] turns a sentence into words, numbers and commas with byte spans,
//!   following the conventions of the event-data dictionaries (hyphens separate
//!   words, `; : ( )` act as commas, periods survive in "U.S." and "11.8").
//! - [`normalize`] is the single definition of how a word is compared with a
//!   dictionary entry: upper case, diacritics folded, typographic apostrophes
//!   made plain. Dictionary loaders use it too, so text and dictionaries agree.

pub mod normalize;
pub mod sentences;
pub mod tokens;

pub use normalize::fold_word;
pub use sentences::split_sentences;
pub use tokens::{
    Bracket, Case, Token, TokenKind, TokenSink, recycle_norms, tokenize, tokenize_to,
};
