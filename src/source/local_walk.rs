//! The walk over a local repository tree: every file listed once, links to files followed
//! (listed, and never read when they leave the bound), links to directories followed while they
//! stay inside the root, special files left out, and anything skipped noted, so that the listing
//! says it is partial.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::local::{MAX_DEPTH, MAX_FILES};

/// A walk over a repository tree. Anything it skips (a directory it cannot read or that is too
/// deep, a broken link, a linked directory outside the root) sets `skipped` and leaves a note.
pub(super) struct Walk<'a> {
    pub(super) root: &'a Path,
    /// The canonical folder no file read may leave.
    pub(super) bound: PathBuf,
    /// The root with its links resolved, to tell which linked directories stay inside it.
    pub(super) real_root: PathBuf,
    /// The directories listed so far, resolved (a link back to one of them is not listed twice).
    pub(super) visited: Vec<PathBuf>,
    pub(super) files: Vec<(String, u64)>,
    /// Listed files whose links lead outside `bound`.
    pub(super) outside: BTreeSet<String>,
    pub(super) notes: Vec<crate::snapshot::SourceNote>,
    pub(super) skipped: bool,
}

impl Walk<'_> {
    pub(super) fn dir(&mut self, dir: &Path, depth: usize) -> std::io::Result<()> {
        let read = match fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) if depth > 0 => {
                self.skip(dir, format!("directory not read: {e}"));
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        if let Ok(real) = fs::canonicalize(dir) {
            if self.visited.contains(&real) {
                // Reached again through a link: its files are listed already.
                self.note(
                    dir,
                    "a directory listed already; not listed twice".to_string(),
                );
                return Ok(());
            }
            self.visited.push(real);
        }
        let mut entries: Vec<fs::DirEntry> = Vec::new();
        for entry in read {
            match entry {
                Ok(e) => entries.push(e),
                Err(e) => self.skip(dir, format!("entry not read: {e}")),
            }
        }
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            if self.files.len() >= MAX_FILES {
                self.skip(
                    self.root,
                    format!("more than {MAX_FILES} files; the listing stops there"),
                );
                return Ok(());
            }
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if depth == 0 && (name == ".git" || name == ".cache" || name == ".huggingface") {
                continue;
            }
            let path = entry.path();
            let kind = match entry.file_type() {
                Ok(k) => k,
                Err(e) => {
                    self.skip(&path, format!("not read: {e}"));
                    continue;
                }
            };
            if kind.is_dir() {
                self.subdir(&path, depth);
            } else if kind.is_file() {
                match entry.metadata() {
                    Ok(m) => self.files.push((self.rel(&path), m.len())),
                    Err(e) => self.skip(&path, format!("not read: {e}")),
                }
            } else if kind.is_symlink() {
                // Symlinks to files are followed (the HF cache links files to blobs), listed but
                // never read when they lead outside the bound; symlinks to directories only when
                // the directory stays inside the root.
                let resolved = fs::canonicalize(&path).and_then(|r| Ok((fs::metadata(&r)?, r)));
                match resolved {
                    Ok((m, r)) if m.is_file() => {
                        let rel = self.rel(&path);
                        if !r.starts_with(&self.bound) {
                            self.outside.insert(rel.clone());
                        }
                        self.files.push((rel, m.len()));
                    }
                    Ok((m, _)) if m.is_dir() => self.linked_dir(&path, depth),
                    Ok((m, _)) => self.note(&path, format!("{}; not listed", not_regular(&m))),
                    Err(_) => self.skip(
                        &path,
                        "broken symbolic link (a git-annex or LFS file not fetched?); not listed"
                            .to_string(),
                    ),
                }
            } else if let Ok(m) = entry.metadata() {
                self.note(&path, format!("{}; not listed", not_regular(&m)));
            }
        }
        Ok(())
    }

    fn subdir(&mut self, path: &Path, depth: usize) {
        if depth + 1 >= MAX_DEPTH {
            self.skip(path, format!("deeper than {MAX_DEPTH} levels; not listed"));
        } else {
            // Only the root's own read error is fatal; deeper ones are skipped with a note.
            let _ = self.dir(path, depth + 1);
        }
    }

    fn linked_dir(&mut self, path: &Path, depth: usize) {
        let Ok(real) = fs::canonicalize(path) else {
            self.skip(path, "symbolic link not resolved; not listed".to_string());
            return;
        };
        if !real.starts_with(&self.real_root) {
            self.skip(
                path,
                "symbolic link to a directory outside the model's directory; not listed"
                    .to_string(),
            );
        } else {
            self.subdir(path, depth);
        }
    }

    fn skip(&mut self, path: &Path, message: String) {
        self.skipped = true;
        self.note(path, message);
    }

    fn rel(&self, path: &Path) -> String {
        let rel = path.strip_prefix(self.root).unwrap_or(path);
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/")
    }

    fn note(&mut self, path: &Path, message: String) {
        let subject = self.rel(path);
        self.notes.push(crate::snapshot::SourceNote {
            subject: (!subject.is_empty()).then_some(subject),
            message,
        });
    }
}

/// What a special file is, for problems (reading a FIFO, a socket or a device could block or
/// never end).
pub(super) fn not_regular(m: &fs::Metadata) -> String {
    #[cfg(unix)]
    let what = {
        use std::os::unix::fs::FileTypeExt;
        let t = m.file_type();
        if t.is_fifo() {
            "a FIFO"
        } else if t.is_socket() {
            "a socket"
        } else if t.is_char_device() || t.is_block_device() {
            "a device"
        } else {
            "a special file"
        }
    };
    #[cfg(not(unix))]
    let what = {
        let _ = m;
        "a special file"
    };
    format!("{what}, not a regular file")
}
