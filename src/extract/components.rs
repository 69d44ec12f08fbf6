//! The MOF components: the facts that show each one (file names, the card's links and text,
//! branches, a MOT manifest, the library it is built for), whether it is available, and which
//! license statements are attributed to it.

use std::collections::BTreeMap;

use super::card::Card;
use super::{card_facts, files, library, linked, links, manifest};
use crate::component::Component;
use crate::evidence::{
    Availability, ComponentEvidence, Fact, LicenseEvidence, LicenseOrigin, LicenseScope, Source,
    Strength,
};
use crate::snapshot::{Following, Listing, Snapshot};

/// Facts per component from the files, the card, the branches and a manifest; what the card's
/// links give beyond what one card lists goes to `limits`.
pub fn facts(
    snapshot: &Snapshot,
    card: Option<&Card>,
    file: &str,
    tags: &[String],
    limits: &mut Vec<String>,
) -> BTreeMap<Component, Vec<Fact>> {
    let mut facts = files::classify(&snapshot.files);
    if let Some(c) = card {
        let linked = links::facts(c, file, tags);
        limits.extend(linked.limits);
        merge(&mut facts, linked.facts);
        merge(
            &mut facts,
            card_facts::facts(c, file, &snapshot.repo, limits),
        );
    }
    merge(&mut facts, ref_facts(snapshot));
    if let Some(m) = &snapshot.manifest {
        merge(&mut facts, manifest::facts(m));
    }
    facts
}

/// Add `more` to `facts`.
pub fn merge(facts: &mut BTreeMap<Component, Vec<Fact>>, more: BTreeMap<Component, Vec<Fact>>) {
    for (c, f) in more {
        facts.entry(c).or_default().extend(f);
    }
}

/// Intermediate checkpoints as branches.
fn ref_facts(snapshot: &Snapshot) -> BTreeMap<Component, Vec<Fact>> {
    let mut out = BTreeMap::new();
    let refs: Vec<&String> = snapshot
        .refs
        .iter()
        .filter(|r| files::is_checkpoint_ref(r))
        .collect();
    if !refs.is_empty() {
        let examples: Vec<&str> = refs.iter().take(3).map(|s| s.as_str()).collect();
        out.insert(
            Component::ModelParametersIntermediate,
            vec![Fact::new(
                Strength::Published,
                format!(
                    "{} checkpoint branch{} in the repository (e.g. {})",
                    refs.len(),
                    if refs.len() == 1 { "" } else { "es" },
                    examples.join(", ")
                ),
                Source::api("refs"),
            )],
        );
    }
    out
}

/// Every component with its facts, its availability and the indices of the license statements
/// attributed to it. `library` is the index of the license of the library the model is built
/// for, if any.
pub fn decide(
    snapshot: &Snapshot,
    mut facts: BTreeMap<Component, Vec<Fact>>,
    licenses: &[LicenseEvidence],
    library: Option<usize>,
    linked_licenses: &BTreeMap<Component, Vec<usize>>,
    card_readable: bool,
) -> BTreeMap<Component, ComponentEvidence> {
    let mut components = BTreeMap::new();
    for c in Component::ALL {
        let mut list = facts.remove(&c).unwrap_or_default();
        list.sort();
        list.dedup();
        let (availability, note) = availability(snapshot, c, &list, card_readable);
        let mut licenses = attributed(snapshot, c, &list, availability, licenses, library);
        for &i in linked_licenses.get(&c).into_iter().flatten() {
            if !licenses.contains(&i) {
                licenses.push(i);
            }
        }
        components.insert(
            c,
            ComponentEvidence {
                component: c,
                availability,
                note,
                facts: list,
                licenses,
                governing: Default::default(),
                terms: Default::default(),
            },
        );
    }
    components
}

