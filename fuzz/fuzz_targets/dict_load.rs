//! Fuzzes every dictionary dialect loader in `dyad_dict`: TABARI verbs,
//! actors, agents, options and `.project`; PETRARCH-1 and PETRARCH-2 verbs;
//! PETRARCH actors, agents, discards, issues and `.ini` configuration.
//!
//! Input layout (see fuzz/README.md): the first byte holds flags (bit 0: a
//! lenient load; bit 1: TABARI's base options; bit 2: code a fixed sentence
//! when no text is given); the rest is split at NUL
//! bytes into files, and the first byte of each file picks its kind
//! (`byte % 13`: `A` TABARI verbs … `L` PETRARCH config, `M` a text to code
//! with the loaded set). Several files go into one load, as a project or
//! `.ini` would name them.
//!
//! Checks: no panic; every malformed entry and warning names one of the
//! files and a line inside it (and a column of at least 1); a strict load
//! refuses exactly when there are malformed entries; a set that loads and is
//! given a text (or flag bit 2) compiles into a coder that codes it, with
//! every event inside its sentence (`common::check_coded`).

#![no_main]

#[path = "../common/mod.rs"]
mod common;

use dyad_dict::{CoderOptions, DictError, FileKind, LoadOptions};
use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const KINDS: [(FileKind, &str); 12] = [
    (FileKind::TabariVerbs, "verbs"),
    (FileKind::TabariActors, "actors"),
    (FileKind::TabariAgents, "agents"),
    (FileKind::TabariOptions, "options"),
    (FileKind::TabariProject, "project"),
    (FileKind::PetrarchVerbs, "verbs.txt"),
    (FileKind::Petrarch2Verbs, "verb2.txt"),
    (FileKind::PetrarchActors, "actors.txt"),
    (FileKind::PetrarchAgents, "agents.txt"),
    (FileKind::PetrarchDiscards, "discards.txt"),
    (FileKind::PetrarchIssues, "issues.txt"),
    (FileKind::PetrarchConfig, "ini"),
];

/// Checks that a reported place lies inside one of the loaded files.
fn check_place(what: &str, file: &Path, line: usize, files: &[(PathBuf, usize)]) {
    let Some((_, lines)) = files.iter().find(|(p, _)| p == file) else {
        panic!(
            "{what} names {}, which is not one of the loaded files",
            file.display()
        );
    };
    assert!(
        line <= (*lines).max(1),
        "{what} names line {line} of {} but the file has {lines} lines",
        file.display()
    );
}

fuzz_target!(|bytes: &[u8]| {
    let Some((&flags, rest)) = bytes.split_first() else {
        return;
    };
    let lenient = flags & 1 == 1;
    let base = if flags & 2 == 2 {
        CoderOptions::tabari()
    } else {
        CoderOptions::default()
    };
    let mut files = Vec::new();
    let mut lines = Vec::new();
    let mut texts: Vec<&[u8]> = Vec::new();
    let mut ini_options: Vec<(String, String)> = Vec::new();
    for (i, chunk) in rest.split(|&b| b == 0).enumerate() {
        let Some((&sel, body)) = chunk.split_first() else {
            continue;
        };
        let sel = sel as usize % 13;
        if sel == 12 {
            texts.push(body);
            continue;
        }
        let (kind, ext) = KINDS[sel];
        let path = PathBuf::from(format!("/dicts/f{i}.{ext}"));
        match kind {
            FileKind::TabariProject | FileKind::PetrarchConfig => {
                let mut sink = dyad_dict::source::Sink::default();
                let text = dyad_dict::source::decode(&path, body.to_vec(), &mut sink);
                let result = if kind == FileKind::TabariProject {
                    dyad_dict::tabari::project::parse_project(&text, &path).map(|_| ())
                } else {
                    dyad_dict::petrarch::config::parse_config(&text, &path).map(|c| {
                        ini_options.extend(c.options.into_iter().map(|(_, k, v)| (k, v)));
                    })
                };
                if let Err(e) = result {
                    let msg = e.to_string();
                    assert!(
                        msg.contains(&*path.to_string_lossy()),
                        "error names the file: {msg}"
                    );
                }
            }
            _ => {
                let n = String::from_utf8_lossy(body).lines().count();
                lines.push((path.clone(), n));
                files.push((path, kind, body.to_vec()));
            }
        }
    }
    let result = dyad_dict::load_files(files, base, LoadOptions { lenient });
    let (mut dict, report) = match result {
        Ok(ok) => ok,
        Err(DictError::Invalid { errors }) => {
            assert!(!lenient, "a lenient load skips malformed entries");
            assert!(!errors.is_empty(), "an invalid load names its errors");
            for e in &errors {
                assert!(e.column >= 1);
                check_place("an error", &e.file, e.line, &lines);
            }
            return;
        }
        Err(e) => panic!("in-memory files fail only with entry errors, not {e}"),
    };
    assert!(
        lenient || report.skipped.is_empty(),
        "a strict load skips nothing"
    );
    for e in &report.skipped {
        assert!(e.column >= 1);
        check_place("a skipped entry", &e.file, e.line, &lines);
    }
    for w in &report.warnings {
        check_place("a warning", &w.file, w.line, &lines);
    }
    let _ = dict.summary();
    let _ = dict.fingerprint();
    for (k, v) in &ini_options {
        let _ = dyad_dict::options::apply_petrarch_option(&mut dict.options, k, v);
    }
    // compiling and coding costs far more than loading: only when asked for
    if texts.is_empty() && flags & 4 == 0 {
        return;
    }
    let coder = dyad_coder::Coder::new(Arc::new(dict));
    let default_text: &[u8] =
        b"2001-02-03\nArnor's president sent rifles to Gondor yesterday, officials said. He met them.";
    if texts.is_empty() {
        texts.push(default_text);
    }
    for t in texts {
        let doc = common::document(t);
        if let Ok(coded) = coder.code_document(&doc) {
            common::check_coded(&doc, &coded);
        }
    }
});
