//! The MOT view of evidence: the manifest a scan supports. A scan of a MOT manifest is viewed as
//! the manifest itself; any other scan is drafted into one that lists only what the evidence
//! supports (components published, declared or linked) and states a component's license only
//! when it is known, so that MOT reads the rest as unlicensed. `--format mot` writes this view,
//! and `mof-1.0-mot` scores it.

use serde::{Deserialize, Serialize};

use super::{Framework, GlobalLicenses, Located, Manifest, ManifestComponent, Release};
use crate::component::Component;
use crate::evidence::{Availability, Evidence, LicenseEvidence};
use crate::license::NOASSERTION;
use crate::rubric::requirement::deciding;
use crate::snapshot::SourceKind;

/// What a MOT score was computed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
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
    let governing: Vec<&LicenseEvidence> = ev.component_licenses(c).collect();
    let (kept, _) = deciding(governing);
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
    let id = ev.target.id.trim_end_matches('/');
    let on_hub = matches!(ev.target.source, SourceKind::Hub | SourceKind::HfCache);
    let (producer, name) = match id.split_once('/') {
        Some((org, name)) if on_hub => (org.to_string(), name.to_string()),
        _ => (
            String::new(),
            id.rsplit(['/', '\\']).next().unwrap_or(id).to_string(),
        ),
    };
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
            huggingface: on_hub.then(|| Located {
                value: format!("https://huggingface.co/{id}"),
                line: None,
            }),
            license: GlobalLicenses::default(),
            components,
            ..Default::default()
        },
    }
}
