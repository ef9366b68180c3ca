//! The daily dyad aggregate: one row per (source actor, target actor, day)
//! with event counts per quad class, Goldstein sums, cooperation and conflict,
//! both over raw events and over deduplicated reports.
//!
//! Ingest keeps it in step with the events table in the same transaction, so
//! series and networks never scan raw events. Goldstein values are summed in
//! tenths (every CAMEO scale has one decimal), so adding and later removing a
//! document restores the sums exactly. Events without a date are not in the
//! aggregate: a daily series has no place for them.
//!
//! Deduplicated ("unique") tallies count each (date, source, target, code)
//! once, with the values of its first stored report; `events` minus
//! `unique_events` is how many reports repeated an event already counted.

use crate::Store;
use crate::error::StoreError;
use dyad_model::{Date, QuadClass};
use rusqlite::{Row, params_from_iter};
use std::collections::HashMap;

/// Row id of an actor code in the `actors` table.
pub type ActorId = i64;

/// Counts and sums over a set of events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Tally {
    pub events: i64,
    /// Events per quad class, in [`QuadClass::ALL`] order.
    pub by_quad: [i64; 4],
    /// Events that have a Goldstein value.
    pub scored: i64,
    pub goldstein_tenths: i64,
    /// Sum of the positive Goldstein values, in tenths.
    pub cooperation_tenths: i64,
    /// Sum of the negative Goldstein values (negative), in tenths.
    pub conflict_tenths: i64,
}

impl Tally {
    /// The tally of one event.
    pub fn of_event(quad: Option<QuadClass>, goldstein: Option<f64>) -> Tally {
        let mut tally = Tally {
            events: 1,
            ..Tally::default()
        };
        if let Some(q) = quad {
            tally.by_quad[usize::from(q.number() - 1)] = 1;
        }
        if let Some(g) = goldstein.filter(|g| g.is_finite()) {
            let tenths = goldstein_tenths(g);
            tally.scored = 1;
            tally.goldstein_tenths = tenths;
            tally.cooperation_tenths = tenths.max(0);
            tally.conflict_tenths = tenths.min(0);
        }
        tally
    }

    pub fn add(&mut self, other: &Tally) {
        self.events += other.events;
        for (mine, theirs) in self.by_quad.iter_mut().zip(other.by_quad) {
            *mine += theirs;
        }
        self.scored += other.scored;
        self.goldstein_tenths += other.goldstein_tenths;
        self.cooperation_tenths += other.cooperation_tenths;
        self.conflict_tenths += other.conflict_tenths;
    }

    pub fn subtract(&mut self, other: &Tally) {
        let mut negated = *other;
        negated.events = -negated.events;
        negated.by_quad = negated.by_quad.map(|n| -n);
        negated.scored = -negated.scored;
        negated.goldstein_tenths = -negated.goldstein_tenths;
        negated.cooperation_tenths = -negated.cooperation_tenths;
        negated.conflict_tenths = -negated.conflict_tenths;
        self.add(&negated);
    }

    pub fn is_zero(&self) -> bool {
        *self == Tally::default()
    }

    pub fn goldstein_sum(&self) -> f64 {
        self.goldstein_tenths as f64 / 10.0
    }

    /// Mean Goldstein value over the events that have one; `None` when none do.
    pub fn goldstein_mean(&self) -> Option<f64> {
        (self.scored > 0).then(|| self.goldstein_sum() / self.scored as f64)
    }

    pub fn cooperation(&self) -> f64 {
        self.cooperation_tenths as f64 / 10.0
    }

    pub fn conflict(&self) -> f64 {
        self.conflict_tenths as f64 / 10.0
    }

    /// Verbal plus material conflict events (quad classes 3 and 4).
    pub fn conflict_events(&self) -> i64 {
        self.by_quad[2] + self.by_quad[3]
    }
}

/// A Goldstein value in tenths, the unit the aggregate sums in.
pub fn goldstein_tenths(goldstein: f64) -> i64 {
    (goldstein * 10.0).round() as i64
}

/// The aggregate recomputed from raw events: (source code, target code, day)
/// → (raw tally, deduplicated tally).
pub type RecomputedDaily = HashMap<(String, String, Date), (Tally, Tally)>;

/// One row of the daily dyad aggregate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DailyRow {
    pub source: ActorId,
    pub target: ActorId,
    pub day: Date,
    /// Every stored event.
    pub raw: Tally,
    /// Each (date, source, target, code) once.
    pub unique: Tally,
}

/// Which aggregate rows to read. Actor arguments are code prefixes
/// ("PRK" matches "PRKGOV"); empty lists match every actor.
#[derive(Debug, Clone, Default)]
pub struct DailyFilter {
    pub sources: Vec<String>,
    pub targets: Vec<String>,
    /// Also read rows from `targets` to `sources` (a dyad in both directions).
    pub both_directions: bool,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

/// Actor ids and their codes.
#[derive(Debug, Clone, Default)]
pub struct ActorTable {
    codes: HashMap<ActorId, String>,
}

impl ActorTable {
    pub fn code(&self, id: ActorId) -> Option<&str> {
        self.codes.get(&id).map(String::as_str)
    }

