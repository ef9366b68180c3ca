//! News documents as dyad reads them: an id, an optional date, the text, and
//! whatever other fields the input carried.

use serde::{Deserialize, Serialize};

/// Calendar dates (no time zone: news dates are days).
pub type Date = chrono::NaiveDate;

/// One news document (an article, a wire story, a validation record).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Document {
    pub id: String,
    /// Publication date; actor codes with date restrictions resolve against it.
    #[serde(default)]
    pub date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub text: String,
    /// Input fields dyad does not interpret, kept so that output can carry them.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub metadata: serde_json::Map<String, serde_json::Value>,
}

/// Parses `YYYY-MM-DD`, `YYYYMMDD` or `YYYY-MM-DDTHH:MM...` (the time is dropped).
pub fn parse_date(text: &str) -> Option<Date> {
    let t = text.trim();
    let day = t.get(..10).unwrap_or(t);
    if let Ok(d) = Date::parse_from_str(day, "%Y-%m-%d") {
        return Some(d);
    }
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        return Date::parse_from_str(t, "%Y%m%d").ok();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let d = Date::from_ymd_opt(2024, 6, 19).unwrap();
        assert_eq!(parse_date("2024-06-19"), Some(d));
        assert_eq!(parse_date("20240619"), Some(d));
        assert_eq!(parse_date("2024-06-19T12:00:00Z"), Some(d));
        assert_eq!(parse_date("2024-02-30"), None);
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(parse_date(""), None);
        assert_eq!(parse_date("2024-06-1é"), None);
    }
}
