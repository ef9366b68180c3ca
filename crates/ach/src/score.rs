//! Scoring a board: inconsistency, weighted inconsistency and consistency per
//! hypothesis, ranks, the leader and its margin, each item's diagnosticity,
//! and the linchpins (items whose removal changes the leader).
//!
//! Weighted inconsistency is a sum of terms `w(credibility)·w(relevance)·p`
//! with weights `1/√2`, `1` and `√2`, so every sum has the form `(a + b·√2)/2`
//! for whole numbers `a` and `b`. Sums are kept in that form ([`ExactSum`]) and
//! compared exactly, so two hypotheses whose weighted inconsistencies are
//! mathematically equal always tie (in floating point, `√2·(1/√2)` is not
//! exactly `1`). Floating point is used only for the numbers reported.
//!
//! Ranking: lower weighted inconsistency first; ties broken by lower
//! inconsistency, then by higher consistency. Hypotheses still equal share a
//! rank (competition ranking: 1, 1, 3). The leader is the hypothesis ranked 1
//! when it is alone there; when several share rank 1 there is no leader. The
//! margin is the second-best weighted inconsistency minus the best (0 when the
//! top two tie on it); it is absent with fewer than two hypotheses.

use crate::board::{Board, Evidence, Level};
use serde::Serialize;
use std::cmp::Ordering;

/// A sum of weighted inconsistency points kept exactly as
/// `(halves + root2_halves·√2) / 2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct ExactSum {
    halves: i64,
    root2_halves: i64,
}

impl ExactSum {
    pub const ZERO: ExactSum = ExactSum {
        halves: 0,
        root2_halves: 0,
    };

    /// `w(credibility)·w(relevance)`: with `w = √2^k`, the product is
    /// `√2^(k₁+k₂)`, one of ½, 1/√2, 1, √2 and 2.
    pub fn weight(credibility: Level, relevance: Level) -> ExactSum {
        let (halves, root2_halves) =
            match credibility.weight_exponent() + relevance.weight_exponent() {
                -2 => (1, 0),
                -1 => (0, 1),
                0 => (2, 0),
                1 => (0, 2),
                _ => (4, 0),
            };
        ExactSum {
            halves,
            root2_halves,
        }
    }

    /// This sum multiplied by a whole number of points.
    pub fn times(self, points: u64) -> ExactSum {
        let points = i64::try_from(points).unwrap_or(i64::MAX);
        ExactSum {
            halves: self.halves.saturating_mul(points),
            root2_halves: self.root2_halves.saturating_mul(points),
        }
    }

    pub fn plus(self, other: ExactSum) -> ExactSum {
        ExactSum {
            halves: self.halves.saturating_add(other.halves),
            root2_halves: self.root2_halves.saturating_add(other.root2_halves),
        }
    }

    pub fn minus(self, other: ExactSum) -> ExactSum {
        ExactSum {
            halves: self.halves.saturating_sub(other.halves),
            root2_halves: self.root2_halves.saturating_sub(other.root2_halves),
        }
    }

    /// The sum as a floating-point number.
    pub fn value(self) -> f64 {
        (self.halves as f64 + self.root2_halves as f64 * std::f64::consts::SQRT_2) / 2.0
    }
}

impl Ord for ExactSum {
    /// Compares `a₁ + b₁√2` with `a₂ + b₂√2` exactly: the sign of
    /// `(a₁−a₂) − (b₂−b₁)√2`, decided by comparing squares when both parts
    /// have the same sign.
    fn cmp(&self, other: &ExactSum) -> Ordering {
        let rational = i128::from(self.halves) - i128::from(other.halves);
        let irrational = i128::from(other.root2_halves) - i128::from(self.root2_halves);
        // self − other = rational − irrational·√2
        match (rational.signum(), irrational.signum()) {
            (0, 0) => Ordering::Equal,
            (r, i) if r >= 0 && i <= 0 => Ordering::Greater,
            (r, i) if r <= 0 && i >= 0 => Ordering::Less,
            (r, _) => {
                // Both positive or both negative: compare rational² with 2·irrational².
                let rational_squared = rational.saturating_mul(rational);
                let irrational_squared = irrational.saturating_mul(irrational).saturating_mul(2);
                let by_size = rational_squared.cmp(&irrational_squared);
                if r > 0 { by_size } else { by_size.reverse() }
            }
        }
    }
}

