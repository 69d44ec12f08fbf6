//! License statements: the card's `license` (string or list), `license_name` and `license_link`
//! (with `license: other`), and LICENSE-like files identified from their text. Disagreements
//! between them are conflicts, with both sources named.

use super::card::Card;
use crate::evidence::{Conflict, LicenseEvidence, LicenseOrigin, LicenseScope, Source};
use crate::license::catalog::{Catalog, Resolution};
use crate::license::identify::{self, Identification};
use crate::license::{LicenseFacts, LicenseKind, NOASSERTION, Restriction};
use crate::snapshot::{Snapshot, TextContent};
use crate::source::local::is_license_name;

/// Licenses declared in the card's front matter.
pub fn from_card(card: &Card, file: &str, catalog: &Catalog) -> Vec<LicenseEvidence> {
    let fm = &card.front_matter;
    let mut out = Vec::new();
    let license_line = fm.line("license");
    let declared = fm.strings("license");
    let mut other = false;
    for d in &declared {
        let r = catalog.resolve(d);
        if r.facts.id == NOASSERTION
            && matches!(d.trim().to_lowercase().as_str(), "other" | "unknown")
        {
            other = true;
            // `other` says only "see license_name / license_link / LICENSE": record it only if
            // nothing better is found below.
        }
        let mut notes = Vec::new();
        if let Some(w) = &r.warning {
            notes.push(w.clone());
        }
        out.push(LicenseEvidence {
            declared: d.clone(),
            facts: r.facts,
            resolution: r.resolution,
            origin: LicenseOrigin::CardMetadata,
            scope: LicenseScope::Repository,
            source: Source {
                file: Some(file.to_string()),
                line: license_line,
                field: Some("license".into()),
                url: None,
            },
            confidence: None,
            notes,
        });
    }
    let name = fm.string("license_name");
    let link = fm.string("license_link");
    if name.is_some() || link.is_some() {
        let mut resolved = None;
        if let Some(n) = &name {
            let r = catalog.resolve(n);
            if r.resolution != Resolution::Unresolved {
                resolved = Some((n.clone(), r, "license_name"));
            }
        }
        if resolved.is_none()
            && let Some(l) = &link
            && let Some(p) = catalog.profile_by_link(l)
        {
            let r = catalog.resolve(&p.id);
            resolved = Some((l.clone(), r, "license_link"));
        }
        let line_of = |key: &str| fm.line(key);
        match resolved {
            Some((declared, r, field)) => {
                let mut notes = Vec::new();
                if let Some(w) = &r.warning {
                    notes.push(w.clone());
                }
                if field == "license_link" {
                    notes.push(format!("identified from the link {declared}"));
                }
                out.push(LicenseEvidence {
                    declared,
                    facts: r.facts,
                    resolution: r.resolution,
                    origin: LicenseOrigin::CardLicenseName,
                    scope: LicenseScope::Repository,
                    source: Source {
                        file: Some(file.to_string()),
                        line: line_of(field),
                        field: Some(field.to_string()),
                        url: link.clone(),
                    },
                    confidence: None,
                    notes,
                });
                if other {
                    // The `other` entry is now explained; drop it.
                    out.retain(|l| {
                        !(l.origin == LicenseOrigin::CardMetadata && l.facts.id == NOASSERTION)
                    });
                }
            }
            None => {
                let label = name.clone().or(link.clone()).unwrap_or_default();
                let field = if name.is_some() {
                    "license_name"
                } else {
                    "license_link"
                };
                if other {
                    out.retain(|l| {
                        !(l.origin == LicenseOrigin::CardMetadata && l.facts.id == NOASSERTION)
                    });
                }
                out.push(LicenseEvidence {
                    declared: label.clone(),
                    facts: LicenseFacts::unknown(&label),
                    resolution: Resolution::Unresolved,
                    origin: LicenseOrigin::CardLicenseName,
                    scope: LicenseScope::Repository,
                    source: Source {
                        file: Some(file.to_string()),
                        line: line_of(field),
                        field: Some(field.to_string()),
                        url: link.clone(),
                    },
                    confidence: None,
                    notes: vec![format!(
                        "`{label}` is a custom license this catalog does not know; read its text"
                    )],
                });
            }
        }
    }
    out
}

