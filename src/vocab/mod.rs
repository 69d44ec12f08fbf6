//! The words and tables extraction reads with, kept as data in `vocab/` (built into the binary by
//! `build.rs`): the libraries and tools that run models (`libraries.yaml`), the words of a model
//! card (`card.yaml`), what its links point at (`links.yaml`) and the names of a repository's
//! files (`files.yaml`).
//!
//! Loaded once per process and validated strictly: unknown keys are rejected, and every problem
//! of every file is reported as a [`Diagnostic`] with its `file:line:column`.

pub mod card;
pub mod files;
pub mod libraries;
pub mod links;

use std::sync::OnceLock;

use serde::de::DeserializeOwned;
use serde::de::value::{Error as ValueError, StrDeserializer};
use serde_saphyr::{Location, Spanned};

use crate::diag::{Code, Diagnostic, Diagnostics, Label};
use crate::error::Error;
use crate::{embedded, yaml};

pub use card::CardVocab;
pub use files::{FileVocab, Patterns};
pub use libraries::LibraryVocab;
pub use links::LinkVocab;

/// Everything in `vocab/`.
#[derive(Debug, Clone)]
pub struct Vocab {
    pub card: CardVocab,
    pub files: FileVocab,
    pub libraries: LibraryVocab,
    pub links: LinkVocab,
}

/// The vocabulary built into the binary, read on first use.
pub fn builtin() -> &'static Vocab {
    static VOCAB: OnceLock<Vocab> = OnceLock::new();
    VOCAB.get_or_init(|| {
        Vocab::from_sources(embedded::VOCAB)
            .unwrap_or_else(|e| panic!("the built-in vocabulary is invalid:\n{e}"))
    })
}

impl Vocab {
    /// Read the vocabulary from `(file name, YAML)` pairs, as `build.rs` embeds `vocab/`. Files
    /// this loader does not read (the README) are left alone; a missing file is a problem.
    pub fn from_sources(sources: &[(&str, &str)]) -> Result<Vocab, Error> {
        let mut diags = Diagnostics::default();
        let card = read(sources, "card.yaml", &mut diags, card::validate);
        let files = read(sources, "files.yaml", &mut diags, files::validate);
        let libraries = read(sources, "libraries.yaml", &mut diags, libraries::validate);
        let links = read(sources, "links.yaml", &mut diags, links::validate);
        diags.into_result()?;
        match (card, files, libraries, links) {
            (Some(card), Some(files), Some(libraries), Some(links)) => Ok(Vocab {
                card,
                files,
                libraries,
                links,
            }),
            _ => unreachable!("a file that could not be read is a diagnostic"),
        }
    }
}

/// Parse one file and validate it, collecting its problems.
fn read<R: DeserializeOwned, T>(
    sources: &[(&str, &str)],
    name: &str,
    diags: &mut Diagnostics,
    validate: fn(R, &mut Check) -> T,
) -> Option<T> {
    let file = format!("vocab/{name}");
    let Some((_, text)) = sources.iter().find(|(n, _)| *n == name) else {
        diags.push(
            Diagnostic::error(
                Code::Missing,
                format!("the vocabulary file {file} is missing"),
            )
            .with_label(Label::file(&file))
            .with_help("vocab/README.md describes each file"),
        );
        return None;
    };
    let raw: R = match yaml::parse(text, yaml::Duplicates::Reject) {
        Ok(raw) => raw,
        Err(e) => {
            diags.push(Diagnostic::yaml(&file, &e));
            return None;
        }
    };
    let mut check = Check { file, diags };
    Some(validate(raw, &mut check))
}

/// Where a file's problems go, with their positions.
pub(crate) struct Check<'a> {
    file: String,
    diags: &'a mut Diagnostics,
}

impl Check<'_> {
    /// A problem at `loc` (or at the file, when the position is unknown).
    pub(crate) fn at(&mut self, code: Code, loc: &Location, message: impl Into<String>) {
        self.push(Diagnostic::error(code, message).with_label(self.label(loc)));
    }

    pub(crate) fn label(&self, loc: &Location) -> Label {
        let known = |n: u64| (loc.line() > 0).then_some(n);
        Label::at(&self.file, known(loc.line()), known(loc.column()))
    }

    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// Words to find in lowercased text: each non-empty, in lowercase, listed once.
    pub(crate) fn words(&mut self, list: &[Spanned<String>]) -> Words {
        let mut out: Vec<String> = Vec::new();
        for w in list {
            let word = &w.value;
            if word.is_empty() {
                self.at(
                    Code::Invalid,
                    &w.referenced,
                    "an empty word matches everything",
                );
            } else if *word != word.to_lowercase() {
                self.push(
                    Diagnostic::error(
                        Code::Invalid,
                        format!("`{word}` is not in lowercase, so it never matches"),
                    )
                    .with_label(self.label(&w.referenced))
                    .with_help(format!("write `{}`", word.to_lowercase())),
                );
            } else if out.contains(word) {
                self.at(
                    Code::Invalid,
                    &w.referenced,
                    format!("`{word}` is listed twice"),
                );
            } else {
                out.push(word.clone());
            }
        }
        Words(out)
    }

    /// A name from a closed list (a topic, a component), spelled as in the JSON output.
    pub(crate) fn name<T: DeserializeOwned>(
        &mut self,
        what: &str,
        s: &Spanned<String>,
    ) -> Option<T> {
        match T::deserialize(StrDeserializer::<ValueError>::new(&s.value)) {
            Ok(v) => Some(v),
            Err(e) => {
                let valid = e.to_string();
                let valid = valid
                    .split_once("expected ")
                    .map_or(valid.as_str(), |(_, v)| v);
                let valid = valid.strip_prefix("one of ").unwrap_or(valid);
                self.push(
                    Diagnostic::error(Code::UnknownName, format!("unknown {what} `{}`", s.value))
                        .with_label(self.label(&s.referenced))
                        .with_help(format!("valid {what}s: {valid}")),
                );
                None
            }
        }
    }
}

/// Words found in text by lowercase containment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Words(pub Vec<String>);

impl Words {
    /// Whether `text`, lowercased, contains one of the words.
    pub fn in_text(&self, text: &str) -> bool {
        self.in_lowercase(&text.to_lowercase())
    }

    /// Whether `lower` (already in lowercase) contains one of the words.
    pub fn in_lowercase(&self, lower: &str) -> bool {
        self.0.iter().any(|w| lower.contains(w.as_str()))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }
}

#[cfg(test)]
mod tests;
