//! The Python-compatible Hugging Face cache, as `huggingface_hub` lays it out:
//!
//! ```text
//! $HF_HUB_CACHE/models--ORG--NAME/          (datasets--ORG--NAME for datasets)
//!   refs/main                               the commit sha `main` pointed to
//!   blobs/<etag>                            file contents, named by their ETag
//!   snapshots/<sha>/README.md -> ../../blobs/<etag>
//!   .openness/<sha>.info.json               this tool's copy of the API metadata at that commit
//! ```
//!
//! Files at a commit never change, so a file found under `snapshots/<sha>/` is used without a
//! request; a file downloaded here is found by Python tools and the other way round. Only
//! complete files are stored (a file cut at the size cap is not). The `.openness/` folder holds
//! the API answers (model info, refs) so that offline scans see the full file list; Python tools
//! ignore it.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Models or datasets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum RepoKind {
    Model,
    Dataset,
}

impl RepoKind {
    /// `models` / `datasets`: the folder prefix and the API path segment.
    pub fn plural(self) -> &'static str {
        match self {
            RepoKind::Model => "models",
            RepoKind::Dataset => "datasets",
        }
    }

    /// The prefix of file URLs: models have none.
    pub fn url_prefix(self) -> &'static str {
        match self {
            RepoKind::Model => "",
            RepoKind::Dataset => "datasets/",
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            RepoKind::Model => "model",
            RepoKind::Dataset => "dataset",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Cache {
    root: PathBuf,
}

/// A commit sha: 40 hex digits.
pub fn is_commit(rev: &str) -> bool {
    rev.len() == 40 && rev.chars().all(|c| c.is_ascii_hexdigit())
}

/// A repository path safe to join under a folder: relative, no `..`, no empty parts.
fn safe_rel(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|p| !p.is_empty() && p != "." && p != "..")
}

impl Cache {
    pub fn new(root: PathBuf) -> Cache {
        Cache { root }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn repo_dir(&self, kind: RepoKind, id: &str) -> PathBuf {
        self.root
            .join(format!("{}--{}", kind.plural(), id.replace('/', "--")))
    }

    /// The commit a branch or tag pointed to when it was last resolved.
    pub fn read_ref(&self, kind: RepoKind, id: &str, rev: &str) -> Option<String> {
        if !safe_rel(rev) {
            return None;
        }
        let path = self.repo_dir(kind, id).join("refs").join(rev);
        let sha = crate::input::read_regular(&path, 256).ok()?;
        let sha = sha.trim();
        is_commit(sha).then(|| sha.to_string())
    }

    pub fn write_ref(&self, kind: RepoKind, id: &str, rev: &str, sha: &str) -> io::Result<()> {
        if !safe_rel(rev) || is_commit(rev) || !is_commit(sha) {
            return Ok(());
        }
        let path = self.repo_dir(kind, id).join("refs").join(rev);
        if crate::input::read_regular(&path, 256).is_ok_and(|s| s.trim() == sha) {
            return Ok(());
        }
        write_atomic(&path, sha.as_bytes())
    }

    /// The cached file at a commit, if it is there.
    pub fn file(&self, kind: RepoKind, id: &str, sha: &str, path: &str) -> Option<PathBuf> {
        if !safe_rel(path) || !is_commit(sha) {
            return None;
        }
        let p = self
            .repo_dir(kind, id)
            .join("snapshots")
            .join(sha)
            .join(path);
        p.is_file().then_some(p)
    }

    /// Store a complete file: the blob under its ETag, and the snapshot entry as a relative
    /// symbolic link to it (a copy where links are not available).
    pub fn store(
        &self,
        kind: RepoKind,
        id: &str,
        sha: &str,
        path: &str,
        etag: &str,
        bytes: &[u8],
    ) -> io::Result<()> {
        if !safe_rel(path) || !is_commit(sha) || !safe_rel(etag) || etag.contains('/') {
            return Ok(());
        }
        let repo = self.repo_dir(kind, id);
        let blob = repo.join("blobs").join(etag);
        if !blob.is_file() {
            write_atomic(&blob, bytes)?;
        }
        let link = repo.join("snapshots").join(sha).join(path);
        if link.is_file() {
            return Ok(());
        }
        if let Some(parent) = link.parent() {
            fs::create_dir_all(parent)?;
        }
        let _ = fs::remove_file(&link);
        #[cfg(unix)]
        {
            let depth = path.matches('/').count();
            let target = format!("{}blobs/{etag}", "../".repeat(depth + 2));
            match std::os::unix::fs::symlink(&target, &link) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
                Err(_) => fs::copy(&blob, &link).map(|_| ()),
            }
        }
        #[cfg(not(unix))]
        {
            fs::copy(&blob, &link).map(|_| ())
        }
    }

