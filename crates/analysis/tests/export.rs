//! Tests of the event writers: every format's columns and conventions, and
//! Parquet read back through the Parquet reader.

use chrono::{NaiveDate, NaiveDateTime};
use dyad_analysis::export::{FULL_COLUMNS, GDELT_COLUMNS, ICEWS_COLUMNS};
use dyad_analysis::{EventContext, EventFormat, EventWriter, Mentions, write_events};
use dyad_model::{Event, RuleRef, Span};

fn event(doc: &str, source: &str, target: &str, code: &str) -> Event {
    let sentence = "North Korea sent troops to Russia.".to_string();
    let mut event = Event {
        doc_id: doc.to_string(),
        sentence_index: 2,
        date: NaiveDate::from_ymd_opt(2024, 6, 19),
        source: source.to_string(),
        target: target.to_string(),
        code: code.to_string(),
        root_code: None,
        quad_class: None,
        goldstein: None,
        plover: None,
        source_text: "North Korea".to_string(),
        target_text: "Russia".to_string(),
        verb_text: "sent troops".to_string(),
        sentence,
        source_span: Some(Span::new(0, 11)),
        target_span: Some(Span::new(27, 33)),
        verb_span: Some(Span::new(12, 23)),
        sentence_start: 140,
        rule: RuleRef {
            file: "CAMEO.verbs".to_string(),
            line: 812,
            text: "SEND TROOPS [074]".to_string(),
        },
        issues: vec!["MILITARY".to_string(), "ALLIANCE".to_string()],
    };
    event.fill_code_facts();
    event
}

fn text_of(format: EventFormat, events: &[Event]) -> String {
    let bytes = write_events(format, Vec::new(), events).unwrap();
    String::from_utf8(bytes).unwrap()
}

#[test]
fn format_names_round_trip_and_unknown_names_are_refused() {
    for format in EventFormat::ALL {
        assert_eq!(format.name().parse::<EventFormat>().unwrap(), format);
    }
    let err = "gdelt1".parse::<EventFormat>().unwrap_err().to_string();
    assert!(err.contains("gdelt1") && err.contains("parquet"), "{err}");
}

#[test]
fn jsonl_reads_back_as_events() {
    let events = vec![
        event("d1", "PRKMIL", "RUS", "074"),
        event("d2", "RUS", "PRK", "190"),
    ];
    let text = text_of(EventFormat::Jsonl, &events);
    let back: Vec<Event> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(back, events);
}

#[test]
fn jsonl_carries_store_context() {
    let e = event("d1", "PRKMIL", "RUS", "074");
    let mut writer = EventWriter::new(EventFormat::Jsonl, Vec::new()).unwrap();
    let context = EventContext {
        event_id: Some(77),
        mentions: Some(Mentions {
            mentions: 5,
            sources: 2,
            articles: 4,
        }),
        source_url: Some("https://example.org/a"),
        ..EventContext::default()
    };
    writer.write_with(&e, &context).unwrap();
    let text = String::from_utf8(writer.finish().unwrap()).unwrap();
    let value: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
    assert_eq!(value["event_id"], 77);
    assert_eq!(value["mentions"], 5);
    assert_eq!(value["articles"], 4);
    assert_eq!(value["source_url"], "https://example.org/a");
    let back: Event = serde_json::from_value(value).unwrap();
    assert_eq!(back, e);
}

