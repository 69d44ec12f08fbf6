//! The MOT view of evidence: the manifest a scan supports. A scan of a MOT manifest is viewed as
//! the manifest itself; any other scan is drafted into one that lists only what the evidence
//! supports (components published, declared or linked) and states a component's license only
//! when it is known, so that MOT reads the rest as unlicensed. `--format mot` writes this view,
//! and `mof-1.0-mot` scores it.

use serde::{Deserialize, Serialize};

use crate::component::Component;
use crate::evidence::{Availability, Evidence, LicenseEvidence};
use crate::license::NOASSERTION;
use crate::mot::{Framework, GlobalLicenses, Located, Manifest, ManifestComponent, Release};
use crate::snapshot::Host;

/// What a MOT score was computed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Basis {
    /// The manifest, as written.
    Manifest,
    /// The manifest drafted from the scan's evidence.
    Scan,
}

/// The manifest to score (or write) for this evidence.
pub fn of(ev: &Evidence) -> (Manifest, Basis) {
    match &ev.manifest {
        Some(m) => (m.clone(), Basis::Manifest),
        None => (draft(ev), Basis::Scan),
    }
}

/// The license to state for a component: every governing license identified (after setting
/// aside an unidentified license file that a resolved declaration outweighs), joined with AND
/// when there are several, since all of them apply. `None` when a license is unknown.
fn known_license(ev: &Evidence, c: Component) -> Option<(String, Option<String>)> {
    let kept: Vec<&LicenseEvidence> = ev.governing(c).collect();
    if kept.is_empty() || kept.iter().any(|l| l.facts.id == NOASSERTION) {
        return None;
    }
    let mut ids: Vec<String> = kept.iter().map(|l| l.facts.id.clone()).collect();
    ids.sort();
    ids.dedup();
    let text = if ids.len() == 1 {
        ids[0].clone()
    } else {
        ids.iter()
            .map(|id| {
                if id.contains(" OR ") {
                    format!("({id})")
                } else {
                    id.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(" AND ")
    };
    let path = match kept.as_slice() {
        [one] => one.source.url.clone().or_else(|| one.source.file.clone()),
        _ => None,
    };
    Some((text, path))
}

/// Draft a manifest from evidence that did not come from one.
pub fn draft(ev: &Evidence) -> Manifest {
    let producer = ev.repo.owner.clone().unwrap_or_default();
    let name = ev.repo.name.clone();
    let components = Component::ALL
        .iter()
        .filter_map(|&c| {
            let ce = ev.component(c);
            if !matches!(
                ce.availability,
                Availability::Published | Availability::Declared | Availability::Linked
            ) {
                return None;
            }
            let mut facts = ce.facts.clone();
            facts.sort_by(|a, b| a.strength.cmp(&b.strength).then(a.cmp(b)));
            let best = facts.first();
            let license = known_license(ev, c);
            Some(ManifestComponent {
                component: c,
                description: best.map(|f| f.claim.clone()),
                license_path: license.as_ref().and_then(|(_, p)| p.clone()),
                license: license.map(|(l, _)| l),
                component_path: best
                    .and_then(|f| f.source.url.clone().or_else(|| f.source.file.clone())),
                line: None,
                license_line: None,
            })
        })
        .collect();
    Manifest {
        file: None,
        framework: Framework::default(),
        release: Release {
            // MOT needs a name; a path such as `.` gives none.
            name: if matches!(name.as_str(), "" | "." | "..") {
                "unnamed-model".into()
            } else {
                name
            },
            producer,
            huggingface: ev
                .repo
                .page
                .as_ref()
                .filter(|p| p.host == Host::ModelHub)
                .map(|p| Located {
                    value: p.url.clone(),
                    line: None,
                }),
            license: GlobalLicenses::default(),
            components,
            ..Default::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence(target: &str) -> Evidence {
        crate::extract(&crate::read(target).unwrap())
    }

    #[test]
    fn drafted_names_come_from_the_target() {
        let ev = evidence("tests/fixtures/card-only-no-weights/README.md");
        assert_eq!(draft(&ev).release.name, "card-only-no-weights");
        let mut ev = evidence("tests/fixtures/open-research-model/");
        assert_eq!(draft(&ev).release.name, "open-research-model");
        assert_eq!(draft(&ev).release.producer, "");
        ev.repo = crate::source::hub::repo_meta("EleutherAI/pythia-1b", None);
        let m = draft(&ev);
        assert_eq!(
            (m.release.producer.as_str(), m.release.name.as_str()),
            ("EleutherAI", "pythia-1b")
        );
        assert_eq!(
            m.release.huggingface.unwrap().value,
            "https://huggingface.co/EleutherAI/pythia-1b"
        );
        assert_eq!(of(&ev).1, Basis::Scan);
    }

    #[test]
    fn a_license_is_stated_only_when_every_governing_license_is_identified() {
        // The card says apache-2.0, the LICENSE file is Llama 3.1's: both govern the weights.
        let ev = evidence("tests/fixtures/license-conflict");
        let m = draft(&ev);
        let weights = m.component(Component::ModelParametersFinal).unwrap();
        let ids: Vec<String> = ev
            .component_licenses(Component::ModelParametersFinal)
            .map(|l| l.facts.id.clone())
            .collect();
        assert!(ids.len() >= 2, "{ids:?}");
        // Several licenses: all apply, joined with AND.
        assert!(
            weights.license.as_deref().unwrap().contains(" AND "),
            "{weights:?}"
        );
        // A manifest is viewed as itself.
        let ev = evidence("tests/fixtures/mot-manifest/Example-Model.yml");
        let (m, basis) = of(&ev);
        assert_eq!(basis, Basis::Manifest);
        assert_eq!(Some(&m), ev.manifest.as_ref());
    }
}
