//! Which verb patterns could match a sentence. Every literal word of a
//! pattern must match some token, and a token matches a pattern word only if
//! it begins with it (exactly, as a stem, or with an ending); a synset or a
//! set of alternatives needs the first word of one of its members. So each
//! pattern's needs are listed once, a sentence marks the words (and thereby
//! the groups) it contains, and only patterns whose needs are all met are
//! tried. With the Phoenix dictionaries, where one verb carries thousands of
//! patterns, this skips nearly all of them.

use dyad_dict::{Dictionaries, PatElem};
use rustc_hash::FxHashMap;

/// A need: a word id, or a group id with [`GROUP`] set.
type Need = u32;
const GROUP: u32 = 1 << 31;

/// The needs of every verb pattern.
#[derive(Debug, Clone, Default)]
pub struct PatternIndex {
    /// Global id of pattern 0 of each verb set.
    offsets: Vec<u32>,
    /// Words patterns need → word id.
    words: FxHashMap<Box<str>, u32>,
    /// Word id → its length in bytes.
    word_lens: Vec<usize>,
    /// Word id → the groups it opens a member of.
    word_groups: Vec<Vec<u32>>,
    groups: u32,
    /// By synset id: the group id of a synset used in a pattern, or
    /// [`NO_GROUP`].
    synset_groups: Vec<u32>,
    /// Pattern id → its needs, as a range of `needs`.
    pattern_needs: Vec<(u32, u32)>,
    needs: Vec<Need>,
    /// The anchored patterns of every verb set (numbers within the set),
    /// anchor by anchor: each [`SetAnchors::spans`] entry is a range of it.
    /// A pattern's anchor is its longest word, or its first group when it
    /// has no word.
    anchored: Vec<u32>,
    /// Per verb set: its anchors, their patterns and their bits, read
    /// by index instead of looked up in hash maps for every verb.
    set_anchors: Vec<SetAnchors>,
    /// Per verb set: patterns with no need, tried for every occurrence.
    unanchored: Vec<Vec<u32>>,
    /// Bit `n` set: some word is `n` bytes long (n < 64).
    lengths: u64,
    longest: usize,
    /// The members of the larger synsets by the byte their matching starts
    /// with, per synset and direction (false: rightwards, first element).
    members: FxHashMap<(u32, bool), MemberIndex>,
}

/// One verb set's anchors, laid out to be read in place by
/// [`PatternIndex::candidates`].
#[derive(Debug, Clone, Default)]
struct SetAnchors {
    /// The anchor needs, ascending.
    needs: Vec<Need>,
    /// Per anchor (same order as `needs`): its patterns, as a range of
    /// [`PatternIndex::anchored`], ascending.
    spans: Vec<(u32, u32)>,
    /// For sets with at least [`ANCHOR_BITS_MIN`] anchors: the anchors as
    /// bits ([`PatternIndex::need_bit`]), to test a sentence's needs
    /// against; empty otherwise.
    bits: Vec<u64>,
    /// Per block of `bits`: how many anchors the blocks before it hold.
    /// [`PatternIndex::need_bit`] keeps the needs' order, so an anchor's
    /// index in `needs` is its block's rank plus the bits below it.
    ranks: Vec<u32>,
}

/// The anchors of a verb set the index does not know: none.
const NO_ANCHORS: &SetAnchors = &SetAnchors {
    needs: Vec::new(),
    spans: Vec::new(),
    bits: Vec::new(),
    ranks: Vec::new(),
};

/// [`PatternIndex::synset_groups`] of a synset with no group.
const NO_GROUP: u32 = u32::MAX;

/// Verb sets with at least this many anchors get [`SetAnchors::bits`]:
/// a sentence's needs are then tested by bit, with a hash look-up only for
/// the set's own anchors. (A set with fewer anchors is looked up only when
/// the sentence has at most as many needs.) 8 rather than 64: the Phoenix
/// set's peak memory on a 600-document sample stays at 73 MB.
const ANCHOR_BITS_MIN: usize = 8;

/// Synsets with fewer members are scanned whole.
const MEMBER_INDEX_MIN: usize = 8;

