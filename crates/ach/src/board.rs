//! The ACH board model: a question, the competing hypotheses, the evidence
//! items rated against each hypothesis, and the indicator rules that watch the
//! event store.
//!
//! Serialization here fixes the file format: fields are written in one order,
//! ratings follow the board's hypothesis order, and fields dyad does not know
//! are kept and written back (sorted) after the known ones, so a board that is
//! read and written again diffs cleanly under version control. Reading and
//! checking a board file lives in [`crate::load`].

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::{Map, Value};

/// Fields a board file carries that dyad does not interpret; kept so that
/// writing the board back loses nothing.
pub type ExtraFields = Map<String, Value>;

/// Credibility or relevance of an evidence item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Low,
    #[default]
    Medium,
    High,
}

impl Level {
    /// All levels, lowest first.
    pub const ALL: [Level; 3] = [Level::Low, Level::Medium, Level::High];

    /// The word the board file uses: `low`, `medium` or `high`.
    pub fn word(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
        }
    }

    /// Parses the board file's word (exactly `low`, `medium` or `high`).
    pub fn from_word(word: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|level| level.word() == word)
    }

    /// The exponent `k` of this level's weight `√2^k`: low −1, medium 0, high 1.
    pub fn weight_exponent(self) -> i32 {
        match self {
            Level::Low => -1,
            Level::Medium => 0,
            Level::High => 1,
        }
    }

    /// The weight used in weighted inconsistency: low 1/√2, medium 1, high √2.
    pub fn weight(self) -> f64 {
        match self {
            Level::Low => std::f64::consts::FRAC_1_SQRT_2,
            Level::Medium => 1.0,
            Level::High => std::f64::consts::SQRT_2,
        }
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.word())
    }
}

/// How an evidence item bears on one hypothesis, in PARC ACH's symbols.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rating {
    /// Very consistent.
    VeryConsistent,
    /// Consistent.
    Consistent,
    /// Neutral (also what a missing rating means).
    Neutral,
    /// Inconsistent.
    Inconsistent,
    /// Very inconsistent.
    VeryInconsistent,
    /// Not applicable.
    NotApplicable,
}

impl Rating {
    /// Every rating, most consistent first, then NA.
    pub const ALL: [Rating; 6] = [
        Rating::VeryConsistent,
        Rating::Consistent,
        Rating::Neutral,
        Rating::Inconsistent,
        Rating::VeryInconsistent,
        Rating::NotApplicable,
    ];

    /// The symbol the board file uses: `CC`, `C`, `N`, `I`, `II` or `NA`.
    pub fn symbol(self) -> &'static str {
        match self {
            Rating::VeryConsistent => "CC",
            Rating::Consistent => "C",
            Rating::Neutral => "N",
            Rating::Inconsistent => "I",
            Rating::VeryInconsistent => "II",
            Rating::NotApplicable => "NA",
        }
    }

    /// Parses a board-file symbol (exactly as [`Rating::symbol`] writes it).
    pub fn from_symbol(symbol: &str) -> Option<Rating> {
        Rating::ALL
            .into_iter()
            .find(|rating| rating.symbol() == symbol)
    }

    /// Points toward inconsistency: I 1, II 2, everything else 0.
    pub fn inconsistency_points(self) -> u64 {
        match self {
            Rating::Inconsistent => 1,
            Rating::VeryInconsistent => 2,
            _ => 0,
        }
    }

    /// Points toward consistency: C 1, CC 2, everything else 0.
    pub fn consistency_points(self) -> u64 {
        match self {
            Rating::Consistent => 1,
            Rating::VeryConsistent => 2,
            _ => 0,
        }
    }

    /// The value diagnosticity is computed from: CC 2, C 1, N and NA 0, I −1, II −2.
    pub fn diagnostic_value(self) -> i64 {
        match self {
            Rating::VeryConsistent => 2,
            Rating::Consistent => 1,
            Rating::Neutral | Rating::NotApplicable => 0,
            Rating::Inconsistent => -1,
            Rating::VeryInconsistent => -2,
        }
    }
}

