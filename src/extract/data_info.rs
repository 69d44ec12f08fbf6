//! The OSAID data-information items (training methodology, data scope, provenance, labelling,
//! filtering), from the card's sections and lines, by the words of `vocab/card.yaml`; when the
//! card does not describe one, a linked paper or dataset card may.

use std::collections::BTreeMap;

use super::card::{Card, Section};
use crate::component::Component;
use crate::evidence::{
    ComponentEvidence, DataInfo, DataInfoEvidence, DataInfoStatus, Fact, Source, Strength, Topic,
};
use crate::vocab;

/// The OSAID data-information items from the card.
pub fn items(
    card: Option<&Card>,
    file: &str,
    components: &BTreeMap<Component, ComponentEvidence>,
    card_readable: bool,
) -> BTreeMap<DataInfo, DataInfoEvidence> {
    let linked = |c: Component| {
        components[&c]
            .facts
            .iter()
            .find(|f| f.strength == Strength::Linked)
    };
    let paper = linked(Component::ResearchPaper)
        .or_else(|| linked(Component::TechnicalReport))
        .cloned();
    let dataset_link = linked(Component::Datasets).cloned();
    let mut out = BTreeMap::new();
    for item in DataInfo::ALL {
        let mut facts = card
            .map(|c| described(item, c, file, dataset_link.as_ref()))
            .unwrap_or_default();
        facts.sort();
        facts.dedup();
        let status = if !facts.is_empty() {
            DataInfoStatus::Described
        } else if !card_readable {
            DataInfoStatus::Unknown
        } else if item == DataInfo::LabelingProcedures && !card.is_some_and(supervised) {
            DataInfoStatus::NotApplicable
        } else if let Some(p) = &paper {
            facts.push(Fact::new(
                Strength::Linked,
                format!(
                    "not in the card; the linked paper may describe it ({})",
                    p.claim
                ),
                p.source.clone(),
            ));
            DataInfoStatus::Referenced
        } else if let Some(d) = dataset_link
            .as_ref()
            .filter(|_| matches!(item, DataInfo::TrainingDataScope | DataInfo::DataFiltering))
        {
            facts.push(Fact::new(
                Strength::Linked,
                format!(
                    "not in the card; the linked dataset's own card may describe it ({})",
                    d.claim
                ),
                d.source.clone(),
            ));
            DataInfoStatus::Referenced
        } else {
            DataInfoStatus::NotFound
        };
        out.insert(
            item,
            DataInfoEvidence {
                item,
                status,
                facts,
            },
        );
    }
    out
}

/// Whether the card shows the model learned from labelled examples or human feedback (if not,
/// it has no labelling procedures to describe).
fn supervised(card: &Card) -> bool {
    let words = &vocab::builtin().card.supervised;
    card.body_lines().any(|(_, l)| words.in_text(l))
}

/// What the card says of one item.
fn described(item: DataInfo, c: &Card, file: &str, dataset_link: Option<&Fact>) -> Vec<Fact> {
    let words = &vocab::builtin().card;
    let section_fact = |s: &Section, what: &str| {
        Fact::new(
            Strength::Published,
            format!("section \"{}\" {what}", s.title),
            Source::line(file, s.line),
        )
    };
    // The first line of a section with one of `words`.
    let line_fact = |s: &Section, words: &vocab::Words, what: &str| {
        c.section_lines(s)
            .find(|(_, l)| words.in_text(l))
            .map(|(n, _)| {
                Fact::new(
                    Strength::Published,
                    format!("section \"{}\" {what}", s.title),
                    Source::line(file, n),
                )
            })
    };
    let mut facts = Vec::new();
    match item {
        DataInfo::TrainingMethodology => {
            for s in c.sections_on(Topic::TrainingProcedure) {
                if c.section_words(s) >= 20 {
                    facts.push(section_fact(s, "describes how the model was trained"));
                }
            }
        }
        DataInfo::TrainingDataScope => {
            for s in c.sections_on(Topic::TrainingData) {
                if c.section_words(s) >= 15 {
                    facts.push(section_fact(s, "describes the training data"));
                }
            }
        }
        DataInfo::TrainingDataProvenance => {
            facts.extend(provenance(c, file, dataset_link));
            for s in c.sections_on(Topic::TrainingData) {
                if c.links.iter().any(|l| l.line > s.line && l.line < s.end) {
                    facts.push(section_fact(s, "links the sources of the training data"));
                }
            }
        }
        DataInfo::LabelingProcedures => {
            for s in c.sections_on(Topic::Labeling) {
                facts.push(section_fact(s, "describes labelling or human feedback"));
            }
            for s in c
                .sections_on(Topic::TrainingData)
                .chain(c.sections_on(Topic::TrainingProcedure))
            {
                facts.extend(line_fact(s, &words.labelling, "mentions labelling"));
            }
        }
        DataInfo::DataFiltering => {
            for s in c.sections_on(Topic::Preprocessing) {
                facts.push(section_fact(s, "describes data processing"));
            }
            for s in c.sections_on(Topic::TrainingData) {
                facts.extend(line_fact(
                    s,
                    &words.filtering,
                    "mentions filtering or cleaning",
                ));
            }
        }
    }
    facts
}

/// The training datasets the metadata names, else the training data the card links.
fn provenance(c: &Card, file: &str, dataset_link: Option<&Fact>) -> Option<Fact> {
    let names = c.front_matter.strings("datasets");
    if !names.is_empty() {
        return Some(Fact::new(
            Strength::Published,
            format!(
                "the metadata names the training datasets: {}",
                names.join(", ")
            ),
            Source {
                file: Some(file.into()),
                line: c.front_matter.line("datasets"),
                field: Some("datasets".into()),
                url: None,
            },
        ));
    }
    dataset_link.map(|d| {
        Fact::new(
            Strength::Published,
            format!("the card links its training data: {}", d.claim),
            d.source.clone(),
        )
    })
}
