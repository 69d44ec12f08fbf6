//! Every license in one text. Fingerprints are tried best first: a license claims the lines its
//! phrases span, a model license or policy the rest of the text until another starts, and a
//! standard license exactly the lines its SPDX text covers. Text no license claims is searched
//! for SPDX licenses no fingerprint names, and for terms added to a standard text.

use super::fingerprint::{Candidate, GENERIC_POLICY, Hits, candidate, fingerprint_identification};
use super::modified::{Added, modified_standard};
use super::pointer::{by_link, pointer_in_lines};
use super::prepare::{Prepared, lead_start};
use super::report::{Identification, Method, TextForm, TextReport};
use super::standard::{self, analyze_unknown, verify_standard};
use crate::license::facts::RestrictionKind;
use crate::license::{Catalog, custom};

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
            // Each profile is found once as a license and once as a use policy; a standard
            // text again after its last copy (one file concatenating the same notice for
            // several components).
            .filter(|c| {
                !found.iter().any(|(a, _, span)| {
                    a.profile.id == c.profile.id
                        && a.policy == c.policy
                        && !(c.is_spdx() && !c.policy && c.window.0 >= span.1)
                })
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

    dedup_copies(&mut licenses);

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
        // What the added wording restricts, read clause by clause (a sentence that permits
        // commercial use is not a non-commercial term).
        added_terms.extend(
            custom::clauses_in(text, a + 1, b)
                .into_iter()
                .map(|c| c.kind),
        );
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
    judge_by_clauses(catalog, text, n, &mut licenses);
    if licenses.is_empty() && prep.words() >= 25 {
        licenses.extend(unknown_license(text, false));
    }
    report.licenses = licenses;
    report
}

/// A license found by its phrases alone is that license only if its title names the same
/// licensor and it has no identity-changing term the license lacks (a CC BY-NC-ND text is not
/// CC BY-NC; another publisher's OpenRAIL-M is not BigCode's); otherwise it is a license of its
/// own, similar to the known one and judged by its own clauses.
fn judge_by_clauses(catalog: &Catalog, text: &str, n: usize, licenses: &mut [Identification]) {
    let rules = custom::CustomRules::builtin();
    let starts: Vec<usize> = licenses
        .iter()
        .map(|l| l.lines.map(|x| x.0).unwrap_or(1))
        .collect();
    for l in licenses.iter_mut() {
        if !matches!(l.method, Method::Fingerprint | Method::SpdxText)
            || l.form != TextForm::FullText
            || l.modified
        {
            continue;
        }
        let (first, last) = l.lines.unwrap_or((1, n));
        // The terms that would make the text another license first (the whole reading is only
        // needed when the text turns out to be one).
        let identity = custom::clauses_of_kinds_in(text, first, last, rules.identity());
        let differing = rules.identity_terms(&identity, &l.facts.restrictions);
        if l.method == Method::SpdxText {
            // A standard text: its sibling with those terms, if the text is one.
            if differing.is_empty() {
                continue;
            }
            let region: String = text
                .lines()
                .skip(first.saturating_sub(1))
                .take(last + 1 - first.max(1))
                .collect::<Vec<_>>()
                .join("\n");
            if let Some((sibling, score)) =
                standard::sibling_with(catalog, &region, &l.facts.id, &differing)
                && let Some(facts) = catalog.id_facts(&sibling)
            {
                l.notes.push(format!(
                    "its text reads close to {} too, but it has {} terms, which {} lacks: it is {sibling} (similarity {score:.2})",
                    l.facts.id,
                    differing
                        .iter()
                        .map(|k| k.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    l.facts.id
                ));
                l.facts = facts;
                l.confidence = super::report::round(score);
                continue;
            }
        }
        let Some(profile) = catalog.profile(&l.facts.id) else {
            continue;
        };
        let mut names: Vec<&str> = vec![&profile.name, &profile.id];
        names.extend(profile.aliases.iter().map(String::as_str));
        names.extend(profile.fingerprints.iter().map(String::as_str));
        // The text's own title when this license starts it (its phrases may begin a few lines
        // down), else the first title inside its lines.
        let first_license = starts.iter().all(|&s| s >= first);
        let from = if first_license || first <= super::prepare::LEAD_LINES {
            1
        } else {
            first
        };
        let part: String = text.lines().skip(from - 1).collect::<Vec<_>>().join("\n");
        let title = rules.title(&part).map(|(line, t)| (line + from - 1, t));
        // Standard licenses are everyone's: a title over one names the model, not a licensor.
        let other = title
            .as_ref()
            .filter(|_| l.facts.id.starts_with("LicenseRef-"))
            .filter(|(_, t)| rules.other_licensor(t, &names));
        if other.is_none() && differing.is_empty() {
            continue;
        }
        let clauses = custom::clauses_in(text, first, last);
        let similar = l.facts.name.clone();
        let mut why = Vec::new();
        if let Some((line, t)) = other {
            why.push(format!(
                "its title (line {line}) names another licensor: \"{t}\""
            ));
        }
        if !differing.is_empty() {
            let at: Vec<String> = clauses
                .iter()
                .filter(|c| differing.contains(&c.kind))
                .map(|c| format!("{} (lines {}-{})", c.kind, c.first_line, c.last_line))
                .collect();
            why.push(format!(
                "it has terms {similar} does not: {}",
                at.join(", ")
            ));
        }
        let name = title
            .as_ref()
            .map(|(_, t)| t.clone())
            .unwrap_or_else(|| format!("a license similar to {similar}"));
        let id = custom::custom_id(title.as_ref().map(|(_, t)| t.as_str()), &part);
        l.notes.push(format!(
            "similar to {similar} ({:.0}% of its phrases), but {}: judged by its own clauses, not {similar}'s",
            l.confidence * 100.0,
            why.join("; and ")
        ));
        l.facts = custom::facts(&id, &name, &clauses);
        l.method = Method::Clauses;
    }
}

/// A text that grants rights or sets terms but matches no known license: a custom license (or,
/// without grant language, a use policy) judged by its own clauses. `terms` says the text is
/// known to be terms (a file named LICENSE): then any restricting clause is read as its terms.
pub fn unknown_license(text: &str, terms: bool) -> Option<Identification> {
    let rules = custom::CustomRules::builtin();
    let n = text.lines().count().max(1);
    let clauses = custom::clauses_in(text, 1, n);
    let grants = rules.grants(text);
    // Without grant language only a use policy (a list of prohibited uses) is terms, unless the
    // file is known to hold terms.
    let policy = clauses
        .iter()
        .any(|c| c.kind == RestrictionKind::AcceptableUsePolicy);
    let terms_file = terms && !clauses.is_empty();
    if !(grants || policy || terms_file) {
        return None;
    }
    let title = rules.title(text).map(|(_, t)| t);
    let id = custom::custom_id(title.as_deref(), text);
    let name = title.unwrap_or_else(|| "a license this catalog does not know".to_string());
    let facts = custom::facts(&id, &name, &clauses);
    let note = if facts.restrictions.is_empty() {
        "not a license this catalog knows, and none of its clauses restricts: its terms are unknown until someone reads it".to_string()
    } else {
        format!(
            "not a license this catalog knows; read from its own clauses: {}",
            facts
                .restrictions
                .iter()
                .map(|r| r.kind.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    Some(Identification {
        facts,
        confidence: 0.0,
        modified: false,
        extra_terms: Vec::new(),
        base: None,
        form: if grants {
            TextForm::FullText
        } else {
            TextForm::Policy
        },
        method: Method::Clauses,
        lines: Some((1, n)),
        notes: vec![note],
    })
}

/// Copies of one standard text (the same notice for several components, or a notice next to its
/// full text) are that license once, with a note saying where the other copies are.
fn dedup_copies(licenses: &mut Vec<Identification>) {
    let copy = |l: &Identification| {
        l.method == Method::SpdxText
            && matches!(l.form, TextForm::FullText | TextForm::Header)
            && !l.modified
    };
    let mut kept: Vec<Identification> = Vec::new();
    let mut copies: Vec<Vec<(usize, usize)>> = Vec::new();
    for mut l in licenses.drain(..) {
        if copy(&l)
            && let Some(i) = kept
                .iter()
                .position(|k| copy(k) && k.facts.id == l.facts.id)
        {
            // The full text stands for the license, a notice beside it is a copy.
            if kept[i].form == TextForm::Header && l.form == TextForm::FullText {
                std::mem::swap(&mut kept[i], &mut l);
            }
            copies[i].extend(l.lines);
            kept[i].confidence = kept[i].confidence.min(l.confidence);
            continue;
        }
        copies.push(Vec::new());
        kept.push(l);
    }
    for (l, mut more) in kept.iter_mut().zip(copies) {
        if more.is_empty() {
            continue;
        }
        more.sort();
        let at: Vec<String> = more.iter().map(|(a, b)| format!("lines {a}-{b}")).collect();
        l.notes.push(format!(
            "the text holds {} copies of the standard {} text or its notice (also {}): one license",
            more.len() + 1,
            l.facts.id,
            at.join(", ")
        ));
    }
    *licenses = kept;
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
