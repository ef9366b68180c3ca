//! The dyad explorer: two actors (code prefixes), both directions over time
//! per day, week or month, with counts by quad class and mean Goldstein, read
//! from the store's daily aggregate (`GET /api/dyad`, `GET /dyad`). Each bar
//! of the page's charts links to the events of its period with their
//! sentences, and each event to its place in its document.
//!
//! Every aggregate row between the two sides is read once per dyad, view and
//! range (whichever side is named first, whatever the period), then summed
//! per period. A row counts for
//! A → B when its source starts with A and its target with B, for B → A the
//! other way round, and once in the total even when it matches both (as when
//! one prefix contains the other).

use crate::error::ApiError;
use crate::events::{event_list, read_events, view_name, view_param};
use crate::layout::{Nav, QUAD_NAMES, count, goldstein, html_response, json_response, link, page};
use crate::params::Params;
use crate::state::AppState;
use crate::svg::{Bar, Series, line_chart, stacked_bars};
use axum::extract::{RawQuery, State};
use axum::response::Response;
use chrono::Duration;
use dyad_analysis::series::Period;
use dyad_model::{Date, country_key, is_null_actor};
use dyad_store::{ActorTable, DailyFilter, EventFilter, Store, StoredEvent, Tally, View};
use maud::html;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Periods one series may have at most.
pub const MAX_POINTS: i64 = 5000;
/// Events listed for one period at most.
pub const PERIOD_EVENTS: u64 = 200;

/// A tally as the API writes it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct TallyJson {
    pub events: i64,
    pub verbal_cooperation: i64,
    pub material_cooperation: i64,
    pub verbal_conflict: i64,
    pub material_conflict: i64,
    /// Events with a Goldstein value.
    pub scored: i64,
    pub goldstein_sum: f64,
    pub goldstein_mean: Option<f64>,
    pub cooperation: f64,
    pub conflict: f64,
}

impl From<&Tally> for TallyJson {
    fn from(t: &Tally) -> TallyJson {
        TallyJson {
            events: t.events,
            verbal_cooperation: t.by_quad[0],
            material_cooperation: t.by_quad[1],
            verbal_conflict: t.by_quad[2],
            material_conflict: t.by_quad[3],
            scored: t.scored,
            goldstein_sum: t.goldstein_sum(),
            goldstein_mean: t.goldstein_mean(),
            cooperation: t.cooperation(),
            conflict: t.conflict(),
        }
    }
}

impl TallyJson {
    pub fn stack(&self) -> [i64; 4] {
        [
            self.verbal_cooperation,
            self.material_cooperation,
            self.verbal_conflict,
            self.material_conflict,
        ]
    }
}

/// One period of a dyad.
#[derive(Debug, Clone, Serialize)]
pub struct DyadPoint {
    /// The period's first day.
    pub period: Date,
    /// Its last day.
    pub end: Date,
    pub a_to_b: TallyJson,
    pub b_to_a: TallyJson,
    pub total: TallyJson,
}

