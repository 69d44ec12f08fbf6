//! The library's error type. Every message names what is wrong and, where it can, what to do.
//! Problems *of the model* (a broken card, a missing license) are not errors: they are findings.
//! A message is one line: what it quotes from outside (a path, a target, a server's answer) has
//! its control and bidi characters shown escaped ([`crate::controls::line`]), so an error printed
//! on a terminal cannot drive it.

use std::path::PathBuf;

use crate::controls::{line, text};

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A command-line value, or a combination of them, that cannot work (a bad `--shard`,
    /// `--today`, a rubric given twice, an unreadable target list).
    #[error("{}", line(.0))]
    Usage(String),

    /// The target string cannot be understood or does not exist.
    #[error("{}", line(.0))]
    Target(String),

    /// A source could not read the target at all.
    #[error("cannot read {}: {}", line(target), line(message))]
    Source { target: String, message: String },

    /// Data files (a rubric, a policy, a license profile, a vocabulary) with problems: every one
    /// found, each with its position.
    #[error("{0}")]
    Config(crate::diag::Diagnostics),

    /// A rubric id that is neither built in nor a file.
    #[error(
        "unknown rubric `{}`; valid rubrics: {} (or the path of a rubric YAML file)",
        line(id),
        line(valid)
    )]
    UnknownRubric { id: String, valid: String },

    /// A criterion id that no rubric defines.
    #[error("unknown criterion `{}`; {}", line(id), line(hint))]
    UnknownCriterion { id: String, hint: String },

    /// A template failed to render (a bug in a template, reported with its name).
    #[error("cannot render the {} report: {}", line(format), text(message))]
    Render { format: String, message: String },

    /// Writing the report failed.
    #[error("cannot write {}: {}", line(&path.display().to_string()), line(&source.to_string()))]
    Output {
        path: PathBuf,
        source: std::io::Error,
    },
}
