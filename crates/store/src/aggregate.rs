//! The daily dyad aggregate: one row per (source actor, target actor, day)
//! with event counts per quad class, cooperation and conflict sums (the
//! Goldstein sum is their total, computed when read, not stored), both over
//! raw events and over deduplicated reports; and its monthly roll-ups.
//!
//! Ingest keeps it in step with the events table in the same transaction, so
//! series and networks never scan raw events. The monthly roll-ups lack the
//! months listed in `rollup_pending` (months ingest is still writing, see
//! module `rollup`); every reader of a roll-up here reads those months from
//! the daily aggregate instead, in the same read transaction. Goldstein values are summed in
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
use rusqlite::Row;
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

    /// Adds `other` (wrapping on overflow, so that subtracting it again
    /// restores the tally exactly whatever the values).
    pub fn add(&mut self, other: &Tally) {
        self.events = self.events.wrapping_add(other.events);
        for (mine, theirs) in self.by_quad.iter_mut().zip(other.by_quad) {
            *mine = mine.wrapping_add(theirs);
        }
        self.scored = self.scored.wrapping_add(other.scored);
        self.goldstein_tenths = self.goldstein_tenths.wrapping_add(other.goldstein_tenths);
        self.cooperation_tenths = self
            .cooperation_tenths
            .wrapping_add(other.cooperation_tenths);
        self.conflict_tenths = self.conflict_tenths.wrapping_add(other.conflict_tenths);
    }

    pub fn subtract(&mut self, other: &Tally) {
        self.events = self.events.wrapping_sub(other.events);
        for (mine, theirs) in self.by_quad.iter_mut().zip(other.by_quad) {
            *mine = mine.wrapping_sub(theirs);
        }
        self.scored = self.scored.wrapping_sub(other.scored);
        self.goldstein_tenths = self.goldstein_tenths.wrapping_sub(other.goldstein_tenths);
        self.cooperation_tenths = self
            .cooperation_tenths
            .wrapping_sub(other.cooperation_tenths);
        self.conflict_tenths = self.conflict_tenths.wrapping_sub(other.conflict_tenths);
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
        self.by_quad[2].wrapping_add(self.by_quad[3])
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

/// Days since 1970-01-01, the day number of events and the aggregate.
pub fn day_number(date: Date) -> i64 {
    i64::from(date.num_days_from_ce()) - 719_163
}

/// The date of a day number.
pub fn day_date(day: i64) -> Option<Date> {
    i32::try_from(day.checked_add(719_163)?)
        .ok()
        .and_then(Date::from_num_days_from_ce_opt)
}

/// Months since year 0 (`year * 12 + month - 1`), the monthly roll-up's month column.
pub fn month_number(date: Date) -> i64 {
    i64::from(date.year()) * 12 + i64::from(date.month0())
}

/// The first day of a month number.
pub fn month_start(month: i64) -> Option<Date> {
    let year = i32::try_from(month.div_euclid(12)).ok()?;
    let month0 = u32::try_from(month.rem_euclid(12)).ok()?;
    Date::from_ymd_opt(year, month0 + 1, 1)
}

use chrono::Datelike;

/// The 16 stored tally columns of the daily and monthly aggregates, raw then
/// unique (schema 5 on). A tally's Goldstein sum is not stored: it is always
/// its cooperation plus its conflict (every event adds its tenths to one of
/// them), so readers add the two ([`tally_at`]).
pub(crate) const TALLY_COLUMNS: &str = "events, verbal_cooperation, material_cooperation, \
    verbal_conflict, material_conflict, scored, cooperation_tenths, conflict_tenths, \
    unique_events, unique_verbal_cooperation, unique_material_cooperation, \
    unique_verbal_conflict, unique_material_conflict, unique_scored, \
    unique_cooperation_tenths, unique_conflict_tenths";

/// Stored columns of one tally (raw or unique).
pub(crate) const TALLY_WIDTH: usize = 8;

/// The tally columns of schema 3 and 4, with the Goldstein sums, which
/// migration 3 writes into its roll-up before migration 5 drops them.
const LEGACY_TALLY_COLUMNS: &str = "events, verbal_cooperation, material_cooperation, \
    verbal_conflict, material_conflict, scored, goldstein_tenths, cooperation_tenths, \
    conflict_tenths, unique_events, unique_verbal_cooperation, unique_material_cooperation, \
    unique_verbal_conflict, unique_material_conflict, unique_scored, unique_goldstein_tenths, \
    unique_cooperation_tenths, unique_conflict_tenths";

/// The raw tally columns.
const RAW_COLUMNS: &str = "events, verbal_cooperation, material_cooperation, verbal_conflict, \
    material_conflict, scored, cooperation_tenths, conflict_tenths";

/// The deduplicated tally columns.
const UNIQUE_COLUMNS: &str = "unique_events, unique_verbal_cooperation, \
    unique_material_cooperation, unique_verbal_conflict, unique_material_conflict, \
    unique_scored, unique_cooperation_tenths, unique_conflict_tenths";

/// A month not rolled up yet: its month number and its first and last day numbers.
pub(crate) type PendingMonth = (i64, (i64, i64));

/// `sum(column)` of every column of [`TALLY_COLUMNS`], in that order.
pub(crate) fn summed_tally_columns() -> String {
    TALLY_COLUMNS
        .split(", ")
        .map(|column| format!("sum({column})"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A tally from its [`TALLY_WIDTH`] stored columns starting at `first` (in
/// [`RAW_COLUMNS`] order), its Goldstein sum derived.
pub(crate) fn tally_at(row: &Row<'_>, first: usize) -> rusqlite::Result<Tally> {
    let cooperation_tenths: i64 = row.get(first + 6)?;
    let conflict_tenths: i64 = row.get(first + 7)?;
    Ok(Tally {
        events: row.get(first)?,
        by_quad: [
            row.get(first + 1)?,
            row.get(first + 2)?,
            row.get(first + 3)?,
            row.get(first + 4)?,
        ],
        scored: row.get(first + 5)?,
        goldstein_tenths: cooperation_tenths.wrapping_add(conflict_tenths),
        cooperation_tenths,
        conflict_tenths,
    })
}

/// A tally's stored columns, in [`RAW_COLUMNS`] order.
pub(crate) fn tally_params(tally: &Tally) -> [i64; TALLY_WIDTH] {
    [
        tally.events,
        tally.by_quad[0],
        tally.by_quad[1],
        tally.by_quad[2],
        tally.by_quad[3],
        tally.scored,
        tally.cooperation_tenths,
        tally.conflict_tenths,
    ]
}

/// A tally's columns in schema 3 and 4 ([`LEGACY_TALLY_COLUMNS`] order):
/// the stored ones with the Goldstein sum before cooperation and conflict.
fn legacy_tally_params(tally: &Tally) -> [i64; TALLY_WIDTH + 1] {
    let [events, q0, q1, q2, q3, scored, cooperation, conflict] = tally_params(tally);
    [
        events,
        q0,
        q1,
        q2,
        q3,
        scored,
        tally.goldstein_tenths,
        cooperation,
        conflict,
    ]
}

/// Which tally columns an aggregate table has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Columns {
    /// [`TALLY_COLUMNS`]: schema 5 on.
    Current,
    /// [`LEGACY_TALLY_COLUMNS`]: schemas 3 and 4, which migration 3 writes.
    Legacy,
}

/// The order of an aggregate table's primary key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyOrder {
    /// (period, source, target): `dyad_daily`, `country_monthly`.
    PeriodFirst,
    /// (source, target, period): `dyad_monthly` (schema 4 on).
    PairFirst,
}

/// Upserts (`[period, source, target]` key, raw delta, unique delta) rows
/// into `table` (`dyad_daily` keyed by day, the roll-ups by month), deleting
/// rows whose raw events drop to zero. Keys are applied in the order of the
/// table's primary key (`order`), so the B-tree is walked once.
pub(crate) fn apply_aggregate_deltas(
    tx: &rusqlite::Transaction<'_>,
    table: &str,
    period: &str,
    order: KeyOrder,
    deltas: Vec<([i64; 3], Tally, Tally)>,
) -> rusqlite::Result<()> {
    apply_deltas(tx, table, period, order, Columns::Current, deltas)
}

/// Upserts the monthly roll-ups' deltas: actor pairs into `dyad_monthly`,
/// country pairs into `country_monthly`.
pub(crate) fn apply_rollup_deltas(
    tx: &rusqlite::Transaction<'_>,
    monthly: Vec<([i64; 3], Tally, Tally)>,
    countries: Vec<([i64; 3], Tally, Tally)>,
) -> rusqlite::Result<()> {
    apply_aggregate_deltas(tx, "dyad_monthly", "month", KeyOrder::PairFirst, monthly)?;
    apply_aggregate_deltas(
        tx,
        "country_monthly",
        "month",
        KeyOrder::PeriodFirst,
        countries,
    )
}

fn apply_deltas(
    tx: &rusqlite::Transaction<'_>,
    table: &str,
    period: &str,
    order: KeyOrder,
    columns: Columns,
    mut deltas: Vec<([i64; 3], Tally, Tally)>,
) -> rusqlite::Result<()> {
    deltas.retain(|(_, raw, unique)| !(raw.is_zero() && unique.is_zero()));
    match order {
        KeyOrder::PeriodFirst => deltas.sort_unstable_by_key(|(key, _, _)| *key),
        KeyOrder::PairFirst => deltas.sort_unstable_by_key(|([p, s, t], _, _)| [*s, *t, *p]),
    }
    let names = match columns {
        Columns::Current => TALLY_COLUMNS,
        Columns::Legacy => LEGACY_TALLY_COLUMNS,
    };
    let update_list = names
        .split(", ")
        .map(|c| format!("{c} = {c} + excluded.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let width = 3 + names.split(", ").count();
    let mut params: Vec<i64> = Vec::with_capacity(deltas.len() * width);
    for (key, raw, unique) in &deltas {
        params.extend_from_slice(key);
        match columns {
            Columns::Current => {
                params.extend_from_slice(&tally_params(raw));
                params.extend_from_slice(&tally_params(unique));
            }
            Columns::Legacy => {
                params.extend_from_slice(&legacy_tally_params(raw));
                params.extend_from_slice(&legacy_tally_params(unique));
            }
        }
    }
    let prefix =
        format!("INSERT OR ROLLBACK INTO {table} ({period}, source, target, {names}) VALUES ");
    let suffix = format!(" ON CONFLICT ({period}, source, target) DO UPDATE SET {update_list}");
    let placeholders = format!("({})", vec!["?"; width].join(","));
    crate::ingest::execute_rows(tx, [&prefix, &placeholders, &suffix], width, 48, &params)?;
    let mut drop_empty = tx.prepare_cached(&format!(
        "DELETE FROM {table} WHERE {period} = ?1 AND source = ?2 AND target = ?3 AND events = 0"
    ))?;
    for (key, raw, _) in &deltas {
        if raw.events < 0 {
            drop_empty.execute(*key)?;
        }
    }
    Ok(())
}

/// Migration step: gives every actor its country (the actor whose code is
/// its `country_key`, added when missing).
pub(crate) fn assign_countries(
    tx: &rusqlite::Transaction<'_>,
    path: &std::path::Path,
) -> Result<(), StoreError> {
    let sql = |e| crate::schema::sqlite_error(path, "assigning countries to actors", e);
    let codes: Vec<(ActorId, String)> = {
        let mut stmt = tx.prepare("SELECT id, code FROM actors").map_err(sql)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(sql)?;
        rows.collect::<Result<_, _>>().map_err(sql)?
    };
    let mut insert = tx
        .prepare("INSERT OR IGNORE INTO actors (code) VALUES (?1)")
        .map_err(sql)?;
    let mut find = tx
        .prepare("SELECT id FROM actors WHERE code = ?1")
        .map_err(sql)?;
    let mut set = tx
        .prepare("UPDATE actors SET country = ?2 WHERE id = ?1")
        .map_err(sql)?;
    for (id, code) in codes {
        let key = dyad_model::country_key(&code);
        let country: ActorId = if key == code {
            id
        } else {
            insert.execute([key]).map_err(sql)?;
            let country = find.query_row([key], |r| r.get(0)).map_err(sql)?;
            set.execute([country, country]).map_err(sql)?;
            country
        };
        set.execute([id, country]).map_err(sql)?;
    }
    Ok(())
}

/// Migration step: fills the monthly roll-up from the daily aggregate, one
/// month at a time (the daily rows come in day order).
pub(crate) fn rebuild_monthly(
    tx: &rusqlite::Transaction<'_>,
    path: &std::path::Path,
) -> Result<(), StoreError> {
    let sql = |e| crate::schema::sqlite_error(path, "building the monthly roll-up", e);
    let mut month_rows: HashMap<[i64; 3], (Tally, Tally)> = HashMap::new();
    let mut current_month = None;
    let flush = |rows: &mut HashMap<[i64; 3], (Tally, Tally)>| -> rusqlite::Result<()> {
        let deltas = rows.drain().map(|(k, (r, u))| (k, r, u)).collect();
        // Schema 3's roll-up, keyed by month first (schema 4 reorders it,
        // schema 5 drops its Goldstein sums).
        apply_deltas(
            tx,
            "dyad_monthly",
            "month",
            KeyOrder::PeriodFirst,
            Columns::Legacy,
            deltas,
        )
    };
    let mut stmt = tx
        .prepare(&format!(
            "SELECT day, source, target, {TALLY_COLUMNS} FROM dyad_daily ORDER BY day"
        ))
        .map_err(sql)?;
    let mut rows = stmt.query([]).map_err(sql)?;
    while let Some(row) = rows.next().map_err(sql)? {
        let read = || -> rusqlite::Result<_> {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, i64>(2)?,
                tally_at(row, 3)?,
                tally_at(row, 3 + TALLY_WIDTH)?,
            ))
        };
        let (day, source, target, raw, unique) = read().map_err(sql)?;
        let month =
            day_date(day)
                .map(month_number)
                .ok_or_else(|| StoreError::MigrationRefused {
                    path: path.to_path_buf(),
                    from: 0,
                    to: crate::SCHEMA_VERSION,
                    detail: format!("the daily aggregate has day number {day}, out of range"),
                })?;
        if current_month.is_some_and(|m| m != month) {
            flush(&mut month_rows).map_err(sql)?;
        }
        current_month = Some(month);
        let entry = month_rows.entry([month, source, target]).or_default();
        entry.0.add(&raw);
        entry.1.add(&unique);
    }
    flush(&mut month_rows).map_err(sql)?;
    Ok(())
}

/// `IN (...)` over a list of integer ids, written out (they are ids this
/// crate read, never user text).
pub(crate) fn id_list(ids: &[i64]) -> String {
    let mut list = String::with_capacity(ids.len() * 6 + 2);
    list.push('(');
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            list.push(',');
        }
        list.push_str(&id.to_string());
    }
    list.push(')');
    list
}

/// Whether a roll-up read sums actor pairs or country pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DyadLevel {
    /// Full actor codes.
    Actor,
    /// Each actor's country (`dyad_model::country_key` of its code), as an
    /// actor id whose code is that key.
    Country,
}

