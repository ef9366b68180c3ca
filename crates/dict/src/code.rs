//! Codes inside `[...]`: event codes (plain, paired, subordinate, dominant,
//! null, discard, complex), actor codes with date restrictions, and agent codes.

use chrono::NaiveDate;

/// What a verb or pattern produces.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EventCode {
    /// An event. `primary` is the source→target code; `paired` the
    /// target→source code of `[ccc:ddd]`. `[:ddd]` (PETRARCH-2, passive only)
    /// has no primary.
    Event {
        primary: Option<Box<str>>,
        paired: Option<Box<str>>,
        subordinate: bool,
        dominant: bool,
    },
    /// `[---]`: nothing is coded.
    Null,
    /// `[###]`: the whole record is discarded.
    Discard,
    /// `[+++]`: the record is too complex to code.
    Complex,
}

impl EventCode {
    pub fn is_null(&self) -> bool {
        matches!(self, EventCode::Null)
    }

    /// The code as written between brackets.
    pub fn display(&self) -> String {
        match self {
            EventCode::Null => "---".into(),
            EventCode::Discard => "###".into(),
            EventCode::Complex => "+++".into(),
            EventCode::Event {
                primary,
                paired,
                subordinate,
                dominant,
            } => {
                let mut s = primary.as_deref().unwrap_or("").to_string();
                if let Some(p) = paired {
                    s.push(':');
                    s.push_str(p);
                }
                if *subordinate {
                    s.push('?');
                }
                if *dominant {
                    s.push('!');
                }
                s
            }
        }
    }
}

/// Parses the inside of an event-code bracket (`072`, `032:033`, `023?`,
/// `031!`, `---`, `###`, `+++`, `:110`). Blanks are ignored.
pub fn parse_event_code(inner: &str) -> Result<EventCode, String> {
    let s: String = inner.chars().filter(|c| !c.is_whitespace()).collect();
    match s.as_str() {
        "" => return Err("empty code between [ and ]".into()),
        "---" | "--" | "-" => return Ok(EventCode::Null),
        "###" => return Ok(EventCode::Discard),
        "+++" => return Ok(EventCode::Complex),
        _ => {}
    }
    let mut body = s.as_str();
    let mut subordinate = false;
    let mut dominant = false;
    loop {
        if let Some(b) = body.strip_suffix('?') {
            subordinate = true;
            body = b;
        } else if let Some(b) = body.strip_suffix('!') {
            dominant = true;
            body = b;
        } else {
            break;
        }
    }
    let (primary, paired) = match body.split_once(':') {
        Some((a, b)) => (a, Some(b)),
        None => (body, None),
    };
    let check = |c: &str| -> Result<Option<Box<str>>, String> {
        if c.is_empty() || c == "---" {
            return Ok(None);
        }
        if c.chars().all(|ch| ch.is_ascii_alphanumeric()) {
            Ok(Some(c.into()))
        } else {
            Err(format!(
                "event code {c:?} must be letters and digits (e.g. 072, 032:033, 023?)"
            ))
        }
    };
    let primary = check(primary)?;
    let paired = match paired {
        Some(p) => check(p)?,
        None => None,
    };
    if primary.is_none() && paired.is_none() {
        return Ok(EventCode::Null);
    }
    Ok(EventCode::Event {
        primary,
        paired,
        subordinate,
        dominant,
    })
}

/// A date restriction on an actor code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateRestriction {
    Before(NaiveDate),
    After(NaiveDate),
    Between(NaiveDate, NaiveDate),
}

/// How a dialect compares dates and chooses among restricted and undated codes
/// (formats.md §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateSemantics {
    /// In list order, first holding block wins; an undated block wins when
    /// reached. `<` and `>` strict, ranges inclusive.
    Tabari,
    /// Restricted blocks first (in order, inclusive); otherwise the last
    /// undated block. Also dyad's own dictionaries.
    Petrarch1,
    /// In list order, undated wins when reached; `<` strict, `>` inclusive,
    /// ranges half-open.
    Petrarch2,
}

