//! Importing PARC ACH projects (`.achz`): gzip-compressed XML, usually UTF-16
//! with a byte-order mark, holding `PROJECT-TITLE` and a `MATRIX` of
//! `HYPOTHESIS` elements (each with a `NAME`) and `EVIDENCE` elements (`NAME`,
//! `NOTES`, `TYPE`, `DATE`, `CREDIBILITY`, optionally `RELEVANCE`, and
//! `VALUES`: one rating per hypothesis, in hypothesis order).
//!
//! The reader is lenient where PARC files vary: element names match without
//! regard to case, `-` or `_` (or a namespace prefix); the input may also be
//! uncompressed, UTF-8, or UTF-16 without a byte-order mark; `VALUES` may hold
//! one child element per rating or a list separated by commas, semicolons or
//! spaces; PARC's `+`/`-` spellings and `N/A` are accepted; missing fields take
//! the board defaults. Structural problems (no `MATRIX`, more values than
//! hypotheses, a value or credibility that means nothing, broken XML) are
//! errors naming the evidence item and the line:column in the decoded XML.

use crate::board::{Board, Evidence, Hypothesis, Level, Rating, Ratings};
use crate::error::{BoardError, Position};
use quick_xml::Reader;
use quick_xml::events::Event;
use std::io::Read;

/// The largest XML text (after decompression) an import reads.
pub const MAX_XML_BYTES: u64 = 64 * 1024 * 1024;
/// The deepest element nesting an import reads.
pub const MAX_DEPTH: usize = 256;

/// What went wrong reading a PARC ACH file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParcProblem {
    #[error("cannot decompress the gzip data: {message}")]
    Gzip { message: String },
    #[error("the XML inside is larger than {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("the UTF-16 text has an odd number of bytes ({length})")]
    OddUtf16Length { length: usize },
    #[error("invalid UTF-16 at byte {offset} (an unpaired surrogate)")]
    BadUtf16 { offset: usize },
    #[error("not UTF-8 or UTF-16 text (bad byte at offset {offset})")]
    BadUtf8 { offset: usize },
    #[error("{position}: malformed XML: {message}")]
    Xml { position: Position, message: String },
    #[error("{position}: element <{name}> is never closed")]
    Unclosed { position: Position, name: String },
    #[error("{position}: elements nested more than {limit} deep")]
    TooDeep { position: Position, limit: usize },
    #[error("no MATRIX element, so this is not a PARC ACH project")]
    NoMatrix,
    #[error(
        "{position}: evidence #{number} ({name:?}): {count} values for {hypotheses} hypotheses"
    )]
    TooManyValues {
        position: Position,
        number: usize,
        name: String,
        count: usize,
        hypotheses: usize,
    },
    #[error(
        "{position}: evidence #{number} ({name:?}): value #{value_number} {symbol:?} is not a rating (CC, C, N, I, II, NA or PARC's ++, +, -, --, N/A)"
    )]
    UnknownRating {
        position: Position,
        number: usize,
        name: String,
        value_number: usize,
        symbol: String,
    },
    #[error(
        "{position}: evidence #{number} ({name:?}): {field} {value:?} is not High, Medium or Low"
    )]
    UnknownLevel {
        position: Position,
        number: usize,
        name: String,
        field: &'static str,
        value: String,
    },
    #[error("the imported board breaks a board rule: {0}")]
    Board(Box<BoardError>),
}

/// A PARC ACH file that cannot be imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{problem}", origin.as_deref().map(|o| format!("{o}: ")).unwrap_or_default())]
pub struct ParcError {
    pub origin: Option<String>,
    pub problem: ParcProblem,
}

