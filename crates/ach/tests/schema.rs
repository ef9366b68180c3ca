//! docs/ach.schema.json against the boards: the bundled example and the test
//! boards satisfy it, boards the loader rejects for their structure fail it
//! too, and what dyad writes satisfies it.
//!
//! The check is a small interpreter for the keywords the schema uses (it
//! refuses any other keyword, so the schema cannot outgrow the check
//! silently); a full JSON Schema validator would cost more build time than
//! this one file.

use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn schema() -> Value {
    read_json(&repo_root().join("docs/ach.schema.json"))
}

const KNOWN_KEYWORDS: &[&str] = &[
    "$schema",
    "$id",
    "$defs",
    "$ref",
    "title",
    "description",
    "type",
    "properties",
    "additionalProperties",
    "required",
    "items",
    "enum",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
];

/// Every keyword in every subschema is one `check` understands.
fn assert_known_keywords(schema: &Value, at: &str) {
    let Some(object) = schema.as_object() else {
        assert!(
            schema.is_boolean(),
            "{at}: a schema must be an object or a boolean"
        );
        return;
    };
    for (keyword, value) in object {
        assert!(
            KNOWN_KEYWORDS.contains(&keyword.as_str()),
            "{at}: unsupported keyword {keyword}"
        );
        match keyword.as_str() {
            "properties" | "$defs" => {
                for (name, sub) in value.as_object().unwrap() {
                    assert_known_keywords(sub, &format!("{at}/{keyword}/{name}"));
                }
            }
            "items" | "additionalProperties" => {
                assert_known_keywords(value, &format!("{at}/{keyword}"))
            }
            _ => {}
        }
    }
}

struct Checker<'s> {
    root: &'s Value,
    errors: Vec<String>,
}

impl<'s> Checker<'s> {
    fn resolve(&self, reference: &str) -> &'s Value {
        let name = reference
            .strip_prefix("#/$defs/")
            .unwrap_or_else(|| panic!("only local $defs references are supported: {reference}"));
        &self.root["$defs"][name]
    }

    fn fail(&mut self, at: &str, message: String) {
        self.errors.push(format!("{at}: {message}"));
    }

    fn check(&mut self, schema: &'s Value, value: &Value, at: &str) {
        let schema = match schema {
            Value::Bool(true) => return,
            Value::Bool(false) => return self.fail(at, "no value is allowed here".into()),
            Value::Object(object) => object,
            _ => panic!("bad schema at {at}"),
        };
        if let Some(Value::String(reference)) = schema.get("$ref") {
            let target = self.resolve(reference);
            self.check(target, value, at);
        }
        if let Some(Value::String(kind)) = schema.get("type") {
            let fits = match kind.as_str() {
                "object" => value.is_object(),
                "array" => value.is_array(),
                "string" => value.is_string(),
                "boolean" => value.is_boolean(),
                "integer" => value.is_i64() || value.is_u64(),
                "number" => value.is_number(),
                "null" => value.is_null(),
                other => panic!("unknown type {other}"),
            };
            if !fits {
                return self.fail(at, format!("expected {kind}, found {value}"));
            }
        }
        if let Some(Value::Array(allowed)) = schema.get("enum") {
            if !allowed.contains(value) {
                self.fail(at, format!("{value} is not one of {allowed:?}"));
            }
        }
        if let Value::String(text) = value {
            let length = text.chars().count() as u64;
            if let Some(min) = schema.get("minLength").and_then(Value::as_u64) {
                if length < min {
                    self.fail(at, format!("shorter than {min}"));
                }
            }
            if let Some(max) = schema.get("maxLength").and_then(Value::as_u64) {
                if length > max {
                    self.fail(at, format!("longer than {max}"));
                }
            }
        }
        if let Some(number) = value.as_f64() {
            if let Some(min) = schema.get("minimum").and_then(Value::as_f64) {
                if number < min {
                    self.fail(at, format!("{number} is below {min}"));
                }
            }
            if let Some(max) = schema.get("maximum").and_then(Value::as_f64) {
                if number > max {
                    self.fail(at, format!("{number} is above {max}"));
                }
            }
        }
        if let Value::Array(items) = value {
            if let Some(item_schema) = schema.get("items") {
                for (index, item) in items.iter().enumerate() {
                    self.check(item_schema, item, &format!("{at}[{index}]"));
                }
            }
        }
        if let Value::Object(object) = value {
            self.check_object(schema, object, at);
        }
    }

    fn check_object(
        &mut self,
        schema: &'s Map<String, Value>,
        object: &Map<String, Value>,
        at: &str,
    ) {
        if let Some(Value::Array(required)) = schema.get("required") {
            for name in required {
                let name = name.as_str().unwrap();
                if !object.contains_key(name) {
                    self.fail(at, format!("missing required {name}"));
                }
            }
        }
        let properties = schema.get("properties").and_then(Value::as_object);
        for (name, member) in object {
            let at = format!("{at}.{name}");
            match properties.and_then(|p| p.get(name)) {
                Some(sub) => self.check(sub, member, &at),
                None => {
                    if let Some(extra) = schema.get("additionalProperties") {
                        self.check(extra, member, &at);
                    }
                }
            }
        }
    }
}

