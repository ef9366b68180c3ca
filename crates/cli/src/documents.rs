//! Reading documents to code: JSON Lines (`{"id","date","text",...}`), plain
//! text, TABARI text records and PETRARCH unit-test XML, from files or stdin,
//! plain or gzip-compressed. A bad record is a [`RecordError`] naming the
//! input and line, so callers can stop or skip it (`--keep-going`); failing
//! to read an input at all is a hard error.

use anyhow::{Context, Result};
use dyad_model::{Document, parse_date};
use serde_json::{Map, Value};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// How the documents of an input are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    /// Judge by the file name, then by the first bytes.
    Auto,
    /// One JSON object a line: {"id", "date", "text", ...}.
    Jsonl,
    /// The whole input is one document.
    Text,
    /// TABARI records: a `YYMMDD ID` header line, the text, a blank line.
    Tabari,
    /// PETRARCH unit-test XML: `<Sentence date=... id=...><Text>`.
    PetrarchXml,
}

/// One input: a path, or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    pub fn from_arg(path: &Path) -> Input {
        if path.as_os_str() == "-" {
            Input::Stdin
        } else {
            Input::File(path.to_path_buf())
        }
    }

    /// The name errors use.
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".into(),
            Input::File(p) => p.display().to_string(),
        }
    }

    /// Size in bytes when known (files; compressed size for `.gz`).
    pub fn size(&self) -> Option<u64> {
        match self {
            Input::Stdin => None,
            Input::File(p) => std::fs::metadata(p).ok().map(|m| m.len()),
        }
    }
}

/// A record that could not be read as a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    /// `input:line` (or just the input when there is no line).
    pub place: String,
    pub message: String,
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

/// A document and where it came from.
#[derive(Debug, Clone)]
pub struct Record {
    pub document: Document,
    /// `input:line` of the record's first line.
    pub place: String,
}

/// Counts bytes read from the underlying input (for progress).
struct Counted<R> {
    inner: R,
    count: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count
            .fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        Ok(n)
    }
}

/// Opens `input`, decompressing gzip (recognized by its magic bytes).
/// `consumed` counts the raw bytes read.
pub fn open(
    input: &Input,
    consumed: std::sync::Arc<std::sync::atomic::AtomicU64>,
) -> Result<Box<dyn BufRead + Send>> {
    let raw: Box<dyn Read + Send> = match input {
        Input::Stdin => Box::new(std::io::stdin()),
        Input::File(p) => {
            Box::new(std::fs::File::open(p).with_context(|| format!("opening {}", p.display()))?)
        }
    };
    let mut buffered = BufReader::with_capacity(
        1 << 20,
        Counted {
            inner: raw,
            count: consumed,
        },
    );
    let head = buffered
        .fill_buf()
        .with_context(|| format!("reading {}", input.name()))?;
    if head.starts_with(&[0x1f, 0x8b]) {
        Ok(Box::new(BufReader::with_capacity(
            1 << 20,
            flate2::read::MultiGzDecoder::new(buffered),
        )))
    } else {
        Ok(Box::new(buffered))
    }
}

/// Decides the format of an input from its name, then its first bytes.
pub fn detect_format(input: &Input, head: &[u8]) -> InputFormat {
    if let Input::File(p) = input {
        let name = p.to_string_lossy().to_ascii_lowercase();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        if name.ends_with(".jsonl") || name.ends_with(".ndjson") || name.ends_with(".json") {
            return InputFormat::Jsonl;
        }
        if name.ends_with(".xml") {
            return InputFormat::PetrarchXml;
        }
    }
    let text = String::from_utf8_lossy(&head[..head.len().min(4096)]);
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let first = first.trim_start_matches('\u{feff}').trim_start();
    if first.starts_with('{') {
        InputFormat::Jsonl
    } else if first.starts_with('<') {
        InputFormat::PetrarchXml
    } else if is_tabari_header(first) {
        InputFormat::Tabari
    } else {
        InputFormat::Text
    }
}

/// `950101  DEMO-01`: six or eight digits, blanks, an id.
fn is_tabari_header(line: &str) -> bool {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    (digits == 6 || digits == 8)
        && line[digits..].starts_with([' ', '\t'])
        && !line[digits..].trim().is_empty()
}

/// Documents of one input, in order.
pub struct DocumentReader {
    name: String,
    state: ReaderState,
}

enum ReaderState {
    Lines {
        reader: Box<dyn BufRead + Send>,
        line: usize,
        buf: Vec<u8>,
    },
    Ready(std::vec::IntoIter<Result<Record, RecordError>>),
}

