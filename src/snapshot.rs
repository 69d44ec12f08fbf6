//! `Snapshot`: everything a source read about a model, as raw as it came (file names and sizes, the
//! bytes of the few files that matter, the hosting service's metadata, datasets, the base-model
//! chain), and the provider-neutral facts about the repository ([`RepoMeta`]: its name, its page,
//! where its files can be looked at). Sources produce it; nothing after this stage does I/O,
//! builds a URL or asks which provider read the model.

use serde::{Deserialize, Serialize};

/// What was assessed: the provider that read it (`local`, `hf-cache`, `hub`, `manifest`, ...),
/// an id (path, `org/name`) and the revision (commit sha) if known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    pub source: String,
    pub id: String,
    pub revision: Option<String>,
}

/// Provider-neutral facts about the repository a snapshot was read from, filled in by its source.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepoMeta {
    /// A short name for tables and reports: `org/name` for a hosted repository, a folder's name
    /// for a local one (the folder of a `README.md`, the stem of another card or manifest file).
    pub display: String,
    /// Who publishes it, when its id says (`EleutherAI` of `EleutherAI/pythia-1b`).
    pub owner: Option<String>,
    /// The repository's own name (`pythia-1b`, a folder's name).
    pub name: String,
    /// The repository's page, when it has one.
    pub page: Option<Page>,
    /// Where its files can be looked at.
    pub files: FileLocation,
    /// The prefix of the pages of the datasets its card names by id, when its card is in the
    /// Hub's format (`datasets:`).
    pub dataset_pages: Option<String>,
    /// The repository's package URL without a version (`pkg:huggingface/ORG/NAME`, with a
    /// `repository_url` qualifier for another Hub; `pkg:github/OWNER/NAME`), when its host has a
    /// purl type: bills of materials name the model by it, with the revision as its version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purl: Option<String>,
}

/// A repository's web page and the kind of host it is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    pub url: String,
    pub host: Host,
}

/// The kinds of host a repository page can be on (formats that name hosts, such as MOT's
/// manifest with its `huggingface` and `repository` fields, need to know).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Host {
    /// A model hub (the Hugging Face Hub, or a server speaking its API).
    ModelHub,
    /// A source-code host (GitHub and the like).
    CodeHost,
}

/// Where the files of a repository can be looked at.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum FileLocation {
    /// Nowhere the report can point to.
    #[default]
    None,
    /// On the web: the URL of a file is `prefix` + its path (percent-encoded), and of a line
    /// `#L` + the line number after it.
    Web { prefix: String },
    /// On this machine, in the folder `root` (as the user gave it).
    Local { root: String },
}

impl RepoMeta {
    /// The web address of a file (and line) of the repository, when it has one.
    pub fn file_url(&self, path: &str, line: Option<u32>) -> Option<String> {
        match &self.files {
            FileLocation::Web { prefix } => Some(format!(
                "{prefix}{}{}",
                percent_encode_path(path),
                line.map(|l| format!("#L{l}")).unwrap_or_default()
            )),
            _ => None,
        }
    }

    /// The page of a dataset the card names, when the id is a well-formed one (metadata is
    /// untrusted text: anything else gets no link).
    pub fn dataset_url(&self, id: &str) -> Option<String> {
        let prefix = self.dataset_pages.as_ref()?;
        is_repo_id(id).then(|| format!("{prefix}{id}"))
    }

    /// The folder on this machine that holds the repository's files, when it is local.
    pub fn local_root(&self) -> Option<&str> {
        match &self.files {
            FileLocation::Local { root } => Some(root),
            _ => None,
        }
    }
}

/// Whether `id` is a well-formed repository id: `name` or `owner/name`, of letters, digits, `-`,
/// `_` and `.`, without `--` or `..`, neither part starting or ending with `-` or `.` (the Hub's
/// rule, which GitHub's names also meet).
pub fn is_repo_id(id: &str) -> bool {
    let ok_part = |p: &str| {
        !p.is_empty()
            && p.len() <= 96
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            && !p.starts_with(['-', '.'])
            && !p.ends_with(['-', '.'])
            && !p.contains("--")
            && !p.contains("..")
    };
    let parts: Vec<&str> = id.split('/').collect();
    (1..=2).contains(&parts.len()) && parts.iter().all(|p| ok_part(p))
}

