//! `Evidence`: facts about a model, each with where it came from. Extraction produces it from a
//! [`Snapshot`](crate::snapshot::Snapshot); rubrics judge it. A missing license is a fact here, not
//! an error.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::component::Component;
use crate::license::{LicenseFacts, Resolution};
use crate::snapshot::{Gating, Listing, RepoMeta, Target};

mod description;

pub use description::{
    CardReference, ModelDescription, NamedDataset, ReferenceKind, ReportedResult, Stated,
};

/// Where a fact came from: a file and line, a metadata field, an API field or a URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Source {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// A metadata key (`license`, `datasets`) or API field (`gated`, `siblings`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl Source {
    pub fn file(path: impl Into<String>) -> Self {
        Source {
            file: Some(path.into()),
            ..Default::default()
        }
    }

    pub fn line(path: impl Into<String>, line: u32) -> Self {
        Source {
            file: Some(path.into()),
            line: Some(line),
            ..Default::default()
        }
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn with_url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    pub fn api(field: impl Into<String>) -> Self {
        Source {
            field: Some(field.into()),
            ..Default::default()
        }
    }
}

impl fmt::Display for Source {
    /// `README.md:12 (license)`, `config.json (architectures)`, `https://...`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        match (&self.file, self.line) {
            (Some(file), Some(line)) => parts.push(format!("{file}:{line}")),
            (Some(file), None) => parts.push(file.clone()),
            _ => {}
        }
        if let Some(field) = &self.field {
            parts.push(if parts.is_empty() {
                format!("`{field}`")
            } else {
                format!("(`{field}`)")
            });
        }
        if let Some(url) = &self.url {
            parts.push(url.clone());
        }
        f.write_str(&parts.join(" "))
    }
}

/// How strongly a fact shows that something is published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Strength {
    /// The artefact itself is in the assessed repository (or its refs); the repository's license
    /// governs it.
    Published,
    /// A manifest or metadata field says it is released (self-reported, not checked).
    Declared,
    /// The card links to where it is published; its license there was not verified.
    Linked,
    /// The card mentions or describes it, without the artefact or a link.
    Mentioned,
}

impl Strength {
    pub fn as_str(self) -> &'static str {
        match self {
            Strength::Published => "published",
            Strength::Declared => "declared",
            Strength::Linked => "linked",
            Strength::Mentioned => "mentioned",
        }
    }
}

/// One fact with its provenance.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Fact {
    pub strength: Strength,
    /// What was found, in words: "weights file model.safetensors (2.1 GB)".
    pub claim: String,
    pub source: Source,
}

impl Fact {
    pub fn new(strength: Strength, claim: impl Into<String>, source: Source) -> Self {
        Fact {
            strength,
            claim: claim.into(),
            source,
        }
    }
}

/// Whether a component was found, and how strongly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Availability {
    Published,
    Declared,
    Linked,
    Mentioned,
    /// Looked for in a complete listing and a readable card; nothing found.
    NotFound,
    /// Could not be looked for (partial listing, unreadable card).
    Unknown,
}

impl Availability {
    pub fn as_str(self) -> &'static str {
        match self {
            Availability::Published => "published",
            Availability::Declared => "declared",
            Availability::Linked => "linked",
            Availability::Mentioned => "mentioned",
            Availability::NotFound => "not-found",
            Availability::Unknown => "unknown",
        }
    }

    pub fn from_strength(s: Strength) -> Self {
        match s {
            Strength::Published => Availability::Published,
            Strength::Declared => Availability::Declared,
            Strength::Linked => Availability::Linked,
            Strength::Mentioned => Availability::Mentioned,
        }
    }
}

