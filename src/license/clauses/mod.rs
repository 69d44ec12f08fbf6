//! The clause reader: finds the clauses that restrict a model's use in any text (a license, an
//! acceptable-use policy, a model card's prose), in English or Chinese, with the lines they
//! stand on, the words that say it and the numbers they name.
//!
//! A reviewer who has never seen a license still finds the clause that forbids commercial use;
//! this reader does the same with patterns that read the *clause* (what is forbidden, limited or
//! required), not the document. The patterns are data, in `licenses/terms/clauses*.yaml`, each
//! with its own hand-written positive and negative examples.
//!
//! How a text is read:
//! 1. [`text::Prepared`] strips Markdown and HTML, folds typography (full-width punctuation,
//!    curly quotes, dashes), lower-cases, joins wrapped lines and cuts the text into sentences
//!    (list items and headings stand alone), remembering each sentence's original lines.
//! 2. One Aho-Corasick pass over the whole text finds every pattern's trigger words: only the
//!    sentences that hold a trigger are looked at, and only with the patterns it triggers.
//! 3. A candidate sentence is confirmed when one of the pattern's phrasings matches, none of its
//!    `unless` guards does, it is not a definition (`"Non-Commercial Purpose" means ...` defines
//!    a term; only an operative clause that uses it restricts), and, for a pattern marked
//!    `prohibited`, the sentence forbids (`not`, `prohibited`, `不得`, ... before the match,
//!    not undone by `not restricted`, `no restriction on`, ...) or is an item of a list whose
//!    lead-in forbids (`You agree not to use the Model:` followed by `- for military use`).
//! 4. Numbers (`700 million monthly active users`, `annual revenue exceeding USD 1 million`,
//!    `1亿`, `100万`) are read from the phrasing's named groups `n`, `scale`, `unit`, `cur`.
//!
//! One clause is reported per sentence and kind (the first pattern, in file order, wins); the
//! result is sorted by line, kind and pattern id.
//!
//! ## Adding a pattern
//! Add an entry to `licenses/terms/clauses.yaml` (or `clauses-duties.yaml`, by kind): an `id`, the `kind` (a restriction kind), a
//! one-line `summary` in our own words, `triggers` (lower-case words, at least one of which
//! every match contains), `en` and/or `zh` regexes over the folded, lower-cased text, optional
//! `unless` guards, `also` (the sentence must also match one of these), `prohibited: true`
//! when the words only restrict under a prohibition, `number: users|money` with groups
//! `(?P<n>...)` and `(?P<scale>...)`, and `tests` with at least one `positive` sentence the
//! pattern must flag and one `negative` sentence it must not. `cargo test --lib clauses` runs
//! every example.

mod compiled;
mod data;
mod numbers;
mod text;

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use serde::Serialize;

use crate::error::Error;
use crate::license::RestrictionKind;

pub use data::{Examples, NumberKind};
pub use numbers::amount;
use text::Prepared;

/// Where the built-in patterns live (relative to the crate): every `clauses*.yaml` there.
pub const CLAUSES_DIR: &str = "licenses/terms";

/// Quotes longer than this (in bytes) are cut around the matched words.
const QUOTE_BYTES: usize = 320;

/// One restricting clause found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Clause {
    pub kind: RestrictionKind,
    /// The pattern that found it (`licenses/terms/clauses.yaml`).
    pub pattern: String,
    /// What the pattern means, in plain words.
    pub summary: String,
    /// For user and revenue thresholds: the number, as an integer (users, or units of money).
    pub threshold: Option<u64>,
    /// What the threshold counts: `monthly active users`, `USD per year`, ...
    pub unit: Option<String>,
    /// The first and last lines (1-based, inclusive) of the sentence in the original text.
    pub first_line: usize,
    pub last_line: usize,
    /// The sentence, without markup, cut to a readable length around the matched words.
    pub quote: String,
}

impl Clause {
    pub fn lines(&self) -> std::ops::RangeInclusive<usize> {
        self.first_line..=self.last_line
    }
}

