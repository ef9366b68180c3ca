//! The lexicon: every dictionary phrase indexed by its first word, so that a
//! sentence's tokens can be matched against actors, agents, verbs, nouns,
//! adjectives, time phrases, discards and issues in one pass.
//!
//! Word matching follows the dictionaries' rules: stems match any word they
//! begin; whole words match exactly or, as the last word of a phrase, with
//! the regular endings of their class (`S 'S ES` for nouns, `S ED ES EN ING`
//! and `D` after `E` for verbs); exact words match only themselves.
//!
//! What a token's text opens (the phrases whose first word it matches, and
//! the verb-pattern words it begins with) depends on the text alone, and
//! news vocabulary repeats: each thread keeps a memo of it per lexicon, so
//! a word is looked up in the indexes once, not at every occurrence.

use dyad_dict::{Dictionaries, Phrase, WordClass, WordMode};
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

/// What a phrase stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Entry {
    /// `actors[i]`
    Actor(u32),
    /// `agents[i]`
    Agent(u32),
    /// `verb_forms[i]`
    Verb(u32),
    Word(WordClass),
    /// `times[i]`
    Time(u32),
    /// `discards[i]`
    Discard(u32),
    /// `issues[i]`
    Issue(u32),
    /// A built-in grammatical word.
    Builtin(Builtin),
}

/// Grammatical words the shallow parse knows without a dictionary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Builtin {
    Determiner,
    Conjunction,
    /// AND, OR, NOR: can join compound actors
    CompoundConjunction,
    Preposition,
    Pronoun,
    PluralPronoun,
    Auxiliary,
    By,
    Former,
    Negation,
}

impl Entry {
    /// Ordering priority among equally long matches: noun and adjective
    /// lists exist to block verbs, actors beat agents, verbs come last;
    /// discard and issue phrases (0) are not ranked.
    pub fn priority(self) -> u8 {
        match self {
            Entry::Word(_) => 6,
            Entry::Actor(_) => 5,
            Entry::Agent(_) => 4,
            Entry::Builtin(_) => 3,
            Entry::Time(_) => 2,
            Entry::Verb(_) => 1,
            Entry::Discard(_) | Entry::Issue(_) => 0,
        }
    }

    /// Which ending set applies to the last word.
    pub fn endings(self) -> Endings {
        match self {
            Entry::Verb(_) => Endings::Verb,
            Entry::Discard(_) | Entry::Issue(_) => Endings::None,
            _ => Endings::Noun,
        }
    }
}

/// The endings a phrase's last word may take in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endings {
    None,
    /// Only the possessive `'S` (PETRARCH agents, whose plurals are listed).
    Possessive,
    /// `S 'S ES`.
    Noun,
    /// `S ED ES EN ING`, and `D` after `E`.
    Verb,
}

/// A phrase in the lexicon.
#[derive(Debug, Clone)]
pub struct LexPhrase {
    pub entry: Entry,
    pub phrase: Phrase,
    /// Load order, for ties: earlier entries win.
    pub order: u32,
    /// Endings of the last word.
    pub endings: Endings,
    /// A one-word phrase that is also a common English word in lower case
    /// ("US", "WHO", "IT"): it matches only text written in capitals.
    pub needs_capitals: bool,
    /// When not 0: the first byte the token after the first word must have
    /// (the second word is joined to the first), a cheap test before matching.
    pub next_byte: u8,
}

/// All phrases indexed by first word.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    pub phrases: Vec<LexPhrase>,
    /// First word (whole or exact) → phrase ids.
    by_word: FxHashMap<Box<str>, Vec<u32>>,
    /// First word (stem) → phrase ids.
    by_stem: FxHashMap<Box<str>, Vec<u32>>,
    longest_stem: usize,
    /// Verb forms with the same words as another form, in load order (a verb
    /// listed in several blocks).
    same_verb: FxHashMap<u32, Vec<u32>>,
    /// The anchor words of the verb patterns.
    pub patterns: crate::pattern_index::PatternIndex,
    has_lists: bool,
    /// Identifies this lexicon's entries in the per-thread token memo.
    memo_id: u64,
}