impl DateRestriction {
    pub fn holds(&self, date: NaiveDate, semantics: DateSemantics) -> bool {
        match (self, semantics) {
            (DateRestriction::Before(d), DateSemantics::Petrarch1) => date <= *d,
            (DateRestriction::Before(d), _) => date < *d,
            (DateRestriction::After(d), DateSemantics::Tabari) => date > *d,
            (DateRestriction::After(d), _) => date >= *d,
            (DateRestriction::Between(a, b), DateSemantics::Petrarch2) => *a <= date && date < *b,
            (DateRestriction::Between(a, b), _) => *a <= date && date <= *b,
        }
    }
}

/// One `[CODE restriction]` block. `codes` has several members for coded
/// compounds such as `[ELR/GAL]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DatedCode {
    pub codes: Vec<Box<str>>,
    pub restriction: Option<DateRestriction>,
}

/// The codes of one actor entry, resolved against a document date.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ActorCodes {
    pub blocks: Vec<DatedCode>,
    pub semantics: DateSemantics,
}

impl ActorCodes {
    /// The codes that apply on `date` (`None`: the undated default, or else
    /// the latest restricted block). An empty slice means "no code".
    pub fn resolve(&self, date: Option<NaiveDate>) -> &[Box<str>] {
        let Some(date) = date else {
            if let Some(b) = self.blocks.iter().rev().find(|b| b.restriction.is_none()) {
                return &b.codes;
            }
            return self.blocks.last().map_or(&[], |b| &b.codes);
        };
        match self.semantics {
            DateSemantics::Tabari | DateSemantics::Petrarch2 => {
                for b in &self.blocks {
                    match &b.restriction {
                        None => return &b.codes,
                        Some(r) if r.holds(date, self.semantics) => return &b.codes,
                        _ => {}
                    }
                }
                &[]
            }
            DateSemantics::Petrarch1 => {
                for b in &self.blocks {
                    if let Some(r) = &b.restriction
                        && r.holds(date, self.semantics)
                    {
                        return &b.codes;
                    }
                }
                self.blocks
                    .iter()
                    .rev()
                    .find(|b| b.restriction.is_none())
                    .map_or(&[], |b| &b.codes)
            }
        }
    }
}

/// Which century two-digit years fall in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearPivot {
    /// 00-29 → 20xx (TABARI's code).
    Tabari,
    /// 00-30 → 20xx (PETRARCH).
    Petrarch,
}

/// Parses `YYMMDD` or `YYYYMMDD` (formats.md §2.5, §4.3). PETRARCH reads a
/// string longer than 7 characters as 8 digits and a shorter one as 6; dyad
/// does the same for PETRARCH files only when the extra digits are a typo
/// (callers see the truncation through [`petrarch_date_digits`]).
pub fn parse_dict_date(s: &str, pivot: YearPivot) -> Result<NaiveDate, String> {
    let s = s.trim();
    if !s.bytes().all(|b| b.is_ascii_digit()) || !(s.len() == 6 || s.len() == 8) {
        return Err(format!("date {s:?} must be YYMMDD or YYYYMMDD"));
    }
    let (year, rest) = if s.len() == 8 {
        (s[..4].parse::<i32>().map_err(|e| e.to_string())?, &s[4..])
    } else {
        let yy: i32 = s[..2]
            .parse()
            .map_err(|e: std::num::ParseIntError| e.to_string())?;
        let limit = match pivot {
            YearPivot::Tabari => 29,
            YearPivot::Petrarch => 30,
        };
        (if yy <= limit { 2000 + yy } else { 1900 + yy }, &s[2..])
    };
    let month: u32 = rest[..2]
        .parse()
        .map_err(|e: std::num::ParseIntError| e.to_string())?;
    let day: u32 = rest[2..]
        .parse()
        .map_err(|e: std::num::ParseIntError| e.to_string())?;
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| format!("date {s:?} is not a calendar date"))
}

/// Why an actor block could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActorBlockError {
    /// The code itself is malformed.
    Code(String),
    /// The code is fine but its date restriction is not.
    Date(String),
}

impl ActorBlockError {
    pub fn message(&self) -> &str {
        match self {
            ActorBlockError::Code(m) | ActorBlockError::Date(m) => m,
        }
    }
}

