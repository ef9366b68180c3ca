//! Spikes: dyad-periods whose event count or conflict count jumps above the
//! dyad's own trailing baseline. The method is documented in docs/analysis.md;
//! in short, for each undirected dyad and period t with count c_t and the W
//! periods before it as baseline:
//!
//! - z = (ln(1 + c_t) − mean of ln(1 + c)) / max(sd of ln(1 + c), [SD_FLOOR]),
//!   mean and (population) standard deviation over the baseline;
//! - p = P(X ≥ c_t) for X ~ Poisson(λ), λ = max(mean of c over the baseline,
//!   [LAMBDA_FLOOR]);
//!
//! and a period is a spike when z ≥ the threshold, p ≤ `max_p` and c_t ≥
//! `min_count`. Quiet periods count as zeros; a period needs a full baseline.
//! "Conflict" is the number of verbal and material conflict events (quad
//! classes 3 and 4).

use crate::network::Level;
use crate::series::Period;
use crate::table::{Cell, Table};
use dyad_model::{Date, country_key, is_null_actor};
use dyad_store::{DailyFilter, Store, StoreError, View};
use std::collections::{BTreeMap, HashMap};

/// Smallest standard deviation of log counts used in z (a flat baseline would divide by zero).
pub const SD_FLOOR: f64 = 0.25;
/// Smallest Poisson rate used for p (a baseline of zeros would make any event impossible).
pub const LAMBDA_FLOOR: f64 = 0.1;

/// What jumped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpikeMetric {
    Events,
    Conflict,
}

impl SpikeMetric {
    pub fn name(self) -> &'static str {
        match self {
            SpikeMetric::Events => "events",
            SpikeMetric::Conflict => "conflict",
        }
    }
}

/// The test applied to every period of a series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpikeTest {
    /// Baseline length in periods.
    pub window: usize,
    pub threshold_z: f64,
    pub max_p: f64,
    pub min_count: i64,
}

/// One flagged period of one series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SeriesSpike {
    pub index: usize,
    pub count: i64,
    pub baseline_mean: f64,
    pub z: f64,
    pub p: f64,
}

/// The spikes of one dense series of counts (one value per period).
pub fn series_spikes(counts: &[i64], test: &SpikeTest) -> Vec<SeriesSpike> {
    let window = test.window.max(2);
    let mut spikes = Vec::new();
    if counts.len() <= window {
        return spikes;
    }
    let logs: Vec<f64> = counts.iter().map(|c| (*c.max(&0) as f64).ln_1p()).collect();
    let (mut sum, mut sum_sq, mut count_sum) = (0.0, 0.0, 0i64);
    for i in 0..window {
        sum += logs[i];
        sum_sq += logs[i] * logs[i];
        count_sum += counts[i].max(0);
    }
    let w = window as f64;
    for t in window..counts.len() {
        let mean = sum / w;
        let variance = (sum_sq / w - mean * mean).max(0.0);
        let z = (logs[t] - mean) / variance.sqrt().max(SD_FLOOR);
        let count = counts[t];
        if z >= test.threshold_z && count >= test.min_count {
            let baseline_mean = count_sum as f64 / w;
            let p = poisson_upper_tail(count.max(0) as u64, baseline_mean.max(LAMBDA_FLOOR));
            if p <= test.max_p {
                spikes.push(SeriesSpike {
                    index: t,
                    count,
                    baseline_mean,
                    z,
                    p,
                });
            }
        }
        let leaving = t - window;
        sum += logs[t] - logs[leaving];
        sum_sq += logs[t] * logs[t] - logs[leaving] * logs[leaving];
        count_sum += counts[t].max(0) - counts[leaving].max(0);
    }
    spikes
}

/// P(X ≥ k) for X ~ Poisson(lambda), summed from k upwards in log space.
pub fn poisson_upper_tail(k: u64, lambda: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if lambda <= 0.0 {
        return 0.0;
    }
    let ln_factorial: f64 = (2..=k).map(|i| (i as f64).ln()).sum();
    let mut term = (k as f64 * lambda.ln() - lambda - ln_factorial).exp();
    let mut total = 0.0;
    let mut i = k;
    for _ in 0..1_000_000 {
        total += term;
        i += 1;
        term *= lambda / i as f64;
        if (i as f64) > lambda && term <= total * 1e-15 {
            break;
        }
    }
    total.min(1.0)
}