/// A phrase whose first word a token's text matches, with how well, and
/// what the parse reads of the phrase before matching any later word,
/// copied from its [`LexPhrase`]: a one-word phrase (most of them) is then
/// ranked from the memo alone, with no read of the phrase table (with the
/// Phoenix set, tens of megabytes spread over the heap). Eight bytes, as the
/// `(id, quality)` pair it replaces.
#[derive(Debug, Clone, Copy)]
pub struct Opening {
    /// The phrase id (`Lexicon::phrases`; also its load order).
    pub phrase: u32,
    pub quality: MatchQuality,
    /// How many words the phrase has, at most `u8::MAX`.
    pub words: u8,
    /// [`Entry::priority`]: 0 for discard and issue phrases.
    pub priority: u8,
    /// [`LexPhrase::needs_capitals`].
    pub needs_capitals: bool,
}

impl Opening {
    /// A discard or issue phrase, found wherever it occurs.
    pub fn is_list(&self) -> bool {
        self.priority == 0
    }
}

/// Per-thread memo: token text → the phrases it opens, the verb-pattern
/// words it begins with and whether it ends a noun phrase, for the lexicon
/// `lexicon`.
#[derive(Default)]
struct TokenMemo {
    lexicon: u64,
    /// Words of up to 15 bytes, keyed inline ([`short_key`]): no pointer
    /// to follow and no byte comparison call per look-up.
    short: FxHashMap<u128, MemoEntry>,
    long: FxHashMap<Box<str>, MemoEntry>,
    /// Every word's openings in [`Lexicon::order_openings`]' order.
    openings: Vec<Opening>,
    /// The [`LexPhrase::next_byte`] of each of `openings`.
    next_bytes: Vec<u8>,
    pattern_words: Vec<u32>,
}

/// What the memo knows of one word: ranges of [`TokenMemo::openings`]
/// (`start..free` the openings any next token allows, `free..end` those
/// whose second word must begin the next token, by that byte) and of
/// [`TokenMemo::pattern_words`].
#[derive(Clone, Copy)]
struct MemoEntry {
    start: u32,
    free: u32,
    end: u32,
    words_start: u32,
    words_end: u32,
    ends_noun_phrase: bool,
}

/// Entries after which a thread's memo starts again, so that memory stays
/// bounded on any input (a long stream of distinct tokens).
const MEMO_LIMIT: usize = 1 << 17;

/// This thread's token memo for one lexicon, borrowed for a sentence
/// ([`Lexicon::with_token_memo`]).
pub struct TokenLookup<'a> {
    lex: &'a Lexicon,
    memo: &'a mut TokenMemo,
}

impl TokenLookup<'_> {
    /// What token text `word` opens: looked up in the memo, or in the
    /// lexicon's indexes the first time and remembered.
    pub fn lookup(&mut self, word: &str) -> TokenOpenings<'_> {
        let m = &mut *self.memo;
        let key = short_key(word);
        let known = match key {
            Some(k) => m.short.get(&k),
            None => m.long.get(word),
        };
        let e = match known {
            Some(&e) => e,
            None => self.lex.memoize(word, key, m),
        };
        let (start, free, end) = (e.start as usize, e.free as usize, e.end as usize);
        TokenOpenings {
            free: &m.openings[start..free],
            joined: &m.openings[free..end],
            joined_bytes: &m.next_bytes[free..end],
            pattern_words: &m.pattern_words[e.words_start as usize..e.words_end as usize],
            ends_noun_phrase: e.ends_noun_phrase,
        }
    }
}

