//! Local models: a directory laid out like a Hub model repository (walk it for names and sizes,
//! read the card, license-like files and config files, each up to a size cap, and the git HEAD
//! if any), or a model card file on its own.

use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::local_walk::{Walk, not_regular};
use super::{Claim, Context, Provider, ReadOutcome, TargetSpec};
use crate::error::Error;
use crate::input::read_regular;
use crate::snapshot::{
    FileLocation, Listing, RepoFile, RepoMeta, Snapshot, Target, TextContent, TextFile,
};

/// A local model: a directory laid out like a repository, or a model card file (`.md`) on its
/// own.
pub struct Local;

/// The name reports give local targets.
const LOCAL: &str = "local";

impl Provider for Local {
    fn name(&self) -> &'static str {
        LOCAL
    }

    fn claim(&self, raw: &str) -> Claim {
        if Path::new(raw).exists() {
            Claim::Yes(TargetSpec::new(LOCAL, raw, None))
        } else {
            Claim::No
        }
    }

    fn read(&self, spec: &TargetSpec, ctx: &Context) -> Result<ReadOutcome, Error> {
        let path = Path::new(&spec.id);
        let mut snapshot = if path.is_file() && spec.id.to_ascii_lowercase().ends_with(".md") {
            read_card(path, &spec.id)?
        } else {
            read(path, &spec.id)?
        };
        let requests = super::follow::follow_snapshot(&mut snapshot, ctx, true)?;
        Ok(ReadOutcome { snapshot, requests })
    }
}

/// The prefix of the pages of the Hub datasets a model card names (cards are the Hub's format,
/// wherever they are read from).
pub const CARD_DATASET_PAGES: &str = "https://huggingface.co/datasets/";

/// What a report says of a local target: its name (a folder's name; the folder of a
/// `README.md`; the stem of another card or of a manifest file) and the folder that holds its
/// files.
pub fn repo_meta(display: &str, files: bool) -> RepoMeta {
    let trimmed = display.trim_end_matches(['/', '\\']);
    let path = Path::new(trimmed);
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| {
            trimmed
                .rsplit(['/', '\\'])
                .next()
                .unwrap_or(trimmed)
                .to_string()
        });
    let lower = file.to_ascii_lowercase();
    let name = if lower == "readme.md" {
        path.parent()
            .and_then(|p| p.file_name())
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or(file)
    } else if lower.ends_with(".md") || lower.ends_with(".yml") || lower.ends_with(".yaml") {
        path.file_stem()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or(file)
    } else if file.is_empty() {
        display.to_string()
    } else {
        file
    };
    // The folder of a card file, or the directory itself.
    let root = if lower.ends_with(".md") || lower.ends_with(".yml") || lower.ends_with(".yaml") {
        match display.rfind(['/', '\\']) {
            Some(i) => display[..i].to_string(),
            None => ".".to_string(),
        }
    } else {
        display.to_string()
    };
    RepoMeta {
        display: name.clone(),
        owner: None,
        name,
        page: None,
        files: if files {
            FileLocation::Local { root }
        } else {
            FileLocation::None
        },
        dataset_pages: Some(CARD_DATASET_PAGES.into()),
        purl: None,
    }
}

/// The most files a walk records; a bigger tree is listed partially, with a note.
pub const MAX_FILES: usize = 200_000;
/// How deep a walk descends.
pub const MAX_DEPTH: usize = 16;
/// Read caps: a card, a license text, a JSON config.
pub const CARD_CAP: u64 = 2 * 1024 * 1024;
pub const LICENSE_CAP: u64 = 512 * 1024;
pub const CONFIG_CAP: u64 = 1024 * 1024;