fn violations(value: &Value) -> Vec<String> {
    let root = schema();
    let mut checker = Checker {
        root: &root,
        errors: Vec::new(),
    };
    checker.check(&root, value, "$");
    checker.errors
}

fn boards_on_disk() -> Vec<PathBuf> {
    let mut paths = vec![repo_root().join("examples/boards/troops-to-ally.json")];
    let test_boards = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/boards");
    let mut more: Vec<PathBuf> = std::fs::read_dir(&test_boards)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    more.sort();
    assert!(
        more.len() >= 7,
        "test boards missing from {}",
        test_boards.display()
    );
    paths.extend(more);
    paths
}

#[test]
fn schema_uses_only_keywords_the_check_understands() {
    let schema = schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_known_keywords(&schema, "#");
}

#[test]
fn example_and_test_boards_satisfy_the_schema() {
    for path in boards_on_disk() {
        let value = read_json(&path);
        let errors = violations(&value);
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        // dyad reads each of them without warnings, and what it writes back
        // satisfies the schema too.
        let text = std::fs::read_to_string(&path).unwrap();
        let loaded = dyad_ach::parse_board(&text, None).unwrap();
        assert!(loaded.warnings.is_empty(), "{}", path.display());
        let written: Value = serde_json::from_str(&loaded.board.to_json().unwrap()).unwrap();
        assert!(violations(&written).is_empty(), "{}", path.display());
    }
}

#[test]
fn structurally_broken_boards_fail_both_the_schema_and_the_loader() {
    let cases = [
        r#"{"hypotheses": [{"id": "H1"}], "evidence": [{"id": "E1", "ratings": {"H1": "maybe"}}]}"#,
        r#"{"hypotheses": [{"title": "no id"}]}"#,
        r#"{"hypotheses": [{"id": ""}]}"#,
        r#"{"evidence": [{"id": "E1", "credibility": "certain"}]}"#,
        r#"{"evidence": [{"id": "E1", "assumption": "yes"}]}"#,
        r#"{"evidence": [{"id": "E1", "events": ["12"]}]}"#,
        r#"{"evidence": [{"id": "E1", "events": [1.5]}]}"#,
        r#"{"evidence": {}}"#,
        r#"{"title": 3}"#,
        r#"{"hypotheses": [{"id": "H1"}], "indicators": [{"id": "I1", "hypothesis": "H1"}]}"#,
        r#"{"hypotheses": [{"id": "H1"}], "indicators": [{"id": "I1", "hypothesis": "H1", "rating": "C", "window_days": 0}]}"#,
        r#"{"hypotheses": [{"id": "H1"}], "indicators": [{"id": "I1", "hypothesis": "H1", "rating": "C", "codes": ["1"]}]}"#,
        r#"{"hypotheses": [{"id": "H1"}], "indicators": [{"id": "I1", "hypothesis": "H1", "rating": "C", "source_actors": [""]}]}"#,
    ];
    for text in cases {
        let value: Value = serde_json::from_str(text).unwrap();
        assert!(!violations(&value).is_empty(), "schema accepts {text}");
        assert!(
            dyad_ach::parse_board(text, None).is_err(),
            "loader accepts {text}"
        );
    }
}

#[test]
fn unknown_fields_fail_the_schema_but_only_warn_in_dyad() {
    let text = r#"{"titel": "typo", "evidence": [{"id": "E1", "relevence": "low"}]}"#;
    let value: Value = serde_json::from_str(text).unwrap();
    assert_eq!(violations(&value).len(), 2);
    let loaded = dyad_ach::parse_board(text, None).unwrap();
    assert_eq!(loaded.warnings.len(), 2);
}
