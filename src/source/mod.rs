//! Sources: the only stage that does I/O. A target string becomes a [`Snapshot`].
//!
//! Target syntax: a path that exists is local (a `.md` file is a card alone, a `.yml`/`.yaml` file
//! a MOT manifest); `hf-cache:ORG/NAME[@REV]` reads the Python-compatible Hugging Face cache;
//! `hf:ORG/NAME[@REV]` (or a bare `ORG/NAME` that is not a path) means the Hub.

pub mod hf_cache;
pub mod hub;
pub mod local;
pub mod manifest;

use std::path::Path;

use crate::error::Error;
use crate::snapshot::Snapshot;

/// A parsed target, before any I/O.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetSpec {
    Local(String),
    /// A model card alone (a `.md` file): no file listing, so what files would show is unknown.
    Card(String),
    /// A Model Openness Tool manifest (a `.yml` or `.yaml` file).
    Manifest(String),
    HfCache {
        repo_id: String,
        revision: Option<String>,
    },
    Hub {
        repo_id: String,
        revision: Option<String>,
    },
}

impl TargetSpec {
    /// Understand a target as the user wrote it.
    pub fn parse(raw: &str) -> Result<TargetSpec, Error> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(Error::Target(
                "empty target: give a directory, hf-cache:ORG/NAME or hf:ORG/NAME".into(),
            ));
        }
        if let Some(rest) = raw.strip_prefix("hf-cache:") {
            let (repo_id, revision) = split_revision(rest)?;
            return Ok(TargetSpec::HfCache { repo_id, revision });
        }
        if let Some(rest) = raw.strip_prefix("hf:") {
            let (repo_id, revision) = split_revision(rest)?;
            return Ok(TargetSpec::Hub { repo_id, revision });
        }
        let path = Path::new(raw);
        if path.is_file() && raw.to_ascii_lowercase().ends_with(".md") {
            return Ok(TargetSpec::Card(raw.to_string()));
        }
        let lower = raw.to_ascii_lowercase();
        if path.is_file() && (lower.ends_with(".yml") || lower.ends_with(".yaml")) {
            return Ok(TargetSpec::Manifest(raw.to_string()));
        }
        if path.exists() {
            return Ok(TargetSpec::Local(raw.to_string()));
        }
        if looks_like_repo_id(raw) {
            let (repo_id, revision) = split_revision(raw)?;
            return Ok(TargetSpec::Hub { repo_id, revision });
        }
        Err(Error::Target(format!(
            "`{raw}` is not an existing path; give a model directory, hf-cache:ORG/NAME[@REV] or hf:ORG/NAME[@REV]"
        )))
    }
}

fn split_revision(spec: &str) -> Result<(String, Option<String>), Error> {
    let (id, rev) = match spec.split_once('@') {
        Some((id, rev)) if !rev.is_empty() => (id, Some(rev.to_string())),
        Some(_) => {
            return Err(Error::Target(format!(
                "`{spec}`: nothing after `@`; give a branch, tag or commit"
            )));
        }
        None => (spec, None),
    };
    check_repo_id(id)?;
    Ok((id.to_string(), rev))
}

/// Hub repository ids: `name` or `org/name`, letters, digits, `-`, `_`, `.`; no `--` or `..`.
pub fn check_repo_id(id: &str) -> Result<(), Error> {
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
    if (1..=2).contains(&parts.len()) && parts.iter().all(|p| ok_part(p)) {
        Ok(())
    } else {
        Err(Error::Target(format!(
            "`{id}` is not a valid Hugging Face repository id (expected ORG/NAME: letters, digits, `-`, `_`, `.`)"
        )))
    }
}

fn looks_like_repo_id(raw: &str) -> bool {
    let id = raw.split('@').next().unwrap_or(raw);
    id.matches('/').count() == 1 && check_repo_id(id).is_ok()
}

/// How to read a target: offline or not, and the Hub client to share (one client serves any
/// number of scans; `None` builds one from the environment).
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Make no network request (also `HF_HUB_OFFLINE=1`).
    pub offline: bool,
    pub hub: Option<hub::HubClient>,
}

/// A snapshot and, for Hub targets, the HTTP requests it cost.
#[derive(Debug, Clone)]
pub struct ReadOutcome {
    pub snapshot: Snapshot,
    pub requests: Option<hub::RequestStats>,
}

/// Read a target with options. Every error names the target and what to do.
pub fn read_with(spec: &TargetSpec, options: &ReadOptions) -> Result<ReadOutcome, Error> {
    if let TargetSpec::Hub { repo_id, revision } = spec {
        let client = match &options.hub {
            Some(c) if !options.offline || c.config().offline => c.clone(),
            other => {
                let mut config = match other {
                    Some(c) => c.config().clone(),
                    None => hub::HubConfig::from_env()?,
                };
                config.offline |= options.offline;
                hub::HubClient::new(config)?
            }
        };
        let scan = client.scan_blocking(repo_id, revision.as_deref())?;
        return Ok(ReadOutcome {
            snapshot: scan.snapshot,
            requests: Some(scan.stats),
        });
    }
    Ok(ReadOutcome {
        snapshot: read(spec)?,
        requests: None,
    })
}

/// Read a target. Every error names the target and what to do.
pub fn read(spec: &TargetSpec) -> Result<Snapshot, Error> {
    match spec {
        TargetSpec::Local(path) => local::read(Path::new(path), path),
        TargetSpec::Card(path) => local::read_card(Path::new(path), path),
        TargetSpec::Manifest(path) => manifest::read(Path::new(path), path),
        TargetSpec::HfCache { repo_id, revision } => {
            let spec = match revision {
                Some(r) => format!("{repo_id}@{r}"),
                None => repo_id.clone(),
            };
            hf_cache::read(&spec)
        }
        TargetSpec::Hub { .. } => read_with(spec, &ReadOptions::default()).map(|o| o.snapshot),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_syntax() {
        assert_eq!(
            TargetSpec::parse("hf:EleutherAI/pythia-1b@step1000").unwrap(),
            TargetSpec::Hub {
                repo_id: "EleutherAI/pythia-1b".into(),
                revision: Some("step1000".into())
            }
        );
        assert_eq!(
            TargetSpec::parse("hf-cache:gpt2").unwrap(),
            TargetSpec::HfCache {
                repo_id: "gpt2".into(),
                revision: None
            }
        );
        assert_eq!(
            TargetSpec::parse("org/name").unwrap(),
            TargetSpec::Hub {
                repo_id: "org/name".into(),
                revision: None
            }
        );
        assert!(TargetSpec::parse("hf:../../etc").is_err());
        assert!(TargetSpec::parse("hf:a/b/c").is_err());
        assert!(TargetSpec::parse("hf:org/name@").is_err());
        assert!(TargetSpec::parse("./definitely/not/here").is_err());
        assert!(TargetSpec::parse("").is_err());
    }
}
