//! The Model Openness Tool (MOT) manifest format, the MOF's reference implementation's
//! (lfai/model_openness_tool): a model release and its components as plain data
//! ([`Manifest`]), and MOT's rule for the license that applies to a listed component
//! ([`Manifest::applied`]).
//!
//! The parser lives with the other sources (`source::manifest`), the writer with the other
//! renderers (`render::mot`); the MOT view of any evidence and MOT's scoring with the other
//! assessments (`assess::mot`).

use serde::{Deserialize, Serialize};

use crate::component::{Component, ContentType};

/// `framework.name` in every MOT manifest.
pub const FRAMEWORK_NAME: &str = "Model Openness Framework";
/// The MOF version this tool scores.
pub const FRAMEWORK_VERSION: &str = "1.0";
/// The date of the MOF 1.0 specification, as MOT writes it.
pub const FRAMEWORK_DATE: &str = "2024-12-15";
/// The word MOT manifests use for "no license".
pub const UNLICENSED: &str = "unlicensed";

/// A MOT manifest: one model release and the components it lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The file it was read from; `None` for a manifest drafted from a scan.
    pub file: Option<String>,
    pub framework: Framework,
    pub release: Release,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Framework {
    pub name: String,
    pub version: String,
    pub date: String,
}

impl Default for Framework {
    fn default() -> Self {
        Framework {
            name: FRAMEWORK_NAME.into(),
            version: FRAMEWORK_VERSION.into(),
            date: FRAMEWORK_DATE.into(),
        }
    }
}

/// A string value with the line it was read from (none when drafted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Located {
    pub value: String,
    pub line: Option<u32>,
}

/// `release`: the model and what it includes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Release {
    pub name: String,
    pub version: Option<String>,
    pub date: Option<String>,
    /// `type`: language, vision, image, audio, video, 3d, code, multimodal, other (or empty).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub architecture: Option<String>,
    pub treatment: Option<String>,
    pub origin: Option<String>,
    pub producer: String,
    pub contact: Option<String>,
    pub repository: Option<Located>,
    pub huggingface: Option<Located>,
    pub license: GlobalLicenses,
    pub components: Vec<ManifestComponent>,
}

/// `release.license`: licenses that apply to every component of a type, or to the whole
/// distribution, unless a component names its own.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GlobalLicenses {
    pub distribution: Option<GlobalLicense>,
    pub code: Option<GlobalLicense>,
    pub data: Option<GlobalLicense>,
    pub document: Option<GlobalLicense>,
}

impl GlobalLicenses {
    /// The global license for a content type (`release.license.code|data|document`).
    pub fn for_type(&self, t: ContentType) -> Option<&GlobalLicense> {
        match t {
            ContentType::Code => self.code.as_ref(),
            ContentType::Data => self.data.as_ref(),
            ContentType::Document => self.document.as_ref(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.distribution.is_none()
            && self.code.is_none()
            && self.data.is_none()
            && self.document.is_none()
    }
}

/// One entry of `release.license`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GlobalLicense {
    pub name: Option<String>,
    pub path: Option<String>,
    /// The line of `name` (or of the entry).
    pub line: Option<u32>,
}

impl GlobalLicense {
    /// The name when MOT would use it: PHP's `empty()` skips `null`, `""` and `"0"`.
    pub fn effective_name(&self) -> Option<&str> {
        self.name.as_deref().filter(|n| !php_empty(n))
    }
}

/// One entry of `release.components`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestComponent {
    pub component: Component,
    pub description: Option<String>,
    /// As written. `unlicensed` and the empty string mean "no license"; absent (or `null`) means
    /// "the global license applies".
    pub license: Option<String>,
    pub license_path: Option<String>,
    pub component_path: Option<String>,
    /// The line of `name`.
    pub line: Option<u32>,
    /// The line of `license`.
    pub license_line: Option<u32>,
}

impl ManifestComponent {
    /// The component's own statement, as MOT reads it.
    pub fn statement(&self) -> Statement<'_> {
        match self.license.as_deref() {
            None => Statement::Inherit,
            Some(s) if s == UNLICENSED || php_empty(s) => Statement::Unlicensed,
            Some(s) => Statement::Named(s),
        }
    }
}

/// What a component says about its own license.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Statement<'a> {
    /// Nothing: the global license for its type, else the distribution license, applies.
    Inherit,
    /// `unlicensed` or an empty value: no license, and no global license applies either.
    Unlicensed,
    Named(&'a str),
}

/// Where the license that applies to a component was stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum LicenseFrom {
    /// The component's own `license`.
    Component,
    /// `release.license.code`.
    Code,
    /// `release.license.data`.
    Data,
    /// `release.license.document`.
    Document,
    /// `release.license.distribution`.
    Distribution,
}

