//! Fingerprints: where the phrases of each profile occur in a text (one pass of the catalog's
//! automaton), which profiles have enough of their phrases there to be candidates, and the
//! smallest stretch of lines that holds them.

use super::prepare::Prepared;
use super::report::{Identification, Method, TextForm, round};
use crate::license::Catalog;
use crate::license::normalize::on_word_boundaries;
use crate::license::phrases::PhraseIndex;
use crate::license::profile::LicenseProfile;

/// The catalog's generic use-policy profile.
pub(super) const GENERIC_POLICY: &str = "LicenseRef-acceptable-use-policy";

/// A profile's match in the text.
pub(super) struct Candidate<'c> {
    pub profile: &'c LicenseProfile,
    pub policy: bool,
    pub found: usize,
    total: usize,
    /// 0-based lines of the smallest window holding one occurrence of each found phrase.
    pub window: (usize, usize),
    /// The first occurrence of the title (the profile's first phrase), or the window's start.
    pub first: usize,
}

impl Candidate<'_> {
    pub fn score(&self) -> f32 {
        if self.policy {
            let generic = self.profile.fingerprints.is_empty();
            let base = (self.found as f32 / 2.0).min(1.0);
            if generic { base * 0.6 } else { base }
        } else {
            self.found as f32 / self.total as f32
        }
    }

    pub fn is_spdx(&self) -> bool {
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
pub(super) struct Hits<'c> {
    index: &'c PhraseIndex,
    lines: Vec<Vec<usize>>,
}

impl<'c> Hits<'c> {
    pub fn find(catalog: &'c Catalog, prep: &Prepared) -> Hits<'c> {
        let index = catalog.phrase_index();
        let mut lines = vec![Vec::new(); index.normalized.len()];
        let text = prep.normalized.as_str();
        for m in index.automaton.find_overlapping_iter(text) {
            if on_word_boundaries(text, m.start(), m.end()) {
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

pub(super) fn candidate<'c>(
    hits: &Hits,
    profile: &'c LicenseProfile,
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

/// A license (or policy) recognised by its fingerprints alone.
pub(super) fn fingerprint_identification(c: &Candidate) -> Identification {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smallest_window_covers_each_phrase_once() {
        let occ = vec![vec![1, 50], vec![52], vec![3, 55]];
        assert_eq!(smallest_window(&occ), Some((50, 55)));
        assert_eq!(smallest_window(&[vec![], vec![7]]), Some((7, 7)));
        assert_eq!(smallest_window(&[vec![]]), None);
    }
}
