//! The network page and API: who acts towards whom in a date range, as a
//! graph of countries (or full actor codes) whose edges are coloured by mean
//! Goldstein value and drawn thicker with more events (`GET /network`,
//! `GET /api/network`). The network comes from `dyad_analysis::network`; the
//! busiest nodes are kept and laid out here with a force-directed layout
//! (Fruchterman–Reingold, fixed start and step count, so the same data always
//! gives the same picture).

use crate::error::ApiError;
use crate::events::{view_name, view_param};
use crate::layout::{Nav, count, goldstein, html_response, json_response, link, page};
use crate::params::Params;
use crate::state::AppState;
use crate::svg::fmt;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use chrono::Duration;
use dyad_analysis::network::{Level, NetworkRequest, build_network};
use dyad_model::Date;
use dyad_store::View;
use maud::{Markup, html};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

/// Days a network covers when no range is given, ending at the last event date.
pub const DEFAULT_DAYS: i64 = 90;
/// Nodes drawn unless asked otherwise.
pub const DEFAULT_NODES: usize = 40;
/// Nodes drawn at most.
pub const MAX_NODES: usize = 150;

const WIDTH: f64 = 900.0;
const HEIGHT: f64 = 620.0;
const MARGIN: f64 = 60.0;

#[derive(Debug, Clone, Serialize)]
pub struct NodeView {
    pub id: String,
    pub degree: u64,
    pub weighted_degree: i64,
    /// Position in the drawing (0..900 × 0..620).
    pub x: f64,
    pub y: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct EdgeView {
    pub source: String,
    pub target: String,
    pub events: i64,
    pub goldstein_mean: Option<f64>,
    pub cooperation: f64,
    pub conflict: f64,
}

/// The drawn part of a network.
#[derive(Debug, Clone, Serialize)]
pub struct NetworkView {
    pub level: &'static str,
    pub view: &'static str,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub min_events: i64,
    /// Nodes asked for (the drawing may have fewer).
    pub max_nodes: usize,
    /// Nodes and edges of the whole network before keeping the busiest nodes.
    pub all_nodes: usize,
    pub all_edges: usize,
    pub nodes: Vec<NodeView>,
    pub edges: Vec<EdgeView>,
}

#[derive(Debug, Clone)]
struct Request {
    level: Level,
    view: View,
    from: Option<Date>,
    to: Option<Date>,
    min_events: i64,
    max_nodes: usize,
}

const NETWORK_PARAMS: &[&str] = &["from", "to", "level", "min_events", "nodes", "view"];

async fn request(state: &AppState, params: &Params) -> Result<Request, ApiError> {
    let (mut from, mut to) = params.date_range()?;
    if from.is_none()
        && to.is_none()
        && let Some((first, last)) = *state.date_range().await?
    {
        from = Some((last - Duration::days(DEFAULT_DAYS - 1)).max(first));
        to = Some(last);
    }
    Ok(Request {
        level: match params.choice("level", &["country", "actor"], "country")? {
            "actor" => Level::Actor,
            _ => Level::Country,
        },
        view: view_param(params)?,
        from,
        to,
        min_events: params.number("min_events", 1, i64::MAX)?.unwrap_or(1),
        max_nodes: params
            .number("nodes", 2, MAX_NODES)?
            .unwrap_or(DEFAULT_NODES),
    })
}

fn level_name(level: Level) -> &'static str {
    match level {
        Level::Country => "country",
        Level::Actor => "actor",
    }
}

fn compute(store: &dyad_store::Store, request: &Request) -> Result<NetworkView, ApiError> {
    let network = build_network(
        store,
        &NetworkRequest {
            level: request.level,
            view: request.view,
            from: request.from,
            to: request.to,
            min_events: request.min_events,
            include_self_loops: false,
        },
    )?;
    let mut ranked: Vec<_> = network.nodes.iter().collect();
    ranked.sort_by(|a, b| {
        b.weighted_degree
            .cmp(&a.weighted_degree)
            .then_with(|| a.id.cmp(&b.id))
    });
    ranked.truncate(request.max_nodes);
    let index: HashMap<&str, usize> = ranked
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let edges: Vec<EdgeView> = network
        .edges
        .iter()
        .filter(|e| index.contains_key(e.source.as_str()) && index.contains_key(e.target.as_str()))
        .map(|e| EdgeView {
            source: e.source.clone(),
            target: e.target.clone(),
            events: e.events,
            goldstein_mean: e.goldstein_mean,
            cooperation: e.cooperation,
            conflict: e.conflict,
        })
        .collect();
    let links: Vec<(usize, usize, f64)> = edges
        .iter()
        .filter_map(|e| {
            Some((
                *index.get(e.source.as_str())?,
                *index.get(e.target.as_str())?,
                (e.events.max(1) as f64).ln_1p(),
            ))
        })
        .collect();
    let positions = layout(ranked.len(), &links);
    let nodes = ranked
        .iter()
        .zip(positions)
        .map(|(n, (x, y))| NodeView {
            id: n.id.clone(),
            degree: n.degree,
            weighted_degree: n.weighted_degree,
            x,
            y,
        })
        .collect();
    Ok(NetworkView {
        level: level_name(request.level),
        view: view_name(request.view),
        from: request.from,
        to: request.to,
        min_events: request.min_events,
        max_nodes: request.max_nodes,
        all_nodes: network.nodes.len(),
        all_edges: network.edges.len(),
        nodes,
        edges,
    })
}

