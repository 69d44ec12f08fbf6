//! The terms a model inherits from a base it could not read, or names only in passing: a
//! fine-tune, adapter, merge or quantization carries its base's terms whatever its own card
//! declares.
//!
//! - A declared base model (`base_model`) whose license could not be read (not found, gated,
//!   offline, not followed by a local scan, no license found) passes on its family's terms when
//!   its id names a known family (`licenses/terms/families.yaml`: `meta-llama/...` is Llama);
//!   when it names no family, the terms it passes on are unknown, and so are the model's.
//! - A model that declares no base but whose name, tags or card text name a family whose terms
//!   restrict (`Medical-Llama3-8B`, a tag `llama-2`, a table row "LLM: Gemma2-9B-It") inherits
//!   that family's terms, unless its own stated terms already restrict.
//!
//! Either way the evidence says where the family was named, and a more open declaration of the
//! model's own is reported as a conflict with both sources. A name can make the terms more
//! restricted or unknown, never more open: a family whose license is open adds nothing.

use super::card::Card;
use crate::component::Component;
use crate::evidence::{Conflict, Evidence, LicenseEvidence, LicenseOrigin, LicenseScope, Source};
use crate::license::families::{self, FamilyMatch, MatchedBy};
use crate::license::{Catalog, LicenseFacts, NOASSERTION, Resolution};

/// Add the terms of base models read only as names.
pub fn apply(
    ev: &mut Evidence,
    card: Option<&Card>,
    file: &str,
    tags: &[String],
    catalog: &Catalog,
) {
    let unread: Vec<usize> = (0..ev.lineage.len())
        .filter(|&i| {
            !ev.lineage[i]
                .licenses
                .iter()
                .any(|&l| ev.licenses[l].facts.id != NOASSERTION)
        })
        .collect();
    if !ev.lineage.is_empty() {
        for i in unread {
            declared_base(ev, i, catalog);
        }
        return;
    }
    named_base(ev, card, file, tags, catalog);
}

/// The terms of the base models a card names beyond those read from one card
/// ([`super::MAX_LISTED`]): unknown, and they govern the weights as any base's do (never more
/// open by omission). `more` is how many; `source` is where the card names its bases.
pub fn unlisted_bases(ev: &mut Evidence, more: usize, source: &Source) {
    if more == 0 {
        return;
    }
    let max = super::MAX_LISTED;
    let index = push(
        ev,
        LicenseEvidence {
            declared: format!("{more} more base models"),
            facts: LicenseFacts::unknown(&format!("the terms of {more} more base models")),
            resolution: Resolution::Unresolved,
            origin: LicenseOrigin::BaseModelFamily,
            scope: LicenseScope::BaseModel(format!("{more} more base models")),
            source: source.clone(),
            confidence: None,
            notes: vec![format!(
                "the card's `base_model` list names more than {max} distinct base models; the {more} after the first {max} were not read, so the terms they pass on, and so the model's, are unknown"
            )],
        },
    );
    conflict(ev, index);
}

/// The first family that has one license.
fn first_licensed(matches: Vec<FamilyMatch>) -> Option<FamilyMatch> {
    matches.into_iter().find(|m| m.license_id.is_some())
}

fn relation_words(relation: Option<&str>) -> &'static str {
    match relation.map(str::to_ascii_lowercase).as_deref() {
        Some("adapter") => "an adapter",
        Some("merge") => "a merge",
        Some("quantized" | "quantization") => "a quantization",
        Some("finetune" | "fine-tune" | "fine_tune") => "a fine-tune",
        _ => "a derivative",
    }
}

/// A declared base model whose own license was not read.
fn declared_base(ev: &mut Evidence, i: usize, catalog: &Catalog) {
    let base = ev.lineage[i].clone();
    let relation = relation_words(base.relation.as_deref());
    let family = first_licensed(families::match_repo(&base.id))
        .or_else(|| first_licensed(families::match_name(&base.id)));
    // The model states its base family's license itself: nothing to add.
    if let Some(f) = &family
        && ev
            .stated_candidates()
            .any(|l| Some(&l.facts.id) == f.license_id.as_ref())
    {
        return;
    }
    let evidence = match family {
        Some(f) => {
            let id = f.license_id.clone().unwrap_or_default();
            let r = catalog.resolve(&id);
            LicenseEvidence {
                declared: format!("{} (a {} model)", base.id, f.name),
                facts: r.facts,
                resolution: r.resolution,
                origin: LicenseOrigin::BaseModelFamily,
                scope: LicenseScope::BaseModel(base.id.clone()),
                source: base.source.clone(),
                confidence: None,
                notes: vec![format!(
                    "the license of base model {} was not read; its id names a {} model, whose weights are under {id}: {relation} carries its base's terms",
                    base.id, f.name
                )],
            }
        }
        None => LicenseEvidence {
            declared: base.id.clone(),
            facts: LicenseFacts::unknown(&format!("the terms of base model {}", base.id)),
            resolution: Resolution::Unresolved,
            origin: LicenseOrigin::BaseModelFamily,
            scope: LicenseScope::BaseModel(base.id.clone()),
            source: base.source.clone(),
            confidence: None,
            notes: vec![format!(
                "the license of base model {} was not read and its id names no known family: the terms it passes on, and so the model's, are unknown",
                base.id
            )],
        },
    };
    let index = push(ev, evidence);
    ev.lineage[i].licenses.push(index);
    conflict(ev, index);
}

