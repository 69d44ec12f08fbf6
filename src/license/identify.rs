//! License text identification.
//!
//! 1. The text is prepared: Markdown and HTML markup vanish, and a first line that only points at
//!    where the original lives (`[For the original copy, see https://...]`, `Please refer to
//!    license: https://...`) is set aside; a text that is nothing but such a pointer is identified
//!    from its address.
//! 2. Every profile's fingerprints (short distinctive phrases written for this project) are looked
//!    for. The best-matching profile claims the part of the text its phrases span; the search goes
//!    on in the rest, so a file holding several licenses (an Apache notice and a model license, a
//!    license and its use policy) yields each of them.
//! 3. Standard licenses (SPDX ids) are checked against the SPDX text store of the `spdx` crate,
//!    loaded lazily: it confirms the text, measures how close it is (the confidence), tells a
//!    license header from a full text, finds SPDX licenses no fingerprint names, and shows text
//!    added to a standard license. A standard text with added terms (an MIT text with a
//!    non-commercial clause) is reported as modified, under its own `LicenseRef-` id, never as
//!    the standard license.
//!
//! Fingerprint matching costs microseconds; the store (about 150 ms to load) is only touched when
//! a text holds, or may hold, a standard license.

use serde::{Deserialize, Serialize};

use super::catalog::{Catalog, Profile};
use super::{LicenseFacts, LicenseKind, Restriction, RestrictionKind, store};

/// What part of a license a text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextForm {
    /// The license's full text.
    FullText,
    /// A short notice that applies the license (`Licensed under the Apache License, Version 2.0
    /// ...`), not the license itself.
    Header,
    /// The license's acceptable-use (or prohibited-use) policy, which accompanies it.
    Policy,
    /// A pointer to where the text lives, nothing more.
    Reference,
}

impl TextForm {
    pub fn as_str(self) -> &'static str {
        match self {
            TextForm::FullText => "full text",
            TextForm::Header => "header",
            TextForm::Policy => "use policy",
            TextForm::Reference => "reference",
        }
    }
}

/// How a license was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// The profile's fingerprint phrases.
    Fingerprint,
    /// The SPDX text store (alone, or confirming fingerprints).
    SpdxText,
    /// The address the text points at.
    Link,
}

/// One license found in a text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Identification {
    pub facts: LicenseFacts,
    /// 0.0 - 1.0: the share of the profile's phrases found, or the similarity to the SPDX text.
    pub confidence: f32,
    /// The text is a standard license with changes or added terms.
    pub modified: bool,
    /// The restricting terms found on top of the standard text, if any.
    pub extra_terms: Vec<RestrictionKind>,
    /// For a modified text: the SPDX id of the standard license it is based on.
    pub base: Option<String>,
    pub form: TextForm,
    pub method: Method,
    /// The lines (1-based, inclusive) where it was found, when known.
    pub lines: Option<(usize, usize)>,
    /// What a reader should know about this identification.
    pub notes: Vec<String>,
}

/// Everything found in one text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct TextReport {
    /// The licenses found, in the order they appear.
    pub licenses: Vec<Identification>,
    /// The address a first line points at (`[For the original copy, see URL]`).
    pub points_to: Option<String>,
    /// Restricting terms in parts of the text that no license explains.
    pub unexplained_terms: Vec<RestrictionKind>,
    /// Whether the SPDX text store was consulted for this text.
    pub used_spdx_store: bool,
}

impl TextReport {
    /// The license that best stands for the text: the first full text (or header), else the
    /// first license found.
    pub fn primary(&self) -> Option<&Identification> {
        self.licenses
            .iter()
            .find(|l| matches!(l.form, TextForm::FullText | TextForm::Header))
            .or_else(|| self.licenses.first())
    }
}

/// Lower-case words separated by single spaces: punctuation, quotes and line breaks vanish, so
/// formatting differences do not matter.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text.chars() {
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                out.push(l);
            }
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Phrases that signal a term restricting the freedoms, in normalized form.
const EXTRA_TERMS: &[(&str, RestrictionKind)] = &[
    ("non commercial", RestrictionKind::NonCommercial),
    ("noncommercial", RestrictionKind::NonCommercial),
    ("not for commercial", RestrictionKind::NonCommercial),
    ("no commercial use", RestrictionKind::NonCommercial),
    (
        "commercial use is prohibited",
        RestrictionKind::NonCommercial,
    ),
    (
        "not be used for commercial purposes",
        RestrictionKind::NonCommercial,
    ),
    ("commons clause", RestrictionKind::NonCommercial),
    (
        "the right to sell the software",
        RestrictionKind::NonCommercial,
    ),
    ("may not be sold", RestrictionKind::NonCommercial),
    ("for research purposes only", RestrictionKind::FieldOfUse),
    ("research purposes only", RestrictionKind::FieldOfUse),
    ("research use only", RestrictionKind::FieldOfUse),
    ("military purposes", RestrictionKind::FieldOfUse),
    ("any military", RestrictionKind::FieldOfUse),
    ("monthly active users", RestrictionKind::UserThreshold),
    ("monthly revenue", RestrictionKind::RevenueThreshold),
    ("annual revenue", RestrictionKind::RevenueThreshold),
    (
        "annual recurring revenue",
        RestrictionKind::RevenueThreshold,
    ),
    (
        "acceptable use policy",
        RestrictionKind::AcceptableUsePolicy,
    ),
    (
        "prohibited use policy",
        RestrictionKind::AcceptableUsePolicy,
    ),
    ("use restrictions", RestrictionKind::AcceptableUsePolicy),
    (
        "use based restrictions",
        RestrictionKind::AcceptableUsePolicy,
    ),
    ("improve any other", RestrictionKind::ModelTrainingBan),
    ("inference filter", RestrictionKind::ModificationLimit),
    ("inference filters", RestrictionKind::ModificationLimit),
    ("safety guardrails", RestrictionKind::ModificationLimit),
    ("content filters", RestrictionKind::ModificationLimit),
    ("share alike", RestrictionKind::ShareAlike),
    ("same license terms", RestrictionKind::ShareAlike),
    ("prominently display", RestrictionKind::Attribution),
];