impl PartialOrd for ExactSum {
    fn partial_cmp(&self, other: &ExactSum) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// One hypothesis's totals over a set of evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    pub inconsistency: u64,
    pub weighted_inconsistency: ExactSum,
    pub consistency: u64,
}

impl Tally {
    /// What one item adds to a hypothesis's totals, taking the item's
    /// credibility as `credibility`.
    pub fn of_item(item: &Evidence, hypothesis_id: &str, credibility: Level) -> Tally {
        let rating = item.ratings.effective(hypothesis_id);
        let points = rating.inconsistency_points();
        Tally {
            inconsistency: points,
            weighted_inconsistency: ExactSum::weight(credibility, item.relevance).times(points),
            consistency: rating.consistency_points(),
        }
    }

    pub fn plus(self, other: Tally) -> Tally {
        Tally {
            inconsistency: self.inconsistency.saturating_add(other.inconsistency),
            weighted_inconsistency: self
                .weighted_inconsistency
                .plus(other.weighted_inconsistency),
            consistency: self.consistency.saturating_add(other.consistency),
        }
    }

    pub fn minus(self, other: Tally) -> Tally {
        Tally {
            inconsistency: self.inconsistency.saturating_sub(other.inconsistency),
            weighted_inconsistency: self
                .weighted_inconsistency
                .minus(other.weighted_inconsistency),
            consistency: self.consistency.saturating_sub(other.consistency),
        }
    }

    /// The ranking order: `Less` means `self` ranks better.
    pub fn rank_order(&self, other: &Tally) -> Ordering {
        self.weighted_inconsistency
            .cmp(&other.weighted_inconsistency)
            .then(self.inconsistency.cmp(&other.inconsistency))
            .then(other.consistency.cmp(&self.consistency))
    }
}

/// Each hypothesis's totals over every evidence item, in board order.
pub fn tallies(board: &Board) -> Vec<Tally> {
    board
        .hypotheses
        .iter()
        .map(|hypothesis| {
            board.evidence.iter().fold(Tally::default(), |sum, item| {
                sum.plus(Tally::of_item(item, &hypothesis.id, item.credibility))
            })
        })
        .collect()
}

/// Competition ranks (1 = best; equal tallies share a rank) for `tallies`.
pub fn ranks(tallies: &[Tally]) -> Vec<usize> {
    tallies
        .iter()
        .map(|tally| {
            1 + tallies
                .iter()
                .filter(|other| other.rank_order(tally) == Ordering::Less)
                .count()
        })
        .collect()
}

/// Who leads, given each hypothesis's tally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// Index of the sole best hypothesis; `None` with no hypotheses or a tie for first.
    pub leader: Option<usize>,
    /// Second-best weighted inconsistency minus the best; `None` with fewer
    /// than two hypotheses.
    pub margin: Option<ExactSum>,
}

/// The leader and margin for `tallies`.
pub fn standing(tallies: &[Tally]) -> Standing {
    let mut order: Vec<usize> = (0..tallies.len()).collect();
    order.sort_by(|&a, &b| match (tallies.get(a), tallies.get(b)) {
        (Some(ta), Some(tb)) => ta.rank_order(tb),
        _ => Ordering::Equal,
    });
    let best = order.first().and_then(|&i| tallies.get(i).map(|t| (i, t)));
    let second = order.get(1).and_then(|&i| tallies.get(i));
    match (best, second) {
        (None, _) => Standing {
            leader: None,
            margin: None,
        },
        (Some((index, _)), None) => Standing {
            leader: Some(index),
            margin: None,
        },
        (Some((index, best)), Some(second)) => Standing {
            leader: (best.rank_order(second) == Ordering::Less).then_some(index),
            margin: Some(
                second
                    .weighted_inconsistency
                    .minus(best.weighted_inconsistency),
            ),
        },
    }
}

