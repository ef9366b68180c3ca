//! Loading a dictionary set from a path: a TABARI `.project`, a PETRARCH
//! `.ini`, a directory (files found by their conventional names), or a single
//! dictionary file. Strict by default: any malformed entry refuses the load;
//! lenient loads skip and count them.

use crate::error::{DictError, EntryError, Warning};
use crate::model::Dictionaries;
use crate::options::{CoderOptions, apply_petrarch_option};
use crate::petrarch::{self, verbs::VerbDialect};
use crate::source::{FileKind, Sink, SourceFile, decode, fnv1a};
use crate::tabari;
use std::path::{Path, PathBuf};

/// How to treat malformed entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LoadOptions {
    /// Skip malformed entries (and report them) instead of refusing the load.
    pub lenient: bool,
}

/// What happened during a load.
#[derive(Debug, Clone, Default)]
pub struct LoadReport {
    /// Malformed entries that were skipped (lenient loads only).
    pub skipped: Vec<EntryError>,
    pub warnings: Vec<Warning>,
    /// Files in a directory that were not recognized as dictionaries.
    pub ignored_files: Vec<PathBuf>,
}

/// Loads the dictionaries at `path`.
pub fn load(path: &Path, options: LoadOptions) -> Result<(Dictionaries, LoadReport), DictError> {
    let mut plan = Plan::default();
    let meta = std::fs::metadata(path).map_err(|source| DictError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if meta.is_dir() {
        if let Some(ini) = single_ini(path)? {
            let text = read_config(&ini)?;
            plan_ini(&text, &ini, &mut plan)?;
        } else {
            plan_directory(path, &mut plan)?;
        }
    } else {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if name.ends_with(".project") {
            let text = read_config(path)?;
            let p = tabari::project::parse_project(&text, path)?;
            plan.config = Some((
                path.to_path_buf(),
                FileKind::TabariProject,
                fnv1a(text.as_bytes()),
            ));
            plan.base_options = CoderOptions::tabari();
            for v in p.verbs {
                plan.files.push((v, FileKind::TabariVerbs));
            }
            for a in p.actors {
                plan.files.push((a, FileKind::TabariActors));
            }
            for a in p.agents {
                plan.files.push((a, FileKind::TabariAgents));
            }
            if let Some(o) = p.options {
                plan.files.push((o, FileKind::TabariOptions));
            }
        } else if name.ends_with(".ini") {
            let text = read_config(path)?;
            plan_ini(&text, path, &mut plan)?;
        } else {
            match kind_by_name(path) {
                Some(kind) => {
                    plan.base_options = default_options_for(kind);
                    plan.files.push((path.to_path_buf(), kind));
                }
                None => {
                    return Err(DictError::Config {
                        path: path.to_path_buf(),
                        message: "not a recognized dictionary: expected a .project, an .ini, a directory, or a file named like *.verbs, *.actors, *.agents, *.options, *actors*.txt, *agents*.txt, *verb*.txt, *discards*.txt, *issue*.txt".into(),
                    });
                }
            }
        }
    }
    let mut files = Vec::new();
    for (p, kind) in &plan.files {
        let bytes = std::fs::read(p).map_err(|source| DictError::Io {
            path: p.clone(),
            source,
        })?;
        files.push((p.clone(), *kind, bytes));
    }
    load_planned(plan, files, options)
}

/// The directory of dyad's own default dictionaries, as named in provenance.
pub const BUNDLED_DIR: &str = "dictionaries/default";

/// dyad's default dictionaries, compiled into the binary: the `.ini` that
/// names them, then each file by name.
const BUNDLED_INI: &str = include_str!("../../../dictionaries/default/dyad.ini");
const BUNDLED_FILES: &[(&str, &[u8])] = &[
    (
        "verbs.txt",
        include_bytes!("../../../dictionaries/default/verbs.txt"),
    ),
    (
        "countries.actors.txt",
        include_bytes!("../../../dictionaries/default/countries.actors.txt"),
    ),
    (
        "organizations.actors.txt",
        include_bytes!("../../../dictionaries/default/organizations.actors.txt"),
    ),
    (
        "people.actors.txt",
        include_bytes!("../../../dictionaries/default/people.actors.txt"),
    ),
    (
        "places.actors.txt",
        include_bytes!("../../../dictionaries/default/places.actors.txt"),
    ),
    (
        "agents.txt",
        include_bytes!("../../../dictionaries/default/agents.txt"),
    ),
    (
        "discards.txt",
        include_bytes!("../../../dictionaries/default/discards.txt"),
    ),
];

/// Loads dyad's own default dictionaries from the copy compiled into the
/// binary (`dictionaries/default` in the source tree, read through its
/// `dyad.ini`). Loading that directory with [`load`] gives the same set.
pub fn bundled() -> Result<(Dictionaries, LoadReport), DictError> {
    let ini = Path::new(BUNDLED_DIR).join("dyad.ini");
    let mut plan = Plan::default();
    plan_ini(BUNDLED_INI, &ini, &mut plan)?;
    let mut files = Vec::new();
    for (p, kind) in &plan.files {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some((_, bytes)) = BUNDLED_FILES.iter().find(|(n, _)| *n == name) else {
            return Err(DictError::Config {
                path: ini.clone(),
                message: format!("names {name}, which is not compiled into this binary"),
            });
        };
        files.push((p.clone(), *kind, bytes.to_vec()));
    }
    load_planned(plan, files, LoadOptions::default())
}

/// The one `.ini` file in `dir`, if there is exactly one.
fn single_ini(dir: &Path) -> Result<Option<PathBuf>, DictError> {
    let entries = std::fs::read_dir(dir).map_err(|source| DictError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut inis = Vec::new();
    for e in entries.flatten() {
        let p = e.path();
        let is_ini = p
            .extension()
            .is_some_and(|x| x.to_string_lossy().eq_ignore_ascii_case("ini"));
        if is_ini && p.is_file() {
            inis.push(p);
        }
    }
    Ok(if inis.len() == 1 { inis.pop() } else { None })
}

/// Plans a PETRARCH `.ini` (or dyad's own, which adds options).
fn plan_ini(text: &str, path: &Path, plan: &mut Plan) -> Result<(), DictError> {
    let c = petrarch::config::parse_config(text, path)?;
    plan.config = Some((
        path.to_path_buf(),
        FileKind::PetrarchConfig,
        fnv1a(text.as_bytes()),
    ));
    plan.base_options = petrarch_defaults();
    if let Some(v) = c.verbs {
        plan.files.push((v, FileKind::PetrarchVerbs));
    }
    for a in c.actors {
        plan.files.push((a, FileKind::PetrarchActors));
    }
    if let Some(a) = c.agents {
        plan.files.push((a, FileKind::PetrarchAgents));
    }
    if let Some(d) = c.discards {
        plan.files.push((d, FileKind::PetrarchDiscards));
    }
    if let Some(i) = c.issues {
        plan.files.push((i, FileKind::PetrarchIssues));
    }
    plan.petrarch_options = c.options;
    Ok(())
}

/// Loads the planned files (already read) and applies the plan's options.
fn load_planned(
    plan: Plan,
    files: Vec<(PathBuf, FileKind, Vec<u8>)>,
    options: LoadOptions,
) -> Result<(Dictionaries, LoadReport), DictError> {
    let config = plan
        .config
        .map(|(path, kind, hash)| SourceFile { path, kind, hash });
    let mut result = load_set(config, files, plan.base_options, options)?;
    let mut sink = Sink::default();
    for (line, key, value) in &plan.petrarch_options {
        if let Err(msg) = apply_petrarch_option(&mut result.0.options, key, value)
            && let Some(cfg) = result.0.files.first()
        {
            sink.error(&cfg.path.clone(), *line, 1, msg);
        }
    }
    finish(sink, options, &mut result.1)?;
    result.1.ignored_files = plan.ignored;
    Ok(result)
}

/// Loads dictionaries from in-memory files (name, kind, bytes), in order.
pub fn load_files(
    files: Vec<(PathBuf, FileKind, Vec<u8>)>,
    base_options: CoderOptions,
    options: LoadOptions,
) -> Result<(Dictionaries, LoadReport), DictError> {
    load_set(None, files, base_options, options)
}

/// Loads `files` after recording the configuration file that named them.
fn load_set(
    config: Option<SourceFile>,
    files: Vec<(PathBuf, FileKind, Vec<u8>)>,
    base_options: CoderOptions,
    options: LoadOptions,
) -> Result<(Dictionaries, LoadReport), DictError> {
    let mut dict = Dictionaries {
        options: base_options,
        ..Dictionaries::default()
    };
    if let Some(c) = config {
        dict.file_index(c);
    }
    let mut sink = Sink::default();
    for (path, kind, bytes) in files {
        let hash = fnv1a(&bytes);
        let text = decode(&path, bytes, &mut sink);
        let kind = match kind {
            FileKind::PetrarchVerbs | FileKind::Petrarch2Verbs => {
                match petrarch::verbs::detect_dialect(&text) {
                    VerbDialect::Petrarch1 => FileKind::PetrarchVerbs,
                    VerbDialect::Petrarch2 => FileKind::Petrarch2Verbs,
                }
            }
            k => k,
        };
        let file = dict.file_index(SourceFile {
            path: path.clone(),
            kind,
            hash,
        });
        match kind {
            FileKind::TabariVerbs => {
                tabari::verbs::load_verbs(&text, &path, file, &mut dict, &mut sink)
            }
            FileKind::TabariActors => {
                tabari::actors::load_actors(&text, &path, file, &mut dict, &mut sink)
            }
            FileKind::TabariAgents => {
                tabari::actors::load_agents(&text, &path, file, &mut dict, &mut sink)
            }
            FileKind::TabariOptions => {
                tabari::options::load_options(&text, &path, &mut dict, &mut sink)
            }
            FileKind::PetrarchVerbs => petrarch::verbs::load_verbs(
                &text,
                &path,
                file,
                VerbDialect::Petrarch1,
                &mut dict,
                &mut sink,
            ),
            FileKind::Petrarch2Verbs => petrarch::verbs::load_verbs(
                &text,
                &path,
                file,
                VerbDialect::Petrarch2,
                &mut dict,
                &mut sink,
            ),
            FileKind::PetrarchActors => {
                petrarch::actors::load_actors(&text, &path, file, &mut dict, &mut sink)
            }
            FileKind::PetrarchAgents => {
                petrarch::actors::load_agents(&text, &path, file, &mut dict, &mut sink)
            }
            FileKind::PetrarchDiscards => {
                petrarch::lists::load_discards(&text, &path, file, &mut dict, &mut sink)
            }
            FileKind::PetrarchIssues => {
                petrarch::lists::load_issues(&text, &path, file, &mut dict, &mut sink)
            }
            FileKind::TabariProject | FileKind::PetrarchConfig => {}
        }
    }
    let mut report = LoadReport::default();
    finish(sink, options, &mut report)?;
    Ok((dict, report))
}

fn finish(sink: Sink, options: LoadOptions, report: &mut LoadReport) -> Result<(), DictError> {
    report.warnings.extend(sink.warnings);
    if !sink.errors.is_empty() {
        if !options.lenient {
            return Err(DictError::Invalid {
                errors: sink.errors,
            });
        }
        report.skipped.extend(sink.errors);
    }
    Ok(())
}

#[derive(Default)]
struct Plan {
    config: Option<(PathBuf, FileKind, u64)>,
    files: Vec<(PathBuf, FileKind)>,
    base_options: CoderOptions,
    petrarch_options: Vec<(usize, String, String)>,
    ignored: Vec<PathBuf>,
}

fn read_config(path: &Path) -> Result<String, DictError> {
    let bytes = std::fs::read(path).map_err(|source| DictError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut sink = Sink::default();
    Ok(decode(path, bytes, &mut sink))
}

fn petrarch_defaults() -> CoderOptions {
    CoderOptions {
        comma: crate::options::CommaLimits::PETRARCH,
        style: crate::options::ParseStyle::Petrarch,
        ..CoderOptions::default()
    }
}

fn default_options_for(kind: FileKind) -> CoderOptions {
    match kind {
        FileKind::TabariVerbs
        | FileKind::TabariActors
        | FileKind::TabariAgents
        | FileKind::TabariOptions => CoderOptions::tabari(),
        _ => petrarch_defaults(),
    }
}

/// The kind of a dictionary file judged by its name.
pub fn kind_by_name(path: &Path) -> Option<FileKind> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    if name.ends_with(".verbs") {
        return Some(FileKind::TabariVerbs);
    }
    if name.ends_with(".actors") {
        return Some(FileKind::TabariActors);
    }
    if name.ends_with(".agents") {
        return Some(FileKind::TabariAgents);
    }
    if name.ends_with(".options") {
        return Some(FileKind::TabariOptions);
    }
    if !name.ends_with(".txt") {
        return None;
    }
    if name.contains("actors") {
        Some(FileKind::PetrarchActors)
    } else if name.contains("agents") {
        Some(FileKind::PetrarchAgents)
    } else if name.contains("discard") {
        Some(FileKind::PetrarchDiscards)
    } else if name.contains("issue") {
        Some(FileKind::PetrarchIssues)
    } else if name.contains("verb") {
        Some(FileKind::PetrarchVerbs)
    } else {
        None
    }
}

fn plan_directory(dir: &Path, plan: &mut Plan) -> Result<(), DictError> {
    let entries = std::fs::read_dir(dir).map_err(|source| DictError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut paths: Vec<PathBuf> = Vec::new();
    for e in entries {
        let e = e.map_err(|source| DictError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        if e.file_type().map(|t| t.is_file()).unwrap_or(false) {
            paths.push(e.path());
        }
    }
    paths.sort();
    let mut any_tabari = false;
    // verbs first, then actors, agents, options and lists, as TABARI and PETRARCH read them
    let rank = |k: FileKind| match k {
        FileKind::TabariVerbs | FileKind::PetrarchVerbs | FileKind::Petrarch2Verbs => 0,
        FileKind::TabariActors | FileKind::PetrarchActors => 1,
        FileKind::TabariAgents | FileKind::PetrarchAgents => 2,
        _ => 3,
    };
    let mut found: Vec<(PathBuf, FileKind)> = Vec::new();
    for p in paths {
        match kind_by_name(&p) {
            Some(k) => {
                any_tabari |= matches!(
                    k,
                    FileKind::TabariVerbs
                        | FileKind::TabariActors
                        | FileKind::TabariAgents
                        | FileKind::TabariOptions
                );
                found.push((p, k));
            }
            None => plan.ignored.push(p),
        }
    }
    found.sort_by_key(|(p, k)| (rank(*k), p.clone()));
    if !found.iter().any(|(_, k)| rank(*k) == 0) || !found.iter().any(|(_, k)| rank(*k) == 1) {
        return Err(DictError::Config {
            path: dir.to_path_buf(),
            message: "the directory needs at least one verbs file (*.verbs or *verb*.txt) and one actors file (*.actors or *actors*.txt)".into(),
        });
    }
    plan.base_options = if any_tabari {
        CoderOptions::tabari()
    } else {
        petrarch_defaults()
    };
    plan.files = found;
    Ok(())
}

#[cfg(test)]
mod bundled_tests {
    use super::*;

    #[test]
    fn bundled_set_loads_cleanly_and_matches_its_directory() {
        let (b, report) = bundled().expect("the bundled dictionaries load");
        assert!(report.skipped.is_empty());
        // every CAMEO root has a verb or a pattern
        let mut roots = std::collections::BTreeSet::new();
        let mut add = |c: &crate::code::EventCode| {
            if let crate::code::EventCode::Event {
                primary: Some(p), ..
            } = c
            {
                roots.insert(p.get(..2).unwrap_or("").to_string());
            }
        };
        for set in &b.verb_sets {
            add(&set.code);
            for pat in &set.patterns {
                add(&pat.code);
            }
        }
        for form in &b.verb_forms {
            if let Some(c) = &form.code {
                add(c);
            }
        }
        let want: std::collections::BTreeSet<String> =
            (1..=20).map(|r| format!("{r:02}")).collect();
        assert!(want.is_subset(&roots), "roots covered: {roots:?}");
        assert!(b.actors.len() > 1000, "actors: {}", b.actors.len());
        assert_eq!(b.options.style, crate::options::ParseStyle::Petrarch);
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../dictionaries/default");
        let (d, _) = load(&dir, LoadOptions::default()).expect("the directory loads");
        assert_eq!(d.fingerprint(), b.fingerprint());
        assert_eq!(d.options, b.options);
    }
}
