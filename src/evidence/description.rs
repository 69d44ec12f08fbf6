//! What the card, the config and the hosting service say the model is (its task, architecture,
//! training datasets, the papers and code it links, the results it reports), each value with
//! where it came from. Bills of materials describe a model with these; no rubric judges them.
//! Every list is bounded like the rest of the evidence (what was left out is said in `omitted`).

use serde::{Deserialize, Serialize};

use super::Source;

/// A value as written, with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stated {
    pub value: String,
    pub source: Source,
}

/// What kind of thing a card's link points at (only the kinds the tool recognises).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ReferenceKind {
    /// A paper: an arXiv record or a page on a paper host.
    Paper,
    /// A PDF document (a report, a paper) on another host.
    Document,
    /// A code repository on a source-code host.
    CodeRepository,
    /// A dataset on a model hub.
    Dataset,
}

/// A link of the card, classified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardReference {
    pub kind: ReferenceKind,
    pub url: String,
    /// An arXiv id, `owner/name` of a repository or dataset, when the address says.
    pub id: Option<String>,
    pub source: Source,
}

/// A training dataset the card's metadata names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedDataset {
    /// As written (`org/name` on the Hub).
    pub id: String,
    /// Its page, when the id is well formed and the card is in the Hub's format.
    pub url: Option<String>,
    pub source: Source,
}

/// One metric the card reports in its `model-index`, as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportedResult {
    /// The metric's `type` (else its `name`).
    pub metric: String,
    /// The value as written (a number's digits, or the string).
    pub value: String,
    /// The task's `type`.
    pub task: Option<String>,
    /// The dataset's `name` (else its `type`).
    pub dataset: Option<String>,
    pub source: Source,
}

/// The model as its card, config and host describe it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelDescription {
    /// `pipeline_tag`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<Stated>,
    /// `library_name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub library: Option<Stated>,
    /// config.json's `model_type` (the architecture family: `llama`, `gpt_neox`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<Stated>,
    /// config.json's `architectures` (the classes: `LlamaForCausalLM`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub architectures: Vec<Stated>,
    /// The metadata's `datasets`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub datasets: Vec<NamedDataset>,
    /// The card's links to papers, documents, code and datasets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<CardReference>,
    /// The metrics of the card's `model-index`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub results: Vec<ReportedResult>,
    /// What the lists above leave out, said (they are bounded).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub omitted: Vec<String>,
}

impl ModelDescription {
    pub fn is_empty(&self) -> bool {
        self == &ModelDescription::default()
    }
}