/// A synset's members (by number, ascending) grouped by the first byte of
/// the word that begins them in one direction: the first element read
/// rightwards, the last read leftwards. Members that begin with something
/// other than a plain word are tried at every token.
#[derive(Debug, Clone, Default)]
pub struct MemberIndex {
    always: Vec<u32>,
    by_byte: FxHashMap<u8, Vec<u32>>,
}

impl MemberIndex {
    fn build(members: &[Vec<PatElem>], leftwards: bool) -> MemberIndex {
        let mut idx = MemberIndex::default();
        for (j, m) in members.iter().enumerate() {
            let edge = if leftwards { m.last() } else { m.first() };
            match edge {
                Some(PatElem::Word(w)) if !w.text.is_empty() => idx
                    .by_byte
                    .entry(w.text.as_bytes()[0])
                    .or_default()
                    .push(j as u32),
                _ => idx.always.push(j as u32),
            }
        }
        idx
    }

    /// The members that could begin at a token whose text starts with
    /// `first` (a word matches only text that begins with it), ascending.
    pub fn for_token(&self, first: Option<u8>) -> impl Iterator<Item = u32> + '_ {
        let by_byte = first
            .and_then(|b| self.by_byte.get(&b))
            .map_or(&[][..], |v| v.as_slice());
        merge_ascending(&self.always, by_byte)
    }
}

/// The union of two ascending lists without repeats, ascending.
fn merge_ascending<'a>(a: &'a [u32], b: &'a [u32]) -> impl Iterator<Item = u32> + 'a {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || match (a.get(i), b.get(j)) {
        (Some(&x), Some(&y)) if x <= y => {
            i += 1;
            if x == y {
                j += 1;
            }
            Some(x)
        }
        (_, Some(&y)) => {
            j += 1;
            Some(y)
        }
        (Some(&x), None) => {
            i += 1;
            Some(x)
        }
        (None, None) => None,
    })
}

/// The words and groups a sentence contains.
#[derive(Debug, Clone, Default)]
pub struct PatternFilter {
    words: Vec<u64>,
    groups: Vec<u64>,
    /// The needs present, as a list (words, then groups with [`GROUP`] set).
    present: Vec<Need>,
    /// (token, word id) for every pattern word a token begins with, by token.
    token_words: Vec<(u32, u32)>,
    /// Built when first asked for: where each token's pairs begin in
    /// `token_words` (entry `t`; one more entry ends the last token's).
    token_starts: std::cell::OnceCell<Vec<u32>>,
    active: bool,
}

impl PatternFilter {
    /// True when the sentence meets need `n` (it is in `present`).
    fn has(&self, n: Need) -> bool {
        if n & GROUP != 0 {
            test(&self.groups, n & !GROUP)
        } else {
            test(&self.words, n)
        }
    }
}

/// A sentence's filter gives its bitsets back to this thread when it is
/// dropped, its set bits cleared, and the next sentence's filter takes them:
/// with the Phoenix set the bitsets are over a kilobyte, which a new zeroed
/// allocation per sentence wrote in full.
impl Drop for PatternFilter {
    fn drop(&mut self) {
        if !self.active {
            return;
        }
        for &n in &self.present {
            if n & GROUP != 0 {
                clear(&mut self.groups, n & !GROUP);
            } else {
                clear(&mut self.words, n);
            }
        }
        let bitsets = (
            std::mem::take(&mut self.words),
            std::mem::take(&mut self.groups),
        );
        let _ = SPARE_BITSETS.try_with(|spare| {
            if let Ok(mut spare) = spare.try_borrow_mut() {
                *spare = Some(bitsets);
            }
        });
    }
}

thread_local! {
    /// The all-zero bitsets of the last filter dropped on this thread.
    static SPARE_BITSETS: std::cell::RefCell<Option<(Vec<u64>, Vec<u64>)>> =
        const { std::cell::RefCell::new(None) };
}

