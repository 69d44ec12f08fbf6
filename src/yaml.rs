//! YAML reading with the project's safety settings: YAML 1.2 scalars (`no` stays a string),
//! resource budgets (aliases, depth, size) and errors that carry a line and a column.

use std::fmt;

use serde::de::DeserializeOwned;

/// Inputs larger than this are refused before parsing.
pub const MAX_YAML_BYTES: usize = 4 * 1024 * 1024;

/// A YAML problem with the position it was found at (1-based line and column, when known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub line: Option<u64>,
    pub column: Option<u64>,
}

impl YamlError {
    /// `file:line:column: message`, the form editors and CI annotations understand.
    pub fn at_file(&self, file: &str) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{file}:{l}:{c}: {}", self.message),
            (Some(l), None) => format!("{file}:{l}: {}", self.message),
            _ => format!("{file}: {}", self.message),
        }
    }

    /// Shift the line number, for YAML embedded in a larger file (front matter after a `---` line).
    pub fn offset_lines(mut self, by: u64) -> Self {
        self.line = self.line.map(|l| l + by);
        self
    }
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "line {l}, column {c}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for YamlError {}

/// How strictly duplicate keys are treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Duplicates {
    Reject,
    LastWins,
}

fn options(duplicates: Duplicates) -> serde_saphyr::Options {
    serde_saphyr::options! {
        strict_booleans: true,
        with_snippet: false,
        leading_zero_numbers_as_strings: true,
        duplicate_keys: match duplicates {
            Duplicates::Reject => serde_saphyr::DuplicateKeyPolicy::Error,
            Duplicates::LastWins => serde_saphyr::DuplicateKeyPolicy::LastWins,
        },
        budget: serde_saphyr::budget! {
            max_aliases: 100,
            max_anchors: 100,
            max_depth: 64,
            max_documents: 1,
            max_nodes: 250_000,
            max_total_scalar_bytes: MAX_YAML_BYTES,
        },
    }
}

/// Parse `text` into `T` with the project's settings.
pub fn parse<T: DeserializeOwned>(text: &str, duplicates: Duplicates) -> Result<T, YamlError> {
    if text.len() > MAX_YAML_BYTES {
        return Err(YamlError {
            message: format!(
                "the YAML is {} bytes, over the {} byte limit",
                text.len(),
                MAX_YAML_BYTES
            ),
            line: None,
            column: None,
        });
    }
    serde_saphyr::from_str_with_options(text, options(duplicates)).map_err(convert)
}

fn convert(err: serde_saphyr::Error) -> YamlError {
    let location = err.location().filter(|l| l.line() > 0);
    let mut message = err.to_string();
    // The crate appends " at line L, column C"; we carry the position separately.
    if let Some(pos) = message.rfind(" at line ")
        && message[pos..]
            .chars()
            .all(|c| c.is_ascii_digit() || " atlinecolum,".contains(c))
    {
        message.truncate(pos);
    }
    YamlError {
        message,
        line: location.map(|l| l.line()),
        column: location.map(|l| l.column()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn yaml_1_2_scalars() {
        let v: Value = parse("a: no\nb: yes\nc: true\nd: 0755\n", Duplicates::Reject).unwrap();
        assert_eq!(v["a"], "no");
        assert_eq!(v["b"], "yes");
        assert_eq!(v["c"], true);
        assert_eq!(v["d"], "0755");
    }

    #[test]
    fn alias_bombs_are_refused() {
        let bomb = "a: &a [x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n";
        let err = parse::<Value>(bomb, Duplicates::Reject).unwrap_err();
        assert!(err.message.contains("budget"), "{err}");
        assert!(err.line.is_some());
    }

    #[test]
    fn errors_carry_positions() {
        let err = parse::<Value>("a: 1\na: 2\n", Duplicates::Reject).unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(!err.message.contains(" at line "), "{}", err.message);
        assert_eq!(
            err.clone().offset_lines(1).at_file("README.md"),
            format!("README.md:3:1: {}", err.message)
        );
        let v: Value = parse("a: 1\na: 2\n", Duplicates::LastWins).unwrap();
        assert_eq!(v["a"], 2);
    }
}
