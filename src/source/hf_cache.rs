//! A snapshot in the Python-compatible Hugging Face cache:
//! `$HF_HUB_CACHE` (or `$HF_HOME/hub`, or `~/.cache/huggingface/hub`)`/models--ORG--NAME/snapshots/SHA/`.
//! The cache holds only the files that were downloaded, so its listing is partial.

use std::fs;
use std::path::{Path, PathBuf};

use super::{Claim, Context, Provider, ReadOutcome, TargetSpec};
use crate::error::Error;
use crate::snapshot::{Listing, Target};

use super::local;

/// A snapshot in the Python-compatible Hugging Face cache: `hf-cache:ORG/NAME[@REV]`.
pub struct HfCache;

const HF_CACHE: &str = "hf-cache";

impl Provider for HfCache {
    fn name(&self) -> &'static str {
        HF_CACHE
    }

    fn claim(&self, raw: &str) -> Claim {
        let Some(rest) = raw.strip_prefix("hf-cache:") else {
            return Claim::No;
        };
        match super::split_revision(rest)
            .and_then(|(id, rev)| super::check_repo_id(&id).map(|_| (id, rev)))
        {
            Ok((id, rev)) => Claim::Yes(TargetSpec::new(HF_CACHE, id, rev)),
            Err(e) => Claim::Invalid(e),
        }
    }

    fn read(&self, spec: &TargetSpec, ctx: &Context) -> Result<ReadOutcome, Error> {
        let arg = match &spec.revision {
            Some(r) => format!("{}@{r}", spec.id),
            None => spec.id.clone(),
        };
        let mut snapshot = read(&arg)?;
        let requests = super::follow::follow_snapshot(&mut snapshot, ctx, true)?;
        Ok(ReadOutcome { snapshot, requests })
    }
}

/// Where the hub cache lives, following the Python library's variables.
pub fn cache_dir() -> Option<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(dir) = var("HF_HUB_CACHE").or_else(|| var("HUGGINGFACE_HUB_CACHE")) {
        return Some(PathBuf::from(dir));
    }
    if let Some(home) = var("HF_HOME") {
        return Some(PathBuf::from(home).join("hub"));
    }
    if let Some(xdg) = var("XDG_CACHE_HOME") {
        return Some(PathBuf::from(xdg).join("huggingface").join("hub"));
    }
    var("HOME").map(|h| {
        PathBuf::from(h)
            .join(".cache")
            .join("huggingface")
            .join("hub")
    })
}

/// The cache folder of a model repository: `models--ORG--NAME`.
pub fn repo_folder(cache: &Path, repo_id: &str) -> PathBuf {
    cache.join(format!("models--{}", repo_id.replace('/', "--")))
}

/// Resolve `rev` (a branch, tag or full commit sha) to a snapshot directory and its sha:
/// `Ok(None)` when the cache does not have it, an error when `rev` is not a valid revision or
/// its refs file does not hold a commit sha (the content of a refs file never becomes a path).
pub fn resolve(repo: &Path, rev: &str) -> Result<Option<(String, PathBuf)>, String> {
    super::check_revision(rev).map_err(|e| e.to_string())?;
    let ref_file = repo.join("refs").join(rev);
    let sha = match fs::symlink_metadata(&ref_file) {
        Ok(m) if m.is_file() => {
            let text = crate::input::read_regular(&ref_file, REF_CAP)
                .map_err(|e| format!("cannot read refs/{rev} in the cache: {e}"))?;
            let sha = text.trim();
            if !is_commit(sha) {
                return Err(format!(
                    "refs/{rev} in the cache at {} does not hold a 40-character commit sha; delete it and download the model again, or give a commit",
                    repo.display()
                ));
            }
            sha.to_string()
        }
        Ok(m) if !m.is_dir() => {
            return Err(format!(
                "refs/{rev} in the cache at {} is not a regular file; delete it and download the model again, or give a commit",
                repo.display()
            ));
        }
        _ if is_commit(rev) => rev.to_string(),
        _ => return Ok(None),
    };
    let dir = repo.join("snapshots").join(&sha);
    Ok(dir.is_dir().then_some((sha, dir)))
}

fn is_commit(rev: &str) -> bool {
    rev.len() == 40 && rev.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The most of a refs file read (a sha and a newline).
const REF_CAP: u64 = 256;

/// Scan `ORG/NAME[@REV]` from the cache the environment names.
pub fn read(spec: &str) -> Result<crate::snapshot::Snapshot, Error> {
    let cache = cache_dir().ok_or_else(|| {
        Error::Target("cannot find the Hugging Face cache: set HF_HOME or HF_HUB_CACHE".into())
    })?;
    read_in(&cache, spec)
}

/// Scan `ORG/NAME[@REV]` from the hub cache at `cache` (the folder holding `models--*`).
pub fn read_in(cache: &Path, spec: &str) -> Result<crate::snapshot::Snapshot, Error> {
    let (repo_id, rev) = match spec.split_once('@') {
        Some((id, rev)) => (id, rev),
        None => (spec, "main"),
    };
    super::check_repo_id(repo_id)?;
    let repo = repo_folder(cache, repo_id);
    if !repo.is_dir() {
        return Err(Error::Source {
            target: format!("hf-cache:{spec}"),
            message: format!(
                "{} is not in the cache at {}; download it first or scan it from the Hub with hf:{repo_id}",
                repo_id,
                cache.display()
            ),
        });
    }
    let found = resolve(&repo, rev).map_err(|message| Error::Source {
        target: format!("hf-cache:{spec}"),
        message,
    })?;
    let (sha, dir) = found.ok_or_else(|| Error::Source {
        target: format!("hf-cache:{spec}"),
        message: format!(
            "revision `{rev}` is not in the cache; cached refs: {}; cached snapshots: {}",
            or_none(ref_names(&repo.join("refs"))),
            or_none(dir_names(&repo.join("snapshots")))
        ),
    })?;
    let repo_meta = super::hub::repo_meta(repo_id, Some(&sha));
    let target = Target {
        source: HF_CACHE.into(),
        id: repo_id.to_string(),
        revision: Some(sha),
    };
    // Snapshot files link to the repository's blobs: nothing outside its cache folder is read.
    let mut snapshot = local::read_tree_within(&dir, &repo, target, repo_meta, Listing::Partial)?;
    snapshot.refs = ref_names(&repo.join("refs"));
    snapshot.normalize();
    Ok(snapshot)
}

/// Branch and tag names the cache has resolved (`refs/main`, `refs/step1000`, `refs/pr/1`).
fn ref_names(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), String::new())];
    while let Some((d, prefix)) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let name = format!("{prefix}{}", e.file_name().to_string_lossy());
            match e.file_type() {
                Ok(t) if t.is_dir() && prefix.matches('/').count() < 3 => {
                    stack.push((e.path(), format!("{name}/")))
                }
                Ok(t) if t.is_file() => out.push(name),
                _ => {}
            }
        }
    }
    out.sort();
    out
}

fn dir_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn or_none(names: Vec<String>) -> String {
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}
