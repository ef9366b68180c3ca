//! `dyad eval GOLD.jsonl`: code every sentence of a gold file and score the
//! events against the annotation, at (source country, target country, CAMEO
//! root) and at (source country, target country, exact code), the two levels
//! of `docs/annotation.md` §8.2. Prints precision, recall and F1, a confusion
//! table of roots, and the items the coder got wrong with the rule that fired.

use super::code::DictionaryArgs;
use anyhow::{Context, Result, bail};
use dyad_coder::Coder;
use dyad_model::{Document, Event, country_key, is_null_actor};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(clap::Args)]
pub struct Args {
    /// Gold file: JSON Lines of {"id","date","text","events":[{"source","target","code"}]}.
    #[arg(value_name = "GOLD")]
    gold: PathBuf,
    #[command(flatten)]
    dictionaries: DictionaryArgs,
    /// End with one JSON object of the figures (the last line of the output).
    #[arg(long)]
    json: bool,
    /// List at most N items with a missed or spurious event (0: none).
    #[arg(long, value_name = "N", default_value_t = 20)]
    misses: usize,
    /// Count a key that occurs several times in one item once per occurrence,
    /// instead of collapsing an item's keys to a set (annotation.md §8.2).
    #[arg(long)]
    multiset: bool,
}

/// One gold item as written in the file.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct GoldLine {
    id: String,
    #[serde(default)]
    date: Option<String>,
    text: String,
    events: Vec<GoldEvent>,
}

#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct GoldEvent {
    source: String,
    target: String,
    code: String,
}

/// A gold item ready to code.
#[derive(Debug)]
struct GoldItem {
    line: usize,
    document: Document,
    events: Vec<GoldEvent>,
}

/// Actor role blocks a coder appends to an organisation code ("EU officials"
/// → `IGOEUREECGOV`). They are dropped from IGO, NGO and IMG codes before
/// scoring, so that the organisation alone is compared.
const ROLE_BLOCKS: &[&str] = &[
    "GOV", "MIL", "COP", "SPY", "LEG", "JUD", "MED", "CVL", "OPP", "REB", "BUS", "REF", "LAB",
    "AGR", "EDU", "HLH", "REL", "ELI", "CRM", "HRI", "PTY", "ENV", "DEV",
];

/// Blocks that name a U.N. agency right after `IGOUNO` (`IGOUNOHLH` is the
/// WHO, `IGOUNOREF` the UNHCR, `IGOUNOMIL` the peacekeepers): there they are
/// part of the organisation, not a role.
const UN_AGENCY_BLOCKS: &[&str] = &[
    "IAE", "HLH", "REF", "KID", "AGR", "JUD", "DEV", "EDU", "LAB", "ENV", "MIL",
];

/// The actor part of a scoring key: `dyad_model::country_key` (the country
/// block of a state actor, the whole code of an international or non-state
/// actor), with trailing role blocks removed from `IGO`, `NGO` and `IMG`
/// codes: `IGOEUREECGOV` → `IGOEUREEC`, `IGOUNOGOV` → `IGOUNO`, but
/// `IGOUNOHLH` (the WHO) and `IGOUNOIAE` (the IAEA) stay as they are.
pub fn scoring_key(code: &str) -> String {
    let key = country_key(code);
    if !(key.starts_with("IGO") || key.starts_with("NGO") || key.starts_with("IMG")) {
        return key.to_string();
    }
    let mut key = key;
    while key.len() > 6 && key.is_char_boundary(key.len() - 3) {
        let (rest, block) = key.split_at(key.len() - 3);
        let agency = rest == "IGOUNO" && UN_AGENCY_BLOCKS.contains(&block);
        if !ROLE_BLOCKS.contains(&block) || agency {
            break;
        }
        key = rest;
    }
    key.to_string()
}

/// A scoring key: source, target, and a root or a code.
type Key = (String, String, String);

fn root_of(code: &str) -> String {
    code.chars().take(2).collect()
}

fn root_key(source: &str, target: &str, code: &str) -> Key {
    (scoring_key(source), scoring_key(target), root_of(code))
}