/// Restricting terms found in a normalized text.
pub fn extra_terms(normalized: &str) -> Vec<RestrictionKind> {
    let mut kinds: Vec<RestrictionKind> = EXTRA_TERMS
        .iter()
        .filter(|(phrase, _)| contains_phrase(normalized, phrase))
        .map(|(_, k)| *k)
        .collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

fn contains_phrase(haystack: &str, phrase: &str) -> bool {
    phrase_positions(haystack, phrase).next().is_some()
}

/// Byte offsets of `phrase` in `haystack`, on word boundaries.
fn phrase_positions<'a>(haystack: &'a str, phrase: &'a str) -> impl Iterator<Item = usize> + 'a {
    haystack.match_indices(phrase).filter_map(move |(i, _)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + phrase.len()..].chars().next();
        (before.is_none_or(|c| c == ' ') && after.is_none_or(|c| c == ' ')).then_some(i)
    })
}

/// A text ready for matching: its lines without markup, the normalized whole, and where each
/// line starts in it.
struct Prepared {
    lines: Vec<String>,
    normalized: String,
    line_starts: Vec<usize>,
    points_to: Option<String>,
}

impl Prepared {
    fn new(text: &str) -> Prepared {
        let text = text.trim_start_matches('\u{feff}');
        let mut lines: Vec<String> = text.lines().map(strip_markup).collect();
        // A first line that only points at the original (`[For the original copy, see URL]`).
        let mut points_to = None;
        for line in lines.iter_mut().filter(|l| !l.trim().is_empty()).take(2) {
            if let Some(url) = pointer_url(line) {
                points_to = Some(url);
                line.clear();
                break;
            }
        }
        let mut normalized = String::with_capacity(text.len());
        let mut line_starts = Vec::with_capacity(lines.len());
        for line in &lines {
            line_starts.push(normalized.len());
            let n = normalize(line);
            if !n.is_empty() {
                normalized.push_str(&n);
                normalized.push(' ');
            }
        }
        Prepared {
            lines,
            normalized,
            line_starts,
            points_to,
        }
    }

    /// The 0-based line holding a byte offset of the normalized text.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    fn words(&self) -> usize {
        self.normalized.split_whitespace().count()
    }

    fn text_of(&self, from: usize, to: usize) -> String {
        let to = to.min(self.lines.len());
        self.lines[from.min(to)..to].join("\n")
    }

    fn normalized_of(&self, from: usize, to: usize) -> &str {
        let start = self
            .line_starts
            .get(from)
            .copied()
            .unwrap_or(self.normalized.len());
        let end = self
            .line_starts
            .get(to)
            .copied()
            .unwrap_or(self.normalized.len());
        &self.normalized[start..end.max(start)]
    }
}

/// Markup that carries no license words: HTML tags and Markdown code fences.
fn strip_markup(line: &str) -> String {
    let trimmed = line.trim_start();
    if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
        return String::new();
    }
    if !line.contains('<') {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        match after.find('>') {
            Some(j) if j <= 60 && !after[1..j].contains(' ') || after[1..].starts_with('/') => {
                // `<h2>`, `</h1>`, `<br/>`: drop the tag.
                rest = &after[j.min(after.len() - 1) + 1..];
            }
            _ => {
                out.push('<');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The address in a line that only says where the original text is.
fn pointer_url(line: &str) -> Option<String> {
    let start = line.find("http://").or_else(|| line.find("https://"))?;
    let url: String = line[start..]
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, ']' | ')' | '>' | '"' | '\''))
        .collect();
    let url = url.trim_end_matches(['.', ',', ';']).to_string();
    let words = normalize(&line[..start]);
    let lead = words.split(' ').count();
    let pointer_words = [
        "original",
        "refer",
        "see",
        "copy",
        "found",
        "available",
        "license",
        "policy",
        "text",
    ];
    let says_where = words.split(' ').any(|w| pointer_words.contains(&w));
    let rest = normalize(&line[start + url.len()..]);
    (lead <= 12 && rest.split(' ').filter(|w| !w.is_empty()).count() <= 3 && says_where)
        .then_some(url)
}

/// A profile's match in the text.
struct Candidate<'c> {
    profile: &'c Profile,
    policy: bool,
    found: usize,
    total: usize,
    /// 0-based lines of the smallest window holding one occurrence of each found phrase.
    window: (usize, usize),
    /// The first occurrence of the title (the profile's first phrase), or the window's start.
    first: usize,
}

impl Candidate<'_> {
    fn score(&self) -> f32 {
        if self.policy {
            let generic = self.profile.fingerprints.is_empty();
            let base = (self.found as f32 / 2.0).min(1.0);
            if generic { base * 0.6 } else { base }
        } else {
            self.found as f32 / self.total as f32
        }
    }

    fn is_spdx(&self) -> bool {
        spdx::license_id(&self.profile.id).is_some()
    }
}

