//! What the card itself shows: the model card, a data card section, the datasets its metadata
//! names, evaluation results (model-index or a section with numbers), sample outputs,
//! intermediate checkpoints and a technical report its text mentions, the architecture it
//! describes. The phrases are in `vocab/card.yaml`.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use regex::Regex;
use serde_json::Value;

use super::card::Card;
use super::{FactSet, Listed, files};
use crate::component::Component;
use crate::evidence::{Fact, Source, Strength, Topic};
use crate::snapshot::RepoMeta;
use crate::vocab;

/// Components the card itself shows: the card, a data card section, evaluation results,
/// sample outputs, intermediate checkpoints described in the text. What one card lists beyond
/// [`super::MAX_LISTED`] goes to `limits`.
pub fn facts(
    card: &Card,
    file: &str,
    repo: &RepoMeta,
    limits: &mut Vec<String>,
) -> BTreeMap<Component, Vec<Fact>> {
    let mut out = FactSet::default();
    let fm = &card.front_matter;
    let words = &vocab::builtin().card;

    // The model card.
    let core = [
        (Topic::Uses, "uses"),
        (Topic::Limitations, "limitations"),
        (Topic::Training, "training"),
        (Topic::Evaluation, "evaluation"),
    ];
    let present: Vec<&str> = core
        .iter()
        .filter(|(t, _)| card.sections_on(*t).next().is_some())
        .map(|(_, n)| *n)
        .collect();
    let missing: Vec<&str> = core
        .iter()
        .filter(|(t, _)| card.sections_on(*t).next().is_none())
        .map(|(_, n)| *n)
        .collect();
    let body_words: usize = card
        .body_lines()
        .map(|(_, l)| l.split_whitespace().count())
        .sum();
    if body_words >= 20 || !card.sections.is_empty() {
        let mut claim = format!(
            "model card {file} ({body_words} words, {} sections",
            card.sections.len()
        );
        if !present.is_empty() {
            claim.push_str(&format!("; covers {}", present.join(", ")));
        }
        if !missing.is_empty() {
            claim.push_str(&format!("; no section on {}", missing.join(", ")));
        }
        claim.push(')');
        out.add(
            Component::ModelCard,
            Fact::new(Strength::Published, claim, Source::file(file)),
        );
    }

    // Data card: a substantive training-data section of the model card.
    for s in card.sections_on(Topic::TrainingData) {
        if card.section_words(s) >= 15 {
            out.add(
                Component::DataCard,
                Fact::new(
                    Strength::Published,
                    format!(
                        "the model card describes its training data in section \"{}\"",
                        s.title
                    ),
                    Source::line(file, s.line),
                ),
            );
        }
    }
    // Datasets named in the metadata, each once and at most [`MAX_LISTED`] of them.
    let mut datasets = Listed::default();
    for d in &fm.strings("datasets") {
        if !datasets.admit(d) {
            continue;
        }
        out.add(
            Component::Datasets,
            Fact::new(
                Strength::Linked,
                format!("dataset {d} is named in the metadata; its license was not checked here"),
                Source {
                    file: Some(file.into()),
                    line: fm.line("datasets"),
                    field: Some("datasets".into()),
                    url: repo.dataset_url(d),
                },
            ),
        );
    }

    // Evaluation results: model-index or an evaluation section with numbers.
    if let Some(Value::Array(entries)) = fm.get("model-index") {
        let mut n_results = 0;
        let mut eval_sets = BTreeSet::new();
        for e in entries {
            if let Some(Value::Array(results)) = e.get("results") {
                for r in results {
                    if let Some(Value::Array(metrics)) = r.get("metrics") {
                        n_results += metrics.len();
                    }
                    if let Some(ds) = r.get("dataset") {
                        let name = ds
                            .get("type")
                            .or_else(|| ds.get("name"))
                            .and_then(Value::as_str)
                            .unwrap_or("")
                            .to_string();
                        if !name.is_empty() {
                            eval_sets.insert(name);
                        }
                    }
                }
            }
        }
        if n_results > 0 {
            out.add(
                Component::EvaluationResults,
                Fact::new(
                    Strength::Published,
                    format!(
                        "{n_results} evaluation result{} in the card's model-index",
                        if n_results == 1 { "" } else { "s" }
                    ),
                    Source {
                        file: Some(file.into()),
                        line: fm.line("model-index"),
                        field: Some("model-index".into()),
                        url: None,
                    },
                ),
            );
        }
        for name in eval_sets {
            out.add(
                Component::EvaluationData,
                Fact::new(
                    Strength::Linked,
                    format!(
                        "evaluation dataset {name} is named in model-index; its license was not checked"
                    ),
                    Source {
                        file: Some(file.into()),
                        line: fm.line("model-index"),
                        field: Some("model-index".into()),
                        url: None,
                    },
                ),
            );
        }
    }
    for s in card.sections_on(Topic::Evaluation) {
        let numbers = card.section_lines(s).any(|(_, l)| {
            let t = l.trim_start();
            (t.starts_with('|') && t.chars().any(|c| c.is_ascii_digit()))
                || t.contains('%')
                || t.contains("<td")
        });
        if numbers {
            out.add(
                Component::EvaluationResults,
                Fact::new(
                    Strength::Published,
                    format!("evaluation results in section \"{}\"", s.title),
                    Source::line(file, s.line),
                ),
            );
        }
    }

    // Sample outputs.
    for s in card.sections_on(Topic::Samples) {
        if card.section_words(s) >= 10 {
            out.add(
                Component::SampleModelOutputs,
                Fact::new(
                    Strength::Published,
                    format!("sample outputs in section \"{}\"", s.title),
                    Source::line(file, s.line),
                ),
            );
        }
    }

    // Intermediate checkpoints described in the text: `revision="step3000"` or words.
    for (n, line) in card.body_lines() {
        let l = line.to_lowercase();
        let revision = revision_re().captures(line).map(|c| c[1].to_string());
        if let Some(rev) = revision.filter(|r| files::is_checkpoint_ref(r)) {
            out.add(
                Component::ModelParametersIntermediate,
                Fact::new(
                    Strength::Linked,
                    format!("the card loads intermediate checkpoint revision {rev}"),
                    Source::line(file, n),
                ),
            );
        } else if words.intermediate_checkpoints.in_lowercase(&l) {
            out.add(
                Component::ModelParametersIntermediate,
                Fact::new(
                    Strength::Mentioned,
                    "the card mentions intermediate checkpoints",
                    Source::line(file, n),
                ),
            );
        }
    }
    // Technical report mentioned without a link.
    if let Some((n, _)) = card
        .body_lines()
        .find(|(_, l)| words.technical_report.in_text(l))
    {
        out.add(
            Component::TechnicalReport,
            Fact::new(
                Strength::Mentioned,
                "the card mentions a technical report",
                Source::line(file, n),
            ),
        );
    }
    // Architecture described in the card.
    for s in card.sections_on(Topic::Architecture) {
        if card.section_words(s) >= 10 {
            out.add(
                Component::ModelArchitecture,
                Fact::new(
                    Strength::Mentioned,
                    format!("the card describes the model in section \"{}\"", s.title),
                    Source::line(file, s.line),
                ),
            );
            break;
        }
    }
    datasets.limit("the card's metadata names more datasets", limits);
    let mut out = out.into_map();
    // Intermediate checkpoints often go only in the first mention; keep the list short.
    if let Some(list) = out.get_mut(&Component::ModelParametersIntermediate) {
        list.sort();
        list.truncate(3);
    }
    out
}

fn revision_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"revision\s*=\s*["']([A-Za-z0-9._/-]+)["']"#).expect("valid regex")
    })
}