/// A pattern as documentation sees it.
#[derive(Debug, Clone, Serialize)]
pub struct PatternInfo<'a> {
    pub id: &'a str,
    pub kind: RestrictionKind,
    pub summary: &'a str,
    pub tests: &'a Examples,
}

/// The compiled patterns and their trigger automaton.
#[derive(Debug)]
pub struct ClauseReader {
    compiled: data::Compiled,
    prefilter: AhoCorasick,
    /// For each trigger of the automaton, the patterns it triggers.
    owners: Vec<Vec<usize>>,
}

/// Read every restricting clause of a text with the built-in patterns.
pub fn read_clauses(text: &str) -> Vec<Clause> {
    ClauseReader::builtin().read(text)
}

impl ClauseReader {
    /// The reader built from the patterns compiled into the binary (every
    /// `licenses/terms/clauses*.yaml`).
    pub fn builtin() -> &'static ClauseReader {
        static READER: OnceLock<ClauseReader> = OnceLock::new();
        READER.get_or_init(|| {
            // Read and checked by build.rs; the regexes compile on first use: a text pays only
            // for the patterns its words trigger (the tests check that every one compiles).
            ClauseReader::from_compiled(CLAUSES_DIR, compiled::builtin())
                .unwrap_or_else(|e| panic!("the built-in clause patterns are invalid: {e}"))
        })
    }

    /// Build a reader from one patterns file (`file` names it in error messages).
    pub fn from_yaml(file: &str, text: &str) -> Result<ClauseReader, Error> {
        ClauseReader::from_sources(&[(file, text)])
    }

    /// Build a reader from several pattern files, (name for messages, text); exactly one of
    /// them holds the `markers`.
    pub fn from_sources(sources: &[(&str, &str)]) -> Result<ClauseReader, Error> {
        let file = sources.first().map(|(f, _)| *f).unwrap_or(CLAUSES_DIR);
        ClauseReader::from_compiled(file, data::load(sources)?)
    }

    fn from_compiled(file: &str, compiled: data::Compiled) -> Result<ClauseReader, Error> {
        let mut triggers: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        for (i, p) in compiled.patterns.iter().enumerate() {
            for t in &p.triggers {
                match triggers.iter().position(|x| x == t) {
                    Some(k) => owners[k].push(i),
                    None => {
                        triggers.push(t.clone());
                        owners.push(vec![i]);
                    }
                }
            }
        }
        // A contiguous NFA: it builds in a fraction of a DFA's time (the DFA took a tenth of a
        // fresh `license identify`), and the texts it searches are a few kB.
        let prefilter = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&triggers)
            .map_err(|e| {
                Error::Config(
                    crate::diag::Diagnostic::error(
                        crate::diag::Code::Invalid,
                        format!("cannot build the trigger index: {e}"),
                    )
                    .with_label(crate::diag::Label::file(file))
                    .into(),
                )
            })?;
        Ok(ClauseReader {
            compiled,
            prefilter,
            owners,
        })
    }

    /// The patterns, in file order.
    pub fn patterns(&self) -> Vec<PatternInfo<'_>> {
        self.compiled
            .patterns
            .iter()
            .map(|p| PatternInfo {
                id: &p.id,
                kind: p.kind,
                summary: &p.summary,
                tests: &p.tests,
            })
            .collect()
    }

    /// Every restricting clause of `text`.
    pub fn read(&self, text: &str) -> Vec<Clause> {
        self.read_with(text, &|_| true)
    }

    /// The clauses of `text` of the given kinds: exactly those of [`ClauseReader::read`] with
    /// these kinds (a clause of one kind never hides one of another), found without trying the
    /// patterns of other kinds.
    pub fn read_kinds(&self, text: &str, kinds: &[RestrictionKind]) -> Vec<Clause> {
        self.read_with(text, &|pi| kinds.contains(&self.compiled.patterns[pi].kind))
    }

    /// Run every pattern's own examples; returns what failed (empty when all pass).
    pub fn check_examples(&self) -> Vec<String> {
        let mut failures = Vec::new();
        for (i, p) in self.compiled.patterns.iter().enumerate() {
            for t in &p.tests.positive {
                if self.read_with(t, &|pi| pi == i).is_empty() {
                    failures.push(format!("{}: does not flag: {t}", p.id));
                } else if !self.read(t).iter().any(|c| c.kind == p.kind) {
                    failures.push(format!("{}: {} is lost in: {t}", p.id, p.kind));
                }
            }
            for t in &p.tests.negative {
                if let Some(c) = self.read(t).into_iter().find(|c| c.kind == p.kind) {
                    failures.push(format!("{}: flags ({}): {t}", p.id, c.pattern));
                }
            }
        }
        failures
    }

    fn read_with(&self, text: &str, only: &dyn Fn(usize) -> bool) -> Vec<Clause> {
        let prep = Prepared::new(text);
        let mut candidates: Vec<(usize, usize)> = Vec::new();
        let bytes = prep.norm.as_bytes();
        for m in self.prefilter.find_overlapping_iter(&prep.norm) {
            // A trigger that starts with a letter starts a word (`no` is not found in `notice`).
            let word_start = m.start() == 0
                || !bytes[m.start()].is_ascii_alphanumeric()
                || !bytes[m.start() - 1].is_ascii_alphanumeric();
            if !word_start {
                continue;
            }
            let Some(si) = prep.sentence_at(m.start()) else {
                continue;
            };
            for &pi in &self.owners[m.pattern().as_usize()] {
                if only(pi) {
                    candidates.push((si, pi));
                }
            }
        }
        if candidates.is_empty() {
            return Vec::new();
        }
        candidates.sort_unstable();
        candidates.dedup();
        // Computed when a pattern first needs them (each marker regex compiles on first use).
        let mut inherited: Option<Vec<bool>> = None;
        let markers = &self.compiled.markers;
        let mut clauses: Vec<Clause> = Vec::new();
        let mut taken: Vec<(usize, RestrictionKind)> = Vec::new();
        let mut definition: Option<(usize, bool)> = None;
        for (si, pi) in candidates {
            let p = &self.compiled.patterns[pi];
            if taken.contains(&(si, p.kind)) {
                continue;
            }
            let s = prep.sentences[si];
            let sentence = &prep.norm[s.start..s.end];
            // The phrasings first (most candidates fail here), then whether the sentence defines
            // a term, then the guards.
            let Some(whole) = p.any.find(sentence) else {
                continue;
            };
            if !p.in_definitions {
                let is_definition = match definition {
                    Some((at, d)) if at == si => d,
                    _ => {
                        let d = markers.definition.is_match(sentence);
                        definition = Some((si, d));
                        d
                    }
                };
                if is_definition {
                    continue;
                }
            }
            if p.unless.iter().any(|r| r.is_match(sentence))
                || (!p.also.is_empty() && !p.also.iter().any(|r| r.is_match(sentence)))
                || (p.prohibited
                    && !inherited.get_or_insert_with(|| self.inherited_prohibitions(&prep))[si]
                    && !self.forbids(sentence, whole.end()))
            {
                continue;
            }
            let caps = p.number.and_then(|kind| {
                let caps = p.regexes.iter().find_map(|r| r.captures(sentence))?;
                Some((kind, caps))
            });
            let (threshold, unit) = match caps {
                Some((kind, caps)) => read_number(kind, &caps, sentence),
                None => (None, None),
            };
            taken.push((si, p.kind));
            clauses.push(Clause {
                kind: p.kind,
                pattern: p.id.clone(),
                summary: p.summary.clone(),
                threshold,
                unit,
                first_line: prep.line_of(s.start),
                last_line: prep.line_of(s.end.saturating_sub(1).max(s.start)),
                quote: quote(&prep.display[s.start..s.end], whole.start(), whole.end()),
            });
        }
        clauses.sort_by(|a, b| {
            (a.first_line, a.last_line, a.kind, &a.pattern).cmp(&(
                b.first_line,
                b.last_line,
                b.kind,
                &b.pattern,
            ))
        });
        clauses
    }

    /// Whether the sentence forbids something before `end` (a prohibition word outside the
    /// benign phrases such as `at no cost`), and no permission undoes it.
    fn forbids(&self, sentence: &str, end: usize) -> bool {
        let m = &self.compiled.markers;
        let head = sentence.get(..end).unwrap_or(sentence);
        if !m.prohibition.is_match(head) || m.permission.is_match(sentence) {
            return false;
        }
        let benign: Vec<(usize, usize)> = m
            .benign
            .find_iter(sentence)
            .map(|b| (b.start(), b.end()))
            .collect();
        m.prohibition
            .find_iter(head)
            .any(|x| !benign.iter().any(|&(a, b)| a <= x.start() && x.end() <= b))
    }

    /// For each sentence: whether it is an item of a list whose lead-in forbids
    /// (`You agree not to use the Model:` then `- for military use`).
    fn inherited_prohibitions(&self, prep: &Prepared) -> Vec<bool> {
        let lead_in = &self.compiled.markers.lead_in;
        let mut out = vec![false; prep.sentences.len()];
        let mut active = false;
        for (i, s) in prep.sentences.iter().enumerate() {
            if s.heading {
                active = false;
                continue;
            }
            if s.list {
                out[i] = active;
            } else {
                active = false;
            }
            let sentence = &prep.norm[s.start..s.end];
            let mut tail_start = sentence.len().saturating_sub(60);
            while !sentence.is_char_boundary(tail_start) {
                tail_start -= 1;
            }
            if lead_in.is_match(&sentence[tail_start..]) && self.forbids(sentence, sentence.len()) {
                active = true;
            }
        }
        out
    }
}