/// The occurrences (0-based lines) of each phrase, skipping the claimed line ranges.
fn occurrences(hits: &Hits, phrases: &[String], claimed: &[(usize, usize)]) -> Vec<Vec<usize>> {
    phrases
        .iter()
        .map(|p| {
            hits.lines_of(p)
                .iter()
                .copied()
                .filter(|l| !claimed.iter().any(|(a, b)| l >= a && l <= b))
                .collect()
        })
        .collect()
}

/// Where each fingerprint phrase of the catalog occurs in a text (0-based lines), found in one
/// pass of the catalog's automaton.
struct Hits<'c> {
    index: &'c super::catalog::PhraseIndex,
    lines: Vec<Vec<usize>>,
}

impl<'c> Hits<'c> {
    fn find(catalog: &'c Catalog, prep: &Prepared) -> Hits<'c> {
        let index = catalog.phrase_index();
        let mut lines = vec![Vec::new(); index.normalized.len()];
        let text = prep.normalized.as_str();
        for m in index.automaton.find_overlapping_iter(text) {
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            if before.is_none_or(|c| c == ' ') && after.is_none_or(|c| c == ' ') {
                let l = prep.line_of(m.start());
                let v: &mut Vec<usize> = &mut lines[m.pattern().as_usize()];
                if v.last() != Some(&l) {
                    v.push(l);
                }
            }
        }
        Hits { index, lines }
    }

    fn lines_of(&self, phrase: &str) -> &[usize] {
        self.index
            .by_phrase
            .get(phrase)
            .map(|&i| self.lines[i].as_slice())
            .unwrap_or(&[])
    }
}

/// The smallest line window holding one occurrence of every non-empty list.
fn smallest_window(occ: &[Vec<usize>]) -> Option<(usize, usize)> {
    let lists: Vec<&Vec<usize>> = occ.iter().filter(|o| !o.is_empty()).collect();
    if lists.is_empty() {
        return None;
    }
    let mut events: Vec<(usize, usize)> = lists
        .iter()
        .enumerate()
        .flat_map(|(i, o)| o.iter().map(move |&l| (l, i)))
        .collect();
    events.sort();
    let k = lists.len();
    let mut count = vec![0usize; k];
    let mut have = 0;
    let mut best: Option<(usize, usize)> = None;
    let mut left = 0;
    for right in 0..events.len() {
        let (_, i) = events[right];
        if count[i] == 0 {
            have += 1;
        }
        count[i] += 1;
        while have == k {
            let span = (events[left].0, events[right].0);
            if best.is_none_or(|b| span.1 - span.0 < b.1 - b.0) {
                best = Some(span);
            }
            let (_, j) = events[left];
            count[j] -= 1;
            if count[j] == 0 {
                have -= 1;
            }
            left += 1;
        }
    }
    best
}

fn candidate<'c>(
    hits: &Hits,
    profile: &'c Profile,
    policy: bool,
    claimed: &[(usize, usize)],
) -> Option<Candidate<'c>> {
    let phrases = if policy {
        &profile.policy_fingerprints
    } else {
        &profile.fingerprints
    };
    if phrases.is_empty() {
        return None;
    }
    let occ = occurrences(hits, phrases, claimed);
    let found = occ.iter().filter(|o| !o.is_empty()).count();
    let total = phrases.len();
    // At least two phrases, and at least 60 % of them.
    let enough = if policy {
        found >= 2
    } else {
        found >= total.min(2) && found * 5 >= total * 3
    };
    if !enough {
        return None;
    }
    let window = smallest_window(&occ)?;
    // A profile's first phrase is its title: the license starts where the title first occurs
    // (a title may be repeated further down), or where the window starts.
    let first = occ[0].first().copied().unwrap_or(window.0).min(window.0);
    Some(Candidate {
        profile,
        policy,
        found,
        total,
        window,
        first,
    })
}

/// The catalog's generic use-policy profile.
const GENERIC_POLICY: &str = "LicenseRef-acceptable-use-policy";

/// How many lines before its first phrase a license may start (a copyright line, a title).
const LEAD_LINES: usize = 8;
/// Unclaimed text shorter than this (in words) is not searched for further licenses.
const REMAINDER_WORDS: usize = 60;
/// Extra words around a standard text that make it a modified one.
const ADDED_WORDS: usize = 12;

/// Identify the license a text holds: the primary one of [`identify_all`].
pub fn identify(catalog: &Catalog, text: &str) -> Option<Identification> {
    let report = identify_all(catalog, text);
    let primary = report.primary()?.clone();
    Some(primary)
}

/// Identify every license in a text. Results are remembered for the life of the process: a
/// registry's models mostly carry the same few license texts, and a batch identifies each once.
pub fn identify_all(catalog: &Catalog, text: &str) -> TextReport {
    type Memo = std::collections::HashMap<(u8, String), TextReport>;
    static MEMO: std::sync::OnceLock<std::sync::Mutex<Memo>> = std::sync::OnceLock::new();
    /// Distinct texts remembered at most (a few MB of texts and reports).
    const MEMO_ENTRIES: usize = 1024;
    // Only the built-in catalog lives as long as the memo; others are identified afresh.
    if !std::ptr::eq(catalog, Catalog::builtin()) {
        return identify_all_uncached(catalog, text);
    }
    let memo = MEMO.get_or_init(Default::default);
    let key = (0u8, text.to_string());
    if let Some(report) = memo.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return report.clone();
    }
    let report = identify_all_uncached(catalog, text);
    let mut memo = memo.lock().unwrap_or_else(|e| e.into_inner());
    if memo.len() < MEMO_ENTRIES {
        memo.insert(key, report.clone());
    }
    report
}

