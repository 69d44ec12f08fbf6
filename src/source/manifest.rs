//! A Model Openness Tool (MOT) manifest (`Model.yml`) as a source: strict reading into
//! [`crate::mot::Manifest`].
//!
//! The shape is MOT's JSON schema (`schema/mof_schema.json` of lfai/model_openness_tool), read
//! more strictly than MOT reads it: unknown keys (a misspelt `lisence:`), values of the wrong type,
//! values outside the schema's lists, component names that are not exactly one of the 17 MOF
//! names (MOT silently files an unknown name as the first component of its list) and a component
//! listed twice are errors with `file:line:column`, and the message lists what is valid.

use std::path::Path;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::{Claim, Context, Provider, ReadOutcome, TargetSpec};
use crate::component::Component;
use crate::diag::{Code, Diagnostic, Diagnostics, Label};
use crate::error::Error;
use crate::mot::{
    FRAMEWORK_NAME, FRAMEWORK_VERSION, Framework, GlobalLicense, GlobalLicenses, Located, Manifest,
    ManifestComponent, Release,
};
use crate::snapshot::{Listing, Snapshot, Target};
use crate::yaml;

/// `release.type` values the MOT schema allows.
pub const RELEASE_TYPES: &[&str] = &[
    "",
    "language",
    "vision",
    "image",
    "audio",
    "video",
    "3d",
    "code",
    "multimodal",
    "other",
];

/// `release.architecture` values the MOT schema allows.
pub const ARCHITECTURES: &[&str] = &[
    "",
    "transformer",
    "transformer decoder",
    "transformer encoder-decoder",
    "decoder",
    "encoder",
    "diffusion",
    "RNN",
    "CNN",
    "LSTM",
    "NeRF",
    "hybrid",
    "undisclosed",
    "other",
];