impl DocumentReader {
    /// Reads `input` as `format` (`Auto` detects it).
    pub fn new(
        input: &Input,
        format: InputFormat,
        consumed: std::sync::Arc<std::sync::atomic::AtomicU64>,
    ) -> Result<DocumentReader> {
        let name = input.name();
        let mut reader = open(input, consumed)?;
        let format = match format {
            InputFormat::Auto => {
                let head = reader
                    .fill_buf()
                    .with_context(|| format!("reading {name}"))?;
                detect_format(input, head)
            }
            f => f,
        };
        let state = match format {
            InputFormat::Jsonl | InputFormat::Auto => ReaderState::Lines {
                reader,
                line: 0,
                buf: Vec::new(),
            },
            InputFormat::Text | InputFormat::Tabari | InputFormat::PetrarchXml => {
                let mut bytes = Vec::new();
                reader
                    .read_to_end(&mut bytes)
                    .with_context(|| format!("reading {name}"))?;
                ReaderState::Ready(whole_input(&name, bytes, format).into_iter())
            }
        };
        Ok(DocumentReader { name, state })
    }
}

impl Iterator for DocumentReader {
    type Item = Result<Record, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.state {
            ReaderState::Ready(items) => items.next(),
            ReaderState::Lines { reader, line, buf } => loop {
                buf.clear();
                *line += 1;
                let place = format!("{}:{}", self.name, line);
                match reader.read_until(b'\n', buf) {
                    Ok(0) => return None,
                    Ok(_) => {}
                    Err(e) => {
                        // an unreadable input (say, a corrupt .gz) ends it
                        self.state = ReaderState::Ready(Vec::new().into_iter());
                        return Some(Err(RecordError {
                            place,
                            message: format!("reading failed: {e}"),
                        }));
                    }
                }
                let text = match std::str::from_utf8(buf) {
                    Ok(t) => t,
                    Err(e) => {
                        return Some(Err(RecordError {
                            place: format!("{place}:{}", e.valid_up_to() + 1),
                            message: "invalid UTF-8".into(),
                        }));
                    }
                };
                if text.trim().is_empty() {
                    continue;
                }
                return Some(
                    document_from_json(text)
                        .map(|document| Record {
                            document,
                            place: place.clone(),
                        })
                        .map_err(|message| RecordError { place, message }),
                );
            },
        }
    }
}

/// Splits a whole input (text, TABARI or PETRARCH XML) into records.
fn whole_input(
    name: &str,
    bytes: Vec<u8>,
    format: InputFormat,
) -> Vec<Result<Record, RecordError>> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let bytes = e.as_bytes();
            let at = e.utf8_error().valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            let column = at
                - bytes[..at]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1)
                + 1;
            return vec![Err(RecordError {
                place: format!("{name}:{line}:{column}"),
                message: "invalid UTF-8".into(),
            })];
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    match format {
        InputFormat::Tabari => tabari_records(name, text),
        InputFormat::PetrarchXml => petrarch_records(name, text),
        _ => {
            let stem = Path::new(name)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| name.to_string());
            vec![Ok(Record {
                document: Document {
                    id: stem,
                    text: text.to_string(),
                    ..Document::default()
                },
                place: format!("{name}:1"),
            })]
        }
    }
}

fn tabari_records(name: &str, text: &str) -> Vec<Result<Record, RecordError>> {
    use dyad_coder::suite::tabari;
    tabari::records(text)
        .into_iter()
        .map(|r| {
            let place = format!("{name}:{}", r.line);
            let four = r.date_text.chars().take_while(char::is_ascii_digit).count() >= 8;
            let (date_text, id) = tabari::split_header(&r.date_text, four);
            let Some(date) = tabari::parse_header_date(&date_text, four) else {
                return Err(RecordError {
                    place,
                    message: format!("{date_text:?} is not a YYMMDD or YYYYMMDD date"),
                });
            };
            Ok(Record {
                document: Document {
                    id: id.trim().to_string(),
                    date: Some(date),
                    text: r.text(),
                    ..Document::default()
                },
                place,
            })
        })
        .collect()
}

fn petrarch_records(name: &str, text: &str) -> Vec<Result<Record, RecordError>> {
    use dyad_coder::suite::petrarch;
    match petrarch::parse_suite(text, Path::new(name)) {
        Ok(suite) => suite
            .records
            .into_iter()
            .map(|r| {
                Ok(Record {
                    place: format!("{name} <Sentence id={:?}>", r.id),
                    document: Document {
                        id: r.id,
                        date: r.date,
                        text: r.text,
                        ..Document::default()
                    },
                })
            })
            .collect(),
        Err(e) => vec![Err(RecordError {
            place: name.to_string(),
            message: e.to_string(),
        })],
    }
}

