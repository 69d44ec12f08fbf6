//! `data-information`: the card (or a data card it links) describes one of OSAID's
//! data-information items: methodology, scope, provenance, labelling, filtering.

use crate::assess::Outcome;
use crate::assess::judgement::{Judgement, strongest_facts};
use crate::evidence::{DataInfo, DataInfoStatus, Evidence};

pub(crate) fn judge(ev: &Evidence, item: DataInfo) -> Judgement {
    let Some(d) = ev.data_information.get(&item) else {
        return Judgement::new(Outcome::Unknown, "no data information was extracted");
    };
    let what = item.describe();
    let facts = strongest_facts(&d.facts);
    let (outcome, reason) = match d.status {
        DataInfoStatus::Described => (
            Outcome::Met,
            format!(
                "the card describes the {what} (its sufficiency for rebuilding the model is not judged)"
            ),
        ),
        DataInfoStatus::Referenced => (
            Outcome::Unknown,
            format!(
                "the card does not describe the {what}; a linked publication may, but it was not read"
            ),
        ),
        DataInfoStatus::NotApplicable => (
            Outcome::NotApplicable,
            format!(
                "the card shows no sign that {what} apply (no labelled or supervised data is mentioned)"
            ),
        ),
        DataInfoStatus::NotFound => (
            Outcome::NotMet,
            format!("neither the card nor a linked publication describes the {what}"),
        ),
        DataInfoStatus::Unknown => (
            Outcome::Unknown,
            format!(
                "the model card could not be read, so whether it describes the {what} is unknown"
            ),
        ),
    };
    Judgement::new(outcome, reason).with(facts)
}
