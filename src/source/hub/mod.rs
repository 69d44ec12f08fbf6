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

use std::sync::{Arc, OnceLock};

use regex::Regex;
use tokio::task::JoinSet;

use self::api::{Refs, RepoInfo};
use self::cache::{RepoKind, is_commit};
use self::client::{Counter, FetchError};
pub use self::client::{HubClient, RequestStats};
pub use self::config::{HubConfig, RetryPolicy, Token};
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
        if let Some(rest) = raw.strip_prefix("hf:") {
            return match parse(rest) {
                Ok((id, rev)) => Claim::Yes(TargetSpec::new(HUB, id, rev)),
                Err(e) => Claim::Invalid(e),
            };
        }
        let id = raw.split('@').next().unwrap_or(raw);
        if id.matches('/').count() == 1 && super::check_repo_id(id).is_ok() {
            return match parse(raw) {
                Ok((id, rev)) => Claim::Fallback(TargetSpec::new(HUB, id, rev)),
                Err(e) => Claim::Invalid(e),
            };
        }
        Claim::No
    }

    fn read(&self, spec: &TargetSpec, ctx: &Context) -> Result<ReadOutcome, Error> {
        let client = ctx.shared(HUB, || {
            let mut config = HubConfig::from_env()?;
            config.offline |= ctx.offline;
            HubClient::new(config)
        })?;
        let scan = client.scan_blocking(&spec.id, spec.revision.as_deref())?;
        Ok(ReadOutcome {
            snapshot: scan.snapshot,
            requests: Some(scan.stats),
        })
    }
}

