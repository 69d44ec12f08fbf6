//! One repository read: the commit pinned, then its tree, license and README (at once), or the
//! record of that commit from the cache.

use super::api::{Commit, FileContent, Tree, decode_base64, full_name_from_url};
use super::cache::{FileRecord, Record, RefRecord};
use super::*;
use crate::snapshot::{Listing, RepoFile, SourceNote, Target, TextContent, TextFile};
use crate::source::http::{FetchError, Get};
use crate::source::hub::cache::is_commit;
use crate::source::local::{self, CARD_CAP, LICENSE_CAP};

/// A repository as read: its snapshot (the listing at the pinned commit, the license text, the
/// README) and the license id GitHub reports.
#[derive(Debug, Clone, PartialEq)]
pub struct RepoRead {
    pub snapshot: Snapshot,
    /// GitHub's `spdx_id` for the license it detected (`NOASSERTION` when it cannot name it).
    pub host_license: Option<String>,
}

const JSON: &str = "application/vnd.github+json";
const COMMIT_CAP: u64 = 4 * 1024 * 1024;
/// GitHub's recursive trees stop at 100,000 entries (about 20 MB of JSON).
const TREE_CAP: u64 = 64 * 1024 * 1024;
/// A file's JSON: base64 of at most 1 MB (GitHub inlines no more).
const FILE_CAP: u64 = 4 * 1024 * 1024;

/// The README names tried at the root, in order.
const READMES: [&str; 5] = [
    "README.md",
    "README.rst",
    "README.txt",
    "README",
    "README.markdown",
];

fn parse<T: serde::de::DeserializeOwned>(f: &http::Fetched, what: &str) -> Result<T, String> {
    if f.truncated {
        return Err(format!("GitHub's answer for {what} is too large to read"));
    }
    serde_json::from_slice(&f.body).map_err(|e| {
        format!("GitHub's answer for {what} is not the JSON expected ({e}); is GITHUB_API_URL a GitHub API?")
    })
}

/// How the reason for a repository that is not public begins.
const ABSENT: &str = "GitHub has no repository";

/// Whether a failure to read a repository says it is not public (no such repository, or a
/// private one): what it would hold is not published.
pub fn is_absent(reason: &str) -> bool {
    reason.contains(ABSENT)
}

/// Why the commit could not be pinned, in words that say what to do.
fn commit_failure(
    client: &GithubClient,
    requested: &str,
    rev: Option<&str>,
    e: &FetchError,
) -> String {
    let token = client.config().token.is_some();
    let hint = match e.status() {
        Some(422) => format!(
            "{requested} has no commit `{}`: give a branch, tag or commit that exists",
            rev.unwrap_or("HEAD")
        ),
        Some(409) => format!("{requested} is an empty repository"),
        Some(401 | 403 | 404) if !e.is_rate_limited() => {
            if token {
                format!(
                    "{ABSENT} {requested}, or the token (GITHUB_TOKEN or GH_TOKEN) has no access to it"
                )
            } else {
                format!(
                    "{ABSENT} {requested}, or it is private: check the name, or set GITHUB_TOKEN or GH_TOKEN to a token with access"
                )
            }
        }
        _ => String::new(),
    };
    let mut s = e.describe();
    if !hint.is_empty() {
        s.push_str(&format!("; {hint}"));
    }
    s
}

fn offline_failure(client: &GithubClient, requested: &str) -> String {
    format!(
        "{requested} is not in the cache{}: read it once online (offline mode: --offline makes no request)",
        client
            .config()
            .cache_root
            .as_ref()
            .map(|r| format!(" at {}", r.join("github").display()))
            .unwrap_or_default()
    )
}

/// A file's JSON answer as a record: its text, decoded (cut at `cap`).
fn file_record(f: &FileContent, fallback_path: &str, cap: u64) -> FileRecord {
    let path = f.path.clone().unwrap_or_else(|| fallback_path.to_string());
    let content = match (f.encoding.as_deref(), f.content.as_deref()) {
        (Some("base64") | None, Some(c)) => match decode_base64(c) {
            Some(bytes) => local::decode(bytes, cap),
            None => TextContent::Unreadable {
                reason: "GitHub sent content that is not valid base64".into(),
            },
        },
        _ => TextContent::Unreadable {
            reason: format!(
                "larger than GitHub's contents API serves ({} bytes; over 1 MB)",
                f.size.unwrap_or(0)
            ),
        },
    };
    FileRecord {
        path,
        size: f.size,
        content,
    }
}