/// No declared base: a family named by the model's own name, its tags or its card's text.
fn named_base(
    ev: &mut Evidence,
    card: Option<&Card>,
    file: &str,
    tags: &[String],
    catalog: &Catalog,
) {
    let own_terms: Vec<&LicenseEvidence> = ev.stated_candidates().collect();
    // Own terms that already restrict need nothing more.
    if own_terms
        .iter()
        .any(|l| l.facts.grants_freedoms() == Some(false))
    {
        return;
    }
    let mut card_tags: Vec<String> = card
        .map(|c| c.front_matter.strings("tags"))
        .unwrap_or_default();
    card_tags.extend(tags.iter().cloned());
    let by_name = first_licensed(families::match_name(&ev.repo.display)).map(|m| {
        (
            m,
            Source::api("id"),
            format!("the model's name {}", ev.repo.display),
        )
    });
    let by_tag = || {
        card_tags.iter().find_map(|t| {
            first_licensed(families::match_tag(t)).map(|m| {
                let source = match card {
                    Some(c) if c.front_matter.strings("tags").contains(t) => Source {
                        file: Some(file.to_string()),
                        line: c.front_matter.line("tags"),
                        field: Some("tags".into()),
                        url: None,
                    },
                    _ => Source::api("tags"),
                };
                (m, source, format!("the tag `{t}`"))
            })
        })
    };
    let by_text = || {
        let c = card?;
        let body: String = c.lines.join("\n");
        families::scan_text(&body)
            .into_iter()
            .filter(|m| m.matched_by == MatchedBy::Text)
            .find(|m| m.license_id.is_some())
            .map(|m| {
                let line = m.line.map(|l| l as u32);
                let words = m.words.clone();
                (
                    m,
                    Source {
                        file: Some(file.to_string()),
                        line,
                        field: None,
                        url: None,
                    },
                    format!("the card's text (\"{words}\")"),
                )
            })
    };
    let Some((family, source, named_by)) = by_name.or_else(by_tag).or_else(by_text) else {
        return;
    };
    let id = family.license_id.clone().unwrap_or_default();
    if own_terms.iter().any(|l| l.facts.id == id) {
        return;
    }
    let r = catalog.resolve(&id);
    // A name never makes terms more open.
    if r.facts.grants_freedoms() == Some(true) {
        return;
    }
    let index = push(
        ev,
        LicenseEvidence {
            declared: format!("{} (named by {named_by})", family.name),
            facts: r.facts,
            resolution: r.resolution,
            origin: LicenseOrigin::BaseModelFamily,
            scope: LicenseScope::BaseModel(family.name.clone()),
            source,
            confidence: None,
            notes: vec![format!(
                "{named_by} names a {} model, whose weights are under {id}, and no base model is declared: a model made from it carries its terms",
                family.name
            )],
        },
    );
    conflict(ev, index);
}

/// Add a license that governs the weights (final and intermediate).
fn push(ev: &mut Evidence, l: LicenseEvidence) -> usize {
    let index = ev.licenses.len();
    ev.licenses.push(l);
    for c in [
        Component::ModelParametersFinal,
        Component::ModelParametersIntermediate,
    ] {
        if let Some(ce) = ev.components.get_mut(&c)
            && !ce.licenses.contains(&index)
        {
            ce.licenses.push(index);
        }
    }
    index
}

/// A more open declaration of the model's own, against the terms it inherits.
fn conflict(ev: &mut Evidence, index: usize) {
    let inherited = &ev.licenses[index];
    if inherited.facts.grants_freedoms() == Some(true) {
        return;
    }
    let message = |own: &LicenseEvidence| {
        format!(
            "{}, but {} ({}): the inherited terms apply, and they are not as open",
            super::conflicts::statement(own),
            inherited.declared,
            if inherited.facts.id == NOASSERTION {
                "terms unknown".to_string()
            } else {
                inherited.facts.id.clone()
            }
        )
    };
    let found: Vec<Conflict> = ev
        .stated_candidates()
        .filter(|l| l.facts.grants_freedoms() == Some(true))
        .map(|own| Conflict {
            message: message(own),
            sources: vec![own.source.clone(), inherited.source.clone()],
        })
        .collect();
    ev.conflicts.extend(found);
}
