//! License statements, one source at a time: the card's `license` (string or list),
//! `license_name` and `license_link` (with `license: other`), license lines in the card's text,
//! the Hub's `license:` tags, and LICENSE-like files identified from their text (each license in
//! a file, with its lines). Which of them are used together is decided in `statements`; where
//! they disagree, in `conflicts`.

use super::card::Card;
use crate::evidence::{LicenseEvidence, LicenseOrigin, LicenseScope, Source};
use crate::license::{Catalog, Resolution, Resolved};
use crate::license::{Identification, TextForm, identify};
use crate::license::{LicenseFacts, NOASSERTION};
use crate::snapshot::{Snapshot, TextContent};

pub use super::licenses_in_text::from_card_text;
use crate::source::local::is_license_name;

/// The note that marks a use-policy text (it accompanies a license, never contradicts it).
pub const POLICY_NOTE: &str = "a use policy: it accompanies a license";

pub(super) fn evidence(
    declared: String,
    r: Resolved,
    origin: LicenseOrigin,
    source: Source,
    notes: Vec<String>,
) -> LicenseEvidence {
    LicenseEvidence {
        declared,
        facts: r.facts,
        resolution: r.resolution,
        origin,
        scope: LicenseScope::Repository,
        source,
        confidence: None,
        notes,
    }
}

/// Licenses the Hub's `license:` tags declare (the Hub derives them from the card's metadata),
/// for when the card itself could not say.
pub fn from_hub_tags(tags: &[String], catalog: &Catalog) -> Vec<LicenseEvidence> {
    tags.iter()
        .filter_map(|tag| tag.strip_prefix("license:"))
        .map(|id| {
            let r = catalog.resolve(id);
            LicenseEvidence {
                declared: id.to_string(),
                facts: r.facts,
                resolution: r.resolution,
                origin: LicenseOrigin::HubTag,
                scope: LicenseScope::Repository,
                source: Source::api("tags"),
                confidence: None,
                notes: r.warning.into_iter().collect(),
            }
        })
        .collect()
}

/// What a `license:` value holds when it is not a license id or a list of ids (a map, a
/// boolean, a nested list, or a list with such items); `None` for ids, numbers and an empty
/// value (no license stated).
fn unreadable_shape(v: &serde_json::Value) -> Option<&'static str> {
    use serde_json::Value;
    let kind = |v: &Value| match v {
        Value::Object(_) => Some("a mapping"),
        Value::Bool(_) => Some("a true/false value"),
        Value::Array(_) => Some("a nested list"),
        Value::String(_) | Value::Number(_) | Value::Null => None,
    };
    match v {
        Value::Array(items) => items.iter().find_map(kind).map(|k| match k {
            "a mapping" => "a list with a mapping in it",
            "a true/false value" => "a list with a true/false value in it",
            _ => "a nested list",
        }),
        other => kind(other),
    }
}

/// Licenses declared in the card's front matter.
/// The distinct licenses of a card's `license:` list that are read.
pub(super) const MAX_DECLARED: usize = 16;