/// What a token's text opens ([`TokenLookup::lookup`]), read from the memo
/// in place.
pub struct TokenOpenings<'m> {
    /// The phrases whose first word the text matches and that any next
    /// token allows: discard and issue phrases first, then the others,
    /// each in id order.
    free: &'m [Opening],
    /// Those whose joined second word ([`LexPhrase::next_byte`]) must begin
    /// the next token, by that byte (`joined_bytes`) and id.
    joined: &'m [Opening],
    joined_bytes: &'m [u8],
    /// The verb-pattern words the text begins with
    /// ([`crate::pattern_index::PatternIndex::token_words`]).
    pub pattern_words: &'m [u32],
    /// Whether the word ends a noun phrase (an auxiliary, a subordinator:
    /// `noun_phrases::ends_noun_phrase`).
    pub ends_noun_phrase: bool,
}

impl<'m> TokenOpenings<'m> {
    /// The phrases the text opens when the next token's text begins with
    /// byte `next` (`None`: no next token), each once, as two lists to read
    /// in turn: those of `free`, then those of `joined` whose second word
    /// can begin the next token. (Two plain slices: the parse reads them in
    /// two loops, without a chained iterator's test at every step.)
    pub fn openings(&self, next: Option<u8>) -> [&'m [Opening]; 2] {
        let joined = match next {
            Some(b) if !self.joined.is_empty() => {
                let (from, to) = byte_range(self.joined_bytes, b);
                &self.joined[from..to]
            }
            _ => &[],
        };
        [self.free, joined]
    }
}

static NEXT_MEMO_ID: AtomicU64 = AtomicU64::new(1);

/// A word of at most 15 bytes as one integer: its bytes, then its length in
/// the last byte (so "A" and "A\0" differ). Longer words have no short key.
///
/// The bytes are read with at most two loads that overlap (the first and
/// last four or eight bytes) and placed with shifts of 64-bit halves, rather
/// than copied into a zeroed array: the copy was a `memcpy` call of a
/// variable length for every token looked up.
#[inline]
fn short_key(word: &str) -> Option<u128> {
    let b = word.as_bytes();
    let n = b.len();
    let (lo, hi) = match n {
        0 => (0, 0),
        1..=3 => {
            // bytes 0, n/2 and n-1 are all of them (some twice, in place)
            let at = |i: usize| u64::from(b[i]) << (8 * i);
            (at(0) | at(n / 2) | at(n - 1), 0)
        }
        4..=7 => {
            let first = u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
            let last = u64::from(u32::from_le_bytes([b[n - 4], b[n - 3], b[n - 2], b[n - 1]]));
            // the last four bytes moved to their places; any overlap agrees
            (first | last << (8 * (n - 4)), 0)
        }
        8..=15 => {
            let first = u64::from_le_bytes(b[..8].try_into().ok()?);
            let last = u64::from_le_bytes(b[n - 8..].try_into().ok()?);
            // bytes 8.. are the top n - 8 bytes of `last` (none when n = 8)
            (first, last.checked_shr(8 * (16 - n as u32)).unwrap_or(0))
        }
        _ => return None,
    };
    Some(u128::from(hi | (n as u64) << 56) << 64 | u128::from(lo))
}

thread_local! {
    static MEMO: RefCell<TokenMemo> = RefCell::new(TokenMemo::default());
}

/// Common English words that some dictionaries also use as acronyms ("US",
/// "WHO", "AIM", "IT"). A one-word actor or agent phrase spelled like one of
/// them matches only text written in capitals.
const COMMON_WORDS: &[&str] = &[
    "A", "AN", "AND", "ARE", "AS", "AT", "BE", "BY", "DO", "FOR", "HE", "HER", "HIS", "I", "IF",
    "IN", "IS", "IT", "ITS", "ME", "MY", "NO", "NOT", "OF", "ON", "OR", "OUR", "SHE", "SO", "THE",
    "TO", "UP", "US", "WE", "WHO", "AIM", "ALL", "AM", "ANY", "CAN", "DID", "GO", "HAS", "HAD",
    "HIM", "HOW", "MAY", "NEW", "NOW", "ONE", "OUT", "SAY", "SEE", "TWO", "WAS", "WAY", "YOU",
    "WILL", "ARM", "ACT", "AIR", "BAN", "END", "FAR", "FEW", "FIT", "GAP", "HIT", "KEY", "LAW",
    "MAN", "OIL", "OLD", "PAY", "PUT", "RUN", "SET", "SUN", "TOP", "WAR", "WIN", "YES", "BIG",
    "CAP", "CUT", "DUE", "GOT", "LET", "LOW", "NET", "RAN", "RED", "SAT", "TAX", "WHY", "YET",
    "ODD", "OWN", "AGE", "BAD", "BID", "EYE",
];

