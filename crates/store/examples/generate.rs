//! Writes a synthetic but realistically shaped event store for benchmarks, and
//! reports ingest throughput.
//!
//! `cargo run --release -p dyad-store --example generate -- --events 10000000 --db /tmp/bench.db`
//!
//! Options: `--events N` (default 1,000,000), `--db PATH` (required; must not
//! exist unless `--append`), `--batch N` events per transaction (10,000),
//! `--days N` span of dates ending 2024-12-31 (1,096), `--seed N`, `--jsonl
//! PATH` (also write the events as `dyad code` JSONL, for `dyad ingest
//! --events`), `--jsonl-only` (write the JSONL file only, no store).
//!
//! Shape: countries drawn from a Zipf law over 80 CAMEO country codes (the
//! United States, China and Russia lead, as in GDELT and ICEWS), a role block
//! (GOV, MIL, ...) on most actors, 6% international organisations, 15%
//! domestic events; event roots weighted like GDELT's (statements,
//! consultations and cooperation intents dominate; force is about 4%); dates
//! uniform over the span with weekly rhythm; 1-6 events an article; a quarter
//! of events re-report an event already in the news that day, so deduplication
//! has work to do.

use dyad_model::{Date, Document, Event, RuleRef, Span, cameo};
use dyad_store::Store;
use std::io::Write;
use std::time::Instant;

const COUNTRIES: &[&str] = &[
    "USA", "CHN", "RUS", "GBR", "FRA", "DEU", "ISR", "IRN", "UKR", "IND", "PAK", "JPN", "TUR",
    "SYR", "IRQ", "AFG", "PSE", "KOR", "PRK", "SAU", "EGY", "AUS", "CAN", "BRA", "MEX", "ITA",
    "ESP", "NGA", "ZAF", "LBY", "YEM", "LBN", "QAT", "ARE", "VEN", "COL", "CUB", "POL", "BLR",
    "GEO", "ARM", "AZE", "KAZ", "TWN", "PHL", "VNM", "IDN", "MYS", "THA", "MMR", "BGD", "LKA",
    "NPL", "ETH", "SDN", "SSD", "SOM", "KEN", "COD", "MLI", "NER", "DZA", "MAR", "TUN", "JOR",
    "GRC", "CYP", "SRB", "HUN", "ROU", "NLD", "BEL", "SWE", "NOR", "FIN", "CHE", "AUT", "ARG",
    "CHL", "PER",
];
const ROLES: &[(&str, u32)] = &[
    ("", 20),
    ("GOV", 35),
    ("MIL", 12),
    ("BUS", 5),
    ("CVL", 6),
    ("OPP", 4),
    ("MED", 3),
    ("JUD", 3),
    ("LEG", 4),
    ("COP", 4),
    ("REB", 2),
    ("GOVMIL", 2),
];
const ORGANISATIONS: &[&str] = &[
    "IGOUNO",
    "IGOEUREEC",
    "IGONAT",
    "IGOAFRAFU",
    "IGOASNASE",
    "NGOHRI",
];
/// Share of events per CAMEO root, in percent (roughly GDELT's 2015-2020 mix).
const ROOT_WEIGHTS: [(&str, u32); 20] = [
    ("01", 18),
    ("02", 5),
    ("03", 8),
    ("04", 19),
    ("05", 7),
    ("06", 2),
    ("07", 3),
    ("08", 3),
    ("09", 2),
    ("10", 2),
    ("11", 7),
    ("12", 2),
    ("13", 2),
    ("14", 2),
    ("15", 1),
    ("16", 2),
    ("17", 6),
    ("18", 3),
    ("19", 4),
    ("20", 2),
];
const PUBLISHERS: &[&str] = &[
    "Reuters",
    "AP",
    "AFP",
    "BBC",
    "Xinhua",
    "TASS",
    "Yonhap",
    "Al Jazeera",
    "DW",
    "NHK",
    "The Hindu",
    "Dawn",
    "Haaretz",
    "Anadolu",
    "Kyodo",
    "CNN",
    "Le Monde",
    "El Pais",
];

/// SplitMix64: a small, fast, deterministic generator.
struct Random(u64);

impl Random {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
}

/// Cumulative weights for drawing from a table.
struct Weighted<T: Copy> {
    items: Vec<T>,
    cumulative: Vec<f64>,
}

