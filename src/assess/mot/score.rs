//! MOT's arithmetic over a manifest, reproduced exactly (`ModelEvaluator.php` and
//! `LicenseHandler.php` of lfai/model_openness_tool at 8b5d30e):
//!
//! - the license of a listed component: its own, else the global license for its type, else the
//!   distribution license, else none ([`Manifest::applied`]);
//! - "open": the id, matched exactly and case-sensitively, is OSI-approved or FSF-libre on the SPDX
//!   list, or one of MOT's open-data ids, or OpenMDW-1.0 (the lists are data in the rubric);
//! - status: not listed -> missing; open -> included (a license not made for the component's type
//!   only draws a warning); no license -> unlicensed; anything else -> invalid;
//! - a listed research paper lets the technical report be omitted: the report leaves "missing",
//!   the paper stands in for it in classes III and II, and class I then needs 13;
//! - progress per class: cumulative included over cumulative required, 0 when a less open class
//!   is below 100 %; the class is the most open one at 100 %.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::component::{Component, ContentType, MofClass};
use crate::mot::{LicenseFrom, Manifest, UNLICENSED};
use crate::rubric::mot_rules::{MotRules, OpenBasis};

/// A component's status, in MOT's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Status {
    /// Listed under a license MOT counts as open.
    Included,
    /// Required and not listed.
    Missing,
    /// Listed, but no license applies.
    Unlicensed,
    /// Listed under a license MOT does not count as open.
    Invalid,
    /// The technical report, not listed, when a research paper is: MOT drops it from "missing".
    Omitted,
    /// Optional and not listed.
    NotListed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Included => "included",
            Status::Missing => "missing",
            Status::Unlicensed => "unlicensed",
            Status::Invalid => "invalid",
            Status::Omitted => "omitted",
            Status::NotListed => "not-listed",
        }
    }
}

/// One component as MOT scores it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MotComponent {
    pub id: Component,
    pub name: String,
    pub content_type: ContentType,
    pub class: MofClass,
    pub required: bool,
    pub status: Status,
    /// The license that applies, as written (`None`: unlicensed or not listed).
    pub license: Option<String>,
    /// Where that license was stated.
    pub license_from: Option<LicenseFrom>,
    /// Why MOT counts the license as open (`None`: it does not).
    pub open: Option<OpenBasis>,
    /// Whether MOT lists the license as made for the component's content type.
    pub type_appropriate: Option<bool>,
    /// Whether it counts toward the class (the technical report also counts when the research
    /// paper stands in for it).
    pub counted: bool,
}

/// MOT's result for a manifest.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    pub components: Vec<MotComponent>,
    /// Per class, as MOT computes it (not rounded).
    pub progress: BTreeMap<MofClass, f64>,
    pub class: Option<MofClass>,
    /// The mean of the three percentages.
    pub total_progress: f64,
    /// The research paper stands in for the technical report in classes III and II.
    pub paper_stands_in: bool,
}

impl Score {
    pub fn component(&self, c: Component) -> &MotComponent {
        self.components
            .iter()
            .find(|m| m.id == c)
            .expect("every component is scored")
    }

    /// MOT's label: `Class III - Open Model`, ..., `Unclassified`.
    pub fn label(&self) -> &'static str {
        self.class.map(MofClass::label).unwrap_or("Unclassified")
    }
}

fn required_in(class: MofClass) -> usize {
    Component::ALL
        .iter()
        .filter(|c| c.class() == class && c.required())
        .count()
}