/// A dyad's series in both directions.
#[derive(Debug, Clone, Serialize)]
pub struct DyadView {
    pub a: String,
    pub b: String,
    pub by: &'static str,
    pub view: &'static str,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub points: Vec<DyadPoint>,
    pub totals: DyadTotals,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct DyadTotals {
    pub a_to_b: TallyJson,
    pub b_to_a: TallyJson,
    pub total: TallyJson,
}

/// What to compute.
#[derive(Debug, Clone)]
pub struct DyadRequest {
    pub a: String,
    pub b: String,
    pub period: Period,
    pub view: View,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

impl DyadRequest {
    fn cache_key(&self) -> String {
        format!(
            "{}\u{1}{}\u{1}{}\u{1}{}\u{1}{:?}\u{1}{:?}",
            self.a,
            self.b,
            period_name(self.period),
            view_name(self.view),
            self.from,
            self.to
        )
    }
}

pub fn period_name(period: Period) -> &'static str {
    match period {
        Period::Day => "day",
        Period::Week => "week",
        Period::Month => "month",
    }
}

fn period_param(params: &Params) -> Result<Period, ApiError> {
    Ok(
        match params.choice("by", &["day", "week", "month"], "month")? {
            "day" => Period::Day,
            "week" => Period::Week,
            _ => Period::Month,
        },
    )
}

/// The last day of the period that starts at `start`.
pub fn period_end(period: Period, start: Date) -> Date {
    period.next(start) - Duration::days(1)
}

/// A dyad's days: for each day with events, the tallies of the first side
/// towards the second, the second towards the first, and both (each
/// aggregate row once), in date order. Read once per dyad, view and range,
/// whatever the period and whichever side is named first.
pub struct DyadDays {
    /// The side the first tally starts from.
    pub first: String,
    pub days: Vec<(Date, [Tally; 3])>,
}

/// Reads the aggregate rows between `first` and `second` (prefixes).
pub fn read_days(
    store: &Store,
    actors: &ActorTable,
    first: &str,
    second: &str,
    view: View,
    from: Option<Date>,
    to: Option<Date>,
) -> Result<DyadDays, ApiError> {
    let filter = DailyFilter {
        sources: vec![first.to_string()],
        targets: vec![second.to_string()],
        both_directions: true,
        from,
        to,
    };
    let mut by_day: BTreeMap<Date, [Tally; 3]> = BTreeMap::new();
    store.for_each_daily(&filter, |row| -> Result<(), ApiError> {
        let source = actors.code(row.source).unwrap_or("");
        let target = actors.code(row.target).unwrap_or("");
        let forward = source.starts_with(first) && target.starts_with(second);
        let backward = source.starts_with(second) && target.starts_with(first);
        let tally = match view {
            View::Raw => &row.raw,
            View::Dedupe => &row.unique,
        };
        let entry = by_day.entry(row.day).or_default();
        if forward {
            entry[0].add(tally);
        }
        if backward {
            entry[1].add(tally);
        }
        entry[2].add(tally);
        Ok(())
    })?;
    Ok(DyadDays {
        first: first.to_string(),
        days: by_day.into_iter().collect(),
    })
}

/// Sums a dyad's days per period, every period from the first to the last
/// (quiet ones included), with A → B first as the request names them.
pub fn group(days: &DyadDays, request: &DyadRequest) -> Result<DyadView, ApiError> {
    // Which stored direction is A → B.
    let (a_to_b, b_to_a) = if days.first == request.a {
        (0, 1)
    } else {
        (1, 0)
    };
    let mut by_period: BTreeMap<Date, [Tally; 3]> = BTreeMap::new();
    for (day, tallies) in &days.days {
        let entry = by_period.entry(request.period.start_of(*day)).or_default();
        entry[0].add(&tallies[a_to_b]);
        entry[1].add(&tallies[b_to_a]);
        entry[2].add(&tallies[2]);
    }
    let first = request
        .from
        .or_else(|| days.days.first().map(|(d, _)| *d))
        .map(|d| request.period.start_of(d));
    let last = request.to.or_else(|| days.days.last().map(|(d, _)| *d));
    let mut points = Vec::new();
    let mut sums = [Tally::default(); 3];
    if let (Some(first), Some(last)) = (first, last) {
        if (last - first).num_days() / request.period.days() > MAX_POINTS {
            return Err(ApiError::bad_request(format!(
                "{first} to {last} is more than {MAX_POINTS} periods of a {}: use a longer period or a shorter range",
                period_name(request.period)
            )));
        }
        let mut start = first;
        while start <= last {
            let tallies = by_period.get(&start).copied().unwrap_or_default();
            for (sum, tally) in sums.iter_mut().zip(&tallies) {
                sum.add(tally);
            }
            points.push(DyadPoint {
                period: start,
                end: period_end(request.period, start),
                a_to_b: TallyJson::from(&tallies[0]),
                b_to_a: TallyJson::from(&tallies[1]),
                total: TallyJson::from(&tallies[2]),
            });
            start = request.period.next(start);
        }
    }
    Ok(DyadView {
        a: request.a.clone(),
        b: request.b.clone(),
        by: period_name(request.period),
        view: view_name(request.view),
        from: request.from,
        to: request.to,
        points,
        totals: DyadTotals {
            a_to_b: TallyJson::from(&sums[0]),
            b_to_a: TallyJson::from(&sums[1]),
            total: TallyJson::from(&sums[2]),
        },
    })
}

/// The dyad view of the current store generation. The days are read once
/// for both orders of the two sides and every period.
pub async fn dyad_view(state: &AppState, request: DyadRequest) -> Result<Arc<DyadView>, ApiError> {
    let (first, second) = if request.a <= request.b {
        (request.a.clone(), request.b.clone())
    } else {
        (request.b.clone(), request.a.clone())
    };
    let days_key = format!(
        "{first}\u{1}{second}\u{1}{}\u{1}{:?}\u{1}{:?}",
        view_name(request.view),
        request.from,
        request.to
    );
    let actors = state.actors().await?;
    let (view, from, to) = (request.view, request.from, request.to);
    let days = state
        .cached(
            |c| &c.dyad_days,
            &days_key,
            move |store| read_days(store, &actors, &first, &second, view, from, to),
        )
        .await?;
    let key = request.cache_key();
    let view = state
        .cached_without_store(|c| &c.dyads, &key, || group(&days, &request))
        .await?;
    Ok(view)
}

const DYAD_PARAMS: &[&str] = &["a", "b", "by", "view", "from", "to"];

fn dyad_request(params: &Params) -> Result<Option<DyadRequest>, ApiError> {
    let (from, to) = params.date_range()?;
    let period = period_param(params)?;
    let view = view_param(params)?;
    match (params.actor("a")?, params.actor("b")?) {
        (Some(a), Some(b)) => Ok(Some(DyadRequest {
            a,
            b,
            period,
            view,
            from,
            to,
        })),
        (None, None) => Ok(None),
        _ => Err(ApiError::bad_request(
            "a dyad needs both actors: parameters \"a\" and \"b\"",
        )),
    }
}

/// `GET /api/dyad?a=A&b=B&by=month`.
pub async fn api_dyad(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(query.as_deref(), DYAD_PARAMS)?;
    let request = dyad_request(&params)?.ok_or_else(|| {
        ApiError::bad_request("parameters \"a\" and \"b\" (actor code prefixes) are required")
    })?;
    let key = format!("api:dyad\u{1}{}", request.cache_key());
    let body = state
        .cached_body(&key, || async {
            let view = dyad_view(&state, request).await?;
            serde_json::to_string(&*view)
                .map_err(|e| ApiError::internal(format!("writing the dyad as JSON: {e}")))
        })
        .await?;
    Ok(json_response(body))
}

/// Country keys and the most common full codes, for the actor pickers.
fn actor_choices(actors: &ActorTable) -> Vec<String> {
    let mut choices: BTreeSet<String> = BTreeSet::new();
    for (_, code) in actors.iter() {
        if is_null_actor(code) {
            continue;
        }
        choices.insert(country_key(code).to_string());
        if choices.len() > 3000 {
            break;
        }
    }
    choices.into_iter().collect()
}

/// `GET /dyad?a=&b=&by=&view=&from=&to=&period=`.
pub async fn dyad_page(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let mut allowed = DYAD_PARAMS.to_vec();
    allowed.push("period");
    let params = Params::parse(query.as_deref(), &allowed)?;
    let request = dyad_request(&params)?;
    let selected_period = params.date("period")?;
    let actors = state.actors().await?;
    let choices = actor_choices(&actors);
    let form_value = |name: &str| params.one(name).ok().flatten().unwrap_or("").to_string();
    let (a, b) = (
        form_value("a").to_uppercase(),
        form_value("b").to_uppercase(),
    );
    let by = params.choice("by", &["day", "week", "month"], "month")?;
    let view = params.choice("view", &["raw", "dedupe"], "raw")?;
    let (from, to) = (form_value("from"), form_value("to"));

    let mut drill: Option<(Date, Date, Vec<StoredEvent>, bool)> = None;
    let data = match &request {
        Some(request) => {
            let data = dyad_view(&state, request.clone()).await?;
            if let Some(day) = selected_period {
                let start = request.period.start_of(day);
                let end = period_end(request.period, start);
                let filter = EventFilter {
                    sources: vec![request.a.clone()],
                    targets: vec![request.b.clone()],
                    both_directions: true,
                    from: Some(start),
                    to: Some(end),
                    ..EventFilter::default()
                };
                let view = request.view;
                let (events, more) = state
                    .with_store(move |store| read_events(store, &filter, view, PERIOD_EVENTS))
                    .await?;
                drill = Some((start, end, events, more));
            }
            Some(data)
        }
        None => None,
    };

    let period_href = |start: Date| {
        let period = start.to_string();
        link(
            "/dyad",
            &[
                ("a", &a),
                ("b", &b),
                ("by", by),
                ("view", if view == "raw" { "" } else { view }),
                ("from", &from),
                ("to", &to),
                ("period", &period),
            ],
        ) + "#events"
    };

    let content = html! {
        h1 { "Dyad explorer" }
        form.dyad-form #dyad-form method="get" action="/dyad" {
            label { "Actor A " input #actor-a name="a" value=(a) list="actor-codes" required placeholder="e.g. PRK" autocomplete="off"; }
            label { "Actor B " input #actor-b name="b" value=(b) list="actor-codes" required placeholder="e.g. RUS" autocomplete="off"; }
            label { "Per "
                select name="by" {
                    @for option in ["day", "week", "month"] {
                        option value=(option) selected[option == by] { (option) }
                    }
                }
            }
            label { "From " input type="date" name="from" value=(from); }
            label { "To " input type="date" name="to" value=(to); }
            label { "Count "
                select name="view" {
                    option value="raw" selected[view == "raw"] { "every event" }
                    option value="dedupe" selected[view == "dedupe"] { "each report once" }
                }
            }
            button type="submit" { "Show" }
            datalist #actor-codes {
                @for code in &choices { option value=(code) {} }
            }
        }
        p.note { "Actors are code prefixes: PRK matches PRKGOV and PRKMIL." }
        @if let Some(data) = &data {
            @let labels: Vec<String> = data.points.iter().map(|p| p.period.to_string()).collect();
            @let selected = drill.as_ref().and_then(|(start, ..)| data.points.iter().position(|p| p.period == *start));
            @let bars = |pick: fn(&DyadPoint) -> &TallyJson| -> Vec<Bar> {
                data.points.iter().map(|p| Bar {
                    label: p.period.to_string(),
                    stack: pick(p).stack(),
                    href: Some(period_href(p.period)),
                }).collect()
            };
            section.dyad-summary {
                table.data #dyad-totals {
                    thead { tr { th { "Direction" } th.num { "Events" }
                        @for name in QUAD_NAMES { th.num { (name) } }
                        th.num { "Mean Goldstein" } } }
                    tbody {
                        @for (label, tally) in [(format!("{} → {}", data.a, data.b), &data.totals.a_to_b), (format!("{} → {}", data.b, data.a), &data.totals.b_to_a), ("both".to_string(), &data.totals.total)] {
                            tr {
                                td { (label) }
                                td.num { (count(tally.events)) }
                                @for value in tally.stack() { td.num { (count(value)) } }
                                td.num { (goldstein(tally.goldstein_mean)) }
                            }
                        }
                    }
                }
            }
            @if data.points.is_empty() {
                p.note #no-dyad-events { "No dated events between " (data.a) " and " (data.b) " in this range." }
            } @else {
                p.note { "Click a bar for the events of its period." }
                div.chart-box #chart-a-to-b {
                    (stacked_bars(&format!("{} → {} per {}", data.a, data.b, data.by), &bars(|p| &p.a_to_b), selected, 240.0))
                }
                div.chart-box #chart-b-to-a {
                    (stacked_bars(&format!("{} → {} per {}", data.b, data.a, data.by), &bars(|p| &p.b_to_a), selected, 240.0))
                }
                div.chart-box #chart-goldstein {
                    (line_chart(
                        "Mean Goldstein value (−10 conflict … +10 cooperation)",
                        &labels,
                        &[
                            Series { label: &format!("{} → {}", data.a, data.b), colour: "#1f4e79", values: data.points.iter().map(|p| p.a_to_b.goldstein_mean).collect() },
                            Series { label: &format!("{} → {}", data.b, data.a), colour: "#b03a2e", values: data.points.iter().map(|p| p.b_to_a.goldstein_mean).collect() },
                        ],
                        Some((-10.0, 10.0)),
                        220.0,
                    ))
                }
            }
            @if let Some((start, end, events, more)) = &drill {
                section #events {
                    h2 { "Events " (start) @if start != end { " to " (end) } }
                    @if events.is_empty() {
                        p.note { "No events in this period." }
                    } @else {
                        @if *more { p.note { "The first " (events.len()) " events." } }
                        (event_list(events))
                    }
                }
            }
        } @else {
            p.note { "Pick two actors to see both directions of their relation over time." }
        }
    };
    Ok(html_response(page(
        &state,
        "Dyad explorer",
        Nav::Dyad,
        content,
    )))
}