fn code_key(source: &str, target: &str, code: &str) -> Key {
    (scoring_key(source), scoring_key(target), code.to_string())
}

/// True positives, false positives and false negatives.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub tp: u64,
    pub fp: u64,
    #[serde(rename = "fn")]
    pub fn_: u64,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
}

/// `a / b`, and 0 when `b` is 0 (no coded events: precision 0).
fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Compares one item's keys: as sets (duplicates collapse), or as multisets.
fn compare(gold: &[Key], coded: &[Key], multiset: bool) -> Counts {
    let (g, c) = (count_keys(gold, multiset), count_keys(coded, multiset));
    let mut out = Counts::default();
    for (k, &n) in &g {
        let m = c.get(k).copied().unwrap_or(0);
        out.tp += n.min(m);
        out.fn_ += n.saturating_sub(m);
    }
    for (k, &m) in &c {
        let n = g.get(k).copied().unwrap_or(0);
        out.fp += m.saturating_sub(n);
    }
    out
}

/// How often each key occurs (at most once unless `multiset`).
fn count_keys(keys: &[Key], multiset: bool) -> HashMap<&Key, u64> {
    let mut m: HashMap<&Key, u64> = HashMap::new();
    for k in keys {
        let n = m.entry(k).or_default();
        *n = if multiset { *n + 1 } else { 1 };
    }
    m
}

/// Figures of one level.
#[derive(Debug, Serialize)]
struct LevelReport {
    #[serde(flatten)]
    counts: Counts,
    precision: f64,
    recall: f64,
    f1: f64,
}

impl From<Counts> for LevelReport {
    fn from(counts: Counts) -> LevelReport {
        LevelReport {
            counts,
            precision: round4(counts.precision()),
            recall: round4(counts.recall()),
            f1: round4(counts.f1()),
        }
    }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// One cell of the root confusion table.
#[derive(Debug, Serialize)]
struct Cell {
    gold: String,
    coded: String,
    count: u64,
}

/// The final JSON line.
#[derive(Debug, Serialize)]
struct Summary {
    gold_file: String,
    dictionaries: String,
    items: usize,
    items_without_events: usize,
    items_with_misses: usize,
    gold_events: usize,
    coded_events: usize,
    multiset: bool,
    root: LevelReport,
    code: LevelReport,
    confusion: Vec<Cell>,
}

/// Reads a gold file; every problem names the file and line.
fn read_gold(path: &Path) -> Result<Vec<GoldItem>> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut items = Vec::new();
    let mut ids: HashSet<String> = HashSet::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let n = i + 1;
        let place = format!("{}:{n}", path.display());
        let line = line.with_context(|| format!("{place}: reading"))?;
        if line.trim().is_empty() {
            continue;
        }
        let g: GoldLine = serde_json::from_str(&line).with_context(|| {
            format!("{place}: not a gold item ({{\"id\",\"date\",\"text\",\"events\"}})")
        })?;
        if !ids.insert(g.id.clone()) {
            bail!("{place}: id {:?} was used on an earlier line", g.id);
        }
        if g.text.trim().is_empty() {
            bail!("{place}: item {:?} has an empty text", g.id);
        }
        let date = match g.date.as_deref().filter(|d| !d.is_empty()) {
            Some(d) => Some(
                dyad_model::parse_date(d)
                    .with_context(|| format!("{place}: date {d:?} is not YYYY-MM-DD"))?,
            ),
            None => None,
        };
        for (k, e) in g.events.iter().enumerate() {
            let c = &e.code;
            if !(3..=4).contains(&c.len())
                || !c.bytes().all(|b| b.is_ascii_digit())
                || dyad_model::cameo().get(c).is_none()
            {
                bail!(
                    "{place}: event {} of item {:?} has code {c:?}, which is not a CAMEO event code (see `dyad cameo`)",
                    k + 1,
                    g.id
                );
            }
        }
        items.push(GoldItem {
            line: n,
            document: Document {
                id: g.id,
                date,
                text: g.text,
                ..Document::default()
            },
            events: g.events,
        });
    }
    Ok(items)
}