/// Licenses declared in the card's front matter.
pub fn from_card(card: &Card, file: &str, catalog: &Catalog) -> Vec<LicenseEvidence> {
    let fm = &card.front_matter;
    let mut out = Vec::new();
    let license_line = fm.line("license");
    // One statement per distinct license, and a bound on what one card expands into: beyond
    // it the terms are unknown (never more open by omission).
    let mut declared: Vec<String> = Vec::new();
    let mut more = 0usize;
    for d in fm.strings("license") {
        if declared
            .iter()
            .any(|x| x.trim().eq_ignore_ascii_case(d.trim()))
        {
            continue;
        }
        if declared.len() >= MAX_DECLARED {
            more += 1;
        } else {
            declared.push(d);
        }
    }
    if more > 0 {
        let source = Source::line(file, license_line.unwrap_or(1)).field("license");
        out.push(evidence(
            format!("{more} more licenses"),
            catalog.resolve("unknown"),
            LicenseOrigin::CardMetadata,
            source,
            vec![format!(
                "the card's `license:` list names more than {MAX_DECLARED} distinct licenses; the {more} after the first {MAX_DECLARED} were not read, so the terms they add are unknown"
            )],
        ));
    }
    if let Some(kind) = fm.get("license").and_then(unreadable_shape) {
        let source = Source::line(file, license_line.unwrap_or(1)).field("license");
        out.push(evidence(
            format!("license: {kind}"),
            catalog.resolve("unknown"),
            LicenseOrigin::CardMetadata,
            source,
            vec![format!(
                "the card's `license:` holds {kind}, not a license id or a list of ids, so the terms it means are unknown; write an SPDX id (e.g. `apache-2.0`), a list of ids, or `other` with `license_name` and `license_link`"
            )],
        ));
    }
    let mut other = false;
    for d in &declared {
        let r = catalog.resolve(d);
        if r.facts.id == NOASSERTION
            && matches!(d.trim().to_lowercase().as_str(), "other" | "unknown")
        {
            // `other` says only "see license_name / license_link / LICENSE".
            other = true;
        }
        let notes = r.warning.iter().cloned().collect();
        out.push(evidence(
            d.clone(),
            r,
            LicenseOrigin::CardMetadata,
            Source {
                file: Some(file.to_string()),
                line: license_line,
                field: Some("license".into()),
                url: None,
            },
            notes,
        ));
    }
    let name = fm.string("license_name");
    let link = fm.string("license_link");
    if name.is_none() && link.is_none() {
        return out;
    }
    let source_of = |field: &str| Source {
        file: Some(file.to_string()),
        line: fm.line(field),
        field: Some(field.to_string()),
        url: link.clone(),
    };
    let by_name = name
        .as_ref()
        .map(|n| catalog.resolve(n))
        .filter(|r| r.resolution != Resolution::Unresolved);
    let by_link = link.as_ref().and_then(|l| catalog.resolve_link(l));
    let mut statements = Vec::new();
    match (&by_name, &by_link) {
        (Some(n), Some(l)) if n.facts.id != l.facts.id => {
            // Both say something, and not the same thing: keep both, a conflict follows.
            statements.push(evidence(
                name.clone().unwrap_or_default(),
                n.clone(),
                LicenseOrigin::CardLicenseName,
                source_of("license_name"),
                n.warning.iter().cloned().collect(),
            ));
            let mut notes = vec![format!(
                "identified from the link {}",
                link.clone().unwrap_or_default()
            )];
            notes.extend(l.warning.iter().cloned());
            statements.push(evidence(
                link.clone().unwrap_or_default(),
                l.clone(),
                LicenseOrigin::CardLicenseName,
                source_of("license_link"),
                notes,
            ));
        }
        (Some(n), l) => {
            let mut notes: Vec<String> = n.warning.iter().cloned().collect();
            if l.is_some() {
                notes.push("license_link points at the same license".into());
            }
            statements.push(evidence(
                name.clone().unwrap_or_default(),
                n.clone(),
                LicenseOrigin::CardLicenseName,
                source_of("license_name"),
                notes,
            ));
        }
        (None, Some(l)) => {
            let mut notes = Vec::new();
            if let Some(n) = &name {
                notes.push(format!(
                    "`{n}` is not a name this catalog knows; the license was identified from the link"
                ));
            }
            notes.push(format!(
                "identified from the link {}",
                link.clone().unwrap_or_default()
            ));
            notes.extend(l.warning.iter().cloned());
            statements.push(evidence(
                link.clone().unwrap_or_default(),
                l.clone(),
                LicenseOrigin::CardLicenseName,
                source_of("license_link"),
                notes,
            ));
        }
        // A known `license` with a link to where its text lives (often the repository's own
        // LICENSE file) and no name: the link adds no statement of its own.
        (None, None)
            if name.is_none() && !other && out.iter().any(|l| l.facts.id != NOASSERTION) =>
        {
            for l in out.iter_mut() {
                l.notes.push(format!(
                    "license_link gives the text's address: {}",
                    link.clone().unwrap_or_default()
                ));
            }
        }
        (None, None) => {
            let label = name.clone().or(link.clone()).unwrap_or_default();
            let field = if name.is_some() {
                "license_name"
            } else {
                "license_link"
            };
            let (facts, resolution, notes) =
                by_words(&label, name.iter().chain(link.iter()), catalog);
            statements.push(LicenseEvidence {
                declared: label.clone(),
                facts,
                resolution,
                origin: LicenseOrigin::CardLicenseName,
                scope: LicenseScope::Repository,
                source: source_of(field),
                confidence: None,
                notes,
            });
        }
    }
    if other || declared.is_empty() {
        // The `other` entry is explained (or replaced) by license_name / license_link.
        out.retain(|l| !(l.origin == LicenseOrigin::CardMetadata && l.facts.id == NOASSERTION));
    }
    out.extend(statements);
    out
}