impl std::fmt::Display for Rating {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.symbol())
    }
}

impl Serialize for Rating {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.symbol())
    }
}

/// An evidence item's ratings, keyed by hypothesis id. A hypothesis without an
/// entry is rated N. Entries keep the board's hypothesis order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Ratings(Vec<(String, Rating)>);

impl Ratings {
    /// No ratings: every hypothesis is N.
    pub fn new() -> Ratings {
        Ratings(Vec::new())
    }

    /// The rating written for `hypothesis_id`, if any.
    pub fn get(&self, hypothesis_id: &str) -> Option<Rating> {
        self.0
            .iter()
            .find(|(id, _)| id == hypothesis_id)
            .map(|&(_, rating)| rating)
    }

    /// The rating that counts for `hypothesis_id`: the written one, or N.
    pub fn effective(&self, hypothesis_id: &str) -> Rating {
        self.get(hypothesis_id).unwrap_or(Rating::Neutral)
    }

    /// Sets (or replaces) the rating for `hypothesis_id`.
    pub fn set(&mut self, hypothesis_id: &str, rating: Rating) {
        match self.0.iter_mut().find(|(id, _)| id == hypothesis_id) {
            Some(entry) => entry.1 = rating,
            None => self.0.push((hypothesis_id.to_string(), rating)),
        }
    }

    /// Removes the rating for `hypothesis_id` (so it counts as N again).
    pub fn remove(&mut self, hypothesis_id: &str) -> Option<Rating> {
        let position = self.0.iter().position(|(id, _)| id == hypothesis_id)?;
        Some(self.0.remove(position).1)
    }

    /// The written ratings, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Rating)> {
        self.0.iter().map(|(id, rating)| (id.as_str(), *rating))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Reorders the entries to follow `hypothesis_order`; entries naming
    /// hypotheses not in it go last, in their current order.
    pub fn sort_by_hypothesis_order(&mut self, hypothesis_order: &[&str]) {
        self.0.sort_by_key(|(id, _)| {
            hypothesis_order
                .iter()
                .position(|known| known == id)
                .unwrap_or(usize::MAX)
        });
    }
}

impl FromIterator<(String, Rating)> for Ratings {
    fn from_iter<T: IntoIterator<Item = (String, Rating)>>(iter: T) -> Ratings {
        let mut ratings = Ratings::new();
        for (id, rating) in iter {
            ratings.set(&id, rating);
        }
        ratings
    }
}

impl Serialize for Ratings {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (id, rating) in &self.0 {
            map.serialize_entry(id, rating)?;
        }
        map.end()
    }
}

/// One competing hypothesis: a column of the matrix.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hypothesis {
    pub id: String,
    pub title: String,
    /// Longer explanation of the hypothesis.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(flatten)]
    pub extra: ExtraFields,
}

impl Hypothesis {
    pub fn new(id: impl Into<String>, title: impl Into<String>) -> Hypothesis {
        Hypothesis {
            id: id.into(),
            title: title.into(),
            notes: None,
            extra: ExtraFields::new(),
        }
    }
}

/// One evidence item (or assumption): a row of the matrix.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub id: String,
    /// What the evidence says, in one sentence.
    pub text: String,
    /// Longer notes (PARC ACH's NOTES).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    pub credibility: Level,
    pub relevance: Level,
    /// Kind of evidence, free text ("event data", "official statement", "HUMINT").
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub evidence_type: Option<String>,
    /// When the evidence dates from, free text (ISO 8601 `YYYY-MM-DD` recommended).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Where it comes from (a publication, a dataset, a person).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// True when the item is an analyst's assumption rather than reported fact.
    pub assumption: bool,
    /// Ids of the events in the dyad store that this item cites.
    pub events: Vec<i64>,
    pub ratings: Ratings,
    #[serde(flatten)]
    pub extra: ExtraFields,
}