/// Fruchterman–Reingold: nodes repel, linked nodes attract (more strongly
/// with more events), the step shrinks each round. Starts from a circle.
pub fn layout(n: usize, links: &[(usize, usize, f64)]) -> Vec<(f64, f64)> {
    if n == 0 {
        return Vec::new();
    }
    let (w, h) = (WIDTH - 2.0 * MARGIN, HEIGHT - 2.0 * MARGIN);
    let k = (w * h / n as f64).sqrt();
    let mut pos: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let angle = std::f64::consts::TAU * i as f64 / n as f64;
            (
                w / 2.0 + w / 3.0 * angle.cos(),
                h / 2.0 + h / 3.0 * angle.sin(),
            )
        })
        .collect();
    let max_weight = links.iter().map(|l| l.2).fold(1.0f64, f64::max);
    let rounds = 300;
    for round in 0..rounds {
        let temperature = (w / 10.0) * (1.0 - round as f64 / rounds as f64) + 1.0;
        let mut moves = vec![(0.0f64, 0.0f64); n];
        for i in 0..n {
            for j in (i + 1)..n {
                let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                let dist = (dx * dx + dy * dy).sqrt().max(0.5);
                let force = k * k / dist;
                let (fx, fy) = (dx / dist * force, dy / dist * force);
                moves[i].0 += fx;
                moves[i].1 += fy;
                moves[j].0 -= fx;
                moves[j].1 -= fy;
            }
        }
        for &(s, t, weight) in links {
            if s == t || s >= n || t >= n {
                continue;
            }
            let (dx, dy) = (pos[s].0 - pos[t].0, pos[s].1 - pos[t].1);
            let dist = (dx * dx + dy * dy).sqrt().max(0.5);
            let force = dist * dist / k * (0.3 + weight / max_weight);
            let (fx, fy) = (dx / dist * force, dy / dist * force);
            moves[s].0 -= fx;
            moves[s].1 -= fy;
            moves[t].0 += fx;
            moves[t].1 += fy;
        }
        for (p, (mx, my)) in pos.iter_mut().zip(moves) {
            let length = (mx * mx + my * my).sqrt().max(1e-9);
            let step = length.min(temperature);
            p.0 = (p.0 + mx / length * step).clamp(0.0, w);
            p.1 = (p.1 + my / length * step).clamp(0.0, h);
        }
    }
    // Stretch the result over the drawing.
    let (min_x, max_x) = pos
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
    let (min_y, max_y) = pos
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
    let stretch = |v: f64, low: f64, high: f64, size: f64| {
        if high - low < 1e-6 {
            MARGIN + size / 2.0
        } else {
            MARGIN + (v - low) / (high - low) * size
        }
    };
    pos.into_iter()
        .map(|(x, y)| (stretch(x, min_x, max_x, w), stretch(y, min_y, max_y, h)))
        .collect()
}

/// Red for conflict (−10), grey for neutral, blue for cooperation (+10).
pub fn goldstein_colour(mean: Option<f64>) -> String {
    let Some(g) = mean.filter(|g| g.is_finite()) else {
        return "#bbbbbb".to_string();
    };
    let t = ((g.clamp(-10.0, 10.0) + 10.0) / 20.0).clamp(0.0, 1.0);
    let (low, mid, high) = (
        (192.0, 57.0, 43.0),
        (160.0, 160.0, 160.0),
        (31.0, 97.0, 141.0),
    );
    let (from, to, f) = if t < 0.5 {
        (low, mid, t * 2.0)
    } else {
        (mid, high, (t - 0.5) * 2.0)
    };
    let mix = |a: f64, b: f64| (a + (b - a) * f).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(from.0, to.0),
        mix(from.1, to.1),
        mix(from.2, to.2)
    )
}