/// `release.treatment` values the MOT schema allows.
pub const TREATMENTS: &[&str] = &["pre-trained", "instruct fine-tuned", "chat fine-tuned"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    framework: RawFramework,
    release: RawRelease,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFramework {
    name: Spanned<String>,
    version: Spanned<String>,
    date: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRelease {
    name: Spanned<String>,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    date: Option<Spanned<String>>,
    #[serde(default, rename = "type")]
    kind: Option<Spanned<String>>,
    #[serde(default)]
    architecture: Option<Spanned<String>>,
    #[serde(default)]
    treatment: Option<Spanned<String>>,
    #[serde(default)]
    origin: Option<String>,
    producer: String,
    #[serde(default)]
    contact: Option<String>,
    #[serde(default)]
    repository: Option<Spanned<String>>,
    #[serde(default)]
    huggingface: Option<Spanned<String>>,
    license: RawLicenses,
    components: Vec<Spanned<RawComponent>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLicenses {
    #[serde(default)]
    distribution: Option<Spanned<RawGlobal>>,
    #[serde(default)]
    code: Option<Spanned<RawGlobal>>,
    #[serde(default)]
    data: Option<Spanned<RawGlobal>>,
    #[serde(default)]
    document: Option<Spanned<RawGlobal>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGlobal {
    #[serde(default)]
    name: Option<Spanned<String>>,
    #[serde(default)]
    path: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawComponent {
    name: Spanned<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    license: Option<Spanned<String>>,
    #[serde(default)]
    license_path: Option<String>,
    #[serde(default)]
    component_path: Option<String>,
}

fn line<T>(s: &Spanned<T>) -> Option<u32> {
    u32::try_from(s.referenced.line()).ok().filter(|l| *l > 0)
}

/// `file:line:column: message`.
fn at<T>(file: &str, s: &Spanned<T>, message: String) -> Diagnostic {
    let (l, c) = (s.referenced.line(), s.referenced.column());
    let label = if l > 0 {
        Label::at(file, Some(l), Some(c))
    } else {
        Label::file(file)
    };
    Diagnostic::error(Code::Invalid, message).with_label(label)
}

const HINT: &str = "(a MOT manifest follows the Model Openness Tool's schema: framework {name, version, date}, release {name, version, date, type, architecture, treatment, origin, producer, contact, repository, huggingface, license {distribution|code|data|document: {name, path}}, components [{name, description, license, license_path, component_path}]})";

fn one_of(value: &str, valid: &[&str]) -> String {
    format!(
        "`{value}` is not one of: {}",
        valid
            .iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Parse a manifest's text; `file` names it in errors and provenance.
pub fn parse(text: &str, file: &str) -> Result<Manifest, Error> {
    let raw: RawManifest = yaml::parse(text, yaml::Duplicates::Reject)
        .map_err(|e| Error::Config(Diagnostic::yaml(file, &e).with_help(HINT).into()))?;
    let mut problems = Diagnostics::default();
    let fw = raw.framework;
    if fw.name.value != FRAMEWORK_NAME {
        problems.push(at(
            file,
            &fw.name,
            format!(
                "framework.name must be `{FRAMEWORK_NAME}`, not `{}`",
                fw.name.value
            ),
        ));
    }
    if fw.version.value != FRAMEWORK_VERSION {
        problems.push(at(
            file,
            &fw.version,
            format!(
                "framework.version `{}`: this tool scores MOF {FRAMEWORK_VERSION} manifests only",
                fw.version.value
            ),
        ));
    }
    let dates = std::iter::once(("framework.date", &fw.date))
        .chain(raw.release.date.as_ref().map(|d| ("release.date", d)));
    for (key, d) in dates {
        if !is_date(&d.value) {
            problems.push(at(
                file,
                d,
                format!(
                    "{key} `{}` is not a date written YYYY-MM-DD (quote it: '2024-12-15')",
                    d.value
                ),
            ));
        }
    }
    let r = raw.release;
    if r.name.value.trim().is_empty() {
        problems.push(at(file, &r.name, "release.name is empty".into()));
    }
    for (key, value, valid) in [
        ("release.type", &r.kind, RELEASE_TYPES),
        ("release.architecture", &r.architecture, ARCHITECTURES),
        ("release.treatment", &r.treatment, TREATMENTS),
    ] {
        if let Some(v) = value
            && !valid.contains(&v.value.as_str())
        {
            problems.push(at(file, v, format!("{key}: {}", one_of(&v.value, valid))));
        }
    }
    let global = |g: Option<Spanned<RawGlobal>>| {
        g.map(|g| GlobalLicense {
            line: g.value.name.as_ref().and_then(line).or_else(|| line(&g)),
            name: g.value.name.map(|n| n.value),
            path: g.value.path,
        })
    };
    let license = GlobalLicenses {
        distribution: global(r.license.distribution),
        code: global(r.license.code),
        data: global(r.license.data),
        document: global(r.license.document),
    };
    let mut components: Vec<ManifestComponent> = Vec::new();
    for entry in r.components {
        let name = &entry.value.name;
        let Some(component) = Component::from_mot_name(&name.value) else {
            let close = Component::ALL.into_iter().find(|c| {
                c.mot_name().eq_ignore_ascii_case(name.value.trim()) || c.slug() == name.value
            });
            let hint = close
                .map(|c| format!(" (did you mean `{}`?)", c.mot_name()))
                .unwrap_or_default();
            problems.push(at(
                file,
                name,
                format!(
                    "unknown component `{}`{hint}; MOT's 17 component names, written exactly: {}",
                    name.value,
                    Component::ALL
                        .map(|c| format!("`{}`", c.mot_name()))
                        .join(", ")
                ),
            ));
            continue;
        };
        if let Some(prev) = components.iter().find(|m| m.component == component) {
            problems.push(at(
                file,
                name,
                format!(
                    "component `{}` is listed twice (first at line {}); list each component once",
                    name.value,
                    prev.line.unwrap_or(0)
                ),
            ));
            continue;
        }
        let v = entry.value;
        components.push(ManifestComponent {
            component,
            line: line(&v.name),
            license_line: v.license.as_ref().and_then(line),
            description: v.description,
            license: v.license.map(|l| l.value),
            license_path: v.license_path,
            component_path: v.component_path,
        });
    }
    problems.into_result()?;
    Ok(Manifest {
        file: Some(file.to_string()),
        framework: Framework {
            name: fw.name.value,
            version: fw.version.value,
            date: fw.date.value,
        },
        release: Release {
            name: r.name.value,
            version: r.version,
            date: r.date.map(|d| d.value),
            kind: r.kind.map(|v| v.value),
            architecture: r.architecture.map(|v| v.value),
            treatment: r.treatment.map(|v| v.value),
            origin: r.origin,
            producer: r.producer,
            contact: r.contact,
            repository: r.repository.map(|v| Located {
                line: line(&v),
                value: v.value,
            }),
            huggingface: r.huggingface.map(|v| Located {
                line: line(&v),
                value: v.value,
            }),
            license,
            components,
        },
    })
}

/// A Model Openness Tool manifest file (`.yml`, `.yaml`).
pub struct ManifestFile;

const MANIFEST: &str = "manifest";

impl Provider for ManifestFile {
    fn name(&self) -> &'static str {
        MANIFEST
    }

    fn claim(&self, raw: &str) -> Claim {
        let lower = raw.to_ascii_lowercase();
        if Path::new(raw).is_file() && (lower.ends_with(".yml") || lower.ends_with(".yaml")) {
            Claim::Yes(TargetSpec::new(MANIFEST, raw, None))
        } else {
            Claim::No
        }
    }

    fn read(&self, spec: &TargetSpec, _: &Context) -> Result<ReadOutcome, Error> {
        read(Path::new(&spec.id), &spec.id).map(ReadOutcome::from)
    }
}

/// Read a manifest file into a snapshot: target id = `release.name`, revision = `release.version`.
pub fn read(path: &Path, display: &str) -> Result<Snapshot, Error> {
    let text = crate::input::read_text(path, yaml::MAX_YAML_BYTES, "the manifest")
        .map_err(|d| Error::Config(d.into()))?;
    from_text(&text, display)
}

/// A manifest's text into a snapshot, as [`read`] makes of a file; `display` names it.
pub fn from_text(text: &str, display: &str) -> Result<Snapshot, Error> {
    let manifest = parse(text, display)?;
    // A manifest is named by its release name, and has no files to point to.
    let mut repo = super::local::repo_meta(&manifest.release.name, false);
    repo.dataset_pages = None;
    let mut snapshot = Snapshot::new(
        Target {
            source: MANIFEST.into(),
            id: manifest.release.name.clone(),
            revision: manifest.release.version.clone().filter(|v| !v.is_empty()),
        },
        repo,
        Listing::None,
    );
    snapshot.manifest = Some(manifest);
    Ok(snapshot)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "framework:\n  name: Model Openness Framework\n  version: '1.0'\n  date: '2024-12-15'\nrelease:\n  name: Tiny\n  version: 1B\n  producer: Me\n  license:\n    distribution:\n      name: Apache-2.0\n      path: LICENSE\n  components:\n    - name: Model card\n      description: the card\n      license: CC-BY-4.0\n    - name: Model parameters (Final)\n";

    #[test]
    fn reads_a_manifest_with_lines() {
        let m = parse(GOOD, "Tiny.yml").unwrap();
        assert_eq!(m.release.name, "Tiny");
        assert_eq!(m.release.components.len(), 2);
        let card = m.component(Component::ModelCard).unwrap();
        assert_eq!(card.line, Some(14));
        assert_eq!(card.license_line, Some(16));
        assert_eq!(card.license.as_deref(), Some("CC-BY-4.0"));
        let dist = m.release.license.distribution.as_ref().unwrap();
        assert_eq!(dist.name.as_deref(), Some("Apache-2.0"));
        assert_eq!(dist.line, Some(11));
    }

    #[test]
    fn unknown_component_names_are_errors_with_the_valid_names() {
        let bad = GOOD.replace("- name: Model card", "- name: Model Card");
        let err = parse(&bad, "Tiny.yml").unwrap_err().to_string();
        assert!(err.starts_with("Tiny.yml:14:"), "{err}");
        assert!(err.contains("did you mean `Model card`"), "{err}");
        assert!(err.contains("`Supporting libraries and tools`"), "{err}");
        let bad = GOOD.replace("- name: Model card", "- name: Weights");
        let err = parse(&bad, "Tiny.yml").unwrap_err().to_string();
        assert!(!err.contains("did you mean"), "{err}");
    }

    #[test]
    fn unknown_keys_wrong_types_and_duplicates_are_errors() {
        let bad = GOOD.replace("      license: CC-BY-4.0", "      lisence: CC-BY-4.0");
        let err = parse(&bad, "T.yml").unwrap_err().to_string();
        assert!(
            err.starts_with("T.yml:16:") && err.contains("lisence"),
            "{err}"
        );
        let bad = GOOD.replace("  producer: Me", "  producer: [Me]");
        let err = parse(&bad, "T.yml").unwrap_err().to_string();
        assert!(err.starts_with("T.yml:8:"), "{err}");
        let bad = format!("{GOOD}    - name: Model card\n");
        let err = parse(&bad, "T.yml").unwrap_err().to_string();
        assert!(err.contains("listed twice (first at line 14)"), "{err}");
        let bad = GOOD.replace("  version: 1B", "  version: 1B\n  type: llm");
        let err = parse(&bad, "T.yml").unwrap_err().to_string();
        assert!(err.contains("`multimodal`"), "{err}");
        let bad = GOOD.replace("'2024-12-15'", "'15/12/2024'");
        assert!(parse(&bad, "T.yml").is_err());
    }
}
