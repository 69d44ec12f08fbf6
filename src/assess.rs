//! Assessment: [`Evidence`] x [`Rubric`] -> [`Assessment`]. Pure. Each criterion becomes a
//! [`Finding`] (met / not met / unknown / not applicable, with its reason and evidence); the
//! rubric's scoring turns findings into a verdict or a class.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::component::MofClass;
use crate::evidence::{Evidence, Fact};
use crate::rubric::{Rubric, Scoring};

/// What a criterion came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
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
pub enum Summary {
    /// A checklist: one of the rubric's three verdict words.
    Verdict {
        verdict: String,
        /// `pass`, `fail` or `undetermined`, whatever the rubric's words.
        status: VerdictStatus,
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
pub enum VerdictStatus {
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
    pub mot: Option<crate::mot::MotDetails>,
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

/// Judge every criterion of a rubric and score the result.
pub fn assess(evidence: &Evidence, rubric: &Rubric) -> Assessment {
    if let Scoring::Mot(rules) = &rubric.scoring {
        return crate::mot::score::assess(evidence, rubric, rules);
    }
    let criteria: Vec<Finding> = rubric
        .criteria
        .iter()
        .map(|c| {
            let j = c.requires.judge(evidence);
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
                VerdictStatus::Fail
            } else if required().any(|f| f.outcome == Outcome::Unknown) {
                VerdictStatus::Undetermined
            } else {
                VerdictStatus::Pass
            };
            let verdict = match status {
                VerdictStatus::Pass => &verdicts.pass,
                VerdictStatus::Fail => &verdicts.fail,
                VerdictStatus::Undetermined => &verdicts.undetermined,
            };
            Summary::Verdict {
                verdict: verdict.clone(),
                status,
            }
        }
        Scoring::Classes => classes(&criteria),
        Scoring::Mot(_) => unreachable!("scored by mot::score::assess above"),
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

/// Cumulative class scoring: class c needs every required criterion of classes III..=c.
pub fn classes(criteria: &[Finding]) -> Summary {
    let mut progress = BTreeMap::new();
    let mut reached = None;
    let mut potential = None;
    let mut all_met = true;
    let mut none_failed = true;
    for class in MofClass::ALL {
        let relevant: Vec<&Finding> = criteria
            .iter()
            .filter(|f| f.required && f.class.is_some_and(|c| c <= class))
            .collect();
        let counted: Vec<&&Finding> = relevant
            .iter()
            .filter(|f| f.outcome != Outcome::NotApplicable)
            .collect();
        let met = counted.iter().filter(|f| f.outcome == Outcome::Met).count();
        let pct = if counted.is_empty() {
            100.0
        } else {
            met as f64 * 100.0 / counted.len() as f64
        };
        progress.insert(class, (pct * 100.0).round() / 100.0);
        all_met &= counted.iter().all(|f| f.outcome == Outcome::Met);
        none_failed &= counted.iter().all(|f| f.outcome != Outcome::NotMet);
        if all_met {
            reached = Some(class);
        }
        if none_failed {
            potential = Some(class);
        }
    }
    let label = |c: Option<MofClass>| {
        c.map(|c| c.as_str().to_string())
            .unwrap_or_else(|| "unclassified".into())
    };
    Summary::Classes {
        class: label(reached),
        progress,
        potential_class: label(potential),
    }
}
