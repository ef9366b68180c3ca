//! Server-rendered SVG charts for the workbench pages: stacked bars of events
//! by quad class (each bar can link to its period's events) and line charts
//! (Goldstein means, daily counts). Plain SVG built with maud, so every label
//! is escaped; no script runs inside a chart.

use crate::layout::{QUAD_COLOURS, QUAD_NAMES};
use maud::{Markup, html};

const WIDTH: f64 = 880.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 28.0;
const BOTTOM: f64 = 44.0;

/// One bar: a period's events per quad class.
pub struct Bar {
    /// The x-axis label (a period's first day).
    pub label: String,
    /// Events per quad class, in `QuadClass::ALL` order.
    pub stack: [i64; 4],
    /// Where clicking the bar goes.
    pub href: Option<String>,
}

/// One line of a line chart; `None` values leave a gap.
pub struct Series<'a> {
    pub label: &'a str,
    pub colour: &'a str,
    pub values: Vec<Option<f64>>,
}

/// A round-ish tick step for a range of `span`.
fn tick_step(span: f64) -> f64 {
    if span <= 0.0 || !span.is_finite() {
        return 1.0;
    }
    let raw = span / 4.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let fraction = raw / magnitude;
    let nice = if fraction <= 1.0 {
        1.0
    } else if fraction <= 2.0 {
        2.0
    } else if fraction <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * magnitude
}

fn short_number(v: f64) -> String {
    if v.abs() >= 10_000.0 {
        format!("{:.0}k", v / 1000.0)
    } else if v.abs() >= 1000.0 {
        format!("{:.1}k", v / 1000.0)
    } else if (v - v.round()).abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// Which x labels to print so that about eight fit.
fn label_every(n: usize) -> usize {
    n.div_ceil(8).max(1)
}

/// A stacked bar chart of events per quad class. `selected` bar is outlined.
pub fn stacked_bars(title: &str, bars: &[Bar], selected: Option<usize>, height: f64) -> Markup {
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = height - TOP - BOTTOM;
    let top_value = bars
        .iter()
        .map(|b| b.stack.iter().map(|v| (*v).max(0)).sum::<i64>())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let step = tick_step(top_value).max(1.0);
    let y_max = (top_value / step).ceil() * step;
    let y = |v: f64| TOP + plot_h * (1.0 - v / y_max);
    let n = bars.len().max(1);
    let slot = plot_w / n as f64;
    let bar_w = (slot * 0.8).max(0.6);
    let every = label_every(bars.len());
    let ticks: Vec<f64> = (0..)
        .map(|i| f64::from(i) * step)
        .take_while(|v| *v <= y_max + 1e-9)
        .collect();
    html! {
        svg.chart xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (WIDTH) " " (height) }
            role="img" aria-label=(title) {
            title { (title) }
            text.chart-title x=(LEFT) y="18" { (title) }
            @for v in &ticks {
                line.grid x1=(LEFT) x2=(WIDTH - RIGHT) y1=(fmt(y(*v))) y2=(fmt(y(*v))) {}
                text.tick x=(LEFT - 6.0) y=(fmt(y(*v) + 4.0)) text-anchor="end" { (short_number(*v)) }
            }
            @for (i, bar) in bars.iter().enumerate() {
                @let x = LEFT + slot * i as f64 + (slot - bar_w) / 2.0;
                @let total: i64 = bar.stack.iter().map(|v| (*v).max(0)).sum();
                @let tip = bar_tip(bar, total);
                @let body = html! {
                    g.bar data-period=(bar.label) data-events=(total) {
                        title { (tip) }
                        // An invisible full-height target keeps small bars clickable.
                        rect.hit x=(fmt(x)) y=(fmt(TOP)) width=(fmt(bar_w)) height=(fmt(plot_h)) {}
                        @for (q, low, high) in stack_ranges(&bar.stack) {
                            rect x=(fmt(x)) y=(fmt(y(high as f64)))
                                width=(fmt(bar_w))
                                height=(fmt(y(low as f64) - y(high as f64)))
                                fill=(QUAD_COLOURS[q]) {}
                        }
                        @if selected == Some(i) {
                            rect.selected x=(fmt(x - 1.0)) y=(fmt(TOP)) width=(fmt(bar_w + 2.0)) height=(fmt(plot_h)) {}
                        }
                    }
                };
                @if let Some(href) = &bar.href {
                    a href=(href) { (body) }
                } @else {
                    (body)
                }
                @if i % every == 0 {
                    text.tick x=(fmt(LEFT + slot * (i as f64 + 0.5))) y=(fmt(height - BOTTOM + 16.0))
                        text-anchor="middle" { (bar.label) }
                }
            }
            line.axis x1=(LEFT) x2=(WIDTH - RIGHT) y1=(fmt(y(0.0))) y2=(fmt(y(0.0))) {}
            (quad_legend(height - 10.0))
        }
    }
}

