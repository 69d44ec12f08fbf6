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

    /// Whether the problem is a key given twice in one mapping (which a reader may work around
    /// by keeping the last value).
    pub fn is_duplicate_key(&self) -> bool {
        self.message.ends_with(GIVEN_TWICE)
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
    YamlError {
        message: plain(&err.to_string()),
        line: location.map(|l| l.line()),
        column: location.map(|l| l.column()),
    }
}

/// How a duplicate key's message ends.
const GIVEN_TWICE: &str = " is given twice in one mapping";

/// The parser's message in the user's words: positions are carried separately (the crate writes
/// " at line L, column C" and "(defined at ...)" into its text), and the messages that name the
/// crate's internals (budget breaches as Rust debug output, its option names) are rewritten.
fn plain(message: &str) -> String {
    let message = without_positions(message);
    if let Some(rest) = message.strip_prefix("budget breached: ") {
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        return match name.as_str() {
            "Depth" => "the YAML nests lists and mappings more than 64 levels deep".into(),
            "Nodes" => {
                "the YAML holds more than 250,000 values (an alias counts each time it is used)"
                    .into()
            }
            "Aliases" => "the YAML uses aliases (`*name`) more than 100 times".into(),
            "Anchors" => "the YAML defines more than 100 anchors (`&name`)".into(),
            "Documents" => "the text holds more than one YAML document (`---` separators)".into(),
            "ScalarBytes" => {
                format!("the YAML's values add up to more than the {MAX_YAML_BYTES} byte limit")
            }
            other => format!(
                "the YAML is over a reading limit ({}); make it smaller or simpler",
                words(other)
            ),
        };
    }
    if let Some(rest) = message.strip_prefix("duplicate mapping key") {
        let key = rest
            .strip_prefix(": ")
            .and_then(|r| r.rsplit_once(", set DuplicateKeyPolicy"))
            .map(|(k, _)| k);
        return match key {
            Some(k) => format!("the key `{k}`{GIVEN_TWICE}"),
            None => format!("a key{GIVEN_TWICE}"),
        };
    }
    if let Some(v) = message
        .strip_prefix("non-finite float `")
        .and_then(|r| r.strip_suffix("` rejected by the configured policy"))
    {
        return format!("the number `{v}` is out of range");
    }
    message
}

/// `message` without the positions the crate writes into it.
fn without_positions(message: &str) -> String {
    let mut out = message.to_string();
    for opener in [" (defined at line ", " (used at line "] {
        while let Some(start) = out.find(opener) {
            let end = out[start..].find(')').map_or(out.len(), |e| start + e + 1);
            out.replace_range(start..end, "");
        }
    }
    while let Some(start) = out.find(" at line ") {
        let tail = &out[start + " at line ".len()..];
        let digits = |s: &str| s.chars().take_while(char::is_ascii_digit).count();
        let line = digits(tail);
        let rest = &tail[line..];
        let col = rest
            .strip_prefix(", column ")
            .map(|r| ", column ".len() + digits(r))
            .unwrap_or(0);
        if line == 0 {
            break;
        }
        let end = start + " at line ".len() + line + col;
        out.replace_range(start..end, "");
    }
    out
}

/// `AliasAnchorRatio` as "alias anchor ratio".
fn words(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_uppercase() && !out.is_empty() {
            out.push(' ');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
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
        assert!(err.message.contains("250,000 values"), "{err}");
        assert!(err.line.is_some());
    }

    /// The parser's internals (Rust debug output, its option names, positions written into the
    /// text) never reach a message; each limit is said in words.
    #[test]
    fn messages_name_no_parser_internals() {
        let deep = format!("x: {}1{}\n", "[".repeat(70), "]".repeat(70));
        let anchors: String = (0..150).map(|i| format!("k{i}: &a{i} v\n")).collect();
        let aliases = format!("a: &a x\nb: [{}]\n", vec!["*a"; 150].join(", "));
        let cases: [(&str, &str); 6] = [
            (&deep, "more than 64 levels deep"),
            (&anchors, "more than 100 anchors"),
            (&aliases, "aliases (`*name`) more than 100 times"),
            ("a: 1\n---\na: 2\n", "more than one YAML document"),
            ("x: 1\nx: 2\n", "the key `x` is given twice in one mapping"),
            ("x: 1e999999\n", "the number `1e999999` is out of range"),
        ];
        for (text, says) in cases {
            let err = parse::<Value>(text, Duplicates::Reject).unwrap_err();
            let m = &err.message;
            assert!(m.contains(says), "{m}");
            for internal in [
                "budget",
                "{",
                "Options",
                "Policy",
                " at line ",
                "defined at",
            ] {
                assert!(!m.contains(internal), "`{internal}` in: {m}");
            }
        }
        assert_eq!(words("AliasAnchorRatio"), "alias anchor ratio");
        assert_eq!(
            without_positions(
                "bad thing at line 3, column 7 (defined at line 1, column 2) (used at line 4, column 1)"
            ),
            "bad thing"
        );
        assert_eq!(without_positions("at line 3 is fine"), "at line 3 is fine");
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