fn identify_all_uncached(catalog: &Catalog, text: &str) -> TextReport {
    let prep = Prepared::new(text);
    let mut report = TextReport {
        points_to: prep.points_to.clone(),
        ..Default::default()
    };
    // A text that only points elsewhere.
    if prep.words() < 25
        && let Some(url) = &prep.points_to.clone().or_else(|| pointer_in_body(&prep))
    {
        if let Some(id) = by_link(catalog, url) {
            report.licenses.push(id);
        }
        return report;
    }
    let n = prep.lines.len();
    let hits = Hits::find(catalog, &prep);

    // Fingerprints, best first. A license claims the lines its phrases span ("hard"); a model
    // license or policy also claims the rest of the text ("soft") until another license starts.
    // A standard license claims exactly the lines its SPDX text covers.
    let mut found: Vec<(Candidate, Identification, (usize, usize))> = Vec::new();
    let mut hard: Vec<(usize, usize)> = Vec::new();
    let mut soft: Vec<(usize, usize)> = Vec::new();
    let mut excluded: Vec<(String, bool)> = Vec::new();
    for _ in 0..16 {
        let inclusive: Vec<(usize, usize)> = hard
            .iter()
            .map(|&(a, b)| (a, b.saturating_sub(1)))
            .collect();
        let mut cands: Vec<Candidate> = catalog
            .profiles()
            .iter()
            .flat_map(|p| {
                [false, true]
                    .into_iter()
                    .filter_map(|policy| candidate(&hits, p, policy, &inclusive))
            })
            .filter(|c| !excluded.contains(&(c.profile.id.clone(), c.policy)))
            // Each profile is found once as a license and once as a use policy.
            .filter(|c| {
                !found
                    .iter()
                    .any(|(a, _, _)| a.profile.id == c.profile.id && a.policy == c.policy)
            })
            // Inside another license's text only a complete match (for a standard text, one the
            // SPDX text then confirms) or a policy counts.
            .filter(|c| !in_ranges(c.window.0, &soft) || c.policy || c.score() >= 1.0)
            .collect();
        if cands.is_empty() {
            break;
        }
        // A known modification of a standard text beats the standard text it modifies.
        let modified_bases: Vec<String> = cands
            .iter()
            .filter_map(|c| c.profile.modifies.clone())
            .collect();
        for base in &modified_bases {
            excluded.push((base.clone(), false));
        }
        cands.retain(|c| !modified_bases.contains(&c.profile.id));
        if cands.is_empty() {
            break;
        }
        cands.sort_by(|a, b| {
            b.score()
                .total_cmp(&a.score())
                .then(b.found.cmp(&a.found))
                .then(a.policy.cmp(&b.policy))
                .then(a.is_spdx().cmp(&b.is_spdx()))
                .then(a.window.0.cmp(&b.window.0))
                .then(a.profile.id.cmp(&b.profile.id))
        });
        let best = cands.swap_remove(0);
        // Where the next other license found by its phrases begins (a standard text ends there).
        let next_other = cands
            .iter()
            .filter(|c| c.profile.id != best.profile.id && c.window.0 > best.window.1)
            .map(|c| c.window.0.saturating_sub(1))
            .min();
        if best.policy && best.profile.fingerprints.is_empty() && !found.is_empty() {
            // A generic use policy inside a known license's text is part of that license.
            excluded.push((best.profile.id.clone(), true));
            continue;
        }
        let start =
            lead_start(&prep, best.first, hard_end_before(best.window.0, &hard)).min(best.window.0);
        if best.is_spdx() && !best.policy {
            report.used_spdx_store = true;
            let start = hard_end_before(best.window.0, &hard);
            let end = hard_start_after(best.window.1, &hard)
                .into_iter()
                .chain(hard_start_after(best.window.1, &soft))
                .chain(next_other)
                .min()
                .unwrap_or(n);
            let inside_other = in_ranges(best.window.0, &soft);
            match verify_standard(catalog, &prep, &best, (start, end)) {
                Some((id, view)) if !inside_other || id.confidence >= 0.95 => {
                    hard.push(view);
                    found.push((best, id, view));
                }
                _ => excluded.push((best.profile.id.clone(), false)),
            }
            continue;
        }
        let id = fingerprint_identification(&best);
        hard.push((best.window.0, best.window.1 + 1));
        soft.push((start, n));
        found.push((best, id, (start, n)));
    }

    // Spans: a fingerprinted license runs until the next license starts.
    found.sort_by_key(|(_, _, span)| span.0);
    let starts: Vec<usize> = found.iter().map(|(_, _, s)| s.0).collect();
    for (i, (c, id, span)) in found.iter_mut().enumerate() {
        if c.is_spdx() && !c.policy {
            continue;
        }
        let end = starts.get(i + 1).copied().unwrap_or(n).max(span.0 + 1);
        span.1 = end.min(n);
        id.lines = Some((span.0 + 1, span.1));
    }
    // A license's own use policy in the same text is part of it.
    let license_ids: Vec<String> = found
        .iter()
        .filter(|(c, _, _)| !c.policy)
        .map(|(c, _, _)| c.profile.id.clone())
        .collect();
    let policy_ids: Vec<String> = found
        .iter()
        .filter(|(c, _, _)| c.policy)
        .map(|(c, _, _)| c.profile.id.clone())
        .collect();
    let mut licenses: Vec<Identification> = Vec::new();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut merged_ends: Vec<(String, usize)> = Vec::new();
    for (c, mut id, span) in found {
        spans.push(span);
        if c.policy && license_ids.contains(&c.profile.id) {
            merged_ends.push((c.profile.id.clone(), span.1));
            continue;
        }
        if !c.policy && policy_ids.contains(&c.profile.id) {
            id.notes
                .push("the text includes the license's use policy".to_string());
        }
        licenses.push(id);
    }
    for (pid, end) in merged_ends {
        for l in licenses.iter_mut().filter(|l| l.facts.id == pid) {
            if let Some((a, b)) = l.lines {
                l.lines = Some((a, b.max(end)));
            }
        }
    }
    spans.sort();

    // A generic use policy only stands for the text when nothing more specific was found.
    if licenses
        .iter()
        .any(|l| l.facts.id != GENERIC_POLICY || l.form != TextForm::Policy)
    {
        licenses.retain(|l| !(l.facts.id == GENERIC_POLICY && l.form == TextForm::Policy));
    }

    // The text no license claims: SPDX licenses no fingerprint names, or terms added to a
    // standard text.
    let unclaimed = unclaimed_ranges(n, &spans);
    let mut added_terms: Vec<RestrictionKind> = Vec::new();
    let mut added_conditions = false;
    for &(a, b) in &unclaimed {
        let words = prep.normalized_of(a, b).split_whitespace().count();
        if words < 10 {
            continue;
        }
        let big_enough = if licenses.is_empty() {
            true
        } else {
            words >= REMAINDER_WORDS
        };
        if big_enough {
            report.used_spdx_store = true;
            if let Some(id) = analyze_unknown(catalog, &prep, (a, b)) {
                licenses.push(id);
                continue;
            }
        }
        let lines: Vec<String> = prep.lines[a..b].to_vec();
        let added = Added::of(&lines);
        added_terms.extend(extra_terms(&added.text));
        added_conditions |= added.modifies();
    }
    added_terms.sort();
    added_terms.dedup();

    // Terms next to a single standard text modify it.
    let single_standard = licenses.len() == 1
        && licenses[0].method == Method::SpdxText
        && licenses[0].form == TextForm::FullText;
    if single_standard {
        let base_id = licenses[0]
            .base
            .clone()
            .unwrap_or(licenses[0].facts.id.clone());
        if let Some(base_facts) = catalog.id_facts(&base_id) {
            let known: Vec<RestrictionKind> =
                base_facts.restrictions.iter().map(|r| r.kind).collect();
            let mut terms: Vec<RestrictionKind> = licenses[0].extra_terms.clone();
            terms.extend(added_terms.iter().filter(|k| !known.contains(k)));
            terms.sort();
            terms.dedup();
            if added_conditions || terms.iter().any(|k| k.breaks_freedoms()) {
                let conf = licenses[0].confidence;
                let lines = licenses[0].lines;
                let mut notes = std::mem::take(&mut licenses[0].notes);
                let mut id = modified_standard(&base_facts, &terms, conf, lines);
                notes.retain(|n| !id.notes.contains(n));
                id.notes.extend(notes);
                id.notes
                    .push("terms were added next to the standard text".into());
                licenses[0] = id;
                added_terms.clear();
            }
        }
    }
    report.unexplained_terms = added_terms
        .into_iter()
        .filter(|k| k.breaks_freedoms())
        .collect();
    licenses.sort_by_key(|f| f.lines.map(|l| l.0).unwrap_or(0));
    report.licenses = licenses;
    report
}

