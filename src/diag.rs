//! Diagnostics as data: a problem found while loading a data file (a rubric, a license profile,
//! a policy, a vocabulary) has a code, a severity, a message, labelled positions
//! (`file:line:column`) and help. Loaders collect every problem they find instead of stopping
//! at the first, and the command line prints them one under another, the way editors and CI
//! annotations read them.
//!
//! Every code is declared once in [`Code`], with the words that explain it; messages that more
//! than one loader gives are worded once in the constructors below.

use std::fmt;

use serde::Serialize;

use crate::controls::line;
use crate::yaml::YamlError;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum DiagnosticSeverity {
    Error,
    Warning,
}

/// What kind of problem a diagnostic reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Code {
    /// The file is not valid YAML, or a key or value does not fit the format.
    Syntax,
    /// The file cannot be read (missing, too large, not UTF-8).
    Unreadable,
    /// An id is malformed, reserved, or used twice.
    Id,
    /// A name that must be one of a fixed list is not.
    UnknownName,
    /// A value is out of range or contradicts another value.
    Invalid,
    /// A value is missing.
    Missing,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Syntax => "syntax",
            Code::Unreadable => "unreadable",
            Code::Id => "id",
            Code::UnknownName => "unknown-name",
            Code::Invalid => "invalid",
            Code::Missing => "missing",
        }
    }
}

/// A position in a file, with what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Label {
    pub file: String,
    pub line: Option<u64>,
    pub column: Option<u64>,
    /// What this position shows (may be empty for the primary position).
    pub message: String,
}

impl Label {
    pub fn file(file: &str) -> Label {
        Label {
            file: file.to_string(),
            line: None,
            column: None,
            message: String::new(),
        }
    }

    pub fn at(file: &str, line: Option<u64>, column: Option<u64>) -> Label {
        Label {
            line,
            column,
            ..Label::file(file)
        }
    }

    /// `file:line:column`, as much of it as is known.
    pub fn position(&self) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", self.file),
            (Some(l), None) => format!("{}:{l}", self.file),
            _ => self.file.clone(),
        }
    }
}

/// One problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: DiagnosticSeverity,
    pub message: String,
    /// The first label is where the problem is; others point at related places.
    pub labels: Vec<Label>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: DiagnosticSeverity::Error,
            message: message.into(),
            labels: Vec::new(),
            help: None,
        }
    }

    pub fn with_label(mut self, label: Label) -> Diagnostic {
        self.labels.push(label);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// A YAML error in `file`.
    pub fn yaml(file: &str, e: &YamlError) -> Diagnostic {
        Diagnostic::error(Code::Syntax, e.message.clone())
            .with_label(Label::at(file, e.line, e.column))
    }
}

impl fmt::Display for Diagnostic {
    /// `file:line:column: message`, then each related place and the help on lines of their own.
    /// Each part is one line: control and bidi characters from the file (its name, a value it
    /// holds) are shown escaped.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = line(&self.message);
        match self.labels.first() {
            Some(l) => write!(f, "{}: {message}", line(&l.position()))?,
            None => f.write_str(&message)?,
        }
        for l in self.labels.iter().skip(1) {
            write!(f, "\n  {}: {}", line(&l.position()), line(&l.message))?;
        }
        if let Some(h) = &self.help {
            write!(f, "\n  {}", line(h))?;
        }
        Ok(())
    }
}

/// Collects the problems of one file, each at its position: what every strict loader uses.
#[derive(Debug, Clone)]
pub struct Problems {
    pub file: String,
    pub list: Diagnostics,
}

impl Problems {
    pub fn new(file: &str) -> Problems {
        Problems {
            file: file.to_string(),
            list: Diagnostics::default(),
        }
    }

    /// Where `loc` is in this file (the file alone when the position is unknown).
    pub fn label(&self, loc: &serde_saphyr::Location) -> Label {
        if loc.line() > 0 {
            Label::at(&self.file, Some(loc.line()), Some(loc.column()))
        } else {
            Label::file(&self.file)
        }
    }

    /// A problem at `loc`.
    pub fn at(&mut self, loc: &serde_saphyr::Location, message: impl Into<String>) {
        self.at_code(Code::Invalid, loc, message);
    }

    /// A problem of a given kind at `loc`.
    pub fn at_code(
        &mut self,
        code: Code,
        loc: &serde_saphyr::Location,
        message: impl Into<String>,
    ) {
        let label = self.label(loc);
        self.list
            .push(Diagnostic::error(code, message.into()).with_label(label));
    }

    /// A problem of the whole file.
    pub fn file(&mut self, message: impl Into<String>) {
        let label = Label::file(&self.file);
        self.list
            .push(Diagnostic::error(Code::Invalid, message.into()).with_label(label));
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// Every problem a loader found, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Add another collection's problems.
    pub fn extend(&mut self, more: Diagnostics) {
        self.0.extend(more.0);
    }

    pub fn has_errors(&self) -> bool {
        self.0
            .iter()
            .any(|d| d.severity == DiagnosticSeverity::Error)
    }

    /// Sort by position (file, line, column), keeping the order of equal positions.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            let key = |d: &Diagnostic| d.labels.first().map(|l| (l.file.clone(), l.line, l.column));
            key(a).cmp(&key(b))
        });
    }

    /// `Ok(())` when nothing is wrong, else these diagnostics as an error.
    pub fn into_result(mut self) -> Result<(), crate::Error> {
        if self.has_errors() {
            self.sort();
            Err(crate::Error::Config(self))
        } else {
            Ok(())
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostics_print_as_editors_read_them() {
        let d = Diagnostic::error(Code::Id, "criterion id `a` is used twice")
            .with_label(Label::at("r.yaml", Some(12), Some(7)))
            .with_label(Label {
                message: "first used here".into(),
                ..Label::at("r.yaml", Some(4), Some(7))
            })
            .with_help("give each criterion its own id");
        assert_eq!(
            d.to_string(),
            "r.yaml:12:7: criterion id `a` is used twice\n  r.yaml:4:7: first used here\n  give each criterion its own id"
        );
        let mut all = Diagnostics::default();
        all.push(Diagnostic::error(Code::Missing, "b").with_label(Label::at(
            "r.yaml",
            Some(9),
            None,
        )));
        all.push(d);
        all.sort();
        assert!(all.to_string().starts_with("r.yaml:9: b\nr.yaml:12:7"));
        assert!(matches!(all.into_result(), Err(crate::Error::Config(_))));
        assert!(Diagnostics::default().into_result().is_ok());
    }

    #[test]
    fn a_diagnostic_stays_on_its_lines_whatever_the_file_holds() {
        let d = Diagnostic::error(Code::UnknownName, "unknown key `a\u{1b}[2Jb`")
            .with_label(Label::at("dir\nname/\u{202e}r.yaml", Some(3), Some(1)))
            .with_help("rename\rit");
        assert_eq!(
            d.to_string(),
            "dir\\nname/\\u{202e}r.yaml:3:1: unknown key `a\\u{1b}[2Jb`\n  rename\\rit"
        );
    }
}