/// Which raw or unique tally a reader wants from a roll-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TallyKind {
    Raw,
    Unique,
}

impl Store {
    /// Every actor code the store knows, with its id.
    pub fn actor_table(&self) -> Result<ActorTable, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, code FROM actors")
            .map_err(|e| self.sql("reading actors", e))?;
        let codes = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.sql("reading actors", e))?
            .collect::<Result<HashMap<_, _>, _>>()
            .map_err(|e| self.sql("reading actors", e))?;
        Ok(ActorTable { codes })
    }

    /// Ids of the codes in `table` (`actors` or `event_codes`) that start
    /// with one of `prefixes`, sorted; `None` when `prefixes` is empty (no
    /// restriction).
    pub(crate) fn ids_with_prefixes(
        &self,
        table: &'static str,
        prefixes: &[String],
    ) -> Result<Option<Vec<i64>>, StoreError> {
        if prefixes.is_empty() {
            return Ok(None);
        }
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT id FROM {table} WHERE code >= ?1 AND code < ?2"
            ))
            .map_err(|e| self.sql("resolving code prefixes", e))?;
        let mut ids = Vec::new();
        for prefix in prefixes {
            // Every code that starts with `prefix` sorts below prefix + U+10FFFF.
            let upper = format!("{prefix}\u{10FFFF}");
            let rows = stmt
                .query_map((prefix, upper), |r| r.get::<_, i64>(0))
                .map_err(|e| self.sql("resolving code prefixes", e))?;
            for id in rows {
                ids.push(id.map_err(|e| self.sql("resolving code prefixes", e))?);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        Ok(Some(ids))
    }

    /// Every actor id (for an index seek on one side of a dyad when only the
    /// other side is restricted).
    pub(crate) fn all_actor_ids(&self) -> Result<Vec<i64>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM actors ORDER BY id")
            .map_err(|e| self.sql("reading actors", e))?;
        let ids = stmt
            .query_map([], |r| r.get(0))
            .map_err(|e| self.sql("reading actors", e))?
            .collect::<Result<Vec<i64>, _>>()
            .map_err(|e| self.sql("reading actors", e))?;
        Ok(ids)
    }

    /// The SQL conditions on `source_column` / `target_column` that select the
    /// dyads of `sources` → `targets` (and back when `both_directions`), as
    /// alternatives to OR; `None` when no actor is restricted, an empty list
    /// when no actor matches. With `seekable`, an unrestricted side of a
    /// direction is written as the list of every actor, so that an index
    /// on (source, target, ...) is searched rather than scanned.
    pub(crate) fn dyad_conditions(
        &self,
        sources: &[String],
        targets: &[String],
        both_directions: bool,
        columns: (&str, &str),
        seekable: bool,
    ) -> Result<Option<Vec<String>>, StoreError> {
        let source_ids = self.ids_with_prefixes("actors", sources)?;
        let target_ids = self.ids_with_prefixes("actors", targets)?;
        if source_ids.is_none() && target_ids.is_none() {
            return Ok(None);
        }
        let mut directions = vec![(source_ids.clone(), target_ids.clone())];
        if both_directions {
            directions.push((target_ids, source_ids));
        }
        let mut all = None;
        let mut conditions = Vec::new();
        for (from, to) in directions {
            if from.as_ref().is_some_and(|ids| ids.is_empty())
                || to.as_ref().is_some_and(|ids| ids.is_empty())
            {
                continue;
            }
            let from = match from {
                Some(ids) => Some(ids),
                None if seekable && to.is_some() => {
                    if all.is_none() {
                        all = Some(self.all_actor_ids()?);
                    }
                    all.clone()
                }
                None => None,
            };
            let mut parts = Vec::new();
            if let Some(ids) = from {
                parts.push(format!("{} IN {}", columns.0, id_list(&ids)));
            }
            if let Some(ids) = to {
                parts.push(format!("{} IN {}", columns.1, id_list(&ids)));
            }
            if !parts.is_empty() {
                conditions.push(parts.join(" AND "));
            }
        }
        Ok(Some(conditions))
    }

    /// Calls `visit` with every aggregate row that `filter` selects (a row
    /// matching both directions once), in no particular order.
    pub fn for_each_daily<E: From<StoreError>>(
        &self,
        filter: &DailyFilter,
        mut visit: impl FnMut(&DailyRow) -> Result<(), E>,
    ) -> Result<u64, E> {
        let conditions = self.dyad_conditions(
            &filter.sources,
            &filter.targets,
            filter.both_directions,
            ("source", "target"),
            true,
        )?;
        let from = filter.from.map(day_number);
        let to = filter.to.map(day_number);
        if let Some(conditions) = conditions {
            let mut visited = 0;
            self.for_each_dyad_day(
                &conditions,
                from,
                to,
                |row| -> Result<(), E> {
                    let daily = self.daily_row(row)?;
                    visit(&daily)?;
                    visited += 1;
                    Ok(())
                },
                || Ok(true),
            )?;
            return Ok(visited);
        }
        let mut clauses = Vec::new();
        if let Some(from) = from {
            clauses.push(format!("day >= {from}"));
        }
        if let Some(to) = to {
            clauses.push(format!("day <= {to}"));
        }
        let where_clause = if clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", clauses.join(" AND "))
        };
        let sql =
            format!("SELECT day, source, target, {TALLY_COLUMNS} FROM dyad_daily {where_clause}");
        let mut stmt = self
            .conn
            .prepare(&sql)
            .map_err(|e| self.sql("reading the daily aggregate", e))?;
        let mut rows = stmt
            .query([])
            .map_err(|e| self.sql("reading the daily aggregate", e))?;
        let mut visited = 0;
        while let Some(row) = rows
            .next()
            .map_err(|e| self.sql("reading the daily aggregate", e))?
        {
            let daily = self.daily_row(row)?;
            visit(&daily)?;
            visited += 1;
        }
        Ok(visited)
    }

    /// Calls `visit` with every row of the monthly roll-up of actor pairs that
    /// `filter` selects (a row matching both directions once), in no
    /// particular order. `filter.from` and `filter.to` select whole months:
    /// those from the month of `from` to the month of `to`; the row's `day` is
    /// the first of its month.
    pub fn for_each_monthly<E: From<StoreError>>(
        &self,
        filter: &DailyFilter,
        mut visit: impl FnMut(&DailyRow) -> Result<(), E>,
    ) -> Result<u64, E> {
        let conditions = self.dyad_conditions(
            &filter.sources,
            &filter.targets,
            filter.both_directions,
            ("source", "target"),
            true,
        )?;
        let mut months = Vec::new();
        if let Some(from) = filter.from {
            months.push(format!("month >= {}", month_number(from)));
        }
        if let Some(to) = filter.to {
            months.push(format!("month <= {}", month_number(to)));
        }
        let directions: Vec<Option<String>> = match conditions {
            None => vec![None],
            Some(conditions) => conditions.into_iter().map(Some).collect(),
        };
        // The roll-up and the list of months not in it, read as of one commit.
        let _snapshot = self.read_snapshot()?;
        let mut visited = 0;
        for (index, direction) in directions.iter().enumerate() {
            let mut clauses = months.clone();
            clauses.extend(direction.iter().map(|c| format!("({c})")));
            // Rows an earlier direction read are not read twice.
            for earlier in directions[..index].iter().flatten() {
                clauses.push(format!("NOT ({earlier})"));
            }
            let where_clause = if clauses.is_empty() {
                String::new()
            } else {
                format!("WHERE {}", clauses.join(" AND "))
            };
            let sql = format!(
                "SELECT month, source, target, {TALLY_COLUMNS} FROM dyad_monthly {where_clause}"
            );
            let mut stmt = self
                .conn
                .prepare(&sql)
                .map_err(|e| self.sql("reading the monthly roll-up", e))?;
            let mut rows = stmt
                .query([])
                .map_err(|e| self.sql("reading the monthly roll-up", e))?;
            while let Some(row) = rows
                .next()
                .map_err(|e| self.sql("reading the monthly roll-up", e))?
            {
                let read = || -> rusqlite::Result<(i64, ActorId, ActorId, Tally, Tally)> {
                    Ok((
                        row.get(0)?,
                        row.get(1)?,
                        row.get(2)?,
                        tally_at(row, 3)?,
                        tally_at(row, 3 + TALLY_WIDTH)?,
                    ))
                };
                let (month, source, target, raw, unique) =
                    read().map_err(|e| self.sql("reading the monthly roll-up", e))?;
                let day = self.stored_month_start(month)?;
                visit(&DailyRow {
                    source,
                    target,
                    day,
                    raw,
                    unique,
                })?;
                visited += 1;
            }
        }
        // Months not rolled up yet: their daily rows summed per pair.
        let pending =
            self.pending_months(filter.from.map(month_number), filter.to.map(month_number))?;
        for (month, (first, last)) in pending {
            let day = self.stored_month_start(month)?;
            for (index, direction) in directions.iter().enumerate() {
                let mut clauses = vec![format!("day >= {first}"), format!("day <= {last}")];
                clauses.extend(direction.iter().map(|c| format!("({c})")));
                for earlier in directions[..index].iter().flatten() {
                    clauses.push(format!("NOT ({earlier})"));
                }
                let sql = format!(
                    "SELECT source, target, {} FROM dyad_daily WHERE {} GROUP BY source, target",
                    summed_tally_columns(),
                    clauses.join(" AND ")
                );
                let mut stmt = self
                    .conn
                    .prepare(&sql)
                    .map_err(|e| self.sql("summing a month's days", e))?;
                let mut rows = stmt
                    .query([])
                    .map_err(|e| self.sql("summing a month's days", e))?;
                while let Some(row) = rows
                    .next()
                    .map_err(|e| self.sql("summing a month's days", e))?
                {
                    let read = || -> rusqlite::Result<(ActorId, ActorId, Tally, Tally)> {
                        Ok((
                            row.get(0)?,
                            row.get(1)?,
                            tally_at(row, 2)?,
                            tally_at(row, 2 + TALLY_WIDTH)?,
                        ))
                    };
                    let (source, target, raw, unique) =
                        read().map_err(|e| self.sql("summing a month's days", e))?;
                    visit(&DailyRow {
                        source,
                        target,
                        day,
                        raw,
                        unique,
                    })?;
                    visited += 1;
                }
            }
        }
        Ok(visited)
    }

    /// The first day of stored month number `month`, or an error naming it.
    fn stored_month_start(&self, month: i64) -> Result<Date, StoreError> {
        month_start(month).ok_or_else(|| StoreError::BadStoredValue {
            path: self.path.clone(),
            what: "month number",
            detail: format!("month number {month} is out of range"),
        })
    }

    /// The months not rolled up yet (`rollup_pending`, see module `rollup`)
    /// between month numbers `first` and `last` (inclusive; `None`
    /// unbounded), with their first and last day numbers, in month order.
    /// Their rows are in the daily aggregate only; readers of the roll-ups
    /// read them there, in the same snapshot as the roll-up.
    pub(crate) fn pending_months(
        &self,
        first: Option<i64>,
        last: Option<i64>,
    ) -> Result<Vec<PendingMonth>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT month FROM rollup_pending ORDER BY month")
            .map_err(|e| self.sql("reading the months not yet rolled up", e))?;
        let months = stmt
            .query_map([], |r| r.get::<_, i64>(0))
            .map_err(|e| self.sql("reading the months not yet rolled up", e))?
            .collect::<Result<Vec<i64>, _>>()
            .map_err(|e| self.sql("reading the months not yet rolled up", e))?;
        months
            .into_iter()
            .filter(|m| first.is_none_or(|f| *m >= f) && last.is_none_or(|l| *m <= l))
            .map(|month| {
                crate::rollup::month_days(month)
                    .map(|days| (month, days))
                    .ok_or_else(|| StoreError::BadStoredValue {
                        path: self.path.clone(),
                        what: "month number",
                        detail: format!("pending month number {month} is out of range"),
                    })
            })
            .collect()
    }

    /// A read transaction, so that several statements see one commit (the
    /// roll-ups and the months not in them); `None` inside a transaction
    /// already open. Rolled back (nothing to undo) when dropped.
    pub(crate) fn read_snapshot(&self) -> Result<Option<rusqlite::Transaction<'_>>, StoreError> {
        if !self.conn.is_autocommit() {
            return Ok(None);
        }
        self.conn
            .unchecked_transaction()
            .map(Some)
            .map_err(|e| self.sql("starting a read", e))
    }

    /// Calls `visit` with the daily rows (`day, source, target, tallies...`)
    /// of the actor pairs that `conditions` select (SQL on `source` and
    /// `target`, alternatives), between day numbers `from` and `to`, in day
    /// order of months. The pairs of each month come from the monthly roll-up's
    /// primary key (pair, then month); each of their days is then one seek in the daily
    /// aggregate. After each month `month_done` says whether to go on.
    pub(crate) fn for_each_dyad_day<E: From<StoreError>>(
        &self,
        conditions: &[String],
        from: Option<i64>,
        to: Option<i64>,
        mut visit: impl FnMut(&Row<'_>) -> Result<(), E>,
        mut month_done: impl FnMut() -> Result<bool, E>,
    ) -> Result<(), E> {
        let month_of = |day: i64| day_date(day).map(month_number);
        let first_month = from.and_then(month_of);
        let last_month = to.and_then(month_of);
        let _snapshot = self.read_snapshot()?;
        let mut pairs: Vec<[i64; 3]> = Vec::new();
        for condition in conditions {
            let mut clauses = vec![format!("({condition})")];
            if let Some(first) = first_month {
                clauses.push(format!("month >= {first}"));
            }
            if let Some(last) = last_month {
                clauses.push(format!("month <= {last}"));
            }
            let sql = format!(
                "SELECT month, source, target FROM dyad_monthly WHERE {}",
                clauses.join(" AND ")
            );
            let mut stmt = self
                .conn
                .prepare(&sql)
                .map_err(|e| self.sql("finding a dyad's months", e))?;
            let rows = stmt
                .query_map([], |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?]))
                .map_err(|e| self.sql("finding a dyad's months", e))?;
            for pair in rows {
                pairs.push(pair.map_err(|e| self.sql("finding a dyad's months", e))?);
            }
        }
        // Months not rolled up yet: their pairs from the daily aggregate.
        for (month, (first, last)) in self.pending_months(first_month, last_month)? {
            for condition in conditions {
                let sql = format!(
                    "SELECT DISTINCT source, target FROM dyad_daily
                     WHERE day >= {first} AND day <= {last} AND ({condition})"
                );
                let mut stmt = self
                    .conn
                    .prepare(&sql)
                    .map_err(|e| self.sql("finding a dyad's months", e))?;
                let rows = stmt
                    .query_map([], |r| Ok([month, r.get(0)?, r.get(1)?]))
                    .map_err(|e| self.sql("finding a dyad's months", e))?;
                for pair in rows {
                    pairs.push(pair.map_err(|e| self.sql("finding a dyad's months", e))?);
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        let mut start = 0;
        while start < pairs.len() {
            let month = pairs[start][0];
            let mut end = start;
            while end < pairs.len() && pairs[end][0] == month {
                end += 1;
            }
            let (Some(first), Some(next)) = (month_start(month), month_start(month + 1)) else {
                start = end;
                continue;
            };
            let low = day_number(first).max(from.unwrap_or(i64::MIN));
            let high = (day_number(next) - 1).min(to.unwrap_or(i64::MAX));
            for chunk in pairs[start..end].chunks(500) {
                let values = chunk
                    .iter()
                    .map(|[_, s, t]| format!("({s},{t})"))
                    .collect::<Vec<_>>()
                    .join(",");
                let sql = format!(
                    "WITH RECURSIVE days(d) AS (SELECT {low} UNION ALL SELECT d + 1 FROM days WHERE d < {high}),
                          pairs(s, t) AS (VALUES {values})
                     SELECT x.day, x.source, x.target, {TALLY_COLUMNS}
                     FROM days CROSS JOIN pairs CROSS JOIN dyad_daily x
                         ON x.day = days.d AND x.source = pairs.s AND x.target = pairs.t"
                );
                let mut stmt = self
                    .conn
                    .prepare(&sql)
                    .map_err(|e| self.sql("reading a dyad's days", e))?;
                let mut rows = stmt
                    .query([])
                    .map_err(|e| self.sql("reading a dyad's days", e))?;
                while let Some(row) = rows
                    .next()
                    .map_err(|e| self.sql("reading a dyad's days", e))?
                {
                    visit(row)?;
                }
            }
            start = end;
            if !month_done()? {
                break;
            }
        }
        Ok(())
    }

    fn daily_row(&self, row: &Row<'_>) -> Result<DailyRow, StoreError> {
        let read = || -> rusqlite::Result<(i64, ActorId, ActorId, Tally, Tally)> {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                tally_at(row, 3)?,
                tally_at(row, 3 + TALLY_WIDTH)?,
            ))
        };
        let (day, source, target, raw, unique) =
            read().map_err(|e| self.sql("reading the daily aggregate", e))?;
        let day = self.stored_day(day)?;
        Ok(DailyRow {
            source,
            target,
            day,
            raw,
            unique,
        })
    }

    /// The date of a stored day number.
    pub(crate) fn stored_day(&self, day: i64) -> Result<Date, StoreError> {
        day_date(day).ok_or_else(|| StoreError::BadStoredValue {
            path: self.path.clone(),
            what: "day number",
            detail: format!("day number {day} is out of range"),
        })
    }

    /// Every actor's country, as actor ids (see [`DyadLevel::Country`]).
    pub fn actor_countries(&self) -> Result<HashMap<ActorId, ActorId>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, country FROM actors WHERE country IS NOT NULL")
            .map_err(|e| self.sql("reading actor countries", e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.sql("reading actor countries", e))?;
        rows.collect::<Result<_, _>>()
            .map_err(|e| self.sql("reading actor countries", e))
    }

    /// Calls `visit(source, target, tally)` with partial sums that add up,
    /// per directed pair of actors (or of countries, by `level`), to the
    /// pair's tally (raw or deduplicated) between `from` and `to` (inclusive;
    /// `None` unbounded). A pair may be visited several times; the visitor adds.
    ///
    /// Whole months come from a monthly roll-up (`dyad_monthly` or
    /// `country_monthly`) and only the days of the partial months at either end
    /// from the daily aggregate, so the rows read grow with the months of the
    /// window, not its days (and, for countries, not with the actors).
    pub fn for_each_dyad_tally<E: From<StoreError>>(
        &self,
        from: Option<Date>,
        to: Option<Date>,
        level: DyadLevel,
        kind: TallyKind,
        mut visit: impl FnMut(ActorId, ActorId, &Tally) -> Result<(), E>,
    ) -> Result<u64, E> {
        if let (Some(from), Some(to)) = (from, to)
            && from > to
        {
            return Ok(0);
        }
        // The first and last whole months inside the window.
        let first_month = from.map(|d| {
            if d.day() == 1 {
                month_number(d)
            } else {
                month_number(d) + 1
            }
        });
        let last_month = to.map(|d| {
            if d.succ_opt().is_none_or(|next| next.month() != d.month()) {
                month_number(d)
            } else {
                month_number(d) - 1
            }
        });
        let whole_months = match (first_month, last_month) {
            (Some(a), Some(b)) => a <= b,
            _ => true,
        };
        let columns = match kind {
            TallyKind::Raw => RAW_COLUMNS,
            TallyKind::Unique => UNIQUE_COLUMNS,
        };
        let monthly = match level {
            DyadLevel::Actor => "dyad_monthly",
            DyadLevel::Country => "country_monthly",
        };
        // (table, period column, lower bound, upper bound)
        let mut reads: Vec<(&str, &str, Option<i64>, Option<i64>)> = Vec::new();
        let _snapshot = self.read_snapshot()?;
        if whole_months {
            reads.push((monthly, "month", first_month, last_month));
            // Whole months not rolled up yet come from their days.
            for (_, (first, last)) in self.pending_months(first_month, last_month)? {
                reads.push(("dyad_daily", "day", Some(first), Some(last)));
            }
            if let (Some(from), Some(first)) = (from, first_month) {
                let edge = month_start(first).map(|d| day_number(d) - 1);
                if let Some(edge) = edge.filter(|edge| *edge >= day_number(from)) {
                    reads.push(("dyad_daily", "day", Some(day_number(from)), Some(edge)));
                }
            }
            if let (Some(to), Some(last)) = (to, last_month) {
                let edge = month_start(last + 1).map(day_number);
                if let Some(edge) = edge.filter(|edge| *edge <= day_number(to)) {
                    reads.push(("dyad_daily", "day", Some(edge), Some(day_number(to))));
                }
            }
        } else {
            reads.push((
                "dyad_daily",
                "day",
                from.map(day_number),
                to.map(day_number),
            ));
        }
        let countries = match level {
            DyadLevel::Country if reads.iter().any(|r| r.0 == "dyad_daily") => {
                Some(self.actor_countries()?)
            }
            _ => None,
        };
        let mut visited = 0;
        for (table, period, low, high) in reads {
            let mut clauses = Vec::new();
            if let Some(low) = low {
                clauses.push(format!("{period} >= {low}"));
            }
            if let Some(high) = high {
                clauses.push(format!("{period} <= {high}"));
            }
            let where_clause = if clauses.is_empty() {
                String::new()
            } else {
                format!("WHERE {}", clauses.join(" AND "))
            };
            let sql = format!("SELECT source, target, {columns} FROM {table} {where_clause}");
            let mut stmt = self
                .conn
                .prepare(&sql)
                .map_err(|e| self.sql("reading the aggregate", e))?;
            let mut rows = stmt
                .query([])
                .map_err(|e| self.sql("reading the aggregate", e))?;
            let daily_countries = countries.as_ref().filter(|_| table == "dyad_daily");
            while let Some(row) = rows
                .next()
                .map_err(|e| self.sql("reading the aggregate", e))?
            {
                let read = || -> rusqlite::Result<(ActorId, ActorId, Tally)> {
                    Ok((row.get(0)?, row.get(1)?, tally_at(row, 2)?))
                };
                let (mut source, mut target, tally) =
                    read().map_err(|e| self.sql("reading the aggregate", e))?;
                if let Some(countries) = daily_countries {
                    let country = |actor: ActorId| {
                        countries
                            .get(&actor)
                            .copied()
                            .ok_or_else(|| StoreError::BadStoredValue {
                                path: self.path.clone(),
                                what: "actor country",
                                detail: format!("actor id {actor} has no country"),
                            })
                    };
                    source = country(source)?;
                    target = country(target)?;
                }
                visit(source, target, &tally)?;
                visited += 1;
            }
        }
        Ok(visited)
    }

    /// The aggregate as it should be, recomputed from the raw events:
    /// (source code, target code, day) → (raw, unique).
    pub fn recompute_daily(&self) -> Result<RecomputedDaily, StoreError> {
        let actors = self.actor_table()?;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT day, source, target, code, quad_class, goldstein FROM events
                 WHERE day IS NOT NULL ORDER BY id",
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
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, i64>(2)?,
                    row.get::<_, i64>(3)?,
                    row.get::<_, Option<u8>>(4)?,
                    row.get::<_, Option<f64>>(5)?,
                ))
            };
            let (day, source, target, code, quad, goldstein) =
                read().map_err(|e| self.sql("recomputing the aggregate", e))?;
            let date = self.stored_day(day)?;
            let code_of = |id: ActorId| -> Result<String, StoreError> {
                actors
                    .code(id)
                    .map(str::to_string)
                    .ok_or_else(|| StoreError::BadStoredValue {
                        path: self.path.clone(),
                        what: "actor",
                        detail: format!("actor id {id} is not in the actors table"),
                    })
            };
            let quad = quad.and_then(|q| QuadClass::try_from(q).ok());
            let tally = Tally::of_event(quad, goldstein);
            let first_report = seen_reports.insert((day, source, target, code));
            let entry = expected
                .entry((code_of(source)?, code_of(target)?, date))
                .or_default();
            entry.0.add(&tally);
            if first_report {
                entry.1.add(&tally);
            }
        }
        Ok(expected)
    }

    /// Compares the stored aggregate with [`Store::recompute_daily`], and the
    /// monthly roll-ups with the daily aggregate summed per month (and per
    /// country pair); returns one line per difference (empty when they agree).
    pub fn aggregate_differences(&self) -> Result<Vec<String>, StoreError> {
        let _snapshot = self.read_snapshot()?;
        let mut expected = self.recompute_daily()?;
        let actors = self.actor_table()?;
        let mut differences = Vec::new();
        let mut months: HashMap<(i64, ActorId, ActorId), (Tally, Tally)> = HashMap::new();
        self.for_each_daily(&DailyFilter::default(), |row| -> Result<(), StoreError> {
            let month = months
                .entry((month_number(row.day), row.source, row.target))
                .or_default();
            month.0.add(&row.raw);
            month.1.add(&row.unique);
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
        let countries = self.actor_countries()?;
        let mut country_months: HashMap<(i64, ActorId, ActorId), (Tally, Tally)> = HashMap::new();
        for ((month, source, target), (raw, unique)) in &months {
            let (Some(source), Some(target)) = (countries.get(source), countries.get(target))
            else {
                differences.push(format!(
                    "month {month}: actor {source} or {target} has no country"
                ));
                continue;
            };
            let entry = country_months
                .entry((*month, *source, *target))
                .or_default();
            entry.0.add(raw);
            entry.1.add(unique);
        }
        let rollups = [
            (
                "dyad_monthly",
                "month",
                "reading the monthly roll-up",
                months,
            ),
            (
                "country_monthly",
                "country month",
                "reading the country roll-up",
                country_months,
            ),
        ];
        for (table, label, reading, sums) in rollups {
            self.compare_rollup(table, label, reading, sums, &mut differences)?;
        }
        differences.sort();
        Ok(differences)
    }

    /// Compares the monthly roll-up `table` with the sums `expected` (by
    /// month, source, target) and adds a line per difference, each starting
    /// with `label`; `reading` names the step in SQL errors.
    fn compare_rollup(
        &self,
        table: &str,
        label: &str,
        reading: &'static str,
        mut expected: HashMap<(i64, ActorId, ActorId), (Tally, Tally)>,
        differences: &mut Vec<String>,
    ) -> Result<(), StoreError> {
        // Months not rolled up yet must have no roll-up rows at all.
        let pending: std::collections::HashSet<i64> = self
            .pending_months(None, None)?
            .into_iter()
            .map(|(month, _)| month)
            .collect();
        expected.retain(|(month, _, _), _| !pending.contains(month));
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT month, source, target, {TALLY_COLUMNS} FROM {table}"
            ))
            .map_err(|e| self.sql(reading, e))?;
        let mut rows = stmt.query([]).map_err(|e| self.sql(reading, e))?;
        while let Some(row) = rows.next().map_err(|e| self.sql(reading, e))? {
            let read = || -> rusqlite::Result<_> {
                Ok((
                    (row.get(0)?, row.get(1)?, row.get(2)?),
                    tally_at(row, 3)?,
                    tally_at(row, 3 + TALLY_WIDTH)?,
                ))
            };
            let (key, raw, unique) = read().map_err(|e| self.sql(reading, e))?;
            if pending.contains(&key.0) {
                differences.push(format!(
                    "{label} {key:?}: {raw:?} in a month listed as not rolled up"
                ));
                continue;
            }
            match expected.remove(&key) {
                Some(sums) if sums == (raw, unique) => {}
                Some(sums) => differences.push(format!(
                    "{label} {key:?}: roll-up {raw:?} {unique:?}, daily sum {:?} {:?}",
                    sums.0, sums.1
                )),
                None => differences.push(format!("{label} {key:?}: {raw:?} has no daily rows")),
            }
        }
        for (key, (raw, _)) in expected {
            differences.push(format!("{label} {key:?}: {raw:?} missing from the roll-up"));
        }
        Ok(())
    }

    pub(crate) fn parse_stored_date(&self, text: &str) -> Result<Date, StoreError> {
        Date::parse_from_str(text, "%Y-%m-%d").map_err(|e| StoreError::BadStoredValue {
            path: self.path.clone(),
            what: "document date",
            detail: format!("{text:?}: {e}"),
        })
    }
}
