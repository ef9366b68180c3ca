//! Query-string parameters, read strictly: unknown names, repeated single
//! values, bad dates and numbers out of range are 400 errors naming the
//! parameter, never silently ignored. Empty values (an untouched form field)
//! count as absent.

use crate::error::ApiError;
use dyad_model::{Date, QuadClass, parse_date};
use std::str::FromStr;

/// The longest query string accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 8 * 1024;

/// The longest actor code accepted.
pub const MAX_ACTOR_CHARS: usize = 64;

/// A parsed query string.
#[derive(Debug, Clone, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Parses `query` (without the `?`), refusing names not in `allowed`.
    pub fn parse(query: Option<&str>, allowed: &[&str]) -> Result<Params, ApiError> {
        let query = query.unwrap_or("");
        if query.len() > MAX_QUERY_BYTES {
            return Err(ApiError::new(
                axum::http::StatusCode::URI_TOO_LONG,
                format!("the query string is longer than {MAX_QUERY_BYTES} bytes"),
            ));
        }
        let mut pairs = Vec::new();
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            if !allowed.contains(&name.as_ref()) {
                return Err(ApiError::bad_request(format!(
                    "unknown parameter {name:?} (expected one of: {})",
                    allowed.join(", ")
                )));
            }
            pairs.push((name.into_owned(), value.trim().to_string()));
        }
        Ok(Params { pairs })
    }

    /// The value of a parameter given at most once; `None` when absent or empty.
    pub fn one(&self, name: &str) -> Result<Option<&str>, ApiError> {
        let mut values = self
            .pairs
            .iter()
            .filter(|(n, v)| n == name && !v.is_empty())
            .map(|(_, v)| v.as_str());
        let first = values.next();
        if values.next().is_some() {
            return Err(ApiError::bad_request(format!(
                "parameter {name:?} is given more than once"
            )));
        }
        Ok(first)
    }

    /// Every non-empty value of a repeatable parameter.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(n, v)| n == name && !v.is_empty())
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// A `YYYY-MM-DD` date.
    pub fn date(&self, name: &str) -> Result<Option<Date>, ApiError> {
        self.one(name)?
            .map(|text| {
                let strict = text.len() == 10 && text.as_bytes().get(4) == Some(&b'-');
                parse_date(text).filter(|_| strict).ok_or_else(|| {
                    ApiError::bad_request(format!(
                        "parameter {name:?}: {text:?} is not a date (expected YYYY-MM-DD)"
                    ))
                })
            })
            .transpose()
    }

    /// `from` and `to` dates, checked to be in order.
    pub fn date_range(&self) -> Result<(Option<Date>, Option<Date>), ApiError> {
        let from = self.date("from")?;
        let to = self.date("to")?;
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            return Err(ApiError::bad_request(format!(
                "parameter \"from\" ({f}) is after \"to\" ({t})"
            )));
        }
        Ok((from, to))
    }

    /// A number within `min..=max`.
    pub fn number<T>(&self, name: &str, min: T, max: T) -> Result<Option<T>, ApiError>
    where
        T: FromStr + PartialOrd + std::fmt::Display + Copy,
    {
        let Some(text) = self.one(name)? else {
            return Ok(None);
        };
        let value: T = text.parse().map_err(|_| {
            ApiError::bad_request(format!("parameter {name:?}: {text:?} is not a number"))
        })?;
        // NaN fails both comparisons, so it is refused too.
        if !(value >= min && value <= max) {
            return Err(ApiError::bad_request(format!(
                "parameter {name:?}: {text} is outside {min}..{max}"
            )));
        }
        Ok(Some(value))
    }

    /// A yes/no flag: `1`, `true`, `yes`, `on` or `0`, `false`, `no`, `off`.
    pub fn flag(&self, name: &str) -> Result<bool, ApiError> {
        match self.one(name)?.map(str::to_ascii_lowercase).as_deref() {
            None | Some("0" | "false" | "no" | "off") => Ok(false),
            Some("1" | "true" | "yes" | "on") => Ok(true),
            Some(other) => Err(ApiError::bad_request(format!(
                "parameter {name:?}: {other:?} is not a yes/no value (use 1 or 0)"
            ))),
        }
    }

    /// An actor code prefix, upper-cased.
    pub fn actor(&self, name: &str) -> Result<Option<String>, ApiError> {
        self.one(name)?
            .map(|code| actor_code(name, code))
            .transpose()
    }

    /// Every value of a repeatable actor parameter, upper-cased.
    pub fn actors(&self, name: &str) -> Result<Vec<String>, ApiError> {
        self.all(name)
            .into_iter()
            .map(|code| actor_code(name, code))
            .collect()
    }

    /// One of `choices`, or `default` when absent.
    pub fn choice<'c>(
        &self,
        name: &str,
        choices: &[&'c str],
        default: &'c str,
    ) -> Result<&'c str, ApiError> {
        match self.one(name)? {
            None => Ok(default),
            Some(value) => choices
                .iter()
                .find(|c| c.eq_ignore_ascii_case(value))
                .copied()
                .ok_or_else(|| {
                    ApiError::bad_request(format!(
                        "parameter {name:?}: {value:?} is not one of {}",
                        choices.join(", ")
                    ))
                }),
        }
    }

    /// Quad classes 1-4, repeatable.
    pub fn quads(&self, name: &str) -> Result<Vec<QuadClass>, ApiError> {
        self.all(name)
            .into_iter()
            .map(|text| {
                text.parse::<u8>()
                    .ok()
                    .and_then(|n| QuadClass::try_from(n).ok())
                    .ok_or_else(|| {
                        ApiError::bad_request(format!(
                            "parameter {name:?}: {text:?} is not a quad class (1 to 4)"
                        ))
                    })
            })
            .collect()
    }

    /// CAMEO codes or prefixes (digits only, 2 to 4 of them), repeatable.
    pub fn codes(&self, name: &str) -> Result<Vec<String>, ApiError> {
        self.all(name)
            .into_iter()
            .map(|text| {
                if (1..=4).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()) {
                    Ok(text.to_string())
                } else {
                    Err(ApiError::bad_request(format!(
                        "parameter {name:?}: {text:?} is not a CAMEO code (1 to 4 digits)"
                    )))
                }
            })
            .collect()
    }
}

