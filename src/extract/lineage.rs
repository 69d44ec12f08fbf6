//! Lineage and datasets: what the Hub source read about a model's `base_model` chain and its
//! `datasets`, turned into evidence.
//!
//! - Each base model becomes a [`LineageEvidence`] with its licenses (scope `BaseModel(id)`),
//!   resolved from its own card (or `cardData`), license files and tags.
//! - A fine-tune, adapter, merge or quantization inherits its parent's terms: the base models'
//!   resolved licenses also govern the weights (`ModelParametersFinal`, and intermediate
//!   checkpoints), so a derivative of a Llama model is open weights under restrictions whatever
//!   its own card declares. A card that declares more open terms than its base allows is a
//!   conflict naming both sources.
//! - Each dataset's license (scope `Dataset(id)`) governs the Datasets component; its data card
//!   shows the Data card component. A dataset under non-commercial terms behind a model declared
//!   under open terms is a conflict.
//!
//! A base model or dataset that could not be read is a limit, and its terms stay unknown: never
//! assumed open, never assumed closed.

use std::collections::BTreeSet;

use super::card::{self, Card};
use super::licenses;
use crate::component::Component;
use crate::evidence::{
    Availability, Conflict, Evidence, Fact, LicenseEvidence, LicenseOrigin, LicenseScope,
    LineageEvidence, Source, Strength,
};
use crate::license::{
    Catalog, LicenseFacts, LicenseKind, NOASSERTION, Resolution, RestrictionKind,
};
use crate::snapshot::{DatasetSnapshot, Snapshot, TextContent};

/// Add the lineage and dataset evidence of `snapshot` to `ev`. `direct` is where the model's
/// own card names its base models (its `base_model` line, or the Hub's `cardData`).
pub fn apply(snapshot: &Snapshot, catalog: &Catalog, ev: &mut Evidence, direct: &Source) {
    lineage(snapshot, catalog, ev, direct);
    datasets(snapshot, catalog, ev);
}

/// The base models the card names that the source did not follow (a local scan does not follow
/// lineage): each once with its place in the card, and no license; at most
/// [`super::MAX_LISTED`] distinct ones, with how many more the card names (their terms are
/// unknown: see [`super::families::unlisted_bases`]).
pub fn declared(
    snapshot: &Snapshot,
    card: Option<&Card>,
    file: &str,
) -> (Vec<LineageEvidence>, usize) {
    let mut out = Vec::new();
    let Some(c) = card else {
        return (out, 0);
    };
    let relation = c.front_matter.string("base_model_relation");
    let mut seen = std::collections::HashSet::new();
    let mut listed = super::Listed::default();
    for base in c.front_matter.strings("base_model") {
        if !seen.insert(base.clone())
            || !listed.admit(&base)
            || snapshot.lineage.iter().any(|a| a.id == base)
        {
            continue;
        }
        out.push(LineageEvidence {
            id: base.clone(),
            relation: relation.clone(),
            depth: 1,
            source: base_model_line(c, file),
            licenses: Vec::new(),
            note: Some(
                "the base model's license was not read (a local scan does not follow lineage; scan from the Hub to check it)".into(),
            ),
        });
    }
    (out, listed.more())
}

/// Where the model's own card names its base models: its `base_model` line, or the Hub's
/// `cardData` (or its tags) when the metadata came from the Hub.
pub fn named_at(card: Option<&Card>, file: &str, metadata_from_hub: bool) -> Source {
    match card {
        Some(c) if !metadata_from_hub => base_model_line(c, file),
        Some(c) if c.front_matter.get("base_model").is_some() => Source::api("cardData.base_model"),
        _ => Source::api("tags"),
    }
}

fn base_model_line(c: &Card, file: &str) -> Source {
    Source {
        file: Some(file.to_string()),
        line: c.front_matter.line("base_model"),
        field: Some("base_model".into()),
        url: None,
    }
}

