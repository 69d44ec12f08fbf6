//! What the card, the config and the host say the model is, for bills of materials (see
//! [`ModelDescription`]): `pipeline_tag`, `library_name`, config.json's `model_type` and
//! `architectures`, the metadata's `datasets`, the card's links to papers, documents, code and
//! datasets, and the metrics of its `model-index`. Values are kept as written; lists are bounded
//! (what was left out is said in the description's `omitted`, not in the report's limits: the
//! report's own lists are bounded and said there already).

use std::collections::HashSet;

use serde_json::Value;

use super::card::Card;
use super::links::{LinkTarget, classify};
use super::{Listed, MAX_LISTED};
use crate::evidence::{
    CardReference, ModelDescription, NamedDataset, ReferenceKind, ReportedResult, Source, Stated,
};
use crate::snapshot::Snapshot;

/// The most metrics of one card's `model-index` that are listed.
pub const MAX_RESULTS: usize = 256;

/// The longest value kept (in characters); a longer one is cut and marked with `…`.
const MAX_VALUE: usize = 200;

fn cut(s: &str) -> String {
    let s = s.trim();
    match s.char_indices().nth(MAX_VALUE) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// A metadata field of the card as a source.
fn field(card: &Card, file: &str, key: &str) -> Source {
    Source {
        file: Some(file.into()),
        line: card.front_matter.line(key),
        field: Some(key.into()),
        url: None,
    }
}

/// A string field of the card's metadata, else of the host's metadata.
fn stated(card: Option<&Card>, file: &str, key: &str, hosted: Option<&String>) -> Option<Stated> {
    let own = card.and_then(|c| {
        let v = c.front_matter.string(key)?;
        let v = cut(&v);
        (!v.is_empty()).then(|| Stated {
            value: v,
            source: field(c, file, key),
        })
    });
    own.or_else(|| {
        let v = cut(hosted?);
        (!v.is_empty()).then(|| Stated {
            value: v,
            source: Source::api(key),
        })
    })
}

/// Describe the model.
pub fn describe(
    snapshot: &Snapshot,
    card: Option<&Card>,
    file: &str,
    config: Option<&Value>,
) -> ModelDescription {
    let meta = snapshot.metadata.as_ref();
    let mut d = ModelDescription {
        task: stated(
            card,
            file,
            "pipeline_tag",
            meta.and_then(|m| m.pipeline_tag.as_ref()),
        ),
        library: stated(
            card,
            file,
            "library_name",
            meta.and_then(|m| m.library_name.as_ref()),
        ),
        ..ModelDescription::default()
    };
    if let Some(config) = config {
        let from_file = snapshot.text_file("config.json").is_some();
        let source = |key: &str| {
            if from_file {
                Source::file("config.json").field(key)
            } else {
                // What the host read of config.json: its `config` field.
                Source::api(format!("config.{key}"))
            }
        };
        if let Some(t) = config.get("model_type").and_then(Value::as_str).map(cut)
            && !t.is_empty()
        {
            d.family = Some(Stated {
                value: t,
                source: source("model_type"),
            });
        }
        if let Some(Value::Array(list)) = config.get("architectures") {
            let mut seen = HashSet::new();
            for a in list.iter().filter_map(Value::as_str).map(cut) {
                if !a.is_empty() && d.architectures.len() < 16 && seen.insert(a.clone()) {
                    d.architectures.push(Stated {
                        value: a,
                        source: source("architectures"),
                    });
                }
            }
        }
    }
    let Some(card) = card else { return d };
    let mut datasets = Listed::default();
    for id in card.front_matter.strings("datasets") {
        let id = cut(&id);
        if id.is_empty() || !datasets.admit(&id) || d.datasets.iter().any(|x| x.id == id) {
            continue;
        }
        d.datasets.push(NamedDataset {
            url: snapshot.repo.dataset_url(&id),
            id,
            source: field(card, file, "datasets"),
        });
    }
    let mut omitted = Vec::new();
    d.references = references(card, file, &mut omitted);
    d.results = results(card, file, &mut omitted);
    datasets.limit("the card's metadata names more datasets", &mut omitted);
    d.omitted = omitted;
    d
}

/// The card's links that the tool recognises, each address once, at most [`MAX_LISTED`] of a
/// kind.
fn references(card: &Card, file: &str, omitted: &mut Vec<String>) -> Vec<CardReference> {
    let mut out = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut counts = [0usize; 4];
    let mut more = 0usize;
    for link in &card.links {
        let (kind, id) = match classify(&link.url) {
            LinkTarget::Arxiv(id) => (ReferenceKind::Paper, Some(format!("arXiv:{id}"))),
            LinkTarget::Paper => (ReferenceKind::Paper, None),
            LinkTarget::Pdf => (ReferenceKind::Document, None),
            LinkTarget::CodeRepository { owner, repo } => (
                ReferenceKind::CodeRepository,
                Some(format!("{owner}/{repo}")),
            ),
            LinkTarget::HubDataset(id) => (ReferenceKind::Dataset, Some(id)),
            _ => continue,
        };
        if !seen.insert(link.url.as_str()) {
            continue;
        }
        let n = &mut counts[kind as usize];
        if *n >= MAX_LISTED {
            more += 1;
            continue;
        }
        *n += 1;
        out.push(CardReference {
            kind,
            url: link.url.clone(),
            id,
            source: Source::line(file, link.line),
        });
    }
    if more > 0 {
        omitted.push(format!(
            "the card links more papers, documents, repositories or datasets than are listed in a bill of materials: the first {MAX_LISTED} of each kind are listed, {more} more are not"
        ));
    }
    out
}

/// A JSON scalar as written.
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) if !s.trim().is_empty() => Some(cut(s)),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The metrics of the card's `model-index`, as written, at most [`MAX_RESULTS`].
fn results(card: &Card, file: &str, omitted: &mut Vec<String>) -> Vec<ReportedResult> {
    let Some(Value::Array(entries)) = card.front_matter.get("model-index") else {
        return Vec::new();
    };
    let text = |v: Option<&Value>, keys: [&str; 2]| {
        let v = v?;
        keys.iter()
            .find_map(|k| v.get(k).and_then(Value::as_str))
            .map(cut)
            .filter(|s| !s.is_empty())
    };
    let mut out = Vec::new();
    let mut more = 0usize;
    for r in entries
        .iter()
        .filter_map(|e| e.get("results").and_then(Value::as_array))
        .flatten()
    {
        let task = text(r.get("task"), ["type", "name"]);
        let dataset = text(r.get("dataset"), ["name", "type"]);
        for m in r
            .get("metrics")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let (Some(metric), Some(value)) = (
                text(Some(m), ["type", "name"]),
                m.get("value").and_then(scalar),
            ) else {
                continue;
            };
            if out.len() >= MAX_RESULTS {
                more += 1;
                continue;
            }
            out.push(ReportedResult {
                metric,
                value,
                task: task.clone(),
                dataset: dataset.clone(),
                source: field(card, file, "model-index"),
            });
        }
    }
    if more > 0 {
        omitted.push(format!(
            "the card's model-index reports more metrics than are listed: the first {MAX_RESULTS} are listed, {more} more are not"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::card;
    use crate::snapshot::{Listing, Metadata, RepoMeta, Target};

    fn snapshot() -> Snapshot {
        let target = Target {
            source: "local".into(),
            id: "m".into(),
            revision: None,
        };
        let repo = RepoMeta {
            dataset_pages: Some("https://hub.example/datasets/".into()),
            ..RepoMeta::default()
        };
        Snapshot::new(target, repo, Listing::Complete)
    }

    fn of(text: &str) -> ModelDescription {
        describe(&snapshot(), Some(&card::parse(text)), "README.md", None)
    }

    #[test]
    fn values_come_from_the_card_else_the_host_with_their_source() {
        let d = of("---\npipeline_tag: text-generation\n---\n# M\n");
        let task = d.task.unwrap();
        assert_eq!(task.value, "text-generation");
        assert_eq!(task.source.line, Some(2));
        let mut s = snapshot();
        s.metadata = Some(Metadata {
            pipeline_tag: Some("fill-mask".into()),
            ..Metadata::default()
        });
        let d = describe(&s, Some(&card::parse("# M\n")), "README.md", None);
        assert_eq!(d.task.as_ref().unwrap().value, "fill-mask");
        assert_eq!(d.task.unwrap().source, Source::api("pipeline_tag"));
        // No card, no host, no config: nothing, not a default.
        assert!(describe(&snapshot(), None, "README.md", None).is_empty());
        let config =
            serde_json::json!({"model_type": "llama", "architectures": ["A", "A", 3, "B"]});
        let d = describe(&snapshot(), None, "README.md", Some(&config));
        assert_eq!(d.family.unwrap().value, "llama");
        let names: Vec<&str> = d.architectures.iter().map(|a| a.value.as_str()).collect();
        assert_eq!(names, ["A", "B"]);
        assert_eq!(
            d.architectures[0].source,
            Source::api("config.architectures")
        );
    }

    #[test]
    fn lists_are_bounded_and_what_is_left_out_is_said() {
        let mut text = String::from("---\ndatasets:\n");
        for i in 0..70 {
            text.push_str(&format!("- org/set-{i}\n- org/set-{i}\n"));
        }
        text.push_str(
            "model-index:\n- name: m\n  results:\n  - dataset:\n      name: D\n    metrics:\n",
        );
        for i in 0..300 {
            text.push_str(&format!("    - type: m{i}\n      value: {i}\n"));
        }
        text.push_str("    - name: named\n      value: \"12 %\"\n    - type: list\n      value: [1, 2]\n    - value: 3\n---\n");
        for i in 0..70 {
            text.push_str(&format!(
                "see https://arxiv.org/abs/2401.{i:05} and https://arxiv.org/abs/2401.{i:05}\n"
            ));
        }
        let d = of(&text);
        assert_eq!(d.datasets.len(), MAX_LISTED);
        assert_eq!(d.datasets[1].id, "org/set-1");
        assert_eq!(
            d.datasets[0].url.as_deref(),
            Some("https://hub.example/datasets/org/set-0")
        );
        assert_eq!(d.results.len(), MAX_RESULTS);
        assert_eq!(d.results[5].value, "5");
        assert_eq!(d.results[5].dataset.as_deref(), Some("D"));
        assert_eq!(d.references.len(), MAX_LISTED);
        assert_eq!(d.omitted.len(), 3, "{:?}", d.omitted);
        assert!(
            d.omitted.iter().any(|o| o.contains("the 6 after them")),
            "{:?}",
            d.omitted
        );
        assert!(
            d.omitted.iter().any(|o| o.contains("45 more")),
            "{:?}",
            d.omitted
        );
        assert!(
            d.omitted.iter().any(|o| o.contains(", 6 more")),
            "{:?}",
            d.omitted
        );
        // Under the bound, a metric named but not typed is kept, a list value or an unnamed
        // metric is not.
        let d = of(
            "---\nmodel-index:\n- results:\n  - metrics:\n    - name: named\n      value: \"12 %\"\n    - type: list\n      value: [1, 2]\n    - value: 3\n---\n",
        );
        assert_eq!(d.results.len(), 1);
        assert_eq!(
            (d.results[0].metric.as_str(), d.results[0].value.as_str()),
            ("named", "12 %")
        );
        assert!(d.omitted.is_empty());
    }

    #[test]
    fn links_are_classified_once_and_long_values_cut() {
        let long = "x".repeat(500);
        let d = of(&format!(
            "---\npipeline_tag: {long}\n---\n[p](https://arxiv.org/abs/2304.01373) https://github.com/org/code \
https://github.com/org/code https://hub.example/elsewhere https://huggingface.co/datasets/org/data\n"
        ));
        let refs: Vec<(ReferenceKind, Option<&str>)> = d
            .references
            .iter()
            .map(|r| (r.kind, r.id.as_deref()))
            .collect();
        assert_eq!(
            refs,
            [
                (ReferenceKind::Paper, Some("arXiv:2304.01373")),
                (ReferenceKind::CodeRepository, Some("org/code")),
                (ReferenceKind::Dataset, Some("org/data")),
            ]
        );
        let task = d.task.unwrap().value;
        assert_eq!(task.chars().count(), MAX_VALUE + 1);
        assert!(task.ends_with('…'));
    }
}