/// Checks and upper-cases an actor code prefix.
pub fn actor_code(name: &str, code: &str) -> Result<String, ApiError> {
    if code.chars().count() > MAX_ACTOR_CHARS {
        return Err(ApiError::bad_request(format!(
            "parameter {name:?}: actor codes are at most {MAX_ACTOR_CHARS} characters"
        )));
    }
    if code.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(ApiError::bad_request(format!(
            "parameter {name:?}: {code:?} is not an actor code (no spaces or control characters)"
        )));
    }
    Ok(code.to_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &str) -> Result<Params, ApiError> {
        Params::parse(
            Some(query),
            &["a", "b", "from", "to", "n", "flag", "q", "code"],
        )
    }

    #[test]
    fn unknown_and_repeated_parameters_are_errors() {
        let error = parse("a=PRK&zzz=1").unwrap_err();
        assert!(error.message.contains("\"zzz\""), "{error}");
        let params = parse("a=PRK&a=RUS").unwrap();
        assert!(params.one("a").is_err());
        assert_eq!(params.all("a"), ["PRK", "RUS"]);
    }

    #[test]
    fn empty_values_are_absent_and_values_are_decoded() {
        let params = parse("a=&b=prk%20&q=a+b%3Cc").unwrap();
        assert_eq!(params.one("a").unwrap(), None);
        assert_eq!(params.actor("b").unwrap().as_deref(), Some("PRK"));
        assert_eq!(params.one("q").unwrap(), Some("a b<c"));
    }

    #[test]
    fn dates_numbers_flags_and_codes_are_checked() {
        let params = parse("from=2024-06-19&to=2024-06-01").unwrap();
        assert!(params.date_range().is_err());
        assert!(parse("from=20240619").unwrap().date("from").is_err());
        assert!(parse("from=2024-02-30").unwrap().date("from").is_err());
        assert_eq!(
            parse("from=2024-02-29").unwrap().date("from").unwrap(),
            Date::from_ymd_opt(2024, 2, 29)
        );
        assert_eq!(parse("n=5").unwrap().number("n", 1, 10).unwrap(), Some(5));
        assert!(parse("n=11").unwrap().number("n", 1, 10).is_err());
        assert!(parse("n=-1").unwrap().number("n", 0u64, 10).is_err());
        assert!(parse("n=NaN").unwrap().number("n", 0.0, 1.0).is_err());
        assert!(parse("flag=1").unwrap().flag("flag").unwrap());
        assert!(!parse("").unwrap().flag("flag").unwrap());
        assert!(parse("flag=maybe").unwrap().flag("flag").is_err());
        assert_eq!(parse("code=19").unwrap().codes("code").unwrap(), ["19"]);
        assert!(parse("code=19x").unwrap().codes("code").is_err());
        assert!(parse("a=P%0ARK").unwrap().actor("a").is_err());
        let long = format!("a={}", "X".repeat(65));
        assert!(parse(&long).unwrap().actor("a").is_err());
        let huge = format!("q={}", "x".repeat(MAX_QUERY_BYTES));
        assert_eq!(
            parse(&huge).unwrap_err().status,
            axum::http::StatusCode::URI_TOO_LONG
        );
    }
}