/// Where a license that opens at `line` starts: a few lines earlier when they are a title, a
/// copyright line or blank, never past the end of a sentence of another text, nor before `min`.
fn lead_start(prep: &Prepared, line: usize, min: usize) -> usize {
    let mut start = line;
    while start > min && line - start < LEAD_LINES {
        let above = prep.lines[start - 1].trim();
        let words = above.split_whitespace().count();
        let ends_sentence = above.ends_with(['.', ';', ':']);
        let copyright = above.to_lowercase().contains("copyright");
        if words >= 4 && ends_sentence && !copyright {
            break;
        }
        start -= 1;
    }
    start
}

fn in_ranges(line: usize, ranges: &[(usize, usize)]) -> bool {
    ranges.iter().any(|&(a, b)| line >= a && line < b)
}

/// The end of the last hard claim that ends at or before `line`.
fn hard_end_before(line: usize, hard: &[(usize, usize)]) -> usize {
    hard.iter()
        .filter(|&&(_, b)| b <= line)
        .map(|&(_, b)| b)
        .max()
        .unwrap_or(0)
}

/// The start of the first hard claim that starts after `line`.
fn hard_start_after(line: usize, hard: &[(usize, usize)]) -> Option<usize> {
    hard.iter()
        .filter(|&&(a, _)| a > line)
        .map(|&(a, _)| a)
        .min()
}