impl Lexicon {
    /// Builds the lexicon of a dictionary set.
    pub fn build(d: &Dictionaries) -> Lexicon {
        let mut lex = Lexicon {
            patterns: crate::pattern_index::PatternIndex::build(d),
            memo_id: NEXT_MEMO_ID.fetch_add(1, Ordering::Relaxed),
            ..Lexicon::default()
        };
        for (word, b) in BUILTINS {
            let phrase = Phrase {
                words: vec![dyad_dict::PWord {
                    text: (*word).into(),
                    mode: WordMode::Exact,
                    adjacent: false,
                }],
            };
            lex.add(Entry::Builtin(*b), phrase, false);
        }
        for (i, a) in d.actors.iter().enumerate() {
            for p in &a.phrases {
                lex.add(Entry::Actor(i as u32), p.clone(), true);
            }
        }
        for (i, a) in d.agents.iter().enumerate() {
            // PETRARCH agent files list their plurals: only the possessive is added
            let listed_plurals = d
                .files
                .get(a.origin.file as usize)
                .is_some_and(|f| f.kind == dyad_dict::FileKind::PetrarchAgents);
            let id = lex.phrases.len();
            lex.add(Entry::Agent(i as u32), a.phrase.clone(), true);
            if listed_plurals && let Some(lp) = lex.phrases.get_mut(id) {
                lp.endings = Endings::Possessive;
            }
        }
        for (i, f) in d.verb_forms.iter().enumerate() {
            lex.add(Entry::Verb(i as u32), f.phrase.clone(), false);
        }
        let mut by_phrase: FxHashMap<&Phrase, Vec<u32>> = FxHashMap::default();
        for (i, f) in d.verb_forms.iter().enumerate() {
            by_phrase.entry(&f.phrase).or_default().push(i as u32);
        }
        for forms in by_phrase.into_values().filter(|v| v.len() > 1) {
            for &f in &forms {
                lex.same_verb.insert(f, forms.clone());
            }
        }
        for (p, class, _) in &d.words {
            lex.add(Entry::Word(*class), p.clone(), false);
        }
        for (i, t) in d.times.iter().enumerate() {
            lex.add(Entry::Time(i as u32), t.phrase.clone(), false);
        }
        for (i, x) in d.discards.iter().enumerate() {
            lex.add(Entry::Discard(i as u32), x.phrase.clone(), false);
        }
        for (i, x) in d.issues.iter().enumerate() {
            lex.add(Entry::Issue(i as u32), x.phrase.clone(), false);
        }
        lex.has_lists = !d.discards.is_empty() || !d.issues.is_empty();
        lex
    }

    fn add(&mut self, entry: Entry, phrase: Phrase, acronym_check: bool) {
        let Some(first) = phrase.words.first() else {
            return;
        };
        let id = self.phrases.len() as u32;
        let key = first.text.clone();
        let needs_capitals =
            acronym_check && phrase.words.len() == 1 && COMMON_WORDS.contains(&first.text.as_ref());
        match first.mode {
            WordMode::Stem => {
                self.longest_stem = self.longest_stem.max(key.len());
                self.by_stem.entry(key).or_default().push(id);
            }
            _ => self.by_word.entry(key).or_default().push(id),
        }
        // a second word joined to the first must begin the next token
        let next_byte = match phrase.words.get(1) {
            Some(second) if first.adjacent => second.text.as_bytes().first().copied().unwrap_or(0),
            _ => 0,
        };
        self.phrases.push(LexPhrase {
            entry,
            phrase,
            order: id,
            endings: entry.endings(),
            needs_capitals,
            next_byte,
        });
    }