#[test]
fn gdelt_has_61_columns_in_gdelt_order() {
    assert_eq!(GDELT_COLUMNS.len(), 61);
    assert_eq!(GDELT_COLUMNS[0], "GlobalEventID");
    assert_eq!(GDELT_COLUMNS[26], "EventCode");
    assert_eq!(GDELT_COLUMNS[29], "QuadClass");
    assert_eq!(GDELT_COLUMNS[31], "NumMentions");
    assert_eq!(GDELT_COLUMNS[59], "DATEADDED");
    assert_eq!(GDELT_COLUMNS[60], "SOURCEURL");

    let e = event("d1", "PRKMILGOV", "IGOUNO", "0874");
    let mut writer = EventWriter::new(EventFormat::Gdelt, Vec::new()).unwrap();
    let added = NaiveDate::from_ymd_opt(2024, 6, 20)
        .unwrap()
        .and_hms_opt(13, 5, 9)
        .unwrap();
    writer
        .write_with(
            &e,
            &EventContext {
                event_id: Some(9),
                mentions: Some(Mentions {
                    mentions: 3,
                    sources: 2,
                    articles: 3,
                }),
                source_url: Some("https://example.org/a\tb"),
                date_added: Some(added),
                ..EventContext::default()
            },
        )
        .unwrap();
    let text = String::from_utf8(writer.finish().unwrap()).unwrap();
    assert!(
        text.ends_with('\n') && text.lines().count() == 1,
        "no header, one line"
    );
    let fields: Vec<&str> = text.trim_end_matches('\n').split('\t').collect();
    assert_eq!(fields.len(), 61);
    let field = |name: &str| fields[GDELT_COLUMNS.iter().position(|c| *c == name).unwrap()];
    assert_eq!(field("GlobalEventID"), "9");
    assert_eq!(field("Day"), "20240619");
    assert_eq!(field("MonthYear"), "202406");
    assert_eq!(field("Year"), "2024");
    assert_eq!(field("FractionDate"), "2024.4645");
    assert_eq!(field("Actor1Code"), "PRKMILGOV");
    assert_eq!(field("Actor1Name"), "NORTH KOREA");
    assert_eq!(field("Actor1CountryCode"), "PRK");
    assert_eq!(field("Actor1Type1Code"), "MIL");
    assert_eq!(field("Actor1Type2Code"), "GOV");
    assert_eq!(field("Actor1Type3Code"), "");
    assert_eq!(field("Actor2Code"), "IGOUNO");
    assert_eq!(field("Actor2CountryCode"), "", "IGOs have no country");
    assert_eq!(field("IsRootEvent"), "0");
    assert_eq!(field("EventCode"), "0874");
    assert_eq!(field("EventBaseCode"), "087");
    assert_eq!(field("EventRootCode"), "08");
    assert_eq!(field("QuadClass"), "2");
    assert_eq!(field("NumMentions"), "3");
    assert_eq!(field("NumSources"), "2");
    assert_eq!(field("AvgTone"), "");
    assert_eq!(field("ActionGeo_FeatureID"), "");
    assert_eq!(field("DATEADDED"), "20240620130509");
    assert_eq!(
        field("SOURCEURL"),
        "https://example.org/a b",
        "tabs cannot survive in GDELT"
    );
}

#[test]
fn gdelt_without_context_is_one_mention_and_undated_fields_stay_empty() {
    let mut e = event("d1", "RUS", "---", "190");
    e.date = None;
    e.sentence_index = 0;
    let text = text_of(EventFormat::Gdelt, &[e]);
    let fields: Vec<&str> = text.trim_end_matches('\n').split('\t').collect();
    assert_eq!(fields.len(), 61);
    assert_eq!(&fields[..5], &["", "", "", "", ""]);
    assert_eq!(fields[7], "RUS");
    assert_eq!(fields[17], "", "a null actor has no country");
    assert_eq!(fields[25], "1", "first sentence counts as the root event");
    assert_eq!(fields[31..34], ["1", "1", "1"]);
}

#[test]
fn csv_and_tsv_have_a_header_and_quote_what_needs_it() {
    let mut e = event("d,1", "PRKMIL", "RUS", "074");
    e.sentence = "He said \"no\", twice.\nThen left.".to_string();
    for (format, delimiter) in [(EventFormat::Csv, b','), (EventFormat::Tsv, b'\t')] {
        let text = text_of(format, std::slice::from_ref(&e));
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(header, FULL_COLUMNS);
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), 1);
        let row = &rows[0];
        let field = |name: &str| &row[FULL_COLUMNS.iter().position(|c| *c == name).unwrap()];
        assert_eq!(field("doc_id"), "d,1");
        assert_eq!(field("sentence"), e.sentence);
        assert_eq!(field("quad_class"), "2");
        assert_eq!(field("goldstein"), "8.5");
        assert_eq!(field("issues"), "MILITARY;ALLIANCE");
        assert_eq!(field("verb_start"), "12");
        assert_eq!(field("rule_line"), "812");
        assert_eq!(field("mentions"), "1");
    }
}

#[test]
fn icews_columns_and_values() {
    let e = event("story-7", "PRKMIL", "RUSGOV", "074");
    let mut writer = EventWriter::new(EventFormat::Icews, Vec::new()).unwrap();
    writer
        .write_with(
            &e,
            &EventContext {
                event_id: Some(3),
                publisher: Some("Wire"),
                ..Default::default()
            },
        )
        .unwrap();
    let text = String::from_utf8(writer.finish().unwrap()).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap().split('\t').collect::<Vec<_>>(),
        ICEWS_COLUMNS
    );
    let row: Vec<&str> = lines.next().unwrap().split('\t').collect();
    assert_eq!(row.len(), 20);
    assert_eq!(row[0], "3");
    assert_eq!(row[1], "2024-06-19");
    assert_eq!(row[2], "North Korea");
    assert_eq!(row[3], "MIL");
    assert_eq!(row[4], "PRK");
    assert_eq!(row[5], "Provide military protection or peacekeeping");
    assert_eq!(row[6], "074");
    assert_eq!(row[7], "8.5");
    assert_eq!(row[9], "GOV");
    assert_eq!(row[10], "RUS");
    assert_eq!(row[11], "story-7");
    assert_eq!(row[12], "3", "ICEWS counts sentences from 1");
    assert_eq!(row[13], "Wire");
    assert!(lines.next().is_none());
}