/// All-zero word and group bitsets of `words` and `groups` 64-bit blocks:
/// the spare ones when their sizes fit (same lexicon), new ones otherwise.
fn zeroed_bitsets(words: usize, groups: usize) -> (Vec<u64>, Vec<u64>) {
    let spare = SPARE_BITSETS
        .try_with(|spare| spare.try_borrow_mut().ok().and_then(|mut s| s.take()))
        .ok()
        .flatten();
    match spare {
        Some((w, g)) if w.len() == words && g.len() == groups => (w, g),
        _ => (vec![0; words], vec![0; groups]),
    }
}

fn clear(bits: &mut [u64], i: u32) {
    if let Some(w) = bits.get_mut(i as usize / 64) {
        *w &= !(1 << (i % 64));
    }
}

fn test(bits: &[u64], i: u32) -> bool {
    bits.get(i as usize / 64)
        .is_some_and(|w| w & (1 << (i % 64)) != 0)
}

fn set(bits: &mut [u64], i: u32) {
    if let Some(w) = bits.get_mut(i as usize / 64) {
        *w |= 1 << (i % 64);
    }
}

impl PatternIndex {
    pub fn build(d: &Dictionaries) -> PatternIndex {
        let mut idx = PatternIndex::default();
        let mut next = 0u32;
        // (verb set, anchor need) → the set's patterns anchored there
        let mut anchored: FxHashMap<(u32, Need), Vec<u32>> = FxHashMap::default();
        for (set, vs) in d.verb_sets.iter().enumerate() {
            idx.offsets.push(next);
            idx.unanchored.push(Vec::new());
            for (j, pat) in vs.patterns.iter().enumerate() {
                let start = idx.needs.len() as u32;
                let mut needs = Vec::new();
                for e in pat.before.iter().chain(pat.after.iter()) {
                    if let Some(n) = idx.need_of(d, e) {
                        needs.push(n);
                    }
                }
                let words = |n: &&Need| **n & GROUP == 0;
                let anchor = needs
                    .iter()
                    .filter(words)
                    .max_by_key(|&&n| idx.word_len(n))
                    .or_else(|| needs.first())
                    .copied();
                match anchor {
                    Some(a) => anchored.entry((set as u32, a)).or_default().push(j as u32),
                    None => idx.unanchored[set].push(j as u32),
                }
                needs.sort_unstable();
                needs.dedup();
                idx.needs.extend(needs);
                idx.pattern_needs
                    .push((start, idx.needs.len() as u32 - start));
                next += 1;
            }
        }
        let mut set_needs: Vec<Vec<Need>> = vec![Vec::new(); d.verb_sets.len()];
        for &(set, n) in anchored.keys() {
            set_needs[set as usize].push(n);
        }
        let bits = (idx.words.len() + idx.groups as usize).div_ceil(64);
        for (verb_set, mut needs) in set_needs.into_iter().enumerate() {
            needs.sort_unstable();
            let mut spans = Vec::with_capacity(needs.len());
            for &n in &needs {
                let start = idx.anchored.len() as u32;
                if let Some(js) = anchored.get(&(verb_set as u32, n)) {
                    idx.anchored.extend_from_slice(js);
                }
                spans.push((start, idx.anchored.len() as u32));
            }
            let mut anchor_bits = Vec::new();
            let mut ranks = Vec::new();
            if needs.len() >= ANCHOR_BITS_MIN {
                anchor_bits = vec![0u64; bits];
                for &n in &needs {
                    set(&mut anchor_bits, idx.need_bit(n));
                }
                let mut below = 0u32;
                for block in &anchor_bits {
                    ranks.push(below);
                    below += block.count_ones();
                }
            }
            idx.set_anchors.push(SetAnchors {
                needs,
                spans,
                bits: anchor_bits,
                ranks,
            });
        }
        for (id, s) in d.synsets.synsets.iter().enumerate() {
            if s.members.len() >= MEMBER_INDEX_MIN {
                for leftwards in [false, true] {
                    idx.members.insert(
                        (id as u32, leftwards),
                        MemberIndex::build(&s.members, leftwards),
                    );
                }
            }
        }
        idx
    }