/// A license (or policy) recognised by its fingerprints alone.
fn fingerprint_identification(c: &Candidate) -> Identification {
    if c.policy {
        return Identification {
            facts: c.profile.facts(),
            confidence: round(c.score()),
            modified: false,
            extra_terms: Vec::new(),
            base: None,
            form: TextForm::Policy,
            method: Method::Fingerprint,
            lines: None,
            notes: vec![if c.profile.fingerprints.is_empty() {
                "a use policy; it restricts use wherever a license incorporates it".to_string()
            } else {
                format!("the use policy of the {}", c.profile.name)
            }],
        };
    }
    Identification {
        facts: c.profile.facts(),
        confidence: round(c.score()),
        modified: c.profile.modifies.is_some(),
        extra_terms: Vec::new(),
        base: c.profile.modifies.clone(),
        form: TextForm::FullText,
        method: Method::Fingerprint,
        lines: None,
        notes: Vec::new(),
    }
}

fn round(x: f32) -> f32 {
    (x * 100.0).round() / 100.0
}

/// A URL in a short text that refers to a license elsewhere (`See https://...`).
fn pointer_in_body(prep: &Prepared) -> Option<String> {
    prep.lines.iter().find_map(|l| pointer_url(l))
}

fn by_link(catalog: &Catalog, url: &str) -> Option<Identification> {
    let resolved = catalog.resolve_link(url)?;
    let profile = catalog.profile(&resolved.facts.id);
    let policy = profile.is_some_and(|p| {
        let key = super::catalog::link_key(url);
        p.restrictions
            .iter()
            .filter_map(|r| r.url.as_deref())
            .any(|u| super::catalog::link_key(u) == key)
            || key.contains("use-policy")
            || key.contains("use_policy")
    });
    Some(Identification {
        facts: resolved.facts,
        confidence: 0.8,
        modified: false,
        extra_terms: Vec::new(),
        base: None,
        form: if policy {
            TextForm::Policy
        } else {
            TextForm::Reference
        },
        method: Method::Link,
        lines: None,
        notes: vec![format!("the text only points at {url}")],
    })
}

fn unclaimed_ranges(n: usize, spans: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    for &(a, b) in spans {
        if a > at {
            out.push((at, a));
        }
        at = at.max(b);
    }
    if at < n {
        out.push((at, n));
    }
    out
}

/// Confirm a standard license found by fingerprints against its SPDX text; a changed or
/// extended text becomes a modified license. Returns the identification and the lines the
/// standard text covers.
fn verify_standard(
    catalog: &Catalog,
    prep: &Prepared,
    c: &Candidate,
    span: (usize, usize),
) -> Option<(Identification, (usize, usize))> {
    let Some(store) = store::get() else {
        // No store: fingerprints alone.
        let lines = (c.window.0, c.window.1 + 1);
        return Some((
            Identification {
                facts: c.profile.facts(),
                confidence: round(c.score() * 0.8),
                modified: false,
                extra_terms: Vec::new(),
                base: None,
                form: TextForm::FullText,
                method: Method::Fingerprint,
                lines: Some((lines.0 + 1, lines.1)),
                notes: vec!["identified by fingerprints only".into()],
            },
            lines,
        ));
    };
    let region = prep.text_of(span.0, span.1);
    let td = spdx::detection::TextData::new(&region);
    let target = store::original(store, &c.profile.id).map(|(name, t)| (name.to_string(), t));
    let (name, original) = target?;
    // The whole region first: an exact text needs no search for its bounds.
    let whole = td.match_score(original);
    let (mut bounds, mut view_score) = if whole >= 0.98 {
        (td.lines_view(), whole)
    } else {
        let (v, s) = td.optimize_bounds(original);
        (v.lines_view(), s)
    };
    let mut name = name;
    let mut header = false;
    if view_score < 0.95 {
        // A relative may fit better (MIT-0 rather than MIT), or the text is a header: compare
        // with the store's texts of the same family only, which is far cheaper than all.
        if let Some((m_name, m_data, m_header)) = store::best_in_family(store, &c.profile.id, &td)
            && m_name != name
        {
            let (v, s) = td.optimize_bounds(m_data);
            if s > view_score + 0.02 && s >= 0.9 {
                bounds = v.lines_view();
                view_score = s;
                name = m_name.to_string();
                header = m_header;
            }
        }
    }
    let (from, to) = bounds;
    let abs = (span.0 + from, (span.0 + to).max(span.0 + from + 1));
    let base_facts = catalog
        .id_facts(&canonical_store_name(&name, &c.profile.id))
        .unwrap_or_else(|| c.profile.facts());
    if view_score < 0.6 {
        // The phrases are there but the text is far from the standard one: an excerpt, or a
        // heavily edited copy. Report it from the fingerprints, with that said.
        if c.score() < 0.75 {
            return None;
        }
        let lines = (c.window.0, c.window.1 + 1);
        let region_norm = normalize(&prep.text_of(span.0, span.1));
        let known: Vec<RestrictionKind> = base_facts.restrictions.iter().map(|r| r.kind).collect();
        let terms: Vec<RestrictionKind> = extra_terms(&region_norm)
            .into_iter()
            .filter(|k| k.breaks_freedoms() && !known.contains(k))
            .collect();
        let note = format!(
            "the text is far from the standard {} text (similarity {:.2}): an excerpt or a heavily edited copy",
            base_facts.id, view_score
        );
        if !terms.is_empty() {
            let mut id = modified_standard(
                &base_facts,
                &terms,
                round(c.score() * 0.6),
                Some((span.0 + 1, span.1)),
            );
            id.notes.push(note);
            return Some((id, (span.0, span.1)));
        }
        return Some((
            Identification {
                facts: base_facts,
                confidence: round(c.score() * 0.6),
                modified: false,
                extra_terms: Vec::new(),
                base: None,
                form: TextForm::FullText,
                method: Method::Fingerprint,
                lines: Some((span.0 + 1, span.1.max(lines.1))),
                notes: vec![note],
            },
            (span.0, span.1),
        ));
    }
    let all = td.lines();
    // Text right before the standard one (a title, a copyright line, or added terms).
    let before_start = from.saturating_sub(LEAD_LINES);
    let before: Vec<String> = all[before_start.min(all.len())..from.min(all.len())].to_vec();
    let mut added = Added::of(&before);
    // A title inside the matched lines may still call the text modified.
    let head = &all[from.min(all.len())..(from + 3).min(to).min(all.len())];
    added.titled_modified |= Added::of(head).titled_modified;
    let known: Vec<RestrictionKind> = base_facts.restrictions.iter().map(|r| r.kind).collect();
    let view_norm = normalize(&prep.text_of(abs.0, abs.1));
    let mut terms: Vec<RestrictionKind> = extra_terms(&added.text);
    if view_score < 0.98 {
        // Wording inside a text that differs from the standard one.
        terms.extend(
            extra_terms(&view_norm)
                .into_iter()
                .filter(|k| k.breaks_freedoms()),
        );
    }
    terms.retain(|k| !known.contains(k));
    terms.sort();
    terms.dedup();
    let changed = view_score < 0.8 && !header;
    let modified = changed || added.modifies() || terms.iter().any(|k| k.breaks_freedoms());
    // The added text before the standard one belongs to it.
    let lines_from = if added.words > 0 {
        span.0 + before_start
    } else {
        abs.0
    };
    let lines = Some((lines_from + 1, abs.1));
    let mut notes = Vec::new();
    if view_score < 0.93 && !header {
        notes.push(format!(
            "the text differs from the standard {} text (similarity {:.2})",
            base_facts.id, view_score
        ));
    }
    if modified {
        let mut id = modified_standard(&base_facts, &terms, round(view_score), lines);
        id.notes.extend(notes);
        if added.modifies() {
            id.notes.push(format!(
                "{} words of terms were added before the standard {} text",
                added.words, base_facts.id
            ));
        }
        return Some((id, (lines_from, abs.1)));
    }
    Some((
        Identification {
            facts: base_facts,
            confidence: round(view_score),
            modified: false,
            extra_terms: Vec::new(),
            base: None,
            form: if header {
                TextForm::Header
            } else {
                TextForm::FullText
            },
            method: Method::SpdxText,
            lines,
            notes,
        },
        abs,
    ))
}

