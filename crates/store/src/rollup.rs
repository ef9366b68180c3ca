//! Monthly roll-ups written once a month stops changing, not at every batch.
//!
//! Ingest keeps the daily aggregate in step at every batch, but a month's rows
//! in the monthly roll-ups (`dyad_monthly`, `country_monthly`) would be
//! rewritten by every batch that adds to the month (at 10M events a batch
//! covers five or six days, so each roll-up row of a month is upserted by
//! several batches). Instead, a month that ingest starts to write (one with no
//! daily rows yet) becomes *pending*: it is listed in the table
//! `rollup_pending`, has no roll-up rows at all, and its sums are accumulated
//! in memory. Once a batch no longer adds to it (or more than
//! [`MAX_PENDING_MONTHS`] are pending, or the store is closed), its roll-up
//! rows are written in one go and it leaves the table, in the transaction of
//! that batch.
//!
//! Readers of the roll-ups take the months listed in `rollup_pending` from the
//! daily aggregate instead, so every commit shows the same sums as if the
//! roll-ups had been written at every batch. The in-memory sums are only a
//! shortcut: a pending month whose sums this process did not accumulate from
//! the start (left by a process that was killed, written to by another
//! connection, or after a failed batch) is rolled up from its daily rows
//! instead, which are always complete.

use crate::aggregate::{ActorId, Tally, apply_rollup_deltas, day_number, month_start};
use crate::ingest::IdMap;
use rusqlite::Transaction;
use std::collections::BTreeMap;

/// At most this many months are pending at once; a month that would be one
/// more has its roll-up rows upserted at every batch as before. Publication
/// order keeps two or three months open (late reports reach a week back); a
/// backfill in random day order touches every month in every batch and gains
/// nothing from more.
pub(crate) const MAX_PENDING_MONTHS: usize = 4;

/// Sums of one roll-up, keyed by (source, target): raw and deduplicated.
type PairSums = IdMap<[i64; 2], (Tally, Tally)>;

/// The sums accumulated for a pending month since it became pending.
#[derive(Default)]
struct MonthSums {
    /// Actor pairs (`dyad_monthly`).
    pairs: PairSums,
    /// Country pairs (`country_monthly`).
    countries: PairSums,
}

/// One pending month as this process knows it.
struct PendingMonth {
    /// Its sums, when this process accumulated every change since the month
    /// became pending; `None`: roll it up from the daily aggregate.
    sums: Option<MonthSums>,
    /// Whether the current batch added to or removed from it.
    touched: bool,
}

/// The pending months of a store being ingested into.
#[derive(Default)]
pub(crate) struct PendingRollups {
    /// Whether `months` mirrors `rollup_pending` (false until the first batch
    /// reads it, and again after a batch that did not commit).
    synced: bool,
    /// A batch started and has not yet committed.
    in_batch: bool,
    /// `PRAGMA data_version` at the start of the last batch: it changes when
    /// another connection commits, whose changes the sums in memory lack.
    data_version: i64,
    months: BTreeMap<i64, PendingMonth>,
}

/// One aggregate's rows to change: (period, source, target) key, raw and
/// deduplicated differences.
pub(crate) type AggregateRows = Vec<([i64; 3], Tally, Tally)>;

impl PendingRollups {
    /// Called in a batch's transaction before anything is written: makes the
    /// months in memory those of `rollup_pending`, keeping the accumulated
    /// sums only when nothing else wrote since this process's last batch.
    pub(crate) fn begin(&mut self, tx: &Transaction<'_>) -> rusqlite::Result<()> {
        let version: i64 = tx.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        if self.in_batch || !self.synced || version != self.data_version {
            self.months.clear();
            let mut stmt = tx.prepare_cached("SELECT month FROM rollup_pending")?;
            let months = stmt.query_map([], |r| r.get::<_, i64>(0))?;
            for month in months {
                self.months.insert(
                    month?,
                    PendingMonth {
                        sums: None,
                        touched: false,
                    },
                );
            }
            self.synced = true;
        }
        self.data_version = version;
        self.in_batch = true;
        for month in self.months.values_mut() {
            month.touched = false;
        }
        Ok(())
    }

    /// Called after the batch committed.
    pub(crate) fn committed(&mut self) {
        self.in_batch = false;
    }

    /// Whether any month is pending (as of the last batch).
    pub(crate) fn any(&self) -> bool {
        !self.months.is_empty()
    }

