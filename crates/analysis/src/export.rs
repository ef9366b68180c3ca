//! Event writers: every file format dyad writes events in, streaming.
//!
//! [`EventWriter`] takes one event at a time ([`EventWriter::write`]) and is
//! closed with [`EventWriter::finish`], so a coder can write as it goes and an
//! export of millions of stored events never holds them all in memory.
//!
//! Formats ([`EventFormat`]):
//!
//! - `jsonl`: one `dyad_model::Event` per line (serde), plus `event_id`,
//!   `mentions`, `sources`, `articles`, `source_url` when the caller knows them.
//!   `dyad ingest --events` reads this back.
//! - `csv` / `tsv`: a header row and one row per event with every event field
//!   (spans as start/end columns, issues joined with `;`), RFC 4180 quoting.
//! - `gdelt`: the 61 columns of the GDELT 2.0 Event table, in GDELT's order,
//!   tab-separated, no header (GDELT's own files have none). What dyad does not
//!   know (ethnicity, religion, geography, tone) stays empty. Tabs and line
//!   breaks inside fields become spaces, since GDELT files have no quoting.
//! - `icews`: the 20 columns of the ICEWS coded-event files, tab-separated with
//!   ICEWS's header. Sectors hold the CAMEO role blocks ("GOV,MIL") and
//!   countries the CAMEO country code, since dyad has no ICEWS sector or
//!   country-name tables; geography stays empty.
//! - `plover`: one JSON object a line in PLOVER's vocabulary (`event_type` from
//!   the model's PLOVER field, `actor`/`recipient` with their countries).
//! - `parquet`: one row per event with every event field, typed columns
//!   (dates as Date32, quad class as UInt8, issues as a list of strings),
//!   Snappy-compressed, written in row groups of [`PARQUET_BATCH_ROWS`].

use arrow_array::builder::{
    Date32Builder, Float64Builder, Int64Builder, ListBuilder, StringBuilder, UInt8Builder,
    UInt32Builder, UInt64Builder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use dyad_model::{Event, Span, country_key, lookup};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;
use serde::Serialize;
use std::io::Write;
use std::str::FromStr;
use std::sync::Arc;

/// Rows buffered before a Parquet record batch is written.
pub const PARQUET_BATCH_ROWS: usize = 65_536;

/// Errors while writing events.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("unknown event format {name:?} (expected one of: {expected})")]
    UnknownFormat { name: String, expected: String },
    #[error("writing events: {0}")]
    Io(#[from] std::io::Error),
    #[error("writing CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("writing JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("writing Parquet: {0}")]
    Parquet(#[from] ParquetError),
    #[error("building Arrow columns: {0}")]
    Arrow(#[from] ArrowError),
}

/// The formats dyad writes events in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventFormat {
    Jsonl,
    Csv,
    Tsv,
    Gdelt,
    Icews,
    Plover,
    Parquet,
}

impl EventFormat {
    /// Every format, in the order help texts list them.
    pub const ALL: [EventFormat; 7] = [
        EventFormat::Jsonl,
        EventFormat::Csv,
        EventFormat::Tsv,
        EventFormat::Gdelt,
        EventFormat::Icews,
        EventFormat::Plover,
        EventFormat::Parquet,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            EventFormat::Jsonl => "jsonl",
            EventFormat::Csv => "csv",
            EventFormat::Tsv => "tsv",
            EventFormat::Gdelt => "gdelt",
            EventFormat::Icews => "icews",
            EventFormat::Plover => "plover",
            EventFormat::Parquet => "parquet",
        }
    }

    /// True for formats whose bytes are not text (they cannot go to a terminal).
    pub fn is_binary(self) -> bool {
        self == EventFormat::Parquet
    }
}

impl std::fmt::Display for EventFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for EventFormat {
    type Err = ExportError;
    fn from_str(text: &str) -> Result<Self, ExportError> {
        let wanted = text.trim().to_ascii_lowercase();
        EventFormat::ALL
            .into_iter()
            .find(|f| f.name() == wanted)
            .ok_or_else(|| ExportError::UnknownFormat {
                name: text.to_string(),
                expected: EventFormat::ALL.map(EventFormat::name).join(", "),
            })
    }
}

/// How often an event was reported: GDELT's NumMentions, NumSources and
/// NumArticles. A raw (not deduplicated) event is one mention in one article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Mentions {
    pub mentions: u64,
    pub sources: u64,
    pub articles: u64,
}

