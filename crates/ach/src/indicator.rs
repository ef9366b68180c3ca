//! Indicators over event data: which events match an indicator's rule, and the
//! evidence items a set of events proposes, each citing the events' ids.
//!
//! This module does no I/O: the caller fetches events (from the dyad store)
//! as [`EventRecord`]s, so dyad-ach does not depend on the store.
//!
//! An indicator fires when, in the `window_days` days ending on the watch date
//! (both ends included), at least `min_count` matching events are not yet
//! cited by any evidence item of the board. Counting only uncited events means
//! that after a proposal is applied, the same events never propose again; the
//! indicator fires again once `min_count` new events arrive.

use crate::board::{Board, Evidence, Indicator, Ratings};
use dyad_model::Date;
use serde::Serialize;
use std::collections::HashSet;

/// The parts of a stored event an indicator looks at and a proposal shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRecord {
    /// The event's id in the store.
    pub id: i64,
    pub date: Option<Date>,
    /// Source and target actor codes ("PRKMIL").
    pub source: String,
    pub target: String,
    /// CAMEO event code ("190").
    pub code: String,
    /// The sentence the event was coded from.
    pub sentence: String,
    pub doc_id: String,
}

/// The events an indicator could match, as a store query: actor-code
/// prefixes, CAMEO code prefixes (empty lists mean anything), and a date range
/// with both ends included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventQuery {
    pub source_prefixes: Vec<String>,
    pub target_prefixes: Vec<String>,
    pub code_prefixes: Vec<String>,
    pub from: Date,
    pub to: Date,
}

impl Indicator {
    /// True when the event's actors and code fit this rule (dates aside).
    pub fn matches(&self, event: &EventRecord) -> bool {
        let fits = |prefixes: &[String], value: &str| {
            prefixes.is_empty() || prefixes.iter().any(|p| value.starts_with(p.as_str()))
        };
        fits(&self.source_actors, &event.source)
            && fits(&self.target_actors, &event.target)
            && fits(&self.codes, &event.code)
    }

    /// First day of the window that ends on `as_of`.
    pub fn window_start(&self, as_of: Date) -> Date {
        let back = u64::from(self.window_days.saturating_sub(1));
        as_of
            .checked_sub_days(chrono::Days::new(back))
            .unwrap_or(Date::MIN)
    }

    /// The store query that fetches every event this rule could count on `as_of`.
    pub fn query(&self, as_of: Date) -> EventQuery {
        EventQuery {
            source_prefixes: self.source_actors.clone(),
            target_prefixes: self.target_actors.clone(),
            code_prefixes: self.codes.clone(),
            from: self.window_start(as_of),
            to: as_of,
        }
    }

    /// "PRK → UKR, CAMEO 19 (Fight)": the rule in a few words.
    pub fn summary(&self) -> String {
        let actors = |prefixes: &[String]| {
            if prefixes.is_empty() {
                "anyone".to_string()
            } else {
                prefixes.join("/")
            }
        };
        let codes = if self.codes.is_empty() {
            "any event".to_string()
        } else {
            let named: Vec<String> = self
                .codes
                .iter()
                .map(|code| match dyad_model::lookup(code) {
                    Some(known) => format!("{code} ({})", known.name),
                    None => code.clone(),
                })
                .collect();
            format!("CAMEO {}", named.join(", "))
        };
        format!(
            "{} → {}, {}",
            actors(&self.source_actors),
            actors(&self.target_actors),
            codes
        )
    }
}

/// One evidence item an indicator proposes, with the events it cites.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proposal {
    pub indicator: String,
    pub hypothesis: String,
    pub window_start: Date,
    pub window_end: Date,
    /// The item to add to the board.
    pub evidence: Evidence,
    /// The cited events, oldest first.
    pub events: Vec<EventRecord>,
}

/// How many sentences a proposal quotes in its evidence notes.
const QUOTED_SENTENCES: usize = 3;

/// How one indicator fared on a watch date: how many uncited matching events
/// fell in its window, how many it needs, and what it proposes (when enough).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorResult {
    pub indicator: String,
    pub hypothesis: String,
    pub window_start: Date,
    pub window_end: Date,
    /// Uncited, dated matching events in the window.
    pub matched: usize,
    /// The indicator's `min_count`.
    pub needed: u32,
    pub proposal: Option<Proposal>,
}