/// Text next to a standard license that is more than a title or a copyright line.
struct Added {
    words: usize,
    text: String,
    /// It says what may or must be done (`must`, `may not`, `only`, ...).
    conditions: bool,
    /// A title calls the text modified ("Modified MIT License").
    titled_modified: bool,
}

impl Added {
    fn of(lines: &[String]) -> Added {
        let mut out = Added {
            words: 0,
            text: String::new(),
            conditions: false,
            titled_modified: false,
        };
        for l in lines {
            let n = normalize(l);
            if n.is_empty() || n.contains("copyright") || n.contains("all rights reserved") {
                continue;
            }
            let count = n.split(' ').count();
            let title = count <= 6
                && ["license", "licence", "licensed", "version"]
                    .iter()
                    .any(|w| n.split(' ').any(|x| x == *w));
            if title {
                if n.split(' ').any(|x| x == "modified") {
                    out.titled_modified = true;
                }
                continue;
            }
            out.words += count;
            out.text.push_str(&n);
            out.text.push(' ');
        }
        out.conditions = CONDITION_WORDS
            .iter()
            .any(|w| contains_phrase(&out.text, w));
        out
    }

    /// Whether this added text changes the terms.
    fn modifies(&self) -> bool {
        self.titled_modified || (self.words > ADDED_WORDS && self.conditions)
    }
}

/// Words by which added text sets conditions or limits.
const CONDITION_WORDS: &[&str] = &[
    "must",
    "shall",
    "may not",
    "must not",
    "not permitted",
    "prohibited",
    "only for",
    "solely for",
    "without prior written permission",
    "is not granted",
    "does not grant",
    "not authorized",
];

/// The SPDX text store names GPL-family texts `X-or-later`; a full text alone does not say "or
/// later", so the profile's id (`X-only`) is kept when it names the same text.
fn canonical_store_name(store_name: &str, profile_id: &str) -> String {
    let strip = |s: &str| {
        s.trim_end_matches("-or-later")
            .trim_end_matches("-only")
            .to_string()
    };
    if strip(store_name) == strip(profile_id) {
        profile_id.to_string()
    } else {
        store_name.to_string()
    }
}