impl<T: Copy> Weighted<T> {
    fn new(pairs: impl IntoIterator<Item = (T, f64)>) -> Weighted<T> {
        let mut items = Vec::new();
        let mut cumulative = Vec::new();
        let mut total = 0.0;
        for (item, weight) in pairs {
            total += weight;
            items.push(item);
            cumulative.push(total);
        }
        Weighted { items, cumulative }
    }
    fn draw(&self, random: &mut Random) -> T {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let x = (random.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * total;
        let i = self.cumulative.partition_point(|c| *c <= x);
        self.items[i.min(self.items.len() - 1)]
    }
}

struct Options {
    events: u64,
    db: Option<String>,
    batch: usize,
    days: i64,
    seed: u64,
    jsonl: Option<String>,
    jsonl_only: bool,
    append: bool,
}

fn parse_options() -> Result<Options, String> {
    let mut options = Options {
        events: 1_000_000,
        db: None,
        batch: 10_000,
        days: 1_096,
        seed: 20240619,
        jsonl: None,
        jsonl_only: false,
        append: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        let number = |text: String| {
            text.replace('_', "")
                .parse::<u64>()
                .map_err(|e| format!("{flag}: {text:?}: {e}"))
        };
        match flag.as_str() {
            "--events" => options.events = number(value()?)?,
            "--db" => options.db = Some(value()?),
            "--batch" => options.batch = number(value()?)?.max(1) as usize,
            "--days" => options.days = number(value()?)?.max(1) as i64,
            "--seed" => options.seed = number(value()?)?,
            "--jsonl" => options.jsonl = Some(value()?),
            "--jsonl-only" => options.jsonl_only = true,
            "--append" => options.append = true,
            other => return Err(format!("unknown option {other:?}")),
        }
    }
    Ok(options)
}

struct Generator {
    random: Random,
    countries: Weighted<&'static str>,
    roles: Weighted<&'static str>,
    codes: Weighted<&'static str>,
    first_day: Date,
    days: i64,
    /// Recent reports that later articles repeat.
    recent: Vec<(Date, String, String, &'static str)>,
}

impl Generator {
    fn new(seed: u64, days: i64) -> Generator {
        let countries = Weighted::new(
            COUNTRIES
                .iter()
                .enumerate()
                .map(|(rank, c)| (*c, 1.0 / (rank as f64 + 1.0))),
        );
        let roles = Weighted::new(ROLES.iter().map(|(r, w)| (*r, f64::from(*w))));
        let table = cameo();
        let codes = Weighted::new(table.codes().iter().filter(|c| c.code.len() >= 3).map(|c| {
            let root_weight = ROOT_WEIGHTS
                .iter()
                .find(|(root, _)| *root == c.root)
                .map_or(1, |(_, w)| *w);
            let siblings = table
                .codes()
                .iter()
                .filter(|o| o.root == c.root && o.code.len() >= 3)
                .count()
                .max(1);
            // The unspecified "0x0" code of a root is the most used one.
            let emphasis = if c.code.ends_with('0') && c.code.len() == 3 {
                4.0
            } else {
                1.0
            };
            (c.code, f64::from(root_weight) * emphasis / siblings as f64)
        }));
        let last_day = Date::from_ymd_opt(2024, 12, 31).unwrap_or_default();
        Generator {
            random: Random(seed),
            countries,
            roles,
            codes,
            first_day: last_day - chrono::Duration::days(days - 1),
            days,
            recent: Vec::new(),
        }
    }

    /// A country, or `None` for an international organisation.
    fn country(&mut self) -> Option<&'static str> {
        (!self.random.chance(6)).then(|| self.countries.draw(&mut self.random))
    }

    fn actor(&mut self, country: Option<&'static str>) -> String {
        match country {
            Some(country) => format!("{country}{}", self.roles.draw(&mut self.random)),
            None => ORGANISATIONS[self.random.below(ORGANISATIONS.len())].to_string(),
        }
    }

    fn day(&mut self) -> Date {
        loop {
            let offset = self.random.below(self.days as usize) as i64;
            let day = self.first_day + chrono::Duration::days(offset);
            // Fewer stories at weekends.
            let weekend = matches!(
                chrono::Datelike::weekday(&day),
                chrono::Weekday::Sat | chrono::Weekday::Sun
            );
            if !weekend || self.random.chance(60) {
                return day;
            }
        }
    }