impl Mentions {
    /// One mention, in one article from one source.
    pub const SINGLE: Mentions = Mentions {
        mentions: 1,
        sources: 1,
        articles: 1,
    };
}

/// What a store knows about an event beyond the event itself. Every field is
/// optional: a coder writing fresh events has none of them.
#[derive(Debug, Clone, Copy, Default)]
pub struct EventContext<'a> {
    /// The store's integer id (GDELT's GlobalEventID).
    pub event_id: Option<i64>,
    /// Mention counts; `None` means a single mention.
    pub mentions: Option<Mentions>,
    /// The document's URL (GDELT's SOURCEURL).
    pub source_url: Option<&'a str>,
    /// The document's publisher or feed (ICEWS's Publisher).
    pub publisher: Option<&'a str>,
    /// When the event entered the store (GDELT's DATEADDED), UTC.
    pub date_added: Option<NaiveDateTime>,
}

/// A streaming writer of events in one [`EventFormat`].
pub struct EventWriter<W: Write + Send> {
    sink: Sink<W>,
    written: u64,
}

enum Sink<W: Write + Send> {
    Jsonl(W),
    Plover(W),
    Table(Box<csv::Writer<W>>, TableLayout),
    Gdelt(W),
    Parquet(Box<ParquetSink<W>>),
}

#[derive(Clone, Copy)]
enum TableLayout {
    Full,
    Icews,
}

impl<W: Write + Send> EventWriter<W> {
    /// A writer of `format` into `out`. Headers (CSV, TSV, ICEWS) are written
    /// now; wrap `out` in a `BufWriter` when it is a file.
    pub fn new(format: EventFormat, out: W) -> Result<EventWriter<W>, ExportError> {
        let sink = match format {
            EventFormat::Jsonl => Sink::Jsonl(out),
            EventFormat::Plover => Sink::Plover(out),
            EventFormat::Gdelt => Sink::Gdelt(out),
            EventFormat::Csv | EventFormat::Tsv => {
                let delimiter = if format == EventFormat::Csv {
                    b','
                } else {
                    b'\t'
                };
                let mut table = csv::WriterBuilder::new()
                    .delimiter(delimiter)
                    .from_writer(out);
                table.write_record(FULL_COLUMNS)?;
                Sink::Table(Box::new(table), TableLayout::Full)
            }
            EventFormat::Icews => {
                let mut table = csv::WriterBuilder::new()
                    .delimiter(b'\t')
                    .quote_style(csv::QuoteStyle::Never)
                    .from_writer(out);
                table.write_record(ICEWS_COLUMNS)?;
                Sink::Table(Box::new(table), TableLayout::Icews)
            }
            EventFormat::Parquet => Sink::Parquet(Box::new(ParquetSink::new(out)?)),
        };
        Ok(EventWriter { sink, written: 0 })
    }

    /// Writes one event that has no stored context (a fresh coder result).
    pub fn write(&mut self, event: &Event) -> Result<(), ExportError> {
        self.write_with(event, &EventContext::default())
    }

    /// Writes one event with what the store knows about it.
    pub fn write_with(
        &mut self,
        event: &Event,
        context: &EventContext<'_>,
    ) -> Result<(), ExportError> {
        match &mut self.sink {
            Sink::Jsonl(out) => {
                serde_json::to_writer(&mut *out, &JsonlRecord::new(event, context))?;
                out.write_all(b"\n")?;
            }
            Sink::Plover(out) => {
                serde_json::to_writer(&mut *out, &PloverRecord::new(event, context))?;
                out.write_all(b"\n")?;
            }
            Sink::Table(table, TableLayout::Full) => {
                table.write_record(full_row(event, context))?;
            }
            Sink::Table(table, TableLayout::Icews) => {
                table.write_record(icews_row(event, context))?;
            }
            Sink::Gdelt(out) => {
                let row = gdelt_row(event, context);
                for (i, field) in row.iter().enumerate() {
                    if i > 0 {
                        out.write_all(b"\t")?;
                    }
                    out.write_all(flatten_whitespace(field).as_bytes())?;
                }
                out.write_all(b"\n")?;
            }
            Sink::Parquet(parquet) => parquet.push(event, context)?,
        }
        self.written += 1;
        Ok(())
    }

    /// How many events have been written so far.
    pub fn written(&self) -> u64 {
        self.written
    }