/// Look for an SPDX license in text no fingerprint explains.
fn analyze_unknown(
    catalog: &Catalog,
    prep: &Prepared,
    range: (usize, usize),
) -> Option<Identification> {
    let store = store::get()?;
    let region = prep.text_of(range.0, range.1);
    let td = spdx::detection::TextData::new(&region);
    let m = store.analyze(&td);
    let header = m.license_type == spdx::detection::LicenseType::Header;
    let (view, view_score) = td.optimize_bounds(m.data);
    let score = m.score.max(view_score);
    if score < 0.85 {
        return None;
    }
    let name = canonical_store_name(m.name, &only_variant(m.name));
    let base_facts = catalog.id_facts(&name)?;
    let (from, to) = view.lines_view();
    let all = td.lines();
    let around: Vec<String> = all[..from.min(all.len())]
        .iter()
        .chain(all[to.min(all.len())..].iter())
        .cloned()
        .collect();
    let added = Added::of(&around);
    let lines = Some((range.0 + 1 + from, (range.0 + to).max(range.0 + from + 1)));
    let known: Vec<RestrictionKind> = base_facts.restrictions.iter().map(|r| r.kind).collect();
    let mut terms = extra_terms(&added.text);
    terms.retain(|k| !known.contains(k));
    if (score < 0.9 && !header) || added.modifies() {
        let mut id = modified_standard(&base_facts, &terms, round(score), lines);
        id.notes.push(format!(
            "closest SPDX text: {} (similarity {:.2})",
            base_facts.id, score
        ));
        return Some(id);
    }
    Some(Identification {
        facts: base_facts,
        confidence: round(score),
        modified: false,
        extra_terms: Vec::new(),
        base: None,
        form: if header {
            TextForm::Header
        } else {
            TextForm::FullText
        },
        method: Method::SpdxText,
        lines,
        notes: Vec::new(),
    })
}

/// `GPL-3.0-or-later` -> `GPL-3.0-only` when that id exists (a text alone does not say "or
/// later").
fn only_variant(name: &str) -> String {
    match name.strip_suffix("-or-later") {
        Some(base) if spdx::license_id(&format!("{base}-only")).is_some() => format!("{base}-only"),
        _ => name.to_string(),
    }
}

/// The facts of a standard text with changes: its own `LicenseRef-` id, never the standard one.
fn modified_standard(
    base: &LicenseFacts,
    terms: &[RestrictionKind],
    confidence: f32,
    lines: Option<(usize, usize)>,
) -> Identification {
    let breaking: Vec<RestrictionKind> = terms
        .iter()
        .copied()
        .filter(|k| k.breaks_freedoms())
        .collect();
    let mut facts = base.clone();
    let base_id = base.id.trim_start_matches("LicenseRef-").to_string();
    facts.id = format!("LicenseRef-{base_id}-modified");
    facts.name = if terms.is_empty() {
        format!("{} (modified text)", base.name)
    } else {
        format!("{} with added terms", base.name)
    };
    facts.osi_approved = false;
    if !breaking.is_empty() {
        facts.osd_conformant = Some(false);
        facts.kind = if breaking.contains(&RestrictionKind::NonCommercial) {
            LicenseKind::NonCommercial
        } else {
            LicenseKind::Unknown
        };
    } else if base.osd_conformant == Some(true) {
        // Changed wording that is not recognisably restricting: cannot tell.
        facts.osd_conformant = None;
    }
    for k in terms {
        facts.restrictions.push(Restriction {
            kind: *k,
            summary: format!("the text adds a {k} term to the standard {} text", base.id),
            threshold: None,
            url: None,
        });
    }
    facts.restrictions.sort();
    facts.restrictions.dedup();
    let mut notes = vec![format!(
        "a modified {} text: not the standard license",
        base.id
    )];
    if terms.is_empty() {
        notes.push("the added wording was not recognised as restricting; read it".into());
    }
    Identification {
        facts,
        confidence,
        modified: true,
        extra_terms: terms.to_vec(),
        base: Some(base.id.clone()),
        form: TextForm::FullText,
        method: Method::SpdxText,
        lines,
        notes,
    }
}

/// A cheap check, for callers that want to avoid identification: whether a text looks like it
/// could hold a license at all.
pub fn looks_like_license(text: &str) -> bool {
    let n = normalize(&text[..text.len().min(4096)]);
    ["license", "licence", "permission", "copyright", "terms"]
        .iter()
        .any(|w| contains_phrase(&n, w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalization() {
        assert_eq!(normalize("  Hello,\n  World!  "), "hello world");
        assert_eq!(normalize("LLAMA 3.1"), "llama 3 1");
    }

    #[test]
    fn phrases_match_on_word_boundaries() {
        assert!(contains_phrase("the non commercial use", "non commercial"));
        assert!(!contains_phrase("anon commercial", "non commercial"));
    }

    #[test]
    fn smallest_window_covers_each_phrase_once() {
        let occ = vec![vec![1, 50], vec![52], vec![3, 55]];
        assert_eq!(smallest_window(&occ), Some((50, 55)));
        assert_eq!(smallest_window(&[vec![], vec![7]]), Some((7, 7)));
        assert_eq!(smallest_window(&[vec![]]), None);
    }

    #[test]
    fn markup_and_pointers_are_set_aside() {
        assert_eq!(strip_markup("<h2>Apache License</h2>"), "Apache License");
        assert_eq!(strip_markup("```"), "");
        assert_eq!(strip_markup("a < b and c > d"), "a < b and c > d");
        assert_eq!(
            pointer_url("[For the original copy, see https://example.org/terms]").as_deref(),
            Some("https://example.org/terms")
        );
        assert_eq!(
            pointer_url("Please refer to license: https://example.org/LICENSE").as_deref(),
            Some("https://example.org/LICENSE")
        );
        assert!(pointer_url("The software is licensed under https://example.org/x and also a lot of other words follow here").is_none());
    }
}