impl LicenseFrom {
    pub fn of_type(t: ContentType) -> Self {
        match t {
            ContentType::Code => LicenseFrom::Code,
            ContentType::Data => LicenseFrom::Data,
            ContentType::Document => LicenseFrom::Document,
        }
    }

    /// The manifest key, for messages.
    pub fn field(self) -> &'static str {
        match self {
            LicenseFrom::Component => "the component's license",
            LicenseFrom::Code => "release.license.code",
            LicenseFrom::Data => "release.license.data",
            LicenseFrom::Document => "release.license.document",
            LicenseFrom::Distribution => "release.license.distribution",
        }
    }
}

/// The license that applies to a listed component, resolved in MOT's order: the component's own,
/// else the global license for its type, else the distribution license, else none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// `None`: unlicensed.
    pub license: Option<String>,
    /// Where it was stated (`None` when nothing was).
    pub from: Option<LicenseFrom>,
}

impl Manifest {
    /// The entry for a component. Components are unique (the parser refuses duplicates).
    pub fn component(&self, c: Component) -> Option<&ManifestComponent> {
        self.release.components.iter().find(|m| m.component == c)
    }

    /// MOT's license resolution for a listed component.
    pub fn applied(&self, entry: &ManifestComponent) -> Applied {
        let globals = &self.release.license;
        match entry.statement() {
            Statement::Named(s) => Applied {
                license: Some(s.to_string()),
                from: Some(LicenseFrom::Component),
            },
            Statement::Unlicensed => Applied {
                license: None,
                from: Some(LicenseFrom::Component),
            },
            Statement::Inherit => {
                let t = entry.component.content_type();
                let global = globals
                    .for_type(t)
                    .and_then(GlobalLicense::effective_name)
                    .map(|n| (n, LicenseFrom::of_type(t)))
                    .or_else(|| {
                        globals
                            .distribution
                            .as_ref()
                            .and_then(GlobalLicense::effective_name)
                            .map(|n| (n, LicenseFrom::Distribution))
                    });
                match global {
                    Some((n, from)) if n == UNLICENSED => Applied {
                        license: None,
                        from: Some(from),
                    },
                    Some((n, from)) => Applied {
                        license: Some(n.to_string()),
                        from: Some(from),
                    },
                    None => Applied {
                        license: None,
                        from: None,
                    },
                }
            }
        }
    }
}

/// PHP's notion of an empty string: `""` and `"0"`.
fn php_empty(s: &str) -> bool {
    s.is_empty() || s == "0"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(c: Component, license: Option<&str>) -> ManifestComponent {
        ManifestComponent {
            component: c,
            description: None,
            license: license.map(str::to_string),
            license_path: None,
            component_path: None,
            line: None,
            license_line: None,
        }
    }

    fn global(name: &str) -> Option<GlobalLicense> {
        Some(GlobalLicense {
            name: Some(name.into()),
            path: None,
            line: None,
        })
    }

    #[test]
    fn resolution_order_is_own_then_type_then_distribution() {
        let mut m = Manifest {
            file: None,
            framework: Framework::default(),
            release: Release {
                name: "m".into(),
                license: GlobalLicenses {
                    distribution: global("Apache-2.0"),
                    data: global("CDLA-Permissive-2.0"),
                    document: global(UNLICENSED),
                    code: global(""),
                },
                ..Default::default()
            },
        };
        let own = entry(Component::ModelParametersFinal, Some("MIT"));
        let by_type = entry(Component::Datasets, None);
        let code = entry(Component::TrainingCode, None);
        let doc = entry(Component::ModelCard, None);
        let blank = entry(Component::Datasets, Some(""));
        let zero = entry(Component::Datasets, Some("0"));
        let word = entry(Component::Datasets, Some(UNLICENSED));
        let applied = |e: &ManifestComponent, m: &Manifest| {
            let a = m.applied(e);
            (a.license, a.from)
        };
        assert_eq!(
            applied(&own, &m),
            (Some("MIT".into()), Some(LicenseFrom::Component))
        );
        assert_eq!(
            applied(&by_type, &m),
            (Some("CDLA-Permissive-2.0".into()), Some(LicenseFrom::Data))
        );
        // An empty type license is skipped, as PHP's empty() skips it.
        assert_eq!(
            applied(&code, &m),
            (Some("Apache-2.0".into()), Some(LicenseFrom::Distribution))
        );
        // `unlicensed` as a type license stops the search.
        assert_eq!(applied(&doc, &m), (None, Some(LicenseFrom::Document)));
        for e in [&blank, &zero, &word] {
            assert_eq!(applied(e, &m), (None, Some(LicenseFrom::Component)));
        }
        m.release.license = GlobalLicenses::default();
        assert_eq!(applied(&by_type, &m), (None, None));
    }
}
