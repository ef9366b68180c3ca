//! Dyad time series: per day, week or month, the events between two actors
//! (both directions), read from the store's daily dyad aggregate (per month:
//! whole months from its monthly roll-up, partial ones from the days).
//!
//! Periods with no events between the first and last day are present with
//! zeros, so charts and spike baselines see the quiet days too. Weeks start on
//! Monday (ISO 8601); months on the first.

use crate::table::{Cell, Table};
use chrono::{Datelike, Duration};
use dyad_model::Date;
use dyad_store::{DailyFilter, DailyRow, Store, StoreError, Tally, View};
use std::collections::BTreeMap;
use std::str::FromStr;

/// The length of one point of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Day,
    Week,
    Month,
}

impl FromStr for Period {
    type Err = String;
    fn from_str(text: &str) -> Result<Period, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "day" => Ok(Period::Day),
            "week" => Ok(Period::Week),
            "month" => Ok(Period::Month),
            _ => Err(format!(
                "unknown period {text:?} (expected day, week or month)"
            )),
        }
    }
}

impl Period {
    /// The first day of the period that contains `date`.
    pub fn start_of(self, date: Date) -> Date {
        match self {
            Period::Day => date,
            Period::Week => date - Duration::days(i64::from(date.weekday().num_days_from_monday())),
            Period::Month => date.with_day(1).unwrap_or(date),
        }
    }

    /// The first day of the next period after the one starting at `start`.
    pub fn next(self, start: Date) -> Date {
        match self {
            Period::Day => start + Duration::days(1),
            Period::Week => start + Duration::days(7),
            Period::Month => start
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(start + Duration::days(31)),
        }
    }

    /// Roughly how many days one period lasts.
    pub fn days(self) -> i64 {
        match self {
            Period::Day => 1,
            Period::Week => 7,
            Period::Month => 30,
        }
    }
}

/// One period of a series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SeriesPoint {
    pub start: Date,
    /// Events of the chosen view (raw or deduplicated).
    pub tally: Tally,
    /// Raw reports: every stored event counts as one mention.
    pub mentions: i64,
}

/// A dyad's series.
#[derive(Debug, Clone, PartialEq)]
pub struct DyadSeries {
    pub period: Period,
    pub points: Vec<SeriesPoint>,
}

/// Which series to compute.
#[derive(Debug, Clone)]
pub struct SeriesRequest {
    /// Actor code prefixes of the two sides.
    pub actor_a: String,
    pub actor_b: String,
    pub period: Period,
    pub view: View,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

/// The series of events between `actor_a` and `actor_b` in both directions.
pub fn dyad_series(store: &Store, request: &SeriesRequest) -> Result<DyadSeries, StoreError> {
    let filter = DailyFilter {
        sources: vec![request.actor_a.clone()],
        targets: vec![request.actor_b.clone()],
        both_directions: true,
        from: request.from,
        to: request.to,
    };
    let mut by_period: BTreeMap<Date, (Tally, i64)> = BTreeMap::new();
    let mut add = |row: &DailyRow| -> Result<(), StoreError> {
        let entry = by_period
            .entry(request.period.start_of(row.day))
            .or_default();
        entry.0.add(match request.view {
            View::Raw => &row.raw,
            View::Dedupe => &row.unique,
        });
        entry.1 += row.raw.events;
        Ok(())
    };
    match (request.period, whole_months(request.from, request.to)) {
        // Whole months from the monthly roll-up, the days of partial months
        // at either end from the daily aggregate.
        (Period::Month, Some((first, last))) => {
            store.for_each_monthly(
                &DailyFilter {
                    from: first,
                    to: last,
                    ..filter.clone()
                },
                &mut add,
            )?;
            if let (Some(from), Some(first)) = (request.from, first)
                && from < first
            {
                let edge = DailyFilter {
                    from: Some(from),
                    to: first.pred_opt(),
                    ..filter.clone()
                };
                store.for_each_daily(&edge, &mut add)?;
            }
            if let (Some(to), Some(last)) = (request.to, last) {
                let after = Period::Month.next(last);
                if after <= to {
                    let edge = DailyFilter {
                        from: Some(after),
                        to: Some(to),
                        ..filter.clone()
                    };
                    store.for_each_daily(&edge, &mut add)?;
                }
            }
        }
        _ => {
            store.for_each_daily(&filter, &mut add)?;
        }
    }
    let first = request
        .from
        .or_else(|| by_period.keys().next().copied())
        .map(|d| request.period.start_of(d));
    let last = request.to.or_else(|| by_period.keys().next_back().copied());
    let mut points = Vec::new();
    if let (Some(first), Some(last)) = (first, last) {
        let mut start = first;
        while start <= last {
            let (tally, mentions) = by_period.get(&start).copied().unwrap_or_default();
            points.push(SeriesPoint {
                start,
                tally,
                mentions,
            });
            start = request.period.next(start);
        }
    }
    Ok(DyadSeries {
        period: request.period,
        points,
    })
}

/// The whole months inside `from..=to` as (first day of the first whole
/// month, first day of the last), `None` bounds open; `None` when the window
/// holds no whole month.
fn whole_months(from: Option<Date>, to: Option<Date>) -> Option<(Option<Date>, Option<Date>)> {
    let first = from.map(|d| {
        let start = Period::Month.start_of(d);
        if start == d {
            start
        } else {
            Period::Month.next(start)
        }
    });
    let last = to.map(|d| {
        let start = Period::Month.start_of(d);
        if Period::Month.next(start) > d + Duration::days(1) {
            // `to` is not the month's last day: the month before is the last whole one.
            Period::Month.start_of(start - Duration::days(1))
        } else {
            start
        }
    });
    match (first, last) {
        (Some(a), Some(b)) if a > b => None,
        bounds => Some(bounds),
    }
}

/// The series as a table: one row per period.
pub fn series_table(series: &DyadSeries) -> Table {
    let mut table = Table::new(&[
        "period",
        "events",
        "verbal_cooperation",
        "material_cooperation",
        "verbal_conflict",
        "material_conflict",
        "goldstein_sum",
        "goldstein_mean",
        "cooperation",
        "conflict",
        "mentions",
    ]);
    for p in &series.points {
        table.push(vec![
            Cell::Text(p.start.to_string()),
            Cell::Int(p.tally.events),
            Cell::Int(p.tally.by_quad[0]),
            Cell::Int(p.tally.by_quad[1]),
            Cell::Int(p.tally.by_quad[2]),
            Cell::Int(p.tally.by_quad[3]),
            Cell::Float(p.tally.goldstein_sum()),
            p.tally.goldstein_mean().into(),
            Cell::Float(p.tally.cooperation()),
            Cell::Float(p.tally.conflict()),
            Cell::Int(p.mentions),
        ]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        Date::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn period_starts_and_steps() {
        // 2024-06-19 is a Wednesday.
        assert_eq!(Period::Week.start_of(d("2024-06-19")), d("2024-06-17"));
        assert_eq!(Period::Week.start_of(d("2024-06-17")), d("2024-06-17"));
        assert_eq!(Period::Month.start_of(d("2024-06-19")), d("2024-06-01"));
        assert_eq!(Period::Month.next(d("2024-01-01")), d("2024-02-01"));
        assert_eq!(Period::Month.next(d("2024-12-01")), d("2025-01-01"));
        assert_eq!(Period::Day.next(d("2024-02-28")), d("2024-02-29"));
        assert!("fortnight".parse::<Period>().is_err());
    }
}