    fn document(&mut self, number: u64, remaining: u64) -> (Document, Vec<Event>) {
        let id = format!("gen-{number:09}");
        let date = self.day();
        let count = (1 + self.random.below(6) as u64).min(remaining.max(1));
        let mut events = Vec::new();
        let mut text = String::new();
        for index in 0..count {
            let (source, target, code) = match self.recent.len() {
                n if n > 0 && self.random.chance(25) => {
                    let (_, s, t, c) = self.recent[self.random.below(n)].clone();
                    (s, t, c)
                }
                _ => {
                    let source_country = self.country();
                    let source = self.actor(source_country);
                    let target_country = match source_country {
                        Some(c) if self.random.chance(15) => Some(c),
                        _ => self.country(),
                    };
                    let target = self.actor(target_country);
                    (source, target, self.codes.draw(&mut self.random))
                }
            };
            if self.recent.len() < 256 {
                self.recent
                    .push((date, source.clone(), target.clone(), code));
            } else {
                let slot = self.random.below(256);
                self.recent[slot] = (date, source.clone(), target.clone(), code);
            }
            let name = cameo().get(code).map_or("acted towards", |c| c.name);
            let sentence = format!(
                "Officials of {source} said on {date} that they would {} {target}, according to a statement.",
                name.to_lowercase()
            );
            let sentence_start = text.len();
            text.push_str(&sentence);
            text.push(' ');
            let source_at = 13;
            let mut event = Event {
                doc_id: id.clone(),
                sentence_index: index as u32,
                date: Some(date),
                source: source.clone(),
                target: target.clone(),
                code: code.to_string(),
                root_code: None,
                quad_class: None,
                goldstein: None,
                plover: None,
                source_text: source.clone(),
                target_text: target.clone(),
                verb_text: name.to_lowercase(),
                source_span: Some(Span::new(source_at, source_at + source.len())),
                target_span: sentence
                    .find(&target)
                    .map(|at| Span::new(at, at + target.len())),
                verb_span: None,
                sentence,
                sentence_start,
                rule: RuleRef {
                    file: "CAMEO.2.0.txt".to_string(),
                    line: 1000 + self.random.below(4000) as u32,
                    text: format!("[{code}]"),
                },
                issues: Vec::new(),
            };
            event.fill_code_facts();
            events.push(event);
        }
        let document = Document {
            id,
            date: Some(date),
            source: Some(PUBLISHERS[self.random.below(PUBLISHERS.len())].to_string()),
            url: Some(format!("https://news.example/{number}")),
            text,
            metadata: serde_json::Map::new(),
        };
        (document, events)
    }
}

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("generate: {message}");
            std::process::ExitCode::from(1)
        }
    }
}

fn run() -> Result<(), String> {
    let options = parse_options()?;
    let mut store = match (&options.db, options.jsonl_only) {
        (_, true) => None,
        (Some(db), false) => {
            if std::path::Path::new(db).exists() && !options.append {
                return Err(format!("{db} exists: remove it or pass --append"));
            }
            Some(Store::open(db).map_err(|e| e.to_string())?)
        }
        (None, false) => {
            return Err("--db PATH is required (or --jsonl PATH --jsonl-only)".to_string());
        }
    };
    let mut jsonl = match &options.jsonl {
        Some(path) => Some(std::io::BufWriter::new(
            std::fs::File::create(path).map_err(|e| format!("{path}: {e}"))?,
        )),
        None => None,
    };
    let mut generator = Generator::new(options.seed, options.days);
    let mut written = 0u64;
    let mut documents = 0u64;
    let mut ingest_seconds = 0.0;
    let started = Instant::now();
    while written < options.events {
        let mut batch = Vec::new();
        let mut in_batch = 0;
        while in_batch < options.batch && written < options.events {
            let (document, events) = generator.document(documents, options.events - written);
            documents += 1;
            written += events.len() as u64;
            in_batch += events.len();
            if let Some(out) = jsonl.as_mut() {
                for event in &events {
                    serde_json::to_writer(&mut *out, event).map_err(|e| e.to_string())?;
                    out.write_all(b"\n").map_err(|e| e.to_string())?;
                }
            }
            batch.push((document, events));
        }
        if let Some(store) = store.as_mut() {
            let t = Instant::now();
            store
                .ingest_batch(&batch, "generated-v1")
                .map_err(|e| e.to_string())?;
            ingest_seconds += t.elapsed().as_secs_f64();
        }
    }
    if let Some(mut out) = jsonl {
        out.flush().map_err(|e| e.to_string())?;
    }
    let total = started.elapsed().as_secs_f64();
    println!("generated {written} events in {documents} documents in {total:.1} s");
    if store.is_some() {
        println!(
            "store ingest: {ingest_seconds:.1} s, {:.0} events/s (generation excluded)",
            written as f64 / ingest_seconds.max(1e-9)
        );
    }
    Ok(())
}
