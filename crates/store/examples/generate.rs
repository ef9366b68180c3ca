//! Writes a synthetic but realistically shaped event store for benchmarks, and
//! reports ingest throughput.
//!
//! `cargo run --release -p dyad-store --example generate -- --events 10000000 --db /tmp/bench.db`
//!
//! Options: `--events N` (default 1,000,000), `--db PATH` (required; must not
//! exist unless `--append`), `--batch N` events per transaction (50,000),
//! `--days N` span of dates ending 2024-12-31 (1,096), `--seed N`, `--order
//! news|shuffled` (below), `--jsonl PATH` (also write the events as `dyad
//! code` JSONL, for `dyad ingest --events`), `--jsonl-only` (write the JSONL
//! file only, no store), `--stats` (print the shape of what was generated).
//!
//! Shape, modelled on CAMEO-coded news data (GDELT, ICEWS, Phoenix):
//!
//! - Actors: 140 CAMEO country codes with Zipf-distributed attention
//!   (exponent 1.1: the United States, China, Russia lead), a role block (GOV,
//!   MIL, ...) on most actors and sometimes two, 5% international
//!   organisations. About 2,000 distinct actor codes.
//! - Dyads are very skewed: 35% of events are domestic (USAGOV → USACVL), the
//!   rest fall on country pairs weighted by both sides' attention times an
//!   affinity that is high for 60 standing rivalries and alliances, so a few
//!   hundred country dyads carry most events (`--stats` prints the share).
//! - Time: the daily volume follows a weekly rhythm (weekends 60%) and a slow
//!   drift; crises start at random (about one every two days), each putting 5-40
//!   times its dyad's usual weight on it for 3-20 days.
//! - Roots weighted like GDELT's (statements, consultations and cooperation
//!   intents dominate; force is about 4%).
//! - Articles carry 1-6 events; 85% of events are dated on the article's day,
//!   the rest 1-7 days earlier (late reports); 30% of events re-report an
//!   event already in the news, so deduplication has work to do.
//! - Order: `news` (default) stores articles in publication order, as feeds
//!   and daily archives arrive; `shuffled` stores the same kind of articles
//!   with their days drawn at random over the whole span (a backfill from an
//!   unordered corpus), the worst case for the store's day-ordered indexes.

use dyad_model::{Date, Document, Event, RuleRef, Span, cameo, country_key};
use dyad_store::Store;
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::time::Instant;

const COUNTRIES: &[&str] = &[
    "USA", "CHN", "RUS", "GBR", "FRA", "DEU", "ISR", "IRN", "UKR", "IND", "PAK", "JPN", "TUR",
    "SYR", "IRQ", "AFG", "PSE", "KOR", "PRK", "SAU", "EGY", "AUS", "CAN", "BRA", "MEX", "ITA",
    "ESP", "NGA", "ZAF", "LBY", "YEM", "LBN", "QAT", "ARE", "VEN", "COL", "CUB", "POL", "BLR",
    "GEO", "ARM", "AZE", "KAZ", "TWN", "PHL", "VNM", "IDN", "MYS", "THA", "MMR", "BGD", "LKA",
    "NPL", "ETH", "SDN", "SSD", "SOM", "KEN", "COD", "MLI", "NER", "DZA", "MAR", "TUN", "JOR",
    "GRC", "CYP", "SRB", "HUN", "ROU", "NLD", "BEL", "SWE", "NOR", "FIN", "CHE", "AUT", "ARG",
    "CHL", "PER", "BHR", "KWT", "OMN", "IRL", "PRT", "DNK", "CZE", "SVK", "SVN", "HRV", "BIH",
    "ALB", "MKD", "BGR", "MDA", "LTU", "LVA", "EST", "UZB", "TKM", "KGZ", "TJK", "MNG", "KHM",
    "LAO", "SGP", "NZL", "PNG", "FJI", "HTI", "DOM", "JAM", "GTM", "HND", "SLV", "NIC", "CRI",
    "PAN", "ECU", "BOL", "PRY", "URY", "GHA", "CIV", "SEN", "CMR", "TCD", "CAF", "UGA", "RWA",
    "BDI", "TZA", "MOZ", "ZWE", "ZMB", "AGO", "NAM", "BWA",
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
    ("EDU", 2),
    ("HLH", 2),
    ("REL", 2),
    ("LAB", 1),
    ("ELI", 2),
    ("SPY", 1),
    ("UAF", 1),
    ("ENV", 1),
    ("REF", 1),
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

#[derive(Clone, Copy, PartialEq, Eq)]
enum Order {
    News,
    Shuffled,
}

struct Options {
    events: u64,
    db: Option<String>,
    batch: usize,
    days: i64,
    seed: u64,
    order: Order,
    jsonl: Option<String>,
    jsonl_only: bool,
    append: bool,
    stats: bool,
}

fn parse_options() -> Result<Options, String> {
    let mut options = Options {
        events: 1_000_000,
        db: None,
        batch: 50_000,
        days: 1_096,
        seed: 20240619,
        order: Order::News,
        jsonl: None,
        jsonl_only: false,
        append: false,
        stats: false,
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
            "--days" => options.days = number(value()?)?.clamp(1, 100_000) as i64,
            "--seed" => options.seed = number(value()?)?,
            "--order" => {
                options.order = match value()?.as_str() {
                    "news" => Order::News,
                    "shuffled" => Order::Shuffled,
                    other => return Err(format!("--order: {other:?} (expected news or shuffled)")),
                }
            }
            "--jsonl" => options.jsonl = Some(value()?),
            "--jsonl-only" => options.jsonl_only = true,
            "--append" => options.append = true,
            "--stats" => options.stats = true,
            other => return Err(format!("unknown option {other:?}")),
        }
    }
    Ok(options)
}