/// Imports a PARC ACH project (`.achz` bytes, or the XML inside one) as a
/// board. Hypotheses get ids `H1`, `H2`…, evidence items `E1`, `E2`… in file
/// order. `origin` names the file in messages.
pub fn import_achz(bytes: &[u8], origin: Option<&str>) -> Result<Board, ParcError> {
    let fail = |problem| ParcError {
        origin: origin.map(str::to_string),
        problem,
    };
    let xml_bytes = decompress(bytes).map_err(fail)?;
    let text = decode_text(&xml_bytes).map_err(fail)?;
    let document = parse_xml(&text).map_err(fail)?;
    let board = board_from_document(&document, &text).map_err(fail)?;
    crate::load::validate(&board).map_err(|err| fail(ParcProblem::Board(Box::new(err))))?;
    Ok(board)
}

fn decompress(bytes: &[u8]) -> Result<Vec<u8>, ParcProblem> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(bytes.to_vec());
    }
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes)
        .take(MAX_XML_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|err| ParcProblem::Gzip {
            message: err.to_string(),
        })?;
    if out.len() as u64 > MAX_XML_BYTES {
        return Err(ParcProblem::TooLarge {
            limit: MAX_XML_BYTES,
        });
    }
    Ok(out)
}

#[derive(Clone, Copy)]
enum Utf16Order {
    Little,
    Big,
}

/// Decodes UTF-16 (either byte order, with or without a byte-order mark) or UTF-8.
fn decode_text(bytes: &[u8]) -> Result<String, ParcProblem> {
    let (order, body) = match bytes {
        [0xff, 0xfe, rest @ ..] => (Some(Utf16Order::Little), rest),
        [0xfe, 0xff, rest @ ..] => (Some(Utf16Order::Big), rest),
        [0xef, 0xbb, 0xbf, rest @ ..] => (None, rest),
        [first, 0, ..] if *first != 0 => (Some(Utf16Order::Little), bytes),
        [0, second, ..] if *second != 0 => (Some(Utf16Order::Big), bytes),
        _ => (None, bytes),
    };
    let bom_length = bytes.len() - body.len();
    match order {
        None => String::from_utf8(body.to_vec()).map_err(|err| ParcProblem::BadUtf8 {
            offset: bom_length + err.utf8_error().valid_up_to(),
        }),
        Some(order) => {
            if body.len() % 2 != 0 {
                return Err(ParcProblem::OddUtf16Length {
                    length: bytes.len(),
                });
            }
            let units = body.chunks_exact(2).map(|pair| match (order, pair) {
                (Utf16Order::Little, [low, high]) => u16::from_le_bytes([*low, *high]),
                (Utf16Order::Big, [high, low]) => u16::from_be_bytes([*high, *low]),
                _ => 0,
            });
            let mut text = String::with_capacity(body.len() / 2);
            let mut unit_index = 0usize;
            for decoded in char::decode_utf16(units) {
                match decoded {
                    Ok(c) => {
                        unit_index += c.len_utf16();
                        text.push(c);
                    }
                    Err(_) => {
                        return Err(ParcProblem::BadUtf16 {
                            offset: bom_length + unit_index * 2,
                        });
                    }
                }
            }
            Ok(text)
        }
    }
}

/// An XML element reduced to what the import needs.
#[derive(Debug, Default)]
struct Element {
    /// Local name, upper-cased, without `-` and `_`.
    name: String,
    /// Byte offset of the start tag in the decoded text.
    offset: usize,
    /// The element's own text (not its children's).
    text: String,
    children: Vec<Element>,
}

/// `PROJECT-TITLE`, `project_title` and `ach:ProjectTitle` all become `PROJECTTITLE`.
fn normalize_name(raw: &[u8]) -> String {
    let name = String::from_utf8_lossy(raw);
    let local = name.rsplit(':').next().unwrap_or(&name);
    local
        .chars()
        .filter(|c| *c != '-' && *c != '_')
        .flat_map(char::to_uppercase)
        .collect()
}

fn predefined_entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

