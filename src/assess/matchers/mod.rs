//! The matchers: one file per word of the `requires:` vocabulary
//! ([`crate::rubric::Requirement`]), each judging the evidence into a [`Judgement`]. "Could not
//! tell" is [`Outcome::Unknown`], never a "no" and never a "yes".

mod card_section;
mod component;
mod compute;
mod data_information;
mod freedoms;
mod weights_public;

use crate::assess::Outcome;
use crate::assess::judgement::{Judgement, combine_all, combine_any};
use crate::evidence::Evidence;
use crate::rubric::Requirement;

/// Judge a requirement against the evidence.
pub fn judge(requirement: &Requirement, ev: &Evidence) -> Judgement {
    match requirement {
        Requirement::All(list) => combine_all(list.iter().map(|r| judge(r, ev)).collect()),
        Requirement::Any(list) => combine_any(list.iter().map(|r| judge(r, ev)).collect()),
        Requirement::Component(c) => component::judge(ev, c.component, c.license),
        Requirement::Freedoms(f) => freedoms::judge(ev, f),
        Requirement::DataInformation(d) => data_information::judge(ev, *d),
        Requirement::CardSection(t) => card_section::judge(ev, *t),
        Requirement::WeightsPublic => weights_public::judge(ev),
        Requirement::TrainingComputeBelow(f) => compute::judge(ev, *f),
        Requirement::NotMonetised => Judgement::new(
            Outcome::Unknown,
            "whether the model is offered against payment cannot be seen in its repository",
        ),
    }
}

#[cfg(test)]
mod tests {
    use crate::license::RestrictionKind;

    #[test]
    fn restriction_kinds_that_break_freedoms() {
        assert!(RestrictionKind::UserThreshold.breaks_freedoms());
        assert!(!RestrictionKind::Attribution.breaks_freedoms());
    }
}