/// A part of a package URL (namespace, name, qualifier value), percent-encoded as the purl
/// specification asks: letters, digits and `.-_~` as they are, anything else `%XX`.
pub fn purl_part(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Percent-encode a path for a URL, keeping `/` and the characters that need no encoding.
pub fn percent_encode_path(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Whether `files` lists every file of the repository, or only some of them (a cache holds only
/// what was downloaded). Absence in a partial listing proves nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Listing {
    Complete,
    Partial,
    /// No file list at all (a manifest describes components, not files).
    None,
}

/// One file of the repository: its path (with `/` separators) and size when known.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RepoFile {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
}

/// The contents of a file the source read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum TextContent {
    /// UTF-8 text (a leading BOM removed). `truncated` when only the first part was read;
    /// `replaced` counts the byte sequences that were not UTF-8 and were decoded as U+FFFD (a
    /// Latin-1 card, say), so a report can say the text was read lossily.
    Text {
        text: String,
        truncated: bool,
        #[serde(default, skip_serializing_if = "is_zero")]
        replaced: usize,
    },
    /// The bytes are not text (NUL bytes or invalid UTF-8).
    Binary,
    /// The file could not be read; the reason says why (permissions, gated access, HTTP status).
    Unreadable { reason: String },
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl TextContent {
    /// Text read as it is (nothing truncated, nothing replaced).
    pub fn text_of(text: impl Into<String>) -> TextContent {
        TextContent::Text {
            text: text.into(),
            truncated: false,
            replaced: 0,
        }
    }

    /// The text, when the file is text.
    pub fn text(&self) -> Option<&str> {
        match self {
            TextContent::Text { text, .. } => Some(text),
            _ => None,
        }
    }
}

/// A file whose contents the source read (cards, license texts, config.json).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextFile {
    pub path: String,
    /// Size of the whole file in bytes, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    pub content: TextContent,
}

impl TextFile {
    /// The text, when the file was read as text.
    pub fn text(&self) -> Option<&str> {
        match &self.content {
            TextContent::Text { text, .. } => Some(text),
            _ => None,
        }
    }
}

/// How a Hub repository restricts downloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Gating {
    #[default]
    None,
    /// Access is granted automatically once the user accepts the terms.
    Auto,
    /// Each request is reviewed by the publisher.
    Manual,
}

/// Metadata the hosting service reports for a repository (model or dataset): the Hub's model
/// info, for instance.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    pub gated: Gating,
    #[serde(default)]
    pub private: bool,
    #[serde(default)]
    pub disabled: bool,
    #[serde(default)]
    pub tags: Vec<String>,
    pub pipeline_tag: Option<String>,
    pub library_name: Option<String>,
    pub last_modified: Option<String>,
    /// The README's front matter as the Hub parsed it (`cardData`).
    pub card_data: Option<serde_json::Value>,
    /// `safetensors.total`: the parameter count the Hub computed.
    pub parameters: Option<u64>,
    /// The `config` summary the Hub gives in model info (architectures, model_type, auto_map),
    /// used when `config.json` itself was not read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<serde_json::Value>,
    /// Whether the repository's branches and tags were listed (into `Snapshot.refs`). When not,
    /// intermediate checkpoints kept on branches cannot be ruled out.
    #[serde(default)]
    pub refs_listed: bool,
}

/// A dataset named by the model card, with what could be read of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetSnapshot {
    /// The id as the card wrote it.
    pub id: String,
    pub metadata: Option<Metadata>,
    /// The dataset's README (its data card).
    pub card: Option<TextFile>,
    /// Why it could not be read, if it could not.
    pub error: Option<String>,
}

/// A model this one derives from (`base_model`), at some depth of the chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ancestor {
    pub id: String,
    /// `finetune`, `adapter`, `merge`, `quantized`, as the child's card declares it.
    pub relation: Option<String>,
    /// 1 for a direct parent, 2 for a grandparent, ...
    pub depth: u32,
    /// The child that names this ancestor.
    pub child: String,
    pub snapshot: Option<Box<Snapshot>>,
    pub error: Option<String>,
}

/// What a model card links that the source followed: the code repositories and the papers. A
/// reviewer follows these links before saying a component is not published; so does the tool.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Linked {
    /// Whether the card's links were followed; when not, why (offline, `--no-follow`, a local
    /// scan without `--follow-links`), so that what they would show stays unknown.
    pub followed: Following,
    pub repositories: Vec<LinkedRepository>,
    pub papers: Vec<Paper>,
    /// What the walk could not do (budget reached, rate limited, ...).
    pub notes: Vec<SourceNote>,
}

/// Whether links were followed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Following {
    /// The source does not follow links (or the snapshot predates following).
    #[default]
    NotApplicable,
    /// Every link of the kinds the tool follows was followed (each result is in the lists).
    Followed,
    /// Links were not followed; `reason` says why.
    NotFollowed { reason: String },
}

