//! The overview: store totals, events per day by quad class over the last
//! year of data, the busiest country dyads, and the latest documents.
//! `GET /` (page) and `GET /api/overview` (JSON) show the same numbers,
//! computed once per store generation (a full pass over the daily
//! aggregate) and kept until the store changes.

use crate::error::ApiError;
use crate::layout::{
    Nav, QUAD_COLOURS, QUAD_NAMES, count, document_link, goldstein, html_response, json_response,
    link, page,
};
use crate::params::Params;
use crate::state::AppState;
use crate::svg::{Series, line_chart};
use axum::extract::{RawQuery, State};
use axum::response::Response;
use chrono::Duration;
use dyad_model::{Date, country_key, is_null_actor};
use dyad_store::{DocumentQuery, DocumentSummary, Store, StoreCounts, Tally};
use maud::html;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

/// Days the overview chart covers, ending at the last event date.
pub const CHART_DAYS: i64 = 365;
/// Dyads listed as the busiest.
pub const TOP_DYADS: usize = 12;
/// Documents listed as the latest.
pub const LATEST_DOCUMENTS: u64 = 10;

/// One day of the chart.
#[derive(Debug, Clone, Serialize)]
pub struct DayCount {
    pub date: Date,
    pub events: i64,
    pub verbal_cooperation: i64,
    pub material_cooperation: i64,
    pub verbal_conflict: i64,
    pub material_conflict: i64,
}

/// A country dyad (both directions) and its all-time events.
#[derive(Debug, Clone, Serialize)]
pub struct TopDyad {
    /// The two countries (or international actors), alphabetical.
    pub a: String,
    pub b: String,
    pub events: i64,
    pub a_to_b: i64,
    pub b_to_a: i64,
    pub goldstein_mean: Option<f64>,
}

/// Everything the overview shows.
#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    pub counts: StoreCounts,
    pub first_date: Option<Date>,
    pub last_date: Option<Date>,
    /// Every day from the chart's first day to the last event date, quiet days included.
    pub days: Vec<DayCount>,
    pub top_dyads: Vec<TopDyad>,
    pub latest_documents: Vec<DocumentSummary>,
}

/// Computes the overview from the store.
pub fn compute(store: &Store) -> Result<Overview, ApiError> {
    let counts = store.counts()?;
    let range = store.event_date_range()?;
    let mut days = Vec::new();
    if let Some((first, last)) = range {
        let chart_from = (last - Duration::days(CHART_DAYS - 1)).max(first);
        let sums: HashMap<Date, Tally> = store
            .daily_totals(Some(chart_from), Some(last))?
            .into_iter()
            .map(|(day, tallies)| (day, tallies.raw))
            .collect();
        let mut day = chart_from;
        while day <= last {
            let tally = sums.get(&day).copied().unwrap_or_default();
            days.push(DayCount {
                date: day,
                events: tally.events,
                verbal_cooperation: tally.by_quad[0],
                material_cooperation: tally.by_quad[1],
                verbal_conflict: tally.by_quad[2],
                material_conflict: tally.by_quad[3],
            });
            day += Duration::days(1);
        }
    }
    let actors = store.actor_table()?;
    // (a, b) alphabetical → (a→b tally, b→a tally)
    let mut dyads: HashMap<(String, String), (Tally, Tally)> = HashMap::new();
    for total in store.dyad_totals()? {
        let (Some(source), Some(target)) = (actors.code(total.source), actors.code(total.target))
        else {
            continue;
        };
        if is_null_actor(source) || is_null_actor(target) {
            continue;
        }
        let (s, t) = (country_key(source), country_key(target));
        if s == t {
            continue;
        }
        if s < t {
            let entry = dyads.entry((s.to_string(), t.to_string())).or_default();
            entry.0.add(&total.tallies.raw);
        } else {
            let entry = dyads.entry((t.to_string(), s.to_string())).or_default();
            entry.1.add(&total.tallies.raw);
        }
    }
    let mut top_dyads: Vec<TopDyad> = dyads
        .into_iter()
        .map(|((a, b), (forward, backward))| {
            let mut both = forward;
            both.add(&backward);
            TopDyad {
                a,
                b,
                events: both.events,
                a_to_b: forward.events,
                b_to_a: backward.events,
                goldstein_mean: both.goldstein_mean(),
            }
        })
        .collect();
    top_dyads.sort_by(|x, y| {
        y.events
            .cmp(&x.events)
            .then_with(|| x.a.cmp(&y.a))
            .then_with(|| x.b.cmp(&y.b))
    });
    top_dyads.truncate(TOP_DYADS);
    let latest_documents = store.document_summaries(&DocumentQuery {
        limit: LATEST_DOCUMENTS,
        ..DocumentQuery::default()
    })?;
    Ok(Overview {
        counts,
        first_date: range.map(|r| r.0),
        last_date: range.map(|r| r.1),
        days,
        top_dyads,
        latest_documents,
    })
}