    pub fn iter(&self) -> impl Iterator<Item = (ActorId, &str)> {
        self.codes.iter().map(|(id, code)| (*id, code.as_str()))
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }
}

/// Days since 1970-01-01, the aggregate's day column.
pub fn day_number(date: Date) -> i64 {
    i64::from(date.num_days_from_ce()) - 719_163
}

/// The date of an aggregate day number.
pub fn day_date(day: i64) -> Option<Date> {
    i32::try_from(day + 719_163)
        .ok()
        .and_then(Date::from_num_days_from_ce_opt)
}

use chrono::Datelike;

pub(crate) const DAILY_COLUMNS: &str = "source, target, day, \
    events, verbal_cooperation, material_cooperation, verbal_conflict, material_conflict, \
    scored, goldstein_tenths, cooperation_tenths, conflict_tenths, \
    unique_events, unique_verbal_cooperation, unique_material_cooperation, \
    unique_verbal_conflict, unique_material_conflict, \
    unique_scored, unique_goldstein_tenths, unique_cooperation_tenths, unique_conflict_tenths";

fn tally_at(row: &Row<'_>, first: usize) -> rusqlite::Result<Tally> {
    Ok(Tally {
        events: row.get(first)?,
        by_quad: [
            row.get(first + 1)?,
            row.get(first + 2)?,
            row.get(first + 3)?,
            row.get(first + 4)?,
        ],
        scored: row.get(first + 5)?,
        goldstein_tenths: row.get(first + 6)?,
        cooperation_tenths: row.get(first + 7)?,
        conflict_tenths: row.get(first + 8)?,
    })
}

pub(crate) fn tally_params(tally: &Tally) -> [i64; 9] {
    [
        tally.events,
        tally.by_quad[0],
        tally.by_quad[1],
        tally.by_quad[2],
        tally.by_quad[3],
        tally.scored,
        tally.goldstein_tenths,
        tally.cooperation_tenths,
        tally.conflict_tenths,
    ]
}

/// `(column >= ? AND column < ?)` clauses for code prefixes, ORed, with their
/// bounds appended to `params`. `None` when `prefixes` is empty (no restriction).
pub(crate) fn prefix_clause(
    column: &str,
    prefixes: &[String],
    params: &mut Vec<String>,
) -> Option<String> {
    let clauses: Vec<String> = prefixes
        .iter()
        .map(|prefix| {
            params.push(prefix.clone());
            // Every code that starts with `prefix` sorts below prefix + U+10FFFF.
            params.push(format!("{prefix}\u{10FFFF}"));
            format!("({column} >= ? AND {column} < ?)")
        })
        .collect();
    (!clauses.is_empty()).then(|| format!("({})", clauses.join(" OR ")))
}

impl Store {
    /// Every actor code the aggregate knows, with its id.
    pub fn actor_table(&self) -> Result<ActorTable, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, code FROM actors")
            .map_err(|e| self.sql("reading actors", e))?;
        let codes = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.sql("reading actors", e))?
            .collect::<Result<HashMap<_, _>, _>>()
            .map_err(|e| self.sql("reading actors", e))?;
        Ok(ActorTable { codes })
    }

    /// Calls `visit` with every aggregate row that `filter` selects.
    pub fn for_each_daily<E: From<StoreError>>(
        &self,
        filter: &DailyFilter,
        mut visit: impl FnMut(&DailyRow) -> Result<(), E>,
    ) -> Result<u64, E> {
        let mut visited = 0;
        let directions: &[(&[String], &[String])] = if filter.both_directions {
            &[
                (&filter.sources, &filter.targets),
                (&filter.targets, &filter.sources),
            ]
        } else {
            &[(&filter.sources, &filter.targets)]
        };
        for (index, (sources, targets)) in directions.iter().enumerate() {
            let mut params = Vec::new();
            let mut clauses = Vec::new();
            let mut actor_clause = |column: &str, prefixes: &[String], params: &mut Vec<String>| {
                if let Some(codes) = prefix_clause("code", prefixes, params) {
                    clauses.push(format!("{column} IN (SELECT id FROM actors WHERE {codes})"));
                }
            };
            actor_clause("source", sources, &mut params);
            actor_clause("target", targets, &mut params);
            if index == 1 {
                // Rows that the first direction already read (both prefixes
                // matching both sides) are not read twice.
                let mut first = Vec::new();
                if let Some(codes) = prefix_clause("code", &filter.sources, &mut params) {
                    first.push(format!("source IN (SELECT id FROM actors WHERE {codes})"));
                }
                if let Some(codes) = prefix_clause("code", &filter.targets, &mut params) {
                    first.push(format!("target IN (SELECT id FROM actors WHERE {codes})"));
                }
                let already = if first.is_empty() {
                    "1".to_string()
                } else {
                    first.join(" AND ")
                };
                clauses.push(format!("NOT ({already})"));
            }
            let mut day_params = Vec::new();
            if let Some(from) = filter.from {
                clauses.push("day >= ?".to_string());
                day_params.push(day_number(from));
            }
            if let Some(to) = filter.to {
                clauses.push("day <= ?".to_string());
                day_params.push(day_number(to));
            }
            let where_clause = if clauses.is_empty() {
                String::new()
            } else {
                format!("WHERE {}", clauses.join(" AND "))
            };
            let sql = format!("SELECT {DAILY_COLUMNS} FROM dyad_daily {where_clause}");
            let mut stmt = self
                .conn
                .prepare(&sql)
                .map_err(|e| self.sql("reading the daily aggregate", e))?;
            let values: Vec<rusqlite::types::Value> = params
                .into_iter()
                .map(rusqlite::types::Value::Text)
                .chain(day_params.into_iter().map(rusqlite::types::Value::Integer))
                .collect();
            let mut rows = stmt
                .query(params_from_iter(values))
                .map_err(|e| self.sql("reading the daily aggregate", e))?;
            while let Some(row) = rows
                .next()
                .map_err(|e| self.sql("reading the daily aggregate", e))?
            {
                let daily = self.daily_row(row)?;
                visit(&daily)?;
                visited += 1;
            }
        }
        Ok(visited)
    }

    fn daily_row(&self, row: &Row<'_>) -> Result<DailyRow, StoreError> {
        let read = || -> rusqlite::Result<(ActorId, ActorId, i64, Tally, Tally)> {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                tally_at(row, 3)?,
                tally_at(row, 12)?,
            ))
        };
        let (source, target, day, raw, unique) =
            read().map_err(|e| self.sql("reading the daily aggregate", e))?;
        let day = day_date(day).ok_or_else(|| StoreError::BadStoredValue {
            path: self.path.clone(),
            what: "aggregate day",
            detail: format!("day number {day} is out of range"),
        })?;
        Ok(DailyRow {
            source,
            target,
            day,
            raw,
            unique,
        })
    }

    /// The aggregate as it should be, recomputed from the raw events:
    /// (source code, target code, day) → (raw, unique).
    pub fn recompute_daily(&self) -> Result<RecomputedDaily, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT date, source, target, code, quad_class, goldstein FROM events
                 WHERE date IS NOT NULL ORDER BY id",
            )
            .map_err(|e| self.sql("recomputing the aggregate", e))?;
        let mut rows = stmt
            .query([])
            .map_err(|e| self.sql("recomputing the aggregate", e))?;
        let mut expected = RecomputedDaily::new();
        let mut seen_reports = std::collections::HashSet::new();
        while let Some(row) = rows
            .next()
            .map_err(|e| self.sql("recomputing the aggregate", e))?
        {
            let read = || -> rusqlite::Result<_> {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, Option<u8>>(4)?,
                    row.get::<_, Option<f64>>(5)?,
                ))
            };
            let (date_text, source, target, code, quad, goldstein) =
                read().map_err(|e| self.sql("recomputing the aggregate", e))?;
            let date = self.parse_stored_date(&date_text)?;
            let quad = quad.and_then(|q| QuadClass::try_from(q).ok());
            let tally = Tally::of_event(quad, goldstein);
            let first_report = seen_reports.insert((date, source.clone(), target.clone(), code));
            let entry = expected.entry((source, target, date)).or_default();
            entry.0.add(&tally);
            if first_report {
                entry.1.add(&tally);
            }
        }
        Ok(expected)
    }

    /// Compares the stored aggregate with [`Store::recompute_daily`]; returns
    /// one line per difference (empty when they agree).
    pub fn aggregate_differences(&self) -> Result<Vec<String>, StoreError> {
        let mut expected = self.recompute_daily()?;
        let actors = self.actor_table()?;
        let mut differences = Vec::new();
        self.for_each_daily(&DailyFilter::default(), |row| -> Result<(), StoreError> {
            let source = actors.code(row.source).unwrap_or("?").to_string();
            let target = actors.code(row.target).unwrap_or("?").to_string();
            let key = (source, target, row.day);
            match expected.remove(&key) {
                Some((raw, unique)) if raw == row.raw && unique == row.unique => {}
                Some((raw, unique)) => differences.push(format!(
                    "{key:?}: stored raw {:?} unique {:?}, recomputed raw {raw:?} unique {unique:?}",
                    row.raw, row.unique
                )),
                None => differences.push(format!(
                    "{key:?}: stored {:?} but no such events",
                    row.raw
                )),
            }
            Ok(())
        })?;
        for (key, (raw, _)) in expected {
            differences.push(format!("{key:?}: {raw:?} missing from the aggregate"));
        }
        differences.sort();
        Ok(differences)
    }

    pub(crate) fn parse_stored_date(&self, text: &str) -> Result<Date, StoreError> {
        Date::parse_from_str(text, "%Y-%m-%d").map_err(|e| StoreError::BadStoredValue {
            path: self.path.clone(),
            what: "event date",
            detail: format!("{text:?}: {e}"),
        })
    }
}
