//! The OSAID data-information items (training methodology, data scope, provenance, labelling,
//! filtering), from the card's sections and lines, by the words of `vocab/card.yaml`; when the
//! card does not describe one, a linked paper or dataset card may.

use std::collections::BTreeMap;

use super::card::{Card, Section};
use crate::component::Component;
use crate::evidence::{
    ComponentEvidence, DataInfo, DataInfoEvidence, DataInfoStatus, Fact, Source, Strength, Topic,
};
use crate::snapshot::Snapshot;
use crate::vocab;

/// The OSAID data-information items from the card.
pub fn items(
    snapshot: &Snapshot,
    card: Option<&Card>,
    file: &str,
    components: &BTreeMap<Component, ComponentEvidence>,
    card_readable: bool,
) -> BTreeMap<DataInfo, DataInfoEvidence> {
    let mut from_data_cards = super::data_cards::facts(snapshot);
    let linked = |c: Component| {
        components[&c]
            .facts
            .iter()
            .find(|f| f.strength == Strength::Linked)
    };
    // The model's own paper when the papers were read, else the first one the card links.
    let own_paper = snapshot
        .linked
        .papers
        .iter()
        .find(|p| super::papers::own(snapshot, card, p).is_some())
        .and_then(|p| {
            components[&Component::ResearchPaper]
                .facts
                .iter()
                .find(|f| f.claim.contains(&format!("arXiv:{} ", p.id)))
        });
    let paper = own_paper
        .or_else(|| linked(Component::ResearchPaper))
        .or_else(|| linked(Component::TechnicalReport))
        .cloned();
    let dataset_link = linked(Component::Datasets).cloned();
    let mut out = BTreeMap::new();
    for item in DataInfo::ALL {
        let mut facts = card
            .map(|c| described(item, c, file, dataset_link.as_ref()))
            .unwrap_or_default();
        facts.extend(from_data_cards.remove(&item).unwrap_or_default());
        if item == DataInfo::DataFiltering && facts.is_empty() {
            facts.extend(filtering_in_code(components));
        }
        facts.sort();
        facts.dedup();
        let status = if !facts.is_empty() {
            DataInfoStatus::Described
        } else if !card_readable {
            DataInfoStatus::Unknown
        } else if item == DataInfo::LabelingProcedures
            && !card.is_some_and(|c| supervised(c, &snapshot.repo.name))
        {
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

/// Whether the model learned from labelled examples or human feedback (if not, it has no
/// labelling procedures to describe): its name says so (`-Instruct`, `-chat`), or its card's
/// training sections do. A word elsewhere in the card ("unlike ChatGPT, it was not tuned with
/// RLHF") does not count.
fn supervised(card: &Card, name: &str) -> bool {
    let words = &vocab::builtin().card.supervised;
    let name_words = name.to_lowercase().replace(['-', '_', '.'], " ");
    if name_words.split_whitespace().any(|w| {
        words
            .0
            .iter()
            .any(|s| !s.contains(' ') && w.starts_with(s.as_str()))
    }) {
        return true;
    }
    card.sections
        .iter()
        .zip(about_use(card))
        .filter(|(_, about_use)| !about_use)
        .map(|(s, _)| s)
        .filter(|s| {
            s.topics.iter().any(|t| {
                matches!(
                    t,
                    Topic::Training
                        | Topic::TrainingData
                        | Topic::TrainingProcedure
                        | Topic::Labeling
                )
            })
        })
        .any(|s| prose_lines(card, s).any(|(_, l)| starts_a_word(&l, words)))
}

/// The data preprocessing code the tool found (in the repository, or in a linked repository it
/// read): the code is the cleaning and filtering method, step by step.
fn filtering_in_code(components: &BTreeMap<Component, ComponentEvidence>) -> Option<Fact> {
    let code = &components[&Component::DataPreprocessingCode];
    // Published in the repository, or in a linked repository that was read (whose license the
    // component then carries).
    let found = code.availability == crate::evidence::Availability::Published
        || code.availability == crate::evidence::Availability::Linked && !code.licenses.is_empty();
    if !found {
        return None;
    }
    code.facts
        .iter()
        .find(|f| matches!(f.strength, Strength::Published | Strength::Linked))
        .map(|f| {
            Fact::new(
                f.strength,
                format!(
                    "not described in words; the data preprocessing code shows how the data was processed: {}",
                    f.claim
                ),
                f.source.clone(),
            )
        })
}

/// Per section, whether it is about using the model (itself, or under a heading on uses):
/// "Fine-tuning" under "Uses" tells a reader how to tune it, not how it was trained. A section's
/// parent is the nearest heading above it of a higher level: one pass with the open headings.
fn about_use(card: &Card) -> Vec<bool> {
    let mut out = Vec::with_capacity(card.sections.len());
    let mut open: Vec<&Section> = Vec::new();
    for s in &card.sections {
        while open.last().is_some_and(|p| p.level >= s.level) {
            open.pop();
        }
        let under_uses = open.last().is_some_and(|p| p.topics.contains(&Topic::Uses));
        out.push(s.topics.contains(&Topic::Uses) || under_uses);
        open.push(s);
    }
    out
}

/// The lines of a section outside code blocks, without their web addresses (a repository named
/// `open-instruct` or a flag `--label_mask` is not prose about the model).
fn prose_lines<'a>(card: &'a Card, s: &Section) -> impl Iterator<Item = (u32, String)> + 'a {
    let mut in_code = false;
    card.section_lines(s).filter_map(move |(n, l)| {
        if l.trim_start().starts_with("```") {
            in_code = !in_code;
            return None;
        }
        if in_code {
            return None;
        }
        let text: String = l
            .split_whitespace()
            .filter(|w| !w.contains("://") && !w.starts_with("--"))
            .collect::<Vec<_>>()
            .join(" ");
        Some((n, text))
    })
}

/// Whether one of the words starts a word of the line (`supervised` in "supervised tasks", not
/// in "unsupervised").
/// A negation before it in the same sentence ("No labelled data was used") does not count.
fn starts_a_word(line: &str, words: &vocab::Words) -> bool {
    const NEGATIONS: [&str; 6] = ["no", "not", "without", "never", "neither", "nor"];
    let lower = line.to_lowercase();
    words.0.iter().any(|w| {
        lower.match_indices(w.as_str()).any(|(i, _)| {
            let starts = lower[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let sentence = lower[..i].rsplit(['.', ';', '!', '?']).next().unwrap_or("");
            let negated = sentence
                .split(|c: char| !c.is_alphanumeric() && c != '\'')
                .any(|t| NEGATIONS.contains(&t) || t.ends_with("n't"));
            starts && !negated
        })
    })
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
                if !c.links_in(s).is_empty() {
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
            // Labelled data taken from datasets the card links: their labelling is documented
            // where they are published.
            for s in c.sections_on(Topic::TrainingData) {
                let links = !c.links_in(s).is_empty();
                if links
                    && let Some((n, _)) =
                        prose_lines(c, s).find(|(_, l)| starts_a_word(l, &words.supervised))
                {
                    facts.push(Fact::new(
                        Strength::Published,
                        format!(
                            "section \"{}\" links the labelled datasets the model was trained on (their labelling is documented where they are published)",
                            s.title
                        ),
                        Source::line(file, n),
                    ));
                }
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
        // As many as one card is listed for; the rest counted.
        let listed = names.len().min(super::MAX_LISTED);
        let more = match names.len() - listed {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        return Some(Fact::new(
            Strength::Published,
            format!(
                "the metadata names the training datasets: {}{more}",
                names[..listed].join(", ")
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::card;

    #[test]
    fn a_section_under_uses_is_about_use() {
        let c = card::parse(
            "# M\n\n## Uses\n\n### Fine-tuning\n\n#### Data\n\n## Training\n\n### Data\n\nUsage\n-----\n\n<h3>Tuning</h3>\n\n# Other\n\n### Deep\n",
        );
        // As the parent was found before: the innermost section above of a higher level.
        let walked: Vec<bool> = c
            .sections
            .iter()
            .map(|s| {
                s.topics.contains(&Topic::Uses)
                    || c.sections
                        .iter()
                        .filter(|p| {
                            p.level < s.level && p.line < s.line && s.line < p.end.max(p.line + 1)
                        })
                        .max_by_key(|p| p.line)
                        .is_some_and(|p| p.topics.contains(&Topic::Uses))
            })
            .collect();
        assert_eq!(about_use(&c), walked);
        let titles: Vec<&str> = c
            .sections
            .iter()
            .zip(about_use(&c))
            .filter(|(_, u)| *u)
            .map(|(s, _)| s.title.as_str())
            .collect();
        // Only the parent counts: "Data" under "Fine-tuning" is not about use.
        assert_eq!(titles, ["Uses", "Fine-tuning", "Usage", "Tuning"]);
    }

    #[test]
    fn labelled_data_is_read_from_training_sections_and_the_name() {
        let sup = |text: &str, name: &str| supervised(&card::parse(text), name);
        // The name says so.
        assert!(sup("# M\n", "acme-7b-Instruct"));
        assert!(sup("# M\n", "acme-chat-v2"));
        assert!(!sup("# M\n", "acme-7b"));
        // A training section that says so.
        assert!(sup(
            "# M\n\n## Training procedure\n\nWe fine-tuned on human preference data with DPO.\n",
            "m"
        ));
        // Negations, other models, usage sections, code and links do not count.
        assert!(!sup(
            "# M\n\n## Training data\n\nNo labelled or human-annotated data was used.\n",
            "m"
        ));
        assert!(!sup(
            "# M\n\n## Limitations\n\nUnlike ChatGPT, it was not tuned with RLHF.\n",
            "m"
        ));
        assert!(!sup(
            "# M\n\n## Uses\n\n### Fine-tuning\n\nSee [open-instruct](https://github.com/o/open-instruct) for SFT.\n",
            "m"
        ));
        assert!(!sup(
            "# M\n\n## Training\n\n```\ntrain.py --label_mask x\n```\n",
            "m"
        ));
        // A word inside another word is not the word.
        assert!(!sup(
            "# M\n\n## Training data\n\nUnsupervised denoising on web text.\n",
            "m"
        ));
    }
}