/// What a report says of a Hub repository (read from the Hub or its cache): its id, its page, and
/// its files' pages at the revision read (for `ORG/NAME` ids; a legacy single-name id gets no
/// file links).
pub fn repo_meta(id: &str, revision: Option<&str>) -> RepoMeta {
    let (owner, name) = match id.split_once('/') {
        Some((o, n)) => (Some(o.to_string()), n.to_string()),
        None => (None, id.to_string()),
    };
    let files = if super::check_repo_id(id).is_ok() && id.contains('/') {
        FileLocation::Web {
            prefix: format!(
                "https://huggingface.co/{id}/blob/{}/",
                crate::snapshot::percent_encode_path(revision.unwrap_or("main"))
            ),
        }
    } else {
        FileLocation::None
    };
    RepoMeta {
        display: id.to_string(),
        owner,
        name,
        page: Some(Page {
            url: format!("https://huggingface.co/{id}"),
            host: Host::ModelHub,
        }),
        files,
        dataset_pages: Some(super::local::CARD_DATASET_PAGES.into()),
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

/// Percent-encode one URL path segment (everything but RFC 3986 unreserved characters).
fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn encode_path(p: &str) -> String {
    p.split('/')
        .map(encode_segment)
        .collect::<Vec<_>>()
        .join("/")
}

fn info_url(client: &HubClient, kind: RepoKind, id: &str, rev: Option<&str>) -> String {
    let mut url = format!("{}/api/{}/{id}", client.config().endpoint, kind.plural());
    if let Some(r) = rev {
        url.push_str(&format!("/revision/{}", encode_segment(r)));
    }
    url.push_str("?blobs=true");
    url
}

fn file_url(client: &HubClient, kind: RepoKind, id: &str, sha: &str, path: &str) -> String {
    format!(
        "{}/{}{id}/resolve/{sha}/{}",
        client.config().endpoint,
        kind.url_prefix(),
        encode_path(path)
    )
}

/// Why a repository's info could not be read, in words that say what to do.
fn info_failure(
    client: &HubClient,
    kind: RepoKind,
    id: &str,
    rev: Option<&str>,
    e: &FetchError,
) -> String {
    let has_token = client.config().token.is_some();
    let what = kind.word();
    let hint = match (e.status(), e.code()) {
        (Some(404), Some("RevisionNotFound")) => format!(
            "the revision `{}` does not exist in {id}: give a branch, tag or commit sha that does",
            rev.unwrap_or("main")
        ),
        (Some(401 | 403 | 404), _) if !has_token => format!(
            "the {what} does not exist, or it is private and needs a token with access: check the id, or set HF_TOKEN"
        ),
        (Some(401 | 403 | 404), _) => format!(
            "the {what} does not exist, or the token (HF_TOKEN or the stored token) has no access to it"
        ),
        _ => String::new(),
    };
    let mut s = e.describe();
    if !hint.is_empty() {
        s.push_str(&format!("; {hint}"));
    }
    if matches!(e, FetchError::Offline) {
        s = format!(
            "{id} is not in the cache{}: scan it once online, or download it with huggingface_hub",
            client
                .cache()
                .map(|c| format!(" at {}", c.root().display()))
                .unwrap_or_default()
        );
        s.push_str(" (offline mode: --offline or HF_HUB_OFFLINE=1)");
    }
    s
}

/// Read a repository's info: from the API (and keep a copy in the cache), or offline from the
/// cache's copy.
async fn resolve(
    client: &HubClient,
    counter: &Counter,
    kind: RepoKind,
    id: &str,
    rev: Option<&str>,
) -> Result<Resolved, String> {
    let cache = client.cache();
    if client.config().offline {
        let rev_name = rev.unwrap_or("main");
        let sha = if is_commit(rev_name) {
            Some(rev_name.to_string())
        } else {
            cache.and_then(|c| c.read_ref(kind, id, rev_name))
        };
        let bytes = sha
            .as_ref()
            .and_then(|sha| cache.and_then(|c| c.read_meta(kind, id, sha, "info")));
        return match (sha, bytes) {
            (Some(sha), Some(bytes)) => match serde_json::from_slice::<RepoInfo>(&bytes) {
                Ok(info) => Ok(Resolved { info, sha }),
                Err(e) => Err(format!(
                    "the cached metadata of {id} is damaged ({e}); scan it once online"
                )),
            },
            _ => Err(info_failure(client, kind, id, rev, &FetchError::Offline)),
        };
    }
    let url = info_url(client, kind, id, rev);
    let fetched = client
        .get(&url, INFO_CAP, false, &repo_label(kind, id), counter)
        .await
        .map_err(|e| info_failure(client, kind, id, rev, &e))?;
    if fetched.truncated {
        return Err(format!(
            "the Hub's {} info for {id} is larger than {} MiB; not read",
            kind.word(),
            INFO_CAP / (1024 * 1024)
        ));
    }
    let info: RepoInfo = serde_json::from_slice(&fetched.body).map_err(|e| {
        format!(
            "the Hub's answer for {id} is not valid JSON ({e}); the answer may have been cut short or the endpoint ({}) is not a Hub: try again",
            client.config().endpoint
        )
    })?;
    let sha = match info.sha.clone() {
        Some(s) if is_commit(&s) => s,
        _ => {
            return Err(format!(
                "the Hub's answer for {id} names no commit (`sha`); the endpoint ({}) may not be a Hub",
                client.config().endpoint
            ));
        }
    };
    if let Some(c) = cache {
        let _ = c.write_meta(kind, id, &sha, "info", &fetched.body);
        let _ = c.write_ref(kind, id, rev.unwrap_or("main"), &sha);
    }
    Ok(Resolved { info, sha })
}

/// The files of a repository worth reading, with their caps.
fn wanted_files(info: &RepoInfo, profile: Profile) -> Vec<(String, Option<u64>, u64)> {
    let files = info.files();
    let mut out = Vec::new();
    let readme = files
        .iter()
        .find(|f| f.path.eq_ignore_ascii_case("README.md"));
    if matches!(profile, Profile::Target | Profile::Dataset)
        && let Some(f) = readme
    {
        out.push((f.path.clone(), f.size, CARD_CAP));
    }
    if profile == Profile::Dataset {
        return out;
    }
    if profile == Profile::Ancestor {
        let declared = info.card_strings("license");
        let named = info
            .card_data
            .as_ref()
            .is_some_and(|c| c.get("license_name").is_some() || c.get("license_link").is_some());
        let says_enough = !declared.is_empty()
            && declared
                .iter()
                .all(|l| !matches!(l.to_ascii_lowercase().as_str(), "other" | "unknown"));
        if says_enough || named {
            return out;
        }
    }
    let mut licenses: Vec<(String, Option<u64>, u64)> = files
        .iter()
        .filter(|f| local::read_cap(&f.path) == Some(LICENSE_CAP))
        .map(|f| (f.path.clone(), f.size, LICENSE_CAP))
        .collect();
    // Root files first (LICENSE before LICENSES/...), then by name.
    licenses.sort_by_key(|(p, _, _)| (p.contains('/'), p.to_ascii_lowercase()));
    licenses.truncate(MAX_LICENSE_FILES);
    out.extend(licenses);
    if profile == Profile::Target
        && info.config.as_ref().is_none_or(|c| !c.is_object())
        && let Some(f) = files.iter().find(|f| f.path == "config.json")
    {
        out.push((f.path.clone(), f.size, CONFIG_CAP));
    }
    out
}

/// A repository at a commit.
#[derive(Clone, Copy)]
struct At<'a> {
    kind: RepoKind,
    id: &'a str,
    sha: &'a str,
}

/// Read one file at a commit: from the cache, else with one GET (cached when complete).
async fn read_file(
    client: &HubClient,
    counter: &Counter,
    at: &At<'_>,
    path: &str,
    size: Option<u64>,
    cap: u64,
) -> (TextFile, Option<FetchError>) {
    let At { kind, id, sha } = *at;
    if let Some(p) = client.cache().and_then(|c| c.file(kind, id, sha, path)) {
        counter.cache_hit();
        return (local::read_text(&p, path, size, cap), None);
    }
    let url = file_url(client, kind, id, sha, path);
    let range = size.is_some_and(|s| s > cap);
    match client
        .get(&url, cap, range, &repo_label(kind, id), counter)
        .await
    {
        Ok(f) => {
            let truncated = f.truncated || (f.status == 206 && size.is_some_and(|s| s > cap));
            // Only a complete file, at the commit asked for, goes into the cache.
            let same_commit = f.commit.as_deref().is_none_or(|c| c == sha);
            if !truncated
                && same_commit
                && let (Some(c), Some(etag)) = (client.cache(), &f.etag)
            {
                let _ = c.store(kind, id, sha, path, etag, &f.body);
            }
            let content = match local::decode(f.body, cap) {
                TextContent::Text { text, .. } => TextContent::Text { text, truncated },
                other => other,
            };
            (
                TextFile {
                    path: path.to_string(),
                    size,
                    content,
                },
                None,
            )
        }
        Err(e) => {
            let mut reason = e.describe();
            if e.is_gated() {
                reason.push_str(if client.config().token.is_some() {
                    "; the token's account has not been granted access to this gated repository"
                } else {
                    "; this repository is gated: set HF_TOKEN to a token of an account that was granted access"
                });
            } else if e.status() == Some(404) {
                reason.push_str("; the Hub lists the file but does not serve it");
            }
            (
                TextFile {
                    path: path.to_string(),
                    size,
                    content: TextContent::Unreadable { reason },
                },
                Some(e),
            )
        }
    }
}

/// Read the wanted files; for a gated repository, the first refusal stops the others (they
/// would be refused the same way).
async fn read_files(
    client: &HubClient,
    counter: &Arc<Counter>,
    kind: RepoKind,
    id: &str,
    sha: &str,
    wanted: Vec<(String, Option<u64>, u64)>,
    gated: bool,
) -> Vec<TextFile> {
    let mut out = Vec::new();
    let mut rest = wanted;
    if gated && !rest.is_empty() {
        let (path, size, cap) = rest.remove(0);
        let at = At { kind, id, sha };
        let (file, err) = read_file(client, counter, &at, &path, size, cap).await;
        out.push(file);
        if let Some(e) = err.filter(|e| e.is_gated()) {
            let reason = match &out[0].content {
                TextContent::Unreadable { reason } => reason.clone(),
                _ => e.describe(),
            };
            for (path, size, _) in rest {
                // Cached copies (from an earlier run with access) are still good.
                if let Some(p) = client.cache().and_then(|c| c.file(kind, id, sha, &path)) {
                    counter.cache_hit();
                    out.push(local::read_text(&p, &path, size, LICENSE_CAP));
                    continue;
                }
                out.push(TextFile {
                    path,
                    size,
                    content: TextContent::Unreadable {
                        reason: format!("not requested: {reason}"),
                    },
                });
            }
            return out;
        }
    }
    let mut set = JoinSet::new();
    for (i, (path, size, cap)) in rest.into_iter().enumerate() {
        let (client, counter, id, sha) = (
            client.clone(),
            counter.clone(),
            id.to_string(),
            sha.to_string(),
        );
        set.spawn(async move {
            let at = At {
                kind,
                id: &id,
                sha: &sha,
            };
            let (f, _) = read_file(&client, &counter, &at, &path, size, cap).await;
            (i, f)
        });
    }
    let mut read: Vec<(usize, TextFile)> = set.join_all().await;
    read.sort_by_key(|(i, _)| *i);
    out.extend(read.into_iter().map(|(_, f)| f));
    out
}

/// Does the card speak of intermediate checkpoints (so that listing branches is worth a request)?
fn mentions_checkpoints(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r#"(?i)intermediate|revision\s*=\s*["']|\bstep[-_]?\d{2,}|\bbranch(es)?\b|training checkpoints|checkpoints? (are|is) (available|released|published)"#,
        )
        .expect("valid regex")
    })
    .is_match(text)
}

