//! Reading and checking boards: JSON text → [`Board`], and the rules every
//! board must follow (unique ids, ratings that name real hypotheses, valid
//! CAMEO codes in indicators).
//!
//! Reading goes in three steps. serde_json parses the text (refusing duplicate
//! keys), which gives line:column for syntax errors. A walk over the parsed
//! value builds the board and reports wrong types with the item and field.
//! [`validate`] then checks the cross-references. Errors from the last two
//! steps get their line:column by scanning the text along the offending path.
//! Fields dyad does not know are kept (see [`crate::board::ExtraFields`]) and
//! reported as warnings, since they are usually typos.

use crate::board::{Board, Evidence, Hypothesis, Indicator, Level, Rating, Ratings};
use crate::error::{
    BoardError, BoardErrorDetails, BoardWarning, ItemRef, PathSegment, Position, Problem, Section,
    WarningKind,
};
use crate::locate::{Target, locate};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::collections::HashMap;
use std::fmt;

/// A board read from a file, with the warnings found while reading it.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedBoard {
    pub board: Board,
    pub warnings: Vec<BoardWarning>,
}

/// Reads a board from raw bytes, which must be UTF-8 (a byte-order mark is
/// allowed). `origin` names the source in messages (usually the file path).
pub fn parse_board_bytes(bytes: &[u8], origin: Option<&str>) -> Result<LoadedBoard, BoardError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse_board(text, origin),
        Err(err) => {
            let offset = err.valid_up_to();
            let valid = bytes
                .get(..offset)
                .and_then(|prefix| std::str::from_utf8(prefix).ok())
                .unwrap_or("");
            Err(BoardErrorDetails {
                origin: origin.map(str::to_string),
                position: Some(Position::of_offset(valid, valid.len())),
                item: None,
                path: Vec::new(),
                problem: Problem::NotUtf8 { offset },
            }
            .into())
        }
    }
}

/// Reads a board from JSON text. `origin` names the source in messages.
pub fn parse_board(text: &str, origin: Option<&str>) -> Result<LoadedBoard, BoardError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root = match serde_json::from_str::<StrictJson>(text) {
        Ok(StrictJson(root)) => root,
        Err(err) => return Err(json_error(&err, origin)),
    };
    let mut walk = Walk::default();
    let built = walk.board(&root).and_then(|board| {
        check(&board)?;
        Ok(board)
    });
    let mut board = match built {
        Ok(board) => board,
        Err(raw) => {
            let item = item_of(&raw.path, |section, index| {
                id_in_json(&root, section, index)
            });
            return Err(BoardErrorDetails {
                origin: origin.map(str::to_string),
                position: locate(text, &raw.path, raw.target),
                item,
                path: raw.path,
                problem: raw.problem,
            }
            .into());
        }
    };
    board.normalize_rating_order();
    let warnings = walk
        .unknown_fields
        .into_iter()
        .map(|path| {
            let name = match path.last() {
                Some(PathSegment::Key(name)) => name.clone(),
                _ => String::new(),
            };
            BoardWarning {
                origin: origin.map(str::to_string),
                position: locate(text, &path, Target::Key),
                item: item_of(&path, |section, index| id_in_json(&root, section, index)),
                path,
                kind: WarningKind::UnknownField { name },
            }
        })
        .collect();
    Ok(LoadedBoard { board, warnings })
}

/// Checks the rules a board built in code must follow (the same ones
/// [`parse_board`] applies): ids present and unique within their list,
/// ratings and indicators naming hypotheses of the board, indicator codes
/// that CAMEO knows, actor prefixes in CAMEO's alphabet, and positive windows
/// and counts.
pub fn validate(board: &Board) -> Result<(), BoardError> {
    check(board).map_err(|raw| {
        let item = item_of(&raw.path, |section, index| {
            id_in_board(board, section, index)
        });
        BoardErrorDetails {
            origin: None,
            position: None,
            item,
            path: raw.path,
            problem: raw.problem,
        }
        .into()
    })
}