/// The overview of the current store generation.
pub async fn overview(state: &AppState) -> Result<Arc<Overview>, ApiError> {
    state
        .cached(|c| &c.overview, "overview", |store| compute(store))
        .await
}

/// `GET /api/overview`.
pub async fn api_overview(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    Params::parse(query.as_deref(), &[])?;
    let body = state
        .cached_body("api:overview", || async {
            let data = overview(&state).await?;
            serde_json::to_string(&*data)
                .map_err(|e| ApiError::internal(format!("writing the overview as JSON: {e}")))
        })
        .await?;
    Ok(json_response(body))
}

/// `GET /`.
pub async fn overview_page(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    Params::parse(query.as_deref(), &[])?;
    let body = state
        .cached_body("page:overview", || async {
            let data = overview(&state).await?;
            Ok(render(&state, &data))
        })
        .await?;
    Ok(html_response(body))
}

fn render(state: &AppState, data: &Overview) -> String {
    let labels: Vec<String> = data.days.iter().map(|d| d.date.to_string()).collect();
    let per_quad = |pick: fn(&DayCount) -> i64| -> Vec<Option<f64>> {
        data.days.iter().map(|d| Some(pick(d) as f64)).collect()
    };
    let series = [
        Series {
            label: QUAD_NAMES[0],
            colour: QUAD_COLOURS[0],
            values: per_quad(|d| d.verbal_cooperation),
        },
        Series {
            label: QUAD_NAMES[1],
            colour: QUAD_COLOURS[1],
            values: per_quad(|d| d.material_cooperation),
        },
        Series {
            label: QUAD_NAMES[2],
            colour: QUAD_COLOURS[2],
            values: per_quad(|d| d.verbal_conflict),
        },
        Series {
            label: QUAD_NAMES[3],
            colour: QUAD_COLOURS[3],
            values: per_quad(|d| d.material_conflict),
        },
    ];
    let range = match (data.first_date, data.last_date) {
        (Some(first), Some(last)) => format!("{first} to {last}"),
        _ => "no dated events".to_string(),
    };
    let content = html! {
        h1 { "Overview" }
        section.cards {
            div.card { div.big #total-documents { (count(data.counts.documents)) } div.muted { "documents" } }
            div.card { div.big #total-events { (count(data.counts.events)) } div.muted { "events" } }
            div.card { div.big { (count(data.counts.actors)) } div.muted { "actor codes" } }
            div.card { div.big { (count(data.counts.dictionary_versions)) } div.muted { "dictionary versions" } }
            div.card { div.big.small-big { (range) } div.muted { "event dates" } }
        }
        section {
            h2 { "Events per day by quad class" }
            @if data.days.is_empty() {
                p.note { "No dated events yet. Add some on the " a href="/ingest" { "Ingest" } " page or with " code { "dyad ingest" } "." }
            } @else {
                p.note { "The last " (data.days.len()) " days of data." }
                div.chart-box #overview-chart {
                    (line_chart("Events per day", &labels, &series, None, 300.0))
                }
            }
        }
        div.columns {
            section {
                h2 { "Busiest dyads" }
                p.note { "Countries and international actors, both directions, all time." }
                table.data #top-dyads {
                    thead { tr { th { "Dyad" } th.num { "Events" } th.num { "A → B" } th.num { "B → A" } th.num { "Mean Goldstein" } } }
                    tbody {
                        @for dyad in &data.top_dyads {
                            tr {
                                td { a href=(link("/dyad", &[("a", &dyad.a), ("b", &dyad.b)])) { (dyad.a) " – " (dyad.b) } }
                                td.num { (count(dyad.events)) }
                                td.num { (count(dyad.a_to_b)) }
                                td.num { (count(dyad.b_to_a)) }
                                td.num { (goldstein(dyad.goldstein_mean)) }
                            }
                        }
                    }
                }
            }
            section {
                h2 { "Latest documents" }
                table.data #latest-documents {
                    thead { tr { th { "Document" } th { "Date" } th.num { "Events" } } }
                    tbody {
                        @for doc in &data.latest_documents {
                            tr {
                                td { a href=(document_link(&doc.id)) { (doc.id) } }
                                td { (doc.date.map_or(String::new(), |d| d.to_string())) }
                                td.num { (doc.events) }
                            }
                        }
                    }
                }
                p { a href="/documents" { "All documents →" } }
            }
        }
    };
    page(state, "Overview", Nav::Overview, content)
}
