//! Evidence from a MOT manifest (pure). A listed component is *declared* released (self-reported,
//! not checked); its license statements become [`LicenseEvidence`] with origin `manifest`:
//! a component's own license (scope `component`), `release.license.code|data|document`
//! (scope `content-type`) and `release.license.distribution` (scope `repository`). The release's
//! Hugging Face and repository URLs become linked facts on the listed components they hold.
//!
//! Which license governs a listed component, in this project's reading as in MOT's: its own
//! statement, else the global license for its content type, else the distribution license; an
//! own (or type) statement of `unlicensed` or an empty value means no license, and stops the
//! search. That is what a manifest author means when writing one global license and exceptions.

use std::collections::BTreeMap;

use crate::component::{Component, ContentType};
use crate::evidence::{
    Availability, Fact, LicenseEvidence, LicenseOrigin, LicenseScope, Source, Strength,
};
use crate::license::Catalog;
use crate::mot::{GlobalLicense, LicenseFrom, Manifest, Statement, UNLICENSED};

use super::add_fact;

/// Why the card's text is not part of the evidence.
pub const CARD_NOT_READ: &str =
    "a MOT manifest does not carry the model card's text; scan the model's repository to read it";

fn file_of(m: &Manifest) -> String {
    m.file.clone().unwrap_or_else(|| "manifest".into())
}

fn nonempty(s: &Option<String>) -> Option<String> {
    s.clone().filter(|v| !v.trim().is_empty())
}

/// Facts: one declared fact per listed component (and one for a declared "unlicensed"), and the
/// release's URLs as linked facts on the components they hold.
pub fn facts(m: &Manifest) -> BTreeMap<Component, Vec<Fact>> {
    let file = file_of(m);
    let mut out: BTreeMap<Component, Vec<Fact>> = BTreeMap::new();
    for e in &m.release.components {
        let path = nonempty(&e.component_path);
        let mut claim = "listed as released in the MOT manifest (self-reported)".to_string();
        if let Some(p) = &path {
            claim.push_str(&format!(", at {p}"));
        }
        add_fact(
            &mut out,
            e.component,
            Fact::new(
                Strength::Declared,
                claim,
                Source {
                    file: Some(file.clone()),
                    line: e.line,
                    field: Some("release.components".into()),
                    url: path,
                },
            ),
        );
        if e.statement() == Statement::Unlicensed {
            add_fact(
                &mut out,
                e.component,
                Fact::new(
                    Strength::Declared,
                    format!(
                        "the manifest declares it unlicensed (license: `{}`)",
                        e.license.as_deref().unwrap_or_default()
                    ),
                    Source {
                        file: Some(file.clone()),
                        line: e.license_line.or(e.line),
                        field: Some("license".into()),
                        url: None,
                    },
                ),
            );
        }
    }
    let urls = [
        (
            &m.release.huggingface,
            "release.huggingface",
            "the release's Hugging Face repository",
        ),
        (
            &m.release.repository,
            "release.repository",
            "the release's code repository",
        ),
    ];
    for (url, field, what) in urls {
        let Some(url) = url.as_ref().filter(|u| !u.value.trim().is_empty()) else {
            continue;
        };
        for e in &m.release.components {
            let holds = match field {
                "release.huggingface" => matches!(
                    e.component,
                    Component::ModelParametersFinal | Component::ModelCard
                ),
                _ => e.component.content_type() == ContentType::Code,
            };
            if holds {
                add_fact(
                    &mut out,
                    e.component,
                    Fact::new(
                        Strength::Linked,
                        format!("{what}: {}", url.value),
                        Source {
                            file: Some(file.clone()),
                            line: url.line,
                            field: Some(field.into()),
                            url: Some(url.value.clone()),
                        },
                    ),
                );
            }
        }
    }
    out
}

fn license_evidence(
    catalog: &Catalog,
    declared: &str,
    scope: LicenseScope,
    source: Source,
) -> LicenseEvidence {
    let r = catalog.resolve(declared);
    LicenseEvidence {
        declared: declared.to_string(),
        facts: r.facts,
        resolution: r.resolution,
        origin: LicenseOrigin::Manifest,
        scope,
        source,
        confidence: None,
        notes: r.warning.into_iter().collect(),
    }
}

