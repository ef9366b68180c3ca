//! TABARI `.project` files (formats.md §2.1): `<tag> value` lines naming the
//! dictionaries and texts; other lines are comments. Names resolve against
//! the project's directory.

use crate::error::DictError;
use crate::source::sibling;
use std::path::{Path, PathBuf};

/// The files a project names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TabariProject {
    pub actors: Vec<PathBuf>,
    pub agents: Vec<PathBuf>,
    pub verbs: Vec<PathBuf>,
    pub options: Option<PathBuf>,
    pub texts: Vec<PathBuf>,
    pub issues: Option<PathBuf>,
}

/// Parses a project file's text; `path` locates relative names.
pub fn parse_project(text: &str, path: &Path) -> Result<TabariProject, DictError> {
    let mut p = TabariProject::default();
    for raw in text.lines() {
        let line = raw.trim();
        if !line.starts_with('<') {
            continue;
        }
        let Some(close) = line.find('>') else {
            continue;
        };
        let tag = line[1..close].trim().to_ascii_lowercase();
        let rest = &line[close + 1..];
        let value = rest.split('<').next().unwrap_or("").trim();
        let mut chars = tag.chars();
        let first = chars.next();
        let second = chars.next();
        if value.is_empty() {
            continue;
        }
        let file = || sibling(path, value);
        match (first, second) {
            (Some('a'), Some('c')) => p.actors.push(file()),
            (Some('a'), Some('g')) => p.agents.push(file()),
            (Some('v'), _) => p.verbs.push(file()),
            (Some('t'), _) => p.texts.push(file()),
            (Some('o'), Some('u')) => {}
            (Some('o'), _) => p.options = Some(file()),
            (Some('i'), _) => p.issues = Some(file()),
            _ => {}
        }
    }
    if p.actors.is_empty() || p.verbs.is_empty() {
        return Err(DictError::Config {
            path: path.to_path_buf(),
            message: "a TABARI project needs at least one <actorsfile> and one <verbsfile>".into(),
        });
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tags() {
        let text = "Validation file\n<problemfile> V.prob\n<actorsfile> \tA.actors\n<verbsfile> \tV.verbs\n<optionsfile> V.options\n<agentsfile>  V.agents\n<textfile> \t\tV.text\n<outputfile> o\n<session 1> <coder ***>\n";
        let p = parse_project(text, Path::new("/x/V.project")).unwrap();
        assert_eq!(p.actors, [PathBuf::from("/x/A.actors")]);
        assert_eq!(p.agents, [PathBuf::from("/x/V.agents")]);
        assert_eq!(p.verbs, [PathBuf::from("/x/V.verbs")]);
        assert_eq!(p.options, Some(PathBuf::from("/x/V.options")));
        assert_eq!(p.texts, [PathBuf::from("/x/V.text")]);
        assert!(parse_project("<textfile> t\n", Path::new("p")).is_err());
    }
}
