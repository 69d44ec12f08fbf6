//! Base-model families: which family (Llama 3.1, Gemma 2, Qwen2.5 3B, FLUX.1 [dev], ...) a
//! repository id, a derivative's name, a Hub tag or a model card's text names, and the license
//! the family's weights carry as the catalog knows it (`LicenseRef-llama3.1`, `Apache-2.0`), or
//! none when the name does not decide it (Mistral models were released under Apache-2.0 and
//! under research licenses; a bare `mistral` or `qwen` says neither).
//!
//! Care against false positives: words that name tools are blanked first (`llama.cpp`,
//! `Ollama`, `llamafile`), names are matched on whole words of the normalised name (`Phi` in
//! `Delphi`, `Yi` in `Yield`, `llama` in `TinyLlama` are not words), the short families need a
//! version (`phi-3`, `yi-34b`), and card text is only read where it introduces a base model
//! (`fine-tuned from ...`, `Base model: ...`, a table row `| LLM | Gemma2-9B-It |`, `基于...`)
//! or names a publisher's repository (`meta-llama/Llama-2-7b-hf`).
//!
//! The families are data, in `licenses/terms/families.yaml`: to add one, add an entry (before
//! its group's catch-all) with its `names` regexes, the publishers' `orgs`, the catalog `license`
//! id, and `tests` with names it must and must not yield; `cargo test --lib families` runs them.

use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::clauses::Examples;
use super::names::normalize_name;
use crate::diag::Problems;
use crate::embedded;
use crate::error::Error;
use crate::yaml;

/// Where the built-in families live.
pub const FAMILIES_FILE: &str = "licenses/terms/families.yaml";

/// What named the family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum MatchedBy {
    /// A repository of the family's publisher (`meta-llama/Llama-3.1-8B`).
    Repo,
    /// A model name, or another organisation's repository (`NousResearch/Meta-Llama-3-8B`).
    Name,
    /// A Hub tag (`llama-2`, `base_model:google/gemma-2-9b`).
    Tag,
    /// A card's text, where it introduces a base model (`fine-tuned from X`, `LLM: X`).
    Text,
    /// A card's text that names a publisher's repository anywhere (a link, a comparison): not
    /// necessarily a base.
    Mention,
}

/// One family found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FamilyMatch {
    /// The family's id (`llama-3.1`).
    pub family: String,
    /// Its display name (`Llama 3.1`).
    pub name: String,
    /// The catalog's license id, when the family has one license.
    pub license_id: Option<String>,
    pub matched_by: MatchedBy,
    /// The (normalised) words that named it.
    pub words: String,
    /// For text: the 1-based line.
    pub line: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    ignore: Vec<Spanned<String>>,
    contexts: Vec<Spanned<String>>,
    not_models: Vec<Spanned<String>>,
    skip_lines: Vec<Spanned<String>>,
    orgs_anywhere: Spanned<String>,
    families: Vec<RawFamily>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFamily {
    family: Spanned<String>,
    group: String,
    name: String,
    #[serde(default)]
    license: Option<String>,
    #[serde(default)]
    orgs: Vec<String>,
    #[serde(default)]
    repos: Vec<Spanned<String>>,
    names: Vec<Spanned<String>>,
    tests: Spanned<Examples>,
}

#[derive(Debug)]
struct Family {
    family: String,
    group: String,
    name: String,
    license: Option<String>,
    orgs: Vec<String>,
    repos: Vec<Regex>,
    names: Vec<Regex>,
    tests: Examples,
}

/// The compiled families.
#[derive(Debug)]
pub struct FamilyIndex {
    ignore: Vec<Regex>,
    contexts: Vec<Regex>,
    not_models: Vec<Regex>,
    skip_lines: Vec<Regex>,
    orgs_anywhere: Regex,
    families: Vec<Family>,
}

/// The families a repository id names (built-in data).
pub fn match_repo(repo_id: &str) -> Vec<FamilyMatch> {
    FamilyIndex::builtin().match_repo(repo_id)
}

/// The families a model name names (built-in data).
pub fn match_name(name: &str) -> Vec<FamilyMatch> {
    FamilyIndex::builtin().match_name(name)
}

/// The families a Hub tag names (built-in data).
pub fn match_tag(tag: &str) -> Vec<FamilyMatch> {
    FamilyIndex::builtin().match_tag(tag)
}

/// The base-model families a card's text names (built-in data).
pub fn scan_text(text: &str) -> Vec<FamilyMatch> {
    FamilyIndex::builtin().scan_text(text)
}

/// Texts longer than this are read up to this many lines.
const MAX_LINES: usize = 20_000;