/// Licenses identified from LICENSE-like files.
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
        let text = match &t.content {
            TextContent::Text { text, .. } => text,
            TextContent::Binary => {
                problems.push(format!(
                    "{}: not a text file; its terms could not be read",
                    t.path
                ));
                continue;
            }
            TextContent::Unreadable { reason } => {
                problems.push(format!("{}: could not be read: {reason}", t.path));
                continue;
            }
        };
        let is_notice = name.starts_with("notice");
        match identify::identify(catalog, text) {
            Some(id) => out.push(identified(&t.path, id)),
            None if is_notice => {}
            None => {
                let normalized = identify::normalize(text);
                let kinds = identify::extra_terms(&normalized);
                let mut facts = LicenseFacts::unknown(&t.path);
                let mut notes = vec![format!(
                    "the text of {} was not identified as a known license",
                    t.path
                )];
                if !kinds.is_empty() {
                    facts.restrictions = kinds
                        .iter()
                        .map(|k| Restriction {
                            kind: *k,
                            summary: format!("the text contains wording of a {k} term"),
                            threshold: None,
                            url: None,
                        })
                        .collect();
                    if kinds.iter().any(|k| k.breaks_freedoms()) {
                        facts.osd_conformant = Some(false);
                        facts.kind =
                            if kinds.contains(&crate::license::RestrictionKind::NonCommercial) {
                                LicenseKind::NonCommercial
                            } else {
                                LicenseKind::Unknown
                            };
                    }
                    notes.push(format!(
                        "it contains wording of: {}",
                        kinds
                            .iter()
                            .map(|k| k.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
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
        }
    }
    (out, problems)
}

fn identified(path: &str, id: Identification) -> LicenseEvidence {
    let mut notes = Vec::new();
    if id.modified {
        notes.push(format!(
            "a standard text with added terms ({}): not the standard license",
            id.extra_terms
                .iter()
                .map(|k| k.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    LicenseEvidence {
        declared: path.to_string(),
        facts: id.facts,
        resolution: Resolution::Profile,
        origin: LicenseOrigin::LicenseFile,
        scope: LicenseScope::Repository,
        source: Source::file(path),
        confidence: Some((id.confidence * 100.0).round() / 100.0),
        notes,
    }
}

/// The family a license belongs to for conflict checks (`LicenseRef-llama3.1` and
/// `LicenseRef-llama3.1-modified` differ; `Apache-2.0` in the card and in the file agree).
fn same_terms(a: &LicenseFacts, b: &LicenseFacts) -> bool {
    a.id == b.id || a.id.split(" OR ").any(|x| x == b.id) || b.id.split(" OR ").any(|x| x == a.id)
}

/// "README.md:2 (`license`) declares apache-2.0 (Apache-2.0)" or "LICENSE is the Llama ...".
fn statement(l: &LicenseEvidence) -> String {
    match l.origin {
        LicenseOrigin::LicenseFile => {
            format!("{} is the {} ({})", l.source, l.facts.name, l.facts.id)
        }
        _ if l.declared == l.facts.id => format!("{} declares {}", l.source, l.declared),
        _ => format!("{} declares {} ({})", l.source, l.declared, l.facts.id),
    }
}

/// Repository-level statements that disagree. Unidentified texts and acceptable-use policies
/// accompany a license rather than contradict it.
pub fn conflicts(licenses: &[LicenseEvidence]) -> Vec<Conflict> {
    let mut out = Vec::new();
    let comparable: Vec<&LicenseEvidence> = licenses
        .iter()
        .filter(|l| l.scope == LicenseScope::Repository)
        .filter(|l| l.facts.id != NOASSERTION)
        .filter(|l| !l.facts.id.contains("acceptable-use-policy"))
        .collect();
    for (i, a) in comparable.iter().enumerate() {
        for b in &comparable[i + 1..] {
            if a.origin == b.origin && a.origin == crate::evidence::LicenseOrigin::LicenseFile {
                continue; // several license files may cover several parts
            }
            if a.origin == b.origin && a.origin == LicenseOrigin::CardMetadata {
                continue; // a list of licenses in the card is deliberate
            }
            if !same_terms(&a.facts, &b.facts) {
                let open = |f: &LicenseFacts| f.grants_freedoms() == Some(true);
                let weight = if open(&a.facts) != open(&b.facts) {
                    "one is open and the other is not; the more restrictive terms are assumed to apply"
                } else {
                    "check which one governs the weights"
                };
                out.push(Conflict {
                    message: format!("{} but {}: {weight}", statement(a), statement(b)),
                    sources: vec![a.source.clone(), b.source.clone()],
                });
            }
        }
    }
    out
}