fn drawing(view: &NetworkView) -> Markup {
    let position: HashMap<&str, (f64, f64)> = view
        .nodes
        .iter()
        .map(|n| (n.id.as_str(), (n.x, n.y)))
        .collect();
    let max_events = view
        .edges
        .iter()
        .map(|e| e.events)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let max_degree = view
        .nodes
        .iter()
        .map(|n| n.weighted_degree)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let radius =
        |weighted_degree: i64| 4.0 + 12.0 * (weighted_degree.max(0) as f64 / max_degree).sqrt();
    let radii: HashMap<&str, f64> = view
        .nodes
        .iter()
        .map(|n| (n.id.as_str(), radius(n.weighted_degree)))
        .collect();
    html! {
        svg.chart.network xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (WIDTH) " " (HEIGHT) }
            role="img" aria-label="Actor network" {
            title { "Actor network" }
            defs {
                marker #arrow viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse"
                    markerWidth="9" markerHeight="9" orient="auto" {
                    path d="M 0 0 L 10 5 L 0 10 z" fill="#4a5663" {}
                }
            }
            @for edge in &view.edges {
                @if let Some(d) = edge_path(&position, &radii, edge) {
                    @let width = 0.8 + 5.0 * (edge.events as f64).ln_1p() / max_events.ln_1p();
                    a href=(link("/dyad", &[("a", &edge.source), ("b", &edge.target)])) {
                        path.edge d=(d)
                            stroke=(goldstein_colour(edge.goldstein_mean)) stroke-width=(fmt(width))
                            fill="none" marker-end="url(#arrow)" data-source=(edge.source) data-target=(edge.target) {
                            title { (edge.source) " → " (edge.target) ": " (count(edge.events)) " events, mean Goldstein " (goldstein(edge.goldstein_mean)) }
                        }
                    }
                }
            }
            @for node in &view.nodes {
                @let r = radius(node.weighted_degree);
                g.node data-id=(node.id) {
                    circle cx=(fmt(node.x)) cy=(fmt(node.y)) r=(fmt(r)) {
                        title { (node.id) ": " (count(node.weighted_degree)) " events with " (node.degree) " partners" }
                    }
                    text x=(fmt(node.x + r + 3.0)) y=(fmt(node.y + 4.0)) { (node.id) }
                }
            }
        }
    }
}

/// A quadratic curve from the edge of the source's circle to the edge of the
/// target's, bent to its left so that A → B and B → A do not overlap.
fn edge_path(
    position: &HashMap<&str, (f64, f64)>,
    radii: &HashMap<&str, f64>,
    edge: &EdgeView,
) -> Option<String> {
    let (x1, y1) = *position.get(edge.source.as_str())?;
    let (x2, y2) = *position.get(edge.target.as_str())?;
    let (mx, my) = (
        (x1 + x2) / 2.0 - (y2 - y1) * 0.12,
        (y1 + y2) / 2.0 + (x2 - x1) * 0.12,
    );
    let toward = |(fx, fy): (f64, f64), (tx, ty): (f64, f64), by: f64| {
        let (dx, dy) = (tx - fx, ty - fy);
        let length = (dx * dx + dy * dy).sqrt().max(1e-9);
        (fx + dx / length * by, fy + dy / length * by)
    };
    let source_r = radii.get(edge.source.as_str()).copied().unwrap_or(4.0);
    let target_r = radii.get(edge.target.as_str()).copied().unwrap_or(4.0);
    let (sx, sy) = toward((x1, y1), (mx, my), source_r + 1.0);
    let (ex, ey) = toward((x2, y2), (mx, my), target_r + 2.0);
    Some(format!(
        "M {} {} Q {} {} {} {}",
        fmt(sx),
        fmt(sy),
        fmt(mx),
        fmt(my),
        fmt(ex),
        fmt(ey)
    ))
}

fn legend() -> Markup {
    html! {
        svg.legend-scale xmlns="http://www.w3.org/2000/svg" viewBox="0 0 420 40" role="img" aria-label="Edge colours" {
            @for step in 0..=20 {
                @let g = -10.0 + f64::from(step);
                rect x=(fmt(10.0 + 19.0 * f64::from(step))) y="4" width="19" height="12" fill=(goldstein_colour(Some(g))) {}
            }
            text x="10" y="32" { "−10 conflict" }
            text x="200" y="32" text-anchor="middle" { "0" }
            text x="409" y="32" text-anchor="end" { "+10 cooperation" }
        }
    }
}

