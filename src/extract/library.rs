//! The library a model is built for (`library_name`, or what its config.json shows): when it is a
//! library of `vocab/libraries.yaml` and the repository ships no modelling code of its own, the
//! library's code is the model's architecture and inference code, under the library's license.

use std::collections::BTreeMap;

use serde_json::Value;

use super::card::Card;
use crate::component::Component;
use crate::evidence::{Fact, LicenseEvidence, LicenseOrigin, LicenseScope, Source, Strength};
use crate::license::{Catalog, Resolution};
use crate::snapshot::Snapshot;
use crate::vocab;

/// The components a library's license covers when the library is their code.
pub const COMPONENTS: [Component; 3] = [
    Component::ModelArchitecture,
    Component::InferenceCode,
    Component::SupportingLibraries,
];

/// The model's config.json: the file, else what the Hub read of it.
pub fn config(snapshot: &Snapshot) -> Option<Value> {
    snapshot
        .text_file("config.json")
        .and_then(|t| t.text())
        .and_then(|t| serde_json::from_str::<Value>(t).ok())
        .or_else(|| snapshot.metadata.as_ref().and_then(|h| h.config.clone()))
}

/// What a known library shows: facts per component, and its license.
pub struct LibraryFacts {
    pub facts: BTreeMap<Component, Vec<Fact>>,
    pub license: Option<LicenseEvidence>,
}

/// When the model loads with a known library and no custom code, that library is its
/// architecture and inference code.
pub fn facts(
    snapshot: &Snapshot,
    card: Option<&Card>,
    config: Option<&Value>,
    file: &str,
) -> LibraryFacts {
    let mut facts: BTreeMap<Component, Vec<Fact>> = BTreeMap::new();
    let Some((known, mut source)) = named(snapshot, card, config, file)
        .and_then(|(name, source)| Some((vocab::builtin().libraries.library(&name)?, source)))
    else {
        return LibraryFacts {
            facts,
            license: None,
        };
    };
    let custom_code = ships_own_code(snapshot, card, config);
    let arch = config
        .and_then(|c| c.get("architectures"))
        .and_then(|a| a.get(0))
        .and_then(Value::as_str)
        .map(|a| format!(" ({a})"))
        .unwrap_or_default();
    let (lib, spdx_id) = (&known.name, &known.license);
    source.url = Some(known.repository.clone());
    if !custom_code {
        facts.insert(
            Component::ModelArchitecture,
            vec![Fact::new(
                Strength::Linked,
                format!("the architecture{arch} is implemented in the {lib} library ({spdx_id}); the repository ships no custom modelling code"),
                source.clone(),
            )],
        );
        facts.insert(
            Component::InferenceCode,
            vec![Fact::new(
                Strength::Linked,
                format!(
                    "the model runs with the {lib} library ({spdx_id}), which is its inference code"
                ),
                source.clone(),
            )],
        );
    } else {
        // The library runs the modelling code the repository ships (loaded by the library from
        // the repository): the two together are its inference code.
        facts.insert(
            Component::InferenceCode,
            vec![Fact::new(
                Strength::Linked,
                format!(
                    "the model runs with the {lib} library ({spdx_id}), which loads the modelling code the repository ships"
                ),
                source.clone(),
            )],
        );
    }
    facts.insert(
        Component::SupportingLibraries,
        vec![Fact::new(
            Strength::Linked,
            format!("the model is built for the {lib} library ({spdx_id})"),
            source.clone(),
        )],
    );
    let license = Catalog::builtin().resolve(spdx_id);
    LibraryFacts {
        facts,
        license: Some(LicenseEvidence {
            declared: format!("{lib} library"),
            facts: license.facts,
            resolution: Resolution::Spdx,
            origin: LicenseOrigin::Library,
            scope: LicenseScope::Component(Component::ModelArchitecture),
            source,
            confidence: None,
            notes: vec![format!(
                "the license of the {lib} library, which holds the code for the components marked as implemented by it"
            )],
        }),
    }
}

/// The library the model names: config.json's version keys first, else the card's
/// `library_name`, else the Hub's; with where it was read.
fn named(
    snapshot: &Snapshot,
    card: Option<&Card>,
    config: Option<&Value>,
    file: &str,
) -> Option<(String, Source)> {
    let declared = card
        .and_then(|c| c.front_matter.string("library_name"))
        .or_else(|| {
            snapshot
                .metadata
                .as_ref()
                .and_then(|h| h.library_name.clone())
        });
    let from_config = config.and_then(|c| {
        c.get("transformers_version")
            .map(|_| "transformers".to_string())
            .or_else(|| c.get("_diffusers_version").map(|_| "diffusers".to_string()))
    });
    match (from_config, declared) {
        (Some(n), _) => Some((n, Source::file("config.json").field("library"))),
        (None, Some(n)) => Some((
            n,
            Source {
                file: Some(file.into()),
                line: card.and_then(|c| c.front_matter.line("library_name")),
                field: Some("library".into()),
                url: None,
            },
        )),
        (None, None) => None,
    }
}

/// Whether the repository ships modelling code of its own (`auto_map`, `modeling_*.py`,
/// `trust_remote_code=True` in the card).
fn ships_own_code(snapshot: &Snapshot, card: Option<&Card>, config: Option<&Value>) -> bool {
    config.is_some_and(|c| c.get("auto_map").is_some())
        || snapshot.files.iter().any(|f| {
            let n = f.path.rsplit('/').next().unwrap_or(&f.path);
            n.starts_with("modeling_") && n.ends_with(".py")
        })
        || card.is_some_and(|c| c.lines.iter().any(|l| l.contains("trust_remote_code=True")))
}