fn json_error(err: &serde_json::Error, origin: Option<&str>) -> BoardError {
    let mut message = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    if let Some(stripped) = message.strip_suffix(&suffix) {
        message = stripped.to_string();
    }
    BoardErrorDetails {
        origin: origin.map(str::to_string),
        position: (err.line() > 0).then(|| Position {
            line: err.line(),
            column: err.column(),
        }),
        item: None,
        path: Vec::new(),
        problem: Problem::Json { message },
    }
    .into()
}

fn item_of(
    path: &[PathSegment],
    id_of: impl Fn(Section, usize) -> Option<String>,
) -> Option<ItemRef> {
    match path {
        [PathSegment::Key(key), PathSegment::Index(index), ..] => {
            let section = Section::from_key(key)?;
            Some(ItemRef {
                section,
                index: *index,
                id: id_of(section, *index),
            })
        }
        _ => None,
    }
}

fn id_in_json(root: &Value, section: Section, index: usize) -> Option<String> {
    let id = root.get(section.key())?.get(index)?.get("id")?.as_str()?;
    (!id.trim().is_empty()).then(|| id.to_string())
}

fn id_in_board(board: &Board, section: Section, index: usize) -> Option<String> {
    let id = match section {
        Section::Hypotheses => &board.hypotheses.get(index)?.id,
        Section::Evidence => &board.evidence.get(index)?.id,
        Section::Indicators => &board.indicators.get(index)?.id,
    };
    (!id.trim().is_empty()).then(|| id.clone())
}

/// A JSON value parsed by serde_json, refusing objects that repeat a key
/// (serde_json's own `Value` keeps the last one silently).
struct StrictJson(Value);

impl<'de> Deserialize<'de> for StrictJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<StrictJson, D::Error> {
        deserializer.deserialize_any(StrictVisitor).map(StrictJson)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom(format!("number {v} is not finite")))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(StrictJson(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            if map.contains_key(&key) {
                return Err(de::Error::custom(format!(
                    "the key {key:?} appears twice in one object"
                )));
            }
            let StrictJson(value) = access.next_value()?;
            map.insert(key, value);
        }
        Ok(Value::Object(map))
    }
}

type Path = Vec<PathSegment>;

fn child(path: &[PathSegment], segment: impl Into<PathSegment>) -> Path {
    let mut longer = path.to_vec();
    longer.push(segment.into());
    longer
}

/// An error before the origin, position and item are attached.
struct Raw {
    path: Path,
    problem: Problem,
    target: Target,
}

impl Raw {
    fn at_value(path: Path, problem: Problem) -> Raw {
        Raw {
            path,
            problem,
            target: Target::Value,
        }
    }

    fn at_key(path: Path, problem: Problem) -> Raw {
        Raw {
            path,
            problem,
            target: Target::Key,
        }
    }

    fn wrong_type(path: Path, expected: &'static str, found: &Value) -> Raw {
        Raw::at_value(
            path,
            Problem::WrongType {
                expected,
                found: describe(found),
            },
        )
    }
}

/// A short description of a JSON value for "expected X, found Y".
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => {
            let short: String = s.chars().take(40).collect();
            if short.len() < s.len() {
                format!("the string {short:?}…")
            } else {
                format!("the string {s:?}")
            }
        }
        Value::Array(items) => format!("an array of {} values", items.len()),
        Value::Object(_) => "an object".to_string(),
    }
}

/// One JSON object being read: knows its path and which keys dyad reads.
struct Fields<'v> {
    map: &'v Map<String, Value>,
    path: Path,
}