/// Whose code a linked repository is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum LinkRole {
    /// The model's own code (training, inference, evaluation, data preparation).
    Own,
    /// A library or tool many models use (pytorch, transformers, vllm, ...): not the model's
    /// code.
    ThirdParty,
}

/// A code repository the card links.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkedRepository {
    /// The link as the card wrote it.
    pub url: String,
    /// Where in the card (file and line).
    pub line: Option<u32>,
    /// `owner/name` on the host (after following a rename).
    pub id: String,
    pub role: LinkRole,
    /// What was read: the repository at a pinned commit (its file list, its license text).
    pub snapshot: Option<Box<Snapshot>>,
    /// The license id the host reports for it (GitHub's `spdx_id`), as reported.
    pub host_license: Option<String>,
    /// Why it was not read (not found, rate limited, over the budget, offline, third party).
    pub error: Option<String>,
    /// The host answered that no such repository is public (404): nothing it would hold is
    /// published, unlike a repository that could not be read.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub absent: bool,
    /// Where the link was found when the model card does not link it itself (one hop further):
    /// `OWNER/NAME/README.md`, the README of a repository the card links, or `dataset ORG/NAME`,
    /// the data card of a dataset the model names. `url` and `line` are then in that document.
    /// `None`: the model card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
}

/// A paper the card names (an arXiv id or link).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paper {
    /// `2304.01373`, `hep-th/9711200`.
    pub id: String,
    pub url: String,
    /// Where in the card.
    pub line: Option<u32>,
    pub title: Option<String>,
    /// The date of its first version (YYYY-MM-DD).
    pub date: Option<String>,
    /// The license URL the archive gives (CC BY 4.0, arXiv's non-exclusive distribution
    /// license, ...); `None` when the record has none.
    pub license: Option<String>,
    /// Why the record could not be read.
    pub error: Option<String>,
}

/// Something the source could not do or chose not to do, for the report's "limits" section.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SourceNote {
    /// The file or resource concerned, if any.
    pub subject: Option<String>,
    pub message: String,
}

/// Everything a source read about one model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub target: Target,
    pub repo: RepoMeta,
    pub listing: Listing,
    /// Every file of the repository that the source saw, sorted by path.
    pub files: Vec<RepoFile>,
    /// The files whose contents were read, sorted by path.
    pub texts: Vec<TextFile>,
    /// Branch and tag names (intermediate checkpoints are often branches such as `step1000`).
    pub refs: Vec<String>,
    pub metadata: Option<Metadata>,
    pub datasets: Vec<DatasetSnapshot>,
    pub lineage: Vec<Ancestor>,
    /// The code repositories and papers the card links, as followed.
    #[serde(default)]
    pub linked: Linked,
    pub notes: Vec<SourceNote>,
    /// A MOT manifest, when the target is one (`source: manifest`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest: Option<crate::mot::Manifest>,
}

impl Snapshot {
    /// An empty snapshot for `target`, for sources to fill.
    pub fn new(target: Target, repo: RepoMeta, listing: Listing) -> Self {
        Snapshot {
            target,
            repo,
            listing,
            files: Vec::new(),
            texts: Vec::new(),
            refs: Vec::new(),
            metadata: None,
            datasets: Vec::new(),
            lineage: Vec::new(),
            linked: Linked::default(),
            notes: Vec::new(),
            manifest: None,
        }
    }

    /// A read file by exact path.
    pub fn text_file(&self, path: &str) -> Option<&TextFile> {
        self.texts.iter().find(|t| t.path == path)
    }

    /// The model card: README.md at the repository root (any case), or, when only a card was
    /// read, that card.
    pub fn card(&self) -> Option<&TextFile> {
        self.texts
            .iter()
            .find(|t| t.path.eq_ignore_ascii_case("README.md"))
            .or_else(|| match (self.listing, self.texts.as_slice()) {
                (Listing::None, [only]) if only.path.to_ascii_lowercase().ends_with(".md") => {
                    Some(only)
                }
                _ => None,
            })
    }

    /// Put files and texts in a canonical order, so equal inputs give equal snapshots.
    pub fn normalize(&mut self) {
        self.files.sort();
        self.files.dedup_by(|a, b| a.path == b.path);
        self.texts.sort_by(|a, b| a.path.cmp(&b.path));
        self.refs.sort();
        self.refs.dedup();
        self.notes.sort();
        self.notes.dedup();
    }
}