#[test]
fn plover_uses_the_plover_event_type() {
    let e = event("d1", "PRKMIL", "RUS", "190");
    let text = text_of(EventFormat::Plover, &[e]);
    let value: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
    assert_eq!(
        value["event_type"],
        dyad_model::lookup("190").unwrap().plover
    );
    assert_eq!(value["actor"], "North Korea");
    assert_eq!(value["actor_country"], "PRK");
    assert_eq!(value["recipient_country"], "RUS");
    assert_eq!(value["event_date"], "2024-06-19");
    assert_eq!(value["story_id"], "d1");
    assert_eq!(value["cameo_code"], "190");
}

#[test]
fn parquet_reads_back_with_every_row_and_typed_columns() {
    use arrow_array::{
        Array, Date32Array, Float64Array, ListArray, StringArray, UInt8Array, UInt64Array,
    };
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    // More rows than one Arrow batch, so the writer flushes several times.
    let total = dyad_analysis::export::PARQUET_BATCH_ROWS + 10;
    let mut writer = EventWriter::new(EventFormat::Parquet, Vec::new()).unwrap();
    for i in 0..total {
        let mut e = event(
            &format!("d{i}"),
            "PRKMIL",
            "RUS",
            if i % 2 == 0 { "074" } else { "190" },
        );
        if i == 1 {
            e.date = None;
            e.source_span = None;
            e.issues.clear();
        }
        writer
            .write_with(
                &e,
                &EventContext {
                    event_id: Some(i as i64),
                    mentions: Some(Mentions {
                        mentions: 2,
                        sources: 1,
                        articles: 2,
                    }),
                    ..Default::default()
                },
            )
            .unwrap();
    }
    assert_eq!(writer.written(), total as u64);
    let bytes = bytes::Bytes::from(writer.finish().unwrap());
    assert_eq!(&bytes[..4], b"PAR1");

    let reader = ParquetRecordBatchReaderBuilder::try_new(bytes)
        .unwrap()
        .build()
        .unwrap();
    let mut rows = 0;
    for batch in reader {
        let batch = batch.unwrap();
        let column = |name: &str| batch.column(batch.schema().index_of(name).unwrap()).clone();
        let doc = column("doc_id");
        let doc = doc.as_any().downcast_ref::<StringArray>().unwrap();
        let date = column("date");
        let date = date.as_any().downcast_ref::<Date32Array>().unwrap();
        let quad = column("quad_class");
        let quad = quad.as_any().downcast_ref::<UInt8Array>().unwrap();
        let goldstein = column("goldstein");
        let goldstein = goldstein.as_any().downcast_ref::<Float64Array>().unwrap();
        let mentions = column("mentions");
        let mentions = mentions.as_any().downcast_ref::<UInt64Array>().unwrap();
        let source_start = column("source_start");
        let issues = column("issues");
        let issues = issues.as_any().downcast_ref::<ListArray>().unwrap();
        for r in 0..batch.num_rows() {
            let i = rows + r;
            assert_eq!(doc.value(r), format!("d{i}"));
            assert_eq!(mentions.value(r), 2);
            if i == 1 {
                assert!(date.is_null(r));
                assert!(source_start.is_null(r));
                assert_eq!(issues.value(r).len(), 0);
            } else {
                // 2024-06-19 is day 19893 after 1970-01-01.
                assert_eq!(date.value(r), 19_893);
                assert_eq!(issues.value(r).len(), 2);
            }
            let (want_quad, want_goldstein) = if i % 2 == 0 { (2, 8.5) } else { (4, -10.0) };
            assert_eq!(quad.value(r), want_quad);
            assert_eq!(goldstein.value(r), want_goldstein);
        }
        rows += batch.num_rows();
    }
    assert_eq!(rows, total);
}

#[test]
fn date_added_formats_as_gdelt_timestamp() {
    let t: NaiveDateTime = NaiveDate::from_ymd_opt(2001, 2, 3)
        .unwrap()
        .and_hms_opt(4, 5, 6)
        .unwrap();
    let e = event("d1", "USA", "CHN", "040");
    let mut writer = EventWriter::new(EventFormat::Gdelt, Vec::new()).unwrap();
    writer
        .write_with(
            &e,
            &EventContext {
                date_added: Some(t),
                ..Default::default()
            },
        )
        .unwrap();
    let text = String::from_utf8(writer.finish().unwrap()).unwrap();
    assert_eq!(
        text.trim_end_matches('\n').split('\t').nth(59),
        Some("20010203040506")
    );
}