    /// Every verb form written like form `f`, in load order, when the verb
    /// is listed in several blocks (`None`: it is listed once, as `f`).
    pub fn same_verb(&self, f: u32) -> Option<&[u32]> {
        self.same_verb.get(&f).map(|forms| forms.as_slice())
    }

    /// True when the lexicon holds discard or issue phrases.
    pub fn has_lists(&self) -> bool {
        self.has_lists
    }

    /// Runs `f` with this thread's token memo for this lexicon, borrowed
    /// once for the tokens of a sentence ([`TokenLookup::lookup`]). The
    /// memo starts again first when it holds another lexicon's words or
    /// `MEMO_LIMIT` words or more (so it may pass the limit by one
    /// sentence's words). When the memo is already borrowed further up the
    /// stack, `f` gets an empty one of its own.
    pub fn with_token_memo<R>(&self, f: impl FnOnce(&mut TokenLookup<'_>) -> R) -> R {
        MEMO.with(|m| match m.try_borrow_mut() {
            Ok(mut m) => {
                if m.lexicon != self.memo_id || m.short.len() + m.long.len() >= MEMO_LIMIT {
                    m.lexicon = self.memo_id;
                    m.short.clear();
                    m.long.clear();
                    m.openings.clear();
                    m.next_bytes.clear();
                    m.pattern_words.clear();
                }
                f(&mut TokenLookup {
                    lex: self,
                    memo: &mut m,
                })
            }
            Err(_) => f(&mut TokenLookup {
                lex: self,
                memo: &mut TokenMemo {
                    lexicon: self.memo_id,
                    ..TokenMemo::default()
                },
            }),
        })
    }

    /// Looks `word` up in the indexes and records what it opens in the memo.
    #[cold]
    #[inline(never)]
    fn memoize(&self, word: &str, key: Option<u128>, m: &mut TokenMemo) -> MemoEntry {
        let start = m.openings.len();
        self.compute_openings(word, &mut m.openings);
        let free = start + self.order_openings(&mut m.openings[start..]);
        let phrases = &self.phrases;
        m.next_bytes.extend(
            m.openings[start..]
                .iter()
                .map(|o| phrases[o.phrase as usize].next_byte),
        );
        let words_start = m.pattern_words.len() as u32;
        self.patterns.token_words(word, &mut m.pattern_words);
        let e = MemoEntry {
            start: start as u32,
            free: free as u32,
            end: m.openings.len() as u32,
            words_start,
            words_end: m.pattern_words.len() as u32,
            ends_noun_phrase: crate::noun_phrases::ends_noun_phrase(word),
        };
        match key {
            Some(k) => m.short.insert(k, e),
            None => m.long.insert(word.into(), e),
        };
        e
    }

    /// Orders one word's openings (sorted by id) for
    /// [`TokenOpenings`]: discard and issue phrases, then the
    /// others without a joined second word, each in id order, then those
    /// with one by [`LexPhrase::next_byte`] (and id). Returns how many come
    /// before the last group.
    fn order_openings(&self, openings: &mut [Opening]) -> usize {
        let group = |o: &Opening| {
            let pid = o.phrase;
            let lp = &self.phrases[pid as usize];
            match lp.entry {
                Entry::Discard(_) | Entry::Issue(_) => (0, 0, pid),
                _ if lp.next_byte == 0 => (1, 0, pid),
                _ => (2, lp.next_byte, pid),
            }
        };
        openings.sort_by_key(group);
        openings.partition_point(|o| group(o).0 < 2)
    }

    /// The phrases whose first word `word` matches, sorted by id.
    fn compute_openings(&self, word: &str, out: &mut Vec<Opening>) {
        let mut ids = Vec::new();
        self.candidates(word, &mut ids);
        ids.sort_unstable();
        ids.dedup();
        for pid in ids {
            let lp = &self.phrases[pid as usize];
            let Some(first) = lp.phrase.words.first() else {
                continue;
            };
            let single = lp.phrase.words.len() == 1;
            if let Some(quality) = word_matches(word, &first.text, first.mode, lp.endings, single) {
                out.push(Opening {
                    phrase: pid,
                    quality,
                    words: u8::try_from(lp.phrase.words.len()).unwrap_or(u8::MAX),
                    priority: lp.entry.priority(),
                    needs_capitals: lp.needs_capitals,
                });
            }
        }
    }

    /// Phrase ids whose first word could match `word` (to be confirmed with
    /// [`word_matches`]).
    fn candidates(&self, word: &str, out: &mut Vec<u32>) {
        if let Some(v) = self.by_word.get(word) {
            out.extend_from_slice(v);
        }
        for base in strip_endings(word) {
            if let Some(v) = self.by_word.get(base) {
                out.extend_from_slice(v);
            }
        }
        if !self.by_stem.is_empty() {
            for (i, c) in word.char_indices() {
                let end = i + c.len_utf8();
                if end > self.longest_stem {
                    break;
                }
                if let Some(v) = self.by_stem.get(&word[..end]) {
                    out.extend_from_slice(v);
                }
            }
        }
    }
}

/// The range of `bytes` (ascending) that equals `b`.
fn byte_range(bytes: &[u8], b: u8) -> (usize, usize) {
    let from = bytes.partition_point(|&x| x < b);
    let to = from + bytes[from..].partition_point(|&x| x == b);
    (from, to)
}

/// True when `word` is one of the words of `list` (a slice, an array or a
/// [`WordList`]): the same as `list.contains(&word)`, but a word of another
/// length or first letter (or, in a [`WordList`], of another slot) costs no
/// byte comparison call (the rules test tokens against word lists many
/// times a sentence).
#[inline]
pub(crate) fn is_one_of<L: Words + ?Sized>(word: &str, list: &L) -> bool {
    list.holds(word.as_bytes())
}

/// A list of words that [`is_one_of`] can test.
pub(crate) trait Words {
    fn holds(&self, word: &[u8]) -> bool;
}

impl Words for [&str] {
    #[inline]
    fn holds(&self, word: &[u8]) -> bool {
        scan_words(self, word)
    }
}

impl<const N: usize> Words for [&str; N] {
    #[inline]
    fn holds(&self, word: &[u8]) -> bool {
        scan_words(self, word)
    }
}

/// A constant word list, hashed when it is built (at compile time), so that
/// a word is compared only with the words of its [`slot`]: most words not in
/// the list cost one table read, and a long list (the rules' verbs of
/// saying, the words no noun phrase holds) no pass over its words.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WordList {
    words: &'static [&'static str],
    /// By [`slot`]: 0 when no word of the list has it, else 1 + the index
    /// of the first word that has it.
    slots: [u8; 256],
    /// By word index: 1 + the index of the next word with the same slot,
    /// or 0.
    next: [u8; 256],
}

