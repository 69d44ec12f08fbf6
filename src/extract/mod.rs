//! Extraction: [`Snapshot`] -> [`Evidence`]. Pure: reads only the snapshot, the license catalog
//! and the built-in vocabulary ([`crate::vocab`]). Every fact carries its source; what could not be
//! looked at is Unknown, never absent.
//!
//! The parts, in the order [`extract`] runs them:
//!
//! 1. [`card_status`]: read the card (or the Hub's `cardData` in its place) and say how well;
//! 2. [`statements`]: the license statements of the card, its text, the files, a manifest, the
//!    Hub's tags ([`licenses`] reads each source), and their [`conflicts`];
//! 3. [`components`]: the facts of each component ([`files`], [`links`], [`card_facts`],
//!    branches, [`manifest`], [`library`]), its availability and its licenses;
//! 4. [`data_info`], [`access`], [`lineage`], [`measures`];
//! 5. [`governing`]: which licenses govern each component, decided once, last.

pub mod access;
pub mod card;
pub mod card_facts;
pub mod card_status;
pub mod components;
pub mod conflicts;
pub mod data_cards;
pub mod data_info;
pub mod description;
pub mod families;
pub mod files;
pub mod governing;
pub mod library;
pub mod licenses;
mod licenses_in_text;
pub mod lineage;
pub mod linked;
pub mod links;
pub mod manifest;
pub mod measures;
pub mod papers;
pub mod prose;
pub mod statements;

use std::collections::{BTreeMap, HashSet};

use crate::component::Component;
use crate::evidence::{Evidence, Fact};
use crate::license::Catalog;
use crate::snapshot::Snapshot;

/// Extract evidence from a snapshot.
pub fn extract(snapshot: &Snapshot, catalog: &Catalog) -> Evidence {
    let mut limits = source_limits(snapshot);
    let reading = card_status::read(snapshot);
    let mut problems = reading.problems.clone();
    let card = reading.card.as_ref();
    let file = reading.file.as_str();
    let tags: Vec<String> = snapshot
        .metadata
        .as_ref()
        .map(|h| h.tags.clone())
        .unwrap_or_default();

    let mut licenses = statements::gather(snapshot, card, file, &tags, catalog, &mut problems);
    let conflicts = conflicts::conflicts(&licenses);

    let mut facts = components::facts(snapshot, card, file, &tags, &mut limits);
    let mut linked_code = linked::code(snapshot, catalog, &mut facts, &mut licenses, &mut limits);
    components::merge(&mut facts, std::mem::take(&mut linked_code.facts));
    let paper_licenses = papers::apply(snapshot, card, file, catalog, &mut facts, &mut licenses);
    for (c, list) in paper_licenses {
        linked_code.licenses.entry(c).or_default().extend(list);
    }
    let config = library::config(snapshot);
    let description = description::describe(snapshot, card, file, config.as_ref());
    let library = library::facts(snapshot, card, config.as_ref(), file);
    components::merge(&mut facts, library.facts);
    let library_license = library.license.map(|l| {
        licenses.push(l);
        licenses.len() - 1
    });
    let components = components::decide(
        snapshot,
        facts,
        &licenses,
        library_license,
        &linked_code.licenses,
        reading.readable,
    );

    let data_information = data_info::items(snapshot, card, file, &components, reading.readable);
    let (access, access_limits) = access::read(snapshot, card, file);
    limits.extend(access_limits);
    if let Some(m) = &snapshot.manifest {
        limits.extend(manifest::limits(m));
    }
    limits.extend(reading.limit(snapshot));
    problems.extend(card_status::lossy_texts(snapshot));
    problems.sort();
    problems.dedup();
    let (declared, more_bases) = lineage::declared(snapshot, card, file);
    let mut evidence = Evidence {
        target: snapshot.target.clone(),
        repo: snapshot.repo.clone(),
        listing: snapshot.listing,
        card: reading.evidence(),
        licenses,
        components,
        data_information,
        access,
        lineage: declared,
        parameters: measures::parameters(snapshot, card, file),
        training_tokens: card.and_then(|c| measures::training_tokens(c, file)),
        problems,
        conflicts,
        limits,
        manifest: snapshot.manifest.clone(),
        metadata_readable: reading.metadata_readable
            || reading.metadata_from_hub
            || snapshot.manifest.is_some(),
        stated: Default::default(),
        description,
    };
    if reading.metadata_from_hub {
        card_status::point_at_card_data(&mut evidence, file);
        evidence.conflicts = conflicts::conflicts(&evidence.licenses);
    }
    let direct = lineage::named_at(card, file, reading.metadata_from_hub);
    lineage::apply(snapshot, catalog, &mut evidence, &direct);
    families::apply(&mut evidence, card, file, &tags, catalog);
    families::unlisted_bases(&mut evidence, more_bases, &direct);
    governing::decide(&mut evidence);
    evidence.limits.sort();
    evidence.limits.dedup();
    evidence
}

/// What the source could not read, as limits of the evidence.
fn source_limits(snapshot: &Snapshot) -> Vec<String> {
    snapshot
        .notes
        .iter()
        .map(|n| match &n.subject {
            Some(s) => format!("{s}: {}", n.message),
            None => n.message.clone(),
        })
        .collect()
}

/// Add a fact to a component's list, once.
pub(crate) fn add_fact(out: &mut BTreeMap<Component, Vec<Fact>>, c: Component, f: Fact) {
    let list = out.entry(c).or_default();
    if !list.contains(&f) {
        list.push(f);
    }
}

/// Facts per component, each once, like [`add_fact`] but with a set beside each list: adding
/// stays linear however many facts one card gives.
#[derive(Debug, Default)]
pub(crate) struct FactSet {
    lists: BTreeMap<Component, Vec<Fact>>,
    seen: BTreeMap<Component, HashSet<Fact>>,
}

impl FactSet {
    pub(crate) fn add(&mut self, c: Component, f: Fact) {
        if self.seen.entry(c).or_default().insert(f.clone()) {
            self.lists.entry(c).or_default().push(f);
        }
    }

    pub(crate) fn has(&self, c: Component) -> bool {
        self.lists.contains_key(&c)
    }

    pub(crate) fn into_map(self) -> BTreeMap<Component, Vec<Fact>> {
        self.lists
    }
}

/// The most distinct things of one kind (papers, code repositories, datasets, checkpoints, base
/// models) one card is listed for: as many papers and repositories as are followed. The rest are
/// counted and said, never listed one by one.
pub const MAX_LISTED: usize = 64;

/// The distinct things of one kind a card is listed for: the first [`MAX_LISTED`], and those left
/// out (counted, never dropped silently).
#[derive(Default)]
pub(crate) struct Listed {
    listed: HashSet<String>,
    more: HashSet<String>,
}

impl Listed {
    /// Whether facts are given for `key`.
    pub(crate) fn admit(&mut self, key: &str) -> bool {
        if self.listed.contains(key) {
            return true;
        }
        if self.listed.len() < MAX_LISTED {
            self.listed.insert(key.to_string());
            return true;
        }
        if !self.more.contains(key) {
            self.more.insert(key.to_string());
        }
        false
    }

    /// How many distinct ones were left out.
    pub(crate) fn more(&self) -> usize {
        self.more.len()
    }

    /// A limit saying what was left out, if anything: `what` says where (`the card links more
    /// papers`).
    pub(crate) fn limit(&self, what: &str, out: &mut Vec<String>) {
        if !self.more.is_empty() {
            out.push(format!(
                "{what} than are listed from one card: the first {MAX_LISTED} are listed, the {} after them are not",
                self.more.len()
            ));
        }
    }
}