/// Scan a local directory.
pub fn read(path: &Path, display: &str) -> Result<Snapshot, Error> {
    let meta = fs::metadata(path).map_err(|e| Error::Source {
        target: display.to_string(),
        message: match e.kind() {
            std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
            std::io::ErrorKind::PermissionDenied => {
                "permission denied; check the directory's permissions".to_string()
            }
            _ => e.to_string(),
        },
    })?;
    if !meta.is_dir() {
        return Err(Error::Source {
            target: display.to_string(),
            message: "not a directory; give the model's repository directory (the one holding README.md), a MOT manifest (.yml), hf-cache:ORG/NAME or hf:ORG/NAME".to_string(),
        });
    }
    let target = Target {
        source: LOCAL.into(),
        id: display.to_string(),
        revision: git_head(path),
    };
    let mut snapshot = read_tree(path, target, repo_meta(display, true), Listing::Complete)?;
    if card_only(path, &snapshot) {
        // A saved card is not a repository without weights: what the repository would hold
        // is unknown, as for a card file given on its own.
        snapshot.listing = Listing::None;
        snapshot.notes.push(crate::snapshot::SourceNote {
            subject: None,
            message: CARD_ONLY_FOLDER.into(),
        });
    }
    Ok(snapshot)
}

/// The note on a folder read as a model card without its repository.
const CARD_ONLY_FOLDER: &str = "the folder holds a model card and no repository files (no weights, configuration, code or git metadata): it was read as the card alone, so whatever only the repository's files could show is unknown";

/// Whether a directory holds a model card and nothing a model repository would (no weights, no
/// configuration or code, no `.git` or `.gitattributes`, which every Hub clone has): only the
/// card and plain documents beside it (a license text, a note of where the card came from).
fn card_only(dir: &Path, snapshot: &Snapshot) -> bool {
    let document = |path: &str| {
        let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
        match name.rsplit_once('.') {
            None => !name.starts_with('.'),
            Some((stem, ext)) => {
                !stem.is_empty() && matches!(ext, "md" | "markdown" | "txt" | "rst")
            }
        }
    };
    snapshot.listing == Listing::Complete
        && !dir.join(".git").exists()
        && snapshot
            .files
            .iter()
            .any(|f| f.path.eq_ignore_ascii_case("README.md"))
        && snapshot.files.iter().all(|f| document(&f.path))
}

