//! Similarity of a text to the SPDX texts: the Dice coefficient of their word pairs (bigrams),
//! after the same preparation on both sides, as askalono (inlined in the `spdx` crate) scores
//! them. A text's normalized lines are kept, so a match can be narrowed to the lines that hold
//! it ([`TextData::optimize_bounds`]).
//!
//! The SPDX side is compiled (build.rs; the entries are in `store.rs`): its words are ids over one
//! vocabulary. A text read at run time is prepared here ([`lines`], [`aggressive`]) and its words
//! looked up in that vocabulary; a word the vocabulary lacks can match no SPDX bigram.

pub(crate) mod aggressive;
pub(crate) mod format;
pub(crate) mod lines;

use std::collections::HashMap;

use format::{token_at, u32_at, word_hash};

/// The compiled vocabulary and word ids (see `format.rs`).
mod arrays {
    include!(concat!(env!("OUT_DIR"), "/spdx_arrays.rs"));
}
use arrays::{SPDX_SLOTS, SPDX_TOKEN_WIDTH, SPDX_TOKENS, SPDX_WORD_ENDS, SPDX_WORDS};

/// The words of normalized lines after the aggressive preparation, joined by single spaces:
/// what the index holds for each SPDX text (build.rs prepares the store's lines with the same
/// code).
pub fn prepare_lines(lines: &[String]) -> String {
    aggressive::aggressive(&lines.join("\n"))
}

/// What an SPDX text of the index is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// The license's standard text.
    Original,
    /// Another form of the standard text.
    Alternate,
    /// A notice applying the license (`Licensed under ...`).
    Header,
}

/// The id a word stands for where the vocabulary lacks it.
const UNKNOWN: u32 = u32::MAX;

/// The id of a word in the compiled vocabulary.
fn word_id(word: &str) -> u32 {
    let slots = SPDX_SLOTS.len() / 4;
    let mut i = (word_hash(word) as usize) & (slots - 1);
    loop {
        let slot = u32_at(SPDX_SLOTS, i);
        if slot == 0 {
            return UNKNOWN;
        }
        let id = (slot - 1) as usize;
        let start = if id == 0 {
            0
        } else {
            u32_at(SPDX_WORD_ENDS, id - 1) as usize
        };
        let end = u32_at(SPDX_WORD_ENDS, id) as usize;
        if &SPDX_WORDS[start..end] == word {
            return id as u32;
        }
        i = (i + 1) & (slots - 1);
    }
}

fn bigram(a: u32, b: u32) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

/// One text of the compiled index: a run of word ids.
#[derive(Debug, Clone, Copy)]
pub struct IndexText {
    kind: TextKind,
    start: usize,
    len: usize,
}

impl IndexText {
    pub(crate) fn new(kind: TextKind, start: usize, len: usize) -> IndexText {
        IndexText { kind, start, len }
    }

    pub fn kind(&self) -> TextKind {
        self.kind
    }

    fn word(&self, i: usize) -> u32 {
        token_at(SPDX_TOKENS, SPDX_TOKEN_WIDTH, self.start + i)
    }

    /// The number of bigrams, with repeats.
    fn size(&self) -> usize {
        self.len.saturating_sub(1)
    }

    fn bigrams(&self) -> impl Iterator<Item = u64> + '_ {
        (1..self.len).map(|i| bigram(self.word(i - 1), self.word(i)))
    }

    /// The words of the prepared text, joined by spaces.
    pub fn prepared(&self) -> String {
        let words: Vec<&str> = (0..self.len)
            .map(|i| {
                let id = self.word(i) as usize;
                let start = if id == 0 {
                    0
                } else {
                    u32_at(SPDX_WORD_ENDS, id - 1) as usize
                };
                &SPDX_WORDS[start..u32_at(SPDX_WORD_ENDS, id) as usize]
            })
            .collect();
        words.join(" ")
    }
}

/// The bigrams of a prepared text, counted.
#[derive(Debug, Clone, Default)]
struct Grams {
    counts: HashMap<u64, u32>,
    size: usize,
}

