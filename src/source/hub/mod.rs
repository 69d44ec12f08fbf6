//! The Hugging Face Hub as a source: `hf:ORG/NAME[@REV]` (or a bare `ORG/NAME`).
//!
//! What one scan reads, and what it costs in requests (cold cache / warm cache):
//!
//! | what | request | cold | warm |
//! |---|---|---|---|
//! | model info (`cardData`, siblings with sizes, tags, gated, safetensors, config) | `GET /api/models/{id}[/revision/{rev}]?blobs=true` | 1 | 1 |
//! | `README.md`, license-like files (`LICENSE*`, `USE_POLICY*`, `NOTICE*`, at most 4), `config.json` only when the info has no `config` | `GET /{id}/resolve/{sha}/{path}` | 1 each | 0 (files at a commit never change) |
//! | branches and tags, only when the card speaks of intermediate checkpoints | `GET /api/models/{id}/refs` | 1 | 1 |
//! | each dataset in `datasets:` (at most 16): info, then its data card | as above, under `/api/datasets`, `/datasets/` | 2 | 1 |
//! | each `base_model` (5 generations at most, cycles cut): info, and license files only when `cardData` names no license | as above | 1+ | 1 |
//!
//! So a typical model (a card and a LICENSE) costs 3 requests cold and 1 warm. Weight files are
//! never fetched: the file list with sizes comes from the model info. A gated model's metadata
//! and `cardData` are public; its files answer 401/403, which is recorded per file (and the
//! remaining files are not tried). Files are stored in the Python-compatible cache
//! ([`cache`]), so `huggingface_hub` reuses them and the other way round.
//!
//! [`HubClient`] is shareable across threads and tasks; [`HubClient::scan`] is the async entry
//! point (many scans may run at once on one client), [`HubClient::scan_blocking`] the
//! synchronous one.

pub mod api;
pub mod cache;
pub mod client;
pub mod config;
mod files;
mod http;
mod info;
pub mod list;
mod repo;
mod target;

use files::*;
use info::*;
use repo::*;

use std::collections::HashSet;
use std::sync::{Arc, OnceLock};

use regex::Regex;
use tokio::task::JoinSet;

use self::api::{Refs, RepoInfo};
use self::cache::{RepoKind, is_commit};
pub use self::client::{HubClient, RequestStats};
pub use self::config::{HubConfig, RetryPolicy, Token};
use super::http::{Counter, FetchError};
use super::local::{self, CARD_CAP, CONFIG_CAP, LICENSE_CAP};
use super::walk::{self, Bases};
use super::{Claim, Context, Provider, ReadOutcome, TargetSpec};
use crate::error::Error;
use crate::snapshot::{
    DatasetSnapshot, FileLocation, Gating, Host, Listing, Page, RepoMeta, Snapshot, SourceNote,
    Target, TextContent, TextFile,
};

/// The Hub: `hf:ORG/NAME[@REV]`, or a bare `ORG/NAME` that is not a path.
pub struct Hub;

const HUB: &str = "hub";

impl Provider for Hub {
    fn name(&self) -> &'static str {
        HUB
    }

    fn claim(&self, raw: &str) -> Claim {
        let parse = |rest: &str| {
            super::split_revision(rest)
                .and_then(|(id, rev)| super::check_repo_id(&id).map(|_| (id, rev)))
        };
        if let Some(page) = target::from_url(raw) {
            return match page {
                Ok((id, rev)) => Claim::Yes(TargetSpec::new(HUB, id, rev)),
                Err(e) => Claim::Invalid(e),
            };
        }
        if let Some(rest) = raw.strip_prefix("hf:") {
            return match parse(rest) {
                Ok((id, rev)) => Claim::Yes(TargetSpec::new(HUB, id, rev)),
                Err(e) => Claim::Invalid(e),
            };
        }
        let id = raw.split('@').next().unwrap_or(raw);
        if (id.matches('/').count() == 1 && super::check_repo_id(id).is_ok())
            || target::is_legacy_id(raw)
        {
            return match parse(raw) {
                Ok((id, rev)) => Claim::Fallback(TargetSpec::new(HUB, id, rev)),
                Err(e) => Claim::Invalid(e),
            };
        }
        Claim::No
    }

    fn read(&self, spec: &TargetSpec, ctx: &Context) -> Result<ReadOutcome, Error> {
        let client = HubClient::of(ctx)?;
        let scan = client
            .scan_blocking(&spec.id, spec.revision.as_deref())
            .map_err(|e| match e {
                // A bare name that is neither a directory here nor a model there: say both,
                // as the user may have meant either.
                Error::Source { target, message } if spec.guessed => Error::Source {
                    target,
                    message: format!(
                        "{message}; `{}` is not an existing path either: for a local directory, check the path (e.g. ./{})",
                        spec.id, spec.id
                    ),
                },
                other => other,
            })?;
        let (mut snapshot, mut stats) = (scan.snapshot, scan.stats);
        if let Some(more) = super::follow::follow_snapshot(&mut snapshot, ctx, false)? {
            stats.add(&more);
        }
        Ok(ReadOutcome {
            snapshot,
            requests: Some(stats),
        })
    }
}