/// Population standard deviation of an item's ratings across the board's
/// hypotheses, with CC 2, C 1, N and NA 0, I −1, II −2 (missing ratings are
/// N). 0 for a board with no hypotheses.
pub fn diagnosticity(board: &Board, item: &Evidence) -> f64 {
    let (count, spread) = diagnostic_spread(board, item);
    if count == 0 {
        return 0.0;
    }
    (spread as f64).sqrt() / count as f64
}

/// `(n, n·Σv² − (Σv)²)`: the variance is this spread over `n²`. Whole numbers,
/// so items compare exactly by diagnosticity.
pub fn diagnostic_spread(board: &Board, item: &Evidence) -> (u64, i128) {
    let values: Vec<i128> = board
        .hypotheses
        .iter()
        .map(|h| i128::from(item.ratings.effective(&h.id).diagnostic_value()))
        .collect();
    let n = values.len() as i128;
    let sum: i128 = values.iter().sum();
    let sum_of_squares: i128 = values.iter().map(|v| v * v).sum();
    (values.len() as u64, n * sum_of_squares - sum * sum)
}

/// The leader's index after removing the item at `removed` from the totals.
fn leader_without(board: &Board, totals: &[Tally], removed: &Evidence) -> Option<usize> {
    let reduced: Vec<Tally> = board
        .hypotheses
        .iter()
        .zip(totals)
        .map(|(h, total)| total.minus(Tally::of_item(removed, &h.id, removed.credibility)))
        .collect();
    standing(&reduced).leader
}

/// Ids of the items whose removal changes the leader (including from a
/// leader to a tie, or from a tie to a leader), in board order.
pub fn linchpins(board: &Board) -> Vec<String> {
    let totals = tallies(board);
    let leader = standing(&totals).leader;
    board
        .evidence
        .iter()
        .filter(|item| leader_without(board, &totals, item) != leader)
        .map(|item| item.id.clone())
        .collect()
}

/// One hypothesis's scores, as `dyad ach score` reports them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HypothesisScore {
    pub id: String,
    pub inconsistency: u64,
    pub weighted_inconsistency: f64,
    pub consistency: u64,
    pub rank: usize,
}

/// One evidence item's diagnosticity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvidenceScore {
    pub id: String,
    pub diagnosticity: f64,
}

/// A board's scores. Hypotheses and evidence are listed in board order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scores {
    pub hypotheses: Vec<HypothesisScore>,
    pub evidence: Vec<EvidenceScore>,
    /// The sole rank-1 hypothesis; `null` with no hypotheses or a tie for first.
    pub leader: Option<String>,
    /// Runner-up's weighted inconsistency minus the leader's; `null` with
    /// fewer than two hypotheses.
    pub margin: Option<f64>,
    pub linchpins: Vec<String>,
    /// The hypotheses sharing rank 1 when more than one does (so there is no
    /// leader); empty otherwise.
    pub tied_for_lead: Vec<String>,
}

impl Scores {
    /// The score of the hypothesis with this id.
    pub fn hypothesis(&self, id: &str) -> Option<&HypothesisScore> {
        self.hypotheses.iter().find(|h| h.id == id)
    }

    /// Hypotheses best first (board order within a shared rank).
    pub fn ranked(&self) -> Vec<&HypothesisScore> {
        let mut ranked: Vec<&HypothesisScore> = self.hypotheses.iter().collect();
        ranked.sort_by_key(|h| h.rank);
        ranked
    }
}