impl WordList {
    pub(crate) const fn new(words: &'static [&'static str]) -> WordList {
        assert!(words.len() < 256, "a WordList holds at most 255 words");
        let mut slots = [0u8; 256];
        let mut next = [0u8; 256];
        let mut i = words.len();
        while i > 0 {
            i -= 1;
            let s = slot(words[i].as_bytes());
            next[i] = slots[s];
            slots[s] = (i + 1) as u8;
        }
        WordList { words, slots, next }
    }
}

impl Words for WordList {
    #[inline]
    fn holds(&self, word: &[u8]) -> bool {
        let mut k = self.slots[slot(word)] as usize;
        while k != 0 {
            if self.words.get(k - 1).is_some_and(|x| x.as_bytes() == word) {
                return true;
            }
            k = self.next[k - 1] as usize;
        }
        false
    }
}

/// A word's slot in a [`WordList`] (0..256): a hash of its length and its
/// first, second and last bytes.
const fn slot(word: &[u8]) -> usize {
    let n = word.len();
    if n == 0 {
        return 0;
    }
    let x = word[0] as u32
        | (word[if n > 1 { 1 } else { 0 }] as u32) << 8
        | (word[n - 1] as u32) << 16
        | (n as u32 & 0xff) << 24;
    (x.wrapping_mul(0x9E37_79B1) >> 24) as usize
}