impl Evidence {
    /// An item with the given id and text, medium credibility and relevance,
    /// and no ratings (N everywhere).
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Evidence {
        Evidence {
            id: id.into(),
            text: text.into(),
            notes: None,
            credibility: Level::Medium,
            relevance: Level::Medium,
            evidence_type: None,
            date: None,
            source: None,
            assumption: false,
            events: Vec::new(),
            ratings: Ratings::new(),
            extra: ExtraFields::new(),
        }
    }
}

/// A watch rule over the event store: when at least `min_count` events from
/// `source_actors` to `target_actors` with one of `codes` fall within
/// `window_days`, the rule proposes an evidence item rating `hypothesis` as
/// `rating`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    pub id: String,
    /// The hypothesis the matching events bear on.
    pub hypothesis: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Actor-code prefixes an event's source must start with ("PRK" matches
    /// "PRKMIL"); empty means any source.
    pub source_actors: Vec<String>,
    /// Actor-code prefixes for the event's target; empty means any target.
    pub target_actors: Vec<String>,
    /// CAMEO codes or roots; an event matches when its code starts with one of
    /// them ("19" matches "190" to "196"). Empty means any code.
    pub codes: Vec<String>,
    /// How many days, ending at the watch date, count.
    pub window_days: u32,
    /// How many uncited matching events it takes to propose evidence.
    pub min_count: u32,
    /// The rating the proposed evidence gives `hypothesis`.
    pub rating: Rating,
    /// Credibility and relevance of the proposed evidence.
    pub credibility: Level,
    pub relevance: Level,
    #[serde(flatten)]
    pub extra: ExtraFields,
}

/// Default `window_days` of an indicator that does not give one.
pub const DEFAULT_WINDOW_DAYS: u32 = 30;
/// Default `min_count` of an indicator that does not give one.
pub const DEFAULT_MIN_COUNT: u32 = 1;

impl Indicator {
    /// A rule for `hypothesis` with no actor or code restriction, the default
    /// window and count, and medium credibility and relevance.
    pub fn new(id: impl Into<String>, hypothesis: impl Into<String>, rating: Rating) -> Indicator {
        Indicator {
            id: id.into(),
            hypothesis: hypothesis.into(),
            description: None,
            source_actors: Vec::new(),
            target_actors: Vec::new(),
            codes: Vec::new(),
            window_days: DEFAULT_WINDOW_DAYS,
            min_count: DEFAULT_MIN_COUNT,
            rating,
            credibility: Level::Medium,
            relevance: Level::Medium,
            extra: ExtraFields::new(),
        }
    }
}

/// A whole ACH board.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Board {
    pub title: String,
    /// The question the hypotheses answer.
    pub question: String,
    /// Background, scope, or caveats of the whole board.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    pub hypotheses: Vec<Hypothesis>,
    pub evidence: Vec<Evidence>,
    pub indicators: Vec<Indicator>,
    #[serde(flatten)]
    pub extra: ExtraFields,
}

impl Board {
    /// The hypothesis with this id.
    pub fn hypothesis(&self, id: &str) -> Option<&Hypothesis> {
        self.hypotheses.iter().find(|h| h.id == id)
    }

    /// The evidence item with this id.
    pub fn evidence_item(&self, id: &str) -> Option<&Evidence> {
        self.evidence.iter().find(|e| e.id == id)
    }

    /// The hypothesis ids, in board order.
    pub fn hypothesis_ids(&self) -> Vec<&str> {
        self.hypotheses.iter().map(|h| h.id.as_str()).collect()
    }

    /// Puts every item's ratings in the board's hypothesis order, the order the
    /// file format writes them in.
    pub fn normalize_rating_order(&mut self) {
        let order: Vec<String> = self.hypotheses.iter().map(|h| h.id.clone()).collect();
        let order: Vec<&str> = order.iter().map(String::as_str).collect();
        for item in &mut self.evidence {
            item.ratings.sort_by_hypothesis_order(&order);
        }
    }

    /// The board as the file format writes it: pretty JSON, two-space indent,
    /// fields in a fixed order, and a trailing newline.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        let mut text = serde_json::to_string_pretty(self)?;
        text.push('\n');
        Ok(text)
    }
}