/// The evidence for one MOF component.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComponentEvidence {
    pub component: Component,
    pub availability: Availability,
    /// Why the availability is what it is when nothing was found or nothing could be looked at.
    pub note: Option<String>,
    pub facts: Vec<Fact>,
    /// Indices into [`Evidence::licenses`] of every license stated for the component (its
    /// candidates: the repository's when it is published there, its own, its base models').
    pub licenses: Vec<usize>,
    /// The candidates that govern it, and those set aside (decided once, in extraction).
    pub governing: Governing,
    /// The terms a user of the component is bound by: the governing licenses, or, when it has
    /// none or is only linked from elsewhere, the licenses the repository states (the publisher's
    /// declared terms). Decided once, in extraction.
    pub terms: Governing,
}

/// A decision of which licenses govern something: the ones kept, and the candidates set aside
/// with the reason.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Governing {
    /// Indices into [`Evidence::licenses`].
    pub licenses: Vec<usize>,
    pub set_aside: Vec<SetAside>,
}

impl Governing {
    /// One note per candidate set aside, for the findings that rest on the decision.
    pub fn notes(&self) -> Vec<String> {
        self.set_aside.iter().map(|s| s.reason.clone()).collect()
    }
}

/// A candidate license that does not decide, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetAside {
    /// Index into [`Evidence::licenses`].
    pub license: usize,
    pub reason: String,
}

/// Where a license statement was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum LicenseOrigin {
    /// `license:` in the card's front matter.
    CardMetadata,
    /// `license_name` / `license_link` with `license: other`.
    CardLicenseName,
    /// A `License: ...` line or a license link in the card's text, when its metadata names none.
    CardText,
    /// A LICENSE-like file, identified from its text.
    LicenseFile,
    /// A `license:` tag from the Hub API.
    HubTag,
    /// A MOT manifest.
    Manifest,
    /// The library whose code implements the model (transformers, diffusers, ...).
    Library,
    /// The family a base model belongs to, named by its id, or by the model's name, tags or
    /// card text, when the base itself was not read.
    BaseModelFamily,
    /// A code repository the card links: its license file, read by the engine (or the host's
    /// license id when no file could be read).
    LinkedRepository,
    /// The license an archive gives a paper the card cites.
    Paper,
}

/// What a license statement covers.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum LicenseScope {
    /// The repository and everything in it.
    Repository,
    /// One component (MOT manifests license components one by one).
    Component(Component),
    /// Components of one content type (MOT's global code/data/document licenses).
    ContentType(crate::component::ContentType),
    /// A dataset the model was trained on.
    Dataset(String),
    /// A model this one derives from.
    BaseModel(String),
    /// A repository or paper the card links (`OWNER/NAME`, `arXiv:ID`): its terms cover what was
    /// found there, not the model.
    Linked(String),
}

impl LicenseEvidence {
    /// Whether the model states this license for itself (for its repository, a component or a
    /// content type), rather than it being a dataset's, a base model's or a library's.
    pub fn stated_by_model(&self) -> bool {
        matches!(
            self.scope,
            LicenseScope::Repository | LicenseScope::Component(_) | LicenseScope::ContentType(_)
        ) && self.origin != LicenseOrigin::Library
    }
}

/// A license statement, resolved against the catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LicenseEvidence {
    /// As written: `apache-2.0`, `Llama 3.1 Community License`, or the file name for a text.
    pub declared: String,
    pub facts: LicenseFacts,
    pub resolution: Resolution,
    pub origin: LicenseOrigin,
    pub scope: LicenseScope,
    pub source: Source,
    /// For texts: how sure the identification is (0-1).
    pub confidence: Option<f32>,
    /// Anything the reader should know: lenient parsing, a modified standard text.
    pub notes: Vec<String>,
}

/// The OSAID "data information" items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum DataInfo {
    /// Training methodologies and techniques.
    TrainingMethodology,
    /// Training data scope and characteristics.
    TrainingDataScope,
    /// Training data provenance: how it was obtained and selected, where to get it.
    TrainingDataProvenance,
    /// Labelling procedures, if labels were used.
    LabelingProcedures,
    /// Data cleaning and filtering methodology.
    DataFiltering,
}