/// (quad index, bottom, top) of each non-empty part of a stack.
fn stack_ranges(stack: &[i64; 4]) -> Vec<(usize, i64, i64)> {
    let mut base = 0;
    let mut ranges = Vec::new();
    for (q, value) in stack.iter().enumerate() {
        if *value > 0 {
            ranges.push((q, base, base + value));
            base += value;
        }
    }
    ranges
}

fn bar_tip(bar: &Bar, total: i64) -> String {
    let mut tip = format!("{}: {total} events", bar.label);
    for (q, value) in bar.stack.iter().enumerate() {
        if *value > 0 {
            tip.push_str(&format!("; {} {value}", QUAD_NAMES[q]));
        }
    }
    tip
}

fn quad_legend(y: f64) -> Markup {
    html! {
        @for (q, name) in QUAD_NAMES.iter().enumerate() {
            @let x = LEFT + 170.0 * q as f64;
            rect x=(fmt(x)) y=(fmt(y - 9.0)) width="10" height="10" fill=(QUAD_COLOURS[q]) {}
            text.legend x=(fmt(x + 14.0)) y=(fmt(y)) { (name) }
        }
    }
}

/// A line chart over `labels`. The y axis spans `y_range` when given,
/// otherwise zero to the largest value.
pub fn line_chart(
    title: &str,
    labels: &[String],
    series: &[Series<'_>],
    y_range: Option<(f64, f64)>,
    height: f64,
) -> Markup {
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = height - TOP - BOTTOM;
    let (y_min, y_max) = y_range.unwrap_or_else(|| {
        let top = series
            .iter()
            .flat_map(|s| s.values.iter().flatten())
            .copied()
            .filter(|v| v.is_finite())
            .fold(0.0f64, f64::max)
            .max(1.0);
        let step = tick_step(top);
        (0.0, (top / step).ceil() * step)
    });
    let span = (y_max - y_min).max(1e-9);
    let y = |v: f64| TOP + plot_h * (y_max - v.clamp(y_min, y_max)) / span;
    let n = labels.len().max(1);
    let x = |i: usize| {
        if n > 1 {
            LEFT + plot_w * i as f64 / (n - 1) as f64
        } else {
            LEFT + plot_w / 2.0
        }
    };
    let step = tick_step(span);
    let first_tick = (y_min / step).ceil() * step;
    let ticks: Vec<f64> = (0..)
        .map(|i| first_tick + f64::from(i) * step)
        .take_while(|v| *v <= y_max + 1e-9)
        .collect();
    let every = label_every(labels.len());
    html! {
        svg.chart xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (WIDTH) " " (height) }
            role="img" aria-label=(title) {
            title { (title) }
            text.chart-title x=(LEFT) y="18" { (title) }
            @for v in &ticks {
                line.grid x1=(LEFT) x2=(WIDTH - RIGHT) y1=(fmt(y(*v))) y2=(fmt(y(*v))) {}
                text.tick x=(LEFT - 6.0) y=(fmt(y(*v) + 4.0)) text-anchor="end" { (short_number(*v)) }
            }
            @if y_min < 0.0 && y_max > 0.0 {
                line.axis x1=(LEFT) x2=(WIDTH - RIGHT) y1=(fmt(y(0.0))) y2=(fmt(y(0.0))) {}
            }
            @for (i, label) in labels.iter().enumerate() {
                @if i % every == 0 {
                    text.tick x=(fmt(x(i))) y=(fmt(height - BOTTOM + 16.0)) text-anchor="middle" { (label) }
                }
            }
            @for line in series {
                @for run in runs(&line.values) {
                    @if run.len() == 1 {
                        circle cx=(fmt(x(run[0].0))) cy=(fmt(y(run[0].1))) r="2.5" fill=(line.colour) {
                            title { (line.label) " " (labels.get(run[0].0).map_or("", String::as_str)) ": " (format!("{:.2}", run[0].1)) }
                        }
                    } @else {
                        polyline fill="none" stroke=(line.colour) stroke-width="1.8"
                            points=(run.iter().map(|(i, v)| format!("{},{}", fmt(x(*i)), fmt(y(*v)))).collect::<Vec<_>>().join(" ")) {
                            title { (line.label) }
                        }
                    }
                }
            }
            @for (k, line) in series.iter().enumerate() {
                @let lx = LEFT + 170.0 * k as f64;
                rect x=(fmt(lx)) y=(fmt(height - 19.0)) width="14" height="4" fill=(line.colour) {}
                text.legend x=(fmt(lx + 18.0)) y=(fmt(height - 10.0)) { (line.label) }
            }
        }
    }
}