async fn network_view(state: &AppState, request: Request) -> Result<Arc<NetworkView>, ApiError> {
    let key = format!("{request:?}");
    state
        .cached(|c| &c.networks, &key, move |store| compute(store, &request))
        .await
}

/// `GET /api/network`.
pub async fn api_network(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(query.as_deref(), NETWORK_PARAMS)?;
    let request = request(&state, &params).await?;
    let view = network_view(&state, request).await?;
    let body = serde_json::to_string(&*view)
        .map_err(|e| ApiError::internal(format!("writing the network as JSON: {e}")))?;
    Ok(json_response(body))
}

/// `GET /network`.
pub async fn network_page(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(query.as_deref(), NETWORK_PARAMS)?;
    let request = request(&state, &params).await?;
    let view = network_view(&state, request).await?;
    let mut busiest: Vec<&EdgeView> = view.edges.iter().collect();
    busiest.sort_by(|a, b| {
        b.events
            .cmp(&a.events)
            .then_with(|| a.source.cmp(&b.source))
    });
    busiest.truncate(25);
    let date_text = |d: Option<Date>| d.map_or(String::new(), |d| d.to_string());
    let content = html! {
        h1 { "Network" }
        form.dyad-form method="get" action="/network" {
            label { "From " input type="date" name="from" value=(date_text(view.from)); }
            label { "To " input type="date" name="to" value=(date_text(view.to)); }
            label { "Nodes are "
                select name="level" {
                    option value="country" selected[view.level == "country"] { "countries" }
                    option value="actor" selected[view.level == "actor"] { "actor codes" }
                }
            }
            label { "Min. events per edge " input type="number" name="min_events" min="1" value=(view.min_events); }
            label { "Nodes " input type="number" name="nodes" min="2" max=(MAX_NODES) value=(view.max_nodes); }
            button type="submit" { "Draw" }
        }
        p.note #network-summary {
            "The " (view.nodes.len()) " busiest of " (count(view.all_nodes as i64)) " nodes and the "
            (count(view.edges.len() as i64)) " edges between them (" (count(view.all_edges as i64)) " edges in all). "
            "Edge colour: mean Goldstein value; width: events. Click an edge for the dyad."
        }
        (legend())
        @if view.nodes.is_empty() {
            p.note { "No events between different actors in this range." }
        } @else {
            div.chart-box #network-chart { (drawing(&view)) }
            h2 { "Busiest edges" }
            table.data #network-edges {
                thead { tr { th { "Edge" } th.num { "Events" } th.num { "Mean Goldstein" } } }
                tbody {
                    @for edge in busiest {
                        tr {
                            td { a href=(link("/dyad", &[("a", &edge.source), ("b", &edge.target)])) { (edge.source) " → " (edge.target) } }
                            td.num { (count(edge.events)) }
                            td.num { (goldstein(edge.goldstein_mean)) }
                        }
                    }
                }
            }
        }
    };
    Ok(html_response(page(
        &state,
        "Network",
        Nav::Network,
        content,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_is_deterministic_and_inside_the_drawing() {
        let links = [(0, 1, 2.0), (1, 2, 1.0), (2, 0, 1.0), (3, 4, 3.0)];
        let first = layout(5, &links);
        assert_eq!(first, layout(5, &links));
        for (x, y) in &first {
            assert!((MARGIN..=WIDTH - MARGIN).contains(x), "{x}");
            assert!((MARGIN..=HEIGHT - MARGIN).contains(y), "{y}");
        }
        assert!(layout(0, &[]).is_empty());
        assert_eq!(layout(1, &[]).len(), 1);
        // Links to nodes that do not exist are ignored.
        assert_eq!(layout(2, &[(0, 7, 1.0)]).len(), 2);
    }

    #[test]
    fn colours_run_from_red_to_blue() {
        assert_eq!(goldstein_colour(Some(-10.0)), "#c0392b");
        assert_eq!(goldstein_colour(Some(0.0)), "#a0a0a0");
        assert_eq!(goldstein_colour(Some(10.0)), "#1f618d");
        assert_eq!(goldstein_colour(Some(99.0)), "#1f618d");
        assert_eq!(goldstein_colour(None), "#bbbbbb");
        assert_eq!(goldstein_colour(Some(f64::NAN)), "#bbbbbb");
    }
}
