//! What the data cards of the datasets a model names say of OSAID's data-information items
//! (issue 13): a data card is all about the training data, so its text describes the data's
//! scope, a section on its sources (or links to them) gives provenance, a section on processing
//! (or a line on filtering) gives the cleaning methodology, and one on annotation gives the
//! labelling. Each finding cites the data card's line and the dataset's page.

use std::collections::BTreeMap;

use super::card::{self, Card};
use crate::evidence::{DataInfo, Fact, Source, Strength, Topic};
use crate::snapshot::Snapshot;
use crate::vocab;

/// Fewer words than this describe nothing.
const MIN_WORDS: usize = 30;

/// Facts per data-information item from the data cards the source read.
pub fn facts(snapshot: &Snapshot) -> BTreeMap<DataInfo, Vec<Fact>> {
    let mut out: BTreeMap<DataInfo, Vec<Fact>> = BTreeMap::new();
    for d in &snapshot.datasets {
        let Some(text) = d.card.as_ref().and_then(|t| t.content.text()) else {
            continue;
        };
        let c = card::parse(text);
        let file = format!("datasets/{}/README.md", d.id);
        let url = snapshot.repo.dataset_url(&d.id);
        let at = |line: u32| {
            let s = Source::line(&file, line);
            match &url {
                Some(u) => s.with_url(u.clone()),
                None => s,
            }
        };
        for (item, line, claim) in read(&c, &d.id) {
            out.entry(item)
                .or_default()
                .push(Fact::new(Strength::Published, claim, at(line)));
        }
    }
    out
}

/// `(item, line, claim)` for what one data card describes.
fn read(c: &Card, id: &str) -> Vec<(DataInfo, u32, String)> {
    let words = &vocab::builtin().card;
    let mut out = Vec::new();
    let body: Vec<(u32, &str)> = c
        .body_lines()
        .filter(|(_, l)| {
            let t = l.trim();
            !t.is_empty() && !t.starts_with("<!--")
        })
        .collect();
    let count: usize = body.iter().map(|(_, l)| l.split_whitespace().count()).sum();
    if count < MIN_WORDS {
        return out;
    }
    let first = body.first().map(|(n, _)| *n).unwrap_or(c.body_start);
    out.push((
        DataInfo::TrainingDataScope,
        first,
        format!("the data card of {id} describes the dataset ({count} words)"),
    ));
    let heading = |s: &card::Section, w: &vocab::Words| w.in_text(&s.title);
    if let Some(s) = c
        .sections
        .iter()
        .find(|s| heading(s, &words.data_card_sources))
    {
        out.push((
            DataInfo::TrainingDataProvenance,
            s.line,
            format!(
                "section \"{}\" of the data card of {id} gives the data's sources",
                s.title
            ),
        ));
    } else if let Some(l) = c.links.first() {
        out.push((
            DataInfo::TrainingDataProvenance,
            l.line,
            format!("the data card of {id} links the data's sources"),
        ));
    }
    if let Some(s) = c.sections.iter().find(|s| {
        heading(s, &words.data_card_processing) || s.topics.contains(&Topic::Preprocessing)
    }) {
        out.push((
            DataInfo::DataFiltering,
            s.line,
            format!(
                "section \"{}\" of the data card of {id} describes how the data was processed",
                s.title
            ),
        ));
    } else if let Some((n, _)) = body.iter().find(|(_, l)| words.filtering.in_text(l)) {
        out.push((
            DataInfo::DataFiltering,
            *n,
            format!("the data card of {id} speaks of filtering or cleaning the data"),
        ));
    }
    if let Some(s) = c.sections_on(Topic::Labeling).next() {
        out.push((
            DataInfo::LabelingProcedures,
            s.line,
            format!(
                "section \"{}\" of the data card of {id} describes labelling",
                s.title
            ),
        ));
    } else if let Some((n, _)) = body.iter().find(|(_, l)| words.labelling.in_text(l)) {
        out.push((
            DataInfo::LabelingProcedures,
            *n,
            format!("the data card of {id} speaks of labelling"),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(text: &str) -> Vec<DataInfo> {
        read(&card::parse(text), "org/data")
            .into_iter()
            .map(|(i, _, _)| i)
            .collect()
    }

    const WORDS: &str = "A corpus of web pages, books and code in English and forty other languages, about one trillion tokens, gathered in 2023 for pretraining language models of several sizes.";

    #[test]
    fn a_data_card_describes_what_its_sections_say() {
        let card = format!(
            "---\nlicense: odc-by\n---\n# Data\n\n{WORDS}\n\n## Sources\nCommon Crawl.\n\n## Processing\nDeduplicated.\n"
        );
        assert_eq!(
            items(&card),
            [
                DataInfo::TrainingDataScope,
                DataInfo::TrainingDataProvenance,
                DataInfo::DataFiltering
            ]
        );
        // Links stand for sources; a filtering line for a processing section.
        let card = format!(
            "# Data\n\n{WORDS}\n\nFrom [the crawl](https://example.org/crawl); near-duplicates were removed and filtered.\n"
        );
        assert_eq!(
            items(&card),
            [
                DataInfo::TrainingDataScope,
                DataInfo::TrainingDataProvenance,
                DataInfo::DataFiltering
            ]
        );
    }

    #[test]
    fn a_stub_data_card_describes_nothing() {
        assert!(items("# Data\n\nSee the paper.\n").is_empty());
        assert!(items("---\nlicense: mit\n---\n<!-- a template comment -->\n").is_empty());
    }
}