impl<'v> Fields<'v> {
    fn new(value: &'v Value, path: Path, expected: &'static str) -> Result<Fields<'v>, Raw> {
        match value {
            Value::Object(map) => Ok(Fields { map, path }),
            other => Err(Raw::wrong_type(path, expected, other)),
        }
    }

    /// The value of `key`, treating `null` as absent.
    fn get(&self, key: &str) -> Option<&'v Value> {
        self.map.get(key).filter(|value| !value.is_null())
    }

    fn path_of(&self, key: &str) -> Path {
        child(&self.path, key)
    }

    /// Keys other than `known`, copied out and recorded as warnings.
    fn extra(&self, known: &[&str], unknown_fields: &mut Vec<Path>) -> Map<String, Value> {
        let mut extra = Map::new();
        for (key, value) in self.map {
            if !known.contains(&key.as_str()) {
                unknown_fields.push(self.path_of(key));
                extra.insert(key.clone(), value.clone());
            }
        }
        extra
    }

    fn required_id(&self) -> Result<String, Raw> {
        match self.map.get("id") {
            None => Err(Raw::at_value(
                self.path.clone(),
                Problem::MissingField { field: "id" },
            )),
            Some(Value::String(id)) => Ok(id.clone()),
            Some(other) => Err(Raw::wrong_type(self.path_of("id"), "a string id", other)),
        }
    }

    fn optional_string(&self, key: &str) -> Result<Option<String>, Raw> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(other) => Err(Raw::wrong_type(self.path_of(key), "a string", other)),
        }
    }

    fn string_or_empty(&self, key: &str) -> Result<String, Raw> {
        Ok(self.optional_string(key)?.unwrap_or_default())
    }

    fn required_string(&self, key: &'static str) -> Result<String, Raw> {
        self.optional_string(key)?
            .ok_or_else(|| Raw::at_value(self.path.clone(), Problem::MissingField { field: key }))
    }

    fn bool_or_false(&self, key: &str) -> Result<bool, Raw> {
        match self.get(key) {
            None => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(other) => Err(Raw::wrong_type(self.path_of(key), "true or false", other)),
        }
    }

    fn level(&self, key: &str) -> Result<Level, Raw> {
        match self.get(key) {
            None => Ok(Level::Medium),
            Some(Value::String(word)) => Level::from_word(word).ok_or_else(|| {
                Raw::at_value(
                    self.path_of(key),
                    Problem::UnknownLevel {
                        value: word.clone(),
                    },
                )
            }),
            Some(other) => Err(Raw::wrong_type(
                self.path_of(key),
                "\"high\", \"medium\" or \"low\"",
                other,
            )),
        }
    }

    fn array(&self, key: &str) -> Result<&'v [Value], Raw> {
        match self.get(key) {
            None => Ok(&[]),
            Some(Value::Array(items)) => Ok(items),
            Some(other) => Err(Raw::wrong_type(self.path_of(key), "an array", other)),
        }
    }

    fn string_list(&self, key: &str) -> Result<Vec<String>, Raw> {
        let path = self.path_of(key);
        self.array(key)?
            .iter()
            .enumerate()
            .map(|(index, value)| match value {
                Value::String(text) => Ok(text.clone()),
                other => Err(Raw::wrong_type(child(&path, index), "a string", other)),
            })
            .collect()
    }

    fn event_ids(&self, key: &str) -> Result<Vec<i64>, Raw> {
        let path = self.path_of(key);
        self.array(key)?
            .iter()
            .enumerate()
            .map(|(index, value)| {
                value.as_i64().ok_or_else(|| {
                    Raw::wrong_type(
                        child(&path, index),
                        "an event id (a whole number that fits in 64 bits)",
                        value,
                    )
                })
            })
            .collect()
    }

    fn positive_u32(&self, key: &str, default: u32) -> Result<u32, Raw> {
        match self.get(key) {
            None => Ok(default),
            Some(value) => value
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .filter(|&n| n >= 1)
                .ok_or_else(|| {
                    Raw::at_value(
                        self.path_of(key),
                        Problem::OutOfRange {
                            min: 1,
                            max: u64::from(u32::MAX),
                            found: describe(value),
                        },
                    )
                }),
        }
    }

    fn rating(&self, key: &'static str) -> Result<Rating, Raw> {
        match self.get(key) {
            None => Err(Raw::at_value(
                self.path.clone(),
                Problem::MissingField { field: key },
            )),
            Some(value) => rating_of(value, self.path_of(key)),
        }
    }
}

fn rating_of(value: &Value, path: Path) -> Result<Rating, Raw> {
    match value {
        Value::String(symbol) => Rating::from_symbol(symbol).ok_or_else(|| {
            Raw::at_value(
                path,
                Problem::UnknownRating {
                    symbol: symbol.clone(),
                },
            )
        }),
        other => Err(Raw::wrong_type(
            path,
            "a rating symbol (CC, C, N, I, II or NA)",
            other,
        )),
    }
}

