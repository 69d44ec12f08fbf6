//! `vocab/card.yaml`: the words a model card is read with (the topics of section headings, the
//! words of the data-information items, phrases that show a component).

use serde::Deserialize;
use serde_saphyr::{Location, Spanned};

use super::{Check, Words};
use crate::diag::Code;
use crate::evidence::Topic;

/// The card's words, validated.
#[derive(Debug, Clone)]
pub struct CardVocab {
    /// Every rule is tried on every heading.
    pub headings: Vec<HeadingRule>,
    /// Words of a line that speaks of labelling.
    pub labelling: Words,
    /// Words of a line that speaks of filtering or cleaning data.
    pub filtering: Words,
    /// Words that show the model learned from labelled examples or human feedback.
    pub supervised: Words,
    /// Heading words of a data card's section on where the data came from.
    pub data_card_sources: Words,
    /// Heading words of a data card's section on how the data was processed.
    pub data_card_processing: Words,
    /// Phrases that mention intermediate checkpoints.
    pub intermediate_checkpoints: Words,
    /// Phrases that mention a technical report.
    pub technical_report: Words,
}

/// Topics a heading gets when it holds some words (and not others); then one rule more, or
/// else another.
#[derive(Debug, Clone, Default)]
pub struct HeadingRule {
    pub topics: Vec<Topic>,
    pub words: Words,
    /// Whole headings (trimmed, lowercase) that match too.
    pub exact: Vec<String>,
    pub unless: Words,
    pub then: Option<Box<HeadingRule>>,
    pub otherwise: Option<Box<HeadingRule>>,
}

impl HeadingRule {
    /// Whether the rule matches a lowercased heading. A rule with neither words nor exact
    /// headings matches every heading its `unless` allows.
    pub fn matches(&self, lower: &str) -> bool {
        let always = self.words.is_empty() && self.exact.is_empty();
        let hit = always
            || self.words.in_lowercase(lower)
            || self.exact.iter().any(|e| lower.trim() == e);
        hit && !self.unless.in_lowercase(lower)
    }

    /// Add the topics this rule (and its `then` or `else`) gives a lowercased heading.
    pub fn apply(&self, lower: &str, out: &mut Vec<Topic>) {
        if self.matches(lower) {
            out.extend(&self.topics);
            if let Some(then) = &self.then {
                then.apply(lower, out);
            }
        } else if let Some(otherwise) = &self.otherwise {
            otherwise.apply(lower, out);
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawCard {
    headings: Vec<Spanned<RawRule>>,
    data_information: RawDataInformation,
    phrases: RawPhrases,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    #[serde(default)]
    topics: Vec<Spanned<String>>,
    #[serde(default)]
    words: Vec<Spanned<String>>,
    #[serde(default)]
    exact: Vec<Spanned<String>>,
    #[serde(default)]
    unless: Vec<Spanned<String>>,
    #[serde(default)]
    then: Option<Box<Spanned<RawRule>>>,
    #[serde(default, rename = "else")]
    otherwise: Option<Box<Spanned<RawRule>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawDataInformation {
    labelling: Vec<Spanned<String>>,
    filtering: Vec<Spanned<String>>,
    supervised: Vec<Spanned<String>>,
    #[serde(default)]
    data_card_sources: Vec<Spanned<String>>,
    #[serde(default)]
    data_card_processing: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawPhrases {
    intermediate_checkpoints: Vec<Spanned<String>>,
    technical_report: Vec<Spanned<String>>,
}

pub(super) fn validate(raw: RawCard, check: &mut Check) -> CardVocab {
    let headings = raw
        .headings
        .iter()
        .map(|r| rule(&r.value, &r.referenced, true, check))
        .collect();
    let d = &raw.data_information;
    let p = &raw.phrases;
    CardVocab {
        headings,
        labelling: check.words(&d.labelling),
        filtering: check.words(&d.filtering),
        supervised: check.words(&d.supervised),
        data_card_sources: check.words(&d.data_card_sources),
        data_card_processing: check.words(&d.data_card_processing),
        intermediate_checkpoints: check.words(&p.intermediate_checkpoints),
        technical_report: check.words(&p.technical_report),
    }
}

fn rule(raw: &RawRule, at: &Location, top: bool, check: &mut Check) -> HeadingRule {
    let topics = raw
        .topics
        .iter()
        .filter_map(|t| check.name::<Topic>("topic", t))
        .collect();
    let words = check.words(&raw.words);
    let exact = check.words(&raw.exact).0;
    for e in raw.exact.iter().filter(|e| e.value.trim() != e.value) {
        check.at(
            Code::Invalid,
            &e.referenced,
            format!("`{}` has spaces around it; headings are trimmed", e.value),
        );
    }
    let always = raw.words.is_empty() && raw.exact.is_empty();
    if always && top {
        check.at(
            Code::Missing,
            at,
            "the rule has neither `words` nor `exact`: it would match every heading",
        );
    }
    if always && raw.otherwise.is_some() {
        check.at(
            Code::Invalid,
            at,
            "the rule has neither `words` nor `exact`, so it always matches and its `else` never applies",
        );
    }
    if raw.topics.is_empty() && raw.then.is_none() {
        check.at(
            Code::Missing,
            at,
            "the rule gives no topic: add `topics` (or a `then` rule)",
        );
    }
    let sub = |r: &Option<Box<Spanned<RawRule>>>, check: &mut Check| {
        r.as_ref()
            .map(|r| Box::new(rule(&r.value, &r.referenced, false, check)))
    };
    HeadingRule {
        topics,
        words,
        exact,
        unless: check.words(&raw.unless),
        then: sub(&raw.then, check),
        otherwise: sub(&raw.otherwise, check),
    }
}