pub(super) async fn read(
    client: &GithubClient,
    owner: &str,
    name: &str,
    rev: Option<&str>,
    counter: &Counter,
) -> Result<RepoRead, String> {
    let requested = format!("{owner}/{name}");
    if !valid_owner(owner) || !valid_name(name) {
        return Err(format!("`{requested}` is not a GitHub repository name"));
    }
    let resource = format!("github {requested}");
    let config = client.config();
    let cache = client.inner.cache.as_ref();
    let rev_name = rev.unwrap_or("HEAD");
    // A commit asked for by its sha, already read: no request at all.
    if is_commit(rev_name)
        && let Some(rec) = cache.and_then(|c| c.read(&requested, rev_name))
    {
        counter.cache_hit();
        return Ok(build(client, rec, &requested, Vec::new()));
    }
    if config.offline {
        let (full, sha) = match cache.and_then(|c| c.read_ref(&requested, rev_name)) {
            Some(r) => (r.full_name, r.sha),
            None => return Err(offline_failure(client, &requested)),
        };
        let rec = cache
            .and_then(|c| c.read(&full, &sha))
            .ok_or_else(|| offline_failure(client, &requested))?;
        counter.cache_hit();
        return Ok(build(client, rec, &requested, Vec::new()));
    }
    let http = &client.inner.http;
    let get = |url: &str, cap: u64| {
        let url = url.to_string();
        let resource = resource.clone();
        async move {
            let req = Get {
                accept: Some(JSON),
                ..Get::new(&url, cap, &resource)
            };
            http.get(&req, counter).await
        }
    };

    // 1. Pin the commit (a renamed repository answers 301; the layer follows it).
    let suffix = format!(
        "/commits/{}",
        crate::snapshot::percent_encode_path(rev_name)
    );
    let url = format!("{}/repos/{requested}{suffix}", config.api);
    let f = get(&url, COMMIT_CAP)
        .await
        .map_err(|e| commit_failure(client, &requested, rev, &e))?;
    let commit: Commit = parse(&f, &format!("the commit of {requested}"))?;
    if !is_commit(&commit.sha) {
        return Err(format!(
            "GitHub's answer for {requested} names no commit (`sha`); is GITHUB_API_URL a GitHub API?"
        ));
    }
    let sha = commit.sha.to_ascii_lowercase();
    let full = commit
        .url
        .as_deref()
        .and_then(full_name_from_url)
        .unwrap_or_else(|| requested.clone());
    // Ask where the answer came from (after a rename: /repositories/{id}), without another hop.
    let base = f
        .url
        .strip_suffix(&suffix)
        .map(str::to_string)
        .unwrap_or_else(|| format!("{}/repos/{full}", config.api));
    if let Some(c) = cache
        && !is_commit(rev_name)
    {
        c.write_ref(
            &requested,
            rev_name,
            &RefRecord {
                sha: sha.clone(),
                full_name: full.clone(),
            },
        );
    }
    if let Some(rec) = cache.and_then(|c| c.read(&full, &sha)) {
        counter.cache_hit();
        return Ok(build(client, rec, &requested, Vec::new()));
    }

    // 2 and 3 at once: the tree and the license.
    let tree_sha = commit
        .commit
        .as_ref()
        .and_then(|c| c.tree.as_ref())
        .map(|t| t.sha.clone())
        .filter(|t| is_commit(t))
        .unwrap_or_else(|| sha.clone());
    let tree_url = format!("{base}/git/trees/{tree_sha}?recursive=1");
    let license_url = format!("{base}/license?ref={sha}");
    let (tree, license) = http::join(get(&tree_url, TREE_CAP), get(&license_url, FILE_CAP)).await;
    let tree = tree.map_err(|e| {
        format!(
            "the file list of {full} could not be read: {}",
            e.describe()
        )
    })?;
    let tree: Tree = parse(&tree, &format!("the file list of {full}"))?;
    let mut rec = Record::new(full.clone(), sha.clone());
    rec.date = commit
        .commit
        .as_ref()
        .and_then(|c| c.committer.as_ref())
        .and_then(|p| p.date.clone());
    rec.truncated = tree.truncated;
    for e in tree.tree {
        match e.kind.as_str() {
            "blob" => rec.files.push(RepoFile {
                path: e.path,
                size: e.size,
            }),
            "commit" => rec.submodules.push((e.path, e.sha.unwrap_or_default())),
            _ => {}
        }
    }
    rec.files.sort();
    let mut notes = Vec::new();
    let mut complete = true;
    match license {
        Ok(f) => {
            let lic: FileContent = parse(&f, &format!("the license of {full}"))?;
            rec.host_license = lic.license.as_ref().and_then(|l| l.spdx_id.clone());
            rec.license = Some(file_record(&lic, "LICENSE", LICENSE_CAP));
        }
        // No license file GitHub recognises: a fact, not a failure.
        Err(e) if e.status() == Some(404) => {}
        Err(e) => {
            complete = false;
            let reason = format!(
                "GitHub's license answer could not be read: {}",
                e.describe()
            );
            // The file it would have named, if the listing shows one.
            match rec
                .files
                .iter()
                .filter(|f| !f.path.contains('/') && local::read_cap(&f.path) == Some(LICENSE_CAP))
                .map(|f| f.path.clone())
                .next()
            {
                Some(path) => {
                    rec.license = Some(FileRecord {
                        path,
                        size: None,
                        content: TextContent::Unreadable { reason },
                    })
                }
                None => notes.push(SourceNote {
                    subject: Some("license".into()),
                    message: reason,
                }),
            }
        }
    }

    // 4. The README at the root.
    let readme = READMES.iter().find_map(|want| {
        rec.files
            .iter()
            .find(|f| f.path.eq_ignore_ascii_case(want))
            .map(|f| (f.path.clone(), f.size))
    });
    if let Some((path, size)) = readme {
        let url = format!(
            "{base}/contents/{}?ref={sha}",
            crate::snapshot::percent_encode_path(&path)
        );
        rec.readme = Some(match get(&url, FILE_CAP).await {
            Ok(f) => match parse::<FileContent>(&f, &format!("{path} of {full}")) {
                Ok(c) => file_record(&c, &path, CARD_CAP),
                Err(reason) => {
                    complete = false;
                    FileRecord {
                        path,
                        size,
                        content: TextContent::Unreadable { reason },
                    }
                }
            },
            Err(e) => {
                complete = false;
                FileRecord {
                    path,
                    size,
                    content: TextContent::Unreadable {
                        reason: e.describe(),
                    },
                }
            }
        });
    }
    if complete && let Some(c) = cache {
        c.write(&rec);
    }
    Ok(build(client, rec, &requested, notes))
}