/// A crisis: extra weight on one country pair for a while.
struct Crisis {
    pair: (usize, usize),
    until: i64,
    intensity: f64,
}

struct Generator {
    random: Random,
    /// Country attention (Zipf).
    attention: Vec<f64>,
    /// Directed foreign country pairs and their base weights.
    pairs: Weighted<(usize, usize)>,
    countries: Weighted<usize>,
    roles: Weighted<&'static str>,
    codes: Weighted<&'static str>,
    first_day: Date,
    days: i64,
    order: Order,
    /// Events per day on average.
    per_day: f64,
    /// The day being written (offset from `first_day`) and what is left of it.
    today: i64,
    left_today: u64,
    crises: Vec<Crisis>,
    /// Recent reports that later articles repeat.
    recent: Vec<(Date, String, String, &'static str)>,
}

impl Generator {
    fn new(seed: u64, days: i64, events: u64, order: Order) -> Generator {
        let mut random = Random(seed);
        let attention: Vec<f64> = (0..COUNTRIES.len())
            .map(|rank| 1.0 / (rank as f64 + 1.0).powf(1.1))
            .collect();
        // Standing rivalries and alliances among the 40 most covered countries.
        let mut affinity = vec![1.0; COUNTRIES.len() * COUNTRIES.len()];
        for _ in 0..60 {
            let a = random.below(40);
            let b = random.below(40);
            if a != b {
                let boost = 10.0 + random.below(40) as f64;
                affinity[a * COUNTRIES.len() + b] = boost;
                affinity[b * COUNTRIES.len() + a] = boost;
            }
        }
        let mut pairs = Vec::new();
        for a in 0..COUNTRIES.len() {
            for b in 0..COUNTRIES.len() {
                if a != b {
                    let weight = attention[a] * attention[b] * affinity[a * COUNTRIES.len() + b];
                    pairs.push(((a, b), weight));
                }
            }
        }
        let countries = Weighted::new(attention.iter().copied().enumerate());
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
            random,
            attention,
            pairs: Weighted::new(pairs),
            countries,
            roles,
            codes,
            first_day: last_day - chrono::Duration::days(days - 1),
            days,
            order,
            per_day: events as f64 / days as f64,
            today: -1,
            left_today: 0,
            crises: Vec::new(),
            recent: Vec::new(),
        }
    }