/// Which spikes to look for.
#[derive(Debug, Clone)]
pub struct SpikeRequest {
    pub level: Level,
    pub view: View,
    pub period: Period,
    /// Baseline length in days (converted to whole periods, at least 2).
    pub window_days: i64,
    pub threshold_z: f64,
    pub max_p: f64,
    pub min_count: i64,
    /// Periods to report (the baseline may reach before `from`).
    pub from: Option<Date>,
    pub to: Option<Date>,
}

/// One spike of one dyad.
#[derive(Debug, Clone, PartialEq)]
pub struct Spike {
    /// The dyad's two sides, in alphabetical order (spikes are undirected).
    pub actor_a: String,
    pub actor_b: String,
    pub period: Date,
    pub metric: SpikeMetric,
    pub count: i64,
    pub baseline_mean: f64,
    pub z: f64,
    pub p: f64,
}

/// Finds spikes in every dyad of the store's daily aggregate, strongest first.
pub fn find_spikes(store: &Store, request: &SpikeRequest) -> Result<Vec<Spike>, StoreError> {
    let window = usize::try_from(
        (request.window_days.max(1) + request.period.days() - 1) / request.period.days(),
    )
    .unwrap_or(2)
    .max(2);
    let test = SpikeTest {
        window,
        threshold_z: request.threshold_z,
        max_p: request.max_p,
        min_count: request.min_count,
    };
    let actors = store.actor_table()?;
    let node_of: HashMap<i64, String> = actors
        .iter()
        .filter(|(_, code)| !is_null_actor(code))
        .map(|(id, code)| {
            let name = match request.level {
                Level::Country => country_key(code).to_string(),
                Level::Actor => code.to_string(),
            };
            (id, name)
        })
        .collect();
    let baseline_start = request.from.map(|from| {
        let mut start = request.period.start_of(from);
        for _ in 0..window {
            start = request.period.start_of(start - chrono::Duration::days(1));
        }
        start
    });
    let filter = DailyFilter {
        from: baseline_start,
        to: request.to,
        ..DailyFilter::default()
    };
    // (a, b) → period → (events, conflict events)
    let mut series: HashMap<(String, String), BTreeMap<Date, (i64, i64)>> = HashMap::new();
    let (mut first, mut last): (Option<Date>, Option<Date>) = (None, None);
    store.for_each_daily(&filter, |row| -> Result<(), StoreError> {
        let (Some(s), Some(t)) = (node_of.get(&row.source), node_of.get(&row.target)) else {
            return Ok(());
        };
        if s == t {
            return Ok(());
        }
        let key = if s <= t {
            (s.clone(), t.clone())
        } else {
            (t.clone(), s.clone())
        };
        let tally = match request.view {
            View::Raw => &row.raw,
            View::Dedupe => &row.unique,
        };
        let start = request.period.start_of(row.day);
        first = Some(first.map_or(start, |f| f.min(start)));
        last = Some(last.map_or(start, |l| l.max(start)));
        let entry = series.entry(key).or_default().entry(start).or_default();
        entry.0 += tally.events;
        entry.1 += tally.conflict_events();
        Ok(())
    })?;
    let (Some(first), Some(last)) = (
        baseline_start.map(|b| request.period.start_of(b)).or(first),
        last,
    ) else {
        return Ok(Vec::new());
    };
    let mut periods = Vec::new();
    let mut start = first;
    while start <= last {
        periods.push(start);
        start = request.period.next(start);
    }
    let report_from = request.from.map(|f| request.period.start_of(f));
    let mut spikes = Vec::new();
    for ((a, b), points) in series {
        for metric in [SpikeMetric::Events, SpikeMetric::Conflict] {
            let counts: Vec<i64> = periods
                .iter()
                .map(|p| {
                    points.get(p).map_or(0, |(events, conflict)| match metric {
                        SpikeMetric::Events => *events,
                        SpikeMetric::Conflict => *conflict,
                    })
                })
                .collect();
            for spike in series_spikes(&counts, &test) {
                let Some(&period) = periods.get(spike.index) else {
                    continue;
                };
                if report_from.is_some_and(|f| period < f) {
                    continue;
                }
                spikes.push(Spike {
                    actor_a: a.clone(),
                    actor_b: b.clone(),
                    period,
                    metric,
                    count: spike.count,
                    baseline_mean: spike.baseline_mean,
                    z: spike.z,
                    p: spike.p,
                });
            }
        }
    }
    spikes.sort_by(|x, y| {
        y.z.total_cmp(&x.z)
            .then(x.p.total_cmp(&y.p))
            .then(x.period.cmp(&y.period))
            .then(x.actor_a.cmp(&y.actor_a))
            .then(x.actor_b.cmp(&y.actor_b))
    });
    Ok(spikes)
}