/// Score a manifest the way MOT does.
pub fn score(m: &Manifest, rules: &MotRules) -> Score {
    let mut components: Vec<MotComponent> = Component::ALL
        .iter()
        .map(|&c| {
            let base = MotComponent {
                id: c,
                name: c.mot_name().to_string(),
                content_type: c.content_type(),
                class: c.class(),
                required: c.required(),
                status: if c.required() {
                    Status::Missing
                } else {
                    Status::NotListed
                },
                license: None,
                license_from: None,
                open: None,
                type_appropriate: None,
                counted: false,
            };
            let Some(entry) = m.component(c) else {
                return base;
            };
            let applied = m.applied(entry);
            let word = applied.license.as_deref().unwrap_or(UNLICENSED);
            let open = rules.open(word);
            let status = match (&open, &applied.license) {
                (Some(_), _) => Status::Included,
                (None, None) => Status::Unlicensed,
                (None, Some(_)) => Status::Invalid,
            };
            MotComponent {
                status,
                type_appropriate: applied
                    .license
                    .as_deref()
                    .map(|l| rules.type_appropriate(l, c.content_type())),
                license: applied.license,
                license_from: applied.from,
                open,
                counted: status == Status::Included,
                ..base
            }
        })
        .collect();
    let status = |cs: &[MotComponent], c: Component| {
        cs.iter().find(|m| m.id == c).expect("all scored").status
    };
    // The technical report may be omitted when a research paper is listed.
    let report = status(&components, Component::TechnicalReport);
    let paper = status(&components, Component::ResearchPaper);
    let omission = report != Status::Included && m.component(Component::ResearchPaper).is_some();
    let paper_stands_in = omission && paper == Status::Included;
    for mc in components.iter_mut() {
        if mc.id == Component::TechnicalReport {
            if omission && report == Status::Missing {
                mc.status = Status::Omitted;
            }
            mc.counted = mc.status == Status::Included || paper_stands_in;
        }
    }
    // Cumulative included count per class, as in MOT's per-class lists.
    let included = |class: MofClass| {
        let own = components
            .iter()
            .filter(|mc| mc.required && mc.class <= class && mc.status == Status::Included)
            .count();
        own + usize::from(paper_stands_in && class != MofClass::I)
    };
    let mut progress = BTreeMap::new();
    for class in MofClass::ALL {
        let mut total = 0usize;
        let mut last_included = 0usize;
        let mut stopped_below = false;
        for k in MofClass::ALL.into_iter().filter(|k| *k <= class) {
            total += required_in(k);
            last_included = included(k);
            if last_included < total {
                stopped_below = k < class;
                break;
            }
        }
        let pct = if stopped_below {
            0.0
        } else {
            if class == MofClass::I
                && status(&components, Component::TechnicalReport) != Status::Included
                && paper == Status::Included
            {
                total -= 1;
            }
            (last_included as f64 / total as f64 * 100.0).min(100.0)
        };
        progress.insert(class, pct);
    }
    let class = MofClass::ALL.into_iter().rfind(|c| progress[c] == 100.0);
    let total_progress =
        (0.0 + progress[&MofClass::III] + progress[&MofClass::II] + progress[&MofClass::I]) / 3.0;
    Score {
        components,
        progress,
        class,
        total_progress,
        paper_stands_in,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::manifest::parse;

    fn rules() -> MotRules {
        match crate::rubric::builtin("mof-1.0-mot")
            .unwrap()
            .unwrap()
            .scoring
        {
            crate::rubric::Scoring::Mot(r) => r,
            _ => panic!("mof-1.0-mot is scored like MOT"),
        }
    }

    /// A manifest listing `(name, license)` pairs, with a distribution license.
    fn manifest(dist: &str, components: &[(&str, Option<&str>)]) -> Manifest {
        let mut y = format!(
            "framework: {{name: Model Openness Framework, version: '1.0', date: '2024-12-15'}}\nrelease:\n  name: t\n  producer: p\n  license:\n    distribution: {{name: '{dist}'}}\n  components:\n"
        );
        for (name, license) in components {
            y.push_str(&format!("    - name: {name}\n"));
            if let Some(l) = license {
                y.push_str(&format!("      license: '{l}'\n"));
            }
        }
        if components.is_empty() {
            y.push_str("    []\n");
        }
        parse(&y, "t.yml").unwrap()
    }

    const III: [&str; 6] = [
        "Model architecture",
        "Model parameters (Final)",
        "Model card",
        "Data card",
        "Technical report",
        "Evaluation results",
    ];
    const II: [&str; 4] = [
        "Training code",
        "Inference code",
        "Evaluation code",
        "Evaluation data",
    ];
    const I: [&str; 4] = [
        "Data preprocessing code",
        "Model parameters (Intermediate)",
        "Datasets",
        "Research paper",
    ];

    fn listed(
        names: &[&[&'static str]],
        except: &[&str],
    ) -> Vec<(&'static str, Option<&'static str>)> {
        names
            .iter()
            .flat_map(|l| l.iter())
            .filter(|n| !except.contains(n))
            .map(|n| (*n, None))
            .collect()
    }

    fn progress(s: &Score) -> (f64, f64, f64) {
        (
            s.progress[&MofClass::III],
            s.progress[&MofClass::II],
            s.progress[&MofClass::I],
        )
    }

    #[test]
    fn statuses_and_type_warnings() {
        let m = manifest(
            "Apache-2.0",
            &[
                ("Model architecture", None),
                ("Model parameters (Final)", Some("CC0-1.0")),
                ("Model card", Some("apache-2.0")),
                ("Data card", Some("unlicensed")),
                ("Supporting libraries and tools", Some("Proprietary")),
            ],
        );
        let s = score(&m, &rules());
        let st = |c| s.component(c).status;
        assert_eq!(st(Component::ModelArchitecture), Status::Included);
        assert_eq!(
            s.component(Component::ModelArchitecture).license_from,
            Some(LicenseFrom::Distribution)
        );
        assert_eq!(st(Component::ModelParametersFinal), Status::Included);
        assert_eq!(
            s.component(Component::ModelParametersFinal)
                .type_appropriate,
            Some(false)
        );
        assert_eq!(st(Component::ModelCard), Status::Invalid);
        assert_eq!(st(Component::DataCard), Status::Unlicensed);
        assert_eq!(st(Component::SupportingLibraries), Status::Invalid);
        assert_eq!(st(Component::TechnicalReport), Status::Missing);
        assert_eq!(st(Component::ModelMetadata), Status::NotListed);
        assert_eq!(progress(&s), (2.0 / 6.0 * 100.0, 0.0, 0.0));
        assert_eq!(s.class, None);
        assert_eq!(s.label(), "Unclassified");
    }

    #[test]
    fn a_less_open_class_below_100_zeroes_the_more_open_ones() {
        // Everything of classes II and I, but class III lacks its evaluation results.
        let m = manifest("MIT", &listed(&[&III, &II, &I], &["Evaluation results"]));
        let s = score(&m, &rules());
        assert_eq!(progress(&s), (5.0 / 6.0 * 100.0, 0.0, 0.0));
        assert_eq!(s.class, None);
        // Class III complete, class II missing one: II = 9/10, I = 0.
        let m = manifest("MIT", &listed(&[&III, &II, &I], &["Evaluation data"]));
        let s = score(&m, &rules());
        assert_eq!(progress(&s), (100.0, 90.0, 0.0));
        assert_eq!(s.class, Some(MofClass::III));
        assert!((s.total_progress - 190.0 / 3.0).abs() < 1e-12);
        let m = manifest("MIT", &listed(&[&III, &II, &I], &[]));
        let s = score(&m, &rules());
        assert_eq!(progress(&s), (100.0, 100.0, 100.0));
        assert_eq!(s.class, Some(MofClass::I));
        assert_eq!(s.label(), "Class I - Open Science Model");
    }

    #[test]
    fn technical_report_omission() {
        // Report missing, paper listed and open: the report is omitted, class I needs 13.
        let m = manifest("MIT", &listed(&[&III, &II, &I], &["Technical report"]));
        let s = score(&m, &rules());
        assert_eq!(
            s.component(Component::TechnicalReport).status,
            Status::Omitted
        );
        assert!(s.component(Component::TechnicalReport).counted);
        assert_eq!(progress(&s), (100.0, 100.0, 100.0));
        // Without the data preprocessing code: 12 of 13.
        let m = manifest(
            "MIT",
            &listed(
                &[&III, &II, &I],
                &["Technical report", "Data preprocessing code"],
            ),
        );
        assert_eq!(
            progress(&score(&m, &rules())),
            (100.0, 100.0, 12.0 / 13.0 * 100.0)
        );
        // An invalid report stays invalid, but the open paper stands in for it.
        let mut list = listed(&[&III, &II, &I], &["Technical report"]);
        list.push(("Technical report", Some("Proprietary")));
        let s = score(&manifest("MIT", &list), &rules());
        assert_eq!(
            s.component(Component::TechnicalReport).status,
            Status::Invalid
        );
        assert!(s.component(Component::TechnicalReport).counted);
        assert_eq!(progress(&s), (100.0, 100.0, 100.0));
        // A paper that is not open cannot stand in: the report is omitted, class III is 5/6.
        let mut list = listed(&[&III], &["Technical report"]);
        list.push(("Research paper", Some("Proprietary")));
        let s = score(&manifest("MIT", &list), &rules());
        assert_eq!(
            s.component(Component::TechnicalReport).status,
            Status::Omitted
        );
        assert!(!s.component(Component::TechnicalReport).counted);
        assert_eq!(progress(&s).0, 5.0 / 6.0 * 100.0);
        // No paper: the report is missing.
        let s = score(
            &manifest("MIT", &listed(&[&III], &["Technical report"])),
            &rules(),
        );
        assert_eq!(
            s.component(Component::TechnicalReport).status,
            Status::Missing
        );
    }

    #[test]
    fn an_empty_manifest_scores_zero() {
        let s = score(&manifest("MIT", &[]), &rules());
        assert_eq!(progress(&s), (0.0, 0.0, 0.0));
        assert_eq!(s.total_progress, 0.0);
    }
}