/// Runs every indicator of `board` over `events` on `as_of`. Events already
/// cited by the board, events without a date and events outside an
/// indicator's window are not counted; an event listed twice counts once.
/// Proposal ids are `<indicator id>-<as_of>`, with `-2`, `-3`… added when
/// taken.
pub fn evaluate(board: &Board, events: &[EventRecord], as_of: Date) -> Vec<IndicatorResult> {
    let cited: HashSet<i64> = board
        .evidence
        .iter()
        .flat_map(|item| item.events.iter().copied())
        .collect();
    let mut taken_ids: HashSet<String> = board.evidence.iter().map(|e| e.id.clone()).collect();
    let mut results = Vec::new();
    for indicator in &board.indicators {
        let start = indicator.window_start(as_of);
        let mut matched: Vec<&EventRecord> = events
            .iter()
            .filter(|event| !cited.contains(&event.id))
            .filter(|event| event.date.is_some_and(|d| start <= d && d <= as_of))
            .filter(|event| indicator.matches(event))
            .collect();
        matched.sort_by_key(|event| (event.date, event.id));
        matched.dedup_by_key(|event| event.id);
        let proposal = if matched.len() >= indicator.min_count as usize {
            let id = unique_id(&format!("{}-{}", indicator.id, as_of), &taken_ids);
            taken_ids.insert(id.clone());
            Some(proposal(indicator, id, &matched, start, as_of))
        } else {
            None
        };
        results.push(IndicatorResult {
            indicator: indicator.id.clone(),
            hypothesis: indicator.hypothesis.clone(),
            window_start: start,
            window_end: as_of,
            matched: matched.len(),
            needed: indicator.min_count,
            proposal,
        });
    }
    results
}

/// The evidence the board's indicators propose from `events` on `as_of`:
/// the proposals of [`evaluate`], in indicator order.
pub fn propose(board: &Board, events: &[EventRecord], as_of: Date) -> Vec<Proposal> {
    evaluate(board, events, as_of)
        .into_iter()
        .filter_map(|result| result.proposal)
        .collect()
}

fn proposal(
    indicator: &Indicator,
    id: String,
    matched: &[&EventRecord],
    start: Date,
    as_of: Date,
) -> Proposal {
    let latest = matched.iter().filter_map(|event| event.date).max();
    let description = indicator
        .description
        .as_deref()
        .map(|text| format!(": {text}"))
        .unwrap_or_default();
    let quoted: Vec<String> = matched
        .iter()
        .take(QUOTED_SENTENCES)
        .map(|event| format!("[{}] {}: {}", event.id, event.doc_id, event.sentence))
        .collect();
    let mut ratings = Ratings::new();
    ratings.set(&indicator.hypothesis, indicator.rating);
    let evidence = Evidence {
        text: format!(
            "{} event{}, {}, {} to {} (indicator {}{})",
            matched.len(),
            if matched.len() == 1 { "" } else { "s" },
            indicator.summary(),
            start,
            as_of,
            indicator.id,
            description
        ),
        notes: Some(quoted.join("\n")),
        credibility: indicator.credibility,
        relevance: indicator.relevance,
        evidence_type: Some("event data".to_string()),
        date: latest.map(|d| d.to_string()),
        source: Some("dyad event store".to_string()),
        events: matched.iter().map(|event| event.id).collect(),
        ratings,
        ..Evidence::new(id, "")
    };
    Proposal {
        indicator: indicator.id.clone(),
        hypothesis: indicator.hypothesis.clone(),
        window_start: start,
        window_end: as_of,
        evidence,
        events: matched.iter().map(|event| (*event).clone()).collect(),
    }
}

fn unique_id(wanted: &str, taken: &HashSet<String>) -> String {
    if !taken.contains(wanted) {
        return wanted.to_string();
    }
    (2u64..)
        .map(|n| format!("{wanted}-{n}"))
        .find(|candidate| !taken.contains(candidate))
        .unwrap_or_else(|| wanted.to_string())
}

/// Appends the proposals' evidence items to the board, returning their ids.
pub fn apply(board: &mut Board, proposals: &[Proposal]) -> Vec<String> {
    let mut added = Vec::new();
    for proposal in proposals {
        let mut item = proposal.evidence.clone();
        let taken: HashSet<String> = board.evidence.iter().map(|e| e.id.clone()).collect();
        item.id = unique_id(&item.id, &taken);
        added.push(item.id.clone());
        board.evidence.push(item);
    }
    board.normalize_rating_order();
    added
}