impl DataInfo {
    pub const ALL: [DataInfo; 5] = [
        DataInfo::TrainingMethodology,
        DataInfo::TrainingDataScope,
        DataInfo::TrainingDataProvenance,
        DataInfo::LabelingProcedures,
        DataInfo::DataFiltering,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            DataInfo::TrainingMethodology => "training-methodology",
            DataInfo::TrainingDataScope => "training-data-scope",
            DataInfo::TrainingDataProvenance => "training-data-provenance",
            DataInfo::LabelingProcedures => "labeling-procedures",
            DataInfo::DataFiltering => "data-filtering",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            DataInfo::TrainingMethodology => "training methodology and techniques",
            DataInfo::TrainingDataScope => "training data scope and characteristics",
            DataInfo::TrainingDataProvenance => {
                "training data provenance (sources and how they were obtained)"
            }
            DataInfo::LabelingProcedures => "labelling procedures",
            DataInfo::DataFiltering => "data cleaning and filtering methodology",
        }
    }
}

/// What the card says about one data-information item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataInfoEvidence {
    pub item: DataInfo,
    /// `described` (the card covers it), `referenced` (a linked paper or data card may),
    /// `not-applicable` (no sign it applies), `not-found`, `unknown` (the card could not be read).
    pub status: DataInfoStatus,
    pub facts: Vec<Fact>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum DataInfoStatus {
    Described,
    Referenced,
    NotApplicable,
    NotFound,
    Unknown,
}

/// Facts about the card itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardEvidence {
    pub file: Option<String>,
    pub status: CardStatus,
    pub front_matter: FrontMatterStatus,
    /// Section headings with what they cover.
    pub sections: Vec<SectionFact>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum CardStatus {
    Present { truncated: bool },
    Missing,
    Unreadable { reason: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum FrontMatterStatus {
    Valid,
    Absent,
    Invalid { message: String, line: Option<u32> },
}

/// What a card section covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Topic {
    Uses,
    Limitations,
    Training,
    TrainingData,
    TrainingProcedure,
    Preprocessing,
    Labeling,
    Evaluation,
    Samples,
    Citation,
    License,
    Architecture,
}

impl Topic {
    /// The topic in words, for "the model card has a section on ...".
    pub fn words(self) -> &'static str {
        match self {
            Topic::Uses => "intended uses",
            Topic::Limitations => "limitations and risks",
            Topic::Training => "training",
            Topic::TrainingData => "training data",
            Topic::TrainingProcedure => "the training procedure",
            Topic::Preprocessing => "data preprocessing",
            Topic::Labeling => "labelling",
            Topic::Evaluation => "evaluation",
            Topic::Samples => "sample outputs",
            Topic::Citation => "citation",
            Topic::License => "the license",
            Topic::Architecture => "the architecture",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionFact {
    pub title: String,
    pub line: u32,
    pub topics: Vec<Topic>,
}

/// How the weights can be obtained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessEvidence {
    pub gating: Gating,
    pub gating_source: Option<Source>,
    /// Files the source could not read, with the reason (gated, too large, not text).
    pub unreadable: Vec<Fact>,
}

/// A model this one derives from, with the license it carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineageEvidence {
    pub id: String,
    pub relation: Option<String>,
    pub depth: u32,
    pub source: Source,
    /// Indices into [`Evidence::licenses`] of the base model's licenses (empty when not read).
    pub licenses: Vec<usize>,
    pub note: Option<String>,
}

/// A number read from the evidence, with the fact it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measure {
    pub value: f64,
    pub fact: Fact,
}

/// A problem with the model's own files (broken front matter, an unreadable card): reported, not
/// fatal.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Problem {
    pub message: String,
    pub source: Source,
}

/// Two statements that disagree, both named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub message: String,
    pub sources: Vec<Source>,
}

