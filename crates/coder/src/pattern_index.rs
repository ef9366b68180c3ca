//! Which verb patterns could match a sentence. Every literal word of a
//! pattern must match some token, and a token matches a pattern word only if
//! it begins with it (exactly, as a stem, or with an ending). So each pattern
//! is indexed under its longest literal word, or, lacking one, under the
//! first words of every member of a synset or alternative it needs; a
//! sentence tries only the patterns one of whose index words begins one of
//! its tokens (plus the few patterns made only of actor slots). With the
//! Phoenix dictionaries, where one verb carries thousands of patterns, this
//! skips nearly all of them.

use dyad_dict::{Dictionaries, PatElem, Pattern};
use rustc_hash::FxHashMap;

/// The anchor word of every verb pattern.
#[derive(Debug, Clone, Default)]
pub struct PatternIndex {
    /// Global id of pattern 0 of each verb set.
    offsets: Vec<u32>,
    /// Anchor word → global pattern ids.
    anchors: FxHashMap<Box<str>, Vec<u32>>,
    /// Patterns with no literal word: always tried.
    unanchored: Vec<u32>,
    /// Byte length of the longest anchor.
    longest: usize,
    total: usize,
}

/// The patterns a sentence may match: one bit per global pattern id.
#[derive(Debug, Clone, Default)]
pub struct PatternFilter {
    bits: Vec<u64>,
}

impl PatternIndex {
    pub fn build(d: &Dictionaries) -> PatternIndex {
        let mut idx = PatternIndex::default();
        let mut next = 0u32;
        for set in &d.verb_sets {
            idx.offsets.push(next);
            for pat in &set.patterns {
                match anchor(d, pat) {
                    Some(words) => {
                        for word in words {
                            idx.longest = idx.longest.max(word.len());
                            let ids = idx.anchors.entry(word.into()).or_default();
                            if ids.last() != Some(&next) {
                                ids.push(next);
                            }
                        }
                    }
                    None => idx.unanchored.push(next),
                }
                next += 1;
            }
        }
        idx.total = next as usize;
        idx
    }

    /// The filter for a sentence with these token words.
    pub fn filter<'a>(&self, words: impl Iterator<Item = &'a str>) -> PatternFilter {
        let mut bits = vec![0u64; self.total.div_ceil(64)];
        let mut set = |id: u32| bits[id as usize / 64] |= 1 << (id % 64);
        for &id in &self.unanchored {
            set(id);
        }
        for word in words {
            for (i, c) in word.char_indices() {
                let end = i + c.len_utf8();
                if end > self.longest {
                    break;
                }
                if let Some(ids) = self.anchors.get(&word[..end]) {
                    for &id in ids {
                        set(id);
                    }
                }
            }
        }
        PatternFilter { bits }
    }

    /// Global id of pattern `j` of verb set `set`.
    pub fn id(&self, set: u32, j: usize) -> usize {
        self.offsets.get(set as usize).map_or(0, |&o| o as usize) + j
    }
}

impl PatternFilter {
    /// False when the pattern cannot match the sentence.
    pub fn may_match(&self, id: usize) -> bool {
        // a filter built for no sentence (or another index) lets everything through
        self.bits
            .get(id / 64)
            .is_none_or(|w| w & (1 << (id % 64)) != 0)
    }
}

/// Words one of which every match of the pattern needs: its longest literal
/// word, or else the first words of the members of its first synset or
/// alternative whose members all start with a literal word.
fn anchor<'d>(d: &'d Dictionaries, pat: &'d Pattern) -> Option<Vec<&'d str>> {
    let elems = || pat.before.iter().chain(pat.after.iter());
    let longest = elems()
        .filter_map(|e| match e {
            PatElem::Word(w) if !w.text.is_empty() => Some(w.text.as_ref()),
            _ => None,
        })
        .max_by_key(|w| w.len());
    if let Some(w) = longest {
        return Some(vec![w]);
    }
    elems().find_map(|e| {
        let options: &[Vec<PatElem>] = match e {
            PatElem::Synset { id, .. } => d.synset_members(*id),
            PatElem::Alternatives { options, .. } => options,
            _ => return None,
        };
        let words: Option<Vec<&str>> = options
            .iter()
            .map(|o| match o.first() {
                Some(PatElem::Word(w)) if !w.text.is_empty() => Some(w.text.as_ref()),
                _ => None,
            })
            .collect();
        words.filter(|w| !w.is_empty())
    })
}