/// Reads one JSON Lines document: `{"id", "date", "text", "source"?, "url"?,
/// ...}`; other fields (and the members of a "metadata" object) become metadata.
pub fn document_from_json(line: &str) -> Result<Document, String> {
    let mut fields: Map<String, Value> = serde_json::from_str(line)
        .map_err(|e| format!("column {}: not a JSON object: {e}", e.column()))?;
    let id = match fields.remove("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s,
        Some(Value::Number(n)) => n.to_string(),
        _ => return Err("a document needs a non-empty \"id\"".into()),
    };
    let text = match fields.remove("text") {
        Some(Value::String(s)) => s,
        _ => return Err(format!("document {id:?} needs a \"text\" string")),
    };
    let date = match fields.remove("date") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(Value::String(s)) => Some(
            parse_date(&s)
                .ok_or_else(|| format!("document {id:?}: date {s:?} is not YYYY-MM-DD"))?,
        ),
        Some(other) => return Err(format!("document {id:?}: date {other} is not a string")),
    };
    let mut text_field = |name: &str| match fields.remove(name) {
        Some(Value::String(s)) => Some(s),
        Some(other) => {
            fields.insert(name.to_string(), other);
            None
        }
        None => None,
    };
    let source = text_field("source");
    let url = text_field("url");
    if fields.get("metadata").is_some_and(Value::is_object)
        && let Some(Value::Object(inner)) = fields.remove("metadata")
    {
        fields.extend(inner);
    }
    Ok(Document {
        id,
        date,
        source,
        url,
        text,
        metadata: fields,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::AtomicU64;

    fn read(name: &str, bytes: &[u8], format: InputFormat) -> Vec<Result<Record, RecordError>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        DocumentReader::new(&Input::File(path), format, Arc::new(AtomicU64::new(0)))
            .unwrap()
            .collect()
    }

    #[test]
    fn jsonl_records_and_errors_name_the_line() {
        let got = read(
            "in.jsonl",
            b"{\"id\":\"a\",\"date\":\"2024-01-02\",\"text\":\"x\",\"lang\":\"en\"}\n\n{\"id\":\"b\"\n{\"id\":3,\"date\":null,\"text\":\"y\"}\n\xff\n",
            InputFormat::Auto,
        );
        assert_eq!(got.len(), 4);
        let a = got[0].as_ref().unwrap();
        assert_eq!(a.document.id, "a");
        assert_eq!(a.document.metadata["lang"], "en");
        let bad = got[1].as_ref().unwrap_err();
        assert!(bad.place.ends_with("in.jsonl:3"), "{bad}");
        assert_eq!(got[2].as_ref().unwrap().document.id, "3");
        let utf = got[3].as_ref().unwrap_err();
        assert!(
            utf.place.ends_with("in.jsonl:5:1") && utf.message.contains("UTF-8"),
            "{utf}"
        );
    }

    #[test]
    fn formats_are_detected_from_names_and_content() {
        let tabari = read(
            "t.txt",
            b"950101  DEMO-01\nArnor sent troops to Gondor.\n\n",
            InputFormat::Auto,
        );
        let r = tabari[0].as_ref().unwrap();
        assert_eq!(r.document.id, "DEMO-01");
        assert_eq!(r.document.date, parse_date("1995-01-01"));
        let text = read(
            "story.txt",
            b"Arnor sent troops.\nGondor protested.",
            InputFormat::Auto,
        );
        assert_eq!(text.len(), 1);
        assert_eq!(text[0].as_ref().unwrap().document.id, "story");
        let gz = {
            use std::io::Write;
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(b"{\"id\":\"z\",\"text\":\"t\"}\n").unwrap();
            e.finish().unwrap()
        };
        let z = read("in.jsonl.gz", &gz, InputFormat::Auto);
        assert_eq!(z[0].as_ref().unwrap().document.id, "z");
    }

    #[test]
    fn invalid_utf8_in_text_names_line_and_column() {
        let got = read("bad.txt", b"fine line\nbad \xc3(\n", InputFormat::Text);
        let e = got[0].as_ref().unwrap_err();
        assert!(e.place.ends_with("bad.txt:2:5"), "{e}");
    }
}