const BOARD_FIELDS: &[&str] = &[
    "title",
    "question",
    "notes",
    "hypotheses",
    "evidence",
    "indicators",
];
const HYPOTHESIS_FIELDS: &[&str] = &["id", "title", "notes"];
const EVIDENCE_FIELDS: &[&str] = &[
    "id",
    "text",
    "notes",
    "credibility",
    "relevance",
    "type",
    "date",
    "source",
    "assumption",
    "events",
    "ratings",
];
const INDICATOR_FIELDS: &[&str] = &[
    "id",
    "hypothesis",
    "description",
    "source_actors",
    "target_actors",
    "codes",
    "window_days",
    "min_count",
    "rating",
    "credibility",
    "relevance",
];

#[derive(Default)]
struct Walk {
    unknown_fields: Vec<Path>,
}

impl Walk {
    fn board(&mut self, root: &Value) -> Result<Board, Raw> {
        let fields = Fields::new(root, Vec::new(), "a JSON object (the board)")?;
        let mut board = Board {
            title: fields.string_or_empty("title")?,
            question: fields.string_or_empty("question")?,
            notes: fields.optional_string("notes")?,
            extra: fields.extra(BOARD_FIELDS, &mut self.unknown_fields),
            ..Board::default()
        };
        for (index, value) in fields.array("hypotheses")?.iter().enumerate() {
            let path = vec![Section::Hypotheses.key().into(), index.into()];
            board.hypotheses.push(self.hypothesis(value, path)?);
        }
        for (index, value) in fields.array("evidence")?.iter().enumerate() {
            let path = vec![Section::Evidence.key().into(), index.into()];
            board.evidence.push(self.evidence(value, path)?);
        }
        for (index, value) in fields.array("indicators")?.iter().enumerate() {
            let path = vec![Section::Indicators.key().into(), index.into()];
            board.indicators.push(self.indicator(value, path)?);
        }
        Ok(board)
    }

    fn hypothesis(&mut self, value: &Value, path: Path) -> Result<Hypothesis, Raw> {
        let fields = Fields::new(value, path, "an object (a hypothesis)")?;
        Ok(Hypothesis {
            id: fields.required_id()?,
            title: fields.string_or_empty("title")?,
            notes: fields.optional_string("notes")?,
            extra: fields.extra(HYPOTHESIS_FIELDS, &mut self.unknown_fields),
        })
    }

    fn evidence(&mut self, value: &Value, path: Path) -> Result<Evidence, Raw> {
        let fields = Fields::new(value, path, "an object (an evidence item)")?;
        let mut ratings = Ratings::new();
        let ratings_path = fields.path_of("ratings");
        match fields.get("ratings") {
            None => {}
            Some(Value::Object(map)) => {
                for (hypothesis_id, value) in map {
                    let rating = rating_of(value, child(&ratings_path, hypothesis_id.as_str()))?;
                    ratings.set(hypothesis_id, rating);
                }
            }
            Some(other) => {
                return Err(Raw::wrong_type(
                    ratings_path,
                    "an object of hypothesis id → rating",
                    other,
                ));
            }
        }
        Ok(Evidence {
            id: fields.required_id()?,
            text: fields.string_or_empty("text")?,
            notes: fields.optional_string("notes")?,
            credibility: fields.level("credibility")?,
            relevance: fields.level("relevance")?,
            evidence_type: fields.optional_string("type")?,
            date: fields.optional_string("date")?,
            source: fields.optional_string("source")?,
            assumption: fields.bool_or_false("assumption")?,
            events: fields.event_ids("events")?,
            ratings,
            extra: fields.extra(EVIDENCE_FIELDS, &mut self.unknown_fields),
        })
    }

    fn indicator(&mut self, value: &Value, path: Path) -> Result<Indicator, Raw> {
        let fields = Fields::new(value, path, "an object (an indicator)")?;
        Ok(Indicator {
            id: fields.required_id()?,
            hypothesis: fields.required_string("hypothesis")?,
            description: fields.optional_string("description")?,
            source_actors: fields.string_list("source_actors")?,
            target_actors: fields.string_list("target_actors")?,
            codes: fields.string_list("codes")?,
            window_days: fields.positive_u32("window_days", crate::board::DEFAULT_WINDOW_DAYS)?,
            min_count: fields.positive_u32("min_count", crate::board::DEFAULT_MIN_COUNT)?,
            rating: fields.rating("rating")?,
            credibility: fields.level("credibility")?,
            relevance: fields.level("relevance")?,
            extra: fields.extra(INDICATOR_FIELDS, &mut self.unknown_fields),
        })
    }
}

