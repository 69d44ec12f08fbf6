//! The headline: is the model closed, open weights under restrictions, open weights, or open
//! source? Decided from the weights' availability, their terms, gating, and the OSAID verdict.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::assess::{Assessment, ChecklistStatus, Outcome, Summary};
use crate::component::Component;
use crate::evidence::{Availability, Evidence};
use crate::license::NOASSERTION;
use crate::snapshot::Gating;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Level {
    /// No weights can be obtained.
    Closed,
    /// Weights can be obtained, under terms that restrict use.
    OpenWeightsRestricted,
    /// Weights under terms that conform to the Open Source Definition; OSAID not met (or not
    /// established).
    OpenWeights,
    /// OSAID conformant.
    OpenSource,
    /// The evidence cannot tell.
    Unknown,
}

impl Level {
    pub const ALL: [Level; 5] = [
        Level::Closed,
        Level::OpenWeightsRestricted,
        Level::OpenWeights,
        Level::OpenSource,
        Level::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Closed => "closed",
            Level::OpenWeightsRestricted => "open-weights-restricted",
            Level::OpenWeights => "open-weights",
            Level::OpenSource => "open-source",
            Level::Unknown => "unknown",
        }
    }

    /// Rank for "at least" comparisons (policies): closed < restricted < open weights < open source.
    /// `Unknown` ranks lowest, since it proves nothing.
    pub fn rank(self) -> u8 {
        match self {
            Level::Unknown => 0,
            Level::Closed => 1,
            Level::OpenWeightsRestricted => 2,
            Level::OpenWeights => 3,
            Level::OpenSource => 4,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Level::ALL
            .into_iter()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown openness level `{s}`; valid levels: {}",
                    Level::ALL.map(|l| l.as_str()).join(", ")
                )
            })
    }
}

/// The level with its one-line reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Openness {
    pub level: Level,
    pub reason: String,
}

/// Decide the headline from the evidence and the OSAID assessment.
pub fn decide(ev: &Evidence, osaid: &Assessment) -> Openness {
    let weights = ev.component(Component::ModelParametersFinal);
    match weights.availability {
        Availability::NotFound => Openness {
            level: Level::Closed,
            reason:
                "no weights are published: none in the repository and none linked from the card"
                    .into(),
        },
        Availability::Unknown => {
            let if_published = by_terms(ev, osaid);
            Openness {
                level: Level::Unknown,
                reason: format!(
                    "whether weights are published cannot be told ({}); if they are, the declared terms make the model {}: {}",
                    weights.note.clone().unwrap_or_default(),
                    if_published.level,
                    if_published.reason
                ),
            }
        }
        _ => by_terms(ev, osaid),
    }
}

/// The level the weights' terms, gating and the OSAID verdict give, assuming the weights can be
/// obtained.
fn by_terms(ev: &Evidence, osaid: &Assessment) -> Openness {
    let found = |reason: String, level| Openness { level, reason };
    let licenses: Vec<_> = ev.terms(Component::ModelParametersFinal).collect();
    let manual = ev.access.gating == Gating::Manual;
    let mut restrictions: Vec<String> = Vec::new();
    for l in &licenses {
        let kinds: Vec<&str> = l
            .facts
            .freedom_restrictions()
            .map(|r| r.kind.as_str())
            .collect();
        if !kinds.is_empty() {
            let mut kinds = kinds;
            kinds.sort();
            kinds.dedup();
            match &l.scope {
                crate::evidence::LicenseScope::BaseModel(base) => restrictions.push(format!(
                    "{} inherited from base model {base} ({})",
                    l.facts.id,
                    kinds.join(", ")
                )),
                _ => restrictions.push(format!("{} ({})", l.facts.id, kinds.join(", "))),
            }
        } else if l.facts.grants_freedoms() == Some(false) {
            restrictions.push(format!("{} (not an open license)", l.facts.id));
        }
    }
    if manual {
        restrictions.push("manual approval of each download".into());
    }
    restrictions.dedup();
    if !restrictions.is_empty() {
        return found(
            format!(
                "weights are available under restrictive terms: {}",
                restrictions.join("; ")
            ),
            Level::OpenWeightsRestricted,
        );
    }
    if licenses.is_empty() {
        use crate::evidence::{CardStatus, FrontMatterStatus};
        let why = match (&ev.card.status, &ev.card.front_matter) {
            _ if ev.manifest.is_some() => "the MOT manifest states no license for them: no rights are granted unless a license is found elsewhere".to_string(),
            (CardStatus::Unreadable { reason }, _) => format!(
                "the model card could not be read ({reason}), so its license is unknown, and no license file was found"
            ),
            (_, FrontMatterStatus::Invalid { line, .. }) => format!(
                "the card's metadata is invalid{}, so its license is unknown, and no license file was found",
                line.map(|l| format!(" (README.md line {l})"))
                    .unwrap_or_default()
            ),
            _ => "no license was found: no rights are granted and the terms cannot be determined"
                .into(),
        };
        return found(format!("weights are published but {why}"), Level::Unknown);
    }
    let unknown: Vec<String> = licenses
        .iter()
        .filter(|l| l.facts.grants_freedoms().is_none())
        .map(|l| {
            if l.declared.contains(crate::evidence::UNREAD_MARK) {
                l.declared.clone()
            } else if l.facts.id == NOASSERTION {
                format!("`{}` ({})", l.declared, l.source)
            } else {
                l.facts.id.clone()
            }
        })
        .collect();
    if !unknown.is_empty() {
        return found(
            format!(
                "weights are published, but the terms of {} could not be determined",
                unknown.join(" and ")
            ),
            Level::Unknown,
        );
    }
    let mut ids: Vec<String> = licenses.iter().map(|l| l.facts.id.clone()).collect();
    ids.sort();
    ids.dedup();
    let terms = ids.join(" and ");
    let titles = |o: Outcome| -> Vec<String> {
        osaid
            .criteria
            .iter()
            .filter(|f| f.required && f.outcome == o)
            .map(|f| f.title.clone())
            .collect()
    };
    let status = match &osaid.summary {
        Summary::Verdict { status, .. } => *status,
        Summary::Classes { .. } => ChecklistStatus::Undetermined,
    };
    match status {
        ChecklistStatus::Pass => found(
            format!("weights under {terms} and every OSAID requirement is met"),
            Level::OpenSource,
        ),
        ChecklistStatus::Fail => {
            let missing = titles(Outcome::NotMet);
            found(
                format!(
                    "weights under {terms}, but OSAID is not met: {}",
                    shorten(&missing)
                ),
                Level::OpenWeights,
            )
        }
        ChecklistStatus::Undetermined => {
            let unknown = titles(Outcome::Unknown);
            found(
                format!(
                    "weights under {terms}; OSAID conformance is not established: {} unknown ({})",
                    unknown.len(),
                    shorten(&unknown)
                ),
                Level::OpenWeights,
            )
        }
    }
}

fn shorten(items: &[String]) -> String {
    if items.len() <= 3 {
        items.join(", ")
    } else {
        format!("{}, and {} more", items[..3].join(", "), items.len() - 3)
    }
}
