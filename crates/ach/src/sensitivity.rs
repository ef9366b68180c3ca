//! Sensitivity of a board's conclusion to single items: what the leader and
//! margin become without each item (leave-one-out; the items that change the
//! leader are the linchpins), and what they become if each item's credibility
//! were low.

use crate::board::{Board, Level};
use crate::score::{self, ExactSum, Standing, Tally};
use serde::Serialize;

/// A leader and margin under some change to the board.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    pub leader: Option<String>,
    pub margin: Option<f64>,
    /// True when the leader differs from the board's actual leader.
    pub leader_changes: bool,
}

/// How one item moves the conclusion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemSensitivity {
    pub id: String,
    pub diagnosticity: f64,
    /// True when removing the item changes the leader.
    pub linchpin: bool,
    /// The conclusion without this item.
    pub without: Outcome,
    /// The item's credibility as written.
    pub credibility: Level,
    /// The conclusion with this item's credibility set to low (the same as the
    /// board's when it is low already).
    pub credibility_low: Outcome,
}

/// A board's conclusion and how each item moves it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sensitivity {
    pub leader: Option<String>,
    pub margin: Option<f64>,
    pub linchpins: Vec<String>,
    /// Items whose credibility dropping to low would change the leader.
    pub credibility_critical: Vec<String>,
    pub items: Vec<ItemSensitivity>,
}

fn outcome(board: &Board, standing: Standing, actual_leader: Option<usize>) -> Outcome {
    Outcome {
        leader: standing
            .leader
            .and_then(|i| board.hypotheses.get(i))
            .map(|h| h.id.clone()),
        margin: standing.margin.map(ExactSum::value),
        leader_changes: standing.leader != actual_leader,
    }
}

/// Leave-one-out and credibility-to-low what-ifs for every item of `board`.
pub fn sensitivity(board: &Board) -> Sensitivity {
    let totals = score::tallies(board);
    let actual = score::standing(&totals);
    let items: Vec<ItemSensitivity> = board
        .evidence
        .iter()
        .map(|item| {
            let adjusted = |credibility: Option<Level>| -> Standing {
                let changed: Vec<Tally> = board
                    .hypotheses
                    .iter()
                    .zip(&totals)
                    .map(|(h, total)| {
                        let without = total.minus(Tally::of_item(item, &h.id, item.credibility));
                        match credibility {
                            Some(level) => without.plus(Tally::of_item(item, &h.id, level)),
                            None => without,
                        }
                    })
                    .collect();
                score::standing(&changed)
            };
            let without = outcome(board, adjusted(None), actual.leader);
            let credibility_low = outcome(board, adjusted(Some(Level::Low)), actual.leader);
            ItemSensitivity {
                id: item.id.clone(),
                diagnosticity: score::diagnosticity(board, item),
                linchpin: without.leader_changes,
                without,
                credibility: item.credibility,
                credibility_low,
            }
        })
        .collect();
    Sensitivity {
        leader: actual
            .leader
            .and_then(|i| board.hypotheses.get(i))
            .map(|h| h.id.clone()),
        margin: actual.margin.map(ExactSum::value),
        linchpins: items
            .iter()
            .filter(|i| i.linchpin)
            .map(|i| i.id.clone())
            .collect(),
        credibility_critical: items
            .iter()
            .filter(|i| i.credibility_low.leader_changes)
            .map(|i| i.id.clone())
            .collect(),
        items,
    }
}