fn parse_xml(text: &str) -> Result<Element, ParcProblem> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element> = vec![Element::default()];
    let xml_error = |offset: u64, message: String| ParcProblem::Xml {
        position: Position::of_offset(text, usize::try_from(offset).unwrap_or(usize::MAX)),
        message,
    };
    loop {
        let offset = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader
            .read_event()
            .map_err(|err| xml_error(reader.error_position(), err.to_string()))?;
        let append_text = |stack: &mut Vec<Element>, piece: &str| {
            if let Some(top) = stack.last_mut() {
                top.text.push_str(piece);
            }
        };
        match event {
            Event::Start(start) => {
                if stack.len() > MAX_DEPTH {
                    return Err(ParcProblem::TooDeep {
                        position: Position::of_offset(text, offset),
                        limit: MAX_DEPTH,
                    });
                }
                stack.push(Element {
                    name: normalize_name(start.name().as_ref()),
                    offset,
                    ..Element::default()
                });
            }
            Event::Empty(start) => {
                let element = Element {
                    name: normalize_name(start.name().as_ref()),
                    offset,
                    ..Element::default()
                };
                if let Some(top) = stack.last_mut() {
                    top.children.push(element);
                }
            }
            Event::End(_) => {
                // quick-xml checks that end tags match their start tags.
                if stack.len() > 1 {
                    if let Some(done) = stack.pop() {
                        if let Some(parent) = stack.last_mut() {
                            parent.children.push(done);
                        }
                    }
                }
            }
            Event::Text(content) => {
                let piece = content
                    .xml10_content()
                    .map_err(|err| xml_error(offset as u64, err.to_string()))?;
                append_text(&mut stack, &piece);
            }
            Event::CData(content) => {
                let piece = content
                    .decode()
                    .map_err(|err| xml_error(offset as u64, err.to_string()))?;
                append_text(&mut stack, &piece);
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    Ok(None) => reference
                        .decode()
                        .ok()
                        .and_then(|name| predefined_entity(&name)),
                    Err(err) => return Err(xml_error(offset as u64, err.to_string())),
                };
                match resolved {
                    Some(c) => append_text(&mut stack, c.encode_utf8(&mut [0; 4])),
                    None => {
                        let name = reference.decode().unwrap_or_default();
                        return Err(xml_error(offset as u64, format!("unknown entity &{name};")));
                    }
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if stack.len() > 1 {
        if let Some(open) = stack.last() {
            return Err(ParcProblem::Unclosed {
                position: Position::of_offset(text, open.offset),
                name: open.name.clone(),
            });
        }
    }
    Ok(stack.pop().unwrap_or_default())
}

impl Element {
    /// The first element named `name` in document order, this one included.
    fn find(&self, name: &str) -> Option<&Element> {
        let mut pending = vec![self];
        while let Some(element) = pending.pop() {
            if element.name == name {
                return Some(element);
            }
            pending.extend(element.children.iter().rev());
        }
        None
    }

    /// Elements named `name` below this one, in document order, not looking
    /// inside a match or inside elements named in `skip`.
    fn all_named(&self, name: &str, skip: &[&str]) -> Vec<&Element> {
        let mut found = Vec::new();
        let mut pending: Vec<&Element> = self.children.iter().rev().collect();
        while let Some(element) = pending.pop() {
            if element.name == name {
                found.push(element);
            } else if !skip.contains(&element.name.as_str()) {
                pending.extend(element.children.iter().rev());
            }
        }
        found
    }

    /// All text in this element and below, trimmed.
    fn full_text(&self) -> String {
        let mut text = String::new();
        let mut pending = vec![self];
        while let Some(element) = pending.pop() {
            text.push_str(&element.text);
            pending.extend(element.children.iter().rev());
        }
        text.trim().to_string()
    }

    /// The text of the first direct child named `name`, when it has any.
    fn field(&self, name: &str) -> Option<String> {
        self.children
            .iter()
            .find(|child| child.name == name)
            .map(Element::full_text)
            .filter(|text| !text.is_empty())
    }
}

fn parse_level(word: &str) -> Option<Level> {
    match word.trim().to_ascii_lowercase().as_str() {
        "" => Some(Level::Medium),
        "high" | "h" => Some(Level::High),
        "medium" | "med" | "m" => Some(Level::Medium),
        "low" | "l" => Some(Level::Low),
        _ => None,
    }
}

/// A PARC value: `None` for an empty cell (which counts as N).
fn parse_value(symbol: &str) -> Result<Option<Rating>, ()> {
    let upper = symbol.trim().to_ascii_uppercase();
    let rating = match upper.as_str() {
        "" => return Ok(None),
        "++" => Rating::VeryConsistent,
        "+" => Rating::Consistent,
        "-" => Rating::Inconsistent,
        "--" => Rating::VeryInconsistent,
        "N/A" => Rating::NotApplicable,
        other => Rating::from_symbol(other).ok_or(())?,
    };
    Ok(Some(rating))
}

/// The raw values of a `VALUES` element, one per hypothesis.
fn value_cells(values: &Element) -> Vec<String> {
    if !values.children.is_empty() {
        return values.children.iter().map(Element::full_text).collect();
    }
    let text = values.full_text();
    if text.is_empty() {
        Vec::new()
    } else if text.contains([',', ';', '|']) {
        text.split([',', ';', '|'])
            .map(|cell| cell.trim().to_string())
            .collect()
    } else {
        text.split_whitespace().map(str::to_string).collect()
    }
}

fn board_from_document(document: &Element, text: &str) -> Result<Board, ParcProblem> {
    let matrix = document.find("MATRIX").ok_or(ParcProblem::NoMatrix)?;
    let title = document
        .find("PROJECTTITLE")
        .map(Element::full_text)
        .unwrap_or_default();
    let hypotheses: Vec<Hypothesis> = matrix
        .all_named("HYPOTHESIS", &["EVIDENCE"])
        .into_iter()
        .enumerate()
        .map(|(index, element)| {
            let name = element
                .field("NAME")
                .unwrap_or_else(|| element.text.trim().to_string());
            Hypothesis {
                notes: element.field("NOTES"),
                ..Hypothesis::new(format!("H{}", index + 1), name)
            }
        })
        .collect();
    let mut evidence = Vec::new();
    for (index, element) in matrix
        .all_named("EVIDENCE", &["HYPOTHESIS"])
        .into_iter()
        .enumerate()
    {
        let number = index + 1;
        let position = Position::of_offset(text, element.offset);
        let name = element
            .field("NAME")
            .unwrap_or_else(|| element.text.trim().to_string());
        let level = |field: &'static str, tag: &str| -> Result<Level, ParcProblem> {
            let value = element.field(tag).unwrap_or_default();
            parse_level(&value).ok_or_else(|| ParcProblem::UnknownLevel {
                position,
                number,
                name: name.clone(),
                field,
                value,
            })
        };
        let credibility = level("credibility", "CREDIBILITY")?;
        let relevance = level("relevance", "RELEVANCE")?;
        let cells = match element.children.iter().find(|c| c.name == "VALUES") {
            Some(values) => value_cells(values),
            None => Vec::new(),
        };
        if cells.len() > hypotheses.len() {
            return Err(ParcProblem::TooManyValues {
                position,
                number,
                name,
                count: cells.len(),
                hypotheses: hypotheses.len(),
            });
        }
        let mut ratings = Ratings::new();
        for (cell_index, (cell, hypothesis)) in cells.iter().zip(&hypotheses).enumerate() {
            match parse_value(cell) {
                Ok(Some(rating)) => ratings.set(&hypothesis.id, rating),
                Ok(None) => {}
                Err(()) => {
                    return Err(ParcProblem::UnknownRating {
                        position,
                        number,
                        name,
                        value_number: cell_index + 1,
                        symbol: cell.clone(),
                    });
                }
            }
        }
        let evidence_type = element.field("TYPE");
        let assumption = evidence_type
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case("assumption"));
        evidence.push(Evidence {
            notes: element.field("NOTES"),
            credibility,
            relevance,
            evidence_type,
            date: element.field("DATE"),
            source: element.field("SOURCE"),
            assumption,
            ratings,
            ..Evidence::new(format!("E{number}"), name)
        });
    }
    Ok(Board {
        title,
        hypotheses,
        evidence,
        ..Board::default()
    })
}