impl HubClient {
    /// The context's client, made from the environment on first use.
    pub fn of(ctx: &Context) -> Result<Arc<HubClient>, Error> {
        ctx.shared(HUB, || {
            let mut config = HubConfig::from_env()?;
            config.offline |= ctx.offline;
            HubClient::new(config)
        })
    }

    /// Read datasets a card names (for a model read from elsewhere): each one's info and data
    /// card, at most `max_datasets` of them (a note says when more are named). Requests are
    /// counted in `counter`.
    pub async fn read_datasets(
        &self,
        ids: Vec<String>,
        counter: Arc<Counter>,
    ) -> (Vec<DatasetSnapshot>, Vec<SourceNote>) {
        let max = self.config().max_datasets;
        let mut notes = Vec::new();
        if ids.len() > max {
            notes.push(SourceNote {
                subject: Some("datasets".into()),
                message: format!(
                    "the card names {} datasets; the first {max} were read",
                    ids.len()
                ),
            });
        }
        let resolver = HubResolver {
            client: self.clone(),
            counter,
        };
        (
            walk::datasets(resolver, ids.into_iter().take(max).collect()).await,
            notes,
        )
    }
}

/// What a report says of a Hub repository (read from the Hub or its cache): its id, its page, and
/// its files' pages at the revision read (for `ORG/NAME` ids; a legacy single-name id gets no
/// file links).
pub fn repo_meta(id: &str, revision: Option<&str>) -> RepoMeta {
    repo_meta_at(config::DEFAULT_ENDPOINT, id, revision)
}

/// [`repo_meta`] for a Hub at `endpoint` (`HF_ENDPOINT`: a mirror or a private Hub), whose pages
/// the links then point at; credentials in the endpoint never reach a link.
pub fn repo_meta_at(endpoint: &str, id: &str, revision: Option<&str>) -> RepoMeta {
    let web = crate::source::http::strip_credentials(endpoint.trim_end_matches('/'));
    let (owner, name) = match id.split_once('/') {
        Some((o, n)) => (Some(o.to_string()), n.to_string()),
        None => (None, id.to_string()),
    };
    let files = if super::check_repo_id(id).is_ok() && id.contains('/') {
        FileLocation::Web {
            prefix: format!(
                "{web}/{id}/blob/{}/",
                crate::snapshot::percent_encode_path(revision.unwrap_or("main"))
            ),
        }
    } else {
        FileLocation::None
    };
    // The purl type `huggingface` names a model by owner and name; a legacy id without an owner
    // has no purl.
    let purl = owner
        .as_ref()
        .filter(|_| files != FileLocation::None)
        .map(|o| {
            let base = format!(
                "pkg:huggingface/{}/{}",
                crate::snapshot::purl_part(o),
                crate::snapshot::purl_part(&name)
            );
            if web == config::DEFAULT_ENDPOINT {
                base
            } else {
                format!("{base}?repository_url={}", crate::snapshot::purl_part(&web))
            }
        });
    RepoMeta {
        purl,
        display: id.to_string(),
        owner,
        name,
        page: Some(Page {
            url: format!("{web}/{id}"),
            host: Host::ModelHub,
        }),
        files,
        dataset_pages: Some(if web == config::DEFAULT_ENDPOINT {
            super::local::CARD_DATASET_PAGES.into()
        } else {
            format!("{web}/datasets/")
        }),
    }
}

/// The largest model or dataset info answer read (a repository with many thousand files).
const INFO_CAP: u64 = 32 * 1024 * 1024;
/// License-like files read per repository.
const MAX_LICENSE_FILES: usize = 4;

/// A scan's snapshot and what it cost.
#[derive(Debug, Clone)]
pub struct HubScan {
    pub snapshot: Snapshot,
    pub stats: RequestStats,
}

