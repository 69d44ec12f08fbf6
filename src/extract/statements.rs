//! The model's license statements, gathered from every place that makes one: the card's metadata
//! (or, when that names no license, the card's text), the license files, a MOT manifest, and the
//! Hub's `license:` tags when the card itself says nothing.

use super::card::Card;
use super::{licenses, manifest};
use crate::evidence::{LicenseEvidence, LicenseOrigin, Problem, Source};
use crate::license::Catalog;
use crate::license::NOASSERTION;
use crate::snapshot::{Snapshot, TextContent};

/// Every license statement, in the order they are listed in the evidence; the license files'
/// problems go to `problems`.
pub fn gather(
    snapshot: &Snapshot,
    card: Option<&Card>,
    file: &str,
    tags: &[String],
    catalog: &Catalog,
    problems: &mut Vec<Problem>,
) -> Vec<LicenseEvidence> {
    let mut list: Vec<LicenseEvidence> = Vec::new();
    let model = &snapshot.repo.name;
    if let Some(c) = card {
        list.extend(from_card(c, file, model, catalog));
    }
    let (file_licenses, file_problems) = licenses::from_files(snapshot, catalog);
    list.extend(file_licenses);
    if let Some(m) = &snapshot.manifest {
        list.extend(manifest::licenses(m, catalog));
    }
    for p in file_problems {
        problems.push(Problem {
            message: p.clone(),
            source: Source::file(p.split(':').next().unwrap_or_default()),
        });
    }
    let card_says = list.iter().any(|l| {
        l.origin == LicenseOrigin::CardMetadata || l.origin == LicenseOrigin::CardLicenseName
    });
    if !card_says {
        list.extend(licenses::from_hub_tags(tags, catalog));
    }
    // A card that is there but could not be read states terms no one can see: when the Hub's
    // metadata stood in for it and names no license, say so (without any metadata, the card's
    // status already makes its license unknown).
    if card.is_some()
        && !card_says
        && let Some(t) = snapshot.card()
    {
        let reason = match &t.content {
            TextContent::Binary => Some("not a text file"),
            TextContent::Unreadable { reason } => Some(reason.as_str()),
            TextContent::Text { .. } => None,
        };
        if let Some(reason) = reason {
            list.push(licenses::unreadable(
                &t.path,
                reason,
                LicenseOrigin::CardMetadata,
            ));
        }
    }
    list
}

/// The card's statements: its metadata, or, when that names no license (or only
/// `other`/`unknown`), the licenses its text names, or else the terms its prose states about the
/// model.
fn from_card(card: &Card, file: &str, model: &str, catalog: &Catalog) -> Vec<LicenseEvidence> {
    let mut list = licenses::from_card(card, file, catalog);
    if list.iter().all(|l| l.facts.id == NOASSERTION) {
        let from_text = super::text_licenses::from_card_text(card, file, model, catalog);
        if from_text.iter().any(|l| l.facts.id != NOASSERTION) {
            list.retain(|l| l.origin != LicenseOrigin::CardMetadata);
            list.extend(from_text.into_iter().filter(|l| l.facts.id != NOASSERTION));
        } else if list.is_empty() {
            list.extend(from_text);
        }
    }
    // No license anywhere in the card's words: its prose may still state the model's terms.
    if list
        .iter()
        .all(|l| l.facts.id == NOASSERTION && l.facts.restrictions.is_empty())
    {
        list.extend(super::prose::card_terms(card, file, model));
    }
    list
}