impl FamilyIndex {
    pub fn builtin() -> &'static FamilyIndex {
        static INDEX: OnceLock<FamilyIndex> = OnceLock::new();
        INDEX.get_or_init(|| {
            let text = embedded::LICENSE_TERMS
                .iter()
                .find(|(name, _)| *name == "families.yaml")
                .map(|(_, t)| *t)
                .unwrap_or_default();
            FamilyIndex::from_yaml(FAMILIES_FILE, text)
                .unwrap_or_else(|e| panic!("the built-in model families are invalid: {e}"))
        })
    }

    /// Build an index from a families file (`file` names it in error messages).
    pub fn from_yaml(file: &str, text: &str) -> Result<FamilyIndex, Error> {
        let raw: RawFile = yaml::parse(text, yaml::Duplicates::Reject)
            .map_err(|e| Error::Config(crate::diag::Diagnostic::yaml(file, &e).into()))?;
        let mut p = Problems::new(file);
        let ignore = raw.ignore.iter().filter_map(|r| p.regex(r)).collect();
        let contexts: Vec<Regex> = raw.contexts.iter().filter_map(|r| p.regex(r)).collect();
        for (src, r) in raw.contexts.iter().zip(&contexts) {
            if !r.capture_names().any(|n| n == Some("model")) {
                p.at(&src.referenced, "a context needs a group `(?P<model>...)`");
            }
        }
        let not_models = raw.not_models.iter().filter_map(|r| p.regex(r)).collect();
        let skip_lines = raw.skip_lines.iter().filter_map(|r| p.regex(r)).collect();
        let orgs_anywhere = p.regex(&raw.orgs_anywhere);
        let mut families: Vec<Family> = Vec::new();
        for f in raw.families {
            let at = f.family.referenced;
            if families.iter().any(|x| x.family == f.family.value) {
                p.at(&at, format!("family `{}` is listed twice", f.family.value));
            }
            if f.names.is_empty() && f.repos.is_empty() {
                p.at(
                    &at,
                    format!("family `{}` needs `names` or `repos`", f.family.value),
                );
            }
            if f.tests.value.positive.is_empty() || f.tests.value.negative.is_empty() {
                p.at(
                    &f.tests.referenced,
                    format!(
                        "family `{}` needs a positive and a negative example",
                        f.family.value
                    ),
                );
            }
            families.push(Family {
                family: f.family.value,
                group: f.group,
                name: f.name,
                license: f.license,
                orgs: f.orgs.iter().map(|o| o.to_lowercase()).collect(),
                repos: f.repos.iter().filter_map(|r| p.regex(r)).collect(),
                names: f.names.iter().filter_map(|r| p.regex(r)).collect(),
                tests: f.tests.value,
            });
        }
        match orgs_anywhere {
            Some(orgs_anywhere) if p.list.is_empty() => Ok(FamilyIndex {
                ignore,
                contexts,
                not_models,
                skip_lines,
                orgs_anywhere,
                families,
            }),
            _ => Err(Error::Config(p.list)),
        }
    }

    /// The families a repository id (`org/name`) names: a publisher's own repository is
    /// matched `repo`, anyone else's by its name.
    pub fn match_repo(&self, repo_id: &str) -> Vec<FamilyMatch> {
        self.repo_like(repo_id, None)
    }

    /// The families a model name names (`Medical-Llama3-8B`, `gemma-2-9b-it-SimPO`).
    pub fn match_name(&self, name: &str) -> Vec<FamilyMatch> {
        self.by_name(name, MatchedBy::Name, None, &[])
    }

    /// The families a Hub tag names: `base_model:...` tags name a repository, `license:...`
    /// tags name no family, others are read as names (`llama-2`, `gemma2`).
    pub fn match_tag(&self, tag: &str) -> Vec<FamilyMatch> {
        let t = tag.trim().to_lowercase();
        if t.starts_with("license:") {
            return Vec::new();
        }
        if let Some(rest) = t.strip_prefix("base_model:") {
            let repo = rest.rsplit(':').next().unwrap_or(rest);
            return self.repo_like(repo, Some(MatchedBy::Tag));
        }
        self.by_name(&t, MatchedBy::Tag, None, &[])
    }

    /// The base-model families a card's text names, one per family (its first mention), in
    /// the order of their lines.
    pub fn scan_text(&self, text: &str) -> Vec<FamilyMatch> {
        let mut out: Vec<FamilyMatch> = Vec::new();
        for (i, raw) in text.lines().take(MAX_LINES).enumerate() {
            let line = clean_line(raw);
            if line.is_empty() || self.skip_lines.iter().any(|r| r.is_match(&line)) {
                continue;
            }
            let mut spans: Vec<&str> = Vec::new();
            for c in &self.contexts {
                for caps in c.captures_iter(&line) {
                    if let Some(m) = caps.name("model")
                        && !self.not_models.iter().any(|r| r.is_match(m.as_str()))
                    {
                        spans.push(m.as_str());
                    }
                }
            }
            let mut found: Vec<FamilyMatch> = Vec::new();
            for span in spans {
                let span = span.trim_end_matches(['.', ',', ':', ';']);
                found.extend(if looks_like_repo(span) {
                    self.repo_like(span, Some(MatchedBy::Text))
                } else {
                    self.by_name(span, MatchedBy::Text, None, &[])
                });
            }
            for caps in self.orgs_anywhere.captures_iter(&line) {
                if let Some(m) = caps.name("model") {
                    found.extend(self.repo_like(m.as_str(), Some(MatchedBy::Mention)));
                }
            }
            for mut m in found {
                if !out.iter().any(|x| x.family == m.family) {
                    m.line = Some(i + 1);
                    out.push(m);
                }
            }
        }
        out
    }

    /// Run every family's examples; returns what failed (empty when all pass).
    pub fn check_examples(&self) -> Vec<String> {
        let mut failures = Vec::new();
        let read = |s: &str| {
            if looks_like_repo(s) {
                self.match_repo(s)
            } else {
                self.match_name(s)
            }
        };
        for f in &self.families {
            for s in &f.tests.positive {
                if !read(s).iter().any(|m| m.family == f.family) {
                    failures.push(format!("{}: does not read `{s}`", f.family));
                }
            }
            for s in &f.tests.negative {
                if read(s).iter().any(|m| m.family == f.family) {
                    failures.push(format!("{}: reads `{s}`", f.family));
                }
            }
        }
        failures
    }

    fn repo_like(&self, repo_id: &str, by: Option<MatchedBy>) -> Vec<FamilyMatch> {
        let id = repo_id.trim().to_lowercase();
        let (org, name) = match id.split_once('/') {
            Some((o, n)) => (Some(o), n),
            None => (None, id.as_str()),
        };
        // Releases only a whole repository id tells apart.
        let mut done: Vec<&str> = Vec::new();
        let mut out = Vec::new();
        for f in &self.families {
            if done.contains(&f.group.as_str()) {
                continue;
            }
            if f.repos.iter().any(|r| r.is_match(&id)) {
                done.push(&f.group);
                out.push(self.found(f, by.unwrap_or(MatchedBy::Repo), &id));
            }
        }
        let own = |f: &Family| org.is_some_and(|o| f.orgs.iter().any(|x| x == o));
        for m in self.by_name(name, MatchedBy::Name, Some(&own), &done) {
            out.push(m);
        }
        if let Some(by) = by {
            for m in &mut out {
                m.matched_by = by;
            }
        }
        out
    }

    /// The first family of each group that the name names.
    fn by_name(
        &self,
        name: &str,
        by: MatchedBy,
        own: Option<&dyn Fn(&Family) -> bool>,
        skip_groups: &[&str],
    ) -> Vec<FamilyMatch> {
        let mut n = normalize_name(name);
        for r in &self.ignore {
            n = r.replace_all(&n, " _ ").into_owned();
        }
        let mut done: Vec<&str> = skip_groups.to_vec();
        let mut out = Vec::new();
        for f in &self.families {
            if done.contains(&f.group.as_str()) {
                continue;
            }
            if let Some(m) = f.names.iter().find_map(|r| r.find(&n)) {
                done.push(&f.group);
                let by = if own.is_some_and(|o| o(f)) {
                    MatchedBy::Repo
                } else {
                    by
                };
                out.push(self.found(f, by, m.as_str()));
            }
        }
        out
    }

    fn found(&self, f: &Family, by: MatchedBy, words: &str) -> FamilyMatch {
        FamilyMatch {
            family: f.family.clone(),
            name: f.name.clone(),
            license_id: f.license.clone(),
            matched_by: by,
            words: words.to_string(),
            line: None,
        }
    }
}

