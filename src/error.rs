//! The library's error type. Every message names what is wrong and, where it can, what to do.
//! Problems *of the model* (a broken card, a missing license) are not errors: they are findings.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A command-line value, or a combination of them, that cannot work (a bad `--shard`,
    /// `--today`, a rubric given twice, an unreadable target list).
    #[error("{0}")]
    Usage(String),

    /// The target string cannot be understood or does not exist.
    #[error("{0}")]
    Target(String),

    /// A source could not read the target at all.
    #[error("cannot read {target}: {message}")]
    Source { target: String, message: String },

    /// Data files (a rubric, a policy, a license profile, a vocabulary) with problems: every one
    /// found, each with its position.
    #[error("{0}")]
    Config(crate::diag::Diagnostics),

    /// A rubric id that is neither built in nor a file.
    #[error("unknown rubric `{id}`; valid rubrics: {valid} (or the path of a rubric YAML file)")]
    UnknownRubric { id: String, valid: String },

    /// A criterion id that no rubric defines.
    #[error("unknown criterion `{id}`; {hint}")]
    UnknownCriterion { id: String, hint: String },

    /// A template failed to render (a bug in a template, reported with its name).
    #[error("cannot render the {format} report: {message}")]
    Render { format: String, message: String },

    /// Writing the report failed.
    #[error("cannot write {}: {source}", path.display())]
    Output {
        path: PathBuf,
        source: std::io::Error,
    },
}