    /// The member index of synset `synset` read in one direction, when the
    /// synset is large enough to have one.
    pub fn synset_members(&self, synset: u32, leftwards: bool) -> Option<&MemberIndex> {
        self.members.get(&(synset, leftwards))
    }

    /// Need `n` as one bit position: word ids first, then group ids.
    fn need_bit(&self, n: Need) -> u32 {
        if n & GROUP != 0 {
            self.words.len() as u32 + (n & !GROUP)
        } else {
            n
        }
    }

    fn word_len(&self, id: u32) -> usize {
        self.word_lens.get(id as usize).copied().unwrap_or(0)
    }

    fn word_id(&mut self, w: &str) -> u32 {
        if let Some(&id) = self.words.get(w) {
            return id;
        }
        let id = self.words.len() as u32;
        self.words.insert(w.into(), id);
        self.word_lens.push(w.len());
        self.word_groups.push(Vec::new());
        if w.len() < 64 {
            self.lengths |= 1 << w.len();
        }
        self.longest = self.longest.max(w.len());
        id
    }

    /// The need of one element (none for actor slots and for groups with a
    /// member that does not start with a word).
    fn need_of(&mut self, d: &Dictionaries, e: &PatElem) -> Option<Need> {
        match e {
            PatElem::Word(w) if !w.text.is_empty() => Some(self.word_id(&w.text)),
            PatElem::Synset { id, .. } => {
                if let Some(&g) = self.synset_groups.get(*id as usize)
                    && g != NO_GROUP
                {
                    return Some(g | GROUP);
                }
                let g = self.group(d.synset_members(*id))?;
                let at = *id as usize;
                if self.synset_groups.len() <= at {
                    self.synset_groups.resize(at + 1, NO_GROUP);
                }
                self.synset_groups[at] = g;
                Some(g | GROUP)
            }
            PatElem::Alternatives { options, .. } => self.group(options).map(|g| g | GROUP),
            _ => None,
        }
    }

    /// A new group for `options` if every option starts with a word.
    fn group(&mut self, options: &[Vec<PatElem>]) -> Option<u32> {
        let firsts: Option<Vec<&str>> = options
            .iter()
            .map(|o| match o.first() {
                Some(PatElem::Word(w)) if !w.text.is_empty() => Some(w.text.as_ref()),
                _ => None,
            })
            .collect();
        let firsts = firsts.filter(|f| !f.is_empty())?;
        let g = self.groups;
        self.groups += 1;
        for w in firsts {
            let id = self.word_id(w);
            if self.word_groups[id as usize].last() != Some(&g) {
                self.word_groups[id as usize].push(g);
            }
        }
        Some(g)
    }