fn looks_like_repo(s: &str) -> bool {
    s.matches('/').count() == 1 && !s.contains(char::is_whitespace) && !s.contains("://")
}

/// A line in lower case without Markdown emphasis, quotes, link targets and GitHub addresses
/// (which name code, not models).
fn clean_line(raw: &str) -> String {
    let mut line = raw.to_lowercase();
    for prefix in ["https://github.com/", "http://github.com/", "github.com/"] {
        line = cut_spans(&line, prefix, |s| {
            s.find(|c: char| c.is_whitespace() || matches!(c, ')' | ']'))
                .unwrap_or(s.len())
        });
    }
    line = cut_spans(&line, "](", |s| s.find(')').map_or(s.len(), |e| e + 1));
    line.chars()
        .map(|c| match c {
            '[' | ']' | '*' | '`' | '"' | '\'' | '“' | '”' | '（' | '）' => ' ',
            c => c,
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// `line` with each span that starts with `pat` replaced by a space, left to right; `end` gives a
/// span's length from the text at its start. One pass: a space never joins what is left into a
/// new `pat`, which holds none.
fn cut_spans(line: &str, pat: &str, end: impl Fn(&str) -> usize) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find(pat) {
        out.push_str(&rest[..start]);
        out.push(' ');
        let len = end(&rest[start..]).max(pat.len());
        rest = &rest[start + len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests;