/// Loads the dictionaries as `dyad code` does, and also reports their
/// warnings (patterns that can never match, undeclared synsets ...) on
/// standard error: a dictionary developer running `dyad eval` wants them.
fn load_coder(d: &DictionaryArgs) -> Result<(Coder, String)> {
    let options = dyad_dict::LoadOptions { lenient: d.lenient };
    let (dict, report, name) = match &d.dictionaries {
        Some(path) => {
            let (dict, report) = dyad_dict::load(path, options)
                .with_context(|| format!("loading dictionaries from {}", path.display()))?;
            (dict, report, path.display().to_string())
        }
        None => {
            let (dict, report) =
                dyad_dict::bundled().context("loading the bundled dictionaries")?;
            (dict, report, "dyad's bundled dictionaries".to_string())
        }
    };
    for w in &report.warnings {
        eprintln!("dyad: dictionary warning: {w}");
    }
    for e in &report.skipped {
        eprintln!("dyad: skipped malformed dictionary entry (--lenient): {e}");
    }
    Ok((Coder::new(Arc::new(dict)), name))
}

/// One item after coding.
struct Scored {
    item: GoldItem,
    gold: Vec<GoldEvent>,
    coded: Vec<Event>,
    root: Counts,
    code: Counts,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let items = read_gold(&args.gold)?;
    let (coder, dict_name) = load_coder(&args.dictionaries)?;
    let mut scored = Vec::with_capacity(items.len());
    for item in items {
        let coded = coder.code_document(&item.document).with_context(|| {
            format!(
                "{}:{}: item {:?}",
                args.gold.display(),
                item.line,
                item.document.id
            )
        })?;
        let gold: Vec<GoldEvent> = item
            .events
            .iter()
            .filter(|e| !is_null_actor(&e.source) && !is_null_actor(&e.target))
            .cloned()
            .collect();
        let coded: Vec<Event> = coded
            .events
            .into_iter()
            .filter(|e| !is_null_actor(&e.source) && !is_null_actor(&e.target))
            .collect();
        let keys_g = |f: fn(&str, &str, &str) -> Key| -> Vec<Key> {
            gold.iter()
                .map(|e| f(&e.source, &e.target, &e.code))
                .collect()
        };
        let keys_c = |f: fn(&str, &str, &str) -> Key| -> Vec<Key> {
            coded
                .iter()
                .map(|e| f(&e.source, &e.target, &e.code))
                .collect()
        };
        let root = compare(&keys_g(root_key), &keys_c(root_key), args.multiset);
        let code = compare(&keys_g(code_key), &keys_c(code_key), args.multiset);
        scored.push(Scored {
            item,
            gold,
            coded,
            root,
            code,
        });
    }
    let mut root = Counts::default();
    let mut code = Counts::default();
    for s in &scored {
        root.add(s.root);
        code.add(s.code);
    }
    let confusion = confusion(&scored, args.multiset);
    let gold_events: usize = scored.iter().map(|s| s.gold.len()).sum();
    let coded_events: usize = scored.iter().map(|s| s.coded.len()).sum();
    let with_misses: Vec<&Scored> = scored
        .iter()
        .filter(|s| s.code.fp + s.code.fn_ > 0)
        .collect();