/// `fine-tune`, `adapter`, `merge`, `quantization`, or `derivative` when the card does not say.
fn relation_noun(relation: Option<&str>) -> &'static str {
    match relation.map(str::to_ascii_lowercase).as_deref() {
        Some("finetune" | "fine-tune" | "fine_tune") => "fine-tune",
        Some("adapter") => "adapter",
        Some("merge") => "merge",
        Some("quantized" | "quantization") => "quantization",
        _ => "derivative",
    }
}

/// A source inside another repository: `ORG/NAME/README.md:3`, or `hf:ORG/NAME` for API fields.
fn elsewhere(id: &str, s: &Source) -> Source {
    Source {
        file: Some(match &s.file {
            Some(f) => format!("{id}/{f}"),
            None => format!("hf:{id}"),
        }),
        line: s.line,
        field: s.field.clone(),
        url: s.url.clone(),
    }
}

fn kinds(f: &LicenseFacts) -> BTreeSet<RestrictionKind> {
    f.freedom_restrictions().map(|r| r.kind).collect()
}

/// The model's own resolved licenses (card, license files, Hub tags), by index.
fn own_licenses(ev: &Evidence) -> Vec<usize> {
    ev.licenses
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            l.scope == LicenseScope::Repository
                && l.origin != LicenseOrigin::Library
                && l.facts.id != NOASSERTION
        })
        .map(|(i, _)| i)
        .collect()
}

fn lineage(snapshot: &Snapshot, catalog: &Catalog, ev: &mut Evidence, direct: &Source) {
    if snapshot.lineage.is_empty() {
        return;
    }
    let own = own_licenses(ev);
    let mut inherited: Vec<usize> = Vec::new();
    let mut conflicts: Vec<Conflict> = Vec::new();
    for a in &snapshot.lineage {
        let source = if a.depth == 1 {
            direct.clone()
        } else {
            Source {
                file: Some(format!("{}/README.md", a.child)),
                field: Some("base_model".into()),
                ..Default::default()
            }
        };
        let mut entry = LineageEvidence {
            id: a.id.clone(),
            relation: a.relation.clone(),
            depth: a.depth,
            source,
            licenses: Vec::new(),
            note: None,
        };
        match (&a.snapshot, &a.error) {
            (Some(base), _) => {
                let base_ev = super::extract(base, catalog);
                for l in base_ev.licenses.into_iter().filter(|l| {
                    l.scope == LicenseScope::Repository && l.origin != LicenseOrigin::Library
                }) {
                    let mut l = l;
                    l.scope = LicenseScope::BaseModel(a.id.clone());
                    l.source = elsewhere(&a.id, &l.source);
                    l.notes.push(format!(
                        "the license of base model {} ({} generation{} up)",
                        a.id,
                        a.depth,
                        if a.depth == 1 { "" } else { "s" }
                    ));
                    entry.licenses.push(ev.licenses.len());
                    ev.licenses.push(l);
                }
                let resolved: Vec<usize> = entry
                    .licenses
                    .iter()
                    .copied()
                    .filter(|&i| ev.licenses[i].facts.id != NOASSERTION)
                    .collect();
                if entry.licenses.is_empty() {
                    entry.note = Some(format!(
                        "no license was found for {}: the terms it passes on are unknown",
                        a.id
                    ));
                } else if resolved.is_empty() {
                    entry.note = Some(format!(
                        "the license of {} could not be identified: the terms it passes on are unknown",
                        a.id
                    ));
                } else {
                    entry.note = Some(format!(
                        "a {} inherits the terms of its base model",
                        relation_noun(a.relation.as_deref())
                    ));
                }
                inherited.extend(&resolved);
                // (a) the model declares more open terms than its base allows.
                let base_restricting = resolved
                    .iter()
                    .map(|&i| &ev.licenses[i])
                    .find(|l| l.facts.grants_freedoms() == Some(false));
                if let Some(b) = base_restricting {
                    let b_kinds = kinds(&b.facts);
                    for &ci in &own {
                        let c = &ev.licenses[ci];
                        let c_kinds = kinds(&c.facts);
                        let more_open =
                            c.facts.grants_freedoms() == Some(true) || !b_kinds.is_subset(&c_kinds);
                        if c.facts.id != b.facts.id && more_open {
                            let what: Vec<&str> = b_kinds.iter().map(|k| k.as_str()).collect();
                            conflicts.push(Conflict {
                                message: format!(
                                    "{}, but the model is a {} of {}, whose license is {} ({}): a {} inherits its base model's terms{}, so the weights are under {} as well and the more restrictive terms apply",
                                    super::conflicts::statement(c),
                                    relation_noun(a.relation.as_deref()),
                                    a.id,
                                    b.facts.id,
                                    b.source,
                                    relation_noun(a.relation.as_deref()),
                                    if what.is_empty() {
                                        String::new()
                                    } else {
                                        format!(" ({})", what.join(", "))
                                    },
                                    b.facts.id
                                ),
                                sources: vec![c.source.clone(), b.source.clone()],
                            });
                        }
                    }
                }
            }
            (None, Some(err)) => {
                entry.note = Some(format!(
                    "the base model could not be read, so the terms it passes on are unknown: {err}"
                ));
                ev.limits
                    .push(format!("base model {} could not be read: {err}", a.id));
            }
            (None, None) => {}
        }
        ev.lineage.push(entry);
    }
    // The base models' terms govern the weights too.
    inherited.sort();
    inherited.dedup();
    for c in [
        Component::ModelParametersFinal,
        Component::ModelParametersIntermediate,
    ] {
        if let Some(ce) = ev.components.get_mut(&c)
            && matches!(
                ce.availability,
                Availability::Published | Availability::Declared
            )
        {
            for &i in &inherited {
                if !ce.licenses.contains(&i) {
                    ce.licenses.push(i);
                }
            }
        }
    }
    ev.conflicts.extend(conflicts);
}