    /// Flushes everything (for Parquet: the last row group and the footer) and
    /// hands back the output.
    pub fn finish(self) -> Result<W, ExportError> {
        match self.sink {
            Sink::Jsonl(mut out) | Sink::Plover(mut out) | Sink::Gdelt(mut out) => {
                out.flush()?;
                Ok(out)
            }
            Sink::Table(table, _) => table
                .into_inner()
                .map_err(|e| ExportError::Io(e.into_error())),
            Sink::Parquet(parquet) => parquet.finish(),
        }
    }
}

/// Writes every event of `events` in `format` and returns the output.
pub fn write_events<'e, W: Write + Send>(
    format: EventFormat,
    out: W,
    events: impl IntoIterator<Item = &'e Event>,
) -> Result<W, ExportError> {
    let mut writer = EventWriter::new(format, out)?;
    for event in events {
        writer.write(event)?;
    }
    writer.finish()
}

// ---------------------------------------------------------------- JSON Lines

#[derive(Serialize)]
struct JsonlRecord<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    event_id: Option<i64>,
    #[serde(flatten)]
    event: &'a Event,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    mentions: Option<Mentions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_url: Option<&'a str>,
}

impl<'a> JsonlRecord<'a> {
    fn new(event: &'a Event, context: &EventContext<'a>) -> JsonlRecord<'a> {
        JsonlRecord {
            event_id: context.event_id,
            event,
            mentions: context.mentions,
            source_url: context.source_url,
        }
    }
}

// ------------------------------------------------------------------- PLOVER

#[derive(Serialize)]
struct PloverRecord<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    event_id: Option<i64>,
    event_date: Option<String>,
    event_type: Option<&'a str>,
    /// PLOVER's mode and context need a PLOVER coder; CAMEO-coded events have neither.
    event_mode: Option<&'a str>,
    event_context: Vec<&'a str>,
    event_text: &'a str,
    actor: &'a str,
    actor_code: &'a str,
    actor_country: Option<&'a str>,
    recipient: &'a str,
    recipient_code: &'a str,
    recipient_country: Option<&'a str>,
    cameo_code: &'a str,
    quad_class: Option<u8>,
    goldstein: Option<f64>,
    story_id: &'a str,
    sentence_index: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mentions: Option<u64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    issues: &'a Vec<String>,
}

impl<'a> PloverRecord<'a> {
    fn new(event: &'a Event, context: &EventContext<'a>) -> PloverRecord<'a> {
        PloverRecord {
            event_id: context.event_id,
            event_date: event.date.map(|d| d.to_string()),
            event_type: event.plover.as_deref(),
            event_mode: None,
            event_context: Vec::new(),
            event_text: &event.sentence,
            actor: &event.source_text,
            actor_code: &event.source,
            actor_country: country_code(&event.source),
            recipient: &event.target_text,
            recipient_code: &event.target,
            recipient_country: country_code(&event.target),
            cameo_code: &event.code,
            quad_class: event.quad_class.map(|q| q.number()),
            goldstein: event.goldstein,
            story_id: &event.doc_id,
            sentence_index: event.sentence_index,
            publisher: context.publisher,
            source_url: context.source_url,
            mentions: context.mentions.map(|m| m.mentions),
            issues: &event.issues,
        }
    }
}

// ------------------------------------------------------------- CSV and TSV

/// The columns of the `csv` and `tsv` formats, in order.
pub const FULL_COLUMNS: [&str; 30] = [
    "event_id",
    "date",
    "doc_id",
    "sentence_index",
    "source",
    "target",
    "code",
    "root_code",
    "quad_class",
    "goldstein",
    "plover",
    "source_text",
    "target_text",
    "verb_text",
    "sentence",
    "source_start",
    "source_end",
    "target_start",
    "target_end",
    "verb_start",
    "verb_end",
    "sentence_start",
    "rule_file",
    "rule_line",
    "rule_text",
    "issues",
    "mentions",
    "sources",
    "articles",
    "source_url",
];

fn full_row(event: &Event, context: &EventContext<'_>) -> [String; 30] {
    let mentions = context.mentions.unwrap_or(Mentions::SINGLE);
    let (source_start, source_end) = span_fields(event.source_span);
    let (target_start, target_end) = span_fields(event.target_span);
    let (verb_start, verb_end) = span_fields(event.verb_span);
    [
        optional(context.event_id),
        optional(event.date),
        event.doc_id.clone(),
        event.sentence_index.to_string(),
        event.source.clone(),
        event.target.clone(),
        event.code.clone(),
        event.root_code.clone().unwrap_or_default(),
        optional(event.quad_class.map(|q| q.number())),
        optional(event.goldstein),
        event.plover.clone().unwrap_or_default(),
        event.source_text.clone(),
        event.target_text.clone(),
        event.verb_text.clone(),
        event.sentence.clone(),
        source_start,
        source_end,
        target_start,
        target_end,
        verb_start,
        verb_end,
        event.sentence_start.to_string(),
        event.rule.file.clone(),
        event.rule.line.to_string(),
        event.rule.text.clone(),
        event.issues.join(";"),
        mentions.mentions.to_string(),
        mentions.sources.to_string(),
        mentions.articles.to_string(),
        context.source_url.unwrap_or_default().to_string(),
    ]
}