/// Spikes as a table.
pub fn spikes_table(spikes: &[Spike]) -> Table {
    let mut table = Table::new(&[
        "actor_a",
        "actor_b",
        "period",
        "metric",
        "count",
        "baseline_mean",
        "z",
        "p",
    ]);
    for s in spikes {
        table.push(vec![
            Cell::Text(s.actor_a.clone()),
            Cell::Text(s.actor_b.clone()),
            Cell::Text(s.period.to_string()),
            Cell::Text(s.metric.name().to_string()),
            Cell::Int(s.count),
            Cell::Float(s.baseline_mean),
            Cell::Float(s.z),
            Cell::Text(format!("{:.3e}", s.p)),
        ]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEST: SpikeTest = SpikeTest {
        window: 28,
        threshold_z: 3.0,
        max_p: 0.001,
        min_count: 3,
    };

    #[test]
    fn a_planted_jump_is_found_and_nothing_else() {
        // A noisy baseline of 2-6 events a day, then 40 on day 60.
        let mut counts: Vec<i64> = (0..90).map(|i| 2 + (i * 7 % 5)).collect();
        counts[60] = 40;
        let spikes = series_spikes(&counts, &TEST);
        assert_eq!(spikes.len(), 1, "{spikes:?}");
        assert_eq!(spikes[0].index, 60);
        assert!(spikes[0].z > 3.0 && spikes[0].p < 1e-10);
        let expected_mean = counts[32..60].iter().sum::<i64>() as f64 / 28.0;
        assert!((spikes[0].baseline_mean - expected_mean).abs() < 1e-12);
    }

    #[test]
    fn a_first_event_after_silence_is_not_a_spike_but_a_burst_is() {
        let mut counts = vec![0; 40];
        counts[35] = 1;
        assert!(
            series_spikes(&counts, &TEST).is_empty(),
            "one event is not a spike"
        );
        counts[36] = 6;
        let spikes = series_spikes(&counts, &TEST);
        assert_eq!(spikes.iter().map(|s| s.index).collect::<Vec<_>>(), [36]);
    }

    #[test]
    fn no_spike_without_a_full_baseline() {
        let counts = vec![0, 0, 50];
        assert!(series_spikes(&counts, &TEST).is_empty());
    }

    #[test]
    fn poisson_tail_matches_known_values() {
        // P(X >= 1 | 2) = 1 - e^-2
        assert!((poisson_upper_tail(1, 2.0) - (1.0 - (-2.0f64).exp())).abs() < 1e-12);
        // P(X >= 5 | 1) = 1 - (e^-1)(1 + 1 + 1/2 + 1/6 + 1/24) = 0.0036598468...
        assert!((poisson_upper_tail(5, 1.0) - 0.003_659_846_827_343_7).abs() < 1e-12);
        assert_eq!(poisson_upper_tail(0, 3.0), 1.0);
        // Values from summing the probability mass function directly.
        assert!((poisson_upper_tail(100, 100.0) - 0.513_298_798_279_131_7).abs() < 1e-9);
        assert!((poisson_upper_tail(20, 3.0) - 8.314_404_720_266_566e-11).abs() < 1e-15);
        assert!(poisson_upper_tail(500, 3.0) < 1e-300);
    }
}