/// The manifest's license statements (not `unlicensed` or empty ones: those state no license).
pub fn licenses(m: &Manifest, catalog: &Catalog) -> Vec<LicenseEvidence> {
    let file = file_of(m);
    let mut out = Vec::new();
    for e in &m.release.components {
        if let Statement::Named(s) = e.statement() {
            out.push(license_evidence(
                catalog,
                s,
                LicenseScope::Component(e.component),
                Source {
                    file: Some(file.clone()),
                    line: e.license_line.or(e.line),
                    field: Some("license".into()),
                    url: nonempty(&e.license_path),
                },
            ));
        }
    }
    let g = &m.release.license;
    let globals: [(Option<&GlobalLicense>, LicenseScope, &str); 4] = [
        (
            g.code.as_ref(),
            LicenseScope::ContentType(ContentType::Code),
            "release.license.code",
        ),
        (
            g.data.as_ref(),
            LicenseScope::ContentType(ContentType::Data),
            "release.license.data",
        ),
        (
            g.document.as_ref(),
            LicenseScope::ContentType(ContentType::Document),
            "release.license.document",
        ),
        (
            g.distribution.as_ref(),
            LicenseScope::Repository,
            "release.license.distribution",
        ),
    ];
    for (global, scope, field) in globals {
        let Some(global) = global else { continue };
        let Some(name) = global.effective_name().filter(|n| *n != UNLICENSED) else {
            continue;
        };
        out.push(license_evidence(
            catalog,
            name,
            scope,
            Source {
                file: Some(file.clone()),
                line: global.line,
                field: Some(field.into()),
                url: nonempty(&global.path),
            },
        ));
    }
    out
}

/// Indices into `licenses` of the manifest license that governs component `c`: its own, else the
/// global license for its type, else the distribution license; none when it is not listed or
/// the statement that applies is `unlicensed`.
pub fn governing(c: Component, m: &Manifest, licenses: &[LicenseEvidence]) -> Vec<usize> {
    let Some(entry) = m.component(c) else {
        return Vec::new();
    };
    let scope = match m.applied(entry) {
        crate::mot::Applied { license: None, .. } => return Vec::new(),
        crate::mot::Applied { from, .. } => match from {
            Some(LicenseFrom::Component) => LicenseScope::Component(c),
            Some(LicenseFrom::Distribution) => LicenseScope::Repository,
            Some(LicenseFrom::Code | LicenseFrom::Data | LicenseFrom::Document) => {
                LicenseScope::ContentType(c.content_type())
            }
            None => return Vec::new(),
        },
    };
    licenses
        .iter()
        .position(|l| l.origin == LicenseOrigin::Manifest && l.scope == scope)
        .into_iter()
        .collect()
}

/// A component the manifest does not list: the manifest is the release's own list of what it
/// includes, so it is not found (the manifest is self-reported, which the limits say).
pub fn not_listed() -> (Availability, Option<String>) {
    (
        Availability::NotFound,
        Some("the MOT manifest does not list it among the release's components".into()),
    )
}

/// What a manifest scan cannot do.
pub fn limits(m: &Manifest) -> Vec<String> {
    vec![format!(
        "{} is a MOT manifest: the components and licenses it lists are self-reported and were not checked against the release; the model card, data information and gating were not read",
        file_of(m)
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::manifest::parse;

    const M: &str = "framework:\n  name: Model Openness Framework\n  version: '1.0'\n  date: '2024-12-15'\nrelease:\n  name: T\n  producer: P\n  huggingface: https://huggingface.co/p/t\n  license:\n    distribution: {name: Apache-2.0, path: LICENSE}\n    data: {name: CDLA-Permissive-2.0}\n    document: {name: unlicensed}\n  components:\n    - name: Model parameters (Final)\n    - name: Datasets\n      license: CC-BY-4.0\n    - name: Training code\n    - name: Model card\n    - name: Evaluation results\n      license: MIT\n    - name: Data card\n      license: ''\n";

    #[test]
    fn precedence_is_own_then_type_then_distribution() {
        let m = parse(M, "T.yml").unwrap();
        let lic = licenses(&m, Catalog::builtin());
        let ids = |c| -> Vec<String> {
            governing(c, &m, &lic)
                .into_iter()
                .map(|i| lic[i].facts.id.clone())
                .collect()
        };
        assert_eq!(ids(Component::Datasets), ["CC-BY-4.0"]);
        assert_eq!(
            ids(Component::ModelParametersFinal),
            ["CDLA-Permissive-2.0"]
        );
        assert_eq!(ids(Component::TrainingCode), ["Apache-2.0"]);
        assert_eq!(ids(Component::EvaluationResults), ["MIT"]);
        // `unlicensed` for documents and a blank own license: no license, no fallback.
        assert!(ids(Component::ModelCard).is_empty());
        assert!(ids(Component::DataCard).is_empty());
        // Not listed: nothing governs it.
        assert!(ids(Component::ResearchPaper).is_empty());
        let f = facts(&m);
        assert!(
            f[&Component::ModelParametersFinal]
                .iter()
                .any(|x| x.strength == Strength::Linked && x.source.line == Some(8))
        );
        assert!(
            f[&Component::DataCard]
                .iter()
                .any(|x| x.claim.contains("declares it unlicensed"))
        );
        assert!(!f.contains_key(&Component::ResearchPaper));
    }
}