/// Read a model card on its own (`path/to/README.md`): the snapshot has the card and no file
/// listing, so whatever only the repository's files could show is reported as unknown.
pub fn read_card(path: &Path, display: &str) -> Result<Snapshot, Error> {
    let meta = fs::metadata(path).map_err(|e| Error::Source {
        target: display.to_string(),
        message: e.to_string(),
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "README.md".into());
    let target = Target {
        source: LOCAL.into(),
        id: display.to_string(),
        revision: None,
    };
    let mut snapshot = Snapshot::new(target, repo_meta(display, true), Listing::None);
    snapshot
        .texts
        .push(read_text(path, &name, Some(meta.len()), CARD_CAP));
    snapshot.notes.push(crate::snapshot::SourceNote {
        subject: None,
        message: "only the model card was read: the repository's files (weights, code, license files) were not listed".into(),
    });
    Ok(snapshot)
}

/// Read a repository tree into a snapshot (shared by the local and cache sources). Files whose
/// symbolic links lead outside `root` are listed but never read.
pub fn read_tree(
    root: &Path,
    target: Target,
    repo: RepoMeta,
    listing: Listing,
) -> Result<Snapshot, Error> {
    read_tree_within(root, root, target, repo, listing)
}

/// Read a repository tree at `root` into a snapshot, reading no file whose resolved path is
/// outside `bound` (a folder holding `root`: the cache folder of a repository, whose snapshots
/// link to its blobs) and nothing that is not a regular file (a FIFO or a device would block
/// or never end).
pub fn read_tree_within(
    root: &Path,
    bound: &Path,
    target: Target,
    repo: RepoMeta,
    listing: Listing,
) -> Result<Snapshot, Error> {
    let mut snapshot = Snapshot::new(target, repo, listing);
    let mut walk = Walk {
        root,
        bound: fs::canonicalize(bound).unwrap_or_else(|_| bound.to_path_buf()),
        real_root: fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
        visited: Vec::new(),
        files: Vec::new(),
        outside: BTreeSet::new(),
        notes: Vec::new(),
        skipped: false,
    };
    walk.dir(root, 0).map_err(|e| Error::Source {
        target: snapshot.target.id.clone(),
        message: e.to_string(),
    })?;
    // Whatever the walk skipped may hold files (weights) it did not see: absence proves nothing.
    if walk.skipped && snapshot.listing == Listing::Complete {
        snapshot.listing = Listing::Partial;
    }
    snapshot.notes.extend(walk.notes);
    for (rel, size) in &walk.files {
        let Some(cap) = read_cap(rel) else { continue };
        snapshot.texts.push(if walk.outside.contains(rel) {
            TextFile {
                path: rel.clone(),
                size: Some(*size),
                content: TextContent::Unreadable {
                    reason: OUTSIDE.into(),
                },
            }
        } else {
            read_text(&root.join(rel), rel, Some(*size), cap)
        });
    }
    snapshot.files = walk
        .files
        .into_iter()
        .map(|(path, size)| RepoFile {
            path,
            size: Some(size),
        })
        .collect();
    snapshot.normalize();
    Ok(snapshot)
}

/// Which files a source reads, and up to how many bytes. Only files at the root (or in a
/// license folder) are read: vendored code deep in a tree carries its own licenses.
pub fn read_cap(path: &str) -> Option<u64> {
    let (dir, name) = match path.rsplit_once('/') {
        Some((d, n)) => (Some(d), n),
        None => (None, path),
    };
    let lower = name.to_ascii_lowercase();
    match dir {
        None => {
            if lower == "readme.md" || lower == "readme" {
                Some(CARD_CAP)
            } else if lower == "config.json" || lower == "model_index.json" {
                Some(CONFIG_CAP)
            } else if is_license_name(&lower) || is_data_card_name(&lower) {
                Some(LICENSE_CAP)
            } else {
                None
            }
        }
        Some(d) => {
            let d = d.to_ascii_lowercase();
            let license_dir = !d.contains('/')
                && (d.starts_with("license") || d.starts_with("licence") || d == "legal");
            (license_dir
                && (lower.ends_with(".txt") || lower.ends_with(".md") || !lower.contains('.')))
            .then_some(LICENSE_CAP)
        }
    }
}

/// LICENSE, LICENCE, COPYING, NOTICE, USE_POLICY, ACCEPTABLE_USE_POLICY, MODEL_LICENSE, ... with any
/// extension.
pub fn is_license_name(lower: &str) -> bool {
    let (stem, ext) = match lower.split_once('.') {
        Some((s, e)) => (s, e),
        None => (lower, ""),
    };
    const NOT_TEXT: [&str; 16] = [
        "pdf",
        "png",
        "jpg",
        "jpeg",
        "gif",
        "svg",
        "onnx",
        "bin",
        "safetensors",
        "py",
        "json",
        "yaml",
        "yml",
        "pt",
        "gguf",
        "html",
    ];
    !NOT_TEXT.contains(&ext.rsplit('.').next().unwrap_or(ext))
        && (stem.contains("license")
            || stem.contains("licence")
            || stem.starts_with("copying")
            || stem.starts_with("notice")
            || stem.contains("use_policy")
            || stem.contains("use-policy")
            || stem.contains("usepolicy")
            || stem.starts_with("terms_of_use")
            || stem.starts_with("terms-of-use"))
}

/// DATASHEET.md, DATA_CARD.md, data-card.md.
pub fn is_data_card_name(lower: &str) -> bool {
    let stem = lower.split('.').next().unwrap_or(lower);
    (lower.ends_with(".md") || lower == stem)
        && matches!(stem, "datasheet" | "data_card" | "data-card" | "datacard")
}

/// Why a file behind a symbolic link out of the model's directory is not read.
const OUTSIDE: &str = "it is a symbolic link to a file outside the model's directory (copy the file into the directory to have it read)";

/// Read up to `cap` bytes of a file as text, saying what happened if it is not text. Only a
/// regular file is opened (a FIFO would block on opening, a device might never end).
pub fn read_text(path: &Path, rel: &str, size: Option<u64>, cap: u64) -> TextFile {
    let opened = match fs::metadata(path) {
        Ok(m) if !m.is_file() => Err(format!("{}; not read", not_regular(&m))),
        Ok(_) => fs::File::open(path).map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    let content = match opened {
        Ok(file) => {
            let mut bytes = Vec::new();
            match file.take(cap + 1).read_to_end(&mut bytes) {
                Ok(_) => decode(bytes, cap),
                Err(e) => TextContent::Unreadable {
                    reason: e.to_string(),
                },
            }
        }
        Err(reason) => TextContent::Unreadable { reason },
    };
    TextFile {
        path: rel.to_string(),
        size,
        content,
    }
}

/// Bytes to text: refuse NUL bytes, a UTF-16 byte-order mark and bytes that are mostly not
/// UTF-8; drop a BOM; cut at `cap` on a char boundary. A text with a few bytes that are not UTF-8
/// (a Latin-1 card) is read lossily: each such sequence becomes U+FFFD and is counted.
pub fn decode(mut bytes: Vec<u8>, cap: u64) -> TextContent {
    let truncated = bytes.len() as u64 > cap;
    if truncated {
        bytes.truncate(cap as usize);
    }
    if bytes.iter().take(8192).any(|&b| b == 0)
        || bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF")
    {
        return TextContent::Binary;
    }
    let (text, replaced) = match String::from_utf8(bytes) {
        Ok(t) => (t, 0),
        Err(e) => {
            let mut bytes = e.into_bytes();
            // A cut in the middle of a character at the cap is not a fault of the file.
            if truncated {
                let tail = std::str::from_utf8(&bytes[bytes.len().saturating_sub(4)..])
                    .err()
                    .filter(|e| e.error_len().is_none());
                if let Some(e) = tail {
                    let cut = bytes.len().saturating_sub(4) + e.valid_up_to();
                    bytes.truncate(cut);
                }
            }
            let (invalid, sequences) = invalid_bytes(&bytes);
            // Mostly undecodable bytes are binary content, not a text in another encoding (a
            // Latin-1 text has far fewer: its accented letters among ASCII).
            if invalid * 10 > bytes.len() * 3 {
                return TextContent::Binary;
            }
            (String::from_utf8_lossy(&bytes).into_owned(), sequences)
        }
    };
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    TextContent::Text {
        text,
        truncated,
        replaced,
    }
}

/// The bytes that are not UTF-8 and the sequences they form (each one U+FFFD when decoded).
fn invalid_bytes(mut bytes: &[u8]) -> (usize, usize) {
    let (mut invalid, mut sequences) = (0, 0);
    loop {
        match std::str::from_utf8(bytes) {
            Ok(_) => return (invalid, sequences),
            Err(e) => {
                let bad = e.error_len().unwrap_or(bytes.len() - e.valid_up_to());
                invalid += bad;
                sequences += 1;
                bytes = &bytes[e.valid_up_to() + bad..];
            }
        }
    }
}

/// The most of `.git`, `HEAD` or a ref read.
const GIT_CAP: u64 = 4096;

/// The commit a git checkout is at, read from `.git` without running git (only regular files,
/// each up to a cap).
fn git_head(dir: &Path) -> Option<String> {
    let dot_git = dir.join(".git");
    let git_dir: PathBuf = if dot_git.is_file() {
        let text = read_regular(&dot_git, GIT_CAP).ok()?;
        let gitdir = text.trim().strip_prefix("gitdir:")?.trim();
        dir.join(gitdir)
    } else {
        dot_git
    };
    let head = read_regular(&git_dir.join("HEAD"), GIT_CAP).ok()?;
    let head = head.trim();
    let sha = match head.strip_prefix("ref:") {
        None => head.to_string(),
        Some(reference) => {
            let reference = reference.trim();
            match read_regular(&git_dir.join(reference), GIT_CAP) {
                Ok(s) => s.trim().to_string(),
                Err(_) => read_regular(&git_dir.join("packed-refs"), 64 * 1024 * 1024)
                    .ok()?
                    .lines()
                    .find_map(|l| {
                        let (sha, name) = l.split_once(' ')?;
                        (name == reference).then(|| sha.to_string())
                    })?,
            }
        }
    };
    (sha.len() >= 40 && sha.chars().all(|c| c.is_ascii_hexdigit())).then_some(sha)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_roots_of_local_targets() {
        let m = |t: &str| {
            let r = repo_meta(t, true);
            (r.display.clone(), r.local_root().map(str::to_string))
        };
        assert_eq!(m("cards/x.md"), ("x".into(), Some("cards".into())));
        assert_eq!(m("x.md"), ("x".into(), Some(".".into())));
        assert_eq!(
            m("models/my-model/README.md"),
            ("my-model".into(), Some("models/my-model".into()))
        );
        assert_eq!(m("models/m/"), ("m".into(), Some("models/m/".into())));
        assert_eq!(m("a/.."), ("..".into(), Some("a/..".into())));
    }

    #[test]
    fn read_caps() {
        assert_eq!(read_cap("README.md"), Some(CARD_CAP));
        assert_eq!(read_cap("LICENSE"), Some(LICENSE_CAP));
        assert_eq!(read_cap("LICENSE.txt"), Some(LICENSE_CAP));
        assert_eq!(read_cap("USE_POLICY.md"), Some(LICENSE_CAP));
        assert_eq!(read_cap("NOTICE"), Some(LICENSE_CAP));
        assert_eq!(read_cap("config.json"), Some(CONFIG_CAP));
        assert_eq!(read_cap("LICENSES/model.txt"), Some(LICENSE_CAP));
        assert_eq!(read_cap("src/vendor/LICENSE"), None);
        assert_eq!(read_cap("model.safetensors"), None);
        assert_eq!(read_cap("license_plate_detector.onnx"), None);
        assert_eq!(read_cap("subdir/README.md"), None);
    }

    #[test]
    fn decoding() {
        assert_eq!(
            decode(b"\xef\xbb\xbfhi".to_vec(), 10),
            TextContent::text_of("hi")
        );
        assert_eq!(decode(b"a\0b".to_vec(), 10), TextContent::Binary);
        assert_eq!(decode(vec![0xff, 0xfe, 0x41], 10), TextContent::Binary);
        // A Latin-1 text: each byte that is not UTF-8 is one replaced sequence.
        assert_eq!(
            decode(b"# Mod\xe8le caf\xe9 du mod\xe8le\n".to_vec(), 100),
            TextContent::Text {
                text: "# Mod\u{fffd}le caf\u{fffd} du mod\u{fffd}le\n".into(),
                truncated: false,
                replaced: 3
            }
        );
        // Mostly undecodable bytes are binary, NUL or not.
        assert_eq!(
            decode(vec![0xc3, 0x28, 0xa0, 0xa1, 0x41], 10),
            TextContent::Binary
        );
        let noise: Vec<u8> = (0..400u32)
            .map(|i| (128 + (i * 7919) % 128) as u8)
            .collect();
        assert_eq!(decode(noise, 1000), TextContent::Binary);
        // A cut at the cap inside a character is not a replaced byte.
        assert_eq!(
            decode("\u{e9}t\u{e9} \u{e9}t\u{e9}".as_bytes().to_vec(), 8),
            TextContent::Text {
                text: "\u{e9}t\u{e9} \u{e9}".into(),
                truncated: true,
                replaced: 0
            }
        );
        // "é" is two bytes; a cap in its middle keeps what came before.
        assert_eq!(
            decode("abé".as_bytes().to_vec(), 3),
            TextContent::Text {
                text: "ab".into(),
                truncated: true,
                replaced: 0
            }
        );
    }
}
