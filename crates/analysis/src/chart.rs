//! Pictures of a series: an SVG line chart (plain SVG, no scripts) and a
//! one-line terminal sparkline.

use std::fmt::Write;

/// One line of a chart.
pub struct Line<'a> {
    pub label: &'a str,
    /// CSS colour.
    pub colour: &'a str,
    pub values: &'a [f64],
}

const WIDTH: f64 = 880.0;
const HEIGHT: f64 = 360.0;
const LEFT: f64 = 60.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 40.0;
const BOTTOM: f64 = 50.0;

/// An SVG line chart of `lines` over the x labels `periods` (one per value),
/// with a title, a zero line, y ticks and a legend.
pub fn svg_line_chart(title: &str, periods: &[String], lines: &[Line<'_>]) -> String {
    let values = lines
        .iter()
        .flat_map(|l| l.values.iter().copied())
        .filter(|v| v.is_finite());
    let (mut low, mut high) = values.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if high - low < 1e-9 {
        high = low + 1.0;
    }
    let pad = (high - low) * 0.05;
    low -= if low < 0.0 { pad } else { 0.0 };
    high += pad;
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let n = periods.len().max(1);
    let x = |i: usize| {
        LEFT + if n > 1 {
            plot_w * i as f64 / (n - 1) as f64
        } else {
            plot_w / 2.0
        }
    };
    let y = |v: f64| TOP + plot_h * (high - v) / (high - low);

    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(svg, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        svg,
        r#"<text x="{LEFT}" y="22" font-size="15">{}</text>"#,
        escape(title)
    );
    for tick in 0..=4 {
        let v = low + (high - low) * f64::from(tick) / 4.0;
        let ty = y(v);
        let _ = writeln!(
            svg,
            r##"<line x1="{LEFT}" y1="{ty:.1}" x2="{:.1}" y2="{ty:.1}" stroke="#e4e4e4"/><text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"##,
            WIDTH - RIGHT,
            LEFT - 6.0,
            ty + 4.0,
            short_number(v)
        );
    }
    if low < 0.0 && high > 0.0 {
        let zy = y(0.0);
        let _ = writeln!(
            svg,
            r##"<line x1="{LEFT}" y1="{zy:.1}" x2="{:.1}" y2="{zy:.1}" stroke="#888"/>"##,
            WIDTH - RIGHT
        );
    }
    let label_every = (n / 8).max(1);
    for (i, period) in periods.iter().enumerate() {
        if i % label_every == 0 || i + 1 == n {
            let _ = writeln!(
                svg,
                r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                x(i),
                HEIGHT - BOTTOM + 18.0,
                escape(period)
            );
        }
    }
    for (index, line) in lines.iter().enumerate() {
        let points: Vec<String> = line
            .values
            .iter()
            .enumerate()
            .filter(|(_, v)| v.is_finite())
            .map(|(i, v)| format!("{:.1},{:.1}", x(i), y(*v)))
            .collect();
        let _ = writeln!(
            svg,
            r#"<polyline fill="none" stroke="{}" stroke-width="2" points="{}"><title>{}</title></polyline>"#,
            escape(line.colour),
            points.join(" "),
            escape(line.label)
        );
        let lx = LEFT + 150.0 * index as f64;
        let ly = HEIGHT - 12.0;
        let _ = writeln!(
            svg,
            r#"<rect x="{lx:.1}" y="{:.1}" width="12" height="4" fill="{}"/><text x="{:.1}" y="{ly:.1}">{}</text>"#,
            ly - 5.0,
            escape(line.colour),
            lx + 16.0,
            escape(line.label)
        );
    }
    svg.push_str("</svg>\n");
    svg
}

fn short_number(v: f64) -> String {
    if v.abs() >= 1000.0 {
        format!("{:.1}k", v / 1000.0)
    } else if (v - v.round()).abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A sparkline of `values` with the eight block characters; non-finite values
/// are spaces.
pub fn sparkline(values: &[f64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let finite = values.iter().copied().filter(|v| v.is_finite());
    let (low, high) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    values
        .iter()
        .map(|v| {
            if !v.is_finite() {
                ' '
            } else if high - low < 1e-12 {
                BARS[0]
            } else {
                let level = ((v - low) / (high - low) * 7.0).round() as usize;
                BARS[level.min(7)]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparkline_spans_lowest_to_highest() {
        assert_eq!(sparkline(&[0.0, 7.0, 3.5, f64::NAN]), "▁█▅ ");
        assert_eq!(sparkline(&[2.0, 2.0]), "▁▁");
        assert_eq!(sparkline(&[]), "");
    }

    #[test]
    fn chart_is_svg_with_every_line_and_escaped_text() {
        let periods = vec![
            "2024-06".to_string(),
            "2024-07".to_string(),
            "2024-08".to_string(),
        ];
        let svg = svg_line_chart(
            "PRK & RUS",
            &periods,
            &[
                Line {
                    label: "events",
                    colour: "#1f77b4",
                    values: &[1.0, 5.0, 2.0],
                },
                Line {
                    label: "conflict",
                    colour: "#d62728",
                    values: &[0.0, -3.0, -1.0],
                },
            ],
        );
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert!(svg.contains("PRK &amp; RUS"));
        assert!(svg.contains("2024-07"));
        assert!(!svg.contains("NaN"));
        // Every polyline has three points.
        for line in svg.lines().filter(|l| l.starts_with("<polyline")) {
            let points = line
                .split("points=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            assert_eq!(points.split(' ').count(), 3);
        }
    }
}