    /// The filter for a sentence with these token words (the parse builds
    /// it from the token memo with [`Self::filter_words`]; tests use this).
    #[cfg(test)]
    fn filter<'a>(&self, tokens: impl Iterator<Item = &'a str>) -> PatternFilter {
        let mut ids = Vec::new();
        let mut pairs = Vec::new();
        for (t, token) in tokens.enumerate() {
            ids.clear();
            self.token_words(token, &mut ids);
            pairs.extend(ids.iter().map(|&id| (t as u32, id)));
        }
        self.filter_words(pairs)
    }

    /// The pattern words (ids) that `token` begins with, shortest first.
    pub fn token_words(&self, token: &str, out: &mut Vec<u32>) {
        for (i, c) in token.char_indices() {
            let end = i + c.len_utf8();
            if end > self.longest {
                break;
            }
            if end < 64 && self.lengths & (1 << end) == 0 {
                continue;
            }
            if let Some(&id) = self.words.get(&token[..end]) {
                out.push(id);
            }
        }
    }

    /// The filter of a sentence from its (token position, pattern word id)
    /// pairs, in token order ([`Self::token_words`] of each token).
    pub fn filter_words(&self, token_words: Vec<(u32, u32)>) -> PatternFilter {
        let (words, groups) = zeroed_bitsets(
            self.words.len().div_ceil(64),
            (self.groups as usize).div_ceil(64),
        );
        let mut f = PatternFilter {
            words,
            groups,
            present: Vec::with_capacity(token_words.len()),
            token_words,
            token_starts: std::cell::OnceCell::new(),
            active: true,
        };
        for k in 0..f.token_words.len() {
            let id = f.token_words[k].1;
            if test(&f.words, id) {
                continue;
            }
            set(&mut f.words, id);
            f.present.push(id);
            for &g in &self.word_groups[id as usize] {
                if !test(&f.groups, g) {
                    set(&mut f.groups, g);
                    f.present.push(g | GROUP);
                }
            }
        }
        f
    }

    /// The patterns of verb set `set` (numbers within the set, ascending)
    /// whose needs the sentence meets, into `out`.
    pub fn candidates(&self, f: &PatternFilter, set: u32, out: &mut Vec<u32>) {
        out.clear();
        if !f.active {
            let n = self
                .offsets
                .get(set as usize + 1)
                .map_or(self.pattern_needs.len(), |&o| o as usize)
                - self.offsets.get(set as usize).map_or(0, |&o| o as usize);
            out.extend(0..n as u32);
            return;
        }
        if let Some(u) = self.unanchored.get(set as usize) {
            out.extend_from_slice(u);
        }
        // the anchors both the set and the sentence have: from the shorter
        // list (a bit test per set anchor, or a search per present need)
        let anchors = self.set_anchors.get(set as usize).unwrap_or(NO_ANCHORS);
        let patterns_at = |k: usize| {
            let (start, end) = anchors.spans[k];
            &self.anchored[start as usize..end as usize]
        };
        if anchors.needs.len() < f.present.len() {
            for (k, &n) in anchors.needs.iter().enumerate() {
                if f.has(n) {
                    out.extend_from_slice(patterns_at(k));
                }
            }
        } else if !anchors.bits.is_empty() {
            // a bit test per present need; the bits below it in its block
            // and the block's rank give the anchor's index
            for &n in &f.present {
                let bit = self.need_bit(n);
                let block = bit as usize / 64;
                let (Some(&bits), Some(&rank)) =
                    (anchors.bits.get(block), anchors.ranks.get(block))
                else {
                    continue;
                };
                let mask = 1u64 << (bit % 64);
                if bits & mask != 0 {
                    let k = rank + (bits & (mask - 1)).count_ones();
                    out.extend_from_slice(patterns_at(k as usize));
                }
            }
        } else {
            // fewer than ANCHOR_BITS_MIN anchors: a short search each
            for &n in &f.present {
                if let Ok(k) = anchors.needs.binary_search(&n) {
                    out.extend_from_slice(patterns_at(k));
                }
            }
        }
        // each pattern has one anchor, so the lists are disjoint: the need
        // test first leaves fewer to sort
        out.retain(|&j| self.may_match(f, self.id(set, j as usize)));
        out.sort_unstable();
        out.dedup();
    }

    /// False when token `t` cannot begin a member of synset `synset` (its
    /// first word is not a prefix of the token). True when unsure.
    pub fn token_may_open_synset(&self, f: &PatternFilter, t: usize, synset: u32) -> bool {
        if !f.active {
            return true;
        }
        let g = match self.synset_groups.get(synset as usize) {
            Some(&g) if g != NO_GROUP => g,
            _ => return true,
        };
        let starts = f.token_starts.get_or_init(|| token_starts(&f.token_words));
        let (from, to) = match (starts.get(t), starts.get(t + 1)) {
            (Some(&from), Some(&to)) => (from as usize, to as usize),
            _ => return false,
        };
        f.token_words
            .get(from..to)
            .unwrap_or_default()
            .iter()
            .any(|&(_, w)| self.word_groups[w as usize].contains(&g))
    }

    /// Global id of pattern `j` of verb set `set`.
    pub fn id(&self, set: u32, j: usize) -> usize {
        self.offsets.get(set as usize).map_or(0, |&o| o as usize) + j
    }

    /// False when pattern `id` cannot match a sentence with filter `f`.
    pub fn may_match(&self, f: &PatternFilter, id: usize) -> bool {
        if !f.active {
            return true;
        }
        let Some(&(start, len)) = self.pattern_needs.get(id) else {
            return true;
        };
        self.needs[start as usize..(start + len) as usize]
            .iter()
            .all(|&n| f.has(n))
    }
}

