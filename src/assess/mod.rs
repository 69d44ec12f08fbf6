//! Assessment: [`Evidence`] x [`Rubric`] -> [`Assessment`]. Pure. Each criterion becomes a
//! [`Finding`] (met / not met / unknown / not applicable, with its reason and evidence) through
//! the matcher of its `requires:` word ([`matchers`]); the rubric's scoring turns findings into a
//! verdict ([`checklist`]), a class ([`classes`]) or MOT's figures ([`mot`]).

mod classes;
pub mod judgement;
pub mod matchers;
pub mod mot;

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::component::MofClass;
use crate::evidence::{Evidence, Fact};
use crate::rubric::{Rubric, Scoring};

pub use classes::classes;

/// What a criterion came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Outcome {
    Met,
    NotMet,
    Unknown,
    NotApplicable,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Met => "met",
            Outcome::NotMet => "not-met",
            Outcome::Unknown => "unknown",
            Outcome::NotApplicable => "not-applicable",
        }
    }

    /// A symbol that reads without colour.
    pub fn symbol(self) -> &'static str {
        match self {
            Outcome::Met => "✓",
            Outcome::NotMet => "✗",
            Outcome::Unknown => "?",
            Outcome::NotApplicable => "–",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One criterion's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub id: String,
    pub title: String,
    pub group: Option<String>,
    pub required: bool,
    pub class: Option<MofClass>,
    pub outcome: Outcome,
    pub reason: String,
    pub evidence: Vec<Fact>,
    /// What to do, when the criterion is not met or unknown.
    pub fix: Option<String>,
    pub notes: Vec<String>,
}

/// The rubric-level result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Summary {
    /// A checklist: one of the rubric's three verdict words.
    Verdict {
        verdict: String,
        /// `pass`, `fail` or `undetermined`, whatever the rubric's words.
        status: ChecklistStatus,
    },
    /// Classes: the class reached, progress per class (percent of the cumulative required
    /// criteria met), and the class that would be reached if every unknown turned out met.
    Classes {
        class: String,
        progress: BTreeMap<MofClass, f64>,
        potential_class: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ChecklistStatus {
    Pass,
    Fail,
    Undetermined,
}

/// The result of one rubric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub rubric: String,
    pub title: String,
    pub version: String,
    pub disclaimer: Option<String>,
    #[serde(flatten)]
    pub summary: Summary,
    pub criteria: Vec<Finding>,
    /// MOT's own terms (rubrics scored like the Model Openness Tool: `mof-1.0-mot`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mot: Option<mot::MotDetails>,
}

impl Assessment {
    pub fn finding(&self, id: &str) -> Option<&Finding> {
        self.criteria.iter().find(|f| f.id == id)
    }

    /// Counts of outcomes among required criteria.
    pub fn counts(&self) -> BTreeMap<Outcome, usize> {
        let mut m = BTreeMap::new();
        for f in self.criteria.iter().filter(|f| f.required) {
            *m.entry(f.outcome).or_insert(0) += 1;
        }
        m
    }
}

/// Judge every criterion of a rubric and score the result. A rubric scored like MOT is compared
/// with the built-in `mof-1.0`, which is assessed for it.
pub fn assess(evidence: &Evidence, rubric: &Rubric) -> Assessment {
    if let Scoring::Mot(rules) = &rubric.scoring {
        let ours = builtin_mof(evidence);
        return mot::assess(evidence, rubric, rules, ours.as_ref());
    }
    judge_and_score(evidence, rubric)
}

/// Assess the evidence against every rubric, by id. A rubric scored like MOT is compared with
/// the built-in `mof-1.0` assessment already made (or made for it, once).
pub fn assess_all(evidence: &Evidence, rubrics: &[Rubric]) -> BTreeMap<String, Assessment> {
    let mut out = BTreeMap::new();
    for r in rubrics
        .iter()
        .filter(|r| !matches!(r.scoring, Scoring::Mot(_)))
    {
        out.insert(r.id.clone(), judge_and_score(evidence, r));
    }
    let mut ours: Option<Option<Assessment>> = None;
    for r in rubrics {
        let Scoring::Mot(rules) = &r.scoring else {
            continue;
        };
        let ours = ours.get_or_insert_with(|| {
            match (
                out.get(crate::rubric::MOF),
                rubrics
                    .iter()
                    .any(|x| x.id == crate::rubric::MOF && x.is_builtin()),
            ) {
                (Some(a), true) => Some(a.clone()),
                _ => builtin_mof(evidence),
            }
        });
        out.insert(r.id.clone(), mot::assess(evidence, r, rules, ours.as_ref()));
    }
    out
}

/// The built-in `mof-1.0` reading of the evidence.
fn builtin_mof(evidence: &Evidence) -> Option<Assessment> {
    crate::rubric::builtin(crate::rubric::MOF)
        .and_then(Result::ok)
        .map(|r| judge_and_score(evidence, &r))
}

fn judge_and_score(evidence: &Evidence, rubric: &Rubric) -> Assessment {
    let criteria: Vec<Finding> = rubric
        .criteria
        .iter()
        .map(|c| {
            let j = matchers::judge(&c.requires, evidence);
            Finding {
                id: c.id.clone(),
                title: c.title.clone(),
                group: c.group.clone(),
                required: c.required,
                class: c.class,
                outcome: j.outcome,
                reason: j.reason,
                evidence: j.evidence,
                fix: matches!(j.outcome, Outcome::NotMet | Outcome::Unknown).then(|| c.fix.clone()),
                notes: j.notes,
            }
        })
        .collect();
    let summary = match &rubric.scoring {
        Scoring::Checklist { verdicts } => {
            let required = || criteria.iter().filter(|f| f.required);
            let status = if required().any(|f| f.outcome == Outcome::NotMet) {
                ChecklistStatus::Fail
            } else if required().any(|f| f.outcome == Outcome::Unknown) {
                ChecklistStatus::Undetermined
            } else {
                ChecklistStatus::Pass
            };
            let verdict = match status {
                ChecklistStatus::Pass => &verdicts.pass,
                ChecklistStatus::Fail => &verdicts.fail,
                ChecklistStatus::Undetermined => &verdicts.undetermined,
            };
            Summary::Verdict {
                verdict: verdict.clone(),
                status,
            }
        }
        Scoring::Classes | Scoring::Mot(_) => classes(&criteria),
    };
    Assessment {
        rubric: rubric.id.clone(),
        title: rubric.title.clone(),
        version: rubric.version.clone(),
        disclaimer: rubric.disclaimer.clone(),
        summary,
        criteria,
        mot: None,
    }
}