/// Scores every hypothesis and evidence item of `board`.
pub fn score(board: &Board) -> Scores {
    let totals = tallies(board);
    let rank_of = ranks(&totals);
    let standing = standing(&totals);
    let hypotheses: Vec<HypothesisScore> = board
        .hypotheses
        .iter()
        .zip(totals.iter().zip(&rank_of))
        .map(|(h, (tally, &rank))| HypothesisScore {
            id: h.id.clone(),
            inconsistency: tally.inconsistency,
            weighted_inconsistency: tally.weighted_inconsistency.value(),
            consistency: tally.consistency,
            rank,
        })
        .collect();
    let tied_for_lead = if standing.leader.is_none() {
        hypotheses
            .iter()
            .filter(|h| h.rank == 1)
            .map(|h| h.id.clone())
            .collect()
    } else {
        Vec::new()
    };
    Scores {
        evidence: board
            .evidence
            .iter()
            .map(|item| EvidenceScore {
                id: item.id.clone(),
                diagnosticity: diagnosticity(board, item),
            })
            .collect(),
        leader: standing
            .leader
            .and_then(|i| board.hypotheses.get(i))
            .map(|h| h.id.clone()),
        margin: standing.margin.map(ExactSum::value),
        linchpins: linchpins(board),
        tied_for_lead,
        hypotheses,
    }
}

/// The board's evidence, most diagnostic first (board order among equals).
pub fn evidence_by_diagnosticity(board: &Board) -> Vec<&Evidence> {
    let mut items: Vec<(&Evidence, i128)> = board
        .evidence
        .iter()
        .map(|item| (item, diagnostic_spread(board, item).1))
        .collect();
    items.sort_by_key(|item| std::cmp::Reverse(item.1));
    items.into_iter().map(|(item, _)| item).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum(halves: i64, root2_halves: i64) -> ExactSum {
        ExactSum {
            halves,
            root2_halves,
        }
    }

    #[test]
    fn weights_are_products_of_root_two_powers() {
        use Level::*;
        assert_eq!(ExactSum::weight(Low, Low).value(), 0.5);
        assert_eq!(ExactSum::weight(Medium, Medium).value(), 1.0);
        assert_eq!(ExactSum::weight(High, High).value(), 2.0);
        assert_eq!(
            ExactSum::weight(High, Low),
            ExactSum::weight(Medium, Medium)
        );
        assert_eq!(
            ExactSum::weight(Low, High),
            ExactSum::weight(Medium, Medium)
        );
        assert!((ExactSum::weight(High, Medium).value() - std::f64::consts::SQRT_2).abs() < 1e-15);
        assert!(
            (ExactSum::weight(Low, Medium).value() - std::f64::consts::FRAC_1_SQRT_2).abs() < 1e-15
        );
        for c in Level::ALL {
            for r in Level::ALL {
                let exact = ExactSum::weight(c, r).value();
                assert!((exact - c.weight() * r.weight()).abs() < 1e-12, "{c} {r}");
            }
        }
    }

    #[test]
    fn exact_comparison_matches_real_numbers() {
        // 3 vs 2√2 (≈2.83): 3 is larger.
        assert_eq!(sum(6, 0).cmp(&sum(0, 4)), Ordering::Greater);
        // 1 vs √2/2·2 = √2: 1 is smaller.
        assert_eq!(sum(2, 0).cmp(&sum(0, 2)), Ordering::Less);
        // 1.5 + √2 vs 2 + √2/2 (2.91 vs 2.71)
        assert_eq!(sum(3, 2).cmp(&sum(4, 1)), Ordering::Greater);
        // equal forms
        assert_eq!(sum(3, 2).cmp(&sum(3, 2)), Ordering::Equal);
        // 0.5 + 1.5√2 (2.62) vs 2.5 (2.5)
        assert_eq!(sum(1, 3).cmp(&sum(5, 0)), Ordering::Greater);
        // both parts negative: 2 vs 1 + √2 (2.41)
        assert_eq!(sum(4, 0).cmp(&sum(2, 2)), Ordering::Less);
        for a in -6..6 {
            for b in -6..6 {
                for c in -6..6 {
                    for d in -6..6 {
                        let (x, y) = (sum(a, b), sum(c, d));
                        let real = x.value() - y.value();
                        let expected = if real.abs() < 1e-9 {
                            Ordering::Equal
                        } else if real > 0.0 {
                            Ordering::Greater
                        } else {
                            Ordering::Less
                        };
                        assert_eq!(x.cmp(&y), expected, "{a} {b} {c} {d}");
                    }
                }
            }
        }
    }
}