/// Everything known about a model, ready to be judged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub target: Target,
    /// What the source said of the repository: its name, page, where its files are.
    pub repo: RepoMeta,
    pub listing: Listing,
    pub card: CardEvidence,
    pub licenses: Vec<LicenseEvidence>,
    pub components: BTreeMap<Component, ComponentEvidence>,
    pub data_information: BTreeMap<DataInfo, DataInfoEvidence>,
    pub access: AccessEvidence,
    pub lineage: Vec<LineageEvidence>,
    /// Parameter count, when the Hub, the model's name or the card says it.
    pub parameters: Option<Measure>,
    /// Training tokens, when the card says it.
    pub training_tokens: Option<Measure>,
    pub problems: Vec<Problem>,
    pub conflicts: Vec<Conflict>,
    /// What the source could not do.
    pub limits: Vec<String>,
    /// Whether the card's metadata (license, datasets, base model) could be read, from the
    /// README's front matter or the Hub's `cardData`. When it could not, a missing license is
    /// unknown rather than absent.
    pub metadata_readable: bool,
    /// The licenses the model states for itself (its card, license files, Hub tags, manifest;
    /// not its datasets', base models' or libraries'), with those set aside: what a policy's
    /// license rules judge. Decided once, in extraction.
    pub stated: Governing,
    /// The MOT manifest the evidence was extracted from, as written (rubric `mof-1.0-mot` scores
    /// it exactly as MOT would; `--format mot` writes it back).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest: Option<crate::mot::Manifest>,
    /// What the card, config and host say the model is (for bills of materials).
    #[serde(default, skip_serializing_if = "ModelDescription::is_empty")]
    pub description: ModelDescription,
}

/// How a license file that could not be read is declared: `PATH (could not be read: REASON)`.
pub const UNREAD_MARK: &str = " (could not be read: ";

impl Evidence {
    /// The model's own files its verdict rests on (its card, its license files) that could not
    /// be read, each as `PATH: REASON`: a verdict resting on them is no verdict.
    pub fn unread(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let CardStatus::Unreadable { reason } = &self.card.status
            && self.manifest.is_none()
        {
            let file = self.card.file.as_deref().unwrap_or("the model card");
            out.push(format!("{file}: {reason}"));
        }
        for l in &self.licenses {
            if l.origin == LicenseOrigin::LicenseFile
                && let Some((path, reason)) = l.declared.split_once(UNREAD_MARK)
            {
                out.push(format!(
                    "{path}: {}",
                    reason.strip_suffix(')').unwrap_or(reason)
                ));
            }
        }
        out
    }

    pub fn component(&self, c: Component) -> &ComponentEvidence {
        self.components
            .get(&c)
            .expect("extraction fills every component")
    }

    /// Every license stated for a component (its candidates, before the decision).
    pub fn component_licenses(&self, c: Component) -> impl Iterator<Item = &LicenseEvidence> {
        self.indexed(&self.component(c).licenses)
    }

    /// The licenses that govern a component.
    pub fn governing(&self, c: Component) -> impl Iterator<Item = &LicenseEvidence> {
        self.indexed(&self.component(c).governing.licenses)
    }

    /// The terms a user of a component is bound by (see [`ComponentEvidence::terms`]).
    pub fn terms(&self, c: Component) -> impl Iterator<Item = &LicenseEvidence> {
        self.indexed(&self.component(c).terms.licenses)
    }

    fn indexed<'a>(&'a self, ids: &'a [usize]) -> impl Iterator<Item = &'a LicenseEvidence> {
        ids.iter().filter_map(|&i| self.licenses.get(i))
    }

    /// The licenses the model states for itself (its card, license files, Hub tags, manifest;
    /// not its datasets', base models' or libraries'), before any is set aside.
    pub fn stated_candidates(&self) -> impl Iterator<Item = &LicenseEvidence> {
        self.licenses.iter().filter(|l| l.stated_by_model())
    }

    /// The licenses that govern the repository as a whole.
    pub fn repository_licenses(&self) -> impl Iterator<Item = &LicenseEvidence> {
        self.licenses
            .iter()
            .filter(|l| l.scope == LicenseScope::Repository)
    }
}
