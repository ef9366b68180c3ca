//! TABARI `.options` files (formats.md §2.7): one command a line, `/` or `#`
//! lines are comments, a `~` line ends the file.

use crate::model::Dictionaries;
use crate::options::{OptionEffect, apply_tabari_command};
use crate::source::{Sink, numbered_lines};
use std::path::Path;

/// Applies every command of an options file to `dict.options`.
pub fn load_options(text: &str, path: &Path, dict: &mut Dictionaries, sink: &mut Sink) {
    for (n, raw) in numbered_lines(text) {
        let line = raw.trim();
        if line.starts_with('~') {
            break;
        }
        if line.is_empty() || line.starts_with('/') || line.starts_with('#') {
            continue;
        }
        match apply_tabari_command(&mut dict.options, line) {
            Ok(OptionEffect::Label(code, text)) => dict.labels.push((code, text)),
            Ok(_) => {}
            Err(msg) => sink.error(path, n, 1, msg),
        }
    }
}