impl HubClient {
    /// Scan a model: its info, card, license files, refs when they matter, its datasets and its
    /// `base_model` chain. Errors (exit 2) when the model itself cannot be read; a dataset or
    /// base model that cannot be read is recorded in the snapshot instead.
    pub async fn scan(&self, repo_id: &str, revision: Option<&str>) -> Result<HubScan, Error> {
        super::check_repo_id(repo_id)?;
        let counter = Arc::new(Counter::default());
        let snapshot = scan_target(
            self.clone(),
            counter.clone(),
            repo_id.to_string(),
            revision.map(str::to_string),
        )
        .await?;
        Ok(HubScan {
            snapshot,
            stats: counter.stats(),
        })
    }

    /// [`scan`](Self::scan) from synchronous code, on the client's own runtime.
    pub fn scan_blocking(&self, repo_id: &str, revision: Option<&str>) -> Result<HubScan, Error> {
        self.block_on(self.scan(repo_id, revision))?
    }
}

/// How much of a repository to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Profile {
    /// The assessed model: card, license files, config, refs.
    Target,
    /// A base model: its info, and license files only when `cardData` names no license.
    Ancestor,
    /// A dataset: its info and its card.
    Dataset,
}

/// The info of a repository, from the API or the offline cache.
struct Resolved {
    info: RepoInfo,
    sha: String,
}

fn target_label(id: &str, rev: Option<&str>) -> String {
    match rev {
        Some(r) => format!("hf:{id}@{r}"),
        None => format!("hf:{id}"),
    }
}

fn repo_label(kind: RepoKind, id: &str) -> String {
    format!("{} {id}", kind.word())
}

/// Offline, without cached metadata: the cached snapshot folder as a partial listing.
fn offline_from_cache_folder(client: &HubClient, id: &str, rev: Option<&str>) -> Option<Snapshot> {
    let cache = client.cache()?;
    let mut snap = super::hf_cache::read_in(
        cache.root(),
        &match rev {
            Some(r) => format!("{id}@{r}"),
            None => id.to_string(),
        },
    )
    .ok()?;
    snap.target.source = HUB.into();
    snap.notes.push(SourceNote {
        subject: None,
        message: "offline: the Hub's metadata for this commit is not in the cache, so only the downloaded files were read (partial listing; datasets and base models not followed)".into(),
    });
    Some(snap)
}

async fn scan_target(
    client: HubClient,
    counter: Arc<Counter>,
    id: String,
    rev: Option<String>,
) -> Result<Snapshot, Error> {
    let label = target_label(&id, rev.as_deref());
    let resolved = match resolve(&client, &counter, RepoKind::Model, &id, rev.as_deref()).await {
        Ok(r) => r,
        Err(message) => {
            if client.config().offline
                && let Some(s) = offline_from_cache_folder(&client, &id, rev.as_deref())
            {
                return Ok(s);
            }
            return Err(Error::Source {
                target: label,
                message: client.redact(&message),
            });
        }
    };
    let mut snap = read_repo(
        &client,
        &counter,
        RepoKind::Model,
        &id,
        &resolved,
        Profile::Target,
    )
    .await;
    if client.config().offline {
        snap.notes.push(SourceNote {
            subject: None,
            message: "offline: read from the cache (the metadata and files of the last online scan of this commit)".into(),
        });
    }
    let mut datasets = resolved.info.datasets();
    // Each once, whatever its case: a set, not a walk of the list per link.
    let mut named: HashSet<String> = datasets.iter().map(|d| d.to_ascii_lowercase()).collect();
    for d in card_dataset_links(&snap) {
        if named.insert(d.to_ascii_lowercase()) {
            datasets.push(d);
        }
    }
    let bases = resolved.info.base_models();
    let max = client.config().max_datasets;
    if datasets.len() > max {
        snap.notes.push(SourceNote {
            subject: Some("datasets".into()),
            message: format!(
                "the card names {} datasets; the first {max} were read",
                datasets.len()
            ),
        });
    }
    let resolver = HubResolver {
        client: client.clone(),
        counter: counter.clone(),
    };
    let ds_future = walk::datasets(resolver.clone(), datasets.into_iter().take(max).collect());
    let lineage_future = walk::lineage(resolver, id.clone(), bases);
    // Datasets and the lineage are read at the same time.
    let lineage_task = tokio::spawn(lineage_future);
    let ds = ds_future.await;
    let (lineage, notes) = lineage_task.await.unwrap_or_else(|e| {
        (
            Vec::new(),
            vec![SourceNote {
                subject: Some("base_model".into()),
                message: format!("the base_model chain could not be followed ({e})"),
            }],
        )
    });
    snap.datasets = ds;
    snap.lineage = lineage;
    snap.notes.extend(notes);
    snap.normalize();
    Ok(snap)
}

