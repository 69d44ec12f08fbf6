//! The YAML front matter of a card: parsed as YAML 1.2 with limits, each top-level key with its
//! line in the whole file; a broken block is an error with its line, a duplicate key a warning.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::yaml::{self, Duplicates, YamlError};

/// The front matter of a card.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    /// The parsed mapping (or `None` when absent or broken).
    pub data: Option<serde_json::Map<String, Value>>,
    /// Line (1-based, in the whole file) of each top-level key.
    pub key_lines: BTreeMap<String, u32>,
    /// Why the front matter could not be read, with the line in the whole file.
    pub error: Option<YamlError>,
    /// A duplicate key or similar issue that was worked around.
    pub warning: Option<YamlError>,
    /// Whether there was a front matter block at all.
    pub present: bool,
}

impl FrontMatter {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.data.as_ref()?.get(key)
    }

    /// A key as a list of strings (a single string counts as a list of one).
    pub fn strings(&self, key: &str) -> Vec<String> {
        match self.get(key) {
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|v| match v {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .collect(),
            Some(Value::Number(n)) => vec![n.to_string()],
            _ => Vec::new(),
        }
    }

    pub fn string(&self, key: &str) -> Option<String> {
        match self.get(key) {
            Some(Value::String(s)) => Some(s.clone()),
            _ => None,
        }
    }

    pub fn line(&self, key: &str) -> Option<u32> {
        self.key_lines.get(key).copied()
    }
}

pub(super) fn read(lines: &[String]) -> (FrontMatter, u32) {
    let mut fm = FrontMatter::default();
    if lines.first().map(|l| l.trim_end()) != Some("---") {
        return (fm, 1);
    }
    fm.present = true;
    let close = lines
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, l)| {
            let l = l.trim_end();
            l == "---" || l == "..."
        })
        .map(|(i, _)| i);
    let Some(close) = close else {
        fm.error = Some(YamlError {
            message:
                "the front matter opened by `---` on line 1 is never closed by another `---` line"
                    .into(),
            line: Some(1),
            column: Some(1),
        });
        return (fm, 1);
    };
    let yaml_text = lines[1..close].join("\n");
    for (i, l) in lines[1..close].iter().enumerate() {
        if let Some(key) = top_level_key(l) {
            fm.key_lines.insert(key, i as u32 + 2);
        }
    }
    match yaml::parse::<Value>(&yaml_text, Duplicates::Reject) {
        Ok(v) => fm.data = mapping(v, &mut fm.error),
        Err(e) => {
            let e = e.offset_lines(1);
            // A duplicate key is worth a warning, not the loss of the whole block.
            if e.is_duplicate_key()
                && let Ok(v) = yaml::parse::<Value>(&yaml_text, Duplicates::LastWins)
            {
                fm.warning = Some(e);
                fm.data = mapping(v, &mut fm.error);
                return (fm, close as u32 + 2);
            }
            fm.error = Some(e);
        }
    }
    (fm, close as u32 + 2)
}

fn mapping(v: Value, error: &mut Option<YamlError>) -> Option<serde_json::Map<String, Value>> {
    match v {
        Value::Object(m) => Some(m),
        Value::Null => Some(serde_json::Map::new()),
        _ => {
            *error = Some(YamlError {
                message: "the front matter is not a mapping of keys to values".into(),
                line: Some(2),
                column: Some(1),
            });
            None
        }
    }
}

fn top_level_key(line: &str) -> Option<String> {
    let first = line.chars().next()?;
    if first.is_whitespace() || first == '#' || first == '-' {
        return None;
    }
    let (key, _) = line.split_once(':')?;
    let key = key.trim().trim_matches(|c| c == '"' || c == '\'');
    (!key.is_empty() && !key.contains(' ')).then(|| key.to_string())
}