/// A dataset's licenses, from its card (or `cardData`), else its `license:` tags.
fn dataset_licenses(d: &DatasetSnapshot, catalog: &Catalog) -> Vec<LicenseEvidence> {
    let parsed = d
        .card
        .as_ref()
        .and_then(|c| match &c.content {
            TextContent::Text { text, .. } => Some(card::parse(text)),
            _ => None,
        })
        .filter(|c| c.front_matter.data.is_some());
    let (card, file) = match (
        parsed,
        d.metadata.as_ref().and_then(|h| h.card_data.as_ref()),
    ) {
        (Some(c), _) => (Some(c), "README.md"),
        (None, Some(v)) => (Some(card::from_card_data(v)), ""),
        (None, None) => (None, ""),
    };
    let mut out: Vec<LicenseEvidence> = card
        .as_ref()
        .map(|c| licenses::from_card(c, if file.is_empty() { "cardData" } else { file }, catalog))
        .unwrap_or_default();
    if file.is_empty() {
        for l in &mut out {
            l.source = Source::api(format!(
                "cardData.{}",
                l.source.field.clone().unwrap_or_else(|| "license".into())
            ));
        }
    }
    if out.is_empty() {
        let tags: Vec<String> = d.metadata.iter().flat_map(|h| h.tags.clone()).collect();
        out.extend(super::licenses::from_hub_tags(&tags, catalog));
    }
    for l in &mut out {
        l.scope = LicenseScope::Dataset(d.id.clone());
        l.source = elsewhere(&d.id, &l.source);
        l.notes.push(format!("the license of dataset {}", d.id));
    }
    out
}

fn non_commercial(f: &LicenseFacts) -> bool {
    f.kind == LicenseKind::NonCommercial
        || f.restrictions
            .iter()
            .any(|r| r.kind == RestrictionKind::NonCommercial)
}

