//! What was read of GitHub repositories, kept under the tool's cache root
//! (`$OPENNESS_CACHE`, else `$XDG_CACHE_HOME/openness`, else `~/.cache/openness`):
//!
//! ```text
//! github/<api host>/repos/<owner>/<name>/<sha>.json         the listing, license and README at a commit
//! github/<api host>/repos/<owner>/<name>/refs/<ref>.json    the commit a ref (HEAD, a branch) last resolved to
//! ```
//!
//! A commit never changes, so a record found for it is used without a request; the ref records
//! let `--offline` find the commit of the last online read. Names are kept in lowercase (GitHub's
//! names are case-insensitive).

use std::fs;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::{valid_name, valid_owner};
use crate::snapshot::{RepoFile, TextContent};
use crate::source::hub::cache::{is_commit, write_atomic};

/// The format of the records; a record of another version is read as absent.
const VERSION: u32 = 1;

/// A repository at a commit, as read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub version: u32,
    /// `owner/name` as GitHub names it now.
    pub full_name: String,
    pub sha: String,
    /// The commit's date.
    pub date: Option<String>,
    pub files: Vec<RepoFile>,
    /// GitHub listed only part of the tree.
    pub truncated: bool,
    /// Submodules: path and the commit they pin.
    pub submodules: Vec<(String, String)>,
    /// The license file GitHub detected, with its text.
    pub license: Option<FileRecord>,
    /// The license id GitHub reports (`spdx_id`: an SPDX id, or `NOASSERTION`).
    pub host_license: Option<String>,
    /// The README at the root.
    pub readme: Option<FileRecord>,
}

/// A file read from the repository.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileRecord {
    pub path: String,
    pub size: Option<u64>,
    pub content: TextContent,
}

/// The commit a ref resolved to, and the repository's name then.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RefRecord {
    pub sha: String,
    pub full_name: String,
}

#[derive(Debug, Clone)]
pub struct GithubCache {
    root: PathBuf,
}

/// A ref as one file name: `HEAD`, `main`, `v1.0`; anything else percent-encoded.
fn ref_file(r: &str) -> String {
    let mut out = String::new();
    for b in r.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_') || (b == b'.' && !out.is_empty()) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    format!("{out}.json")
}

/// The API's host (and path) as one folder name: `api.github.com`, `ghe.example.com_api_v3`.
pub(crate) fn host_key(api: &str) -> String {
    let rest = api.split_once("://").map_or(api, |(_, r)| r);
    let rest = rest.rsplit_once('@').map_or(rest, |(_, r)| r);
    rest.trim_end_matches('/')
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-') {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

impl GithubCache {
    /// The cache of the API at `api`, under `root` (the tool's cache root).
    pub fn new(root: PathBuf, api: &str) -> GithubCache {
        GithubCache {
            root: root.join("github").join(host_key(api)),
        }
    }

    fn repo_dir(&self, full_name: &str) -> Option<PathBuf> {
        let (owner, name) = full_name.split_once('/')?;
        (valid_owner(owner) && valid_name(name)).then(|| {
            self.root
                .join("repos")
                .join(owner.to_ascii_lowercase())
                .join(name.to_ascii_lowercase())
        })
    }

    pub fn read_ref(&self, full_name: &str, r: &str) -> Option<RefRecord> {
        let p = self.repo_dir(full_name)?.join("refs").join(ref_file(r));
        let rec: RefRecord = serde_json::from_slice(&fs::read(p).ok()?).ok()?;
        is_commit(&rec.sha).then_some(rec)
    }

    pub fn write_ref(&self, full_name: &str, r: &str, rec: &RefRecord) {
        if let Some(dir) = self.repo_dir(full_name)
            && is_commit(&rec.sha)
            && let Ok(bytes) = serde_json::to_vec(rec)
        {
            let _ = write_atomic(&dir.join("refs").join(ref_file(r)), &bytes);
        }
    }

    pub fn read(&self, full_name: &str, sha: &str) -> Option<Record> {
        if !is_commit(sha) {
            return None;
        }
        let p = self
            .repo_dir(full_name)?
            .join(format!("{}.json", sha.to_ascii_lowercase()));
        let rec: Record = serde_json::from_slice(&fs::read(p).ok()?).ok()?;
        (rec.version == VERSION && rec.sha.eq_ignore_ascii_case(sha)).then_some(rec)
    }

    pub fn write(&self, rec: &Record) {
        if let Some(dir) = self.repo_dir(&rec.full_name)
            && is_commit(&rec.sha)
            && let Ok(bytes) = serde_json::to_vec(rec)
        {
            let _ = write_atomic(
                &dir.join(format!("{}.json", rec.sha.to_ascii_lowercase())),
                &bytes,
            );
        }
    }
}

impl Record {
    pub fn new(full_name: String, sha: String) -> Record {
        Record {
            version: VERSION,
            full_name,
            sha,
            date: None,
            files: Vec::new(),
            truncated: false,
            submodules: Vec::new(),
            license: None,
            host_license: None,
            readme: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_by_commit_and_ref() {
        let dir = tempfile::tempdir().unwrap();
        let c = GithubCache::new(dir.path().to_path_buf(), "http://127.0.0.1:8080");
        let sha = "0123456789abcdef0123456789abcdef01234567";
        let rec = Record::new("Org/Repo".into(), sha.into());
        c.write(&rec);
        assert_eq!(c.read("org/repo", sha), Some(rec.clone()));
        assert_eq!(c.read("org/repo", "main"), None);
        let r = RefRecord {
            sha: sha.into(),
            full_name: "Org/Repo".into(),
        };
        c.write_ref("org/old", "feature/x", &r);
        assert_eq!(c.read_ref("ORG/old", "feature/x"), Some(r));
        assert!(
            dir.path()
                .join("github/127.0.0.1_8080/repos/org/old/refs/feature%2Fx.json")
                .is_file()
        );
        // Names that would leave the cache are refused.
        assert_eq!(c.read("../x", sha), None);
        assert_eq!(ref_file(".."), "%2E..json");
    }
}