/// `list.contains(&word)`, comparing bytes only for words of the same
/// length and first byte.
#[inline]
fn scan_words(list: &[&str], word: &[u8]) -> bool {
    let Some((&first, rest)) = word.split_first() else {
        return list.iter().any(|x| x.is_empty());
    };
    list.iter().any(|x| {
        let x = x.as_bytes();
        x.len() == word.len() && x[0] == first && &x[1..] == rest
    })
}

/// Built-in grammatical words (TABARI's internal list).
const BUILTINS: &[(&str, Builtin)] = &[
    ("A", Builtin::Determiner),
    ("AN", Builtin::Determiner),
    ("THE", Builtin::Determiner),
    ("AND", Builtin::CompoundConjunction),
    ("NOR", Builtin::CompoundConjunction),
    ("OR", Builtin::CompoundConjunction),
    ("BUT", Builtin::Conjunction),
    ("IN", Builtin::Preposition),
    ("OF", Builtin::Preposition),
    ("HE", Builtin::Pronoun),
    ("HIM", Builtin::Pronoun),
    ("SHE", Builtin::Pronoun),
    ("HER", Builtin::Pronoun),
    ("IT", Builtin::Pronoun),
    ("ITS", Builtin::Pronoun),
    ("THEM", Builtin::PluralPronoun),
    ("THEIR", Builtin::PluralPronoun),
    ("THEY", Builtin::PluralPronoun),
    ("WERE", Builtin::Auxiliary),
    ("WAS", Builtin::Auxiliary),
    ("BEEN", Builtin::Auxiliary),
    ("BY", Builtin::By),
    ("FORMER", Builtin::Former),
];

/// The stems `word` may have after removing one regular ending (of any class).
fn strip_endings(word: &str) -> impl Iterator<Item = &str> {
    const ENDINGS: &[&str] = &["'S", "S", "ES", "ED", "EN", "ING", "D"];
    ENDINGS
        .iter()
        .filter_map(move |e| word.strip_suffix(e).filter(|b| !b.is_empty()))
}

/// How well a text word matched a dictionary word (higher is better).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchQuality {
    Stem = 1,
    Ending = 2,
    Exact = 3,
}