/// The threshold and its unit from a match's named groups.
fn read_number(
    kind: NumberKind,
    caps: &regex::Captures,
    sentence: &str,
) -> (Option<u64>, Option<String>) {
    let group = |name: &str| caps.name(name).map(|m| m.as_str());
    let value = group("n").and_then(|n| amount(n, group("scale")));
    let unit = match kind {
        NumberKind::Users => {
            let u = group("unit").unwrap_or("");
            let unit = if u.contains("month") || u.contains("mau") || u.contains('月') {
                "monthly active users"
            } else if u.contains("dai") || u.contains("dau") || u.contains('日') {
                "daily active users"
            } else if u.contains("week") || u.contains('周') {
                "weekly active users"
            } else {
                "users"
            };
            unit.to_string()
        }
        NumberKind::Money => {
            let cur = group("cur")
                .and_then(numbers::currency)
                .or_else(|| group("cur2").and_then(numbers::currency))
                .unwrap_or("currency not stated");
            let per = if [
                "annual",
                "yearly",
                "per year",
                "a year",
                "fiscal year",
                "年",
            ]
            .iter()
            .any(|w| sentence.contains(w))
            {
                " per year"
            } else if ["monthly", "per month", "a month", "月"]
                .iter()
                .any(|w| sentence.contains(w))
            {
                " per month"
            } else {
                ""
            };
            format!("{cur}{per}")
        }
    };
    (value, Some(unit))
}

/// The sentence, or a window of it around the match when it is long, cut on word boundaries.
fn quote(sentence: &str, start: usize, end: usize) -> String {
    if sentence.len() <= QUOTE_BYTES {
        return sentence.to_string();
    }
    let room = QUOTE_BYTES.saturating_sub(end.saturating_sub(start)) / 2;
    let mut from = start.saturating_sub(room.max(40));
    let mut to = (end + room.max(40)).min(sentence.len());
    while !sentence.is_char_boundary(from) {
        from -= 1;
    }
    while !sentence.is_char_boundary(to) {
        to += 1;
    }
    if from > 0
        && let Some(sp) = sentence[from..start.max(from)].find(' ')
    {
        from += sp + 1;
    }
    if to < sentence.len()
        && let Some(sp) = sentence[end.min(to)..to].rfind(' ')
    {
        to = end.min(to) + sp;
    }
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    out.push_str(sentence[from..to].trim());
    if to < sentence.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests;