/// Read a repository into a snapshot (info, listing, files; refs for the target).
async fn read_repo(
    client: &HubClient,
    counter: &Arc<Counter>,
    kind: RepoKind,
    id: &str,
    resolved: &Resolved,
    profile: Profile,
) -> Snapshot {
    let info = &resolved.info;
    let sha = &resolved.sha;
    let target = Target {
        source: HUB.into(),
        id: id.to_string(),
        revision: Some(sha.clone()),
    };
    let listing = if info.siblings.is_some() {
        Listing::Complete
    } else {
        Listing::Partial
    };
    let mut snap = Snapshot::new(target, repo_meta(id, Some(sha)), listing);
    snap.files = info.files();
    if info.siblings.is_none() {
        snap.notes.push(SourceNote {
            subject: None,
            message:
                "the Hub's answer has no file list (`siblings`); what files would show is unknown"
                    .into(),
        });
    }
    let wanted = wanted_files(info, profile);
    snap.texts = read_files(
        client,
        counter,
        kind,
        id,
        sha,
        wanted,
        info.gating() != Gating::None,
    )
    .await;
    let mut refs_listed = false;
    if profile == Profile::Target && kind == RepoKind::Model {
        let card_text = snap.card().and_then(|c| c.text()).unwrap_or("");
        let cached = client
            .cache()
            .and_then(|c| c.read_meta(kind, id, sha, "refs"));
        let refs_bytes = if client.config().offline {
            cached
        } else if mentions_checkpoints(card_text) {
            let url = format!("{}/api/models/{id}/refs", client.config().endpoint);
            match client
                .get(&url, INFO_CAP, false, &repo_label(kind, id), counter)
                .await
            {
                Ok(f) if !f.truncated => {
                    if let Some(c) = client.cache() {
                        let _ = c.write_meta(kind, id, sha, "refs", &f.body);
                    }
                    Some(f.body)
                }
                Ok(_) => None,
                Err(e) => {
                    snap.notes.push(SourceNote {
                        subject: Some("refs".into()),
                        message: format!("the branches could not be listed: {}", e.describe()),
                    });
                    None
                }
            }
        } else {
            None
        };
        match refs_bytes.map(|b| serde_json::from_slice::<Refs>(&b)) {
            Some(Ok(refs)) => {
                refs_listed = true;
                snap.refs = refs
                    .branches
                    .iter()
                    .chain(&refs.tags)
                    .map(|r| r.name.clone())
                    .collect();
            }
            Some(Err(e)) => snap.notes.push(SourceNote {
                subject: Some("refs".into()),
                message: format!("the Hub's list of branches is not valid JSON ({e})"),
            }),
            None => {}
        }
    }
    snap.metadata = Some(info.metadata(refs_listed));
    snap.normalize();
    snap
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
    let datasets = resolved.info.datasets();
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
    }

    async fn dataset(&self, id: String) -> DatasetSnapshot {
        read_dataset(&self.client, &self.counter, id).await
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