    fn unit(&mut self) -> f64 {
        (self.random.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Moves to the next day: its volume, and crises starting and ending.
    fn next_day(&mut self) {
        self.today += 1;
        let date = self.first_day + chrono::Duration::days(self.today.min(self.days - 1));
        let weekend = matches!(
            chrono::Datelike::weekday(&date),
            chrono::Weekday::Sat | chrono::Weekday::Sun
        );
        // Weekly rhythm (5 weekdays at 1, 2 weekend days at 0.6, mean 1) and a slow drift.
        let rhythm = if weekend { 0.6 } else { 1.16 };
        let drift = 1.0 + 0.2 * (self.today as f64 / 180.0 * std::f64::consts::TAU).sin();
        self.left_today = (self.per_day * rhythm * drift).round().max(1.0) as u64;
        let today = self.today;
        self.crises.retain(|c| c.until >= today);
        if self.random.chance(50) {
            let pair = self.pairs.draw(&mut self.random);
            let intensity = 5.0 + self.unit() * 35.0;
            let until = self.today + 3 + self.random.below(18) as i64;
            self.crises.push(Crisis {
                pair,
                until,
                intensity,
            });
        }
    }

    fn role(&mut self) -> &'static str {
        self.roles.draw(&mut self.random)
    }

    fn actor(&mut self, country: Option<usize>) -> String {
        match country {
            Some(c) => {
                let mut code = format!("{}{}", COUNTRIES[c], self.role());
                if self.random.chance(3) {
                    code.push_str(self.role());
                }
                code
            }
            None => ORGANISATIONS[self.random.below(ORGANISATIONS.len())].to_string(),
        }
    }

    /// A fresh (source, target) pair of actor codes.
    fn dyad(&mut self) -> (String, String) {
        if self.random.chance(5) {
            let other = Some(self.countries.draw(&mut self.random));
            let organisation = self.actor(None);
            let country = self.actor(other);
            return if self.random.chance(50) {
                (organisation, country)
            } else {
                (country, organisation)
            };
        }
        if self.random.chance(35) {
            let country = Some(self.countries.draw(&mut self.random));
            return (self.actor(country), self.actor(country));
        }
        // Crises take a share of the foreign events in proportion to their intensity.
        let crisis_weight: f64 = self
            .crises
            .iter()
            .map(|c| c.intensity * self.attention[c.pair.0] * self.attention[c.pair.1] * 0.02)
            .sum();
        let pair = if !self.crises.is_empty() && self.unit() < crisis_weight / (crisis_weight + 1.0)
        {
            let c = self.random.below(self.crises.len());
            let (a, b) = self.crises[c].pair;
            if self.random.chance(50) {
                (a, b)
            } else {
                (b, a)
            }
        } else {
            self.pairs.draw(&mut self.random)
        };
        (self.actor(Some(pair.0)), self.actor(Some(pair.1)))
    }

    fn document(&mut self, number: u64, remaining: u64) -> (Document, Vec<Event>) {
        let id = format!("gen-{number:09}");
        if self.left_today == 0 {
            self.next_day();
        }
        let offset = match self.order {
            Order::News => self.today.min(self.days - 1),
            Order::Shuffled => self.random.below(self.days as usize) as i64,
        };
        let date = self.first_day + chrono::Duration::days(offset);
        let count = (1 + self.random.below(6) as u64).min(remaining.max(1));
        self.left_today = self.left_today.saturating_sub(count);
        let mut events = Vec::new();
        let mut text = String::new();
        for index in 0..count {
            let (event_date, source, target, code) = match self.recent.len() {
                n if n > 0 && self.random.chance(30) => {
                    let (d, s, t, c) = self.recent[self.random.below(n)].clone();
                    (d, s, t, c)
                }
                _ => {
                    let late = match self.random.below(100) {
                        0..85 => 0,
                        85..95 => 1,
                        _ => 2 + self.random.below(6) as i64,
                    };
                    let (source, target) = self.dyad();
                    let code = self.codes.draw(&mut self.random);
                    (date - chrono::Duration::days(late), source, target, code)
                }
            };
            let entry = (event_date, source.clone(), target.clone(), code);
            if self.recent.len() < 2048 {
                self.recent.push(entry);
            } else {
                let slot = self.random.below(2048);
                self.recent[slot] = entry;
            }
            let name = cameo().get(code).map_or("acted towards", |c| c.name);
            let sentence = format!(
                "Officials of {source} said on {event_date} that they would {} {target}, according to a statement.",
                name.to_lowercase()
            );
            let sentence_start = text.len();
            text.push_str(&sentence);
            text.push(' ');
            let source_at = 13;
            let mut event = Event {
                doc_id: id.clone(),
                sentence_index: index as u32,
                date: Some(event_date),
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

/// Counts for `--stats`: how skewed what was generated is.
#[derive(Default)]
struct Shape {
    country_dyads: HashMap<(String, String), u64>,
    actors: HashSet<String>,
    daily: HashSet<(String, String, Date)>,
    monthly: HashSet<(String, String, i32, u32)>,
    events: u64,
}

impl Shape {
    fn add(&mut self, event: &Event) {
        use chrono::Datelike;
        self.events += 1;
        let key = (
            country_key(&event.source).to_string(),
            country_key(&event.target).to_string(),
        );
        *self.country_dyads.entry(key).or_default() += 1;
        self.actors.insert(event.source.clone());
        self.actors.insert(event.target.clone());
        if let Some(d) = event.date {
            self.daily
                .insert((event.source.clone(), event.target.clone(), d));
            self.monthly.insert((
                event.source.clone(),
                event.target.clone(),
                d.year(),
                d.month(),
            ));
        }
    }

    fn print(&self) {
        let mut counts: Vec<u64> = self.country_dyads.values().copied().collect();
        counts.sort_unstable_by(|a, b| b.cmp(a));
        let share = |n: usize| {
            counts.iter().take(n).sum::<u64>() as f64 / self.events.max(1) as f64 * 100.0
        };
        println!(
            "shape: {} actors, {} directed country dyads; top 10 carry {:.0}%, top 100 {:.0}%, top 300 {:.0}% of events (domestic included)",
            self.actors.len(),
            counts.len(),
            share(10),
            share(100),
            share(300)
        );
        println!(
            "shape: {} daily aggregate rows, {} monthly rows",
            self.daily.len(),
            self.monthly.len()
        );
    }
}

/// CPU time this thread has run, in seconds (Linux `/proc/thread-self/schedstat`;
/// 0 elsewhere). Ingest runs on this thread, so differences measure its CPU
/// time apart from whatever else the machine runs.
fn thread_cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(0.0, |ns| ns as f64 / 1e9)
}

/// CPU time of the whole process (every thread), in seconds, from
/// `/proc/self/stat` (clock ticks of 1/100 s); 0 elsewhere.
fn process_cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which is in parentheses): utime is the 12th, stime the 13th.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or(Vec::new(), |(_, rest)| rest.split_whitespace().collect());
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
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
    let process_cpu_start = process_cpu_seconds();
    let mut outside_since = thread_cpu_seconds();
    let mut generator = Generator::new(options.seed, options.days, options.events, options.order);
    let mut shape = options.stats.then(Shape::default);
    let mut written = 0u64;
    let mut documents = 0u64;
    let mut ingest_seconds = 0.0;
    let mut ingest_cpu = 0.0;
    // The main thread's CPU outside the store calls (generating): the rest of
    // the process's CPU is the store's, on every thread it uses.
    let mut generation_cpu = 0.0;
    let mut store_written = false;
    let started = Instant::now();
    while written < options.events {
        let mut batch = Vec::new();
        let mut in_batch = 0;
        while in_batch < options.batch && written < options.events {
            let (document, events) = generator.document(documents, options.events - written);
            documents += 1;
            written += events.len() as u64;
            if let Some(shape) = shape.as_mut() {
                events.iter().for_each(|e| shape.add(e));
            }
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
            let cpu = thread_cpu_seconds();
            generation_cpu += cpu - outside_since;
            store
                .ingest_batch(&batch, "generated-v1")
                .map_err(|e| e.to_string())?;
            ingest_seconds += t.elapsed().as_secs_f64();
            outside_since = thread_cpu_seconds();
            ingest_cpu += outside_since - cpu;
        }
    }
    if let Some(shape) = &shape {
        shape.print();
    }
    if let Some(store) = store.take() {
        // Closing checkpoints what is left of the write-ahead log: part of ingest.
        let t = Instant::now();
        let cpu = thread_cpu_seconds();
        generation_cpu += cpu - outside_since;
        drop(store);
        ingest_seconds += t.elapsed().as_secs_f64();
        ingest_cpu += thread_cpu_seconds() - cpu;
        store_written = true;
    }
    if let Some(mut out) = jsonl {
        out.flush().map_err(|e| e.to_string())?;
    }
    let total = started.elapsed().as_secs_f64();
    println!("generated {written} events in {documents} documents in {total:.1} s");
    if store_written {
        let process_cpu = process_cpu_seconds() - process_cpu_start;
        let store_cpu = process_cpu - generation_cpu;
        println!(
            "process CPU (generation, ingest and the checkpoint thread): {process_cpu:.1} s; \
             the store's on all threads (process minus generation): {store_cpu:.1} s, \
             {:.0} events per CPU second",
            written as f64 / store_cpu.max(1e-9)
        );
        println!(
            "store ingest: {ingest_seconds:.1} s wall, {:.0} events/s (generation excluded); \
             {ingest_cpu:.1} s CPU, {:.0} events per CPU second",
            written as f64 / ingest_seconds.max(1e-9),
            written as f64 / ingest_cpu.max(1e-9)
        );
    }
    Ok(())
}