/// The Hub datasets the card's text links (`https://huggingface.co/datasets/ORG/NAME`), in
/// order, after those its metadata names: a data card linked from the text documents the
/// training data as well as one named in `datasets:`.
fn card_dataset_links(snap: &Snapshot) -> Vec<String> {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(r"huggingface\.co/datasets/([A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)")
            .expect("valid regex")
    });
    let Some(text) = snap
        .texts
        .iter()
        .find(|t| t.path.eq_ignore_ascii_case("README.md"))
        .and_then(|t| t.content.text())
    else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for c in re.captures_iter(text) {
        let id = c[1].trim_end_matches(['.', '-']).to_string();
        if crate::snapshot::is_repo_id(&id) && seen.insert(id.clone()) {
            out.push(id);
        }
    }
    out
}

/// The Hub as a [`walk::Resolver`]: base models and datasets read with this scan's client and
/// request counter.
#[derive(Clone)]
struct HubResolver {
    client: HubClient,
    counter: Arc<Counter>,
}

impl walk::Resolver for HubResolver {
    async fn base_model(&self, id: String) -> Result<(Snapshot, Bases), String> {
        if super::check_repo_id(&id).is_err() {
            return Err(format!("`{id}` is not a Hub model id; not followed"));
        }
        // Once per client: the models of a batch that share a base read it once.
        let key = id.to_ascii_lowercase();
        let (read, _) = self
            .client
            .bases()
            .get(&key, || async {
                let resolved = resolve(&self.client, &self.counter, RepoKind::Model, &id, None)
                    .await
                    .map_err(|e| self.client.redact(&e))?;
                let snap = read_repo(
                    &self.client,
                    &self.counter,
                    RepoKind::Model,
                    &id,
                    &resolved,
                    Profile::Ancestor,
                )
                .await;
                Ok((snap, resolved.info.base_models()))
            })
            .await;
        read
    }

    async fn dataset(&self, id: String) -> DatasetSnapshot {
        let (read, _) = self
            .client
            .datasets()
            .get(&id.clone(), || {
                read_dataset(&self.client, &self.counter, id)
            })
            .await;
        read
    }

    fn max_depth(&self) -> u32 {
        self.client.config().max_lineage_depth
    }
}

async fn read_dataset(client: &HubClient, counter: &Arc<Counter>, id: String) -> DatasetSnapshot {
    let failed = |error: String| DatasetSnapshot {
        id: id.clone(),
        metadata: None,
        card: None,
        error: Some(error),
    };
    if super::check_repo_id(&id).is_err() {
        return failed(format!("`{id}` is not a Hub dataset id; not read"));
    }
    let resolved = match resolve(client, counter, RepoKind::Dataset, &id, None).await {
        Ok(r) => r,
        Err(e) => return failed(client.redact(&e)),
    };
    let snap = read_repo(
        client,
        counter,
        RepoKind::Dataset,
        &id,
        &resolved,
        Profile::Dataset,
    )
    .await;
    DatasetSnapshot {
        id: id.clone(),
        metadata: snap.metadata.clone(),
        card: snap.card().cloned(),
        error: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_encoding() {
        assert_eq!(encode_segment("refs/pr/1"), "refs%2Fpr%2F1");
        assert_eq!(encode_path("LICENSES/a b#.txt"), "LICENSES/a%20b%23.txt");
    }

    #[test]
    fn checkpoint_mentions() {
        assert!(mentions_checkpoints(
            "model = AutoModel.from_pretrained(\"x\", revision=\"step3000\")"
        ));
        assert!(mentions_checkpoints(
            "We release 154 intermediate checkpoints"
        ));
        assert!(!mentions_checkpoints(
            "Load the checkpoint with transformers."
        ));
    }

    #[test]
    fn wanted_files_follow_the_profile() {
        let info: RepoInfo = serde_json::from_str(
            r#"{"sha":"x","siblings":[{"rfilename":"README.md","size":10},{"rfilename":"LICENSE"},
                {"rfilename":"USE_POLICY.md"},{"rfilename":"config.json"},{"rfilename":"model.safetensors","size":9}],
                "cardData":{"license":"llama3.1"}}"#,
        )
        .unwrap();
        let names = |p| {
            wanted_files(&info, p)
                .into_iter()
                .map(|(n, _, _)| n)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names(Profile::Target),
            ["README.md", "LICENSE", "USE_POLICY.md", "config.json"]
        );
        // A base model whose cardData names its license needs no file.
        assert!(names(Profile::Ancestor).is_empty());
        assert_eq!(names(Profile::Dataset), ["README.md"]);
    }
}