    println!(
        "dyad eval: {} items from {}, coded with {}",
        scored.len(),
        args.gold.display(),
        dict_name
    );
    println!(
        "gold events {gold_events}, coded events {coded_events} (events with a null side are not counted); keys compared as {}",
        if args.multiset { "multisets" } else { "sets" }
    );
    println!();
    println!(
        "{:<32} {:>6} {:>6} {:>6} {:>10} {:>8} {:>8}",
        "level", "tp", "fp", "fn", "precision", "recall", "f1"
    );
    for (label, c) in [
        ("(country, country, root)", root),
        ("(country, country, code)", code),
    ] {
        println!(
            "{:<32} {:>6} {:>6} {:>6} {:>10.3} {:>8.3} {:>8.3}",
            label,
            c.tp,
            c.fp,
            c.fn_,
            c.precision(),
            c.recall(),
            c.f1()
        );
    }
    print_confusion(&confusion);
    if args.misses > 0 && !with_misses.is_empty() {
        println!();
        println!(
            "Items with a missed or spurious event: {} (showing {}); - gold event not coded, + coded event not in the gold; [root ok] when the (country, country, root) key matched",
            with_misses.len(),
            with_misses.len().min(args.misses)
        );
        for s in with_misses.iter().take(args.misses) {
            print_misses(s);
        }
    }
    if args.json {
        let summary = Summary {
            gold_file: args.gold.display().to_string(),
            dictionaries: dict_name,
            items: scored.len(),
            items_without_events: scored.iter().filter(|s| s.gold.is_empty()).count(),
            items_with_misses: with_misses.len(),
            gold_events,
            coded_events,
            multiset: args.multiset,
            root: root.into(),
            code: code.into(),
            confusion: confusion
                .iter()
                .map(|((g, c), &count)| Cell {
                    gold: g.clone(),
                    coded: c.clone(),
                    count,
                })
                .collect(),
        };
        println!("{}", serde_json::to_string(&summary)?);
    }
    Ok(ExitCode::SUCCESS)
}

/// Gold root × coded root for the (source, target) country pairs that both
/// the gold and the coder have in an item. Equal roots pair first; the rest
/// pair in code order, and a root left without a partner is counted against
/// `-`.
fn confusion(scored: &[Scored], multiset: bool) -> BTreeMap<(String, String), u64> {
    let mut table: BTreeMap<(String, String), u64> = BTreeMap::new();
    for s in scored {
        type Pair = (String, String);
        let mut gold: BTreeMap<Pair, Vec<String>> = BTreeMap::new();
        let mut coded: BTreeMap<Pair, Vec<String>> = BTreeMap::new();
        for e in &s.gold {
            let (a, b, r) = root_key(&e.source, &e.target, &e.code);
            gold.entry((a, b)).or_default().push(r);
        }
        for e in &s.coded {
            let (a, b, r) = root_key(&e.source, &e.target, &e.code);
            coded.entry((a, b)).or_default().push(r);
        }
        for (pair, mut g) in gold {
            let Some(mut c) = coded.remove(&pair) else {
                continue;
            };
            g.sort();
            c.sort();
            if !multiset {
                g.dedup();
                c.dedup();
            }
            let mut left_c: Vec<String> = Vec::new();
            for r in c {
                match g.iter().position(|x| *x == r) {
                    Some(i) => {
                        g.remove(i);
                        *table.entry((r.clone(), r)).or_default() += 1;
                    }
                    None => left_c.push(r),
                }
            }
            let n = g.len().max(left_c.len());
            for i in 0..n {
                let gr = g.get(i).cloned().unwrap_or_else(|| "-".into());
                let cr = left_c.get(i).cloned().unwrap_or_else(|| "-".into());
                *table.entry((gr, cr)).or_default() += 1;
            }
        }
    }
    table
}

fn print_confusion(table: &BTreeMap<(String, String), u64>) {
    if table.is_empty() {
        return;
    }
    let rows: BTreeSet<&String> = table.keys().map(|(g, _)| g).collect();
    let cols: BTreeSet<&String> = table.keys().map(|(_, c)| c).collect();
    println!();
    println!(
        "Roots: gold (rows) x coded (columns), for country pairs both have in an item; - no partner"
    );
    print!("{:>6}", "gold");
    for c in &cols {
        print!("{c:>5}");
    }
    println!();
    for r in rows {
        print!("{r:>6}");
        for c in &cols {
            match table.get(&(r.clone(), (*c).clone())) {
                Some(n) => print!("{n:>5}"),
                None => print!("{:>5}", "."),
            }
        }
        println!();
    }
}