fn datasets(snapshot: &Snapshot, catalog: &Catalog, ev: &mut Evidence) {
    if snapshot.datasets.is_empty() {
        return;
    }
    let own = own_licenses(ev);
    let mut ds_licenses: Vec<usize> = Vec::new();
    let mut card_licenses: Vec<usize> = Vec::new();
    let mut ds_facts: Vec<Fact> = Vec::new();
    let mut card_facts: Vec<Fact> = Vec::new();
    let mut conflicts = Vec::new();
    for d in &snapshot.datasets {
        if let Some(err) = &d.error {
            ev.limits.push(format!(
                "dataset {} could not be read, so its license is unknown: {err}",
                d.id
            ));
        }
        let mut found = dataset_licenses(d, catalog);
        if found.is_empty() {
            // Read or not, no license is known: the dataset's terms are unknown, not open.
            found.push(LicenseEvidence {
                declared: d.id.clone(),
                facts: LicenseFacts::unknown(&d.id),
                resolution: Resolution::Unresolved,
                origin: LicenseOrigin::CardMetadata,
                scope: LicenseScope::Dataset(d.id.clone()),
                source: Source::file(format!("hf:{}", d.id)),
                confidence: None,
                notes: vec![if d.error.is_some() {
                    format!("dataset {} could not be read", d.id)
                } else {
                    format!("dataset {} declares no license", d.id)
                }],
            });
        }
        let ids: Vec<String> = found.iter().map(|l| l.facts.id.clone()).collect();
        if d.error.is_none() {
            let source = found
                .iter()
                .find(|l| l.facts.id != NOASSERTION)
                .map(|l| l.source.clone())
                .unwrap_or_else(|| Source::file(format!("hf:{}", d.id)));
            ds_facts.push(Fact::new(
                Strength::Linked,
                format!(
                    "dataset {} is on the Hub under {}",
                    d.id,
                    ids.iter()
                        .map(|i| if i == NOASSERTION {
                            "no stated license"
                        } else {
                            i
                        })
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
                source,
            ));
        }
        let card_words = d
            .card
            .as_ref()
            .and_then(|c| c.text())
            .map(|t| {
                card::parse(t)
                    .body_lines()
                    .map(|(_, l)| l.split_whitespace().count())
                    .sum::<usize>()
            })
            .unwrap_or(0);
        let has_card = card_words >= 20;
        for l in found {
            // (b) non-commercial data behind a model declared under open terms.
            if non_commercial(&l.facts) {
                for &ci in &own {
                    let c = &ev.licenses[ci];
                    if c.facts.grants_freedoms() == Some(true) {
                        conflicts.push(Conflict {
                            message: format!(
                                "{}, but its training dataset {} is under {} ({}), which forbids commercial use: whether those terms reach the model is not settled, so the model's open license may not be safe to rely on for commercial use",
                                super::conflicts::statement(c),
                                d.id,
                                l.facts.id,
                                l.source
                            ),
                            sources: vec![c.source.clone(), l.source.clone()],
                        });
                    }
                }
            }
            let i = ev.licenses.len();
            ds_licenses.push(i);
            if has_card {
                card_licenses.push(i);
            }
            ev.licenses.push(l);
        }
        if has_card {
            card_facts.push(Fact::new(
                Strength::Linked,
                format!("dataset {} has a data card ({card_words} words)", d.id),
                Source::file(format!("{}/README.md", d.id)),
            ));
        }
    }
    attach(ev, Component::Datasets, ds_facts, &ds_licenses, true);
    attach(ev, Component::DataCard, card_facts, &card_licenses, false);
    ev.conflicts.extend(conflicts);
}

/// Add facts (and their licenses) to a component found elsewhere. `replace_linked`: the
/// licenses now known take the place of "linked, license not checked".
fn attach(ev: &mut Evidence, c: Component, facts: Vec<Fact>, lic: &[usize], replace_linked: bool) {
    if facts.is_empty() && lic.is_empty() {
        return;
    }
    let Some(ce) = ev.components.get_mut(&c) else {
        return;
    };
    let published_here = matches!(
        ce.availability,
        Availability::Published | Availability::Declared
    );
    if published_here && !replace_linked {
        // Found in the repository itself: its own terms govern; the datasets' cards add facts.
        ce.facts.extend(facts);
        ce.facts.sort();
        ce.facts.dedup();
        return;
    }
    if !facts.is_empty() {
        ce.facts.extend(facts);
        ce.facts.sort();
        ce.facts.dedup();
        if !published_here {
            ce.availability = Availability::Linked;
            ce.note = None;
        }
    }
    if ce.availability == Availability::Linked || replace_linked {
        for &i in lic {
            if !ce.licenses.contains(&i) {
                ce.licenses.push(i);
            }
        }
    }
}
