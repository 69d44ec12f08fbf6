//! The data of MOT's scoring (`rubrics/mof-1.0-mot.yaml`, `scoring: {kind: mot, ...}`): which
//! license ids MOT counts as open, and which it lists for each content type; and the shape a
//! rubric scored like MOT must have (one criterion per MOF component, with MOF's classes). The
//! arithmetic itself is in [`crate::assess`].

use serde::{Deserialize, Serialize};

use crate::component::{Component, ContentType};
use crate::rubric::{Criterion, Requirement};

/// The data of MOT's scoring, kept in `rubrics/mof-1.0-mot.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MotRules {
    /// Ids MOT counts as open data licenses, whatever their SPDX flags.
    pub open_data: Vec<String>,
    /// Other ids MOT counts as open.
    pub open_other: Vec<String>,
    /// Ids the SPDX list built into this tool flags OSI-approved or FSF-libre but MOT's own
    /// (older) copy of the list does not: not open to MOT.
    pub spdx_not_open: Vec<String>,
    /// The licenses MOT considers made for each content type (type-appropriateness).
    pub content_types: TypeLists,
}

/// License ids per MOF content type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeLists {
    pub code: Vec<String>,
    pub data: Vec<String>,
    pub document: Vec<String>,
}

impl TypeLists {
    pub fn of(&self, t: ContentType) -> &[String] {
        match t {
            ContentType::Code => &self.code,
            ContentType::Data => &self.data,
            ContentType::Document => &self.document,
        }
    }
}

/// Why MOT counts a license as open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum OpenBasis {
    /// OSI-approved on the SPDX list.
    OsiApproved,
    /// FSF-libre on the SPDX list.
    FsfLibre,
    /// On MOT's list of open data licenses.
    OpenData,
    /// On MOT's short list of other open licenses (OpenMDW-1.0).
    MotList,
}

impl OpenBasis {
    pub fn words(self) -> &'static str {
        match self {
            OpenBasis::OsiApproved => "OSI-approved",
            OpenBasis::FsfLibre => "FSF-libre",
            OpenBasis::OpenData => "one of MOT's open data licenses",
            OpenBasis::MotList => "on MOT's list of open licenses",
        }
    }
}

/// An SPDX license id, matched exactly (the `spdx` crate's own lookup strips a trailing `+`).
fn spdx_exact(id: &str) -> Option<&'static spdx::License> {
    spdx::identifiers::LICENSES
        .binary_search_by(|l| l.name.cmp(id))
        .ok()
        .map(|i| &spdx::identifiers::LICENSES[i])
}

fn spdx_open_flags(l: &spdx::License) -> (bool, bool) {
    (
        l.flags & spdx::flags::IS_OSI_APPROVED != 0,
        l.flags & spdx::flags::IS_FSF_LIBRE != 0,
    )
}

impl MotRules {
    /// Whether MOT counts `id` as open, and why.
    pub fn open(&self, id: &str) -> Option<OpenBasis> {
        if let Some(l) = spdx_exact(id)
            && !self.spdx_not_open.iter().any(|x| x == id)
        {
            match spdx_open_flags(l) {
                (true, _) => return Some(OpenBasis::OsiApproved),
                (false, true) => return Some(OpenBasis::FsfLibre),
                _ => {}
            }
        }
        if self.open_data.iter().any(|x| x == id) {
            return Some(OpenBasis::OpenData);
        }
        if self.open_other.iter().any(|x| x == id) {
            return Some(OpenBasis::MotList);
        }
        None
    }

    /// Whether MOT lists `id` as made for content of type `t`.
    pub fn type_appropriate(&self, id: &str, t: ContentType) -> bool {
        self.content_types.of(t).iter().any(|x| x == id)
    }

    /// Checks that keep the data honest: every `spdx-not-open` id must be one the SPDX list
    /// really flags open (else the entry is stale), and no id is listed twice.
    pub fn check(&self) -> Result<(), String> {
        for id in &self.spdx_not_open {
            match spdx_exact(id) {
                None => return Err(format!("spdx-not-open: `{id}` is not an SPDX license id")),
                Some(l) if spdx_open_flags(l) == (false, false) => {
                    return Err(format!(
                        "spdx-not-open: `{id}` is neither OSI-approved nor FSF-libre on the SPDX list; remove it"
                    ));
                }
                Some(_) => {}
            }
        }
        for (name, list) in [
            ("open-data", &self.open_data),
            ("open-other", &self.open_other),
            ("spdx-not-open", &self.spdx_not_open),
            ("content-types.code", &self.content_types.code),
            ("content-types.data", &self.content_types.data),
            ("content-types.document", &self.content_types.document),
        ] {
            let mut seen = std::collections::BTreeSet::new();
            for id in list {
                if !seen.insert(id) {
                    return Err(format!("{name}: `{id}` is listed twice"));
                }
            }
        }
        Ok(())
    }
}

/// The component a `mof-1.0-mot` criterion is about.
pub fn criterion_component(c: &Criterion) -> Option<Component> {
    match &c.requires {
        Requirement::Component(r) => Some(r.component),
        _ => None,
    }
}