    fn meta_path(&self, kind: RepoKind, id: &str, sha: &str, what: &str) -> Option<PathBuf> {
        is_commit(sha).then(|| {
            self.repo_dir(kind, id)
                .join(".openness")
                .join(format!("{sha}.{what}.json"))
        })
    }

    /// An API answer stored for a commit (`info`, `refs`).
    pub fn read_meta(&self, kind: RepoKind, id: &str, sha: &str, what: &str) -> Option<Vec<u8>> {
        fs::read(self.meta_path(kind, id, sha, what)?).ok()
    }

    pub fn write_meta(
        &self,
        kind: RepoKind,
        id: &str,
        sha: &str,
        what: &str,
        bytes: &[u8],
    ) -> io::Result<()> {
        match self.meta_path(kind, id, sha, what) {
            Some(p) => write_atomic(&p, bytes),
            None => Ok(()),
        }
    }
}

/// Write through a temporary file and a rename, so a reader never sees half a file.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let tmp = path.with_file_name(format!(
        ".{}.{}.incomplete",
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        std::process::id()
    ));
    fs::write(&tmp, bytes)?;
    fs::rename(&tmp, path).inspect_err(|_| {
        let _ = fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "0123456789abcdef0123456789abcdef01234567";

    #[test]
    fn layout_matches_huggingface_hub() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::new(dir.path().to_path_buf());
        c.write_ref(RepoKind::Model, "org/m", "main", SHA).unwrap();
        c.store(RepoKind::Model, "org/m", SHA, "README.md", "e1", b"hi")
            .unwrap();
        c.store(
            RepoKind::Model,
            "org/m",
            SHA,
            "LICENSES/a.txt",
            "e2",
            b"lic",
        )
        .unwrap();
        let repo = dir.path().join("models--org--m");
        assert_eq!(
            fs::read_to_string(repo.join("refs/main")).unwrap(),
            SHA.to_string()
        );
        assert_eq!(fs::read(repo.join("blobs/e1")).unwrap(), b"hi");
        #[cfg(unix)]
        assert_eq!(
            fs::read_link(repo.join("snapshots").join(SHA).join("LICENSES/a.txt")).unwrap(),
            PathBuf::from("../../../blobs/e2")
        );
        assert_eq!(
            fs::read(
                c.file(RepoKind::Model, "org/m", SHA, "LICENSES/a.txt")
                    .unwrap()
            )
            .unwrap(),
            b"lic"
        );
        assert_eq!(
            c.read_ref(RepoKind::Model, "org/m", "main").as_deref(),
            Some(SHA)
        );
        // Paths that would leave the cache are refused.
        assert!(c.file(RepoKind::Model, "org/m", SHA, "../x").is_none());
        c.store(RepoKind::Model, "org/m", SHA, "../../evil", "e3", b"x")
            .unwrap();
        assert!(!dir.path().join("evil").exists());
        assert_eq!(
            c.repo_dir(RepoKind::Dataset, "a/b"),
            dir.path().join("datasets--a--b")
        );
    }
}