fn span_fields(span: Option<Span>) -> (String, String) {
    match span {
        Some(s) => (s.start.to_string(), s.end.to_string()),
        None => (String::new(), String::new()),
    }
}

fn optional<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

// -------------------------------------------------------------------- ICEWS

/// The columns of ICEWS coded-event files, in order.
pub const ICEWS_COLUMNS: [&str; 20] = [
    "Event ID",
    "Event Date",
    "Source Name",
    "Source Sectors",
    "Source Country",
    "Event Text",
    "CAMEO Code",
    "Intensity",
    "Target Name",
    "Target Sectors",
    "Target Country",
    "Story ID",
    "Sentence Number",
    "Publisher",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
];

fn icews_row(event: &Event, context: &EventContext<'_>) -> [String; 20] {
    let event_text = lookup(&event.code).map(|c| c.name).unwrap_or_default();
    [
        optional(context.event_id),
        optional(event.date),
        flatten_whitespace(&event.source_text),
        role_blocks(&event.source).join(","),
        country_code(&event.source).unwrap_or_default().to_string(),
        event_text.to_string(),
        event.code.clone(),
        optional(event.goldstein),
        flatten_whitespace(&event.target_text),
        role_blocks(&event.target).join(","),
        country_code(&event.target).unwrap_or_default().to_string(),
        event.doc_id.clone(),
        // ICEWS numbers sentences from 1.
        (u64::from(event.sentence_index) + 1).to_string(),
        flatten_whitespace(context.publisher.unwrap_or_default()),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
    ]
}

// -------------------------------------------------------------------- GDELT

