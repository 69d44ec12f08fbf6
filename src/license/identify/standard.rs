//! Standard licenses checked against the SPDX text index: a standard license found by its
//! fingerprints is confirmed (or found changed, or a header), and text no fingerprint explains is
//! searched for an SPDX license. The index is consulted only when a text needs it.

use super::fingerprint::Candidate;
use super::modified::{Added, modified_standard};
use super::prepare::{LEAD_LINES, Prepared};
use super::report::{Identification, Method, TextForm, round};
use crate::license::Catalog;
use crate::license::facts::RestrictionKind;
use crate::license::normalize::normalize;
use crate::license::similarity::{TextData, TextKind};
use crate::license::store;
use crate::license::terms::extra_terms;

/// Confirm a standard license found by fingerprints against its SPDX text; a changed or
/// extended text becomes a modified license. Returns the identification and the lines the
/// standard text covers.
pub(super) fn verify_standard(
    catalog: &Catalog,
    prep: &Prepared,
    c: &Candidate,
    span: (usize, usize),
) -> Option<(Identification, (usize, usize))> {
    let store = store::get();
    let region = prep.text_of(span.0, span.1);
    let td = TextData::new(&region);
    let (name, original) = store.original(&c.profile.id)?;
    let name = name.to_string();
    // The whole region first: an exact text needs no search for its bounds.
    let whole = td.match_score(&original);
    let (mut bounds, mut view_score) = if whole >= 0.98 {
        (td.lines_view(), whole)
    } else {
        td.optimize_bounds(&original)
    };
    let mut name = name;
    let mut header = false;
    if view_score < 0.95 {
        // A relative may fit better (MIT-0 rather than MIT), or the text is a header: compare
        // with the store's texts of the same family only, which is far cheaper than all.
        if let Some((m_name, m_data, m_header)) = store.best_in_family(&c.profile.id, &td)
            && m_name != name
        {
            let (v, s) = td.optimize_bounds(&m_data);
            if s > view_score + 0.02 && s >= 0.9 {
                bounds = v;
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

/// A standard license of the same family as `id` whose terms include every kind in `kinds`,
/// and whose SPDX text fits `text` best (at least 0.9): what a text is when it has terms the
/// license first found lacks (a CC BY-NC-ND text is not CC BY-NC, however alike the two read).
pub(super) fn sibling_with(
    catalog: &Catalog,
    text: &str,
    id: &str,
    kinds: &[RestrictionKind],
) -> Option<(String, f32)> {
    let store = store::get();
    let family = id.split('-').next().unwrap_or(id);
    let td = TextData::new(text);
    let mut best: Option<(String, f32)> = None;
    for entry in store.entries() {
        let name = entry.name;
        if name.split('-').next() != Some(family) || name == id {
            continue;
        }
        let Some(facts) = catalog.id_facts(name) else {
            continue;
        };
        if !kinds
            .iter()
            .all(|k| facts.restrictions.iter().any(|r| r.kind == *k))
        {
            continue;
        }
        let score = td.match_score(&entry.original());
        if score >= 0.9 && best.as_ref().is_none_or(|b| score > b.1) {
            best = Some((name.to_string(), score));
        }
    }
    best
}

/// Look for an SPDX license in text no fingerprint explains.
pub(super) fn analyze_unknown(
    catalog: &Catalog,
    prep: &Prepared,
    range: (usize, usize),
) -> Option<Identification> {
    let store = store::get();
    let region = prep.text_of(range.0, range.1);
    let td = TextData::new(&region);
    let (m_name, m_text, m_score) = store.analyze(&td)?;
    let header = m_text.kind() == TextKind::Header;
    let ((from, to), view_score) = td.optimize_bounds(&m_text);
    let score = m_score.max(view_score);
    if score < 0.85 {
        return None;
    }
    let name = canonical_store_name(m_name, &only_variant(m_name));
    let base_facts = catalog.id_facts(&name)?;
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