/// Whether a component is available, from its strongest fact; with no fact, why nothing was
/// found.
fn availability(
    snapshot: &Snapshot,
    c: Component,
    facts: &[Fact],
    card_readable: bool,
) -> (Availability, Option<String>) {
    // A hosting service's branches are listed only when the card speaks of checkpoints.
    let refs_unlisted = snapshot.metadata.as_ref().is_some_and(|h| !h.refs_listed);
    match facts.iter().map(|f| f.strength).min() {
        Some(s) => {
            let a = Availability::from_strength(s);
            // Named but neither published nor linked, after every link was followed: not
            // published.
            if a == Availability::Mentioned
                && linked::may_be_linked(c)
                && snapshot.linked.followed == Following::Followed
                && let Ok(looked) = linked::not_found(snapshot)
            {
                return (
                    Availability::NotFound,
                    Some(format!(
                        "the card names it but neither publishes nor links it, and nothing was found {looked}"
                    )),
                );
            }
            // Linked, but a repository of the model's was not read: say why its license is
            // not known.
            if a == Availability::Linked
                && linked::may_be_linked(c)
                && let Err((_, why)) = linked::not_found(snapshot)
            {
                return (a, Some(why));
            }
            (a, None)
        }
        None if snapshot.manifest.is_some() => manifest::not_listed(),
        None if c == Component::ModelParametersIntermediate && refs_unlisted => (
            Availability::Unknown,
            Some(format!(
                "the repository's branches were not listed ({}): checkpoints kept on branches cannot be ruled out",
                if card_readable {
                    "its card does not speak of intermediate checkpoints, so the request was saved"
                } else {
                    "its card could not be read"
                }
            )),
        ),
        None => not_found(snapshot, c, card_readable),
    }
}

/// The license statements attributed to a component: the repository's when it is published
/// there, the library's when the library is its code, its own and its content type's, and a
/// manifest's by the manifest's own precedence.
fn attributed(
    snapshot: &Snapshot,
    c: Component,
    facts: &[Fact],
    availability: Availability,
    licenses: &[LicenseEvidence],
    library: Option<usize>,
) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    if availability == Availability::Published {
        out.extend(
            licenses
                .iter()
                .enumerate()
                .filter(|(_, l)| l.scope == LicenseScope::Repository)
                .map(|(i, _)| i),
        );
    }
    if let Some(i) = library
        && facts
            .iter()
            .any(|f| f.source.field.as_deref() == Some("library"))
        && library::COMPONENTS.contains(&c)
        && availability != Availability::Published
    {
        out.push(i);
    }
    for (i, l) in licenses.iter().enumerate() {
        if (l.scope == LicenseScope::Component(c)
            || l.scope == LicenseScope::ContentType(c.content_type()))
            && !out.contains(&i)
            && Some(i) != library
            && l.origin != LicenseOrigin::Manifest
        {
            out.push(i);
        }
    }
    // A manifest's own precedence: component, else content type, else distribution.
    if let Some(m) = &snapshot.manifest {
        for i in manifest::governing(c, m, licenses) {
            if !out.contains(&i) {
                out.push(i);
            }
        }
    }
    out
}

/// Why nothing was found: a real absence, or a place we could not look.
fn not_found(
    snapshot: &Snapshot,
    c: Component,
    card_readable: bool,
) -> (Availability, Option<String>) {
    let listing = snapshot.listing;
    let needs_files = matches!(
        c,
        Component::ModelParametersFinal
            | Component::ModelParametersIntermediate
            | Component::ModelMetadata
    );
    if !card_readable {
        return (
            Availability::Unknown,
            Some("the model card could not be read, so what it would show is unknown".into()),
        );
    }
    if listing != Listing::Complete {
        let why = match listing {
            Listing::Partial => "the file listing is partial (a cache holds only downloaded files)",
            Listing::None if snapshot.manifest.is_none() => {
                "only the model card was read, without its repository's file listing"
            }
            _ => "there is no file listing",
        };
        return (Availability::Unknown, Some(why.into()));
    }
    if linked::may_be_linked(c) {
        return match linked::not_found(snapshot) {
            Ok(looked) => (
                Availability::NotFound,
                Some(format!("nothing found {looked}")),
            ),
            Err((availability, why)) => (availability, Some(why)),
        };
    }
    let where_ = if needs_files {
        "in the repository's files"
    } else {
        "in the repository's files or the model card"
    };
    (
        Availability::NotFound,
        Some(format!("nothing found {where_}")),
    )
}
