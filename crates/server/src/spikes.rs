//! Spikes: the current alerts, dyad-periods whose events or conflict jumped
//! above their own trailing baseline (the test of `dyad_analysis::spikes`,
//! with `dyad spikes`' defaults), each linked to its events in the dyad
//! explorer (`GET /spikes`, `GET /api/spikes`). Without a range, "current"
//! means the last 28 days of data per day, 12 weeks per week, 6 months per
//! month.

use crate::dyad::{period_end, period_name};
use crate::error::ApiError;
use crate::events::{view_name, view_param};
use crate::layout::{Nav, count, html_response, json_response, link, page};
use crate::params::Params;
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use chrono::Duration;
use dyad_analysis::network::Level;
use dyad_analysis::series::Period;
use dyad_analysis::spikes::{SpikeRequest, find_spikes};
use dyad_model::Date;
use dyad_store::View;
use maud::html;
use serde::Serialize;
use std::sync::Arc;

/// Spikes listed unless asked otherwise.
pub const DEFAULT_LIMIT: usize = 50;
/// Spikes listed at most.
pub const MAX_LIMIT: usize = 1000;

/// One alert.
#[derive(Debug, Clone, Serialize)]
pub struct SpikeJson {
    /// The dyad's two sides, alphabetical (spikes are undirected).
    pub a: String,
    pub b: String,
    pub period: Date,
    pub end: Date,
    /// `events` or `conflict` (quad classes 3 and 4).
    pub metric: &'static str,
    pub count: i64,
    pub baseline_mean: f64,
    pub z: f64,
    pub p: f64,
    /// The dyad explorer at this period, listing its events.
    pub events_link: String,
}

/// The alerts of one request.
#[derive(Debug, Clone, Serialize)]
pub struct SpikesView {
    pub by: &'static str,
    pub level: &'static str,
    pub view: &'static str,
    pub window_days: i64,
    pub threshold: f64,
    pub max_p: f64,
    pub min_count: i64,
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// How many spikes were found before `limit` cut the list.
    pub found: usize,
    pub spikes: Vec<SpikeJson>,
}

#[derive(Debug, Clone)]
struct Request {
    spike: SpikeRequest,
    limit: usize,
}

const SPIKE_PARAMS: &[&str] = &[
    "by",
    "window",
    "threshold",
    "max_p",
    "min_count",
    "level",
    "view",
    "from",
    "to",
    "limit",
];

async fn request(state: &AppState, params: &Params) -> Result<Request, ApiError> {
    let period = match params.choice("by", &["day", "week", "month"], "day")? {
        "week" => Period::Week,
        "month" => Period::Month,
        _ => Period::Day,
    };
    let (mut from, mut to) = params.date_range()?;
    if from.is_none()
        && to.is_none()
        && let Some((_, last)) = *state.date_range().await?
    {
        let span = match period {
            Period::Day => Duration::days(27),
            Period::Week => Duration::weeks(11),
            Period::Month => Duration::days(182),
        };
        from = Some(period.start_of(last - span));
        to = Some(last);
    }
    Ok(Request {
        spike: SpikeRequest {
            level: match params.choice("level", &["country", "actor"], "country")? {
                "actor" => Level::Actor,
                _ => Level::Country,
            },
            view: view_param(params)?,
            period,
            window_days: params.number("window", 2, 3650)?.unwrap_or(28),
            threshold_z: params.number("threshold", 0.0, 100.0)?.unwrap_or(3.0),
            max_p: params.number("max_p", 0.0, 1.0)?.unwrap_or(0.001),
            min_count: params.number("min_count", 1, i64::MAX)?.unwrap_or(3),
            from,
            to,
        },
        limit: params
            .number("limit", 1, MAX_LIMIT)?
            .unwrap_or(DEFAULT_LIMIT),
    })
}