    /// Routes a segment's roll-up differences: those of pending months (and
    /// of months that become pending now, having no daily rows yet) are added
    /// to the sums in memory; the rest are returned to be upserted. Runs
    /// before the segment's daily differences are written.
    pub(crate) fn route(
        &mut self,
        tx: &Transaction<'_>,
        monthly: AggregateRows,
        countries: AggregateRows,
    ) -> rusqlite::Result<(AggregateRows, AggregateRows)> {
        let mut months: Vec<i64> = monthly.iter().map(|([month, _, _], _, _)| *month).collect();
        months.sort_unstable();
        months.dedup();
        let mut has_days = tx.prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM dyad_daily WHERE day BETWEEN ?1 AND ?2)",
        )?;
        let mut add_pending =
            tx.prepare_cached("INSERT INTO rollup_pending (month) VALUES (?1)")?;
        // Newest months first: in publication order they are the ones still growing.
        for month in months.into_iter().rev() {
            if let Some(pending) = self.months.get_mut(&month) {
                pending.touched = true;
                continue;
            }
            if self.months.len() >= MAX_PENDING_MONTHS {
                continue;
            }
            let Some((first, last)) = month_days(month) else {
                continue;
            };
            if has_days.query_row([first, last], |r| r.get::<_, bool>(0))? {
                continue;
            }
            add_pending.execute([month])?;
            self.months.insert(
                month,
                PendingMonth {
                    sums: Some(MonthSums::default()),
                    touched: true,
                },
            );
        }
        let mut split = |rows: AggregateRows, pick: fn(&mut MonthSums) -> &mut PairSums| {
            let mut direct = Vec::with_capacity(rows.len());
            for (key @ [month, source, target], raw, unique) in rows {
                match self.months.get_mut(&month) {
                    Some(pending) => {
                        if let Some(sums) = pending.sums.as_mut() {
                            let entry = pick(sums).entry([source, target]).or_default();
                            entry.0.add(&raw);
                            entry.1.add(&unique);
                        }
                    }
                    None => direct.push((key, raw, unique)),
                }
            }
            direct
        };
        let monthly = split(monthly, |sums| &mut sums.pairs);
        let countries = split(countries, |sums| &mut sums.countries);
        Ok((monthly, countries))
    }

    /// Writes the roll-up rows of the pending months the batch did not touch
    /// (all of them when `all`), in the batch's transaction, and forgets them.
    /// `country` gives an actor's country for months rolled up from daily rows.
    pub(crate) fn flush(
        &mut self,
        tx: &Transaction<'_>,
        all: bool,
        country: impl Fn(ActorId) -> Option<ActorId>,
    ) -> rusqlite::Result<()> {
        let done: Vec<i64> = self
            .months
            .iter()
            .filter(|(_, pending)| all || !pending.touched)
            .map(|(month, _)| *month)
            .collect();
        if done.is_empty() {
            return Ok(());
        }
        let mut monthly: AggregateRows = Vec::new();
        let mut countries: AggregateRows = Vec::new();
        let mut remove = tx.prepare_cached("DELETE FROM rollup_pending WHERE month = ?1")?;
        for month in done {
            let Some(pending) = self.months.remove(&month) else {
                continue;
            };
            let sums = match pending.sums {
                Some(sums) => sums,
                None => month_from_daily(tx, month, &country)?,
            };
            // A pair whose events all went again has no roll-up row, as
            // upserting would have deleted it.
            let rows = |sums: PairSums, out: &mut AggregateRows| {
                out.extend(
                    sums.into_iter()
                        .filter(|(_, (raw, _))| raw.events != 0)
                        .map(|([source, target], (raw, unique))| {
                            ([month, source, target], raw, unique)
                        }),
                );
            };
            rows(sums.pairs, &mut monthly);
            rows(sums.countries, &mut countries);
            remove.execute([month])?;
        }
        apply_rollup_deltas(tx, monthly, countries)
    }
}

/// The first and last day numbers of a month number.
pub(crate) fn month_days(month: i64) -> Option<(i64, i64)> {
    let first = day_number(month_start(month)?);
    let next = day_number(month_start(month.checked_add(1)?)?);
    Some((first, next - 1))
}

/// A month's roll-up sums from its daily rows.
fn month_from_daily(
    tx: &Transaction<'_>,
    month: i64,
    country: impl Fn(ActorId) -> Option<ActorId>,
) -> rusqlite::Result<MonthSums> {
    let mut sums = MonthSums::default();
    let Some((first, last)) = month_days(month) else {
        return Ok(sums);
    };
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT source, target, {} FROM dyad_daily WHERE day BETWEEN ?1 AND ?2",
        crate::aggregate::TALLY_COLUMNS
    ))?;
    let mut rows = stmt.query([first, last])?;
    while let Some(row) = rows.next()? {
        let (source, target): (ActorId, ActorId) = (row.get(0)?, row.get(1)?);
        let raw = crate::aggregate::tally_at(row, 2)?;
        let unique = crate::aggregate::tally_at(row, 2 + crate::aggregate::TALLY_WIDTH)?;
        let entry = sums.pairs.entry([source, target]).or_default();
        entry.0.add(&raw);
        entry.1.add(&unique);
        if let (Some(source), Some(target)) = (country(source), country(target)) {
            let entry = sums.countries.entry([source, target]).or_default();
            entry.0.add(&raw);
            entry.1.add(&unique);
        }
    }
    Ok(sums)
}