/// Parses the inside of one actor bracket: `ISR`, `ELR/GAL`, `AR1 <911226`,
/// `HOBGOV 950601 - 990815`, `### <890101`, `USAGOV >20250120`.
pub fn parse_actor_block(inner: &str, pivot: YearPivot) -> Result<DatedCode, String> {
    parse_actor_block_detailed(inner, pivot).map_err(|e| e.message().to_string())
}

/// Like [`parse_actor_block`], telling code errors from date errors.
pub fn parse_actor_block_detailed(
    inner: &str,
    pivot: YearPivot,
) -> Result<DatedCode, ActorBlockError> {
    let code_err = |m: String| ActorBlockError::Code(m);
    let inner = inner.trim();
    if inner.is_empty() {
        return Err(code_err("empty actor code between [ and ]".into()));
    }
    let code_end = inner
        .find(|c: char| c.is_whitespace() || c == '<' || c == '>')
        .unwrap_or(inner.len());
    let code = &inner[..code_end];
    let rest = inner[code_end..].trim();
    if code.is_empty() {
        return Err(code_err(format!(
            "actor block [{inner}] has a date but no code"
        )));
    }
    let codes: Vec<Box<str>> = code
        .split('/')
        .map(|c| c.trim().to_ascii_uppercase().into())
        .collect();
    for c in &codes {
        let ok = !c.is_empty()
            && (c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '~')
                || matches!(c.as_ref(), "---" | "###" | "+++"));
        if !ok {
            return Err(code_err(format!(
                "actor code {c:?} must be letters and digits (or ---, ###, +++)"
            )));
        }
    }
    let date = |d: &str| parse_dict_date(d, pivot).map_err(ActorBlockError::Date);
    let restriction = if rest.is_empty() {
        None
    } else if let Some(d) = rest.strip_prefix('<') {
        Some(DateRestriction::Before(date(d)?))
    } else if let Some(d) = rest.strip_prefix('>') {
        Some(DateRestriction::After(date(d)?))
    } else if let Some((a, b)) = rest.split_once('-') {
        let a = date(a)?;
        let b = date(b)?;
        if b < a {
            return Err(ActorBlockError::Date(format!(
                "date range {rest} ends before it starts"
            )));
        }
        Some(DateRestriction::Between(a, b))
    } else {
        return Err(ActorBlockError::Date(format!(
            "date restriction {rest:?} must be <DATE, >DATE or DATE-DATE"
        )));
    };
    Ok(DatedCode { codes, restriction })
}

/// PETRARCH-1's reading of an over-long date string: 7 digits are read as 6,
/// 9 or more as 8. Returns the digits to use when they differ from `s`.
pub fn petrarch_date_digits(s: &str) -> Option<&str> {
    let s = s.trim();
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match s.len() {
        7 => Some(&s[..6]),
        n if n > 8 => Some(&s[..8]),
        _ => None,
    }
}

/// An agent code: `~GOV` is appended to the actor code, `NGO~` prepended.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AgentCode {
    pub code: Box<str>,
    pub prefix: bool,
}