/// The 61 columns of the GDELT 2.0 Event table, in GDELT's order.
pub const GDELT_COLUMNS: [&str; 61] = [
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// The 61 GDELT fields of one event, in [`GDELT_COLUMNS`] order.
pub fn gdelt_row(event: &Event, context: &EventContext<'_>) -> Vec<String> {
    let mentions = context.mentions.unwrap_or(Mentions::SINGLE);
    let mut row = Vec::with_capacity(GDELT_COLUMNS.len());
    row.push(optional(context.event_id));
    match event.date {
        Some(d) => {
            row.push(d.format("%Y%m%d").to_string());
            row.push(d.format("%Y%m").to_string());
            row.push(d.year().to_string());
            row.push(format!("{:.4}", fraction_date(d)));
        }
        None => row.extend(std::iter::repeat_n(String::new(), 4)),
    }
    for (code, name) in [
        (&event.source, &event.source_text),
        (&event.target, &event.target_text),
    ] {
        let roles = role_blocks(code);
        row.push(code.clone());
        row.push(name.to_uppercase());
        row.push(country_code(code).unwrap_or_default().to_string());
        // KnownGroup, Ethnic, Religion1, Religion2: not in CAMEO actor codes as dyad keeps them.
        row.extend(std::iter::repeat_n(String::new(), 4));
        for i in 0..3 {
            row.push(roles.get(i).map(|r| r.to_string()).unwrap_or_default());
        }
    }
    // GDELT marks events from an article's lead paragraph; dyad knows the first sentence.
    row.push(if event.sentence_index == 0 { "1" } else { "0" }.to_string());
    row.push(event.code.clone());
    row.push(event.code.get(..3).unwrap_or(&event.code).to_string());
    row.push(event.root_code.clone().unwrap_or_default());
    row.push(optional(event.quad_class.map(|q| q.number())));
    row.push(optional(event.goldstein));
    row.push(mentions.mentions.to_string());
    row.push(mentions.sources.to_string());
    row.push(mentions.articles.to_string());
    // AvgTone and the three geography blocks of eight fields.
    row.extend(std::iter::repeat_n(String::new(), 1 + 3 * 8));
    row.push(optional(
        context
            .date_added
            .map(|t| t.format("%Y%m%d%H%M%S").to_string()),
    ));
    row.push(context.source_url.unwrap_or_default().to_string());
    row
}

/// GDELT's FractionDate: the year plus the fraction of it elapsed at `date`.
fn fraction_date(date: NaiveDate) -> f64 {
    let days_in_year = if date.leap_year() { 366.0 } else { 365.0 };
    f64::from(date.year()) + f64::from(date.ordinal0()) / days_in_year
}

/// The country code of an actor code ("PRK" for "PRKMIL"), or `None` when the
/// code does not start with a country.
fn country_code(code: &str) -> Option<&str> {
    let key = country_key(code);
    let names_a_country = key.len() == 3
        && key.bytes().all(|b| b.is_ascii_uppercase())
        // A bare three-letter code is a country unless it is a non-state block
        // ("NGO"), which `country_key` keeps whole once a role follows it.
        && (code.len() > 3 || country_key(&format!("{code}GOV")) == key);
    names_a_country.then_some(key)
}

/// The three-letter role blocks after a country code ("GOV", "MIL" for
/// "PRKGOVMIL"); none for codes that do not start with a country.
fn role_blocks(code: &str) -> Vec<&str> {
    if country_code(code).is_none() {
        return Vec::new();
    }
    let mut blocks = Vec::new();
    let mut rest = code.get(3..).unwrap_or("");
    while let (Some(block), Some(tail)) = (rest.get(..3), rest.get(3..)) {
        blocks.push(block);
        rest = tail;
    }
    blocks
}

/// `text` with tabs and line breaks replaced by spaces, for unquoted
/// tab-separated formats.
fn flatten_whitespace(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

// ------------------------------------------------------------------ Parquet

fn parquet_schema() -> SchemaRef {
    let text = |name: &str, nullable: bool| Field::new(name, DataType::Utf8, nullable);
    let position = |name: &str| Field::new(name, DataType::UInt64, true);
    Arc::new(Schema::new(vec![
        Field::new("event_id", DataType::Int64, true),
        Field::new("date", DataType::Date32, true),
        text("doc_id", false),
        Field::new("sentence_index", DataType::UInt32, false),
        text("source", false),
        text("target", false),
        text("code", false),
        text("root_code", true),
        Field::new("quad_class", DataType::UInt8, true),
        Field::new("goldstein", DataType::Float64, true),
        text("plover", true),
        text("source_text", false),
        text("target_text", false),
        text("verb_text", false),
        text("sentence", false),
        position("source_start"),
        position("source_end"),
        position("target_start"),
        position("target_end"),
        position("verb_start"),
        position("verb_end"),
        Field::new("sentence_start", DataType::UInt64, false),
        text("rule_file", false),
        Field::new("rule_line", DataType::UInt32, false),
        text("rule_text", false),
        Field::new(
            "issues",
            DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
            false,
        ),
        Field::new("mentions", DataType::UInt64, false),
        Field::new("sources", DataType::UInt64, false),
        Field::new("articles", DataType::UInt64, false),
        text("source_url", true),
    ]))
}

#[derive(Default)]
struct ParquetColumns {
    event_id: Int64Builder,
    date: Date32Builder,
    doc_id: StringBuilder,
    sentence_index: UInt32Builder,
    source: StringBuilder,
    target: StringBuilder,
    code: StringBuilder,
    root_code: StringBuilder,
    quad_class: UInt8Builder,
    goldstein: Float64Builder,
    plover: StringBuilder,
    source_text: StringBuilder,
    target_text: StringBuilder,
    verb_text: StringBuilder,
    sentence: StringBuilder,
    spans: [UInt64Builder; 6],
    sentence_start: UInt64Builder,
    rule_file: StringBuilder,
    rule_line: UInt32Builder,
    rule_text: StringBuilder,
    issues: ListBuilder<StringBuilder>,
    mentions: UInt64Builder,
    sources: UInt64Builder,
    articles: UInt64Builder,
    source_url: StringBuilder,
}

impl ParquetColumns {
    fn push(&mut self, event: &Event, context: &EventContext<'_>) {
        let mentions = context.mentions.unwrap_or(Mentions::SINGLE);
        self.event_id.append_option(context.event_id);
        self.date.append_option(event.date.map(days_since_epoch));
        self.doc_id.append_value(&event.doc_id);
        self.sentence_index.append_value(event.sentence_index);
        self.source.append_value(&event.source);
        self.target.append_value(&event.target);
        self.code.append_value(&event.code);
        self.root_code.append_option(event.root_code.as_deref());
        self.quad_class
            .append_option(event.quad_class.map(|q| q.number()));
        self.goldstein.append_option(event.goldstein);
        self.plover.append_option(event.plover.as_deref());
        self.source_text.append_value(&event.source_text);
        self.target_text.append_value(&event.target_text);
        self.verb_text.append_value(&event.verb_text);
        self.sentence.append_value(&event.sentence);
        let [
            source_start,
            source_end,
            target_start,
            target_end,
            verb_start,
            verb_end,
        ] = &mut self.spans;
        for (span, start, end) in [
            (event.source_span, source_start, source_end),
            (event.target_span, target_start, target_end),
            (event.verb_span, verb_start, verb_end),
        ] {
            start.append_option(span.map(|s| s.start as u64));
            end.append_option(span.map(|s| s.end as u64));
        }
        self.sentence_start
            .append_value(event.sentence_start as u64);
        self.rule_file.append_value(&event.rule.file);
        self.rule_line.append_value(event.rule.line);
        self.rule_text.append_value(&event.rule.text);
        for issue in &event.issues {
            self.issues.values().append_value(issue);
        }
        self.issues.append(true);
        self.mentions.append_value(mentions.mentions);
        self.sources.append_value(mentions.sources);
        self.articles.append_value(mentions.articles);
        self.source_url.append_option(context.source_url);
    }

    fn finish(&mut self) -> Vec<ArrayRef> {
        let [
            source_start,
            source_end,
            target_start,
            target_end,
            verb_start,
            verb_end,
        ] = &mut self.spans;
        vec![
            Arc::new(self.event_id.finish()),
            Arc::new(self.date.finish()),
            Arc::new(self.doc_id.finish()),
            Arc::new(self.sentence_index.finish()),
            Arc::new(self.source.finish()),
            Arc::new(self.target.finish()),
            Arc::new(self.code.finish()),
            Arc::new(self.root_code.finish()),
            Arc::new(self.quad_class.finish()),
            Arc::new(self.goldstein.finish()),
            Arc::new(self.plover.finish()),
            Arc::new(self.source_text.finish()),
            Arc::new(self.target_text.finish()),
            Arc::new(self.verb_text.finish()),
            Arc::new(self.sentence.finish()),
            Arc::new(source_start.finish()),
            Arc::new(source_end.finish()),
            Arc::new(target_start.finish()),
            Arc::new(target_end.finish()),
            Arc::new(verb_start.finish()),
            Arc::new(verb_end.finish()),
            Arc::new(self.sentence_start.finish()),
            Arc::new(self.rule_file.finish()),
            Arc::new(self.rule_line.finish()),
            Arc::new(self.rule_text.finish()),
            Arc::new(self.issues.finish()),
            Arc::new(self.mentions.finish()),
            Arc::new(self.sources.finish()),
            Arc::new(self.articles.finish()),
            Arc::new(self.source_url.finish()),
        ]
    }
}

fn days_since_epoch(date: NaiveDate) -> i32 {
    // 719_163 is the day number of 1970-01-01 counted from 0001-01-01 (CE day 1).
    date.num_days_from_ce() - 719_163
}

struct ParquetSink<W: Write + Send> {
    schema: SchemaRef,
    writer: ArrowWriter<W>,
    columns: ParquetColumns,
    buffered: usize,
}

impl<W: Write + Send> ParquetSink<W> {
    fn new(out: W) -> Result<ParquetSink<W>, ExportError> {
        let schema = parquet_schema();
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(PARQUET_BATCH_ROWS * 16))
            .build();
        let writer = ArrowWriter::try_new(out, schema.clone(), Some(properties))?;
        Ok(ParquetSink {
            schema,
            writer,
            columns: ParquetColumns::default(),
            buffered: 0,
        })
    }

    fn push(&mut self, event: &Event, context: &EventContext<'_>) -> Result<(), ExportError> {
        self.columns.push(event, context);
        self.buffered += 1;
        if self.buffered >= PARQUET_BATCH_ROWS {
            self.flush_batch()?;
        }
        Ok(())
    }

    fn flush_batch(&mut self) -> Result<(), ExportError> {
        if self.buffered == 0 {
            return Ok(());
        }
        let batch = RecordBatch::try_new(self.schema.clone(), self.columns.finish())?;
        self.writer.write(&batch)?;
        self.buffered = 0;
        Ok(())
    }

    fn finish(mut self) -> Result<W, ExportError> {
        self.flush_batch()?;
        Ok(self.writer.into_inner()?)
    }
}