/// A license known only by its name and link: what their words say. A name may name a family
/// whose license the catalog knows (`llama-2-community-license`), or state terms
/// (`...-nc-community`, `...-research-license`); it never makes the terms more open: a family
/// license that is open, or a name that states nothing, leaves them unknown.
fn by_words<'a>(
    label: &str,
    words: impl Iterator<Item = &'a String>,
    catalog: &Catalog,
) -> (LicenseFacts, Resolution, Vec<String>) {
    use crate::license::names::{NameEffect, read_name};
    let unknown_note =
        format!("`{label}` is a custom license this catalog does not know; read its text");
    let readings: Vec<_> = words.map(|w| read_name(w)).collect();
    let family = readings.iter().find_map(|r| {
        let f = r.family.as_ref()?;
        let facts = catalog.id_facts(f.license_id.as_deref()?)?;
        (facts.grants_freedoms() != Some(true)).then(|| (f.clone(), facts))
    });
    if let Some((f, facts)) = family {
        let note = format!(
            "read from its name alone: `{}` names the {} license ({}), confidence {:.2}; read its text to be sure",
            f.words, f.family, facts.id, f.confidence
        );
        return (facts, Resolution::Profile, vec![note]);
    }
    let mut facts = LicenseFacts::unknown(label);
    let mut notes = vec![unknown_note];
    for r in readings
        .iter()
        .filter(|r| r.effect() == NameEffect::Restricts)
    {
        for t in &r.terms {
            if let crate::license::names::NamedTerm::Restricts(kind) = t.term
                && !facts.restrictions.iter().any(|x| x.kind == kind)
            {
                facts.restrictions.push(crate::license::Restriction {
                    kind,
                    summary: format!(
                        "the license's name says so: `{}` in `{}` (confidence {:.2})",
                        t.words, r.name, t.confidence
                    ),
                    threshold: None,
                    url: None,
                });
            }
        }
    }
    if !facts.restrictions.is_empty() {
        let kinds: Vec<&str> = facts.restrictions.iter().map(|r| r.kind.as_str()).collect();
        notes.push(format!(
            "its name states terms ({}): at least these restrict it",
            kinds.join(", ")
        ));
        if facts.restrictions.iter().any(|r| r.kind.breaks_freedoms()) {
            facts.osd_conformant = Some(false);
            facts.kind = if facts
                .restrictions
                .iter()
                .any(|r| r.kind == crate::license::RestrictionKind::NonCommercial)
            {
                crate::license::LicenseKind::NonCommercial
            } else {
                crate::license::LicenseKind::RestrictedOpenWeights
            };
        }
    }
    (facts, Resolution::Unresolved, notes)
}

/// Licenses identified from LICENSE-like files: every license each text holds.
pub fn from_files(snapshot: &Snapshot, catalog: &Catalog) -> (Vec<LicenseEvidence>, Vec<String>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for t in &snapshot.texts {
        let name = t
            .path
            .rsplit('/')
            .next()
            .unwrap_or(&t.path)
            .to_ascii_lowercase();
        let in_license_dir = t.path.contains('/');
        if !is_license_name(&name) && !in_license_dir {
            continue;
        }
        // A license file that is there but cannot be read holds terms no one can see: unknown
        // terms naming the file and the failure, never no license.
        let failure = match &t.content {
            TextContent::Text { .. } => None,
            TextContent::Binary => Some("not a text file".to_string()),
            TextContent::Unreadable { reason } => Some(reason.clone()),
        };
        if let Some(reason) = failure {
            problems.push(match t.content {
                TextContent::Binary => {
                    format!("{}: not a text file; its terms could not be read", t.path)
                }
                _ => format!("{}: could not be read: {reason}", t.path),
            });
            if !name.starts_with("notice") {
                out.push(unreadable(&t.path, &reason, LicenseOrigin::LicenseFile));
            }
            continue;
        }
        let Some(text) = t.text() else { continue };
        let is_notice = name.starts_with("notice");
        let report = identify::identify_all(catalog, text);
        if !report.licenses.is_empty() {
            for id in report.licenses {
                out.push(identified(&t.path, id));
            }
            continue;
        }
        if is_notice {
            continue;
        }
        // A file named as a license whose text is no license we know: its own clauses, if any
        // restrict, are its terms.
        if let Some(id) = identify::unknown_license(text, true) {
            out.push(identified(&t.path, id));
            continue;
        }
        let facts = LicenseFacts::unknown(&t.path);
        let mut notes = vec![format!(
            "the text of {} was not identified as a known license",
            t.path
        )];
        if let Some(url) = &report.points_to {
            notes.push(format!("it points at {url}"));
        }
        out.push(LicenseEvidence {
            declared: t.path.clone(),
            facts,
            resolution: Resolution::Unresolved,
            origin: LicenseOrigin::LicenseFile,
            scope: LicenseScope::Repository,
            source: Source::file(&t.path),
            confidence: None,
            notes,
        });
    }
    (out, problems)
}