/// Parses the inside of an agent bracket (`~GOVPRS`, ` NGO~`).
pub fn parse_agent_code(inner: &str) -> Result<AgentCode, String> {
    let s: String = inner.chars().filter(|c| !c.is_whitespace()).collect();
    let (code, prefix) = if let Some(c) = s.strip_prefix('~') {
        (c, false)
    } else if let Some(c) = s.strip_suffix('~') {
        (c, true)
    } else {
        return Err(format!(
            "agent code [{s}] must start or end with ~ (e.g. [~GOV], [NGO~])"
        ));
    };
    if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(format!(
            "agent code [{s}] must be letters and digits around the ~"
        ));
    }
    Ok(AgentCode {
        code: code.to_ascii_uppercase().into(),
        prefix,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn event_codes() {
        assert_eq!(parse_event_code("---").unwrap(), EventCode::Null);
        assert_eq!(parse_event_code(" ###").unwrap(), EventCode::Discard);
        assert_eq!(parse_event_code("+++").unwrap(), EventCode::Complex);
        assert_eq!(parse_event_code("032:033").unwrap().display(), "032:033");
        assert_eq!(parse_event_code("023?").unwrap().display(), "023?");
        assert_eq!(parse_event_code("031!").unwrap().display(), "031!");
        match parse_event_code(":110").unwrap() {
            EventCode::Event {
                primary: None,
                paired: Some(p),
                ..
            } => assert_eq!(p.as_ref(), "110"),
            other => panic!("{other:?}"),
        }
        assert!(parse_event_code("").is_err());
        assert!(parse_event_code("07-2").is_err());
    }

    #[test]
    fn actor_blocks_and_dates() {
        let b = parse_actor_block("AR1 <911226", YearPivot::Tabari).unwrap();
        assert_eq!(
            b.restriction,
            Some(DateRestriction::Before(d(1991, 12, 26)))
        );
        let b = parse_actor_block("HOBGOV 950601 - 990815", YearPivot::Tabari).unwrap();
        assert_eq!(
            b.restriction,
            Some(DateRestriction::Between(d(1995, 6, 1), d(1999, 8, 15)))
        );
        let b = parse_actor_block("USAGOV >20250120", YearPivot::Petrarch).unwrap();
        assert_eq!(b.restriction, Some(DateRestriction::After(d(2025, 1, 20))));
        let b = parse_actor_block("ELR/GAL", YearPivot::Tabari).unwrap();
        assert_eq!(b.codes.len(), 2);
        assert_eq!(
            parse_dict_date("290101", YearPivot::Tabari).unwrap(),
            d(2029, 1, 1)
        );
        assert_eq!(
            parse_dict_date("300101", YearPivot::Tabari).unwrap(),
            d(1930, 1, 1)
        );
        assert_eq!(
            parse_dict_date("300101", YearPivot::Petrarch).unwrap(),
            d(2030, 1, 1)
        );
        assert!(parse_actor_block("950601-990815", YearPivot::Tabari).is_err());
        assert!(parse_actor_block("X <991340", YearPivot::Tabari).is_err());
        assert!(parse_actor_block("X 990101-980101", YearPivot::Tabari).is_err());
        assert!(parse_actor_block("", YearPivot::Tabari).is_err());
        assert!(parse_actor_block("AAA950601-990815", YearPivot::Tabari).is_err());
    }

    #[test]
    fn resolution_by_dialect() {
        let blocks = vec![
            parse_actor_block("HOB < 950601", YearPivot::Tabari).unwrap(),
            parse_actor_block("HOBGOV 950601 - 990815", YearPivot::Tabari).unwrap(),
            parse_actor_block("HOBREB > 990816", YearPivot::Tabari).unwrap(),
        ];
        let t = ActorCodes {
            blocks: blocks.clone(),
            semantics: DateSemantics::Tabari,
        };
        assert_eq!(t.resolve(Some(d(1995, 1, 1)))[0].as_ref(), "HOB");
        assert_eq!(t.resolve(Some(d(1995, 6, 1)))[0].as_ref(), "HOBGOV");
        assert!(
            t.resolve(Some(d(1999, 8, 16))).is_empty(),
            "TABARI > is strict"
        );
        let p = ActorCodes {
            blocks,
            semantics: DateSemantics::Petrarch1,
        };
        assert_eq!(p.resolve(Some(d(1999, 8, 16)))[0].as_ref(), "HOBREB");
        let with_default = ActorCodes {
            blocks: vec![
                parse_actor_block("USAGOV 20170120-20210120", YearPivot::Petrarch).unwrap(),
                parse_actor_block("USAELI", YearPivot::Petrarch).unwrap(),
            ],
            semantics: DateSemantics::Petrarch1,
        };
        assert_eq!(
            with_default.resolve(Some(d(2018, 1, 1)))[0].as_ref(),
            "USAGOV"
        );
        assert_eq!(
            with_default.resolve(Some(d(2022, 1, 1)))[0].as_ref(),
            "USAELI"
        );
        assert_eq!(with_default.resolve(None)[0].as_ref(), "USAELI");
    }

    #[test]
    fn agent_codes() {
        assert_eq!(
            parse_agent_code(" ~GOVPRS").unwrap(),
            AgentCode {
                code: "GOVPRS".into(),
                prefix: false
            }
        );
        assert_eq!(
            parse_agent_code("  NGO~").unwrap(),
            AgentCode {
                code: "NGO".into(),
                prefix: true
            }
        );
        assert!(parse_agent_code("GOV").is_err());
        assert!(parse_agent_code("~").is_err());
    }
}