/// The snapshot of a record.
fn build(
    client: &GithubClient,
    rec: Record,
    requested: &str,
    mut notes: Vec<SourceNote>,
) -> RepoRead {
    let web = client.config().web();
    let listing = if rec.truncated {
        Listing::Partial
    } else {
        Listing::Complete
    };
    let target = Target {
        source: GITHUB.into(),
        id: rec.full_name.clone(),
        revision: Some(rec.sha.clone()),
    };
    let mut snap = Snapshot::new(target, repo_meta(&web, &rec.full_name, &rec.sha), listing);
    snap.files = rec.files;
    if rec.truncated {
        notes.push(SourceNote {
            subject: None,
            message: format!(
                "GitHub listed only part of the tree ({} files; the repository has more): a file not listed may still be there",
                snap.files.len()
            ),
        });
    }
    for (path, sha) in &rec.submodules {
        notes.push(SourceNote {
            subject: Some(path.clone()),
            message: format!(
                "a git submodule pinned at {sha}: its files are in another repository and are not listed"
            ),
        });
    }
    if !requested.eq_ignore_ascii_case(&rec.full_name) {
        notes.push(SourceNote {
            subject: None,
            message: format!(
                "GitHub redirects {requested} to {} (the repository was renamed or moved)",
                rec.full_name
            ),
        });
    }
    for f in [rec.license, rec.readme].into_iter().flatten() {
        if snap.texts.iter().all(|t| t.path != f.path) {
            snap.texts.push(TextFile {
                path: f.path,
                size: f.size,
                content: match f.content {
                    TextContent::Text {
                        text,
                        truncated,
                        replaced,
                    } => TextContent::Text {
                        text: client.inner.http.redact(&text),
                        truncated,
                        replaced,
                    },
                    other => other,
                },
            });
        }
    }
    snap.notes = notes;
    snap.normalize();
    RepoRead {
        snapshot: snap,
        host_license: rec.host_license,
    }
}
