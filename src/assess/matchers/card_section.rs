//! `card-section`: the model card has a section on a topic (intended uses, limitations, ...).

use crate::assess::Outcome;
use crate::assess::judgement::{Judgement, MAX_EVIDENCE};
use crate::evidence::{CardStatus, Evidence, Fact, Source, Strength, Topic};

pub(crate) fn judge(ev: &Evidence, topic: Topic) -> Judgement {
    let words = topic.words();
    match &ev.card.status {
        CardStatus::Missing => Judgement::new(Outcome::NotMet, "the repository has no model card"),
        CardStatus::Unreadable { reason } => Judgement::new(
            Outcome::Unknown,
            format!("the model card could not be read ({reason})"),
        ),
        CardStatus::Present { .. } => {
            let file = ev.card.file.clone().unwrap_or_else(|| "README.md".into());
            let facts: Vec<Fact> = ev
                .card
                .sections
                .iter()
                .filter(|s| s.topics.contains(&topic))
                .map(|s| {
                    Fact::new(
                        Strength::Published,
                        format!("section \"{}\"", s.title),
                        Source::line(&file, s.line),
                    )
                })
                .take(MAX_EVIDENCE)
                .collect();
            if facts.is_empty() {
                Judgement::new(
                    Outcome::NotMet,
                    format!("the model card has no section on {words}"),
                )
            } else {
                Judgement::new(
                    Outcome::Met,
                    format!("the model card has a section on {words}"),
                )
                .with(facts)
            }
        }
    }
}
