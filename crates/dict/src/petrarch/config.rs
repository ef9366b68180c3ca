//! PETRARCH `.ini` configuration files (formats.md §6): the `[Dictionaries]`
//! section names the files, `[Options]` sets coding options.

use crate::error::DictError;
use crate::source::sibling;
use std::path::{Path, PathBuf};

/// What a PETRARCH configuration names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PetrarchConfig {
    pub verbs: Option<PathBuf>,
    pub actors: Vec<PathBuf>,
    pub agents: Option<PathBuf>,
    pub discards: Option<PathBuf>,
    pub issues: Option<PathBuf>,
    /// `[Options]` key/value pairs with their line numbers.
    pub options: Vec<(usize, String, String)>,
}

/// Parses an `.ini` file's text; `path` locates relative names.
pub fn parse_config(text: &str, path: &Path) -> Result<PetrarchConfig, DictError> {
    let mut cfg = PetrarchConfig::default();
    let mut section = String::new();
    let bad = |line: usize, message: String| DictError::Config {
        path: path.to_path_buf(),
        message: format!("line {line}: {message}"),
    };
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if line.starts_with('[') {
            if !line.ends_with(']') {
                return Err(bad(n, format!("section header {line:?} must end with ]")));
            }
            section = line[1..line.len() - 1].trim().to_ascii_lowercase();
            continue;
        }
        let Some((key, value)) = line.split_once('=').or_else(|| line.split_once(':')) else {
            return Err(bad(n, format!("expected key = value, found {line:?}")));
        };
        let key = key.trim().to_ascii_lowercase();
        let value = value.split(" #").next().unwrap_or("").trim().to_string();
        match section.as_str() {
            "dictionaries" => {
                let file = |v: &str| sibling(path, v.trim());
                match key.as_str() {
                    "verbfile_name" => cfg.verbs = Some(file(&value)),
                    "actorfile_list" => {
                        cfg.actors = value
                            .split(',')
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(file)
                            .collect()
                    }
                    "agentfile_name" => cfg.agents = Some(file(&value)),
                    "discardfile_name" => cfg.discards = Some(file(&value)),
                    "issuefile_name" => cfg.issues = Some(file(&value)),
                    _ => {}
                }
            }
            "options" => cfg.options.push((n, key, value)),
            _ => {}
        }
    }
    if cfg.verbs.is_none() || cfg.actors.is_empty() {
        return Err(DictError::Config {
            path: path.to_path_buf(),
            message: "[Dictionaries] needs verbfile_name and actorfile_list".into(),
        });
    }
    Ok(cfg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sections() {
        let t = "[Dictionaries]\n# c\nverbfile_name    = CAMEO.2.0.txt\nactorfile_list   = A.txt, B.txt\nagentfile_name = G.txt\n[Options]\nrequire_dyad = True\n[StanfordNLP]\nstanford_dir = ~/x\n";
        let c = parse_config(t, Path::new("/d/PETR.ini")).unwrap();
        assert_eq!(c.verbs, Some(PathBuf::from("/d/CAMEO.2.0.txt")));
        assert_eq!(
            c.actors,
            [PathBuf::from("/d/A.txt"), PathBuf::from("/d/B.txt")]
        );
        assert_eq!(
            c.options,
            [(7, "require_dyad".to_string(), "True".to_string())]
        );
        assert!(parse_config("[Dictionaries]\nagentfile_name = x\n", Path::new("p.ini")).is_err());
        assert!(parse_config("[Dictionaries\n", Path::new("p.ini")).is_err());
    }
}