/// Where each token's pairs begin in `token_words` (sorted by token): entry
/// `t` for token `t`, and one more after the last token that has pairs.
fn token_starts(token_words: &[(u32, u32)]) -> Vec<u32> {
    let tokens = token_words.last().map_or(0, |&(t, _)| t as usize + 1);
    let mut starts = Vec::with_capacity(tokens + 1);
    for (k, &(t, _)) in token_words.iter().enumerate() {
        while starts.len() <= t as usize {
            starts.push(k as u32);
        }
    }
    starts.push(token_words.len() as u32);
    starts
}

/// The needs of a pattern, for tests and inspection: words, and groups as
/// their member first words.
pub fn describe_needs(idx: &PatternIndex, id: usize) -> Vec<String> {
    let Some(&(start, len)) = idx.pattern_needs.get(id) else {
        return Vec::new();
    };
    let name = |w: u32| {
        idx.words
            .iter()
            .find(|(_, v)| **v == w)
            .map(|(k, _)| k.to_string())
            .unwrap_or_default()
    };
    idx.needs[start as usize..(start + len) as usize]
        .iter()
        .map(|&n| {
            if n & GROUP != 0 {
                let g = n & !GROUP;
                let mut members: Vec<String> = (0..idx.word_groups.len() as u32)
                    .filter(|&w| idx.word_groups[w as usize].contains(&g))
                    .map(name)
                    .collect();
                members.sort();
                format!("{{{}}}", members.join("|"))
            } else {
                name(n)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_dict::{CoderOptions, FileKind, LoadOptions};
    use std::path::PathBuf;

    fn index(verbs: &str) -> (Dictionaries, PatternIndex) {
        let files = vec![(
            PathBuf::from("t.verbs"),
            FileKind::TabariVerbs,
            verbs.as_bytes().to_vec(),
        )];
        let (d, _) =
            dyad_dict::load_files(files, CoderOptions::tabari(), LoadOptions::default()).unwrap();
        let idx = PatternIndex::build(&d);
        (d, idx)
    }

    #[test]
    fn large_synsets_offer_only_the_members_a_token_can_begin() {
        let members: String = [
            "ARMS", "AID", "TANKS", "TROOPS", "MONEY", "SHELLS", "FOOD", "OIL",
        ]
        .iter()
        .map(|m| format!("+{m}\n"))
        .collect();
        let verbs = format!(
            "<SYNSETS>\n&GOODS\n{members}+HEAVY WEAPONS\n</SYNSETS>\nSEND [---]\n- * &GOODS TO + [070]\n"
        );
        let (d, idx) = index(&verbs);
        let right = idx.synset_members(0, false).expect("9 members are indexed");
        let names = |it: &mut dyn Iterator<Item = u32>| -> Vec<String> {
            it.map(|j| match &d.synset_members(0)[j as usize][0] {
                PatElem::Word(w) => w.text.to_string(),
                other => format!("{other:?}"),
            })
            .collect()
        };
        // rightwards by first words: TANKS and TROOPS begin with T, in order
        assert_eq!(names(&mut right.for_token(Some(b'T'))), ["TANKS", "TROOPS"]);
        assert!(right.for_token(Some(b'Z')).next().is_none());
        assert!(right.for_token(None).next().is_none());
        // leftwards by last words: HEAVY WEAPONS ends with WEAPONS
        let left = idx.synset_members(0, true).unwrap();
        assert_eq!(left.for_token(Some(b'W')).count(), 1);
        assert_eq!(right.for_token(Some(b'W')).count(), 0);
        let merged: Vec<u32> = merge_ascending(&[1, 4, 9], &[2, 4, 10]).collect();
        assert_eq!(merged, [1, 2, 4, 9, 10]);
    }

    #[test]
    fn token_starts_bound_each_tokens_pairs() {
        let pairs = [(1, 10), (1, 11), (3, 12), (6, 13), (6, 14)];
        let starts = token_starts(&pairs);
        assert_eq!(starts, [0, 0, 2, 2, 3, 3, 3, 5]);
        for t in 0..8u32 {
            let expected: Vec<_> = pairs.iter().filter(|p| p.0 == t).collect();
            let got: Vec<_> = match (starts.get(t as usize), starts.get(t as usize + 1)) {
                (Some(&a), Some(&b)) => pairs[a as usize..b as usize].iter().collect(),
                _ => Vec::new(),
            };
            assert_eq!(got, expected, "token {t}");
        }
        assert_eq!(token_starts(&[]), [0]);
    }

    #[test]
    fn patterns_need_all_their_words_and_one_member_of_each_group() {
        let (d, idx) = index(
            "<SYNSETS>\n&CURRENCY\n+DOLLARS\n+EUROS\n</SYNSETS>\nSEND [---]\n- * TROOPS TO + [072]\n- * &CURRENCY TO + [071]\n- * { AID | HELP } + [070]\n- * + [073]\n",
        );
        // global ids of the patterns by their codes
        let by_code = |code: &str| {
            let j = d.verb_sets[0]
                .patterns
                .iter()
                .position(|p| p.text.contains(code))
                .unwrap();
            idx.id(0, j)
        };
        let (troops, currency, aid, bare) = (
            by_code("072"),
            by_code("071"),
            by_code("070"),
            by_code("073"),
        );
        assert_eq!(describe_needs(&idx, troops), ["TROOPS", "TO"]);
        assert_eq!(describe_needs(&idx, aid), ["{AID|HELP}"]);
        let f = idx.filter(["SENT", "TROOPSHIPS", "TO", "GONDOR"].into_iter());
        let may = |id| idx.may_match(&f, id);
        assert_eq!(
            [may(troops), may(currency), may(aid), may(bare)],
            [true, false, false, true]
        );
        let f = idx.filter(["EUROSTAT", "TO", "HELPED"].into_iter());
        let may = |id| idx.may_match(&f, id);
        assert_eq!(
            [may(troops), may(currency), may(aid), may(bare)],
            [false, true, true, true]
        );
    }

    #[test]
    fn candidates_are_the_patterns_whose_needs_are_met() {
        // ten word anchors, a group anchor and an unanchored pattern: more
        // than ANCHOR_BITS_MIN anchors, so short sentences take the bit path
        // and long ones walk the set's anchors
        let words = [
            "ALPHA", "BRAVO", "CHARLIE", "DELTA", "ECHO", "FOXTROT", "GOLF", "HOTEL", "INDIA",
            "JULIET",
        ];
        let mut verbs =
            String::from("<SYNSETS>\n&CURRENCY\n+DOLLARS\n+EUROS\n</SYNSETS>\nSEND [---]\n");
        for (k, w) in words.iter().enumerate() {
            verbs.push_str(&format!("- * {w} + [0{}0]\n", k % 9 + 1));
        }
        verbs.push_str("- * TROOPS TO + [072]\n- * &CURRENCY TO + [071]\n- * + [073]\n");
        let (d, idx) = index(&verbs);
        let patterns = d.verb_sets[0].patterns.len();
        assert!(idx.set_anchors[0].needs.len() >= ANCHOR_BITS_MIN);
        assert!(!idx.set_anchors[0].bits.is_empty());
        let sentences: [&[&str]; 4] = [
            &["SENT", "DOLLARS", "TO", "GOLF"],
            &["TROOPS", "TO", "JULIET", "ALPHA"],
            &[
                "ALPHA", "BRAVO", "CHARLIE", "DELTA", "ECHO", "FOXTROT", "GOLF", "HOTEL", "INDIA",
                "JULIET", "TROOPS", "TO", "EUROS",
            ],
            &["NOTHING", "HERE"],
        ];
        let mut out = Vec::new();
        for tokens in sentences {
            let f = idx.filter(tokens.iter().copied());
            idx.candidates(&f, 0, &mut out);
            let expected: Vec<u32> = (0..patterns as u32)
                .filter(|&j| idx.may_match(&f, idx.id(0, j as usize)))
                .collect();
            assert_eq!(out, expected, "{tokens:?}");
        }
    }
}