/// Check a `mof-1.0-mot`-style rubric: one criterion per MOF component, with its MOF class and
/// whether it is required, since MOT's arithmetic is fixed to the MOF.
/// Each problem comes with the index of the criterion it is about, when it is about one.
pub fn check_criteria(criteria: &[Criterion]) -> Vec<(Option<usize>, String)> {
    let mut problems = Vec::new();
    let mut seen = Vec::new();
    for (i, c) in criteria.iter().enumerate() {
        let Some(comp) = criterion_component(c) else {
            problems.push((Some(i), format!(
                "criterion `{}`: a rubric scored like MOT needs `requires: {{component: {{component: ..., license: open}}}}`",
                c.id
            )));
            continue;
        };
        if seen.contains(&comp) {
            problems.push((
                Some(i),
                format!(
                    "criterion `{}`: component `{}` has two criteria",
                    c.id,
                    comp.slug()
                ),
            ));
        }
        seen.push(comp);
        if c.class != Some(comp.class()) || c.required != comp.required() {
            problems.push((
                Some(i),
                format!(
                    "criterion `{}`: MOT scores {} as class {}{}",
                    c.id,
                    comp.slug(),
                    comp.class(),
                    if comp.required() {
                        ", required"
                    } else {
                        ", optional (required: false)"
                    }
                ),
            ));
        }
    }
    let missing: Vec<&str> = Component::ALL
        .iter()
        .filter(|c| !seen.contains(c))
        .map(|c| c.slug())
        .collect();
    if !missing.is_empty() {
        problems.push((
            None,
            format!(
                "a rubric scored like MOT needs a criterion for every MOF component; missing: {}",
                missing.join(", ")
            ),
        ));
    }
    problems
}

/// What a `mof-1.0-mot` criterion checks, for `openness explain` and `rubric show`.
pub fn describe(c: Component) -> String {
    format!(
        "{} is listed, and the license that applies to it (its own, else the global license for {}, else the distribution license) is, exactly as written, an OSI-approved or FSF-libre SPDX id, one of MOT's open data ids or OpenMDW-1.0{}",
        c.mot_name(),
        c.content_type().as_str(),
        if c == Component::TechnicalReport {
            "; it may be omitted when a research paper is listed, which then stands in for it"
        } else {
            ""
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::{Rubric, Scoring};

    fn rules() -> MotRules {
        match crate::rubric::builtin("mof-1.0-mot")
            .unwrap()
            .unwrap()
            .scoring
        {
            Scoring::Mot(r) => r,
            _ => panic!("mof-1.0-mot is scored like MOT"),
        }
    }

    #[test]
    fn exact_case_sensitive_matching() {
        let r = rules();
        assert_eq!(r.open("Apache-2.0"), Some(OpenBasis::OsiApproved));
        assert_eq!(r.open("apache-2.0"), None);
        assert_eq!(r.open("Apache 2.0"), None);
        assert_eq!(r.open("MIT OR Apache-2.0"), None);
        // Deprecated SPDX ids keep their flags; `+` is part of the id.
        assert!(r.open("GPL-3.0").is_some());
        assert!(r.open("GPL-3.0+").is_some());
        assert_eq!(r.open("CC-BY-4.0"), Some(OpenBasis::FsfLibre));
        assert_eq!(r.open("CC-BY-3.0-NL"), Some(OpenBasis::OpenData));
        assert_eq!(r.open("ODC-PDDL-1.0"), Some(OpenBasis::OpenData));
        assert_eq!(r.open("PDDL-1.0"), None);
        assert_eq!(r.open("OpenMDW-1.0"), Some(OpenBasis::MotList));
        // SPDX 3.29 flags it OSI-approved; MOT's copy of the list does not.
        assert_eq!(r.open("CNRI-Python-GPL-Compatible"), None);
        assert_eq!(r.open(crate::mot::UNLICENSED), None);
        assert!(r.type_appropriate("CC0-1.0", ContentType::Document));
        assert!(!r.type_appropriate("CC0-1.0", ContentType::Data));
        assert!(r.type_appropriate("Apache-2.0", ContentType::Code));
    }

    #[test]
    fn stale_spdx_not_open_entries_are_refused() {
        let mut r = rules();
        r.spdx_not_open.push("MIT-Modern-Variant-Nope".into());
        assert!(r.check().unwrap_err().contains("not an SPDX license id"));
        let mut r = rules();
        r.spdx_not_open.push("Beerware".into());
        assert!(r.check().unwrap_err().contains("neither OSI-approved"));
        let mut r = rules();
        r.open_data.push("CC0-1.0".into());
        assert!(r.check().unwrap_err().contains("twice"));
    }

    #[test]
    fn a_mot_rubric_must_cover_the_17_components_with_their_classes() {
        let text = crate::embedded::RUBRICS
            .iter()
            .find(|(n, _)| *n == "mof-1.0-mot.yaml")
            .unwrap()
            .1;
        assert!(Rubric::parse(text, "mot.yaml").is_ok());
        let bad = text.replace(
            "component: {component: datasets, license: open}",
            "component: {component: model-card, license: open}",
        );
        let err = Rubric::parse(&bad, "mot.yaml").unwrap_err().to_string();
        assert!(
            err.contains("has two criteria") && err.contains("missing: datasets"),
            "{err}"
        );
        let bad = text.replacen("    class: III\n", "    class: II\n", 1);
        let err = Rubric::parse(&bad, "mot.yaml").unwrap_err().to_string();
        assert!(
            err.contains("MOT scores model-architecture as class III"),
            "{err}"
        );
        let bad = text.replace(
            "  open-other: [OpenMDW-1.0]",
            "  open-other: [OpenMDW-1.0]\n  colour: red",
        );
        let err = Rubric::parse(&bad, "mot.yaml").unwrap_err().to_string();
        assert!(
            err.starts_with("mot.yaml:") && err.contains("colour"),
            "{err}"
        );
    }
}