fn known_hypotheses(board: &Board) -> String {
    const SHOWN: usize = 12;
    if board.hypotheses.is_empty() {
        return "none".to_string();
    }
    let mut list: Vec<&str> = board
        .hypotheses
        .iter()
        .take(SHOWN)
        .map(|h| h.id.as_str())
        .collect();
    if board.hypotheses.len() > SHOWN {
        list.push("…");
    }
    list.join(", ")
}

/// Checks ids, one list at a time: present, not blank, not used twice.
fn check_ids<'b>(
    section: Section,
    ids: impl Iterator<Item = &'b str>,
) -> Result<HashMap<&'b str, usize>, Raw> {
    let mut first_use: HashMap<&str, usize> = HashMap::new();
    for (index, id) in ids.enumerate() {
        let path = vec![section.key().into(), index.into(), "id".into()];
        if id.trim().is_empty() {
            return Err(Raw::at_value(path, Problem::EmptyId));
        }
        if let Some(&first) = first_use.get(id) {
            return Err(Raw::at_value(
                path,
                Problem::DuplicateId {
                    id: id.to_string(),
                    noun: section.item_noun(),
                    first: first + 1,
                },
            ));
        }
        first_use.insert(id, index);
    }
    Ok(first_use)
}

fn is_actor_prefix(prefix: &str) -> bool {
    !prefix.is_empty()
        && prefix
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

fn check(board: &Board) -> Result<(), Raw> {
    let hypotheses = check_ids(
        Section::Hypotheses,
        board.hypotheses.iter().map(|h| h.id.as_str()),
    )?;
    check_ids(
        Section::Evidence,
        board.evidence.iter().map(|e| e.id.as_str()),
    )?;
    check_ids(
        Section::Indicators,
        board.indicators.iter().map(|i| i.id.as_str()),
    )?;
    for (index, item) in board.evidence.iter().enumerate() {
        for (hypothesis_id, _) in item.ratings.iter() {
            if !hypotheses.contains_key(hypothesis_id) {
                return Err(Raw::at_key(
                    vec![
                        Section::Evidence.key().into(),
                        index.into(),
                        "ratings".into(),
                        hypothesis_id.into(),
                    ],
                    Problem::UnknownHypothesis {
                        id: hypothesis_id.to_string(),
                        known: known_hypotheses(board),
                    },
                ));
            }
        }
    }
    for (index, indicator) in board.indicators.iter().enumerate() {
        let path = |field: &str| -> Path {
            vec![Section::Indicators.key().into(), index.into(), field.into()]
        };
        if !hypotheses.contains_key(indicator.hypothesis.as_str()) {
            return Err(Raw::at_value(
                path("hypothesis"),
                Problem::UnknownHypothesis {
                    id: indicator.hypothesis.clone(),
                    known: known_hypotheses(board),
                },
            ));
        }
        for (field, prefixes) in [
            ("source_actors", &indicator.source_actors),
            ("target_actors", &indicator.target_actors),
        ] {
            for (position, prefix) in prefixes.iter().enumerate() {
                if !is_actor_prefix(prefix) {
                    return Err(Raw::at_value(
                        child(&path(field), position),
                        Problem::BadActorPrefix {
                            prefix: prefix.clone(),
                        },
                    ));
                }
            }
        }
        for (position, code) in indicator.codes.iter().enumerate() {
            if dyad_model::lookup(code).is_none() {
                return Err(Raw::at_value(
                    child(&path("codes"), position),
                    Problem::UnknownCameoCode { code: code.clone() },
                ));
            }
        }
        for (field, value) in [
            ("window_days", indicator.window_days),
            ("min_count", indicator.min_count),
        ] {
            if value == 0 {
                return Err(Raw::at_value(
                    path(field),
                    Problem::OutOfRange {
                        min: 1,
                        max: u64::from(u32::MAX),
                        found: "0".to_string(),
                    },
                ));
            }
        }
    }
    Ok(())
}