impl Grams {
    fn of(prepared: &str) -> Grams {
        let mut grams = Grams::default();
        let mut prev: Option<u32> = None;
        for word in prepared.split(' ') {
            let id = word_id(word);
            if let Some(p) = prev {
                *grams.counts.entry(bigram(p, id)).or_insert(0) += 1;
                grams.size += 1;
            }
            prev = Some(id);
        }
        grams
    }

    /// The Dice coefficient with an index text: twice the shared bigrams (with repeats) over
    /// both sizes. `used` is scratch space.
    fn dice(&self, other: &IndexText, used: &mut HashMap<u64, u32>) -> f32 {
        if self.size == 0 || other.size() == 0 {
            return 0.0;
        }
        used.clear();
        let mut matches: u32 = 0;
        for g in other.bigrams() {
            if let Some(&have) = self.counts.get(&g) {
                let u = used.entry(g).or_insert(0);
                if *u < have {
                    *u += 1;
                    matches += 1;
                }
            }
        }
        (2.0 * matches as f32) / ((self.size + other.size()) as f32)
    }
}

/// A text prepared for comparison with the index: its normalized lines, the lines in view, and
/// the bigrams of the view.
#[derive(Debug, Clone)]
pub struct TextData {
    lines: Vec<String>,
    view: (usize, usize),
    grams: Grams,
}

/// Scores one text against many index texts, reusing its scratch space.
pub struct Scorer<'a> {
    grams: &'a Grams,
    used: HashMap<u64, u32>,
}

impl Scorer<'_> {
    pub fn score(&mut self, other: &IndexText) -> f32 {
        self.grams.dice(other, &mut self.used)
    }
}

impl TextData {
    pub fn new(text: &str) -> TextData {
        let lines = lines::normalize_lines(text);
        let grams = Grams::of(&aggressive::aggressive(&lines.join("\n")));
        TextData {
            view: (0, lines.len()),
            lines,
            grams,
        }
    }

    /// The normalized lines in view.
    pub fn lines(&self) -> &[String] {
        &self.lines[self.view.0..self.view.1]
    }

    /// The lines in view: 0-based, start inclusive, end exclusive.
    pub fn lines_view(&self) -> (usize, usize) {
        self.view
    }

    fn grams_of_view(&self, start: usize, end: usize) -> Grams {
        Grams::of(&aggressive::aggressive(&self.lines[start..end].join("\n")))
    }

    /// Similarity to an index text, 0.0 - 1.0.
    pub fn match_score(&self, other: &IndexText) -> f32 {
        self.scorer().score(other)
    }

    pub fn scorer(&self) -> Scorer<'_> {
        Scorer {
            grams: &self.grams,
            used: HashMap::new(),
        }
    }

    /// The lines (within the current view) that best match `other`, and their score: the end
    /// is narrowed first, then the start, each by a ternary search over line numbers (as
    /// askalono does; blank lines at either end may stay).
    pub fn optimize_bounds(&self, other: &IndexText) -> ((usize, usize), f32) {
        let mut used = HashMap::new();
        let (from, to) = self.view;
        let (end, _) = search(from, to, &mut |end| {
            self.grams_of_view(from, end).dice(other, &mut used)
        });
        let (start, score) = search(from, end, &mut |start| {
            self.grams_of_view(start, end).dice(other, &mut used)
        });
        ((start, end), score)
    }
}

/// The position in `left..=right` with the best score (of equal scores, the last), by ternary
/// search over a score assumed unimodal; scores are computed once each.
fn search(left: usize, right: usize, score: &mut dyn FnMut(usize) -> f32) -> (usize, f32) {
    let mut memo: HashMap<usize, f32> = HashMap::new();
    let mut check = |i: usize| -> f32 { *memo.entry(i).or_insert_with(|| score(i)) };
    let (mut left, mut right) = (left, right);
    loop {
        if right - left <= 3 {
            return (left..=right)
                .map(|x| (x, check(x)))
                .fold((0usize, 0f32), |acc, x| if x.1 >= acc.1 { x } else { acc });
        }
        let low = (left * 2 + right) / 3;
        let high = (left + right * 2) / 3;
        if check(low) > check(high) {
            right = high - 1;
        } else {
            left = low + 1;
        }
    }
}