fn compute(store: &dyad_store::Store, request: &Request) -> Result<SpikesView, ApiError> {
    let spike = &request.spike;
    let found = find_spikes(store, spike)?;
    let by = period_name(spike.period);
    let level = match spike.level {
        Level::Country => "country",
        Level::Actor => "actor",
    };
    let spikes = found
        .iter()
        .take(request.limit)
        .map(|s| {
            let end = period_end(spike.period, s.period);
            let context_from = spike
                .period
                .start_of(s.period - Duration::days(spike.window_days.max(1)));
            let events_link = link(
                "/dyad",
                &[
                    ("a", &s.actor_a),
                    ("b", &s.actor_b),
                    ("by", by),
                    (
                        "view",
                        if spike.view == View::Dedupe {
                            "dedupe"
                        } else {
                            ""
                        },
                    ),
                    ("from", &context_from.to_string()),
                    ("to", &end.to_string()),
                    ("period", &s.period.to_string()),
                ],
            ) + "#events";
            SpikeJson {
                a: s.actor_a.clone(),
                b: s.actor_b.clone(),
                period: s.period,
                end,
                metric: s.metric.name(),
                count: s.count,
                baseline_mean: s.baseline_mean,
                z: s.z,
                p: s.p,
                events_link,
            }
        })
        .collect();
    Ok(SpikesView {
        by,
        level,
        view: view_name(spike.view),
        window_days: spike.window_days,
        threshold: spike.threshold_z,
        max_p: spike.max_p,
        min_count: spike.min_count,
        from: spike.from,
        to: spike.to,
        found: found.len(),
        spikes,
    })
}

async fn spikes_view(state: &AppState, request: Request) -> Result<Arc<SpikesView>, ApiError> {
    let key = format!("{request:?}");
    state
        .cached(|c| &c.spikes, &key, move |store| compute(store, &request))
        .await
}

/// `GET /api/spikes`.
pub async fn api_spikes(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(query.as_deref(), SPIKE_PARAMS)?;
    let request = request(&state, &params).await?;
    let view = spikes_view(&state, request).await?;
    let body = serde_json::to_string(&*view)
        .map_err(|e| ApiError::internal(format!("writing spikes as JSON: {e}")))?;
    Ok(json_response(body))
}

/// `GET /spikes`.
pub async fn spikes_page(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(query.as_deref(), SPIKE_PARAMS)?;
    let request = request(&state, &params).await?;
    let view = spikes_view(&state, request).await?;
    let date_text = |d: Option<Date>| d.map_or(String::new(), |d| d.to_string());
    let content = html! {
        h1 { "Spikes" }
        form.dyad-form method="get" action="/spikes" {
            label { "Per "
                select name="by" {
                    @for option in ["day", "week", "month"] {
                        option value=(option) selected[option == view.by] { (option) }
                    }
                }
            }
            label { "From " input type="date" name="from" value=(date_text(view.from)); }
            label { "To " input type="date" name="to" value=(date_text(view.to)); }
            label { "Baseline days " input type="number" name="window" min="2" value=(view.window_days); }
            label { "z ≥ " input type="number" name="threshold" step="0.1" min="0" value=(view.threshold); }
            label { "Min. count " input type="number" name="min_count" min="1" value=(view.min_count); }
            button type="submit" { "Find" }
        }
        p.note {
            "Dyads whose events (or conflict events) in a " (view.by) " jumped above their own "
            (view.window_days) "-day baseline: z ≥ " (view.threshold) " on log counts, Poisson p ≤ "
            (view.max_p) ", at least " (view.min_count) " events. Strongest first; "
            (view.found) " found."
        }
        @if view.spikes.is_empty() {
            p.note #no-spikes { "No spikes in this range." }
        } @else {
            table.data #spike-list {
                thead { tr {
                    th { "Dyad" } th { "Period" } th { "What" } th.num { "Count" }
                    th.num { "Baseline mean" } th.num { "z" } th.num { "p" } th { "" }
                } }
                tbody {
                    @for spike in &view.spikes {
                        tr {
                            td { (spike.a) " – " (spike.b) }
                            td.nowrap { (spike.period) @if spike.period != spike.end { " to " (spike.end) } }
                            td { (spike.metric) }
                            td.num { (count(spike.count)) }
                            td.num { (format!("{:.2}", spike.baseline_mean)) }
                            td.num { (format!("{:.1}", spike.z)) }
                            td.num { (format!("{:.1e}", spike.p)) }
                            td { a.spike-events href=(spike.events_link) { "events →" } }
                        }
                    }
                }
            }
        }
    };
    Ok(html_response(page(&state, "Spikes", Nav::Spikes, content)))
}
