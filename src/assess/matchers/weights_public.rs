//! `weights-public`: the weights can be downloaded without the publisher's approval.

use crate::assess::Outcome;
use crate::assess::judgement::{Judgement, strongest_facts};
use crate::component::Component;
use crate::evidence::{Availability, Evidence};
use crate::snapshot::Gating;

pub(crate) fn judge(ev: &Evidence) -> Judgement {
    let ce = ev.component(Component::ModelParametersFinal);
    let facts = strongest_facts(&ce.facts);
    if ev.access.gating == Gating::Manual {
        return Judgement::new(
            Outcome::NotMet,
            "the weights are gated: the publisher approves each download request by hand",
        )
        .with(facts);
    }
    match ce.availability {
        Availability::Published | Availability::Declared => {
            let gated = if ev.access.gating == Gating::Auto {
                " (after accepting the terms; access is granted automatically)"
            } else {
                ""
            };
            Judgement::new(
                Outcome::Met,
                format!("the weights can be downloaded{gated}"),
            )
            .with(facts)
        }
        Availability::Linked | Availability::Mentioned => Judgement::new(
            Outcome::Unknown,
            "the weights are referenced but not in the repository",
        )
        .with(facts),
        Availability::NotFound => {
            Judgement::new(Outcome::NotMet, "no weights were found in the repository")
        }
        Availability::Unknown => Judgement::new(
            Outcome::Unknown,
            format!(
                "whether weights are published is unknown: {}",
                ce.note.clone().unwrap_or_default()
            ),
        ),
    }
}
