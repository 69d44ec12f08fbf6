//! `openness check --cards FILE...`: the files a commit changed (as a pre-commit hook passes
//! them) become the models to check. A Markdown file is a model card when its YAML front matter
//! has a key of the Hub's model card metadata; a `README.md` card is checked as its folder (a
//! model repository laid out like the Hub: the card beside its LICENSE and weights), another
//! card as itself. Other files are skipped.

use std::path::Path;

use openness::batch::Listed;
use openness::controls::line;

/// Top-level keys of the Hub's model card metadata (huggingface_hub's `ModelCardData`); one of
/// them in the front matter makes a Markdown file a model card.
const CARD_KEYS: &[&str] = &[
    "license",
    "license_name",
    "license_link",
    "base_model",
    "base_model_relation",
    "pipeline_tag",
    "library_name",
    "datasets",
    "model-index",
    "model_name",
    "language",
    "tags",
    "metrics",
    "co2_eq_emissions",
    "new_version",
];

/// The largest file looked at (a card is read whole to find its front matter).
const CARD_CAP: usize = 16 * 1024 * 1024;

/// Why a changed file is not checked, or the target it becomes.
#[derive(Debug, PartialEq, Eq)]
pub enum Card {
    Target(String),
    Skipped(&'static str),
}

/// What `file` becomes: a model to check, or why not.
pub fn classify(file: &str) -> Card {
    let path = Path::new(file);
    let is_md = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"));
    if !is_md {
        return Card::Skipped("not a Markdown file");
    }
    let Ok(bytes) = openness::input::read_bytes(path, CARD_CAP, "the card") else {
        return Card::Skipped("cannot be read (deleted or not a file)");
    };
    let card = openness::extract::card::parse(&String::from_utf8_lossy(&bytes));
    let fm = &card.front_matter;
    if !fm.present {
        return Card::Skipped("no front matter");
    }
    if fm.error.is_some() {
        // A broken front matter is a card's mistake to report, not a reason to look away.
        return Card::Target(target(path));
    }
    if CARD_KEYS.iter().any(|k| fm.get(k).is_some()) {
        Card::Target(target(path))
    } else {
        Card::Skipped("its front matter has no model card key")
    }
}

/// A `README.md` is checked as its folder; another card as itself.
fn target(path: &Path) -> String {
    let readme = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.eq_ignore_ascii_case("README.md"));
    if !readme {
        return path.display().to_string();
    }
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.display().to_string(),
        _ => ".".to_string(),
    }
}

/// The models among changed files, in order, each once; the skipped ones are named unless quiet.
pub fn select(files: Vec<Listed>, quiet: bool) -> Vec<Listed> {
    let mut out: Vec<Listed> = Vec::new();
    for f in files {
        match classify(&f.target) {
            Card::Target(t) => {
                if !out.iter().any(|o| o.target == t) {
                    out.push(Listed {
                        target: t,
                        origin: f.origin,
                    });
                }
            }
            Card::Skipped(why) => {
                if !quiet {
                    eprintln!("openness: {}: not a model card ({why})", line(&f.target));
                }
            }
        }
    }
    out
}