/// A license file (or card) that could not be read: its terms are unknown.
pub fn unreadable(path: &str, reason: &str, origin: LicenseOrigin) -> LicenseEvidence {
    // What reports name it by: the file and the failure (its first clause; the notes have all).
    let short = reason.split("; ").next().unwrap_or(reason);
    LicenseEvidence {
        declared: format!("{path}{}{short})", crate::evidence::UNREAD_MARK),
        facts: LicenseFacts::unknown(path),
        resolution: Resolution::Unresolved,
        origin,
        scope: LicenseScope::Repository,
        source: Source::file(path),
        confidence: None,
        notes: vec![format!(
            "{path} could not be read: {reason}; the terms it holds are unknown"
        )],
    }
}

fn identified(path: &str, id: Identification) -> LicenseEvidence {
    let mut notes = Vec::new();
    match id.form {
        TextForm::Policy => notes.push(format!("{POLICY_NOTE} ({})", id.facts.name)),
        TextForm::Header => notes.push(format!(
            "a license notice applying {}, not the license's full text",
            id.facts.id
        )),
        TextForm::Reference => {}
        TextForm::FullText => {}
    }
    if id.modified {
        let base = id.base.as_deref().unwrap_or("a standard license");
        if id.extra_terms.is_empty() {
            notes.push(format!("a modified {base} text: not the standard license"));
        } else {
            notes.push(format!(
                "a standard {base} text with added terms ({}): not the standard license",
                id.extra_terms
                    .iter()
                    .map(|k| k.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    let policy = id.form == TextForm::Policy;
    notes.extend(
        id.notes
            .into_iter()
            .filter(|n| !n.starts_with("a modified "))
            .filter(|n| {
                !(policy && (n.starts_with("a use policy") || n.starts_with("the use policy")))
            }),
    );
    let source = match id.lines {
        Some((first, _)) if first > 1 => Source::line(path, first as u32),
        _ => Source::file(path),
    };
    LicenseEvidence {
        declared: path.to_string(),
        facts: id.facts,
        resolution: Resolution::Profile,
        origin: LicenseOrigin::LicenseFile,
        scope: LicenseScope::Repository,
        source,
        confidence: Some(id.confidence),
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(text: &str) -> crate::extract::card::Card {
        crate::extract::card::parse(text)
    }

    #[test]
    fn a_license_link_to_the_text_of_a_known_license_adds_no_unknown_license() {
        let c = card(
            "---\nlicense: apache-2.0\nlicense_link: https://huggingface.co/org/m/blob/main/LICENSE\n---\n# M\n",
        );
        let got = from_card(&c, "README.md", Catalog::builtin());
        assert_eq!(got.len(), 1, "{got:#?}");
        assert_eq!(got[0].facts.id, "Apache-2.0");
        assert!(got[0].notes.iter().any(|n| n.contains("license_link")));
        // With `other`, an unknown link stays an unknown license.
        let c = card("---\nlicense: other\nlicense_link: https://example.org/terms\n---\n# M\n");
        let got = from_card(&c, "README.md", Catalog::builtin());
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].facts.id, NOASSERTION);
    }
}
