//! Every license in one text. Fingerprints are tried best first: a license claims the lines its
//! phrases span, a model license or policy the rest of the text until another starts, and a
//! standard license exactly the lines its SPDX text covers. Text no license claims is searched
//! for SPDX licenses no fingerprint names, and for terms added to a standard text.

use super::fingerprint::{Candidate, GENERIC_POLICY, Hits, candidate, fingerprint_identification};
use super::modified::{Added, modified_standard};
use super::pointer::{by_link, pointer_in_lines};
use super::prepare::{Prepared, lead_start};
use super::report::{Identification, Method, TextForm, TextReport};
use super::standard::{analyze_unknown, verify_standard};
use crate::license::Catalog;
use crate::license::facts::RestrictionKind;
use crate::license::terms::extra_terms;

/// Unclaimed text shorter than this (in words) is not searched for further licenses.
const REMAINDER_WORDS: usize = 60;

pub(super) fn identify_all_uncached(catalog: &Catalog, text: &str) -> TextReport {
    let prep = Prepared::new(text);
    let mut report = TextReport {
        points_to: prep.points_to.clone(),
        ..Default::default()
    };
    // A text that only points elsewhere.
    if prep.words() < 25
        && let Some(url) = &prep
            .points_to
            .clone()
            .or_else(|| pointer_in_lines(&prep.lines))
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