fn print_misses(s: &Scored) {
    let doc = &s.item.document;
    let date = doc.date.map(|d| d.to_string()).unwrap_or_default();
    println!();
    println!("{} {} line {}: {}", doc.id, date, s.item.line, doc.text);
    let coded_codes: HashSet<Key> = s
        .coded
        .iter()
        .map(|e| code_key(&e.source, &e.target, &e.code))
        .collect();
    let coded_roots: HashSet<Key> = s
        .coded
        .iter()
        .map(|e| root_key(&e.source, &e.target, &e.code))
        .collect();
    let gold_codes: HashSet<Key> = s
        .gold
        .iter()
        .map(|e| code_key(&e.source, &e.target, &e.code))
        .collect();
    let gold_roots: HashSet<Key> = s
        .gold
        .iter()
        .map(|e| root_key(&e.source, &e.target, &e.code))
        .collect();
    let root_ok = |ok: bool| if ok { "  [root ok]" } else { "" };
    for e in &s.gold {
        if coded_codes.contains(&code_key(&e.source, &e.target, &e.code)) {
            continue;
        }
        let ok = coded_roots.contains(&root_key(&e.source, &e.target, &e.code));
        println!("  - {} {} {}{}", e.source, e.target, e.code, root_ok(ok));
    }
    for e in &s.coded {
        let hit = gold_codes.contains(&code_key(&e.source, &e.target, &e.code));
        let ok = gold_roots.contains(&root_key(&e.source, &e.target, &e.code));
        let mark = if hit { "=" } else { "+" };
        let sentence = if e.sentence.len() < doc.text.len() {
            format!("  in \"{}\"", e.sentence)
        } else {
            String::new()
        };
        println!(
            "  {mark} {} {} {}  {} {}{}{}",
            e.source,
            e.target,
            e.code,
            e.rule,
            e.rule.text,
            if hit { "" } else { root_ok(ok) },
            sentence
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str, t: &str, c: &str) -> Key {
        (s.into(), t.into(), c.into())
    }

    #[test]
    fn keys_keep_organisations_and_drop_roles() {
        assert_eq!(scoring_key("PRKMIL"), "PRK");
        assert_eq!(scoring_key("RUS"), "RUS");
        assert_eq!(scoring_key("IGOUNO"), "IGOUNO");
        assert_eq!(scoring_key("IGOUNOGOV"), "IGOUNO");
        assert_eq!(scoring_key("IGOEUREECGOV"), "IGOEUREEC");
        assert_eq!(scoring_key("IGOWSTNATMIL"), "IGOWSTNAT");
        assert_eq!(scoring_key("IGOUNOHLH"), "IGOUNOHLH");
        assert_eq!(scoring_key("IGOUNOHLHGOV"), "IGOUNOHLH");
        assert_eq!(scoring_key("IGOUNOIAE"), "IGOUNOIAE");
        assert_eq!(scoring_key("IGOUNOMIL"), "IGOUNOMIL");
        assert_eq!(scoring_key("IGOAFRAUMIL"), "IGOAFRAU");
        assert_eq!(scoring_key("IGOBUSIMF"), "IGOBUSIMF");
        assert_eq!(scoring_key("NGOHRI"), "NGOHRI");
        assert_eq!(scoring_key("IMGMOSISIREB"), "IMGMOSISI");
        assert_eq!(scoring_key("PSEREBHMSGOV"), "PSE");
    }

    #[test]
    fn sets_and_multisets() {
        let gold = [k("A", "B", "04"), k("A", "B", "04"), k("B", "A", "04")];
        let coded = [k("A", "B", "04"), k("C", "B", "19"), k("C", "B", "19")];
        assert_eq!(
            compare(&gold, &coded, false),
            Counts {
                tp: 1,
                fp: 1,
                fn_: 1
            }
        );
        assert_eq!(
            compare(&gold, &coded, true),
            Counts {
                tp: 1,
                fp: 2,
                fn_: 2
            }
        );
        let c = Counts {
            tp: 3,
            fp: 1,
            fn_: 3,
        };
        assert_eq!(c.precision(), 0.75);
        assert_eq!(c.recall(), 0.5);
        assert!((c.f1() - 0.6).abs() < 1e-12);
        assert_eq!(Counts::default().f1(), 0.0);
    }
}
