//! The closed vocabulary of `requires:`: what a criterion may ask for, as data. Each word is
//! judged by one matcher in [`crate::assess::matchers`]; here it is only parsed, checked and
//! described (for `openness explain` and `rubric show`).

use serde::{Deserialize, Serialize};

use crate::component::Component;
use crate::evidence::{DataInfo, Topic};

/// How open a component's license must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum LicenseBar {
    /// Any open license: OSI-approved, FSF-free, open data or open content, with no term that
    /// takes away a freedom.
    Open,
    /// An OSI-approved license.
    Osi,
    /// No license check: the component only has to be published.
    Any,
}

/// A component requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ComponentRequirement {
    pub component: Component,
    pub license: LicenseBar,
}

/// Requirements on the terms of the weights.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FreedomsRequirement {
    /// Whose terms: usually `model-parameters-final`.
    pub component: Component,
    /// Whether manual gating (asking permission to download) counts against the freedoms.
    #[serde(default)]
    pub gating_counts: bool,
}

/// What a criterion requires. Written in YAML as a one-key mapping:
/// `requires: {component: {component: training-code, license: osi}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Requirement {
    /// Every requirement holds.
    All(Vec<Requirement>),
    /// At least one holds.
    Any(Vec<Requirement>),
    /// A MOF component is published under a license that clears the bar.
    Component(ComponentRequirement),
    /// The terms of a component grant the four freedoms (no use restrictions, no user caps,
    /// no bans on improving other models, no non-commercial clause).
    Freedoms(FreedomsRequirement),
    /// The card describes an OSAID data-information item.
    DataInformation(DataInfo),
    /// The card has a section on a topic (`uses`, `limitations`, ...).
    CardSection(Topic),
    /// The weights can be downloaded without the publisher's approval.
    WeightsPublic,
    /// Estimated training compute (6 x parameters x tokens) stays below this many FLOPs.
    TrainingComputeBelow(f64),
    /// The release is not monetised (paid access, ...). A repository cannot show this.
    NotMonetised,
}

impl Requirement {
    /// Checks that cannot be expressed in the types.
    pub fn check(&self) -> Result<(), String> {
        match self {
            Requirement::All(list) | Requirement::Any(list) => {
                if list.is_empty() {
                    return Err("`all` and `any` need at least one requirement".into());
                }
                list.iter().try_for_each(Requirement::check)
            }
            Requirement::TrainingComputeBelow(f) if !(f.is_finite() && *f > 0.0) => {
                Err("training-compute-below needs a positive number of FLOPs".into())
            }
            _ => Ok(()),
        }
    }

    /// A one-line description, for `openness explain`.
    pub fn describe(&self) -> String {
        match self {
            Requirement::All(list) => format!(
                "all of: {}",
                list.iter()
                    .map(|r| r.describe())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            Requirement::Any(list) => format!(
                "any of: {}",
                list.iter()
                    .map(|r| r.describe())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            Requirement::Component(c) => format!(
                "{} is published{}",
                c.component.mot_name(),
                match c.license {
                    LicenseBar::Open =>
                        " under an open license (OSI-approved, open data or open content, with no use restrictions)",
                    LicenseBar::Osi => " under an OSI-approved license",
                    LicenseBar::Any => "",
                }
            ),
            Requirement::Freedoms(f) => format!(
                "the terms of {} let anyone use, study, modify and share it for any purpose{}",
                f.component.mot_name(),
                if f.gating_counts {
                    ", without asking permission"
                } else {
                    ""
                }
            ),
            Requirement::DataInformation(d) => {
                format!("the model card describes the {}", d.describe())
            }
            Requirement::CardSection(t) => {
                format!("the model card has a section on {}", t.words())
            }
            Requirement::WeightsPublic => {
                "the weights can be downloaded without the publisher's approval".into()
            }
            Requirement::TrainingComputeBelow(f) => {
                format!("the estimated training compute is below {f:e} FLOPs")
            }
            Requirement::NotMonetised => "the model is not released against payment".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::Rubric;

    #[test]
    fn vocabulary_parses_from_yaml() {
        let text = "id: t\ntitle: T\nversion: '1'\npublisher: p\nurl: u\ndescription: d\nscoring: {kind: checklist, verdicts: {pass: ok, fail: no, undetermined: maybe}}\ncriteria:\n  - id: a\n    title: A\n    why: w\n    fix: f\n    requires:\n      all:\n        - component: {component: training-code, license: osi}\n        - freedoms: {component: model-parameters-final, gating-counts: true}\n        - data-information: data-filtering\n        - card-section: uses\n        - any: [weights-public, not-monetised]\n        - training-compute-below: 1.0e25\n";
        let r = Rubric::parse(text, "t.yaml").unwrap();
        assert!(matches!(r.criteria[0].requires, Requirement::All(ref v) if v.len() == 6));
    }
}