/// Does text word `text` match dictionary word `dict` under `mode`? `last`
/// says whether it is the phrase's last word (endings apply only there);
/// `in_pattern` selects pattern semantics (whole words take no endings, but
/// [`WordMode::Whole`] in patterns means "whole word or its plural").
pub fn word_matches(
    text: &str,
    dict: &str,
    mode: WordMode,
    endings: Endings,
    last: bool,
) -> Option<MatchQuality> {
    // every mode needs `text` to begin with `dict`: reject cheaply first
    let (t, d) = (text.as_bytes(), dict.as_bytes());
    if t.len() < d.len() || d.first().is_some_and(|&b| t[0] != b) {
        return None;
    }
    if text == dict {
        return Some(MatchQuality::Exact);
    }
    match mode {
        WordMode::Exact => None,
        WordMode::Stem => text.starts_with(dict).then_some(MatchQuality::Stem),
        WordMode::Whole => {
            if !last {
                return None;
            }
            let rest = text.strip_prefix(dict)?;
            let ok = match endings {
                Endings::None => false,
                Endings::Possessive => rest == "'S",
                Endings::Noun => matches!(rest, "S" | "'S" | "ES"),
                Endings::Verb => {
                    matches!(rest, "S" | "ED" | "ES" | "EN" | "ING")
                        || (rest == "D" && dict.ends_with('E'))
                }
            };
            ok.then_some(MatchQuality::Ending)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_keys_tell_words_apart() {
        let k = |w: &str| short_key(w);
        assert_ne!(k("A"), k("A\0"));
        assert_ne!(k("AB"), k("BA"));
        assert_ne!(k(""), k("\0"));
        assert_eq!(k("SANCTIONS"), k("SANCTIONS"));
        assert!(k("FIFTEEN_BYTES__").is_some());
        assert!(k("SIXTEEN_BYTES___").is_none());
    }

    #[test]
    fn short_keys_are_the_bytes_then_the_length() {
        let word = "ABCDEFGHIJKLMNOPQ";
        for n in 0..=word.len() {
            let w = &word[..n];
            let expected = (n <= 15).then(|| {
                let mut key = [0u8; 16];
                key[..n].copy_from_slice(w.as_bytes());
                key[15] = n as u8;
                u128::from_le_bytes(key)
            });
            assert_eq!(short_key(w), expected, "{w}");
        }
    }

    #[test]
    fn byte_ranges() {
        assert_eq!(byte_range(&[], b'A'), (0, 0));
        assert_eq!(byte_range(b"AABBBD", b'B'), (2, 5));
        assert_eq!(byte_range(b"AABBBD", b'C'), (5, 5));
        assert_eq!(byte_range(b"AABBBD", b'Z'), (6, 6));
    }

    #[test]
    fn one_of_a_list() {
        let list = ["NOT", "NEVER", "N'T", ""];
        for w in [
            "NOT", "NEVER", "N'T", "", "NO", "NOTE", "NEVERS", "X", "not",
        ] {
            assert_eq!(is_one_of(w, &list), list.contains(&w), "{w}");
            assert_eq!(is_one_of(w, &list[..3]), list[..3].contains(&w), "{w}");
        }
    }

    #[test]
    fn word_lists_hold_exactly_their_words() {
        const WORDS: &[&str] = &[
            "SAID",
            "SAYS",
            "SAY",
            "TOLD",
            "ADDED",
            "STATED",
            "CLAIMED",
            "ANNOUNCED",
            "A",
            "I",
            "",
            "N'T",
            "WHO",
            "WHOM",
            "WHOSE",
            "ON",
            "NO",
            "OF",
            "OFF",
            "TO",
            "TOO",
            "SAID",
        ];
        const LIST: &WordList = &WordList::new(WORDS);
        let mut probes: Vec<String> = Vec::new();
        for w in WORDS {
            probes.push(w.to_string());
            probes.push(format!("{w}S"));
            probes.push(format!("X{w}"));
            probes.push(w.to_lowercase());
            probes.push(w.chars().rev().collect());
            if let Some((_, rest)) = w.split_at_checked(1) {
                probes.push(rest.to_string());
            }
        }
        for p in &probes {
            assert_eq!(is_one_of(p, LIST), WORDS.contains(&p.as_str()), "{p}");
        }
    }

    #[test]
    fn endings_by_class() {
        let v = Endings::Verb;
        let a = Endings::Noun;
        assert_eq!(
            word_matches("DEPARTED", "DEPART", WordMode::Whole, v, true),
            Some(MatchQuality::Ending)
        );
        assert_eq!(
            word_matches("DEPARTEN", "DEPART", WordMode::Whole, v, true),
            Some(MatchQuality::Ending)
        );
        assert_eq!(
            word_matches("DEPARTX", "DEPART", WordMode::Whole, v, true),
            None
        );
        assert_eq!(
            word_matches("DEPLORED", "DEPLORE", WordMode::Whole, v, true),
            Some(MatchQuality::Ending)
        );
        assert_eq!(
            word_matches("DONATE'S", "DONATE", WordMode::Whole, v, true),
            None
        );
        assert_eq!(
            word_matches("ESTONIA'S", "ESTONIA", WordMode::Whole, a, true),
            Some(MatchQuality::Ending)
        );
        assert_eq!(
            word_matches("ESTONIAXS", "ESTONIA", WordMode::Whole, a, true),
            None
        );
        assert_eq!(
            word_matches("ITHILEN'S", "ITHILEN", WordMode::Whole, a, false),
            None
        );
        assert_eq!(
            word_matches("BANING", "BAN", WordMode::Exact, v, true),
            None
        );
        assert_eq!(
            word_matches("ABANDONED", "ABANDON", WordMode::Stem, v, true),
            Some(MatchQuality::Stem)
        );
    }
}
