//! What a card's prose says about its own terms: a card with no license metadata that says its
//! weights are "released for research purposes only" has stated its terms, in words; and a
//! license sentence counts only when it is about this model, not about another model of the
//! family, a dataset, a base model or a library.

use std::sync::OnceLock;

use regex::Regex;

use super::card::Card;
use crate::evidence::{LicenseEvidence, LicenseOrigin, LicenseScope, Source};
use crate::license::clauses::{Clause, read_clauses};
use crate::license::{Resolution, RestrictionKind, custom};

/// The kinds of term prose can state about a model (an acceptable-use list in prose is
/// advice more often than terms).
const PROSE_KINDS: [RestrictionKind; 6] = [
    RestrictionKind::NonCommercial,
    RestrictionKind::FieldOfUse,
    RestrictionKind::ModelTrainingBan,
    RestrictionKind::NoDerivatives,
    RestrictionKind::UserThreshold,
    RestrictionKind::RevenueThreshold,
];

fn size_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(?:^|[^a-z0-9.])(\d+(?:\.\d+)?)\s?([bmt])\b").expect("valid regex")
    })
}

/// The parameter sizes a text names (`7B`, `1.5b`, `70 B`), normalised (`7b`, `1.5b`).
fn sizes(text: &str) -> Vec<String> {
    size_re()
        .captures_iter(text)
        .map(|c| format!("{}{}", &c[1], c[2].to_ascii_lowercase()))
        .collect()
}

/// Whether a sentence is about another model than `model` (this model's name): it names model
/// sizes, and none of them is this model's.
pub fn about_other_model(sentence: &str, model: &str) -> bool {
    let mine = sizes(model);
    let named = sizes(sentence);
    !mine.is_empty() && !named.is_empty() && !named.iter().any(|s| mine.contains(s))
}

/// Words that make a sentence about something other than the model's own weights.
const OTHER_SUBJECTS: [&str; 9] = [
    "dataset",
    "data set",
    "training data",
    "corpus",
    "base model",
    "library",
    "source code",
    "the code",
    "benchmark",
];

/// Words that make a sentence about the model itself.
const MODEL_WORDS: [&str; 9] = [
    "model",
    "weights",
    "checkpoint",
    "release",
    "released",
    "this repository",
    "these files",
    "use of",
    "may be used",
];

/// Whether a clause of the card's prose is about this model's own terms.
fn about_this_model(c: &Clause, model: &str) -> bool {
    let q = c.quote.to_lowercase();
    let names_it = MODEL_WORDS.iter().any(|w| q.contains(w))
        || model
            .split(|ch: char| !ch.is_alphanumeric())
            .filter(|w| w.len() > 3)
            .any(|w| q.contains(&w.to_lowercase()));
    names_it && !OTHER_SUBJECTS.iter().any(|w| q.contains(w)) && !about_other_model(&q, model)
}

/// The terms a card states in prose about its own model, as a license statement; `None` when
/// it states none. Read only when the card's metadata names no license.
pub fn card_terms(card: &Card, file: &str, model: &str) -> Option<LicenseEvidence> {
    let start = card.body_start as usize;
    let mut body = String::new();
    let mut fenced = false;
    for (i, line) in card.lines.iter().enumerate() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        // Line numbers stay those of the file: blank out what is not prose.
        if i + 1 >= start && !fenced {
            body.push_str(line);
        }
        body.push('\n');
    }
    let clauses: Vec<Clause> = read_clauses(&body)
        .into_iter()
        .filter(|c| PROSE_KINDS.contains(&c.kind))
        .filter(|c| about_this_model(c, model))
        .collect();
    let first = clauses.first()?.first_line;
    let name = "terms stated in the model card";
    let facts = custom::facts(&custom::custom_id(Some(name), ""), name, &clauses);
    Some(LicenseEvidence {
        declared: "the card's text".into(),
        facts,
        resolution: Resolution::Unresolved,
        origin: LicenseOrigin::CardText,
        scope: LicenseScope::Repository,
        source: Source::line(file, first as u32),
        confidence: None,
        notes: vec![
            "the card names no license in its metadata, but its text states terms for the model: they are read as its terms".into(),
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_about_other_sizes_are_about_other_models() {
        assert!(about_other_model(
            "License: Apache 2.0 (the 72B model has its own license)",
            "Qwen2.5-7B-Instruct"
        ));
        assert!(!about_other_model(
            "License: Apache 2.0",
            "Qwen2.5-7B-Instruct"
        ));
        assert!(!about_other_model(
            "The 7B weights are released under Apache 2.0",
            "Qwen2.5-7B-Instruct"
        ));
        // A name without a size cannot tell.
        assert!(!about_other_model("License for the 70B model", "my-model"));
        // "1.5B" is not "5B".
        assert!(about_other_model("License of Foo-1.5B", "Foo-5B"));
    }

    fn card(text: &str) -> Card {
        crate::extract::card::parse(text)
    }

    #[test]
    fn prose_terms_about_the_model_count_and_others_do_not() {
        let c = card(
            "# Lark-3B\n\nThe Lark-3B weights are released for research purposes only.\nCommercial use of this model is not permitted.\n",
        );
        let l = card_terms(&c, "README.md", "Lark-3B").expect("terms");
        let kinds: Vec<RestrictionKind> = l.facts.restrictions.iter().map(|r| r.kind).collect();
        assert!(kinds.contains(&RestrictionKind::NonCommercial), "{kinds:?}");
        assert_eq!(l.facts.osd_conformant, Some(false));
        assert_eq!(l.source.line, Some(3));
        // About the dataset, another size, or in a code block: not the model's terms.
        for text in [
            "# Lark-3B\n\nThe training dataset may be used for research purposes only.\n",
            "# Lark-3B\n\nThe Lark-70B model is released for non-commercial use only.\n",
            "# Lark-3B\n\n```\n# for research purposes only\nmodel = load()\n```\n",
            "# Lark-3B\n\nYou may use this model for commercial and non-commercial purposes.\n",
        ] {
            assert!(
                card_terms(&card(text), "README.md", "Lark-3B").is_none(),
                "{text}"
            );
        }
    }
}