/// Consecutive finite values as (index, value) runs.
fn runs(values: &[Option<f64>]) -> Vec<Vec<(usize, f64)>> {
    let mut out: Vec<Vec<(usize, f64)>> = Vec::new();
    let mut current = Vec::new();
    for (i, value) in values.iter().enumerate() {
        match value {
            Some(v) if v.is_finite() => current.push((i, *v)),
            _ => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// A coordinate with one decimal.
pub fn fmt(v: f64) -> String {
    if v.is_finite() {
        format!("{v:.1}")
    } else {
        "0".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_link_and_escape_labels() {
        let bars = vec![
            Bar {
                label: "2024-01-01".to_string(),
                stack: [1, 0, 2, 0],
                href: Some("/dyad?a=PRK&b=RUS&period=2024-01-01".to_string()),
            },
            Bar {
                label: "<b>".to_string(),
                stack: [0, 0, 0, 0],
                href: None,
            },
        ];
        let svg = stacked_bars("PRK & RUS", &bars, Some(0), 240.0).into_string();
        assert!(svg.contains("PRK &amp; RUS"));
        assert!(svg.contains("&lt;b&gt;") && !svg.contains("<b>"));
        assert!(svg.contains("href=\"/dyad?a=PRK&amp;b=RUS&amp;period=2024-01-01\""));
        assert_eq!(svg.matches("class=\"bar\"").count(), 2);
        assert!(svg.contains("class=\"selected\""));
        assert!(!svg.contains("NaN"));
    }

    #[test]
    fn lines_break_at_gaps() {
        let labels: Vec<String> = (0..5).map(|i| format!("p{i}")).collect();
        let svg = line_chart(
            "Goldstein",
            &labels,
            &[Series {
                label: "A → B",
                colour: "#123456",
                values: vec![Some(1.0), Some(-2.0), None, Some(3.0), Some(f64::NAN)],
            }],
            Some((-10.0, 10.0)),
            200.0,
        )
        .into_string();
        assert_eq!(svg.matches("<polyline").count(), 1);
        assert_eq!(svg.matches("<circle").count(), 1);
        assert!(!svg.contains("NaN"));
    }

    #[test]
    fn ticks_are_round() {
        assert_eq!(tick_step(100.0), 50.0);
        assert_eq!(tick_step(7.0), 2.0);
        assert_eq!(tick_step(0.0), 1.0);
        assert_eq!(short_number(12_500.0), "12k");
        assert_eq!(short_number(2.5), "2.5");
    }
}
